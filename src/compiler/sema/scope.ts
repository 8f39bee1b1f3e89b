/**
 * The scope model: one Scope per block that CPython gives its own symbol table (module, class
 * body, function, lambda, comprehension), each holding the names it mentions with how they
 * resolve. The flag and scope values mirror CPython's `_symtable` module so that tables can be
 * compared with CPython's bit for bit; later stages should use the named accessors.
 */
import type * as ast from "../syntax/ast.js";

/** How a name is bound, as CPython's `DEF_*` and `USE` bits (same values). */
export const Flag = {
  /** Named in a `global` statement (also set on the module's entry for that name). */
  Global: 1,
  /** Assigned, deleted, or bound by def/class/for/with/except/match/walrus in this block. */
  Local: 2,
  Param: 4,
  Nonlocal: 8,
  Use: 16,
  /** Bound in a class body and also free in one of its methods. */
  FreeClass: 64,
  Import: 128,
  Annotated: 256,
  /** Iteration variable of a comprehension `for` clause. */
  CompIter: 512,
} as const;
export type Flag = (typeof Flag)[keyof typeof Flag];

/** Any binding that makes a name local to its block. */
export const BOUND = Flag.Local | Flag.Param | Flag.Import;

/**
 * Where a name lives at run time.
 * - local: a fast local of a function, or a name in a module/class namespace
 * - globalExplicit: declared `global` (in this block, or in the module for its own names)
 * - globalImplicit: not bound in any enclosing function: a module global or a builtin
 * - free: bound in an enclosing function; read through a cell
 * - cell: local here, and captured by a nested block
 */
export type Resolution = "local" | "globalExplicit" | "globalImplicit" | "free" | "cell";

export class Symbol {
  constructor(
    readonly name: string,
    /** `Flag` bits. */
    public flags: number,
    public resolution: Resolution = "globalImplicit",
  ) {}

  has(flag: Flag): boolean {
    return (this.flags & flag) !== 0;
  }
  get isParameter(): boolean {
    return this.has(Flag.Param);
  }
  get isAssigned(): boolean {
    return this.has(Flag.Local);
  }
  get isReferenced(): boolean {
    return this.has(Flag.Use);
  }
  get isImported(): boolean {
    return this.has(Flag.Import);
  }
  get isAnnotated(): boolean {
    return this.has(Flag.Annotated);
  }
  get isNonlocal(): boolean {
    return this.has(Flag.Nonlocal);
  }
  get isBound(): boolean {
    return (this.flags & BOUND) !== 0;
  }
}

export type ScopeKind = "module" | "class" | "function" | "lambda" | "comprehension" | "genexp" | "annotation";

export type ComprehensionNode = ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp;
export type FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef;

/** The AST node that opens a scope. */
export type ScopeNode = ast.Module | FunctionNode | ast.ClassDef | ast.Lambda | ComprehensionNode;

export class Scope {
  /** Names in order of first mention, as CPython's table (free names propagated from children last). */
  readonly symbols = new Map<string, Symbol>();
  /** Parameter names in signature order: positional-only, positional, keyword-only, `*args`, `**kwargs`. */
  readonly params: string[] = [];
  /** Nested scopes in the order CPython's symtable visits them. */
  readonly children: Scope[] = [];

  /** Contains `yield` / `yield from`, or is a generator expression. */
  isGenerator = false;
  /**
   * An `async def`, or a block containing `await` / `async for` / `async with`, or a
   * comprehension containing a non-generator async comprehension.
   */
  isCoroutine = false;
  /** A `return` with a value appears directly in this block. */
  returnsValue = false;
  hasVarargs = false;
  hasVarkeywords = false;
  /** Enclosed by a function (directly or through other blocks). */
  readonly nested: boolean;
  /**
   * Class scopes only: some method uses `super()` or `__class__`, so the class body must create
   * the implicit `__class__` cell.
   */
  needsClassClosure = false;

  /** Where each `global`/`nonlocal` (or walrus-implied) declaration was made, for error positions. */
  readonly directives = new Map<string, ast.Located>();
  /** Pass-1 state (symtable.ts): inside a comprehension's iteration target / iterable. */
  inCompIterTarget = false;
  compIterExprDepth = 0;

  constructor(
    readonly kind: ScopeKind,
    /** `top` for the module, as CPython; the def/class name, or `lambda`, `listcomp`, ... */
    readonly name: string,
    readonly lineno: number,
    /**
     * For an annotation scope (only made under `from __future__ import annotations`, and not
     * listed among its parent's children, as in CPython): the function whose parameter
     * annotations it holds, or the annotation expression.
     */
    readonly node: ScopeNode | ast.Expr,
    readonly parent: Scope | null,
  ) {
    this.nested = parent !== null && (parent.nested || parent.isFunctionLike);
  }

  /** A block compiled as a function body: function, lambda, comprehension, generator expression. */
  get isFunctionLike(): boolean {
    return this.kind === "function" || this.kind === "lambda" || this.kind === "comprehension" || this.kind === "genexp";
  }

  get isComprehension(): boolean {
    return this.kind === "comprehension" || this.kind === "genexp";
  }

  lookup(name: string): Symbol | undefined {
    return this.symbols.get(name);
  }

  flagsOf(name: string): number {
    return this.symbols.get(name)?.flags ?? 0;
  }

  /**
   * Names stored in this block's frame (fast locals or namespace entries), including cells;
   * parameters come first, since a function block records them before anything else.
   */
  get locals(): string[] {
    return [...this.symbols.values()].filter((s) => s.resolution === "local" || s.resolution === "cell").map((s) => s.name);
  }
  /** Locals captured by nested blocks, sorted as CPython orders `co_cellvars`. */
  get cellvars(): string[] {
    const cells = [...this.symbols.values()].filter((s) => s.resolution === "cell").map((s) => s.name);
    if (this.needsClassClosure) cells.push("__class__");
    return cells.sort();
  }
  /**
   * Names read through closures, sorted. A class body also passes on the cells of names it
   * binds itself but its methods read from an enclosing function.
   */
  get freevars(): string[] {
    return [...this.symbols.values()]
      .filter((s) => s.resolution === "free" || (this.kind === "class" && s.has(Flag.FreeClass)))
      .map((s) => s.name)
      .sort();
  }

  /** The code object's `co_name`: `<module>`, `<lambda>`, `<listcomp>`, ... or the def/class name. */
  get codeName(): string {
    if (this.kind === "module") return "<module>";
    return this.kind === "function" || this.kind === "class" ? this.name : `<${this.name}>`;
  }

  /** The code object's `co_firstlineno`: a decorated def or class starts at its first decorator. */
  get firstLineno(): number {
    if (this.kind === "module") return 1;
    const node = this.node;
    if ("decorator_list" in node && node.decorator_list.length > 0) return node.decorator_list[0]!.lineno;
    return this.lineno;
  }
}

/** The result of analysing one module. */
export interface SymbolTable {
  readonly top: Scope;
  /** The scope each def, class, lambda and comprehension opens. */
  readonly scopes: Map<ScopeNode, Scope>;
  /** Features enabled by `from __future__ import ...`. */
  readonly futureAnnotations: boolean;
}
