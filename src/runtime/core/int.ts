// Python int: small ints live in the Value itself (48-bit payload, value.ts); anything larger
// is a heap bigint: a signed limb count (sign of the value, magnitude's length) followed by
// 32-bit limbs, little-endian, never with a leading zero limb, and never in the small range:
// every operation returns the small form when the result fits, so equal ints box equally.
// bool is an int here too (True + 1 == 2). Magnitude arithmetic is in bigint.ts.
import { realloc } from "./alloc";
import {
  Value, ERR, boxPtr, unboxPtr, isSmallInt, isBool, boxSmall, unboxSmall, fitsSmall, SMALL_MAX,
} from "./value";
import { INT_TYPE, IMMORTAL, newObject, freeObject, isObjectOf, decref } from "./object";
import {
  raise, raiseMemoryError, ZeroDivisionError, ValueError, OverflowError,
} from "./exceptions";
import {
  limb, setLimb, magTrim, magCmp, magAdd, magSub, magMul, magMulAddSmall, magDivSmall, magDivRem,
  magShiftLeftBits, magShiftRightBits, magBitLength, magLowBitsSet, magBitsAt,
} from "./bigint";
import { alloc, free } from "./alloc";
import { strAlloc, strData, strByteLength, strFinishNew, strFromUtf8, strRepr } from "./str";
import { strFormat, fmtMsg } from "./format";
import { raiseWithStr } from "./exceptions";
import { asciiNumeric } from "./unicode-digits";
import { strIsAscii } from "./str";

const BIG_SIZE: usize = 8;   // i32: sign * number of limbs
export const BIG_LIMBS: usize = 12;

// Two scratch magnitudes for small operands, so mixed small/big operations need no allocation.
const SCRATCH_A: usize = memory.data(8, 8);
const SCRATCH_B: usize = memory.data(8, 8);

/** Is v an int (small, bool or big)? */
// @ts-ignore: decorator
@inline export function isInt(v: Value): bool {
  return isSmallInt(v) || isBool(v) || isObjectOf(v, INT_TYPE);
}

/** Is v small (or a bool), so unboxSmall gives its value? */
// @ts-ignore: decorator
@inline export function isSmallOrBool(v: Value): bool { return isSmallInt(v) || isBool(v); }

// @ts-ignore: decorator
@inline function bigLen(p: usize): i32 { return abs(load<i32>(p, BIG_SIZE)); }
// @ts-ignore: decorator
@inline function bigSizeBytes(n: i32): usize { return BIG_LIMBS + (<usize>n << 2); }

export function bigDealloc(p: usize): void {
  freeObject(p, bigSizeBytes(bigLen(p)));
}

/** A bigint object with room for n limbs (contents unset); 0 with MemoryError pending. */
function bigAlloc(n: i32): usize {
  if (n > 0x0800_0000) {
    raise(OverflowError, "too many digits in integer");
    return 0;
  }
  const p = newObject(INT_TYPE, bigSizeBytes(n));
  if (p != 0) store<i32>(p, n, BIG_SIZE);
  return p;
}

/**
 * Turns a bigint object whose allocated limbs hold a magnitude into a normalised int: leading
 * zeros trimmed, the block shrunk, and the small form if the value fits.
 */
function bigFinish(p: usize, sign: i32): Value {
  const cap = load<i32>(p, BIG_SIZE);
  const n = magTrim(p + BIG_LIMBS, cap);
  if (n <= 2) {
    const m = n == 0 ? <u64>0 : n == 1 ? limb(p + BIG_LIMBS, 0) : limb(p + BIG_LIMBS, 0) | (limb(p + BIG_LIMBS, 1) << 32);
    if (m <= <u64>SMALL_MAX || (sign < 0 && m == <u64>SMALL_MAX + 1)) {
      freeObject(p, bigSizeBytes(cap));
      return boxSmall(sign < 0 ? -<i64>m : <i64>m);
    }
  }
  // Shrinking never needs new memory: realloc only fails when growing.
  const q = n == cap ? p : realloc(p, bigSizeBytes(cap), bigSizeBytes(n));
  store<i32>(q, sign < 0 ? -n : n, BIG_SIZE);
  return boxPtr(q);
}

/** The int of a magnitude copied from (p, n) with the given sign. */
function fromMag(sign: i32, p: usize, n: i32): Value {
  const r = bigAlloc(n);
  if (r == 0) return ERR;
  memory.copy(r + BIG_LIMBS, p, <usize>n << 2);
  return bigFinish(r, sign);
}

/** Any i64 as an int. */
export function intFromI64(x: i64): Value {
  if (fitsSmall(x)) return boxSmall(x);
  const r = bigAlloc(2);
  if (r == 0) return ERR;
  const m: u64 = x < 0 ? <u64>(-x) : <u64>x; // -i64.MIN wraps to 2^63 as u64: still right
  setLimb(r + BIG_LIMBS, 0, m);
  setLimb(r + BIG_LIMBS, 1, m >> 32);
  return bigFinish(r, x < 0 ? -1 : 1);
}

// ---- operand views -------------------------------------------------------------------------
// An operand is seen as (sign, limbs address, limb count). Small values are written to a
// scratch buffer; each entry point uses SCRATCH_A for its first operand and SCRATCH_B for its
// second and has finished with both before calling another int operation.

let viewSign: i32 = 0;
let viewLen: i32 = 0;

function view(v: Value, scratch: usize): usize {
  if (isSmallOrBool(v)) {
    const x = unboxSmall(v);
    const m: u64 = x < 0 ? <u64>(-x) : <u64>x;
    store<u64>(scratch, m);
    viewSign = x < 0 ? -1 : x > 0 ? 1 : 0;
    viewLen = m == 0 ? 0 : m <= 0xFFFF_FFFF ? 1 : 2;
    return scratch;
  }
  const p = unboxPtr(v);
  const s = load<i32>(p, BIG_SIZE);
  viewSign = s < 0 ? -1 : 1;
  viewLen = abs(s);
  return p + BIG_LIMBS;
}

