/**
 * Type inference: what each value is (int with an interval, bool, float, None, str, or any
 * object), by sparse forward dataflow to a fixpoint over the CFG. Branches narrow what their
 * targets know: on the true edge of `i < n` with int operands, `i <= n.hi - 1`; on the true
 * edge of `is_small_int x`, x is a small int (of `is_float x`, a float). Those facts hold in every block the edge's
 * target dominates. Loop-carried intervals are widened (to the small-int limits, then to
 * unbounded), so a counter bounded by a small int is proven small.
 *
 * The result annotates values (`Value.type`) and each arithmetic or comparison instruction
 * with its operands' types where it runs (`Inst.operandTypes`); codegen uses them to drop tag
 * tests, overflow checks and reference counting. Instructions this pass does not know give an
 * arbitrary object, so new opcodes are safe by default.
 */
import { Inst, type Block, type BlockCall, type IrFunction, type IrModule, type Value } from "../ir/function.js";
import { Dominators } from "../ir/dominators.js";
import {
  BOOL, BOT, FLOAT, NONE, OBJ, SMALL_INT, STR, intTy, isSmallIntTy, join, meet, sameTy, widen, type Ty,
} from "../ir/types.js";
import type { FunctionPass } from "./pass.js";

const MAX_ROUNDS = 50;
/** What `len()` and other index-sized results can be: at most sys.maxsize. */
const add = (a: bigint | null, b: bigint | null) => (a === null || b === null ? null : a + b);
const neg = (a: bigint | null) => (a === null ? null : -a);

type Ctx = Map<Value, Ty>;

/** The module's functions by name, for direct calls (set by `prepare`). */
let functionsByName = new Map<string, IrFunction>();

export const typeInference: FunctionPass = {
  name: "type-inference",
  prepare(m: IrModule): void {
    functionsByName = new Map(m.functions.map((f) => [f.name, f]));
  },
  run(f: IrFunction): void {
    const dom = new Dominators(f);
    const reachable = new Set(dom.order);
    const preds = new Map<Block, { from: Block; call: BlockCall; kind: "then" | "else" | "jump" | "unwind" }[]>();
    for (const b of dom.order) preds.set(b, []);
    for (const b of dom.order) {
      const t = b.terminator;
      if (t?.kind === "jump") preds.get(t.target.block)!.push({ from: b, call: t.target, kind: "jump" });
      if (t?.kind === "branch") {
        preds.get(t.then.block)!.push({ from: b, call: t.then, kind: "then" });
        preds.get(t.else.block)!.push({ from: b, call: t.else, kind: "else" });
      }
      if (b.unwind) preds.get(b.unwind.block)!.push({ from: b, call: b.unwind, kind: "unwind" });
    }

    const types = new Map<Value, Ty>();
    const ctxOf = new Map<Block, Ctx>();
    const global = (v: Value): Ty => types.get(v) ?? BOT;
    const tyIn = (ctx: Ctx | undefined, v: Value): Ty => {
      const g = global(v);
      const r = ctx?.get(v);
      return r === undefined || g.k === "bot" ? g : meet(r, g);
    };
    for (const p of f.entry.params) types.set(p.value, OBJ);

    let converged = false;
    for (let round = 0; round < MAX_ROUNDS && !converged; round++) {
      converged = true;
      const set = (v: Value, t: Ty) => {
        const old = types.get(v);
        if (old === undefined || !sameTy(old, t)) {
          types.set(v, t);
          converged = false;
        }
      };
      for (const b of dom.order) {
        const ctx: Ctx = b === f.entry ? new Map() : new Map(ctxOf.get(dom.idom.get(b)!) ?? []);
        const incoming = preds.get(b)!;
        if (incoming.length === 1 && (incoming[0]!.kind === "then" || incoming[0]!.kind === "else")) {
          const { from, kind } = incoming[0]!;
          narrow(ctx, ctxOf.get(from), from, kind === "then", tyIn);
        }
        ctxOf.set(b, ctx);
        if (b !== f.entry) {
          b.params.forEach((p, i) => {
            if (p.value.kind !== "obj") return;
            let t: Ty = BOT;
            for (const e of incoming) t = join(t, tyIn(ctxOf.get(e.from), e.call.args[i]!));
            const old = global(p.value);
            set(p.value, old.k === "bot" || sameTy(old, t) ? t : widen(old, join(old, t)));
          });
        }
        for (const inst of b.insts) {
          if (inst.result?.kind === "obj") set(inst.result, transfer(inst, inst.args.map((a) => tyIn(ctx, a))));
        }
      }
    }

    for (const b of f.blocks) {
      const values = [...b.params.map((p) => p.value), ...b.insts.flatMap((i) => (i.result ? [i.result] : []))];
      for (const v of values) {
        const t = converged && reachable.has(b) ? types.get(v) : undefined;
        v.type = t === undefined || t.k === "obj" || t.k === "bot" ? null : t;
      }
      if (converged && reachable.has(b)) retargetCalls(b, ctxOf.get(b), tyIn);
      for (const inst of b.insts) {
        inst.operandTypes = null;
        if (!converged || !reachable.has(b) || !TYPED_OPERANDS.has(inst.op)) continue;
        const ctx = ctxOf.get(b);
        inst.operandTypes = inst.args.map((a) => {
          const t = tyIn(ctx, a);
          return t.k === "obj" || t.k === "bot" ? null : t;
        });
      }
    }
  },
};

