// Small two-field objects: cells (closure variables), enumerate, zip, map and filter
// iterators, and dict views. Each holds two owned Values at +8 and +16.
import { Value, ERR, EXHAUSTED, NONE, UNBOUND, TRUE, boxPtr, unboxPtr, boxSmall, isNone } from "./value";
import {
  CELL_TYPE, ENUMERATE_TYPE, ZIP_TYPE, MAP_TYPE, FILTER_TYPE, DICT_KEYS_TYPE, DICT_ITEMS_TYPE,
  newObject, freeObject, incref, decref, decrefChild, typeAt, typeName,
} from "./object";
import { raiseWithStr, ValueError } from "./exceptions";
import { fmtMsg, builderNew, builderStr, builderFinish, builderDiscard } from "./format";
import { tupleNew, tupleLength, tupleItem, tupleSetItem, EMPTY_TUPLE } from "./tuple";
import { intAdd } from "./int";
import { rt_iter_next, rt_get_iter } from "./iter";
import { rt_truthy, reprOf, richEq } from "./ops";
import { call1, rt_call, rtAllocArgv, rtFreeArgv } from "./call";
import { dictLength, dictContains, dictGetItemOrNull } from "./dict";
import { listFromIterable } from "./builtins";

const P_A: usize = 8;
const P_B: usize = 16;
const P_SIZE: usize = 24;

export function pairDealloc(p: usize): void {
  decrefChild(load<u64>(p, P_A));
  decrefChild(load<u64>(p, P_B));
  freeObject(p, P_SIZE);
}

export function cellDealloc(p: usize): void { pairDealloc(p); }

/** A new pair object taking over a and b. */
function pairNew(type: usize, a: Value, b: Value): Value {
  const p = newObject(type, P_SIZE);
  if (p == 0) {
    decref(a);
    decref(b);
    return ERR;
  }
  store<u64>(p, a, P_A);
  store<u64>(p, b, P_B);
  return boxPtr(p);
}

// ---- cells ---------------------------------------------------------------------------------

/** A cell holding v (borrowed; UNBOUND for an empty cell). */
export function rt_cell_new(v: Value): Value {
  incref(v);
  return pairNew(CELL_TYPE, v, NONE);
}

/** The cell's value as a new reference, or UNBOUND if it is empty (never ERR). */
export function rt_cell_get(c: Value): Value {
  const v = load<u64>(unboxPtr(c), P_A);
  incref(v);
  return v;
}

/** Stores v (borrowed) into the cell, releasing the old value. */
export function rt_cell_set(c: Value, v: Value): void {
  const p = unboxPtr(c);
  incref(v);
  const old = load<u64>(p, P_A);
  store<u64>(p, v, P_A);
  decref(old);
}

// ---- enumerate -----------------------------------------------------------------------------

/** enumerate(iterable, start): start is borrowed. */
export function enumerateNew(iterable: Value, start: Value): Value {
  const it = rt_get_iter(iterable);
  if (it == ERR) return ERR;
  incref(start);
  return pairNew(ENUMERATE_TYPE, it, start);
}

export function enumerateNext(p: usize): Value {
  const v = rt_iter_next(load<u64>(p, P_A));
  if (v == ERR || v == EXHAUSTED) return v;
  const count = load<u64>(p, P_B);
  const next = intAdd(count, boxSmall(1));
  if (next == ERR) {
    decref(v);
    return ERR;
  }
  const t = tupleNew(2);
  if (t == 0) {
    decref(v);
    decref(next);
    return ERR;
  }
  tupleSetItem(t, 0, count); // the reference moves from the enumerate object to the tuple
  tupleSetItem(t, 1, v);
  store<u64>(p, next, P_B);
  return boxPtr(t);
}

// ---- zip and map: a tuple of iterators ----------------------------------------------------------

/** A tuple of iterators over `count` iterables at argv; ERR if one is not iterable. */
export function iteratorTuple(argv: usize, count: u32): Value {
  const t = tupleNew(count);
  if (t == 0) return ERR;
  for (let i: u32 = 0; i < count; i++) tupleSetItem(t, i, NONE);
  for (let i: u32 = 0; i < count; i++) {
    const it = rt_get_iter(load<u64>(argv + (<usize>i << 3)));
    if (it == ERR) {
      decref(boxPtr(t));
      return ERR;
    }
    tupleSetItem(t, i, it);
  }
  return boxPtr(t);
}

export function zipNew(argv: usize, count: u32, strict: bool): Value {
  const its = iteratorTuple(argv, count);
  if (its == ERR) return ERR;
  return pairNew(ZIP_TYPE, its, strict ? TRUE : NONE);
}

function zipLengthError(i: u32, longer: bool): Value {
  return raiseWithStr(ValueError, i == 1
    ? fmtMsg(longer ? "zip() argument %d is longer than argument 1" : "zip() argument %d is shorter than argument 1", i + 1)
    : fmtMsg(longer ? "zip() argument %d is longer than arguments 1-%d" : "zip() argument %d is shorter than arguments 1-%d", i + 1, i));
}

