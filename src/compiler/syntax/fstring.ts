/**
 * Adjacent string literals to one node, as CPython 3.11's `string_parser.c` does: a Constant
 * for plain and bytes literals, a JoinedStr as soon as one is an f-string. Replacement fields
 * are parsed as `(expr)` by a nested parser positioned where the field sits in the source.
 *
 * Positions follow CPython 3.11 exactly, quirks included: the Constant and FormattedValue
 * parts of a JoinedStr carry the position of the whole concatenation, a format spec's
 * JoinedStr that of its own token.
 */
import type * as ast from "./ast.js";
import { PySyntaxError } from "./errors.js";
import { SurrogateStr } from "./ast.js";
import { LiteralError, concatStr, decodeBytesLiteral, decodeStrEscapes, stringPrefix } from "./literals.js";
import { parseFStringExpression } from "./parser.js";
import { utf8Length } from "./tokenizer.js";

export interface StringToken {
  string: string;
  lineno: number;
  col: number;
  endLineno: number;
  endCol: number;
}

/** An error CPython reports at the given token, or (null) at the last token read. */
export class StringLiteralError extends Error {
  constructor(message: string, readonly token: StringToken | null) {
    super(message);
  }
}

const MAXLEVEL = 200;

type Located = Pick<ast.Located, "lineno" | "col_offset" | "end_lineno" | "end_col_offset">;

function between(first: StringToken, last: StringToken): Located {
  return { lineno: first.lineno, col_offset: first.col, end_lineno: last.endLineno, end_col_offset: last.endCol };
}

/** CPython's FstringParser: literal text is accumulated, then flushed as a Constant. */
class Builder {
  values: ast.Expr[] = [];
  lastStr: string | SurrogateStr | null = null;
  fmode = false;

  constructor(private readonly kind: string | null) {}

  addLiteral(s: string | SurrogateStr): void {
    if (typeof s === "string" ? s.length === 0 : s.codePoints.length === 0) return;
    this.lastStr = this.lastStr === null ? s : concatStr(this.lastStr, s);
  }

  flush(loc: Located): void {
    if (this.lastStr === null) return;
    this.values.push({ nodeType: "Constant", value: this.lastStr, kind: this.kind, ...loc });
    this.lastStr = null;
  }

  finish(loc: Located): ast.Expr {
    if (!this.fmode) return { nodeType: "Constant", value: this.lastStr ?? "", kind: this.kind, ...loc };
    this.flush(loc);
    return { nodeType: "JoinedStr", values: this.values, ...loc };
  }
}

export function parseStrings(tokens: StringToken[], charOffsets: boolean): ast.Expr {
  const first = tokens[0]!;
  const last = tokens[tokens.length - 1]!;
  const whole = between(first, last);
  const builder = new Builder(first.string.charCodeAt(0) === 0x75 /* u */ ? "u" : null);
  let bytesMode = false;
  const byteParts: Uint8Array[] = [];
  tokens.forEach((t, i) => {
    const prefix = stringPrefix(t.string);
    const body = t.string.slice(prefix.open, t.string.length - prefix.close);
    if (i !== 0 && bytesMode !== prefix.bytes) {
      throw new StringLiteralError("cannot mix bytes and nonbytes literals", null);
    }
    bytesMode = prefix.bytes;
    if (prefix.bytes) {
      // eslint-disable-next-line no-control-regex
      if (/[^\x00-\x7f]/.test(body)) {
        throw new StringLiteralError("bytes can only contain ASCII literal characters", t);
      }
      byteParts.push(decode(() => decodeBytesLiteral(body, prefix.raw)));
    } else if (prefix.fstring) {
      builder.fmode = true;
      new FStringScanner(t, prefix.open, body, prefix.raw, first, last, charOffsets).concat(builder, 0);
    } else {
      builder.addLiteral(prefix.raw ? body : decode(() => decodeStrEscapes(body)));
    }
  });
  if (bytesMode) {
    const total = byteParts.reduce((n, b) => n + b.length, 0);
    const value = new Uint8Array(total);
    let at = 0;
    for (const b of byteParts) {
      value.set(b, at);
      at += b.length;
    }
    return { nodeType: "Constant", value, kind: null, ...whole };
  }
  return builder.finish(whole);
}

