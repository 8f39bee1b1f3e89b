// Instances of classes derived from builtin types (`class Stack(list)`, `class Point(tuple)`,
// `class Meta(type)`, `class Code(int)`).
//
// A class derived from str, tuple, list, dict, set or frozenset gives its instances that
// builtin's layout with the class as their type, so every native that works on the layout
// (methods, iteration, the argument checks that test the kind) takes them as they are. Their
// attributes (`__dict__` and `__slots__` values) live in a record beside them, found by address
// in a table and dropped when the instance is freed. int and float values are not heap
// objects, so an instance of a class derived from one is an INSTANCE holding the number.
//
// Operations the class does not override fall back on the builtin's own behaviour: the
// operation runs with the instance presented as its builtin base (its type word swapped to the
// builtin for the duration, or the number it holds), as CPython's slots inherited from the base
// would run. Results that are the instance itself (`Upper("A").strip()`) are copied into an
// exact str or tuple, as CPython's methods of immutable types return exact instances.
import { Value, ERR, NONE, boxPtr, unboxPtr, isPtr, boxSmall } from "./value";
import {
  Kind, INT_TYPE, FLOAT_TYPE, STR_TYPE, TUPLE_TYPE, LIST_TYPE, DICT_TYPE, SET_TYPE, FROZENSET_TYPE, TYPE_TYPE,
  OBJECT_TYPE, IMMORTAL, TYPE_EXTRAS, TYPE_BOXED, TYPE_SOLID_SHIFT, typeAt, typeKind, typeFlags, typeName, typeOf,
  isHeapType, isSubtype, newObject, freeObject, decrefChild, incref, decref, initType,
} from "./object";
import { raise, raiseWithStr, TypeError } from "./exceptions";
import { fmtMsg } from "./format";
import { dictNew, dictGetItemOrNull, dictSetItem, dictDelItem, dictContains } from "./dict";
import { listNew, listClear as listClearItems } from "./list";
import { tupleLength, tupleItem, tupleSetItem, TUPLE_ITEMS } from "./tuple";
import { strByteLength, strData, strFinishNew, STR_DATA } from "./str";
import { setNew, setClear } from "./set";
import { rt_list_extend } from "./list";
import { construct, dictMergeFrom } from "./builtins";
import { argAt, kwCount, errExpected, errNoKw, functionOwner } from "./call";
import { calledFunction } from "./dunder";
import { setUpdateFrom } from "./methods";
import { finalize, typeNewFromArgs } from "./classes";
import { rt_err_clear } from "./exceptions";

// ---- which builtin a class derives from ------------------------------------------------------

// Index of a builtin base in the type flags (bits 8-15); 0: none (object, exceptions).
const SOLID_INT: u32 = 1, SOLID_FLOAT: u32 = 2, SOLID_STR: u32 = 3, SOLID_TUPLE: u32 = 4, SOLID_LIST: u32 = 5,
  SOLID_DICT: u32 = 6, SOLID_SET: u32 = 7, SOLID_FROZENSET: u32 = 8, SOLID_TYPE: u32 = 9;

function solidType(i: u32): usize {
  switch (i) {
    case SOLID_INT: return INT_TYPE;
    case SOLID_FLOAT: return FLOAT_TYPE;
    case SOLID_STR: return STR_TYPE;
    case SOLID_TUPLE: return TUPLE_TYPE;
    case SOLID_LIST: return LIST_TYPE;
    case SOLID_DICT: return DICT_TYPE;
    case SOLID_SET: return SET_TYPE;
    case SOLID_FROZENSET: return FROZENSET_TYPE;
    case SOLID_TYPE: return TYPE_TYPE;
  }
  return 0;
}

function solidIndex(t: usize): u32 {
  if (isHeapType(t)) return (typeFlags(t) >> TYPE_SOLID_SHIFT) & 0xFF;
  if (t == INT_TYPE) return SOLID_INT;
  if (t == FLOAT_TYPE) return SOLID_FLOAT;
  if (t == STR_TYPE) return SOLID_STR;
  if (t == TUPLE_TYPE) return SOLID_TUPLE;
  if (t == LIST_TYPE) return SOLID_LIST;
  if (t == DICT_TYPE) return SOLID_DICT;
  if (t == SET_TYPE) return SOLID_SET;
  if (t == FROZENSET_TYPE) return SOLID_FROZENSET;
  if (t == TYPE_TYPE) return SOLID_TYPE;
  return 0;
}