/** -1, 0 or 1. */
export function bigSign(v: Value): i32 {
  if (isSmallOrBool(v)) {
    const x = unboxSmall(v);
    return x < 0 ? -1 : x > 0 ? 1 : 0;
  }
  return load<i32>(unboxPtr(v), BIG_SIZE) < 0 ? -1 : 1;
}

// ---- + - * ---------------------------------------------------------------------------------

function addSigned(as: i32, ap: usize, an: i32, bs: i32, bp: usize, bn: i32): Value {
  if (bs == 0) return fromMag(as, ap, an);
  if (as == 0) return fromMag(bs, bp, bn);
  if (as == bs) {
    const r = bigAlloc(max(an, bn) + 1);
    if (r == 0) return ERR;
    magAdd(ap, an, bp, bn, r + BIG_LIMBS);
    return bigFinish(r, as);
  }
  const c = magCmp(ap, an, bp, bn);
  if (c == 0) return boxSmall(0);
  if (c > 0) {
    const r = bigAlloc(an);
    if (r == 0) return ERR;
    magSub(ap, an, bp, bn, r + BIG_LIMBS);
    return bigFinish(r, as);
  }
  const r = bigAlloc(bn);
  if (r == 0) return ERR;
  magSub(bp, bn, ap, an, r + BIG_LIMBS);
  return bigFinish(r, bs);
}

export function intAdd(a: Value, b: Value): Value {
  if (isSmallOrBool(a) && isSmallOrBool(b)) return intFromI64(unboxSmall(a) + unboxSmall(b));
  const ap = view(a, SCRATCH_A); const as = viewSign, an = viewLen;
  const bp = view(b, SCRATCH_B);
  return addSigned(as, ap, an, viewSign, bp, viewLen);
}

export function intSub(a: Value, b: Value): Value {
  if (isSmallOrBool(a) && isSmallOrBool(b)) return intFromI64(unboxSmall(a) - unboxSmall(b));
  const ap = view(a, SCRATCH_A); const as = viewSign, an = viewLen;
  const bp = view(b, SCRATCH_B);
  return addSigned(as, ap, an, -viewSign, bp, viewLen);
}

export function intMul(a: Value, b: Value): Value {
  if (isSmallOrBool(a) && isSmallOrBool(b)) {
    const x = unboxSmall(a), y = unboxSmall(b);
    // |x|, |y| < 2^31 cannot overflow i64.
    if (fitsI32(x) && fitsI32(y)) return intFromI64(x * y);
  }
  const ap = view(a, SCRATCH_A); const as = viewSign, an = viewLen;
  const bp = view(b, SCRATCH_B); const bs = viewSign, bn = viewLen;
  if (as == 0 || bs == 0) return boxSmall(0);
  const r = bigAlloc(an + bn);
  if (r == 0) return ERR;
  magMul(ap, an, bp, bn, r + BIG_LIMBS);
  return bigFinish(r, as * bs);
}

// @ts-ignore: decorator
@inline function fitsI32(x: i64): bool { return x == <i64><i32>x; }

export function intNeg(a: Value): Value {
  if (isSmallOrBool(a)) return intFromI64(-unboxSmall(a));
  const ap = view(a, SCRATCH_A);
  return fromMag(-viewSign, ap, viewLen);
}

export function intAbs(a: Value): Value {
  if (isSmallOrBool(a)) {
    const x = unboxSmall(a);
    return intFromI64(x < 0 ? -x : x);
  }
  const ap = view(a, SCRATCH_A);
  return fromMag(1, ap, viewLen);
}

/** +a: the int itself (bools become ints). */
export function intPos(a: Value): Value {
  if (isBool(a)) return boxSmall(unboxSmall(a));
  const ap = view(a, SCRATCH_A);
  return fromMag(viewSign, ap, viewLen);
}

// ---- division ------------------------------------------------------------------------------

/** Results of intDivmod (owned), valid when it returns true. */
let divQ: Value = 0;
let divR: Value = 0;

/**
 * Floor division and modulo with Python's signs (the remainder takes the divisor's sign).
 * wantQ / wantR select which results to build. `zeroMsg` is the ZeroDivisionError message.
 */
function intDivmod(a: Value, b: Value, wantQ: bool, wantR: bool, zeroMsg: string): bool {
  if (isSmallOrBool(a) && isSmallOrBool(b)) {
    const x = unboxSmall(a), y = unboxSmall(b);
    if (y == 0) {
      raise(ZeroDivisionError, zeroMsg);
      return false;
    }
    let q = x / y, r = x % y;
    if (r != 0 && ((r ^ y) < 0)) {
      q -= 1;
      r += y;
    }
    divQ = wantQ ? intFromI64(q) : 0; // -2^47 / -1 = 2^47 leaves the small range
    divR = boxSmall(r);
    return divQ != ERR;
  }
  const ap = view(a, SCRATCH_A); const as = viewSign, an = viewLen;
  const bp = view(b, SCRATCH_B); const bs = viewSign, bn = viewLen;
  if (bs == 0) {
    raise(ZeroDivisionError, zeroMsg);
    return false;
  }
  if (magCmp(ap, an, bp, bn) < 0) {
    // |a| < |b|: quotient 0 (or -1), remainder a (or a + b).
    if (as == 0 || as == bs) {
      divQ = boxSmall(0);
      divR = wantR ? fromMag(as, ap, an) : 0;
    } else {
      divQ = boxSmall(-1);
      divR = wantR ? addSigned(as, ap, an, bs, bp, bn) : 0;
    }
    return divR != ERR;
  }
  const qn = an - bn + 1;
  const q = bigAlloc(qn);
  if (q == 0) return false;
  const r = bigAlloc(bn);
  if (r == 0) {
    freeObject(q, bigSizeBytes(qn));
    return false;
  }
  if (bn == 1) {
    setLimb(r + BIG_LIMBS, 0, magDivSmall(ap, an, limb(bp, 0), q + BIG_LIMBS));
    // magDivSmall writes an limbs of quotient: q was sized an - 1 + 1 = an. Good.
  } else if (!magDivRem(ap, an, bp, bn, q + BIG_LIMBS, r + BIG_LIMBS)) {
    freeObject(q, bigSizeBytes(qn));
    freeObject(r, bigSizeBytes(bn));
    raiseMemoryError();
    return false;
  }
  const remZero = magTrim(r + BIG_LIMBS, bn) == 0;
  if (as != bs && !remZero) {
    // Round the quotient toward -inf: q = q + 1 (as a magnitude), r = |b| - r.
    magAdd1(q + BIG_LIMBS, qn);
    magSub(bp, bn, r + BIG_LIMBS, bn, r + BIG_LIMBS);
  }
  let qv = bigFinish(q, as * bs);
  let rv = bigFinish(r, bs);
  if (!wantQ) { decref(qv); qv = 0; }
  if (!wantR) { decref(rv); rv = 0; }
  divQ = qv;
  divR = rv;
  return true;
}

