// Text formatting: format(value, spec) with the format-spec mini-language for int, float and
// str (what f-strings and str.format call), printf-style `str % args`, and exact decimal
// digits of floats at a given precision.
//
// Float digits are computed exactly: x = m * 2^e is scaled by a power of ten as a rational and
// rounded half to even to an integer, as CPython's _Py_dg_dtoa does in its fixed-precision
// modes, so '%.2f' and format(x, '.3e') match CPython digit for digit.
import { isUserObject } from "./object";
import { hasBase, baseValue } from "./subclass";
import { callSpecial1, hasSpecial, S_FORMAT, S_GETITEM } from "./classes";
import { UNBOUND } from "./value";
import {
  Value, ERR, NONE, boxPtr, unboxPtr, boxSmall, isFloat, unboxFloat, isSmallInt, isBool, isNone, isPtr,
  unboxSmall, boxFloat, TRUE,
} from "./value";
import {
  Kind, STR_TYPE, TUPLE_TYPE, DICT_TYPE, LIST_TYPE, INT_TYPE, FLOAT_TYPE, BOOL_TYPE, typeOf, typeName, typeKind,
  isObjectOf, incref, decref,
} from "./object";
import { raise, raiseWithStr, ValueError, TypeError, OverflowError } from "./exceptions";
import {
  fmtMsg, builderNew, builderByte, builderBytes, builderStr, builderLiteral, builderFinish, builderDiscard,
  builderCodePoint, builderInt,
} from "./format";
import { strData, strByteLength, strLength, decodeAt, strFromLiteral, strIsAscii } from "./str";
import { tupleLength, tupleItem } from "./tuple";
import {
  isInt, isSmallOrBool, bigSign, intToDecimal, intToBase, intFromI64, intMul, intPow, intLshift, intFloorDiv,
  intMod, intAdd, intCompare, intToF64, floatResult, intFromF64, intAbs, intAnd,
} from "./int";
import { floatRepr } from "./float";
import { strOf, reprOf, rt_getitem } from "./ops";
import { dictGetItem } from "./dict";

// ---- exact float digits ------------------------------------------------------------------------

/** round_half_even(|x| * 10^k) as an int (x finite). */
function scaledRound(x: f64, k: i64): Value {
  x = abs(x);
  if (x == 0) return boxSmall(0);
  const bits = reinterpret<u64>(x);
  const biased = <i32>(bits >> 52);
  const m: i64 = <i64>(bits & 0xF_FFFF_FFFF_FFFF) | (biased != 0 ? <i64>1 << 52 : 0);
  const e: i64 = <i64>(biased != 0 ? biased - 1075 : -1074);
  let num: Value = intFromI64(m);
  let den: Value = boxSmall(1);
  const p10 = intPow(boxSmall(10), boxSmall(k >= 0 ? k : -k), 0);
  if (p10 == ERR) return ERR;
  if (k >= 0) {
    const t = intMul(num, p10);
    decref(num);
    decref(p10);
    num = t;
  } else {
    den = p10;
  }
  if (num == ERR) { decref(den); return ERR; }
  if (e >= 0) {
    const t = intLshift(num, boxSmall(e));
    decref(num);
    num = t;
  } else {
    const t = intLshift(den, boxSmall(-e));
    decref(den);
    den = t;
  }
  if (num == ERR || den == ERR) { decref(num); decref(den); return ERR; }
  let q = intFloorDiv(num, den);
  const r = q == ERR ? ERR : intMod(num, den);
  decref(num);
  if (r == ERR) { decref(q); decref(den); return ERR; }
  const twice = intAdd(r, r);
  decref(r);
  if (twice == ERR) { decref(q); decref(den); return ERR; }
  const c = intCompare(twice, den);
  decref(twice);
  decref(den);
  const odd = intAnd(q, boxSmall(1));
  if (c > 0 || (c == 0 && odd == boxSmall(1))) {
    const t = intAdd(q, boxSmall(1));
    decref(q);
    q = t;
  }
  return q;
}

// The host's correctly rounded x.toFixed(p) / x.toExponential(p) (src/runtime/host/float-format.ts).
// JavaScript breaks exact ties away from zero and Python to even, so an exact tie (rare, and
// detected exactly by isTie) takes the exact bigint path instead.
// @ts-ignore: decorator
@external("molt_host", "float_format")
declare function hostFloatFormat(x: f64, mode: i32, precision: i32, out: usize): i32;

const HOST_BUF: usize = memory.data(160, 8);

/** Is |x| * 10^q exactly halfway between two integers? */
function isTie(x: f64, q: i64): bool {
  const bits = reinterpret<u64>(abs(x));
  const biased = <i64>((bits >> 52) & 0x7FF);
  let m = (bits & 0xF_FFFF_FFFF_FFFF) | (biased != 0 ? <u64>1 << 52 : 0);
  if (m == 0) return false;
  let e: i64 = biased != 0 ? biased - 1075 : -1074;
  const tz = <i64>ctz<u64>(m);
  m >>= <u64>tz;
  e += tz;
  // 2|x|10^q = m * 5^q * 2^(e+1+q) (q >= 0), or m * 2^(e+1+q) / 5^-q: an odd integer?
  if (e + 1 + q != 0) return false;
  if (q >= 0) return true;
  if (-q > 22) return false;
  let p5: u64 = 1;
  for (let i: i64 = 0; i < -q; i++) p5 *= 5;
  return m % p5 == 0;
}