/** The builtin type whose layout instances of t have (t itself for a builtin), or 0 for object's. */
export function solidOf(t: usize): usize { return solidType(solidIndex(t)); }

/** May a class statement derive from the builtin type t? */
export function isSubclassableBuiltin(t: usize): bool {
  return t == OBJECT_TYPE || typeKind(t) == Kind.EXCEPTION || solidIndex(t) != 0;
}

/**
 * The builtin base the instances of a class with these bases take their layout from (0 for
 * none), or ERR with CPython's TypeError when two bases need different layouts.
 */
export function solidOfBases(argv: usize, nb: u32): i64 {
  let solid: usize = 0;
  let exception = false;
  for (let i: u32 = 0; i < nb; i++) {
    const b = unboxPtr(argAt(argv, i));
    if (typeKind(b) == Kind.EXCEPTION) exception = true;
    const s = solidOf(b);
    if (s == 0 || s == solid) continue;
    // bool derives from int, but is not subclassable; every other pair is a conflict.
    if (solid != 0 || exception) {
      raise(TypeError, "multiple bases have instance lay-out conflict");
      return -1;
    }
    solid = s;
  }
  if (solid != 0 && exception) {
    raise(TypeError, "multiple bases have instance lay-out conflict");
    return -1;
  }
  return <i64>solid;
}

/** The kind and flags of a class whose instances have `solid`'s layout (0: object's). */
export function layoutKind(solid: usize, exception: bool): Kind {
  if (exception) return Kind.EXCEPTION;
  if (solid == 0 || solid == INT_TYPE || solid == FLOAT_TYPE) return Kind.INSTANCE;
  return typeKind(solid);
}

export function layoutFlags(solid: usize): u32 {
  if (solid == 0) return 0;
  const flags = solidIndex(solid) << TYPE_SOLID_SHIFT;
  if (solid == INT_TYPE || solid == FLOAT_TYPE) return flags | TYPE_BOXED;
  if (solid == TYPE_TYPE) return flags;
  return flags | TYPE_EXTRAS;
}

// ---- attributes of builtin-layout instances -----------------------------------------------------

// A record has the attribute fields of an INSTANCE (classes.ts): __dict__ at 8, __slots__ values at 16.
const RECORD_SIZE: usize = 24;
const RECORD_TYPE: usize = memory.data(40, 8);
/** address (small int) -> record, for the instances that have attributes. */
let records: usize = 0;

export function initSubclasses(): void {
  initType(RECORD_TYPE, "attributes", OBJECT_TYPE, Kind.INSTANCE);
  records = dictNew();
  store<i32>(records, IMMORTAL);
}

/** The record holding p's attributes; 0 if it has none yet and `create` is false (or on MemoryError). */
export function attrRecord(p: usize, create: bool): usize {
  const key = boxSmall(<i64>p);
  const r = dictGetItemOrNull(records, key);
  if (r == ERR) { rt_err_clear(); return 0; }
  if (r != 0) {
    decref(r);
    return unboxPtr(r);
  }
  if (!create) return 0;
  const rec = newObject(RECORD_TYPE, RECORD_SIZE);
  if (rec == 0) return 0;
  store<u64>(rec, NONE, 8);
  store<u64>(rec, NONE, 16);
  const ok = dictSetItem(records, key, boxPtr(rec));
  decref(boxPtr(rec));
  return ok < 0 ? 0 : rec;
}

/** An instance with builtin layout is being freed: __del__, then its attributes. False if __del__ kept it. */
export function releaseExtras(p: usize): bool {
  if (!finalize(p)) return false;
  const key = boxSmall(<i64>p);
  if (dictContains(records, key) == 1) dictDelItem(records, key);
  return true;
}

// ---- int and float instances -----------------------------------------------------------------

// INSTANCE fields (classes.ts), then the number.
const BOXED_VALUE: usize = 24;
export const BOXED_SIZE: usize = 32;

