// memoryview: a one-dimensional view of the packed elements of a bytes, bytearray or
// array.array, typed by a format (elements.ts), with a start, a length and a stride (slices
// with a step view every n-th element in place). CPython 3.11's semantics and messages;
// views of more than one dimension are not supported.
//
// A view holds its base object and one export of it (bytes.ts's bufferExportsAdd), so a
// bytearray or array with live views refuses to resize, as CPython's buffer protocol makes it.
// release() gives both back at once. A view's own export count is what JS holds of it (the
// embedding's typed-array views): releasing a view JS still reads raises BufferError.
import { Value, ERR, NONE, TRUE, UNBOUND, EXHAUSTED, boxPtr, unboxPtr, boxSmall, boxBool, unboxSmall, isNone } from "./value";
import {
  Kind, OBJECT_TYPE, STR_TYPE, LIST_TYPE, TUPLE_TYPE, SLICE_TYPE, initType, newObject, freeObject, typeAt,
  typeOf, typeName, isObjectOf, isUserObject, incref, decref, decrefChild,
} from "./object";
import { raise, raiseWithStr, TypeError, ValueError, IndexError, BufferError, NotImplementedError } from "./exceptions";
import { fmtMsg, builderNew, builderLiteral, builderByte, builderFinish } from "./format";
import { strData, strByteLength, charStr, siphash13 } from "./str";
import { isInt, isSmallOrBool } from "./int";
import { sliceAdjust, sliceStart, sliceStep, sliceCount } from "./slice";
import { newIter } from "./iter";
import { listNew, listAppendSteal, listLength, listItem } from "./list";
import { tupleNew, tupleSetItem, tupleLength, tupleItem } from "./tuple";
import { argAt, checkNoArgs, checkPositional, bindArgs, boundArg } from "./call";
import { rt_eq, rt_truthy } from "./ops";
import { userNumber, S_INDEX } from "./classes";
import { method } from "./methods";
import { Fn } from "./natives";
import {
  BYTES_TYPE, BYTEARRAY_TYPE, bLen, bData, bytesAlloc, bytesHash, bufferExportsAdd, hexDigit,
} from "./bytes";
import { bytesCall, BM_HEX } from "./bytesmethods";
import { ARRAY_TYPE, ARRAY_METHOD_COUNT, arrayCode, arrayItemSize, arrayLength } from "./arraytype";
import { FMT_B, FMT_b, FMT_c, FMT_u, FMT_w, itemSize, loadItem, storeViewItem } from "./elements";

export const MEMORYVIEW_TYPE = memory.data(40, 8);
export const MEMORY_ITER_TYPE = memory.data(40, 8);

// Layout after the header. The byte length sits at +8 as in bytes and bytearray, so a
// contiguous view is read as bytes by the bytes-like code (bData gives its first byte).
const MV_NBYTES: usize = 8;  // u32: len * itemsize
const MV_START: usize = 12;  // u32: offset of element 0 from the start of the base's data
const MV_OBJ: usize = 16;    // u64: the base object (owned), None once released
const MV_STRIDE: usize = 24; // i32: bytes from one element to the next
const MV_LEN: usize = 28;    // u32: number of elements
const MV_CODE: usize = 32;   // u32: format character
const MV_ITEMSIZE: usize = 36;
const MV_FLAGS: usize = 40;  // u32: MV_READONLY | MV_RELEASED | MV_AT_FORMAT
const MV_EXPORTS: usize = 44; // u32: views of this view that JS holds
const MV_SIZE: usize = 48;

const MV_READONLY: u32 = 1;
const MV_RELEASED: u32 = 2;
/** The format was given as "@x" (cast("@i")): `format` says so. */
const MV_AT_FORMAT: u32 = 4;

export function initMemoryviewType(): void {
  initType(MEMORYVIEW_TYPE, "memoryview", OBJECT_TYPE, Kind.MEMORYVIEW);
  initType(MEMORY_ITER_TYPE, "memory_iterator", OBJECT_TYPE, Kind.ITER);
}

