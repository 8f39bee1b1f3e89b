/**
 * Builds IR straight into SSA form while lowering walks the AST, with the algorithm of Braun
 * et al., "Simple and Efficient Construction of Static Single Assignment Form" (CC 2013):
 * Python locals are variables; a read looks up the variable's current value in the block, and
 * otherwise in its predecessors, adding a block parameter where control flow merges. A block
 * is "sealed" once all its predecessors are known; reads in unsealed blocks (loop headers)
 * get a parameter whose incoming values are filled in when the block is sealed.
 */
import { type Block, type BlockCall, type Immediate, IrFunction, type Value } from "./function.js";
import { type Opcode, opcodeInfo } from "./opcodes.js";

export class FunctionBuilder {
  readonly f: IrFunction;
  private block: Block;
  /** Current line, stamped on each instruction for tracebacks. */
  line = 0;
  private readonly defs = new Map<string, Map<Block, Value>>();
  private readonly preds = new Map<Block, Block[]>();
  private readonly sealed = new Set<Block>();
  /** Parameters added to unsealed blocks, completed by `seal`. */
  private readonly incomplete = new Map<Block, { variable: string }[]>();

  constructor(name: string, params: readonly string[], pyName = name) {
    this.f = new IrFunction(name, params.length, pyName);
    this.block = this.f.newBlock();
    this.sealed.add(this.block);
    this.preds.set(this.block, []);
    for (const p of params) this.define(p, this.f.addParam(this.block));
  }

  get current(): Block {
    return this.block;
  }

  /** Is the current block still open (no terminator yet)? Code after `return` is dead. */
  get isOpen(): boolean {
    return this.block.terminator === null;
  }

  newBlock(): Block {
    const b = this.f.newBlock();
    this.preds.set(b, []);
    return b;
  }

  switchTo(b: Block): void {
    this.block = b;
  }

  /**
   * The innermost `try` handler of the code being built, or null: a fallible instruction then
   * ends its block, with an unwind edge to the handler, so the handler sees the variables'
   * values from just before the failure.
   */
  get handler(): Block | null {
    return this.currentHandler;
  }

  set handler(h: Block | null) {
    // A block with an unwind edge holds one fallible instruction: earlier ones (which
    // propagated to the caller) stay behind in a block of their own.
    if (h !== null && this.isOpen && this.block.insts.some((i) => opcodeInfo(i.op).fallible)) {
      const next = this.newBlock();
      this.jump(next);
      this.seal(next);
      this.switchTo(next);
    }
    this.currentHandler = h;
  }

  private currentHandler: Block | null = null;

  emit(op: Opcode, args: Value[] = [], imm?: Immediate): Value {
    const inst = this.f.newInst(op, args, imm, opcodeInfo(op).result);
    inst.line = this.line;
    this.block.insts.push(inst);
    this.afterEmit(op);
    return inst.result!;
  }

  /** Emits an instruction that produces no value. */
  emitEffect(op: Opcode, args: Value[] = [], imm?: Immediate): void {
    const inst = this.f.newInst(op, args, imm, null);
    inst.line = this.line;
    this.block.insts.push(inst);
    this.afterEmit(op);
  }

  private afterEmit(op: Opcode): void {
    if (this.currentHandler === null || !opcodeInfo(op).fallible) return;
    this.setUnwind(this.currentHandler);
    const next = this.newBlock();
    this.jump(next);
    this.seal(next);
    this.switchTo(next);
  }

  // --- Variables -------------------------------------------------------------------------

  define(variable: string, value: Value, block = this.block): void {
    let perBlock = this.defs.get(variable);
    if (!perBlock) this.defs.set(variable, (perBlock = new Map()));
    perBlock.set(block, value);
  }

  /** The variable's value at the end of the current block; undefined if never assigned on some path to here. */
  use(variable: string, block = this.block): Value | undefined {
    const local = this.defs.get(variable)?.get(block);
    if (local) return local;
    return this.useRecursive(variable, block);
  }

  private useRecursive(variable: string, block: Block): Value | undefined {
    let value: Value | undefined;
    const preds = this.preds.get(block)!;
    if (!this.sealed.has(block)) {
      value = this.f.addParam(block);
      let list = this.incomplete.get(block);
      if (!list) this.incomplete.set(block, (list = []));
      list.push({ variable });
    } else if (preds.length === 1) {
      value = this.use(variable, preds[0]!);
    } else if (preds.length === 0) {
      return undefined;
    } else {
      // Break cycles: define the parameter before reading the predecessors.
      value = this.f.addParam(block);
      this.define(variable, value, block);
      if (!this.fillParam(block, variable)) {
        block.params.pop();
        this.defs.get(variable)!.delete(block);
        return undefined;
      }
    }
    if (value) this.define(variable, value, block);
    return value;
  }

  /** Appends the variable's value in each predecessor to the edges into `block`. */
  private fillParam(block: Block, variable: string): boolean {
    const incoming = this.preds.get(block)!.map((p) => this.use(variable, p));
    if (incoming.some((v) => v === undefined)) return false;
    this.preds.get(block)!.forEach((p, i) => this.edgeTo(p, block).args.push(incoming[i]!));
    return true;
  }

  private edgeTo(from: Block, to: Block): BlockCall {
    const t = from.terminator;
    if (t?.kind === "jump" && t.target.block === to) return t.target;
    if (t?.kind === "branch" && t.then.block === to) return t.then;
    if (t?.kind === "branch" && t.else.block === to) return t.else;
    if (from.unwind?.block === to) return from.unwind;
    throw new Error(`${from} has no edge to ${to}`);
  }

  /** Declares that every predecessor of `b` is now known. */
  seal(b: Block): void {
    // Reads below may add parameters to `b` itself (loops); they join this list and are
    // completed in order, so edge arguments stay aligned with parameters.
    for (const { variable } of this.incomplete.get(b) ?? []) {
      const incoming = this.preds.get(b)!.map((p) => this.use(variable, p));
      if (incoming.some((v) => v === undefined)) {
        throw new Error(`variable ${variable} is not defined on every path into ${b}`);
      }
      this.preds.get(b)!.forEach((p, i) => this.edgeTo(p, b).args.push(incoming[i]!));
    }
    this.incomplete.delete(b);
    this.sealed.add(b);
  }

  // --- Terminators -----------------------------------------------------------------------

  jump(target: Block, args: Value[] = []): void {
    this.block.terminator = { kind: "jump", target: { block: target, args } };
    this.preds.get(target)!.push(this.block);
  }

  branch(cond: Value, then: Block, otherwise: Block): void {
    this.block.terminator = { kind: "branch", cond, then: { block: then, args: [] }, else: { block: otherwise, args: [] } };
    this.preds.get(then)!.push(this.block);
    this.preds.get(otherwise)!.push(this.block);
  }

  ret(value: Value): void {
    this.block.terminator = { kind: "return", value };
  }

  unreachable(): void {
    this.block.terminator = { kind: "unreachable" };
  }

  hasNoPredecessors(b: Block): boolean {
    return this.preds.get(b)!.length === 0;
  }

  unwind(traceback = true): void {
    this.block.terminator = { kind: "unwind", traceback };
  }

  /** Routes exceptions raised in the current block to `handler`. */
  setUnwind(handler: Block): void {
    this.block.unwind = { block: handler, args: [] };
    this.preds.get(handler)!.push(this.block);
  }
}
