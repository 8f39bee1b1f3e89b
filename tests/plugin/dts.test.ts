/**
 * Declarations generated from type hints: checked as text, then compiled by tsc together with
 * a TS file that uses them, which must type-check where the types agree and fail where not.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "../../src/compiler/syntax/parser.js";
import { generateDts } from "../../src/plugin/dts.js";
import { packageRoot } from "../../src/runtime/host/runtime-wasm.js";

const SOURCE = `
def fib(n: int) -> int:
    return n

def scale(xs: list[float], k: float = 2.0) -> list[float]:
    return [x * k for x in xs]

def index(words: list[str]) -> dict[str, int]:
    return {}

def pair(a, b: str | None) -> tuple[int, str]:
    return (1, "")

def uniq(xs: list[str]) -> set[str]:
    return set(xs)

def rest(*args: int, flag: bool = False):
    pass

def delete(x: "Forward") -> None:
    pass

LIMIT = 10
NAME: str = "x"
BIG = 2 ** 80

class Point:
    dims: int = 2

    def __init__(self, x: float, y: float = 0.0):
        self.x: float = x
        self.y = y
        self._cache = None

    def norm(self) -> float:
        return 0.0

    def moved(self, dx: float) -> "Point":
        return self

    @property
    def label(self) -> str:
        return ""

    @staticmethod
    def origin() -> Point:
        return Point(0.0)

    def _private(self):
        pass
`;

const names = ["fib", "scale", "index", "pair", "uniq", "rest", "delete", "LIMIT", "NAME", "BIG", "Point"];
const dts = generateDts(parse(SOURCE, "m.py"), names, "m.py");
const work = mkdtempSync(join(tmpdir(), "molt-dts-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("generateDts", () => {
  it.each([
    "export declare function fib(n: number): number;",
    "export declare function scale(xs: number[], k?: number): number[];",
    "export declare function index(words: string[]): Map<string, number>;",
    "export declare function pair(a: unknown, b: string | null): [number, string];",
    "export declare function uniq(xs: string[]): Set<string>;",
    "export declare function rest(...args: number[]): unknown;",
    "export declare const LIMIT: number;",
    "export declare const NAME: string;",
    "export declare const BIG: unknown;",
    "export default module;",
  ])("declares %s", (line) => {
    expect(dts.split("\n")).toContain(line);
  });

  it("a class gets an instance type from its methods, properties and attributes, and a constructor from __init__", () => {
    const iface = dts.slice(dts.indexOf("export interface Point {"), dts.indexOf("}\n", dts.indexOf("export interface Point {")));
    for (const member of ["x: number;", "y: unknown;", "dims: number | bigint;", "norm(): number;", "moved(dx: number): Point;", "readonly label: string;", "origin(): Point;", "repr(): string;"]) {
      expect(iface).toContain(`  ${member}`);
    }
    expect(iface).not.toContain("_cache");
    expect(iface).not.toContain("_private");
    expect(dts).toContain("export declare const Point: ((x: number, y?: number) => Point) & {");
  });

  it("a reserved word is exported under its own name through a renamed binding", () => {
    expect(dts).toContain("declare const __molt_6: (x: unknown) => null;");
    expect(dts).toContain("export { __molt_6 as delete };");
  });

  it("type-checks a TS consumer, and rejects a wrong use", () => {
    writeFileSync(join(work, "m.d.py.ts"), dts);
    writeFileSync(join(work, "tsconfig.json"), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, module: "ESNext", moduleResolution: "Bundler", target: "ES2022", allowArbitraryExtensions: true, lib: ["ES2023"], types: [] },
      include: ["*.ts"],
    }));
    writeFileSync(join(work, "use.ts"), [
      'import m, { fib, scale, index, pair, Point } from "./m.py";',
      "const a: number = fib(10);",
      "const b: number[] = scale([1, 2]);",
      "const c: number | undefined = index([\"x\"]).get(\"x\");",
      "const d: [number, string] = pair(1, null);",
      "const e: number = m.fib(3) + m.LIMIT;",
      "const p: Point = Point(1).moved(2);",
      "const f: number = p.norm() + p.x;",
      "const g: string = p.label + p.repr();",
      "export { a, b, c, d, e, f, g };",
      "",
    ].join("\n"));
    const tsc = join(packageRoot(), "node_modules", ".bin", "tsc");
    expect(() => execFileSync(tsc, ["-p", work], { encoding: "utf8" })).not.toThrow();
    writeFileSync(join(work, "bad.ts"), 'import { fib, Point } from "./m.py";\nexport const s: string = fib(1);\nexport const t: string = Point(1).norm();\n');
    let out = "";
    try {
      execFileSync(tsc, ["-p", work], { encoding: "utf8" });
    } catch (e) {
      out = String((e as { stdout: string }).stdout);
    }
    expect(out).toContain("bad.ts");
    expect(out).toContain("Type 'number' is not assignable to type 'string'");
    expect(out).toContain("bad.ts(3,");
  });
});
