// Methods of the builtin types (list, tuple, dict, set, frozenset, int, float, range,
// exceptions), registered as method descriptors in each type's dict, and the set algebra
// behind both the methods and the | & - ^ operators.
import { userIndex } from "./number-index";
import {
  Value, ERR, NONE, TRUE, FALSE, UNBOUND, EXHAUSTED, boxPtr, unboxPtr, boxSmall, boxBool, unboxSmall, isNone,
  isSmallInt, isBool, isFloat, unboxFloat, boxFloat,
} from "./value";
import {
  Kind, TYPE_TYPE, INT_TYPE, FLOAT_TYPE, STR_TYPE, TUPLE_TYPE, LIST_TYPE, DICT_TYPE, SET_TYPE, FROZENSET_TYPE,
  RANGE_TYPE, FILE_TYPE, METHOD_DESCRIPTOR_TYPE, DICT_KEYS_TYPE, DICT_VALUES_TYPE, DICT_ITEMS_TYPE, IMMORTAL,
  typeOf, typeName, typeKind, typeDict, setTypeDict, isObjectOf, incref, decref, typeAt,
} from "./object";
import {
  raise, raiseWithStr, raiseWithValue, TypeError, ValueError, KeyError, IndexError, BaseException,
  exceptionMatchesPending, rt_err_clear,
} from "./exceptions";
import { fmtMsg } from "./format";
import { strFromLiteral } from "./str";
import { tupleNew, tupleSetItem, tupleLength, tupleItem } from "./tuple";
import {
  listLength, listItem, listNew, listAppendSteal, rt_list_extend, rt_list_pop, rt_list_insert, rt_list_reverse,
  listClear as listClearItems, rt_list_append,
} from "./list";
import {
  dictNew, dictSetItem, dictGetItemOrNull, dictDelItem, dictLength, dictEntryCount, dictEntryKey, dictEntryValue,
  isDeletedKey, dictHashAt, dictClearAll,
} from "./dict";
import {
  setNew, setAdd, setAddEntry, setDiscard, setDiscardEntry, setContains, setContainsEntry, setLength, setTableSize,
  setSlotKey, setSlotHash, setMerge, setClear, setSwapBodies, setShrinkDummies, rt_set_pop,
} from "./set";
import { rt_get_iter, rt_iter_next } from "./iter";
import { dictViewNew } from "./iterobjects";
import { richEq, reprOf, hashOf } from "./ops";
import {
  argAt, kwCount, strIs, checkOne, checkNoArgs, checkPositional, staticFunction, errExpected,
} from "./call";
import { Fn } from "./natives";
import { listSort } from "./sort";
import { dictMergeFrom } from "./builtins";
import { isInt, isSmallOrBool, bigSign, intBitLength, intPopcount, intFromI64, intFromF64, intLshift, intPos } from "./int";
import { rangeIndex, rangeCount } from "./range";
import { initArrayMethods } from "./arraytype";
import { initMemoryviewMethods } from "./memoryview";
import { rt_call } from "./call";
import { rt_setitem } from "./ops";
import { isHeapType } from "./object";

// ---- registration ------------------------------------------------------------------------------

export function method(t: usize, name: string, id: u32): void {
  let d = typeDict(t);
  if (d == 0) {
    d = dictNew();
    store<i32>(d, IMMORTAL);
    setTypeDict(t, d);
  }
  const f = staticFunction(METHOD_DESCRIPTOR_TYPE, id, name, t);
  dictSetItem(d, boxPtr(<usize>load<u32>(f, 12)), boxPtr(f));
}

