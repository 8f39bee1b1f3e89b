// tuple: a fixed-length array of owned Values stored inline after the header.
import { Value, ERR, boxPtr, unboxPtr, boxSmall } from "./value";
import { TUPLE_TYPE, IMMORTAL, newObject, freeObject, incref, decref, decrefChild } from "./object";
import { raise, IndexError } from "./exceptions";

const TUPLE_LEN: usize = 8;    // u32
export const TUPLE_ITEMS: usize = 16;

/** The one empty tuple, static and immortal (initTuples). */
export const EMPTY_TUPLE: usize = memory.data(<i32>TUPLE_ITEMS, 8);

export function initTuples(): void {
  store<i32>(EMPTY_TUPLE, IMMORTAL);
  store<u32>(EMPTY_TUPLE, <u32>TUPLE_TYPE, 4);
  store<u32>(EMPTY_TUPLE, 0, TUPLE_LEN);
}

// @ts-ignore: decorator
@inline export function tupleLength(t: usize): u32 { return load<u32>(t, TUPLE_LEN); }
// @ts-ignore: decorator
@inline export function tupleItem(t: usize, i: u32): Value { return load<u64>(t + TUPLE_ITEMS + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline export function tupleSetItem(t: usize, i: u32, v: Value): void { store<u64>(t + TUPLE_ITEMS + (<usize>i << 3), v); }

/** A tuple of n items, to be filled with tupleSetItem before use; 0 on MemoryError. */
export function tupleNew(n: u32): usize {
  if (n == 0) {
    incref(boxPtr(EMPTY_TUPLE));
    return EMPTY_TUPLE;
  }
  const t = newObject(TUPLE_TYPE, TUPLE_ITEMS + (<usize>n << 3));
  if (t != 0) store<u32>(t, n, TUPLE_LEN);
  return t;
}

/** (v,) stealing v; 0 on MemoryError (v is released). */
export function tupleFrom1(v: Value): usize {
  const t = tupleNew(1);
  if (t == 0) {
    decref(v);
    return 0;
  }
  tupleSetItem(t, 0, v);
  return t;
}

export function tupleDealloc(t: usize): void {
  const n = tupleLength(t);
  for (let i: u32 = 0; i < n; i++) decrefChild(tupleItem(t, i));
  freeObject(t, TUPLE_ITEMS + (<usize>n << 3));
}

export function tupleGetItem(t: usize, i: i64): Value {
  const n = <i64>tupleLength(t);
  if (i < 0) i += n;
  if (i < 0 || i >= n) return raise(IndexError, "tuple index out of range");
  const v = tupleItem(t, <u32>i);
  incref(v);
  return v;
}

/** t[start:stop:step] for adjusted indices (slice.ts). */
export function tupleSlice(t: usize, start: i64, step: i64, count: i64): Value {
  if (start == 0 && step == 1 && count == <i64>tupleLength(t)) {
    incref(boxPtr(t));
    return boxPtr(t);
  }
  const r = tupleNew(<u32>count);
  if (r == 0) return ERR;
  for (let k: i64 = 0, i = start; k < count; k++, i += step) {
    const v = tupleItem(t, <u32>i);
    incref(v);
    tupleSetItem(r, <u32>k, v);
  }
  return boxPtr(r);
}

/**
 * A tuple from `count` Values at address argv, stealing the references (what codegen emits for
 * a tuple display).
 */
export function rt_build_tuple(argv: usize, count: u32): Value {
  const t = tupleNew(count);
  if (t == 0) {
    for (let i: u32 = 0; i < count; i++) decref(load<u64>(argv + (<usize>i << 3)));
    return ERR;
  }
  memory.copy(t + TUPLE_ITEMS, argv, <usize>count << 3);
  return boxPtr(t);
}

export function rt_tuple_len(t: Value): Value { return boxSmall(tupleLength(unboxPtr(t))); }