/**
 * A direct call whose arguments are proven of the kinds the callee guards for goes to the
 * callee's copy past the guards (`<name>$spec`, see passes/specialize-entry.ts).
 */
function retargetCalls(b: Block, ctx: Ctx | undefined, tyIn: (c: Ctx | undefined, v: Value) => Ty): void {
  b.insts.forEach((inst, i) => {
    if (inst.op !== "call_direct" || typeof inst.imm !== "string") return;
    const callee = functionsByName.get(inst.imm);
    const spec = callee?.specialEntry;
    if (!spec || callee!.arity !== inst.args.length) return;
    const proven = spec.params.every((k, j) => {
      const t = tyIn(ctx, inst.args[k]!);
      return spec.kinds[j] === "int" ? isSmallIntTy(t) : t.k === "float";
    });
    if (!proven) return;
    const call = new Inst("call_direct", inst.args, `${inst.imm}$spec`, inst.result);
    call.line = inst.line;
    call.cleanup = inst.cleanup;
    if (inst.result) inst.result.def = call;
    b.insts[i] = call;
  });
}

const TYPED_OPERANDS = new Set(["binop", "inplace", "compare", "compare_cond", "unop", "truthy", "is_small_int", "is_float", "dup", "drop"]);

const NEGATED: Record<string, string> = { Lt: "GtE", GtE: "Lt", LtE: "Gt", Gt: "LtE", Eq: "NotEq", NotEq: "Eq" };

/**
 * What `iter_next` gives while an iterator over `range(...)` of small-int bounds is not
 * exhausted: an int between the start and the stop. `range` here is the builtin
 * (`load_builtin`: the module never binds the name), called with positional arguments only.
 */
function rangeItem(item: Value, ctx: Ctx | undefined, tyIn: (c: Ctx | undefined, v: Value) => Ty): Ty | null {
  const next = item.def;
  if (!("op" in next) || next.op !== "iter_next") return null;
  const iter = next.args[0]!.def;
  if (!("op" in iter) || iter.op !== "get_iter") return null;
  const call = iter.args[0]!.def;
  if (!("op" in call) || call.op !== "call" || (Array.isArray(call.imm) && call.imm.length > 0)) return null;
  const callee = call.args[0]!.def;
  if (!("op" in callee) || callee.op !== "load_builtin" || callee.imm !== "range") return null;
  const bounds = call.args.slice(1).map((a) => tyIn(ctx, a));
  if (bounds.length < 1 || bounds.length > 3 || !bounds.every(isSmallIntTy)) return null;
  const [a, b] = bounds as { lo: bigint; hi: bigint }[];
  if (b === undefined) return intTy(0n, a!.hi > 0n ? a!.hi - 1n : 0n);
  return intTy(a!.lo < b.lo ? a!.lo : b.lo, a!.hi > b.hi ? a!.hi : b.hi);
}

/** Adds what the branch at the end of `from` tells its `then` (taken) or `else` target. */
function narrow(ctx: Ctx, fromCtx: Ctx | undefined, from: Block, taken: boolean, tyIn: (c: Ctx | undefined, v: Value) => Ty): void {
  const t = from.terminator;
  if (t?.kind !== "branch" || t.then.block === t.else.block) return;
  const def = t.cond.def;
  if (!("op" in def)) return;
  const refine = (v: Value, r: Ty) => ctx.set(v, meet(ctx.get(v) ?? tyIn(fromCtx, v), r));
  if (def.op === "is_small_int" && taken) refine(def.args[0]!, SMALL_INT);
  if (def.op === "is_float" && taken) refine(def.args[0]!, FLOAT);
  if (def.op === "is_exhausted" && !taken) {
    const item = rangeItem(def.args[0]!, fromCtx, tyIn);
    if (item !== null) refine(def.args[0]!, item);
  }
  if (def.op !== "compare_cond") return;
  const [a, b] = def.args as [Value, Value];
  const ta = tyIn(fromCtx, a);
  const tb = tyIn(fromCtx, b);
  if (ta.k !== "int" || tb.k !== "int") return;
  const op = taken ? (def.imm as string) : NEGATED[def.imm as string];
  const sub1 = (x: bigint | null) => add(x, -1n);
  const add1 = (x: bigint | null) => add(x, 1n);
  switch (op) {
    case "Lt":
      refine(a, intTy(null, sub1(tb.hi)));
      refine(b, intTy(add1(ta.lo), null));
      break;
    case "LtE":
      refine(a, intTy(null, tb.hi));
      refine(b, intTy(ta.lo, null));
      break;
    case "Gt":
      refine(a, intTy(add1(tb.lo), null));
      refine(b, intTy(null, sub1(ta.hi)));
      break;
    case "GtE":
      refine(a, intTy(tb.lo, null));
      refine(b, intTy(null, ta.hi));
      break;
    case "Eq":
      refine(a, tb);
      refine(b, ta);
      break;
  }
}