export function initMethods(): void {
  method(LIST_TYPE, "append", Fn.LIST_APPEND);
  method(LIST_TYPE, "extend", Fn.LIST_EXTEND);
  method(LIST_TYPE, "pop", Fn.LIST_POP);
  method(LIST_TYPE, "insert", Fn.LIST_INSERT);
  method(LIST_TYPE, "remove", Fn.LIST_REMOVE);
  method(LIST_TYPE, "index", Fn.LIST_INDEX);
  method(LIST_TYPE, "count", Fn.LIST_COUNT);
  method(LIST_TYPE, "reverse", Fn.LIST_REVERSE);
  method(LIST_TYPE, "sort", Fn.LIST_SORT);
  method(LIST_TYPE, "copy", Fn.LIST_COPY);
  method(LIST_TYPE, "clear", Fn.LIST_CLEAR);
  method(TUPLE_TYPE, "index", Fn.TUPLE_INDEX);
  method(TUPLE_TYPE, "count", Fn.TUPLE_COUNT);
  method(DICT_TYPE, "get", Fn.DICT_GET);
  method(DICT_TYPE, "keys", Fn.DICT_KEYS);
  method(DICT_TYPE, "values", Fn.DICT_VALUES);
  method(DICT_TYPE, "items", Fn.DICT_ITEMS);
  method(DICT_TYPE, "pop", Fn.DICT_POP);
  method(DICT_TYPE, "popitem", Fn.DICT_POPITEM);
  method(DICT_TYPE, "setdefault", Fn.DICT_SETDEFAULT);
  method(DICT_TYPE, "update", Fn.DICT_UPDATE);
  method(DICT_TYPE, "copy", Fn.DICT_COPY);
  method(DICT_TYPE, "clear", Fn.DICT_CLEAR);
  method(DICT_TYPE, "fromkeys", Fn.DICT_FROMKEYS);
  method(SET_TYPE, "add", Fn.SET_ADD);
  method(SET_TYPE, "discard", Fn.SET_DISCARD);
  method(SET_TYPE, "remove", Fn.SET_REMOVE);
  method(SET_TYPE, "pop", Fn.SET_POP);
  method(SET_TYPE, "clear", Fn.SET_CLEAR);
  method(SET_TYPE, "update", Fn.SET_UPDATE);
  method(SET_TYPE, "intersection_update", Fn.SET_INTERSECTION_UPDATE);
  method(SET_TYPE, "difference_update", Fn.SET_DIFFERENCE_UPDATE);
  method(SET_TYPE, "symmetric_difference_update", Fn.SET_SYMDIFF_UPDATE);
  for (let i = 0; i < 2; i++) {
    const t = i == 0 ? SET_TYPE : FROZENSET_TYPE;
    method(t, "copy", Fn.SET_COPY);
    method(t, "union", Fn.SET_UNION);
    method(t, "intersection", Fn.SET_INTERSECTION);
    method(t, "difference", Fn.SET_DIFFERENCE);
    method(t, "symmetric_difference", Fn.SET_SYMDIFF);
    method(t, "issubset", Fn.SET_ISSUBSET);
    method(t, "issuperset", Fn.SET_ISSUPERSET);
    method(t, "isdisjoint", Fn.SET_ISDISJOINT);
  }
  method(INT_TYPE, "bit_length", Fn.INT_BIT_LENGTH);
  method(INT_TYPE, "bit_count", Fn.INT_BIT_COUNT);
  method(INT_TYPE, "conjugate", Fn.INT_CONJUGATE);
  method(INT_TYPE, "as_integer_ratio", Fn.INT_AS_INTEGER_RATIO);
  method(FLOAT_TYPE, "is_integer", Fn.FLOAT_IS_INTEGER);
  method(FLOAT_TYPE, "conjugate", Fn.FLOAT_CONJUGATE);
  method(FLOAT_TYPE, "as_integer_ratio", Fn.FLOAT_AS_INTEGER_RATIO);
  method(RANGE_TYPE, "index", Fn.RANGE_INDEX);
  method(RANGE_TYPE, "count", Fn.RANGE_COUNT);
  method(FILE_TYPE, "write", Fn.FILE_WRITE);
  method(FILE_TYPE, "flush", Fn.FILE_FLUSH);
  method(BaseException, "with_traceback", Fn.EXC_WITH_TRACEBACK);
  method(BaseException, "add_note", Fn.EXC_ADD_NOTE);
  method(FLOAT_TYPE, "hex", Fn.FLOAT_HEX);
  method(FLOAT_TYPE, "fromhex", Fn.FLOAT_FROMHEX);
  iteratorMethods(LIST_ITER_TYPE);
  iteratorMethods(LIST_REVITER_TYPE);
  iteratorMethods(TUPLE_ITER_TYPE);
  iteratorMethods(STR_ASCII_ITER_TYPE);
  iteratorMethods(STR_ITER_TYPE);
  iteratorMethods(DICT_KEYITER_TYPE);
  iteratorMethods(DICT_VALUEITER_TYPE);
  iteratorMethods(DICT_ITEMITER_TYPE);
  iteratorMethods(DICT_REVKEYITER_TYPE);
  iteratorMethods(DICT_REVVALUEITER_TYPE);
  iteratorMethods(DICT_REVITEMITER_TYPE);
  iteratorMethods(SET_ITER_TYPE);
  iteratorMethods(RANGE_ITER_TYPE);
  iteratorMethods(CALLABLE_ITER_TYPE);
  iteratorMethods(REVERSED_TYPE);
  iteratorMethods(ENUMERATE_TYPE);
  iteratorMethods(ZIP_TYPE);
  iteratorMethods(MAP_TYPE);
  iteratorMethods(FILTER_TYPE);
  initStrMethods();
  initBytesMethods();
  initArrayMethods();
  initMemoryviewMethods();
  initDunders();
}

import { initStrMethods } from "./strmethods";
import { initBytesMethods } from "./bytesmethods";
import { initDunders } from "./dunder";
import {
  LIST_ITER_TYPE, LIST_REVITER_TYPE, TUPLE_ITER_TYPE, STR_ASCII_ITER_TYPE, STR_ITER_TYPE, DICT_KEYITER_TYPE,
  DICT_VALUEITER_TYPE, DICT_ITEMITER_TYPE, DICT_REVKEYITER_TYPE, SET_ITER_TYPE, RANGE_ITER_TYPE, CALLABLE_ITER_TYPE,
  REVERSED_TYPE, ENUMERATE_TYPE, ZIP_TYPE, MAP_TYPE, FILTER_TYPE, DICT_REVVALUEITER_TYPE, DICT_REVITEMITER_TYPE,
} from "./object";

function iteratorMethods(t: usize): void {
  method(t, "__next__", Fn.ITER_NEXT);
  method(t, "__iter__", Fn.ITER_SELF);
}

/** it.__next__(): the next item, or StopIteration. */
export function iterNextMethod(self: Value, argc: u32, kw: Value): Value {
  if (!checkNoArgs("__next__", argc, kw)) return ERR;
  const v = rt_iter_next(self);
  if (v == EXHAUSTED) return raiseEmpty(StopIteration);
  return v;
}