/** The digits of |x| rounded to p decimals, as digitsOf(round(|x| * 10^p)) would give; 0 if not available. */
function hostFixedDigits(x: f64, p: i64): usize {
  if (p > 100 || isTie(x, p)) return 0;
  const n = hostFloatFormat(abs(x), 0, <i32>p, HOST_BUF);
  if (n < 0) return 0;
  const b = builderNew(<u32>n);
  if (b == 0) return 0;
  let started = false;
  for (let i = 0; i < n; i++) {
    const c = <u32>load<u8>(HOST_BUF + <usize>i);
    if (c == 0x2E) continue;
    if (c == 0x30 && !started) continue;
    started = true;
    builderByte(b, c);
  }
  if (!started) builderByte(b, 0x30);
  return builderFinish(b);
}

/** The decimal digits of an int >= 0 as a str (no limit on the number of digits). */
function digitsOf(n: Value): usize {
  const saved = getIntMaxStrDigits();
  setIntMaxStrDigits(0);
  const s = intToDecimal(n);
  setIntMaxStrDigits(saved);
  return s;
}

import { getIntMaxStrDigits, rt_set_int_max_str_digits as setIntMaxStrDigits } from "./int";

/**
 * n significant digits of |x| (x finite, n >= 1) correctly rounded: the digits as a str and
 * the decimal exponent of the first one in `sigExp`. 0 on error.
 */
let sigExp: i64 = 0;
function sigDigits(x: f64, n: i32): usize {
  x = abs(x);
  if (x == 0) {
    sigExp = 0;
    const b = builderNew(<u32>n);
    if (b == 0) return 0;
    for (let i = 0; i < n; i++) builderByte(b, 0x30);
    return builderFinish(b);
  }
  if (n <= 101) {
    // The host's toExponential(n - 1), unless the rounding is an exact tie.
    const len = hostFloatFormat(x, 1, n - 1, HOST_BUF);
    if (len > 0) {
      let k = 0;
      while (k < len && load<u8>(HOST_BUF + <usize>k) != 0x65) k++;
      let exp: i64 = 0;
      const neg = load<u8>(HOST_BUF + <usize>k + 1) == 0x2D;
      for (let j = k + 2; j < len; j++) exp = exp * 10 + <i64>(load<u8>(HOST_BUF + <usize>j) - 0x30);
      if (neg) exp = -exp;
      if (!isTie(x, <i64>(n - 1) - exp)) {
        const b = builderNew(<u32>n);
        if (b == 0) return 0;
        for (let j = 0; j < k; j++) {
          const c = <u32>load<u8>(HOST_BUF + <usize>j);
          if (c != 0x2E) builderByte(b, c);
        }
        sigExp = exp;
        return builderFinish(b);
      }
    }
  }
  let e10 = <i64>Math.floor(Math.log10(x));
  for (let attempt = 0; attempt < 4; attempt++) {
    const q = scaledRound(x, <i64>n - 1 - e10);
    if (q == ERR) return 0;
    const s = digitsOf(q);
    decref(q);
    if (s == 0) return 0;
    const len = <i32>strByteLength(s);
    if (len == n) {
      sigExp = e10;
      return s;
    }
    decref(boxPtr(s));
    e10 += len > n ? 1 : -1;
  }
  return <usize>unreachable();
}

const ZERO_DIGIT: usize = memory.data<u8>([0x30]);

/** Appends the integer-part digits with a separator every `group` digits ("0" when none). */
function appendGrouped(b: usize, p: usize, n: u32, sep: u32, group: u32, minWidth: u32): void {
  if (n == 0) {
    p = ZERO_DIGIT;
    n = 1;
  }
  // Zero padding inside grouping: leading zeros, grouped too, until minWidth is reached.
  let total = n;
  if (sep != 0 && minWidth > 0) {
    while (total + (total - 1) / group < minWidth) total++;
  } else if (minWidth > total) {
    total = minWidth;
  }
  for (let i: u32 = 0; i < total; i++) {
    if (sep != 0 && i > 0 && (total - i) % group == 0) builderByte(b, sep);
    builderByte(b, i < total - n ? 0x30 : load<u8>(p + i - (total - n)));
  }
}

// ---- the format-spec mini-language ------------------------------------------------------------

let fFill: u32 = 0x20;
let fAlign: u32 = 0;      // '<' '>' '^' '=' or 0
let fSign: u32 = 0;       // '+' '-' ' ' or 0
let fZ = false;
let fAlt = false;
let fZero = false;
let fWidth: i64 = -1;
let fGroup: u32 = 0;      // ',' '_' or 0
let fPrec: i64 = -1;
let fType: u32 = 0;
let fImplicitAlign = false; // '=' came from the '0' flag, not from the spec

// @ts-ignore: decorator
@inline function isAlign(c: u32): bool { return c == 0x3C || c == 0x3E || c == 0x3D || c == 0x5E; }

function invalidSpec(spec: usize, v: Value): bool {
  raiseWithStr(ValueError, fmtMsg("Invalid format specifier '%s' for object of type '%s'", spec, typeName(typeOf(v))));
  return false;
}

