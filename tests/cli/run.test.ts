/**
 * `molt run` end to end, against `python3` on the same files: a program of several modules
 * (packages, relative imports, an exception raised inside an imported module), its exit
 * status, and a compile error in an imported module, which must name that module's file.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const MOLT = join(import.meta.dirname, "..", "..", "bin", "molt.js");

function run(command: string, args: string[], cwd: string) {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, PYTHONHASHSEED: "0" } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

function writeTree(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "molt-run-"));
  writeTree(dir, {
    "app/main.py": [
      "import sys",
      "from geometry import shapes",
      "from geometry.units import to_cm",
      "print(__name__, __file__.endswith('main.py'), shapes.__name__, shapes.__package__)",
      "print(shapes.area(shapes.Square(3)), to_cm(2))",
      "print(sys.argv[1:])",
      "if len(sys.argv) > 1 and sys.argv[1] == 'fail':",
      "    shapes.area(None)",
      "sys.exit(int(sys.argv[2]) if len(sys.argv) > 2 else 0)",
      "",
    ].join("\n"),
    "app/geometry/__init__.py": "SCALE = 10\n",
    "app/geometry/shapes.py": [
      "from . import SCALE",
      "class Square:",
      "    def __init__(self, side):",
      "        self.side = side",
      "def area(shape):",
      "    return shape.side ** 2 * SCALE",
      "",
    ].join("\n"),
    "app/geometry/units.py": "def to_cm(inches):\n    return round(inches * 2.54, 2)\n",
    "broken/main.py": "import helper\nprint(helper.f())\n",
    "broken/helper.py": "def f():\n    return (1,\n",
  });
});

describe("molt run", () => {
  it.each([[[]], [["fail"]], [["ok", "3"]]])("runs a package-using program as python3 does (args %j)", (args) => {
    const want = run("python3", ["app/main.py", ...args], dir);
    // Molt does not print the `^^^^` lines CPython 3.11 puts under the failing expression.
    want.stderr = want.stderr.replace(/^ *[~^]+ *\n/gm, "");
    const got = run(process.execPath, [MOLT, "run", "app/main.py", ...args], dir);
    expect(got).toEqual(want);
  });

  it("reports a syntax error in an imported module at that module's file and line", () => {
    const got = run(process.execPath, [MOLT, "run", "broken/main.py"], dir);
    expect(got.status).toBe(1);
    expect(got.stdout).toBe("");
    expect(got.stderr).toBe(`  File "${join(dir, "broken", "helper.py")}", line 2\n    return (1,\n           ^\nSyntaxError: '(' was never closed\n`);
  });
});