// @ts-ignore: decorator
@inline export function isMemoryview(v: Value): bool { return isObjectOf(v, MEMORYVIEW_TYPE); }
// @ts-ignore: decorator
@inline export function mvLength(p: usize): u32 { return load<u32>(p, MV_LEN); }
// @ts-ignore: decorator
@inline export function mvCode(p: usize): u32 { return load<u32>(p, MV_CODE); }
// @ts-ignore: decorator
@inline export function mvItemSize(p: usize): u32 { return load<u32>(p, MV_ITEMSIZE); }
// @ts-ignore: decorator
@inline export function mvStride(p: usize): i32 { return load<i32>(p, MV_STRIDE); }
// @ts-ignore: decorator
@inline export function mvReleased(p: usize): bool { return (load<u32>(p, MV_FLAGS) & MV_RELEASED) != 0; }
// @ts-ignore: decorator
@inline export function mvReadonly(p: usize): bool { return (load<u32>(p, MV_FLAGS) & MV_READONLY) != 0; }

/** Address of element 0. */
export function mvData(p: usize): usize {
  return bData(unboxPtr(load<u64>(p, MV_OBJ))) + <usize>load<u32>(p, MV_START);
}

// @ts-ignore: decorator
@inline function element(p: usize, i: u32): usize { return mvData(p) + <usize>(<i64>i * <i64>mvStride(p)); }

/** Elements laid out one after the other (a view of at most one element always is). */
export function mvContiguous(p: usize): bool {
  return load<i32>(p, MV_STRIDE) == <i32>load<u32>(p, MV_ITEMSIZE) || load<u32>(p, MV_LEN) <= 1;
}

/** Can the bytes-like code read the view as its raw bytes? */
export function mvIsFlat(p: usize): bool { return !mvReleased(p) && mvContiguous(p); }

/** The item size of a bytes-like object: 1 for bytes and bytearray. */
export function bytesLikeItemSize(v: Value): u32 {
  const p = unboxPtr(v);
  const t = typeAt(p);
  if (t == ARRAY_TYPE) return arrayItemSize(p);
  if (t == MEMORYVIEW_TYPE) return mvItemSize(p);
  return 1;
}

/** Views JS holds of this view: while any is alive, release() refuses. */
export function mvExportsAdd(p: usize, delta: i32): void {
  store<u32>(p, <u32>(<i32>load<u32>(p, MV_EXPORTS) + delta), MV_EXPORTS);
}

function released(): Value { return raise(ValueError, "operation forbidden on released memoryview object"); }

/** A view of base (owned by the caller; the view takes its own reference) with these fields. */
function viewNew(base: Value, start: u32, stride: i32, len: u32, code: u32, size: u32, flags: u32): Value {
  const p = newObject(MEMORYVIEW_TYPE, MV_SIZE);
  if (p == 0) return ERR;
  incref(base);
  bufferExportsAdd(unboxPtr(base), 1);
  store<u32>(p, len * size, MV_NBYTES);
  store<u32>(p, start, MV_START);
  store<u64>(p, base, MV_OBJ);
  store<i32>(p, stride, MV_STRIDE);
  store<u32>(p, len, MV_LEN);
  store<u32>(p, code, MV_CODE);
  store<u32>(p, size, MV_ITEMSIZE);
  store<u32>(p, flags, MV_FLAGS);
  store<u32>(p, 0, MV_EXPORTS);
  return boxPtr(p);
}

/** A copy of view p with other fields (slices, casts, toreadonly). */
function derive(p: usize, start: u32, stride: i32, len: u32, code: u32, size: u32, flags: u32): Value {
  return viewNew(load<u64>(p, MV_OBJ), start, stride, len, code, size, flags);
}

