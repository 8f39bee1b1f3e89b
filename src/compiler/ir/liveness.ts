/**
 * Live values per block, by the usual backward dataflow to a fixpoint. A value passed as an
 * edge argument is used by the block the edge leaves; a block's parameters are defined on
 * entry to it.
 */
import type { Block, BlockCall, IrFunction, Value } from "./function.js";

export function edgeCalls(b: Block): BlockCall[] {
  const t = b.terminator;
  const calls: BlockCall[] = [];
  if (b.unwind) calls.push(b.unwind);
  if (t?.kind === "jump") calls.push(t.target);
  else if (t?.kind === "branch") calls.push(t.then, t.else);
  return calls;
}

/** Values the terminator itself reads (not counting edge arguments). */
export function terminatorUses(b: Block): Value[] {
  const t = b.terminator;
  if (t?.kind === "branch") return [t.cond];
  if (t?.kind === "return") return [t.value];
  return [];
}

export class Liveness {
  readonly liveIn = new Map<Block, Set<Value>>();
  readonly liveOut = new Map<Block, Set<Value>>();

  constructor(f: IrFunction) {
    const gen = new Map<Block, Set<Value>>();
    const kill = new Map<Block, Set<Value>>();
    for (const b of f.blocks) {
      const defined = new Set<Value>(b.params.map((p) => p.value));
      const used = new Set<Value>();
      const use = (v: Value) => {
        if (!defined.has(v)) used.add(v);
      };
      for (const inst of b.insts) {
        inst.args.forEach(use);
        if (inst.result) defined.add(inst.result);
      }
      terminatorUses(b).forEach(use);
      for (const call of edgeCalls(b)) call.args.forEach(use);
      gen.set(b, used);
      kill.set(b, defined);
      this.liveIn.set(b, new Set(used));
      this.liveOut.set(b, new Set());
    }
    for (let changed = true; changed; ) {
      changed = false;
      for (let i = f.blocks.length - 1; i >= 0; i--) {
        const b = f.blocks[i]!;
        const out = this.liveOut.get(b)!;
        for (const s of b.successors()) {
          const params = new Set(s.params.map((p) => p.value));
          for (const v of this.liveIn.get(s)!) if (!params.has(v)) out.add(v);
        }
        const live = this.liveIn.get(b)!;
        const before = live.size;
        for (const v of out) if (!kill.get(b)!.has(v)) live.add(v);
        if (live.size !== before) changed = true;
      }
    }
  }

  /** Values `to` needs from the edge's source besides its parameters. */
  throughEdge(to: Block): Set<Value> {
    const params = new Set(to.params.map((p) => p.value));
    return new Set([...this.liveIn.get(to)!].filter((v) => !params.has(v)));
  }
}
