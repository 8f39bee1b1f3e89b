// array.array: a sequence of packed native numbers (elements.ts), CPython 3.11's semantics and
// messages. The layout extends bytearray's (bytes.ts) so the bytes-like code reads an array
// as its raw bytes: byte length at +8, capacity at +12, buffer at +16, export count at +20;
// then the typecode and the item size. While an export (a memoryview, or a view JS holds) is
// alive the buffer must not move, so every operation that would resize raises BufferError.
import { repeatCount } from "./number-index";
import { Value, ERR, NONE, UNBOUND, EXHAUSTED, boxPtr, unboxPtr, boxSmall, boxBool, unboxSmall } from "./value";
import {
  Kind, OBJECT_TYPE, STR_TYPE, LIST_TYPE, SLICE_TYPE, initType, newObject, freeObject, typeOf, typeName, isObjectOf,
  isUserObject, incref, decref,
} from "./object";
import { alloc, free } from "./alloc";
import {
  raise, raiseWithStr, raiseMemoryError, TypeError, ValueError, IndexError, OverflowError, BufferError,
} from "./exceptions";
import { fmtMsg, builderNew, builderLiteral, builderByte, builderStr, builderCodePoint, builderFinish, builderDiscard } from "./format";
import { strData, strByteLength, strLength, decodeAt, seqLengthAt } from "./str";
import { isInt, isSmallOrBool, bigSign } from "./int";
import { sliceAdjust, sliceStart, sliceStep, sliceCount } from "./slice";
import { rt_get_iter, rt_iter_next, newIter } from "./iter";
import { listNew, listAppendSteal, listLength, listItem } from "./list";
import { tupleNew, tupleSetItem } from "./tuple";
import { argAt, kwCount, checkOne, checkNoArgs, checkPositional } from "./call";
import { rt_eq, rt_lt, rt_le, rt_gt, rt_ge, rt_truthy, reprOf } from "./ops";
import { userNumber, S_INDEX } from "./classes";
import { method } from "./methods";
import { Fn } from "./natives";
import { BYTES_TYPE, BYTEARRAY_TYPE, bLen, bData, bytearrayReserve, isBytesLike, newBytesOf } from "./bytes";
import { FMT_u, itemSize, loadItem, storeArrayItem } from "./elements";

// Type objects (object.ts's TYPE_SIZE, 40 bytes, restated: static data cannot be sized by
// another module's constant).
export const ARRAY_TYPE = memory.data(40, 8);
export const ARRAY_ITER_TYPE = memory.data(40, 8);

const A_NBYTES: usize = 8;
const A_CAP: usize = 12;
const A_BUF: usize = 16;
const A_EXPORTS: usize = 20;
const A_CODE: usize = 24;
const A_ITEMSIZE: usize = 28;
const A_SIZE: usize = 32;

/** One element in transit (insert, reverse). */
const TMP: usize = memory.data(8, 8);

/** The typecodes array.array accepts, in CPython's order (array.typecodes). */
export const TYPECODES = "bBuhHiIlLqQfd";

// @ts-ignore: decorator
@inline export function isArray(v: Value): bool { return isObjectOf(v, ARRAY_TYPE); }
// @ts-ignore: decorator
@inline export function arrayCode(p: usize): u32 { return load<u32>(p, A_CODE); }
// @ts-ignore: decorator
@inline export function arrayItemSize(p: usize): u32 { return load<u32>(p, A_ITEMSIZE); }
// @ts-ignore: decorator
@inline export function arrayData(p: usize): usize { return <usize>load<u32>(p, A_BUF); }
// @ts-ignore: decorator
@inline export function arrayLength(p: usize): u32 { return load<u32>(p, A_NBYTES) / load<u32>(p, A_ITEMSIZE); }
// @ts-ignore: decorator
@inline function item(p: usize, i: u32): usize { return arrayData(p) + <usize>i * <usize>arrayItemSize(p); }

export function initArrayType(): void {
  initType(ARRAY_TYPE, "array.array", OBJECT_TYPE, Kind.ARRAY);
  initType(ARRAY_ITER_TYPE, "array.arrayiterator", OBJECT_TYPE, Kind.ITER);
}

