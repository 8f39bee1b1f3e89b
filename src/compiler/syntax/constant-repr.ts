/**
 * CPython's `repr()` of the constant values a literal can produce, for `ast.dump` output and for
 * anything else that must print a constant the way Python does.
 */
import { Ellipsis, Imaginary, SurrogateStr, type ConstantValue } from "./ast.js";
import { isPrintableCodePoint } from "./unicode-tables.js";

/**
 * `repr(float)`: the shortest digits that round-trip (which `toExponential()` gives), laid out
 * in fixed notation when the decimal exponent is in [-4, 16) and in scientific notation with
 * a signed, at-least-two-digit exponent otherwise. `forceDecimalPoint` adds the `.0` that
 * `repr(1.0)` has and the imaginary part of `repr(1j)` does not.
 */
export function floatRepr(x: number, forceDecimalPoint = true): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return (Object.is(x, -0) ? "-0" : "0") + (forceDecimalPoint ? ".0" : "");
  const [mantissa, expPart] = x.toExponential().split("e");
  const exp = Number(expPart);
  const negative = mantissa!.startsWith("-");
  const digits = mantissa!.replace("-", "").replace(".", "");
  const sign = negative ? "-" : "";
  if (exp < -4 || exp >= 16) {
    const frac = digits.length > 1 ? "." + digits.slice(1) : "";
    const e = Math.abs(exp).toString().padStart(2, "0");
    return `${sign}${digits[0]}${frac}e${exp < 0 ? "-" : "+"}${e}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const intLen = exp + 1;
  if (digits.length <= intLen) {
    return sign + digits + "0".repeat(intLen - digits.length) + (forceDecimalPoint ? ".0" : "");
  }
  return `${sign}${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
}

/** Characters `str.isprintable()` rejects: categories Cc Cf Cs Co Cn Zl Zp Zs, except space. */

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, "0");
}

function chooseQuote(hasSingle: boolean, hasDouble: boolean): string {
  return hasSingle && !hasDouble ? '"' : "'";
}

/** `repr(str)`. Iterates by code point; a lone surrogate prints as `\udXXX` as in CPython. */
export function strRepr(s: string | readonly string[]): string {
  const quote = chooseQuote(s.includes("'"), s.includes('"'));
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (c === 0x09) out += "\\t";
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c < 0x20 || c === 0x7f) out += "\\x" + hex(c, 2);
    else if (c < 0x7f) out += ch;
    else if (isPrintableCodePoint(c)) out += ch;
    else if (c <= 0xff) out += "\\x" + hex(c, 2);
    else if (c <= 0xffff) out += "\\u" + hex(c, 4);
    else out += "\\U" + hex(c, 8);
  }
  return out + quote;
}

/** `repr(bytes)`. */
export function bytesRepr(b: Uint8Array): string {
  const quote = chooseQuote(b.includes(0x27), b.includes(0x22));
  let out = "b" + quote;
  for (const c of b) {
    if (c === quote.charCodeAt(0) || c === 0x5c) out += "\\" + String.fromCharCode(c);
    else if (c === 0x09) out += "\\t";
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c < 0x20 || c >= 0x7f) out += "\\x" + hex(c, 2);
    else out += String.fromCharCode(c);
  }
  return out + quote;
}

export function constantRepr(value: ConstantValue): string {
  if (value === null) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (value === Ellipsis) return "Ellipsis";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return floatRepr(value);
  if (typeof value === "string") return strRepr(value);
  if (value instanceof SurrogateStr) return strRepr(value.codePoints.map((c) => String.fromCodePoint(c)));
  if (value instanceof Uint8Array) return bytesRepr(value);
  if (value instanceof Imaginary) return floatRepr(value.imag, false) + "j";
  throw new Error(`not a constant: ${String(value)}`);
}
