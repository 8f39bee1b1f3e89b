/**
 * Symbol table construction, in CPython's two passes. This file is the first: a walk over the
 * AST recording, per block, every name it binds, uses or declares (`Flag` bits), and the
 * errors that need only that (duplicate parameters, misplaced `global`/`nonlocal`, walrus
 * conflicts in comprehensions, `yield` in a comprehension). `resolve.ts` then decides each
 * name's resolution.
 *
 * The visiting order matches CPython's symtable: it fixes the order of child scopes, of
 * symbols, and which of two errors is reported.
 */
import type * as ast from "../syntax/ast.js";
import { errorAt } from "./errors.js";
import { mangle } from "./mangle.js";
import { resolveScopes } from "./resolve.js";
import {
  Flag, Scope, Symbol, type ComprehensionNode, type FunctionNode, type ScopeKind, type ScopeNode, type SymbolTable,
} from "./scope.js";

const COMPREHENSION_NAMES: Record<ComprehensionNode["nodeType"], string> = {
  ListComp: "listcomp",
  SetComp: "setcomp",
  DictComp: "dictcomp",
  GeneratorExp: "genexpr",
};

const YIELD_IN_COMPREHENSION: Record<ComprehensionNode["nodeType"], string> = {
  ListComp: "'yield' inside list comprehension",
  SetComp: "'yield' inside set comprehension",
  DictComp: "'yield' inside dict comprehension",
  GeneratorExp: "'yield' inside generator expression",
};

export function buildSymbolTable(mod: ast.Module, futureAnnotations = false): SymbolTable {
  const builder = new Builder(mod, futureAnnotations);
  for (const s of mod.body) builder.stmt(s);
  resolveScopes(builder.top);
  return { top: builder.top, scopes: builder.scopes, futureAnnotations };
}

class Builder {
  readonly top: Scope;
  readonly scopes = new Map<ScopeNode, Scope>();
  /** Open blocks, innermost last; `cur` is always the last. */
  private readonly stack: Scope[] = [];
  private cur: Scope;
  /** Name of the innermost enclosing class, for mangling `__private` names. */
  private className: string | null = null;

  constructor(mod: ast.Module, private readonly futureAnnotations: boolean) {
    this.top = new Scope("module", "top", 0, mod, null);
    this.scopes.set(mod, this.top);
    this.stack.push(this.top);
    this.cur = this.top;
  }

  // -------------------------------------------------------------------------------------------
  // Blocks and definitions

  private enter(kind: ScopeKind, name: string, lineno: number, node: ScopeNode | ast.Expr): Scope {
    const scope = new Scope(kind, name, lineno, node, this.cur);
    // A walrus anywhere inside a comprehension's outermost iterable is an error, even inside a
    // nested lambda or comprehension there.
    scope.compIterExprDepth = this.cur.compIterExprDepth;
    if (kind !== "annotation") {
      this.cur.children.push(scope);
      this.scopes.set(node as ScopeNode, scope);
    }
    this.stack.push(scope);
    this.cur = scope;
    return scope;
  }

  private exit(): void {
    this.stack.pop();
    this.cur = this.stack[this.stack.length - 1]!;
  }

  private addDef(name: string, flag: number, loc: ast.Located, scope: Scope = this.cur): void {
    const mangled = mangle(this.className, name);
    let sym = scope.symbols.get(mangled);
    if (sym === undefined) {
      sym = new Symbol(mangled, flag);
      scope.symbols.set(mangled, sym);
    } else {
      if (flag & Flag.Param && sym.flags & Flag.Param) {
        throw errorAt(loc, `duplicate argument '${name}' in function definition`);
      }
      sym.flags |= flag;
    }
    if (scope.inCompIterTarget) {
      if (sym.flags & (Flag.Global | Flag.Nonlocal)) {
        throw errorAt(loc, `comprehension inner loop cannot rebind assignment expression target '${name}'`);
      }
      sym.flags |= Flag.CompIter;
    }
    if (flag & Flag.Param) {
      scope.params.push(mangled);
    } else if (flag & Flag.Global) {
      // A `global` anywhere also marks the module's own entry, which makes it an explicit global.
      const moduleSym = this.top.symbols.get(mangled);
      if (moduleSym === undefined) this.top.symbols.set(mangled, new Symbol(mangled, flag));
      else moduleSym.flags |= flag;
    }
  }

  private lookupFlags(name: string): number {
    return this.cur.flagsOf(mangle(this.className, name));
  }

  private annotationBlock(node: FunctionNode | ast.Expr, visit: () => void): void {
    if (!this.futureAnnotations) {
      visit();
      return;
    }
    // Under `from __future__ import annotations` annotations become strings: names in them
    // bind and use nothing in the enclosing blocks.
    this.enter("annotation", "_annotation", node.lineno, node);
    visit();
    this.exit();
  }

