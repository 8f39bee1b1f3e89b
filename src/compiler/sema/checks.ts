/**
 * The syntax errors CPython's compiler (not its parser or symbol table) raises: statements out
 * of place (`return`/`yield`/`await` outside a function, `break` outside a loop, ...), async
 * constructs outside async functions, assignments to `__debug__`, repeated keyword arguments,
 * misplaced starred targets, a late `from __future__` import, and the match-statement rules
 * (unreachable patterns, names bound twice or unevenly across alternatives).
 *
 * CPython reports the first error met while generating code, so the walk follows the
 * compiler's order (e.g. an assignment's value before its targets, a class body before its
 * bases), and errors are positioned at the node the compiler was working on.
 */
import type * as ast from "../syntax/ast.js";
import { Ellipsis, Imaginary, SurrogateStr } from "../syntax/ast.js";
import { constantRepr, floatRepr } from "../syntax/constant-repr.js";
import { errorAt } from "./errors.js";
import type { FutureFeatures } from "./future.js";
import { isFutureImport } from "./future.js";
import type { ComprehensionNode, Scope, SymbolTable } from "./scope.js";

/** What kind of code object the compiler is filling, which decides what may appear in it. */
type UnitKind = "module" | "class" | "function" | "asyncFunction" | "lambda" | "comprehension";

/** The enclosing constructs `break`, `continue` and `return` care about, innermost last. */
type Block = "loop" | "exceptStar";

interface Unit {
  kind: UnitKind;
  scope: Scope;
  blocks: Block[];
}

export function checkModule(mod: ast.Module, table: SymbolTable, future: FutureFeatures): void {
  new Checker(table, future).body(mod.body, { kind: "module", scope: table.top, blocks: [] });
}

interface PatternContext {
  /** Names captured so far, in order. */
  stores: string[];
  /** False while a later case (or alternative) could still match: a catch-all here is an error. */
  allowIrrefutable: boolean;
}

class Checker {
  private unit!: Unit;
  /** The pattern most recently compiled; CPython positions pattern errors there. */
  private patternLoc!: ast.Located;

  constructor(
    private readonly table: SymbolTable,
    private readonly future: FutureFeatures,
  ) {}

  body(stmts: ast.Stmt[], unit: Unit): void {
    this.inUnit(unit, () => this.stmts(stmts));
  }

  private inUnit(unit: Unit, body: () => void): void {
    const outer = this.unit;
    this.unit = unit;
    body();
    this.unit = outer;
  }

  private childUnit(kind: UnitKind, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda | ComprehensionNode): Unit {
    return { kind, scope: this.table.scopes.get(node)!, blocks: [] };
  }

  private inBlock(block: Block, body: () => void): void {
    this.unit.blocks.push(block);
    body();
    this.unit.blocks.pop();
  }

  // -------------------------------------------------------------------------------------------
  // Statements