export function iterSelfMethod(self: Value, argc: u32, kw: Value): Value {
  if (!checkNoArgs("__iter__", argc, kw)) return ERR;
  incref(self);
  return self;
}

import { raiseEmpty, StopIteration, exceptionAddNote } from "./exceptions";

export function excAddNote(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("BaseException.add_note", argc, kw)) return ERR;
  return exceptionAddNote(unboxPtr(self), argAt(argv, 0));
}

/** float.hex(): [-]0x1.<13 hex digits>p<exp>, 0x0.0p+0 for zero, inf and nan as repr. */
export function floatHex(self: Value, argc: u32, kw: Value): Value {
  if (!checkNoArgs("float.hex", argc, kw)) return ERR;
  const x = unboxFloat(self);
  if (x != x) return boxPtr(strFromLiteral("nan", false));
  if (x == Infinity) return boxPtr(strFromLiteral("inf", false));
  if (x == -Infinity) return boxPtr(strFromLiteral("-inf", false));
  const bits = reinterpret<u64>(x);
  const neg = (bits >> 63) != 0;
  const biased = <i32>((bits >> 52) & 0x7FF);
  const frac = bits & 0xF_FFFF_FFFF_FFFF;
  const b = builderNew(24);
  if (b == 0) return ERR;
  if (neg) builderByte(b, 0x2D);
  if (biased == 0 && frac == 0) {
    builderLiteral(b, "0x0.0p+0");
  } else {
    // Subnormals print as 0x0.<digits>p-1022.
    builderLiteral(b, biased == 0 ? "0x0." : "0x1.");
    for (let k = 12; k >= 0; k--) {
      const d = <u32>((frac >> (<u64>k << 2)) & 0xF);
      builderByte(b, d < 10 ? 0x30 + d : 0x57 + d);
    }
    const e = biased == 0 ? -1022 : biased - 1023;
    builderByte(b, 0x70);
    builderByte(b, e < 0 ? 0x2D : 0x2B);
    builderInt(b, e < 0 ? -e : e);
  }
  const s = builderFinish(b);
  return s == 0 ? ERR : boxPtr(s);
}

import { builderNew, builderByte, builderLiteral, builderInt, builderFinish } from "./format";
import { hexFloatFromStr } from "./float";

/** float.fromhex(s) (a classmethod: the class is not needed for float itself). */
export function floatFromhex(argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("float.fromhex", argc, kw)) return ERR;
  const s = argAt(argv, 0);
  if (!isObjectOf(s, STR_TYPE)) return raiseWithStr(TypeError, fmtMsg("must be str, not %s", typeName(typeOf(s))));
  return hexFloatFromStr(unboxPtr(s));
}

// ---- list and tuple ------------------------------------------------------------------------------

export function listAppend(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("list.append", argc, kw)) return ERR;
  return rt_list_append(self, argAt(argv, 0)) < 0 ? ERR : NONE;
}

export function listExtend(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("list.extend", argc, kw)) return ERR;
  return rt_list_extend(self, argAt(argv, 0));
}

/** An index argument (int) as i64; false with TypeError pending. */
let indexArg: i64 = 0;
function toIndexArg(v: Value): bool {
  if (isSmallOrBool(v)) {
    indexArg = unboxSmall(v);
    return true;
  }
  if (isInt(v)) {
    indexArg = bigSign(v) < 0 ? i64.MIN_VALUE : i64.MAX_VALUE;
    return true;
  }
  const i = userIndex(v);
  if (i == ERR) return false;
  if (i != UNBOUND) {
    const ok = toIndexArg(i);
    decref(i);
    return ok;
  }
  raiseWithStr(TypeError, fmtMsg("'%s' object cannot be interpreted as an integer", typeName(typeOf(v))));
  return false;
}

export function listPop(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("pop", argc, kw, 0, 1, "list.pop")) return ERR;
  let i: i64 = -1;
  if (argc == 1) {
    if (!toIndexArg(argAt(argv, 0))) return ERR;
    i = indexArg;
  }
  return rt_list_pop(self, i);
}

export function listInsert(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("insert", argc, kw, 2, 2, "list.insert")) return ERR;
  if (!toIndexArg(argAt(argv, 0))) return ERR;
  return rt_list_insert(self, indexArg, argAt(argv, 1));
}

export function listRemove(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("list.remove", argc, kw)) return ERR;
  const l = unboxPtr(self);
  const x = argAt(argv, 0);
  for (let i: u32 = 0; i < listLength(l); i++) {
    const e = richEq(listItem(l, i), x);
    if (e < 0) return ERR;
    if (e == 1) {
      decref(rt_list_pop(self, i));
      return NONE;
    }
  }
  return raise(ValueError, "list.remove(x): x not in list");
}

/** Normalises a start/stop bound of index() against a length. */
function clampBound(v: i64, n: i64): i64 {
  if (v < 0) {
    v += n;
    if (v < 0) v = 0;
  }
  return v > n ? n : v;
}

