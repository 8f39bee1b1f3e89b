// slice objects and CPython's index adjustment for sequence slicing.
import { strIs } from "./call";
import { Value, ERR, UNBOUND, boxPtr, boxSmall, isNone, isSmallInt, isBool, unboxSmall } from "./value";
import { SLICE_TYPE, newObject, freeObject, incref, decref, decrefChild, isObjectOf, INT_TYPE } from "./object";
import { raise, TypeError, ValueError } from "./exceptions";
import { bigSign, intAdd, intCompare } from "./int";
import { userIndex, numberIndex } from "./number-index";

const SLICE_START: usize = 8;
const SLICE_STOP: usize = 16;
const SLICE_STEP: usize = 24;
const SLICE_SIZE: usize = 32;

/** slice(start, stop, step); the arguments are borrowed. */
export function rt_slice_new(start: Value, stop: Value, step: Value): Value {
  const s = newObject(SLICE_TYPE, SLICE_SIZE);
  if (s == 0) return ERR;
  incref(start);
  incref(stop);
  incref(step);
  store<u64>(s, start, SLICE_START);
  store<u64>(s, stop, SLICE_STOP);
  store<u64>(s, step, SLICE_STEP);
  return boxPtr(s);
}

/** slice.start / .stop / .step (new references); 0 for other names. */
export function sliceGetAttr(s: usize, name: usize): Value {
  const off: usize = strIs(name, "start") ? SLICE_START : strIs(name, "stop") ? SLICE_STOP : strIs(name, "step") ? SLICE_STEP : 0;
  if (off == 0) return 0;
  const v = load<u64>(s + off);
  incref(v);
  return v;
}

export function sliceDealloc(s: usize): void {
  decrefChild(load<u64>(s, SLICE_START));
  decrefChild(load<u64>(s, SLICE_STOP));
  decrefChild(load<u64>(s, SLICE_STEP));
  freeObject(s, SLICE_SIZE);
}

/** The adjusted slice, valid after a successful sliceAdjust. */
export let sliceStart: i64 = 0;
export let sliceStep: i64 = 1;
export let sliceCount: i64 = 0;
/** The adjusted stop (for slice.indices). */
export let sliceStop: i64 = 0;

const INDEX_MAX: i64 = 0x7FFF_FFFF_FFFF_FFFF;
const INDEX_MIN: i64 = -0x7FFF_FFFF_FFFF_FFFF - 1;

/**
 * A slice bound as _PyEval_SliceIndex takes it: None is `dflt`, big ints clamp, a class's
 * __index__ counts. Sets indexError for anything else, indexFailed when __index__ raised.
 */
function sliceIndex(v: Value, dflt: i64): i64 {
  if (isNone(v)) return dflt;
  if (isSmallInt(v) || isBool(v)) return unboxSmall(v);
  if (isObjectOf(v, INT_TYPE)) return bigSign(v) < 0 ? INDEX_MIN : INDEX_MAX;
  const i = userIndex(v);
  if (i == ERR) indexFailed = true;
  else if (i == UNBOUND) indexError = true;
  else {
    const r = sliceIndex(i, dflt);
    decref(i);
    return r;
  }
  return 0;
}

let indexError = false;
let indexFailed = false;

/**
 * PySlice_Unpack + PySlice_AdjustIndices: fills sliceStart/sliceStep/sliceCount for a
 * sequence of `length` items; false with an exception pending.
 */
export function sliceAdjust(s: usize, length: i64): bool {
  indexError = false;
  indexFailed = false;
  const stepV = load<u64>(s, SLICE_STEP);
  const step = sliceIndex(stepV, 1);
  if (indexFailed) return false;
  if (!indexError && step == 0) {
    raise(ValueError, "slice step cannot be zero");
    return false;
  }
  // A step of INDEX_MIN could not be negated below; CPython clamps it the same way.
  const st = step < -INDEX_MAX ? -INDEX_MAX : step;
  let start = sliceIndex(load<u64>(s, SLICE_START), st < 0 ? INDEX_MAX : 0);
  if (indexFailed) return false;
  let stop = sliceIndex(load<u64>(s, SLICE_STOP), st < 0 ? INDEX_MIN : INDEX_MAX);
  if (indexFailed) return false;
  if (indexError) {
    raise(TypeError, "slice indices must be integers or None or have an __index__ method");
    return false;
  }
  if (start < 0) {
    start += length;
    if (start < 0) start = st < 0 ? -1 : 0;
  } else if (start >= length) {
    start = st < 0 ? length - 1 : length;
  }
  if (stop < 0) {
    stop += length;
    if (stop < 0) stop = st < 0 ? -1 : 0;
  } else if (stop >= length) {
    stop = st < 0 ? length - 1 : length;
  }
  sliceStop = stop;
  let count: i64 = 0;
  if (st < 0) {
    if (stop < start) count = (start - stop - 1) / (-st) + 1;
  } else if (start < stop) {
    count = (stop - start - 1) / st + 1;
  }
  sliceStart = start;
  sliceStep = st;
  sliceCount = count;
  return true;
}