/** memoryview(o): a view of a bytes, bytearray, array or memoryview; TypeError otherwise. */
export function memoryviewOf(o: Value): Value {
  const t = typeOf(o);
  if (t == BYTES_TYPE) return viewNew(o, 0, 1, bLen(unboxPtr(o)), FMT_B, 1, MV_READONLY);
  if (t == BYTEARRAY_TYPE) return viewNew(o, 0, 1, bLen(unboxPtr(o)), FMT_B, 1, 0);
  if (t == ARRAY_TYPE) {
    const p = unboxPtr(o);
    const code = arrayCode(p);
    const size = arrayItemSize(p);
    return viewNew(o, 0, <i32>size, arrayLength(p), code == FMT_u ? FMT_w : code, size, 0);
  }
  if (t == MEMORYVIEW_TYPE) {
    const p = unboxPtr(o);
    if (mvReleased(p)) return released();
    return derive(p, load<u32>(p, MV_START), mvStride(p), mvLength(p), mvCode(p), mvItemSize(p), load<u32>(p, MV_FLAGS));
  }
  return raiseWithStr(TypeError, fmtMsg("memoryview: a bytes-like object is required, not '%s'", typeName(t)));
}

/** memoryview(object) */
export function memoryviewConstruct(argv: usize, argc: u32, kw: Value): Value {
  // Argument Clinic words it "at most" although the one parameter is required.
  if (argc > 1) return raiseWithStr(TypeError, fmtMsg("memoryview() takes at most 1 argument (%d given)", argc));
  if (!bindArgs("memoryview", argv, argc, kw, "object", 1, 0, 1)) return ERR;
  return memoryviewOf(boundArg(0));
}

function giveBack(p: usize): void {
  const base = load<u64>(p, MV_OBJ);
  bufferExportsAdd(unboxPtr(base), -1);
  store<u64>(p, NONE, MV_OBJ);
  decrefChild(base);
}

export function memoryviewDealloc(p: usize): void {
  if (!mvReleased(p)) giveBack(p);
  freeObject(p, MV_SIZE);
}

/** release(): gives the base back; a view JS still holds cannot be released. */
function release(p: usize): Value {
  if (mvReleased(p)) return NONE;
  const n = load<u32>(p, MV_EXPORTS);
  if (n != 0) return raiseWithStr(BufferError, fmtMsg(n == 1 ? "memoryview has %d exported buffer" : "memoryview has %d exported buffers", n));
  giveBack(p);
  store<u32>(p, load<u32>(p, MV_FLAGS) | MV_RELEASED, MV_FLAGS);
  return NONE;
}

// ---- elements ----------------------------------------------------------------------------------

function formatUnsupported(p: usize): Value {
  return raiseWithStr(NotImplementedError, fmtMsg("memoryview: format %s not supported", unboxPtr(charStr(mvCode(p)))));
}

function getElement(p: usize, i: u32): Value {
  if (mvCode(p) == FMT_w) return formatUnsupported(p);
  return loadItem(mvCode(p), element(p, i));
}

/** len(m): -1 with ValueError for a released view. */
export function memoryviewLength(p: usize): i64 {
  if (mvReleased(p)) {
    released();
    return -1;
  }
  return <i64>mvLength(p);
}

/** An element index from a key; false with CPython's error. */
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
  raise(TypeError, "memoryview: invalid slice key");
  return false;
}

/** keyIndex made an element index of p; false with IndexError. */
function inBounds(p: usize): bool {
  const n = <i64>mvLength(p);
  if (keyIndex < 0) keyIndex += n;
  if (keyIndex < 0 || keyIndex >= n) {
    raise(IndexError, "index out of bounds on dimension 1");
    return false;
  }
  return true;
}

export function memoryviewGetItem(obj: Value, key: Value): Value {
  const p = unboxPtr(obj);
  if (mvReleased(p)) return released();
  if (isObjectOf(key, SLICE_TYPE)) {
    if (!sliceAdjust(unboxPtr(key), mvLength(p))) return ERR;
    const stride = mvStride(p);
    const start = <i64>load<u32>(p, MV_START) + sliceStart * <i64>stride;
    return derive(p, <u32>start, <i32>(<i64>stride * sliceStep), <u32>sliceCount, mvCode(p), mvItemSize(p), load<u32>(p, MV_FLAGS));
  }
  if (!toIndex(key) || !inBounds(p)) return ERR;
  return getElement(p, <u32>keyIndex);
}