/** Adds 1 to a magnitude that has a spare top limb or cannot carry out of it. */
function magAdd1(p: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const s = limb(p, i) + 1;
    setLimb(p, i, s);
    if (s <= 0xFFFF_FFFF) return;
  }
}

export function intFloorDiv(a: Value, b: Value): Value {
  return intDivmod(a, b, true, false, "integer division or modulo by zero") ? divQ : ERR;
}

export function intMod(a: Value, b: Value): Value {
  return intDivmod(a, b, false, true, "integer modulo by zero") ? divR : ERR;
}

/** divmod(a, b) as two results: the quotient is returned, the remainder left in divR. */
export function intDivmodPair(a: Value, b: Value): Value {
  return intDivmod(a, b, true, true, "integer division or modulo by zero") ? divQ : ERR;
}
export function lastRemainder(): Value { return divR; }

// ---- powers --------------------------------------------------------------------------------

/**
 * a ** b for b >= 0, or pow(a, b, m) when m is not 0 (m an int). Square-and-multiply over
 * the exponent's bits from the top.
 */
export function intPow(a: Value, b: Value, m: Value): Value {
  const bp = view(b, SCRATCH_B); const bn = viewLen;
  const bits = magBitLength(bp, bn);
  if (isSmallOrBool(a)) {
    const x = unboxSmall(a);
    if (m == 0 && (x == 0 || x == 1)) return boxSmall(bits == 0 ? 1 : x);
    if (m == 0 && x == -1) return boxSmall(bits == 0 || (limb(bp, 0) & 1) == 0 ? 1 : -1);
  }
  // A result that could not fit in linear memory (4 GiB, 2^35 bits) fails at once, rather
  // than after hours of squaring: CPython ends the same computation with MemoryError.
  if (m == 0 && bits > 0) {
    const ap = view(a, SCRATCH_A);
    const abits = magBitLength(ap, viewLen);
    if (abits > 1 && (bits > 36 || <u64>(abits - 1) * (<u64>1 << (bits - 1)) > (<u64>1 << 35))) {
      raiseMemoryError();
      return ERR;
    }
  }
  // The exponent is copied: the scratch view of b is reused by the operations below.
  const ebytes = <usize>bn << 2;
  const e = alloc(ebytes);
  if (e == 0) {
    raiseMemoryError();
    return ERR;
  }
  memory.copy(e, bp, ebytes);
  let result: Value = boxSmall(1);
  const base: Value = m != 0 ? intMod(a, m) : intPos(a);
  if (base == ERR) {
    free(e, ebytes);
    return ERR;
  }
  for (let i = <i64>bits - 1; i >= 0; i--) {
    let t = intMul(result, result);
    decref(result);
    result = t;
    if (result != ERR && m != 0) { t = intMod(result, m); decref(result); result = t; }
    if (result == ERR) break;
    if (((limb(e, <i32>(i >> 5)) >> <u64>(i & 31)) & 1) != 0) {
      t = intMul(result, base);
      decref(result);
      result = t;
      if (result != ERR && m != 0) { t = intMod(result, m); decref(result); result = t; }
      if (result == ERR) break;
    }
  }
  free(e, ebytes);
  if (bits == 0 && m != 0 && result != ERR) {
    // x ** 0 % m is 1 % m (0 when |m| == 1).
    const t = intMod(result, m);
    decref(result);
    result = t;
  }
  decref(base);
  return result;
}

/** The inverse of a modulo m (m > 0) by the extended Euclidean algorithm, or ValueError. */
export function intModInverse(a: Value, m: Value): Value {
  // Invariants: r0 = s0 * a (mod m), r1 = s1 * a (mod m).
  let r0 = intMod(a, m);
  if (r0 == ERR) return ERR;
  let r1: Value = intPos(m);
  let s0: Value = boxSmall(1);
  let s1: Value = boxSmall(0);
  while (bigSign(r1) != 0) {
    if (!intDivmod(r0, r1, true, true, "")) break;
    const q = divQ, rem = divR;
    const qs = intMul(q, s1);
    const s2 = qs == ERR ? ERR : intSub(s0, qs);
    decref(q);
    decref(qs);
    decref(r0);
    r0 = r1;
    r1 = rem;
    decref(s0);
    s0 = s1;
    s1 = s2;
    if (s2 == ERR) break;
  }
  const ok = bigSign(r1) == 0;
  const invertible = ok && isSmallOrBool(r0) && unboxSmall(r0) == 1;
  decref(r0);
  decref(r1);
  decref(s1);
  if (!ok) {
    decref(s0);
    return ERR;
  }
  if (!invertible) {
    decref(s0);
    return raise(ValueError, "base is not invertible for the given modulus");
  }
  const inv = intMod(s0, m);
  decref(s0);
  return inv;
}

// ---- comparisons and hashing ---------------------------------------------------------------

