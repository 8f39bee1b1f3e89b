/**
 * Entry specialisation: a function whose parameters feed arithmetic or comparisons gets a
 * second copy of its body, entered when each such parameter is of the kind it is guarded for.
 * The copy is the same code; what differs is what type inference can prove in it (the
 * parameters' types, and from there, through branches and loop bounds, often the locals too),
 * so codegen can drop tag tests, overflow checks and reference counting there, and do float
 * arithmetic inline. Any other argument runs the original body, so behaviour is unchanged
 * whatever the caller passes.
 *
 *   block0(v0):                      block0(v0):
 *     ...body...            =>         c = is_small_int v0        (or is_float v0)
 *                                      branch c, <copy of body>, <body>
 *
 * Without a profile every such parameter is guarded as a small int: the common case and the
 * one with the most to gain. With a profile (src/compiler/profile) the guards follow what the
 * recorded run passed: a parameter that was a float in nearly every call is guarded as a
 * float, one that was mixed is left unguarded, a function never called is not copied, and a
 * hot function may be larger than the usual limit.
 *
 * Both copies read the entry parameters directly, so they stay borrowed from the caller.
 * Callers that proved the arguments of those kinds call the copy directly (`<name>$spec`, see
 * type-inference and codegen), past the guards.
 */
import type { Block, BlockCall, EntryKind, Inst, IrFunction, IrModule, Terminator, Value } from "../ir/function.js";
import type { FunctionProfile } from "../profile/profile.js";
import type { FunctionPass } from "./pass.js";

/** Larger functions are not copied: the code size would outgrow the gain. */
const MAX_INSTS = 300;
/** ...unless a profile shows them this hot (a share of all calls it recorded). */
const HOT_SHARE = 0.01;
const MAX_HOT_INSTS = 1200;
/** The share of recorded calls a kind needs for its guard to be worth testing. */
const DOMINANT = 0.95;

const NUMERIC_USES = new Set(["binop", "inplace", "compare", "compare_cond", "unop"]);

const GUARD_OP = { int: "is_small_int", float: "is_float" } as const satisfies Record<EntryKind, string>;

export const specializeEntry: FunctionPass = {
  name: "specialize-entry",
  /** Decides for every function first, so callers can target `<name>$spec` (see type-inference). */
  prepare(m: IrModule): void {
    const totalCalls = m.profile === null ? 0 : [...m.profile.values()].reduce((n, fp) => n + fp.calls, 0);
    for (const f of m.functions) {
      f.specialEntry = null;
      const profile = m.profile?.get(f.name) ?? null;
      // Never called in the recorded run: a copy would only add code.
      if (profile !== null && profile.calls === 0) continue;
      const size = f.blocks.reduce((n, b) => n + b.insts.length, 0);
      const hot = profile !== null && totalCalls > 0 && profile.calls >= totalCalls * HOT_SHARE;
      if (size > (hot ? MAX_HOT_INSTS : MAX_INSTS)) continue;
      // Generator resume functions have their own entry protocol (passes/generator-transform.ts).
      if ((f as { generator?: boolean }).generator || f.blocks.some((b) => b.insts.some((i) => i.op.startsWith("gen_")))) continue;
      // Nothing may jump back to the entry: its parameters are the function's.
      if (f.blocks.some((b) => b.successors().includes(f.entry))) continue;
      const candidates = numericParams(f).map((p) => f.entry.params.findIndex((q) => q.value === p));
      const guards = candidates.flatMap((index) => {
        const kind = profile === null ? "int" : guardFor(profile, index);
        return kind === null ? [] : [{ index, kind }];
      });
      if (guards.length > 0) f.specialEntry = { params: guards.map((g) => g.index), kinds: guards.map((g) => g.kind), block: null };
    }
  },
  run(f: IrFunction): void {
    if (f.specialEntry === null) return;
    const entry = f.entry;
    const guarded = f.specialEntry.params.map((i, k) => ({ value: entry.params[i]!.value, kind: f.specialEntry!.kinds[k]! }));

    // The original entry's contents move to a new block; the entry keeps only the guards.
    const body = f.newBlock();
    body.insts.push(...entry.insts);
    body.terminator = entry.terminator;
    body.unwind = entry.unwind;
    entry.insts.length = 0;
    entry.unwind = null;

    const originals = f.blocks.filter((b) => b !== entry);
    const copyOf = cloneBlocks(f, originals);
    f.specialEntry.block = copyOf.get(body)!;

    let guard = entry;
    guarded.forEach(({ value, kind }, i) => {
      const test = f.newInst(GUARD_OP[kind], [value], undefined, "cond");
      guard.insts.push(test);
      const next = i === guarded.length - 1 ? copyOf.get(body)! : f.newBlock();
      guard.terminator = { kind: "branch", cond: test.result!, then: { block: next, args: [] }, else: { block: body, args: [] } };
      guard = next;
    });
  },
};

