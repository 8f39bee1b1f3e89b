/** Our analysis in the oracle's shape: the symbol table if it builds, and the first error. */
import type { Module } from "../../src/compiler/syntax/ast.js";
import { PySyntaxError } from "../../src/compiler/syntax/errors.js";
import { checkModule } from "../../src/compiler/sema/checks.js";
import { futureFeatures } from "../../src/compiler/sema/future.js";
import { buildSymbolTable } from "../../src/compiler/sema/symtable.js";
import { tableJson } from "../../src/compiler/sema/symtable-json.js";
import type { ErrorJson, OracleAnswer } from "./oracle.js";

function errorJson(e: unknown): ErrorJson {
  if (!(e instanceof PySyntaxError)) throw e;
  return { type: e.type, msg: e.msg, lineno: e.lineno, offset: e.offset, end_lineno: e.endLineno, end_offset: e.endOffset };
}

export function moltAnswer(mod: Module): OracleAnswer {
  let future;
  let table;
  try {
    future = futureFeatures(mod);
    table = buildSymbolTable(mod, future.annotations);
  } catch (e) {
    return { error: errorJson(e) };
  }
  try {
    checkModule(mod, table, future);
    return { table: tableJson(table.top) };
  } catch (e) {
    return { table: tableJson(table.top), error: errorJson(e) };
  }
}
