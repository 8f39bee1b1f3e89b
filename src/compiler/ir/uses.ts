/** Use lists computed on demand: passes rewrite operands through these helpers. */
import type { Block, BlockCall, IrFunction, Value } from "./function.js";

function blockCalls(b: Block): BlockCall[] {
  const t = b.terminator;
  const calls: BlockCall[] = [];
  if (t?.kind === "jump") calls.push(t.target);
  else if (t?.kind === "branch") calls.push(t.then, t.else);
  if (b.unwind) calls.push(b.unwind);
  return calls;
}

/** Every edge into each block's parameters, with the argument lists to read or rewrite. */
export function incomingEdges(f: IrFunction): Map<Block, BlockCall[]> {
  const edges = new Map<Block, BlockCall[]>(f.blocks.map((b) => [b, []]));
  for (const b of f.blocks) for (const call of blockCalls(b)) edges.get(call.block)!.push(call);
  return edges;
}

/** Replaces every use of each key by its value (following chains: a -> b -> c uses c). */
export function replaceUses(f: IrFunction, replacements: ReadonlyMap<Value, Value>): void {
  if (replacements.size === 0) return;
  const resolve = (v: Value): Value => {
    let r = v;
    for (let next = replacements.get(r); next !== undefined; next = replacements.get(r)) r = next;
    return r;
  };
  for (const b of f.blocks) {
    for (const inst of b.insts) inst.args = inst.args.map(resolve);
    for (const call of blockCalls(b)) call.args = call.args.map(resolve);
    const t = b.terminator;
    if (t?.kind === "branch") t.cond = resolve(t.cond);
    if (t?.kind === "return") t.value = resolve(t.value);
  }
}

/** How many times each value is used. */
export function useCounts(f: IrFunction): Map<Value, number> {
  const counts = new Map<Value, number>();
  const use = (v: Value) => counts.set(v, (counts.get(v) ?? 0) + 1);
  for (const b of f.blocks) {
    for (const inst of b.insts) inst.args.forEach(use);
    for (const call of blockCalls(b)) call.args.forEach(use);
    const t = b.terminator;
    if (t?.kind === "branch") use(t.cond);
    if (t?.kind === "return") use(t.value);
  }
  return counts;
}