/** -1, 0 or 1. */
export function intCompare(a: Value, b: Value): i32 {
  if (isSmallOrBool(a) && isSmallOrBool(b)) {
    const x = unboxSmall(a), y = unboxSmall(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const ap = view(a, SCRATCH_A); const as = viewSign, an = viewLen;
  const bp = view(b, SCRATCH_B); const bs = viewSign, bn = viewLen;
  if (as != bs) return as < bs ? -1 : 1;
  const c = magCmp(ap, an, bp, bn);
  return as < 0 ? -c : c;
}

/** 2^61 - 1: CPython's hash modulus for numbers (sys.hash_info.modulus). */
export const HASH_MODULUS: u64 = (<u64>1 << 61) - 1;

/** hash(int): the value modulo 2^61 - 1 with its sign; -1 becomes -2. */
export function intHash(v: Value): i64 {
  let h: i64;
  if (isSmallOrBool(v)) {
    h = unboxSmall(v); // |x| < 2^47 < modulus
  } else {
    const p = view(v, SCRATCH_A);
    const sign = viewSign;
    let x: u64 = 0;
    for (let i = viewLen - 1; i >= 0; i--) {
      // x * 2^32 mod (2^61 - 1) is a 61-bit rotation by 32, since 2^61 = 1 (mod 2^61 - 1).
      x = ((x << 32) & HASH_MODULUS) | (x >> 29);
      x += limb(p, i);
      if (x >= HASH_MODULUS) x -= HASH_MODULUS;
    }
    h = sign < 0 ? -<i64>x : <i64>x;
  }
  return h == -1 ? -2 : h;
}

// ---- bit operations ------------------------------------------------------------------------

/** ~a = -(a + 1) */
export function intInvert(a: Value): Value {
  if (isSmallOrBool(a)) return intFromI64(~unboxSmall(a));
  const t = intAdd(a, boxSmall(1));
  if (t == ERR) return ERR;
  const r = intNeg(t);
  decref(t);
  return r;
}

/**
 * Writes the n-limb two's complement of an operand (sign, magnitude) to r: the magnitude for
 * non-negative values, its negation modulo 2^(32n) for negative ones.
 */
function twosComplement(sign: i32, p: usize, len: i32, r: usize, n: i32): void {
  for (let i = 0; i < n; i++) setLimb(r, i, i < len ? limb(p, i) : 0);
  if (sign < 0) {
    let carry: u64 = 1;
    for (let i = 0; i < n; i++) {
      const s = (~limb(r, i) & 0xFFFF_FFFF) + carry;
      setLimb(r, i, s);
      carry = s >> 32;
    }
  }
}

const OP_AND = 0;
const OP_OR = 1;
const OP_XOR = 2;

/** &, |, ^ on infinite-precision two's complement, as Python defines them for negatives. */
export function intBitwise(a: Value, b: Value, op: i32): Value {
  if (isSmallOrBool(a) && isSmallOrBool(b)) {
    const x = unboxSmall(a), y = unboxSmall(b);
    return boxSmall(op == OP_AND ? x & y : op == OP_OR ? x | y : x ^ y);
  }
  const ap = view(a, SCRATCH_A); const as = viewSign, an = viewLen;
  const bp = view(b, SCRATCH_B); const bs = viewSign, bn = viewLen;
  // One limb more than either operand holds the sign of the result.
  const n = max(an, bn) + 1;
  const r = bigAlloc(n);
  if (r == 0) return ERR;
  const tb = alloc(<usize>n << 2);
  if (tb == 0) {
    freeObject(r, bigSizeBytes(n));
    raiseMemoryError();
    return ERR;
  }
  const rl = r + BIG_LIMBS;
  twosComplement(as, ap, an, rl, n);
  twosComplement(bs, bp, bn, tb, n);
  for (let i = 0; i < n; i++) {
    const x = limb(rl, i), y = limb(tb, i);
    setLimb(rl, i, op == OP_AND ? x & y : op == OP_OR ? x | y : x ^ y);
  }
  free(tb, <usize>n << 2);
  const negative = (limb(rl, n - 1) >> 31) != 0;
  if (negative) twosComplement(-1, rl, n, rl, n);
  return bigFinish(r, negative ? -1 : 1);
}

export function intAnd(a: Value, b: Value): Value { return intBitwise(a, b, OP_AND); }
export function intOr(a: Value, b: Value): Value { return intBitwise(a, b, OP_OR); }
export function intXor(a: Value, b: Value): Value { return intBitwise(a, b, OP_XOR); }

/** The shift count as an i64, or -1 with ValueError / -2 if larger than any i64. */
function shiftCount(b: Value): i64 {
  if (bigSign(b) < 0) {
    raise(ValueError, "negative shift count");
    return -1;
  }
  if (isSmallOrBool(b)) return unboxSmall(b);
  return -2;
}

export function intLshift(a: Value, b: Value): Value {
  const n = shiftCount(b);
  if (n == -1) return ERR;
  if (bigSign(a) == 0) return boxSmall(0);
  if (n == -2 || n > 0x0FFF_FFFF * 32) return raise(OverflowError, "too many digits in integer");
  if (isSmallOrBool(a) && n < 16) return intFromI64(unboxSmall(a) << n);
  const ap = view(a, SCRATCH_A); const as = viewSign, an = viewLen;
  const whole = <i32>(n >> 5);
  const bits = <u64>(n & 31);
  const rn = an + whole + 1;
  const r = bigAlloc(rn);
  if (r == 0) return ERR;
  const rl = r + BIG_LIMBS;
  memory.fill(rl, 0, <usize>whole << 2);
  setLimb(rl, rn - 1, magShiftLeftBits(ap, an, bits, rl + (<usize>whole << 2)));
  return bigFinish(r, as);
}

/** a >> n rounds toward -inf: for negative a, (|a| >> n) + 1 if any 1 bit was shifted out. */
export function intRshift(a: Value, b: Value): Value {
  const n = shiftCount(b);
  if (n == -1) return ERR;
  const as0 = bigSign(a);
  if (n == -2) return boxSmall(as0 < 0 ? -1 : 0);
  if (isSmallOrBool(a)) {
    const x = unboxSmall(a);
    return boxSmall(n >= 63 ? (x < 0 ? -1 : 0) : x >> n);
  }
  const ap = view(a, SCRATCH_A); const as = viewSign, an = viewLen;
  const whole = <i64>(n >> 5);
  if (whole >= <i64>an) return boxSmall(as < 0 ? -1 : 0);
  const rn = an - <i32>whole;
  const r = bigAlloc(rn + 1);
  if (r == 0) return ERR;
  const rl = r + BIG_LIMBS;
  let lost = magLowBitsSet(ap, an, <u64>n);
  magShiftRightBits(ap + (<usize>whole << 2), rn, <u64>(n & 31), rl);
  setLimb(rl, rn, 0);
  if (as < 0 && lost) magAdd1(rl, rn + 1);
  return bigFinish(r, as);
}

// ---- conversions to and from float -----------------------------------------------------------

/** 2^k for -1074 <= k <= 1023, built from its bits (exact). */
function pow2(k: i32): f64 {
  if (k >= -1022) return reinterpret<f64>(<u64>(k + 1023) << 52);
  return reinterpret<f64>(<u64>1 << <u64>(k + 1074));
}

/** m * 2^e, exactly, for a 53-bit (or smaller) m that the caller has already rounded. */
function scale(m: u64, e: i32): f64 {
  let x = <f64>m;
  // Two steps keep each factor a representable power of two; only the last can round, and
  // the caller has rounded m to the precision the result has, so none does.
  while (e > 1023) { x *= pow2(1023); e -= 1023; }
  while (e < -1022) { x *= pow2(-1022); e += 1022; }
  return x * pow2(e);
}

/**
 * Rounds the value (q + sticky) * 2^exp to a double, half to even, where q is an unsigned
 * integer and `sticky` says whether anything non-zero lies below q's lowest bit. Returns
 * infinity if the result overflows.
 */
export function roundToDouble(q: u64, sticky: bool, exp: i32): f64 {
  if (q == 0) return 0;
  const n = <i32>(64 - clz(q));      // bits in q
  const top = n - 1 + exp;           // exponent of q's top bit
  if (top > 1023) return Infinity;
  // The result keeps bits down to 2^ulpExp: 53 significant bits, fewer for subnormals.
  const ulpExp = max(top - 52, -1074);
  const drop = ulpExp - exp;
  if (drop <= 0) return scale(q, exp);
  if (drop > 64) return 0;
  let m = drop == 64 ? <u64>0 : q >> <u64>drop;
  const rest = drop == 64 ? q : q & ((<u64>1 << <u64>drop) - 1);
  const half = <u64>1 << <u64>(drop - 1);
  if (rest > half || (rest == half && (sticky || (m & 1) != 0))) m++;
  const x = scale(m, ulpExp);
  return x;
}

/** float(a); false (OverflowError pending) if a is too large. Result in `floatResult`. */
export let floatResult: f64 = 0;

export function intToF64(a: Value): bool {
  if (isSmallOrBool(a)) {
    floatResult = <f64>unboxSmall(a); // |x| < 2^47: exact
    return true;
  }
  const ap = view(a, SCRATCH_A); const as = viewSign, an = viewLen;
  const bits = magBitLength(ap, an);
  // The top 64 bits and whether anything below them is set round correctly in one step.
  const shift = bits > 64 ? bits - 64 : 0;
  const q = magBitsAt(ap, an, shift);
  const x = roundToDouble(q, magLowBitsSet(ap, an, shift), <i32>shift);
  if (x == Infinity) {
    raise(OverflowError, "int too large to convert to float");
    return false;
  }
  floatResult = as < 0 ? -x : x;
  return true;
}

/**
 * a / b for ints, correctly rounded: the quotient is computed to at least 55 significant
 * bits with a sticky bit for the remainder, then rounded once (roundToDouble).
 */
export function intTrueDiv(a: Value, b: Value): bool {
  if (isSmallOrBool(a) && isSmallOrBool(b)) {
    const y = unboxSmall(b);
    if (y == 0) {
      raise(ZeroDivisionError, "division by zero");
      return false;
    }
    // Both below 2^53 in magnitude: exact operands, one IEEE rounding.
    floatResult = <f64>unboxSmall(a) / <f64>y;
    return true;
  }
  const ap = view(a, SCRATCH_A); const as = viewSign, an = viewLen;
  const bp = view(b, SCRATCH_B); const bs = viewSign, bn = viewLen;
  if (bs == 0) {
    raise(ZeroDivisionError, "division by zero");
    return false;
  }
  if (as == 0) {
    floatResult = bs < 0 ? -0.0 : 0.0;
    return true;
  }
  const la = <i64>magBitLength(ap, an), lb = <i64>magBitLength(bp, bn);
  // Scale so that q = floor(a * 2^s / b) has 55 or 56 bits.
  const s = 55 + lb - la;
  if (la - lb > 1025) {
    raise(OverflowError, "integer division result too large for a float");
    return false;
  }
  if (s < -1200 || s > 1200 + 55) {
    // Far below the smallest subnormal.
    floatResult = as * bs < 0 ? -0.0 : 0.0;
    return true;
  }
  // Shifted operands: numerator a << s (or a), denominator b << -s (or b).
  const sa = s > 0 ? s : 0, sb = s < 0 ? -s : 0;
  const na = an + <i32>(sa >> 5) + 2, nb = bn + <i32>(sb >> 5) + 2;
  const num = alloc(<usize>na << 2);
  const den = alloc(<usize>nb << 2);
  const qbuf = alloc(<usize>(na + 1) << 2);
  const rbuf = alloc(<usize>(nb + 1) << 2);
  let ok = num != 0 && den != 0 && qbuf != 0 && rbuf != 0;
  let q: u64 = 0;
  let sticky = false;
  if (ok) {
    const n1 = shiftInto(ap, an, <u64>sa, num, na);
    const n2 = shiftInto(bp, bn, <u64>sb, den, nb);
    if (n2 == 1) {
      const rem = magDivSmall(num, n1, limb(den, 0), qbuf);
      sticky = rem != 0;
      q = magBitsAt(qbuf, magTrim(qbuf, n1), 0);
    } else if (n1 < n2) {
      q = 0;
      sticky = true;
    } else {
      ok = magDivRem(num, n1, den, n2, qbuf, rbuf);
      if (ok) {
        sticky = magTrim(rbuf, n2) != 0;
        q = magBitsAt(qbuf, magTrim(qbuf, n1 - n2 + 1), 0);
      }
    }
  }
  if (num != 0) free(num, <usize>na << 2);
  if (den != 0) free(den, <usize>nb << 2);
  if (qbuf != 0) free(qbuf, <usize>(na + 1) << 2);
  if (rbuf != 0) free(rbuf, <usize>(nb + 1) << 2);
  if (!ok) {
    raiseMemoryError();
    return false;
  }
  const x = roundToDouble(q, sticky, <i32>-s);
  if (x == Infinity) {
    raise(OverflowError, "integer division result too large for a float");
    return false;
  }
  floatResult = as * bs < 0 ? -x : x;
  return true;
}

/** dst = src << bits (dst has room for cap limbs); returns the trimmed length. */
function shiftInto(src: usize, n: i32, bits: u64, dst: usize, cap: i32): i32 {
  memory.fill(dst, 0, <usize>cap << 2);
  const whole = <usize>(bits >> 5);
  setLimb(dst + (whole << 2), n, magShiftLeftBits(src, n, bits & 31, dst + (whole << 2)));
  return magTrim(dst, cap);
}

/** int(x) for a finite float: truncation toward zero. */
export function intFromF64(x: f64): Value {
  if (x != x) return raise(ValueError, "cannot convert float NaN to integer");
  if (x == Infinity || x == -Infinity) return raise(OverflowError, "cannot convert float infinity to integer");
  const t = trunc(x);
  if (abs(t) < 9.0e15) return intFromI64(<i64>t);
  // |t| >= 2^53: an integer m * 2^e with a 53-bit mantissa m.
  const bits = reinterpret<u64>(t);
  const e = <i32>((bits >> 52) & 0x7FF) - 1075;
  const m = (bits & 0xF_FFFF_FFFF_FFFF) | (<u64>1 << 52);
  const whole = e >> 5;
  const n = whole + 3;
  const r = bigAlloc(n);
  if (r == 0) return ERR;
  const rl = r + BIG_LIMBS;
  memory.fill(rl, 0, <usize>n << 2);
  store<u64>(SCRATCH_A, m);
  setLimb(rl, whole + 2, magShiftLeftBits(SCRATCH_A, 2, <u64>(e & 31), rl + (<usize>whole << 2)));
  return bigFinish(r, t < 0 ? -1 : 1);
}

// ---- decimal and other bases -------------------------------------------------------------------

/**
 * CPython 3.11's limit on decimal conversions of huge ints (sys.get_int_max_str_digits(),
 * default 4300; 0 means no limit), which guards against quadratic-time denial of service.
 */
let maxStrDigits: i32 = 4300;

export function rt_set_int_max_str_digits(n: i32): void { maxStrDigits = n; }

const CHUNK: u64 = 1_000_000_000; // 10^9: the largest power of ten in a limb

/** Decimal text of an int as a new str; 0 with an exception pending. */
export function intToDecimal(a: Value): usize {
  if (isSmallOrBool(a)) return smallToDecimal(unboxSmall(a));
  const ap = view(a, SCRATCH_A); const as = viewSign, an = viewLen;
  // 9 digits per chunk; each limb holds < 9.64 digits, so an * 10 / 9 + 1 chunks suffice.
  const maxChunks = <usize>an * 10 / 9 + 2;
  const work = alloc(<usize>an << 2);
  const chunks = alloc(maxChunks << 2);
  if (work == 0 || chunks == 0) {
    if (work != 0) free(work, <usize>an << 2);
    if (chunks != 0) free(chunks, maxChunks << 2);
    return raiseMemoryError();
  }
  // Repeated division by 10^9: quadratic, about 1 ms for 10,000 digits.
  memory.copy(work, ap, <usize>an << 2);
  let n = an;
  let count: usize = 0;
  while (n > 0) {
    store<u32>(chunks + (count++ << 2), <u32>magDivSmall(work, n, CHUNK, work));
    n = magTrim(work, n);
  }
  free(work, <usize>an << 2);
  // The top chunk without leading zeros, then 9 digits per chunk.
  const topChunk = load<u32>(chunks + ((count - 1) << 2));
  let topDigits: u32 = 1;
  for (let t = topChunk; t >= 10; t /= 10) topDigits++;
  const digits = <u64>topDigits + <u64>(count - 1) * 9;
  if (maxStrDigits > 0 && digits > <u64>maxStrDigits) {
    free(chunks, maxChunks << 2);
    raiseWithStr(ValueError, fmtMsg("Exceeds the limit (%d digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit", maxStrDigits));
    return 0;
  }
  const len = <u32>digits + (as < 0 ? 1 : 0);
  const s = strAlloc(len);
  if (s == 0) {
    free(chunks, maxChunks << 2);
    return 0;
  }
  let p = strData(s);
  if (as < 0) store<u8>(p++, 0x2D);
  writeDigits(p, topChunk, topDigits);
  p += topDigits;
  for (let i = <isize>count - 2; i >= 0; i--) {
    writeDigits(p, load<u32>(chunks + (<usize>i << 2)), 9);
    p += 9;
  }
  free(chunks, maxChunks << 2);
  return strFinishNew(s, len);
}

function writeDigits(p: usize, x: u32, n: u32): void {
  for (let i = <i32>n - 1; i >= 0; i--) {
    store<u8>(p + <usize>i, <u8>(0x30 + x % 10));
    x /= 10;
  }
}

function smallToDecimal(x: i64): usize {
  const neg = x < 0;
  let m: u64 = neg ? <u64>(-x) : <u64>x;
  let digits: u32 = 1;
  for (let t = m; t >= 10; t /= 10) digits++;
  const len = digits + (neg ? 1 : 0);
  const s = strAlloc(len);
  if (s == 0) return 0;
  const p = strData(s);
  if (neg) store<u8>(p, 0x2D);
  for (let i = <i32>len - 1; i >= (neg ? 1 : 0); i--) {
    store<u8>(p + <usize>i, <u8>(0x30 + m % 10));
    m /= 10;
  }
  return strFinishNew(s, len);
}

/** Is byte c (or the code point at p) whitespace for int()? ASCII plus \x1c..\x1f. */
// @ts-ignore: decorator
@inline function isAsciiSpace(c: u32): bool {
  return c == 0x20 || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
}

function digitValue(c: u32): u32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x7A) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x5A) return c - 0x41 + 10;
  return 99;
}