/** Parses a format spec into the f* fields; false with ValueError pending. */
function parseSpec(spec: usize, v: Value): bool {
  fFill = 0x20; fAlign = 0; fSign = 0; fZ = false; fAlt = false; fZero = false;
  fWidth = -1; fGroup = 0; fPrec = -1; fType = 0; fImplicitAlign = false;
  if (spec == 0) return true;
  const p = strData(spec);
  const n = strByteLength(spec);
  let i: u32 = 0;
  // [[fill]align]: the fill may be any character.
  if (n > 0) {
    const c0 = decodeAt(p);
    const l0: u32 = c0 < 0x80 ? 1 : c0 < 0x800 ? 2 : c0 < 0x10000 ? 3 : 4;
    if (l0 < n && isAlign(load<u8>(p + l0))) {
      fFill = c0;
      fAlign = load<u8>(p + l0);
      i = l0 + 1;
    } else if (isAlign(c0)) {
      fAlign = c0;
      i = 1;
    }
  }
  if (i < n) {
    const c = <u32>load<u8>(p + i);
    if (c == 0x2B || c == 0x2D || c == 0x20) { fSign = c; i++; }
  }
  if (i < n && load<u8>(p + i) == 0x7A) { fZ = true; i++; }
  if (i < n && load<u8>(p + i) == 0x23) { fAlt = true; i++; }
  if (i < n && load<u8>(p + i) == 0x30) {
    fZero = true;
    if (fAlign == 0) {
      fFill = 0x30;
      fAlign = 0x3D;
      fImplicitAlign = true;
    }
    i++;
  }
  let digits = 0;
  while (i < n && load<u8>(p + i) >= 0x30 && load<u8>(p + i) <= 0x39) {
    if (fWidth < 0) fWidth = 0;
    fWidth = fWidth * 10 + <i64>(load<u8>(p + i) - 0x30);
    if (++digits > 18) {
      raise(ValueError, "Too many decimal digits in format string");
      return false;
    }
    i++;
  }
  if (i < n && (load<u8>(p + i) == 0x2C || load<u8>(p + i) == 0x5F)) {
    fGroup = load<u8>(p + i);
    i++;
    if (i < n && (load<u8>(p + i) == 0x2C || load<u8>(p + i) == 0x5F)) {
      raise(ValueError, "Cannot specify both ',' and '_'.");
      return false;
    }
  }
  if (i < n && load<u8>(p + i) == 0x2E) {
    i++;
    let pd = 0;
    fPrec = 0;
    while (i < n && load<u8>(p + i) >= 0x30 && load<u8>(p + i) <= 0x39) {
      fPrec = fPrec * 10 + <i64>(load<u8>(p + i) - 0x30);
      if (++pd > 18) {
        raise(ValueError, "Too many decimal digits in format string");
        return false;
      }
      i++;
    }
    if (pd == 0) {
      raise(ValueError, "Format specifier missing precision");
      return false;
    }
  }
  if (n - i > 1) return invalidSpec(spec, v);
  if (i < n) {
    fType = decodeAt(p + i);
    if (fType >= 0x80) return invalidSpec(spec, v);
  }
  if (fGroup != 0) {
    const t = fType;
    const ok = t == 0 || t == 0x64 || t == 0x65 || t == 0x45 || t == 0x66 || t == 0x46 || t == 0x67 || t == 0x47 || t == 0x25
      || (fGroup == 0x5F && (t == 0x62 || t == 0x6F || t == 0x78 || t == 0x58));
    if (!ok) {
      const g = strFromLiteral(fGroup == 0x2C ? "," : "_", false);
      raiseWithStr(ValueError, fmtMsg("Cannot specify '%s' with '%s'.", g, charName(t)));
      decref(boxPtr(g));
      return false;
    }
  }
  return true;
}

/** A one-character str for a message (the format type). */
function charName(c: u32): usize {
  const b = builderNew(4);
  if (b == 0) return 0;
  builderCodePoint(b, c);
  return builderFinish(b);
}

function unknownCode(v: Value): Value {
  const c = charName(fType);
  const r = raiseWithStr(ValueError, fmtMsg("Unknown format code '%s' for object of type '%s'", c, typeName(typeOf(v))));
  decref(boxPtr(c));
  return r;
}

/**
 * The padded result: `head` (sign and prefix, ASCII bytes at hp) and `body` (a str), laid
 * out in fWidth with fFill per fAlign (default: right for numbers, left for text).
 */
function layout(hp: usize, hn: u32, body: usize, numeric: bool): Value {
  const len = <i64>hn + <i64>strLength(body);
  const pad = fWidth > len ? fWidth - len : 0;
  let align = fAlign;
  if (align == 0) align = numeric ? 0x3E : 0x3C;
  const b = builderNew(<u32>(<i64>hn + <i64>strByteLength(body) + pad));
  if (b == 0) return ERR;
  let before: i64 = 0, middle: i64 = 0, after: i64 = 0;
  if (align == 0x3C) after = pad;
  else if (align == 0x3E) before = pad;
  else if (align == 0x5E) { before = pad / 2; after = pad - before; }
  else middle = pad;
  for (let i: i64 = 0; i < before; i++) builderCodePoint(b, fFill);
  builderBytes(b, hp, hn);
  for (let i: i64 = 0; i < middle; i++) builderCodePoint(b, fFill);
  builderStr(b, body);
  for (let i: i64 = 0; i < after; i++) builderCodePoint(b, fFill);
  const s = builderFinish(b);
  return s == 0 ? ERR : boxPtr(s);
}

const HEAD: usize = memory.data(8, 8);

/** Sign (and the 0x-style prefix) into HEAD; returns its length. */
function head(neg: bool, prefix: u32): u32 {
  let n: u32 = 0;
  if (neg) store<u8>(HEAD + n++, 0x2D);
  else if (fSign == 0x2B) store<u8>(HEAD + n++, 0x2B);
  else if (fSign == 0x20) store<u8>(HEAD + n++, 0x20);
  if (prefix != 0) {
    store<u8>(HEAD + n++, 0x30);
    store<u8>(HEAD + n++, <u8>prefix);
  }
  return n;
}

/** Lays out a number whose digits (ASCII, no sign) are in body. */
function layoutNumber(neg: bool, prefix: u32, body: usize): Value {
  const hn = head(neg, prefix);
  const r = layout(HEAD, hn, body, true);
  decref(boxPtr(body));
  return r;
}

/** Width left for the digits when zero padding applies inside the grouping, else 0. */
function zeroFillWidth(hn: u32): u32 {
  if (fFill == 0x30 && fAlign == 0x3D && fWidth > <i64>hn) return <u32>(fWidth - <i64>hn);
  return 0;
}

