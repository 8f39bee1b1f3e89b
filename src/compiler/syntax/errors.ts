/**
 * Syntax errors as CPython reports them: the exception class, the message, and a 1-based
 * line and column (columns count characters, not bytes, as CPython's `SyntaxError.offset`).
 */
import { decodeSource } from "./source.js";

export type SyntaxErrorType = "SyntaxError" | "IndentationError" | "TabError";

export class PySyntaxError extends Error {
  constructor(
    readonly type: SyntaxErrorType,
    readonly msg: string,
    /** 1-based line; 0 for errors about the file as a whole (a bad encoding declaration). */
    readonly lineno: number,
    /** 1-based character column; -1 when there is none. */
    readonly offset: number,
    readonly endLineno: number | null = null,
    readonly endOffset: number | null = null,
  ) {
    super(msg);
    this.name = type;
  }

  /**
   * The module the error is in, when the compiler knows it is not the file it was asked to
   * compile (an imported module): its path and text, for the report.
   */
  file: { filename: string; text: string | null } | null = null;
}

/**
 * The report `python3 FILE` prints for a syntax error:
 *
 *     File "bad.py", line 1
 *       def f(:
 *             ^
 *   SyntaxError: invalid syntax
 *
 * The source line is shown without its indentation; carets span `offset` to `endOffset`.
 */
export function formatSyntaxError(err: PySyntaxError, filename: string, sourceText: string | null): string {
  let out = "";
  if (err.lineno > 0) out += `  File "${filename}", line ${err.lineno}\n`;
  const lines = sourceText === null ? [] : (sourceText.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? []);
  const raw = err.lineno > 0 ? lines[err.lineno - 1] : undefined;
  if (raw !== undefined) {
    const line = raw.replace(/(\r\n|\r|\n)$/, "");
    const utf8 = (s: string) => new TextEncoder().encode(s).length;
    const lineSize = utf8(line) + (line.length < raw.length ? 1 : 0);
    // Only SyntaxError itself has a range; its subclasses get a single caret.
    let endOffset = err.type === "SyntaxError" ? (err.endOffset ?? -1) : -1;
    const endLineno = err.type === "SyntaxError" ? (err.endLineno ?? err.lineno) : err.lineno;
    if (endLineno > err.lineno) endOffset = lineSize;
    if (endOffset > lineSize + 1) endOffset = lineSize + 1;
    const reps = endOffset > 0 && endOffset > err.offset ? endOffset - err.offset : 1;
    let offset = err.offset - 1;
    const text = line.replace(/^[ \t\f]+/, "");
    offset -= line.length - text.length;
    const len = utf8(text);
    if (offset > len) offset = len;
    out += `    ${text}\n`;
    if (offset >= 0) out += `    ${" ".repeat(offset)}${"^".repeat(reps)}\n`;
  }
  const suffix = err.lineno > 0 ? "" : ` (${filename})`;
  return `${out}${err.type}: ${err.msg}${suffix}\n`;
}

/**
 * The report for a compile error of the program whose main file is `filename` with `source`:
 * the error may be in an imported module, which the error then names.
 */
export function reportSyntaxError(err: PySyntaxError, filename: string, source: Uint8Array | string): string {
  if (err.file !== null) return formatSyntaxError(err, err.file.filename, err.file.text);
  let text: string | null = null;
  try {
    text = decodeSource(source).text;
  } catch {
    // The error is about the encoding itself: no source line to show.
  }
  return formatSyntaxError(err, filename, text);
}