export function memoryviewSetItem(obj: Value, key: Value, v: Value): i32 {
  const p = unboxPtr(obj);
  if (mvReleased(p)) {
    released();
    return -1;
  }
  if (mvReadonly(p)) {
    raise(TypeError, "cannot modify read-only memory");
    return -1;
  }
  if (isObjectOf(key, SLICE_TYPE)) {
    const src = bufferView(v);
    if (src == ERR) return -1;
    const r = assignSlice(p, unboxPtr(key), unboxPtr(src));
    decref(src);
    return r;
  }
  if (!toIndex(key) || !inBounds(p)) return -1;
  if (mvCode(p) == FMT_w) {
    formatUnsupported(p);
    return -1;
  }
  return storeViewItem(mvCode(p), element(p, <u32>keyIndex), v) ? 0 : -1;
}

/** A temporary view of an assigned value: any object with a buffer. */
function bufferView(v: Value): Value {
  const t = typeOf(v);
  if (t == BYTES_TYPE || t == BYTEARRAY_TYPE || t == ARRAY_TYPE || t == MEMORYVIEW_TYPE) return memoryviewOf(v);
  return raiseWithStr(TypeError, fmtMsg("a bytes-like object is required, not '%s'", typeName(t)));
}

function assignSlice(p: usize, slice: usize, q: usize): i32 {
  if (!sliceAdjust(slice, mvLength(p))) return -1;
  if (mvCode(q) != mvCode(p) || mvItemSize(q) != mvItemSize(p) || <i64>mvLength(q) != sliceCount) {
    raise(ValueError, "memoryview assignment: lvalue and rvalue have different structures");
    return -1;
  }
  const size = <usize>mvItemSize(p);
  const n = <u32>sliceCount;
  // The source may overlap the destination: gather it first.
  const tmp = bytesAlloc(n * <u32>size);
  if (tmp == 0) return -1;
  gather(q, bData(tmp));
  const stride = <i64>mvStride(p) * sliceStep;
  const first = element(p, <u32>sliceStart);
  for (let k: u32 = 0; k < n; k++) memory.copy(first + <usize>(<i64>k * stride), bData(tmp) + <usize>k * size, size);
  decref(boxPtr(tmp));
  return 0;
}

/** Copies the view's elements, in order, to out (nbytes bytes). */
function gather(p: usize, out: usize): void {
  const size = <usize>mvItemSize(p);
  const n = mvLength(p);
  if (mvContiguous(p)) {
    memory.copy(out, mvData(p), <usize>n * size);
    return;
  }
  for (let i: u32 = 0; i < n; i++) memory.copy(out + <usize>i * size, element(p, i), size);
}

/** bytes(m), m.tobytes(): the elements' bytes, in order. */
export function memoryviewToBytes(p: usize): Value {
  if (mvReleased(p)) return released();
  const b = bytesAlloc(load<u32>(p, MV_NBYTES));
  if (b == 0) return ERR;
  gather(p, bData(b));
  return boxPtr(b);
}

function toList(p: usize): Value {
  if (mvCode(p) == FMT_w) return formatUnsupported(p);
  const n = mvLength(p);
  const l = listNew(n);
  if (l == 0) return ERR;
  for (let i: u32 = 0; i < n; i++) {
    const x = loadItem(mvCode(p), element(p, i));
    if (x == ERR) {
      decref(boxPtr(l));
      return ERR;
    }
    listAppendSteal(l, x);
  }
  return boxPtr(l);
}

/** `x in m`: 1, 0, -1 (raised). */
export function memoryviewContains(p: usize, x: Value): i32 {
  if (mvReleased(p)) {
    released();
    return -1;
  }
  for (let i: u32 = 0; i < mvLength(p); i++) {
    const y = getElement(p, i);
    if (y == ERR) return -1;
    const e = rt_eq(y, x);
    decref(y);
    if (e == ERR) return -1;
    const t = rt_truthy(e);
    decref(e);
    if (t != 0) return t;
  }
  return 0;
}

/**
 * m == other: element by element by value, for any object with a buffer (formats may differ:
 * an 'i' view equals a 'd' view of the same numbers); -2 when other has no buffer. A released
 * view is equal only to itself.
 */
