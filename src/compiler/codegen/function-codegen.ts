/**
 * One IR function to one Wasm function. SSA values become Wasm locals (binaryen's optimizer
 * coalesces them), blocks become Relooper blocks, and block arguments become local copies on
 * the edges. Fallible instructions compare their result with ERR: outside a `try` the function
 * records a traceback entry and returns ERR; inside one, a Relooper branch goes to the handler.
 */
import type binaryen from "binaryen";
import type { Binaryen } from "./binaryen.js";
import type { Block, BlockCall, Inst, IrFunction, Value } from "../ir/function.js";
import { opcodeInfo } from "../ir/opcodes.js";
import { useCounts } from "../ir/uses.js";
import type { CmpOperator, Operator, UnaryOperator } from "../syntax/ast.js";
import { BINOP_FUNCTIONS, COMPARE_FUNCTIONS, INPLACE_FUNCTIONS, UNOP_FUNCTIONS } from "./runtime-api.js";
import { BOXED_FALSE, BOXED_NONE, BOXED_TRUE, ERR, EXHAUSTED, TAG_INT, TAG_PTR, TAG_SHIFT, UNBOUND } from "./value-encoding.js";
import { FastPaths, type Known } from "./fast-paths.js";
import { FloatPaths } from "./float-paths.js";
import { isEntryGuard } from "../passes/specialize-entry.js";
import { PROFILE_ARG, PROFILE_ENTER } from "./profile-sites.js";
import { isSmallIntTy, isUnboxedTy } from "../ir/types.js";
import { BUILTIN_NAMES } from "../lower/builtins.js";

type Expr = binaryen.ExpressionRef;

/** What a function's code needs from the module being generated. */
export interface ModuleContext {
  readonly b: Binaryen;
  readonly m: binaryen.Module;
  /** Internal name of a runtime entry point (see runtime-api.ts). */
  runtime(name: string): string;
  /** The instrumented build's counter index for the function, or null when not instrumenting. */
  profileSite(f: IrFunction): number | null;
  /** Internal name of the Wasm function for an IR function of this module. */
  functionName(irName: string): string;
  /** An expression producing the boxed constant (literals that need the heap are pooled). */
  constant(value: unknown): Expr;
  /** Boxed str of an identifier or other name, pooled. */
  nameConstant(name: string): Expr;
  /** Wasm global holding a module-level variable. */
  globalName(name: string): string;
  /** Whether calls of the module variable `name` may go straight to its def's function. */
  isDirectTarget(name: string): boolean;
  /** Wasm global holding the function object the def of direct target `name` made (0 before it runs). */
  definedFunctionGlobal(name: string): string;
  /** The i32 naming an IR function's generic entry (what `molt_link.call_function` dispatches on). */
  entryRef(irName: string): Expr;
  /** The code object of an IR function that is made into function objects. */
  codeConstant(irName: string): Expr;
  /** Traceback identity of a function: its `co_name` and file, as boxed strs. */
  tracebackName(f: IrFunction): Expr;
  tracebackFile(): Expr;
  /**
   * Frames of this module are left out of tracebacks: Molt's standard library written in
   * Python stands in for modules CPython mostly implements in C, whose calls leave no frame.
   */
  readonly hiddenFromTracebacks: boolean;
  /** The i32 index of a module in the runtime's linked-module table, or null for a builtin module. */
  linkedModuleRef(name: string): Expr | null;
  /** The source map's index of the module's file, or null when no source map is made. */
  debugFile(): number | null;
  /** Wasm global counting active Python frames. */
  readonly depthGlobal: string;
  /** The runtime's recursion limit (sys.setrecursionlimit writes it). */
  readonly recursionLimitGlobal: string;
}

/** Tag of what `xs.append` gives on a list when the call follows at once: never a Python value. */
const TAG_LIST_APPEND = 0xfffdn;

const moduleGlobals = new WeakMap<binaryen.Module, Set<string>>();

/** A mutable global of the module, made on first use. */
function moduleGlobal(m: binaryen.Module, b: Binaryen, name: string, type: number, init: number | bigint): string {
  let names = moduleGlobals.get(m);
  if (!names) moduleGlobals.set(m, (names = new Set()));
  if (!names.has(name)) {
    names.add(name);
    m.addGlobal(name, type, true, typeof init === "bigint" ? m.i64.const(init) : m.i32.const(init));
  }
  return name;
}

export class FunctionCodegen {
  private readonly b: Binaryen;
  private readonly m: binaryen.Module;
  private readonly localOf = new Map<Value, number>();
  private readonly localTypes: number[] = [];
  private readonly relooperBlocks = new Map<Block, binaryen.RelooperBlockRef>();
  private relooper!: binaryen.Relooper;
  private readonly fast: FastPaths;
  private readonly floats: FloatPaths;

  constructor(
    private readonly ctx: ModuleContext,
    private readonly f: IrFunction,
  ) {
    this.b = ctx.b;
    this.m = ctx.m;
    this.fast = new FastPaths(ctx.b, ctx.m);
    this.floats = new FloatPaths(ctx.b, ctx.m, (type) => this.temp(type));
  }

  generate(): void {
    this.emit(this.f.entry, this.ctx.functionName(this.f.name));
    // The copy of the body for arguments of the guarded kinds, past the entry's guards, for
    // callers that proved them (passes/specialize-entry.ts, type-inference.ts).
    if (this.f.specialEntry !== null) {
      let start = this.f.entry;
      for (;;) {
        const t = start.terminator;
        if (t?.kind !== "branch" || start.insts.length !== 1 || !isEntryGuard(start.insts[0]!.op)) break;
        start = t.then.block;
      }
      if (start !== this.f.entry) new FunctionCodegen(this.ctx, this.f).emit(start, this.ctx.functionName(`${this.f.name}$spec`));
    }
  }

