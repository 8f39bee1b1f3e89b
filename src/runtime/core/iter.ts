// Iterators over the builtin containers: one object kind with a type per container, as in
// CPython (list_iterator, dict_keyiterator, range_iterator, ...). Each holds the container, a
// position, and (for dict and set) the length seen at creation, to detect a change during
// iteration. An exhausted iterator drops its container and stays exhausted.
import { hasBase, baseValue } from "./subclass";
import { isUserObject, isHeapType, isObjectOf } from "./object";
import { callSpecial, hasSpecial, S_ITER, S_NEXT, S_GETITEM, SEQ_ITER_TYPE, sequenceIter, userReversed } from "./classes";
import { UNBOUND } from "./value";
import { GENERATOR_TYPE, generatorNext } from "./generator";
import { Value, ERR, EXHAUSTED, NONE, boxPtr, unboxPtr, isPtr, boxSmall } from "./value";
import {
  Kind, DICT_KEYS_TYPE, DICT_VALUES_TYPE,
  LIST_ITER_TYPE, LIST_REVITER_TYPE, TUPLE_ITER_TYPE, STR_ASCII_ITER_TYPE, STR_ITER_TYPE,
  DICT_KEYITER_TYPE, DICT_VALUEITER_TYPE, DICT_ITEMITER_TYPE, DICT_REVKEYITER_TYPE, SET_ITER_TYPE,
  DICT_REVVALUEITER_TYPE, DICT_REVITEMITER_TYPE,
  RANGE_ITER_TYPE, LONGRANGE_ITER_TYPE, REVERSED_TYPE, CALLABLE_ITER_TYPE,
  newObject, freeObject, incref, decref, decrefChild, typeOf, typeName, typeAt, typeKind,
} from "./object";
import { raise, raiseWithStr, RuntimeError, TypeError, IndexError, StopIteration, exceptionMatchesPending, rt_err_clear } from "./exceptions";
import { fmtMsg } from "./format";
import { listLength, listItem } from "./list";
import { tupleLength, tupleItem, tupleNew, tupleSetItem } from "./tuple";
import { strLength, strData, strByteLength, strIsAscii, strFromUtf8, charStr, seqLengthAt } from "./str";
import { dictLength, dictEntryCount, dictEntryKey, dictEntryValue, isDeletedKey } from "./dict";
import { setLength, setTableSize, setSlotKey } from "./set";
import { rangeStart, rangeStep, rangeLength, rangeIsBig, rangeField, RF_START, RF_STEP, RF_LEN } from "./range";
import { intFromI64, intAdd, intSub, intMul, intNeg, bigSign } from "./int";
import { viewDict } from "./iterobjects";
import { enumerateNext, zipNext, mapNext, filterNext } from "./iterobjects";
import { rt_getitem, richEq } from "./ops";
import { rt_call } from "./call";
import { BYTES_ITER_TYPE, BYTEARRAY_ITER_TYPE, bytesIterType, bLen, bData } from "./bytes";
import { ARRAY_ITER_TYPE, arrayIter, arrayIterNext, arrayLength } from "./arraytype";
import { MEMORY_ITER_TYPE, memoryviewIter, memoryviewIterNext, memoryviewLength } from "./memoryview";

const IT_SEQ: usize = 8;     // u64: the container (owned), 0 once exhausted
const IT_POS: usize = 16;    // i64: next position (item index, byte offset, entry, slot or value)
const IT_END: usize = 24;    // i64: dict/set length at creation; range: items left; sentinel
const IT_STEP: usize = 32;   // i64: range step
const IT_SIZE: usize = 40;
// A longrange_iterator (over a range beyond +-2^62) holds ints (owned) instead: the next item
// in IT_SEQ, the items left in IT_END, the step in IT_STEP.

export function iterDealloc(it: usize): void {
  decrefChild(load<u64>(it, IT_SEQ));
  const t = typeAt(it);
  if (t == CALLABLE_ITER_TYPE || t == LONGRANGE_ITER_TYPE) decrefChild(load<u64>(it, IT_END));
  if (t == LONGRANGE_ITER_TYPE) decrefChild(load<u64>(it, IT_STEP));
  freeObject(it, IT_SIZE);
}

