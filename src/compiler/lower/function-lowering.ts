/**
 * Lowers one Python function body (or the module body) to IR. Python locals become SSA
 * variables of the builder; globals and builtins become loads and stores by name.
 *
 * Anything this stage does not handle yet raises UnsupportedError at the construct's
 * position, so no program is ever compiled to something that behaves differently.
 */
import type * as ast from "../syntax/ast.js";
import { UnsupportedError } from "../diagnostics.js";
import { Ellipsis } from "../syntax/ast.js";
import { FunctionBuilder } from "../ir/builder.js";
import type { Block, IrFunction, Value } from "../ir/function.js";
import type { NameKind, NameResolver } from "./names.js";
import { mangle } from "../sema/mangle.js";
import type { ModuleImports } from "../modules/program.js";
import { UNSUPPORTED_BUILTINS } from "./builtins.js";

const hasStar = (elts: readonly ast.Expr[]) => elts.some((x) => x.nodeType === "Starred");

/** Builtin types whose instances have a layout of their own, which classes cannot extend yet. */
/** Builtin types CPython lets a class derive from that Molt cannot yet (runtime/core/subclass.ts has the ones it can). */
const UNSUBCLASSABLE = new Set(["bytes", "bytearray", "complex", "property", "staticmethod", "classmethod", "super", "enumerate", "zip", "map", "filter", "reversed"]);

interface LoopTargets {
  continueTo: Block;
  breakTo: Block;
}

/**
 * The module's functions that calls can reach directly: defined once at module level, never
 * rebound, with plain positional parameters. Maps name to arity.
 */
export type DirectCallTargets = ReadonlyMap<string, number>;

/** The entry-block parameter holding a function's closure (not a Python name). */
export const CLOSURE = ".closure";
/** A class body's parameter: the namespace dict its names live in. */
export const NAMESPACE = ".ns";
/** A generator's resume function's parameters: the generator object and the value sent in. */
export const GENERATOR = ".gen";
export const SENT = ".sent";

export interface LoweredFunction {
  irName: string;
  /** The free variables its closure holds, in order. */
  freevars: readonly string[];
}

/** What lowering one function needs from the module being lowered. */
export interface LoweringContext {
  readonly direct: DirectCallTargets;
  /** How the module's import statements resolve. */
  readonly imports: ModuleImports;
  /** Lowers a def or lambda (nested in the code being lowered) into its own IR function. */
  lowerFunction(node: ast.FunctionDef | ast.Lambda, qualPrefix: string, className: string | null): LoweredFunction;
  /** `from __future__ import annotations` is in effect. */
  readonly futureAnnotations: boolean;
  /** Lowers a generator expression into the resume function of a generator over its first iterator. */
  lowerGeneratorExp(node: ast.GeneratorExp, qualPrefix: string, className: string | null): LoweredFunction;
  /** Lowers a list, set or dict comprehension into a function of its first iterator, as CPython 3.11 does. */
  lowerComprehension(node: ast.ListComp | ast.SetComp | ast.DictComp, qualPrefix: string, className: string | null): LoweredFunction;
  /** Lowers a class body into an IR function of the namespace dict. */
  lowerClassBody(node: ast.ClassDef, qualPrefix: string): LoweredFunction;
}

export interface FunctionOptions {
  /** `co_name`, then the frame's `co_varnames`, each after a space (IrFunction.pyName). */
  pyName: string;
  /** `__qualname__` prefix of functions defined inside: `f.<locals>.`. */
  qualPrefix: string;
  /** The first positional parameter, which zero-argument `super()` passes on. */
  firstParam?: string;
  /** The innermost enclosing class, whose name private names are mangled with. */
  className?: string | null;
  /**
   * Set for a generator's resume function: the Python parameters, which start out in the
   * generator's first frame slots (the IR function's parameters are GENERATOR and SENT).
   */
  generatorParams?: readonly string[];
}

/** The SSA variable holding the cell of a cell or free variable. */
const cellVar = (name: string) => `cell:${name}`;

export class FunctionLowering {
  private readonly b: FunctionBuilder;
  private readonly loops: LoopTargets[] = [];
  private yieldFromCounter = 0;
  /** Cleanups that `return`, `break` and `continue` run on the way out (innermost last). */
  private readonly exits: { loopDepth: number; handler: Block | null; emit: () => void }[] = [];

  private readonly direct: DirectCallTargets;

  constructor(
    private readonly ctx: LoweringContext,
    name: string,
    params: readonly string[],
    private readonly names: NameResolver,
    private readonly options: FunctionOptions,
  ) {
    this.direct = ctx.direct;
    this.b = new FunctionBuilder(name, params, options.pyName);
    const unbound = this.b.emit("unbound");
    const args = new Map<string, Value>();
    if (options.generatorParams) {
      const gen = this.b.use(GENERATOR)!;
      options.generatorParams.forEach((p, i) => {
        const v = this.b.emit("gen_load", [gen], i);
        args.set(p, v);
        this.b.define(p, v);
      });
    } else {
      for (const p of params) args.set(p, this.b.use(p)!);
    }
    for (const local of names.locals) if (!args.has(local)) this.b.define(local, unbound);
    // Captured locals live in cells from the start; parameters are moved into theirs.
    for (const cell of names.cells) {
      this.b.define(cellVar(cell), this.b.emit("cell_new", [args.get(cell) ?? unbound]));
    }
    names.freevars.forEach((free, i) => {
      const closure = this.b.use(CLOSURE)!;
      this.b.define(cellVar(free), this.b.emit("getitem", [closure, this.b.emit("const", [], BigInt(i))]));
    });
  }

  lowerBody(body: readonly ast.Stmt[], firstLine: number): IrFunction {
    this.b.line = firstLine;
    this.stmts(body);
    if (this.b.isOpen) this.b.ret(this.b.emit("const", [], null));
    return this.b.f;
  }

  /**
   * A class body: fills the namespace dict (CPython's order: `__module__`, `__qualname__`, the
   * body), and leaves the `__class__` cell there for `__build_class__` to fill in.
   */
  lowerClassBody(body: readonly ast.Stmt[], firstLine: number, qualname: string): IrFunction {
    this.b.line = firstLine;
    const ns = this.b.use(NAMESPACE)!;
    const str = (s: string) => this.b.emit("const", [], s);
    this.b.emitEffect("setitem", [ns, str("__module__"), this.b.emit("load_global", [], "__name__")]);
    this.b.emitEffect("setitem", [ns, str("__qualname__"), str(qualname)]);
    const first = body[0];
    if (first?.nodeType === "Expr" && first.value.nodeType === "Constant" && typeof first.value.value === "string") {
      this.b.emitEffect("setitem", [ns, str("__doc__"), str(first.value.value)]);
    }
    this.stmts(body);
    if (this.b.isOpen) {
      if (this.names.cells.includes("__class__")) this.b.emitEffect("setitem", [ns, str("__classcell__"), this.b.use(cellVar("__class__"))!]);
      this.b.ret(this.b.emit("const", [], null));
    }
    return this.b.f;
  }