/** An int view of int and bool operands (bool is an int subclass in arithmetic). */
function asInt(t: Ty): Ty | null {
  if (t.k === "int") return t;
  if (t.k === "bool") return intTy(0n, 1n);
  return null;
}

const mul = (a: bigint | null, b: bigint | null) => (a === null || b === null ? null : a * b);

function arith(op: string, x: Ty, y: Ty): Ty {
  if (x.k === "bot" || y.k === "bot") return BOT;
  const a = asInt(x);
  const b = asInt(y);
  if (a?.k === "int" && b?.k === "int") {
    switch (op) {
      case "Add":
        return intTy(add(a.lo, b.lo), add(a.hi, b.hi));
      case "Sub":
        return intTy(add(a.lo, neg(b.hi)), add(a.hi, neg(b.lo)));
      case "Mult": {
        const corners = [mul(a.lo, b.lo), mul(a.lo, b.hi), mul(a.hi, b.lo), mul(a.hi, b.hi)];
        if (corners.some((c) => c === null)) return intTy(null, null);
        const cs = corners as bigint[];
        return intTy(cs.reduce((p, c) => (c < p ? c : p)), cs.reduce((p, c) => (c > p ? c : p)));
      }
      case "Mod":
        // Python's % takes the divisor's sign: 0 <= r < b for b > 0.
        if (b.lo !== null && b.lo > 0n) return intTy(0n, b.hi === null ? null : b.hi - 1n);
        return intTy(null, null);
      case "FloorDiv":
      case "LShift":
        return intTy(null, null);
      case "RShift":
        return a.lo !== null && a.lo >= 0n ? intTy(0n, a.hi) : intTy(null, null);
      case "BitAnd":
      case "BitOr":
      case "BitXor":
        return x.k === "bool" && y.k === "bool" ? BOOL : intTy(null, null);
      case "Div":
        return FLOAT;
      default:
        return OBJ;
    }
  }
  const numeric = (t: Ty) => t.k === "int" || t.k === "bool" || t.k === "float";
  if (numeric(x) && numeric(y) && (x.k === "float" || y.k === "float")) {
    return ["Add", "Sub", "Mult", "Div", "FloorDiv", "Mod"].includes(op) ? FLOAT : OBJ;
  }
  if (op === "Add" && x.k === "str" && y.k === "str") return STR;
  return OBJ;
}

function transfer(inst: Inst, args: Ty[]): Ty {
  switch (inst.op) {
    case "const": {
      const v = inst.imm;
      if (typeof v === "bigint") return intTy(v, v);
      if (typeof v === "number") return FLOAT;
      if (typeof v === "boolean") return BOOL;
      if (v === null) return NONE;
      if (typeof v === "string") return STR;
      return OBJ;
    }
    case "binop":
    case "inplace":
      return arith(inst.imm as string, args[0]!, args[1]!);
    case "unop": {
      const x = args[0]!;
      if (x.k === "bot") return BOT;
      const a = asInt(x);
      const op = inst.imm as string;
      if (a?.k === "int") {
        if (op === "USub") return intTy(neg(a.hi), neg(a.lo));
        if (op === "UAdd") return a;
        if (op === "Invert") return intTy(add(neg(a.hi), -1n), add(neg(a.lo), -1n));
      }
      if (x.k === "float" && (op === "USub" || op === "UAdd")) return FLOAT;
      return OBJ;
    }
    case "compare": {
      const [x, y] = args as [Ty, Ty];
      if (x.k === "bot" || y.k === "bot") return BOT;
      const op = inst.imm as string;
      if (op === "Is" || op === "IsNot" || op === "In" || op === "NotIn") return BOOL;
      const numeric = (t: Ty) => t.k === "int" || t.k === "bool" || t.k === "float";
      if ((numeric(x) && numeric(y)) || (x.k === "str" && y.k === "str")) return BOOL;
      return OBJ;
    }
    case "bool":
      return BOOL;
    case "check_bound":
      return args[0]!;
    default:
      return OBJ;
  }
}

export { isSmallIntTy };