  private stmt(s: ast.Stmt): void {
    switch (s.nodeType) {
      case "FunctionDef":
      case "AsyncFunctionDef":
        this.debugArgs(s.args, s);
        this.exprs(s.decorator_list);
        this.defaults(s.args);
        if (!this.table.futureAnnotations) this.annotations(s.args, s.returns);
        this.body(s.body, this.childUnit(s.nodeType === "FunctionDef" ? "function" : "asyncFunction", s));
        this.store(s.name, s);
        break;
      case "ClassDef":
        this.exprs(s.decorator_list);
        this.body(s.body, this.childUnit("class", s));
        this.keywords(s.keywords, s);
        this.elements(s.bases);
        for (const k of s.keywords) this.expr(k.value);
        this.store(s.name, s);
        break;
      case "Return":
        if (!this.unit.scope.isFunctionLike) throw errorAt(s, "'return' outside function");
        if (s.value !== null && this.unit.scope.isCoroutine && this.unit.scope.isGenerator) {
          throw errorAt(s, "'return' with value in async generator");
        }
        if (s.value !== null) this.expr(s.value);
        if (this.unit.blocks.includes("exceptStar")) throw exceptStarExit(s);
        break;
      case "Delete":
        this.exprs(s.targets);
        break;
      case "Assign":
        this.expr(s.value);
        this.exprs(s.targets);
        break;
      case "AugAssign":
        this.expr(s.value);
        this.expr(s.target);
        break;
      case "AnnAssign":
        this.annAssign(s);
        break;
      case "For":
      case "AsyncFor":
        if (s.nodeType === "AsyncFor" && this.unit.kind !== "asyncFunction") {
          throw errorAt(s, "'async for' outside async function");
        }
        this.expr(s.iter);
        this.expr(s.target);
        this.inBlock("loop", () => this.stmts(s.body));
        this.stmts(s.orelse);
        break;
      case "While":
        this.expr(s.test);
        this.inBlock("loop", () => this.stmts(s.body));
        this.stmts(s.orelse);
        break;
      case "If":
        this.expr(s.test);
        this.stmts(s.body);
        this.stmts(s.orelse);
        break;
      case "With":
      case "AsyncWith":
        if (s.nodeType === "AsyncWith" && this.unit.kind !== "asyncFunction") {
          throw errorAt(s, "'async with' outside async function");
        }
        for (const item of s.items) {
          this.expr(item.context_expr);
          if (item.optional_vars !== null) this.expr(item.optional_vars);
        }
        this.stmts(s.body);
        break;
      case "Match":
        this.match(s);
        break;
      case "Raise":
        if (s.exc !== null) this.expr(s.exc);
        if (s.cause !== null) this.expr(s.cause);
        break;
      case "Try":
      case "TryStar":
        this.stmts(s.body);
        this.stmts(s.orelse);
        s.handlers.forEach((h, i) => {
          if (h.type === null && i < s.handlers.length - 1) throw errorAt(h, "default 'except:' must be last");
          if (h.type !== null) this.expr(h.type);
          if (h.name !== null) this.store(h.name, h);
          if (s.nodeType === "TryStar") this.inBlock("exceptStar", () => this.stmts(h.body));
          else this.stmts(h.body);
        });
        this.stmts(s.finalbody);
        break;
      case "Assert":
        this.expr(s.test);
        if (s.msg !== null) this.expr(s.msg);
        break;
      case "Import":
        for (const a of s.names) this.store(a.asname ?? a.name.split(".")[0]!, s);
        break;
      case "ImportFrom":
        if (isFutureImport(s) && s.lineno > this.future.lineno) {
          throw errorAt(s, "from __future__ imports must occur at the beginning of the file");
        }
        for (const a of s.names) if (a.name !== "*") this.store(a.asname ?? a.name, s);
        break;
      case "Break":
      case "Continue":
        this.loopExit(s);
        break;
      case "Expr":
        this.expr(s.value);
        break;
      case "Global":
      case "Nonlocal":
      case "Pass":
        break;
    }
  }

  private stmts(stmts: ast.Stmt[]): void {
    for (const s of stmts) this.stmt(s);
  }

  private loopExit(s: ast.Break | ast.Continue): void {
    const blocks = this.unit.blocks;
    const inner = blocks[blocks.length - 1];
    if (inner === "exceptStar") throw exceptStarExit(s);
    if (inner === undefined) {
      throw errorAt(s, s.nodeType === "Break" ? "'break' outside loop" : "'continue' not properly in loop");
    }
  }

  /**
   * Annotations are evaluated only for module and class variables (and never under
   * `from __future__ import annotations`); the assignment itself comes first.
   */
  private annAssign(s: ast.AnnAssign): void {
    if (s.value !== null) {
      this.expr(s.value);
      this.expr(s.target);
    }
    const evaluated = !this.table.futureAnnotations && (this.unit.kind === "module" || this.unit.kind === "class");
    const target = s.target;
    if (target.nodeType === "Name") {
      this.store(target.id, s);
      if (s.simple && evaluated) this.expr(s.annotation);
    } else if (s.value === null && target.nodeType === "Attribute") {
      this.expr(target.value);
    } else if (s.value === null && target.nodeType === "Subscript") {
      this.expr(target.value);
      this.expr(target.slice);
    }
    if (!s.simple && evaluated) this.expr(s.annotation);
  }

