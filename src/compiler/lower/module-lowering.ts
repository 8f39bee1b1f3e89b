/**
 * Lowers a parsed module to an IR module: the module body becomes the function `<module>`,
 * and each top-level `def` with plain positional parameters becomes an IR function that calls
 * reach directly. Name resolution here is the simple two-level model (function locals, module
 * globals, builtins) that covers code without closures; nested scopes are refused.
 */
import type * as ast from "../syntax/ast.js";
import { UnsupportedError } from "../diagnostics.js";
import { IrModule } from "../ir/function.js";
import { FunctionLowering } from "./function-lowering.js";
import type { NameKind, NameResolver } from "./names.js";
import { BUILTIN_NAMES } from "./builtins.js";

/** Names a statement list binds, not looking into nested function bodies. */
function boundNames(body: readonly ast.Stmt[]): { bound: Set<string>; declaredGlobal: Set<string> } {
  const bound = new Set<string>();
  const declaredGlobal = new Set<string>();
  const target = (t: ast.Expr): void => {
    if (t.nodeType === "Name") bound.add(t.id);
    else if (t.nodeType === "Tuple" || t.nodeType === "List") t.elts.forEach(target);
    else if (t.nodeType === "Starred") target(t.value);
  };
  const visit = (stmts: readonly ast.Stmt[]): void => {
    for (const s of stmts) {
      switch (s.nodeType) {
        case "Assign":
          s.targets.forEach(target);
          break;
        case "AugAssign":
        case "AnnAssign":
          target(s.target);
          break;
        case "For":
          target(s.target);
          visit(s.body);
          visit(s.orelse);
          break;
        case "While":
        case "If":
          visit(s.body);
          visit(s.orelse);
          break;
        case "FunctionDef":
        case "ClassDef":
          bound.add(s.name);
          break;
        case "Global":
          s.names.forEach((n) => declaredGlobal.add(n));
          break;
        case "Nonlocal":
          throw new UnsupportedError("'nonlocal'", s);
        default:
          break;
      }
    }
  };
  visit(body);
  return { bound, declaredGlobal };
}

class ModuleNames implements NameResolver {
  readonly locals: readonly string[] = [];
  constructor(private readonly globals: ReadonlySet<string>) {}
  kindOf(name: string): NameKind {
    return this.globals.has(name) || !BUILTIN_NAMES.has(name) ? "global" : "builtin";
  }
}

class FunctionNames implements NameResolver {
  readonly locals: readonly string[];
  constructor(
    params: readonly string[],
    body: readonly ast.Stmt[],
    private readonly moduleNames: ModuleNames,
  ) {
    const { bound, declaredGlobal } = boundNames(body);
    this.localSet = new Set([...params, ...[...bound].filter((n) => !declaredGlobal.has(n))]);
    this.locals = [...this.localSet];
  }
  private readonly localSet: Set<string>;
  kindOf(name: string): NameKind {
    return this.localSet.has(name) ? "local" : this.moduleNames.kindOf(name);
  }
}

/** Parameters of a def that calls can reach directly, or null if it needs the general path. */
function plainParams(def: ast.FunctionDef): string[] | null {
  const a = def.args;
  const simple = a.posonlyargs.length === 0 && a.vararg === null && a.kwonlyargs.length === 0 && a.kwarg === null && a.defaults.length === 0;
  return simple && def.decorator_list.length === 0 ? a.args.map((p) => p.arg) : null;
}

export function lowerModule(tree: ast.Module, filename: string, moduleName = "__main__"): IrModule {
  const ir = new IrModule(moduleName, filename);
  const { bound } = boundNames(tree.body);
  bound.forEach((n) => ir.globals.add(n));
  const moduleNames = new ModuleNames(ir.globals);

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
    for (const inner of s.body) {
      if (inner.nodeType === "FunctionDef" || inner.nodeType === "ClassDef" || inner.nodeType === "AsyncFunctionDef") {
        throw new UnsupportedError("a nested function or class", inner);
      }
    }
    ir.functions.push(new FunctionLowering(s.name, params, new FunctionNames(params, s.body, moduleNames), direct).lowerBody(s.body));
  }
  ir.functions.push(new FunctionLowering(ir.body, [], moduleNames, direct).lowerBody(body));
  return ir;
}