/** slice.indices(length): the (start, stop, step) the slice selects in a sequence of that length. */
export function sliceIndicesMethod(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("indices", argc, kw)) return ERR;
  const n = numberIndex(argAt(argv, 0));
  if (n == ERR) return ERR;
  if (!isSmallOrBool(n)) {
    decref(n);
    return raise(OverflowError, "Python int too large to convert to C ssize_t");
  }
  const len = unboxSmall(n);
  if (len < 0) return raise(ValueError, "length should not be negative");
  if (!sliceAdjust(unboxPtr(self), len)) return ERR;
  const t = tupleNew(3);
  if (t == 0) return ERR;
  tupleSetItem(t, 0, boxSmall(sliceStart));
  tupleSetItem(t, 1, boxSmall(sliceStop));
  tupleSetItem(t, 2, boxSmall(sliceStep));
  return boxPtr(t);
}

/** repr(slice): slice(start, stop, step) with each part's repr. */
export function sliceRepr(s: usize): usize {
  const a = reprOf(load<u64>(s, SLICE_START));
  if (a == 0) return 0;
  const b = reprOf(load<u64>(s, SLICE_STOP));
  if (b == 0) { decref(boxPtr(a)); return 0; }
  const c = reprOf(load<u64>(s, SLICE_STEP));
  if (c == 0) { decref(boxPtr(a)); decref(boxPtr(b)); return 0; }
  const r = fmtMsg("slice(%s, %s, %s)", a, b, c);
  decref(boxPtr(a));
  decref(boxPtr(b));
  decref(boxPtr(c));
  return r;
}

import { checkOne, argAt } from "./call";
import { isInt, isSmallOrBool } from "./int";
import { fmtMsg } from "./format";
import { reprOf } from "./ops";
import { tupleNew, tupleSetItem } from "./tuple";
import { typeName, typeOf, decref } from "./object";
import { raiseWithStr, TypeError, OverflowError } from "./exceptions";
import { unboxPtr, boxPtr, boxSmall } from "./value";

/** What sliceLongIndices computed: new references, valid after it succeeded. */
export let longStart: Value = 0;
export let longStop: Value = 0;
export let longStep: Value = 0;

/** A slice bound as a Python int (a new reference): ints and __index__; ERR otherwise. */
function longBound(v: Value): Value {
  if (isSmallInt(v) || isBool(v)) return boxSmall(unboxSmall(v));
  if (isObjectOf(v, INT_TYPE)) {
    incref(v);
    return v;
  }
  const i = userIndex(v);
  if (i == UNBOUND) return raise(TypeError, "slice indices must be integers or None or have an __index__ method");
  return i;
}

/** A bound clamped as _PySlice_GetLongIndices does: negative ones count from the end. */
function longClamp(v: Value, length: Value, lower: Value, upper: Value): Value {
  let x = longBound(v);
  if (x == ERR) return ERR;
  if (bigSign(x) < 0) {
    const y = intAdd(x, length);
    decref(x);
    if (y == ERR) return ERR;
    x = y;
    if (intCompare(x, lower) < 0) {
      decref(x);
      incref(lower);
      return lower;
    }
  } else if (intCompare(x, upper) > 0) {
    decref(x);
    incref(upper);
    return upper;
  }
  return x;
}

/**
 * _PySlice_GetLongIndices: the slice's start, stop and step for a sequence of `length` items
 * (an int, borrowed), in arbitrary precision, into longStart / longStop / longStep; false
 * with an exception pending.
 */
export function sliceLongIndices(s: usize, length: Value): bool {
  const stepV = load<u64>(s, SLICE_STEP);
  const step = isNone(stepV) ? boxSmall(1) : longBound(stepV);
  if (step == ERR) return false;
  if (step == boxSmall(0)) {
    raise(ValueError, "slice step cannot be zero");
    return false;
  }
  const negative = bigSign(step) < 0;
  const lower = negative ? boxSmall(-1) : boxSmall(0);
  const upper = negative ? intAdd(length, lower) : length;
  if (upper == ERR) {
    decref(step);
    return false;
  }
  if (!negative) incref(upper);
  const startV = load<u64>(s, SLICE_START), stopV = load<u64>(s, SLICE_STOP);
  let start: Value, stop: Value = ERR;
  if (isNone(startV)) {
    start = negative ? upper : lower;
    incref(start);
  } else start = longClamp(startV, length, lower, upper);
  if (start != ERR) {
    if (isNone(stopV)) {
      stop = negative ? lower : upper;
      incref(stop);
    } else stop = longClamp(stopV, length, lower, upper);
  }
  decref(upper);
  if (stop == ERR) {
    if (start != ERR) decref(start);
    decref(step);
    return false;
  }
  longStart = start;
  longStop = stop;
  longStep = step;
  return true;
}