  private noAnnotationBlock(what: string, e: ast.Located): void {
    if (this.cur.kind === "annotation") throw errorAt(e, `'${what}' can not be used within an annotation`);
  }

  // -------------------------------------------------------------------------------------------
  // Statements

  stmt(s: ast.Stmt): void {
    switch (s.nodeType) {
      case "FunctionDef":
      case "AsyncFunctionDef": {
        this.addDef(s.name, Flag.Local, s);
        this.exprs(s.args.defaults);
        this.optExprs(s.args.kw_defaults);
        this.annotationBlock(s, () => this.paramAnnotations(s.args));
        if (s.returns !== null) this.annotation(s.returns);
        this.exprs(s.decorator_list);
        const scope = this.enter("function", s.name, s.lineno, s);
        if (s.nodeType === "AsyncFunctionDef") scope.isCoroutine = true;
        this.params(s.args);
        this.stmts(s.body);
        this.exit();
        break;
      }
      case "ClassDef": {
        this.addDef(s.name, Flag.Local, s);
        this.exprs(s.bases);
        for (const k of s.keywords) this.expr(k.value);
        this.exprs(s.decorator_list);
        this.enter("class", s.name, s.lineno, s);
        const outerClass = this.className;
        this.className = s.name;
        this.stmts(s.body);
        this.className = outerClass;
        this.exit();
        break;
      }
      case "Return":
        if (s.value !== null) {
          this.expr(s.value);
          this.cur.returnsValue = true;
        }
        break;
      case "Delete":
        this.exprs(s.targets);
        break;
      case "Assign":
        this.exprs(s.targets);
        this.expr(s.value);
        break;
      case "AnnAssign":
        if (s.target.nodeType === "Name") {
          const name = s.target.id;
          const cur = this.lookupFlags(name);
          if (cur & (Flag.Global | Flag.Nonlocal) && this.cur !== this.top && s.simple) {
            throw errorAt(s, `annotated name '${name}' can't be ${cur & Flag.Global ? "global" : "nonlocal"}`);
          }
          if (s.simple) this.addDef(name, Flag.Annotated | Flag.Local, s.target);
          else if (s.value !== null) this.addDef(name, Flag.Local, s.target);
        } else {
          this.expr(s.target);
        }
        this.annotation(s.annotation);
        if (s.value !== null) this.expr(s.value);
        break;
      case "AugAssign":
        this.expr(s.target);
        this.expr(s.value);
        break;
      case "For":
      case "AsyncFor":
        this.expr(s.target);
        this.expr(s.iter);
        this.stmts(s.body);
        this.stmts(s.orelse);
        break;
      case "While":
      case "If":
        this.expr(s.test);
        this.stmts(s.body);
        this.stmts(s.orelse);
        break;
      case "Match":
        this.expr(s.subject);
        for (const c of s.cases) {
          this.pattern(c.pattern);
          if (c.guard !== null) this.expr(c.guard);
          this.stmts(c.body);
        }
        break;
      case "Raise":
        if (s.exc !== null) this.expr(s.exc);
        if (s.cause !== null) this.expr(s.cause);
        break;
      case "Try":
      case "TryStar":
        // CPython visits `else` before the handlers.
        this.stmts(s.body);
        this.stmts(s.orelse);
        for (const h of s.handlers) {
          if (h.type !== null) this.expr(h.type);
          if (h.name !== null) this.addDef(h.name, Flag.Local, h);
          this.stmts(h.body);
        }
        this.stmts(s.finalbody);
        break;
      case "Assert":
        this.expr(s.test);
        if (s.msg !== null) this.expr(s.msg);
        break;
      case "Import":
      case "ImportFrom":
        for (const a of s.names) this.alias(a);
        break;
      case "Global":
      case "Nonlocal":
        this.declaration(s);
        break;
      case "Expr":
        this.expr(s.value);
        break;
      case "With":
      case "AsyncWith":
        for (const item of s.items) {
          this.expr(item.context_expr);
          if (item.optional_vars !== null) this.expr(item.optional_vars);
        }
        this.stmts(s.body);
        break;
      case "Pass":
      case "Break":
      case "Continue":
        break;
    }
  }

  private stmts(body: ast.Stmt[]): void {
    for (const s of body) this.stmt(s);
  }

  private declaration(s: ast.Global | ast.Nonlocal): void {
    const word = s.nodeType === "Global" ? "global" : "nonlocal";
    for (const name of s.names) {
      const cur = this.lookupFlags(name);
      if (cur & (Flag.Param | Flag.Local | Flag.Use | Flag.Annotated)) {
        const msg =
          cur & Flag.Param ? `name '${name}' is parameter and ${word}`
          : cur & Flag.Use ? `name '${name}' is used prior to ${word} declaration`
          : cur & Flag.Annotated ? `annotated name '${name}' can't be ${word}`
          : `name '${name}' is assigned to before ${word} declaration`;
        throw errorAt(s, msg);
      }
      this.addDef(name, word === "global" ? Flag.Global : Flag.Nonlocal, s);
      this.recordDirective(this.cur, name, s);
    }
  }

