/**
 * Syntax errors as CPython reports them: the exception class, the message, and a 1-based
 * line and column (columns count characters, not bytes, as CPython's `SyntaxError.offset`).
 */
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
  const line = err.lineno > 0 && sourceText !== null ? sourceText.split(/\r\n|\r|\n/)[err.lineno - 1] : undefined;
  if (line !== undefined) {
    const stripped = line.replace(/^[ \f]+/, "");
    const indent = [...line].length - [...stripped].length;
    out += `    ${stripped}\n`;
    if (err.offset > 0) {
      let end = err.endOffset !== null && err.endOffset !== 0 && err.endLineno === err.lineno ? err.endOffset : err.offset;
      if (end <= err.offset || end === -1) end = err.offset + 1;
      const col = err.offset - 1 - indent;
      if (col >= 0) {
        const chars = [...stripped];
        const pad = chars.slice(0, col).map((c) => (/\s/.test(c) ? c : " ")).join("");
        out += `    ${pad}${"^".repeat(end - err.offset)}\n`;
      }
    }
  }
  const suffix = err.lineno > 0 ? "" : ` (${filename})`;
  return `${out}${err.type}: ${err.msg}${suffix}\n`;
}