  private stmts(body: readonly ast.Stmt[]): void {
    for (const s of body) {
      // Code after return/break/continue is unreachable: Python still parses it, we drop it.
      if (!this.b.isOpen) return;
      this.stmt(s);
    }
  }

  private stmt(s: ast.Stmt): void {
    this.b.line = s.lineno;
    switch (s.nodeType) {
      case "Expr":
        this.expr(s.value);
        return;
      case "Pass":
      case "Global":
      case "Nonlocal":
        return;
      case "Assign": {
        const value = this.expr(s.value);
        for (const target of s.targets) this.assign(target, value);
        return;
      }
      case "AugAssign":
        return this.augAssign(s);
      case "Assert":
        return this.assertStmt(s);
      case "Raise":
        return this.raiseStmt(s);
      case "Delete":
        for (const target of s.targets) this.delete(target);
        return;
      case "AnnAssign":
        if (s.value) this.assign(s.target, this.expr(s.value));
        return;
      case "Return": {
        const value = s.value ? this.expr(s.value) : this.b.emit("const", [], null);
        this.runExits(0);
        if (this.b.isOpen) this.b.ret(value);
        return;
      }
      case "Try":
        return this.tryStmt(s);
      case "ClassDef":
        return this.classDef(s);
      case "With":
        return this.withItems(s, 0);
      case "Match":
        return this.matchStmt(s);
      case "FunctionDef": {
        // Decorators are evaluated before the function is made, and applied innermost first.
        const decorators = s.decorator_list.map((d) => this.expr(d));
        let fn = this.makeFunction(s);
        for (const d of decorators.reverse()) fn = this.b.emit("call", [d, fn]);
        this.assign(this.nameTarget(mangle(this.options.className ?? null, s.name), s), fn);
        return;
      }
      case "Import":
        for (const alias of s.names) {
          const module = this.b.emit("import_module", [], alias.name);
          if (alias.asname !== null || !alias.name.includes(".")) {
            this.assign(this.nameTarget(alias.asname ?? alias.name, alias), module);
          } else {
            // `import a.b.c` imports all three and binds the top-level package.
            const top = alias.name.slice(0, alias.name.indexOf("."));
            this.assign(this.nameTarget(top, alias), this.b.emit("import_module", [], top));
          }
        }
        return;
      case "ImportFrom": {
        const imports = this.ctx.imports;
        const base = imports.absolute(s.level, s.module);
        if (typeof base !== "string") {
          const exc = this.b.emit("call", [this.b.emit("load_builtin", [], "ImportError"), this.b.emit("const", [], base.importError)]);
          this.b.emitEffect("raise", [exc, this.b.emit("unbound")]);
          this.raiseHere();
          return;
        }
        const module = this.b.emit("import_module", [], base);
        const star = s.names[0]?.name === "*";
        const starred = star ? imports.starNames(base, s) : null;
        const names = starred ? starred.names.map((name) => ({ name, asname: null, at: s as ast.Located })) : s.names.map((a) => ({ name: a.name, asname: a.asname, at: a as ast.Located }));
        // Star mode: 0 a plain from-import; 1 a name may be missing; 2 `__all__` lists it, so it must exist.
        const mode = starred === null ? 0 : starred.listed ? 2 : 1;
        for (const { name, asname, at } of names) {
          const submodule = imports.isModule(`${base}.${name}`) ? `${base}.${name}` : "";
          const value = this.b.emit("import_from", [module], [name, submodule, mode]);
          if (mode === 1) this.assignUnlessUnbound(name, value, at);
          else this.assign(this.nameTarget(asname ?? name, at), value);
        }
        return;
      }
      case "If":
        return this.ifStmt(s);
      case "While":
        return this.whileStmt(s);
      case "For":
        return this.forStmt(s);
      case "Break":
      case "Continue": {
        const loop = this.loops.at(-1);
        if (!loop) throw new UnsupportedError(`'${s.nodeType.toLowerCase()}' outside a loop`, s);
        this.runExits(this.loops.length);
        if (this.b.isOpen) this.b.jump(s.nodeType === "Break" ? loop.breakTo : loop.continueTo);
        return;
      }
      default:
        throw new UnsupportedError(`the '${s.nodeType}' statement`, s);
    }
  }

  /** The target is evaluated once: `a[f()] += 1` calls f once, as CPython. */
  private augAssign(s: ast.AugAssign): void {
    const t = s.target;
    if (t.nodeType === "Attribute") {
      const obj = this.expr(t.value);
      const value = this.b.emit("inplace", [this.b.emit("load_attr", [obj], t.attr), this.expr(s.value)], s.op);
      this.b.emitEffect("store_attr", [obj, value], t.attr);
    } else if (t.nodeType === "Subscript") {
      const obj = this.expr(t.value);
      const index = this.expr(t.slice);
      const value = this.b.emit("inplace", [this.b.emit("getitem", [obj, index]), this.expr(s.value)], s.op);
      this.b.emitEffect("setitem", [obj, index, value]);
    } else {
      const value = this.b.emit("inplace", [this.expr({ ...t, ctx: "Load" } as ast.Expr), this.expr(s.value)], s.op);
      this.assign(t, value);
    }
  }

  private assertStmt(s: ast.Assert): void {
    const fail = this.b.newBlock();
    const ok = this.b.newBlock();
    this.branchOn(s.test, ok, fail);
    this.b.seal(fail);
    this.b.seal(ok);
    this.b.switchTo(fail);
    const cls = this.b.emit("load_builtin", [], "AssertionError");
    const exc = s.msg ? this.b.emit("call", [cls, this.expr(s.msg)]) : cls;
    this.b.emitEffect("raise", [exc, this.b.emit("unbound")]);
    this.raiseHere();
    this.b.switchTo(ok);
  }

  private raiseStmt(s: ast.Raise): void {
    if (s.exc === null) {
      this.b.emitEffect("reraise");
      this.reraiseRoute();
      return;
    }
    const exc = this.expr(s.exc);
    // No `from`: the runtime's "no cause" marker is the unbound value.
    const cause = s.cause === null ? this.b.emit("unbound") : this.expr(s.cause);
    this.b.emitEffect("raise", [exc, cause]);
    this.raiseHere();
  }

  /** The pending exception was raised here: to the handler, or out of the function. */
  private raiseHere(): void {
    const handler = this.b.handler;
    if (handler === null) return this.b.unwind();
    this.b.emitEffect("traceback_here");
    this.b.jump(handler);
  }

  /** The pending exception is raised again (it already has this frame's traceback entry). */
  private reraiseRoute(): void {
    const handler = this.b.handler;
    if (handler === null) return this.b.unwind(false);
    this.b.jump(handler);
  }

  /**
   * Runs the cleanups (finally bodies, except-clause exits) of the constructs a `return`
   * (all of them) or a `break`/`continue` (those inside its loop) leaves.
   */
  private runExits(toLoopDepth: number): void {
    const handler = this.b.handler;
    for (let i = this.exits.length - 1; i >= 0 && this.b.isOpen; i--) {
      const exit = this.exits[i]!;
      if (exit.loopDepth < toLoopDepth) break;
      const saved = this.exits.splice(i);
      this.b.handler = exit.handler;
      exit.emit();
      this.exits.push(...saved);
    }
    this.b.handler = handler;
  }