export function zipNext(p: usize): Value {
  const itsV = load<u64>(p, P_A);
  if (itsV == NONE) return EXHAUSTED;
  const its = unboxPtr(itsV);
  const n = tupleLength(its);
  if (n == 0) return EXHAUSTED;
  const strict = load<u64>(p, P_B) == TRUE;
  const t = tupleNew(n);
  if (t == 0) return ERR;
  for (let i: u32 = 0; i < n; i++) {
    const v = rt_iter_next(tupleItem(its, i));
    if (v == ERR || v == EXHAUSTED) {
      // Freeing the tuple releases the items fetched so far.
      for (let j: u32 = i; j < n; j++) tupleSetItem(t, j, NONE);
      decref(boxPtr(t));
      if (v == ERR) return ERR;
      if (strict) {
        if (i > 0) return zipLengthError(i, false);
        for (let j: u32 = 1; j < n; j++) {
          const w = rt_iter_next(tupleItem(its, j));
          if (w == ERR) return ERR;
          if (w != EXHAUSTED) {
            decref(w);
            return zipLengthError(j, true);
          }
        }
      }
      return EXHAUSTED;
    }
    tupleSetItem(t, i, v);
  }
  return boxPtr(t);
}

/** map(f, *iterables) */
export function mapNew(f: Value, argv: usize, count: u32): Value {
  const its = iteratorTuple(argv, count);
  if (its == ERR) return ERR;
  incref(f);
  return pairNew(MAP_TYPE, f, its);
}

export function mapNext(p: usize): Value {
  const its = unboxPtr(load<u64>(p, P_B));
  const n = tupleLength(its);
  const argv = rtAllocArgv(n);
  if (argv == 0) return ERR;
  for (let i: u32 = 0; i < n; i++) {
    const v = rt_iter_next(tupleItem(its, i));
    if (v == ERR || v == EXHAUSTED) {
      for (let j: u32 = 0; j < i; j++) decref(load<u64>(argv + (<usize>j << 3)));
      rtFreeArgv(argv, n);
      return v;
    }
    store<u64>(argv + (<usize>i << 3), v);
  }
  const r = rt_call(load<u64>(p, P_A), argv, n, NONE);
  for (let j: u32 = 0; j < n; j++) decref(load<u64>(argv + (<usize>j << 3)));
  rtFreeArgv(argv, n);
  return r;
}

/** filter(f, iterable); f None keeps the true items. */
export function filterNew(f: Value, iterable: Value): Value {
  const it = rt_get_iter(iterable);
  if (it == ERR) return ERR;
  incref(f);
  return pairNew(FILTER_TYPE, f, it);
}

export function filterNext(p: usize): Value {
  const f = load<u64>(p, P_A);
  const it = load<u64>(p, P_B);
  for (;;) {
    const v = rt_iter_next(it);
    if (v == ERR || v == EXHAUSTED) return v;
    let ok: i32;
    if (isNone(f)) {
      ok = rt_truthy(v);
    } else {
      const r = call1(f, v);
      if (r == ERR) {
        decref(v);
        return ERR;
      }
      ok = rt_truthy(r);
      decref(r);
    }
    if (ok == 1) return v;
    decref(v);
    if (ok < 0) return ERR;
  }
  return EXHAUSTED;
}

// ---- dict views ------------------------------------------------------------------------------

/** dict.keys() / values() / items(): d is borrowed. */
export function dictViewNew(type: usize, d: Value): Value {
  incref(d);
  return pairNew(type, d, NONE);
}

/** The dict a view shows (borrowed). */
export function viewDict(v: usize): Value { return load<u64>(v, P_A); }

export function dictViewLength(v: usize): u32 { return dictLength(unboxPtr(viewDict(v))); }

/** x in view: 1, 0, or -1 with an exception pending. */
export function dictViewContains(v: usize, x: Value): i32 {
  const t = typeAt(v);
  const d = unboxPtr(viewDict(v));
  if (t == DICT_KEYS_TYPE) return dictContains(d, x);
  if (t == DICT_ITEMS_TYPE) {
    if (!(isTuple2(x))) return 0;
    const value = dictGetItemOrNull(d, tupleItem(unboxPtr(x), 0));
    if (value == ERR) return -1;
    if (value == 0) return 0;
    const e = richEq(value, tupleItem(unboxPtr(x), 1));
    decref(value);
    return e;
  }
  // values: a linear search.
  const it = rt_get_iter(boxPtr(v));
  if (it == ERR) return -1;
  for (;;) {
    const item = rt_iter_next(it);
    if (item == EXHAUSTED) break;
    if (item == ERR) {
      decref(it);
      return -1;
    }
    const e = richEq(item, x);
    decref(item);
    if (e != 0) {
      decref(it);
      return e;
    }
  }
  decref(it);
  return 0;
}

import { TUPLE_TYPE, isObjectOf } from "./object";
function isTuple2(x: Value): bool { return isObjectOf(x, TUPLE_TYPE) && tupleLength(unboxPtr(x)) == 2; }

/** dict_keys([1, 2]): the type name and the repr of the view's items as a list. */
export function dictViewRepr(v: usize): usize {
  const l = listFromIterable(boxPtr(v));
  if (l == ERR) return 0;
  const r = reprOf(l);
  decref(l);
  if (r == 0) return 0;
  const b = builderNew(32);
  if (b == 0) {
    decref(boxPtr(r));
    return 0;
  }
  builderStr(b, typeName(typeAt(v)));
  builderLiteral1(b, 0x28);
  builderStr(b, r);
  builderLiteral1(b, 0x29);
  decref(boxPtr(r));
  return builderFinish(b);
}

import { builderByte } from "./format";
function builderLiteral1(b: usize, c: u32): void { builderByte(b, c); }