/** A new, empty array of typecode `code` with room for n items; 0 on MemoryError. */
export function arrayAlloc(code: u32, n: u32): usize {
  const size = itemSize(code);
  if (<u64>n * <u64>size > 0x7FFF_0000) return raiseMemoryError();
  const p = newObject(ARRAY_TYPE, A_SIZE);
  if (p == 0) return 0;
  const cap = n * size;
  let buf: usize = 0;
  if (cap > 0) {
    buf = alloc(<usize>cap);
    if (buf == 0) {
      freeObject(p, A_SIZE);
      return raiseMemoryError();
    }
  }
  store<u32>(p, 0, A_NBYTES);
  store<u32>(p, cap, A_CAP);
  store<u32>(p, <u32>buf, A_BUF);
  store<u32>(p, 0, A_EXPORTS);
  store<u32>(p, code, A_CODE);
  store<u32>(p, size, A_ITEMSIZE);
  return p;
}

export function arrayDealloc(p: usize): void {
  const buf = arrayData(p);
  if (buf != 0) free(buf, <usize>load<u32>(p, A_CAP));
  freeObject(p, A_SIZE);
}

/**
 * Can the array change size? false with BufferError while its buffer is exported (memoryviews
 * over it and views JS holds: bytes.ts's bufferExportsAdd counts them).
 */
function canResize(p: usize): bool {
  if (load<u32>(p, A_EXPORTS) == 0) return true;
  raise(BufferError, "cannot resize an array that is exporting buffers");
  return false;
}

/** Sets the length to n items (capacity permitting growth); false on MemoryError. */
function setLength(p: usize, n: u32): bool {
  const size = arrayItemSize(p);
  if (<u64>n * <u64>size > 0x7FFF_0000) {
    raiseMemoryError();
    return false;
  }
  if (!bytearrayReserve(p, n * size)) return false;
  store<u32>(p, n * size, A_NBYTES);
  return true;
}

/** Sets the length of an array with room for n items (arrayAlloc(code, n)). */
export function arraySetLength(p: usize, n: u32): void { store<u32>(p, n * arrayItemSize(p), A_NBYTES); }

/** Appends v converted to the array's type: false with the conversion's error. */
function appendItem(p: usize, v: Value): bool {
  const n = arrayLength(p);
  if (!setLength(p, n + 1)) return false;
  if (storeArrayItem(arrayCode(p), item(p, n), v)) return true;
  store<u32>(p, n * arrayItemSize(p), A_NBYTES);
  return false;
}

/** Appends n raw bytes at q (a multiple of the item size). */
function appendBytes(p: usize, q: usize, n: u32): bool {
  const old = load<u32>(p, A_NBYTES);
  if (<u64>old + <u64>n > 0x7FFF_0000) {
    raiseMemoryError();
    return false;
  }
  if (!bytearrayReserve(p, old + n)) return false;
  memory.copy(arrayData(p) + old, q, n);
  store<u32>(p, old + n, A_NBYTES);
  return true;
}

/** A new array holding a copy of the items [start, start + count) of p. */
function arrayCopy(p: usize, start: u32, count: u32): Value {
  const r = arrayAlloc(arrayCode(p), count);
  if (r == 0) return ERR;
  const size = arrayItemSize(p);
  memory.copy(arrayData(r), item(p, start), <usize>count * size);
  store<u32>(r, count * size, A_NBYTES);
  return boxPtr(r);
}

// ---- construction ------------------------------------------------------------------------------

/** array.array(typecode[, initializer]) */
export function arrayConstruct(argv: usize, argc: u32, kw: Value): Value {
  if (kwCount(kw) != 0) return raise(TypeError, "array.array() takes no keyword arguments");
  if (argc < 1) return raise(TypeError, "array() takes at least 1 argument (0 given)");
  if (argc > 2) return raiseWithStr(TypeError, fmtMsg("array() takes at most 2 arguments (%d given)", argc));
  const tc = argAt(argv, 0);
  if (!isObjectOf(tc, STR_TYPE) || strLength(unboxPtr(tc)) != 1) {
    return raiseWithStr(TypeError, fmtMsg("array() argument 1 must be a unicode character, not %s", typeName(typeOf(tc))));
  }
  const code = decodeAt(strData(unboxPtr(tc)));
  let known = false;
  for (let k = 0; k < TYPECODES.length; k++) if (<u32>TYPECODES.charCodeAt(k) == code) known = true;
  if (!known) return raise(ValueError, "bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)");
  const init = argc == 2 ? argAt(argv, 1) : UNBOUND;
  if (init != UNBOUND && isObjectOf(init, STR_TYPE) && code != FMT_u) {
    return raiseWithStr(TypeError, fmtMsg("cannot use a str to initialize an array with typecode '%s'", unboxPtr(tc)));
  }
  if (init != UNBOUND && isArray(init) && arrayCode(unboxPtr(init)) == FMT_u && code != FMT_u) {
    return raiseWithStr(TypeError, fmtMsg("cannot use a unicode array to initialize an array with typecode '%s'", unboxPtr(tc)));
  }
  const p = arrayAlloc(code, 0);
  if (p == 0) return ERR;
  if (init == UNBOUND) return boxPtr(p);
  let ok: bool;
  if (isObjectOf(init, STR_TYPE)) ok = appendUnicode(p, unboxPtr(init));
  else if (isObjectOf(init, BYTES_TYPE) || isObjectOf(init, BYTEARRAY_TYPE)) ok = fromBytes(p, init);
  else if (isArray(init) && arrayCode(unboxPtr(init)) == code) {
    const q = unboxPtr(init);
    ok = appendBytes(p, arrayData(q), load<u32>(q, A_NBYTES));
  } else ok = extendFromIterable(p, init);
  if (ok) return boxPtr(p);
  decref(boxPtr(p));
  return ERR;
}

