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
import type { CmpOperator, Operator, UnaryOperator } from "../syntax/ast.js";
import { BINOP_FUNCTIONS, COMPARE_FUNCTIONS, INPLACE_FUNCTIONS, UNOP_FUNCTIONS } from "./runtime-api.js";
import { BOXED_FALSE, BOXED_NONE, BOXED_TRUE, ERR, EXHAUSTED, TAG_PTR, TAG_SHIFT, UNBOUND } from "./value-encoding.js";
import { FastPaths } from "./fast-paths.js";

type Expr = binaryen.ExpressionRef;

/** What a function's code needs from the module being generated. */
export interface ModuleContext {
  readonly b: Binaryen;
  readonly m: binaryen.Module;
  /** Internal name of a runtime entry point (see runtime-api.ts). */
  runtime(name: string): string;
  /** Internal name of the Wasm function for an IR function of this module. */
  functionName(irName: string): string;
  /** An expression producing the boxed constant (literals that need the heap are pooled). */
  constant(value: unknown): Expr;
  /** Boxed str of an identifier or other name, pooled. */
  nameConstant(name: string): Expr;
  /** Wasm global holding a module-level variable. */
  globalName(name: string): string;
  /** Index of an IR function's generic entry (what `molt_link.call_function` dispatches on). */
  entryIndex(irName: string): number;
  /** The code object of an IR function that is made into function objects. */
  codeConstant(irName: string): Expr;
  /** Traceback identity of a function: its `co_name` and file, as boxed strs. */
  tracebackName(f: IrFunction): Expr;
  tracebackFile(): Expr;
  /** Wasm global counting active Python frames. */
  readonly depthGlobal: string;
}

/** CPython's default `sys.getrecursionlimit()`. */
const RECURSION_LIMIT = 1000;

export class FunctionCodegen {
  private readonly b: Binaryen;
  private readonly m: binaryen.Module;
  private readonly localOf = new Map<Value, number>();
  private readonly localTypes: number[] = [];
  private readonly relooperBlocks = new Map<Block, binaryen.RelooperBlockRef>();
  private relooper!: binaryen.Relooper;
  private readonly fast: FastPaths;

  constructor(
    private readonly ctx: ModuleContext,
    private readonly f: IrFunction,
  ) {
    this.b = ctx.b;
    this.m = ctx.m;
    this.fast = new FastPaths(ctx.b, ctx.m);
  }