function formatInt(v: Value): Value {
  const t = fType;
  if (t == 0x65 || t == 0x45 || t == 0x66 || t == 0x46 || t == 0x67 || t == 0x47 || t == 0x25) {
    if (!intToF64(v)) return ERR;
    return formatFloat(floatResult, v);
  }
  if (t == 0x63) {
    if (fPrec >= 0) return raise(ValueError, "Precision not allowed in integer format specifier");
    if (fSign != 0) return raise(ValueError, "Sign not allowed with integer format specifier 'c'");
    if (fAlt) return raise(ValueError, "Alternate form (#) not allowed with integer format specifier 'c'");
    if (!isSmallOrBool(v)) return raise(OverflowError, "Python int too large to convert to C long");
    const c = unboxSmall(v);
    if (c < 0 || c >= 0x110000) return raise(OverflowError, "%c arg not in range(0x110000)");
    const b = builderNew(4);
    if (b == 0) return ERR;
    builderCodePoint(b, <u32>c);
    const s = builderFinish(b);
    if (s == 0) return ERR;
    return layoutNumber(false, 0, s);
  }
  if (fZ && (t == 0 || t == 0x64 || t == 0x6E || t == 0x62 || t == 0x6F || t == 0x78 || t == 0x58)) {
    return raise(ValueError, "Negative zero coercion (z) not allowed in integer format specifier");
  }
  let base = 10;
  if (t == 0x62) base = 2;
  else if (t == 0x6F) base = 8;
  else if (t == 0x78 || t == 0x58) base = 16;
  else if (t != 0 && t != 0x64 && t != 0x6E) return unknownCode(v);
  if (fPrec >= 0) return raise(ValueError, "Precision not allowed in integer format specifier");
  const neg = bigSign(v) < 0;
  const mag = neg ? intAbs(v) : v;
  if (mag == ERR) return ERR;
  const raw = base == 10 ? digitsOf(mag) : intToBase(mag, base, false);
  if (neg) decref(mag);
  if (raw == 0) return ERR;
  const prefix: u32 = fAlt && base != 10 ? (t == 0x58 ? 0x58 : t) : 0;
  const hn = head(neg, prefix);
  const b = builderNew(strByteLength(raw) + 8);
  if (b == 0) {
    decref(boxPtr(raw));
    return ERR;
  }
  const upper = t == 0x58;
  const rp = strData(raw);
  const rn = strByteLength(raw);
  if (upper) {
    for (let i: u32 = 0; i < rn; i++) {
      const c = <u32>load<u8>(rp + i);
      store<u8>(rp + i, <u8>(c >= 0x61 && c <= 0x7A ? c - 32 : c));
    }
  }
  appendGrouped(b, rp, rn, fGroup, base == 10 ? 3 : 4, zeroFillWidth(hn));
  decref(boxPtr(raw));
  const body = builderFinish(b);
  if (body == 0) return ERR;
  const r = layout(HEAD, hn, body, true);
  decref(boxPtr(body));
  return r;
}

/**
 * The text of |x| in one of the printf float types: 'e' 'f' 'g' 'r' (lowercase; callers
 * uppercase for E F G), with precision prec (< 0: the default), the '#' flag and CPython's
 * Py_DTSF_ADD_DOT_0 flag; the integer part grouped with `sep`, zero-filled to minWidth.
 */
