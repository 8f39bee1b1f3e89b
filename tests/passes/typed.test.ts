/**
 * The passes behind unboxed arithmetic: compare-fusion, specialize-entry and type-inference,
 * asserted on printed IR of small programs, and refcount's handling of borrowed parameters.
 */
import { describe, expect, it } from "vitest";
import { printFunction } from "../../src/compiler/ir/printer.js";
import { compareFusion } from "../../src/compiler/passes/compare-fusion.js";
import { deadCode } from "../../src/compiler/passes/dead-code.js";
import { definiteAssignment } from "../../src/compiler/passes/definite-assignment.js";
import { runPasses, type FunctionPass } from "../../src/compiler/passes/pass.js";
import { refcount } from "../../src/compiler/passes/refcount.js";
import { specializeEntry } from "../../src/compiler/passes/specialize-entry.js";
import { typeInference } from "../../src/compiler/passes/type-inference.js";
import { PIPELINE, lowerSource } from "../../src/compiler/compile.js";

function irOf(source: string, passes: readonly FunctionPass[], name: string): string {
  const ir = lowerSource(source, "t.py");
  runPasses(ir, passes, { verify: true });
  return printFunction(ir.functions.find((f) => f.name === name)!);
}

const FIB = `
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
`;

const SUM = `
def total(n):
    s = 0
    i = 0
    while i < n:
        s = s + i
        i = i + 1
    return s
`;

describe("compare-fusion", () => {
  it("turns truthy(compare) into compare_cond when the bool has no other use", () => {
    const text = irOf(FIB, [definiteAssignment, deadCode, compareFusion], "fib");
    expect(text).toMatch(/v\d+ = compare_cond\.Lt v0, v\d+\n\s+branch v\d+,/);
    expect(text).not.toContain("truthy");
    expect(text).not.toMatch(/= compare\./);
  });

  it("keeps the compare when its bool is used as a value too", () => {
    const text = irOf("def f(a, b):\n    x = a < b\n    if x:\n        return x\n    return 0\n", [definiteAssignment, deadCode, compareFusion], "f");
    expect(text).toContain("compare.Lt");
    expect(text).toContain("truthy");
    expect(text).not.toContain("compare_cond");
  });
});

describe("specialize-entry", () => {
  it("guards on small-int parameters and enters a copy of the body", () => {
    const text = irOf(FIB, [definiteAssignment, deadCode, compareFusion, specializeEntry], "fib");
    const [head] = text.split("\nblock1");
    expect(head).toMatch(/block0\(v0\):\n\s+v(\d+) = is_small_int v0\n\s+branch v\1, block\d+, block\d+$/);
    // Both bodies: two calls each, two comparisons in all.
    expect(text.match(/call_direct\.fib/g)).toHaveLength(4);
    expect(text.match(/compare_cond\.Lt/g)).toHaveLength(2);
  });

  it("leaves functions alone whose parameters feed no arithmetic", () => {
    const source = "def f(s):\n    return s.upper()\n";
    const before = irOf(source, [definiteAssignment, deadCode, compareFusion], "f");
    expect(irOf(source, [definiteAssignment, deadCode, compareFusion, specializeEntry], "f")).toBe(before);
  });

  it("finds parameters that reach arithmetic through loop variables", () => {
    const text = irOf("def f(n, xs):\n    m = n\n    while xs:\n        m = m - 1\n    return m\n", [definiteAssignment, deadCode, compareFusion, specializeEntry], "f");
    expect(text).toContain("is_small_int v0");
    expect(text).not.toContain("is_small_int v1");
  });
});

describe("type-inference", () => {
  const passes = [definiteAssignment, deadCode, compareFusion, specializeEntry, typeInference];

  it("proves a counter bounded by a small-int parameter small, and narrows by the loop test", () => {
    const text = irOf(SUM, passes, "total");
    // In the specialised copy: n is a small int, so i < n keeps i + 1 small.
    expect(text).toMatch(/block\d+\(v\d+: int\[0\.\.MAX\], v\d+: smallint, v\d+: int\[0\.\.inf\]\):/);
    expect(text).toMatch(/v\d+: int\[1\.\.MAX\] = binop\.Add v\d+, v\d+/);
    // The sum itself may outgrow a small int.
    expect(text).toMatch(/v\d+: int\[0\.\.inf\] = binop\.Add/);
    // In the generic copy nothing is known about n.
    expect(text).toMatch(/block\d+\(v\d+: int\[0\.\.inf\], v\d+, v\d+: int\[0\.\.inf\]\):/);
  });

  it("narrows on the false edge of a comparison", () => {
    const text = irOf(FIB, passes, "fib");
    // n >= 2 and n is small: n - 1 and n - 2 are small and non-negative.
    expect(text).toContain(": int[1..140737488355326] = binop.Sub v0,");
    expect(text).toContain(": int[0..140737488355325] = binop.Sub v0,");
    // The generic copy's arithmetic stays untyped, and calls give any object.
    expect(text).toMatch(/ v\d+ = binop\.Sub v0,/);
    expect(text).toMatch(/ v\d+ = call_direct\.fib/);
  });

  it("types literals, float and str arithmetic, comparisons of numbers, and leaves unknown operations alone", () => {
    const text = irOf(
      "def f(x, s):\n    a = 1.5 * 2\n    b = 'a' + 'b'\n    c = 3 < 4.0\n    d = x.y\n    e = -7 % 3\n    return (a, b, c, d, e)\n",
      passes,
      "f",
    );
    expect(text).toMatch(/: float = binop\.Mult/);
    expect(text).toMatch(/: str = binop\.Add/);
    expect(text).toMatch(/: bool = compare\.Lt/);
    expect(text).toMatch(/ v\d+ = load_attr\.y/);
    expect(text).toMatch(/: int\[0\.\.2\] = binop\.Mod/);
  });

  it("proves the items of range() with small-int bounds small ints, inside the loop only", () => {
    const source = "def f():\n    t = 0.5\n    for i in range(100):\n        t = t * i\n    for j in range(2 ** 60):\n        t = t + j\n    return t\n";
    const text = irOf(source, passes, "f");
    // `t * i` is a float times an int in [0..99].
    expect(text).toMatch(/: float = binop\.Mult v\d+, v\d+/);
    // range(2 ** 60) has items beyond the small ints: `t + j` is not typed.
    expect(text).toMatch(/ v\d+ = binop\.Add v\d+, v\d+/);
  });

  it("sends direct calls with proven small-int arguments past the callee's guards", () => {
    const text = irOf(FIB, passes, "fib");
    // The copy calls itself with n - 1 and n - 2, proven small; the generic body cannot.
    expect(text.match(/call_direct\.fib\$spec/g)).toHaveLength(2);
    expect(text.match(/call_direct\.fib /g)).toHaveLength(2);
  });

  it("annotates reference counting, which codegen then leaves out for small ints", () => {
    const text = irOf(SUM, [...passes.slice(0, 4), refcount, typeInference], "total");
    expect(text).toContain("drop");
  });
});

describe("refcount on borrowed parameters", () => {
  it("does not take a reference for a parameter read after a branch", () => {
    const text = irOf("def f(s, c):\n    if c:\n        return 1\n    return len(s)\n", [definiteAssignment, deadCode, refcount], "f");
    expect(text).not.toContain("dup v0");
  });

  it("the whole pipeline verifies", () => {
    expect(irOf(FIB, PIPELINE, "fib")).toContain("is_small_int");
  });
});