/** A new instance of t (derived from int or float) holding v (borrowed). */
export function boxedNew(t: usize, v: Value): Value {
  const p = newObject(t, BOXED_SIZE);
  if (p == 0) return ERR;
  store<u64>(p, NONE, 8);
  store<u64>(p, NONE, 16);
  incref(v);
  store<u64>(p, v, BOXED_VALUE);
  return boxPtr(p);
}

export function boxedRelease(p: usize): void { decrefChild(load<u64>(p, BOXED_VALUE)); }

// ---- the builtin base's behaviour -----------------------------------------------------------

/** Does v's class derive from a builtin type whose behaviour v falls back on? */
// @ts-ignore: decorator
@inline export function hasBase(v: Value): bool {
  return isPtr(v) && (typeFlags(typeAt(unboxPtr(v))) & (TYPE_EXTRAS | TYPE_BOXED)) != 0;
}

/**
 * Presents v as its builtin base until leaveBase: the number a boxed instance holds, or the
 * instance itself with its type word swapped to the builtin (kept alive meanwhile). Returns
 * what leaveBase needs; baseValue(v) is the value to operate on.
 */
export function enterBase(v: Value): usize {
  if (!isPtr(v)) return 0;
  const p = unboxPtr(v);
  const t = typeAt(p);
  if ((typeFlags(t) & TYPE_EXTRAS) == 0) return 0;
  incref(v);
  store<u32>(p, <u32>solidOf(t), 4);
  return t;
}

/** The value an operation on v's builtin base works on (borrowed). */
export function baseValue(v: Value): Value {
  if (isPtr(v) && (typeFlags(typeAt(unboxPtr(v))) & TYPE_BOXED) != 0) return load<u64>(unboxPtr(v), BOXED_VALUE);
  return v;
}

/**
 * Ends enterBase(v) (`saved` is what it returned). `r`, the operation's result, is returned;
 * if it is v itself and v's base is immutable, as an exact copy instead.
 */
export function leaveBase(v: Value, saved: usize, r: Value): Value {
  if (saved == 0) return r;
  const p = unboxPtr(v);
  store<u32>(p, <u32>saved, 4);
  if (r == v) {
    const s = solidOf(saved);
    if (s == STR_TYPE || s == TUPLE_TYPE || s == FROZENSET_TYPE) {
      const c = exactCopy(v, s);
      decref(r);
      r = c;
    }
  }
  decref(v);
  return r;
}

/** A new object of exactly type `base` (str, tuple or frozenset) equal to v. */
function exactCopy(v: Value, base: usize): Value {
  if (base == FROZENSET_TYPE) return construct(FROZENSET_TYPE, argv1(v), 1, NONE);
  return copyAs(base, v);
}

const ARGV1: usize = memory.data(8, 8);
function argv1(v: Value): usize {
  store<u64>(ARGV1, v);
  return ARGV1;
}

/** A new str or tuple object of type t with the contents of v (a str or tuple). */
function copyAs(t: usize, v: Value): Value {
  const src = unboxPtr(v);
  if (typeKind(t) == Kind.STR) {
    const n = strByteLength(src);
    const s = newObject(t, STR_DATA + <usize>n);
    if (s == 0) return ERR;
    memory.copy(strData(s), strData(src), n);
    return boxPtr(strFinishNew(s, n));
  }
  const n = tupleLength(src);
  const r = newObject(t, TUPLE_ITEMS + (<usize>n << 3));
  if (r == 0) return ERR;
  store<u32>(r, n, 8);
  for (let i: u32 = 0; i < n; i++) {
    const x = tupleItem(src, i);
    incref(x);
    tupleSetItem(r, i, x);
  }
  return boxPtr(r);
}

// ---- construction ----------------------------------------------------------------------------

/**
 * A new instance of the heap class t (derived from a builtin), as its builtin base's __new__
 * makes one: an empty list, dict or set (their __init__ fills it), or the str, tuple,
 * frozenset, int or float the arguments give, as a t. 0 if t has no builtin base.
 */