  /** The Wasm function running the IR function's blocks reachable from `start`. */
  private emit(start: Block, wasmName: string): void {
    const { b, m, f } = this;
    this.findListMethods();
    const params: number[] = [];
    f.entry.params.forEach((p) => {
      this.localOf.set(p.value, params.length);
      params.push(b.i64);
    });
    const reachable = new Set<Block>([start]);
    const work = [start];
    while (work.length > 0) for (const s of work.pop()!.successors()) if (!reachable.has(s)) (reachable.add(s), work.push(s));
    const blocks = f.blocks.filter((block) => reachable.has(block));
    const relooper = (this.relooper = new b.Relooper(m));
    for (const block of blocks) {
      const code: Expr[] = [];
      block.insts.forEach((inst, i) => {
        if (this.folded.has(inst)) return;
        if (block.unwind === null) this.foldDrops(block.insts, i);
        code.push(...this.inst(inst, block));
      });
      if (block.terminator?.kind === "return") code.push(this.leave(), m.return(this.get(block.terminator.value)));
      if (block.terminator?.kind === "unwind") {
        code.push(this.propagate(block.insts.at(-1)?.line ?? 0, [], block.terminator.traceback));
      }
      if (block.terminator?.kind === "unreachable") code.push(m.unreachable());
      this.relooperBlocks.set(block, relooper.addBlock(m.block(null, code, b.none)));
    }
    for (const block of blocks) this.edges(block);
    const body = m.block(null, [...this.recordProfile(), this.enter(), relooper.renderAndDispose(this.relooperBlocks.get(start)!, this.temp(b.i32))]);
    const fn = m.addFunction(
      wasmName,
      b.createType(params),
      b.i64,
      this.localTypes,
      // Every block ends in a terminator, so control never falls off the end.
      m.block(null, [body, m.unreachable()], b.i64),
    );
    const file = this.ctx.debugFile();
    if (file !== null) for (const [expr, line] of this.locations) m.setDebugLocation(fn, expr, file, line, 0);
  }

  /** Expressions of the function and the source lines they run (for the source map). */
  private readonly locations: [Expr, number][] = [];

  private typeOf(v: Value): number {
    return v.kind === "cond" ? this.b.i32 : this.b.i64;
  }

  private local(v: Value): number {
    let index = this.localOf.get(v);
    if (index === undefined) {
      index = this.temp(this.typeOf(v));
      this.localOf.set(v, index);
    }
    return index;
  }

  private get(v: Value): Expr {
    return this.m.local.get(this.local(v), this.typeOf(v));
  }

  private runtimeCall(name: string, args: Expr[], result: number): Expr {
    return this.m.call(this.ctx.runtime(name), args, result);
  }

  /** Releases the held references and returns ERR, recording where the exception passed. */
  private propagate(line: number, cleanup: readonly Value[], traceback = true): Expr {
    const { m } = this;
    return m.block(null, [
      ...cleanup.map((v) => this.refcountOp("rt_decref", v)),
      ...(traceback ? [this.tracebackHere(line)] : []),
      this.leave(),
      m.return(m.i64.const(ERR)),
    ]);
  }

  private tracebackHere(line: number): Expr {
    const { m, b } = this;
    if (this.ctx.hiddenFromTracebacks) return m.nop();
    return this.runtimeCall("rt_traceback_add", [this.ctx.tracebackName(this.f), this.ctx.tracebackFile(), m.i32.const(line)], b.none);
  }

  /**
   * Python's recursion limit, counted per call as CPython does, so deep recursion raises
   * RecursionError at the same depth instead of overflowing the Wasm stack.
   */
  /** In an instrumented build, counts the call and the kind of each argument (src/compiler/profile). */
  private recordProfile(): Expr[] {
    const { m, b, ctx, f } = this;
    const site = ctx.profileSite(f);
    if (site === null) return [];
    const params = f.entry.params.length - (f.hasClosure ? 1 : 0);
    return [
      m.call(PROFILE_ENTER, [m.i32.const(site)], b.none),
      ...Array.from({ length: params }, (_, i) => m.call(PROFILE_ARG, [m.i32.const(site), m.i32.const(i), m.local.get(i, b.i64)], b.none)),
    ];
  }

  private enter(): Expr {
    const { m, b, ctx } = this;
    const depth = ctx.depthGlobal;
    const d = this.temp(b.i32);
    return m.block(null, [
      m.local.set(d, m.i32.add(m.global.get(depth, b.i32), m.i32.const(1))),
      m.global.set(depth, m.local.get(d, b.i32)),
      m.if(
        m.i32.gt_u(m.local.get(d, b.i32), m.global.get(ctx.recursionLimitGlobal, b.i32)),
        m.block(null, [
          m.drop(this.runtimeCall("rt_raise_recursion", [], b.i64)),
          this.propagate(0, []),
        ]),
      ),
    ]);
  }

  private leave(): Expr {
    const { m, b, ctx } = this;
    return m.global.set(ctx.depthGlobal, m.i32.sub(m.global.get(ctx.depthGlobal, b.i32), m.i32.const(1)));
  }

  /** Did this fallible instruction fail? Values compare with ERR, conditions and effects with -1. */
  private failed(inst: Inst): Expr {
    const { m, b } = this;
    if (!inst.result) return m.i32.ne(m.local.get(this.statusLocal(), b.i32), m.i32.const(0));
    const r = this.get(inst.result);
    return inst.result.kind === "cond" ? m.i32.eq(r, m.i32.const(-1)) : m.i64.eq(r, m.i64.const(ERR));
  }

