// bytes and bytearray: immutable and mutable sequences of 8-bit values.
//
// bytes keeps its data inline after a cached hash; bytearray keeps a separately allocated,
// growable buffer. Both start with the length at +8, so code reading them goes through
// bLen/bData, which also read an array.array (arraytype.ts) and a contiguous memoryview
// (memoryview.ts) as their raw bytes: the "bytes-like objects" of CPython's buffer protocol.
// The generic operations (ops.ts, iter.ts) call the hooks here for bytes and bytearray; the
// methods are in bytesmethods.ts.
import { numberIndex, repeatCount, userIndex } from "./number-index";
import { alloc, free, realloc } from "./alloc";
import {
  Value, ERR, NONE, TRUE, FALSE, UNBOUND, boxPtr, unboxPtr, boxSmall, boxBool, unboxSmall, isPtr, isNone,
} from "./value";
import {
  Kind, IMMORTAL, STR_TYPE, INT_TYPE, TUPLE_TYPE, LIST_TYPE, SLICE_TYPE, OBJECT_TYPE, TYPE_TYPE,
  initType, newObject, freeObject, typeAt, typeOf, typeName, isObjectOf, incref, decref, decrefChild, isUserObject,
} from "./object";
import {
  raise, raiseWithStr, raiseMemoryError, TypeError, ValueError, IndexError, OverflowError, LookupError,
  exceptionTypeAt, exceptionTypeCount, exceptionNew, setCurrent, EXC_DICT,
} from "./exceptions";
import { fmtMsg, strFormat, builderNew, builderByte, builderBytes, builderLiteral, builderFinish, builderCodePoint, builderDiscard } from "./format";
import { strData, strByteLength, strLength, strFromLiteral, decodeAt, seqLengthAt, siphash13 } from "./str";
import { isInt, isSmallOrBool, bigSign } from "./int";
import { sliceAdjust, sliceStart, sliceStep, sliceCount } from "./slice";
import { rt_get_iter, rt_iter_next, iterLengthHint } from "./iter";
import { EXHAUSTED } from "./value";
import { tupleFrom1, tupleLength, tupleItem } from "./tuple";
import { dictNew, dictSetItem } from "./dict";
import { strIs, argAt, kwCount, bindArgs, boundArg } from "./call";

// Type objects (object.ts's TYPE_SIZE, 40 bytes, restated: static data cannot be sized by
// another module's constant).
export const BYTES_TYPE = memory.data(40, 8);
export const BYTEARRAY_TYPE = memory.data(40, 8);
export const BYTES_ITER_TYPE = memory.data(40, 8);
export const BYTEARRAY_ITER_TYPE = memory.data(40, 8);

export function initBytesTypes(): void {
  initType(BYTES_TYPE, "bytes", OBJECT_TYPE, Kind.BYTES);
  initType(BYTEARRAY_TYPE, "bytearray", OBJECT_TYPE, Kind.BYTEARRAY);
  initType(BYTES_ITER_TYPE, "bytes_iterator", OBJECT_TYPE, Kind.ITER);
  initType(BYTEARRAY_ITER_TYPE, "bytearray_iterator", OBJECT_TYPE, Kind.ITER);
}

// Layout after the header. Both: length u32 at +8.
const B_LEN: usize = 8;
// bytes: hash at +16, data inline from +24.
const B_HASH: usize = 16;
const BYTES_DATA: usize = 24;
// bytearray: capacity at +12, buffer address at +16, export count at +20 (memoryviews and JS
// views of it: while there are any, it must not resize). array.array shares this layout.
const BA_CAP: usize = 12;
const BA_BUF: usize = 16;
const BA_EXPORTS: usize = 20;
const BA_SIZE: usize = 24;

const MAX_LEN: u32 = 0x7FFF_0000;

// @ts-ignore: decorator
@inline export function bLen(p: usize): u32 { return load<u32>(p, B_LEN); }
// @ts-ignore: decorator
@inline export function bData(p: usize): usize {
  const t = typeAt(p);
  return t == BYTES_TYPE ? p + BYTES_DATA : t == MEMORYVIEW_TYPE ? mvData(p) : <usize>load<u32>(p, BA_BUF);
}

/** One more (delta 1) or one fewer (-1) export of a bytearray's or an array's buffer; bytes has none to count. */
export function bufferExportsAdd(p: usize, delta: i32): void {
  const t = typeAt(p);
  if (t == BYTEARRAY_TYPE || t == ARRAY_TYPE) store<u32>(p, <u32>(<i32>load<u32>(p, BA_EXPORTS) + delta), BA_EXPORTS);
}

/** Can the bytearray change size? false with BufferError while its buffer is exported. */
export function bytearrayCanResize(p: usize): bool {
  if (load<u32>(p, BA_EXPORTS) == 0) return true;
  raise(BufferError, "Existing exports of data: object cannot be re-sized");
  return false;
}

// @ts-ignore: decorator
@inline export function isBytesType(t: usize): bool { return t == BYTES_TYPE || t == BYTEARRAY_TYPE; }
/**
 * Can v be read as bytes (bData/bLen)? bytes, bytearray, array.array, and a memoryview that
 * is contiguous and not released (CPython's consumers of a simple buffer refuse the others).
 */
export function isBytesLike(v: Value): bool {
  if (!isPtr(v)) return false;
  const p = unboxPtr(v);
  const t = typeAt(p);
  return t == BYTES_TYPE || t == BYTEARRAY_TYPE || t == ARRAY_TYPE || (t == MEMORYVIEW_TYPE && mvIsFlat(p));
}
// @ts-ignore: decorator
@inline export function isByteArray(v: Value): bool { return isObjectOf(v, BYTEARRAY_TYPE); }

/** A new bytes object with room for n bytes (not filled in); 0 on MemoryError. */
export function bytesAlloc(n: u32): usize {
  if (n > MAX_LEN) return raiseMemoryError();
  const p = newObject(BYTES_TYPE, BYTES_DATA + <usize>n);
  if (p == 0) return 0;
  store<u32>(p, n, B_LEN);
  store<u32>(p, 0, 12);
  store<i64>(p, -1, B_HASH);
  return p;
}

/** A new, empty bytearray with capacity for n bytes; 0 on MemoryError. */
export function bytearrayAlloc(cap: u32): usize {
  if (cap > MAX_LEN) return raiseMemoryError();
  const p = newObject(BYTEARRAY_TYPE, BA_SIZE);
  if (p == 0) return 0;
  let buf: usize = 0;
  if (cap > 0) {
    buf = alloc(<usize>cap);
    if (buf == 0) {
      freeObject(p, BA_SIZE);
      return raiseMemoryError();
    }
  }
  store<u32>(p, 0, B_LEN);
  store<u32>(p, cap, BA_CAP);
  store<u32>(p, <u32>buf, BA_BUF);
  store<u32>(p, 0, BA_EXPORTS);
  return p;
}

/** Makes room for n bytes in a bytearray or an array (length unchanged); false on MemoryError. */
export function bytearrayReserve(p: usize, n: u32): bool {
  const cap = load<u32>(p, BA_CAP);
  if (n <= cap) return true;
  if (n > MAX_LEN) {
    raiseMemoryError();
    return false;
  }
  let want = <u64>cap + (<u64>cap >> 1) + 8;
  if (want < <u64>n) want = <u64>n;
  if (want > <u64>MAX_LEN) want = <u64>MAX_LEN;
  const old = <usize>load<u32>(p, BA_BUF);
  const buf = old == 0 ? alloc(<usize>want) : realloc(old, <usize>cap, <usize>want);
  if (buf == 0) {
    raiseMemoryError();
    return false;
  }
  store<u32>(p, <u32>buf, BA_BUF);
  store<u32>(p, <u32>want, BA_CAP);
  return true;
}

/** Sets a bytearray's length (its capacity must allow it). */
export function bytearraySetLen(p: usize, n: u32): void { store<u32>(p, n, B_LEN); }

