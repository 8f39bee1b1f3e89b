/**
 * Private name mangling before lowering: inside a class body and everything nested in it,
 * identifiers `__spam` (names, attribute names, parameters) become `_Class__spam`, as
 * CPython's compiler does. The symbol table already stores mangled names, so after this pass
 * every name lowering looks up matches it.
 *
 * Def and class statement names stay as written here (a function's `__name__` is unmangled);
 * lowering mangles the name they bind (see `FunctionLowering.nameTarget`). Keyword argument
 * names in calls are not mangled, as in CPython.
 */
import type * as ast from "../syntax/ast.js";
import { mangle } from "../sema/mangle.js";

export function mangleNames(tree: ast.Module): void {
  visit(tree, null);
}

function visit(node: unknown, className: string | null): void {
  if (Array.isArray(node)) {
    for (const n of node) visit(n, className);
    return;
  }
  if (typeof node !== "object" || node === null || !("nodeType" in node)) return;
  const n = node as ast.Node;
  switch (n.nodeType) {
    case "ClassDef":
      // Bases, keywords and decorators belong to the enclosing scope; the body to the class.
      visit(n.bases, className);
      visit(n.keywords, className);
      visit(n.decorator_list, className);
      visit(n.body, n.name);
      return;
    case "Name":
      n.id = mangle(className, n.id);
      return;
    case "Attribute":
      n.attr = mangle(className, n.attr);
      break;
    case "arg":
      n.arg = mangle(className, n.arg);
      return;
    case "Global":
    case "Nonlocal":
      n.names = n.names.map((name) => mangle(className, name));
      return;
    case "ExceptHandler":
    case "MatchAs":
    case "MatchStar":
      if (n.name !== null) n.name = mangle(className, n.name);
      break;
    case "MatchMapping":
      if (n.rest !== null) n.rest = mangle(className, n.rest);
      break;
    case "MatchClass":
      n.kwd_attrs = n.kwd_attrs.map((name) => mangle(className, name));
      break;
    case "alias":
      if (n.asname !== null) n.asname = mangle(className, n.asname);
      return;
  }
  for (const key in n) if (key !== "nodeType") visit((n as unknown as Record<string, unknown>)[key], className);
}