export function memoryviewEquals(a: Value, b: Value): i32 {
  const other = isMemoryview(a) ? b : a;
  const self = isMemoryview(a) ? a : b;
  const t = typeOf(other);
  if (t != BYTES_TYPE && t != BYTEARRAY_TYPE && t != ARRAY_TYPE && t != MEMORYVIEW_TYPE) return -2;
  const p = unboxPtr(self);
  if (mvReleased(p) || (t == MEMORYVIEW_TYPE && mvReleased(unboxPtr(other)))) return a == b ? 1 : 0;
  const ov = memoryviewOf(other);
  if (ov == ERR) return -1;
  const q = unboxPtr(ov);
  let r: i32 = 1;
  if (mvLength(p) != mvLength(q)) r = 0;
  else if (mvCode(p) == FMT_w || mvCode(q) == FMT_w) {
    // Neither side can be unpacked: CPython falls back to identity.
    r = a == b ? 1 : 0;
  } else {
    for (let i: u32 = 0; i < mvLength(p) && r == 1; i++) {
      const x = loadItem(mvCode(p), element(p, i));
      const y = x == ERR ? ERR : loadItem(mvCode(q), element(q, i));
      if (y == ERR) {
        if (x != ERR) decref(x);
        r = -1;
        break;
      }
      const e = rt_eq(x, y);
      decref(x);
      decref(y);
      r = e == ERR ? -1 : e == TRUE ? 1 : 0;
    }
  }
  decref(ov);
  return r;
}

/** hash(m): the hash of its bytes, for read-only views of bytes formats. */
export function memoryviewHash(p: usize): i64 {
  if (mvReleased(p)) {
    released();
    return -1;
  }
  if (!mvReadonly(p)) {
    raise(ValueError, "cannot hash writable memoryview object");
    return -1;
  }
  const c = mvCode(p);
  if (c != FMT_B && c != FMT_b && c != FMT_c) {
    raise(ValueError, "memoryview: hashing is restricted to formats 'B', 'b' or 'c'");
    return -1;
  }
  const b = memoryviewToBytes(p);
  if (b == ERR) return -1;
  const h = bytesHash(unboxPtr(b));
  decref(b);
  return h;
}

/** repr(m): <memory at 0x...>, <released memory at 0x...>. */
export function memoryviewRepr(p: usize): usize {
  const b = builderNew(32);
  if (b == 0) return 0;
  builderLiteral(b, mvReleased(p) ? "<released memory at 0x" : "<memory at 0x");
  let digits: i32 = 1;
  for (let t = p >> 4; t != 0; t >>= 4) digits++;
  for (let k = digits - 1; k >= 0; k--) builderByte(b, hexDigit(<u32>((p >> (<usize>k << 2)) & 0xF)));
  builderLiteral(b, ">");
  return builderFinish(b);
}

export function memoryviewIter(v: Value): Value {
  if (mvReleased(unboxPtr(v))) return released();
  return newIter(MEMORY_ITER_TYPE, v, 0, 0, 0);
}

/** next() of a memory_iterator at element pos. */
export function memoryviewIterNext(p: usize, pos: i64): Value {
  if (mvReleased(p)) return released();
  if (pos >= <i64>mvLength(p)) return EXHAUSTED;
  return getElement(p, <u32>pos);
}

// ---- attributes --------------------------------------------------------------------------------

function tuple1(v: Value): Value {
  const t = tupleNew(1);
  if (t == 0) return ERR;
  tupleSetItem(t, 0, v);
  return boxPtr(t);
}

