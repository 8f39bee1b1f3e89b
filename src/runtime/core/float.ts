// Python float semantics on f64: floor division and modulo with the divisor's sign, ** with
// CPython's special cases and errors, round() (half to even, and to ndigits exactly), hashing
// consistent with int (hash(1.0) == hash(1)), exact comparison with ints of any size, and
// repr() from the host's shortest round-trip digits.
import { Value, ERR, boxFloat, boxSmall, boxPtr } from "./value";
import { decref } from "./object";
import { raise, ZeroDivisionError, OverflowError, NotImplementedError } from "./exceptions";
import { tupleNew, tupleSetItem } from "./tuple";
import { exceptionNew, setCurrent } from "./exceptions";
import { strFromLiteral, strAlloc, strData, strShrink } from "./str";
import {
  HASH_MODULUS, intFromF64, intFromI64, intCompare, intMul, intPow, intFloorDiv, intMod, intAdd,
  intTrueDiv, intToF64, intLshift, floatResult, isSmallOrBool, bigSign,
} from "./int";
import { unboxSmall } from "./value";
import { alloc, free } from "./alloc";
import { strByteLength, strRepr } from "./str";
import { fmtMsg } from "./format";
import { raiseWithStr, ValueError, rt_err_clear } from "./exceptions";
import { intFromDigitBytes } from "./int";
import { asciiNumeric } from "./unicode-digits";

// ---- arithmetic ----------------------------------------------------------------------------

export function floatTrueDiv(x: f64, y: f64): Value {
  if (y == 0) return raise(ZeroDivisionError, "float division by zero");
  return boxFloat(x / y);
}

/** CPython's float_divmod: the remainder has the divisor's sign, the quotient is floored. */
let fdivQ: f64 = 0;
let fdivR: f64 = 0;

function divmod(x: f64, y: f64): void {
  let mod = x % y; // fmod: exact
  let div = (x - mod) / y;
  if (mod != 0) {
    if ((y < 0) != (mod < 0)) {
      mod += y;
      div -= 1.0;
    }
  } else {
    mod = copysign<f64>(0.0, y);
  }
  let floordiv: f64;
  if (div != 0) {
    floordiv = floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
  } else {
    floordiv = copysign<f64>(0.0, x / y);
  }
  fdivQ = floordiv;
  fdivR = mod;
}

export function floatFloorDiv(x: f64, y: f64): Value {
  if (y == 0) return raise(ZeroDivisionError, "float floor division by zero");
  divmod(x, y);
  return boxFloat(fdivQ);
}

export function floatMod(x: f64, y: f64): Value {
  if (y == 0) return raise(ZeroDivisionError, "float modulo");
  divmod(x, y);
  return boxFloat(fdivR);
}

/** divmod(x, y): returns the quotient; the remainder is in lastFloatRemainder(). */
export function floatDivmod(x: f64, y: f64): Value {
  if (y == 0) return raise(ZeroDivisionError, "float divmod()");
  divmod(x, y);
  return boxFloat(fdivQ);
}
export function lastFloatRemainder(): Value { return boxFloat(fdivR); }

// @ts-ignore: decorator
@inline function isOddInteger(x: f64): bool { return floor(x) == x && abs(x % 2.0) == 1.0; }

/** x ** y with CPython's float_pow rules (C99 Annex F plus Python's errors). */
export function floatPow(x: f64, y: f64): Value {
  if (y == 0) return boxFloat(1.0);
  if (x != x) return boxFloat(x);
  if (y != y) return boxFloat(x == 1.0 ? 1.0 : y);
  if (y == Infinity || y == -Infinity) {
    const ax = abs(x);
    if (ax == 1.0) return boxFloat(1.0);
    return boxFloat((y > 0) == (ax > 1.0) ? Infinity : 0.0);
  }
  if (x == Infinity || x == -Infinity) {
    const odd = isOddInteger(y);
    if (y > 0) return boxFloat(odd ? x : abs(x));
    return boxFloat(odd ? copysign<f64>(0.0, x) : 0.0);
  }
  if (x == 0) {
    if (y < 0) return raise(ZeroDivisionError, "0.0 cannot be raised to a negative power");
    return boxFloat(isOddInteger(y) ? x : 0.0);
  }
  let negate = false;
  if (x < 0) {
    if (floor(y) != y) {
      // CPython returns a complex number here; Molt has no complex type yet.
      return raise(NotImplementedError, "complex results of ** are not supported");
    }
    x = -x;
    negate = isOddInteger(y);
  }
  if (x == 1.0) return boxFloat(negate ? -1.0 : 1.0);
  const r = Math.pow(x, y);
  if (r == Infinity) return raiseRangeError();
  return boxFloat(negate ? -r : r);
}

