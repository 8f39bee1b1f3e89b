/**
 * Lowers a parsed module to an IR module: the module body becomes the function `<module>`,
 * and every def and lambda its own IR function, made into a function object where the def
 * runs. Top-level defs with plain positional parameters are also called directly. Names
 * resolve as the symbol table (src/compiler/sema) says.
 */
import type * as ast from "../syntax/ast.js";
import { UnsupportedError } from "../diagnostics.js";
import type { Scope, SymbolTable } from "../sema/scope.js";
import { IrModule } from "../ir/function.js";
import type { CodeInfo, IrFunction } from "../ir/function.js";
import { FunctionBuilder } from "../ir/builder.js";
import { CLOSURE, NAMESPACE, GENERATOR, SENT, FunctionLowering, type DirectCallTargets, type LoweredFunction, type LoweringContext } from "./function-lowering.js";
import type { NameKind, NameResolver } from "./names.js";
import { BUILTIN_NAMES } from "./builtins.js";
import { mangleNames } from "./mangle-names.js";
import { coVarnames } from "./varnames.js";
import { moduleAttributes, moduleGlobals, type ModuleImports, type SourceModule } from "../modules/program.js";

/** Module-level names: globals, falling back to builtins the module never binds. */
class ModuleNames implements NameResolver {
  readonly locals: readonly string[] = [];
  readonly cells: readonly string[] = [];
  readonly freevars: readonly string[] = [];
  constructor(private readonly globals: ReadonlySet<string>) {}
  kindOf(name: string): NameKind {
    return this.globals.has(name) || !BUILTIN_NAMES.has(name) ? "global" : "builtin";
  }
}

/** A function's names, as the symbol table resolved them. */
class FunctionNames implements NameResolver {
  readonly locals: readonly string[];
  readonly cells: readonly string[];
  readonly freevars: readonly string[];
  constructor(
    private readonly scope: Scope,
    private readonly moduleNames: ModuleNames,
  ) {
    this.cells = scope.cellvars;
    this.locals = scope.locals.filter((n) => !this.cells.includes(n));
    this.freevars = scope.freevars;
  }
  kindOf(name: string): NameKind {
    if (this.cells.includes(name)) return "cell";
    if (this.freevars.includes(name)) return "free";
    const sym = this.scope.lookup(name);
    if (sym?.resolution === "local" || sym?.resolution === "cell") return "local";
    return this.moduleNames.kindOf(name);
  }
}

/**
 * A class body's names: what it binds lives in the namespace dict. Every other name but an
 * explicit global is looked up there first too (CPython's LOAD_NAME and LOAD_CLASSDEREF: a
 * metaclass's __prepare__ may have put it there), then resolves as from the enclosing scope (a
 * free variable through the closure, a global, a builtin).
 */
class ClassNames implements NameResolver {
  readonly locals: readonly string[] = [];
  readonly cells: readonly string[];
  readonly freevars: readonly string[];
  constructor(
    private readonly scope: Scope,
    private readonly moduleNames: ModuleNames,
  ) {
    this.cells = scope.needsClassClosure ? ["__class__"] : [];
    this.freevars = scope.freevars;
  }
  kindOf(name: string): NameKind {
    if (name === "__class__" && this.cells.length > 0) return "cell";
    const sym = this.scope.lookup(name);
    if (sym?.resolution === "globalExplicit" || sym?.isNonlocal) return this.fallbackOf(name);
    return "classLocal";
  }
  fallbackOf(name: string): NameKind {
    if (this.scope.lookup(name)?.resolution === "free") return "free";
    return this.moduleNames.kindOf(name);
  }
}

/**
 * Top-level functions that calls can reach directly: plain positional parameters, no
 * decorators, and the def is the only thing anywhere that binds the name.
 */