  private inst(inst: Inst, block: Block): Expr[] {
    const value = this.select(inst);
    const code = [inst.result ? this.m.local.set(this.local(inst.result), value) : value];
    if (inst.line > 0) this.locations.push([value, inst.line], [code[0]!, inst.line]);
    // Inside a try the handler edge is a Relooper branch (see `edges`); elsewhere, propagate.
    if (opcodeInfo(inst.op).fallible && block.unwind === null && !this.inlineOnly.has(inst)) {
      code.push(this.m.if(this.failed(inst), this.propagate(inst.line, inst.cleanup)));
    }
    return code;
  }

  /** `drop`s emitted inside the runtime path of the instruction before them (see foldDrops). */
  private readonly folded = new Set<Inst>();
  private readonly dropsAfter = new Map<Inst, Inst[]>();

  /**
   * The operands an arithmetic or comparison instruction releases right after it are small
   * ints whenever its inline path runs, so their `drop`s move into its runtime path, after a
   * successful call (on failure the cleanup releases them). Saves a tag test per operand.
   */
  private foldDrops(insts: readonly Inst[], i: number): void {
    const inst = insts[i]!;
    const op = inst.imm as string;
    const inline = inst.op === "binop" || inst.op === "inplace"
      ? ["Add", "Sub", "Mult", "Mod", "FloorDiv"].includes(op)
      : (inst.op === "compare" || inst.op === "compare_cond") && ["Lt", "LtE", "Gt", "GtE", "Eq", "NotEq"].includes(op);
    if (!inline) return;
    const drops: Inst[] = [];
    for (let j = i + 1; j < insts.length; j++) {
      const d = insts[j]!;
      if (d.op !== "drop" || !inst.args.includes(d.args[0]!) || drops.some((x) => x.args[0] === d.args[0])) break;
      drops.push(d);
    }
    if (drops.length === 0) return;
    drops.forEach((d) => this.folded.add(d));
    this.dropsAfter.set(inst, drops);
  }

  /** The runtime path of `inst`, followed by its folded drops when it succeeded. */
  private withDrops(inst: Inst, slow: () => Expr): () => Expr {
    const drops = this.dropsAfter.get(inst);
    if (drops === undefined) return slow;
    const { m, b } = this;
    const cond = inst.result!.kind === "cond";
    return () => {
      const r = this.temp(cond ? b.i32 : b.i64);
      const get = () => m.local.get(r, cond ? b.i32 : b.i64);
      return m.block(null, [
        m.local.set(r, slow()),
        m.if(cond ? m.i32.ne(get(), m.i32.const(-1)) : m.i64.ne(get(), m.i64.const(ERR)), m.block(null, drops.map((d) => this.select(d)))),
        get(),
      ], cond ? b.i32 : b.i64);
    };
  }

  /** Fallible instructions whose types left them no runtime call: they cannot fail. */
  private readonly inlineOnly = new Set<Inst>();

  /** What type inference proved about the instruction's operands and result. */
  private known(inst: Inst): Known {
    const t = inst.operandTypes;
    const nonNegative = [t?.[0], t?.[1], inst.result?.type].every((x) => x?.k === "int" && x.lo !== null && x.lo >= 0n);
    return { a: isSmallIntTy(t?.[0]), c: isSmallIntTy(t?.[1]), result: isSmallIntTy(inst.result?.type), nonNegative };
  }

  /** Arithmetic: inline on small ints; proven small operands and result need no checks at all. */
  private arith(inst: Inst, runtimePath: () => Expr): Expr {
    const { b } = this;
    const slow = this.withDrops(inst, runtimePath);
    const [ta, tc] = inst.operandTypes ?? [];
    if (FloatPaths.applies(ta, tc)) {
      const float = this.floats.arith(inst.imm as Operator, () => this.get(inst.args[0]!), () => this.get(inst.args[1]!), ta, tc, slow);
      if (float !== null) {
        if (!float.fallible) this.inlineOnly.add(inst);
        return float.expr;
      }
    }
    const known = this.known(inst);
    const op = inst.imm as Operator;
    const fast = this.fast.arith(op, () => this.get(inst.args[0]!), () => this.get(inst.args[1]!), slow, this.temp(b.i64), known);
    if (fast === null) return runtimePath();
    if (known.a && known.c && known.result && (op === "Add" || op === "Sub" || op === "Mult")) this.inlineOnly.add(inst);
    return fast;
  }

  private status = -1;
  /** Effect-only fallible instructions (`setitem`, ...) leave their 0/-1 status here. */
  private statusLocal(): number {
    if (this.status < 0) this.status = this.temp(this.b.i32);
    return this.status;
  }

  /** A fresh scratch local. */
  private temp(type: number): number {
    this.localTypes.push(type);
    return this.f.entry.params.length + this.localTypes.length - 1;
  }

