/**
 * Lowers a parsed module to an IR module: the module body becomes the function `<module>`,
 * and each top-level `def` with plain positional parameters becomes an IR function that calls
 * reach directly. Names resolve as the symbol table (src/compiler/sema) says: function locals,
 * module globals, builtins; closures and nested functions are refused for now.
 */
import type * as ast from "../syntax/ast.js";
import { UnsupportedError } from "../diagnostics.js";
import type { Scope, SymbolTable } from "../sema/scope.js";
import { IrModule } from "../ir/function.js";
import { FunctionLowering } from "./function-lowering.js";
import type { NameKind, NameResolver } from "./names.js";
import { BUILTIN_NAMES } from "./builtins.js";

/** Module-level names: globals, falling back to builtins the module never binds. */
class ModuleNames implements NameResolver {
  readonly locals: readonly string[] = [];
  constructor(private readonly top: Scope) {}
  kindOf(name: string): NameKind {
    return this.top.lookup(name)?.isBound || !BUILTIN_NAMES.has(name) ? "global" : "builtin";
  }
}

/** A function's names, as the symbol table resolved them. */
class FunctionNames implements NameResolver {
  readonly locals: readonly string[];
  constructor(
    private readonly scope: Scope,
    private readonly moduleNames: ModuleNames,
  ) {
    this.locals = scope.locals;
  }
  kindOf(name: string): NameKind {
    const sym = this.scope.lookup(name);
    // Comprehensions run inline, so a local they capture (a cell to CPython) stays a local.
    if (sym?.resolution === "local" || sym?.resolution === "cell") return "local";
    return this.moduleNames.kindOf(name);
  }
}

/** Parameters of a def that calls can reach directly, or null if it needs the general path. */
function plainParams(def: ast.FunctionDef): string[] | null {
  const a = def.args;
  const simple = a.posonlyargs.length === 0 && a.vararg === null && a.kwonlyargs.length === 0 && a.kwarg === null && a.defaults.length === 0;
  return simple && def.decorator_list.length === 0 ? a.args.map((p) => p.arg) : null;
}

export function lowerModule(tree: ast.Module, table: SymbolTable, filename: string, moduleName = "__main__"): IrModule {
  const ir = new IrModule(moduleName, filename);
  for (const sym of table.top.symbols.values()) if (sym.isBound || sym.resolution === "globalExplicit") ir.globals.add(sym.name);
  // Names functions declare global and assign exist at module level too.
  for (const scope of table.scopes.values()) {
    for (const sym of scope.symbols.values()) if (sym.resolution === "globalExplicit" && sym.isBound) ir.globals.add(sym.name);
  }
  const moduleNames = new ModuleNames(table.top);

  const defs = tree.body.filter((s): s is ast.FunctionDef => s.nodeType === "FunctionDef");
  const defCounts = new Map<string, number>();
  for (const d of defs) defCounts.set(d.name, (defCounts.get(d.name) ?? 0) + 1);
  const direct = new Map<string, number>();
  for (const d of defs) {
    const params = plainParams(d);
    if (params === null) throw new UnsupportedError("a function with defaults, '*', '**' or decorators", d);
    if (defCounts.get(d.name) === 1) direct.set(d.name, params.length);
  }

  // `__name__` is the one module attribute programs commonly read (`if __name__ == ...`).
  ir.globals.add("__name__");
  const at = { lineno: 1, col_offset: 0, end_lineno: 1, end_col_offset: 0 };
  const body: ast.Stmt[] = [{
    nodeType: "Assign",
    targets: [{ nodeType: "Name", id: "__name__", ctx: "Store", ...at }],
    value: { nodeType: "Constant", value: moduleName, kind: null, ...at },
    type_comment: null,
    ...at,
  }];
  for (const s of tree.body) {
    if (s.nodeType !== "FunctionDef") {
      body.push(s);
      continue;
    }
    if (!direct.has(s.name)) throw new UnsupportedError(`redefining function '${s.name}'`, s);
    const params = plainParams(s)!;
    const scope = table.scopes.get(s)!;
    if (scope.children.some((c) => !c.isComprehension) || scope.isGenerator || scope.isCoroutine) {
      throw new UnsupportedError("a function with nested functions, closures or 'yield'", s);
    }
    ir.functions.push(new FunctionLowering(s.name, params, new FunctionNames(scope, moduleNames), direct).lowerBody(s.body));
  }
  ir.functions.push(new FunctionLowering(ir.body, [], moduleNames, direct).lowerBody(body));
  return ir;
}
