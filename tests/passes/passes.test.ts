import { describe, expect, it } from "vitest";
import { FunctionBuilder } from "../../src/compiler/ir/builder.js";
import { IrModule } from "../../src/compiler/ir/function.js";
import { printFunction } from "../../src/compiler/ir/printer.js";
import { deadCode } from "../../src/compiler/passes/dead-code.js";
import { definiteAssignment } from "../../src/compiler/passes/definite-assignment.js";
import { runPasses } from "../../src/compiler/passes/pass.js";
import { refcount } from "../../src/compiler/passes/refcount.js";

/** def f(c): if c: x = 1  [else: x = 2 when `bothArms`]; return x */
function conditionalAssignment(bothArms: boolean): IrModule {
  const b = new FunctionBuilder("f", ["c"]);
  b.define("x", b.emit("unbound"));
  const then = b.newBlock();
  const otherwise = b.newBlock();
  const join = b.newBlock();
  b.branch(b.emit("truthy", [b.use("c")!]), then, otherwise);
  b.seal(then);
  b.seal(otherwise);
  b.switchTo(then);
  b.define("x", b.emit("const", [], 1n));
  b.jump(join);
  b.switchTo(otherwise);
  if (bothArms) b.define("x", b.emit("const", [], 2n));
  b.jump(join);
  b.seal(join);
  b.switchTo(join);
  b.ret(b.emit("check_bound", [b.use("x")!], "x"));
  const m = new IrModule("m", "m.py");
  m.functions.push(b.f);
  return m;
}

describe("definite-assignment", () => {
  it("drops the check when every path assigns the local, and dead-code drops `unbound`", () => {
    const m = conditionalAssignment(true);
    runPasses(m, [definiteAssignment, deadCode], { verify: true });
    const text = printFunction(m.functions[0]!);
    expect(text).not.toContain("check_bound");
    expect(text).not.toContain("unbound");
    expect(text).toContain("return v");
  });

  it("keeps the check when some path leaves the local unbound", () => {
    const m = conditionalAssignment(false);
    runPasses(m, [definiteAssignment, deadCode], { verify: true });
    const text = printFunction(m.functions[0]!);
    expect(text).toContain("check_bound.x");
    expect(text).toContain("= unbound");
  });
});

describe("dead-code", () => {
  it("removes unused pure instructions transitively, keeps effects, and drops unreachable blocks", () => {
    const b = new FunctionBuilder("g", ["f"]);
    const one = b.emit("const", [], 1n);
    b.emit("bool", [b.emit("not", [b.emit("truthy", [one])])]);
    b.emit("call", [b.use("f")!]);
    b.ret(b.emit("const", [], null));
    const orphan = b.newBlock();
    b.switchTo(orphan);
    b.ret(b.emit("const", [], 3n));
    const m = new IrModule("m", "m.py");
    m.functions.push(b.f);
    runPasses(m, [deadCode], { verify: true });
    expect(printFunction(m.functions[0]!)).toBe(`func g(1) {
block0(v0):
  v1 = const 1
  v2 = truthy v1
  v5 = call v0
  v6 = const None
  return v6
}
`);
  });
});

describe("refcount", () => {
  const run = (f: FunctionBuilder) => {
    const m = new IrModule("m", "m.py");
    m.functions.push(f.f);
    runPasses(m, [refcount], { verify: true });
    return printFunction(m.functions[0]!);
  };

  it("borrows parameters, drops owned temporaries after their last use, and lists cleanups", () => {
    // def f(x, g): t = x + x; return g(t)
    const b = new FunctionBuilder("f", ["x", "g"]);
    const t = b.emit("binop", [b.use("x")!, b.use("x")!], "Add");
    b.ret(b.emit("call", [b.use("g")!, t]));
    expect(run(b)).toBe(`func f(2) {
block0(v0, v1):
  v2 = binop.Add v0, v0
  v3 = call v1, v2 ; on error drop v2
  drop v2
  return v3
}
`);
  });

  it("dups a borrowed value handed to a consuming instruction and drops an unused result", () => {
    // def f(x): [x, x]; return x
    const b = new FunctionBuilder("f", ["x"]);
    b.emit("build_list", [b.use("x")!, b.use("x")!]);
    b.ret(b.use("x")!);
    expect(run(b)).toBe(`func f(1) {
block0(v0):
  dup v0
  dup v0
  v1 = build_list v0, v0
  drop v1
  dup v0
  return v0
}
`);
  });

  it("drops on the edge where a value stops being needed", () => {
    // def f(c, g): t = g(); if c: return t; return None
    const b = new FunctionBuilder("f", ["c", "g"]);
    const t = b.emit("call", [b.use("g")!]);
    const then = b.newBlock();
    const other = b.newBlock();
    b.branch(b.emit("truthy", [b.use("c")!]), then, other);
    b.seal(then);
    b.seal(other);
    b.switchTo(then);
    b.ret(t);
    b.switchTo(other);
    b.ret(b.emit("const", [], null));
    const text = run(b);
    expect(text).toContain("v3 = truthy v0 ; on error drop v2");
    expect(text).toContain("branch v3, block1, block3");
    expect(text).toContain("block1:\n  return v2");
    expect(text).toContain("block3:\n  drop v2\n  jump block2");
  });
});
