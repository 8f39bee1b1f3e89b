/**
 * A function's `co_varnames` as CPython 3.11 orders them: the parameters, then each other
 * local that is not a cell, in the order the compiler first emits an instruction naming it
 * (a local only annotated is never emitted, so it is not there). NameError suggestions search
 * these names first, and the first of equally close names wins, so the order matters.
 */
import type * as ast from "../syntax/ast.js";
import type { Scope } from "../sema/scope.js";

type CodeNode = ast.FunctionDef | ast.Lambda | ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp;

export function coVarnames(node: CodeNode, scope: Scope, params: readonly string[], futureAnnotations: boolean): string[] {
  const out = [...params];
  const seen = new Set(out);
  const note = (name: string) => {
    if (seen.has(name) || scope.symbols.get(name)?.resolution !== "local") return;
    seen.add(name);
    out.push(name);
  };
  const walker = new EmissionOrder(note, futureAnnotations);
  switch (node.nodeType) {
    case "FunctionDef":
      walker.stmts(node.body);
      break;
    case "Lambda":
      walker.expr(node.body);
      break;
    default: {
      node.generators.forEach((g, i) => {
        if (i > 0) walker.expr(g.iter);
        walker.expr(g.target);
        g.ifs.forEach((x) => walker.expr(x));
      });
      if (node.nodeType === "DictComp") {
        walker.expr(node.key);
        walker.expr(node.value);
      } else {
        walker.expr(node.elt);
      }
    }
  }
  return out;
}

/** Visits a code block's names in the order CPython's compiler emits them, not entering nested scopes. */
class EmissionOrder {
  constructor(private readonly note: (name: string) => void, private readonly futureAnnotations: boolean) {}

  stmts(body: readonly ast.Stmt[]): void {
    for (const s of body) this.stmt(s);
  }

  private exprs(es: readonly (ast.Expr | null)[]): void {
    for (const e of es) if (e !== null) this.expr(e);
  }

  private stmt(s: ast.Stmt): void {
    switch (s.nodeType) {
      case "FunctionDef":
      case "AsyncFunctionDef":
        this.exprs(s.decorator_list);
        this.defaults(s.args);
        if (!this.futureAnnotations) this.annotations(s.args, s.returns);
        return this.note(s.name);
      case "ClassDef":
        this.exprs(s.decorator_list);
        this.exprs(s.bases);
        this.exprs(s.keywords.map((k) => k.value));
        return this.note(s.name);
      case "Return":
        if (s.value) this.expr(s.value);
        return;
      case "Delete":
        return this.exprs(s.targets);
      case "Assign":
        this.expr(s.value);
        return this.exprs(s.targets);
      case "AugAssign":
        this.expr(s.target);
        return this.expr(s.value);
      case "AnnAssign":
        if (s.value) {
          this.expr(s.value);
          this.expr(s.target);
        } else if (s.target.nodeType === "Attribute") {
          this.expr(s.target.value);
        } else if (s.target.nodeType === "Subscript") {
          this.expr(s.target.value);
          this.expr(s.target.slice);
        }
        return;
      case "For":
      case "AsyncFor":
        this.expr(s.iter);
        this.expr(s.target);
        this.stmts(s.body);
        return this.stmts(s.orelse);
      case "While":
      case "If":
        this.expr(s.test);
        this.stmts(s.body);
        return this.stmts(s.orelse);
      case "With":
      case "AsyncWith":
        for (const item of s.items) {
          this.expr(item.context_expr);
          if (item.optional_vars) this.expr(item.optional_vars);
        }
        return this.stmts(s.body);
      case "Match":
        this.expr(s.subject);
        for (const c of s.cases) {
          // A pattern's values and classes are loaded as it is matched; its captures are
          // stored once the whole pattern has matched.
          const captures: string[] = [];
          this.pattern(c.pattern, captures);
          captures.forEach(this.note);
          if (c.guard) this.expr(c.guard);
          this.stmts(c.body);
        }
        return;
      case "Raise":
        if (s.exc) this.expr(s.exc);
        if (s.cause) this.expr(s.cause);
        return;
      case "Try":
      case "TryStar":
        // CPython 3.11 compiles the else block right after the body, before the handlers.
        this.stmts(s.body);
        this.stmts(s.orelse);
        for (const h of s.handlers) {
          if (h.type) this.expr(h.type);
          if (h.name !== null) this.note(h.name);
          this.stmts(h.body);
        }
        return this.stmts(s.finalbody);
      case "Assert":
        this.expr(s.test);
        if (s.msg) this.expr(s.msg);
        return;
      case "Import":
        for (const a of s.names) this.note(a.asname ?? a.name.split(".")[0]!);
        return;
      case "ImportFrom":
        for (const a of s.names) if (a.name !== "*") this.note(a.asname ?? a.name);
        return;
      case "Expr":
        return this.expr(s.value);
      case "Global":
      case "Nonlocal":
      case "Pass":
      case "Break":
      case "Continue":
        return;
    }
  }