/** list.index / tuple.index (value, start=0, stop=maxsize, /) */
export function seqIndex(self: Value, argv: usize, argc: u32, kw: Value): Value {
  const isList = isObjectOf(self, LIST_TYPE);
  if (!checkPositional("index", argc, kw, 1, 3, isList ? "list.index" : "tuple.index")) return ERR;
  const p = unboxPtr(self);
  const x = argAt(argv, 0);
  let n = <i64>(isList ? listLength(p) : tupleLength(p));
  let start: i64 = 0, stop: i64 = n;
  if (argc > 1) {
    if (!toIndexArg(argAt(argv, 1))) return ERR;
    start = clampBound(indexArg, n);
  }
  if (argc > 2) {
    if (!toIndexArg(argAt(argv, 2))) return ERR;
    stop = clampBound(indexArg, n);
  }
  for (let i = start; i < stop; i++) {
    n = <i64>(isList ? listLength(p) : tupleLength(p));
    if (i >= n) break;
    const e = richEq(isList ? listItem(p, <u32>i) : tupleItem(p, <u32>i), x);
    if (e < 0) return ERR;
    if (e == 1) return boxSmall(i);
  }
  if (!isList) return raise(ValueError, "tuple.index(x): x not in tuple");
  const r = reprOf(x);
  if (r == 0) return ERR;
  const msg = fmtMsg("%s is not in list", r);
  decref(boxPtr(r));
  return raiseWithStr(ValueError, msg);
}

export function seqCount(self: Value, argv: usize, argc: u32, kw: Value): Value {
  const isList = isObjectOf(self, LIST_TYPE);
  if (!checkOne(isList ? "list.count" : "tuple.count", argc, kw)) return ERR;
  const p = unboxPtr(self);
  const x = argAt(argv, 0);
  let c: i64 = 0;
  for (let i: u32 = 0; ; i++) {
    const n = isList ? listLength(p) : tupleLength(p);
    if (i >= n) break;
    const e = richEq(isList ? listItem(p, i) : tupleItem(p, i), x);
    if (e < 0) return ERR;
    c += e;
  }
  return boxSmall(c);
}

export function listReverse(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkNoArgs("list.reverse", argc, kw)) return ERR;
  return rt_list_reverse(self);
}

/** list.sort(*, key=None, reverse=False) */
export function listSortMethod(self: Value, argv: usize, argc: u32, kw: Value): Value {
  const nkw = kwCount(kw);
  if (argc - nkw != 0) return raise(TypeError, "sort() takes no positional arguments");
  let key: Value = NONE, reverse: Value = FALSE;
  for (let i: u32 = 0; i < nkw; i++) {
    const name = unboxPtr(tupleItem(unboxPtr(kw), i));
    if (strIs(name, "key")) key = argAt(argv, i);
    else if (strIs(name, "reverse")) reverse = argAt(argv, i);
    else return raiseWithStr(TypeError, fmtMsg("'%s' is an invalid keyword argument for sort()", name));
  }
  const rev = truthOf(reverse);
  if (rev < 0) return ERR;
  return listSort(unboxPtr(self), key, rev == 1) < 0 ? ERR : NONE;
}

import { rt_truthy } from "./ops";
function truthOf(v: Value): i32 { return rt_truthy(v); }

export function listCopy(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkNoArgs("list.copy", argc, kw)) return ERR;
  const l = listNew(0);
  if (l == 0) return ERR;
  if (rt_list_extend(boxPtr(l), self) == ERR) {
    decref(boxPtr(l));
    return ERR;
  }
  return boxPtr(l);
}

export function listClear(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkNoArgs("list.clear", argc, kw)) return ERR;
  listClearItems(unboxPtr(self));
  return NONE;
}

// ---- dict ------------------------------------------------------------------------------------------

export function dictGet(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("get", argc, kw, 1, 2, "dict.get")) return ERR;
  const v = dictGetItemOrNull(unboxPtr(self), argAt(argv, 0));
  if (v == ERR) return ERR;
  if (v != 0) return v;
  const d = argc == 2 ? argAt(argv, 1) : NONE;
  incref(d);
  return d;
}

export function dictView(self: Value, argv: usize, argc: u32, kw: Value, which: i32): Value {
  if (!checkNoArgs(which == 0 ? "dict.keys" : which == 1 ? "dict.values" : "dict.items", argc, kw)) return ERR;
  return dictViewNew(which == 0 ? DICT_KEYS_TYPE : which == 1 ? DICT_VALUES_TYPE : DICT_ITEMS_TYPE, self);
}

export function dictPop(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("pop", argc, kw, 1, 2, "dict.pop")) return ERR;
  const d = unboxPtr(self);
  const key = argAt(argv, 0);
  const v = dictGetItemOrNull(d, key);
  if (v == ERR) return ERR;
  if (v == 0) {
    if (argc == 2) {
      incref(argAt(argv, 1));
      return argAt(argv, 1);
    }
    return raiseWithValue(KeyError, key);
  }
  if (dictDelItem(d, key) < 0) {
    decref(v);
    return ERR;
  }
  return v;
}

export function dictPopitem(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkNoArgs("dict.popitem", argc, kw)) return ERR;
  const d = unboxPtr(self);
  if (dictLength(d) == 0) return raise(KeyError, "popitem(): dictionary is empty");
  let i = <i32>dictEntryCount(d) - 1;
  while (i >= 0 && isDeletedKey(dictEntryKey(d, <u32>i))) i--;
  const k = dictEntryKey(d, <u32>i), v = dictEntryValue(d, <u32>i);
  const t = tupleNew(2);
  if (t == 0) return ERR;
  incref(k);
  incref(v);
  tupleSetItem(t, 0, k);
  tupleSetItem(t, 1, v);
  if (dictDelItem(d, k) < 0) {
    decref(boxPtr(t));
    return ERR;
  }
  return boxPtr(t);
}