/** Appends n bytes at q to a bytearray; false on MemoryError. */
export function bytearrayPush(p: usize, q: usize, n: u32): bool {
  const len = bLen(p);
  if (<u64>len + <u64>n > <u64>MAX_LEN) {
    raiseMemoryError();
    return false;
  }
  if (!bytearrayReserve(p, len + n)) return false;
  memory.copy(<usize>load<u32>(p, BA_BUF) + len, q, n);
  store<u32>(p, len + n, B_LEN);
  return true;
}

export function bytearrayPushByte(p: usize, c: u32): bool {
  const len = bLen(p);
  if (!bytearrayReserve(p, len + 1)) return false;
  store<u8>(<usize>load<u32>(p, BA_BUF) + len, <u8>c);
  store<u32>(p, len + 1, B_LEN);
  return true;
}

export function bytesDealloc(p: usize): void {
  if (typeAt(p) == BYTES_TYPE) {
    freeObject(p, BYTES_DATA + <usize>bLen(p));
  } else {
    const buf = <usize>load<u32>(p, BA_BUF);
    if (buf != 0) free(buf, <usize>load<u32>(p, BA_CAP));
    freeObject(p, BA_SIZE);
  }
}

/** A new bytes (or bytearray) holding a copy of n bytes at q; ERR on MemoryError. */
export function newBytesOf(array: bool, q: usize, n: u32): Value {
  if (array) {
    const p = bytearrayAlloc(n);
    if (p == 0) return ERR;
    if (n > 0) memory.copy(<usize>load<u32>(p, BA_BUF), q, n);
    store<u32>(p, n, B_LEN);
    return boxPtr(p);
  }
  const p = bytesAlloc(n);
  if (p == 0) return ERR;
  memory.copy(p + BYTES_DATA, q, n);
  return boxPtr(p);
}

/** Turns a bytearray used as a buffer into the result: itself, or a bytes copy (consumed). */
export function finishBuffer(ba: usize, array: bool): Value {
  if (array) return boxPtr(ba);
  const r = newBytesOf(false, bData(ba), bLen(ba));
  decref(boxPtr(ba));
  return r;
}

// ---- hashing, comparison -------------------------------------------------------------------

export function bytesHash(p: usize): i64 {
  let h = load<i64>(p, B_HASH);
  if (h != -1) return h;
  const n = bLen(p);
  if (n == 0) h = 0;
  else {
    h = <i64>siphash13(p + BYTES_DATA, n, 1, n);
    if (h == -1) h = -2;
  }
  store<i64>(p, h, B_HASH);
  return h;
}

/** -1, 0, 1 */
export function bytesCompare(a: usize, b: usize): i32 {
  const na = bLen(a), nb = bLen(b);
  const c = memory.compare(bData(a), bData(b), min(na, nb));
  if (c != 0) return c < 0 ? -1 : 1;
  return na < nb ? -1 : na > nb ? 1 : 0;
}

export function bytesEquals(a: usize, b: usize): bool {
  const n = bLen(a);
  if (n != bLen(b)) return false;
  return memory.compare(bData(a), bData(b), n) == 0;
}

// ---- the operator hooks (UNBOUND: not a bytes operation) ----------------------------------

/** a + b when a is bytes-like. */
export function bytesAdd(a: Value, b: Value): Value {
  if (!isBytesLike(a)) return UNBOUND;
  if (!isBytesLike(b)) {
    return raiseWithStr(TypeError, fmtMsg("can't concat %s to %s", typeName(typeOf(b)), typeName(typeOf(a))));
  }
  const pa = unboxPtr(a), pb = unboxPtr(b);
  const na = bLen(pa), nb = bLen(pb);
  if (<u64>na + <u64>nb > <u64>MAX_LEN) {
    raiseMemoryError();
    return ERR;
  }
  const array = isByteArray(a);
  if (array) {
    const r = bytearrayAlloc(na + nb);
    if (r == 0) return ERR;
    bytearrayPush(r, bData(pa), na);
    bytearrayPush(r, bData(pb), nb);
    return boxPtr(r);
  }
  const r = bytesAlloc(na + nb);
  if (r == 0) return ERR;
  memory.copy(r + BYTES_DATA, bData(pa), na);
  memory.copy(r + BYTES_DATA + na, bData(pb), nb);
  return boxPtr(r);
}

/** a += b for a bytearray: extends in place. */
export function bytearrayInplaceAdd(a: Value, b: Value): Value {
  if (!isByteArray(a)) return UNBOUND;
  if (!isBytesLike(b)) {
    return raiseWithStr(TypeError, fmtMsg("can't concat %s to %s", typeName(typeOf(b)), typeName(typeOf(a))));
  }
  const pb = unboxPtr(b);
  if (bLen(pb) != 0 && !bytearrayCanResize(unboxPtr(a))) return ERR;
  // b may be a itself: copy its length first, and push from a stable copy if it is.
  if (pb == unboxPtr(a)) {
    const n = bLen(pb);
    const tmp = newBytesOf(false, bData(pb), n);
    if (tmp == ERR) return ERR;
    const ok = bytearrayPush(unboxPtr(a), bData(unboxPtr(tmp)), n);
    decref(tmp);
    if (!ok) return ERR;
  } else if (!bytearrayPush(unboxPtr(a), bData(pb), bLen(pb))) return ERR;
  incref(a);
  return a;
}

/** seq * n */
export function bytesRepeat(seq: Value, n: Value): Value {
  const count = repeatCount(n);
  if (count < 0) return ERR;
  const p = unboxPtr(seq);
  const len = <u64>bLen(p);
  if (len != 0 && <u64>count > <u64>MAX_LEN / len) {
    raiseMemoryError();
    return ERR;
  }
  const total = <u32>(len * <u64>count);
  const array = isByteArray(seq);
  let r: usize, d: usize;
  if (array) {
    r = bytearrayAlloc(total);
    if (r == 0) return ERR;
    d = bData(r);
    store<u32>(r, total, B_LEN);
  } else {
    r = bytesAlloc(total);
    if (r == 0) return ERR;
    d = r + BYTES_DATA;
  }
  if (total != 0) {
    memory.copy(d, bData(p), <usize>len);
    let done = <u32>len;
    while (done < total) {
      const chunk = min(done, total - done);
      memory.copy(d + done, d, chunk);
      done += chunk;
    }
  }
  return boxPtr(r);
}

/** bytes * n for a count that is an int or has __index__. */
function bytesRepeatBy(seq: Value, n: Value): Value {
  if (isInt(n)) return bytesRepeat(seq, n);
  const i = userIndex(n);
  if (i == ERR) return ERR;
  if (i == UNBOUND) return raiseWithStr(TypeError, fmtMsg("can't multiply sequence by non-int of type '%s'", typeName(typeOf(n))));
  const r = bytesRepeat(seq, i);
  decref(i);
  return r;
}

/** a * b when either is a bytes or a bytearray. */
export function bytesMul(a: Value, b: Value): Value {
  if (isBytesType(typeOf(a))) return bytesRepeatBy(a, b);
  if (isBytesType(typeOf(b))) return bytesRepeatBy(b, a);
  return UNBOUND;
}

/** a *= n for a bytearray (in place). */
export function bytearrayInplaceMul(a: Value, b: Value): Value {
  if (!isByteArray(a) || !isInt(b)) return UNBOUND;
  const r = bytesRepeat(a, b);
  if (r == ERR) return ERR;
  const p = unboxPtr(a), q = unboxPtr(r);
  const n = bLen(q);
  if (n != bLen(p) && !bytearrayCanResize(p)) {
    decref(r);
    return ERR;
  }
  store<u32>(p, 0, B_LEN);
  const ok = bytearrayPush(p, bData(q), n);
  decref(r);
  if (!ok) return ERR;
  incref(a);
  return a;
}

/**
 * Do a and b compare as bytes? bytes with bytes; a bytearray with anything bytes-like (it
 * compares through the buffer protocol); never bytes with an array, whose comparisons both
 * give NotImplemented. memoryviews compare element by element instead (memoryview.ts).
 */