function decode<T>(body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (e instanceof LiteralError) throw new StringLiteralError(e.message, null);
    throw e;
  }
}

/** One f-string token's body, scanned as CPython's `fstring_find_literal`/`fstring_find_expr`. */
class FStringScanner {
  private pos = 0;

  constructor(
    private readonly token: StringToken,
    /** Where the body starts in the token text (after prefix and quotes). */
    private readonly bodyStart: number,
    private readonly body: string,
    private readonly raw: boolean,
    private readonly first: StringToken,
    private readonly last: StringToken,
    private readonly charOffsets: boolean,
  ) {}

  private error(msg: string): never {
    throw new StringLiteralError(msg, null);
  }

  /** CPython's `_PyPegen_FstringParser_ConcatFstring`. */
  concat(builder: Builder, recurseLvl: number): void {
    const whole = between(this.first, this.last);
    const end = this.body.length;
    for (;;) {
      const { literal, doubled } = this.findLiteral(recurseLvl);
      if (literal !== null) builder.addLiteral(literal);
      if (doubled) continue;
      if (this.pos >= end || this.body[this.pos] === "}") break;
      const { exprText, value } = this.findExpression(recurseLvl);
      if (exprText !== null) builder.addLiteral(exprText);
      builder.flush(whole);
      builder.values.push(value);
    }
    if (recurseLvl === 0 && this.pos < end - 1) this.error("f-string: unexpected end of string");
    if (recurseLvl !== 0 && this.body[this.pos] !== "}") this.error("f-string: expecting '}'");
  }

  private findLiteral(recurseLvl: number): { literal: string | SurrogateStr | null; doubled: boolean } {
    const body = this.body;
    const end = body.length;
    let s = this.pos;
    const start = s;
    let doubled = false;
    let stop = -1;
    while (s < end) {
      let ch = body[s++]!;
      if (!this.raw && ch === "\\" && s < end) {
        ch = body[s++]!;
        if (ch === "N") {
          // Braces of a `\N{NAME}` escape do not start a replacement field.
          if (s < end && body[s++] === "{") {
            while (s < end && body[s++] !== "}") {
              // skip the name
            }
          }
          continue;
        }
      }
      if (ch === "{" || ch === "}") {
        if (recurseLvl === 0) {
          if (s < end && body[s] === ch) {
            this.pos = s + 1;
            stop = s;
            doubled = true;
            break;
          }
          if (ch === "}") {
            this.pos = s - 1;
            this.error("f-string: single '}' is not allowed");
          }
        }
        s--;
        break;
      }
    }
    if (!doubled) {
      this.pos = s;
      stop = s;
    }
    if (stop === start) return { literal: null, doubled };
    const text = body.slice(start, stop);
    return { literal: this.raw ? text : decode(() => decodeStrEscapes(text)), doubled };
  }

