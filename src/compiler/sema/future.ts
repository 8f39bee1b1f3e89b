/**
 * `from __future__ import ...` statements: which features a module turns on, and the errors
 * CPython's future pass raises before building the symbol table.
 */
import type * as ast from "../syntax/ast.js";
import { errorAtStart } from "./errors.js";

export interface FutureFeatures {
  annotations: boolean;
  /** Line of the last future import in the module's leading block; later ones are errors. */
  lineno: number;
}

/** Features that are always on in Python 3 but may still be named. */
const ACCEPTED = new Set([
  "nested_scopes", "generators", "division", "absolute_import", "with_statement",
  "print_function", "unicode_literals", "barry_as_FLUFL", "generator_stop", "annotations",
]);

/** Level is not checked, as in CPython: `from .__future__ import x` counts too. */
export function isFutureImport(s: ast.Stmt): s is ast.ImportFrom {
  return s.nodeType === "ImportFrom" && s.module === "__future__";
}

function isDocstring(s: ast.Stmt | undefined): boolean {
  return s?.nodeType === "Expr" && s.value.nodeType === "Constant" && typeof s.value.value === "string";
}

/**
 * Scans the statements that may hold future imports: an optional docstring, then future
 * imports, stopping at the first line holding anything else. A future import after another
 * statement *on the same line* is caught here; later lines are the compiler's business.
 */
export function futureFeatures(mod: ast.Module): FutureFeatures {
  const features: FutureFeatures = { annotations: false, lineno: 0 };
  const body = mod.body;
  let done = false;
  let prevLine = 0;
  for (let i = isDocstring(body[0]) ? 1 : 0; i < body.length; i++) {
    const s = body[i]!;
    if (done && s.lineno > prevLine) break;
    prevLine = s.lineno;
    if (!isFutureImport(s)) {
      done = true;
      continue;
    }
    if (done) throw errorAtStart(s, "from __future__ imports must occur at the beginning of the file", 0);
    for (const alias of s.names) {
      if (alias.name === "braces") throw errorAtStart(s, "not a chance");
      if (!ACCEPTED.has(alias.name)) throw errorAtStart(s, `future feature ${alias.name} is not defined`);
      if (alias.name === "annotations") features.annotations = true;
    }
    features.lineno = s.lineno;
  }
  return features;
}
