/**
 * Python 3.11 tokenizer, following CPython's `Parser/tokenizer.c` rule for rule: indentation
 * with its tab consistency check, bracket nesting, line continuations, number and string
 * literal shapes, identifier validation, and the same error messages and positions.
 *
 * The whole source is tokenized up front. A tokenizer error ends the token list with an
 * ERRORTOKEN that carries the error; the parser throws it when it reaches that token, which is
 * when CPython's parser would have asked for it. The parser also inspects it after a parse
 * error of its own, because CPython lets some later tokenizer errors win (`parser.ts`).
 *
 * Columns are UTF-8 byte offsets, as in CPython's AST.
 */
import { PySyntaxError } from "./errors.js";
import { isIdentifierContinueCodePoint, isIdentifierStartCodePoint, isPrintableCodePoint } from "./unicode-tables.js";

export enum TokenType {
  ENDMARKER,
  NAME,
  NUMBER,
  STRING,
  OP,
  NEWLINE,
  INDENT,
  DEDENT,
  ERRORTOKEN,
}

export interface Token {
  type: TokenType;
  /** The token's text; for OP the operator, for STRING the literal with prefix and quotes. */
  string: string;
  lineno: number;
  /** -1 where CPython has no column (INDENT, DEDENT, ENDMARKER): errors there use `errorCol`. */
  col: number;
  endLineno: number;
  endCol: number;
  /** Bracket nesting depth after this token. */
  level: number;
  /** For tokens without a column: the tokenizer's byte column when it produced the token. */
  errorCol: number;
}

/** The tokenizer error an ERRORTOKEN stands for. */
export interface TokenizerFailure {
  error: PySyntaxError;
  /**
   * True for errors CPython's tokenizer raises itself (bad characters, literals, brackets),
   * which win over an earlier parse error; false for the ones it only signals (indentation,
   * continuation, end of file), which do not.
   */
  raised: boolean;
  /** The innermost open bracket at that point, if any. */
  openBracket: { char: string; lineno: number; col: number } | null;
}

export interface TokenizeOptions {
  /** For f-string replacement fields: line of the first line, and column shift on it. */
  startLineno?: number;
  startCol?: number;
}

const TABSIZE = 8;
const MAXINDENT = 100;
const MAXLEVEL = 200;

/**
 * Length of the operator starting with characters c0 c1 c2: CPython's PyToken_ThreeChars,
 * TwoChars and OneChar (`<>` included, which the parser then rejects).
 */