/** An iterator over a big range, forwards or backwards. */
function longRangeIter(r: usize, reverse: bool): Value {
  const n = rangeField(r, RF_LEN);
  if (n == ERR) return ERR;
  let first = rangeField(r, RF_START);
  let step = rangeField(r, RF_STEP);
  if (reverse && first != ERR && step != ERR) {
    // The last item, start + (len - 1) * step, then backwards.
    const last = intSub(n, boxSmall(1));
    const off = last == ERR ? ERR : intMul(last, step);
    if (last != ERR) decref(last);
    const at = off == ERR ? ERR : intAdd(first, off);
    if (off != ERR) decref(off);
    decref(first);
    first = at;
    const back = intNeg(step);
    decref(step);
    step = back;
  }
  const it = first == ERR || step == ERR ? 0 : newObject(LONGRANGE_ITER_TYPE, IT_SIZE);
  if (it == 0) {
    decref(n);
    if (first != ERR) decref(first);
    if (step != ERR) decref(step);
    return ERR;
  }
  store<u64>(it, first, IT_SEQ);
  store<u64>(it, n, IT_END);
  store<u64>(it, step, IT_STEP);
  return boxPtr(it);
}

function longRangeNext(it: usize): Value {
  const left = load<u64>(it, IT_END);
  if (bigSign(left) <= 0) return EXHAUSTED;
  const cur = load<u64>(it, IT_SEQ);
  const next = intAdd(cur, load<u64>(it, IT_STEP));
  if (next == ERR) return ERR;
  const fewer = intSub(left, boxSmall(1));
  if (fewer == ERR) {
    decref(next);
    return ERR;
  }
  store<u64>(it, next, IT_SEQ);
  store<u64>(it, fewer, IT_END);
  decref(left);
  return cur;
}

/** A new iterator of `type` over seq (borrowed). */
export function newIter(type: usize, seq: Value, pos: i64, end: i64, step: i64): Value {
  const it = newObject(type, IT_SIZE);
  if (it == 0) return ERR;
  incref(seq);
  store<u64>(it, seq, IT_SEQ);
  store<i64>(it, pos, IT_POS);
  store<i64>(it, end, IT_END);
  store<i64>(it, step, IT_STEP);
  return boxPtr(it);
}

/** iter(callable, sentinel) */
export function callableIter(f: Value, sentinel: Value): Value {
  const it = newIter(CALLABLE_ITER_TYPE, f, 0, 0, 0);
  if (it == ERR) return ERR;
  incref(sentinel);
  store<u64>(unboxPtr(it), sentinel, IT_END);
  return it;
}

/** Is v an iterator (something next() accepts)? */
export function isIterator(v: Value): bool {
  if (!isPtr(v)) return false;
  if (isObjectOf(v, GENERATOR_TYPE)) return true;
  if (isUserObject(v)) return hasSpecial(v, S_NEXT);
  const k = typeKind(typeOf(v));
  return k == Kind.ITER || k == Kind.ENUMERATE || k == Kind.ZIP || k == Kind.MAP || k == Kind.FILTER;
}

/** Does a class statement's instance define __iter__? */
export function isIterable(v: Value): bool {
  return isUserObject(v) && (hasSpecial(v, S_ITER) || hasSpecial(v, S_GETITEM) || (hasBase(v) && baseValue(v) == v));
}