function appendUnicode(p: usize, s: usize): bool {
  const d = strData(s), n = strByteLength(s);
  if (!setLength(p, arrayLength(p) + strLength(s))) return false;
  let w = item(p, arrayLength(p) - strLength(s));
  for (let i: u32 = 0; i < n; i += seqLengthAt(d + i)) {
    store<u32>(w, decodeAt(d + i));
    w += 4;
  }
  return true;
}

/** Appends a bytes-like's raw bytes (frombytes). */
function fromBytes(p: usize, v: Value): bool {
  const q = unboxPtr(v);
  const n = bLen(q);
  if (n % arrayItemSize(p) != 0) {
    raise(ValueError, "bytes length not a multiple of item size");
    return false;
  }
  if (n == 0) return true;
  if (!canResize(p)) return false;
  if (q == p) {
    // a.frombytes(a) of a byte array: the source moves as the array grows.
    const copy = newBytesOf(false, bData(q), n);
    if (copy == ERR) return false;
    const ok = appendBytes(p, bData(unboxPtr(copy)), n);
    decref(copy);
    return ok;
  }
  return appendBytes(p, bData(q), n);
}

/** Appends every item of an iterable (what is appended before an error stays, as in CPython). */
function extendFromIterable(p: usize, v: Value): bool {
  const it = rt_get_iter(v);
  if (it == ERR) return false;
  for (;;) {
    const x = rt_iter_next(it);
    if (x == EXHAUSTED) break;
    if (x == ERR) {
      decref(it);
      return false;
    }
    const ok = (arrayLength(p) == 0 || canResize(p)) && appendItem(p, x);
    decref(x);
    if (!ok) {
      decref(it);
      return false;
    }
  }
  decref(it);
  return true;
}

// ---- sequence operations -----------------------------------------------------------------------

/** An index key as i64; false with CPython's error. */
let keyIndex: i64 = 0;
function toIndex(key: Value): bool {
  if (isSmallOrBool(key)) {
    keyIndex = unboxSmall(key);
    return true;
  }
  if (isInt(key)) {
    raise(IndexError, "cannot fit 'int' into an index-sized integer");
    return false;
  }
  if (isUserObject(key)) {
    const i = userNumber(key, S_INDEX);
    if (i == ERR) return false;
    if (i != UNBOUND) {
      const ok = toIndex(i);
      decref(i);
      return ok;
    }
  }
  raise(TypeError, "array indices must be integers");
  return false;
}

export function arrayGetItem(obj: Value, key: Value): Value {
  const p = unboxPtr(obj);
  const n = arrayLength(p);
  if (isObjectOf(key, SLICE_TYPE)) {
    if (!sliceAdjust(unboxPtr(key), n)) return ERR;
    if (sliceStep == 1) return arrayCopy(p, <u32>sliceStart, <u32>sliceCount);
    const r = arrayAlloc(arrayCode(p), <u32>sliceCount);
    if (r == 0) return ERR;
    const size = <usize>arrayItemSize(p);
    for (let k: i64 = 0, i = sliceStart; k < sliceCount; k++, i += sliceStep) {
      memory.copy(arrayData(r) + <usize>k * size, item(p, <u32>i), size);
    }
    store<u32>(r, <u32>sliceCount * <u32>size, A_NBYTES);
    return boxPtr(r);
  }
  if (!toIndex(key)) return ERR;
  let i = keyIndex;
  if (i < 0) i += <i64>n;
  if (i < 0 || i >= <i64>n) return raise(IndexError, "array index out of range");
  return loadItem(arrayCode(p), item(p, <u32>i));
}

