/**
 * Values of number and string literal tokens. The tokenizer has already checked their shape;
 * what can still be wrong here is an escape sequence, which is reported as CPython words it.
 */
import { Imaginary, SurrogateStr } from "./ast.js";
import { lookupUnicodeName } from "./unicode-names.js";

export class LiteralError extends Error {}

export function numberValue(text: string): bigint | number | Imaginary {
  const clean = text.includes("_") ? text.replaceAll("_", "") : text;
  const last = clean.charCodeAt(clean.length - 1) | 0x20;
  if (last === 0x6a /* j */) return new Imaginary(Number(clean.slice(0, -1)));
  const second = clean.charCodeAt(1) | 0x20;
  if (clean.charCodeAt(0) === 0x30 && (second === 0x78 || second === 0x6f || second === 0x62)) {
    return BigInt(clean);
  }
  if (/^[0-9]+$/.test(clean)) {
    return clean.length < 16 ? BigInt(Number(clean)) : BigInt(clean);
  }
  return Number(clean);
}

export interface StringPrefix {
  bytes: boolean;
  raw: boolean;
  unicode: boolean;
  fstring: boolean;
  /** Length of prefix plus opening quotes. */
  open: number;
  /** Length of the closing quotes. */
  close: number;
}

export function stringPrefix(token: string): StringPrefix {
  let i = 0;
  let bytes = false, raw = false, unicode = false, fstring = false;
  for (;; i++) {
    const c = token.charCodeAt(i) | 0x20;
    if (c === 0x62) bytes = true;
    else if (c === 0x72) raw = true;
    else if (c === 0x75) unicode = true;
    else if (c === 0x66) fstring = true;
    else break;
  }
  const q = token[i]!;
  const triple = token.length - i >= 6 && token[i + 1] === q && token[i + 2] === q;
  const quotes = triple ? 3 : 1;
  return { bytes, raw, unicode, fstring, open: i + quotes, close: quotes };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\n": "", "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v",
};

const isOctal = (c: string | undefined) => c !== undefined && c >= "0" && c <= "7";
const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/** Code points of a str value. */
export function codePoints(s: string | SurrogateStr): number[] {
  if (typeof s !== "string") return [...s.codePoints];
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0)!);
  return out;
}

/** `a + b` for str values, keeping surrogate code points apart. */
export function concatStr(a: string | SurrogateStr, b: string | SurrogateStr): string | SurrogateStr {
  if (typeof a === "string" && typeof b === "string") return a + b;
  return new SurrogateStr([...codePoints(a), ...codePoints(b)]);
}

/** The value of a (non-raw) str literal body with its backslash escapes. */
export function decodeStrEscapes(body: string): string | SurrogateStr {
  if (!body.includes("\\")) return body;
  // Escapes can produce surrogate code points; those must not fuse with their neighbours.
  let surrogates: number[] | null = null;
  let out = "";
  let i = 0;
  const n = body.length;
  while (i < n) {
    const bs = body.indexOf("\\", i);
    if (bs < 0) {
      out += body.slice(i);
      break;
    }
    out += body.slice(i, bs);
    i = bs + 1;
    if (i >= n) throw unicodeError(bs, bs, "\\ at end of string");
    const c = body[i]!;
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) {
      out += simple;
      i++;
    } else if (isOctal(c)) {
      let v = 0;
      let k = 0;
      while (k < 3 && isOctal(body[i])) {
        v = v * 8 + (body.charCodeAt(i) - 0x30);
        i++;
        k++;
      }
      out += String.fromCharCode(v);
    } else if (c === "x" || c === "u" || c === "U") {
      const width = c === "x" ? 2 : c === "u" ? 4 : 8;
      const digits = body.slice(i + 1, i + 1 + width);
      if (digits.length < width || ![...digits].every(isHex)) {
        let end = i + 1;
        while (end < i + 1 + width && isHex(body[end])) end++;
        const what = c === "x" ? "\\xXX" : c === "u" ? "\\uXXXX" : "\\UXXXXXXXX";
        throw unicodeError(bs, end - 1, `truncated ${what} escape`);
      }
      const cp = parseInt(digits, 16);
      if (cp > 0x10ffff) throw unicodeError(bs, i + width, "illegal Unicode character");
      if (cp >= 0xd800 && cp <= 0xdfff) {
        surrogates ??= [];
        surrogates.push(...codePoints(out), cp);
        out = "";
      } else {
        out += String.fromCodePoint(cp);
      }
      i += 1 + width;
    } else if (c === "N") {
      const close = body[i + 1] === "{" ? body.indexOf("}", i + 2) : -1;
      if (close < 0 || close === i + 2) throw unicodeError(bs, close < 0 ? n - 1 : close, "malformed \\N character escape");
      const cp = lookupUnicodeName(body.slice(i + 2, close));
      if (cp === undefined) throw unicodeError(bs, close, "unknown Unicode character name");
      out += String.fromCodePoint(cp);
      i = close + 1;
    } else {
      // An invalid escape keeps its backslash (CPython warns; it is not an error).
      out += "\\";
    }
  }
  if (surrogates === null) return out;
  surrogates.push(...codePoints(out));
  return new SurrogateStr(surrogates);
}

function unicodeError(start: number, end: number, reason: string): LiteralError {
  return new LiteralError(
    `(unicode error) 'unicodeescape' codec can't decode bytes in position ${start}-${end}: ${reason}`,
  );
}

/** The value of a bytes literal body (ASCII characters only, checked by the caller). */
export function decodeBytesLiteral(body: string, raw: boolean): Uint8Array {
  const out: number[] = [];
  const n = body.length;
  for (let i = 0; i < n; ) {
    const c = body.charCodeAt(i);
    if (c !== 0x5c || raw) {
      out.push(c);
      i++;
      continue;
    }
    i++;
    const e = body[i];
    const simple = e === undefined ? undefined : SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      if (simple !== "") out.push(simple.charCodeAt(0));
      i++;
    } else if (isOctal(e)) {
      let v = 0;
      let k = 0;
      while (k < 3 && isOctal(body[i])) {
        v = v * 8 + (body.charCodeAt(i) - 0x30);
        i++;
        k++;
      }
      out.push(v & 0xff);
    } else if (e === "x") {
      if (!isHex(body[i + 1]) || !isHex(body[i + 2])) {
        throw new LiteralError(`(value error) invalid \\x escape at position ${i - 1}`);
      }
      out.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      out.push(0x5c);
    }
  }
  return new Uint8Array(out);
}