  /** Instruction selection: the Wasm expression computing `inst`. */
  private select(inst: Inst): Expr {
    const { m, b, ctx } = this;
    const args = inst.args.map((a) => this.get(a));
    const arg = (i: number) => this.get(inst.args[i]!);
    const status = (e: Expr) => m.local.set(this.statusLocal(), e);
    switch (inst.op) {
      case "const":
        return ctx.constant(inst.imm);
      case "unbound":
        return m.i64.const(UNBOUND);
      case "check_bound":
        return this.checkBound(args[0]!, inst.imm as string, true);
      case "check_bound_free":
        return this.checkBound(args[0]!, inst.imm as string, 2);
      case "make_function": {
        const target = inst.imm as string;
        return this.runtimeCall("rt_make_function", [ctx.entryRef(target), ctx.codeConstant(target), ...args], b.i64);
      }
      case "binop":
        return this.arith(inst, () => this.runtimeCall(BINOP_FUNCTIONS[inst.imm as Operator], [arg(0), arg(1)], b.i64));
      case "inplace":
        // On ints and floats `x += y` is `x + y`: the same inline fast paths apply.
        return this.arith(inst, () => this.runtimeCall(INPLACE_FUNCTIONS[inst.imm as Operator], [arg(0), arg(1)], b.i64));
      case "unop": {
        const float = inst.operandTypes?.[0]?.k === "float" ? this.floats.unary(inst.imm as UnaryOperator, () => arg(0)) : null;
        if (float !== null) {
          this.inlineOnly.add(inst);
          return float;
        }
        return this.runtimeCall(UNOP_FUNCTIONS[inst.imm as UnaryOperator], args, b.i64);
      }
      case "compare": {
        const floatTest = this.floatCompare(inst);
        if (floatTest !== null) return m.i64.or(m.i64.const(BOXED_FALSE), m.i64.extend_u(floatTest));
        const slow = () => this.runtimeCall(COMPARE_FUNCTIONS[inst.imm as CmpOperator], [arg(0), arg(1)], b.i64);
        const known = this.known(inst);
        const fast = this.fast.compare(inst.imm as CmpOperator, () => arg(0), () => arg(1), this.withDrops(inst, slow), known);
        if (fast !== null && known.a && known.c) this.inlineOnly.add(inst);
        return fast ?? slow();
      }
      case "compare_cond":
        return this.compareCond(inst);
      case "is_small_int":
        return m.i64.eq(m.i64.shr_u(args[0]!, m.i64.const(TAG_SHIFT)), m.i64.const(TAG_INT));
      case "is_float":
        // Floats are the bit patterns below the first tag (NaNs are canonical).
        return m.i64.lt_u(m.i64.shr_u(args[0]!, m.i64.const(TAG_SHIFT)), m.i64.const(TAG_INT));
      case "truthy": {
        const t = inst.operandTypes?.[0];
        if (t?.k === "bool") return m.i64.eq(args[0]!, m.i64.const(BOXED_TRUE));
        if (t?.k === "none") return m.i32.const(0);
        if (isSmallIntTy(t)) return m.i64.ne(m.i64.shl(args[0]!, m.i64.const(16n)), m.i64.const(0n));
        return this.truthy(args[0]!);
      }
      case "not":
        return m.i32.eqz(args[0]!);
      case "bool":
        return m.select(args[0]!, m.i64.const(BOXED_TRUE), m.i64.const(BOXED_FALSE));
      case "call_direct":
        return this.callDirect(inst, args);
      case "call":
        return this.call(inst, args);
      case "load_global":
        return this.loadGlobal(inst.imm as string);
      case "store_global":
        return this.storeGlobal(inst.imm as string, inst.args[0]!);
      case "load_builtin":
        return this.loadBuiltin(inst.imm as string);
      case "load_attr":
        if (this.listMethods.has(inst)) return this.loadListMethod(inst);
        return this.runtimeCall("rt_getattr", [args[0]!, ctx.nameConstant(inst.imm as string)], b.i64);
      case "store_attr":
        return status(this.runtimeCall("rt_setattr", [args[0]!, ctx.nameConstant(inst.imm as string), args[1]!], b.i32));
      case "delete_attr":
        return status(this.runtimeCall("rt_delattr", [args[0]!, ctx.nameConstant(inst.imm as string)], b.i32));
      case "with_exit":
        return this.runtimeCall("rt_with_exit", args, b.i64);
      case "with_enter":
        return this.runtimeCall("rt_with_enter", args, b.i64);
      case "with_exit_exc":
        return this.runtimeCall("rt_with_exit_exc", args, b.i64);
      case "list_extend_star":
        return status(this.runtimeCall("rt_list_extend_star", args, b.i32));
      case "list_to_tuple":
        return this.runtimeCall("rt_list_to_tuple", args, b.i64);
      case "set_update":
        return status(this.runtimeCall("rt_set_update", args, b.i32));
      case "dict_update":
        return status(this.runtimeCall("rt_dict_update", args, b.i32));
      case "dict_merge_kw":
        return status(this.runtimeCall("rt_dict_merge_kw", args, b.i32));
      case "call_ex":
        return this.runtimeCall("rt_call_ex", args, b.i64);
      case "gen_yield":
        throw new Error("gen_yield survived the generator transform");
      case "gen_new": {
        const [fn, ...rest] = args;
        return this.withVector(rest, (addr) => this.runtimeCall("rt_gen_new", [fn!, addr, m.i32.const(rest.length)], b.i64));
      }
      case "gen_load":
        return this.runtimeCall("rt_gen_load", [args[0]!, m.i32.const(inst.imm as number)], b.i64);
      case "gen_store":
        return m.drop(this.runtimeCall("rt_gen_store", [args[0]!, m.i32.const(inst.imm as number), args[1]!], b.i32));
      case "gen_reserve":
        return status(this.runtimeCall("rt_gen_reserve", [args[0]!, m.i32.const(inst.imm as number)], b.i32));
      case "gen_set_state":
        return this.runtimeCall("rt_gen_set_state", [args[0]!, m.i32.const(inst.imm as number)], b.none);
      case "gen_at":
        return m.i32.eq(this.runtimeCall("rt_gen_state", [args[0]!], b.i32), m.i32.const(inst.imm as number));
      case "gen_finish":
        return this.runtimeCall("rt_gen_finish", args, b.none);
      case "gen_sent":
        return this.runtimeCall("rt_gen_sent", args, b.i64);
      case "gen_delegate":
        return this.runtimeCall("rt_gen_delegate", args, b.i64);
      case "gen_delegate_result":
        return this.runtimeCall("rt_gen_delegate_result", [], b.i64);
      case "match_sequence":
        return this.runtimeCall("rt_match_sequence", args, b.i64);
      case "match_mapping":
        return this.runtimeCall("rt_match_mapping", args, b.i32);
      case "match_key":
        return this.runtimeCall("rt_match_key", args, b.i64);
      case "match_rest":
        return this.runtimeCall("rt_match_rest", args, b.i64);
      case "match_class":
        return this.runtimeCall("rt_match_class", args, b.i32);
      case "match_attrs": {
        const [npos, ...names] = inst.imm as readonly (number | string)[];
        return this.runtimeCall("rt_match_attrs", [...args, m.i32.const(npos as number), ctx.constant(names as string[])], b.i64);
      }
      case "ns_get":
        return this.runtimeCall("rt_ns_get", [args[0]!, ctx.nameConstant(inst.imm as string)], b.i64);
      case "is_unbound":
        return m.i64.eq(args[0]!, m.i64.const(UNBOUND));
      case "getitem":
        return this.getitem(inst);
      case "setitem":
        return status(this.runtimeCall("rt_setitem", args, b.i32));
      case "delitem":
        return status(this.runtimeCall("rt_delitem", args, b.i32));
      case "build_tuple":
        return this.vectorCall("rt_build_tuple", args);
      case "build_list":
        return this.vectorCall("rt_build_list", args);
      case "build_dict":
        return this.vectorCall("rt_build_dict", args);
      case "build_set":
        return this.vectorCall("rt_build_set", args);
      case "import_module": {
        const index = ctx.linkedModuleRef(inst.imm as string);
        if (index === null) return this.runtimeCall("rt_import", [ctx.nameConstant(inst.imm as string)], b.i64);
        return this.runtimeCall("rt_import_linked", [index], b.i64);
      }
      case "import_from": {
        const [name, submodule, star] = inst.imm as readonly [string, string, number];
        const sub = (submodule === "" ? null : ctx.linkedModuleRef(submodule)) ?? m.i32.const(-1);
        return this.runtimeCall("rt_import_from", [args[0]!, ctx.nameConstant(name), sub, m.i32.const(star)], b.i64);
      }
      case "build_slice":
        return this.runtimeCall("rt_slice_new", args, b.i64);
      case "format_value":
        return this.runtimeCall("rt_format_value", [args[0]!, args[1]!, m.i32.const(inst.imm as number)], b.i64);
      case "build_string":
        return this.vectorCall("rt_build_string", args);
      case "unpack": {
        const [before, after, starred] = inst.imm as unknown as number[];
        return this.runtimeCall("rt_unpack", [args[0]!, m.i32.const(before!), m.i32.const(after!), m.i32.const(starred!)], b.i64);
      }
      case "list_append":
        return status(this.runtimeCall("rt_list_append", args, b.i32));
      case "set_add":
        return status(this.runtimeCall("rt_set_add", args, b.i32));
      case "get_iter":
        return this.runtimeCall("rt_get_iter", args, b.i64);
      case "iter_next":
        return this.runtimeCall("rt_iter_next", args, b.i64);
      case "is_exhausted":
        return m.i64.eq(args[0]!, m.i64.const(EXHAUSTED));
      case "raise":
        return this.runtimeCall("rt_raise", args, b.none);
      case "traceback_here":
        return this.tracebackHere(inst.line);
      case "exc_fetch":
        return this.runtimeCall("rt_err_fetch", [], b.i64);
      case "exc_matches":
        return this.runtimeCall("rt_exception_matches", args, b.i32);
      case "exc_restore":
        return this.runtimeCall("rt_err_restore", args, b.none);
      case "handler_enter":
        return this.runtimeCall("rt_exc_handler_enter", args, b.none);
      case "handler_exit":
        return this.runtimeCall("rt_exc_handler_exit", [], b.none);
      case "reraise":
        return m.drop(this.runtimeCall("rt_reraise", [], b.i64));
      case "cell_new":
        return this.runtimeCall("rt_cell_new", args, b.i64);
      case "cell_get":
        return this.runtimeCall("rt_cell_get", args, b.i64);
      case "cell_set":
        return this.runtimeCall("rt_cell_set", args, b.none);
      case "dup":
      case "drop":
        // Type inference proved it is never a heap object here.
        if (isUnboxedTy(inst.operandTypes?.[0])) return m.nop();
        return this.refcountOp(inst.op === "dup" ? "rt_incref" : "rt_decref", inst.args[0]!);
    }
  }