export function dictSetdefault(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("setdefault", argc, kw, 1, 2, "dict.setdefault")) return ERR;
  const d = unboxPtr(self);
  const v = dictGetItemOrNull(d, argAt(argv, 0));
  if (v == ERR) return ERR;
  if (v != 0) return v;
  const dflt = argc == 2 ? argAt(argv, 1) : NONE;
  if (dictSetItem(d, argAt(argv, 0), dflt) < 0) return ERR;
  incref(dflt);
  return dflt;
}

export function dictUpdateMethod(self: Value, argv: usize, argc: u32, kw: Value): Value {
  const nkw = kwCount(kw);
  const npos = argc - nkw;
  if (npos > 1) return errExpected("update", npos, 0, 1);
  const d = unboxPtr(self);
  if (npos == 1 && dictMergeFrom(d, argAt(argv, 0)) < 0) return ERR;
  for (let i: u32 = 0; i < nkw; i++) {
    if (dictSetItem(d, tupleItem(unboxPtr(kw), i), argAt(argv, npos + i)) < 0) return ERR;
  }
  return NONE;
}

/** A shallow copy of a dict (insertion order kept). */
export function dictCopy(d: usize): Value {
  const r = dictNew();
  if (r == 0) return ERR;
  if (dictMergeFrom(r, boxPtr(d)) < 0) {
    decref(boxPtr(r));
    return ERR;
  }
  return boxPtr(r);
}

export function dictCopyMethod(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkNoArgs("dict.copy", argc, kw)) return ERR;
  return dictCopy(unboxPtr(self));
}

export function dictClearMethod(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkNoArgs("dict.clear", argc, kw)) return ERR;
  dictClearAll(unboxPtr(self));
  return NONE;
}

/** dict.fromkeys(iterable, value=None): self is the class. */
export function dictFromkeys(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("fromkeys", argc, kw, 1, 2, "dict.fromkeys")) return ERR;
  const value = argc == 2 ? argAt(argv, 1) : NONE;
  // A class derived from dict makes its own instance, filled through its __setitem__.
  const derived = isHeapType(unboxPtr(self));
  const dv = derived ? rt_call(self, 0, 0, NONE) : boxPtr(dictNew());
  if (dv == ERR || dv == boxPtr(0)) return ERR;
  const d = unboxPtr(dv);
  const it = rt_get_iter(argAt(argv, 0));
  if (it == ERR) {
    decref(boxPtr(d));
    return ERR;
  }
  for (;;) {
    const k = rt_iter_next(it);
    if (k == EXHAUSTED) break;
    if (k == ERR || (derived ? rt_setitem(dv, k, value) : dictSetItem(d, k, value)) < 0) {
      if (k != ERR) decref(k);
      decref(it);
      decref(boxPtr(d));
      return ERR;
    }
    decref(k);
  }
  decref(it);
  return boxPtr(d);
}

// ---- set algebra -----------------------------------------------------------------------------------

export const SETOP_OR = 0;
export const SETOP_AND = 1;
export const SETOP_SUB = 2;
export const SETOP_XOR = 3;

// @ts-ignore: decorator
@inline export function isAnySet(v: Value): bool { return isObjectOf(v, SET_TYPE) || isObjectOf(v, FROZENSET_TYPE); }

/** An empty set of type t (set or frozenset). */
function emptySet(t: usize): usize {
  const s = setNew();
  if (s != 0) store<u32>(s, <u32>t, 4);
  return s;
}

/** set_update_internal: adds the items of any iterable to so. 0 or -1. */
export function setUpdateFrom(so: usize, other: Value): i32 {
  if (isAnySet(other)) return setMerge(so, unboxPtr(other));
  if (isObjectOf(other, DICT_TYPE)) {
    const d = unboxPtr(other);
    for (let i: u32 = 0; i < dictEntryCount(d); i++) {
      const k = dictEntryKey(d, i);
      if (isDeletedKey(k)) continue;
      if (setAddEntry(so, k, dictHashAt(d, i)) < 0) return -1;
    }
    return 0;
  }
  const it = rt_get_iter(other);
  if (it == ERR) return -1;
  for (;;) {
    const k = rt_iter_next(it);
    if (k == EXHAUSTED) break;
    if (k == ERR) {
      decref(it);
      return -1;
    }
    const r = setAdd(so, k);
    decref(k);
    if (r < 0) {
      decref(it);
      return -1;
    }
  }
  decref(it);
  return 0;
}

/** A copy of set so as type t. */
export function setCopy(so: usize, t: usize): Value {
  const r = emptySet(t);
  if (r == 0) return ERR;
  if (setMerge(r, so) < 0) {
    decref(boxPtr(r));
    return ERR;
  }
  return boxPtr(r);
}