  /** `from m import *` binds only the names m has when it runs (the unbound marker: leave the name as it is). */
  private assignUnlessUnbound(name: string, value: Value, at: ast.Located): void {
    const bind = this.b.newBlock();
    const done = this.b.newBlock();
    this.b.branch(this.b.emit("is_unbound", [value]), done, bind);
    this.b.seal(bind);
    this.b.switchTo(bind);
    this.assign(this.nameTarget(name, at), value);
    this.b.jump(done);
    this.b.seal(done);
    this.b.switchTo(done);
  }

  private nameTarget(id: string, at: ast.Located): ast.Name {
    return {
      nodeType: "Name", id, ctx: "Store",
      lineno: at.lineno, col_offset: at.col_offset, end_lineno: at.end_lineno, end_col_offset: at.end_col_offset,
    };
  }

  private unbind(name: string): void {
    const unbound = this.b.emit("unbound");
    const kind = this.names.kindOf(name);
    if (kind === "local") this.b.define(name, unbound);
    else if (kind === "cell" || kind === "free") this.b.emitEffect("cell_set", [this.b.use(cellVar(name))!, unbound]);
    else if (kind === "classLocal") this.b.emitEffect("delitem", [this.b.use(NAMESPACE)!, this.b.emit("const", [], name)]);
    else this.b.emitEffect("store_global", [unbound], name);
  }

  /** A function object for a def or lambda: defaults, keyword-only defaults, closure. */
  private makeFunction(node: ast.FunctionDef | ast.Lambda): Value {
    const a = node.args;
    const none = () => this.b.emit("const", [], null);
    const defaults = a.defaults.length > 0 ? this.b.emit("build_tuple", a.defaults.map((d) => this.expr(d))) : none();
    const kw: Value[] = [];
    a.kwonlyargs.forEach((arg, i) => {
      const d = a.kw_defaults[i];
      if (d) kw.push(this.b.emit("const", [], arg.arg), this.expr(d));
    });
    const kwdefaults = kw.length > 0 ? this.b.emit("build_dict", kw) : none();
    const annotations = node.nodeType === "FunctionDef" ? this.annotations(node) : null;
    const lowered = this.ctx.lowerFunction(node, this.options.qualPrefix, this.options.className ?? null);
    const closure = lowered.freevars.length > 0
      ? this.b.emit("build_tuple", lowered.freevars.map((name) => this.closureCell(name)))
      : none();
    const fn = this.b.emit("make_function", [defaults, kwdefaults, closure], lowered.irName);
    if (annotations !== null) this.b.emitEffect("store_attr", [fn, annotations], "__annotations__");
    const first = node.nodeType === "FunctionDef" ? node.body[0] : undefined;
    if (first?.nodeType === "Expr" && first.value.nodeType === "Constant" && typeof first.value.value === "string") {
      this.b.emitEffect("store_attr", [fn, this.b.emit("const", [], first.value.value)], "__doc__");
    }
    return fn;
  }

  /**
   * A def's annotations, evaluated when the def runs, in CPython's order (positional, then
   * positional-only, *args, keyword-only, **kwargs, return); null if it has none. Under
   * `from __future__ import annotations` they are not evaluated (and not recorded).
   */
  private annotations(node: ast.FunctionDef): Value | null {
    if (this.ctx.futureAnnotations) return null;
    const a = node.args;
    const items: Value[] = [];
    const add = (arg: ast.Arg | null) => {
      if (arg?.annotation) items.push(this.b.emit("const", [], arg.arg), this.expr(arg.annotation));
    };
    a.args.forEach(add);
    a.posonlyargs.forEach(add);
    add(a.vararg);
    a.kwonlyargs.forEach(add);
    add(a.kwarg);
    if (node.returns) items.push(this.b.emit("const", [], "return"), this.expr(node.returns));
    return items.length > 0 ? this.b.emit("build_dict", items) : null;
  }

  /**
   * `with` item i and the items after it (each nests inside the one before): __exit__ runs on
   * every way out of the body; for an exception, a true result from __exit__ swallows it.
   */
  private withItems(s: ast.With, i: number): void {
    const item = s.items[i]!;
    const outer = this.b.handler;
    const mgr = this.expr(item.context_expr);
    const exit = this.b.emit("with_exit", [mgr]);
    const value = this.b.emit("with_enter", [mgr]);
    if (item.optional_vars !== null) this.assign(item.optional_vars, value);
    const none = () => this.b.emit("const", [], null);
    const exitNormally = () => {
      this.b.line = s.lineno;
      this.b.emit("call", [exit, none(), none(), none()]);
    };
    const failed = this.b.newBlock();
    const after = this.b.newBlock();
    this.b.handler = failed;
    this.exits.push({ loopDepth: this.loops.length, handler: outer, emit: exitNormally });
    if (i + 1 < s.items.length) this.withItems(s, i + 1);
    else this.stmts(s.body);
    this.exits.pop();
    this.b.handler = outer;
    if (this.b.isOpen) {
      exitNormally();
      if (this.b.isOpen) this.b.jump(after);
    }
    this.b.seal(failed);
    this.b.switchTo(failed);
    if (this.b.hasNoPredecessors(failed)) this.b.unreachable();
    else {
      this.b.line = s.lineno;
      const exc = this.b.emit("exc_fetch");
      this.b.emitEffect("handler_enter", [exc]);
      // An exception from __exit__ itself replaces the one being handled (chained to it).
      const exitFailed = this.b.newBlock();
      this.b.handler = exitFailed;
      const swallow = this.b.emit("truthy", [this.b.emit("with_exit_exc", [exit, exc])]);
      this.b.handler = outer;
      const suppress = this.b.newBlock();
      const reraise = this.b.newBlock();
      this.b.branch(swallow, suppress, reraise);
      this.b.seal(suppress);
      this.b.seal(reraise);
      this.b.switchTo(suppress);
      this.b.emitEffect("handler_exit");
      this.b.jump(after);
      this.b.switchTo(reraise);
      this.b.emitEffect("handler_exit");
      this.b.emitEffect("exc_restore", [exc]);
      this.reraiseRoute();
      this.b.seal(exitFailed);
      this.b.switchTo(exitFailed);
      if (this.b.hasNoPredecessors(exitFailed)) this.b.unreachable();
      else {
        this.b.emitEffect("handler_exit");
        this.reraiseRoute();
      }
    }
    this.b.seal(after);
    this.b.switchTo(after);
    if (this.b.hasNoPredecessors(after)) this.b.unreachable();
  }


