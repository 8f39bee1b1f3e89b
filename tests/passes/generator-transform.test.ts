import { describe, expect, it } from "vitest";
import { printFunction } from "../../src/compiler/ir/printer.js";
import { runPasses } from "../../src/compiler/passes/pass.js";
import { generatorTransform } from "../../src/compiler/passes/generator-transform.js";
import { PIPELINE, lowerSource } from "../../src/compiler/compile.js";
import type { IrFunction } from "../../src/compiler/ir/function.js";

function lower(source: string) {
  return lowerSource(source, "t.py");
}

const resumeOf = (fs: readonly IrFunction[], name: string) => fs.find((f) => f.name === `${name}#resume`)!;

describe("generator-transform", () => {
  it("turns each yield into a numbered suspension the entry dispatches back to", () => {
    const m = lower("def g():\n    yield 1\n    yield 2\n");
    runPasses(m, [generatorTransform], { verify: true });
    const text = printFunction(resumeOf(m.functions, "g"));
    expect(text).not.toContain("gen_yield");
    expect(text).toContain("gen_set_state 1,");
    expect(text).toContain("gen_set_state 2,");
    expect(text).toContain("gen_at 1,");
    expect(text).toContain("gen_at 2,");
    // Each resume point starts by taking the sent value (or the thrown exception).
    expect(text.match(/gen_sent/g)).toHaveLength(2);
    expect(text).toContain("gen_finish");
  });

  it("keeps values live across a yield in frame slots, after the argument slots", () => {
    const m = lower("def g(a):\n    it = iter(a)\n    for x in it:\n        yield x\n");
    runPasses(m, [generatorTransform], { verify: true });
    const text = printFunction(resumeOf(m.functions, "g"));
    // Slot 0 holds the argument; the loop's iterator crosses the yield, so it gets slot 1 or later.
    expect(text).toMatch(/gen_load 0,/);
    expect(text).toMatch(/gen_store [1-9],/);
    expect(text).toMatch(/gen_reserve [2-9],/);
  });

  it("leaves ordinary functions alone and verifies through the whole pipeline", () => {
    const m = lower("def f(x):\n    return x + 1\n\ndef g(n):\n    try:\n        yield n\n    except ValueError as e:\n        yield str(e)\n    finally:\n        print('done')\n");
    const before = printFunction(m.functions.find((f) => f.name === "f")!);
    runPasses(m, PIPELINE, { verify: true });
    expect(printFunction(m.functions.find((f) => f.name === "f")!)).not.toContain("gen_");
    expect(before).not.toContain("gen_");
    expect(printFunction(resumeOf(m.functions, "g"))).toContain("gen_at 2,");
  });
});