  /**
   * `truthy(compare(a, b))` without the bool: inline on small ints; otherwise the runtime's
   * comparison, its truth value, and the release of its result (-1 if either raised).
   */
  /** A comparison of proven floats (or a float and a small int) as a condition; it cannot fail. */
  private floatCompare(inst: Inst): Expr | null {
    const [ta, tc] = inst.operandTypes ?? [];
    if (!FloatPaths.applies(ta, tc)) return null;
    const test = this.floats.compareTest(inst.imm as CmpOperator, () => this.get(inst.args[0]!), () => this.get(inst.args[1]!), ta, tc);
    if (test !== null) this.inlineOnly.add(inst);
    return test;
  }

  private compareCond(inst: Inst): Expr {
    const floatTest = this.floatCompare(inst);
    if (floatTest !== null) return floatTest;
    const { m, b } = this;
    const op = inst.imm as CmpOperator;
    const arg = (i: number) => this.get(inst.args[i]!);
    const slow = () => {
      const r = this.temp(b.i64);
      const c = this.temp(b.i32);
      const value = () => m.local.get(r, b.i64);
      return m.block(null, [
        m.local.set(r, this.runtimeCall(COMPARE_FUNCTIONS[op], [arg(0), arg(1)], b.i64)),
        m.if(
          m.i64.eq(value(), m.i64.const(ERR)),
          m.i32.const(-1),
          m.block(null, [
            m.local.set(c, this.truthy(value())),
            this.refcountOp("rt_decref", value),
            m.local.get(c, b.i32),
          ], b.i32),
        ),
      ], b.i32);
    };
    const known = this.known(inst);
    const fast = this.fast.compareCond(op, () => arg(0), () => arg(1), this.withDrops(inst, slow), known);
    if (fast !== null && known.a && known.c) this.inlineOnly.add(inst);
    return fast ?? slow();
  }