  /** `yield from it`: delegate until it finishes; its return value is the expression's value. */
  private yieldFrom(e: ast.YieldFrom): Value {
    const gen = this.b.use(GENERATOR)!;
    const it = this.b.emit("get_iter", [this.expr(e.value)]);
    const sent = `.yieldfrom${++this.yieldFromCounter}`;
    this.b.define(sent, this.b.emit("const", [], null));
    const header = this.b.newBlock();
    const body = this.b.newBlock();
    const done = this.b.newBlock();
    this.b.jump(header);
    this.b.switchTo(header);
    const value = this.b.emit("gen_delegate", [gen, it, this.b.use(sent)!]);
    this.b.branch(this.b.emit("is_exhausted", [value]), done, body);
    this.b.seal(body);
    this.b.switchTo(body);
    this.b.define(sent, this.b.emit("gen_yield", [value]));
    this.b.jump(header);
    this.b.seal(header);
    this.b.seal(done);
    this.b.switchTo(done);
    return this.b.emit("gen_delegate_result");
  }

  /** `(elt for x in it ...)`: a generator over iter(it), which is evaluated here. */
  private generatorExp(e: ast.GeneratorExp): Value {
    if (e.generators.some((g) => g.is_async)) throw new UnsupportedError("an asynchronous generator expression", e);
    const it = this.b.emit("get_iter", [this.expr(e.generators[0]!.iter)]);
    const lowered = this.ctx.lowerGeneratorExp(e, this.options.qualPrefix, this.options.className ?? null);
    const none = this.b.emit("const", [], null);
    const closure = lowered.freevars.length > 0
      ? this.b.emit("build_tuple", lowered.freevars.map((name) => this.closureCell(name)))
      : none;
    const fn = this.b.emit("make_function", [none, none, closure], lowered.irName);
    return this.b.emit("gen_new", [fn, it]);
  }

  /** A generator expression's own body (this function is its resume function): the loops, yielding. */
  lowerGeneratorExpBody(e: ast.GeneratorExp): IrFunction {
    this.b.line = e.lineno;
    this.comprehensionLoops(e.generators, this.b.use(".0")!, () => {
      this.b.emit("gen_yield", [this.expr(e.elt)]);
    });
    if (this.b.isOpen) this.b.ret(this.b.emit("const", [], null));
    return this.b.f;
  }

  /** `match`: each case's pattern (then guard) in order; the first that matches runs its body. */
  private matchStmt(s: ast.Match): void {
    const subject = this.expr(s.subject);
    const after = this.b.newBlock();
    for (const c of s.cases) {
      const next = this.b.newBlock();
      this.b.line = c.pattern.lineno;
      this.pattern(c.pattern, subject, next);
      if (c.guard !== null) {
        const pass = this.b.newBlock();
        this.branchOn(c.guard, pass, next);
        this.b.seal(pass);
        this.b.switchTo(pass);
      }
      this.stmts(c.body);
      if (this.b.isOpen) this.b.jump(after);
      this.b.seal(next);
      this.b.switchTo(next);
    }
    if (this.b.isOpen) this.b.jump(after);
    this.b.seal(after);
    this.b.switchTo(after);
    if (this.b.hasNoPredecessors(after)) this.b.unreachable();
  }

  /** Continues in a new block if the condition holds, else goes to `fail`. */
  private require(cond: Value, fail: Block): void {
    const ok = this.b.newBlock();
    this.b.branch(cond, ok, fail);
    this.b.seal(ok);
    this.b.switchTo(ok);
  }

  /** Matches `subject` against pattern p, binding its names; jumps to `fail` when it does not match. */
  private pattern(p: ast.Pattern, subject: Value, fail: Block): void {
    const b = this.b;
    const isTrue = (v: Value) => b.emit("truthy", [v]);
    switch (p.nodeType) {
      case "MatchValue":
        return this.require(isTrue(b.emit("compare", [subject, this.expr(p.value)], "Eq")), fail);
      case "MatchSingleton":
        return this.require(isTrue(b.emit("compare", [subject, b.emit("const", [], p.value)], "Is")), fail);
      case "MatchAs":
        if (p.pattern !== null) this.pattern(p.pattern, subject, fail);
        if (p.name !== null) this.assign(this.nameTarget(p.name, p), subject);
        return;
      case "MatchOr": {
        const matched = b.newBlock();
        p.patterns.forEach((alt, i) => {
          const last = i === p.patterns.length - 1;
          const next = last ? fail : b.newBlock();
          this.pattern(alt, subject, next);
          b.jump(matched);
          if (!last) {
            b.seal(next);
            b.switchTo(next);
          }
        });
        b.seal(matched);
        b.switchTo(matched);
        return;
      }
      case "MatchSequence": {
        const items = b.emit("match_sequence", [subject]);
        this.require(b.emit("not", [isTrue(b.emit("compare", [items, b.emit("const", [], null)], "Is"))]), fail);
        const star = p.patterns.findIndex((q) => q.nodeType === "MatchStar");
        const fixed = star < 0 ? p.patterns.length : p.patterns.length - 1;
        const n = b.emit("call", [b.emit("load_builtin", [], "len"), items]);
        this.require(isTrue(b.emit("compare", [n, b.emit("const", [], BigInt(fixed))], star < 0 ? "Eq" : "GtE")), fail);
        p.patterns.forEach((q, i) => {
          if (q.nodeType === "MatchStar") {
            if (q.name === null) return;
            const after = p.patterns.length - 1 - i;
            const stop = after === 0 ? b.emit("const", [], null) : b.emit("const", [], BigInt(-after));
            const part = b.emit("getitem", [items, b.emit("build_slice", [b.emit("const", [], BigInt(i)), stop, b.emit("const", [], null)])]);
            this.assign(this.nameTarget(q.name, q), part);
            return;
          }
          // Items after the star count from the end.
          const index = star >= 0 && i > star ? BigInt(i - p.patterns.length) : BigInt(i);
          this.pattern(q, b.emit("getitem", [items, b.emit("const", [], index)]), fail);
        });
        return;
      }
      case "MatchMapping": {
        this.require(b.emit("match_mapping", [subject]), fail);
        const keys = p.keys.map((k) => this.expr(k));
        p.patterns.forEach((q, i) => {
          const value = b.emit("match_key", [subject, keys[i]!]);
          this.require(b.emit("not", [b.emit("is_unbound", [value])]), fail);
          this.pattern(q, value, fail);
        });
        if (p.rest !== null) {
          const rest = b.emit("match_rest", [subject, b.emit("build_tuple", keys)]);
          this.assign(this.nameTarget(p.rest, p), rest);
        }
        return;
      }
      case "MatchClass": {
        const cls = this.expr(p.cls);
        this.require(b.emit("match_class", [subject, cls]), fail);
        const subs = [...p.patterns, ...p.kwd_patterns];
        if (subs.length === 0) return;
        const values = b.emit("match_attrs", [subject, cls], [p.patterns.length, ...p.kwd_attrs]);
        this.require(b.emit("not", [isTrue(b.emit("compare", [values, b.emit("const", [], null)], "Is"))]), fail);
        subs.forEach((q, i) => this.pattern(q, b.emit("getitem", [values, b.emit("const", [], BigInt(i))]), fail));
        return;
      }
      case "MatchStar":
        throw new UnsupportedError("a star pattern outside a sequence pattern", p);
    }
  }

  /** The cell a nested function's closure gets for free variable `name`. */
  private closureCell(name: string): Value {
    return this.b.use(cellVar(name))!;
  }

