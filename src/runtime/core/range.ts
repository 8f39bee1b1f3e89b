// range objects. A range whose start, stop, step and length all lie within +-2^62 keeps them
// as i64s, so index arithmetic never overflows an i64. CPython accepts any int: any other
// range keeps them as Python ints (a tuple in R_BIG) and computes with int arithmetic.
import { Value, ERR, NONE, UNBOUND, boxPtr, unboxPtr, isSmallInt, isBool, unboxSmall, boxSmall, boxBool, isNone } from "./value";
import { RANGE_TYPE, SLICE_TYPE, newObject, freeObject, typeOf, typeName, isObjectOf, decrefChild, incref, decref } from "./object";
import { raise, raiseWithStr, TypeError, ValueError, IndexError, OverflowError } from "./exceptions";
import { fmtMsg, builderNew, builderLiteral, builderInt, builderStr, builderFinish } from "./format";
import {
  intFromI64, isInt, intToI64, i64Result, isSmallOrBool, bigSign, intAdd, intSub, intMul, intNeg, intFloorDiv, intMod,
  intCompare, intToDecimal, intBitLength,
} from "./int";
import { sliceAdjust, sliceStart, sliceStep, sliceStop, sliceLongIndices, longStart, longStop, longStep } from "./slice";
import { richEq, reprOf } from "./ops";
import { tupleNew, tupleSetItem, tupleItem } from "./tuple";
import { numberIndex, userIndex } from "./number-index";

const R_START: usize = 8;
const R_STOP: usize = 16;
const R_STEP: usize = 24;
const R_LEN: usize = 32;
const R_BIG: usize = 40;  // u64: tuple (start, stop, step, length) of ints, or None
const R_SIZE: usize = 48;

export const RF_START: i32 = 0;
export const RF_STOP: i32 = 1;
export const RF_STEP: i32 = 2;
export const RF_LEN: i32 = 3;

// The i64 fields, for ranges that are not big.
// @ts-ignore: decorator
@inline export function rangeStart(r: usize): i64 { return load<i64>(r, R_START); }
// @ts-ignore: decorator
@inline export function rangeStop(r: usize): i64 { return load<i64>(r, R_STOP); }
// @ts-ignore: decorator
@inline export function rangeStep(r: usize): i64 { return load<i64>(r, R_STEP); }
// @ts-ignore: decorator
@inline export function rangeLength(r: usize): i64 { return load<i64>(r, R_LEN); }
// @ts-ignore: decorator
@inline export function rangeIsBig(r: usize): bool { return load<u64>(r, R_BIG) != NONE; }

/** start, stop, step or length (RF_*) of any range, borrowed for a big one. */
function bigField(r: usize, i: i32): Value { return tupleItem(unboxPtr(load<u64>(r, R_BIG)), <u32>i); }

/** start, stop, step or length (RF_*) of any range as an int: a new reference, or ERR. */
export function rangeField(r: usize, i: i32): Value {
  if (rangeIsBig(r)) {
    const v = bigField(r, i);
    incref(v);
    return v;
  }
  return intFromI64(load<i64>(r + R_START + (<usize>i << 3)));
}

export function rangeDealloc(r: usize): void {
  decrefChild(load<u64>(r, R_BIG));
  freeObject(r, R_SIZE);
}

/** A range of bounds within +-2^62. */
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
  store<u64>(r, NONE, R_BIG);
  return boxPtr(r);
}

/** Does the int fit the i64 form, within +-2^62? (Its value is then in i64Result.) */
// @ts-ignore: decorator
@inline function fitsNarrow(v: Value): bool { return intToI64(v); }

/** CPython's compute_range_length, for ints (borrowed) and a non-zero step: a new int or ERR. */
function lengthOf(start: Value, stop: Value, step: Value): Value {
  const up = bigSign(step) > 0;
  const lo = up ? start : stop, hi = up ? stop : start;
  if (intCompare(lo, hi) >= 0) return boxSmall(0);
  const span = intSub(hi, lo);
  if (span == ERR) return ERR;
  const last = intSub(span, boxSmall(1));
  decref(span);
  if (last == ERR) return ERR;
  const by = up ? step : intNeg(step);
  if (by == ERR) {
    decref(last);
    return ERR;
  }
  const q = intFloorDiv(last, by);
  decref(last);
  if (!up) decref(by);
  if (q == ERR) return ERR;
  const n = intAdd(q, boxSmall(1));
  decref(q);
  return n;
}