export function floatBody(x: f64, type: u32, prec: i64, alt: bool, addDot0: bool, sep: u32, minWidth: u32): usize {
  x = abs(x);
  const b = builderNew(32);
  if (b == 0) return 0;
  if (x == Infinity || x != x) {
    builderLiteral(b, x != x ? "nan" : "inf");
    return builderFinish(b);
  }
  let digits: usize = 0;
  let intDigits: i64 = 0;      // digits before the point
  let fracDigits: i64 = 0;     // digits after it
  let useExp = false;
  let exp10: i64 = 0;
  let stripZeros = false;
  if (type == 0x72) {
    // repr: shortest round-trip digits.
    const r = floatRepr(x);
    if (r == 0) {
      builderDiscard(b);
      return 0;
    }
    if (sep == 0 && minWidth == 0) {
      builderDiscard(b);
      return r;
    }
    // Re-group the integer part of the repr.
    const rp = strData(r);
    const rn = strByteLength(r);
    let k: u32 = 0;
    while (k < rn && load<u8>(rp + k) >= 0x30 && load<u8>(rp + k) <= 0x39) k++;
    appendGrouped(b, rp, k, sep, 3, minWidth);
    builderBytes(b, rp + k, rn - k);
    decref(boxPtr(r));
    return builderFinish(b);
  }
  if (type == 0x66) {
    const p = prec < 0 ? 6 : prec;
    digits = hostFixedDigits(x, p);
    if (digits == 0) {
      const q = scaledRound(x, p);
      if (q == ERR) { builderDiscard(b); return 0; }
      digits = digitsOf(q);
      decref(q);
      if (digits == 0) { builderDiscard(b); return 0; }
    }
    const nd = <i64>strByteLength(digits);
    fracDigits = p;
    intDigits = nd - p;
  } else {
    let p = prec < 0 ? 6 : prec;
    if (type == 0x65) p += 1;
    else if (p == 0) p = 1;
    digits = sigDigits(x, <i32>p);
    if (digits == 0) { builderDiscard(b); return 0; }
    exp10 = sigExp;
    if (type == 0x65) {
      useExp = true;
    } else {
      const decpt = exp10 + 1;
      useExp = decpt <= -4 || decpt > (addDot0 ? p - 1 : p);
      stripZeros = !alt;
      if (!useExp) {
        intDigits = decpt;
        fracDigits = p - decpt;
      }
    }
  }
  const dp = strData(digits);
  let nd = <i64>strByteLength(digits);
  if (useExp) {
    if (stripZeros) while (nd > 1 && load<u8>(dp + <usize>(nd - 1)) == 0x30) nd--;
    builderByte(b, load<u8>(dp));
    if (nd > 1 || alt) builderByte(b, 0x2E);
    builderBytes(b, dp + 1, <u32>(nd - 1));
    builderByte(b, 0x65);
    builderByte(b, exp10 < 0 ? 0x2D : 0x2B);
    const ae = exp10 < 0 ? -exp10 : exp10;
    if (ae < 10) builderByte(b, 0x30);
    builderInt(b, ae);
  } else {
    // Digits d[0..nd) with intDigits before the point (may be <= 0: leading zeros).
    let frac = fracDigits;
    if (stripZeros) {
      while (frac > 0 && nd > 0 && load<u8>(dp + <usize>(nd - 1)) == 0x30 && nd > intDigits) {
        nd--;
        frac--;
      }
      if (nd <= intDigits) frac = 0;
    }
    if (intDigits <= 0) {
      appendGrouped(b, dp, 0, sep, 3, minWidth);
    } else {
      // When the digits stop before the point (x >= 10^p with 'g'), pad with zeros.
      const have = min<i64>(intDigits, nd);
      const scratch = builderNew(<u32>intDigits);
      if (scratch == 0) { builderDiscard(b); decref(boxPtr(digits)); return 0; }
      builderBytes(scratch, dp, <u32>have);
      for (let i = have; i < intDigits; i++) builderByte(scratch, 0x30);
      const ip = builderFinish(scratch);
      if (ip == 0) { builderDiscard(b); decref(boxPtr(digits)); return 0; }
      appendGrouped(b, strData(ip), strByteLength(ip), sep, 3, minWidth);
      decref(boxPtr(ip));
    }
    if (frac > 0 || alt) builderByte(b, 0x2E);
    if (frac > 0) {
      // Leading zeros of a number below 1, then the digits after the point.
      let written: i64 = 0;
      for (let i = intDigits; i < 0 && written < frac; i++, written++) builderByte(b, 0x30);
      const from = intDigits > 0 ? intDigits : 0;
      for (let i = from; i < nd && written < frac; i++, written++) builderByte(b, load<u8>(dp + <usize>i));
      for (; written < frac; written++) builderByte(b, 0x30);
    }
    if (addDot0 && frac == 0 && !alt) builderLiteral(b, ".0");
  }
  decref(boxPtr(digits));
  return builderFinish(b);
}

function formatFloat(x: f64, v: Value): Value {
  let t = fType;
  const upper = t == 0x45 || t == 0x46 || t == 0x47;
  if (upper) t += 32;
  let percent = false;
  let addDot0 = false;
  if (t == 0) {
    addDot0 = true;
    t = fPrec < 0 ? 0x72 : 0x67;
  } else if (t == 0x6E) {
    t = 0x67;
  } else if (t == 0x25) {
    t = 0x66;
    x *= 100;
    percent = true;
  } else if (t != 0x65 && t != 0x66 && t != 0x67) {
    return unknownCode(v);
  }
  let neg = (reinterpret<u64>(x) >> 63) != 0 && x == x;
  const hn0 = head(neg, 0);
  let body = floatBody(x, t, fPrec, fAlt, addDot0, fGroup, 0);
  if (body == 0) return ERR;
  // Zero padding with grouping pads the grouped integer part itself (separators included).
  const room = zeroFillWidth(hn0 + (percent ? 1 : 0));
  if (fGroup != 0 && room > strByteLength(body) && x == x && x != Infinity && x != -Infinity) {
    const bp = strData(body);
    let intLen: u32 = 0;
    while (intLen < strByteLength(body) && (load<u8>(bp + intLen) == fGroup || (load<u8>(bp + intLen) >= 0x30 && load<u8>(bp + intLen) <= 0x39))) intLen++;
    const frac = strByteLength(body) - intLen;
    decref(boxPtr(body));
    body = floatBody(x, t, fPrec, fAlt, addDot0, fGroup, room - frac);
    if (body == 0) return ERR;
  }
  if (fZ && neg && x - x == 0) {
    // z: a negative number that rounds to zero loses its sign.
    let zero = true;
    const p = strData(body);
    for (let i: u32 = 0; i < strByteLength(body); i++) {
      const c = load<u8>(p + i);
      if (c == 0x65) break;
      if (c >= 0x31 && c <= 0x39) { zero = false; break; }
    }
    if (zero) neg = false;
  }
  if (upper) {
    const p = strData(body);
    for (let i: u32 = 0; i < strByteLength(body); i++) {
      const c = <u32>load<u8>(p + i);
      if (c >= 0x61 && c <= 0x7A) store<u8>(p + i, <u8>(c - 32));
    }
  }
  let full = body;
  if (percent) {
    const b = builderNew(strByteLength(body) + 1);
    if (b == 0) { decref(boxPtr(body)); return ERR; }
    builderStr(b, body);
    builderByte(b, 0x25);
    decref(boxPtr(body));
    full = builderFinish(b);
    if (full == 0) return ERR;
  }
  return layoutNumber(neg, 0, full);
}

