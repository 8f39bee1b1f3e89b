/**
 * Molt's IR: a control-flow graph of basic blocks in SSA form, with block parameters in place
 * of phi nodes (as Cranelift does), so every value has exactly one definition and every edge
 * says explicitly which values flow along it.
 *
 * Values are Python objects (one NaN-boxed i64 each, see docs/decisions/0002-runtime-abi.md)
 * except the results of `truthy`, which are machine conditions used only by `branch`. Boxing
 * an int or a float is a couple of ALU ops under NaN-boxing, so the IR does not distinguish
 * boxed from unboxed numbers: type inference annotates values with what it proves, and codegen
 * picks the fast path from that.
 *
 * Exceptions: a fallible instruction either propagates (the function returns ERR to its
 * caller after recording a traceback entry) or, inside a `try`, transfers to the block's
 * `unwind` handler. A block with a handler ends with its single fallible instruction followed
 * by a `jump`, so the values live at the exception point are exactly those the block passes
 * to its handler.
 */
import type { Opcode } from "./opcodes.js";
import type { Ty } from "./types.js";
import type { ModuleProfile } from "../profile/profile.js";

export type ValueKind = "obj" | "cond";

export class Value {
  /** What passes/type-inference.ts proved about the value; null: nothing (any object). */
  type: Ty | null = null;
  constructor(
    readonly id: number,
    readonly kind: ValueKind,
    /** The instruction or block parameter that defines it. */
    public def: Inst | BlockParam,
  ) {}
  toString(): string {
    return `v${this.id}`;
  }
}

export class BlockParam {
  readonly value: Value;
  constructor(readonly block: Block, id: number, kind: ValueKind) {
    this.value = new Value(id, kind, this);
  }
}

/** Immediate operands: literal constants and names, never SSA values. */
export type Immediate = string | number | bigint | boolean | null | readonly (string | number)[] | Uint8Array;

export class Inst {
  /** Python source line, for tracebacks and source maps. 0 when synthetic. */
  line = 0;
  /**
   * For a fallible instruction outside any `try`: the owned values to release when it fails
   * and the exception leaves the function (set by passes/refcount.ts).
   */
  cleanup: Value[] = [];
  /** Operand types where this instruction runs (narrowed by branches), from type inference. */
  operandTypes: (Ty | null)[] | null = null;
  constructor(
    readonly op: Opcode,
    public args: Value[],
    readonly imm: Immediate | undefined,
    readonly result: Value | null,
  ) {}
}

export interface BlockCall {
  readonly block: Block;
  args: Value[];
}

export type Terminator =
  | { kind: "jump"; target: BlockCall }
  | { kind: "branch"; cond: Value; then: BlockCall; else: BlockCall }
  | { kind: "return"; value: Value }
  /**
   * Raise the pending exception (set by `raise` or left by a failed instruction) out of the
   * function. `traceback: false` for a re-raise: the exception already has this frame's
   * traceback entry, from where it was first raised.
   */
  | { kind: "unwind"; traceback: boolean }
  | { kind: "unreachable" };

export class Block {
  readonly params: BlockParam[] = [];
  readonly insts: Inst[] = [];
  terminator: Terminator | null = null;
  /**
   * Where a failing instruction of this block goes, with the values live there; null: the
   * exception propagates to the caller.
   */
  unwind: BlockCall | null = null;
  constructor(readonly id: number) {}
  toString(): string {
    return `block${this.id}`;
  }

  successors(): Block[] {
    const t = this.terminator;
    const out: Block[] = [];
    if (t?.kind === "jump") out.push(t.target.block);
    else if (t?.kind === "branch") out.push(t.then.block, t.else.block);
    if (this.unwind) out.push(this.unwind.block);
    return out;
  }
}

/** What a function object needs to know about the code it runs (CPython's code object). */
export interface CodeInfo {
  /** `co_name`, which tracebacks show. */
  readonly name: string;
  readonly qualname: string;
  /** Parameter names in slot order: positional (positional-only first), keyword-only, `*args`, `**kwargs`. */
  readonly varnames: readonly string[];
  readonly argcount: number;
  readonly posonlyargcount: number;
  readonly kwonlyargcount: number;
  readonly varargs: boolean;
  readonly varkeywords: boolean;
  /** `co_freevars` and `co_cellvars`: names, sorted as CPython sorts them. */
  readonly freevars: readonly string[];
  readonly cellvars: readonly string[];
}

export class IrFunction {
  readonly blocks: Block[] = [];
  private nextValue = 0;
  private nextBlock = 0;
  /**
   * Set for functions Python code can hold as objects (every def and lambda, not the module
   * body): they get a generic entry that binds arguments as CPython does.
   */
  code: CodeInfo | null = null;
  /** The last entry-block parameter is the closure (a tuple of cells). */
  hasClosure = false;
  /**
   * A generator's resume function (parameters: the generator, the value sent in): its
   * `gen_yield`s are suspension points, which passes/generator-transform.ts lays out.
   */
  generator = false;
  /**
   * Set by passes/specialize-entry.ts: these parameters are guarded at entry, each as a small
   * int or a float (`kinds`), and `block` starts the copy of the body that assumes they are.
   * Codegen emits a second Wasm function, `<name>$spec`, starting there, for callers that
   * proved the arguments of those kinds.
   */
  specialEntry: { params: number[]; kinds: EntryKind[]; block: Block | null } | null = null;
  constructor(
    /** Unique within the module. */
    readonly name: string,
    /** Number of Python-level parameters; they are the entry block's parameters. */
    readonly arity: number,
    /**
     * What tracebacks get to know of the frame: `co_name`, followed by each of the frame's
     * `co_varnames` after a space (the runtime's NameError suggestions search them).
     */
    readonly pyName: string = name,
  ) {}

  get entry(): Block {
    return this.blocks[0]!;
  }

  newBlock(): Block {
    const b = new Block(this.nextBlock++);
    this.blocks.push(b);
    return b;
  }

  addParam(block: Block, kind: ValueKind = "obj"): Value {
    const p = new BlockParam(block, this.nextValue++, kind);
    block.params.push(p);
    return p.value;
  }

  newInst(op: Opcode, args: Value[], imm: Immediate | undefined, resultKind: ValueKind | null): Inst {
    const result = resultKind === null ? null : new Value(this.nextValue++, resultKind, null as never);
    const inst = new Inst(op, args, imm, result);
    if (result) result.def = inst;
    return inst;
  }
}

/** What an entry guard tests a parameter for. */
export type EntryKind = "int" | "float";

export class IrModule {
  readonly functions: IrFunction[] = [];
  /** Module-level variables, each a Wasm global. */
  readonly globals = new Set<string>();
  /** The module's source text, which tracebacks quote. */
  source: string | null = null;
  /** Top-level functions calls may reach directly (lower/module-lowering.ts directTargets). */
  readonly directTargets = new Set<string>();
  /** Its frames are left out of tracebacks (Molt's standard library, standing in for C code). */
  hiddenFromTracebacks = false;
  /** What a recorded run saw of this module's functions (src/compiler/profile), if one was given. */
  profile: ModuleProfile | null = null;
  constructor(
    /** Unique in the program: the Python module name, `__main__` for the main module. */
    readonly name: string,
    readonly filename: string,
    /** The function holding the module body, run on import. */
    readonly body: string = "<module>",
  ) {}
}
