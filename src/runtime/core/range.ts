// range objects: start, stop, step and the precomputed length. Bounds are limited to +-2^62,
// so index arithmetic never overflows an i64; CPython accepts any int (Molt raises
// OverflowError beyond).
import { userNumber, S_INDEX } from "./classes";
import { isUserObject, decref } from "./object";
import { UNBOUND } from "./value";
import { Value, ERR, boxPtr, unboxPtr, isSmallInt, isBool, unboxSmall, boxBool } from "./value";
import { RANGE_TYPE, SLICE_TYPE, INT_TYPE, newObject, freeObject, typeOf, typeName, isObjectOf, decrefChild } from "./object";
import { raise, raiseWithStr, TypeError, ValueError, IndexError, OverflowError } from "./exceptions";
import { fmtMsg, builderNew, builderLiteral, builderInt, builderFinish } from "./format";
import { intFromI64, isInt, intToI64, i64Result } from "./int";
import { sliceAdjust, sliceStart, sliceStep, sliceCount } from "./slice";
import { richEq, reprOf } from "./ops";

const R_START: usize = 8;
const R_STOP: usize = 16;
const R_STEP: usize = 24;
const R_LEN: usize = 32;
const R_SIZE: usize = 40;

// @ts-ignore: decorator
@inline export function rangeStart(r: usize): i64 { return load<i64>(r, R_START); }
// @ts-ignore: decorator
@inline export function rangeStop(r: usize): i64 { return load<i64>(r, R_STOP); }
// @ts-ignore: decorator
@inline export function rangeStep(r: usize): i64 { return load<i64>(r, R_STEP); }
// @ts-ignore: decorator
@inline export function rangeLength(r: usize): i64 { return load<i64>(r, R_LEN); }

export function rangeDealloc(r: usize): void { freeObject(r, R_SIZE); }

export function rangeNew(start: i64, stop: i64, step: i64): Value {
  const r = newObject(RANGE_TYPE, R_SIZE);
  if (r == 0) return ERR;
  let n: i64 = 0;
  if (step > 0 && start < stop) n = (stop - start - 1) / step + 1;
  else if (step < 0 && start > stop) n = (start - stop - 1) / (-step) + 1;
  store<i64>(r, start, R_START);
  store<i64>(r, stop, R_STOP);
  store<i64>(r, step, R_STEP);
  store<i64>(r, n, R_LEN);
  return boxPtr(r);
}

/**
 * A range argument as an i64 (ints within +-2^62, so lengths and items never overflow); false
 * with TypeError or OverflowError pending.
 */
export let rangeArg: i64 = 0;
export function toRangeArg(v: Value): bool {
  if (isSmallInt(v) || isBool(v)) {
    rangeArg = unboxSmall(v);
    return true;
  }
  if (isObjectOf(v, INT_TYPE)) {
    if (intToI64(v)) {
      rangeArg = i64Result;
      return true;
    }
    raise(OverflowError, "Python int too large to convert to C ssize_t");
    return false;
  }
  if (isUserObject(v)) {
    const i = userNumber(v, S_INDEX);
    if (i == ERR) return false;
    if (i != UNBOUND) {
      const ok = toRangeArg(i);
      decref(i);
      return ok;
    }
  }
  raiseWithStr(TypeError, fmtMsg("'%s' object cannot be interpreted as an integer", typeName(typeOf(v))));
  return false;
}

/** range(stop) / range(start, stop[, step]) from 1 to 3 ints. */
export function rangeFromArgs(a: Value, b: Value, c: Value, n: u32): Value {
  let start: i64 = 0, stop: i64 = 0, step: i64 = 1;
  if (n == 1) {
    if (!toRangeArg(a)) return ERR;
    stop = rangeArg;
  } else {
    if (!toRangeArg(a)) return ERR;
    start = rangeArg;
    if (!toRangeArg(b)) return ERR;
    stop = rangeArg;
    if (n == 3) {
      if (!toRangeArg(c)) return ERR;
      step = rangeArg;
      if (step == 0) return raise(ValueError, "range() arg 3 must not be zero");
    }
  }
  return rangeNew(start, stop, step);
}

