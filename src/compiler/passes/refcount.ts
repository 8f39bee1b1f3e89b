/**
 * Inserts reference counting: `dup` where a reference is handed over but the value is still
 * needed, `drop` where an owned value dies, and, on each fallible instruction, the owned
 * values to release if it fails and the exception leaves the function.
 *
 * Ownership (opcodes.ts has each instruction's facts): instruction results and non-entry block
 * parameters are owned; the function's own parameters are borrowed from its caller; immortal
 * (unmanaged) values are never counted. Edges hand their arguments to the target's parameters;
 * the bookkeeping an edge needs (dropping what the target does not use, duplicating what it
 * gets twice) goes into a block split onto that edge. This is the precise, liveness-based
 * scheme of Perceus (Reinking et al., PLDI 2021) without its reuse analysis.
 */
import type { Block, BlockCall, Inst, IrFunction, Value } from "../ir/function.js";
import { Liveness, edgeCalls, terminatorUses } from "../ir/liveness.js";
import { consumesOperand, opcodeInfo } from "../ir/opcodes.js";
import type { FunctionPass } from "./pass.js";

type Ownership = "owned" | "borrowed" | "unmanaged";

function ownershipOf(f: IrFunction): (v: Value) => Ownership {
  const entryParams = new Set(f.entry.params.map((p) => p.value));
  return (v) => {
    if (v.kind !== "obj") return "unmanaged";
    if (entryParams.has(v)) return "borrowed";
    if ("op" in v.def && opcodeInfo(v.def.op).unmanaged) return "unmanaged";
    return "owned";
  };
}

export const refcount: FunctionPass = {
  name: "refcount",
  run(f: IrFunction): void {
    const own = ownershipOf(f);
    const liveness = new Liveness(f);
    const rc = (op: "dup" | "drop", v: Value, line: number): Inst => {
      const inst = f.newInst(op, [v], undefined, null);
      inst.line = line;
      return inst;
    };

    for (const block of [...f.blocks]) {
      // Values live after each point, walking backwards from the block's end.
      const live = new Set<Value>(liveness.liveOut.get(block));
      for (const call of edgeCalls(block)) if (call !== block.unwind) call.args.forEach((v) => live.add(v));
      terminatorUses(block).forEach((v) => live.add(v));
      const line = block.insts.at(-1)?.line ?? 0;

      // Terminator: return hands its value to the caller; everything else owned dies here.
      const t = block.terminator;
      const tail: Inst[] = [];
      if (t?.kind === "return") {
        if (own(t.value) === "borrowed") tail.push(rc("dup", t.value, line));
        for (const v of live) if (own(v) === "owned" && v !== t.value) tail.push(rc("drop", v, line));
      } else if (t?.kind === "unwind") {
        for (const v of live) if (own(v) === "owned") tail.push(rc("drop", v, line));
      } else if (t !== null) {
        for (const call of edgeCalls(block)) {
          if (call === block.unwind) continue;
          splitEdge(f, block, call, edgeBookkeeping(call, live, liveness.throughEdge(call.block), own, rc, line));
        }
      }

      const out: Inst[][] = [];
      for (let i = block.insts.length - 1; i >= 0; i--) {
        const inst = block.insts[i]!;
        const info = opcodeInfo(inst.op);
        const before: Inst[] = [];
        const after: Inst[] = [];
        if (inst.result && own(inst.result) === "owned" && !live.has(inst.result)) after.push(rc("drop", inst.result, inst.line));
        if (inst.result) live.delete(inst.result);
        // Operands, last first: a value used twice by one instruction is dead only before both.
        const seen = new Set<Value>();
        for (let k = inst.args.length - 1; k >= 0; k--) {
          const v = inst.args[k]!;
          const o = own(v);
          if (o === "unmanaged") continue;
          const stillNeeded = live.has(v) || seen.has(v);
          if (consumesOperand(info, k)) {
            if (o === "borrowed" || stillNeeded) before.push(rc("dup", v, inst.line));
          } else if (o === "owned" && !stillNeeded) {
            after.push(rc("drop", v, inst.line));
          }
          seen.add(v);
        }
        if (info.fallible) {
          // On failure: everything owned that is still needed later, plus borrowed-from-us
          // operands the instruction did not take over, must be released.
          // (A failing instruction releases the operands it consumes itself.)
          const held = new Set<Value>([...live].filter((v) => own(v) === "owned"));
          inst.args.forEach((v, k) => {
            if (own(v) === "owned" && !consumesOperand(info, k)) held.add(v);
          });
          if (block.unwind) {
            const through = liveness.throughEdge(block.unwind.block);
            splitEdge(f, block, block.unwind, edgeBookkeeping(block.unwind, held, through, own, rc, inst.line, true));
          } else {
            inst.cleanup = [...held];
          }
        }
        for (const v of inst.args) if (own(v) !== "unmanaged") live.add(v);
        out.push([...before, inst, ...after]);
      }
      const head: Inst[] = [];
      for (const p of block.params) {
        if (own(p.value) === "owned" && !live.has(p.value)) head.push(rc("drop", p.value, line));
      }
      const rebuilt = [...head, ...out.reverse().flat(), ...tail];
      // A block with an unwind edge must end with its fallible instruction: releases due
      // after it move onto the normal edge.
      const t2 = block.terminator;
      if (block.unwind && t2?.kind === "jump") {
        let k = rebuilt.length - 1;
        while (k >= 0 && !opcodeInfo(rebuilt[k]!.op).fallible) k--;
        splitEdge(f, block, t2.target, rebuilt.splice(k + 1));
      }
      block.insts.splice(0, block.insts.length, ...rebuilt);
    }
  },
};