export function arraySetItem(obj: Value, key: Value, v: Value): i32 {
  const p = unboxPtr(obj);
  const n = arrayLength(p);
  if (isObjectOf(key, SLICE_TYPE)) {
    if (!sliceAdjust(unboxPtr(key), n)) return -1;
    if (!isArray(v)) {
      raiseWithStr(TypeError, fmtMsg("can only assign array (not \"%s\") to array slice", typeName(typeOf(v))));
      return -1;
    }
    // The source may be the array itself: assign from a copy of it.
    const src = v == obj ? arrayCopy(p, 0, n) : v;
    if (src == ERR) return -1;
    const q = unboxPtr(src);
    let r: i32 = -1;
    if (arrayCode(q) != arrayCode(p)) raise(TypeError, "bad argument type for built-in operation");
    else r = assignSlice(p, q);
    if (src != v) decref(src);
    return r;
  }
  if (!toIndex(key)) return -1;
  let i = keyIndex;
  if (i < 0) i += <i64>n;
  if (i < 0 || i >= <i64>n) {
    raise(IndexError, "array assignment index out of range");
    return -1;
  }
  return storeArrayItem(arrayCode(p), item(p, <u32>i), v) ? 0 : -1;
}

/**
 * p[sliceStart::sliceStep] (sliceCount items, adjusted already) = q, or del of it for q 0.
 * An empty source deletes even an extended slice, as in CPython.
 */
function assignSlice(p: usize, q: usize): i32 {
  const size = <usize>arrayItemSize(p);
  const m = q == 0 ? 0 : <i64>arrayLength(q);
  const start = sliceStart, count = sliceCount;
  let step = sliceStep;
  if ((m == 0 || m != count) && !canResize(p)) return -1;
  if (step == 1) {
    const n = <i64>arrayLength(p);
    if (m != count) {
      if (m > count && !setLength(p, <u32>(n - count + m))) return -1;
      const d = arrayData(p);
      memory.copy(d + <usize>(start + m) * size, d + <usize>(start + count) * size, <usize>(n - start - count) * size);
      if (m < count) store<u32>(p, <u32>(n - count + m) * <u32>size, A_NBYTES);
    }
    if (m > 0) memory.copy(item(p, <u32>start), arrayData(q), <usize>m * size);
    return 0;
  }
  if (m == 0) {
    if (count == 0) return 0;
    let first = start;
    if (step < 0) {
      first = start + (count - 1) * step;
      step = -step;
    }
    // Keep every item not on the slice, in order.
    const n = <i64>arrayLength(p);
    let w = <u32>first;
    let next = first;
    let removed: i64 = 0;
    for (let i = first; i < n; i++) {
      if (removed < count && i == next) {
        removed++;
        next += step;
        continue;
      }
      memory.copy(item(p, w), item(p, <u32>i), size);
      w++;
    }
    store<u32>(p, w * <u32>size, A_NBYTES);
    return 0;
  }
  if (m != count) {
    raiseWithStr(ValueError, fmtMsg("attempt to assign array of size %d to extended slice of size %d", m, count));
    return -1;
  }
  for (let k: i64 = 0, i = start; k < count; k++, i += step) memory.copy(item(p, <u32>i), arrayData(q) + <usize>k * size, size);
  return 0;
}

export function arrayDelItem(obj: Value, key: Value): i32 {
  const p = unboxPtr(obj);
  const n = arrayLength(p);
  if (isObjectOf(key, SLICE_TYPE)) {
    if (!sliceAdjust(unboxPtr(key), n)) return -1;
    return assignSlice(p, 0);
  }
  if (!toIndex(key)) return -1;
  let i = keyIndex;
  if (i < 0) i += <i64>n;
  if (i < 0 || i >= <i64>n) {
    raise(IndexError, "array assignment index out of range");
    return -1;
  }
  if (!canResize(p)) return -1;
  removeAt(p, <u32>i);
  return 0;
}

function removeAt(p: usize, i: u32): void {
  const size = <usize>arrayItemSize(p);
  const n = arrayLength(p);
  memory.copy(item(p, i), item(p, i + 1), <usize>(n - i - 1) * size);
  store<u32>(p, (n - 1) * <u32>size, A_NBYTES);
}

/** The first index in [from, to) whose item equals v, -1 if none, -2 with an error pending. */
function find(p: usize, v: Value, from: i64, to: i64): i64 {
  for (let i = from; i < to && i < <i64>arrayLength(p); i++) {
    const x = loadItem(arrayCode(p), item(p, <u32>i));
    if (x == ERR) return -2;
    const e = rt_eq(x, v);
    decref(x);
    if (e == ERR) return -2;
    const t = rt_truthy(e);
    decref(e);
    if (t < 0) return -2;
    if (t == 1) return i;
  }
  return -1;
}