export function builtinNewInstance(t: usize, argv: usize, argc: u32, kw: Value): Value {
  const solid = solidOf(t);
  if (solid == 0) return 0;
  if (solid == LIST_TYPE || solid == DICT_TYPE || solid == SET_TYPE) {
    const p = solid == LIST_TYPE ? listNew(0) : solid == DICT_TYPE ? dictNew() : setNew();
    if (p == 0) return ERR;
    store<u32>(p, <u32>t, 4);
    return boxPtr(p);
  }
  if (solid == TYPE_TYPE) return typeNewFromArgs(t, argv, argc, kw);
  const base = construct(solid, argv, argc, kw);
  if (base == ERR) return ERR;
  let r: Value;
  if (solid == INT_TYPE || solid == FLOAT_TYPE) r = boxedNew(t, base);
  else if (solid == FROZENSET_TYPE) {
    // frozenset() may give back its argument: build a new one to retype.
    const s = setNew();
    if (s == 0) { decref(base); return ERR; }
    store<u32>(s, <u32>t, 4);
    r = boxPtr(s);
    if (setUpdateFrom(s, base) < 0) { decref(r); r = ERR; }
  } else r = copyAs(t, base);
  decref(base);
  return r;
}

/** Does creating an instance of t leave the arguments to __init__ (list, dict and set fill themselves there)? */
export function initTakesArgs(t: usize): bool {
  const s = solidOf(t);
  return s == LIST_TYPE || s == DICT_TYPE || s == SET_TYPE;
}

/**
 * `X.__new__(cls, *args)` for a builtin X (the called descriptor's owner): an X, or an instance
 * of cls, a class derived from X.
 */
export function builtinNewMethod(argv: usize, argc: u32, kw: Value): Value {
  const owner = functionOwner(calledFunction);
  const npos = argc - kwCount(kw);
  if (npos == 0) return raiseWithStr(TypeError, fmtMsg("%s.__new__(): not enough arguments", typeName(owner)));
  const c = argAt(argv, 0);
  if (!isPtr(c) || typeKind(typeOf(c)) != Kind.TYPE) {
    return raiseWithStr(TypeError, fmtMsg("%s.__new__(X): X is not a type object (%s)", typeName(owner), typeName(typeOf(c))));
  }
  const cls = unboxPtr(c);
  if (!isSubtype(cls, owner)) {
    return raiseWithStr(TypeError, fmtMsg("%s.__new__(%s): %s is not a subtype of %s", typeName(owner), typeName(cls), typeName(cls), typeName(owner)));
  }
  if (solidOf(cls) != owner) {
    return raiseWithStr(TypeError, fmtMsg("%s.__new__(%s) is not safe, use %s.__new__()", typeName(owner), typeName(cls), typeName(solidOf(cls))));
  }
  if (cls == owner) return construct(owner, argv + 8, argc - 1, kw);
  return builtinNewInstance(cls, argv + 8, argc - 1, kw);
}

/** list.__init__, dict.__init__ and set.__init__ (self borrowed): fill self from the arguments. */
export function builtinInit(self: Value, argv: usize, argc: u32, kw: Value): Value {
  const k = typeKind(typeOf(self));
  const nkw = kwCount(kw);
  const npos = argc - nkw;
  const p = unboxPtr(self);
  if (k == Kind.DICT) {
    if (npos > 1) return errExpected("dict", npos, 0, 1);
    if (npos == 1 && dictMergeFrom(p, argAt(argv, 0)) < 0) return ERR;
    for (let i: u32 = 0; i < nkw; i++) {
      if (dictSetItem(p, tupleItem(unboxPtr(kw), i), argAt(argv, npos + i)) < 0) return ERR;
    }
    return NONE;
  }
  const name = k == Kind.LIST ? "list" : "set";
  if (nkw != 0) return errNoKw(name);
  if (npos > 1) return errExpected(name, npos, 0, 1);
  if (k == Kind.LIST) {
    listClearItems(p);
    if (npos == 0) return NONE;
    return rt_list_extend(self, argAt(argv, 0));
  }
  setClear(p);
  if (npos == 1 && setUpdateFrom(p, argAt(argv, 0)) < 0) return ERR;
  return NONE;
}

/** Is v a type object (a class, whatever its metaclass)? */
// @ts-ignore: decorator
@inline export function isTypeObject(v: Value): bool {
  return isPtr(v) && typeKind(typeAt(unboxPtr(v))) == Kind.TYPE;
}