/** The kind a profile says parameter `index` nearly always had, or null (mixed, or never seen). */
function guardFor(profile: FunctionProfile, index: number): EntryKind | null {
  const counts = profile.args[index];
  if (counts === undefined) return null;
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  if (counts[0]! >= total * DOMINANT) return "int";
  if (counts[1]! >= total * DOMINANT) return "float";
  return null;
}

/** Whether `op` is one of the entry guards this pass inserts. */
export function isEntryGuard(op: string): boolean {
  return op === GUARD_OP.int || op === GUARD_OP.float;
}

/** Entry parameters that reach an arithmetic or comparison operand, directly or through block parameters. */
function numericParams(f: IrFunction): Value[] {
  const params = f.entry.params.map((p) => p.value);
  if (f.hasClosure) params.pop();
  // Which values flow into which block parameters.
  const flowsTo = new Map<Value, Value[]>();
  const numeric = new Set<Value>();
  for (const b of f.blocks) {
    for (const inst of b.insts) {
      if (NUMERIC_USES.has(inst.op)) inst.args.forEach((v) => numeric.add(v));
      // Before definite-assignment runs, reads of a parameter go through `check_bound`.
      if (inst.op === "check_bound" && inst.result) flowsTo.set(inst.args[0]!, [...(flowsTo.get(inst.args[0]!) ?? []), inst.result]);
    }
    const t = b.terminator;
    const calls: BlockCall[] = t?.kind === "jump" ? [t.target] : t?.kind === "branch" ? [t.then, t.else] : [];
    for (const call of calls) {
      call.args.forEach((v, i) => {
        const list = flowsTo.get(v) ?? [];
        list.push(call.block.params[i]!.value);
        flowsTo.set(v, list);
      });
    }
  }
  return params.filter((p) => {
    const seen = new Set<Value>([p]);
    const work = [p];
    while (work.length > 0) {
      const v = work.pop()!;
      if (numeric.has(v)) return true;
      for (const w of flowsTo.get(v) ?? []) if (!seen.has(w)) (seen.add(w), work.push(w));
    }
    return false;
  });
}

/** Copies blocks (with fresh values), redirecting edges between them to the copies. */
export function cloneBlocks(f: IrFunction, blocks: readonly Block[]): Map<Block, Block> {
  const blockMap = new Map<Block, Block>();
  const valueMap = new Map<Value, Value>();
  for (const b of blocks) {
    const c = f.newBlock();
    blockMap.set(b, c);
    for (const p of b.params) valueMap.set(p.value, f.addParam(c, p.value.kind));
  }
  const pending: [Inst, Inst][] = [];
  for (const b of blocks) {
    const c = blockMap.get(b)!;
    for (const inst of b.insts) {
      const copy = f.newInst(inst.op, inst.args, inst.imm, inst.result?.kind ?? null);
      copy.line = inst.line;
      if (inst.result) valueMap.set(inst.result, copy.result!);
      c.insts.push(copy);
      pending.push([inst, copy]);
    }
  }
  const v = (x: Value) => valueMap.get(x) ?? x;
  const call = (x: BlockCall): BlockCall => ({ block: blockMap.get(x.block) ?? x.block, args: x.args.map(v) });
  for (const [inst, copy] of pending) {
    copy.args = inst.args.map(v);
    copy.cleanup = inst.cleanup.map(v);
  }
  for (const b of blocks) {
    const c = blockMap.get(b)!;
    c.unwind = b.unwind ? call(b.unwind) : null;
    const t = b.terminator;
    let u: Terminator | null = t;
    if (t?.kind === "jump") u = { kind: "jump", target: call(t.target) };
    else if (t?.kind === "branch") u = { kind: "branch", cond: v(t.cond), then: call(t.then), else: call(t.else) };
    else if (t?.kind === "return") u = { kind: "return", value: v(t.value) };
    else if (t !== null) u = { ...t };
    c.terminator = u;
  }
  return blockMap;
}