function directTargets(tree: ast.Module, starImported: readonly string[]): Map<string, number> {
  const bindings = new Map<string, number>();
  const bind = (name: string) => bindings.set(name, (bindings.get(name) ?? 0) + 1);
  starImported.forEach(bind);
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== "object" || node === null || !("nodeType" in node)) return;
    const n = node as ast.Node;
    switch (n.nodeType) {
      case "Name":
        if (n.ctx !== "Load") bind(n.id);
        break;
      case "FunctionDef": case "AsyncFunctionDef": case "ClassDef":
        bind(n.name);
        break;
      case "alias":
        bind(n.asname ?? n.name.split(".")[0]!);
        break;
      case "ExceptHandler":
        if (n.name !== null) bind(n.name);
        break;
      case "Global": case "Nonlocal":
        n.names.forEach(bind);
        break;
      case "MatchAs": case "MatchStar":
        if (n.name !== null) bind(n.name);
        break;
      case "MatchMapping":
        if (n.rest !== null) bind(n.rest);
        break;
    }
    for (const key in n) if (key !== "nodeType") visit((n as unknown as Record<string, unknown>)[key]);
  };
  visit(tree);
  const direct = new Map<string, number>();
  for (const s of tree.body) {
    if (s.nodeType !== "FunctionDef" || bindings.get(s.name) !== 1 || s.decorator_list.length > 0) continue;
    const a = s.args;
    if (a.posonlyargs.length || a.vararg || a.kwonlyargs.length || a.kwarg || a.defaults.length) continue;
    direct.set(s.name, a.args.length);
  }
  return direct;
}

/** Lowers the module's functions, each to its own IR function, on demand. */
class ModuleLowering implements LoweringContext {
  private readonly used = new Set<string>();

  get futureAnnotations(): boolean {
    return this.table.futureAnnotations;
  }

  constructor(
    private readonly ir: IrModule,
    private readonly table: SymbolTable,
    private readonly moduleNames: ModuleNames,
    readonly direct: DirectCallTargets,
    readonly imports: ModuleImports,
  ) {}

  /**
   * What tracebacks get to know of a frame (IrFunction.pyName): its name, then its
   * `co_varnames`, each after a space, which NameError suggestions search.
   */
  private frameName(name: string, node: Parameters<typeof coVarnames>[0], params: readonly string[]): string {
    return [name, ...coVarnames(node, this.table.scopes.get(node)!, params, this.futureAnnotations)].join(" ");
  }

  private uniqueName(qualname: string): string {
    let name = qualname;
    for (let i = 2; this.used.has(name); i++) name = `${qualname}#${i}`;
    this.used.add(name);
    return name;
  }

  lowerFunction(node: ast.FunctionDef | ast.Lambda, qualPrefix: string, className: string | null): LoweredFunction {
    const scope = this.table.scopes.get(node)!;
    if (scope.isCoroutine) throw new UnsupportedError("an async function", node);
    const name = node.nodeType === "Lambda" ? "<lambda>" : node.name;
    const qualname = qualPrefix + name;
    const irName = this.uniqueName(qualname);
    const a = node.args;
    const varnames = [...a.posonlyargs, ...a.args, ...a.kwonlyargs].map((p) => p.arg);
    if (a.vararg) varnames.push(a.vararg.arg);
    if (a.kwarg) varnames.push(a.kwarg.arg);
    const names = new FunctionNames(scope, this.moduleNames);
    const hasClosure = names.freevars.length > 0;
    const code = {
      name, qualname, varnames,
      argcount: a.posonlyargs.length + a.args.length,
      posonlyargcount: a.posonlyargs.length,
      kwonlyargcount: a.kwonlyargs.length,
      varargs: a.vararg !== null,
      varkeywords: a.kwarg !== null,
      freevars: scope.freevars,
      cellvars: scope.cellvars,
    };
    if (scope.isGenerator) {
      const resume = this.lowerResume(qualname, name, names, varnames, className, (l) => l.lowerBody((node as ast.FunctionDef).body, node.lineno), scope.cellvars, this.frameName(name, node, varnames));
      this.ir.functions.push(this.generatorMaker(irName, name, varnames, hasClosure, resume, code, node.lineno));
      return { irName, freevars: names.freevars };
    }
    const lowering = new FunctionLowering(this, irName, hasClosure ? [...varnames, CLOSURE] : varnames, names, {
      pyName: this.frameName(name, node, varnames),
      qualPrefix: `${qualname}.<locals>.`,
      firstParam: a.posonlyargs[0]?.arg ?? a.args[0]?.arg,
      className,
    });
    const body: readonly ast.Stmt[] = node.nodeType === "Lambda"
      ? [{ nodeType: "Return", value: node.body, lineno: node.body.lineno, col_offset: node.body.col_offset, end_lineno: node.body.end_lineno, end_col_offset: node.body.end_col_offset }]
      : node.body;
    const f = lowering.lowerBody(body, node.lineno);
    f.hasClosure = hasClosure;
    f.code = code;
    this.ir.functions.push(f);
    return { irName, freevars: names.freevars };
  }