function formatStr(s: usize, v: Value): Value {
  if (fType != 0 && fType != 0x73) return unknownCode(v);
  if (fSign != 0) return raise(ValueError, "Sign not allowed in string format specifier");
  if (fAlt) return raise(ValueError, "Alternate form (#) not allowed in string format specifier");
  if (fZ) return raise(ValueError, "Negative zero coercion (z) not allowed in string format specifier");
  if (fAlign == 0x3D && fImplicitAlign) fAlign = 0x3C; // '05' on a str: zero fill, left aligned
  if (fAlign == 0x3D) return raise(ValueError, "'=' alignment not allowed in string format specifier");
  if (fGroup != 0) {
    const g = strFromLiteral(fGroup == 0x2C ? "," : "_", false);
    const r = raiseWithStr(ValueError, fmtMsg("Cannot specify '%s' with 's'.", g));
    decref(boxPtr(g));
    return r;
  }
  let body = s;
  if (fPrec >= 0 && <i64>strLength(s) > fPrec) {
    const p = strData(s);
    let off: u32 = 0;
    for (let i: i64 = 0; i < fPrec; i++) {
      const c = decodeAt(p + off);
      off += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    }
    const b = builderNew(off);
    if (b == 0) return ERR;
    builderBytes(b, p, off);
    body = builderFinish(b);
    if (body == 0) return ERR;
  } else {
    incref(boxPtr(s));
  }
  if (fWidth <= <i64>strLength(body)) return boxPtr(body);
  const r = layout(HEAD, 0, body, false);
  decref(boxPtr(body));
  return r;
}

/** format(value, spec): spec is a str object, or 0 for the empty spec. */
export function formatValue(v: Value, spec: usize): Value {
  if (isUserObject(v)) {
    const r = callSpecial1(v, S_FORMAT, spec == 0 ? boxPtr(strFromLiteral("", true)) : boxPtr(spec));
    if (r == ERR) return ERR;
    if (r != UNBOUND) {
      if (!isObjectOf(r, STR_TYPE)) {
        const msg = fmtMsg("__format__ must return a str, not %s", typeName(typeOf(r)));
        decref(r);
        return raiseWithStr(TypeError, msg);
      }
      return r;
    }
  }
  const empty = spec == 0 || strByteLength(spec) == 0;
  if (empty && !isFloat(v) && !isSmallInt(v)) {
    const s = strOf(v);
    return s == 0 ? ERR : boxPtr(s);
  }
  // int's and float's __format__ for a class derived from them.
  if (hasBase(v) && baseValue(v) != v) return formatValue(baseValue(v), spec);
  const t = typeOf(v);
  const k = typeKind(t);
  if (k != Kind.INT && k != Kind.BOOL && k != Kind.FLOAT && k != Kind.STR) {
    return raiseWithStr(TypeError, fmtMsg("unsupported format string passed to %s.__format__", typeName(t)));
  }
  if (!parseSpec(spec, v)) return ERR;
  if (isFloat(v)) return formatFloat(unboxFloat(v), v);
  if (k == Kind.STR) return formatStr(unboxPtr(v), v);
  return formatInt(v);
}

// ---- printf-style formatting: str % args ----------------------------------------------------------

function isMappingArg(v: Value): bool {
  // PyMapping_Check and not a tuple or str: anything with __getitem__.
  if (!isPtr(v)) return false;
  const k = typeKind(typeOf(v));
  if (isUserObject(v) && hasSpecial(v, S_GETITEM)) return true;
  return k == Kind.DICT || k == Kind.LIST || k == Kind.RANGE;
}

/**
 * fmt % args. CPython's unicode_format: conversion flags - + space # 0, width and precision
 * (or *), mapping keys %(name)s, and the conversions d i u o x X e E f F g G c r s a %.
 */