  generate(): void {
    const { b, m, f } = this;
    const params: number[] = [];
    f.entry.params.forEach((p) => {
      this.localOf.set(p.value, params.length);
      params.push(b.i64);
    });
    const relooper = (this.relooper = new b.Relooper(m));
    for (const block of f.blocks) {
      const code = block.insts.flatMap((inst) => this.inst(inst, block));
      if (block.terminator?.kind === "return") code.push(this.leave(), m.return(this.get(block.terminator.value)));
      if (block.terminator?.kind === "unwind") {
        code.push(this.propagate(block.insts.at(-1)?.line ?? 0, [], block.terminator.traceback));
      }
      if (block.terminator?.kind === "unreachable") code.push(m.unreachable());
      this.relooperBlocks.set(block, relooper.addBlock(m.block(null, code, b.none)));
    }
    for (const block of f.blocks) this.edges(block);
    const body = m.block(null, [this.enter(), relooper.renderAndDispose(this.relooperBlocks.get(f.entry)!, this.temp(b.i32))]);
    m.addFunction(
      this.ctx.functionName(f.name),
      b.createType(params),
      b.i64,
      this.localTypes,
      // Every block ends in a terminator, so control never falls off the end.
      m.block(null, [body, m.unreachable()], b.i64),
    );
  }

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
    return this.runtimeCall("rt_traceback_add", [this.ctx.tracebackName(this.f), this.ctx.tracebackFile(), m.i32.const(line)], b.none);
  }

  /**
   * Python's recursion limit, counted per call as CPython does, so deep recursion raises
   * RecursionError at the same depth instead of overflowing the Wasm stack.
   */
  private enter(): Expr {
    const { m, b, ctx } = this;
    const depth = ctx.depthGlobal;
    return m.block(null, [
      m.global.set(depth, m.i32.add(m.global.get(depth, b.i32), m.i32.const(1))),
      m.if(
        m.i32.gt_u(m.global.get(depth, b.i32), m.i32.const(RECURSION_LIMIT)),
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
    // Inside a try the handler edge is a Relooper branch (see `edges`); elsewhere, propagate.
    if (opcodeInfo(inst.op).fallible && block.unwind === null) {
      code.push(this.m.if(this.failed(inst), this.propagate(inst.line, inst.cleanup)));
    }
    return code;
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
        return this.runtimeCall("rt_make_function", [m.i32.const(ctx.entryIndex(target)), ctx.codeConstant(target), ...args], b.i64);
      }
      case "binop": {
        const slow = () => this.runtimeCall(BINOP_FUNCTIONS[inst.imm as Operator], [arg(0), arg(1)], b.i64);
        return this.fast.arith(inst.imm as Operator, () => arg(0), () => arg(1), slow, this.temp(b.i64)) ?? slow();
      }
      case "inplace": {
        // On ints and floats `x += y` is `x + y`: the same inline fast paths apply.
        const slow = () => this.runtimeCall(INPLACE_FUNCTIONS[inst.imm as Operator], [arg(0), arg(1)], b.i64);
        return this.fast.arith(inst.imm as Operator, () => arg(0), () => arg(1), slow, this.temp(b.i64)) ?? slow();
      }
      case "unop":
        return this.runtimeCall(UNOP_FUNCTIONS[inst.imm as UnaryOperator], args, b.i64);
      case "compare": {
        const slow = () => this.runtimeCall(COMPARE_FUNCTIONS[inst.imm as CmpOperator], [arg(0), arg(1)], b.i64);
        return this.fast.compare(inst.imm as CmpOperator, () => arg(0), () => arg(1), slow) ?? slow();
      }
      case "truthy":
        return this.truthy(args[0]!);
      case "not":
        return m.i32.eqz(args[0]!);
      case "bool":
        return m.select(args[0]!, m.i64.const(BOXED_TRUE), m.i64.const(BOXED_FALSE));
      case "call_direct":
        return m.call(ctx.functionName(inst.imm as string), args, b.i64);
      case "call":
        return this.callWithVector("rt_call", args, inst.imm);
      case "load_global":
        return this.loadGlobal(inst.imm as string);
      case "store_global":
        return this.storeGlobal(inst.imm as string, inst.args[0]!);
      case "load_builtin":
        return this.runtimeCall("rt_builtin", [ctx.nameConstant(inst.imm as string)], b.i64);
      case "load_attr":
        return this.runtimeCall("rt_getattr", [args[0]!, ctx.nameConstant(inst.imm as string)], b.i64);
      case "store_attr":
        return status(this.runtimeCall("rt_setattr", [args[0]!, ctx.nameConstant(inst.imm as string), args[1]!], b.i32));
      case "getitem":
        return this.runtimeCall("rt_getitem", args, b.i64);
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
      case "import_module":
        return this.runtimeCall("rt_import", [ctx.nameConstant(inst.imm as string)], b.i64);
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
        return this.refcountOp("rt_incref", inst.args[0]!);
      case "drop":
        return this.refcountOp("rt_decref", inst.args[0]!);
    }
  }

  /** Only heap objects are counted: the tag test keeps ints, floats and singletons inline. */
  private refcountOp(fn: "rt_incref" | "rt_decref", v: Value | (() => Expr)): Expr {
    const { m, b } = this;
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

  /** A new reference to the global's value, or ERR with NameError if it has none. */
  private loadGlobal(name: string): Expr {
    const { m, b, ctx } = this;
    const t = this.temp(b.i64);
    const value = () => m.local.get(t, b.i64);
    return m.block(null, [
      m.local.set(t, this.checkBound(m.global.get(ctx.globalName(name), b.i64), name, false)),
      this.refcountOp("rt_incref", value),
      value(),
    ], b.i64);
  }

  /** The global takes the reference and releases the value it held (if any). */
  private storeGlobal(name: string, v: Value): Expr {
    const { m, b, ctx } = this;
    const old = this.temp(b.i64);
    const global = ctx.globalName(name);
    return m.block(null, [
      m.local.set(old, m.global.get(global, b.i64)),
      m.global.set(global, this.get(v)),
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
