/**
 * Python 3.11 parser: recursive descent over the tokenizer's tokens, producing CPython's `ast`
 * node for node with the same positions (`dump.ts` output equals `ast.dump`).
 *
 * CPython's PEG parser makes two passes: a fast one, and on failure a second one with extra
 * `invalid_*` rules that name the mistake. Here both happen in one pass: where the grammar
 * fails, the parser looks at what is in front of it (backtracking over the token array where
 * CPython's rules would) and raises the message CPython's second pass would. A failure with
 * no better explanation is "invalid syntax" at the furthest token read, as CPython reports it.
 */
import type * as ast from "./ast.js";
import { Ellipsis, Imaginary } from "./ast.js";
import { PySyntaxError, type SyntaxErrorType } from "./errors.js";
import { parseStrings, StringLiteralError, type StringToken } from "./fstring.js";
import { numberValue } from "./literals.js";
import { decodeSource } from "./source.js";
import { exprName, invalidTarget, setContext, type TargetKind } from "./targets.js";
import { TokenType, tokenize, utf8Length, type Token, type TokenizerFailure } from "./tokenizer.js";

const { NAME, NUMBER, STRING, OP, NEWLINE, INDENT, DEDENT, ENDMARKER, ERRORTOKEN } = TokenType;

const KEYWORDS = new Set([
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
  "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
  "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
]);
/** Keywords that can begin an expression. */
const EXPRESSION_KEYWORDS = new Set(["None", "True", "False", "not", "lambda", "await"]);
const EXPRESSION_START_OPS = new Set(["(", "[", "{", "-", "+", "~", "*", "..."]);
const SOFT_KEYWORDS = new Set(["match", "case", "_"]);

const AUGASSIGN: Record<string, ast.Operator> = {
  "+=": "Add", "-=": "Sub", "*=": "Mult", "@=": "MatMult", "/=": "Div", "%=": "Mod", "&=": "BitAnd",
  "|=": "BitOr", "^=": "BitXor", "<<=": "LShift", ">>=": "RShift", "**=": "Pow", "//=": "FloorDiv",
};
const TERM_OPS: Record<string, ast.Operator> = { "*": "Mult", "/": "Div", "//": "FloorDiv", "%": "Mod", "@": "MatMult" };
const COMPARE_OPS: Record<string, ast.CmpOperator> = {
  "==": "Eq", "!=": "NotEq", "<": "Lt", "<=": "LtE", ">": "Gt", ">=": "GtE",
};

/** A parse error, before the adjustments `parse()` makes to match CPython's choice of error. */
class ParseFailure extends Error {
  constructor(readonly error: PySyntaxError, readonly overridable = true) {
    super(error.msg);
  }
}

/** A tokenizer error met while reading tokens: reported as it is. */
class TokenizerHit extends Error {
  constructor(readonly error: PySyntaxError) {
    super(error.msg);
  }
}

interface Start {
  lineno: number;
  col: number;
}


export interface ParseOptions {
  /** Position of the f-string replacement field being parsed (internal). */
  fstring?: { lineno: number; col: number };
}

/** Parses a module. Throws PySyntaxError (or its IndentationError/TabError kinds). */
export function parse(source: Uint8Array | string, filename = "<unknown>"): ast.Module {
  const decoded = decodeSource(source);
  const parser = new Parser(decoded.text, typeof source === "string" || decoded.declared);
  return parser.run(() => parser.file());
}

/** Parses the text of an f-string replacement field, `(expr)`, at the given position. */
export function parseFStringExpression(text: string, lineno: number, col: number, charOffsets: boolean): ast.Expr {
  const parser = new Parser(text, charOffsets, { lineno, col });
  return parser.run(() => parser.fstringExpression());
}

class Parser {
  private readonly tokens: Token[];
  private readonly failure: TokenizerFailure | null;
  private i = 0;
  /** Index of the furthest token read: where CPython reports "invalid syntax". */
  private fetched = 0;
  /** The furthest token read including error probes (CPython's second pass). */
  private readAhead = 0;
  /** The last token consumed that is not NEWLINE/INDENT/DEDENT: where nodes end. */
  private prev!: Token;
  private readonly parenthesized = new WeakSet<ast.Expr>();
  private lines: string[] | null = null;

  constructor(
    private readonly text: string,
    /** CPython reports parse error columns in characters when it knows the encoding, else bytes. */
    private readonly charOffsets: boolean,
    private readonly fstring?: { lineno: number; col: number },
  ) {
    const t = tokenize(text, fstring ? { startLineno: fstring.lineno, startCol: fstring.col } : {});
    this.tokens = t.tokens;
    this.failure = t.failure;
  }

  run<T>(body: () => T): T {
    try {
      return body();
    } catch (e) {
      if (e instanceof TokenizerHit) throw e.error;
      if (!(e instanceof ParseFailure)) throw e;
      throw this.finalError(e);
    }
  }

  /**
   * CPython reads the rest of the source after a parse error, and a tokenizer error found
   * there replaces it; an unclosed bracket does too when it was opened before the line where
   * parsing stopped.
   */
  private finalError(f: ParseFailure): PySyntaxError {
    const failure = this.failure;
    if (f.overridable && failure !== null) {
      if (failure.raised) return failure.error;
      const b = failure.openBracket;
      const lastLine = this.tokens[Math.max(this.fetched, this.readAhead)]!.lineno;
      if (b !== null && b.lineno < lastLine) {
        return new PySyntaxError("SyntaxError", `'${b.char}' was never closed`, b.lineno, b.col + 1, b.lineno, 0);
      }
    }
    return this.toCharOffsets(f.error);
  }

  private toCharOffsets(e: PySyntaxError): PySyntaxError {
    if (this.fstring) {
      // CPython reports errors in a replacement field relative to the field's own text.
      const shift = (o: number | null) => (o !== null && o > 0 ? o - this.fstring!.col : o);
      return new PySyntaxError(e.type, e.msg, e.lineno, shift(e.offset)!, e.endLineno, shift(e.endOffset));
    }
    if (!this.charOffsets) return e;
    const convert = (lineno: number | null, offset: number | null) => {
      if (lineno === null || offset === null || offset <= 0) return offset;
      this.lines ??= this.text.split(/\r\n|\r|\n/);
      const line = this.lines[lineno - 1];
      if (line === undefined) return offset;
      const bytes = new TextEncoder().encode(line + "\n").subarray(0, offset);
      return [...new TextDecoder().decode(bytes)].length;
    };
    return new PySyntaxError(e.type, e.msg, e.lineno, convert(e.lineno, e.offset)!, e.endLineno, convert(e.endLineno, e.endOffset));
  }

  // ---------------------------------------------------------------------------------------------
  // Tokens

  private peek(k = 0): Token {
    let idx = this.i + k;
    if (idx >= this.tokens.length) idx = this.tokens.length - 1;
    if (idx > this.fetched) this.fetched = idx;
    const t = this.tokens[idx]!;
    if (t.type === ERRORTOKEN) throw new TokenizerHit(this.failure!.error);
    return t;
  }

  private at(s: string): boolean {
    const t = this.peek();
    return t.string === s && (t.type === OP || t.type === NAME);
  }

  private atKeyword(s: string): boolean {
    const t = this.peek();
    return t.type === NAME && t.string === s;
  }

  private advance(): Token {
    const t = this.peek();
    this.i++;
    if (t.type !== NEWLINE && t.type !== INDENT && t.type !== DEDENT && t.type !== ENDMARKER) this.prev = t;
    return t;
  }

  private accept(s: string): Token | null {
    return this.at(s) ? this.advance() : null;
  }

  private expect(s: string): Token {
    if (this.at(s)) return this.advance();
    this.fail();
  }

  /** `&&'x'` in CPython's grammar: a missing token is named. */
  private expectForced(s: string): Token {
    if (this.at(s)) return this.advance();
    this.errorAtToken(this.peek(), `expected '${s}'`);
  }

  private name(): Token {
    const t = this.peek();
    if (t.type !== NAME || KEYWORDS.has(t.string)) this.fail();
    return this.advance();
  }