/** iter(v) for the builtin iterables; an iterator is its own iterator. */
export function rt_get_iter(v: Value): Value {
  const t = typeOf(v);
  const k = typeKind(t);
  if (isUserObject(v)) {
    const it = callSpecial(v, S_ITER, 0, 0);
    if (it == ERR) return ERR;
    if (it != UNBOUND) {
      if (!isIterator(it)) {
        const msg = fmtMsg("iter() returned non-iterator of type '%s'", typeName(typeOf(it)));
        decref(it);
        return raiseWithStr(TypeError, msg);
      }
      return it;
    }
    // A class derived from a builtin iterates as it does (its __getitem__ notwithstanding).
    const s = hasBase(v) ? UNBOUND : sequenceIter(v);
    if (s != UNBOUND) return s;
  }
  switch (k) {
    case Kind.LIST: return newIter(LIST_ITER_TYPE, v, 0, 0, 0);
    case Kind.TUPLE: return newIter(TUPLE_ITER_TYPE, v, 0, 0, 0);
    case Kind.STR: return newIter(strIsAscii(unboxPtr(v)) ? STR_ASCII_ITER_TYPE : STR_ITER_TYPE, v, 0, 0, 0);
    case Kind.DICT: return newIter(DICT_KEYITER_TYPE, v, 0, dictLength(unboxPtr(v)), 0);
    case Kind.BYTES: case Kind.BYTEARRAY: return newIter(bytesIterType(v), v, 0, 0, 0);
    case Kind.ARRAY: return arrayIter(v);
    case Kind.MEMORYVIEW: return memoryviewIter(v);
    case Kind.SET: return newIter(SET_ITER_TYPE, v, 0, setLength(unboxPtr(v)), 0);
    case Kind.RANGE: {
      const r = unboxPtr(v);
      if (rangeIsBig(r)) return longRangeIter(r, false);
      return newIter(RANGE_ITER_TYPE, NONE, rangeStart(r), rangeLength(r), rangeStep(r));
    }
    case Kind.DICTVIEW: {
      const d = viewDict(unboxPtr(v));
      const it = t == DICT_KEYS_TYPE ? DICT_KEYITER_TYPE : t == DICT_VALUES_TYPE ? DICT_VALUEITER_TYPE : DICT_ITEMITER_TYPE;
      return newIter(it, d, 0, dictLength(unboxPtr(d)), 0);
    }
    case Kind.ITER: case Kind.ENUMERATE: case Kind.ZIP: case Kind.MAP: case Kind.FILTER: case Kind.GENERATOR:
      incref(v);
      return v;
  }
  return raiseWithStr(TypeError, fmtMsg("'%s' object is not iterable", typeName(t)));
}

/** reversed(v) for the builtin sequences; TypeError if v is not reversible. */
export function reversedIter(v: Value): Value {
  const t = typeOf(v);
  const k = typeKind(t);
  if (isUserObject(v)) {
    const r = userReversed(v);
    if (r != UNBOUND) return r;
  }
  if (k == Kind.LIST) return newIter(LIST_REVITER_TYPE, v, <i64>listLength(unboxPtr(v)) - 1, 0, 0);
  if (k == Kind.TUPLE) return newIter(REVERSED_TYPE, v, <i64>tupleLength(unboxPtr(v)) - 1, 0, 0);
  if (k == Kind.STR) return newIter(REVERSED_TYPE, v, <i64>strLength(unboxPtr(v)) - 1, 0, 0);
  if (k == Kind.BYTES || k == Kind.BYTEARRAY) return newIter(REVERSED_TYPE, v, <i64>bLen(unboxPtr(v)) - 1, 0, 0);
  if (k == Kind.ARRAY) return newIter(REVERSED_TYPE, v, <i64>arrayLength(unboxPtr(v)) - 1, 0, 0);
  if (k == Kind.MEMORYVIEW) {
    const n = memoryviewLength(unboxPtr(v));
    return n < 0 ? ERR : newIter(REVERSED_TYPE, v, n - 1, 0, 0);
  }
  if (k == Kind.RANGE) {
    const r = unboxPtr(v);
    if (rangeIsBig(r)) return longRangeIter(r, true);
    const n = rangeLength(r);
    const step = rangeStep(r);
    return newIter(RANGE_ITER_TYPE, NONE, rangeStart(r) + (n - 1) * step, n, -step);
  }
  if (k == Kind.DICT) return newIter(DICT_REVKEYITER_TYPE, v, <i64>dictEntryCount(unboxPtr(v)) - 1, dictLength(unboxPtr(v)), 0);
  if (k == Kind.DICTVIEW) {
    const d = viewDict(unboxPtr(v));
    const it = t == DICT_KEYS_TYPE ? DICT_REVKEYITER_TYPE : t == DICT_VALUES_TYPE ? DICT_REVVALUEITER_TYPE : DICT_REVITEMITER_TYPE;
    return newIter(it, d, <i64>dictEntryCount(unboxPtr(d)) - 1, dictLength(unboxPtr(d)), 0);
  }
  return raiseWithStr(TypeError, fmtMsg("'%s' object is not reversible", typeName(t)));
}