/** OverflowError(34, 'Numerical result out of range'): what CPython reports for ERANGE. */
function raiseRangeError(): Value {
  const msg = strFromLiteral("Numerical result out of range", false);
  if (msg == 0) return ERR;
  const args = tupleNew(2);
  if (args == 0) {
    decref(boxPtr(msg));
    return ERR;
  }
  tupleSetItem(args, 0, boxSmall(34));
  tupleSetItem(args, 1, boxPtr(msg));
  const e = exceptionNew(OverflowError, args);
  if (e != 0) setCurrent(e);
  return ERR;
}

// ---- round -----------------------------------------------------------------------------------

/** round(x): the nearest int, ties to even (f64.nearest rounds half to even). */
export function floatRound(x: f64): Value {
  return intFromF64(nearest(x));
}

/**
 * round(x, ndigits) computed exactly: x = m * 2^e is scaled by 10^ndigits as a rational,
 * rounded half to even to an integer q, and q / 10^ndigits is then rounded once to the
 * nearest double (intTrueDiv is correctly rounded). CPython gets the same results from
 * correctly rounded decimal conversion.
 */
export function floatRoundDigits(x: f64, ndigits: i64): Value {
  if (x != x || x == Infinity || x == -Infinity || x == 0) return boxFloat(x);
  // Beyond these, rounding cannot change a double (or leaves only zero).
  if (ndigits > 330) return boxFloat(x);
  if (ndigits < -330) return boxFloat(copysign<f64>(0.0, x));
  const neg = x < 0;
  const bits = reinterpret<u64>(abs(x));
  const biased = <i32>(bits >> 52);
  const m: i64 = <i64>(bits & 0xF_FFFF_FFFF_FFFF) | (biased != 0 ? <i64>1 << 52 : 0);
  const e: i64 = <i64>(biased != 0 ? biased - 1075 : -1074);
  // |x| * 10^nd = num / den with num, den ints.
  const k = ndigits >= 0 ? ndigits : -ndigits;
  const p10 = intPow(boxSmall(10), boxSmall(k), 0);
  if (p10 == ERR) return ERR;
  let num: Value = intFromI64(m);
  let den: Value = boxSmall(1);
  if (num == ERR) { decref(p10); return ERR; }
  if (ndigits >= 0) {
    const t = intMul(num, p10);
    decref(num);
    decref(p10);
    num = t;
  } else {
    den = p10;
  }
  if (num == ERR) { decref(den); return ERR; }
  if (e >= 0) num = shiftOwned(num, e); else den = shiftOwned(den, -e);
  if (num == ERR || den == ERR) { decref(num); decref(den); return ERR; }
  // q = round_half_even(num / den)
  let q = intFloorDiv(num, den);
  const r = q == ERR ? ERR : intMod(num, den);
  decref(num);
  if (r == ERR) { decref(q); decref(den); return ERR; }
  const twice = intAdd(r, r);
  decref(r);
  const c = twice == ERR ? 0 : intCompare(twice, den);
  decref(twice);
  decref(den);
  if (twice == ERR) { decref(q); return ERR; }
  if (c > 0 || (c == 0 && isOdd(q))) {
    const t = intAdd(q, boxSmall(1));
    decref(q);
    q = t;
    if (q == ERR) return ERR;
  }
  // The result: q / 10^nd, or q * 10^-nd, rounded once.
  let ok: bool;
  if (ndigits >= 0) {
    const p = intPow(boxSmall(10), boxSmall(k), 0);
    ok = p != ERR && intTrueDiv(q, p);
    decref(p);
  } else {
    const p = intPow(boxSmall(10), boxSmall(k), 0);
    const prod = p == ERR ? ERR : intMul(q, p);
    decref(p);
    ok = prod != ERR && intToF64(prod);
    decref(prod);
    if (!ok && prod != ERR) {
      decref(q);
      return ERR; // OverflowError from the conversion is already pending
    }
  }
  decref(q);
  if (!ok) return ERR;
  const y = floatResult;
  return boxFloat(neg ? -y : y);
}