/** set_intersection */
export function setIntersection(so: usize, other: Value): Value {
  const result = emptySet(typeAt(so));
  if (result == 0) return ERR;
  if (isAnySet(other)) {
    let a = so, b = unboxPtr(other);
    if (setLength(b) > setLength(a)) {
      const t = a;
      a = b;
      b = t;
    }
    for (let i: u32 = 0; i < setTableSize(b); i++) {
      const k = setSlotKey(b, i);
      if (k == ERR) continue;
      const h = setSlotHash(b, i);
      const c = setContainsEntry(a, k, h);
      if (c < 0 || (c == 1 && setAddEntry(result, k, h) < 0)) {
        decref(boxPtr(result));
        return ERR;
      }
    }
    return boxPtr(result);
  }
  const it = rt_get_iter(other);
  if (it == ERR) {
    decref(boxPtr(result));
    return ERR;
  }
  for (;;) {
    const k = rt_iter_next(it);
    if (k == EXHAUSTED) break;
    let ok = k != ERR;
    if (ok) {
      const h = hashOf(k);
      const c = h == -1 ? -1 : setContainsEntry(so, k, h);
      ok = c >= 0 && (c == 0 || setAddEntry(result, k, h) >= 0);
      decref(k);
    }
    if (!ok) {
      decref(it);
      decref(boxPtr(result));
      return ERR;
    }
  }
  decref(it);
  return boxPtr(result);
}

/** set_difference_update_internal */
export function setDifferenceUpdate(so: usize, other: Value): i32 {
  if (boxPtr(so) == other) {
    setClear(so);
    return 0;
  }
  if (isAnySet(other)) {
    const o = unboxPtr(other);
    for (let i: u32 = 0; i < setTableSize(o); i++) {
      const k = setSlotKey(o, i);
      if (k == ERR) continue;
      if (setDiscardEntry(so, k, setSlotHash(o, i)) < 0) return -1;
    }
  } else {
    const it = rt_get_iter(other);
    if (it == ERR) return -1;
    for (;;) {
      const k = rt_iter_next(it);
      if (k == EXHAUSTED) break;
      if (k == ERR) {
        decref(it);
        return -1;
      }
      const r = setDiscard(so, k);
      decref(k);
      if (r < 0) {
        decref(it);
        return -1;
      }
    }
    decref(it);
  }
  return setShrinkDummies(so);
}

/** set_difference */
export function setDifference(so: usize, other: Value): Value {
  let otherSize: i64 = -1;
  if (isAnySet(other)) otherSize = setLength(unboxPtr(other));
  else if (isObjectOf(other, DICT_TYPE)) otherSize = dictLength(unboxPtr(other));
  if (otherSize < 0 || <i64>(setLength(so) >> 2) > otherSize) {
    const r = setCopy(so, typeAt(so));
    if (r == ERR) return ERR;
    if (setDifferenceUpdate(unboxPtr(r), other) < 0) {
      decref(r);
      return ERR;
    }
    return r;
  }
  const result = emptySet(typeAt(so));
  if (result == 0) return ERR;
  const isDict = isObjectOf(other, DICT_TYPE);
  for (let i: u32 = 0; i < setTableSize(so); i++) {
    const k = setSlotKey(so, i);
    if (k == ERR) continue;
    const h = setSlotHash(so, i);
    const c = isDict ? dictHasKey(unboxPtr(other), k) : setContainsEntry(unboxPtr(other), k, h);
    if (c < 0 || (c == 0 && setAddEntry(result, k, h) < 0)) {
      decref(boxPtr(result));
      return ERR;
    }
  }
  return boxPtr(result);
}

import { dictContains } from "./dict";
function dictHasKey(d: usize, k: Value): i32 { return dictContains(d, k); }

/** set_symmetric_difference_update */
export function setSymDiffUpdate(so: usize, other: Value): i32 {
  if (boxPtr(so) == other) {
    setClear(so);
    return 0;
  }
  let o: usize;
  let own = false;
  if (isAnySet(other)) {
    o = unboxPtr(other);
  } else {
    o = emptySet(typeAt(so));
    if (o == 0) return -1;
    own = true;
    if (setUpdateFrom(o, other) < 0) {
      decref(boxPtr(o));
      return -1;
    }
  }
  let r: i32 = 0;
  for (let i: u32 = 0; i < setTableSize(o); i++) {
    const k = setSlotKey(o, i);
    if (k == ERR) continue;
    const h = setSlotHash(o, i);
    const d = setDiscardEntry(so, k, h);
    if (d < 0 || (d == 0 && setAddEntry(so, k, h) < 0)) {
      r = -1;
      break;
    }
  }
  if (own) decref(boxPtr(o));
  return r;
}

/** a OP b for two sets (the operators): a new set of a's type. */
export function setBinary(a: Value, b: Value, op: i32): Value {
  const so = unboxPtr(a);
  if (op == SETOP_OR) {
    const r = setCopy(so, typeAt(so));
    if (r == ERR) return ERR;
    if (setUpdateFrom(unboxPtr(r), b) < 0) {
      decref(r);
      return ERR;
    }
    return r;
  }
  if (op == SETOP_AND) return setIntersection(so, b);
  if (op == SETOP_SUB) return setDifference(so, b);
  // ^ : a copy of b updated with a, as CPython's set_symmetric_difference does.
  const r = emptySet(typeAt(so));
  if (r == 0) return ERR;
  if (setUpdateFrom(r, b) < 0 || setSymDiffUpdate(r, a) < 0) {
    decref(boxPtr(r));
    return ERR;
  }
  return boxPtr(r);
}

/** a OP= b for a set a (in place); returns a new reference to a. */
export function setInplace(a: Value, b: Value, op: i32): Value {
  const so = unboxPtr(a);
  let r: i32 = 0;
  if (op == SETOP_OR) r = setUpdateFrom(so, b);
  else if (op == SETOP_SUB) r = setDifferenceUpdate(so, b);
  else if (op == SETOP_XOR) r = setSymDiffUpdate(so, b);
  else {
    const t = setIntersection(so, b);
    if (t == ERR) return ERR;
    setSwapBodies(so, unboxPtr(t));
    decref(t);
  }
  if (r < 0) return ERR;
  incref(a);
  return a;
}