  // -------------------------------------------------------------------------------------------
  // Definitions

  private debugArgs(args: ast.Arguments, loc: ast.Located): void {
    const all = [...args.posonlyargs, ...args.args, args.vararg, ...args.kwonlyargs, args.kwarg];
    for (const a of all) if (a !== null) this.store(a.arg, loc);
  }

  private defaults(args: ast.Arguments): void {
    this.exprs(args.defaults);
    for (const d of args.kw_defaults) if (d !== null) this.expr(d);
  }

  private annotations(args: ast.Arguments, returns: ast.Expr | null): void {
    const all = [...args.args, ...args.posonlyargs, args.vararg, ...args.kwonlyargs, args.kwarg];
    // `*args: *Ts` unpacks a TypeVarTuple.
    this.elements(all.flatMap((a) => (a?.annotation ? [a.annotation] : [])));
    if (returns !== null) this.expr(returns);
  }

  private store(name: string, loc: ast.Located): void {
    if (name === "__debug__") throw errorAt(loc, "cannot assign to __debug__");
  }

  private keywords(keywords: ast.Keyword[], loc: ast.Located): void {
    keywords.forEach((k, i) => {
      if (k.arg === null) return;
      this.store(k.arg, loc);
      const repeat = keywords.slice(i + 1).find((other) => other.arg === k.arg);
      if (repeat !== undefined) throw errorAt(repeat, `keyword argument repeated: ${k.arg}`);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  private exprs(es: ast.Expr[]): void {
    for (const e of es) this.expr(e);
  }

  private expr(e: ast.Expr): void {
    switch (e.nodeType) {
      case "Name":
        if (e.ctx === "Store") this.store(e.id, e);
        else if (e.ctx === "Del" && e.id === "__debug__") throw errorAt(e, "cannot delete __debug__");
        break;
      case "Attribute":
        this.expr(e.value);
        if (e.ctx === "Store") this.store(e.attr, e);
        break;
      case "Starred":
        throw errorAt(e, e.ctx === "Store" ? "starred assignment target must be in a list or tuple" : "can't use starred expression here");
      case "Tuple":
      case "List":
        if (e.ctx === "Store" && e.elts.filter((x) => x.nodeType === "Starred").length > 1) {
          throw errorAt(e, "multiple starred expressions in assignment");
        }
        this.elements(e.elts);
        break;
      case "Set":
        this.elements(e.elts);
        break;
      case "Call":
        this.expr(e.func);
        this.keywords(e.keywords, e);
        this.elements(e.args);
        for (const k of e.keywords) this.expr(k.value);
        break;
      case "Dict":
        e.keys.forEach((k, i) => {
          if (k !== null) this.expr(k);
          this.expr(e.values[i]!);
        });
        break;
      case "NamedExpr":
        this.expr(e.value);
        this.expr(e.target);
        break;
      case "Yield":
        if (!this.unit.scope.isFunctionLike) throw errorAt(e, "'yield' outside function");
        if (e.value !== null) this.expr(e.value);
        break;
      case "YieldFrom":
        if (!this.unit.scope.isFunctionLike) throw errorAt(e, "'yield' outside function");
        if (this.unit.kind === "asyncFunction") throw errorAt(e, "'yield from' inside async function");
        this.expr(e.value);
        break;
      case "Await":
        if (!this.unit.scope.isFunctionLike) throw errorAt(e, "'await' outside function");
        if (this.unit.kind !== "asyncFunction" && this.unit.kind !== "comprehension") {
          throw errorAt(e, "'await' outside async function");
        }
        this.expr(e.value);
        break;
      case "Lambda":
        this.debugArgs(e.args, e);
        this.defaults(e.args);
        this.inUnit(this.childUnit("lambda", e), () => this.expr(e.body));
        break;
      case "ListComp":
      case "SetComp":
      case "GeneratorExp":
        this.comprehension(e, [e.elt]);
        break;
      case "DictComp":
        this.comprehension(e, [e.key, e.value]);
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
      case "IfExp":
        this.expr(e.test);
        this.expr(e.body);
        this.expr(e.orelse);
        break;
      case "Compare":
        this.expr(e.left);
        this.exprs(e.comparators);
        break;
      case "FormattedValue":
        this.expr(e.value);
        if (e.format_spec !== null) this.expr(e.format_spec);
        break;
      case "JoinedStr":
        this.exprs(e.values);
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
      case "Constant":
        break;
    }
  }

  /** Elements of displays, argument lists and targets, where `*x` is allowed. */
  private elements(elts: ast.Expr[]): void {
    for (const x of elts) this.expr(x.nodeType === "Starred" ? x.value : x);
  }

  /**
   * The body is compiled as its own function first; the outermost iterable, evaluated in the
   * enclosing block, last.
   */
  private comprehension(e: ComprehensionNode, results: ast.Expr[]): void {
    const unit = this.childUnit("comprehension", e);
    if (
      unit.scope.isCoroutine && e.nodeType !== "GeneratorExp" &&
      this.unit.kind !== "asyncFunction" && this.unit.kind !== "comprehension"
    ) {
      throw errorAt(e, "asynchronous comprehension outside of an asynchronous function");
    }
    const [outermost, ...rest] = e.generators;
    this.inUnit(unit, () => {
      this.expr(outermost!.target);
      this.exprs(outermost!.ifs);
      for (const gen of rest) {
        this.expr(gen.iter);
        this.expr(gen.target);
        this.exprs(gen.ifs);
      }
      this.exprs(results);
    });
    this.expr(outermost!.iter);
  }

  // -------------------------------------------------------------------------------------------
  // Match statements

  private match(s: ast.Match): void {
    this.expr(s.subject);
    const cases = s.cases;
    const last = cases[cases.length - 1]!;
    // A trailing `case _:` is compiled without matching anything.
    const hasDefault = cases.length > 1 && isWildcard(last.pattern);
    cases.forEach((c, i) => {
      if (!(hasDefault && c === last)) {
        this.pattern(c.pattern, { stores: [], allowIrrefutable: c.guard !== null || i === cases.length - 1 });
      }
      if (c.guard !== null) this.expr(c.guard);
      this.stmts(c.body);
    });
  }

  private pattern(p: ast.Pattern, pc: PatternContext): void {
    this.patternLoc = p;
    switch (p.nodeType) {
      case "MatchAs":
        if (p.pattern === null) {
          if (!pc.allowIrrefutable) {
            throw errorAt(
              p,
              p.name !== null ? `name capture '${p.name}' makes remaining patterns unreachable` : "wildcard makes remaining patterns unreachable",
            );
          }
        } else {
          this.pattern(p.pattern, pc);
        }
        this.capture(p.name, pc);
        break;
      case "MatchStar":
        this.capture(p.name, pc);
        break;
      case "MatchValue":
        this.expr(p.value);
        break;
      case "MatchSingleton":
        break;
      case "MatchSequence":
        if (p.patterns.filter((q) => q.nodeType === "MatchStar").length > 1) {
          throw errorAt(p, "multiple starred names in sequence pattern");
        }
        this.subpatterns(p.patterns, pc);
        break;
      case "MatchMapping": {
        const seen = new Set<string>();
        for (const key of p.keys) {
          const value = foldConstant(key);
          if (value === undefined) continue;
          const k = constantKey(value);
          if (seen.has(k)) throw errorAt(p, `mapping pattern checks duplicate key (${foldedRepr(value)})`);
          seen.add(k);
        }
        this.subpatterns(p.patterns, pc);
        this.capture(p.rest, pc);
        break;
      }
      case "MatchClass":
        p.kwd_attrs.forEach((attr, i) => {
          this.store(attr, p.kwd_patterns[i]!);
          const j = p.kwd_attrs.indexOf(attr, i + 1);
          if (j !== -1) throw errorAt(p.kwd_patterns[j]!, `attribute name repeated in class pattern: ${attr}`);
        });
        this.patternLoc = p;
        this.expr(p.cls);
        this.subpatterns([...p.patterns, ...p.kwd_patterns], pc);
        break;
      case "MatchOr":
        this.alternatives(p, pc);
        break;
    }
  }

  /** Sub-patterns may be irrefutable: the enclosing pattern can still fail. */
  private subpatterns(patterns: ast.Pattern[], pc: PatternContext): void {
    const allow = pc.allowIrrefutable;
    pc.allowIrrefutable = true;
    for (const q of patterns) this.pattern(q, pc);
    pc.allowIrrefutable = allow;
  }

  private alternatives(p: ast.MatchOr, pc: PatternContext): void {
    let control: string[] | null = null;
    p.patterns.forEach((alt, i) => {
      const altContext = { stores: [], allowIrrefutable: i === p.patterns.length - 1 && pc.allowIrrefutable };
      this.pattern(alt, altContext);
      const stores: string[] = altContext.stores;
      if (control === null) control = stores;
      else if (stores.length !== control.length || control.some((n) => !stores.includes(n))) {
        throw errorAt(this.patternLoc, "alternative patterns bind different names");
      }
    });
    for (const name of control!) this.capture(name, pc);
  }

  private capture(name: string | null, pc: PatternContext): void {
    if (name === null) return;
    this.store(name, this.patternLoc);
    if (pc.stores.includes(name)) throw errorAt(this.patternLoc, `multiple assignments to name '${name}' in pattern`);
    pc.stores.push(name);
  }
}

function exceptStarExit(s: ast.Located) {
  return errorAt(s, "'break', 'continue' and 'return' cannot appear in an except* block");
}

function isWildcard(p: ast.Pattern): boolean {
  return p.nodeType === "MatchAs" && p.pattern === null && p.name === null;
}

// ---------------------------------------------------------------------------------------------
// Mapping-pattern keys. CPython folds `-1` and `1+2j` into constants before compiling, then
// rejects keys equal as Python values (so `1`, `1.0` and `True` collide).

type Folded = ast.ConstantValue | { re: number; im: number };

function foldConstant(e: ast.Expr): Folded | undefined {
  if (e.nodeType === "Constant") return e.value;
  if (e.nodeType === "UnaryOp" && e.op === "USub") {
    const v = foldConstant(e.operand);
    if (typeof v === "bigint" || typeof v === "number") return -v;
    if (v instanceof Imaginary) return { re: -0, im: -v.imag };
    return undefined;
  }
  if (e.nodeType === "BinOp" && (e.op === "Add" || e.op === "Sub") && e.right.nodeType === "Constant") {
    const re = foldConstant(e.left);
    const im = e.right.value;
    if ((typeof re === "bigint" || typeof re === "number") && im instanceof Imaginary) {
      return { re: Number(re), im: e.op === "Add" ? im.imag : -im.imag };
    }
  }
  return undefined;
}

function numberKey(x: number): string {
  return Number.isInteger(x) ? `n${BigInt(x)}` : `f${x}`;
}

function constantKey(v: Folded): string {
  if (v === null) return "None";
  if (v === Ellipsis) return "...";
  if (typeof v === "boolean") return v ? "n1" : "n0";
  if (typeof v === "bigint") return `n${v}`;
  if (typeof v === "number") return numberKey(v);
  if (typeof v === "string") return `s${v}`;
  if (v instanceof Uint8Array) return `b${[...v].join(",")}`;
  if (v instanceof SurrogateStr) return `u${v.codePoints.join(",")}`;
  const { re, im } = v instanceof Imaginary ? { re: 0, im: v.imag } : v;
  return im === 0 ? numberKey(re) : `c${re},${im}`;
}

function foldedRepr(v: Folded): string {
  if (typeof v === "bigint" && v < 0n) return `-${-v}`;
  if (typeof v === "number" && (v < 0 || Object.is(v, -0))) return `-${floatRepr(-v)}`;
  if (v === null || typeof v !== "object" || v instanceof Imaginary || v instanceof Uint8Array || v instanceof SurrogateStr) {
    return constantRepr(v);
  }
  const im = `${v.im < 0 || Object.is(v.im, -0) ? "-" : "+"}${floatRepr(Math.abs(v.im), false)}j`;
  return `(${floatRepr(v.re, false)}${im})`;
}