  private findExpression(recurseLvl: number): { exprText: string | null; value: ast.FormattedValue } {
    const body = this.body;
    const end = body.length;
    if (recurseLvl >= 2) this.error("f-string: expressions nested too deeply");
    const bracePos = this.pos;
    this.pos++;
    const exprStart = this.pos;
    let quoteChar = "";
    let stringType = 0;
    const parens: string[] = [];
    for (; this.pos < end; this.pos++) {
      const ch = body[this.pos]!;
      if (ch === "\\") this.error("f-string expression part cannot include a backslash");
      if (quoteChar) {
        if (ch === quoteChar) {
          if (stringType === 3) {
            if (this.pos + 2 < end && body[this.pos + 1] === ch && body[this.pos + 2] === ch) {
              this.pos += 2;
              stringType = 0;
              quoteChar = "";
            }
          } else {
            stringType = 0;
            quoteChar = "";
          }
        }
        continue;
      }
      if (ch === "'" || ch === '"') {
        if (this.pos + 2 < end && body[this.pos + 1] === ch && body[this.pos + 2] === ch) {
          stringType = 3;
          this.pos += 2;
        } else {
          stringType = 1;
        }
        quoteChar = ch;
      } else if (ch === "[" || ch === "{" || ch === "(") {
        if (parens.length >= MAXLEVEL) this.error("f-string: too many nested parenthesis");
        parens.push(ch);
      } else if (ch === "#") {
        this.error("f-string expression part cannot include '#'");
      } else if (parens.length === 0 && (ch === "!" || ch === ":" || ch === "}" || ch === "=" || ch === ">" || ch === "<")) {
        if (this.pos + 1 < end && body[this.pos + 1] === "=" && ch !== ":" && ch !== "}") {
          this.pos++;
          continue;
        }
        if (ch === ">" || ch === "<") continue;
        break;
      } else if (ch === "]" || ch === "}" || ch === ")") {
        const opening = parens.pop();
        if (opening === undefined) this.error(`f-string: unmatched '${ch}'`);
        if ("([{"[")]}".indexOf(ch)] !== opening) {
          this.error(`f-string: closing parenthesis '${ch}' does not match opening parenthesis '${opening}'`);
        }
      }
    }
    const exprEnd = this.pos;
    if (quoteChar) this.error("f-string: unterminated string");
    if (parens.length > 0) this.error(`f-string: unmatched '${parens[parens.length - 1]}'`);
    if (this.pos >= end) this.error("f-string: expecting '}'");

    const value = this.compileExpression(bracePos, exprStart, exprEnd);

    let exprText: string | null = null;
    if (body[this.pos] === "=") {
      this.pos++;
      while (this.pos < end && " \t\n\r\f\v".includes(body[this.pos]!)) this.pos++;
      if (this.pos >= end) this.error("f-string: expecting '}'");
      exprText = body.slice(exprStart, this.pos);
    }
    let conversion = -1;
    if (body[this.pos] === "!") {
      this.pos++;
      if (this.pos >= end) this.error("f-string: expecting '}'");
      conversion = body.charCodeAt(this.pos);
      this.pos++;
      if (conversion !== 0x73 && conversion !== 0x72 && conversion !== 0x61) {
        this.error("f-string: invalid conversion character: expected 's', 'r', or 'a'");
      }
    }
    let format_spec: ast.Expr | null = null;
    if (this.pos < end && body[this.pos] === ":") {
      this.pos++;
      if (this.pos >= end) this.error("f-string: expecting '}'");
      const spec = new Builder(null);
      spec.fmode = true;
      this.concat(spec, recurseLvl + 1);
      format_spec = spec.finish(between(this.token, this.token));
    }
    if (this.pos >= end || body[this.pos] !== "}") this.error("f-string: expecting '}'");
    this.pos++;
    if (exprText !== null && format_spec === null && conversion === -1) conversion = 0x72;
    return {
      exprText,
      value: { nodeType: "FormattedValue", value, conversion, format_spec, ...between(this.first, this.last) },
    };
  }

  /** CPython's `fstring_compile_expr` and `fstring_find_expr_location`. */
  private compileExpression(bracePos: number, exprStart: number, exprEnd: number): ast.Expr {
    const text = this.body.slice(exprStart, exprEnd);
    if (/^[ \t\n\f]*$/.test(text)) this.error("f-string: empty expression not allowed");
    const tokenText = this.token.string;
    const brace = this.bodyStart + bracePos;
    let lines = 0;
    for (let k = 0; k < brace; k++) if (tokenText.charCodeAt(k) === 0x0a) lines++;
    let newlineAfterBrace = true;
    for (let k = brace + 1; k < tokenText.length && tokenText[k] !== "}" && tokenText[k] !== "\n"; k++) {
      const c = tokenText[k];
      if (c !== " " && c !== "\t" && c !== "\f") {
        newlineAfterBrace = false;
        break;
      }
    }
    let cols = 0;
    if (!newlineAfterBrace) {
      let s = brace;
      while (s > 0 && tokenText[s] !== "\n") s--;
      cols = utf8Length(tokenText, s, brace);
      if (tokenText[s] === "\n") cols -= 1;
    }
    const lineno = this.token.lineno + lines;
    const col = (lines === 0 ? this.token.col : 0) + cols;
    try {
      return parseFStringExpression(`(${text})`, lineno, col, this.charOffsets);
    } catch (e) {
      if (e instanceof PySyntaxError && !e.msg.startsWith("f-string")) {
        throw new PySyntaxError(e.type, `f-string: ${e.msg}`, e.lineno, e.offset, e.endLineno, e.endOffset);
      }
      throw e;
    }
  }
}