  /** Only heap objects are counted: the tag test keeps ints, floats and singletons inline. */
  private refcountOp(fn: "rt_incref" | "rt_decref", v: Value | (() => Expr)): Expr {
    const { m, b } = this;
    // Type inference proved it is never a heap object.
    if (typeof v !== "function" && isUnboxedTy(v.type)) return m.nop();
    // A list-method marker holds a reference to its list.
    if (typeof v !== "function" && "op" in v.def && this.listMethods.has(v.def)) {
      const marker = this.get(v);
      return m.if(this.isListMethod(marker), this.runtimeCall(fn, [this.markedList(this.get(v))], b.none), this.refcountOp(fn, () => this.get(v)));
    }
    const get = typeof v === "function" ? v : () => this.get(v);
    const isPointer = m.i64.eq(m.i64.shr_u(get(), m.i64.const(TAG_SHIFT)), m.i64.const(TAG_PTR));
    return m.if(isPointer, this.runtimeCall(fn, [get()], b.none));
  }

  /** bool and None answer inline; everything else asks the runtime. */
  private truthy(v: Expr): Expr {
    const { m, b } = this;
    const t = this.temp(b.i64);
    return m.block(null, [
      m.local.set(t, v),
      m.if(
        m.i64.eq(m.local.get(t, b.i64), m.i64.const(BOXED_TRUE)),
        m.i32.const(1),
        m.if(
          m.i32.or(
            m.i64.eq(m.local.get(t, b.i64), m.i64.const(BOXED_FALSE)),
            m.i64.eq(m.local.get(t, b.i64), m.i64.const(BOXED_NONE)),
          ),
          m.i32.const(0),
          this.fast.truthyInt(() => m.local.get(t, b.i64), () => this.runtimeCall("rt_truthy", [m.local.get(t, b.i64)], b.i32)),
        ),
      ),
    ], b.i32);
  }

  /**
   * A new reference to the global's value, or ERR with NameError if it has none. A module
   * variable named like a builtin falls back to the builtin while unbound, as LOAD_GLOBAL does.
   */
  private loadGlobal(name: string): Expr {
    const { m, b, ctx } = this;
    const t = this.temp(b.i64);
    const value = () => m.local.get(t, b.i64);
    if (BUILTIN_NAMES.has(name)) {
      return m.block(null, [
        m.local.set(t, m.global.get(ctx.globalName(name), b.i64)),
        m.if(
          m.i64.eq(value(), m.i64.const(UNBOUND)),
          m.local.set(t, this.loadBuiltin(name)),
          this.refcountOp("rt_incref", value),
        ),
        value(),
      ], b.i64);
    }
    return m.block(null, [
      m.local.set(t, this.checkBound(m.global.get(ctx.globalName(name), b.i64), name, false)),
      this.refcountOp("rt_incref", value),
      value(),
    ], b.i64);
  }

  /**
   * The global takes the reference and releases the value it held (if any). The def of a
   * function calls reach directly also records the function object (with a reference of its
   * own, so the address is never reused) for callDirect's check.
   */
  private storeGlobal(name: string, v: Value): Expr {
    const { m, b, ctx } = this;
    const old = this.temp(b.i64);
    const global = ctx.globalName(name);
    const def = v.def;
    const definesDirect = ctx.isDirectTarget(name) && "op" in def && def.op === "make_function";
    return m.block(null, [
      m.local.set(old, m.global.get(global, b.i64)),
      m.global.set(global, this.get(v)),
      ...(definesDirect ? [
        m.global.set(ctx.definedFunctionGlobal(name), this.get(v)),
        this.refcountOp("rt_incref", () => this.get(v)),
      ] : []),
      this.refcountOp("rt_decref", () => m.local.get(old, b.i64)),
    ]);
  }

  /** The value, or ERR with NameError (global) / UnboundLocalError (local) if it is UNBOUND. */
  /** `kind`: 0 a global (NameError), 1 a local (UnboundLocalError), 2 a free variable (NameError). */
  private checkBound(value: Expr, name: string, kind: boolean | 0 | 1 | 2): Expr {
    const code = kind === true ? 1 : kind === false ? 0 : kind;
    const { m, b, ctx } = this;
    const t = this.temp(b.i64);
    return m.block(null, [
      m.local.set(t, value),
      m.if(
        m.i64.eq(m.local.get(t, b.i64), m.i64.const(UNBOUND)),
        m.local.set(t, this.runtimeCall("rt_raise_unbound", [ctx.nameConstant(name), m.i32.const(code)], b.i64)),
      ),
      m.local.get(t, b.i64),
    ], b.i64);
  }

  /** Builtins are immortal: each is looked up once, then read from a global. */
  private loadBuiltin(name: string): Expr {
    const { m, b, ctx } = this;
    const global = moduleGlobal(m, b, `molt_builtin:${name}`, b.i64, 0n);
    const t = this.temp(b.i64);
    return m.block(null, [
      m.if(
        m.i64.eqz(m.global.get(global, b.i64)),
        m.block(null, [
          m.local.set(t, this.runtimeCall("rt_builtin", [ctx.nameConstant(name)], b.i64)),
          m.if(m.i64.ne(m.local.get(t, b.i64), m.i64.const(ERR)), m.global.set(global, m.local.get(t, b.i64))),
        ]),
        m.local.set(t, m.global.get(global, b.i64)),
      ),
      m.local.get(t, b.i64),
    ], b.i64);
  }

