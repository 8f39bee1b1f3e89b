/**
 * Source bytes to text, as CPython's tokenizer decodes a file: a UTF-8 byte-order mark, a
 * PEP 263 encoding declaration on line 1 (or line 2 when line 1 is blank or a comment), and
 * strict UTF-8 otherwise.
 */
import { PySyntaxError } from "./errors.js";

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** The bytes of the first `n` lines (each with its line terminator). */
function firstLines(bytes: Uint8Array, n: number): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length && lines.length < n; i++) {
    if (bytes[i] === 0x0a) {
      lines.push(bytes.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (lines.length < n && start < bytes.length) lines.push(bytes.subarray(start));
  return lines;
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0c;
const isNameChar = (c: number) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x5f || c === 0x2e;

/**
 * The encoding a line declares, `undefined` when it declares none, or `null` when the line
 * holds code (which ends the search for a declaration).
 */
function codingSpec(line: Uint8Array): string | null | undefined {
  let i = 0;
  while (i < line.length && isSpace(line[i]!)) i++;
  if (i === line.length || line[i] === 0x0a || line[i] === 0x0d) return undefined;
  if (line[i] !== 0x23 /* # */) return null;
  const text = String.fromCharCode(...line);
  for (let at = text.indexOf("coding", i); at >= 0; at = text.indexOf("coding", at + 1)) {
    let t = at + 6;
    if (text[t] !== ":" && text[t] !== "=") continue;
    do t++; while (text[t] === " " || text[t] === "\t");
    const begin = t;
    while (t < line.length && isNameChar(line[t]!)) t++;
    if (t > begin) return text.slice(begin, t);
  }
  return undefined;
}

/** CPython's normalisation of the two encodings its tokenizer knows by heart. */
function normalEncodingName(name: string): string {
  const n = name.slice(0, 12).toLowerCase().replaceAll("_", "-");
  if (n === "utf-8" || n.startsWith("utf-8-")) return "utf-8";
  if (
    ["latin-1", "iso-8859-1", "iso-latin-1"].includes(n) ||
    ["latin-1-", "iso-8859-1-", "iso-latin-1-"].some((p) => n.startsWith(p))
  ) {
    return "iso-8859-1";
  }
  return name;
}

/** Python codec names that differ from the WHATWG labels `TextDecoder` knows. */
function decoderLabel(encoding: string): string {
  const n = encoding.toLowerCase().replaceAll("_", "-");
  const m = /^cp-?(\d+)$/.exec(n);
  if (m && m[1]!.length === 4 && m[1]!.startsWith("12")) return `windows-${m[1]}`;
  if (n === "utf8") return "utf-8";
  return n;
}

function newDecoder(label: string) {
  try {
    return new TextDecoder(label, { fatal: true });
  } catch {
    return null;
  }
}

function decodeStrict(bytes: Uint8Array, encoding: string): string {
  if (encoding === "iso-8859-1") {
    // WHATWG maps "latin1" to windows-1252; Python's latin-1 is the identity on bytes.
    let s = "";
    for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
    return s;
  }
  const label = decoderLabel(encoding);
  const decoder = newDecoder(label);
  if (decoder === null) throw new PySyntaxError("SyntaxError", `unknown encoding: ${encoding}`, 0, -1);
  try {
    return decoder.decode(bytes);
  } catch {
    throw utf8Error(bytes, encoding);
  }
}

/** Locates the first undecodable byte so the error points at its line, as CPython's does. */
function utf8Error(bytes: Uint8Array, encoding: string): PySyntaxError {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let lineStart = 0;
  let lineno = 1;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(lineStart, i));
      } catch {
        return new PySyntaxError(
          "SyntaxError",
          `(unicode error) '${encoding}' codec can't decode bytes in line ${lineno}`,
          lineno,
          -1,
        );
      }
      lineStart = i + 1;
      lineno++;
    }
  }
  return new PySyntaxError("SyntaxError", `(unicode error) '${encoding}' codec can't decode source`, 1, -1);
}

export interface DecodedSource {
  text: string;
  encoding: string;
  /** Whether a BOM or an encoding declaration named the encoding (CPython then counts error columns in characters). */
  declared: boolean;
}

export function decodeSource(input: Uint8Array | string): DecodedSource {
  if (typeof input === "string") return { text: input, encoding: "utf-8", declared: true };
  let bytes = input;
  const hasBom = UTF8_BOM.every((b, i) => bytes[i] === b);
  if (hasBom) bytes = bytes.subarray(3);
  let declared: string | undefined;
  for (const line of firstLines(bytes, 2)) {
    const spec = codingSpec(line);
    if (spec === null) break;
    if (spec !== undefined) {
      declared = spec;
      break;
    }
  }
  let encoding = declared === undefined ? "utf-8" : normalEncodingName(declared);
  if (hasBom && declared !== undefined && encoding !== "utf-8") {
    throw new PySyntaxError("SyntaxError", `encoding problem: ${declared} with BOM`, 0, -1);
  }
  if (encoding.toLowerCase() === "utf8") encoding = "utf-8";
  return { text: decodeStrict(bytes, encoding), encoding, declared: hasBom || declared !== undefined };
}
