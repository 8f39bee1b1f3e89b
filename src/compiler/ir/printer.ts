/**
 * The IR's text form, stable enough for tests to assert on:
 *
 *   func fib(1) {
 *   block0(v0):
 *     v1 = const 2
 *     v2 = compare.Lt v0, v1
 *     v3 = truthy v2
 *     branch v3, block1, block2
 *   ...
 */
import type { Block, BlockCall, Immediate, Inst, IrFunction, IrModule, Terminator } from "./function.js";
import { strRepr, bytesRepr } from "../syntax/constant-repr.js";
import { tyText } from "./types.js";

function immediateText(op: string, imm: Immediate): string {
  if (op === "const") {
    if (imm === null) return "None";
    if (typeof imm === "boolean") return imm ? "True" : "False";
    if (typeof imm === "string") return strRepr(imm);
    if (imm instanceof Uint8Array) return bytesRepr(imm);
    if (typeof imm === "number") return Number.isInteger(imm) ? `${imm}.0` : String(imm);
    return String(imm);
  }
  if (Array.isArray(imm)) return `[${imm.join(", ")}]`;
  return String(imm);
}

function instText(inst: Inst): string {
  const dotted = inst.imm !== undefined && inst.op !== "const" && typeof inst.imm === "string";
  let text = dotted ? `${inst.op}.${inst.imm as string}` : inst.op;
  const parts = inst.args.map(String);
  if (inst.imm !== undefined && !dotted) parts.unshift(immediateText(inst.op, inst.imm));
  if (parts.length > 0) text += " " + parts.join(", ");
  if (inst.cleanup.length > 0) text += ` ; on error drop ${inst.cleanup.join(", ")}`;
  if (!inst.result) return text;
  return inst.result.type ? `${inst.result}: ${tyText(inst.result.type)} = ${text}` : `${inst.result} = ${text}`;
}

function callText(c: BlockCall): string {
  return c.args.length === 0 ? String(c.block) : `${c.block}(${c.args.join(", ")})`;
}

function terminatorText(t: Terminator | null): string {
  if (t === null) return "<no terminator>";
  switch (t.kind) {
    case "jump":
      return `jump ${callText(t.target)}`;
    case "branch":
      return `branch ${t.cond}, ${callText(t.then)}, ${callText(t.else)}`;
    case "return":
      return `return ${t.value}`;
    case "unwind":
      return t.traceback ? "unwind" : "unwind reraise";
    case "unreachable":
      return t.kind;
  }
}

export function printBlock(b: Block): string {
  const params = b.params.map((p) =>
    p.value.kind !== "obj" ? `${p.value}: cond` : p.value.type ? `${p.value}: ${tyText(p.value.type)}` : String(p.value),
  );
  let head = params.length > 0 ? `${b}(${params.join(", ")})` : String(b);
  if (b.unwind) head += ` unwind ${callText(b.unwind)}`;
  const lines = [head + ":"];
  for (const inst of b.insts) lines.push("  " + instText(inst));
  lines.push("  " + terminatorText(b.terminator));
  return lines.join("\n");
}

export function printFunction(f: IrFunction): string {
  return `func ${f.name}(${f.arity}) {\n${f.blocks.map(printBlock).join("\n")}\n}\n`;
}

export function printModule(m: IrModule): string {
  return m.functions.map(printFunction).join("\n");
}