  /** `__build_class__(body, name, *bases)`, then the decorators, bound to the class's name. */
  private classDef(s: ast.ClassDef): void {
    const spread = s.keywords.find((k) => k.arg === null);
    if (spread) throw new UnsupportedError("'**' in a class's keywords", spread);
    const decorators = s.decorator_list.map((d) => this.expr(d));
    const bases = s.bases.map((base) => {
      if (base.nodeType === "Starred") throw new UnsupportedError("'*' in a class's bases", base);
      const kind = base.nodeType === "Name" ? this.names.kindOf(base.id) : null;
      const resolved = kind === "classLocal" ? this.names.fallbackOf!((base as ast.Name).id) : kind;
      if (base.nodeType === "Name" && resolved === "builtin" && UNSUBCLASSABLE.has(base.id)) {
        throw new UnsupportedError(`subclassing the builtin type '${base.id}'`, base);
      }
      return this.expr(base);
    });
    const lowered = this.ctx.lowerClassBody(s, this.options.qualPrefix);
    const none = this.b.emit("const", [], null);
    const closure = lowered.freevars.length > 0
      ? this.b.emit("build_tuple", lowered.freevars.map((name) => this.b.use(cellVar(name))!))
      : none;
    const body = this.b.emit("make_function", [none, none, closure], lowered.irName);
    const kwValues = s.keywords.map((k) => this.expr(k.value));
    const kwNames = s.keywords.map((k) => k.arg!);
    let cls = this.b.emit("call", [this.b.emit("load_builtin", [], "__build_class__"), body, this.b.emit("const", [], s.name), ...bases, ...kwValues],
      kwNames.length > 0 ? kwNames : undefined);
    for (const d of decorators.reverse()) cls = this.b.emit("call", [d, cls]);
    this.assign(this.nameTarget(mangle(this.options.className ?? null, s.name), s), cls);
  }

  private tryStmt(s: ast.Try): void {
    const outer = this.b.handler;
    const finallyHandler = s.finalbody.length > 0 ? this.b.newBlock() : null;
    // Exceptions from except clauses and else go through finally (if any), then outward.
    const guard = finallyHandler ?? outer;
    if (finallyHandler) {
      this.exits.push({ loopDepth: this.loops.length, handler: outer, emit: () => this.stmts(s.finalbody) });
    }
    const exceptHandler = s.handlers.length > 0 ? this.b.newBlock() : null;
    const after = this.b.newBlock();

    this.b.handler = exceptHandler ?? guard;
    this.stmts(s.body);
    this.b.handler = guard;
    this.stmts(s.orelse);
    if (this.b.isOpen) this.b.jump(after);

    if (exceptHandler) {
      this.b.seal(exceptHandler);
      this.b.switchTo(exceptHandler);
      if (this.b.hasNoPredecessors(exceptHandler)) this.b.unreachable();
      else this.exceptClauses(s.handlers, guard, after);
    }

    if (finallyHandler) {
      this.exits.pop();
      this.b.handler = outer;
      this.b.seal(finallyHandler);
      this.b.switchTo(finallyHandler);
      if (this.b.hasNoPredecessors(finallyHandler)) this.b.unreachable();
      else {
        // The exception is "being handled" while finally runs, so new ones chain to it.
        const exc = this.b.emit("exc_fetch");
        this.b.emitEffect("handler_enter", [exc]);
        this.exits.push({ loopDepth: this.loops.length, handler: outer, emit: () => this.b.emitEffect("handler_exit") });
        this.stmts(s.finalbody);
        this.exits.pop();
        if (this.b.isOpen) {
          this.b.emitEffect("handler_exit");
          this.b.emitEffect("exc_restore", [exc]);
          this.reraiseRoute();
        }
      }
    }

    this.b.handler = outer;
    this.b.seal(after);
    this.b.switchTo(after);
    if (this.b.hasNoPredecessors(after)) {
      this.b.unreachable();
      return;
    }
    this.stmts(s.finalbody);
  }

  /** The except clauses, entered with the exception pending; `guard` handles their own errors. */
  private exceptClauses(handlers: readonly ast.ExceptHandler[], guard: Block | null, after: Block): void {
    this.b.handler = guard;
    const exc = this.b.emit("exc_fetch");
    for (const h of handlers) {
      this.b.line = h.lineno;
      let next: Block | null = null;
      if (h.type !== null) {
        const matches = this.b.emit("exc_matches", [exc, this.expr(h.type)]);
        const body = this.b.newBlock();
        next = this.b.newBlock();
        this.b.branch(matches, body, next);
        this.b.seal(body);
        this.b.seal(next);
        this.b.switchTo(body);
      }
      this.b.emitEffect("handler_enter", [exc]);
      if (h.name !== null) {
        const target: ast.Name = {
          nodeType: "Name", id: h.name, ctx: "Store",
          lineno: h.lineno, col_offset: h.col_offset, end_lineno: h.end_lineno, end_col_offset: h.end_col_offset,
        };
        this.assign(target, exc);
      }
      const leave = () => {
        this.b.emitEffect("handler_exit");
        if (h.name !== null) this.unbind(h.name);
      };
      const failed = this.b.newBlock();
      this.b.handler = failed;
      this.exits.push({ loopDepth: this.loops.length, handler: guard, emit: leave });
      this.stmts(h.body);
      this.exits.pop();
      this.b.handler = guard;
      if (this.b.isOpen) {
        leave();
        this.b.jump(after);
      }
      // An exception inside the clause: leave it, and let the new exception go on.
      this.b.seal(failed);
      this.b.switchTo(failed);
      if (this.b.hasNoPredecessors(failed)) this.b.unreachable();
      else {
        leave();
        this.reraiseRoute();
      }
      if (next === null) return;
      this.b.switchTo(next);
    }
    // No clause matched: the exception goes on.
    this.b.emitEffect("exc_restore", [exc]);
    this.reraiseRoute();
  }

  /** `del name`: it must be bound (the error a load would give), then it is unbound. */
  private deleteName(target: ast.Name): void {
    const kind = this.names.kindOf(target.id);
    if (kind === "classLocal") throw new UnsupportedError("'del' of a class-body name", target);
    this.name({ ...target, ctx: "Load" });
    this.unbind(target.id);
  }

  private delete(target: ast.Expr): void {
    const outer = this.b.line;
    this.b.line = target.lineno;
    this.deleteHere(target);
    this.b.line = outer;
  }

  private deleteHere(target: ast.Expr): void {
    switch (target.nodeType) {
      case "Subscript":
        this.b.emitEffect("delitem", [this.expr(target.value), this.expr(target.slice)]);
        return;
      case "Attribute": {
        const obj = this.expr(target.value);
        this.b.line = target.end_lineno;
        this.b.emitEffect("delete_attr", [obj], target.attr);
        return;
      }
      case "Name":
        return this.deleteName(target);
      case "Tuple":
      case "List":
        target.elts.forEach((t) => this.delete(t));
        return;
      default:
        throw new UnsupportedError(`'del' of ${target.nodeType}`, target);
    }
  }