/** The memoryview's data attributes: a new reference, or 0 if name is not one of them. */
export function memoryviewGetAttr(p: usize, name: usize): Value {
  const n = strByteLength(name);
  if (n < 3 || n > 12) return 0;
  const isAttr = nameIs(name, "obj") || nameIs(name, "nbytes") || nameIs(name, "readonly") || nameIs(name, "itemsize")
    || nameIs(name, "format") || nameIs(name, "ndim") || nameIs(name, "shape") || nameIs(name, "strides")
    || nameIs(name, "suboffsets") || nameIs(name, "c_contiguous") || nameIs(name, "f_contiguous") || nameIs(name, "contiguous");
  if (!isAttr) return 0;
  if (mvReleased(p)) return released();
  if (nameIs(name, "obj")) {
    const o = load<u64>(p, MV_OBJ);
    incref(o);
    return o;
  }
  if (nameIs(name, "nbytes")) return boxSmall(<i64>load<u32>(p, MV_NBYTES));
  if (nameIs(name, "readonly")) return boxBool(mvReadonly(p));
  if (nameIs(name, "itemsize")) return boxSmall(<i64>mvItemSize(p));
  if (nameIs(name, "format")) {
    if ((load<u32>(p, MV_FLAGS) & MV_AT_FORMAT) == 0) return charStr(mvCode(p));
    const s = fmtMsg("@%s", unboxPtr(charStr(mvCode(p))));
    return s == 0 ? ERR : boxPtr(s);
  }
  if (nameIs(name, "ndim")) return boxSmall(1);
  if (nameIs(name, "shape")) return tuple1(boxSmall(<i64>mvLength(p)));
  if (nameIs(name, "strides")) return tuple1(boxSmall(<i64>mvStride(p)));
  if (nameIs(name, "suboffsets")) {
    const t = tupleNew(0);
    return t == 0 ? ERR : boxPtr(t);
  }
  return boxBool(mvContiguous(p));
}

function nameIs(s: usize, lit: string): bool {
  const n = <u32>lit.length;
  if (strByteLength(s) != n) return false;
  const d = strData(s);
  for (let i: u32 = 0; i < n; i++) if (<u32>load<u8>(d + i) != <u32>lit.charCodeAt(i)) return false;
  return true;
}

// ---- methods -----------------------------------------------------------------------------------

// Method ids follow the array's in the Fn.ARRAY range.
const MM_TOBYTES = ARRAY_METHOD_COUNT;
const MM_TOLIST = ARRAY_METHOD_COUNT + 1;
const MM_RELEASE = ARRAY_METHOD_COUNT + 2;
const MM_HEX = ARRAY_METHOD_COUNT + 3;
const MM_CAST = ARRAY_METHOD_COUNT + 4;
const MM_TOREADONLY = ARRAY_METHOD_COUNT + 5;
const MM_ENTER = ARRAY_METHOD_COUNT + 6;
const MM_EXIT = ARRAY_METHOD_COUNT + 7;

function reg(name: string, m: i32): void { method(MEMORYVIEW_TYPE, name, <u32>Fn.ARRAY + <u32>m); }

export function initMemoryviewMethods(): void {
  reg("tobytes", MM_TOBYTES);
  reg("tolist", MM_TOLIST);
  reg("release", MM_RELEASE);
  reg("hex", MM_HEX);
  reg("cast", MM_CAST);
  reg("toreadonly", MM_TOREADONLY);
  reg("__enter__", MM_ENTER);
  reg("__exit__", MM_EXIT);
}

export function memoryviewCall(m: i32, self: Value, argv: usize, argc: u32, kw: Value): Value {
  const p = unboxPtr(self);
  switch (m) {
    case MM_TOBYTES: {
      if (!bindArgs("tobytes", argv, argc, kw, "order", 0, 0, 1)) return ERR;
      const order = boundArg(0);
      if (order != UNBOUND && !isNone(order)) {
        if (!isObjectOf(order, STR_TYPE)) return raiseWithStr(TypeError, fmtMsg("tobytes() argument 'order' must be str or None, not %s", typeName(typeOf(order))));
        const s = unboxPtr(order);
        const c = strByteLength(s) == 1 ? <u32>load<u8>(strData(s)) : 0;
        if (c != 0x43 && c != 0x46 && c != 0x41) return raise(ValueError, "order must be 'C', 'F' or 'A'");
      }
      return memoryviewToBytes(p);
    }
    case MM_TOLIST: {
      if (!checkNoArgs("tolist", argc, kw)) return ERR;
      if (mvReleased(p)) return released();
      return toList(p);
    }
    case MM_RELEASE: {
      if (!checkNoArgs("release", argc, kw)) return ERR;
      return release(p);
    }
    case MM_HEX: {
      if (mvReleased(p)) return released();
      const b = memoryviewToBytes(p);
      if (b == ERR) return ERR;
      const r = bytesCall(BM_HEX, b, argv, argc, kw);
      decref(b);
      return r;
    }
    case MM_CAST: return cast(p, argv, argc, kw);
    case MM_TOREADONLY: {
      if (!checkNoArgs("toreadonly", argc, kw)) return ERR;
      if (mvReleased(p)) return released();
      return derive(p, load<u32>(p, MV_START), mvStride(p), mvLength(p), mvCode(p), mvItemSize(p), load<u32>(p, MV_FLAGS) | MV_READONLY);
    }
    case MM_ENTER: {
      if (!checkNoArgs("__enter__", argc, kw)) return ERR;
      if (mvReleased(p)) return released();
      incref(self);
      return self;
    }
    case MM_EXIT: {
      if (!checkPositional("__exit__", argc, kw, 0, 0xFFFF)) return ERR;
      return release(p);
    }
  }
  return <Value>unreachable();
}