function bytewiseComparable(a: Value, b: Value): bool {
  if (!isBytesLike(a) || !isBytesLike(b) || isMemoryview(a) || isMemoryview(b)) return false;
  return isByteArray(a) || isByteArray(b) || (isObjectOf(a, BYTES_TYPE) && isObjectOf(b, BYTES_TYPE));
}

/** a == b when a bytes-like is involved: 1/0, -1 raised; -2 when neither compares. */
export function bytesEqualHook(a: Value, b: Value): i32 {
  if (isMemoryview(a) || isMemoryview(b)) return memoryviewEquals(a, b);
  if (!bytewiseComparable(a, b)) return -2;
  return bytesEquals(unboxPtr(a), unboxPtr(b)) ? 1 : 0;
}

/** Ordering of two bytes-likes as -1/0/1; 2 when they do not compare. */
export function bytesOrderHook(a: Value, b: Value): i32 {
  if (!bytewiseComparable(a, b)) return 2;
  return bytesCompare(unboxPtr(a), unboxPtr(b));
}

/** A byte value from an int operand: 0..255, or -1 with an exception pending. */
export function byteValue(v: Value): i32 {
  if (isSmallOrBool(v)) {
    const x = unboxSmall(v);
    if (x < 0 || x > 255) {
      raise(ValueError, "byte must be in range(0, 256)");
      return -1;
    }
    return <i32>x;
  }
  if (isInt(v)) {
    raise(ValueError, "byte must be in range(0, 256)");
    return -1;
  }
  const i = userIndex(v);
  if (i == ERR) return -1;
  if (i != UNBOUND) {
    const r = byteValue(i);
    decref(i);
    return r;
  }
  raiseWithStr(TypeError, fmtMsg("'%s' object cannot be interpreted as an integer", typeName(typeOf(v))));
  return -1;
}

/** Byte offset of needle (n bytes at q) in [from, to) of hay (p), or -1. */
export function memFind(p: usize, from: u32, to: u32, q: usize, n: u32): i64 {
  if (to < from || to - from < n) return -1;
  if (n == 0) return <i64>from;
  const first = load<u8>(q);
  for (let i = from; i <= to - n; i++) {
    if (load<u8>(p + i) == first && memory.compare(p + i, q, n) == 0) return <i64>i;
  }
  return -1;
}

export function memRfind(p: usize, from: u32, to: u32, q: usize, n: u32): i64 {
  if (to < from || to - from < n) return -1;
  if (n == 0) return <i64>to;
  for (let i = <i64>(to - n); i >= <i64>from; i--) {
    if (memory.compare(p + <usize>i, q, n) == 0) return i;
  }
  return -1;
}

/** `item in container` for a bytes-like container: 1, 0, -1 (raised). */
export function bytesContains(container: usize, item: Value): i32 {
  const p = bData(container), n = bLen(container);
  if (isBytesLike(item)) {
    const q = unboxPtr(item);
    return memFind(p, 0, n, bData(q), bLen(q)) >= 0 ? 1 : 0;
  }
  if (isInt(item)) {
    const c = byteValue(item);
    if (c < 0) return -1;
    for (let i: u32 = 0; i < n; i++) if (<i32>load<u8>(p + i) == c) return 1;
    return 0;
  }
  raiseWithStr(TypeError, fmtMsg("a bytes-like object is required, not '%s'", typeName(typeOf(item))));
  return -1;
}

// ---- subscripting ----------------------------------------------------------------------------

function indexError(obj: Value): Value {
  return raise(IndexError, isByteArray(obj) ? "bytearray index out of range" : "index out of range");
}

function indexTypeError(obj: Value, key: Value): Value {
  return raiseWithStr(TypeError, fmtMsg(isByteArray(obj) ? "bytearray indices must be integers or slices, not %s" : "byte indices must be integers or slices, not %s", typeName(typeOf(key))));
}

/** An index key as i64 (0x7FFF.. flags a big int); false with the error raised. */
let keyIndex: i64 = 0;
function toKeyIndex(obj: Value, key: Value): bool {
  if (isSmallOrBool(key)) {
    keyIndex = unboxSmall(key);
    return true;
  }
  if (isInt(key)) {
    raiseWithStr(IndexError, fmtMsg("cannot fit '%s' into an index-sized integer", typeName(INT_TYPE)));
    return false;
  }
  const i = userIndex(key);
  if (i == ERR) return false;
  if (i != UNBOUND) {
    const small = isSmallOrBool(i);
    keyIndex = small ? unboxSmall(i) : 0;
    decref(i);
    if (!small) raiseWithStr(IndexError, fmtMsg("cannot fit '%s' into an index-sized integer", typeName(typeOf(key))));
    return small;
  }
  indexTypeError(obj, key);
  return false;
}

export function bytesGetItem(obj: Value, key: Value): Value {
  const p = unboxPtr(obj);
  const n = bLen(p);
  if (isObjectOf(key, SLICE_TYPE)) {
    if (!sliceAdjust(unboxPtr(key), n)) return ERR;
    const array = isByteArray(obj);
    const start = sliceStart, step = sliceStep, count = sliceCount;
    if (step == 1) return newBytesOf(array, bData(p) + <usize>start, <u32>count);
    const r = newBytesOf(array, bData(p), <u32>count);
    if (r == ERR) return ERR;
    const d = bData(unboxPtr(r)), s = bData(p);
    for (let k: i64 = 0, i = start; k < count; k++, i += step) store<u8>(d + <usize>k, load<u8>(s + <usize>i));
    return r;
  }
  if (!toKeyIndex(obj, key)) return ERR;
  let i = keyIndex;
  if (i < 0) i += <i64>n;
  if (i < 0 || i >= <i64>n) return indexError(obj);
  return boxSmall(<i64>load<u8>(bData(p) + <usize>i));
}

/** The bytes of an assigned value for slice assignment: bytes-like, or an iterable of ints. */
function bytesOfValue(v: Value): Value {
  if (isBytesLike(v)) {
    const q = unboxPtr(v);
    return newBytesOf(false, bData(q), bLen(q));
  }
  if (isInt(v) || isObjectOf(v, STR_TYPE) || isNone(v)) {
    return raiseWithStr(TypeError, fmtMsg("can assign only bytes, buffers, or iterables of ints in range(0, 256)"));
  }
  return bytesFromIterable(v, false);
}

/** ba[key] = v: 0, or -1 raised. */
export function bytearraySetItem(obj: Value, key: Value, v: Value): i32 {
  const p = unboxPtr(obj);
  const n = bLen(p);
  if (isObjectOf(key, SLICE_TYPE)) {
    const src = bytesOfValue(v);
    if (src == ERR) return -1;
    if (!sliceAdjust(unboxPtr(key), n)) {
      decref(src);
      return -1;
    }
    const r = sliceCount != <i64>bLen(unboxPtr(src)) && sliceStep == 1 && !bytearrayCanResize(p)
      ? -1 : assignSlice(p, sliceStart, sliceStep, sliceCount, unboxPtr(src));
    decref(src);
    return r;
  }
  if (!toKeyIndex(obj, key)) return -1;
  let i = keyIndex;
  if (i < 0) i += <i64>n;
  if (i < 0 || i >= <i64>n) {
    indexError(obj);
    return -1;
  }
  const c = byteValue(v);
  if (c < 0) return -1;
  store<u8>(bData(p) + <usize>i, <u8>c);
  return 0;
}

function assignSlice(p: usize, start: i64, step: i64, count: i64, src: usize): i32 {
  const m = bLen(src);
  const s = bData(src);
  if (step == 1) {
    const n = bLen(p);
    const newLen = <u32>(<i64>n - count + <i64>m);
    if (!bytearrayReserve(p, newLen)) return -1;
    const d = bData(p);
    const tail = <u32>(<i64>n - start - count);
    memory.copy(d + <usize>(start + <i64>m), d + <usize>(start + count), tail);
    memory.copy(d + <usize>start, s, m);
    store<u32>(p, newLen, B_LEN);
    return 0;
  }
  if (<i64>m != count) {
    raiseWithStr(ValueError, fmtMsg("attempt to assign bytes of size %d to extended slice of size %d", m, count));
    return -1;
  }
  const d = bData(p);
  for (let k: i64 = 0, i = start; k < count; k++, i += step) store<u8>(d + <usize>i, load<u8>(s + <usize>k));
  return 0;
}