  /** Stores value to target, located at the target as CPython locates the store. */
  private assign(target: ast.Expr, value: Value): void {
    const outer = this.b.line;
    this.b.line = target.lineno;
    this.assignHere(target, value);
    this.b.line = outer;
  }

  private assignHere(target: ast.Expr, value: Value): void {
    switch (target.nodeType) {
      case "Name": {
        const kind = this.names.kindOf(target.id);
        if (kind === "local") this.b.define(target.id, value);
        else if (kind === "cell" || kind === "free") this.b.emitEffect("cell_set", [this.b.use(cellVar(target.id))!, value]);
        else if (kind === "classLocal") this.b.emitEffect("setitem", [this.b.use(NAMESPACE)!, this.b.emit("const", [], target.id), value]);
        else this.b.emitEffect("store_global", [value], target.id);
        return;
      }
      case "Tuple":
      case "List": {
        const star = target.elts.findIndex((e) => e.nodeType === "Starred");
        const before = star < 0 ? target.elts.length : star;
        const after = star < 0 ? 0 : target.elts.length - star - 1;
        const items = this.b.emit("unpack", [value], [before, after, star < 0 ? 0 : 1]);
        target.elts.forEach((elt, i) => {
          const item = this.b.emit("getitem", [items, this.b.emit("const", [], BigInt(i))]);
          this.assign(elt.nodeType === "Starred" ? elt.value : elt, item);
        });
        return;
      }
      case "Attribute": {
        const obj = this.expr(target.value);
        this.b.line = target.end_lineno;
        this.b.emitEffect("store_attr", [obj, value], target.attr);
        return;
      }
      case "Subscript":
        this.b.emitEffect("setitem", [this.expr(target.value), this.expr(target.slice), value]);
        return;
      default:
        throw new UnsupportedError(`assignment to ${target.nodeType}`, target);
    }
  }

  /** Lowers `test` to a condition and branches; both targets are sealed here. */
  private branchOn(test: ast.Expr, then: Block, otherwise: Block): void {
    this.b.branch(this.b.emit("truthy", [this.expr(test)]), then, otherwise);
  }

  private ifStmt(s: ast.If): void {
    const then = this.b.newBlock();
    const otherwise = this.b.newBlock();
    const join = this.b.newBlock();
    this.branchOn(s.test, then, otherwise);
    this.b.seal(then);
    this.b.seal(otherwise);
    for (const [block, body] of [[then, s.body], [otherwise, s.orelse]] as const) {
      this.b.switchTo(block);
      this.stmts(body);
      if (this.b.isOpen) this.b.jump(join);
    }
    this.b.seal(join);
    this.b.switchTo(join);
    this.endIfUnreachable(join);
  }

  /** A join no path reaches (both arms returned) ends as unreachable, so it verifies. */
  private endIfUnreachable(block: Block): void {
    if (this.b.hasNoPredecessors(block)) this.b.unreachable();
  }

  private whileStmt(s: ast.While): void {
    const header = this.b.newBlock();
    const body = this.b.newBlock();
    const orelse = this.b.newBlock();
    const exit = this.b.newBlock();
    this.b.jump(header);
    this.b.switchTo(header);
    this.branchOn(s.test, body, orelse);
    this.b.seal(body);
    this.b.seal(orelse);
    this.loopBody(body, s.body, header, exit);
    this.b.seal(header);
    this.b.switchTo(orelse);
    this.stmts(s.orelse);
    if (this.b.isOpen) this.b.jump(exit);
    this.b.seal(exit);
    this.b.switchTo(exit);
    this.endIfUnreachable(exit);
  }

  private forStmt(s: ast.For): void {
    const iterator = this.b.emit("get_iter", [this.expr(s.iter)]);
    const header = this.b.newBlock();
    const body = this.b.newBlock();
    const orelse = this.b.newBlock();
    const exit = this.b.newBlock();
    this.b.jump(header);
    this.b.switchTo(header);
    const item = this.b.emit("iter_next", [iterator]);
    this.b.branch(this.b.emit("is_exhausted", [item]), orelse, body);
    this.b.seal(body);
    this.b.seal(orelse);
    this.b.switchTo(body);
    this.assign(s.target, item);
    this.loopBody(this.b.current, s.body, header, exit);
    this.b.seal(header);
    this.b.switchTo(orelse);
    this.stmts(s.orelse);
    if (this.b.isOpen) this.b.jump(exit);
    this.b.seal(exit);
    this.b.switchTo(exit);
    this.endIfUnreachable(exit);
  }

  private loopBody(block: Block, body: readonly ast.Stmt[], continueTo: Block, breakTo: Block): void {
    this.b.switchTo(block);
    this.loops.push({ continueTo, breakTo });
    this.stmts(body);
    this.loops.pop();
    if (this.b.isOpen) this.b.jump(continueTo);
  }

  // --- Expressions -----------------------------------------------------------------------

  /**
   * Each instruction carries the line of the innermost expression it comes from, as CPython
   * 3.11's compiler locates instructions: a multi-line expression's traceback names the line
   * of the failing part.
   */
  expr(e: ast.Expr): Value {
    const outer = this.b.line;
    this.b.line = e.lineno;
    const v = this.exprHere(e);
    this.b.line = outer;
    return v;
  }

  private exprHere(e: ast.Expr): Value {
    switch (e.nodeType) {
      case "Constant":
        return this.constant(e);
      case "Name":
        return this.name(e);
      case "BinOp":
        return this.b.emit("binop", [this.expr(e.left), this.expr(e.right)], e.op);
      case "UnaryOp":
        if (e.op === "Not") return this.b.emit("bool", [this.b.emit("not", [this.b.emit("truthy", [this.expr(e.operand)])])]);
        return this.b.emit("unop", [this.expr(e.operand)], e.op);
      case "Compare":
        return this.compare(e);
      case "BoolOp":
        return this.boolOp(e);
      case "IfExp":
        return this.ifExp(e);
      case "Call":
        return this.call(e);
      case "Attribute": {
        const value = this.expr(e.value);
        // CPython puts an attribute load on the attribute name's line.
        this.b.line = e.end_lineno;
        return this.b.emit("load_attr", [value], e.attr);
      }
      case "Subscript":
        return this.b.emit("getitem", [this.expr(e.value), this.expr(e.slice)]);
      case "Tuple":
        if (hasStar(e.elts)) return this.b.emit("list_to_tuple", [this.starredList(e.elts, null)]);
        return this.b.emit("build_tuple", this.elements(e.elts));
      case "List":
        if (hasStar(e.elts)) return this.starredList(e.elts, null);
        return this.b.emit("build_list", this.elements(e.elts));
      case "Set": {
        if (!hasStar(e.elts)) return this.b.emit("build_set", this.elements(e.elts));
        const set = this.b.emit("build_set", []);
        for (const x of e.elts) {
          if (x.nodeType === "Starred") this.b.emitEffect("set_update", [set, this.expr(x.value)]);
          else this.b.emitEffect("set_add", [set, this.expr(x)]);
        }
        return set;
      }
      case "Dict":
        return this.dict(e);
      case "Slice": {
        const part = (x: ast.Expr | null) => (x === null ? this.b.emit("const", [], null) : this.expr(x));
        return this.b.emit("build_slice", [part(e.lower), part(e.upper), part(e.step)]);
      }
      case "JoinedStr":
        return this.b.emit("build_string", e.values.map((v) => this.expr(v)));
      case "FormattedValue": {
        const spec = e.format_spec === null ? this.b.emit("const", [], null) : this.expr(e.format_spec);
        return this.b.emit("format_value", [this.expr(e.value), spec], e.conversion);
      }
      case "ListComp":
      case "SetComp":
      case "DictComp":
        return this.comprehension(e);
      case "Lambda":
        return this.makeFunction(e);
      case "Yield": {
        const value = e.value === null ? this.b.emit("const", [], null) : this.expr(e.value);
        return this.b.emit("gen_yield", [value]);
      }
      case "YieldFrom":
        return this.yieldFrom(e);
      case "GeneratorExp":
        return this.generatorExp(e);
      case "NamedExpr": {
        const value = this.expr(e.value);
        this.assign(e.target, value);
        return value;
      }
      default:
        throw new UnsupportedError(`the '${e.nodeType}' expression`, e);
    }
  }

