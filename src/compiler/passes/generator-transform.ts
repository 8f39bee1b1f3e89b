/**
 * Lays out a generator's resume function as a resumable state machine.
 *
 * Lowering writes a generator body as straight-line code with `gen_yield v` where it yields
 * (result: the value sent in). This pass:
 *
 * 1. splits each block at its yields: the part before records the yield's number
 *    (`gen_set_state`) and returns v; the part after starts a new block with `gen_sent` (the
 *    value sent in, or the exception throw() passes, raised at the yield, so the yield's try
 *    handlers see it);
 * 2. makes the entry block a dispatcher: a fresh start runs the original entry, a resume jumps
 *    to the block after the yield it stopped at;
 * 3. keeps every value live across a yield in a frame slot of the generator: stored where it is
 *    defined, loaded again just before each use. Values then never cross a suspension in SSA
 *    form, so the function stays valid SSA with the resume blocks reachable only from the
 *    dispatcher;
 * 4. marks returns as finishing the generator.
 *
 * It runs first, so every later pass (and reference counting) sees ordinary code.
 */
import { Block, Inst, type BlockCall, type IrFunction, type Value } from "../ir/function.js";
import { Liveness } from "../ir/liveness.js";
import { opcodeInfo } from "../ir/opcodes.js";
import type { FunctionPass } from "./pass.js";

export const generatorTransform: FunctionPass = {
  name: "generator-transform",
  run(f: IrFunction): void {
    if (!f.generator) return;
    const entry = f.entry;
    const [gen, sent] = entry.params.map((p) => p.value) as [Value, Value];

    // 4. Returns finish the generator (before yields become returns too).
    for (const b of f.blocks) {
      if (b.terminator?.kind === "return") b.insts.push(f.newInst("gen_finish", [gen], undefined, null));
    }

    // 1. Split at yields.
    const resumes: Block[] = [];
    const work = [...f.blocks];
    while (work.length > 0) {
      const b = work.pop()!;
      const at = b.insts.findIndex((inst) => inst.op === "gen_yield");
      if (at < 0) continue;
      const rest = b.insts.splice(at);
      const y = rest.shift()!;
      const resume = f.newBlock();
      const received = new Inst("gen_sent", [gen, sent], undefined, y.result);
      received.line = y.line;
      if (y.result) y.result.def = received;
      resume.insts.push(received, ...rest);
      resume.terminator = b.terminator;
      resume.unwind = b.unwind;
      b.unwind = null;
      resumes.push(resume);
      b.insts.push(f.newInst("gen_set_state", [gen], resumes.length, null));
      b.terminator = { kind: "return", value: y.args[0]! };
      work.push(resume);
    }

    // 2. The dispatcher: the entry's code moves to a new start block.
    const start = f.newBlock();
    start.insts.push(...entry.insts);
    start.terminator = entry.terminator;
    start.unwind = entry.unwind;
    entry.insts.length = 0;
    entry.unwind = null;
    let from = entry;
    resumes.forEach((resume, i) => {
      const isHere = f.newInst("gen_at", [gen], i + 1, "cond");
      from.insts.push(isHere);
      const next = i + 1 < resumes.length ? f.newBlock() : start;
      from.terminator = { kind: "branch", cond: isHere.result!, then: { block: resume, args: [] }, else: { block: next, args: [] } };
      from = next;
    });
    if (resumes.length === 0) entry.terminator = { kind: "jump", target: { block: start, args: [] } };

    // 3. Spill what lives across a yield.
    const live = new Liveness(f);
    const params = new Set(entry.params.map((p) => p.value));
    const crossing = new Set<Value>();
    for (const r of resumes) for (const v of live.liveIn.get(r) ?? []) if (!params.has(v)) crossing.add(v);
    let base = 0;
    for (const b of f.blocks) for (const inst of b.insts) if (inst.op === "gen_load") base = Math.max(base, (inst.imm as number) + 1);
    const slots = new Map<Value, number>();
    for (const v of crossing) {
      if (v.kind !== "obj") throw new Error(`generator-transform: a condition (${v}) is live across a yield`);
      slots.set(v, base + slots.size);
    }
    // The frame has room for every slot from the start, so storing into one cannot fail.
    entry.insts.unshift(f.newInst("gen_reserve", [gen], base + slots.size, null));
    if (slots.size === 0) return;
    for (const b of [...f.blocks]) spillUses(f, b, gen, slots);
    for (const [v, slot] of slots) storeAfterDef(f, v, gen, slot);
    for (const b of [...f.blocks]) endAtFailingInstruction(f, b);
  },
};

/**
 * A block with a handler must end with its one fallible instruction: loads and stores added
 * after it move to a block of their own on the way out.
 */
function endAtFailingInstruction(f: IrFunction, b: Block): void {
  if (!b.unwind) return;
  const at = b.insts.findIndex((inst) => opcodeInfo(inst.op).fallible);
  if (at < 0 || at === b.insts.length - 1) return;
  const t = b.terminator;
  if (t?.kind !== "jump") throw new Error("generator-transform: a handler block must end with a jump");
  const out = f.newBlock();
  out.insts.push(...b.insts.splice(at + 1));
  out.terminator = t;
  b.terminator = { kind: "jump", target: { block: out, args: [] } };
}

/** Replaces each use of a spilled value in block b with a fresh load just before it. */
function spillUses(f: IrFunction, b: Block, gen: Value, slots: ReadonlyMap<Value, number>): void {
  const load = (v: Value, into: Inst[]): Value => {
    const inst = f.newInst("gen_load", [gen], slots.get(v)!, "obj");
    into.push(inst);
    return inst.result!;
  };
  const insts: Inst[] = [];
  for (const inst of b.insts) {
    const before: Inst[] = [];
    inst.args = inst.args.map((a) => (slots.has(a) && !(inst.op === "gen_store") ? load(a, before) : a));
    insts.push(...before, inst);
  }
  // Unwind arguments must exist before the failing (last) instruction.
  if (b.unwind) {
    const last = insts.pop();
    const before: Inst[] = [];
    b.unwind.args = b.unwind.args.map((a) => (slots.has(a) ? load(a, before) : a));
    insts.push(...before);
    if (last) insts.push(last);
  }
  const t = b.terminator;
  const tail: Inst[] = [];
  const callArgs = (call: BlockCall) => {
    call.args = call.args.map((a) => (slots.has(a) ? load(a, tail) : a));
  };
  if (t?.kind === "jump") callArgs(t.target);
  else if (t?.kind === "branch") {
    callArgs(t.then);
    callArgs(t.else);
  } else if (t?.kind === "return" && slots.has(t.value)) {
    t.value = load(t.value, tail);
  }
  insts.push(...tail);
  b.insts.splice(0, b.insts.length, ...insts);
}

/** Stores v into its slot right where it is defined. */
function storeAfterDef(f: IrFunction, v: Value, gen: Value, slot: number): void {
  const store = f.newInst("gen_store", [gen, v], slot, null);
  const def = v.def;
  if (!(def instanceof Inst)) {
    def.block.insts.unshift(store);
    return;
  }
  const b = f.blocks.find((blk) => blk.insts.includes(def))!;
  b.insts.splice(b.insts.indexOf(def) + 1, 0, store);
}
