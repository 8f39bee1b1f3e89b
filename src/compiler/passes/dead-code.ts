/**
 * Removes pure instructions whose results nothing uses, repeating until none is left (one
 * removal can make its operands dead), and blocks no path from the entry reaches.
 */
import { Dominators } from "../ir/dominators.js";
import type { IrFunction } from "../ir/function.js";
import { opcodeInfo } from "../ir/opcodes.js";
import { useCounts } from "../ir/uses.js";
import type { FunctionPass } from "./pass.js";

export const deadCode: FunctionPass = {
  name: "dead-code",
  run(f: IrFunction): void {
    const reachable = new Dominators(f);
    const live = f.blocks.filter((b) => reachable.isReachable(b));
    f.blocks.splice(0, f.blocks.length, ...live);
    for (let removed = true; removed; ) {
      removed = false;
      const uses = useCounts(f);
      for (const b of f.blocks) {
        const kept = b.insts.filter((inst) => !(opcodeInfo(inst.op).pure && inst.result && !uses.has(inst.result)));
        if (kept.length !== b.insts.length) {
          removed = true;
          b.insts.splice(0, b.insts.length, ...kept);
        }
      }
    }
  },
};