export function percentFormat(fmt: usize, args: Value): Value {
  const p = strData(fmt);
  const n = strByteLength(fmt);
  // PyTuple_Check: a class derived from tuple is a tuple of arguments too.
  const isTuple = isPtr(args) && typeKind(typeOf(args)) == Kind.TUPLE;
  const argCount: i64 = isTuple ? <i64>tupleLength(unboxPtr(args)) : 1;
  let argIndex: i64 = 0;
  const mapping = !isTuple && isMappingArg(args) && !isObjectOf(args, STR_TYPE);
  let usedMapping = false;
  const b = builderNew(n + 16);
  if (b == 0) return ERR;
  let i: u32 = 0;
  let charIndex: i64 = 0;
  while (i < n) {
    const c = <u32>load<u8>(p + i);
    if (c != 0x25) {
      // Copy a run of literal bytes.
      let j = i;
      while (j < n && load<u8>(p + j) != 0x25) {
        if ((load<u8>(p + j) & 0xC0) != 0x80) charIndex++;
        j++;
      }
      builderBytes(b, p + i, j - i);
      i = j;
      continue;
    }
    i++;
    charIndex++;
    if (i >= n) {
      builderDiscard(b);
      return raise(ValueError, "incomplete format");
    }
    let item: Value = 0;
    let ownItem = false;
    // %(key)
    if (load<u8>(p + i) == 0x28) {
      if (!mapping) {
        builderDiscard(b);
        return raise(TypeError, "format requires a mapping");
      }
      let depth = 1;
      let j = i + 1;
      while (j < n && depth > 0) {
        const d = load<u8>(p + j);
        if (d == 0x28) depth++;
        else if (d == 0x29) depth--;
        j++;
      }
      if (depth > 0) {
        builderDiscard(b);
        return raise(ValueError, "incomplete format key");
      }
      const key = strFromUtf8Range(p + i + 1, j - i - 2);
      if (key == 0) { builderDiscard(b); return ERR; }
      item = rt_getitem(args, boxPtr(key));
      decref(boxPtr(key));
      if (item == ERR) { builderDiscard(b); return ERR; }
      ownItem = true;
      usedMapping = true;
      charIndex += <i64>(j - i);
      i = j;
    }
    // flags
    let left = false, plus = false, space = false, alt = false, zero = false;
    for (; i < n; i++, charIndex++) {
      const f = load<u8>(p + i);
      if (f == 0x2D) left = true;
      else if (f == 0x2B) plus = true;
      else if (f == 0x20) space = true;
      else if (f == 0x23) alt = true;
      else if (f == 0x30) zero = true;
      else break;
    }
    let width: i64 = -1;
    let prec: i64 = -1;
    if (i < n && load<u8>(p + i) == 0x2A) {
      i++;
      charIndex++;
      const w = nextArg(args, isTuple, argCount, argIndex++);
      if (w == ERR) { if (ownItem) decref(item); builderDiscard(b); return ERR; }
      if (!isSmallInt(w) && !isBool(w)) {
        if (ownItem) decref(item);
        builderDiscard(b);
        return raise(TypeError, "* wants int");
      }
      width = unboxSmall(w);
      if (width < 0) { left = true; width = -width; }
    } else {
      while (i < n && load<u8>(p + i) >= 0x30 && load<u8>(p + i) <= 0x39) {
        if (width < 0) width = 0;
        width = width * 10 + <i64>(load<u8>(p + i) - 0x30);
        i++;
        charIndex++;
      }
    }
    if (i < n && load<u8>(p + i) == 0x2E) {
      i++;
      charIndex++;
      prec = 0;
      if (i < n && load<u8>(p + i) == 0x2A) {
        i++;
        charIndex++;
        const w = nextArg(args, isTuple, argCount, argIndex++);
        if (w == ERR) { if (ownItem) decref(item); builderDiscard(b); return ERR; }
        if (!isSmallInt(w) && !isBool(w)) {
          if (ownItem) decref(item);
          builderDiscard(b);
          return raise(TypeError, "* wants int");
        }
        prec = unboxSmall(w);
        if (prec < 0) prec = 0;
      } else {
        while (i < n && load<u8>(p + i) >= 0x30 && load<u8>(p + i) <= 0x39) {
          prec = prec * 10 + <i64>(load<u8>(p + i) - 0x30);
          i++;
          charIndex++;
        }
      }
    }
    // length modifiers h l L are accepted and ignored
    while (i < n && (load<u8>(p + i) == 0x68 || load<u8>(p + i) == 0x6C || load<u8>(p + i) == 0x4C)) { i++; charIndex++; }
    if (i >= n) {
      if (ownItem) decref(item);
      builderDiscard(b);
      return raise(ValueError, "incomplete format");
    }
    const conv = decodeAt(p + i);
    i += conv < 0x80 ? 1 : conv < 0x800 ? 2 : conv < 0x10000 ? 3 : 4;
    charIndex++;
    if (conv == 0x25) {
      if (ownItem) decref(item);
      builderByte(b, 0x25);
      continue;
    }
    if (item == 0) {
      item = nextArg(args, isTuple, argCount, argIndex++);
      if (item == ERR) { builderDiscard(b); return ERR; }
    }
    const piece = convertOne(conv, item, left, plus, space, alt, zero, width, prec, charIndex - 1);
    if (ownItem) decref(item);
    if (piece == 0) { builderDiscard(b); return ERR; }
    builderStr(b, piece);
    decref(boxPtr(piece));
  }
  if (!mapping && !usedMapping && argIndex < argCount) {
    builderDiscard(b);
    return raise(TypeError, "not all arguments converted during string formatting");
  }
  const s = builderFinish(b);
  return s == 0 ? ERR : boxPtr(s);
}

import { strFromUtf8 } from "./str";
function strFromUtf8Range(p: usize, n: u32): usize { return strFromUtf8(p, n); }

/** The next positional argument (borrowed), or ERR with "not enough arguments". */
function nextArg(args: Value, isTuple: bool, count: i64, index: i64): Value {
  if (index >= count) return raise(TypeError, "not enough arguments for format string");
  return isTuple ? tupleItem(unboxPtr(args), <u32>index) : args;
}