  private constant(e: ast.Constant): Value {
    const v = e.value;
    if (v === null || typeof v === "boolean" || typeof v === "bigint" || typeof v === "number" || typeof v === "string" || v instanceof Uint8Array) {
      return this.b.emit("const", [], v);
    }
    // A str with lone surrogates ("\udcff"): a JS string holds them as lone UTF-16 units.
    // (Adjacent high+low surrogates written separately would merge into one code point.)
    if (typeof v === "object" && v !== null && "codePoints" in v) {
      return this.b.emit("const", [], v.codePoints.map((c) => String.fromCodePoint(c)).join(""));
    }
    // `...` is the builtin singleton.
    if (v === Ellipsis) return this.b.emit("load_builtin", [], "Ellipsis");
    throw new UnsupportedError("this kind of constant", e);
  }

  /**
   * A list, set or dict comprehension is a function of its first iterator (evaluated here, in
   * the enclosing scope), called at once: its variables are its own, and tracebacks show its
   * frame (`<listcomp>`), as in CPython 3.11.
   */
  private comprehension(e: ast.ListComp | ast.SetComp | ast.DictComp): Value {
    if (e.generators.some((g) => g.is_async)) throw new UnsupportedError("an asynchronous comprehension", e);
    const it = this.b.emit("get_iter", [this.expr(e.generators[0]!.iter)]);
    const lowered = this.ctx.lowerComprehension(e, this.options.qualPrefix, this.options.className ?? null);
    const none = this.b.emit("const", [], null);
    const closure = lowered.freevars.length > 0
      ? this.b.emit("build_tuple", lowered.freevars.map((name) => this.closureCell(name)))
      : none;
    const fn = this.b.emit("make_function", [none, none, closure], lowered.irName);
    return this.b.emit("call", [fn, it]);
  }

  /** A comprehension's own body (this function is the comprehension's): the loops, accumulating. */
  lowerComprehensionBody(e: ast.ListComp | ast.SetComp | ast.DictComp): IrFunction {
    this.b.line = e.lineno;
    const acc = e.nodeType === "ListComp" ? this.b.emit("build_list", []) : e.nodeType === "SetComp" ? this.b.emit("build_set", []) : this.b.emit("build_dict", []);
    this.comprehensionLoops(e.generators, this.b.use(".0")!, () => {
      if (e.nodeType === "DictComp") {
        const key = this.expr(e.key);
        this.b.emitEffect("setitem", [acc, key, this.expr(e.value)]);
      } else {
        this.b.emitEffect(e.nodeType === "ListComp" ? "list_append" : "set_add", [acc, this.expr(e.elt)]);
      }
    });
    this.b.ret(acc);
    return this.b.f;
  }

  /** The nested `for ... if ...` loops of a comprehension; `innermost` emits the element step. */
  private comprehensionLoops(generators: readonly ast.Comprehension[], firstIter: Value, innermost: () => void): void {
    const level = (i: number, iterator: Value): void => {
      const g = generators[i]!;
      const header = this.b.newBlock();
      const body = this.b.newBlock();
      const exit = this.b.newBlock();
      this.b.jump(header);
      this.b.switchTo(header);
      const item = this.b.emit("iter_next", [iterator]);
      this.b.branch(this.b.emit("is_exhausted", [item]), exit, body);
      this.b.seal(body);
      this.b.switchTo(body);
      this.assign(g.target, item);
      for (const cond of g.ifs) {
        const pass = this.b.newBlock();
        this.branchOn(cond, pass, header);
        this.b.seal(pass);
        this.b.switchTo(pass);
      }
      if (i + 1 < generators.length) level(i + 1, this.b.emit("get_iter", [this.expr(generators[i + 1]!.iter)]));
      else innermost();
      if (this.b.isOpen) this.b.jump(header);
      this.b.seal(header);
      this.b.seal(exit);
      this.b.switchTo(exit);
    };
    level(0, firstIter);
  }

  private name(e: ast.Name): Value {
    const kind = this.names.kindOf(e.id);
    const resolved = kind === "classLocal" ? this.names.fallbackOf!(e.id) : kind;
    if (resolved === "builtin" && UNSUPPORTED_BUILTINS.has(e.id)) throw new UnsupportedError(`the builtin '${e.id}'`, e);
    // The check goes away in passes/definite-assignment when every path assigns the local.
    if (kind === "local") return this.b.emit("check_bound", [this.b.use(e.id)!], e.id);
    if (kind === "classLocal") return this.classNameLoad(e.id);
    return this.loadByKind(e.id, kind);
  }

  /** A class body's name: the namespace, else where the enclosing scopes resolve it. */
  private classNameLoad(name: string): Value {
    const found = this.b.emit("ns_get", [this.b.use(NAMESPACE)!], name);
    const fallback = this.b.newBlock();
    const done = this.b.newBlock();
    const result = this.b.f.addParam(done);
    const have = this.b.newBlock();
    this.b.branch(this.b.emit("is_unbound", [found]), fallback, have);
    this.b.seal(fallback);
    this.b.seal(have);
    this.b.switchTo(have);
    this.b.jump(done, [found]);
    this.b.switchTo(fallback);
    this.b.jump(done, [this.loadByKind(name, this.names.fallbackOf!(name))]);
    this.b.seal(done);
    this.b.switchTo(done);
    return result;
  }

  private loadByKind(name: string, kind: NameKind): Value {
    if (kind === "local") return this.b.emit("check_bound", [this.b.use(name)!], name);
    if (kind === "cell" || kind === "free") {
      const value = this.b.emit("cell_get", [this.b.use(cellVar(name))!]);
      return this.b.emit(kind === "cell" ? "check_bound" : "check_bound_free", [value], name);
    }
    return this.b.emit(kind === "global" ? "load_global" : "load_builtin", [], name);
  }

  private elements(elts: readonly ast.Expr[]): Value[] {
    return elts.map((x) => {
      if (x.nodeType === "Starred") throw new UnsupportedError("unpacking with '*' in a display", x);
      return this.expr(x);
    });
  }