export function bytearrayDelItem(obj: Value, key: Value): i32 {
  const p = unboxPtr(obj);
  const n = bLen(p);
  if (isObjectOf(key, SLICE_TYPE)) {
    if (!sliceAdjust(unboxPtr(key), n)) return -1;
    let start = sliceStart, step = sliceStep, count = sliceCount;
    if (count == 0) return 0;
    if (!bytearrayCanResize(p)) return -1;
    if (step < 0) {
      start = start + (count - 1) * step;
      step = -step;
    }
    const d = bData(p);
    // Keep every byte not on the slice, in order.
    let w = <u32>start;
    let next = start;
    let removed: i64 = 0;
    for (let i = start; i < <i64>n; i++) {
      if (removed < count && i == next) {
        removed++;
        next += step;
        continue;
      }
      store<u8>(d + w, load<u8>(d + <usize>i));
      w++;
    }
    store<u32>(p, w, B_LEN);
    return 0;
  }
  if (!toKeyIndex(obj, key)) return -1;
  let i = keyIndex;
  if (i < 0) i += <i64>n;
  if (i < 0 || i >= <i64>n) {
    raise(IndexError, "bytearray index out of range");
    return -1;
  }
  if (!bytearrayCanResize(p)) return -1;
  const d = bData(p);
  memory.copy(d + <usize>i, d + <usize>i + 1, <usize>(<i64>n - i - 1));
  store<u32>(p, n - 1, B_LEN);
  return 0;
}

// ---- repr ------------------------------------------------------------------------------------

/** Appends b'...' (CPython's quoting and escapes) to a str builder. */
export function builderBytesRepr(b: usize, p: usize, n: u32): void {
  let single = false, double = false;
  for (let i: u32 = 0; i < n; i++) {
    const c = load<u8>(p + i);
    if (c == 0x27) single = true;
    else if (c == 0x22) double = true;
  }
  const quote: u32 = single && !double ? 0x22 : 0x27;
  builderByte(b, 0x62);
  builderByte(b, quote);
  for (let i: u32 = 0; i < n; i++) {
    const c = <u32>load<u8>(p + i);
    if (c == quote || c == 0x5C) {
      builderByte(b, 0x5C);
      builderByte(b, c);
    } else if (c == 0x09) builderLiteral(b, "\\t");
    else if (c == 0x0A) builderLiteral(b, "\\n");
    else if (c == 0x0D) builderLiteral(b, "\\r");
    else if (c < 0x20 || c >= 0x7F) {
      builderLiteral(b, "\\x");
      builderByte(b, hexDigit(c >> 4));
      builderByte(b, hexDigit(c & 15));
    } else builderByte(b, c);
  }
  builderByte(b, quote);
}

// @ts-ignore: decorator
@inline export function hexDigit(d: u32): u32 { return d < 10 ? 0x30 + d : 0x57 + d; }

/** repr(b) as a str; 0 with an exception pending. */
export function bytesRepr(p: usize): usize {
  const n = bLen(p);
  const b = builderNew(n + 16);
  if (b == 0) return 0;
  const array = typeAt(p) == BYTEARRAY_TYPE;
  if (array) builderLiteral(b, "bytearray(");
  builderBytesRepr(b, bData(p), n);
  if (array) builderLiteral(b, ")");
  return builderFinish(b);
}

// ---- construction ----------------------------------------------------------------------------

/** bytes/bytearray from an iterable of ints in range(0, 256). */
export function bytesFromIterable(v: Value, array: bool, plural: bool = false): Value {
  const it = rt_get_iter(v);
  if (it == ERR) {
    return ERR;
  }
  const ba = bytearrayAlloc(iterLengthHint(it));
  if (ba == 0) {
    decref(it);
    return ERR;
  }
  for (;;) {
    const x = rt_iter_next(it);
    if (x == EXHAUSTED) break;
    if (x == ERR) {
      decref(it);
      decref(boxPtr(ba));
      return ERR;
    }
    let c: i32;
    if (isSmallOrBool(x)) {
      const y = unboxSmall(x);
      c = y < 0 || y > 255 ? -2 : <i32>y;
    } else if (isInt(x)) c = -2;
    else {
      const i = numberIndex(x);
      if (i == ERR) c = -1;
      else if (isSmallOrBool(i)) {
        const y = unboxSmall(i);
        c = y < 0 || y > 255 ? -2 : <i32>y;
      } else {
        decref(i);
        c = -2;
      }
    }
    decref(x);
    if (c == -2) {
      raise(ValueError, plural ? "bytes must be in range(0, 256)" : "byte must be in range(0, 256)");
      c = -1;
    }
    if (c < 0 || !bytearrayPushByte(ba, <u32>c)) {
      decref(it);
      decref(boxPtr(ba));
      return ERR;
    }
  }
  decref(it);
  return finishBuffer(ba, array);
}

/** bytes(...) and bytearray(...): t is BYTES_TYPE or BYTEARRAY_TYPE. */
export function bytesConstruct(t: usize, argv: usize, argc: u32, kw: Value): Value {
  const array = t == BYTEARRAY_TYPE;
  if (!bindArgs(array ? "bytearray" : "bytes", argv, argc, kw, "source,encoding,errors", 0, 0, 3)) return ERR;
  const src = boundArg(0), enc = boundArg(1), errs = boundArg(2);
  if (src == UNBOUND) {
    if (enc != UNBOUND || errs != UNBOUND) {
      return raise(TypeError, enc != UNBOUND ? "encoding without a string argument" : "errors without a string argument");
    }
    return newBytesOf(array, 0, 0);
  }
  if (isObjectOf(src, STR_TYPE)) {
    if (enc == UNBOUND) return raise(TypeError, "string argument without an encoding");
    if (!isObjectOf(enc, STR_TYPE)) {
      return raiseWithStr(TypeError, fmtMsg(array ? "bytearray() argument 'encoding' must be str, not %s" : "bytes() argument 'encoding' must be str, not %s", typeName(typeOf(enc))));
    }
    if (errs != UNBOUND && !isObjectOf(errs, STR_TYPE)) {
      return raiseWithStr(TypeError, fmtMsg(array ? "bytearray() argument 'errors' must be str, not %s" : "bytes() argument 'errors' must be str, not %s", typeName(typeOf(errs))));
    }
    return strEncodeTo(src, unboxPtr(enc), errs == UNBOUND ? 0 : unboxPtr(errs), array);
  }
  if (enc != UNBOUND) return raise(TypeError, "encoding without a string argument");
  if (errs != UNBOUND) return raise(TypeError, "errors without a string argument");
  if (isBytesLike(src)) {
    const q = unboxPtr(src);
    if (!array && typeAt(q) == BYTES_TYPE) {
      incref(src);
      return src;
    }
    return newBytesOf(array, bData(q), bLen(q));
  }
  if (isMemoryview(src)) {
    // A view with a step (or a released one, which raises) is copied element by element.
    const r = memoryviewToBytes(unboxPtr(src));
    if (r == ERR || !array) return r;
    const ba = newBytesOf(true, bData(unboxPtr(r)), bLen(unboxPtr(r)));
    decref(r);
    return ba;
  }
  if (isUserObject(src)) {
    const i = userIndex(src);
    if (i == ERR) return ERR;
    if (i != UNBOUND) {
      if (!isSmallOrBool(i)) {
        const neg = bigSign(i) < 0;
        decref(i);
        if (neg) return raise(ValueError, "negative count");
        return raiseWithStr(OverflowError, fmtMsg("cannot fit '%s' into an index-sized integer", typeName(typeOf(src))));
      }
      return bytesOfSize(array, unboxSmall(i));
    }
  }
  if (isInt(src)) {
    if (!isSmallOrBool(src)) {
      if (bigSign(src) < 0) return raise(ValueError, "negative count");
      return raise(OverflowError, "cannot fit 'int' into an index-sized integer");
    }
    return bytesOfSize(array, unboxSmall(src));
  }
  const ty = typeOf(src);
  if (!isPtr(src) || ty == INT_TYPE || ty == TYPE_TYPE) {
    return raiseWithStr(TypeError, fmtMsg(array ? "cannot convert '%s' object to bytearray" : "cannot convert '%s' object to bytes", typeName(ty)));
  }
  const r = bytesFromIterable(src, array, !array);
  if (r == ERR && isNotIterableError()) {
    // CPython: "cannot convert 'X' object to bytes" for a non-iterable source.
    rt_err_clear_local();
    return raiseWithStr(TypeError, fmtMsg(array ? "cannot convert '%s' object to bytearray" : "cannot convert '%s' object to bytes", typeName(ty)));
  }
  return r;
}