  /**
   * A call of a top-level function by name, made directly while the module variable still
   * holds the function its def made; otherwise (called before the def ran, or rebound from
   * another module) the variable's value is called as any callee, as CPython would.
   */
  private callDirect(inst: Inst, args: Expr[]): Expr {
    const { m, b, ctx } = this;
    const target = inst.imm as string;
    const name = target.replace(/\$spec$/, "");
    // IR built by hand (codegen tests) calls functions that no def binds.
    if (!ctx.isDirectTarget(name)) return m.call(ctx.functionName(target), args, b.i64);
    const callee = this.temp(b.i64);
    const result = this.temp(b.i64);
    const generic = m.block(null, [
      m.local.set(callee, this.loadGlobal(name)),
      m.if(
        m.i64.eq(m.local.get(callee, b.i64), m.i64.const(ERR)),
        m.local.set(result, m.i64.const(ERR)),
        m.block(null, [
          m.local.set(result, this.callWithVector("rt_call", [m.local.get(callee, b.i64), ...inst.args.map((a) => this.get(a))], null)),
          this.refcountOp("rt_decref", () => m.local.get(callee, b.i64)),
        ]),
      ),
      m.local.get(result, b.i64),
    ], b.i64);
    return m.if(
      m.i64.eq(m.global.get(ctx.globalName(name), b.i64), m.global.get(ctx.definedFunctionGlobal(name), b.i64)),
      m.call(ctx.functionName(target), args, b.i64),
      generic,
    );
  }

  /**
   * `callee(args)`. Two shapes skip the generic call: `str(x)` of the builtin str is the
   * runtime's str conversion, and `xs.append(x)` on a list (see loadListMethod) appends.
   */
  private call(inst: Inst, args: Expr[]): Expr {
    const { m, b } = this;
    const plain = !(Array.isArray(inst.imm) && inst.imm.length > 0);
    const callee = inst.args[0]!.def;
    if (plain && inst.args.length === 2 && "op" in callee && callee.op === "load_builtin" && callee.imm === "str") {
      return this.runtimeCall("rt_format_value", [args[1]!, m.i64.const(BOXED_NONE), m.i32.const(115)], b.i64);
    }
    if ("op" in callee && this.listMethods.get(callee) === inst) {
      const generic = this.callWithVector("rt_call", args, inst.imm);
      // Fresh operands: `args` are the generic call's (binaryen's IR is a tree).
      const status = this.runtimeCall("rt_list_append", [this.markedList(this.get(inst.args[0]!)), this.get(inst.args[1]!)], b.i32);
      return m.if(
        this.isListMethod(this.get(inst.args[0]!)),
        m.select(m.i32.lt_s(status, m.i32.const(0)), m.i64.const(ERR), m.i64.const(BOXED_NONE)),
        generic,
      );
    }
    return this.callWithVector("rt_call", args, inst.imm);
  }

  /**
   * `xs.append` called at once (`xs.append(x)`, nothing else using the bound method): on an
   * exact list no bound method is made, only a marker holding the list (and a reference to
   * it, as the bound method would) that the call recognises; anything else gets the
   * attribute as usual. Releasing the marker releases the list.
   */
  private readonly listMethods = new Map<Inst, Inst>();

  private findListMethods(): void {
    const uses = useCounts(this.f);
    for (const block of this.f.blocks) {
      block.insts.forEach((inst, i) => {
        if (inst.op !== "load_attr" || inst.imm !== "append" || !inst.result) return;
        const call = block.insts.slice(i + 1).find((next) => next.args.includes(inst.result!));
        if (call?.op !== "call" || call.args[0] !== inst.result || call.args.length !== 2 || call.args[1] === inst.result) return;
        if (Array.isArray(call.imm) && call.imm.length > 0) return;
        const drops = block.insts.filter((d) => d.op === "drop" && d.args[0] === inst.result).length;
        if (uses.get(inst.result) === 1 + drops) this.listMethods.set(inst, call);
      });
    }
  }

  private isListMethod(v: Expr): Expr {
    const { m } = this;
    return m.i64.eq(m.i64.shr_u(v, m.i64.const(TAG_SHIFT)), m.i64.const(TAG_LIST_APPEND));
  }

  /** The list (boxed) a marker holds. */
  private markedList(marker: Expr): Expr {
    const { m } = this;
    return m.i64.or(m.i64.and(marker, m.i64.const(0xffffffffn)), m.i64.const(BigInt.asIntN(64, TAG_PTR << TAG_SHIFT)));
  }

  /** Is `obj` exactly a list? (Its type's address is read once, from a list the runtime makes.) */
  private isExactList(obj: () => Expr): [Expr, Expr] {
    const { m, b } = this;
    const listType = moduleGlobal(m, b, "molt_list_type", b.i32, 0);
    const t = this.temp(b.i64);
    const init = m.if(m.i32.eqz(m.global.get(listType, b.i32)), m.block(null, [
      m.local.set(t, this.runtimeCall("rt_build_list", [m.i32.const(0), m.i32.const(0)], b.i64)),
      m.if(m.i64.ne(m.local.get(t, b.i64), m.i64.const(ERR)), m.block(null, [
        m.global.set(listType, m.i32.load(4, 4, m.i32.wrap(m.local.get(t, b.i64)))),
        this.runtimeCall("rt_decref", [m.local.get(t, b.i64)], b.none),
      ])),
    ]));
    const test = m.if(
      m.i64.eq(m.i64.shr_u(obj(), m.i64.const(TAG_SHIFT)), m.i64.const(TAG_PTR)),
      m.i32.eq(m.i32.load(4, 4, m.i32.wrap(obj())), m.global.get(listType, b.i32)),
      m.i32.const(0),
    );
    return [init, test];
  }

