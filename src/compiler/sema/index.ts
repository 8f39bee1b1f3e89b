/**
 * Semantic analysis: what CPython does between parsing and code generation. Raises the
 * `PySyntaxError` CPython's `compile()` would (future imports, then symbol table, then
 * compiler checks, in that order, as CPython) and returns the scope tree.
 */
import type { Module } from "../syntax/ast.js";
import { checkModule } from "./checks.js";
import { futureFeatures } from "./future.js";
import type { SymbolTable } from "./scope.js";
import { buildSymbolTable } from "./symtable.js";

export function analyze(mod: Module): SymbolTable {
  const future = futureFeatures(mod);
  const table = buildSymbolTable(mod, future.annotations);
  checkModule(mod, table, future);
  return table;
}

export { buildSymbolTable } from "./symtable.js";
export { mangle } from "./mangle.js";
export { tableJson, type TableJson } from "./symtable-json.js";
export * from "./scope.js";