/**
 * Dups and drops for one edge. `available` are the values held when the edge is taken; the
 * target receives `call.args` (each a reference handed over) and reads `through` directly.
 * On an unwind edge the holdings are exactly `available` (the failing instruction's cleanup
 * set), otherwise they are whatever is live at the block's end.
 */
function edgeBookkeeping(
  call: BlockCall,
  available: Iterable<Value>,
  through: Set<Value>,
  own: (v: Value) => Ownership,
  rc: (op: "dup" | "drop", v: Value, line: number) => Inst,
  line: number,
  unwind = false,
): Inst[] {
  const ops: Inst[] = [];
  const handedOver = new Map<Value, number>();
  for (const v of call.args) handedOver.set(v, (handedOver.get(v) ?? 0) + 1);
  const held = new Set(available);
  if (!unwind) for (const v of call.args) held.add(v);
  for (const v of held) {
    const o = own(v);
    if (o === "unmanaged") continue;
    // A borrowed value stays valid in the whole function: reading it across the edge needs no reference.
    const needed = (handedOver.get(v) ?? 0) + (through.has(v) && o === "owned" ? 1 : 0);
    const have = o === "owned" ? 1 : 0;
    for (let i = have; i < needed; i++) ops.push(rc("dup", v, line));
    if (have > needed) ops.push(rc("drop", v, line));
  }
  for (const [v, n] of handedOver) {
    if (!held.has(v) && own(v) === "borrowed") for (let i = 0; i < n; i++) ops.push(rc("dup", v, line));
  }
  return ops;
}

/** Routes `call` through a new block holding `ops`, when there are any. */
function splitEdge(f: IrFunction, from: Block, call: BlockCall, ops: Inst[]): void {
  if (ops.length === 0) return;
  const mid = f.newBlock();
  mid.insts.push(...ops);
  mid.terminator = { kind: "jump", target: { block: call.block, args: call.args } };
  const replacement: BlockCall = { block: mid, args: [] };
  const t = from.terminator;
  if (from.unwind === call) from.unwind = replacement;
  else if (t?.kind === "jump") t.target = replacement;
  else if (t?.kind === "branch" && t.then === call) t.then = replacement;
  else if (t?.kind === "branch" && t.else === call) t.else = replacement;
}
