/**
 * Fuses `c = truthy(compare(a, b))` into `c = compare_cond(a, b)` when the comparison's
 * Python bool is used by nothing else: the bool is never built, tested, or released, and on
 * two small ints codegen makes it one machine compare. On other operands the fused form calls
 * the same runtime comparison and takes its truth value, so behaviour (rich comparisons,
 * exceptions, their order) is unchanged.
 *
 * Runs before refcount (which would otherwise release the bool) and needs each `truthy` in the
 * same block as its compare, with nothing fallible between them: a failing instruction in
 * between would otherwise see the comparison already done, a difference an exception handler
 * could observe. Lowering puts the two next to each other.
 */
import type { IrFunction, Value } from "../ir/function.js";
import { replaceUses, useCounts } from "../ir/uses.js";
import type { FunctionPass } from "./pass.js";

export const compareFusion: FunctionPass = {
  name: "compare-fusion",
  run(f: IrFunction): void {
    const uses = useCounts(f);
    const replacements = new Map<Value, Value>();
    for (const block of f.blocks) {
      for (let i = 0; i + 1 < block.insts.length; i++) {
        const cmp = block.insts[i]!;
        const test = block.insts[i + 1]!;
        if (cmp.op !== "compare" || test.op !== "truthy" || test.args[0] !== cmp.result) continue;
        if (uses.get(cmp.result as Value) !== 1) continue;
        const fused = f.newInst("compare_cond", cmp.args, cmp.imm, "cond");
        fused.line = cmp.line;
        replacements.set(test.result!, fused.result!);
        block.insts.splice(i, 2, fused);
      }
    }
    replaceUses(f, replacements);
  },
};
