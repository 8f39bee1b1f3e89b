/**
 * Lowering on small programs: every construct must produce IR the verifier accepts before and
 * after each pass (SSA form, block parameters, unwind-edge rules), and the IR text shows the
 * shape the constructs lower to.
 */
import { describe, expect, it } from "vitest";
import { PIPELINE, lowerSource } from "../../src/compiler/compile.js";
import { printFunction } from "../../src/compiler/ir/printer.js";
import { runPasses } from "../../src/compiler/passes/pass.js";

function lower(source: string) {
  const ir = lowerSource(source, "t.py");
  runPasses(ir, PIPELINE, { verify: true });
  return ir;
}

const PROGRAMS: Record<string, string> = {
  "try/except/else": `
def f(xs):
    try:
        y = xs[0]
    except (IndexError, KeyError) as e:
        y = -1
    except Exception:
        raise
    else:
        y = y + 1
    return y
`,
  "try/finally with return and loops": `
def g(n):
    total = 0
    for i in range(n):
        try:
            if i == 3:
                continue
            if i == 7:
                break
            total = total + i
        finally:
            total = total * 2
    try:
        return total
    finally:
        total = 0
`,
  "nested try, raise from, assert": `
def h(a):
    try:
        try:
            assert a > 0, "positive"
        except AssertionError as err:
            raise ValueError("bad") from err
    except ValueError:
        return 1
    return 0
`,
  "comprehensions and unpacking": `
def k(pairs):
    a, *rest, b = [x * y for x, y in pairs if x if y]
    d = {x: y for x, y in pairs}
    s = {x for x, _ in pairs}
    return a, rest, b, d, s, f"{a!r:>{b}}"
`,
  "closures, defaults, lambdas, decorators": `
def decorate(fn):
    return fn

def outer(n, *args, scale=2, **kw):
    count = 0
    def inc(step=1):
        nonlocal count
        count += step
        return count
    f = lambda x, y=n: x * y + count
    @decorate
    def g():
        return inc() + scale
    return inc(), f(3), g(), [h(1) for h in (inc, f)]
`,
  "module level try and del": `
data = {1: 2}
try:
    del data[3]
except KeyError as missing:
    print(missing)
`,
};

describe("lowering", () => {
  for (const [name, source] of Object.entries(PROGRAMS)) {
    it(`${name}: verifies through every pass`, () => {
      expect(() => lower(source)).not.toThrow();
    });
  }

  it("keeps captured variables in cells and hands closures to nested functions", () => {
    const ir = lower(PROGRAMS["closures, defaults, lambdas, decorators"]!);
    const names = ir.functions.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(["decorate", "outer", "outer.<locals>.inc", "outer.<locals>.<lambda>", "outer.<locals>.g"]));
    const outer = printFunction(ir.functions.find((f) => f.name === "outer")!);
    expect(outer).toContain("cell_new");
    expect(outer).toMatch(/make_function\.outer\.<locals>\.inc/);
    const inc = ir.functions.find((f) => f.name === "outer.<locals>.inc")!;
    expect(inc.hasClosure).toBe(true);
    expect(inc.code?.qualname).toBe("outer.<locals>.inc");
    expect(printFunction(inc)).toContain("cell_set");
  });

  it("gives a comprehension variable a lambda captures one cell for the whole comprehension", () => {
    const ir = lower("fs = [lambda: i for i in range(3)]\n");
    // The comprehension is a function of its own (`<listcomp>`, as CPython 3.11 compiles it).
    const text = printFunction(ir.functions.find((f) => f.name.endsWith("<listcomp>"))!);
    expect(text.match(/cell_new/g)).toHaveLength(1);
    expect(text).toContain("cell_set");
    expect(text).toMatch(/make_function\.<listcomp>\.<locals>\.<lambda>/);
  });

  it("routes failures in a try body to the handler, which fetches and matches the exception", () => {
    const ir = lower(PROGRAMS["try/except/else"]!);
    const text = printFunction(ir.functions.find((f) => f.name === "f")!);
    expect(text).toMatch(/unwind block\d+/);
    expect(text).toContain("exc_fetch");
    expect(text).toContain("exc_matches");
    expect(text).toContain("handler_enter");
    // A bare `raise` re-raises without a second traceback entry for this frame.
    expect(text).toContain("unwind reraise");
  });

  it("runs finally bodies on the way out of return, break and continue", () => {
    const ir = lower(PROGRAMS["try/finally with return and loops"]!);
    const text = printFunction(ir.functions.find((f) => f.name === "g")!);
    // The finally body `total * 2` appears once per exit: normal, exception, break, continue.
    expect(text.match(/binop\.Mult/g)!.length).toBeGreaterThanOrEqual(4);
  });
});