/** range(start, stop, step) from ints (borrowed; step non-zero), in whichever form fits. */
function rangeFromInts(start: Value, stop: Value, step: Value): Value {
  const n = lengthOf(start, stop, step);
  if (n == ERR) return ERR;
  if (fitsNarrow(n)) {
    let ok = fitsNarrow(start);
    const a = i64Result;
    ok = ok && fitsNarrow(stop);
    const b = i64Result;
    ok = ok && fitsNarrow(step);
    const c = i64Result;
    if (ok) {
      decref(n);
      return rangeNew(a, b, c);
    }
  }
  const t = tupleNew(4);
  if (t == 0) {
    decref(n);
    return ERR;
  }
  incref(start);
  incref(stop);
  incref(step);
  tupleSetItem(t, 0, start);
  tupleSetItem(t, 1, stop);
  tupleSetItem(t, 2, step);
  tupleSetItem(t, 3, n);
  const r = newObject(RANGE_TYPE, R_SIZE);
  if (r == 0) {
    decref(boxPtr(t));
    return ERR;
  }
  memory.fill(r + R_START, 0, 32);
  store<u64>(r, boxPtr(t), R_BIG);
  return boxPtr(r);
}

/** range(stop) / range(start, stop[, step]) from 1 to 3 arguments (borrowed). */
export function rangeFromArgs(a: Value, b: Value, c: Value, n: u32): Value {
  if (n == 1 && isSmallInt(a)) return rangeNew(0, unboxSmall(a), 1);
  if (n == 2 && isSmallInt(a) && isSmallInt(b)) return rangeNew(unboxSmall(a), unboxSmall(b), 1);
  const start = n == 1 ? boxSmall(0) : numberIndex(a);
  if (start == ERR) return ERR;
  const stop = numberIndex(n == 1 ? a : b);
  if (stop == ERR) {
    decref(start);
    return ERR;
  }
  const step = n == 3 ? numberIndex(c) : boxSmall(1);
  let r: Value = ERR;
  if (step != ERR) {
    if (step == boxSmall(0)) raise(ValueError, "range() arg 3 must not be zero");
    else r = rangeFromInts(start, stop, step);
    decref(step);
  }
  decref(start);
  decref(stop);
  return r;
}

function builderIntValue(b: usize, v: Value): bool {
  const s = intToDecimal(v);
  if (s == 0) return false;
  builderStr(b, s);
  decref(boxPtr(s));
  return true;
}

export function rangeRepr(r: usize): usize {
  const b = builderNew(24);
  if (b == 0) return 0;
  builderLiteral(b, "range(");
  if (rangeIsBig(r)) {
    if (!builderIntValue(b, bigField(r, RF_START))) return 0;
    builderLiteral(b, ", ");
    if (!builderIntValue(b, bigField(r, RF_STOP))) return 0;
    const step = bigField(r, RF_STEP);
    if (step != boxSmall(1)) {
      builderLiteral(b, ", ");
      if (!builderIntValue(b, step)) return 0;
    }
  } else {
    builderInt(b, rangeStart(r));
    builderLiteral(b, ", ");
    builderInt(b, rangeStop(r));
    if (rangeStep(r) != 1) {
      builderLiteral(b, ", ");
      builderInt(b, rangeStep(r));
    }
  }
  builderLiteral(b, ")");
  return builderFinish(b);
}

/** len(r): an int, or OverflowError when it does not fit a Py_ssize_t, as in CPython. */
export function rangeLen(r: usize): Value {
  if (!rangeIsBig(r)) return intFromI64(rangeLength(r));
  const n = bigField(r, RF_LEN);
  if (intBitLength(n) > 63) return raise(OverflowError, "Python int too large to convert to C ssize_t");
  incref(n);
  return n;
}

export function rangeIsEmpty(r: usize): bool {
  return rangeIsBig(r) ? bigSign(bigField(r, RF_LEN)) == 0 : rangeLength(r) == 0;
}

/** r[i] for an index already known to be an int i64, of a range that is not big. */
export function rangeItem(r: usize, i: i64): Value {
  const n = rangeLength(r);
  if (i < 0) i += n;
  if (i < 0 || i >= n) return raise(IndexError, "range object index out of range");
  return intFromI64(rangeStart(r) + i * rangeStep(r));
}