/** `v in a`: 1, 0, -1 (raised). */
export function arrayContains(p: usize, v: Value): i32 {
  const i = find(p, v, 0, <i64>arrayLength(p));
  return i == -2 ? -1 : i >= 0 ? 1 : 0;
}

/** a + b when a is an array. */
export function arrayAdd(a: Value, b: Value): Value {
  if (!isArray(b)) return raiseWithStr(TypeError, fmtMsg("can only append array (not \"%s\") to array", typeName(typeOf(b))));
  const pa = unboxPtr(a), pb = unboxPtr(b);
  if (arrayCode(pa) != arrayCode(pb)) return raise(TypeError, "bad argument type for built-in operation");
  const r = arrayCopy(pa, 0, arrayLength(pa));
  if (r == ERR) return ERR;
  if (!appendBytes(unboxPtr(r), arrayData(pb), load<u32>(pb, A_NBYTES))) {
    decref(r);
    return ERR;
  }
  return r;
}

/** a += b: extends in place. */
export function arrayInplaceAdd(a: Value, b: Value): Value {
  if (!isArray(b)) return raiseWithStr(TypeError, fmtMsg("can only extend array with array (not \"%s\")", typeName(typeOf(b))));
  if (!extendFromArray(unboxPtr(a), unboxPtr(b))) return ERR;
  incref(a);
  return a;
}

function extendFromArray(p: usize, q: usize): bool {
  if (arrayCode(p) != arrayCode(q)) {
    raise(TypeError, "can only extend with array of same kind");
    return false;
  }
  const n = load<u32>(q, A_NBYTES);
  if (n == 0) return true;
  if (!canResize(p)) return false;
  if (p != q) return appendBytes(p, arrayData(q), n);
  const copy = arrayCopy(q, 0, arrayLength(q));
  if (copy == ERR) return false;
  const ok = appendBytes(p, arrayData(unboxPtr(copy)), n);
  decref(copy);
  return ok;
}

/** a * n and n * a (seq is the array). */
export function arrayRepeat(seq: Value, n: Value): Value {
  const count = repeatCount(n);
  if (count < 0) return ERR;
  const p = unboxPtr(seq);
  const bytes = <u64>load<u32>(p, A_NBYTES);
  if (bytes != 0 && <u64>count > 0x7FFF_0000 / bytes) {
    raiseMemoryError();
    return ERR;
  }
  const total = <u32>(bytes * <u64>count);
  const r = arrayAlloc(arrayCode(p), total / arrayItemSize(p));
  if (r == 0) return ERR;
  for (let done: u32 = 0; done < total; done += <u32>bytes) memory.copy(arrayData(r) + done, arrayData(p), <usize>bytes);
  store<u32>(r, total, A_NBYTES);
  return boxPtr(r);
}

/** a *= n, in place. */
export function arrayInplaceRepeat(a: Value, n: Value): Value {
  const count = repeatCount(n);
  if (count < 0) return ERR;
  const p = unboxPtr(a);
  const bytes = <u64>load<u32>(p, A_NBYTES);
  if (bytes != 0 && count != 1) {
    if (!canResize(p)) return ERR;
    if (<u64>count > 0x7FFF_0000 / bytes) {
      raiseMemoryError();
      return ERR;
    }
    const total = <u32>(bytes * <u64>count);
    if (!bytearrayReserve(p, total)) return ERR;
    for (let done = <u32>bytes; done < total; done += <u32>bytes) memory.copy(arrayData(p) + done, arrayData(p), <usize>bytes);
    store<u32>(p, total, A_NBYTES);
  }
  incref(a);
  return a;
}

/**
 * Comparison of two arrays, item by item as lists compare (op: 0..3 for < <= > >=, 4 ==,
 * 5 !=); UNBOUND when b is not an array, so the caller falls back (NotImplemented).
 */
export function arrayCompare(a: Value, b: Value, op: i32): Value {
  if (!isArray(a) || !isArray(b)) return UNBOUND;
  const pa = unboxPtr(a), pb = unboxPtr(b);
  const na = arrayLength(pa), nb = arrayLength(pb);
  if ((op == 4 || op == 5) && na != nb) return boxBool(op == 5);
  let i: u32 = 0;
  for (; i < na && i < nb; i++) {
    const x = loadItem(arrayCode(pa), item(pa, i));
    if (x == ERR) return ERR;
    const y = loadItem(arrayCode(pb), item(pb, i));
    if (y == ERR) {
      decref(x);
      return ERR;
    }
    const e = rt_eq(x, y);
    if (e == ERR || e == boxBool(false)) {
      let r = e;
      if (e != ERR) r = op == 4 ? boxBool(false) : op == 5 ? boxBool(true) : op == 0 ? rt_lt(x, y) : op == 1 ? rt_le(x, y) : op == 2 ? rt_gt(x, y) : rt_ge(x, y);
      decref(x);
      decref(y);
      return r;
    }
    decref(x);
    decref(y);
  }
  const c = na < nb ? -1 : na > nb ? 1 : 0;
  return boxBool(op == 0 ? c < 0 : op == 1 ? c <= 0 : op == 2 ? c > 0 : op == 3 ? c >= 0 : op == 4 ? c == 0 : c != 0);
}

