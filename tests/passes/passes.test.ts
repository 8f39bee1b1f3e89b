import { describe, expect, it } from "vitest";
import { FunctionBuilder } from "../../src/compiler/ir/builder.js";
import { IrModule } from "../../src/compiler/ir/function.js";
import { printFunction } from "../../src/compiler/ir/printer.js";
import { deadCode } from "../../src/compiler/passes/dead-code.js";
import { definiteAssignment } from "../../src/compiler/passes/definite-assignment.js";
import { runPasses } from "../../src/compiler/passes/pass.js";

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