/** start + i * step for an int i (borrowed), without bounds checks: CPython's compute_item. */
function itemAt(r: usize, i: Value): Value {
  const step = rangeField(r, RF_STEP);
  if (step == ERR) return ERR;
  const off = intMul(i, step);
  decref(step);
  if (off == ERR) return ERR;
  const start = rangeField(r, RF_START);
  if (start == ERR) {
    decref(off);
    return ERR;
  }
  const v = intAdd(start, off);
  decref(start);
  decref(off);
  return v;
}

/** r[i] for any int i (borrowed), in arbitrary precision. */
function rangeItemOf(r: usize, i: Value): Value {
  const n = rangeField(r, RF_LEN);
  if (n == ERR) return ERR;
  let k = i;
  incref(k);
  if (bigSign(k) < 0) {
    const j = intAdd(k, n);
    decref(k);
    k = j;
  }
  if (k == ERR) {
    decref(n);
    return ERR;
  }
  const inside = bigSign(k) >= 0 && intCompare(k, n) < 0;
  decref(n);
  const v = inside ? itemAt(r, k) : raise(IndexError, "range object index out of range");
  decref(k);
  return v;
}

/** r[slice] in arbitrary precision: CPython's compute_slice. */
function rangeSliceOf(r: usize, s: usize): Value {
  const n = rangeField(r, RF_LEN);
  if (n == ERR) return ERR;
  const ok = sliceLongIndices(s, n);
  decref(n);
  if (!ok) return ERR;
  const start = longStart, stop = longStop, step = longStep;
  let result: Value = ERR;
  const rstep = rangeField(r, RF_STEP);
  const substep = rstep == ERR ? ERR : intMul(step, rstep);
  if (rstep != ERR) decref(rstep);
  if (substep != ERR) {
    const a = itemAt(r, start);
    if (a != ERR) {
      const b = itemAt(r, stop);
      if (b != ERR) {
        result = rangeFromInts(a, b, substep);
        decref(b);
      }
      decref(a);
    }
    decref(substep);
  }
  decref(start);
  decref(stop);
  decref(step);
  return result;
}

// @ts-ignore: decorator
@inline function smallStep(x: i64): bool { return x > -(<i64>1 << 31) && x < (<i64>1 << 31); }

export function rangeGetItem(r: usize, key: Value): Value {
  const big = rangeIsBig(r);
  if ((isSmallInt(key) || isBool(key)) && !big) return rangeItem(r, unboxSmall(key));
  if (isObjectOf(key, SLICE_TYPE)) {
    if (big) return rangeSliceOf(r, unboxPtr(key));
    const s = unboxPtr(key);
    if (!sliceAdjust(s, rangeLength(r))) return ERR;
    if (!smallStep(sliceStep) || !smallStep(rangeStep(r))) return rangeSliceOf(r, s);
    const step = rangeStep(r) * sliceStep;
    const start = rangeStart(r) + sliceStart * rangeStep(r);
    return rangeNew(start, rangeStart(r) + sliceStop * rangeStep(r), step);
  }
  if (isInt(key)) return rangeItemOf(r, key);
  const i = userIndex(key);
  if (i == ERR) return ERR;
  if (i == UNBOUND) return raiseWithStr(TypeError, fmtMsg("range indices must be integers or slices, not %s", typeName(typeOf(key))));
  const v = rangeItemOf(r, i);
  decref(i);
  return v;
}

/** Position of int value x in a range that is not big, or -1. */
function rangeIndexOfInt(r: usize, x: i64): i64 {
  const start = rangeStart(r), step = rangeStep(r), n = rangeLength(r);
  if (n == 0) return -1;
  if (x > (<i64>1 << 62) || x < -(<i64>1 << 62)) return -1;
  const d = x - start;
  if (d % step != 0) return -1;
  const i = d / step;
  return i >= 0 && i < n ? i : -1;
}

/** Position of int x (borrowed) in a big range: a new int, NONE if absent, or ERR. */
function bigIndexOf(r: usize, x: Value): Value {
  const start = bigField(r, RF_START), stop = bigField(r, RF_STOP), step = bigField(r, RF_STEP);
  const inside = bigSign(step) > 0
    ? intCompare(start, x) <= 0 && intCompare(x, stop) < 0
    : intCompare(stop, x) < 0 && intCompare(x, start) <= 0;
  if (!inside) return NONE;
  const d = intSub(x, start);
  if (d == ERR) return ERR;
  const m = intMod(d, step);
  if (m == ERR) {
    decref(d);
    return ERR;
  }
  const hit = bigSign(m) == 0;
  decref(m);
  const i = hit ? intFloorDiv(d, step) : NONE;
  decref(d);
  return i;
}

