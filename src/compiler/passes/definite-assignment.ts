/**
 * Removes `check_bound` where the local is assigned on every path to the read, which is
 * nearly everywhere: in SSA a value can be `unbound` only if it is the `unbound` constant or a
 * block parameter one of whose incoming values can be.
 */
import type { IrFunction, Value } from "../ir/function.js";
import { opcodeInfo } from "../ir/opcodes.js";
import { incomingEdges, replaceUses } from "../ir/uses.js";
import type { FunctionPass } from "./pass.js";

export const definiteAssignment: FunctionPass = {
  name: "definite-assignment",
  run(f: IrFunction): void {
    const edges = incomingEdges(f);
    const maybeUnbound = new Set<Value>();
    for (const b of f.blocks) for (const inst of b.insts) if (inst.op === "unbound") maybeUnbound.add(inst.result!);
    // Propagate through block parameters to a fixpoint.
    for (let changed = true; changed; ) {
      changed = false;
      for (const b of f.blocks) {
        b.params.forEach((p, i) => {
          if (maybeUnbound.has(p.value)) return;
          if (edges.get(b)!.some((call) => maybeUnbound.has(call.args[i]!))) {
            maybeUnbound.add(p.value);
            changed = true;
          }
        });
      }
    }
    const replacements = new Map<Value, Value>();
    for (const b of f.blocks) {
      const kept = b.insts.filter((inst) => {
        if (inst.op !== "check_bound" || maybeUnbound.has(inst.args[0]!)) return true;
        replacements.set(inst.result!, inst.args[0]!);
        return false;
      });
      b.insts.splice(0, b.insts.length, ...kept);
      // A removed check was the block's fallible instruction: nothing left to unwind from.
      const last = b.insts.at(-1);
      if (b.unwind && !(last && opcodeInfo(last.op).fallible)) b.unwind = null;
    }
    replaceUses(f, replacements);
  },
};