/** One %-conversion of item; a new str, or 0 with an exception pending. */
function convertOne(
  conv: u32, item: Value, left: bool, plus: bool, space: bool, alt: bool, zero: bool, width: i64, prec: i64, at: i64,
): usize {
  fFill = 0x20; fAlign = left ? 0x3C : 0x3E; fSign = plus ? 0x2B : space ? 0x20 : 0; fZ = false; fAlt = alt;
  fZero = false; fWidth = width; fGroup = 0; fPrec = -1; fType = 0;
  if (conv == 0x73 || conv == 0x72 || conv == 0x61) {
    let s: usize;
    if (conv == 0x73) s = strOf(item);
    else if (conv == 0x72) s = reprOf(item);
    else {
      const r = asciiOf(item);
      if (r == ERR) return 0;
      s = unboxPtr(r);
    }
    if (s == 0) return 0;
    fSign = 0;
    fAlt = false;
    fPrec = prec;
    const r = formatStr(s, boxPtr(s));
    decref(boxPtr(s));
    return r == ERR ? 0 : unboxPtr(r);
  }
  if (conv == 0x63) {
    let cp: i64 = -1;
    if (isObjectOf(item, STR_TYPE)) {
      if (strLength(unboxPtr(item)) != 1) {
        raise(TypeError, "%c requires int or char");
        return 0;
      }
      cp = decodeAt(strData(unboxPtr(item)));
    } else if (isInt(item)) {
      cp = isSmallOrBool(item) ? unboxSmall(item) : -1;
      if (cp < 0 || cp >= 0x110000) {
        raise(OverflowError, "%c arg not in range(0x110000)");
        return 0;
      }
    } else {
      raise(TypeError, "%c requires int or char");
      return 0;
    }
    const b = builderNew(4);
    if (b == 0) return 0;
    builderCodePoint(b, <u32>cp);
    const s = builderFinish(b);
    if (s == 0) return 0;
    fSign = 0;
    const r = formatStr(s, boxPtr(s));
    decref(boxPtr(s));
    return r == ERR ? 0 : unboxPtr(r);
  }
  if (zero && !left) {
    fFill = 0x30;
    fAlign = 0x3D;
  }
  const isIntConv = conv == 0x64 || conv == 0x69 || conv == 0x75 || conv == 0x6F || conv == 0x78 || conv == 0x58;
  if (isIntConv) {
    let v = item;
    let own = false;
    if (isFloat(item)) {
      if (conv == 0x6F || conv == 0x78 || conv == 0x58) {
        const cs = charName(conv);
        raiseWithStr(TypeError, fmtMsg("%%s format: an integer is required, not %s", cs, typeName(FLOAT_TYPE)));
        decref(boxPtr(cs));
        return 0;
      }
      v = intFromF64(unboxFloat(item));
      if (v == ERR) return 0;
      own = true;
    } else if (!isInt(item)) {
      const cs = charName(conv);
      if (conv == 0x6F || conv == 0x78 || conv == 0x58) {
        raiseWithStr(TypeError, fmtMsg("%%s format: an integer is required, not %s", cs, typeName(typeOf(item))));
      } else {
        raiseWithStr(TypeError, fmtMsg("%%s format: a real number is required, not %s", cs, typeName(typeOf(item))));
      }
      decref(boxPtr(cs));
      return 0;
    }
    const r = percentInt(v, conv, prec);
    if (own) decref(v);
    return r;
  }
  if (conv == 0x65 || conv == 0x45 || conv == 0x66 || conv == 0x46 || conv == 0x67 || conv == 0x47) {
    let x: f64;
    if (isFloat(item)) x = unboxFloat(item);
    else if (isInt(item)) {
      if (!intToF64(item)) return 0;
      x = floatResult;
    } else {
      raiseWithStr(TypeError, fmtMsg("must be real number, not %s", typeName(typeOf(item))));
      return 0;
    }
    fType = conv;
    fPrec = prec < 0 ? 6 : prec;
    const r = formatFloat(x, boxFloat(x));
    return r == ERR ? 0 : unboxPtr(r);
  }
  const cs = charName(conv);
  raiseWithStr(ValueError, fmtMsg("unsupported format character '%s' (0x%s) at index %d", cs, hexOf(conv), at));
  decref(boxPtr(cs));
  return 0;
}

function hexOf(c: u32): usize {
  const s = intToBase(boxSmall(c), 16, false);
  return s;
}

/** %d %i %u %o %x %X with precision as a minimum digit count. */
function percentInt(v: Value, conv: u32, prec: i64): usize {
  const base = conv == 0x6F ? 8 : conv == 0x78 || conv == 0x58 ? 16 : 10;
  const neg = bigSign(v) < 0;
  const mag = neg ? intAbs(v) : v;
  if (mag == ERR) return 0;
  const raw = base == 10 ? digitsOf(mag) : intToBase(mag, base, false);
  if (neg) decref(mag);
  if (raw == 0) return 0;
  const rp = strData(raw);
  const rn = strByteLength(raw);
  if (conv == 0x58) {
    for (let i: u32 = 0; i < rn; i++) {
      const c = <u32>load<u8>(rp + i);
      if (c >= 0x61 && c <= 0x7A) store<u8>(rp + i, <u8>(c - 32));
    }
  }
  const b = builderNew(rn + 8);
  if (b == 0) { decref(boxPtr(raw)); return 0; }
  for (let i = <i64>rn; i < prec; i++) builderByte(b, 0x30);
  builderBytes(b, rp, rn);
  decref(boxPtr(raw));
  const body = builderFinish(b);
  if (body == 0) return 0;
  const prefix: u32 = fAlt && base != 10 ? (conv == 0x58 ? 0x58 : conv == 0x6F ? 0x6F : 0x78) : 0;
  const hn = head(neg, prefix);
  const r = layout(HEAD, hn, body, true);
  decref(boxPtr(body));
  return r == ERR ? 0 : unboxPtr(r);
}

import { builtinAsciiOf } from "./strmethods";
function asciiOf(v: Value): Value { return builtinAsciiOf(v); }


// ---- f-strings -----------------------------------------------------------------------------------

/**
 * An f-string field: the value after its conversion (-1 none, 115 !s, 114 !r, 97 !a), then
 * format(value, spec) with spec a str or None. A str with no spec is returned as it is.
 */
export function rt_format_value(v: Value, spec: Value, conversion: i32): Value {
  let x = v;
  let own = false;
  if (conversion == 115 || conversion == 114) {
    const s = conversion == 115 ? strOf(v) : reprOf(v);
    if (s == 0) return ERR;
    x = boxPtr(s);
    own = true;
  } else if (conversion == 97) {
    x = asciiOf(v);
    if (x == ERR) return ERR;
    own = true;
  }
  const noSpec = isNone(spec) || strByteLength(unboxPtr(spec)) == 0;
  if (noSpec && isObjectOf(x, STR_TYPE)) {
    if (!own) incref(x);
    return x;
  }
  const r = formatValue(x, noSpec ? 0 : unboxPtr(spec));
  if (own) decref(x);
  return r;
}

/** The concatenation of `count` strs at argv (borrowed): an f-string's pieces. */
export function rt_build_string(argv: usize, count: u32): Value {
  let total: u64 = 0;
  for (let i: u32 = 0; i < count; i++) total += strByteLength(unboxPtr(load<u64>(argv + (<usize>i << 3))));
  if (count == 1) {
    const only = load<u64>(argv);
    incref(only);
    return only;
  }
  const b = builderNew(<u32>min<u64>(total, 0x7FFF_0000));
  if (b == 0) return ERR;
  for (let i: u32 = 0; i < count; i++) builderStr(b, unboxPtr(load<u64>(argv + (<usize>i << 3))));
  const s = builderFinish(b);
  return s == 0 ? ERR : boxPtr(s);
}
