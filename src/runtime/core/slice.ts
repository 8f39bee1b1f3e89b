// slice objects and CPython's index adjustment for sequence slicing.
import { Value, ERR, boxPtr, isNone, isSmallInt, isBool, unboxSmall } from "./value";
import { SLICE_TYPE, newObject, freeObject, incref, decref, decrefChild, isObjectOf, INT_TYPE } from "./object";
import { raise, TypeError, ValueError } from "./exceptions";
import { bigSign } from "./int";

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

const INDEX_MAX: i64 = 0x7FFF_FFFF_FFFF_FFFF;
const INDEX_MIN: i64 = -0x7FFF_FFFF_FFFF_FFFF - 1;

/** 1 if ok, 0 with TypeError pending. Big ints clamp, as CPython's _PyEval_SliceIndex does. */
function sliceIndex(v: Value, dflt: i64): i64 {
  if (isNone(v)) return dflt;
  if (isSmallInt(v) || isBool(v)) return unboxSmall(v);
  if (isObjectOf(v, INT_TYPE)) return bigSign(v) < 0 ? INDEX_MIN : INDEX_MAX;
  indexError = true;
  return 0;
}

let indexError = false;

/**
 * PySlice_Unpack + PySlice_AdjustIndices: fills sliceStart/sliceStep/sliceCount for a
 * sequence of `length` items; false with an exception pending.
 */
export function sliceAdjust(s: usize, length: i64): bool {
  indexError = false;
  const stepV = load<u64>(s, SLICE_STEP);
  const step = sliceIndex(stepV, 1);
  if (!indexError && step == 0) {
    raise(ValueError, "slice step cannot be zero");
    return false;
  }
  // A step of INDEX_MIN could not be negated below; CPython clamps it the same way.
  const st = step < -INDEX_MAX ? -INDEX_MAX : step;
  let start = sliceIndex(load<u64>(s, SLICE_START), st < 0 ? INDEX_MAX : 0);
  let stop = sliceIndex(load<u64>(s, SLICE_STOP), st < 0 ? INDEX_MIN : INDEX_MAX);
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