/** bytes(n) / bytearray(n): n zero bytes. */
function bytesOfSize(array: bool, n: i64): Value {
  if (n < 0) return raise(ValueError, "negative count");
  if (n > <i64>MAX_LEN) {
    raiseMemoryError();
    return ERR;
  }
  const r = newBytesOf(array, 0, 0);
  if (r == ERR) return ERR;
  if (array) {
    const p = unboxPtr(r);
    if (!bytearrayReserve(p, <u32>n)) {
      decref(r);
      return ERR;
    }
    memory.fill(bData(p), 0, <usize>n);
    store<u32>(p, <u32>n, B_LEN);
    return r;
  }
  decref(r);
  const p = bytesAlloc(<u32>n);
  if (p == 0) return ERR;
  memory.fill(p + BYTES_DATA, 0, <usize>n);
  return boxPtr(p);
}

import { exceptionMatchesPending, rt_err_clear, rt_err_fetch, rt_err_restore, exceptionArgs } from "./exceptions";
import { isIterator } from "./iter";

/** Was the pending error raised by iter() on a non-iterable? (a TypeError ending in "is not iterable") */
let lastNotIterable = false;
function isNotIterableError(): bool {
  if (!exceptionMatchesPending(TypeError)) return false;
  const e = rt_err_fetch();
  const args = exceptionArgs(unboxPtr(e));
  let r = false;
  if (tupleLength(args) == 1) {
    const m = tupleItem(args, 0);
    if (isObjectOf(m, STR_TYPE)) {
      const s = unboxPtr(m);
      const n = strByteLength(s);
      const tail = " object is not iterable";
      const tn = <u32>tail.length;
      if (n >= tn) {
        r = true;
        for (let i: u32 = 0; i < tn; i++) {
          if (<u32>load<u8>(strData(s) + n - tn + i) != <u32>tail.charCodeAt(i)) { r = false; break; }
        }
      }
    }
  }
  rt_err_restore(e);
  return r;
}
function rt_err_clear_local(): void { rt_err_clear(); }

// ---- codecs ----------------------------------------------------------------------------------

export const ENC_UTF8: i32 = 0;
export const ENC_ASCII: i32 = 1;
export const ENC_LATIN1: i32 = 2;
export const ENC_UTF16LE: i32 = 3;
export const ENC_UTF16BE: i32 = 4;
export const ENC_UTF16: i32 = 5;
export const ENC_UTF32LE: i32 = 6;
export const ENC_UTF32BE: i32 = 7;
export const ENC_UTF32: i32 = 8;
export const ENC_CP1252: i32 = 9;
export const ENC_UNICODE_ESCAPE: i32 = 10;

export const ERR_STRICT: i32 = 0;
export const ERR_IGNORE: i32 = 1;
export const ERR_REPLACE: i32 = 2;
export const ERR_BACKSLASH: i32 = 3;
export const ERR_SURROGATEESCAPE: i32 = 4;
export const ERR_SURROGATEPASS: i32 = 5;
export const ERR_XMLCHARREF: i32 = 6;
export const ERR_UNKNOWN: i32 = 7;

/** Normalised encoding name matches: case-insensitive, '_' and ' ' same as '-'. */
function encIs(s: usize, lit: string): bool {
  const n = strByteLength(s);
  if (n != <u32>lit.length) return false;
  const p = strData(s);
  for (let i: u32 = 0; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c >= 0x41 && c <= 0x5A) c += 32;
    if (c == 0x5F || c == 0x20) c = 0x2D;
    if (c != <u32>lit.charCodeAt(i)) return false;
  }
  return true;
}

/** The codec for an encoding name, or -1 with LookupError raised. */
export function encodingOf(name: usize): i32 {
  if (encIs(name, "utf-8") || encIs(name, "utf8") || encIs(name, "u8") || encIs(name, "utf")) return ENC_UTF8;
  if (encIs(name, "ascii") || encIs(name, "us-ascii") || encIs(name, "646")) return ENC_ASCII;
  if (encIs(name, "latin-1") || encIs(name, "latin1") || encIs(name, "iso-8859-1") || encIs(name, "iso8859-1")
    || encIs(name, "l1") || encIs(name, "latin") || encIs(name, "8859") || encIs(name, "cp819")) return ENC_LATIN1;
  if (encIs(name, "utf-16") || encIs(name, "utf16") || encIs(name, "u16")) return ENC_UTF16;
  if (encIs(name, "utf-16-le") || encIs(name, "utf-16le")) return ENC_UTF16LE;
  if (encIs(name, "utf-16-be") || encIs(name, "utf-16be")) return ENC_UTF16BE;
  if (encIs(name, "utf-32") || encIs(name, "utf32") || encIs(name, "u32")) return ENC_UTF32;
  if (encIs(name, "utf-32-le") || encIs(name, "utf-32le")) return ENC_UTF32LE;
  if (encIs(name, "utf-32-be") || encIs(name, "utf-32be")) return ENC_UTF32BE;
  if (encIs(name, "cp1252") || encIs(name, "windows-1252")) return ENC_CP1252;
  if (encIs(name, "unicode-escape")) return ENC_UNICODE_ESCAPE;
  raiseWithStr(LookupError, fmtMsg("unknown encoding: %s", name));
  return -1;
}

function encodingName(enc: i32): string {
  switch (enc) {
    case ENC_UTF8: return "utf-8";
    case ENC_ASCII: return "ascii";
    case ENC_LATIN1: return "latin-1";
    case ENC_UTF16LE: return "utf-16-le";
    case ENC_UTF16BE: return "utf-16-be";
    case ENC_UTF16: return "utf-16";
    case ENC_UTF32LE: return "utf-32-le";
    case ENC_UTF32BE: return "utf-32-be";
    case ENC_UTF32: return "utf-32";
    case ENC_UNICODE_ESCAPE: return "unicodeescape";
  }
  return "charmap";
}

/** cp1252's code points for bytes 0x80..0x9F (0: undefined). */
const CP1252: StaticArray<u16> = [
  0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
  0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
];

function cp1252Byte(c: u32): i32 {
  if (c < 0x80 || (c >= 0xA0 && c <= 0xFF)) return <i32>c;
  for (let k = 0; k < 32; k++) if (<u32>CP1252[k] == c) return 0x80 + k;
  return -1;
}

/** Can `enc` encode code point c (surrogates are never encodable)? */
function encodable(enc: i32, c: u32): bool {
  if (c >= 0xD800 && c <= 0xDFFF) return false;
  if (enc == ENC_ASCII) return c < 0x80;
  if (enc == ENC_LATIN1) return c < 0x100;
  if (enc == ENC_CP1252) return cp1252Byte(c) >= 0;
  return true;
}

function pushUnit(ba: usize, x: u32, size: i32, bigEndian: bool): void {
  for (let k = 0; k < size; k++) {
    const shift = bigEndian ? (size - 1 - k) * 8 : k * 8;
    bytearrayPushByte(ba, (x >> <u32>shift) & 0xFF);
  }
}