/** Marks the iterator exhausted, releasing its container. */
function finish(it: usize): Value {
  const seq = load<u64>(it, IT_SEQ);
  store<u64>(it, 0, IT_SEQ);
  decref(seq);
  return EXHAUSTED;
}

/** The next item (a new reference), EXHAUSTED, or ERR. */
export function rt_iter_next(iv: Value): Value {
  const it = unboxPtr(iv);
  const t = typeAt(it);
  const k = typeKind(t);
  if (k != Kind.ITER) {
    if (k == Kind.GENERATOR) return generatorNext(iv);
    if (isHeapType(t)) {
      // __next__ signals the end with StopIteration.
      const r = callSpecial(iv, S_NEXT, 0, 0);
      if (r == ERR && exceptionMatchesPending(StopIteration)) {
        rt_err_clear();
        return EXHAUSTED;
      }
      if (r != UNBOUND) return r;
    }
    if (k == Kind.ENUMERATE) return enumerateNext(it);
    if (k == Kind.ZIP) return zipNext(it);
    if (k == Kind.MAP) return mapNext(it);
    if (k == Kind.FILTER) return filterNext(it);
    return raiseWithStr(TypeError, fmtMsg("'%s' object is not an iterator", typeName(t)));
  }
  if (t == LONGRANGE_ITER_TYPE) return longRangeNext(it);
  let pos = load<i64>(it, IT_POS);
  if (t == RANGE_ITER_TYPE) {
    const left = load<i64>(it, IT_END);
    if (left <= 0) return EXHAUSTED;
    store<i64>(it, left - 1, IT_END);
    store<i64>(it, pos + load<i64>(it, IT_STEP), IT_POS);
    return intFromI64(pos);
  }
  const seq = load<u64>(it, IT_SEQ);
  if (seq == 0) return EXHAUSTED;
  const o = unboxPtr(seq);
  if (t == LIST_ITER_TYPE) {
    if (pos >= <i64>listLength(o)) return finish(it);
    store<i64>(it, pos + 1, IT_POS);
    const v = listItem(o, <u32>pos);
    incref(v);
    return v;
  }
  if (t == TUPLE_ITER_TYPE) {
    if (pos >= <i64>tupleLength(o)) return finish(it);
    store<i64>(it, pos + 1, IT_POS);
    const v = tupleItem(o, <u32>pos);
    incref(v);
    return v;
  }
  if (t == ARRAY_ITER_TYPE || t == MEMORY_ITER_TYPE) {
    const v = t == ARRAY_ITER_TYPE ? arrayIterNext(o, pos) : memoryviewIterNext(o, pos);
    if (v == EXHAUSTED) return finish(it);
    if (v != ERR) store<i64>(it, pos + 1, IT_POS);
    return v;
  }
  if (t == BYTES_ITER_TYPE || t == BYTEARRAY_ITER_TYPE) {
    if (pos >= <i64>bLen(o)) return finish(it);
    store<i64>(it, pos + 1, IT_POS);
    return boxSmall(<i64>load<u8>(bData(o) + <usize>pos));
  }
  if (t == STR_ASCII_ITER_TYPE) {
    if (pos >= <i64>strByteLength(o)) return finish(it);
    store<i64>(it, pos + 1, IT_POS);
    return charStr(load<u8>(strData(o) + <usize>pos));
  }
  if (t == STR_ITER_TYPE) {
    // pos is a byte offset: each step decodes one code point.
    if (pos >= <i64>strByteLength(o)) return finish(it);
    const at = strData(o) + <usize>pos;
    const n = seqLengthAt(at);
    store<i64>(it, pos + n, IT_POS);
    if (n == 1) return charStr(load<u8>(at));
    const s = strFromUtf8(at, n);
    return s == 0 ? ERR : boxPtr(s);
  }
  if (t == LIST_REVITER_TYPE) {
    if (pos < 0 || pos >= <i64>listLength(o)) return finish(it);
    store<i64>(it, pos - 1, IT_POS);
    const v = listItem(o, <u32>pos);
    incref(v);
    return v;
  }
  if (t == SEQ_ITER_TYPE) {
    const v = rt_getitem(seq, boxSmall(pos));
    if (v == ERR && (exceptionMatchesPending(IndexError) || exceptionMatchesPending(StopIteration))) {
      rt_err_clear();
      return finish(it);
    }
    store<i64>(it, pos + 1, IT_POS);
    return v;
  }
  if (t == REVERSED_TYPE) {
    if (pos < 0) return finish(it);
    store<i64>(it, pos - 1, IT_POS);
    return rt_getitem(seq, boxSmall(pos));
  }
  if (t == SET_ITER_TYPE) {
    if (<i64>setLength(o) != load<i64>(it, IT_END)) {
      store<i64>(it, -1, IT_END);
      return raise(RuntimeError, "Set changed size during iteration");
    }
    const n = <i64>setTableSize(o);
    while (pos < n && setSlotKey(o, <u32>pos) == ERR) pos++;
    if (pos >= n) return finish(it);
    store<i64>(it, pos + 1, IT_POS);
    const v = setSlotKey(o, <u32>pos);
    incref(v);
    return v;
  }
  if (t == CALLABLE_ITER_TYPE) {
    const r = rt_call(seq, 0, 0, NONE);
    if (r == ERR) {
      if (exceptionMatchesPending(StopIteration)) {
        rt_err_clear();
        return finish(it);
      }
      return ERR;
    }
    const e = richEq(r, load<u64>(it, IT_END));
    if (e < 0) {
      decref(r);
      return ERR;
    }
    if (e == 1) {
      decref(r);
      return finish(it);
    }
    return r;
  }
  // The dict iterators.
  if (<i64>dictLength(o) != load<i64>(it, IT_END)) {
    store<i64>(it, -1, IT_END);
    return raise(RuntimeError, "dictionary changed size during iteration");
  }
  if (t == DICT_REVKEYITER_TYPE || t == DICT_REVVALUEITER_TYPE || t == DICT_REVITEMITER_TYPE) {
    while (pos >= 0 && isDeletedKey(dictEntryKey(o, <u32>pos))) pos--;
    if (pos < 0) return finish(it);
    store<i64>(it, pos - 1, IT_POS);
  } else {
    const n = <i64>dictEntryCount(o);
    while (pos < n && isDeletedKey(dictEntryKey(o, <u32>pos))) pos++;
    if (pos >= n) return finish(it);
    store<i64>(it, pos + 1, IT_POS);
  }
  if (t == DICT_KEYITER_TYPE || t == DICT_REVKEYITER_TYPE) {
    const v = dictEntryKey(o, <u32>pos);
    incref(v);
    return v;
  }
  if (t == DICT_VALUEITER_TYPE || t == DICT_REVVALUEITER_TYPE) {
    const v = dictEntryValue(o, <u32>pos);
    incref(v);
    return v;
  }
  const key = dictEntryKey(o, <u32>pos), value = dictEntryValue(o, <u32>pos);
  const pair = tupleNew(2);
  if (pair == 0) return ERR;
  incref(key);
  incref(value);
  tupleSetItem(pair, 0, key);
  tupleSetItem(pair, 1, value);
  return boxPtr(pair);
}

/** Items left in a list/tuple/str/range iterator (for preallocating), or 0 if unknown. */
export function iterLengthHint(iv: Value): u32 {
  const it = unboxPtr(iv);
  const t = typeAt(it);
  if (t == RANGE_ITER_TYPE) return <u32>max<i64>(load<i64>(it, IT_END), 0);
  const seq = load<u64>(it, IT_SEQ);
  if (seq == 0) return 0;
  const pos = load<i64>(it, IT_POS);
  if (t == LIST_ITER_TYPE) return <u32>max<i64>(<i64>listLength(unboxPtr(seq)) - pos, 0);
  if (t == TUPLE_ITER_TYPE) return <u32>max<i64>(<i64>tupleLength(unboxPtr(seq)) - pos, 0);
  return 0;
}