  /**
   * A generator's resume function: the body, run one step per next()/send(). Its code object
   * is named as the generator's, so tracebacks show the generator's name.
   */
  private lowerResume(
    qualname: string, name: string, names: FunctionNames, params: readonly string[], className: string | null,
    lower: (l: FunctionLowering) => IrFunction, cellvars: readonly string[], frameName: string,
  ): string {
    const irName = this.uniqueName(`${qualname}#resume`);
    const hasClosure = names.freevars.length > 0;
    const lowering = new FunctionLowering(this, irName, hasClosure ? [GENERATOR, SENT, CLOSURE] : [GENERATOR, SENT], names, {
      pyName: frameName,
      qualPrefix: `${qualname}.<locals>.`,
      firstParam: params[0],
      className,
      generatorParams: params,
    });
    const f = lower(lowering);
    f.hasClosure = hasClosure;
    f.generator = true;
    f.code = {
      name, qualname, varnames: [GENERATOR, SENT],
      argcount: 2, posonlyargcount: 0, kwonlyargcount: 0, varargs: false, varkeywords: false,
      freevars: names.freevars, cellvars,
    };
    this.ir.functions.push(f);
    return irName;
  }

  /** What calling a generator function runs: a generator over the bound arguments. */
  private generatorMaker(
    irName: string, name: string, varnames: readonly string[], hasClosure: boolean, resume: string, code: CodeInfo, line: number,
  ): IrFunction {
    const b = new FunctionBuilder(irName, hasClosure ? [...varnames, CLOSURE] : varnames, name);
    b.line = line;
    const none = b.emit("const", [], null);
    const fn = b.emit("make_function", [none, none, hasClosure ? b.use(CLOSURE)! : none], resume);
    b.ret(b.emit("gen_new", [fn, ...varnames.map((v) => b.use(v)!)]));
    b.f.hasClosure = hasClosure;
    b.f.code = code;
    return b.f;
  }

  lowerGeneratorExp(node: ast.GeneratorExp, qualPrefix: string, className: string | null): LoweredFunction {
    const scope = this.table.scopes.get(node)!;
    const names = new FunctionNames(scope, this.moduleNames);
    const irName = this.lowerResume(`${qualPrefix}<genexpr>`, "<genexpr>", names, [".0"], className, (l) => l.lowerGeneratorExpBody(node), scope.cellvars, this.frameName("<genexpr>", node, [".0"]));
    return { irName, freevars: names.freevars };
  }

