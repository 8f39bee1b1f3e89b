// list: a header with length, capacity and a separately allocated array of owned Values, so
// growing the array never moves the list object (references to it stay valid).
import { alloc, free, realloc } from "./alloc";
import { Value, ERR, NONE, EXHAUSTED, boxPtr, unboxPtr, boxSmall } from "./value";
import { LIST_TYPE, TUPLE_TYPE, newObject, freeObject, incref, decref, decrefChild, isObjectOf, typeAt } from "./object";
import { tupleLength, TUPLE_ITEMS } from "./tuple";
import { rt_get_iter, rt_iter_next } from "./iter";
import { raise, raiseWithStr, raiseMemoryError, IndexError, ValueError } from "./exceptions";
import { strFormat } from "./format";
import { richEq, reprOf } from "./ops";

const LIST_LEN: usize = 8;     // u32
const LIST_CAP: usize = 12;    // u32
const LIST_ITEMS: usize = 16;  // u32: address of the item array (0 when capacity is 0)
const LIST_SIZE: usize = 20;

// @ts-ignore: decorator
@inline export function listLength(l: usize): u32 { return load<u32>(l, LIST_LEN); }
// @ts-ignore: decorator
@inline function items(l: usize): usize { return <usize>load<u32>(l, LIST_ITEMS); }
// @ts-ignore: decorator
@inline export function listItem(l: usize, i: u32): Value { return load<u64>(items(l) + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function setItem(l: usize, i: u32, v: Value): void { store<u64>(items(l) + (<usize>i << 3), v); }

/** An empty list with room for `capacity` items; 0 on MemoryError. */
export function listNew(capacity: u32): usize {
  const l = newObject(LIST_TYPE, LIST_SIZE);
  if (l == 0) return 0;
  let a: usize = 0;
  if (capacity != 0) {
    a = alloc(<usize>capacity << 3);
    if (a == 0) {
      freeObject(l, LIST_SIZE);
      return raiseMemoryError();
    }
  }
  store<u32>(l, 0, LIST_LEN);
  store<u32>(l, capacity, LIST_CAP);
  store<u32>(l, <u32>a, LIST_ITEMS);
  return l;
}

export function listDealloc(l: usize): void {
  const n = listLength(l);
  for (let i: u32 = 0; i < n; i++) decrefChild(listItem(l, i));
  const cap = load<u32>(l, LIST_CAP);
  if (cap != 0) free(items(l), <usize>cap << 3);
  freeObject(l, LIST_SIZE);
}

/**
 * Makes room for `newLen` items. Over-allocates like CPython 3.11's list_resize (newLen/8 + 6,
 * rounded to 4) so appends are amortised O(1) and capacities match CPython's.
 */
function reserve(l: usize, newLen: u32): bool {
  const cap = load<u32>(l, LIST_CAP);
  if (newLen <= cap) return true;
  if (newLen > 0x0FFF_FFFF) {
    raiseMemoryError();
    return false;
  }
  let newCap = (newLen + (newLen >> 3) + 6) & ~3;
  if (newLen - listLength(l) > newCap - newLen) newCap = (newLen + 3) & ~3;
  const a = cap == 0 ? alloc(<usize>newCap << 3) : realloc(items(l), <usize>cap << 3, <usize>newCap << 3);
  if (a == 0) {
    raiseMemoryError();
    return false;
  }
  store<u32>(l, newCap, LIST_CAP);
  store<u32>(l, <u32>a, LIST_ITEMS);
  return true;
}

/** Appends v, stealing the reference; false with MemoryError pending (v released). */
export function listAppendSteal(l: usize, v: Value): bool {
  const n = listLength(l);
  if (!reserve(l, n + 1)) {
    decref(v);
    return false;
  }
  setItem(l, n, v);
  store<u32>(l, n + 1, LIST_LEN);
  return true;
}

/** Python index normalisation; returns -1 when out of range. */
function normIndex(l: usize, i: i64): i64 {
  const n = <i64>listLength(l);
  if (i < 0) i += n;
  return i < 0 || i >= n ? -1 : i;
}

export function listGetItem(l: usize, i: i64): Value {
  const k = normIndex(l, i);
  if (k < 0) return raise(IndexError, "list index out of range");
  const v = listItem(l, <u32>k);
  incref(v);
  return v;
}

/** l[i] = v (v borrowed); 0, or -1 with IndexError pending. */
export function listSetItem(l: usize, i: i64, v: Value): i32 {
  const k = normIndex(l, i);
  if (k < 0) {
    raise(IndexError, "list assignment index out of range");
    return -1;
  }
  incref(v);
  const old = listItem(l, <u32>k);
  setItem(l, <u32>k, v);
  decref(old);
  return 0;
}

/** l[start:stop:step] for adjusted indices (slice.ts). */
export function listSlice(l: usize, start: i64, step: i64, count: i64): Value {
  const r = listNew(<u32>count);
  if (r == 0) return ERR;
  for (let k: i64 = 0, i = start; k < count; k++, i += step) {
    const v = listItem(l, <u32>i);
    incref(v);
    setItem(r, <u32>k, v);
  }
  store<u32>(r, <u32>count, LIST_LEN);
  return boxPtr(r);
}

/** A new list holding l's items followed by `other` (a list or tuple's item array). */
export function listConcat(a: usize, b: usize): Value {
  const na = listLength(a), nb = listLength(b);
  const r = listNew(na + nb);
  if (r == 0) return ERR;
  for (let i: u32 = 0; i < na; i++) { const v = listItem(a, i); incref(v); setItem(r, i, v); }
  for (let i: u32 = 0; i < nb; i++) { const v = listItem(b, i); incref(v); setItem(r, na + i, v); }
  store<u32>(r, na + nb, LIST_LEN);
  return boxPtr(r);
}

// ---- exports: list methods -----------------------------------------------------------------

/** list.append(v) (comprehensions); v borrowed. 0, or -1 with MemoryError pending. */
export function rt_list_append(lv: Value, v: Value): i32 {
  incref(v);
  return listAppendSteal(unboxPtr(lv), v) ? 0 : -1;
}

/** list.insert(i, v): i is clamped to [0, len] after adding len to a negative index. */
export function rt_list_insert(lv: Value, index: i64, v: Value): Value {
  const l = unboxPtr(lv);
  const n = listLength(l);
  if (!reserve(l, n + 1)) return ERR;
  let i = index;
  if (i < 0) {
    i += n;
    if (i < 0) i = 0;
  }
  if (i > <i64>n) i = n;
  const at = items(l) + (<usize>i << 3);
  memory.copy(at + 8, at, <usize>(<i64>n - i) << 3);
  incref(v);
  store<u64>(at, v);
  store<u32>(l, n + 1, LIST_LEN);
  return NONE;
}

/** list.pop(i) (i = -1 for the default). */
export function rt_list_pop(lv: Value, index: i64): Value {
  const l = unboxPtr(lv);
  const n = listLength(l);
  if (n == 0) return raise(IndexError, "pop from empty list");
  const k = normIndex(l, index);
  if (k < 0) return raise(IndexError, "pop index out of range");
  const at = items(l) + (<usize>k << 3);
  const v = load<u64>(at);
  memory.copy(at, at + 8, <usize>(<i64>n - 1 - k) << 3);
  store<u32>(l, n - 1, LIST_LEN);
  return v;
}

/** list.index(v): first position, or ValueError "<repr> is not in list". */
export function rt_list_index(lv: Value, v: Value): Value {
  const l = unboxPtr(lv);
  for (let i: u32 = 0; i < listLength(l); i++) {
    const eq = richEq(listItem(l, i), v);
    if (eq < 0) return ERR;
    if (eq > 0) return boxSmall(i);
  }
  const r = reprOf(v);
  if (r == 0) return ERR;
  const msg = strFormat("%s is not in list", r);
  decref(boxPtr(r));
  return raiseWithStr(ValueError, msg);
}

export function rt_list_count(lv: Value, v: Value): Value {
  const l = unboxPtr(lv);
  let c: u32 = 0;
  for (let i: u32 = 0; i < listLength(l); i++) {
    const eq = richEq(listItem(l, i), v);
    if (eq < 0) return ERR;
    c += <u32>eq;
  }
  return boxSmall(c);
}

export function rt_list_reverse(lv: Value): Value {
  const l = unboxPtr(lv);
  const n = listLength(l);
  for (let i: u32 = 0, j = n - 1; n > 0 && i < j; i++, j--) {
    const t = listItem(l, i);
    setItem(l, i, listItem(l, j));
    setItem(l, j, t);
  }
  return NONE;
}

/** list.extend(iterable): lists and tuples are copied directly, anything else iterated. */
export function rt_list_extend(lv: Value, src: Value): Value {
  const l = unboxPtr(lv);
  const n = listLength(l);
  if (isObjectOf(src, LIST_TYPE) || isObjectOf(src, TUPLE_TYPE)) {
    const o = unboxPtr(src);
    const isList = typeAt(o) == LIST_TYPE;
    // Read the count before reserving: l.extend(l) appends l's items as they were.
    const count = isList ? listLength(o) : tupleLength(o);
    if (!reserve(l, n + count)) return ERR;
    const from = isList ? items(o) : o + TUPLE_ITEMS;
    for (let i: u32 = 0; i < count; i++) {
      const v = load<u64>(from + (<usize>i << 3));
      incref(v);
      setItem(l, n + i, v);
    }
    store<u32>(l, n + count, LIST_LEN);
    return NONE;
  }
  const it = rt_get_iter(src);
  if (it == ERR) return ERR;
  for (;;) {
    const v = rt_iter_next(it);
    if (v == EXHAUSTED) break;
    if (v == ERR || !listAppendSteal(l, v)) {
      decref(it);
      return ERR;
    }
  }
  decref(it);
  return NONE;
}

/** A list from `count` Values at argv, stealing the references. */
export function rt_build_list(argv: usize, count: u32): Value {
  const l = listNew(count);
  if (l == 0) {
    for (let i: u32 = 0; i < count; i++) decref(load<u64>(argv + (<usize>i << 3)));
    return ERR;
  }
  if (count != 0) memory.copy(items(l), argv, <usize>count << 3);
  store<u32>(l, count, LIST_LEN);
  return boxPtr(l);
}

/** Address of the list's item array (valid until the list next grows). */
export function listItemsAddress(l: usize): usize { return items(l); }

/** Sets the length of a list whose items [0, n) the caller has written (capacity permitting). */
export function listSetLength(l: usize, n: u32): void { store<u32>(l, n, LIST_LEN); }

/** Makes room for n items in total; false with MemoryError pending. */
export function listReserve(l: usize, n: u32): bool { return reserve(l, n); }

/** Removes every item (list.clear()). */
export function listClear(l: usize): void {
  const n = listLength(l);
  const cap = load<u32>(l, LIST_CAP);
  const a = items(l);
  // Detach the array first: releasing an item may run code that looks at the list.
  store<u32>(l, 0, LIST_LEN);
  store<u32>(l, 0, LIST_CAP);
  store<u32>(l, 0, LIST_ITEMS);
  for (let i: u32 = 0; i < n; i++) decref(load<u64>(a + (<usize>i << 3)));
  if (cap != 0) free(a, <usize>cap << 3);
}

/** Detaches the item array (for sorting): the list is left empty; returns the array. */
export function listDetach(l: usize): usize {
  const a = items(l);
  store<u32>(l, 0, LIST_LEN);
  store<u32>(l, 0, LIST_CAP);
  store<u32>(l, 0, LIST_ITEMS);
  return a;
}

/** Puts back an item array of n items and capacity cap, freeing whatever the list holds now. */
export function listAttach(l: usize, a: usize, n: u32, cap: u32): void {
  listClear(l);
  store<u32>(l, n, LIST_LEN);
  store<u32>(l, cap, LIST_CAP);
  store<u32>(l, <u32>a, LIST_ITEMS);
}

export function listCapacity(l: usize): u32 { return load<u32>(l, LIST_CAP); }

/** del l[start:stop:step] for adjusted indices (slice.ts). */
export function listDeleteSlice(l: usize, start: i64, step: i64, count: i64): void {
  if (count <= 0) return;
  // Normalise to an increasing walk.
  if (step < 0) {
    start = start + (count - 1) * step;
    step = -step;
  }
  const n = <i64>listLength(l);
  const a = items(l);
  // Collect the removed items first; release them once the list is consistent again.
  const removed = alloc(<usize>count << 3);
  let w = start;
  let k: i64 = 0;
  for (let i = start; i < n; i++) {
    const v = load<u64>(a + (<usize>i << 3));
    if (k < count && i == start + k * step) {
      if (removed != 0) store<u64>(removed + (<usize>k << 3), v);
      k++;
    } else {
      store<u64>(a + (<usize>w << 3), v);
      w++;
    }
  }
  store<u32>(l, <u32>w, LIST_LEN);
  if (removed != 0) {
    for (let i: i64 = 0; i < count; i++) decref(load<u64>(removed + (<usize>i << 3)));
    free(removed, <usize>count << 3);
  }
}

/**
 * l[start:stop:step] = value for adjusted indices: any iterable for a simple slice (the list
 * grows or shrinks), one of exactly `count` items for an extended slice. 0, or -1.
 */
export function listAssignSlice(l: usize, start: i64, step: i64, count: i64, value: Value): i32 {
  const src = rt_get_iter_or_error(value, step == 1);
  if (src == ERR) return -1;
  const sp = unboxPtr(src);
  const m = <i64>listLength(sp);
  if (step == 1) {
    const n = <i64>listLength(l);
    const newLen = n - count + m;
    if (newLen > n && !reserve(l, <u32>newLen)) {
      decref(src);
      return -1;
    }
    const a = items(l);
    // The replaced items leave the list before anything is released.
    const old = count > 0 ? alloc(<usize>count << 3) : 0;
    if (old != 0) memory.copy(old, a + (<usize>start << 3), <usize>count << 3);
    memory.copy(a + (<usize>(start + m) << 3), a + (<usize>(start + count) << 3), <usize>(n - start - count) << 3);
    for (let i: i64 = 0; i < m; i++) {
      const v = listItem(sp, <u32>i);
      incref(v);
      store<u64>(a + (<usize>(start + i) << 3), v);
    }
    store<u32>(l, <u32>newLen, LIST_LEN);
    if (old != 0) {
      for (let i: i64 = 0; i < count; i++) decref(load<u64>(old + (<usize>i << 3)));
      free(old, <usize>count << 3);
    }
    decref(src);
    return 0;
  }
  if (m != count) {
    decref(src);
    raiseWithStr(ValueError, strFormat2("attempt to assign sequence of size %d to extended slice of size %d", m, count));
    return -1;
  }
  for (let k: i64 = 0; k < count; k++) {
    const v = listItem(sp, <u32>k);
    incref(v);
    const at = items(l) + (<usize>(start + k * step) << 3);
    const old = load<u64>(at);
    store<u64>(at, v);
    decref(old);
  }
  decref(src);
  return 0;
}

import { fmtMsg } from "./format";
function strFormat2(fmt: string, a: i64, b: i64): usize { return fmtMsg(fmt, a, b); }

/** The items of value as a new list, or TypeError "can only assign an iterable". */
function rt_get_iter_or_error(value: Value, simple: bool): Value {
  const l = listFromIterable(value);
  if (l != ERR) return l;
  if (exceptionMatchesPending(TypeError)) {
    rt_err_clear();
    return raise(TypeError, simple ? "can only assign an iterable" : "must assign iterable to extended slice");
  }
  return ERR;
}

import { listFromIterable } from "./builtins";
import { exceptionMatchesPending, rt_err_clear, TypeError } from "./exceptions";