/** repr(a): array('i', [1, 2]), array('u', 'ab'), or array('d') when empty. */
export function arrayRepr(p: usize): usize {
  const b = builderNew(32);
  if (b == 0) return 0;
  builderLiteral(b, "array('");
  builderByte(b, arrayCode(p));
  builderByte(b, 0x27);
  const n = arrayLength(p);
  if (n > 0) {
    builderLiteral(b, ", ");
    const inner = arrayCode(p) == FMT_u ? toUnicode(p) : toList(p);
    if (inner == ERR) {
      builderDiscard(b);
      return 0;
    }
    const r = reprOf(inner);
    decref(inner);
    if (r == 0) {
      builderDiscard(b);
      return 0;
    }
    builderStr(b, r);
    decref(boxPtr(r));
  }
  builderByte(b, 0x29);
  return builderFinish(b);
}

function toList(p: usize): Value {
  const n = arrayLength(p);
  const l = listNew(n);
  if (l == 0) return ERR;
  for (let i: u32 = 0; i < n; i++) {
    const x = loadItem(arrayCode(p), item(p, i));
    if (x == ERR) {
      decref(boxPtr(l));
      return ERR;
    }
    listAppendSteal(l, x);
  }
  return boxPtr(l);
}

function toUnicode(p: usize): Value {
  const n = arrayLength(p);
  const b = builderNew(n);
  if (b == 0) return ERR;
  for (let i: u32 = 0; i < n; i++) {
    const c = load<u32>(item(p, i));
    if (c > 0x10FFFF) {
      builderDiscard(b);
      // loadItem raises the ValueError CPython gives for a code point out of range.
      return loadItem(FMT_u, item(p, i));
    }
    builderCodePoint(b, c);
  }
  const s = builderFinish(b);
  return s == 0 ? ERR : boxPtr(s);
}

/** next() of an array iterator: pos is the next index. */
export function arrayIterNext(a: usize, pos: i64): Value {
  if (pos >= <i64>arrayLength(a)) return EXHAUSTED;
  return loadItem(arrayCode(a), item(a, <u32>pos));
}

export function arrayIter(v: Value): Value { return newIter(ARRAY_ITER_TYPE, v, 0, 0, 0); }

// ---- methods -----------------------------------------------------------------------------------

const AM_APPEND = 0;
const AM_BUFFER_INFO = 1;
const AM_BYTESWAP = 2;
const AM_COUNT = 3;
const AM_EXTEND = 4;
const AM_FROMBYTES = 5;
const AM_FROMLIST = 6;
const AM_FROMUNICODE = 7;
const AM_INDEX = 8;
const AM_INSERT = 9;
const AM_POP = 10;
const AM_REMOVE = 11;
const AM_REVERSE = 12;
const AM_TOBYTES = 13;
const AM_TOLIST = 14;
const AM_TOUNICODE = 15;
const AM_COPY = 16;
const AM_DEEPCOPY = 17;

function reg(name: string, m: i32): void { method(ARRAY_TYPE, name, <u32>Fn.ARRAY + <u32>m); }

export function initArrayMethods(): void {
  reg("append", AM_APPEND);
  reg("buffer_info", AM_BUFFER_INFO);
  reg("byteswap", AM_BYTESWAP);
  reg("count", AM_COUNT);
  reg("extend", AM_EXTEND);
  reg("frombytes", AM_FROMBYTES);
  reg("fromlist", AM_FROMLIST);
  reg("fromunicode", AM_FROMUNICODE);
  reg("index", AM_INDEX);
  reg("insert", AM_INSERT);
  reg("pop", AM_POP);
  reg("remove", AM_REMOVE);
  reg("reverse", AM_REVERSE);
  reg("tobytes", AM_TOBYTES);
  reg("tolist", AM_TOLIST);
  reg("tounicode", AM_TOUNICODE);
  reg("__copy__", AM_COPY);
  reg("__deepcopy__", AM_DEEPCOPY);
}

/** Ids below this are array methods; memoryview's follow (memoryview.ts). */
export const ARRAY_METHOD_COUNT: i32 = 18;