/** Appends code point c (encodable) in enc. */
function encodeChar(ba: usize, enc: i32, c: u32, p: usize, len: u32): void {
  if (enc == ENC_UTF8) bytearrayPush(ba, p, len);
  else if (enc == ENC_ASCII || enc == ENC_LATIN1) bytearrayPushByte(ba, c);
  else if (enc == ENC_CP1252) bytearrayPushByte(ba, <u32>cp1252Byte(c));
  else if (enc == ENC_UTF32LE || enc == ENC_UTF32BE || enc == ENC_UTF32) pushUnit(ba, c, 4, enc == ENC_UTF32BE);
  else {
    const be = enc == ENC_UTF16BE;
    if (c < 0x10000) pushUnit(ba, c, 2, be);
    else {
      pushUnit(ba, 0xD800 + ((c - 0x10000) >> 10), 2, be);
      pushUnit(ba, 0xDC00 + ((c - 0x10000) & 0x3FF), 2, be);
    }
  }
}

export function errorsOf(name: usize): i32 {
  if (name == 0) return ERR_STRICT;
  if (strIs(name, "strict")) return ERR_STRICT;
  if (strIs(name, "ignore")) return ERR_IGNORE;
  if (strIs(name, "replace")) return ERR_REPLACE;
  if (strIs(name, "backslashreplace")) return ERR_BACKSLASH;
  if (strIs(name, "surrogateescape")) return ERR_SURROGATEESCAPE;
  if (strIs(name, "surrogatepass")) return ERR_SURROGATEPASS;
  if (strIs(name, "xmlcharrefreplace")) return ERR_XMLCHARREF;
  return ERR_UNKNOWN;
}

function unknownHandler(name: usize): Value {
  return raiseWithStr(LookupError, fmtMsg("unknown error handler name '%s'", name));
}

function excTypeNamed(name: string): usize {
  for (let i = 0; i < exceptionTypeCount(); i++) {
    const t = exceptionTypeAt(i);
    if (strIs(<usize>load<u32>(t, 8), name)) return t;
  }
  return ValueError;
}

/** Raises UnicodeDecodeError/UnicodeEncodeError with message msg (stolen) and attributes. */
function raiseUnicode(typeName_: string, enc: string, obj: Value, start: i64, end: i64, reason: string, msg: usize): Value {
  if (msg == 0) return ERR;
  const args = tupleFrom1(boxPtr(msg));
  if (args == 0) return ERR;
  const e = exceptionNew(excTypeNamed(typeName_), args);
  if (e == 0) return ERR;
  const d = dictNew();
  if (d != 0) {
    setAttr(d, "encoding", boxPtr(strFromLiteral(enc, false)));
    incref(obj);
    setAttr(d, "object", obj);
    setAttr(d, "start", boxSmall(start));
    setAttr(d, "end", boxSmall(end));
    setAttr(d, "reason", boxPtr(strFromLiteral(reason, false)));
    store<u64>(e, boxPtr(d), EXC_DICT);
  }
  setCurrent(e);
  return ERR;
}

/** d[name] = v (v stolen). */
function setAttr(d: usize, name: string, v: Value): void {
  const k = strFromLiteral(name, false);
  dictSetItem(d, boxPtr(k), v);
  decref(boxPtr(k));
  decref(v);
}

function decodeError(enc: string, obj: Value, p: usize, start: u32, end: u32, reason: string): Value {
  const e = strFromLiteral(enc, false);
  const r = strFromLiteral(reason, false);
  let msg: usize;
  if (end - start == 1) {
    const hx = builderNew(4);
    builderByte(hx, hexDigit(<u32>load<u8>(p + start) >> 4));
    builderByte(hx, hexDigit(<u32>load<u8>(p + start) & 15));
    const h = builderFinish(hx);
    msg = fmtMsg("'%s' codec can't decode byte 0x%s in position %d: %s", e, h, start, r);
    decref(boxPtr(h));
  } else {
    msg = fmtMsg("'%s' codec can't decode bytes in position %d-%d: %s", e, start, end - 1, r);
  }
  decref(boxPtr(e));
  decref(boxPtr(r));
  return raiseUnicode("UnicodeDecodeError", enc, obj, start, end, reason, msg);
}

/** Length of the invalid prefix and its reason at p[i..n) for UTF-8 (CPython's ranges). */
let badLen: u32 = 0;
let badReason: string = "";
/** Decodes one valid UTF-8 sequence at i, returning its length, or 0 (badLen/badReason set). */
function utf8Seq(p: usize, i: u32, n: u32): u32 {
  const c = <u32>load<u8>(p + i);
  if (c < 0x80) return 1;
  let need: u32, lo: u32 = 0x80, hi: u32 = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) need = 1;
  else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    if (c == 0xE0) lo = 0xA0;
    else if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    if (c == 0xF0) lo = 0x90;
    else if (c == 0xF4) hi = 0x8F;
  } else {
    badLen = 1;
    badReason = "invalid start byte";
    return 0;
  }
  for (let k: u32 = 1; k <= need; k++) {
    if (i + k >= n) {
      badLen = n - i;
      badReason = "unexpected end of data";
      return 0;
    }
    const d = <u32>load<u8>(p + i + k);
    const l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
    if (d < l || d > h) {
      badLen = k;
      badReason = "invalid continuation byte";
      return 0;
    }
  }
  return need + 1;
}

/** Decodes n bytes at p (of object obj) to a str. */
export function decodeBytes(obj: Value, p: usize, n: u32, enc: i32, errors: i32, errName: usize): Value {
  if (enc >= ENC_UTF16LE && enc <= ENC_UTF32) return decodeWide(obj, p, n, enc, errors, errName);
  if (enc == ENC_UNICODE_ESCAPE) return unicodeEscapeDecode(obj, p, n);
  if (errors == ERR_UNKNOWN) {
    // CPython looks the handler up only when an error occurs.
  }
  const b = builderNew(n + 8);
  if (b == 0) return ERR;
  let i: u32 = 0;
  while (i < n) {
    const c = <u32>load<u8>(p + i);
    if (c < 0x80) {
      builderByte(b, c);
      i++;
      continue;
    }
    if (enc == ENC_LATIN1 || (enc == ENC_CP1252 && (c >= 0xA0 || CP1252[c - 0x80] != 0))) {
      builderCodePoint(b, enc == ENC_CP1252 && c < 0xA0 ? <u32>CP1252[c - 0x80] : c);
      i++;
      continue;
    }
    let bad: u32 = 1;
    let reason = enc == ENC_CP1252 ? "character maps to <undefined>" : "ordinal not in range(128)";
    if (enc == ENC_UTF8) {
      const len = utf8Seq(p, i, n);
      if (len != 0) {
        builderBytes(b, p + i, len);
        i += len;
        continue;
      }
      bad = badLen;
      reason = badReason;
    }
    if (errors == ERR_STRICT || errors == ERR_UNKNOWN || errors == ERR_XMLCHARREF) {
      builderDiscard(b);
      if (errors == ERR_UNKNOWN) return unknownHandler(errName);
      return decodeError(encodingName(enc), obj, p, i, i + bad, reason);
    }
    if (errors == ERR_REPLACE) builderCodePoint(b, 0xFFFD);
    else if (errors == ERR_BACKSLASH) {
      for (let k: u32 = 0; k < bad; k++) {
        const x = <u32>load<u8>(p + i + k);
        builderLiteral(b, "\\x");
        builderByte(b, hexDigit(x >> 4));
        builderByte(b, hexDigit(x & 15));
      }
    } else if (errors == ERR_SURROGATEESCAPE) {
      for (let k: u32 = 0; k < bad; k++) builderCodePoint(b, 0xDC00 + <u32>load<u8>(p + i + k));
    } else if (errors == ERR_SURROGATEPASS) {
      builderDiscard(b);
      return decodeError(encodingName(enc), obj, p, i, i + bad, reason);
    }
    i += bad;
  }
  const s = builderFinish(b);
  return s == 0 ? ERR : boxPtr(s);
}