/** The formats cast() accepts: native single characters struct knows and Molt stores. */
function castFormat(s: usize): u32 {
  let d = strData(s), n = strByteLength(s);
  if (n == 2 && load<u8>(d) == 0x40) {
    d++;
    n--;
  }
  if (n != 1) return 0;
  const c = <u32>load<u8>(d);
  return c == FMT_u || c == FMT_w ? 0 : itemSize(c) != 0 ? c : 0;
}

function isByteFormat(c: u32): bool { return c == FMT_B || c == FMT_b || c == FMT_c; }

/** m.cast(format[, shape]) for one-dimensional results. */
function cast(p: usize, argv: usize, argc: u32, kw: Value): Value {
  if (!bindArgs("cast", argv, argc, kw, "format,shape", 1, 0, 2)) return ERR;
  const f = boundArg(0), shape = boundArg(1);
  if (!isObjectOf(f, STR_TYPE)) return raiseWithStr(TypeError, fmtMsg("cast() argument 'format' must be str, not %s", typeName(typeOf(f))));
  if (mvReleased(p)) return released();
  if (!mvContiguous(p)) return raise(TypeError, "memoryview: casts are restricted to C-contiguous views");
  let dims: u32 = 1;
  let want: i64 = -1;
  if (shape != UNBOUND) {
    const isList = isObjectOf(shape, LIST_TYPE);
    if (!isList && !isObjectOf(shape, TUPLE_TYPE)) return raise(TypeError, "shape must be a list or a tuple");
    dims = isList ? listLength(unboxPtr(shape)) : tupleLength(unboxPtr(shape));
    if (dims == 1) {
      const x = isList ? listItem(unboxPtr(shape), 0) : tupleItem(unboxPtr(shape), 0);
      if (!isSmallOrBool(x)) return raise(TypeError, "memoryview.cast(): elements of shape must be integers");
      want = unboxSmall(x);
    }
  }
  const code = castFormat(unboxPtr(f));
  if (code == 0) return raise(ValueError, "memoryview: destination format must be a native single character format prefixed with an optional '@'");
  if (!isByteFormat(code) && !isByteFormat(mvCode(p))) return raise(TypeError, "memoryview: cannot cast between two non-byte formats");
  const size = itemSize(code);
  const nbytes = load<u32>(p, MV_NBYTES);
  if (nbytes % size != 0) return raise(TypeError, "memoryview: length is not a multiple of itemsize");
  if (dims != 1) return raise(NotImplementedError, "memoryview: casts to more than one dimension are not supported by Molt yet");
  if (want >= 0 && want * <i64>size != <i64>nbytes) return raise(TypeError, "memoryview: product(shape) * itemsize != buffer size");
  const at = strByteLength(unboxPtr(f)) == 2 ? MV_AT_FORMAT : 0;
  return derive(p, load<u32>(p, MV_START), <i32>size, nbytes / size, code, size, (load<u32>(p, MV_FLAGS) & ~MV_AT_FORMAT) | at);
}