  private defaults(a: ast.Arguments): void {
    this.exprs(a.defaults);
    this.exprs(a.kw_defaults);
  }

  private annotations(a: ast.Arguments, returns: ast.Expr | null): void {
    const each = (args: readonly ast.Arg[]) => args.forEach((x) => x.annotation && this.expr(x.annotation));
    each(a.args);
    each(a.posonlyargs);
    if (a.vararg?.annotation) this.expr(a.vararg.annotation);
    each(a.kwonlyargs);
    if (a.kwarg?.annotation) this.expr(a.kwarg.annotation);
    if (returns) this.expr(returns);
  }

  private pattern(p: ast.Pattern, captures: string[]): void {
    switch (p.nodeType) {
      case "MatchValue":
        return this.expr(p.value);
      case "MatchSingleton":
        return;
      case "MatchSequence":
        return p.patterns.forEach((q) => this.pattern(q, captures));
      case "MatchMapping":
        this.exprs(p.keys);
        p.patterns.forEach((q) => this.pattern(q, captures));
        if (p.rest !== null) captures.push(p.rest);
        return;
      case "MatchClass":
        this.expr(p.cls);
        p.patterns.forEach((q) => this.pattern(q, captures));
        return p.kwd_patterns.forEach((q) => this.pattern(q, captures));
      case "MatchStar":
        if (p.name !== null) captures.push(p.name);
        return;
      case "MatchAs":
        if (p.pattern) this.pattern(p.pattern, captures);
        if (p.name !== null) captures.push(p.name);
        return;
      case "MatchOr":
        // Every alternative binds the same names, stored in the first one's order.
        p.patterns.forEach((q, i) => this.pattern(q, i === 0 ? captures : []));
        return;
    }
  }

  expr(e: ast.Expr): void {
    switch (e.nodeType) {
      case "Name":
        return this.note(e.id);
      case "BoolOp":
        return this.exprs(e.values);
      case "NamedExpr":
        this.expr(e.value);
        return this.expr(e.target);
      case "BinOp":
        this.expr(e.left);
        return this.expr(e.right);
      case "UnaryOp":
        return this.expr(e.operand);
      case "Lambda":
        return this.defaults(e.args);
      case "IfExp":
        this.expr(e.test);
        this.expr(e.body);
        return this.expr(e.orelse);
      case "Dict":
        e.keys.forEach((k, i) => {
          if (k !== null) this.expr(k);
          this.expr(e.values[i]!);
        });
        return;
      case "Set":
      case "List":
      case "Tuple":
        return this.exprs(e.elts);
      case "ListComp":
      case "SetComp":
      case "DictComp":
      case "GeneratorExp":
        return this.expr(e.generators[0]!.iter);
      case "Await":
      case "YieldFrom":
        return this.expr(e.value);
      case "Yield":
        if (e.value) this.expr(e.value);
        return;
      case "Compare":
        this.expr(e.left);
        return this.exprs(e.comparators);
      case "Call":
        this.expr(e.func);
        this.exprs(e.args);
        return this.exprs(e.keywords.map((k) => k.value));
      case "FormattedValue":
        this.expr(e.value);
        if (e.format_spec) this.expr(e.format_spec);
        return;
      case "JoinedStr":
        return this.exprs(e.values);
      case "Attribute":
      case "Starred":
        return this.expr(e.value);
      case "Subscript":
        this.expr(e.value);
        return this.expr(e.slice);
      case "Slice":
        this.exprs([e.lower, e.upper, e.step]);
        return;
      case "Constant":
        return;
    }
  }
}