export function rangeRepr(r: usize): usize {
  const b = builderNew(24);
  if (b == 0) return 0;
  builderLiteral(b, "range(");
  builderInt(b, rangeStart(r));
  builderLiteral(b, ", ");
  builderInt(b, rangeStop(r));
  if (rangeStep(r) != 1) {
    builderLiteral(b, ", ");
    builderInt(b, rangeStep(r));
  }
  builderLiteral(b, ")");
  return builderFinish(b);
}

/** r[i] for an index already known to be an int i64. */
export function rangeItem(r: usize, i: i64): Value {
  const n = rangeLength(r);
  if (i < 0) i += n;
  if (i < 0 || i >= n) return raise(IndexError, "range object index out of range");
  return intFromI64(rangeStart(r) + i * rangeStep(r));
}

export function rangeGetItem(r: usize, key: Value): Value {
  if (isSmallInt(key) || isBool(key)) return rangeItem(r, unboxSmall(key));
  if (isObjectOf(key, SLICE_TYPE)) {
    if (!sliceAdjust(unboxPtr(key), rangeLength(r))) return ERR;
    const step = rangeStep(r) * sliceStep;
    const start = rangeStart(r) + sliceStart * rangeStep(r);
    return rangeNew(start, start + sliceCount * step, step);
  }
  if (isObjectOf(key, INT_TYPE)) return raise(IndexError, "cannot fit 'int' into an index-sized integer");
  return raiseWithStr(TypeError, fmtMsg("range indices must be integers or slices, not %s", typeName(typeOf(key))));
}

/** Position of int value x in r, or -1. */
function rangeIndexOfInt(r: usize, x: i64): i64 {
  const start = rangeStart(r), step = rangeStep(r), n = rangeLength(r);
  if (n == 0) return -1;
  if (x > (<i64>1 << 62) || x < -(<i64>1 << 62)) return -1;
  const d = x - start;
  if (d % step != 0) return -1;
  const i = d / step;
  return i >= 0 && i < n ? i : -1;
}

/** x in r: 1, 0, or -1 with an exception pending. */
export function rangeContains(r: usize, x: Value): i32 {
  if (isSmallInt(x) || isBool(x)) return rangeIndexOfInt(r, unboxSmall(x)) >= 0 ? 1 : 0;
  if (isInt(x)) return intToI64(x) && rangeIndexOfInt(r, i64Result) >= 0 ? 1 : 0;
  // Anything else compares equal item by item, as CPython's fallback does.
  const n = rangeLength(r);
  for (let i: i64 = 0; i < n; i++) {
    const e = richEq(intFromI64(rangeStart(r) + i * rangeStep(r)), x);
    if (e != 0) return e;
  }
  return 0;
}

/** range.index(x) */
export function rangeIndex(r: usize, x: Value): Value {
  if (isSmallInt(x) || isBool(x)) {
    const i = rangeIndexOfInt(r, unboxSmall(x));
    if (i >= 0) return intFromI64(i);
  } else if (!isInt(x)) {
    const n = rangeLength(r);
    for (let i: i64 = 0; i < n; i++) {
      const e = richEq(intFromI64(rangeStart(r) + i * rangeStep(r)), x);
      if (e < 0) return ERR;
      if (e == 1) return intFromI64(i);
    }
  }
  const text = reprOf(x);
  if (text == 0) return ERR;
  const msg = fmtMsg("%s is not in range", text);
  decrefChild(boxPtr(text));
  return raiseWithStr(ValueError, msg);
}

/** range.count(x) */
export function rangeCount(r: usize, x: Value): Value {
  if (isInt(x)) return intFromI64(rangeContains(r, x));
  let c: i64 = 0;
  const n = rangeLength(r);
  for (let i: i64 = 0; i < n; i++) {
    const e = richEq(intFromI64(rangeStart(r) + i * rangeStep(r)), x);
    if (e < 0) return ERR;
    c += e;
  }
  return intFromI64(c);
}

/** Ranges are equal when they produce the same sequence. */
export function rangeEquals(a: usize, b: usize): bool {
  const n = rangeLength(a);
  if (n != rangeLength(b)) return false;
  if (n == 0) return true;
  if (rangeStart(a) != rangeStart(b)) return false;
  return n == 1 || rangeStep(a) == rangeStep(b);
}

export function rangeEq(a: Value, b: Value): Value { return boxBool(rangeEquals(unboxPtr(a), unboxPtr(b))); }
