/**
 * Code generated from type facts (passes/type-inference.ts, specialize-entry.ts) and the
 * call shortcuts (`str(x)`, `xs.append(x)`, cached builtins), run on the real runtime and
 * compared with CPython 3.11 on the same program, at -O0 and -O3: small-int edges (overflow
 * into big ints, floor division and modulo signs, MIN // -1), arguments that are not small
 * ints entering specialised functions, the recursion limit and tracebacks inside them.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../src/compiler/compile.js";
import { MoltProgram } from "../../src/runtime/host/instance.js";
import { readRuntimeWasm } from "../../src/runtime/host/runtime-wasm.js";

const dir = mkdtempSync(join(tmpdir(), "molt-typed-"));

async function differential(name: string, source: string, level: number): Promise<void> {
  const file = join(dir, `${name}.py`);
  writeFileSync(file, source);
  const py = spawnSync("python3", [file], { encoding: "utf8" });
  const { wasm } = await compileSource(source, file, readRuntimeWasm(), { verify: true, optimizeLevel: level });
  let stdout = "";
  let stderr = "";
  const program = await MoltProgram.load(wasm, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  const status = program.run([file]);
  // Molt does not print CPython's caret lines under traceback source lines.
  const noCarets = py.stderr.split("\n").filter((l) => !/^\s*[~^]+\s*$/.test(l)).join("\n");
  expect({ stdout, stderr, status }).toEqual({ stdout: py.stdout, stderr: noCarets, status: py.status });
}

const PROGRAMS: Record<string, string> = {
  arithmetic: `
def ar(a, b):
    return a + b, a - b, a * b, a // b, a % b, -a, a < b, a <= b, a > b, a >= b, a == b, a != b
for x in [0, 1, -1, 7, -7, 2**47 - 1, -2**47, 2**31, -2**31, 2**23, 2**60, -2**60, 2.5, True]:
    for y in [1, -1, 7, -7, 2**47 - 1, -2**47, 2**31, -2**31, 2**24, 2**60, 0.5, False]:
        try:
            print(x, y, ar(x, y))
        except ZeroDivisionError as e:
            print(x, y, "ZeroDivisionError", e)
`,
  loops: `
def total(n):
    s = 0
    i = 0
    while i < n:
        s = s + i
        i = i + 1
    return s
def up(a, b):
    n = 0
    while a < b:
        a = a + 1
        n = n + a * a * a
    return a, n
big = 2**47 - 3
print(total(1000), total(10.5), total(-5), total(True), total(2**50 - 2**50 + 7))
print(up(big, big + 10), up(-big, -big + 3), up(2**60, 2**60 + 2), up(0.5, 3))
`,
  recursion: `
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
print(fib(20), fib(2.5), fib(True), [fib(k) for k in range(10)])
def down(n):
    if n == 0:
        return 0
    return down(n - 1) + 1
print(down(900))
try:
    down(5000)
except RecursionError as e:
    print("RecursionError", e)
def fails(n):
    if n > 3:
        return n // 0
    return fails(n + 1) * 2
fails(0)
`,
  calls: `
xs = []
for i in range(10):
    xs.append(str(i * 3))
print(xs, str(), str(1.5), str([1, "a"]), str(None), len(xs))
d = {}
try:
    d.append(1)
except AttributeError as e:
    print("AttributeError", e)
def rebind():
    global xs
    xs = []
    return "x"
xs.append(rebind())
print(xs)
m = xs.append
m(1)
print(xs)
try:
    xs.append()
except TypeError as e:
    print("TypeError", e)
try:
    xs.append(1 // 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError", e, xs)
class S:
    def __str__(self):
        return "S!"
print(str(S()))
`,
};

describe("typed codegen behaves as CPython", () => {
  for (const [name, source] of Object.entries(PROGRAMS)) {
    it(`${name} (-O0)`, () => differential(name, source, 0), 60_000);
    // -O3 over the linked runtime takes seconds: the programs where binaryen folds the most.
    if (name === "arithmetic" || name === "recursion") it(`${name} (-O3)`, () => differential(`${name}_o3`, source, 3), 120_000);
  }
});