/** Escape text for a code point in an encode error message: '\xe9', '\u20ac', '\U0001f600'. */
function charEscape(c: u32): usize {
  const b = builderNew(12);
  if (b == 0) return 0;
  builderByte(b, 0x5C);
  const digits: i32 = c <= 0xFF ? 2 : c <= 0xFFFF ? 4 : 8;
  builderByte(b, digits == 2 ? 0x78 : digits == 4 ? 0x75 : 0x55);
  for (let k = digits - 1; k >= 0; k--) builderByte(b, hexDigit((c >> (<u32>k << 2)) & 0xF));
  return builderFinish(b);
}

/** str.encode / bytes(str, enc): s is a str Value. */
export function strEncodeTo(s: Value, encName: usize, errName: usize, array: bool): Value {
  const enc = encodingOf(encName);
  if (enc < 0) return ERR;
  if (enc == ENC_UNICODE_ESCAPE) return unicodeEscapeEncode(s, array);
  const errors = errorsOf(errName);
  const sp = unboxPtr(s);
  const p = strData(sp), n = strByteLength(sp);
  const ba = bytearrayAlloc(n);
  if (ba == 0) return ERR;
  if (enc == ENC_UTF16) { bytearrayPushByte(ba, 0xFF); bytearrayPushByte(ba, 0xFE); }
  if (enc == ENC_UTF32) { bytearrayPushByte(ba, 0xFF); bytearrayPushByte(ba, 0xFE); bytearrayPushByte(ba, 0); bytearrayPushByte(ba, 0); }
  let i: u32 = 0;
  let pos: i64 = 0;
  while (i < n) {
    const len = seqLengthAt(p + i);
    const c = decodeAt(p + i);
    const surrogate = c >= 0xD800 && c <= 0xDFFF;
    if (encodable(enc, c)) {
      encodeChar(ba, enc, c, p + i, len);
      i += len;
      pos++;
      continue;
    }
    // A run of unencodable characters.
    let j = i, end = pos;
    while (j < n) {
      const d = decodeAt(p + j);
      const sur = d >= 0xD800 && d <= 0xDFFF;
      if (encodable(enc, d)) break;
      j += seqLengthAt(p + j);
      end++;
    }
    let handled = true;
    if (errors == ERR_IGNORE) {
      // nothing
    } else if (errors == ERR_REPLACE) {
      for (let k = pos; k < end; k++) bytearrayPushByte(ba, 0x3F);
    } else if (errors == ERR_BACKSLASH || errors == ERR_XMLCHARREF) {
      for (let q = i; q < j; q += seqLengthAt(p + q)) {
        const d = decodeAt(p + q);
        const t = builderNew(12);
        if (errors == ERR_XMLCHARREF) {
          builderLiteral(t, "&#");
          builderInt10(t, d);
          builderByte(t, 0x3B);
        } else {
          builderByte(t, 0x5C);
          const digits: i32 = d <= 0xFF ? 2 : d <= 0xFFFF ? 4 : 8;
          builderByte(t, digits == 2 ? 0x78 : digits == 4 ? 0x75 : 0x55);
          for (let k = digits - 1; k >= 0; k--) builderByte(t, hexDigit((d >> (<u32>k << 2)) & 0xF));
        }
        const ts = builderFinish(t);
        if (ts != 0) {
          bytearrayPush(ba, strData(ts), strByteLength(ts));
          decref(boxPtr(ts));
        }
      }
    } else if (errors == ERR_SURROGATEESCAPE) {
      for (let q = i; q < j; q += seqLengthAt(p + q)) {
        const d = decodeAt(p + q);
        if (d >= 0xDC80 && d <= 0xDCFF) bytearrayPushByte(ba, d - 0xDC00);
        else { handled = false; j = q; end = pos + 1; break; }
      }
    } else if (errors == ERR_SURROGATEPASS && enc == ENC_UTF8) {
      bytearrayPush(ba, p + i, j - i);
    } else handled = false;
    if (!handled) {
      decref(boxPtr(ba));
      if (errors == ERR_UNKNOWN) return unknownHandler(errName);
      // The error covers the run (CPython reports the whole run for ascii/latin-1).
      let first = decodeAt(p + i);
      if (enc >= ENC_UTF16LE && enc <= ENC_UTF32) end = pos + 1;
      const reason = enc == ENC_CP1252 ? "character maps to <undefined>" : enc == ENC_ASCII ? "ordinal not in range(128)" : enc == ENC_LATIN1 ? "ordinal not in range(256)" : "surrogates not allowed";
      const e = strFromLiteral(encodingName(enc), false);
      const r = strFromLiteral(reason, false);
      let msg: usize;
      if (end - pos == 1) {
        const ch = charEscape(first);
        msg = fmtMsg("'%s' codec can't encode character '%s' in position %d: %s", e, ch, pos, r);
        decref(boxPtr(ch));
      } else {
        msg = fmtMsg("'%s' codec can't encode characters in position %d-%d: %s", e, pos, end - 1, r);
      }
      decref(boxPtr(e));
      decref(boxPtr(r));
      return raiseUnicode("UnicodeEncodeError", encodingName(enc), s, pos, end, reason, msg);
    }
    i = j;
    pos = end;
  }
  return finishBuffer(ba, array);
}

function builderInt10(b: usize, x: u32): void {
  let digits: u32 = 1;
  for (let t = x; t >= 10; t /= 10) digits++;
  for (let k = <i32>digits - 1; k >= 0; k--) {
    let t = x;
    for (let m = 0; m < k; m++) t /= 10;
    builderByte(b, 0x30 + t % 10);
  }
}

/** str(obj, encoding, errors) when obj is bytes-like. */
export function strFromBytesArgs(o: Value, enc: Value, errs: Value): Value {
  const q = unboxPtr(o);
  const e = enc == UNBOUND ? ENC_UTF8 : encodingOf(unboxPtr(enc));
  if (e < 0) return ERR;
  const en = errs == UNBOUND ? 0 : unboxPtr(errs);
  return decodeBytes(o, bData(q), bLen(q), e, errorsOf(en), en);
}

// ---- iteration -------------------------------------------------------------------------------

export function bytesIterType(v: Value): usize {
  return isByteArray(v) ? BYTEARRAY_ITER_TYPE : BYTES_ITER_TYPE;
}

// ---- the compile-time constant export ------------------------------------------------------

/** A bytes constant from n bytes at p: immortal, as constants live as long as the program. */
export function rt_bytes_new(p: usize, n: u32): Value {
  const b = bytesAlloc(n);
  if (b == 0) return ERR;
  memory.copy(b + BYTES_DATA, p, n);
  store<i32>(b, IMMORTAL);
  return boxPtr(b);
}

/** str.encode(encoding='utf-8', errors='strict') */
export function strEncodeMethod(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!bindArgs("encode", argv, argc, kw, "encoding,errors", 0, 0, 2)) return ERR;
  const e = boundArg(0), r = boundArg(1);
  if (e != UNBOUND && !isObjectOf(e, STR_TYPE)) {
    return raiseWithStr(TypeError, fmtMsg("encode() argument 'encoding' must be str, not %s", typeName(typeOf(e))));
  }
  if (r != UNBOUND && !isObjectOf(r, STR_TYPE)) {
    return raiseWithStr(TypeError, fmtMsg("encode() argument 'errors' must be str, not %s", typeName(typeOf(r))));
  }
  const UTF8 = strFromLiteral("utf-8", false);
  if (UTF8 == 0) return ERR;
  const res = strEncodeTo(self, e == UNBOUND ? UTF8 : unboxPtr(e), r == UNBOUND ? 0 : unboxPtr(r), false);
  decref(boxPtr(UTF8));
  return res;
}

function unitAt(p: usize, i: u32, size: u32, be: bool): u32 {
  let x: u32 = 0;
  for (let k: u32 = 0; k < size; k++) {
    const byte = <u32>load<u8>(p + i + k);
    x |= be ? byte << ((size - 1 - k) * 8) : byte << (k * 8);
  }
  return x;
}

