/**
 * Molt compiles ahead of time, so code built at run time (`eval`, `exec`, `compile`) and
 * introspection of namespaces and frames (`globals()`, `locals()`, `sys._getframe`) cannot be
 * honoured. They are refused at compile time, naming the feature, rather than approximated.
 */
import type * as ast from "../syntax/ast.js";
import { UnsupportedError } from "../diagnostics.js";
import type { Scope, ScopeNode, SymbolTable } from "./scope.js";

const REFUSED_BUILTINS: Record<string, string> = {
  eval: "running code built at run time",
  exec: "running code built at run time",
  compile: "compiling code at run time",
  globals: "reading the module namespace as a dict",
  locals: "reading local variables as a dict",
};

/** Whether `name` used in `scope` means the builtin: neither this block, an enclosing function nor the module binds it. */
function isBuiltin(name: string, scope: Scope): boolean {
  const sym = scope.lookup(name);
  if (sym !== undefined && (sym.resolution === "local" || sym.resolution === "cell" || sym.resolution === "free")) {
    return false;
  }
  let top = scope;
  while (top.parent !== null) top = top.parent;
  return !(top.lookup(name)?.isBound ?? false);
}

export function refuseDynamicCode(mod: ast.Module, table: SymbolTable): void {
  const visit = (node: unknown, scope: Scope): void => {
    if (Array.isArray(node)) {
      for (const n of node) visit(n, scope);
      return;
    }
    if (typeof node !== "object" || node === null || !("nodeType" in node)) return;
    const n = node as ast.Node;
    const inner = table.scopes.get(n as ScopeNode) ?? scope;
    if (n.nodeType === "Name" && n.id in REFUSED_BUILTINS && isBuiltin(n.id, scope)) {
      throw new UnsupportedError(`'${n.id}' (${REFUSED_BUILTINS[n.id]})`, n, "is not supported by Molt: it compiles ahead of time");
    }
    if (n.nodeType === "Attribute" && n.attr === "_getframe" && n.value.nodeType === "Name" && n.value.id === "sys") {
      throw new UnsupportedError("'sys._getframe' (frame introspection)", n, "is not supported by Molt: it compiles ahead of time");
    }
    for (const key in n) {
      if (key === "nodeType") continue;
      const child = (n as unknown as Record<string, unknown>)[key];
      if (typeof child === "object" && child !== null) visit(child, inner);
    }
  };
  visit(mod, table.top);
}
