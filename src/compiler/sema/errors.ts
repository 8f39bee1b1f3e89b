/**
 * Compile-time errors found after parsing. CPython reports them with the offending node's span
 * as 1-based *byte* columns (`col_offset + 1`), unlike parser errors, which count characters;
 * these helpers keep that convention so messages line up with `compile()`.
 */
import type { Located } from "../syntax/ast.js";
import { PySyntaxError } from "../syntax/errors.js";

export function errorAt(node: Located, msg: string): PySyntaxError {
  return new PySyntaxError("SyntaxError", msg, node.lineno, node.col_offset + 1, node.end_lineno, node.end_col_offset + 1);
}

/**
 * Errors from CPython's `__future__` pass carry a start position only, and one of them (a late
 * future import on the first line's statement list) a 0-based column: hence `columnBase`.
 */
export function errorAtStart(node: Located, msg: string, columnBase: 0 | 1 = 1): PySyntaxError {
  return new PySyntaxError("SyntaxError", msg, node.lineno, node.col_offset + columnBase, node.lineno, null);
}