  private recordDirective(scope: Scope, name: string, loc: ast.Located): void {
    const mangled = mangle(this.className, name);
    if (!scope.directives.has(mangled)) scope.directives.set(mangled, loc);
  }

  private alias(a: ast.Alias): void {
    const name = a.asname ?? a.name;
    if (name === "*") {
      if (this.cur.kind !== "module") throw errorAt(a, "import * only allowed at module level");
      return;
    }
    // `import a.b.c` binds `a`.
    const dot = name.indexOf(".");
    this.addDef(dot === -1 ? name : name.slice(0, dot), Flag.Import, a);
  }

  // -------------------------------------------------------------------------------------------
  // Parameters and annotations

  private params(args: ast.Arguments): void {
    for (const a of args.posonlyargs) this.addDef(a.arg, Flag.Param, a);
    for (const a of args.args) this.addDef(a.arg, Flag.Param, a);
    for (const a of args.kwonlyargs) this.addDef(a.arg, Flag.Param, a);
    if (args.vararg !== null) {
      this.addDef(args.vararg.arg, Flag.Param, args.vararg);
      this.cur.hasVarargs = true;
    }
    if (args.kwarg !== null) {
      this.addDef(args.kwarg.arg, Flag.Param, args.kwarg);
      this.cur.hasVarkeywords = true;
    }
  }

  /** CPython's order: positional-only, positional, `*args`, `**kwargs`, keyword-only. */
  private paramAnnotations(args: ast.Arguments): void {
    const annotate = (a: ast.Arg | null) => {
      if (a?.annotation) this.expr(a.annotation);
    };
    args.posonlyargs.forEach(annotate);
    args.args.forEach(annotate);
    annotate(args.vararg);
    annotate(args.kwarg);
    args.kwonlyargs.forEach(annotate);
  }

