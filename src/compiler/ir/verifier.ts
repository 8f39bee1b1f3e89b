/**
 * Checks the IR's invariants. Tests run it after every pass, as Binaryen and Cranelift do, so
 * a pass that breaks the IR fails at the pass, not three stages later in codegen.
 */
import { Dominators } from "./dominators.js";
import { BlockParam, type Block, type BlockCall, type Inst, type IrFunction, type Value } from "./function.js";
import { opcodeInfo } from "./opcodes.js";
import { printBlock } from "./printer.js";

export class VerifierError extends Error {}

export function verifyFunction(f: IrFunction): void {
  const errors: string[] = [];
  const fail = (b: Block, msg: string) => errors.push(`${f.name} ${b}: ${msg}\n${printBlock(b)}`);
  const blocks = new Set(f.blocks);
  const doms = new Dominators(f);

  if (f.entry.params.length !== f.arity) fail(f.entry, `entry has ${f.entry.params.length} params, arity is ${f.arity}`);

  /** Block and position (-1 for block parameters) of each definition. */
  const defs = new Map<Value, { block: Block; index: number }>();
  for (const b of f.blocks) {
    b.params.forEach((p) => defs.set(p.value, { block: b, index: -1 }));
    b.insts.forEach((inst, i) => {
      if (inst.result) defs.set(inst.result, { block: b, index: i });
    });
  }

  const checkUse = (b: Block, index: number, v: Value, what: string) => {
    const def = defs.get(v);
    if (!def) return fail(b, `${what} uses ${v}, which is not defined in this function`);
    if (!doms.isReachable(b)) return;
    const ok = def.block === b ? def.index < index : doms.dominates(def.block, b);
    if (!ok) fail(b, `${what} uses ${v}, whose definition does not dominate it`);
  };

  const checkCall = (b: Block, call: BlockCall, index: number, what: string) => {
    if (!blocks.has(call.block)) return fail(b, `${what} targets ${call.block}, not a block of this function`);
    if (call.args.length !== call.block.params.length) {
      fail(b, `${what} passes ${call.args.length} args to ${call.block}, which has ${call.block.params.length} params`);
    }
    call.args.forEach((a, i) => {
      checkUse(b, index, a, what);
      const p = call.block.params[i];
      if (p && p.value.kind !== a.kind) fail(b, `${what} passes ${a} (${a.kind}) for ${p.value} (${p.value.kind})`);
    });
  };

  for (const b of f.blocks) {
    b.params.forEach((p) => {
      if (!(p instanceof BlockParam) || p.block !== b) fail(b, `param ${p.value} does not belong here`);
    });
    b.insts.forEach((inst, i) => verifyInst(b, inst, i));
    const t = b.terminator;
    const end = b.insts.length;
    if (t === null) fail(b, "has no terminator");
    else if (t.kind === "jump") checkCall(b, t.target, end, "jump");
    else if (t.kind === "branch") {
      checkUse(b, end, t.cond, "branch");
      if (t.cond.kind !== "cond") fail(b, `branch condition ${t.cond} is not a cond`);
      checkCall(b, t.then, end, "branch");
      checkCall(b, t.else, end, "branch");
    } else if (t.kind === "return") {
      checkUse(b, end, t.value, "return");
      if (t.value.kind !== "obj") fail(b, "returns a cond");
    }
    if (b.unwind) {
      const fallible = b.insts.filter((inst) => opcodeInfo(inst.op).fallible);
      const last = b.insts[b.insts.length - 1];
      if (fallible.length !== 1 || fallible[0] !== last) {
        fail(b, "a block with an unwind handler must end with its only fallible instruction");
      }
      if (t?.kind !== "jump") fail(b, "a block with an unwind handler must end with a jump");
      // The exception leaves before the failing instruction defines its result.
      checkCall(b, b.unwind, b.insts.length - 1, "unwind");
    }
  }

  function verifyInst(b: Block, inst: Inst, index: number): void {
    const info = opcodeInfo(inst.op);
    const fixed = info.operands.filter((o) => o !== "...");
    const variadic = info.operands.includes("...");
    if (variadic ? inst.args.length < fixed.length : inst.args.length !== fixed.length) {
      fail(b, `${inst.op} has ${inst.args.length} operands, expects ${variadic ? "at least " : ""}${fixed.length}`);
    }
    inst.args.forEach((a, i) => {
      const want = i < fixed.length ? fixed[i] : "obj";
      if (a.kind !== want) fail(b, `${inst.op} operand ${i} is ${a.kind}, expects ${want}`);
      checkUse(b, index, a, inst.op);
    });
    if ((inst.result?.kind ?? null) !== info.result) fail(b, `${inst.op} result kind is wrong`);
    if (inst.cleanup.length > 0 && !info.fallible) fail(b, `${inst.op} cannot fail but has a cleanup list`);
    for (const v of inst.cleanup) checkUse(b, index, v, `${inst.op} cleanup`);
  }

  if (errors.length > 0) throw new VerifierError(errors.join("\n\n"));
}