  /**
   * `xs[i]` on an exact list and an int index in range: the item, inline (the list layout of
   * src/runtime/core/list.ts: length u32 at +8, item array address u32 at +16). Everything
   * else (negative indexes past the start, slices, other types) asks the runtime.
   */
  private getitem(inst: Inst): Expr {
    const { m, b } = this;
    const obj = () => this.get(inst.args[0]!);
    const key = () => this.get(inst.args[1]!);
    const slow = () => this.runtimeCall("rt_getitem", [obj(), key()], b.i64);
    const [init, isList] = this.isExactList(obj);
    const idx = this.temp(b.i64);
    const item = this.temp(b.i64);
    const len = () => m.i64.extend_u(m.i32.load(8, 4, m.i32.wrap(obj())));
    const keyIsInt = isSmallIntTy(inst.operandTypes?.[1]) ? m.i32.const(1) : m.i64.eq(m.i64.shr_u(key(), m.i64.const(TAG_SHIFT)), m.i64.const(TAG_INT));
    const fast = m.block(null, [
      m.local.set(idx, this.fast.unboxInt(key())),
      m.if(m.i64.lt_s(m.local.get(idx, b.i64), m.i64.const(0n)), m.local.set(idx, m.i64.add(m.local.get(idx, b.i64), len()))),
      m.if(
        // Unsigned: a still-negative index is out of range too.
        m.i64.lt_u(m.local.get(idx, b.i64), len()),
        m.block(null, [
          m.local.set(item, m.i64.load(0, 8, m.i32.add(
            m.i32.load(16, 4, m.i32.wrap(obj())),
            m.i32.shl(m.i32.wrap(m.local.get(idx, b.i64)), m.i32.const(3)),
          ))),
          this.refcountOp("rt_incref", () => m.local.get(item, b.i64)),
          m.local.get(item, b.i64),
        ], b.i64),
        slow(),
      ),
    ], b.i64);
    return m.block(null, [init, m.if(m.i32.and(isList, keyIsInt), fast, slow())], b.i64);
  }

  private loadListMethod(inst: Inst): Expr {
    const { m, b, ctx } = this;
    const obj = () => this.get(inst.args[0]!);
    const [init, isList] = this.isExactList(obj);
    return m.block(null, [
      init,
      m.if(
        isList,
        m.block(null, [
          this.runtimeCall("rt_incref", [obj()], b.none),
          m.i64.or(m.i64.and(obj(), m.i64.const(0xffffffffn)), m.i64.const(BigInt.asIntN(64, TAG_LIST_APPEND << TAG_SHIFT))),
        ], b.i64),
        this.runtimeCall("rt_getattr", [obj(), ctx.nameConstant(inst.imm as string)], b.i64),
      ),
    ], b.i64);
  }

  /** Stores operands into a scratch vector and calls `name(address, count)`. */
  private vectorCall(name: string, args: Expr[]): Expr {
    return this.withVector(args, (addr) => this.runtimeCall(name, [addr, this.m.i32.const(args.length)], this.b.i64));
  }

  private callWithVector(name: string, args: Expr[], kwnames: unknown): Expr {
    const [callee, ...rest] = args;
    const names = Array.isArray(kwnames) && kwnames.length > 0 ? this.ctx.constant(kwnames) : this.m.i64.const(BOXED_NONE);
    return this.withVector(rest, (addr) =>
      this.runtimeCall(name, [callee!, addr, this.m.i32.const(rest.length), names], this.b.i64),
    );
  }

  private withVector(values: Expr[], use: (addr: Expr) => Expr): Expr {
    const { m, b } = this;
    const addr = this.temp(b.i32);
    const result = this.temp(b.i64);
    return m.block(null, [
      m.local.set(addr, this.runtimeCall("rt_alloc_bytes", [m.i32.const(Math.max(values.length, 1) * 8)], b.i32)),
      ...values.map((v, i) => m.i64.store(i * 8, 8, m.local.get(addr, b.i32), v)),
      m.local.set(result, use(m.local.get(addr, b.i32))),
      this.runtimeCall("rt_free_bytes", [m.local.get(addr, b.i32)], b.none),
      m.local.get(result, b.i64),
    ], b.i64);
  }

  /**
   * Relooper branches for the block's terminator and its unwind edge, with argument copies.
   * The unwind branch is tested first: its condition is the failing instruction's ERR result.
   */
  private edges(block: Block): void {
    const from = this.relooperBlocks.get(block)!;
    const branch = (call: BlockCall, cond: Expr, code = this.copies(call)) =>
      this.relooper.addBranch(from, this.relooperBlocks.get(call.block)!, cond, code);
    if (block.unwind) {
      // The exception passed through this frame here, even if a handler here catches it.
      const failing = block.insts.at(-1)!;
      const copies = this.copies(block.unwind);
      const tb = this.tracebackHere(failing.line);
      branch(block.unwind, this.failed(failing), copies === (0 as Expr) ? tb : this.m.block(null, [tb, copies]));
    }
    const t = block.terminator;
    if (t?.kind === "jump") branch(t.target, 0 as Expr);
    else if (t?.kind === "branch") {
      branch(t.then, this.get(t.cond));
      branch(t.else, 0 as Expr);
    }
  }

  /** Parallel copy of edge arguments into the target's parameters, through temporaries. */
  private copies(call: BlockCall): Expr {
    const { m, b } = this;
    if (call.args.length === 0) return 0 as Expr;
    const temps = call.args.map((a) => this.temp(this.typeOf(a)));
    return m.block(null, [
      ...call.args.map((a, i) => m.local.set(temps[i]!, this.get(a))),
      ...call.block.params.map((p, i) => m.local.set(this.local(p.value), m.local.get(temps[i]!, this.typeOf(p.value)))),
    ], b.none);
  }
}