  private annotation(e: ast.Expr): void {
    this.annotationBlock(e, () => this.expr(e));
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  private exprs(es: ast.Expr[]): void {
    for (const e of es) this.expr(e);
  }

  private optExprs(es: (ast.Expr | null)[]): void {
    for (const e of es) if (e !== null) this.expr(e);
  }

  private expr(e: ast.Expr): void {
    switch (e.nodeType) {
      case "NamedExpr":
        this.namedExpr(e);
        break;
      case "BoolOp":
        this.exprs(e.values);
        break;
      case "BinOp":
        this.expr(e.left);
        this.expr(e.right);
        break;
      case "UnaryOp":
        this.expr(e.operand);
        break;
      case "Lambda": {
        this.exprs(e.args.defaults);
        this.optExprs(e.args.kw_defaults);
        this.enter("lambda", "lambda", e.lineno, e);
        this.params(e.args);
        this.expr(e.body);
        this.exit();
        break;
      }
      case "IfExp":
        this.expr(e.test);
        this.expr(e.body);
        this.expr(e.orelse);
        break;
      case "Dict":
        // All keys, then all values, as CPython.
        this.optExprs(e.keys);
        this.exprs(e.values);
        break;
      case "Set":
        this.exprs(e.elts);
        break;
      case "GeneratorExp":
      case "ListComp":
      case "SetComp":
        this.comprehension(e, e.elt, null);
        break;
      case "DictComp":
        this.comprehension(e, e.key, e.value);
        break;
      case "Yield":
      case "YieldFrom":
        this.noAnnotationBlock("yield expression", e);
        if (e.value !== null) this.expr(e.value);
        this.cur.isGenerator = true;
        if (this.cur.isComprehension) {
          throw errorAt(e, YIELD_IN_COMPREHENSION[(this.cur.node as ComprehensionNode).nodeType]);
        }
        break;
      case "Await":
        this.noAnnotationBlock("await expression", e);
        this.expr(e.value);
        this.cur.isCoroutine = true;
        break;
      case "Compare":
        this.expr(e.left);
        this.exprs(e.comparators);
        break;
      case "Call":
        this.expr(e.func);
        this.exprs(e.args);
        for (const k of e.keywords) this.expr(k.value);
        break;
      case "FormattedValue":
        this.expr(e.value);
        if (e.format_spec !== null) this.expr(e.format_spec);
        break;
      case "JoinedStr":
        this.exprs(e.values);
        break;
      case "Constant":
        break;
      case "Attribute":
      case "Starred":
        this.expr(e.value);
        break;
      case "Subscript":
        this.expr(e.value);
        this.expr(e.slice);
        break;
      case "Slice":
        if (e.lower !== null) this.expr(e.lower);
        if (e.upper !== null) this.expr(e.upper);
        if (e.step !== null) this.expr(e.step);
        break;
      case "Name":
        this.addDef(e.id, e.ctx === "Load" ? Flag.Use : Flag.Local, e);
        // `super()` needs the enclosing class, so it counts as a use of `__class__`.
        if (e.ctx === "Load" && this.cur.isFunctionLike && e.id === "super") this.addDef("__class__", Flag.Use, e);
        break;
      case "List":
      case "Tuple":
        this.exprs(e.elts);
        break;
    }
  }

  /**
   * Comprehension scopes are functions whose single parameter `.0` is the iterator of the
   * outermost iterable, which is evaluated in the enclosing block.
   */
  private comprehension(e: ComprehensionNode, elt: ast.Expr, value: ast.Expr | null): void {
    const [outermost, ...rest] = e.generators;
    this.cur.compIterExprDepth++;
    this.expr(outermost!.iter);
    this.cur.compIterExprDepth--;

    const isGenexp = e.nodeType === "GeneratorExp";
    const scope = this.enter(isGenexp ? "genexp" : "comprehension", COMPREHENSION_NAMES[e.nodeType], e.lineno, e);
    if (outermost!.is_async) scope.isCoroutine = true;
    this.addDef(".0", Flag.Param, e);
    this.compTarget(outermost!.target);
    this.exprs(outermost!.ifs);
    for (const gen of rest) {
      this.compTarget(gen.target);
      this.cur.compIterExprDepth++;
      this.expr(gen.iter);
      this.cur.compIterExprDepth--;
      this.exprs(gen.ifs);
      if (gen.is_async) scope.isCoroutine = true;
    }
    if (value !== null) this.expr(value);
    this.expr(elt);
    scope.isGenerator = isGenexp;
    this.exit();
    // An async list/set/dict comprehension is awaited where it is built, which makes the
    // enclosing block a coroutine too (an async genexp is merely created there).
    if (scope.isCoroutine && !isGenexp) this.cur.isCoroutine = true;
  }

  private compTarget(target: ast.Expr): void {
    this.cur.inCompIterTarget = true;
    this.expr(target);
    this.cur.inCompIterTarget = false;
  }

  private namedExpr(e: ast.NamedExpr): void {
    this.noAnnotationBlock("named expression", e);
    if (this.cur.compIterExprDepth > 0) {
      throw errorAt(e, "assignment expression cannot be used in a comprehension iterable expression");
    }
    if (this.cur.isComprehension) this.bindWalrusTarget(e.target as ast.Name);
    this.expr(e.value);
    this.expr(e.target);
  }

  /**
   * A walrus inside a comprehension binds in the nearest enclosing function or module, seen
   * through any number of comprehensions; the comprehension itself sees it as nonlocal (or
   * global).
   */
  private bindWalrusTarget(target: ast.Name): void {
    const name = target.id;
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const scope = this.stack[i]!;
      if (scope.isComprehension) {
        if (scope.flagsOf(name) & Flag.CompIter) {
          throw errorAt(target, `assignment expression cannot rebind comprehension iteration variable '${name}'`);
        }
        continue;
      }
      if (scope.isFunctionLike) {
        this.addDef(name, scope.flagsOf(name) & Flag.Global ? Flag.Global : Flag.Nonlocal, target);
        this.recordDirective(this.cur, name, target);
        this.addDef(name, Flag.Local, target, scope);
        return;
      }
      if (scope.kind === "module") {
        this.addDef(name, Flag.Global, target);
        this.recordDirective(this.cur, name, target);
        this.addDef(name, Flag.Global, target, scope);
        return;
      }
      if (scope.kind === "class") {
        throw errorAt(target, "assignment expression within a comprehension cannot be used in a class body");
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Patterns

  private pattern(p: ast.Pattern): void {
    switch (p.nodeType) {
      case "MatchValue":
        this.expr(p.value);
        break;
      case "MatchSingleton":
        break;
      case "MatchSequence":
      case "MatchOr":
        for (const q of p.patterns) this.pattern(q);
        break;
      case "MatchStar":
        if (p.name !== null) this.addDef(p.name, Flag.Local, p);
        break;
      case "MatchMapping":
        this.exprs(p.keys);
        for (const q of p.patterns) this.pattern(q);
        if (p.rest !== null) this.addDef(p.rest, Flag.Local, p);
        break;
      case "MatchClass":
        this.expr(p.cls);
        for (const q of p.patterns) this.pattern(q);
        for (const q of p.kwd_patterns) this.pattern(q);
        break;
      case "MatchAs":
        if (p.pattern !== null) this.pattern(p.pattern);
        if (p.name !== null) this.addDef(p.name, Flag.Local, p);
        break;
    }
  }
}