/**
 * Compares x with every item, as CPython does for what is not an int: without `counting`, 1
 * at the first equal one (its position in searchIndex), else 0; with it, how many are equal.
 * -1 with an exception pending.
 */
function searchItems(r: usize, x: Value, counting: bool): i64 {
  let count: i64 = 0;
  let i: Value = boxSmall(0);
  for (;;) {
    const n = rangeField(r, RF_LEN);
    if (n == ERR) return -1;
    const more = intCompare(i, n) < 0;
    decref(n);
    if (!more) break;
    const item = itemAt(r, i);
    if (item == ERR) return -1;
    const e = richEq(item, x);
    decref(item);
    if (e < 0) return -1;
    if (e == 1) {
      if (!counting) {
        searchIndex = i;
        return 1;
      }
      count++;
    }
    const j = intAdd(i, boxSmall(1));
    decref(i);
    if (j == ERR) return -1;
    i = j;
  }
  decref(i);
  return count;
}
/** Where searchItems found the item (a new reference). */
let searchIndex: Value = 0;

/** x in r: 1, 0, or -1 with an exception pending. */
export function rangeContains(r: usize, x: Value): i32 {
  if (isInt(x)) {
    if (!rangeIsBig(r)) {
      if (isSmallInt(x) || isBool(x)) return rangeIndexOfInt(r, unboxSmall(x)) >= 0 ? 1 : 0;
      return intToI64(x) && rangeIndexOfInt(r, i64Result) >= 0 ? 1 : 0;
    }
    const i = bigIndexOf(r, x);
    if (i == ERR) return -1;
    decref(i);
    return isNone(i) ? 0 : 1;
  }
  // Anything else compares equal item by item, as CPython's fallback does.
  const found = searchItems(r, x, false);
  if (found == 1) decref(searchIndex);
  return <i32>found;
}

/** range.index(x) */
export function rangeIndex(r: usize, x: Value): Value {
  if (isInt(x)) {
    if (!rangeIsBig(r)) {
      const i = isSmallOrBool(x) ? rangeIndexOfInt(r, unboxSmall(x)) : intToI64(x) ? rangeIndexOfInt(r, i64Result) : -1;
      if (i >= 0) return intFromI64(i);
    } else {
      const i = bigIndexOf(r, x);
      if (i == ERR || !isNone(i)) return i;
    }
  } else {
    const found = searchItems(r, x, false);
    if (found < 0) return ERR;
    if (found == 1) return searchIndex;
    return raise(ValueError, "sequence.index(x): x not in sequence");
  }
  const text = reprOf(x);
  if (text == 0) return ERR;
  const msg = fmtMsg("%s is not in range", text);
  decrefChild(boxPtr(text));
  return raiseWithStr(ValueError, msg);
}

/** range.count(x) */
export function rangeCount(r: usize, x: Value): Value {
  if (isInt(x)) {
    const c = rangeContains(r, x);
    return c < 0 ? ERR : boxSmall(c);
  }
  const c = searchItems(r, x, true);
  return c < 0 ? ERR : intFromI64(c);
}

/** Ranges are equal when they produce the same sequence. */
export function rangeEquals(a: usize, b: usize): bool {
  if (!rangeIsBig(a) && !rangeIsBig(b)) {
    const n = rangeLength(a);
    if (n != rangeLength(b)) return false;
    if (n == 0) return true;
    if (rangeStart(a) != rangeStart(b)) return false;
    return n == 1 || rangeStep(a) == rangeStep(b);
  }
  return fieldsEqual(a, b, RF_LEN) && (rangeIsEmpty(a) || fieldsEqual(a, b, RF_START)
    && (rangeLenIsOne(a) || fieldsEqual(a, b, RF_STEP)));
}

function rangeLenIsOne(r: usize): bool {
  return rangeIsBig(r) ? bigField(r, RF_LEN) == boxSmall(1) : rangeLength(r) == 1;
}

/** Is field i the same int in both ranges? (False on MemoryError, which stays pending.) */
function fieldsEqual(a: usize, b: usize, i: i32): bool {
  const x = rangeField(a, i);
  if (x == ERR) return false;
  const y = rangeField(b, i);
  const eq = y != ERR && intCompare(x, y) == 0;
  decref(x);
  if (y != ERR) decref(y);
  return eq;
}

export function rangeEq(a: Value, b: Value): Value { return boxBool(rangeEquals(unboxPtr(a), unboxPtr(b))); }