/**
 * int(text, base) over UTF-8 bytes, following CPython: surrounding whitespace, a sign, a
 * 0x/0o/0b prefix (required to match for bases 16/8/2, selecting the base for base 0),
 * single underscores between digits (and after a prefix), no leading zeros in base 0.
 * Returns ERR with ValueError "invalid literal for int() with base N: 'text'".
 * Non-ASCII whitespace and digits are not accepted (CPython accepts Unicode ones).
 */
export function intFromText(s: usize, base: i32): Value {
  if (strIsAscii(s)) return intFromAsciiText(s, base, s);
  const t = asciiNumeric(s);
  if (t == 0) return ERR;
  const r = intFromAsciiText(t, base, s);
  decref(boxPtr(t));
  return r;
}

/** intFromText over text already made ASCII; `orig` is the caller's str, for messages. */
function intFromAsciiText(s: usize, base: i32, orig: usize): Value {
  if (base != 0 && (base < 2 || base > 36)) return raise(ValueError, "int() base must be >= 2 and <= 36, or 0");
  const p = strData(s);
  let i: u32 = 0, end = strByteLength(s);
  while (i < end && isAsciiSpace(load<u8>(p + i))) i++;
  while (end > i && isAsciiSpace(load<u8>(p + end - 1))) end--;
  let sign: i32 = 1;
  if (i < end && (load<u8>(p + i) == 0x2B || load<u8>(p + i) == 0x2D)) {
    if (load<u8>(p + i) == 0x2D) sign = -1;
    i++;
  }
  const origBase = base;
  let prefixed = false;
  if (i + 1 < end && load<u8>(p + i) == 0x30) {
    const c = load<u8>(p + i + 1) | 0x20;
    const pb = c == 0x78 ? 16 : c == 0x6F ? 8 : c == 0x62 ? 2 : 0;
    if (pb != 0 && (base == 0 || base == pb)) {
      base = pb;
      i += 2;
      prefixed = true;
    }
  }
  if (base == 0) base = 10;
  // Validate and count digits first: the number of digits sizes the result.
  let ndigits: u32 = 0;
  let allZero = true;
  let prevUnderscore = prefixed; // "0x_1" is valid: an underscore may follow the prefix
  let valid = i < end;
  let leadingZeroError = false;
  for (let k = i; k < end; k++) {
    const c = load<u8>(p + k);
    if (c == 0x5F) {
      if (prevUnderscore && !(prefixed && k == i)) { valid = false; break; }
      if (k == i && !prefixed) { valid = false; break; }
      prevUnderscore = true;
      continue;
    }
    if (digitValue(c) >= <u32>base) { valid = false; break; }
    if (c != 0x30) allZero = false;
    ndigits++;
    prevUnderscore = false;
  }
  if (valid && (prevUnderscore || ndigits == 0)) valid = false;
  // Base 0 rejects "010" (ambiguous with old octal) but accepts "000".
  if (valid && origBase == 0 && !prefixed && load<u8>(p + i) == 0x30 && !allZero) leadingZeroError = true;
  if (!valid || leadingZeroError) return invalidLiteral(orig, origBase);
  if (maxStrDigits > 0 && (base & (base - 1)) != 0 && ndigits > <u32>maxStrDigits) {
    return raiseWithStr(ValueError, fmtMsg("Exceeds the limit (%d digits) for integer string conversion: value has %d digits; use sys.set_int_max_str_digits() to increase the limit", maxStrDigits, ndigits));
  }
  // Accumulate digits in groups that fit a limb multiplier: base^k < 2^32.
  let groupMul: u64 = <u64>base, groupLen: u32 = 1;
  while (groupMul * <u64>base <= 0xFFFF_FFFF) { groupMul *= <u64>base; groupLen++; }
  const bitsPerDigit = 32 - clz<u32>(<u32>base); // ceil(log2(base)) bounds the size
  const cap = <i32>((<u64>ndigits * <u64>bitsPerDigit) >> 5) + 2;
  const r = bigAlloc(cap);
  if (r == 0) return ERR;
  const rl = r + BIG_LIMBS;
  let n: i32 = 0;
  let acc: u64 = 0, accMul: u64 = 1;
  for (let k = i; k < end; k++) {
    const c = load<u8>(p + k);
    if (c == 0x5F) continue;
    acc = acc * <u64>base + <u64>digitValue(c);
    accMul *= <u64>base;
    if (accMul == groupMul) {
      n = magTrim(rl, magMulAddSmall(rl, n, accMul, acc));
      acc = 0;
      accMul = 1;
    }
  }
  if (accMul != 1) n = magTrim(rl, magMulAddSmall(rl, n, accMul, acc));
  // Unused limbs above n must read as zero for bigFinish's trim.
  memory.fill(rl + (<usize>n << 2), 0, <usize>(cap - n) << 2);
  return bigFinish(r, sign);
}

