/**
 * Molt's refusal to compile a construct it does not support (yet). Reported like a syntax
 * error, with file, line, column and the source line, so a program is never miscompiled
 * silently.
 */
import { PySyntaxError } from "./syntax/errors.js";
import type { Located } from "./syntax/ast.js";

export class UnsupportedError extends PySyntaxError {
  constructor(what: string, at: Located, verdict = "is not supported by Molt yet") {
    super("SyntaxError", `${what} ${verdict}`, at.lineno, at.col_offset + 1, at.end_lineno, at.end_col_offset + 1);
  }
}