  lowerComprehension(node: ast.ListComp | ast.SetComp | ast.DictComp, qualPrefix: string, className: string | null): LoweredFunction {
    const scope = this.table.scopes.get(node)!;
    const names = new FunctionNames(scope, this.moduleNames);
    const name = node.nodeType === "ListComp" ? "<listcomp>" : node.nodeType === "SetComp" ? "<setcomp>" : "<dictcomp>";
    const qualname = qualPrefix + name;
    const irName = this.uniqueName(qualname);
    const hasClosure = names.freevars.length > 0;
    const lowering = new FunctionLowering(this, irName, hasClosure ? [".0", CLOSURE] : [".0"], names, {
      pyName: this.frameName(name, node, [".0"]),
      qualPrefix: `${qualname}.<locals>.`,
      className,
    });
    const f = lowering.lowerComprehensionBody(node);
    f.hasClosure = hasClosure;
    f.code = {
      name, qualname, varnames: [".0"],
      argcount: 1, posonlyargcount: 0, kwonlyargcount: 0, varargs: false, varkeywords: false,
      freevars: scope.freevars, cellvars: scope.cellvars,
    };
    this.ir.functions.push(f);
    return { irName, freevars: names.freevars };
  }

  lowerClassBody(node: ast.ClassDef, qualPrefix: string): LoweredFunction {
    const scope = this.table.scopes.get(node)!;
    const qualname = qualPrefix + node.name;
    const irName = this.uniqueName(qualname);
    const names = new ClassNames(scope, this.moduleNames);
    const hasClosure = names.freevars.length > 0;
    const lowering = new FunctionLowering(this, irName, hasClosure ? [NAMESPACE, CLOSURE] : [NAMESPACE], names, {
      pyName: node.name,
      qualPrefix: `${qualname}.`,
      className: node.name,
    });
    const f = lowering.lowerClassBody(node.body, node.lineno, qualname);
    f.hasClosure = hasClosure;
    f.code = {
      name: node.name, qualname, varnames: [NAMESPACE],
      argcount: 1, posonlyargcount: 0, kwonlyargcount: 0, varargs: false, varkeywords: false,
      freevars: names.freevars, cellvars: scope.cellvars,
    };
    this.ir.functions.push(f);
    return { irName, freevars: names.freevars };
  }

  lowerBody(body: readonly ast.Stmt[]): IrFunction {
    return new FunctionLowering(this, this.ir.body, [], this.moduleNames, { pyName: "<module>", qualPrefix: "" }).lowerBody(body, 1);
  }
}

/**
 * The module body runs after a prologue binding the module's own attributes, as the import
 * system (and, for `__doc__`, the compiler) sets them before running it.
 */
export function lowerModule(mod: SourceModule, imports: ModuleImports, irName = mod.name): IrModule {
  const { tree, table } = mod;
  mangleNames(tree);
  const ir = new IrModule(irName, mod.filename);
  const globals = moduleGlobals(mod, imports);
  const starImported = globals.filter((n) => !table.top.symbols.get(n)?.isBound && table.top.symbols.get(n)?.resolution !== "globalExplicit");
  const at = { lineno: 1, col_offset: 0, end_lineno: 1, end_col_offset: 0 };
  const prologue: ast.Stmt[] = Object.entries(moduleAttributes(mod)).map(([name, value]) => ({
    nodeType: "Assign",
    targets: [{ nodeType: "Name", id: name, ctx: "Store", ...at }],
    value: { nodeType: "Constant", value, kind: null, ...at },
    type_comment: null,
    ...at,
  }));
  for (const name of [...prologue.map((s) => ((s as ast.Assign).targets[0] as ast.Name).id), ...globals]) ir.globals.add(name);
  const direct = directTargets(tree, starImported);
  for (const name of direct.keys()) ir.directTargets.add(name);
  const lowering = new ModuleLowering(ir, table, new ModuleNames(ir.globals), direct, imports);
  ir.functions.push(lowering.lowerBody([...prologue, ...tree.body]));
  // A name the code reads as a global without the module binding it may still be set from
  // outside (`sys.modules[__name__].x = 1`), so it gets a slot too.
  for (const f of ir.functions) {
    for (const block of f.blocks) for (const inst of block.insts) if (inst.op === "load_global" || inst.op === "store_global") ir.globals.add(inst.imm as string);
  }
  return ir;
}