  private identifier(t: Token): string {
    // CPython stores identifiers NFKC-normalized (PEP 3131).
    const s = t.string;
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 128) return s.normalize("NFKC");
    return s;
  }

  // ---------------------------------------------------------------------------------------------
  // Errors

  /** CPython's `_PyPegen_raise_error` location rule for a token. */
  private tokenError(t: Token, msg: string, type: SyntaxErrorType = "SyntaxError"): PySyntaxError {
    const offset = t.col === -1 ? t.errorCol : t.col + 1;
    const endOffset = t.endCol === -1 ? -1 : t.endCol + 1;
    return new PySyntaxError(type, msg, t.lineno, offset, t.endLineno, endOffset);
  }

  private errorAtToken(t: Token, msg: string, type: SyntaxErrorType = "SyntaxError"): never {
    throw new ParseFailure(this.tokenError(t, msg, type));
  }

  /** RAISE_SYNTAX_ERROR: at the last token read. */
  private errorHere(msg: string, type: SyntaxErrorType = "SyntaxError"): never {
    this.errorAtToken(this.tokens[this.fetched]!, msg, type);
  }

  private errorAt(n: ast.Located, msg: string): never {
    this.errorRange(n, n, msg);
  }

  private errorRange(a: ast.Located, b: ast.Located, msg: string): never {
    throw new ParseFailure(
      new PySyntaxError("SyntaxError", msg, a.lineno, a.col_offset + 1, b.end_lineno, b.end_col_offset + 1),
    );
  }

  private tokenRange(a: Token, b: Token, msg: string): never {
    throw new ParseFailure(new PySyntaxError("SyntaxError", msg, a.lineno, a.col + 1, b.endLineno, b.endCol + 1));
  }

  /** No rule applies: "invalid syntax" at the furthest token read. */
  private fail(): never {
    const t = this.tokens[this.fetched]!;
    if (t.type === INDENT) throw new ParseFailure(this.tokenError(t, "unexpected indent", "IndentationError"), false);
    if (t.type === DEDENT) throw new ParseFailure(this.tokenError(t, "unexpected unindent", "IndentationError"), false);
    this.errorAtToken(t, "invalid syntax");
  }

  /** Runs `body` as a lookahead: the position is restored, and a failure gives null. */
  private attempt<T>(body: () => T): T | null {
    const save = this.i;
    const prev = this.prev;
    try {
      return body();
    } catch (e) {
      if (!(e instanceof ParseFailure)) throw e;
      return null;
    } finally {
      this.i = save;
      this.prev = prev;
    }
  }

  /**
   * A lookahead made only to name an error (CPython's second pass): it does not move where
   * "invalid syntax" is reported, which is decided by the first pass.
   */
  private probe<T>(body: () => T): T | null {
    const fetched = this.fetched;
    try {
      return this.attempt(body);
    } finally {
      this.readAhead = Math.max(this.readAhead, this.fetched);
      this.fetched = fetched;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Statements

  file(): ast.Module {
    const body: ast.Stmt[] = [];
    while (this.peek().type !== ENDMARKER) this.statement(body);
    return { nodeType: "Module", body, type_ignores: [] };
  }

  fstringExpression(): ast.Expr {
    const e = this.starExpressions();
    if (this.peek().type !== NEWLINE) this.fail();
    return e;
  }

  private statement(out: ast.Stmt[]): void {
    const t = this.peek();
    if (t.type === NAME) {
      switch (t.string) {
        case "if": out.push(this.ifStatement()); return;
        case "while": out.push(this.whileStatement()); return;
        case "for": out.push(this.forStatement(null)); return;
        case "try": out.push(this.tryStatement()); return;
        case "with": out.push(this.withStatement(null)); return;
        case "def": out.push(this.functionDef([], null)); return;
        case "class": out.push(this.classDef([])); return;
        case "async": out.push(this.asyncStatement([])); return;
        case "match": {
          const m = this.matchStatement();
          if (m !== null) {
            out.push(m);
            return;
          }
          break;
        }
      }
    } else if (t.type === OP && t.string === "@") {
      out.push(this.decorated());
      return;
    }
    this.simpleStatements(out);
  }

  private simpleStatements(out: ast.Stmt[]): void {
    for (;;) {
      out.push(this.simpleStatement());
      if (this.peek().type === NEWLINE) break;
      if (!this.accept(";")) this.fail();
      if (this.peek().type === NEWLINE) break;
    }
    this.advance();
  }

  /** A block after `header:`; `what` names the header for CPython's indentation message. */
  private block(keyword: Token, what: string): ast.Stmt[] {
    const body: ast.Stmt[] = [];
    if (this.peek().type !== NEWLINE) {
      this.simpleStatements(body);
      return body;
    }
    this.advance();
    if (this.peek().type !== INDENT) {
      throw new ParseFailure(
        this.tokenError(this.peek(), `expected an indented block after ${what} on line ${keyword.lineno}`, "IndentationError"),
      );
    }
    this.advance();
    do this.statement(body);
    while (this.peek().type !== DEDENT);
    this.advance();
    return body;
  }

  /** The ':' of a compound statement header. CPython names it only before a line end. */
  private colon(): void {
    if (this.accept(":")) return;
    if (this.peek().type === NEWLINE) this.errorHere("expected ':'");
    this.fail();
  }

  /** A compound statement ends at its last token that is not a NEWLINE/INDENT/DEDENT. */
  private lastEnd(): ast.Located {
    const t = this.prev;
    return { lineno: t.lineno, col_offset: t.col, end_lineno: t.endLineno, end_col_offset: t.endCol };
  }

  private ifStatement(): ast.If {
    const kw = this.advance();
    const test = this.namedExpression();
    this.colon();
    const body = this.block(kw, `'${kw.string}' statement`);
    let orelse: ast.Stmt[] = [];
    if (this.atKeyword("elif")) orelse = [this.ifStatement()];
    else if (this.atKeyword("else")) orelse = this.elseBlock();
    const end = this.lastEnd();
    return {
      nodeType: "If", test, body, orelse,
      lineno: kw.lineno, col_offset: kw.col, end_lineno: end.end_lineno, end_col_offset: end.end_col_offset,
    };
  }

  private elseBlock(): ast.Stmt[] {
    const kw = this.advance();
    this.expectForced(":");
    return this.block(kw, "'else' statement");
  }

  private whileStatement(): ast.While {
    const kw = this.advance();
    const test = this.namedExpression();
    this.colon();
    const body = this.block(kw, "'while' statement");
    const orelse = this.atKeyword("else") ? this.elseBlock() : [];
    const end = this.lastEnd();
    return {
      nodeType: "While", test, body, orelse,
      lineno: kw.lineno, col_offset: kw.col, end_lineno: end.end_lineno, end_col_offset: end.end_col_offset,
    };
  }

  private forStatement(asyncTok: Token | null): ast.For | ast.AsyncFor {
    const kw = this.advance();
    const target = this.targets("for");
    if (!this.atKeyword("in")) this.fail();
    this.advance();
    const iter = this.starExpressions();
    this.colon();
    const body = this.block(kw, "'for' statement");
    const orelse = this.atKeyword("else") ? this.elseBlock() : [];
    const end = this.lastEnd();
    const start = asyncTok ?? kw;
    return {
      nodeType: asyncTok ? "AsyncFor" : "For", target, iter, body, orelse, type_comment: null,
      lineno: start.lineno, col_offset: start.col, end_lineno: end.end_lineno, end_col_offset: end.end_col_offset,
    };
  }

  private tryStatement(): ast.Try | ast.TryStar {
    const kw = this.advance();
    this.expectForced(":");
    const body = this.block(kw, "'try' statement");
    const handlers: ast.ExceptHandler[] = [];
    let star: boolean | null = null;
    while (this.atKeyword("except")) {
      const ex = this.advance();
      const isStar = this.accept("*") !== null;
      if (star !== null && star !== isStar) {
        this.errorHere("cannot have both 'except' and 'except*' on the same 'try'");
      }
      star = isStar;
      let type: ast.Expr | null = null;
      let name: string | null = null;
      if (!this.at(":")) {
        if (this.peek().type === NEWLINE && !isStar) this.errorHere("expected ':'");
        type = this.expression();
        if (this.at(",")) {
          // `except A, B:` needs parentheses in Python 3.
          const first = type;
          this.advance();
          const rest = this.probe(() => this.expressions());
          if (rest !== null) this.errorRange(first, rest, "multiple exception types must be parenthesized");
          this.fail();
        }
        if (this.acceptKeyword("as")) name = this.identifier(this.name());
      } else if (isStar) {
        this.errorHere("expected one or more exception types");
      }
      this.colon();
      const hbody = this.block(ex, isStar ? "'except*' statement" : "'except' statement");
      const end = this.lastEnd();
      handlers.push({
        nodeType: "ExceptHandler", type, name, body: hbody,
        lineno: ex.lineno, col_offset: ex.col, end_lineno: end.end_lineno, end_col_offset: end.end_col_offset,
      });
    }
    let orelse: ast.Stmt[] = [];
    if (handlers.length > 0 && this.atKeyword("else")) orelse = this.elseBlock();
    let finalbody: ast.Stmt[] = [];
    if (this.atKeyword("finally")) {
      const fin = this.advance();
      this.expectForced(":");
      finalbody = this.block(fin, "'finally' statement");
    }
    if (handlers.length === 0 && finalbody.length === 0) this.errorHere("expected 'except' or 'finally' block");
    const end = this.lastEnd();
    return {
      nodeType: star ? "TryStar" : "Try", body, handlers, orelse, finalbody,
      lineno: kw.lineno, col_offset: kw.col, end_lineno: end.end_lineno, end_col_offset: end.end_col_offset,
    };
  }

  private acceptKeyword(s: string): boolean {
    if (!this.atKeyword(s)) return false;
    this.advance();
    return true;
  }

  private withStatement(asyncTok: Token | null): ast.With | ast.AsyncWith {
    const kw = this.advance();
    let items: ast.WithItem[] | null = null;
    if (this.at("(")) {
      // `with (a as b, c):` — unless the parenthesis is part of the first expression.
      items = this.attempt(() => {
        this.advance();
        const list = [this.withItem()];
        while (this.accept(",")) {
          if (this.at(")")) break;
          list.push(this.withItem());
        }
        this.expect(")");
        if (!this.at(":")) this.fail();
        return list;
      });
      if (items !== null) {
        // Consume what the lookahead read.
        this.advance();
        for (let k = 0; k < items.length; k++) {
          this.withItem();
          if (!this.accept(",")) break;
        }
        this.accept(",");
        this.expect(")");
      }
    }
    if (items === null) {
      items = [this.withItem()];
      while (this.accept(",")) items.push(this.withItem());
    }
    this.colon();
    const body = this.block(kw, "'with' statement");
    const end = this.lastEnd();
    const start = asyncTok ?? kw;
    return {
      nodeType: asyncTok ? "AsyncWith" : "With", items, body, type_comment: null,
      lineno: start.lineno, col_offset: start.col, end_lineno: end.end_lineno, end_col_offset: end.end_col_offset,
    };
  }

  private withItem(): ast.WithItem {
    const context_expr = this.expression();
    let optional_vars: ast.Expr | null = null;
    if (this.acceptKeyword("as")) {
      optional_vars = this.target("star");
    }
    return { nodeType: "withitem", context_expr, optional_vars };
  }

  private asyncStatement(decorators: ast.Expr[]): ast.Stmt {
    const asyncTok = this.advance();
    const t = this.peek();
    if (t.type === NAME) {
      if (t.string === "def") return this.functionDef(decorators, asyncTok);
      if (decorators.length === 0 && t.string === "for") return this.forStatement(asyncTok);
      if (decorators.length === 0 && t.string === "with") return this.withStatement(asyncTok);
    }
    this.fail();
  }

  private decorated(): ast.Stmt {
    const decorators: ast.Expr[] = [];
    while (this.accept("@")) {
      decorators.push(this.namedExpression());
      if (this.peek().type !== NEWLINE) this.fail();
      this.advance();
    }
    const t = this.peek();
    if (t.type === NAME) {
      if (t.string === "def") return this.functionDef(decorators, null);
      if (t.string === "class") return this.classDef(decorators);
      if (t.string === "async") return this.asyncStatement(decorators);
    }
    this.fail();
  }

  private functionDef(decorator_list: ast.Expr[], asyncTok: Token | null): ast.FunctionDef | ast.AsyncFunctionDef {
    const kw = this.advance();
    const name = this.identifier(this.name());
    this.expectForced("(");
    const args = this.parameters(")", true);
    this.expect(")");
    let returns: ast.Expr | null = null;
    if (this.accept("->")) returns = this.expression();
    this.expectForced(":");
    const body = this.block(kw, "function definition");
    const end = this.lastEnd();
    const start = asyncTok ?? kw;
    return {
      nodeType: asyncTok ? "AsyncFunctionDef" : "FunctionDef", name, args, body, decorator_list, returns,
      type_comment: null,
      lineno: start.lineno, col_offset: start.col, end_lineno: end.end_lineno, end_col_offset: end.end_col_offset,
    };
  }

  private classDef(decorator_list: ast.Expr[]): ast.ClassDef {
    const kw = this.advance();
    const name = this.identifier(this.name());
    let bases: ast.Expr[] = [];
    let keywords: ast.Keyword[] = [];
    if (this.accept("(")) {
      if (!this.at(")")) ({ args: bases, keywords } = this.callArguments());
      this.expect(")");
    }
    this.colon();
    const body = this.block(kw, "class definition");
    const end = this.lastEnd();
    return {
      nodeType: "ClassDef", name, bases, keywords, body, decorator_list,
      lineno: kw.lineno, col_offset: kw.col, end_lineno: end.end_lineno, end_col_offset: end.end_col_offset,
    };
  }

  /**
   * Parameters of a `def` (with annotations) or a `lambda` (without), up to `close`.
   * CPython's grammar rules out bad orders; the checks below give its messages.
   */
  private parameters(close: string, annotations: boolean): ast.Arguments {
    const posonlyargs: ast.Arg[] = [];
    let args: ast.Arg[] = [];
    const defaults: ast.Expr[] = [];
    let vararg: ast.Arg | null = null;
    const kwonlyargs: ast.Arg[] = [];
    const kw_defaults: (ast.Expr | null)[] = [];
    let kwarg: ast.Arg | null = null;
    let sawSlash = false;
    let sawStar = false;
    let starTok: Token | null = null;

    const param = (starred: boolean): ast.Arg => {
      const t = this.name();
      let annotation: ast.Expr | null = null;
      if (annotations && this.accept(":")) {
        annotation = starred && this.at("*") ? this.starExpression() : this.expression();
      }
      return {
        nodeType: "arg", arg: this.identifier(t), annotation, type_comment: null,
        lineno: t.lineno, col_offset: t.col, end_lineno: this.prev.endLineno, end_col_offset: this.prev.endCol,
      };
    };

    while (!this.at(close)) {
      if (kwarg !== null) {
        if (this.peek().type === NAME || this.at("*") || this.at("/")) {
          this.errorAtToken(this.peek(), "arguments cannot follow var-keyword argument");
        }
        this.fail();
      }
      const t = this.peek();
      if (t.type === OP && t.string === "/") {
        if (sawSlash) this.errorAtToken(t, "/ may appear only once");
        if (sawStar) this.errorAtToken(t, "/ must be ahead of *");
        if (args.length === 0) this.errorAtToken(t, "at least one argument must precede /");
        this.advance();
        sawSlash = true;
        posonlyargs.push(...args);
        args = [];
      } else if (t.type === OP && t.string === "*") {
        if (sawStar) this.errorAtToken(t, "* argument may appear only once");
        this.advance();
        sawStar = true;
        starTok = t;
        if (!this.at(",") && !this.at(close)) {
          vararg = param(true);
          if (this.at("=")) this.errorAtToken(this.peek(), "var-positional argument cannot have default value");
        }
      } else if (t.type === OP && t.string === "**") {
        this.advance();
        kwarg = param(false);
        if (this.at("=")) this.errorAtToken(this.peek(), "var-keyword argument cannot have default value");
      } else {
        const p = param(false);
        let dflt: ast.Expr | null = null;
        if (this.accept("=")) dflt = this.expression();
        if (sawStar) {
          kwonlyargs.push(p);
          kw_defaults.push(dflt);
        } else {
          if (dflt !== null) defaults.push(dflt);
          else if (defaults.length > 0) this.errorAt(p, "non-default argument follows default argument");
          args.push(p);
        }
      }
      if (!this.accept(",")) break;
    }
    if (sawStar && vararg === null && kwonlyargs.length === 0) {
      this.errorAtToken(starTok!, "named arguments must follow bare *");
    }
    if (!this.at(close)) {
      // `def f(a b)` and friends; CPython then also reads the rest as an expression.
      this.fail();
    }
    return { nodeType: "arguments", posonlyargs, args, vararg, kwonlyargs, kw_defaults, kwarg, defaults };
  }

  private matchStatement(): ast.Match | null {
    const kw = this.peek();
    // `match` is a keyword only where a match statement parses.
    const subject = this.attempt(() => {
      this.advance();
      const s = this.matchSubject();
      if (!this.at(":")) {
        if (this.peek().type === NEWLINE) return "newline" as const;
        return null;
      }
      return s;
    });
    if (subject === null || subject === "newline") {
      if (subject === "newline") {
        const asStatement = this.attempt(() => {
          const out: ast.Stmt[] = [];
          this.simpleStatements(out);
          return out;
        });
        if (asStatement === null) {
          this.advance();
          this.matchSubject();
          this.errorHere("expected ':'");
        }
      }
      return null;
    }
    this.advance();
    this.matchSubject();
    this.advance();
    if (this.peek().type !== NEWLINE) this.fail();
    this.advance();
    if (this.peek().type !== INDENT) {
      throw new ParseFailure(
        this.tokenError(this.peek(), `expected an indented block after 'match' statement on line ${kw.lineno}`, "IndentationError"),
      );
    }
    this.advance();
    const cases: ast.MatchCase[] = [];
    do {
      const c = this.peek();
      if (c.type !== NAME || c.string !== "case") this.fail();
      this.advance();
      const pattern = this.patterns();
      let guard: ast.Expr | null = null;
      if (this.acceptKeyword("if")) guard = this.namedExpression();
      this.colon();
      const body = this.block(c, "'case' statement");
      cases.push({ nodeType: "match_case", pattern, guard, body });
    } while (this.peek().type !== DEDENT);
    this.advance();
    const end = this.lastEnd();
    return {
      nodeType: "Match", subject, cases,
      lineno: kw.lineno, col_offset: kw.col, end_lineno: end.end_lineno, end_col_offset: end.end_col_offset,
    };
  }

  private matchSubject(): ast.Expr {
    const start = this.peek();
    const first = this.starNamedExpression();
    if (!this.at(",")) {
      if (first.nodeType === "Starred") this.fail();
      return first;
    }
    const elts = [first];
    while (this.accept(",")) {
      if (this.at(":") || this.peek().type === NEWLINE) break;
      elts.push(this.starNamedExpression());
    }
    return this.tuple(elts, start, "Load");
  }

  private simpleStatement(): ast.Stmt {
    const t = this.peek();
    if (t.type === NAME) {
      switch (t.string) {
        case "pass": this.advance(); return { nodeType: "Pass", ...this.tokenLoc(t) };
        case "break": this.advance(); return { nodeType: "Break", ...this.tokenLoc(t) };
        case "continue": this.advance(); return { nodeType: "Continue", ...this.tokenLoc(t) };
        case "return": {
          this.advance();
          const value = this.atStatementEnd() ? null : this.starExpressions();
          return this.stmt({ nodeType: "Return", value }, t);
        }
        case "raise": {
          this.advance();
          let exc: ast.Expr | null = null;
          let cause: ast.Expr | null = null;
          if (!this.atStatementEnd()) {
            exc = this.expression();
            if (this.acceptKeyword("from")) cause = this.expression();
          }
          return this.stmt({ nodeType: "Raise", exc, cause }, t);
        }
        case "global":
        case "nonlocal": {
          this.advance();
          const names = [this.identifier(this.name())];
          while (this.accept(",")) names.push(this.identifier(this.name()));
          return this.stmt({ nodeType: t.string === "global" ? "Global" : "Nonlocal", names }, t);
        }
        case "del": return this.delStatement();
        case "assert": {
          this.advance();
          const test = this.expression();
          const msg = this.accept(",") ? this.expression() : null;
          return this.stmt({ nodeType: "Assert", test, msg }, t);
        }
        case "import": return this.importStatement();
        case "from": return this.importFrom();
      }
    }
    return this.expressionStatement();
  }

  private atStatementEnd(): boolean {
    const t = this.peek();
    return t.type === NEWLINE || (t.type === OP && t.string === ";");
  }

  private tokenLoc(t: Token): ast.Located {
    return { lineno: t.lineno, col_offset: t.col, end_lineno: t.endLineno, end_col_offset: t.endCol };
  }

  /** Completes a statement that started at `t` and ends at the last token read. */
  private stmt<T extends object>(fields: T, t: Start): T & ast.Located {
    const p = this.prev;
    return Object.assign(fields, { lineno: t.lineno, col_offset: t.col, end_lineno: p.endLineno, end_col_offset: p.endCol });
  }

  private delStatement(): ast.Delete {
    const kw = this.advance();
    const targets: ast.Expr[] = [];
    const checkTarget = (e: ast.Expr) => {
      const bad = invalidTarget(e, "del");
      if (bad !== null) this.errorAt(bad, `cannot delete ${exprName(bad)}`);
      setContext(e, "Del");
    };
    for (;;) {
      const e = this.starExpression();
      checkTarget(e);
      targets.push(e);
      if (!this.accept(",")) break;
      if (this.atStatementEnd()) break;
    }
    if (!this.atStatementEnd()) this.fail();
    return this.stmt({ nodeType: "Delete", targets }, kw);
  }

  private dottedName(): { name: string; first: Token } {
    const first = this.name();
    let name = this.identifier(first);
    while (this.accept(".")) name += "." + this.identifier(this.name());
    return { name, first };
  }

  private importStatement(): ast.Import {
    const kw = this.advance();
    const names: ast.Alias[] = [];
    do {
      const { name, first } = this.dottedName();
      const asname = this.acceptKeyword("as") ? this.identifier(this.name()) : null;
      names.push(this.stmt({ nodeType: "alias", name, asname }, first) as ast.Alias);
    } while (this.accept(","));
    return this.stmt({ nodeType: "Import", names }, kw);
  }

  private importFrom(): ast.ImportFrom {
    const kw = this.advance();
    let level = 0;
    for (;;) {
      if (this.accept(".")) level += 1;
      else if (this.accept("...")) level += 3;
      else break;
    }
    let module: string | null = null;
    if (!this.atKeyword("import")) module = this.dottedName().name;
    if (!this.atKeyword("import")) this.fail();
    this.advance();
    const names: ast.Alias[] = [];
    const star = this.accept("*");
    if (star) {
      names.push({ nodeType: "alias", name: "*", asname: null, ...this.tokenLoc(star) });
    } else {
      const paren = this.accept("(");
      for (;;) {
        const t = this.name();
        const asname = this.acceptKeyword("as") ? this.identifier(this.name()) : null;
        names.push(this.stmt({ nodeType: "alias", name: this.identifier(t), asname }, t) as ast.Alias);
        if (!this.accept(",")) break;
        if (paren && this.at(")")) break;
        if (!paren && this.atStatementEnd()) {
          this.errorHere("trailing comma not allowed without surrounding parentheses");
        }
      }
      if (paren) this.expect(")");
    }
    return this.stmt({ nodeType: "ImportFrom", module, names, level }, kw);
  }

  private expressionStatement(): ast.Stmt {
    const startIdx = this.i;
    const t = this.peek();
    const first = this.atKeyword("yield") ? this.yieldExpression() : this.starExpressions();
    const next = this.peek();

    if (next.type === OP) {
      if (next.string === "=") return this.assignment(first, startIdx);
      const op = AUGASSIGN[next.string];
      if (op !== undefined) {
        if (first.nodeType !== "Name" && first.nodeType !== "Attribute" && first.nodeType !== "Subscript") {
          this.errorAt(first, `'${exprName(first)}' is an illegal expression for augmented assignment`);
        }
        setContext(first, "Store");
        this.advance();
        const value = this.atKeyword("yield") ? this.yieldExpression() : this.starExpressions();
        return this.stmt({ nodeType: "AugAssign", target: first, op, value }, t);
      }
      if (next.string === ":") return this.annotatedAssignment(first, t);
    }
    if (!this.atStatementEnd()) this.diagnoseAdjacent(first, startIdx);
    return this.stmt({ nodeType: "Expr", value: first }, t);
  }

  private annotatedAssignment(target: ast.Expr, t: Token): ast.AnnAssign {
    const parenthesized = this.parenthesized.has(target);
    if (target.nodeType === "Tuple" || target.nodeType === "List") {
      // CPython points at the first element of a bare tuple, at the whole of anything else.
      const at = target.nodeType === "Tuple" && !parenthesized ? target.elts[0]! : target;
      this.errorAt(at, `only single target (not ${exprName(target)}) can be annotated`);
    }
    if (target.nodeType !== "Name" && target.nodeType !== "Attribute" && target.nodeType !== "Subscript") {
      this.errorAt(target, "illegal target for annotation");
    }
    setContext(target, "Store");
    this.advance();
    const annotation = this.expression();
    let value: ast.Expr | null = null;
    if (this.accept("=")) value = this.atKeyword("yield") ? this.yieldExpression() : this.starExpressions();
    const simple = target.nodeType === "Name" && !parenthesized ? 1 : 0;
    return this.stmt({ nodeType: "AnnAssign", target, annotation, value, simple }, t);
  }

  private assignment(first: ast.Expr, startIdx: number): ast.Assign {
    const targets = [first];
    let value = first;
    let valueIdx = startIdx;
    while (this.at("=")) {
      const isFirst = targets.length === 1 && value === first;
      const target = value;
      if (target.nodeType === "Yield" || target.nodeType === "YieldFrom") {
        this.errorAt(target, "assignment to yield expression not possible");
      }
      const bad = invalidTarget(target, "star");
      if (bad !== null) {
        if (isFirst) {
          // CPython re-reads a bare tuple element by element; the last one meets the '='.
          const bare = target.nodeType === "Tuple" && !this.parenthesized.has(target);
          if (bare) this.diagnoseEquals(target.elts[target.elts.length - 1]!, this.indexOfStart(target.elts[target.elts.length - 1]!));
          else this.diagnoseEquals(target, valueIdx);
        }
        this.errorAt(bad, `cannot assign to ${exprName(bad)}`);
      }
      if (value !== first) targets.push(value);
      this.advance();
      valueIdx = this.i;
      value = this.atKeyword("yield") ? this.yieldExpression() : this.starExpressions();
    }
    for (const target of targets) setContext(target, "Store");
    if (!this.atStatementEnd()) this.diagnoseAdjacent(value, valueIdx);
    return this.stmt({ nodeType: "Assign", targets, value, type_comment: null }, this.tokens[startIdx]!);
  }

  /**
   * CPython's `invalid_named_expression`, for an expression `e` (starting at token `startIdx`)
   * followed by '=' where that cannot be an assignment: it suggests '==' when the right side
   * is a plain operand.
   */
  private diagnoseEquals(e: ast.Expr, startIdx: number): void {
    const rhs = this.probe(() => {
      this.advance();
      const b = this.bitwiseOr();
      return this.at("=") || this.at(":=") ? null : b;
    });
    if (rhs === null) return;
    const first = this.tokens[startIdx]!;
    if (e.nodeType === "Name" && !this.parenthesized.has(e)) {
      this.errorRange(e, rhs, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
    }
    if (first.type === NAME && (first.string === "True" || first.string === "False" || first.string === "None")) return;
    if (first.type === OP && (first.string === "[" || first.string === "(")) {
      const save = this.i;
      this.i = startIdx;
      const atom = this.probe(() => this.atom());
      this.i = save;
      if (atom !== null && ["List", "Tuple", "GeneratorExp"].includes(atom.nodeType) && atom.col_offset === first.col && atom.lineno === first.lineno) {
        return;
      }
    }
    if (!this.isBitwiseLevel(e)) return;
    this.errorAt(e, `cannot assign to ${exprName(e)} here. Maybe you meant '==' instead of '='?`);
  }

  /** Whether `e` is what CPython's `bitwise_or` rule alone would have parsed. */
  private isBitwiseLevel(e: ast.Expr): boolean {
    if (this.parenthesized.has(e)) return true;
    switch (e.nodeType) {
      case "Compare": case "BoolOp": case "IfExp": case "Lambda": case "NamedExpr": case "Starred":
      case "Yield": case "YieldFrom": case "Tuple":
        return false;
      case "UnaryOp":
        return e.op !== "Not";
      default:
        return true;
    }
  }

  /**
   * Two expressions side by side, `a b`: CPython's `invalid_expression` and
   * `invalid_legacy_expression` rules. Falls back to "invalid syntax".
   */
  private diagnoseAdjacent(a: ast.Expr, startIdx: number): never {
    const genericAt = this.fetched;
    const first = this.tokens[startIdx]!;
    if (
      a.nodeType === "Name" && (a.id === "print" || a.id === "exec") && this.i === startIdx + 1 && !this.at("(")
    ) {
      const b = this.probe(() => this.starExpressions());
      if (b !== null) {
        this.errorRange(a, b, `Missing parentheses in call to '${a.id}'. Did you mean ${a.id}(...)?`);
      }
    }
    const second = this.tokens[startIdx + 1];
    const excluded =
      (first.type === NAME && second !== undefined && second.type === STRING) ||
      (first.type === NAME && SOFT_KEYWORDS.has(first.string));
    if (!excluded && this.isDisjunction(a)) {
      const b = this.probe(() => {
        const e = this.expression();
        return { e, level: this.prev.level };
      });
      if (b !== null && b.level > 0) {
        this.errorRange(a, b.e, "invalid syntax. Perhaps you forgot a comma?");
      }
    }
    this.fetched = Math.max(this.fetched, genericAt);
    const t = this.tokens[genericAt]!;
    if (t.type === INDENT || t.type === DEDENT) this.fail();
    throw new ParseFailure(this.tokenError(t, "invalid syntax"));
  }

  private isDisjunction(e: ast.Expr): boolean {
    if (this.parenthesized.has(e)) return true;
    return e.nodeType !== "IfExp" && e.nodeType !== "Lambda" && e.nodeType !== "Starred" &&
      e.nodeType !== "NamedExpr" && e.nodeType !== "Tuple" && e.nodeType !== "Yield" && e.nodeType !== "YieldFrom";
  }

  // ---------------------------------------------------------------------------------------------
  // Targets

  /** `star_targets` of a `for` or a comprehension: parsed below comparisons so `in` ends them. */
  private targets(kind: TargetKind): ast.Expr {
    const start = this.peek();
    const first = this.targetElement();
    let result = first;
    if (this.at(",")) {
      const elts = [first];
      while (this.accept(",")) {
        if (this.atKeyword("in") || this.at("=") || this.at(":")) break;
        elts.push(this.targetElement());
      }
      result = this.tuple(elts, start, "Load");
    }
    if (!this.atKeyword("in")) {
      // CPython's invalid_for_target reads the whole `target in iter` as an expression.
      if (this.peek().type !== NEWLINE && !this.at(":")) this.fail();
    }
    const bad = invalidTarget(result, kind);
    if (bad !== null) this.errorAt(bad, `cannot assign to ${exprName(bad)}`);
    setContext(result, "Store");
    return result;
  }

  private targetElement(): ast.Expr {
    const t = this.peek();
    if (t.type === OP && t.string === "*") {
      this.advance();
      const value = this.bitwiseOr();
      return this.stmt({ nodeType: "Starred", value, ctx: "Load" as ast.ExprContext }, t) as ast.Starred;
    }
    return this.bitwiseOr();
  }

  /** A single `star_target` (after `as` in `with`). */
  private target(kind: TargetKind): ast.Expr {
    const e = this.starExpression();
    const bad = invalidTarget(e, kind);
    if (bad !== null) this.errorAt(bad, `cannot assign to ${exprName(bad)}`);
    setContext(e, "Store");
    return e;
  }

  // ---------------------------------------------------------------------------------------------
  // Expressions

  private tuple(elts: ast.Expr[], start: Start, ctx: ast.ExprContext): ast.Tuple {
    return this.stmt({ nodeType: "Tuple" as const, elts, ctx }, start);
  }

  /** `star_expressions`: a tuple when there is a comma. */
  private starExpressions(): ast.Expr {
    const start = this.peek();
    const first = this.starExpression();
    if (!this.at(",")) return first;
    const elts = [first];
    while (this.accept(",")) {
      if (!this.startsExpression()) break;
      elts.push(this.starExpression());
    }
    return this.tuple(elts, start, "Load");
  }

  /** `expressions` (no starred items). */
  private expressions(): ast.Expr {
    const start = this.peek();
    const first = this.expression();
    if (!this.at(",")) return first;
    const elts = [first];
    while (this.accept(",")) {
      if (!this.startsExpression()) break;
      elts.push(this.expression());
    }
    return this.tuple(elts, start, "Load");
  }

  private startsExpression(): boolean {
    const t = this.peek();
    switch (t.type) {
      case NAME:
        return !KEYWORDS.has(t.string) || EXPRESSION_KEYWORDS.has(t.string);
      case NUMBER:
      case STRING:
        return true;
      case OP:
        return EXPRESSION_START_OPS.has(t.string);
      default:
        return false;
    }
  }

  private starExpression(): ast.Expr {
    const t = this.peek();
    if (t.type === OP && t.string === "*") {
      this.advance();
      const value = this.bitwiseOr();
      return this.stmt({ nodeType: "Starred" as const, value, ctx: "Load" as ast.ExprContext }, t);
    }
    return this.expression();
  }

  private starNamedExpression(): ast.Expr {
    const t = this.peek();
    if (t.type === OP && t.string === "*") {
      this.advance();
      const value = this.bitwiseOr();
      return this.stmt({ nodeType: "Starred" as const, value, ctx: "Load" as ast.ExprContext }, t);
    }
    return this.namedExpression();
  }

  private namedExpression(): ast.Expr {
    const t = this.peek();
    if (t.type === NAME && !KEYWORDS.has(t.string)) {
      const next = this.peek(1);
      if (next.type === OP && next.string === ":=") {
        this.advance();
        this.advance();
        const target: ast.Name = { nodeType: "Name", id: this.identifier(t), ctx: "Store", ...this.tokenLoc(t) };
        const value = this.expression();
        return this.stmt({ nodeType: "NamedExpr" as const, target, value }, t);
      }
    }
    const startIdx = this.i;
    const e = this.expression();
    const next = this.peek();
    if (next.type === OP) {
      if (next.string === ":=") this.errorAt(e, `cannot use assignment expressions with ${exprName(e)}`);
      if (next.string === "=") this.diagnoseEquals(e, startIdx);
    }
    return e;
  }

  private expression(): ast.Expr {
    const t = this.peek();
    if (t.type === NAME && t.string === "lambda") return this.lambda();
    const body = this.disjunction();
    const start = t;
    if (!this.atKeyword("if")) return body;
    this.advance();
    const test = this.disjunction();
    if (!this.atKeyword("else")) {
      if (this.at(":")) this.fail();
      this.errorRange(body, test, "expected 'else' after 'if' expression");
    }
    this.advance();
    const orelse = this.expression();
    return this.stmt({ nodeType: "IfExp" as const, test, body, orelse }, start);
  }

  private lambda(): ast.Lambda {
    const t = this.advance();
    const args = this.parameters(":", false);
    this.expect(":");
    const body = this.expression();
    return this.stmt({ nodeType: "Lambda" as const, args, body }, t);
  }

  private disjunction(): ast.Expr {
    const start = this.peek();
    const first = this.conjunction();
    if (!this.atKeyword("or")) return first;
    const values = [first];
    while (this.acceptKeyword("or")) values.push(this.conjunction());
    return this.stmt({ nodeType: "BoolOp" as const, op: "Or" as ast.BoolOperator, values }, start);
  }

  private conjunction(): ast.Expr {
    const start = this.peek();
    const first = this.inversion();
    if (!this.atKeyword("and")) return first;
    const values = [first];
    while (this.acceptKeyword("and")) values.push(this.inversion());
    return this.stmt({ nodeType: "BoolOp" as const, op: "And" as ast.BoolOperator, values }, start);
  }

  private inversion(): ast.Expr {
    const t = this.peek();
    if (t.type === NAME && t.string === "not") {
      this.advance();
      const operand = this.inversion();
      return this.stmt({ nodeType: "UnaryOp" as const, op: "Not" as ast.UnaryOperator, operand }, t);
    }
    return this.comparison();
  }

  private comparison(): ast.Expr {
    const start = this.peek();
    const left = this.bitwiseOr();
    let ops: ast.CmpOperator[] | null = null;
    let comparators: ast.Expr[] | null = null;
    for (;;) {
      const t = this.peek();
      let op: ast.CmpOperator | undefined;
      if (t.type === OP) {
        op = COMPARE_OPS[t.string];
        if (op === undefined) break;
        this.advance();
      } else if (t.type === NAME) {
        if (t.string === "in") {
          op = "In";
          this.advance();
        } else if (t.string === "is") {
          this.advance();
          op = this.acceptKeyword("not") ? "IsNot" : "Is";
        } else if (t.string === "not") {
          const n = this.peek(1);
          if (n.type !== NAME || n.string !== "in") break;
          this.advance();
          this.advance();
          op = "NotIn";
        } else break;
      } else break;
      (ops ??= []).push(op);
      (comparators ??= []).push(this.bitwiseOr());
    }
    if (ops === null) return left;
    return this.stmt({ nodeType: "Compare" as const, left, ops, comparators: comparators! }, start);
  }

  /** Nodes span from the first token of their rule (a parenthesis included) to the last read. */
  private binOp(start: Token, left: ast.Expr, op: ast.Operator, right: ast.Expr): ast.BinOp {
    const end = this.prev;
    return {
      nodeType: "BinOp", left, op, right,
      lineno: start.lineno, col_offset: start.col, end_lineno: end.endLineno, end_col_offset: end.endCol,
    };
  }

  private bitwiseOr(): ast.Expr {
    const start = this.peek();
    let left = this.bitwiseXor();
    while (this.at("|")) {
      this.advance();
      left = this.binOp(start, left, "BitOr", this.bitwiseXor());
    }
    return left;
  }

  private bitwiseXor(): ast.Expr {
    const start = this.peek();
    let left = this.bitwiseAnd();
    while (this.at("^")) {
      this.advance();
      left = this.binOp(start, left, "BitXor", this.bitwiseAnd());
    }
    return left;
  }

  private bitwiseAnd(): ast.Expr {
    const start = this.peek();
    let left = this.shiftExpr();
    while (this.at("&")) {
      this.advance();
      left = this.binOp(start, left, "BitAnd", this.shiftExpr());
    }
    return left;
  }

  private shiftExpr(): ast.Expr {
    const start = this.peek();
    let left = this.sum();
    for (;;) {
      const t = this.peek();
      if (t.type !== OP || (t.string !== "<<" && t.string !== ">>")) return left;
      this.advance();
      left = this.binOp(start, left, t.string === "<<" ? "LShift" : "RShift", this.sum());
    }
  }

  private sum(): ast.Expr {
    const start = this.peek();
    let left = this.term();
    for (;;) {
      const t = this.peek();
      if (t.type !== OP || (t.string !== "+" && t.string !== "-")) return left;
      this.advance();
      left = this.binOp(start, left, t.string === "+" ? "Add" : "Sub", this.term());
    }
  }

  private term(): ast.Expr {
    const start = this.peek();
    let left = this.factor();
    for (;;) {
      const t = this.peek();
      if (t.type !== OP) return left;
      const op = TERM_OPS[t.string];
      if (op === undefined) return left;
      this.advance();
      left = this.binOp(start, left, op, this.factor());
    }
  }

  private factor(): ast.Expr {
    const t = this.peek();
    if (t.type === OP) {
      const op: ast.UnaryOperator | null = t.string === "-" ? "USub" : t.string === "+" ? "UAdd" : t.string === "~" ? "Invert" : null;
      if (op !== null) {
        this.advance();
        const operand = this.factor();
        return this.stmt({ nodeType: "UnaryOp" as const, op, operand }, t);
      }
    }
    return this.power();
  }

  private power(): ast.Expr {
    const t = this.peek();
    let left: ast.Expr;
    if (t.type === NAME && t.string === "await") {
      this.advance();
      const value = this.primary();
      left = this.stmt({ nodeType: "Await" as const, value }, t);
    } else {
      left = this.primary();
    }
    if (this.at("**")) {
      this.advance();
      return this.binOp(t, left, "Pow", this.factor());
    }
    return left;
  }

  private primary(): ast.Expr {
    const start = this.peek();
    let e = this.atom();
    for (;;) {
      const t = this.peek();
      if (t.type !== OP) return e;
      if (t.string === ".") {
        this.advance();
        const attr = this.identifier(this.name());
        e = this.stmt({ nodeType: "Attribute" as const, value: e, attr, ctx: "Load" as ast.ExprContext }, start);
      } else if (t.string === "(") {
        e = this.call(e, start);
      } else if (t.string === "[") {
        this.advance();
        const slice = this.slices();
        this.expect("]");
        e = this.stmt({ nodeType: "Subscript" as const, value: e, slice, ctx: "Load" as ast.ExprContext }, start);
      } else return e;
    }
  }

  private call(func: ast.Expr, start: Token): ast.Call {
    const open = this.advance();
    let args: ast.Expr[] = [];
    let keywords: ast.Keyword[] = [];
    if (!this.at(")")) ({ args, keywords } = this.callArguments());
    const close = this.expect(")");
    const only = args[0];
    if (args.length === 1 && keywords.length === 0 && only!.nodeType === "GeneratorExp" && !this.parenthesized.has(only!)) {
      // A lone generator expression argument borrows the call's parentheses.
      Object.assign(only!, this.span(open, close));
    }
    return this.stmt({ nodeType: "Call" as const, func, args, keywords }, start);
  }

  /** Arguments of a call or a class definition, up to (not including) ')'. */
  private callArguments(): { args: ast.Expr[]; keywords: ast.Keyword[] } {
    const args: ast.Expr[] = [];
    const keywords: ast.Keyword[] = [];
    let sawKeyword = false;
    let sawDoubleStar = false;
    let misplaced: string | null = null;
    for (;;) {
      const t = this.peek();
      if (t.type === OP && t.string === "**") {
        this.advance();
        const value = this.expression();
        keywords.push(this.stmt({ nodeType: "keyword" as const, arg: null, value }, t));
        sawDoubleStar = true;
      } else if (t.type === OP && t.string === "*") {
        this.advance();
        const value = this.expression();
        const starred = this.stmt({ nodeType: "Starred" as const, value, ctx: "Load" as ast.ExprContext }, t);
        if (sawDoubleStar) this.errorAtToken(t, "iterable argument unpacking follows keyword argument unpacking");
        args.push(starred);
      } else if (t.type === NAME && this.peek(1).type === OP && this.peek(1).string === "=") {
        const eq = this.peek(1);
        if (t.string === "True" || t.string === "False" || t.string === "None") {
          this.tokenRange(t, eq, `cannot assign to ${t.string}`);
        }
        if (KEYWORDS.has(t.string)) this.fail();
        this.advance();
        this.advance();
        const value = this.expression();
        if (this.atKeyword("for") || this.atKeyword("async")) {
          this.tokenRange(t, eq, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
        }
        keywords.push(this.stmt({ nodeType: "keyword" as const, arg: this.identifier(t), value }, t));
        sawKeyword = true;
      } else {
        const startIdx = this.i;
        const valueStart = this.peek();
        const value = this.namedExpressionInCall();
        if (this.at("=")) {
          this.errorRange(value, this.tokenLoc(this.peek()), 'expression cannot contain assignment, perhaps you meant "=="?');
        }
        if (this.atKeyword("for") || this.atKeyword("async")) {
          const generators = this.comprehensionClauses();
          const g: ast.GeneratorExp = this.stmt({ nodeType: "GeneratorExp" as const, elt: value, generators }, valueStart);
          if (args.length + keywords.length > 0 || this.at(",")) {
            this.errorRange(g, g, "Generator expression must be parenthesized");
          }
          args.push(g);
        } else {
          if (sawDoubleStar) misplaced ??= "positional argument follows keyword argument unpacking";
          else if (sawKeyword) misplaced ??= "positional argument follows keyword argument";
          args.push(value);
        }
        if (!this.at(",") && !this.at(")")) this.diagnoseAdjacent(value, startIdx);
      }
      if (!this.accept(",")) break;
      if (this.at(")")) break;
    }
    if (!this.at(")")) this.fail();
    if (misplaced !== null) this.errorHere(misplaced);
    return { args, keywords };
  }

  private namedExpressionInCall(): ast.Expr {
    const t = this.peek();
    if (t.type === NAME && !KEYWORDS.has(t.string)) {
      const next = this.peek(1);
      if (next.type === OP && next.string === ":=") return this.namedExpression();
    }
    const e = this.expression();
    if (this.at(":=")) this.errorAt(e, `cannot use assignment expressions with ${exprName(e)}`);
    return e;
  }

  private slices(): ast.Expr {
    const start = this.peek();
    const first = this.sliceItem();
    if (!this.at(",") && first.nodeType !== "Starred") return first;
    const elts = [first];
    while (this.accept(",")) {
      if (this.at("]")) break;
      elts.push(this.sliceItem());
    }
    return this.tuple(elts, start, "Load");
  }

  private sliceItem(): ast.Expr {
    const t = this.peek();
    if (t.type === OP && t.string === "*") return this.starExpression();
    let lower: ast.Expr | null = null;
    if (!this.at(":")) {
      lower = this.namedExpression();
      if (!this.at(":")) return lower;
    }
    this.advance();
    let upper: ast.Expr | null = null;
    let step: ast.Expr | null = null;
    if (!this.at(":") && !this.at(",") && !this.at("]")) upper = this.expression();
    if (this.accept(":")) {
      if (!this.at(",") && !this.at("]")) step = this.expression();
    }
    return this.stmt({ nodeType: "Slice" as const, lower, upper, step }, t);
  }

  private atom(): ast.Expr {
    const t = this.peek();
    switch (t.type) {
      case NAME: {
        const s = t.string;
        if (KEYWORDS.has(s)) {
          if (s === "None" || s === "True" || s === "False") {
            this.advance();
            const value = s === "None" ? null : s === "True";
            return { nodeType: "Constant", value, kind: null, ...this.tokenLoc(t) };
          }
          this.fail();
        }
        this.advance();
        return { nodeType: "Name", id: this.identifier(t), ctx: "Load", ...this.tokenLoc(t) };
      }
      case NUMBER: {
        this.advance();
        return { nodeType: "Constant", value: numberValue(t.string), kind: null, ...this.tokenLoc(t) };
      }
      case STRING:
        return this.strings();
      case OP:
        switch (t.string) {
          case "(": return this.parenthesizedAtom();
          case "[": return this.listAtom();
          case "{": return this.braceAtom();
          case "...":
            this.advance();
            return { nodeType: "Constant", value: Ellipsis, kind: null, ...this.tokenLoc(t) };
        }
    }
    this.fail();
  }

  private strings(): ast.Expr {
    const tokens: StringToken[] = [];
    while (this.peek().type === STRING) {
      const t = this.advance();
      tokens.push(t);
    }
    // CPython parses the literals after having read the token that follows them.
    this.peek();
    try {
      return parseStrings(tokens, this.charOffsets);
    } catch (e) {
      if (e instanceof StringLiteralError) {
        if (e.token !== null) this.errorAtToken(e.token as Token, e.message);
        this.errorHere(e.message);
      }
      if (e instanceof PySyntaxError) throw new ParseFailure(e, false);
      throw e;
    }
  }

  private parenthesizedAtom(): ast.Expr {
    const open = this.advance();
    if (this.at(")")) {
      const close = this.advance();
      return { nodeType: "Tuple", elts: [], ctx: "Load", ...this.span(open, close) };
    }
    if (this.atKeyword("yield")) {
      const y = this.yieldExpression();
      this.expect(")");
      this.parenthesized.add(y);
      return y;
    }
    const first = this.starNamedExpression();
    if (this.atKeyword("for") || this.atKeyword("async")) {
      if (first.nodeType === "Starred") this.errorAt(first, "iterable unpacking cannot be used in comprehension");
      const generators = this.comprehensionClauses();
      const close = this.expect(")");
      const g: ast.GeneratorExp = { nodeType: "GeneratorExp", elt: first, generators, ...this.span(open, close) };
      this.parenthesized.add(g);
      return g;
    }
    if (this.at(")")) {
      this.advance();
      if (first.nodeType === "Starred") this.errorAt(first, "cannot use starred expression here");
      this.parenthesized.add(first);
      return first;
    }
    if (!this.at(",")) {
      this.diagnoseAdjacent(first, this.indexOfStart(first));
    }
    const elts = [first];
    while (this.accept(",")) {
      if (this.at(")")) break;
      const startIdx = this.i;
      const e = this.starNamedExpression();
      elts.push(e);
      if (!this.at(",") && !this.at(")")) {
        if (this.atKeyword("for") || this.atKeyword("async")) {
          this.errorRange(elts[0]!, e, "did you forget parentheses around the comprehension target?");
        }
        this.diagnoseAdjacent(e, startIdx);
      }
    }
    const close = this.expect(")");
    return { nodeType: "Tuple", elts, ctx: "Load", ...this.span(open, close) };
  }

  /** The token index where node `e` starts (searching back from the current token). */
  private indexOfStart(e: ast.Located): number {
    for (let k = this.i - 1; k >= 0; k--) {
      const t = this.tokens[k]!;
      if (t.lineno === e.lineno && t.col === e.col_offset) return k;
    }
    return this.i;
  }

  private span(open: Token, close: Token): ast.Located {
    return { lineno: open.lineno, col_offset: open.col, end_lineno: close.endLineno, end_col_offset: close.endCol };
  }

  private listAtom(): ast.Expr {
    const open = this.advance();
    if (this.at("]")) {
      const close = this.advance();
      return { nodeType: "List", elts: [], ctx: "Load", ...this.span(open, close) };
    }
    const firstIdx = this.i;
    const first = this.starNamedExpression();
    if (this.atKeyword("for") || this.atKeyword("async")) {
      if (first.nodeType === "Starred") this.errorAt(first, "iterable unpacking cannot be used in comprehension");
      const generators = this.comprehensionClauses();
      const close = this.expect("]");
      return { nodeType: "ListComp", elt: first, generators, ...this.span(open, close) };
    }
    const elts = [first];
    let lastIdx = firstIdx;
    let last = first;
    for (;;) {
      if (!this.at(",") && !this.at("]")) {
        if ((this.atKeyword("for") || this.atKeyword("async")) && elts.length > 1) {
          this.errorRange(elts[0]!, last, "did you forget parentheses around the comprehension target?");
        }
        this.diagnoseAdjacent(last, lastIdx);
      }
      if (!this.accept(",")) break;
      if (this.at("]")) break;
      lastIdx = this.i;
      last = this.starNamedExpression();
      elts.push(last);
    }
    const close = this.expect("]");
    return { nodeType: "List", elts, ctx: "Load", ...this.span(open, close) };
  }

  private braceAtom(): ast.Expr {
    const open = this.advance();
    if (this.at("}")) {
      const close = this.advance();
      return { nodeType: "Dict", keys: [], values: [], ...this.span(open, close) };
    }
    // Dict display or comprehension?
    if (this.at("**")) return this.dictRest(open, [], []);
    const firstIdx = this.i;
    const first = this.starNamedExpression();
    if (this.at(":") && first.nodeType !== "Starred") {
      this.advance();
      if (this.at("}") || this.at(",")) this.errorAtToken(this.tokens[this.i - 1]!, "expression expected after dictionary key and ':'");
      if (this.at("*")) this.errorAt(this.starExpression(), "cannot use a starred expression in a dictionary value");
      const value = this.expression();
      if (this.atKeyword("for") || this.atKeyword("async")) {
        const generators = this.comprehensionClauses();
        const close = this.expect("}");
        return { nodeType: "DictComp", key: first, value, generators, ...this.span(open, close) };
      }
      return this.dictRest(open, [first], [value]);
    }
    if (this.atKeyword("for") || this.atKeyword("async")) {
      if (first.nodeType === "Starred") this.errorAt(first, "iterable unpacking cannot be used in comprehension");
      const generators = this.comprehensionClauses();
      const close = this.expect("}");
      return { nodeType: "SetComp", elt: first, generators, ...this.span(open, close) };
    }
    const elts = [first];
    let last = first;
    let lastIdx = firstIdx;
    for (;;) {
      if (!this.at(",") && !this.at("}")) this.diagnoseAdjacent(last, lastIdx);
      if (!this.accept(",")) break;
      if (this.at("}")) break;
      lastIdx = this.i;
      last = this.starNamedExpression();
      elts.push(last);
    }
    const close = this.expect("}");
    return { nodeType: "Set", elts, ...this.span(open, close) };
  }

  private dictRest(open: Token, keys: (ast.Expr | null)[], values: ast.Expr[]): ast.Expr {
    if (keys.length > 0) {
      if (!this.at(",") && !this.at("}")) this.diagnoseAdjacent(values[0]!, this.indexOfStart(values[0]!));
      if (!this.accept(",")) {
        const close = this.expect("}");
        return { nodeType: "Dict", keys, values, ...this.span(open, close) };
      }
    }
    while (!this.at("}")) {
      const star = this.accept("**");
      if (star) {
        const v = this.bitwiseOr();
        if (this.atKeyword("for") || this.atKeyword("async")) {
          this.errorAtToken(star, "dict unpacking cannot be used in dict comprehension");
        }
        keys.push(null);
        values.push(v);
      } else {
        const k = this.expression();
        if (!this.at(":")) {
          if (this.at("}") || this.at(",")) this.errorAt(k, "':' expected after dictionary key");
          this.diagnoseAdjacent(k, this.indexOfStart(k));
        }
        this.advance();
        if (this.at("}") || this.at(",")) this.errorAtToken(this.tokens[this.i - 1]!, "expression expected after dictionary key and ':'");
        if (this.at("*")) this.errorAt(this.starExpression(), "cannot use a starred expression in a dictionary value");
        const vIdx = this.i;
        const v = this.expression();
        keys.push(k);
        values.push(v);
        if (!this.at(",") && !this.at("}")) this.diagnoseAdjacent(v, vIdx);
      }
      if (!this.accept(",")) break;
    }
    const close = this.expect("}");
    return { nodeType: "Dict", keys, values, ...this.span(open, close) };
  }

  private comprehensionClauses(): ast.Comprehension[] {
    const generators: ast.Comprehension[] = [];
    for (;;) {
      let is_async = 0;
      if (this.atKeyword("async") && this.peek(1).type === NAME && this.peek(1).string === "for") {
        this.advance();
        is_async = 1;
      }
      if (!this.atKeyword("for")) break;
      this.advance();
      const target = this.targets("for");
      if (!this.atKeyword("in")) this.fail();
      this.advance();
      const iter = this.disjunction();
      const ifs: ast.Expr[] = [];
      while (this.atKeyword("if")) {
        this.advance();
        ifs.push(this.disjunction());
      }
      generators.push({ nodeType: "comprehension", target, iter, ifs, is_async });
    }
    return generators;
  }

  private yieldExpression(): ast.Expr {
    const t = this.advance();
    if (this.acceptKeyword("from")) {
      const value = this.expression();
      return this.stmt({ nodeType: "YieldFrom" as const, value }, t);
    }
    const value = this.startsExpression() ? this.starExpressions() : null;
    return this.stmt({ nodeType: "Yield" as const, value }, t);
  }

  // ---------------------------------------------------------------------------------------------
  // Patterns (match statement)

  private patterns(): ast.Pattern {
    const start = this.peek();
    const first = this.maybeStarPattern();
    if (!this.at(",")) {
      if (first.nodeType === "MatchStar") return this.patternNode({ nodeType: "MatchSequence", patterns: [first] }, start);
      return first;
    }
    const patterns = [first];
    while (this.accept(",")) {
      if (this.at(":") || this.atKeyword("if")) break;
      patterns.push(this.maybeStarPattern());
    }
    return this.patternNode({ nodeType: "MatchSequence", patterns }, start);
  }

  private patternNode<T extends object>(fields: T, start: Start): T & ast.Located {
    return this.stmt(fields, start);
  }

  private maybeStarPattern(): ast.Pattern {
    const t = this.peek();
    if (t.type === OP && t.string === "*") {
      this.advance();
      const n = this.name();
      return this.patternNode({ nodeType: "MatchStar" as const, name: n.string === "_" ? null : this.identifier(n) }, t);
    }
    return this.pattern();
  }

  private pattern(): ast.Pattern {
    const start = this.peek();
    const or = this.orPattern();
    if (!this.atKeyword("as")) return or;
    this.advance();
    const n = this.peek();
    if (n.type === NAME && n.string === "_") this.errorAtToken(n, "cannot use '_' as a target");
    const name = this.name();
    if (this.at(".") || this.at("(") || this.at("=")) this.fail();
    return this.patternNode({ nodeType: "MatchAs" as const, pattern: or, name: this.identifier(name) }, start);
  }

  private orPattern(): ast.Pattern {
    const start = this.peek();
    const first = this.closedPattern();
    if (!this.at("|")) return first;
    const patterns = [first];
    while (this.accept("|")) patterns.push(this.closedPattern());
    return this.patternNode({ nodeType: "MatchOr" as const, patterns }, start);
  }

  private closedPattern(): ast.Pattern {
    const t = this.peek();
    if (t.type === NUMBER || t.type === STRING || (t.type === OP && t.string === "-")) {
      const value = this.literalExpression();
      return this.patternNode({ nodeType: "MatchValue" as const, value }, t);
    }
    if (t.type === NAME) {
      if (t.string === "None" || t.string === "True" || t.string === "False") {
        this.advance();
        return { nodeType: "MatchSingleton", value: t.string === "None" ? null : t.string === "True", ...this.tokenLoc(t) };
      }
      const n = this.name();
      if (!this.at(".") && !this.at("(")) {
        if (this.at("=")) this.fail();
        return { nodeType: "MatchAs", pattern: null, name: n.string === "_" ? null : this.identifier(n), ...this.tokenLoc(n) };
      }
      let e: ast.Expr = { nodeType: "Name", id: this.identifier(n), ctx: "Load", ...this.tokenLoc(n) };
      while (this.accept(".")) {
        const attr = this.identifier(this.name());
        e = this.stmt({ nodeType: "Attribute" as const, value: e, attr, ctx: "Load" as ast.ExprContext }, t);
      }
      if (this.at("(")) return this.classPattern(e, t);
      return this.patternNode({ nodeType: "MatchValue" as const, value: e }, t);
    }
    if (t.type === OP) {
      if (t.string === "(") {
        this.advance();
        if (this.at(")")) {
          this.advance();
          return this.patternNode({ nodeType: "MatchSequence" as const, patterns: [] }, t);
        }
        const first = this.maybeStarPattern();
        if (this.at(")") && first.nodeType !== "MatchStar") {
          this.advance();
          return first;
        }
        const patterns = [first];
        while (this.accept(",")) {
          if (this.at(")")) break;
          patterns.push(this.maybeStarPattern());
        }
        this.expect(")");
        return this.patternNode({ nodeType: "MatchSequence" as const, patterns }, t);
      }
      if (t.string === "[") {
        this.advance();
        const patterns: ast.Pattern[] = [];
        while (!this.at("]")) {
          patterns.push(this.maybeStarPattern());
          if (!this.accept(",")) break;
        }
        this.expect("]");
        return this.patternNode({ nodeType: "MatchSequence" as const, patterns }, t);
      }
      if (t.string === "{") return this.mappingPattern();
    }
    this.fail();
  }

  /** A literal in a pattern: number, signed number, complex `a+bj`, or string. */
  private literalExpression(): ast.Expr {
    const t = this.peek();
    const start = t;
    if (t.type === STRING) {
      const s = this.strings();
      if (s.nodeType === "JoinedStr") this.errorAt(s, "patterns may only match literals and attribute lookups");
      return s;
    }
    const signed = (): ast.Expr => {
      const m = this.peek();
      if (m.type === OP && m.string === "-") {
        this.advance();
        const n = this.peek();
        if (n.type !== NUMBER) this.fail();
        this.advance();
        const operand: ast.Expr = { nodeType: "Constant", value: numberValue(n.string), kind: null, ...this.tokenLoc(n) };
        return this.stmt({ nodeType: "UnaryOp" as const, op: "USub" as ast.UnaryOperator, operand }, m);
      }
      if (m.type !== NUMBER) this.fail();
      this.advance();
      return { nodeType: "Constant", value: numberValue(m.string), kind: null, ...this.tokenLoc(m) };
    };
    const left = signed();
    const op = this.peek();
    if (op.type === OP && (op.string === "+" || op.string === "-")) {
      this.advance();
      const n = this.peek();
      if (n.type !== NUMBER) this.fail();
      this.advance();
      const right: ast.Expr = { nodeType: "Constant", value: numberValue(n.string), kind: null, ...this.tokenLoc(n) };
      if (!(right.value instanceof Imaginary)) this.errorAt(right, "imaginary number required in complex literal");
      return this.binOp(start, left, op.string === "+" ? "Add" : "Sub", right);
    }
    return left;
  }

  private classPattern(cls: ast.Expr, start: Start): ast.MatchClass {
    this.advance();
    const patterns: ast.Pattern[] = [];
    const kwd_attrs: string[] = [];
    const kwd_patterns: ast.Pattern[] = [];
    while (!this.at(")")) {
      const t = this.peek();
      if (t.type === NAME && this.peek(1).type === OP && this.peek(1).string === "=") {
        this.advance();
        this.advance();
        kwd_attrs.push(this.identifier(t));
        kwd_patterns.push(this.pattern());
      } else {
        const p = this.pattern();
        if (kwd_attrs.length > 0) this.errorAt(p, "positional patterns follow keyword patterns");
        patterns.push(p);
      }
      if (!this.accept(",")) break;
    }
    this.expect(")");
    return this.patternNode({ nodeType: "MatchClass" as const, cls, patterns, kwd_attrs, kwd_patterns }, start);
  }

  private mappingPattern(): ast.MatchMapping {
    const open = this.advance();
    const keys: ast.Expr[] = [];
    const patterns: ast.Pattern[] = [];
    let rest: string | null = null;
    while (!this.at("}")) {
      if (this.accept("**")) {
        rest = this.identifier(this.name());
        this.accept(",");
        break;
      }
      const t = this.peek();
      let key: ast.Expr;
      if (t.type === NAME && (t.string === "None" || t.string === "True" || t.string === "False")) {
        key = this.atom();
      } else if (t.type === NAME) {
        const n = this.name();
        key = { nodeType: "Name", id: this.identifier(n), ctx: "Load", ...this.tokenLoc(n) };
        if (!this.at(".")) this.fail();
        while (this.accept(".")) {
          const attr = this.identifier(this.name());
          key = this.stmt({ nodeType: "Attribute" as const, value: key, attr, ctx: "Load" as ast.ExprContext }, t);
        }
      } else {
        key = this.literalExpression();
      }
      this.expect(":");
      keys.push(key);
      patterns.push(this.pattern());
      if (!this.accept(",")) break;
    }
    this.expect("}");
    return this.patternNode({ nodeType: "MatchMapping" as const, keys, patterns, rest }, open);
  }
}