/** UTF-16 and UTF-32 decoding (a BOM picks the byte order for plain utf-16/utf-32). */
function decodeWide(obj: Value, p: usize, n: u32, enc: i32, errors: i32, errName: usize): Value {
  const wide32 = enc >= ENC_UTF32LE;
  const size: u32 = wide32 ? 4 : 2;
  let be = enc == ENC_UTF16BE || enc == ENC_UTF32BE;
  let i: u32 = 0;
  if (enc == ENC_UTF16 && n >= 2) {
    const bom = unitAt(p, 0, 2, false);
    if (bom == 0xFEFF) i = 2;
    else if (bom == 0xFFFE) { i = 2; be = true; }
  } else if (enc == ENC_UTF32 && n >= 4) {
    const bom = unitAt(p, 0, 4, false);
    if (bom == 0xFEFF) i = 4;
    else if (bom == 0xFFFE0000) { i = 4; be = true; }
  }
  const name = wide32 ? (be ? "utf-32-be" : "utf-32-le") : (be ? "utf-16-be" : "utf-16-le");
  const b = builderNew(n);
  if (b == 0) return ERR;
  while (i < n) {
    let bad: u32 = 0;
    let reason = "";
    if (n - i < size) {
      bad = n - i;
      reason = "truncated data";
    } else if (wide32) {
      const c = unitAt(p, i, 4, be);
      if (c > 0x10FFFF) { bad = 4; reason = "code point not in range(0x110000)"; }
      else if (c >= 0xD800 && c <= 0xDFFF) { bad = 4; reason = "code point in surrogate code point range(0xd800, 0xe000)"; }
      else { builderCodePoint(b, c); i += 4; continue; }
    } else {
      const u = unitAt(p, i, 2, be);
      if (u < 0xD800 || u > 0xDFFF) { builderCodePoint(b, u); i += 2; continue; }
      if (u >= 0xDC00) { bad = 2; reason = "illegal encoding"; }
      else if (n - i < 4) { bad = n - i; reason = "unexpected end of data"; }
      else {
        const v = unitAt(p, i + 2, 2, be);
        if (v >= 0xDC00 && v <= 0xDFFF) {
          builderCodePoint(b, 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00));
          i += 4;
          continue;
        }
        bad = 2;
        reason = "illegal UTF-16 surrogate";
      }
    }
    if (errors == ERR_REPLACE) builderCodePoint(b, 0xFFFD);
    else if (errors == ERR_IGNORE) {
      // dropped
    } else if (errors == ERR_BACKSLASH) {
      for (let k: u32 = 0; k < bad; k++) {
        const x = <u32>load<u8>(p + i + k);
        builderLiteral(b, "\\x");
        builderByte(b, hexDigit(x >> 4));
        builderByte(b, hexDigit(x & 15));
      }
    } else {
      builderDiscard(b);
      if (errors == ERR_UNKNOWN) return unknownHandler(errName);
      return decodeError(name, obj, p, i, i + bad, reason);
    }
    i += bad;
  }
  const s = builderFinish(b);
  return s == 0 ? ERR : boxPtr(s);
}

import { BufferError } from "./exceptions";
import { MEMORYVIEW_TYPE, isMemoryview, mvData, mvIsFlat, memoryviewEquals, memoryviewToBytes } from "./memoryview";
import { ARRAY_TYPE } from "./arraytype";

/** str.encode("unicode_escape"): Latin-1 printable ASCII kept, everything else escaped. */
function unicodeEscapeEncode(s: Value, array: bool): Value {
  const sp = unboxPtr(s);
  const p = strData(sp), n = strByteLength(sp);
  const ba = bytearrayAlloc(n + 8);
  if (ba == 0) return ERR;
  for (let i: u32 = 0; i < n; ) {
    const c = decodeAt(p + i);
    i += seqLengthAt(p + i);
    if (c == 0x5C) { bytearrayPushByte(ba, 0x5C); bytearrayPushByte(ba, 0x5C); }
    else if (c == 0x09) { bytearrayPushByte(ba, 0x5C); bytearrayPushByte(ba, 0x74); }
    else if (c == 0x0A) { bytearrayPushByte(ba, 0x5C); bytearrayPushByte(ba, 0x6E); }
    else if (c == 0x0D) { bytearrayPushByte(ba, 0x5C); bytearrayPushByte(ba, 0x72); }
    else if (c >= 0x20 && c < 0x7F) bytearrayPushByte(ba, c);
    else {
      const digits: i32 = c <= 0xFF ? 2 : c <= 0xFFFF ? 4 : 8;
      bytearrayPushByte(ba, 0x5C);
      bytearrayPushByte(ba, digits == 2 ? 0x78 : digits == 4 ? 0x75 : 0x55);
      for (let k = digits - 1; k >= 0; k--) bytearrayPushByte(ba, hexDigit((c >> (<u32>k << 2)) & 0xF));
    }
  }
  return finishBuffer(ba, array);
}

function hexAt(p: usize, i: u32, n: u32, count: u32): i64 {
  if (i + count > n) return -1;
  let x: i64 = 0;
  for (let k: u32 = 0; k < count; k++) {
    const c = <u32>load<u8>(p + i + k);
    const d: i64 = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
    if (d < 0) return -1;
    x = (x << 4) | d;
  }
  return x;
}

/** bytes.decode("unicode_escape"): Python string-literal escapes; other bytes are Latin-1. */
function unicodeEscapeDecode(obj: Value, p: usize, n: u32): Value {
  const b = builderNew(n);
  if (b == 0) return ERR;
  let i: u32 = 0;
  while (i < n) {
    const c = <u32>load<u8>(p + i);
    if (c != 0x5C) { builderCodePoint(b, c); i++; continue; }
    if (i + 1 >= n) {
      builderDiscard(b);
      return decodeError("unicodeescape", obj, p, i, n, "\\ at end of string");
    }
    const e = <u32>load<u8>(p + i + 1);
    let cp: i64 = -2;
    let used: u32 = 2;
    if (e == 0x5C) cp = 0x5C;
    else if (e == 0x27) cp = 0x27;
    else if (e == 0x22) cp = 0x22;
    else if (e == 0x61) cp = 7;
    else if (e == 0x62) cp = 8;
    else if (e == 0x66) cp = 12;
    else if (e == 0x6E) cp = 10;
    else if (e == 0x72) cp = 13;
    else if (e == 0x74) cp = 9;
    else if (e == 0x76) cp = 11;
    else if (e == 0x0A) cp = -3;
    else if (e >= 0x30 && e <= 0x37) {
      cp = 0;
      let k: u32 = 0;
      while (k < 3 && i + 1 + k < n && load<u8>(p + i + 1 + k) >= 0x30 && load<u8>(p + i + 1 + k) <= 0x37) {
        cp = cp * 8 + <i64>(load<u8>(p + i + 1 + k) - 0x30);
        k++;
      }
      used = 1 + k;
    } else if (e == 0x78 || e == 0x75 || e == 0x55) {
      const count: u32 = e == 0x78 ? 2 : e == 0x75 ? 4 : 8;
      cp = hexAt(p, i + 2, n, count);
      if (cp < 0 || cp > 0x10FFFF) {
        builderDiscard(b);
        let end = i + 2;
        while (end < n && end < i + 2 + count && hexAt(p, end, n, 1) >= 0) end++;
        return decodeError("unicodeescape", obj, p, i, end, cp > 0x10FFFF ? "illegal Unicode character" : e == 0x78 ? "truncated \\xXX escape" : e == 0x75 ? "truncated \\uXXXX escape" : "truncated \\UXXXXXXXX escape");
      }
      used = 2 + count;
    }
    if (cp == -2) { builderByte(b, 0x5C); builderCodePoint(b, e); }
    else if (cp >= 0) builderCodePoint(b, <u32>cp);
    i += used;
  }
  const s = builderFinish(b);
  return s == 0 ? ERR : boxPtr(s);
}