function invalidLiteral(s: usize, base: i32): Value {
  const digits = smallToDecimal(base);
  if (digits == 0) return ERR;
  const r = strRepr(s);
  if (r == 0) { decref(boxPtr(digits)); return ERR; }
  const msg = strFormat("invalid literal for int() with base %s: %s", digits, r);
  decref(boxPtr(digits));
  decref(boxPtr(r));
  return raiseWithStr(ValueError, msg);
}

// ---- exports -------------------------------------------------------------------------------

/** An int from its decimal digits (ASCII) at an address: literals beyond the small range. */
export function rt_int_from_decimal(p: usize, n: u32): Value {
  const s = strFromUtf8(p, n);
  if (s == 0) return ERR;
  const saved = maxStrDigits;
  maxStrDigits = 0; // the compiler has already applied CPython's limit to source literals
  const v = intFromText(s, 10);
  maxStrDigits = saved;
  decref(boxPtr(s));
  if (v != ERR && !isSmallOrBool(v)) store<i32>(unboxPtr(v), IMMORTAL);
  return v;
}

/** int(text, base) for a str. */
export function rt_int_from_str(s: Value, base: i32): Value {
  return intFromText(unboxPtr(s), base);
}

/** An int from a JS-side i64 (any value). */
export function rt_int_from_i64(x: i64): Value { return intFromI64(x); }