function shiftOwned(v: Value, n: i64): Value {
  const r = intLshift(v, boxSmall(n));
  decref(v);
  return r;
}

function isOdd(v: Value): bool {
  const r = intMod(v, boxSmall(2));
  const odd = r != ERR && bigSign(r) != 0;
  decref(r);
  return odd;
}

// ---- hashing and comparison with ints ------------------------------------------------------

/**
 * hash(float) as CPython computes it: the value modulo 2^61 - 1, so that an integral float
 * hashes like the equal int. The mantissa is consumed 28 bits at a time. A NaN hashes by its
 * identity, as in CPython 3.10+: the payload that tells NaN objects apart (value.ts).
 */
export function floatHash(x: f64): i64 {
  if (x != x) return <i64>(reinterpret<u64>(x) & 0x0007_FFFF_FFFF_FFFF);
  if (x == Infinity) return 314159;
  if (x == -Infinity) return -314159;
  let sign: i64 = 1;
  if (x < 0) {
    sign = -1;
    x = -x;
  }
  // frexp: x = m * 2^e with 0.5 <= m < 1
  let e: i32 = 0;
  let m = x;
  if (m != 0) {
    const bits = reinterpret<u64>(m);
    let be = <i32>((bits >> 52) & 0x7FF);
    if (be == 0) {
      // Subnormal: normalise by scaling up by 2^64.
      m *= reinterpret<f64>(<u64>(1023 + 64) << 52);
      be = <i32>((reinterpret<u64>(m) >> 52) & 0x7FF) - 64;
    }
    e = be - 1022;
    m = reinterpret<f64>((reinterpret<u64>(m) & 0x800F_FFFF_FFFF_FFFF) | (<u64>1022 << 52));
  }
  let h: u64 = 0;
  while (m != 0) {
    h = ((h << 28) & HASH_MODULUS) | (h >> (61 - 28));
    m *= 268435456.0; // 2^28
    e -= 28;
    const y = <u64>m;
    m -= <f64>y;
    h += y;
    if (h >= HASH_MODULUS) h -= HASH_MODULUS;
  }
  // Multiply by 2^e modulo 2^61 - 1: a rotation by e mod 61.
  const r = e >= 0 ? e % 61 : 61 - 1 - ((-1 - e) % 61);
  h = ((h << <u64>r) & HASH_MODULUS) | (h >> <u64>(61 - r));
  let result = <i64>h * sign;
  if (result == -1) result = -2;
  return result;
}

/** Comparison outcome of floatCompareInt when the float is NaN. */
export const UNORDERED: i32 = 2;