/**
 * The set methods taking iterables: union(*others), intersection(*others),
 * difference(*others), symmetric_difference(other) and the *_update forms, each built the way
 * CPython builds it (which decides the iteration order of the result).
 */
export function setAlgebraMethod(self: Value, argv: usize, argc: u32, kw: Value, op: i32, inplace: bool, name: string): Value {
  if (kwCount(kw) != 0) {
    const qual = typeName(typeOf(self));
    const n = strFromLiteral(name, false);
    const r = raiseWithStr(TypeError, fmtMsg("%s.%s() takes no keyword arguments", qual, n));
    decref(boxPtr(n));
    return r;
  }
  const so = unboxPtr(self);
  if (op == SETOP_XOR && argc != 1) {
    const n = strFromLiteral(inplace ? "set.symmetric_difference_update" : (isObjectOf(self, SET_TYPE) ? "set.symmetric_difference" : "frozenset.symmetric_difference"), false);
    const r = raiseWithStr(TypeError, fmtMsg("%s() takes exactly one argument (%d given)", n, argc));
    decref(boxPtr(n));
    return r;
  }
  if (inplace) {
    for (let i: u32 = 0; i < argc; i++) {
      const r = setInplace(self, argAt(argv, i), op);
      if (r == ERR) return ERR;
      decref(r);
    }
    return NONE;
  }
  if (argc == 0) return setCopy(so, typeAt(so));
  if (op == SETOP_XOR) {
    const r = emptySet(typeAt(so));
    if (r == 0) return ERR;
    if (setUpdateFrom(r, argAt(argv, 0)) < 0 || setSymDiffUpdate(r, self) < 0) {
      decref(boxPtr(r));
      return ERR;
    }
    return boxPtr(r);
  }
  let acc: Value;
  if (op == SETOP_OR) {
    acc = setCopy(so, typeAt(so));
    for (let i: u32 = 0; acc != ERR && i < argc; i++) {
      if (setUpdateFrom(unboxPtr(acc), argAt(argv, i)) < 0) {
        decref(acc);
        acc = ERR;
      }
    }
    return acc;
  }
  if (op == SETOP_AND) {
    acc = self;
    incref(acc);
    for (let i: u32 = 0; i < argc; i++) {
      const next = setIntersection(unboxPtr(acc), argAt(argv, i));
      decref(acc);
      if (next == ERR) return ERR;
      acc = next;
    }
    return acc;
  }
  acc = setDifference(so, argAt(argv, 0));
  for (let i: u32 = 1; acc != ERR && i < argc; i++) {
    if (setDifferenceUpdate(unboxPtr(acc), argAt(argv, i)) < 0) {
      decref(acc);
      acc = ERR;
    }
  }
  return acc;
}

function newRefOf(v: Value): Value {
  incref(v);
  return v;
}

/** issubset (0), issuperset (1), isdisjoint (2) against any iterable. */
export function setRelation(self: Value, argv: usize, argc: u32, kw: Value, which: i32): Value {
  if (!checkOne(which == 0 ? "set.issubset" : which == 1 ? "set.issuperset" : "set.isdisjoint", argc, kw)) return ERR;
  const so = unboxPtr(self);
  let other = argAt(argv, 0);
  let own = false;
  if (!isAnySet(other)) {
    const t = emptySet(SET_TYPE);
    if (t == 0) return ERR;
    if (setUpdateFrom(t, other) < 0) {
      decref(boxPtr(t));
      return ERR;
    }
    other = boxPtr(t);
    own = true;
  }
  const o = unboxPtr(other);
  let a = which == 1 ? o : so;
  let b = which == 1 ? so : o;
  let result: i32 = 1;
  if (which == 2) {
    // disjoint: no item of the smaller in the larger
    if (setLength(a) > setLength(b)) {
      const t = a;
      a = b;
      b = t;
    }
    for (let i: u32 = 0; i < setTableSize(a); i++) {
      const k = setSlotKey(a, i);
      if (k == ERR) continue;
      const c = setContainsEntry(b, k, setSlotHash(a, i));
      if (c != 0) {
        result = c < 0 ? -1 : 0;
        break;
      }
    }
  } else {
    if (setLength(a) > setLength(b)) result = 0;
    else {
      for (let i: u32 = 0; i < setTableSize(a); i++) {
        const k = setSlotKey(a, i);
        if (k == ERR) continue;
        const c = setContainsEntry(b, k, setSlotHash(a, i));
        if (c != 1) {
          result = c;
          break;
        }
      }
    }
  }
  if (own) decref(other);
  return result < 0 ? ERR : boxBool(result == 1);
}

export function setAddMethod(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("set.add", argc, kw)) return ERR;
  return setAdd(unboxPtr(self), argAt(argv, 0)) < 0 ? ERR : NONE;
}

