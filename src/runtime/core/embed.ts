// The embedding API: what the JS host needs to exchange values with a compiled module after its
// body has run (src/runtime/host/ marshals with these). Plain data is copied across the boundary
// one level at a time; buffers (bytes, bytearray, memoryview, array.array) are shared: JS views
// their memory in place; everything else stays in Wasm and JS holds a reference to it.
//
// Conventions (docs/decisions/0002): values are borrowed unless a comment says otherwise, a
// function that makes a value returns a new reference, and a failure returns ERR (or -1) with
// the exception pending, which the host takes with rt_embed_err_fetch.
import {
  Value, ERR, NONE, UNBOUND, boxPtr, unboxPtr, isPtr, isFloat, isSmallInt, isBool, isNone,
} from "./value";
import {
  typeAt, incref, decref, INT_TYPE, STR_TYPE, LIST_TYPE, TUPLE_TYPE, DICT_TYPE, SET_TYPE, FROZENSET_TYPE,
  typeName, typeOf,
} from "./object";
import { strFromUtf8, strData, strByteLength } from "./str";
import { intFromText } from "./int";
import { listNew, listLength, listGetItem, listAppendSteal } from "./list";
import { tupleLength, tupleItem } from "./tuple";
import { dictNew, dictSetItem, dictEntryCount, dictEntryKey, dictEntryValue, isDeletedKey } from "./dict";
import { rt_call, isCallable } from "./call";
import { rt_err_fetch, rt_err_restore, rt_err_clear, rt_report_uncaught, exceptionMatchesPending, AttributeError } from "./exceptions";
import { rt_str, rt_repr } from "./ops";
import { rt_getattr, rt_setattr } from "./attr";
import { setNew, setAdd } from "./set";
import { rt_get_iter, rt_iter_next } from "./iter";

// What rt_embed_kind answers: the host decodes float, small int, bool and None from the bits
// itself and asks only about heap objects. Exact types only: a subclass of list (once classes
// compile) is not plain data and must cross as a proxy, keeping its methods.
const KIND_OTHER: i32 = 0;
const KIND_NONE: i32 = 1;
const KIND_BOOL: i32 = 2;
const KIND_INT: i32 = 3;
const KIND_FLOAT: i32 = 4;
const KIND_STR: i32 = 5;
const KIND_LIST: i32 = 6;
const KIND_TUPLE: i32 = 7;
const KIND_DICT: i32 = 8;
const KIND_CALLABLE: i32 = 9;
const KIND_SET: i32 = 10;
const KIND_JSFUNCTION: i32 = 11;
/** bytes, bytearray, memoryview, array.array: JS sees their memory (rt_embed_buffer). */
const KIND_BUFFER: i32 = 12;

export function rt_embed_kind(v: Value): i32 {
  if (isFloat(v)) return KIND_FLOAT;
  if (isSmallInt(v)) return KIND_INT;
  if (isBool(v)) return KIND_BOOL;
  if (isNone(v)) return KIND_NONE;
  if (!isPtr(v)) return KIND_OTHER;
  const t = typeAt(unboxPtr(v));
  if (t == INT_TYPE) return KIND_INT;
  if (t == STR_TYPE) return KIND_STR;
  if (t == LIST_TYPE) return KIND_LIST;
  if (t == TUPLE_TYPE) return KIND_TUPLE;
  if (t == DICT_TYPE) return KIND_DICT;
  if (t == SET_TYPE || t == FROZENSET_TYPE) return KIND_SET;
  if (t == JSFUNCTION_TYPE) return KIND_JSFUNCTION;
  if (t == BYTES_TYPE || t == BYTEARRAY_TYPE || t == MEMORYVIEW_TYPE || t == ARRAY_TYPE) return KIND_BUFFER;
  return isCallable(v) ? KIND_CALLABLE : KIND_OTHER;
}

export function rt_embed_incref(v: Value): void { incref(v); }
export { rt_embed_js_function, rt_embed_js_handle, rt_embed_raise_js } from "./jsfunction";
export function rt_embed_decref(v: Value): void { decref(v); }

// ---- str ---------------------------------------------------------------------------------------

/** A new str from n bytes of UTF-8 at p (the host's TextEncoder output is always valid). */
export function rt_embed_str_new(p: usize, n: u32): Value {
  const s = strFromUtf8(p, n);
  return s == 0 ? ERR : boxPtr(s);
}

/** Address and byte length of a str's UTF-8, read by the host with a TextDecoder. */
export function rt_embed_str_data(v: Value): usize { return strData(unboxPtr(v)); }
export function rt_embed_str_len(v: Value): u32 { return strByteLength(unboxPtr(v)); }

/** The name of v's type (a borrowed, immortal str). */
export function rt_embed_type_name(v: Value): Value { return boxPtr(typeName(typeOf(v))); }