/** Compares a float with an int exactly: -1, 0, 1, or UNORDERED for NaN. */
export function floatCompareInt(x: f64, i: Value): i32 {
  if (x != x) return UNORDERED;
  if (x == Infinity) return 1;
  if (x == -Infinity) return -1;
  if (isSmallOrBool(i)) {
    // |i| < 2^47 converts exactly.
    const y = <f64>unboxSmall(i);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  // Big int: compare the float's integer part exactly as an int, then its fraction.
  const fl = floor(x);
  const fi = intFromF64(fl);
  if (fi == ERR) return 0; // cannot happen for a finite float, except on MemoryError
  let c = intCompare(fi, i);
  decref(fi);
  if (c == 0 && x != fl) c = 1; // x = i + a positive fraction
  return c;
}

// ---- repr ------------------------------------------------------------------------------------

/**
 * The host writes the shortest round-trip digits of a positive finite double in JavaScript's
 * toExponential() form ("d.ddde+x" / "de-x", ASCII) at `out` and returns its length (at most
 * 23 bytes). Implemented in src/runtime/host/float-format.ts.
 */
// @ts-ignore: decorator
@external("molt_host", "float_digits")
declare function hostFloatDigits(x: f64, out: usize): i32;

/** The host's text at +0 (at most 23 bytes: "d." + 16 digits + "e-308"), digits alone at +24. */
const DIGITS_BUF: usize = memory.data(48, 8);

/** repr(x) as a str object; 0 with MemoryError pending. */
export function floatRepr(x: f64): usize {
  if (x != x) return strFromLiteral("nan", false);
  if (x == Infinity) return strFromLiteral("inf", false);
  if (x == -Infinity) return strFromLiteral("-inf", false);
  const neg = (reinterpret<u64>(x) >> 63) != 0;
  if (x == 0) return strFromLiteral(neg ? "-0.0" : "0.0", false);
  const n = hostFloatDigits(abs(x), DIGITS_BUF);
  // Split "d.ddd" and the exponent.
  const digits = DIGITS_BUF + 24; // the significant digits, without the point (at most 17)
  let nd: i32 = 0;
  let i: i32 = 0;
  for (; i < n; i++) {
    const c = load<u8>(DIGITS_BUF + <usize>i);
    if (c == 0x65 /* e */) break;
    if (c != 0x2E) store<u8>(digits + <usize>(nd++), c);
  }
  i++; // 'e'
  const expNeg = load<u8>(DIGITS_BUF + <usize>i) == 0x2D;
  i++; // sign
  let exp: i32 = 0;
  for (; i < n; i++) exp = exp * 10 + (<i32>load<u8>(DIGITS_BUF + <usize>i) - 0x30);
  if (expNeg) exp = -exp;
  // Python's repr: positional notation when -4 <= exp < 16, else d.ddde+XX.
  const decpt = exp + 1;
  const useExp = decpt <= -4 || decpt > 16;
  // Longest form: sign, 17 digits, "0." plus 4 zeros, or 16 zeros, ".0", "e-308".
  const s = strAlloc(48);
  if (s == 0) return 0;
  const p = strData(s);
  let k: usize = 0;
  if (neg) store<u8>(p + k++, 0x2D);
  if (useExp) {
    store<u8>(p + k++, load<u8>(digits));
    if (nd > 1) {
      store<u8>(p + k++, 0x2E);
      for (let j = 1; j < nd; j++) store<u8>(p + k++, load<u8>(digits + <usize>j));
    }
    store<u8>(p + k++, 0x65);
    store<u8>(p + k++, exp < 0 ? 0x2D : 0x2B);
    const ae = exp < 0 ? -exp : exp;
    if (ae >= 100) store<u8>(p + k++, <u8>(0x30 + ae / 100));
    store<u8>(p + k++, <u8>(0x30 + (ae / 10) % 10));
    store<u8>(p + k++, <u8>(0x30 + ae % 10));
  } else if (decpt <= 0) {
    store<u8>(p + k++, 0x30);
    store<u8>(p + k++, 0x2E);
    for (let j = 0; j < -decpt; j++) store<u8>(p + k++, 0x30);
    for (let j = 0; j < nd; j++) store<u8>(p + k++, load<u8>(digits + <usize>j));
  } else if (decpt >= nd) {
    for (let j = 0; j < nd; j++) store<u8>(p + k++, load<u8>(digits + <usize>j));
    for (let j = nd; j < decpt; j++) store<u8>(p + k++, 0x30);
    store<u8>(p + k++, 0x2E);
    store<u8>(p + k++, 0x30);
  } else {
    for (let j = 0; j < nd; j++) {
      if (j == decpt) store<u8>(p + k++, 0x2E);
      store<u8>(p + k++, load<u8>(digits + <usize>j));
    }
  }
  // The block was sized for the longest form; finishing trims nothing but the length field,
  // so shrink it to the bytes written.
  return strShrink(s, 48, <u32>k);
}

// ---- parsing -----------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function isSpaceByte(c: u32): bool { return c == 0x20 || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F); }

function lowerIs(p: usize, n: u32, lit: string): bool {
  if (n != <u32>lit.length) return false;
  for (let i: u32 = 0; i < n; i++) if ((<u32>load<u8>(p + i) | 0x20) != <u32>lit.charCodeAt(i)) return false;
  return true;
}

/**
 * float(text): CPython's grammar (sign, digits with single underscores, fraction, exponent,
 * inf/infinity/nan in any case, surrounding whitespace), correctly rounded: the decimal
 * mantissa and exponent become an exact rational that intTrueDiv rounds once.
 */
export function floatFromStr(orig: usize): Value {
  const s = asciiNumeric(orig);
  if (s == 0) return ERR;
  const r = floatFromAsciiStr(s, orig);
  if (s != orig) decref(boxPtr(s));
  return r;
}

function floatFromAsciiStr(s: usize, orig: usize): Value {
  const base = strData(s);
  let i: u32 = 0, end = strByteLength(s);
  while (i < end && isSpaceByte(load<u8>(base + i))) i++;
  while (end > i && isSpaceByte(load<u8>(base + end - 1))) end--;
  let neg = false;
  if (i < end && (load<u8>(base + i) == 0x2B || load<u8>(base + i) == 0x2D)) {
    neg = load<u8>(base + i) == 0x2D;
    i++;
  }
  const rest = end - i;
  if (lowerIs(base + i, rest, "inf") || lowerIs(base + i, rest, "infinity")) return boxFloat(neg ? -Infinity : Infinity);
  if (lowerIs(base + i, rest, "nan")) return boxFloat(NaN);
  // Mantissa digits (leading zeros dropped) into a scratch buffer; exp10 counts the
  // fraction digits kept.
  const digits = alloc(<usize>rest + 1);
  if (digits == 0) return ERR;
  let nd: u32 = 0;
  let exp10: i64 = 0;
  let sawDigit = false;
  let ok = true;
  let prevDigit = false;
  let inFraction = false;
  for (; i < end; i++) {
    const c = <u32>load<u8>(base + i);
    if (c >= 0x30 && c <= 0x39) {
      sawDigit = true;
      prevDigit = true;
      if (nd != 0 || c != 0x30) store<u8>(digits + nd++, <u8>c);
      if (inFraction) exp10--;
    } else if (c == 0x5F) {
      if (!prevDigit || i + 1 >= end) { ok = false; break; }
      const d = <u32>load<u8>(base + i + 1);
      if (d < 0x30 || d > 0x39) { ok = false; break; }
      prevDigit = false;
    } else if (c == 0x2E && !inFraction) {
      if (i > 0 && load<u8>(base + i - 1) == 0x5F) { ok = false; break; }
      inFraction = true;
      prevDigit = false;
    } else {
      break;
    }
  }
  if (ok && !sawDigit) ok = false;
  if (ok && i < end) {
    const c = <u32>load<u8>(base + i) | 0x20;
    if (c != 0x65) ok = false;
    else {
      i++;
      let eneg = false;
      if (i < end && (load<u8>(base + i) == 0x2B || load<u8>(base + i) == 0x2D)) {
        eneg = load<u8>(base + i) == 0x2D;
        i++;
      }
      let e: i64 = 0;
      let any = false;
      let prev = false;
      for (; i < end; i++) {
        const d = <u32>load<u8>(base + i);
        if (d >= 0x30 && d <= 0x39) {
          if (e < 1_000_000_000) e = e * 10 + <i64>(d - 0x30);
          any = true;
          prev = true;
        } else if (d == 0x5F && prev && i + 1 < end && load<u8>(base + i + 1) >= 0x30 && load<u8>(base + i + 1) <= 0x39) {
          prev = false;
        } else {
          break;
        }
      }
      if (!any || i < end) ok = false;
      exp10 += eneg ? -e : e;
    }
  }
  if (!ok) {
    free(digits, <usize>rest + 1);
    const r = strRepr(orig);
    if (r == 0) return ERR;
    const e = raiseWithStr(ValueError, fmtMsg("could not convert string to float: %s", r));
    decref(boxPtr(r));
    return e;
  }
  let x: f64 = 0;
  if (nd == 0) {
    x = 0;
  } else if (<i64>nd + exp10 > 310) {
    x = Infinity;
  } else if (<i64>nd + exp10 < -330) {
    x = 0;
  } else {
    const m = intFromDigitBytes(digits, nd);
    if (m == ERR) {
      free(digits, <usize>rest + 1);
      return ERR;
    }
    if (exp10 >= 0) {
      const p = intPow(boxSmall(10), boxSmall(exp10), 0);
      const prod = p == ERR ? ERR : intMul(m, p);
      decref(p);
      if (prod == ERR) {
        decref(m);
        free(digits, <usize>rest + 1);
        return ERR;
      }
      if (intToF64(prod)) x = floatResult;
      else {
        rt_err_clear();
        x = Infinity;
      }
      decref(prod);
    } else {
      const p = intPow(boxSmall(10), boxSmall(-exp10), 0);
      if (p == ERR || !intTrueDiv(m, p)) {
        decref(m);
        decref(p);
        free(digits, <usize>rest + 1);
        return ERR;
      }
      x = floatResult;
      decref(p);
    }
    decref(m);
  }
  free(digits, <usize>rest + 1);
  return boxFloat(neg ? -x : x);
}

/** float.fromhex(text): [sign] ['0x'] hexdigits ['.' hexdigits] ['p' exponent], inf, nan. */
export function hexFloatFromStr(s: usize): Value {
  const p = strData(s);
  let i: u32 = 0, end = strByteLength(s);
  while (i < end && isSpaceByte(load<u8>(p + i))) i++;
  while (end > i && isSpaceByte(load<u8>(p + end - 1))) end--;
  let neg = false;
  if (i < end && (load<u8>(p + i) == 0x2B || load<u8>(p + i) == 0x2D)) {
    neg = load<u8>(p + i) == 0x2D;
    i++;
  }
  const rest = end - i;
  if (lowerIs(p + i, rest, "inf") || lowerIs(p + i, rest, "infinity")) return boxFloat(neg ? -Infinity : Infinity);
  if (lowerIs(p + i, rest, "nan")) return boxFloat(NaN);
  if (i + 1 < end && load<u8>(p + i) == 0x30 && (load<u8>(p + i + 1) | 0x20) == 0x78) i += 2;
  // Mantissa as an int of hex digits, with the binary exponent adjusted for fraction digits.
  let m: Value = boxSmall(0);
  let exp: i64 = 0;
  let digits = 0;
  let frac = false;
  for (; i < end; i++) {
    const c = <u32>load<u8>(p + i);
    let d: i32 = -1;
    if (c >= 0x30 && c <= 0x39) d = <i32>(c - 0x30);
    else if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) d = <i32>((c | 0x20) - 0x61 + 10);
    else if (c == 0x2E && !frac) { frac = true; continue; }
    else break;
    const t = intLshift(m, boxSmall(4));
    decref(m);
    if (t == ERR) return ERR;
    m = intAdd(t, boxSmall(d));
    decref(t);
    if (m == ERR) return ERR;
    if (frac) exp -= 4;
    digits++;
  }
  if (digits == 0) {
    decref(m);
    return raise(ValueError, "invalid hexadecimal floating-point string");
  }
  if (i < end && (load<u8>(p + i) | 0x20) == 0x70) {
    i++;
    let eneg = false;
    if (i < end && (load<u8>(p + i) == 0x2B || load<u8>(p + i) == 0x2D)) {
      eneg = load<u8>(p + i) == 0x2D;
      i++;
    }
    let e: i64 = 0;
    let any = false;
    for (; i < end && load<u8>(p + i) >= 0x30 && load<u8>(p + i) <= 0x39; i++) {
      if (e < 1_000_000_000) e = e * 10 + <i64>(load<u8>(p + i) - 0x30);
      any = true;
    }
    if (!any) {
      decref(m);
      return raise(ValueError, "invalid hexadecimal floating-point string");
    }
    exp += eneg ? -e : e;
  }
  if (i != end) {
    decref(m);
    return raise(ValueError, "invalid hexadecimal floating-point string");
  }
  let x: f64;
  if (bigSign(m) == 0) x = 0;
  else if (exp >= 0) {
    if (exp > 2000) {
      decref(m);
      return raise(OverflowError, "hexadecimal value too large to represent as a float");
    }
    const t = intLshift(m, boxSmall(exp));
    if (t == ERR || !intToF64(t)) {
      decref(m);
      decref(t);
      rt_err_clear();
      return raise(OverflowError, "hexadecimal value too large to represent as a float");
    }
    decref(t);
    x = floatResult;
  } else {
    const den = intLshift(boxSmall(1), boxSmall(-exp < 5000 ? -exp : 5000));
    if (den == ERR || !intTrueDiv(m, den)) {
      decref(m);
      decref(den);
      return ERR;
    }
    decref(den);
    x = floatResult;
  }
  decref(m);
  return boxFloat(neg ? -x : x);
}
