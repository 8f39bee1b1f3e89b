import { describe, expect, it } from "vitest";
import { FunctionBuilder } from "../../src/compiler/ir/builder.js";
import { printFunction } from "../../src/compiler/ir/printer.js";
import { VerifierError, verifyFunction } from "../../src/compiler/ir/verifier.js";

/** def total(n): s = 0; i = 0; while i < n: s = s + i; i = i + 1; return s */
function buildLoop() {
  const b = new FunctionBuilder("total", ["n"]);
  b.define("s", b.emit("const", [], 0n));
  b.define("i", b.emit("const", [], 0n));
  const header = b.newBlock();
  const body = b.newBlock();
  const exit = b.newBlock();
  b.jump(header);
  b.switchTo(header);
  const cond = b.emit("truthy", [b.emit("compare", [b.use("i")!, b.use("n")!], "Lt")]);
  b.branch(cond, body, exit);
  b.seal(body);
  b.seal(exit);
  b.switchTo(body);
  b.define("s", b.emit("binop", [b.use("s")!, b.use("i")!], "Add"));
  b.define("i", b.emit("binop", [b.use("i")!, b.emit("const", [], 1n)], "Add"));
  b.jump(header);
  b.seal(header);
  b.switchTo(exit);
  b.ret(b.use("s")!);
  return b.f;
}

describe("builder + printer", () => {
  it("builds SSA with block parameters for loop-carried variables", () => {
    const f = buildLoop();
    verifyFunction(f);
    expect(printFunction(f)).toBe(`func total(1) {
block0(v0):
  v1 = const 0
  v2 = const 0
  jump block1(v2, v0, v1)
block1(v3, v4, v7):
  v5 = compare.Lt v3, v4
  v6 = truthy v5
  branch v6, block2, block3
block2:
  v8 = binop.Add v7, v3
  v9 = const 1
  v10 = binop.Add v3, v9
  jump block1(v10, v4, v8)
block3:
  return v7
}
`);
  });

  it("merges an if/else assignment into one parameter", () => {
    const b = new FunctionBuilder("pick", ["c"]);
    const then = b.newBlock();
    const other = b.newBlock();
    const join = b.newBlock();
    b.branch(b.emit("truthy", [b.use("c")!]), then, other);
    b.seal(then);
    b.seal(other);
    b.switchTo(then);
    b.define("x", b.emit("const", [], "yes"));
    b.jump(join);
    b.switchTo(other);
    b.define("x", b.emit("const", [], null));
    b.jump(join);
    b.seal(join);
    b.switchTo(join);
    b.ret(b.use("x")!);
    verifyFunction(b.f);
    expect(printFunction(b.f)).toContain("block3(v4):\n  return v4");
    expect(printFunction(b.f)).toContain("v2 = const 'yes'\n  jump block3(v2)");
    expect(printFunction(b.f)).toContain("v3 = const None\n  jump block3(v3)");
  });

  it("passes the values live at the failing call to an unwind handler", () => {
    // try: x = 1; x = f() except: return x
    const b = new FunctionBuilder("guarded", ["f"]);
    const handler = b.newBlock();
    const after = b.newBlock();
    b.define("x", b.emit("const", [], 1n));
    const tryBlock = b.newBlock();
    b.jump(tryBlock);
    b.seal(tryBlock);
    b.switchTo(tryBlock);
    b.setUnwind(handler);
    const result = b.emit("call", [b.use("f")!]);
    b.jump(after);
    b.seal(handler);
    b.seal(after);
    b.switchTo(after);
    b.define("x", result);
    b.ret(b.use("x")!);
    b.switchTo(handler);
    b.ret(b.use("x")!);
    verifyFunction(b.f);
    expect(printFunction(b.f)).toContain("block3 unwind block1:\n  v2 = call v0\n  jump block2");
  });
});

describe("verifier", () => {
  it("accepts well-formed IR and rejects a use not dominated by its definition", () => {
    const b = new FunctionBuilder("bad", ["c"]);
    const then = b.newBlock();
    const join = b.newBlock();
    b.branch(b.emit("truthy", [b.use("c")!]), then, join);
    b.switchTo(then);
    const v = b.emit("const", [], 1n);
    b.jump(join);
    b.switchTo(join);
    b.ret(v);
    expect(() => verifyFunction(b.f)).toThrow(/does not dominate/);
  });

  it("rejects wrong block argument counts, missing terminators and operand kinds", () => {
    const f = buildLoop();
    const header = f.blocks[1]!;
    header.params.pop();
    expect(() => verifyFunction(f)).toThrow(VerifierError);
    expect(() => verifyFunction(f)).toThrow(/passes 3 args to block1, which has 2 params/);

    const g = new FunctionBuilder("open", []);
    g.emit("const", [], 1n);
    expect(() => verifyFunction(g.f)).toThrow(/has no terminator/);

    const h = new FunctionBuilder("kinds", ["x"]);
    const c = h.emit("truthy", [h.use("x")!]);
    h.ret(h.emit("binop", [c, h.use("x")!], "Add"));
    expect(() => verifyFunction(h.f)).toThrow(/binop operand 0 is cond, expects obj/);
  });

  it("requires a block with a handler to end in its only fallible instruction", () => {
    const b = new FunctionBuilder("twocalls", ["f"]);
    const handler = b.newBlock();
    const after = b.newBlock();
    b.setUnwind(handler);
    b.emit("call", [b.use("f")!]);
    b.emit("call", [b.use("f")!]);
    b.jump(after);
    for (const blk of [handler, after]) {
      b.seal(blk);
      b.switchTo(blk);
      b.ret(b.use("f")!);
    }
    expect(() => verifyFunction(b.f)).toThrow(/must end with its only fallible instruction/);
  });
});