/** str(v) and repr(v): new strs, or ERR. */
export function rt_embed_str(v: Value): Value { return rt_str(v); }
export function rt_embed_repr(v: Value): Value { return rt_repr(v); }

// ---- int beyond the small range ----------------------------------------------------------------

/**
 * An int from ASCII decimal digits (optional leading '-') at p: how the host passes a BigInt
 * or a number outside the small-int range. Big ints come back as decimal text through rt_embed_str.
 */
export function rt_embed_int_from_decimal(p: usize, n: u32): Value {
  const s = strFromUtf8(p, n);
  if (s == 0) return ERR;
  const v = intFromText(s, 10);
  decref(boxPtr(s));
  return v;
}

// ---- list, tuple, dict -------------------------------------------------------------------------

/** Length of a list or tuple (the host has checked the kind). */
export function rt_embed_seq_len(v: Value): u32 {
  const p = unboxPtr(v);
  return typeAt(p) == LIST_TYPE ? listLength(p) : tupleLength(p);
}

/** Item i of a list or tuple, 0 <= i < len: a new reference. */
export function rt_embed_seq_item(v: Value, i: u32): Value {
  const p = unboxPtr(v);
  if (typeAt(p) == LIST_TYPE) return listGetItem(p, <i64>i);
  const item = tupleItem(p, i);
  incref(item);
  return item;
}

export function rt_embed_list_new(): Value {
  const l = listNew(0);
  return l == 0 ? ERR : boxPtr(l);
}

/** Appends item to the list, taking over the caller's reference to it: 0, or -1 (MemoryError). */
export function rt_embed_list_append(l: Value, item: Value): i32 {
  return listAppendSteal(unboxPtr(l), item) ? 0 : -1;
}

export function rt_embed_dict_new(): Value {
  const d = dictNew();
  return d == 0 ? ERR : boxPtr(d);
}

/** d[key] = value, both borrowed: 0, or -1 (an unhashable key raises TypeError). */
export function rt_embed_dict_set(d: Value, key: Value, value: Value): i32 {
  return dictSetItem(unboxPtr(d), key, value);
}

/**
 * Dict iteration by entry slot: the first live slot at or after `from`, or -1 past the end.
 * Slots rather than an iterator object, so walking a dict allocates nothing.
 */
export function rt_embed_dict_next(d: Value, from: u32): i32 {
  const p = unboxPtr(d);
  const n = dictEntryCount(p);
  for (let i = from; i < n; i++) if (!isDeletedKey(dictEntryKey(p, i))) return <i32>i;
  return -1;
}

/** Key and value of a live slot: new references. */
export function rt_embed_dict_key(d: Value, slot: u32): Value {
  const k = dictEntryKey(unboxPtr(d), slot);
  incref(k);
  return k;
}

export function rt_embed_dict_value(d: Value, slot: u32): Value {
  const v = dictEntryValue(unboxPtr(d), slot);
  incref(v);
  return v;
}

export function rt_embed_set_new(): Value {
  const st = setNew();
  return st == 0 ? ERR : boxPtr(st);
}

/** s.add(item), item borrowed: 0, or -1 (an unhashable item raises TypeError). */
export function rt_embed_set_add(st: Value, item: Value): i32 {
  return setAdd(unboxPtr(st), item);
}

// ---- iteration ---------------------------------------------------------------------------------

/** iter(v): a new reference, or ERR. */
export function rt_embed_iter(v: Value): Value { return rt_get_iter(v); }

/** next(it): a new reference, the EXHAUSTED marker at the end, or ERR. */
export function rt_embed_next(it: Value): Value { return rt_iter_next(it); }

// ---- calls and attributes ----------------------------------------------------------------------

/** callee(*argv[0:argc]), arguments borrowed: a new reference, or ERR. */
export function rt_embed_call(callee: Value, argv: usize, argc: u32): Value {
  return rt_call(callee, argv, argc, NONE);
}

/**
 * callee(*positional, **keywords): argv holds the argc values, positional first; names is a
 * list (borrowed) of the keyword names, in the order of the last len(names) values.
 */
export function rt_embed_call_kw(callee: Value, argv: usize, argc: u32, names: Value): Value {
  const kwnames = rt_list_to_tuple(names);
  if (kwnames == ERR) return ERR;
  const r = rt_call(callee, argv, argc, kwnames);
  decref(kwnames);
  return r;
}

/** getattr(obj, name) for a str name: a new reference, or ERR. */
export function rt_embed_getattr(obj: Value, name: Value): Value { return rt_getattr(obj, name); }

/** getattr(obj, name, <missing>): UNBOUND (nothing pending) where getattr raises AttributeError. */
export function rt_embed_getattr_missing(obj: Value, name: Value): Value {
  const v = rt_getattr(obj, name);
  if (v != ERR || !exceptionMatchesPending(AttributeError)) return v;
  rt_err_clear();
  return UNBOUND;
}