/** pow(a, b, m) for ints, including negative b (modular inverse). */
export function intPow3(a: Value, b: Value, m: Value): Value {
  if (bigSign(m) == 0) return raise(ValueError, "pow() 3rd argument cannot be 0");
  const negMod = bigSign(m) < 0;
  const mm = negMod ? intNeg(m) : intPos(m);
  if (mm == ERR) return ERR;
  let base = a;
  let exp = b;
  let ownBase = false, ownExp = false;
  if (bigSign(b) < 0) {
    base = intModInverse(a, mm);
    if (base == ERR) { decref(mm); return ERR; }
    ownBase = true;
    exp = intNeg(b);
    ownExp = true;
  }
  let r = exp == ERR ? ERR : intPow(base, exp, mm);
  if (ownBase) decref(base);
  if (ownExp) decref(exp);
  // A negative modulus gives a result in (m, 0]: r - |m| when r != 0.
  if (r != ERR && negMod && bigSign(r) != 0) {
    const t = intSub(r, mm);
    decref(r);
    r = t;
  }
  decref(mm);
  return r;
}

/**
 * Text of an int in base 2, 8 or 16 (lowercase digits), with the 0b/0o/0x prefix when
 * `prefix` is set: bin(), oct(), hex() and the b/o/x format types. A new str; 0 on MemoryError.
 */
