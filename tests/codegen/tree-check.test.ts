/** The tree check finds an expression placed twice, which binaryen's validator accepts. */
import { describe, expect, it } from "vitest";
import { loadBinaryen } from "../../src/compiler/codegen/binaryen.js";
import { sharedExpressions } from "../../src/compiler/codegen/tree-check.js";

describe("tree check", () => {
  it("reports a function that uses one expression twice, and only that one", async () => {
    const b = await loadBinaryen();
    const m = new b.Module();
    try {
      const x = m.local.get(0, b.i32);
      m.addFunction("shares", b.i32, b.i32, [], m.i32.add(x, x));
      m.addFunction("tree", b.i32, b.i32, [], m.i32.add(m.local.get(0, b.i32), m.i32.const(1)));
      const deep = m.call("tree", [m.local.get(0, b.i32)], b.i32);
      m.addFunction("deep", b.i32, b.i32, [], m.block(null, [m.drop(deep), m.if(m.local.get(0, b.i32), m.return(deep)), m.i32.const(0)], b.i32));
      expect(m.validate()).toBe(1);
      expect(sharedExpressions(b, m)).toEqual(new Map([["shares", 1], ["deep", 1]]));
    } finally {
      m.dispose();
    }
  });
});