/** An index argument (insert, pop): false with CPython's error. */
function indexArg(v: Value): bool {
  if (isSmallOrBool(v)) {
    keyIndex = unboxSmall(v);
    return true;
  }
  if (isInt(v)) {
    raise(OverflowError, "Python int too large to convert to C ssize_t");
    return false;
  }
  if (isUserObject(v)) {
    const i = userNumber(v, S_INDEX);
    if (i == ERR) return false;
    if (i != UNBOUND) {
      const ok = indexArg(i);
      decref(i);
      return ok;
    }
  }
  raiseWithStr(TypeError, fmtMsg("'%s' object cannot be interpreted as an integer", typeName(typeOf(v))));
  return false;
}

/** A start/stop argument of index(), as _PyEval_SliceIndexNotNone clamps it. */
function sliceIndexArg(v: Value): bool {
  if (isSmallOrBool(v)) keyIndex = unboxSmall(v);
  else if (isInt(v)) keyIndex = bigSign(v) < 0 ? -0x7FFF_FFFF_FFFF_FFFF : 0x7FFF_FFFF_FFFF_FFFF;
  else {
    raise(TypeError, "slice indices must be integers or have an __index__ method");
    return false;
  }
  return true;
}

export function arrayCall(m: i32, self: Value, argv: usize, argc: u32, kw: Value): Value {
  const p = unboxPtr(self);
  switch (m) {
    case AM_APPEND: {
      if (!checkOne("append", argc, kw)) return ERR;
      if (!canResize(p)) return ERR;
      return appendItem(p, argAt(argv, 0)) ? NONE : ERR;
    }
    case AM_BUFFER_INFO: {
      if (!checkNoArgs("buffer_info", argc, kw)) return ERR;
      const t = tupleNew(2);
      if (t == 0) return ERR;
      tupleSetItem(t, 0, boxSmall(<i64>arrayData(p)));
      tupleSetItem(t, 1, boxSmall(<i64>arrayLength(p)));
      return boxPtr(t);
    }
    case AM_BYTESWAP: {
      if (!checkNoArgs("array.byteswap", argc, kw)) return ERR;
      const size = arrayItemSize(p), n = arrayLength(p);
      for (let i: u32 = 0; i < n; i++) {
        const q = item(p, i);
        if (size == 2) store<u16>(q, bswap<u16>(load<u16>(q)));
        else if (size == 4) store<u32>(q, bswap<u32>(load<u32>(q)));
        else if (size == 8) store<u64>(q, bswap<u64>(load<u64>(q)));
      }
      return NONE;
    }
    case AM_COUNT: {
      if (!checkOne("count", argc, kw)) return ERR;
      let c: i64 = 0;
      for (let i: i64 = 0; ; i++) {
        i = find(p, argAt(argv, 0), i, 0x7FFF_FFFF_FFFF);
        if (i == -2) return ERR;
        if (i < 0) break;
        c++;
      }
      return boxSmall(c);
    }
    case AM_EXTEND: {
      if (!checkOne("extend", argc, kw)) return ERR;
      const a = argAt(argv, 0);
      if (isArray(a)) return extendFromArray(p, unboxPtr(a)) ? NONE : ERR;
      return extendFromIterable(p, a) ? NONE : ERR;
    }
    case AM_FROMBYTES: {
      if (!checkOne("frombytes", argc, kw)) return ERR;
      const a = argAt(argv, 0);
      if (!isBytesLike(a)) return raiseWithStr(TypeError, fmtMsg("a bytes-like object is required, not '%s'", typeName(typeOf(a))));
      if (bytesLikeItemSize(a) != 1) return raise(TypeError, "a bytes-like object is required");
      return fromBytes(p, a) ? NONE : ERR;
    }
    case AM_FROMLIST: {
      if (!checkOne("fromlist", argc, kw)) return ERR;
      const l = argAt(argv, 0);
      if (!isObjectOf(l, LIST_TYPE)) return raise(TypeError, "arg must be list");
      const lp = unboxPtr(l);
      const n = listLength(lp);
      if (n == 0) return NONE;
      if (!canResize(p)) return ERR;
      const before = load<u32>(p, A_NBYTES);
      for (let i: u32 = 0; i < listLength(lp); i++) {
        if (!appendItem(p, listItem(lp, i))) {
          store<u32>(p, before, A_NBYTES);
          return ERR;
        }
      }
      return NONE;
    }
    case AM_FROMUNICODE: {
      if (!checkOne("fromunicode", argc, kw)) return ERR;
      const s = argAt(argv, 0);
      if (!isObjectOf(s, STR_TYPE)) return raiseWithStr(TypeError, fmtMsg("fromunicode() argument must be str, not %s", typeName(typeOf(s))));
      if (arrayCode(p) != FMT_u) return raise(ValueError, "fromunicode() may only be called on unicode type arrays");
      if (strLength(unboxPtr(s)) == 0) return NONE;
      if (!canResize(p)) return ERR;
      return appendUnicode(p, unboxPtr(s)) ? NONE : ERR;
    }
    case AM_INDEX: {
      if (!checkPositional("index", argc, kw, 1, 3)) return ERR;
      const n = <i64>arrayLength(p);
      let start: i64 = 0, stop: i64 = n;
      if (argc > 1) {
        if (!sliceIndexArg(argAt(argv, 1))) return ERR;
        start = keyIndex < 0 ? max<i64>(keyIndex + n, 0) : keyIndex;
      }
      if (argc > 2) {
        if (!sliceIndexArg(argAt(argv, 2))) return ERR;
        stop = keyIndex < 0 ? max<i64>(keyIndex + n, 0) : keyIndex;
      }
      const i = find(p, argAt(argv, 0), start, stop);
      if (i == -2) return ERR;
      if (i < 0) return raise(ValueError, "array.index(x): x not in array");
      return boxSmall(i);
    }
    case AM_INSERT: {
      if (!checkPositional("insert", argc, kw, 2, 2)) return ERR;
      if (!indexArg(argAt(argv, 0))) return ERR;
      const n = <i64>arrayLength(p);
      let i = keyIndex;
      if (i < 0) {
        i += n;
        if (i < 0) i = 0;
      }
      if (i > n) i = n;
      if (!canResize(p) || !appendItem(p, argAt(argv, 1))) return ERR;
      // The new item went in at the end: rotate it into place.
      const size = <usize>arrayItemSize(p);
      memory.copy(TMP, item(p, <u32>n), size);
      memory.copy(item(p, <u32>i + 1), item(p, <u32>i), <usize>(n - i) * size);
      memory.copy(item(p, <u32>i), TMP, size);
      return NONE;
    }
    case AM_POP: {
      if (!checkPositional("pop", argc, kw, 0, 1)) return ERR;
      let i: i64 = -1;
      if (argc == 1 && !indexArg(argAt(argv, 0))) return ERR;
      if (argc == 1) i = keyIndex;
      const n = <i64>arrayLength(p);
      if (n == 0) return raise(IndexError, "pop from empty array");
      if (i < 0) i += n;
      if (i < 0 || i >= n) return raise(IndexError, "pop index out of range");
      const x = loadItem(arrayCode(p), item(p, <u32>i));
      if (x == ERR) return ERR;
      if (!canResize(p)) {
        decref(x);
        return ERR;
      }
      removeAt(p, <u32>i);
      return x;
    }
    case AM_REMOVE: {
      if (!checkOne("remove", argc, kw)) return ERR;
      const i = find(p, argAt(argv, 0), 0, <i64>arrayLength(p));
      if (i == -2) return ERR;
      if (i < 0) return raise(ValueError, "array.remove(x): x not in array");
      if (!canResize(p)) return ERR;
      removeAt(p, <u32>i);
      return NONE;
    }
    case AM_REVERSE: {
      if (!checkNoArgs("array.reverse", argc, kw)) return ERR;
      const size = <usize>arrayItemSize(p);
      for (let i: u32 = 0, j = arrayLength(p); i + 1 < j; i++, j--) {
        memory.copy(TMP, item(p, i), size);
        memory.copy(item(p, i), item(p, j - 1), size);
        memory.copy(item(p, j - 1), TMP, size);
      }
      return NONE;
    }
    case AM_TOBYTES: {
      if (!checkNoArgs("tobytes", argc, kw)) return ERR;
      return newBytesOf(false, arrayData(p), load<u32>(p, A_NBYTES));
    }
    case AM_TOLIST: {
      if (!checkNoArgs("tolist", argc, kw)) return ERR;
      return toList(p);
    }
    case AM_TOUNICODE: {
      if (!checkNoArgs("tounicode", argc, kw)) return ERR;
      if (arrayCode(p) != FMT_u) return raise(ValueError, "tounicode() may only be called on unicode type arrays");
      return toUnicode(p);
    }
    case AM_COPY: {
      if (!checkNoArgs("__copy__", argc, kw)) return ERR;
      return arrayCopy(p, 0, arrayLength(p));
    }
    case AM_DEEPCOPY: {
      if (!checkOne("__deepcopy__", argc, kw)) return ERR;
      return arrayCopy(p, 0, arrayLength(p));
    }
  }
  return <Value>unreachable();
}

import { bytesLikeItemSize } from "./memoryview";