  private dict(e: ast.Dict): Value {
    if (e.keys.some((k) => k === null)) {
      // `{**a, 'k': v}`: entries in order, later ones winning.
      const d = this.b.emit("build_dict", []);
      e.keys.forEach((k, i) => {
        if (k === null) this.b.emitEffect("dict_update", [d, this.expr(e.values[i]!)]);
        else {
          const key = this.expr(k);
          this.b.emitEffect("setitem", [d, key, this.expr(e.values[i]!)]);
        }
      });
      return d;
    }
    const items: Value[] = [];
    e.keys.forEach((k, i) => items.push(this.expr(k!), this.expr(e.values[i]!)));
    return this.b.emit("build_dict", items);
  }

  /** A list of the items, `*x` ones spliced in; callee names the call in errors (null in a display). */
  private starredList(elts: readonly ast.Expr[], callee: Value | null): Value {
    const list = this.b.emit("build_list", []);
    for (const x of elts) {
      if (x.nodeType === "Starred") {
        this.b.emitEffect("list_extend_star", [list, this.expr(x.value), callee ?? this.b.emit("const", [], null)]);
      } else {
        this.b.emitEffect("list_append", [list, this.expr(x)]);
      }
    }
    return list;
  }

  /** `a < b < c` evaluates `b` once and stops at the first false comparison. */
  private compare(e: ast.Compare): Value {
    let left = this.expr(e.left);
    if (e.ops.length === 1) return this.b.emit("compare", [left, this.expr(e.comparators[0]!)], e.ops[0]);
    const done = this.b.newBlock();
    const result = this.b.f.addParam(done);
    e.ops.forEach((op, i) => {
      const right = this.expr(e.comparators[i]!);
      const r = this.b.emit("compare", [left, right], op);
      if (i === e.ops.length - 1) return this.b.jump(done, [r]);
      const next = this.b.newBlock();
      const stop = this.b.newBlock();
      this.b.branch(this.b.emit("truthy", [r]), next, stop);
      this.b.seal(next);
      this.b.seal(stop);
      this.b.switchTo(stop);
      this.b.jump(done, [r]);
      this.b.switchTo(next);
      left = right;
    });
    this.b.seal(done);
    this.b.switchTo(done);
    return result;
  }

  /** `a and b` is `a` if `a` is false, else `b`; `or` the other way round. */
  private boolOp(e: ast.BoolOp): Value {
    const done = this.b.newBlock();
    const result = this.b.f.addParam(done);
    e.values.forEach((operand, i) => {
      const v = this.expr(operand);
      if (i === e.values.length - 1) return this.b.jump(done, [v]);
      const next = this.b.newBlock();
      const stop = this.b.newBlock();
      const truthy = this.b.emit("truthy", [v]);
      if (e.op === "And") this.b.branch(truthy, next, stop);
      else this.b.branch(truthy, stop, next);
      this.b.seal(next);
      this.b.seal(stop);
      this.b.switchTo(stop);
      this.b.jump(done, [v]);
      this.b.switchTo(next);
    });
    this.b.seal(done);
    this.b.switchTo(done);
    return result;
  }

  private ifExp(e: ast.IfExp): Value {
    const then = this.b.newBlock();
    const otherwise = this.b.newBlock();
    const done = this.b.newBlock();
    const result = this.b.f.addParam(done);
    this.branchOn(e.test, then, otherwise);
    this.b.seal(then);
    this.b.seal(otherwise);
    this.b.switchTo(then);
    this.b.jump(done, [this.expr(e.body)]);
    this.b.switchTo(otherwise);
    this.b.jump(done, [this.expr(e.orelse)]);
    this.b.seal(done);
    this.b.switchTo(done);
    return result;
  }

  private call(e: ast.Call): Value {
    if (hasStar(e.args) || e.keywords.some((k) => k.arg === null)) return this.callEx(e);
    const kwNames = e.keywords.map((k) => k.arg!);
    const isDirect =
      e.func.nodeType === "Name" &&
      this.names.kindOf(e.func.id) === "global" &&
      kwNames.length === 0 &&
      this.direct.get(e.func.id) === e.args.length;
    if (isDirect) {
      return this.b.emit("call_direct", this.elements(e.args), (e.func as ast.Name).id);
    }
    if (e.func.nodeType === "Name" && e.func.id === "super" && e.args.length === 0 && kwNames.length === 0
      && this.names.kindOf("super") === "builtin" && this.names.kindOf("__class__") === "free") {
      // Zero-argument super() is super(__class__, <first argument>), as CPython's compiler makes it.
      const first = this.options.firstParam;
      const cls = this.b.emit("cell_get", [this.b.use(cellVar("__class__"))!]);
      const self = first === undefined ? this.b.emit("unbound") : this.loadByKind(first, this.names.kindOf(first));
      return this.b.emit("call", [this.b.emit("load_builtin", [], "super"), cls, self]);
    }
    if (e.func.nodeType === "Name" && e.func.id === "__import__" && this.names.kindOf("__import__") === "builtin") return this.importCall(e);
    // The callee is evaluated first, then the arguments left to right.
    const callee = this.expr(e.func);
    const args = this.elements(e.args);
    const kwValues = e.keywords.map((k) => this.expr(k.value));
    // CPython 3.11 compiles `obj.name(...)` with plain arguments (fewer than 30 stack entries)
    // as a method call, located on the attribute name's line.
    if (e.func.nodeType === "Attribute" && e.args.length + kwNames.length + (kwNames.length > 0 ? 1 : 0) < 30) this.b.line = e.func.end_lineno;
    return this.b.emit("call", [callee, ...args, ...kwValues], kwNames.length > 0 ? kwNames : undefined);
  }

  /**
   * `__import__("a.b")` imports as `import a.b` does and gives the top-level package `a`. The
   * program links the modules it imports at compile time, so the name must be a constant.
   */
  private importCall(e: ast.Call): Value {
    const arg = e.args[0];
    if (e.args.length !== 1 || e.keywords.length > 0 || arg?.nodeType !== "Constant" || typeof arg.value !== "string") {
      throw new UnsupportedError("'__import__' other than __import__(\"module name\")", e);
    }
    const name = arg.value;
    const module = this.b.emit("import_module", [], name);
    return name.includes(".") ? this.b.emit("import_module", [], name.slice(0, name.indexOf("."))) : module;
  }

  /** A call with `*args` or `**kwargs`: a positional list and a keyword dict, then call_ex. */
  private callEx(e: ast.Call): Value {
    const callee = this.expr(e.func);
    const args = this.starredList(e.args, callee);
    let kwargs: Value = this.b.emit("const", [], null);
    if (e.keywords.length > 0) {
      kwargs = this.b.emit("build_dict", []);
      for (const k of e.keywords) {
        const value = this.expr(k.value);
        const mapping = k.arg === null ? value : this.b.emit("build_dict", [this.b.emit("const", [], k.arg), value]);
        this.b.emitEffect("dict_merge_kw", [kwargs, mapping, callee]);
      }
    }
    return this.b.emit("call_ex", [callee, args, kwargs]);
  }
}