export function intToBase(a: Value, base: i32, prefix: bool): usize {
  const bitsPerDigit: u64 = base == 16 ? 4 : base == 8 ? 3 : 1;
  const mask: u64 = (<u64>1 << bitsPerDigit) - 1;
  const ap = view(a, SCRATCH_A); const as = viewSign, an = viewLen;
  const bits = magBitLength(ap, an);
  const digits = bits == 0 ? <u64>1 : (bits + bitsPerDigit - 1) / bitsPerDigit;
  const len = <u32>digits + (prefix ? 2 : 0) + (as < 0 ? 1 : 0);
  const s = strAlloc(len);
  if (s == 0) return 0;
  let p = strData(s);
  if (as < 0) store<u8>(p++, 0x2D);
  if (prefix) {
    store<u8>(p++, 0x30);
    store<u8>(p++, base == 16 ? 0x78 : base == 8 ? 0x6F : 0x62);
  }
  for (let i: u64 = 0; i < digits; i++) {
    const d = <u32>(magBitsAt(ap, an, (digits - 1 - i) * bitsPerDigit) & mask);
    store<u8>(p++, <u8>(d < 10 ? 0x30 + d : 0x57 + d));
  }
  return strFinishNew(s, len);
}

/** Number of bits in |a| (int.bit_length()). */
export function intBitLength(a: Value): u64 {
  const ap = view(a, SCRATCH_A);
  return magBitLength(ap, viewLen);
}

/** Number of one bits in |a| (int.bit_count()). */
export function intPopcount(a: Value): u64 {
  const ap = view(a, SCRATCH_A);
  let c: u64 = 0;
  for (let i = 0; i < viewLen; i++) c += <u64>popcnt<u32>(load<u32>(ap + (<usize>i << 2)));
  return c;
}

/** The int of n ASCII decimal digits at p, without the digit-count limit (float parsing). */
export function intFromDigitBytes(p: usize, n: u32): Value {
  const s = strFromUtf8(p, n);
  if (s == 0) return ERR;
  const saved = maxStrDigits;
  maxStrDigits = 0;
  const v = intFromText(s, 10);
  maxStrDigits = saved;
  decref(boxPtr(s));
  return v;
}

export function getIntMaxStrDigits(): i32 { return maxStrDigits; }

/** The value of an int that fits in an i64 (what CPython's Py_ssize_t takes), in `i64Result`; false if it does not. */
export function intToI64Full(a: Value): bool {
  if (isSmallOrBool(a)) {
    i64Result = unboxSmall(a);
    return true;
  }
  const ap = view(a, SCRATCH_A);
  if (magBitLength(ap, viewLen) > 63) return false;
  const m = <i64>(<u64>limb(ap, 0) | (viewLen > 1 ? <u64>limb(ap, 1) << 32 : 0));
  i64Result = viewSign < 0 ? -m : m;
  return true;
}

/** The value of an int that fits in [-2^62, 2^62), in `i64Result`; false if it does not fit. */
export let i64Result: i64 = 0;
export function intToI64(a: Value): bool {
  if (isSmallOrBool(a)) {
    i64Result = unboxSmall(a);
    return true;
  }
  const ap = view(a, SCRATCH_A);
  if (magBitLength(ap, viewLen) > 62) return false;
  const m = <i64>(limb(ap, 0) | (viewLen > 1 ? limb(ap, 1) << 32 : 0));
  i64Result = viewSign < 0 ? -m : m;
  return true;
}

/** |a| in `u64Result` when it is below 2^64 (its sign is bigSign(a)); false if it is larger. */
export let u64Result: u64 = 0;
export function intMagnitudeU64(a: Value): bool {
  if (isSmallOrBool(a)) {
    const x = unboxSmall(a);
    u64Result = x < 0 ? <u64>(-x) : <u64>x;
    return true;
  }
  const ap = view(a, SCRATCH_A);
  if (magBitLength(ap, viewLen) > 64) return false;
  u64Result = limb(ap, 0) | (viewLen > 1 ? limb(ap, 1) << 32 : 0);
  return true;
}

/** The int -m or m for any 64-bit magnitude (an unsigned 64-bit value, or i64.MIN's). */
export function intFromMagnitude(m: u64, negative: bool): Value {
  if (m <= <u64>SMALL_MAX) return boxSmall(negative ? -<i64>m : <i64>m);
  const r = bigAlloc(2);
  if (r == 0) return ERR;
  setLimb(r + BIG_LIMBS, 0, m);
  setLimb(r + BIG_LIMBS, 1, m >> 32);
  return bigFinish(r, negative ? -1 : 1);
}