function operatorLength(c0: number, c1: number, c2: number): number {
  const eq = c1 === 0x3d; // '='
  switch (c0) {
    case 0x2a: // * ** *= **=
      if (c1 === 0x2a) return c2 === 0x3d ? 3 : 2;
      return eq ? 2 : 1;
    case 0x2f: // / // /= //=
      if (c1 === 0x2f) return c2 === 0x3d ? 3 : 2;
      return eq ? 2 : 1;
    case 0x3c: // < << <= <<= <>
      if (c1 === 0x3c) return c2 === 0x3d ? 3 : 2;
      return eq || c1 === 0x3e ? 2 : 1;
    case 0x3e: // > >> >= >>=
      if (c1 === 0x3e) return c2 === 0x3d ? 3 : 2;
      return eq ? 2 : 1;
    case 0x2e: // . ...
      return c1 === 0x2e && c2 === 0x2e ? 3 : 1;
    case 0x2d: // - -= ->
      return eq || c1 === 0x3e ? 2 : 1;
    case 0x3a: // : :=
    case 0x21: // ! !=
    case 0x25: case 0x26: case 0x2b: case 0x3d: case 0x40: case 0x5e: case 0x7c: // % & + = @ ^ |
      return eq ? 2 : 1;
    default:
      return 1;
  }
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHexDigit = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
const isAsciiLetter = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
const isIdentifierStart = (c: number) => isAsciiLetter(c) || c === 0x5f || c >= 128;
const isIdentifierChar = (c: number) => isIdentifierStart(c) || isDigit(c);


export function utf8Length(s: string, from = 0, to = s.length): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** CPython's rendering of a code point in `U+XXXX` messages. */
const hex4 = (cp: number) => cp.toString(16).toUpperCase().padStart(4, "0");

export class Tokenizer {
  readonly tokens: Token[] = [];
  failure: TokenizerFailure | null = null;

  private readonly text: string;
  private readonly ascii: boolean;
  private pos = 0;
  private lineno: number;
  private lineStart = 0;
  private prevLineStart = 0;
  private readonly firstLineno: number;
  private readonly startCol: number;

  private readonly indents = [0];
  private readonly altIndents = [0];
  private pendingIndents = 0;
  private atLineStart = true;
  private readonly brackets: { char: string; lineno: number; col: number }[] = [];

  constructor(text: string, options: TokenizeOptions = {}) {
    // CPython reads source in universal-newline mode and guarantees a final newline.
    let t = text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
    if (t.length > 0 && !t.endsWith("\n")) t += "\n";
    this.text = t;
    // eslint-disable-next-line no-control-regex
    this.ascii = !/[^\x00-\x7f]/.test(t);
    this.lineno = options.startLineno ?? 1;
    this.firstLineno = this.lineno;
    this.startCol = options.startCol ?? 0;
  }

  /** Tokenizes everything; stops after the first error (see `failure`). */
  run(): this {
    try {
      for (;;) {
        const t = this.next();
        this.tokens.push(t);
        if (t.type === TokenType.ENDMARKER) break;
      }
    } catch (e) {
      if (!(e instanceof TokenizerStop)) throw e;
      this.failure = e.failure;
      this.tokens.push({
        type: TokenType.ERRORTOKEN, string: "", lineno: e.failure.error.lineno, col: -1,
        endLineno: e.failure.error.lineno, endCol: -1, level: this.brackets.length, errorCol: -1,
      });
    }
    return this;
  }

  // ---- positions ----

  private byteCol(pos: number): number {
    const col = this.ascii || this.lineIsAscii() ? pos - this.lineStart : utf8Length(this.text, this.lineStart, pos);
    return this.lineno === this.firstLineno ? col + this.startCol : col;
  }

  private asciiLineStart = -1;
  private asciiLine = false;

  private lineIsAscii(): boolean {
    if (this.asciiLineStart !== this.lineStart) {
      this.asciiLineStart = this.lineStart;
      const text = this.text;
      let i = this.lineStart;
      let c = text.charCodeAt(i);
      while (c < 0x80 && c !== 0x0a && i < text.length) c = text.charCodeAt(++i);
      this.asciiLine = !(c >= 0x80);
    }
    return this.asciiLine;
  }

  private charCol(pos: number): number {
    let n = 0;
    for (let i = this.lineStart; i < pos; i++) {
      const c = this.text.charCodeAt(i);
      if (c < 0xd800 || c > 0xdbff) n++;
    }
    return n;
  }

  private lineText(): string {
    const end = this.text.indexOf("\n", this.lineStart);
    return this.text.slice(this.lineStart, end < 0 ? this.text.length : end);
  }

  private token(type: TokenType, start: number, end: number, lineno = this.lineno, col = this.byteCol(start)): Token {
    return {
      type, string: this.text.slice(start, end), lineno, col, endLineno: this.lineno, endCol: this.byteCol(end),
      level: this.brackets.length, errorCol: col,
    };
  }

  private positionless(type: TokenType): Token {
    if (this.pos >= this.text.length && this.lineno > this.firstLineno) {
      // At the end CPython's tokenizer is still on the last line, past its newline.
      const lineno = this.lineno - 1;
      const errorCol = utf8Length(this.text, this.prevLineStart, this.text.length);
      return { type, string: "", lineno, col: -1, endLineno: lineno, endCol: -1, level: this.brackets.length, errorCol };
    }
    return {
      type, string: "", lineno: this.lineno, col: -1, endLineno: this.lineno, endCol: -1,
      level: this.brackets.length, errorCol: this.byteCol(this.pos),
    };
  }

  // ---- errors ----

  /** CPython's `syntaxerror()`: the offset counts characters up to the tokenizer's position. */
  private raise(msg: string, at = this.pos, endOffset?: number): never {
    const offset = this.charCol(at);
    throw new TokenizerStop({
      error: new PySyntaxError("SyntaxError", msg, this.lineno, offset, this.lineno, endOffset ?? offset),
      raised: true,
      openBracket: this.brackets.at(-1) ?? null,
    });
  }

  /** Errors CPython's tokenizer only signals through `tok->done`; the parser reports them. */
  private signal(type: "SyntaxError" | "IndentationError" | "TabError", msg: string, offset: number, endOffset: number): never {
    throw new TokenizerStop({
      error: new PySyntaxError(type, msg, this.lineno, offset, this.lineno, endOffset),
      raised: false,
      openBracket: this.brackets.at(-1) ?? null,
    });
  }

  private unclosedBracketError(): PySyntaxError {
    const b = this.brackets.at(-1)!;
    return new PySyntaxError("SyntaxError", `'${b.char}' was never closed`, b.lineno, b.col + 1, b.lineno, 0);
  }

  private endOfFile(): never {
    if (this.brackets.length > 0) {
      throw new TokenizerStop({ error: this.unclosedBracketError(), raised: false, openBracket: this.brackets.at(-1)! });
    }
    this.signal("SyntaxError", "unexpected EOF while parsing", utf8Length(this.text, this.lineStart, this.text.length), -1);
  }

  // ---- scanning ----

  private newLine(pos: number): void {
    this.lineno++;
    this.prevLineStart = this.lineStart;
    this.lineStart = pos;
  }

  /** A backslash at `pos`: must be followed by a newline, and that by more input. */
  private continuation(pos: number): number {
    const text = this.text;
    if (text.charCodeAt(pos + 1) !== 0x0a) {
      this.pos = pos + 2;
      this.signal("SyntaxError", "unexpected character after line continuation character", this.charCol(pos + 2), 0);
    }
    if (pos + 2 >= text.length) {
      this.pos = pos + 2;
      this.endOfFile();
    }
    this.newLine(pos + 2);
    return pos + 2;
  }

  private next(): Token {
    const text = this.text;
    let blankLine = false;

    if (this.atLineStart) {
      this.atLineStart = false;
      let col = 0;
      let altCol = 0;
      let contLineCol = 0;
      let p = this.pos;
      for (;;) {
        const c = text.charCodeAt(p);
        if (c === 0x20) {
          col++;
          altCol++;
        } else if (c === 0x09) {
          col = (Math.floor(col / TABSIZE) + 1) * TABSIZE;
          altCol++;
        } else if (c === 0x0c) {
          col = altCol = 0;
        } else if (c === 0x5c /* \ */) {
          contLineCol = contLineCol || col;
          p = this.continuation(p) - 1;
        } else break;
        p++;
      }
      this.pos = p;
      const c = text.charCodeAt(p);
      if (c === 0x23 /* # */ || c === 0x0a) blankLine = true;
      if (!blankLine && this.brackets.length === 0) {
        if (contLineCol) col = altCol = contLineCol;
        const top = this.indents.length - 1;
        if (col === this.indents[top]) {
          if (altCol !== this.altIndents[top]) this.tabError();
        } else if (col > this.indents[top]!) {
          if (this.indents.length >= MAXINDENT) {
            this.pos = this.lineEnd();
            this.signal("IndentationError", "too many levels of indentation", 1, 0);
          }
          if (altCol <= this.altIndents[top]!) this.tabError();
          this.pendingIndents++;
          this.indents.push(col);
          this.altIndents.push(altCol);
        } else {
          while (this.indents.length > 1 && col < this.indents[this.indents.length - 1]!) {
            this.pendingIndents--;
            this.indents.pop();
            this.altIndents.pop();
          }
          if (col !== this.indents[this.indents.length - 1]) {
            this.pos = this.lineEnd();
            const offset = utf8Length(text, this.lineStart, Math.min(this.pos + 1, text.length));
            this.signal("IndentationError", "unindent does not match any outer indentation level", offset, -1);
          }
          if (altCol !== this.altIndents[this.altIndents.length - 1]) this.tabError();
        }
      }
    }

    if (this.pendingIndents !== 0) {
      if (this.pendingIndents < 0) {
        this.pendingIndents++;
        return this.positionless(TokenType.DEDENT);
      }
      this.pendingIndents--;
      return this.positionless(TokenType.INDENT);
    }

    for (;;) {
      let p = this.pos;
      let c = text.charCodeAt(p);
      while (c === 0x20 || c === 0x09 || c === 0x0c) c = text.charCodeAt(++p);
      const start = p;

      if (c === 0x23 /* # */) {
        while (p < text.length && text.charCodeAt(p) !== 0x0a) p++;
        c = text.charCodeAt(p);
      }

      if (p >= text.length) {
        this.pos = p;
        if (this.brackets.length > 0) this.endOfFile();
        return this.positionless(TokenType.ENDMARKER);
      }

      if (c === 0x0a) {
        this.pos = p + 1;
        if (blankLine || this.brackets.length > 0) {
          this.newLine(p + 1);
          this.atLineStart = true;
          return this.next();
        }
        const t = this.token(TokenType.NEWLINE, start, p);
        t.string = "\n";
        this.newLine(p + 1);
        this.atLineStart = true;
        return t;
      }

      if (c === 0x5c /* \ */) {
        this.pos = this.continuation(p);
        continue;
      }

      // Names and string prefixes.
      if (isIdentifierStart(c)) {
        let q = p;
        let sawB = false, sawR = false, sawU = false, sawF = false;
        for (;;) {
          const d = text.charCodeAt(q) | 0x20;
          if (!(sawB || sawU || sawF) && d === 0x62) sawB = true;
          else if (!(sawB || sawU || sawR || sawF) && d === 0x75) sawU = true;
          else if (!(sawR || sawU) && d === 0x72) sawR = true;
          else if (!(sawF || sawB || sawU) && d === 0x66) sawF = true;
          else break;
          q++;
          const e = text.charCodeAt(q);
          if (e === 0x22 || e === 0x27) return this.string(start, q);
        }
        let nonAscii = false;
        q = p;
        for (;;) {
          const d = text.charCodeAt(q);
          if (!isIdentifierChar(d)) break;
          if (d >= 128) nonAscii = true;
          q++;
        }
        this.pos = q;
        if (nonAscii) this.verifyIdentifier(start, q);
        return this.token(TokenType.NAME, start, q);
      }

      if (isDigit(c) || (c === 0x2e && isDigit(text.charCodeAt(p + 1)))) return this.number(start);

      if (c === 0x22 || c === 0x27) return this.string(start, start);

      // Operators.
      const len = operatorLength(c, text.charCodeAt(p + 1), text.charCodeAt(p + 2));
      this.pos = p + len;
      if (len === 1) {
        if (c === 0x28 || c === 0x5b || c === 0x7b) {
          if (this.brackets.length >= MAXLEVEL) this.raise("too many nested parentheses");
          this.brackets.push({ char: text[p]!, lineno: this.lineno, col: this.byteCol(p) - (this.lineno === this.firstLineno ? this.startCol : 0) });
        } else if (c === 0x29 || c === 0x5d || c === 0x7d) {
          const close = text[p]!;
          const open = this.brackets.pop();
          if (open === undefined) this.raise(`unmatched '${close}'`);
          if ("([{"[")]}".indexOf(close)] !== open.char) {
            const where = open.lineno !== this.lineno ? ` on line ${open.lineno}` : "";
            this.raise(`closing parenthesis '${close}' does not match opening parenthesis '${open.char}'${where}`);
          }
        } else if (c >= 128 || c < 0x20 || c === 0x7f) {
          const cp = text.codePointAt(p)!;
          if (!isPrintableCodePoint(cp)) this.raise(`invalid non-printable character U+${hex4(cp)}`);
        }
      }
      return this.token(TokenType.OP, p, p + len);
    }
  }

  private tabError(): never {
    this.pos = this.lineEnd();
    this.signal("TabError", "inconsistent use of tabs and spaces in indentation", 1, 0);
  }

  private lineEnd(): number {
    const end = this.text.indexOf("\n", this.pos);
    return end < 0 ? this.text.length : end;
  }

  private verifyIdentifier(start: number, end: number): void {
    const text = this.text;
    let i = start;
    let first = true;
    while (i < end) {
      const cp = text.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      const ok = cp < 128
        ? (first ? isIdentifierStart(cp) : isIdentifierChar(cp))
        : (first ? isIdentifierStartCodePoint(cp) : isIdentifierContinueCodePoint(cp));
      const next = i + ch.length;
      if (!ok) {
        // CPython checks the NFKC form's first character the same way; report at the character.
        this.pos = next;
        if (isPrintableCodePoint(cp)) this.raise(`invalid character '${ch}' (U+${hex4(cp)})`);
        this.raise(`invalid non-printable character U+${hex4(cp)}`);
      }
      first = false;
      i = next;
    }
  }

  private decimalTail(p: number): number {
    const text = this.text;
    for (;;) {
      while (isDigit(text.charCodeAt(p))) p++;
      if (text.charCodeAt(p) !== 0x5f) return p;
      p++;
      if (!isDigit(text.charCodeAt(p))) this.raise("invalid decimal literal", p);
    }
  }

  /**
   * CPython's `verify_end_of_number`: a letter right after a number is an error, except the
   * keywords that may follow a number in valid code (`1if x else y`).
   */
  private endOfNumber(p: number, kind: string): void {
    const text = this.text;
    const c = text.charCodeAt(p);
    const rest = text.slice(p, p + 4);
    const keyword =
      rest.startsWith("and") || rest.startsWith("else") || rest.startsWith("for") || rest.startsWith("if") ||
      rest.startsWith("in") || rest.startsWith("is") || rest.startsWith("or") || rest.startsWith("not");
    // A non-ASCII character ends the number and is then judged as the start of a name.
    if (!keyword && c < 128 && isIdentifierChar(c)) this.raise(`invalid ${kind} literal`, p);
  }

  private number(start: number): Token {
    const text = this.text;
    let p = start;
    const c = text.charCodeAt(p);
    const radix = (valid: (c: number) => boolean, kind: string, badDigit: boolean) => {
      p += 2;
      do {
        if (text.charCodeAt(p) === 0x5f) p++;
        const d = text.charCodeAt(p);
        if (!valid(d)) {
          if (badDigit && isDigit(d)) this.raise(`invalid digit '${text[p]}' in ${kind} literal`, p + 1);
          this.raise(`invalid ${kind} literal`, p);
        }
        while (valid(text.charCodeAt(p))) p++;
      } while (text.charCodeAt(p) === 0x5f);
      if (badDigit && isDigit(text.charCodeAt(p))) this.raise(`invalid digit '${text[p]}' in ${kind} literal`, p + 1);
      this.endOfNumber(p, kind);
    };
    const x = text.charCodeAt(p + 1) | 0x20;
    if (c === 0x30 && x === 0x78) radix(isHexDigit, "hexadecimal", false);
    else if (c === 0x30 && x === 0x6f) radix((d) => d >= 0x30 && d <= 0x37, "octal", true);
    else if (c === 0x30 && x === 0x62) radix((d) => d === 0x30 || d === 0x31, "binary", true);
    else {
      let isFloatOrImag = false;
      if (c === 0x30) {
        // Zeros, then maybe an old-style octal (an error) unless it turns out to be a float.
        p++;
        for (;;) {
          if (text.charCodeAt(p) === 0x5f) {
            p++;
            if (!isDigit(text.charCodeAt(p))) this.raise("invalid decimal literal", p);
          }
          if (text.charCodeAt(p) !== 0x30) break;
          p++;
        }
        const zerosEnd = p;
        let nonzero = false;
        if (isDigit(text.charCodeAt(p))) {
          nonzero = true;
          p = this.decimalTail(p);
        }
        const d = text.charCodeAt(p);
        if (d === 0x2e || d === 0x65 || d === 0x45 || d === 0x6a || d === 0x4a) isFloatOrImag = true;
        else if (nonzero) {
          this.raise(
            "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
            start + 1, this.charCol(zerosEnd + 1),
          );
        } else this.endOfNumber(p, "decimal");
      } else if (c !== 0x2e) {
        p = this.decimalTail(p);
        isFloatOrImag = true;
      } else isFloatOrImag = true;
      if (isFloatOrImag) {
        let d = text.charCodeAt(p);
        if (d === 0x2e) {
          p++;
          if (isDigit(text.charCodeAt(p))) p = this.decimalTail(p);
          d = text.charCodeAt(p);
        }
        let exponentDone = false;
        if (d === 0x65 || d === 0x45) {
          const e = p;
          p++;
          const s = text.charCodeAt(p);
          if (s === 0x2b || s === 0x2d) {
            p++;
            if (!isDigit(text.charCodeAt(p))) this.raise("invalid decimal literal", p);
          } else if (!isDigit(s)) {
            // `1else`: the `e` starts the next token.
            this.endOfNumber(e, "decimal");
            p = e;
            exponentDone = true;
          }
          if (!exponentDone) p = this.decimalTail(p);
          d = text.charCodeAt(p);
        }
        if (!exponentDone) {
          if (d === 0x6a || d === 0x4a) {
            p++;
            this.endOfNumber(p, "imaginary");
          } else this.endOfNumber(p, "decimal");
        }
      }
    }
    this.pos = p;
    return this.token(TokenType.NUMBER, start, p);
  }

  /** A string literal whose prefix starts at `start` and whose quote is at `quoteAt`. */
  private string(start: number, quoteAt: number): Token {
    const text = this.text;
    const quote = text.charCodeAt(quoteAt);
    const startLineno = this.lineno;
    const startCol = this.byteCol(start);
    const startLineStart = this.lineStart;
    let p = quoteAt + 1;
    let quoteSize = 1;
    if (text.charCodeAt(p) === quote && text.charCodeAt(p + 1) === quote) {
      quoteSize = 3;
      p += 2;
    }
    let endQuotes = 0;
    while (endQuotes !== quoteSize) {
      const c = text.charCodeAt(p);
      if (p >= text.length || (quoteSize === 1 && c === 0x0a)) {
        // At the end of input CPython's line count has not moved past the final newline.
        const detectedAt = p >= text.length ? this.lineno - 1 : this.lineno;
        this.lineno = startLineno;
        this.lineStart = startLineStart;
        const kind = quoteSize === 3 ? "unterminated triple-quoted string literal" : "unterminated string literal";
        this.raise(`${kind} (detected at line ${Math.max(detectedAt, startLineno)})`, start + 1);
      }
      p++;
      if (c === quote) endQuotes++;
      else {
        endQuotes = 0;
        if (c === 0x5c /* \ */) {
          const d = text.charCodeAt(p);
          p++;
          if (d === 0x0a) this.newLine(p);
        } else if (c === 0x0a) this.newLine(p);
      }
    }
    this.pos = p;
    return this.token(TokenType.STRING, start, p, startLineno, startCol);
  }
}

class TokenizerStop extends Error {
  constructor(readonly failure: TokenizerFailure) {
    super(failure.error.msg);
  }
}

export function tokenize(text: string, options?: TokenizeOptions): Tokenizer {
  return new Tokenizer(text, options).run();
}