/** A set used as a key is looked up as the equal frozenset, as CPython does. */
export function setKeyRetry(s: usize, key: Value, op: i32): i32 {
  let r = op == 0 ? setContains(s, key) : setDiscard(s, key);
  if (r < 0 && isObjectOf(key, SET_TYPE) && exceptionMatchesPending(TypeError)) {
    rt_err_clear();
    const f = setCopy(unboxPtr(key), FROZENSET_TYPE);
    if (f == ERR) return -1;
    r = op == 0 ? setContains(s, f) : setDiscard(s, f);
    decref(f);
  }
  return r;
}

export function setDiscardMethod(self: Value, argv: usize, argc: u32, kw: Value, strict: bool): Value {
  if (!checkOne(strict ? "set.remove" : "set.discard", argc, kw)) return ERR;
  const r = setKeyRetry(unboxPtr(self), argAt(argv, 0), 1);
  if (r < 0) return ERR;
  if (r == 0 && strict) return raiseWithValue(KeyError, argAt(argv, 0));
  return NONE;
}

export function setPopMethod(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkNoArgs("set.pop", argc, kw)) return ERR;
  return rt_set_pop(self);
}

export function setClearMethod(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkNoArgs("set.clear", argc, kw)) return ERR;
  setClear(unboxPtr(self));
  return NONE;
}

export function setCopyMethod(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkNoArgs(isObjectOf(self, SET_TYPE) ? "set.copy" : "frozenset.copy", argc, kw)) return ERR;
  if (isObjectOf(self, FROZENSET_TYPE)) {
    incref(self);
    return self;
  }
  return setCopy(unboxPtr(self), SET_TYPE);
}

// ---- int and float -------------------------------------------------------------------------------

export function intBitLength(self: Value, argc: u32, kw: Value): Value {
  if (!checkNoArgs("int.bit_length", argc, kw)) return ERR;
  return intFromI64(<i64>intBitLengthOf(self));
}

import { intBitLength as intBitLengthOf } from "./int";

export function intBitCount(self: Value, argc: u32, kw: Value): Value {
  if (!checkNoArgs("int.bit_count", argc, kw)) return ERR;
  return intFromI64(<i64>intPopcount(self));
}

export function numConjugate(self: Value, argc: u32, kw: Value, isIntType: bool): Value {
  if (!checkNoArgs(isIntType ? "int.conjugate" : "float.conjugate", argc, kw)) return ERR;
  if (isBool(self)) return boxSmall(unboxSmall(self));
  incref(self);
  return self;
}

export function intAsIntegerRatio(self: Value, argc: u32, kw: Value): Value {
  if (!checkNoArgs("int.as_integer_ratio", argc, kw)) return ERR;
  const t = tupleNew(2);
  if (t == 0) return ERR;
  const v = isBool(self) ? boxSmall(unboxSmall(self)) : self;
  incref(v);
  tupleSetItem(t, 0, v);
  tupleSetItem(t, 1, boxSmall(1));
  return boxPtr(t);
}

export function intIsInteger(self: Value, argc: u32, kw: Value): Value {
  if (!checkNoArgs("int.is_integer", argc, kw)) return ERR;
  return TRUE;
}

export function floatIsInteger(self: Value, argc: u32, kw: Value): Value {
  if (!checkNoArgs("float.is_integer", argc, kw)) return ERR;
  const x = unboxFloat(self);
  return boxBool(x == Math.floor(x) && x - x == 0);
}

/** float.as_integer_ratio(): the exact fraction in lowest terms. */
export function floatAsIntegerRatio(self: Value, argc: u32, kw: Value): Value {
  if (!checkNoArgs("float.as_integer_ratio", argc, kw)) return ERR;
  const x = unboxFloat(self);
  if (x != x) return raise(ValueError, "cannot convert NaN to integer ratio");
  if (x == Infinity || x == -Infinity) return raise(OverflowErrorT(), "cannot convert Infinity to integer ratio");
  const bits = reinterpret<u64>(x);
  const biased = <i32>((bits >> 52) & 0x7FF);
  let m: i64 = <i64>(bits & 0xF_FFFF_FFFF_FFFF) | (biased != 0 ? <i64>1 << 52 : 0);
  let e: i64 = <i64>(biased != 0 ? biased - 1075 : -1074);
  if (m == 0) e = 0;
  while (m != 0 && (m & 1) == 0 && e < 0) {
    m >>= 1;
    e++;
  }
  if (x < 0) m = -m;
  let num: Value, den: Value;
  if (e >= 0) {
    num = intLshift(intFromI64(m), boxSmall(e));
    den = boxSmall(1);
  } else {
    num = intFromI64(m);
    den = intLshift(boxSmall(1), boxSmall(-e));
  }
  if (num == ERR || den == ERR) return ERR;
  const t = tupleNew(2);
  if (t == 0) return ERR;
  tupleSetItem(t, 0, num);
  tupleSetItem(t, 1, den);
  return boxPtr(t);
}

import { OverflowError } from "./exceptions";
function OverflowErrorT(): usize { return OverflowError; }

// ---- range, exceptions ------------------------------------------------------------------------------

export function rangeIndexMethod(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("range.index", argc, kw)) return ERR;
  return rangeIndex(unboxPtr(self), argAt(argv, 0));
}

export function rangeCountMethod(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("range.count", argc, kw)) return ERR;
  return rangeCount(unboxPtr(self), argAt(argv, 0));
}

/** BaseException.with_traceback(tb): tracebacks are not objects in Molt; returns self. */
export function excWithTraceback(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("BaseException.with_traceback", argc, kw)) return ERR;
  incref(self);
  return self;
}