/** obj.name = v (v borrowed): 0, or -1 with an exception pending. */
export function rt_embed_setattr(obj: Value, name: Value, v: Value): i32 { return rt_setattr(obj, name, v); }

// ---- exceptions --------------------------------------------------------------------------------

/** Takes the pending exception (the host owns it); None if nothing is pending. */
export function rt_embed_err_fetch(): Value { return rt_err_fetch(); }

/**
 * Writes exception e's report (chained exceptions, "Traceback (most recent call last):", the
 * source lines, "Type: message") to stderr exactly as an uncaught exception is reported; the host
 * captures that write as the PythonError's traceback text. e is borrowed. Returns the exit status
 * the report stands for (SystemExit's code), which the host ignores for ordinary exceptions.
 */
export function rt_embed_err_report(e: Value): i32 {
  incref(e);
  rt_err_restore(e);
  return rt_report_uncaught();
}

import { JSFUNCTION_TYPE } from "./object";
import { BYTES_TYPE, BYTEARRAY_TYPE, bLen, bData, bufferExportsAdd, bytearrayAlloc, bytearraySetLen } from "./bytes";
import { MEMORYVIEW_TYPE, mvLength, mvCode, mvItemSize, mvData, mvReadonly, mvReleased, mvContiguous, mvExportsAdd, memoryviewOf } from "./memoryview";
import { ARRAY_TYPE, arrayAlloc, arrayCode, arrayData, arrayLength, arrayItemSize, arraySetLength } from "./arraytype";
import { ValueError, raise } from "./exceptions";

// ---- buffers -----------------------------------------------------------------------------------
// JS reads and writes the memory of bytes, bytearray, memoryview and array.array objects in
// place, through typed arrays over the Wasm memory (src/runtime/host/buffers.ts).

/** Flags of rt_embed_buffer. */
const BUF_READONLY: u32 = 1;
const BUF_CONTIGUOUS: u32 = 2;

/**
 * Describes a buffer object's memory at out (16 bytes): data address, byte length, format
 * character ('B' for bytes and bytearray, the typecode of an array, a memoryview's format),
 * flags (BUF_READONLY, BUF_CONTIGUOUS). 0, or -1 with ValueError for a released memoryview.
 */
export function rt_embed_buffer(v: Value, out: usize): i32 {
  const p = unboxPtr(v);
  const t = typeAt(p);
  let data: usize, nbytes: u32, code: u32, flags: u32 = BUF_CONTIGUOUS;
  if (t == MEMORYVIEW_TYPE) {
    if (mvReleased(p)) {
      raise(ValueError, "operation forbidden on released memoryview object");
      return -1;
    }
    data = mvData(p);
    nbytes = mvLength(p) * mvItemSize(p);
    code = mvCode(p);
    flags = (mvReadonly(p) ? BUF_READONLY : 0) | (mvContiguous(p) ? BUF_CONTIGUOUS : 0);
  } else if (t == ARRAY_TYPE) {
    data = arrayData(p);
    nbytes = arrayLength(p) * arrayItemSize(p);
    code = arrayCode(p);
  } else {
    data = bData(p);
    nbytes = bLen(p);
    code = 0x42;
    if (t == BYTES_TYPE) flags |= BUF_READONLY;
  }
  store<u32>(out, <u32>data);
  store<u32>(out, nbytes, 4);
  store<u32>(out, code, 8);
  store<u32>(out, flags, 12);
  return 0;
}

/**
 * One more (1) or one fewer (-1) view of v held by JS: a bytearray or array with views cannot
 * resize (its memory would move under them), a memoryview with views cannot be released.
 */
export function rt_embed_buffer_export(v: Value, delta: i32): void {
  const p = unboxPtr(v);
  if (typeAt(p) == MEMORYVIEW_TYPE) mvExportsAdd(p, delta);
  else bufferExportsAdd(p, delta);
}

/**
 * A new zero-filled buffer of n elements: array.array(code) for a typecode, a bytearray for
 * code 0; ERR on MemoryError. What a JS typed array is copied into, or allocateBuffer makes.
 */
export function rt_embed_buffer_new(code: u32, n: u32): Value {
  if (code == 0) {
    const ba = bytearrayAlloc(n);
    if (ba == 0) return ERR;
    memory.fill(bData(ba), 0, <usize>n);
    bytearraySetLen(ba, n);
    return boxPtr(ba);
  }
  const a = arrayAlloc(code, n);
  if (a == 0) return ERR;
  memory.fill(arrayData(a), 0, <usize>n * arrayItemSize(a));
  arraySetLength(a, n);
  return boxPtr(a);
}

/** memoryview(v) for a buffer object: what a JS DataView becomes. */
export function rt_embed_memoryview(v: Value): Value { return memoryviewOf(v); }
import { rt_list_to_tuple } from "./star";
