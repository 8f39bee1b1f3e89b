// Classes made by `class` statements: building the type object (`__build_class__`, C3 MRO),
// instances and their attribute dicts, attribute lookup with descriptors (functions bind to
// method objects; staticmethod, classmethod and property), super(), and calling special
// methods a class defines in Python.
//
// Builtin types keep their static layout; a class statement's type is a heap block with the
// same header plus its MRO, bases and qualname (object.ts). Instances of a class derived from
// an exception are exception objects (their extra attributes live in the exception's dict);
// every other instance is an INSTANCE: the header and an attribute dict.
//
// Class objects are immortal: a program defines its classes once, and instances, methods and
// super objects refer to them without counting.
import { Value, ERR, NONE, UNBOUND, boxPtr, unboxPtr, isPtr, isNone, boxSmall } from "./value";
import {
  Kind, TYPE_TYPE, OBJECT_TYPE, IMMORTAL, TYPE_SIZE, NOTIMPLEMENTED, newObject, freeObject, decrefChild, incref, decref,
  typeOf, typeAt, typeKind, typeName, typeDict, typeMro, typeBases, typeQualname, setTypeDict, setHeapTypeFields,
  isHeapType, isSubtype, isObjectOf, initType, typeBase, isSlotted, markSlotted,
} from "./object";
import { alloc, free } from "./alloc";
import {
  raise, raiseWithStr, TypeError, AttributeError, RuntimeError, StopIteration, BaseException, EXC_DICT,
  exceptionNew, exceptionGetAttr, exceptionSetAttr, exceptionMatchesPending, rt_err_clear, rt_err_fetch, rt_err_restore,
  reportIgnored,
} from "./exceptions";
import { fmtMsg } from "./format";
import { strFromLiteral, strEquals } from "./str";
import { tupleNew, tupleSetItem, tupleLength, tupleItem, TUPLE_ITEMS } from "./tuple";
import { dictMergeFrom } from "./builtins";
import {
  dictNew, dictSetItem, dictGetItemOrNull, dictDelItem, dictContains, dictEntryCount, dictEntryKey, dictEntryValue,
  isDeletedKey,
} from "./dict";
import { rt_call, argAt, kwCount, strIs, checkPositional, bindMethod, rtAllocArgv, rtFreeArgv, functionName, functionOwner } from "./call";
import { METHOD_DESCRIPTOR_TYPE, PYFUNCTION_TYPE, STR_TYPE } from "./object";
import { functionQualname } from "./pyfunc";
import { method } from "./methods";
import { Fn } from "./natives";
import { rt_cell_set } from "./iterobjects";
import { rt_truthy } from "./ops";
import { rt_getattr, isClassMethodDescriptor } from "./attr";
import { listNew, listAppendSteal, listLength, listItem } from "./list";
import { listFromIterable } from "./builtins";
import { newIter, rt_get_iter, rt_iter_next } from "./iter";
import { REVERSED_TYPE } from "./object";
import { EXHAUSTED } from "./value";
import { boxBool, isBool, TRUE, unboxSmall } from "./value";
import { isInt, isSmallOrBool, intHash, intToI64Full, i64Result } from "./int";
import { ValueError, OverflowError } from "./exceptions";
import { isUserObject, BOOL_TYPE, typeFlags, addTypeFlags, TYPE_EXTRAS, TYPE_BOXED, TYPE_CNAME } from "./object";
import { strData, strByteLength, strFromUtf8 } from "./str";
import { MEMORYVIEW_TYPE } from "./memoryview";
import {
  isSubclassableBuiltin, solidOfBases, solidOf, layoutKind, layoutFlags, isTypeObject, builtinNewInstance, initTakesArgs,
  builtinInit, attrRecord, boxedRelease, BOXED_SIZE, hasBase, baseValue,
} from "./subclass";

// Pair objects (bound method, staticmethod, classmethod, super): two owned Values.
const P_A: usize = 8;
const P_B: usize = 16;
const P_SIZE: usize = 24;
// property: getter, setter, deleter (owned, None when absent).
const PROP_SIZE: usize = 40; // fget, fset, fdel, doc (None: the getter's)
// Instance: the attribute dict (owned), None until the first attribute is set.
const INST_DICT: usize = 8;
// The values of attributes named in __slots__ (a dict, or None): kept apart from __dict__.
const INST_SLOTS: usize = 16;
const INST_SIZE: usize = 24;

// Type objects are object.ts's TYPE_SIZE bytes, restated: static data cannot be sized by another module's constant.
const TS: i32 = 40;
export const METHOD_TYPE = memory.data(TS, 8);
export const STATICMETHOD_TYPE = memory.data(TS, 8);
export const CLASSMETHOD_TYPE = memory.data(TS, 8);
export const PROPERTY_TYPE = memory.data(TS, 8);
export const SUPER_TYPE = memory.data(TS, 8);
/** iter() of an object with __getitem__ but no __iter__: indexes 0, 1, ... until IndexError. */
export const SEQ_ITER_TYPE = memory.data(TS, 8);

// Names the runtime looks up on classes, made once (immortal strs).
let S_INIT: usize = 0;
let S_NEW: usize = 0;
let S_CLASSCELL: usize = 0;
let S_QUALNAME: usize = 0;
let S_MODULE: usize = 0;
let S_EQ: usize = 0;
export let S_HASH: usize = 0;
let S_GETATTR: usize = 0;
let S_SETATTR: usize = 0;
let S_DICT: usize = 0;
let S_DOC: usize = 0;
let S_GETATTRIBUTE: usize = 0;
let S_DELATTR: usize = 0;
let S_SLOTS: usize = 0;
export let S_REVERSED: usize = 0;
let S_GET: usize = 0;
let S_SET: usize = 0;
let S_DELETE: usize = 0;
let S_SET_NAME: usize = 0;
let S_DEL: usize = 0;
let S_INIT_SUBCLASS: usize = 0;
let S_CLASS_GETITEM: usize = 0;
let S_PREPARE: usize = 0;
export let S_MISSING: usize = 0;
let S_MOLT_TYPE_NAME: usize = 0;
export let S_INSTANCECHECK: usize = 0;
export let S_SUBCLASSCHECK: usize = 0;

/** Every class statement's class, in creation order (for __subclasses__). */
const CLASSES_MAX = 4096;
const classes: usize = memory.data(CLASSES_MAX * 4, 4);
let classCount: i32 = 0;
// Special methods the operations look for (ops.ts, iter.ts, strfmt.ts).
export let S_CALL: usize = 0;
export let S_REPR: usize = 0;
export let S_STR: usize = 0;
export let S_LEN: usize = 0;
export let S_BOOL: usize = 0;
export let S_ITER: usize = 0;
export let S_NEXT: usize = 0;
export let S_CONTAINS: usize = 0;
export let S_GETITEM: usize = 0;
export let S_SETITEM: usize = 0;
export let S_DELITEM: usize = 0;
export let S_FORMAT: usize = 0;
export let S_NEG: usize = 0;
export let S_POS: usize = 0;
export let S_ABS: usize = 0;
export let S_INVERT: usize = 0;
export let S_ROUND: usize = 0;
export let S_INT: usize = 0;
export let S_FLOAT: usize = 0;
export let S_INDEX: usize = 0;
export let S_ENTER: usize = 0;
export let S_EXIT: usize = 0;
export let S_POW: usize = 0;

/** Binary operators, by the index ops.ts passes: name, reflected name, in-place name. */
export const BIN_ADD = 0, BIN_SUB = 1, BIN_MUL = 2, BIN_TRUEDIV = 3, BIN_FLOORDIV = 4, BIN_MOD = 5, BIN_POW = 6,
  BIN_LSHIFT = 7, BIN_RSHIFT = 8, BIN_AND = 9, BIN_OR = 10, BIN_XOR = 11, BIN_MATMUL = 12, BIN_DIVMOD = 13;
const BIN_COUNT = 14;
const binNames: usize = memory.data(BIN_COUNT * 12, 4);
/** Comparisons: the order of ops.ts's LT, LE, GT, GE, then EQ and NE. */
export const CMP_LT = 0, CMP_LE = 1, CMP_GT = 2, CMP_GE = 3, CMP_EQ = 4, CMP_NE = 5;
const cmpNames: usize = memory.data(6 * 4, 4);

function special(name: string): usize { return strFromLiteral(name, true); }

function initBinary(op: i32, name: string, r: string, i: string): void {
  store<u32>(binNames + <usize>(op * 12), <u32>special(name));
  store<u32>(binNames + <usize>(op * 12 + 4), <u32>special(r));
  store<u32>(binNames + <usize>(op * 12 + 8), <u32>(i.length > 0 ? special(i) : 0));
}

export function initClasses(): void {
  initType(METHOD_TYPE, "method", OBJECT_TYPE, Kind.METHOD);
  initType(STATICMETHOD_TYPE, "staticmethod", OBJECT_TYPE, Kind.STATICMETHOD);
  initType(CLASSMETHOD_TYPE, "classmethod", OBJECT_TYPE, Kind.CLASSMETHOD);
  initType(PROPERTY_TYPE, "property", OBJECT_TYPE, Kind.PROPERTY);
  initType(SUPER_TYPE, "super", OBJECT_TYPE, Kind.SUPER);
  initType(SEQ_ITER_TYPE, "iterator", OBJECT_TYPE, Kind.ITER);
  S_INIT = strFromLiteral("__init__", true);
  S_NEW = strFromLiteral("__new__", true);
  S_CLASSCELL = strFromLiteral("__classcell__", true);
  S_QUALNAME = strFromLiteral("__qualname__", true);
  S_MODULE = strFromLiteral("__module__", true);
  S_EQ = strFromLiteral("__eq__", true);
  S_HASH = strFromLiteral("__hash__", true);
  S_GETATTR = strFromLiteral("__getattr__", true);
  S_SETATTR = strFromLiteral("__setattr__", true);
  S_DICT = strFromLiteral("__dict__", true);
  S_DOC = strFromLiteral("__doc__", true);
  S_GETATTRIBUTE = special("__getattribute__");
  S_DELATTR = special("__delattr__");
  S_SLOTS = special("__slots__");
  S_REVERSED = special("__reversed__");
  S_GET = special("__get__");
  S_SET = special("__set__");
  S_DELETE = special("__delete__");
  S_SET_NAME = special("__set_name__");
  S_DEL = special("__del__");
  S_INIT_SUBCLASS = special("__init_subclass__");
  S_PREPARE = special("__prepare__");
  S_MISSING = special("__missing__");
  S_MOLT_TYPE_NAME = special("__molt_type_name__");
  S_INSTANCECHECK = special("__instancecheck__");
  S_SUBCLASSCHECK = special("__subclasscheck__");
  S_CLASS_GETITEM = special("__class_getitem__");
  initAliases();
  S_CALL = special("__call__");
  S_REPR = special("__repr__");
  S_STR = special("__str__");
  S_LEN = special("__len__");
  S_BOOL = special("__bool__");
  S_ITER = special("__iter__");
  S_NEXT = special("__next__");
  S_CONTAINS = special("__contains__");
  S_GETITEM = special("__getitem__");
  S_SETITEM = special("__setitem__");
  S_DELITEM = special("__delitem__");
  S_FORMAT = special("__format__");
  S_NEG = special("__neg__");
  S_POS = special("__pos__");
  S_ABS = special("__abs__");
  S_INVERT = special("__invert__");
  S_ROUND = special("__round__");
  S_INT = special("__int__");
  S_FLOAT = special("__float__");
  S_INDEX = special("__index__");
  S_ENTER = special("__enter__");
  S_EXIT = special("__exit__");
  initBinary(BIN_ADD, "__add__", "__radd__", "__iadd__");
  initBinary(BIN_SUB, "__sub__", "__rsub__", "__isub__");
  initBinary(BIN_MUL, "__mul__", "__rmul__", "__imul__");
  initBinary(BIN_TRUEDIV, "__truediv__", "__rtruediv__", "__itruediv__");
  initBinary(BIN_FLOORDIV, "__floordiv__", "__rfloordiv__", "__ifloordiv__");
  initBinary(BIN_MOD, "__mod__", "__rmod__", "__imod__");
  initBinary(BIN_POW, "__pow__", "__rpow__", "__ipow__");
  S_POW = <usize>load<u32>(binNames + <usize>(BIN_POW * 12));
  initBinary(BIN_LSHIFT, "__lshift__", "__rlshift__", "__ilshift__");
  initBinary(BIN_RSHIFT, "__rshift__", "__rrshift__", "__irshift__");
  initBinary(BIN_AND, "__and__", "__rand__", "__iand__");
  initBinary(BIN_OR, "__or__", "__ror__", "__ior__");
  initBinary(BIN_XOR, "__xor__", "__rxor__", "__ixor__");
  initBinary(BIN_MATMUL, "__matmul__", "__rmatmul__", "__imatmul__");
  initBinary(BIN_DIVMOD, "__divmod__", "__rdivmod__", "");
  store<u32>(cmpNames, <u32>special("__lt__"));
  store<u32>(cmpNames + 4, <u32>special("__le__"));
  store<u32>(cmpNames + 8, <u32>special("__gt__"));
  store<u32>(cmpNames + 12, <u32>special("__ge__"));
  store<u32>(cmpNames + 16, <u32>S_EQ);
  store<u32>(cmpNames + 20, <u32>special("__ne__"));
  method(OBJECT_TYPE, "__init__", Fn.OBJECT_INIT);
  method(OBJECT_TYPE, "__new__", Fn.OBJECT_NEW);
  method(OBJECT_TYPE, "__setattr__", Fn.OBJECT_SETATTR);
  method(OBJECT_TYPE, "__getattribute__", Fn.OBJECT_GETATTRIBUTE);
  method(OBJECT_TYPE, "__delattr__", Fn.OBJECT_DELATTR);
  method(OBJECT_TYPE, "__init_subclass__", Fn.OBJECT_INIT_SUBCLASS);
  // The builtin bases a class statement may derive from: their __new__ (and __init__ for the mutable ones).
  method(INT_TYPE, "__new__", Fn.BUILTIN_NEW);
  method(FLOAT_TYPE, "__new__", Fn.BUILTIN_NEW);
  method(STR_TYPE, "__new__", Fn.BUILTIN_NEW);
  method(TUPLE_TYPE, "__new__", Fn.BUILTIN_NEW);
  method(FROZENSET_TYPE, "__new__", Fn.BUILTIN_NEW);
  method(LIST_TYPE, "__new__", Fn.BUILTIN_NEW);
  method(DICT_TYPE, "__new__", Fn.BUILTIN_NEW);
  method(SET_TYPE, "__new__", Fn.BUILTIN_NEW);
  method(TYPE_TYPE, "__new__", Fn.BUILTIN_NEW);
  method(LIST_TYPE, "__init__", Fn.BUILTIN_INIT);
  method(DICT_TYPE, "__init__", Fn.BUILTIN_INIT);
  method(SET_TYPE, "__init__", Fn.BUILTIN_INIT);
  method(TYPE_TYPE, "__init__", Fn.TYPE_INIT);
  method(TYPE_TYPE, "__call__", Fn.TYPE_CALL);
  method(TYPE_TYPE, "mro", Fn.TYPE_MRO);
  method(SLICE_TYPE, "indices", Fn.SLICE_INDICES);
  method(TYPE_TYPE, "__subclasses__", Fn.TYPE_SUBCLASSES);
  method(BaseException, "__init__", Fn.EXC_INIT);
  method(PROPERTY_TYPE, "getter", Fn.PROPERTY_GETTER);
  method(PROPERTY_TYPE, "setter", Fn.PROPERTY_SETTER);
  method(PROPERTY_TYPE, "deleter", Fn.PROPERTY_DELETER);
}

// ---- small objects ---------------------------------------------------------------------------

function pairNew(type: usize, a: Value, b: Value): Value {
  const p = newObject(type, P_SIZE);
  if (p == 0) return ERR;
  incref(a);
  incref(b);
  store<u64>(p, a, P_A);
  store<u64>(p, b, P_B);
  return boxPtr(p);
}

// @ts-ignore: decorator
@inline export function pairFirst(p: usize): Value { return load<u64>(p, P_A); }
// @ts-ignore: decorator
@inline export function pairSecond(p: usize): Value { return load<u64>(p, P_B); }

/** `func` bound to `self` (both borrowed): what `obj.method` gives for a def in the class. */
export function methodNew(func: Value, self: Value): Value { return pairNew(METHOD_TYPE, func, self); }

export function instanceDealloc(p: usize): void {
  if (!finalize(p)) return;
  decrefChild(load<u64>(p, INST_DICT));
  decrefChild(load<u64>(p, INST_SLOTS));
  if ((typeFlags(typeAt(p)) & TYPE_BOXED) != 0) {
    boxedRelease(p);
    freeObject(p, BOXED_SIZE);
  } else freeObject(p, INST_SIZE);
}

/**
 * Runs __del__ on an instance about to be freed. The object is alive again while it runs; false
 * if __del__ stored a new reference to it somewhere (then it is not freed). An exception from
 * __del__ is reported as CPython does ("Exception ignored in: ...") and dropped.
 */
export function finalize(p: usize): bool {
  const t = typeAt(p);
  const f = userLookup(t, S_DEL);
  if (f == 0) return true;
  decref(f);
  store<i32>(p, 1);
  const saved = rt_err_fetch();
  const r = callSpecial(boxPtr(p), S_DEL, 0, 0);
  if (r == ERR) {
    const m = userLookup(t, S_DEL);
    reportIgnored(m);
    decref(m);
  }
  else decref(r);
  if (saved != NONE) rt_err_restore(saved);
  const rc = load<i32>(p) - 1;
  store<i32>(p, rc);
  return rc == 0;
}

export function propertyDealloc(p: usize): void {
  decrefChild(load<u64>(p, 8));
  decrefChild(load<u64>(p, 16));
  decrefChild(load<u64>(p, 24));
  decrefChild(load<u64>(p, 32));
  freeObject(p, PROP_SIZE);
}

function propertyNew(fget: Value, fset: Value, fdel: Value, doc: Value): Value {
  const p = newObject(PROPERTY_TYPE, PROP_SIZE);
  if (p == 0) return ERR;
  incref(fget);
  incref(fset);
  incref(fdel);
  incref(doc);
  store<u64>(p, fget, 8);
  store<u64>(p, fset, 16);
  store<u64>(p, fdel, 24);
  store<u64>(p, doc, 32);
  return boxPtr(p);
}

/** property.__doc__: the doc given, else the getter's docstring. */
export function propertyDoc(p: usize): Value {
  const doc = load<u64>(p, 32);
  const fget = load<u64>(p, 8);
  if (!isNone(doc) || isNone(fget)) {
    incref(doc);
    return doc;
  }
  const key = strFromLiteral("__doc__", false);
  const r = rt_getattr(fget, boxPtr(key));
  decref(boxPtr(key));
  return r;
}

/** A new instance of class t (no __init__ run yet). */
function instanceNew(t: usize, args: usize): Value {
  if (typeKind(t) == Kind.EXCEPTION) {
    incref(boxPtr(args));
    const e = exceptionNew(t, args);
    return e == 0 ? ERR : boxPtr(e);
  }
  const p = newObject(t, INST_SIZE);
  if (p == 0) return ERR;
  store<u64>(p, NONE, INST_DICT);
  store<u64>(p, NONE, INST_SLOTS);
  return boxPtr(p);
}

/** Address of v's attribute-dict slot (a Value: dict or None), or 0 if v has none. */
function dictSlot(v: Value): usize {
  if (!isPtr(v)) return 0;
  const p = unboxPtr(v);
  const t = typeAt(p);
  const k = typeKind(t);
  if (k == Kind.INSTANCE) return p + INST_DICT;
  if (k == Kind.EXCEPTION) return p + EXC_DICT;
  if ((typeFlags(t) & TYPE_EXTRAS) != 0) {
    const r = attrRecord(p, true);
    return r == 0 ? 0 : r + INST_DICT;
  }
  return 0;
}

/**
 * The block with v's INST_DICT and INST_SLOTS fields: the instance itself, or the record of an
 * instance with a builtin's layout (0 when it has none yet and `create` is false).
 */
function attrBlock(v: Value, create: bool): usize {
  const p = unboxPtr(v);
  if ((typeFlags(typeAt(p)) & TYPE_EXTRAS) != 0) return attrRecord(p, create);
  return p;
}

// ---- building a class ------------------------------------------------------------------------

/** The MRO of a type as a sequence: a heap type's tuple, or a builtin type's base chain. */
function mroLength(t: usize): u32 {
  const m = typeMro(t);
  if (m != 0) return tupleLength(m);
  let n: u32 = 0;
  for (let u = t; u != 0; u = typeBase(u)) n++;
  return n;
}

function mroAt(t: usize, i: u32): usize {
  const m = typeMro(t);
  if (m != 0) return unboxPtr(tupleItem(m, i));
  let u = t;
  for (; i > 0; i--) u = typeBase(u);
  return u;
}

/** The MRO as a new tuple (a builtin type's base chain, or a heap type's own). */
export function mroTuple(t: usize): Value {
  const m = typeMro(t);
  if (m != 0) {
    incref(boxPtr(m));
    return boxPtr(m);
  }
  const n = mroLength(t);
  const r = tupleNew(n);
  if (r == 0) return ERR;
  for (let i: u32 = 0; i < n; i++) tupleSetItem(r, i, boxPtr(mroAt(t, i)));
  return boxPtr(r);
}

// The lists C3 merges: list i < nb is base i's MRO; list nb is the bases themselves.
function len(i: u32, bases: usize, nb: u32): u32 {
  return i < nb ? mroLength(unboxPtr(tupleItem(bases, i))) : nb;
}
function at(i: u32, j: u32, bases: usize, nb: u32): usize {
  return i < nb ? mroAt(unboxPtr(tupleItem(bases, i)), j) : unboxPtr(tupleItem(bases, j));
}

/**
 * C3 linearization: the class, then a merge of its bases' MROs and the list of bases, each
 * step taking the first head that appears in no other list's tail. 0 with TypeError when
 * there is no consistent order. Sequences are (type, list index) cursors over the inputs.
 */
function c3(cls: usize, bases: usize): usize {
  const nb = tupleLength(bases);
  const lists = nb + 1;
  const cursor = alloc(<usize>lists << 2);
  let total: u32 = 1;
  for (let i: u32 = 0; i < nb; i++) total += mroLength(unboxPtr(tupleItem(bases, i)));
  const out = alloc(<usize>(total + 1) << 2);
  let n: u32 = 0;
  store<u32>(out, <u32>cls);
  n = 1;
  for (let i: u32 = 0; i < lists; i++) store<u32>(cursor + (<usize>i << 2), 0);
  let ok = true;
  for (;;) {
    let candidate: usize = 0;
    let anyLeft = false;
    for (let i: u32 = 0; i < lists && candidate == 0; i++) {
      const c = load<u32>(cursor + (<usize>i << 2));
      if (c >= len(i, bases, nb)) continue;
      anyLeft = true;
      const head = at(i, c, bases, nb);
      // Rejected if it appears in the tail of any list.
      let inTail = false;
      for (let j: u32 = 0; j < lists && !inTail; j++) {
        const cj = load<u32>(cursor + (<usize>j << 2));
        const lj = len(j, bases, nb);
        for (let k = cj + 1; k < lj; k++) {
          if (at(j, k, bases, nb) == head) { inTail = true; break; }
        }
      }
      if (!inTail) candidate = head;
    }
    if (!anyLeft) break;
    if (candidate == 0) { ok = false; break; }
    store<u32>(out + (<usize>n << 2), <u32>candidate);
    n++;
    for (let i: u32 = 0; i < lists; i++) {
      const c = load<u32>(cursor + (<usize>i << 2));
      if (c < len(i, bases, nb) && at(i, c, bases, nb) == candidate) store<u32>(cursor + (<usize>i << 2), c + 1);
    }
  }
  let result: usize = 0;
  if (ok) {
    result = tupleNew(n);
    if (result != 0) for (let i: u32 = 0; i < n; i++) tupleSetItem(result, i, boxPtr(<usize>load<u32>(out + (<usize>i << 2))));
  } else {
    // CPython names the bases whose heads could not be ordered: the remaining heads, in order.
    let names = strFromLiteral("", false);
    let first = true;
    for (let i: u32 = 0; i < nb; i++) {
      const c = load<u32>(cursor + (<usize>i << 2));
      if (c >= len(i, bases, nb)) continue;
      const head = at(i, c, bases, nb);
      let seen = false;
      for (let j: u32 = 0; j < i; j++) {
        const cj = load<u32>(cursor + (<usize>j << 2));
        if (cj < len(j, bases, nb) && at(j, cj, bases, nb) == head) seen = true;
      }
      if (seen) continue;
      const next = first ? fmtMsg("%s", typeName(head)) : fmtMsg("%s, %s", names, typeName(head));
      decref(boxPtr(names));
      names = next;
      first = false;
    }
    raiseWithStr(TypeError, fmtMsg("Cannot create a consistent method resolution\norder (MRO) for bases %s", names));
    decref(boxPtr(names));
  }
  free(cursor, <usize>lists << 2);
  free(out, <usize>(total + 1) << 2);
  return result;
}

/**
 * Why a class statement cannot derive from the builtin t (a str for the TypeError), or 0 if
 * it can: CPython's own refusal, or Molt's for the builtins it cannot derive from yet.
 */
function baseRefusal(t: usize): usize {
  if (isHeapType(t) || isSubclassableBuiltin(t)) return 0;
  const k = typeKind(t);
  if (t == BOOL_TYPE || k == Kind.RANGE || k == Kind.SLICE || k == Kind.NONE || k == Kind.FUNCTION || k == Kind.PYFUNCTION
    || k == Kind.GENERATOR || k == Kind.CELL || k == Kind.CODE || t == MEMORYVIEW_TYPE) {
    return fmtMsg("type '%s' is not an acceptable base type", typeName(t));
  }
  return fmtMsg("Molt does not support subclassing the builtin type '%s' yet", typeName(t));
}

/**
 * `__build_class__(body, name, *bases, metaclass=..., **kwds)`: the metaclass (given, or the
 * most derived of the bases' types), its __prepare__ namespace filled by running the body (a
 * function taking the namespace), then metaclass(name, bases, namespace, **kwds).
 */
export function buildClass(argv: usize, argc: u32, kw: Value): Value {
  const nkw = kwCount(kw);
  const npos = argc - nkw;
  if (npos < 2) return raise(TypeError, "__build_class__: not enough arguments");
  const body = argAt(argv, 0);
  const name = argAt(argv, 1);
  const nb = npos - 2;
  // The keywords other than metaclass= go on to __prepare__, the metaclass and __init_subclass__.
  let meta: Value = UNBOUND;
  const rest = rtAllocArgv(npos + nkw);
  if (rest == 0) return ERR;
  let nrest: u32 = 0;
  for (let i: u32 = 0; i < nkw; i++) if (strIs(unboxPtr(tupleItem(unboxPtr(kw), i)), "metaclass")) meta = argAt(argv, npos + i);
  const restNames = tupleNew(meta == UNBOUND ? nkw : nkw - 1);
  if (restNames == 0) { rtFreeArgv(rest, npos + nkw); return ERR; }
  for (let i: u32 = 0; i < nkw; i++) {
    const k = tupleItem(unboxPtr(kw), i);
    if (strIs(unboxPtr(k), "metaclass")) continue;
    incref(k);
    tupleSetItem(restNames, nrest, k);
    store<u64>(rest + (<usize>(3 + nrest) << 3), argAt(argv, npos + i));
    nrest++;
  }
  const restKw = nrest == 0 ? NONE : boxPtr(restNames);
  const r = buildWith(body, name, argv + 16, nb, meta, rest, nrest, restKw);
  decref(boxPtr(restNames));
  rtFreeArgv(rest, npos + nkw);
  return r;
}

/** buildClass once the keywords are sorted: `rest` has room for (name, bases, ns) before the nkw keyword values. */
function buildWith(body: Value, name: Value, baseArgv: usize, nb: u32, given: Value, rest: usize, nkw: u32, kw: Value): Value {
  const bases = tupleNew(nb);
  if (bases == 0) return ERR;
  for (let i: u32 = 0; i < nb; i++) {
    const b = argAt(baseArgv, i);
    incref(b);
    tupleSetItem(bases, i, b);
  }
  const basesv = boxPtr(bases);
  let meta = given;
  if (meta == UNBOUND) meta = nb == 0 ? boxPtr(TYPE_TYPE) : boxPtr(typeOf(tupleItem(bases, 0)));
  if (isTypeObject(meta)) {
    const winner = mostDerivedMeta(unboxPtr(meta), bases);
    if (winner == 0) { decref(basesv); return ERR; }
    meta = boxPtr(winner);
  }
  // The namespace: metaclass.__prepare__(name, bases, **kwds), or a new dict.
  let ns: Value;
  const prep = isTypeObject(meta) ? userLookup(unboxPtr(meta), S_PREPARE) : 0;
  if (prep != 0) {
    const f = bind(prep, UNBOUND, unboxPtr(meta));
    if (f == ERR) { decref(basesv); return ERR; }
    store<u64>(rest + 8, name);
    store<u64>(rest + 16, basesv);
    ns = rt_call(f, rest + 8, 2 + nkw, kw);
    decref(f);
    if (ns == ERR) { decref(basesv); return ERR; }
    if (!isPtr(ns) || typeKind(typeOf(ns)) != Kind.DICT) {
      const msg = fmtMsg("%s.__prepare__() must return a mapping, not %s", typeName(unboxPtr(meta)), typeName(typeOf(ns)));
      decref(ns);
      decref(basesv);
      return raiseWithStr(TypeError, msg);
    }
  } else {
    const d = dictNew();
    if (d == 0) { decref(basesv); return ERR; }
    ns = boxPtr(d);
  }
  const argv1 = rtAllocArgv(1);
  if (argv1 == 0) { decref(ns); decref(basesv); return ERR; }
  store<u64>(argv1, ns);
  const r = rt_call(body, argv1, 1, NONE);
  rtFreeArgv(argv1, 1);
  if (r == ERR) { decref(ns); decref(basesv); return ERR; }
  decref(r);
  let cls: Value;
  if (meta == boxPtr(TYPE_TYPE)) {
    // type itself: the namespace (a new dict) becomes the class dict as it is.
    cls = makeClass(name, bases, unboxPtr(ns), TYPE_TYPE, rest + 24, nkw, kw);
  } else {
    store<u64>(rest, name);
    store<u64>(rest + 8, basesv);
    store<u64>(rest + 16, ns);
    cls = rt_call(meta, rest, 3 + nkw, kw);
    decref(ns);
  }
  decref(basesv);
  return cls;
}

/**
 * The metaclass of a class with these bases, given `meta`: the most derived of meta and the
 * bases' types; 0 with CPython's TypeError when none derives from all the others.
 */
function mostDerivedMeta(meta: usize, bases: usize): usize {
  let winner = meta;
  for (let i: u32 = 0; i < tupleLength(bases); i++) {
    const bt = typeOf(tupleItem(bases, i));
    if (isSubtype(winner, bt)) continue;
    if (isSubtype(bt, winner)) { winner = bt; continue; }
    raise(TypeError, "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases");
    return 0;
  }
  return winner;
}

/**
 * `type.__new__(meta, name, bases, ns, **kwds)` and `meta(name, bases, ns)` without a __new__
 * of its own: a class of metaclass `meta` from a copy of the namespace. argv holds the three
 * arguments, then the keyword values.
 */
export function typeNewFromArgs(meta: usize, argv: usize, argc: u32, kw: Value): Value {
  const nkw = kwCount(kw);
  const npos = argc - nkw;
  if (npos != 3) {
    if (npos == 1 && meta == TYPE_TYPE && nkw == 0) return boxPtr(typeOf(argAt(argv, 0)));
    if (npos == 1 && meta == TYPE_TYPE) return raise(TypeError, "type() takes no keyword arguments");
    if (meta == TYPE_TYPE) return raise(TypeError, "type() takes 1 or 3 arguments");
    return raiseWithStr(TypeError, fmtMsg("type.__new__() takes exactly 3 arguments (%d given)", npos));
  }
  const name = argAt(argv, 0), bases = argAt(argv, 1), dict = argAt(argv, 2);
  if (!isObjectOf(name, STR_TYPE)) return raiseWithStr(TypeError, fmtMsg("type.__new__() argument 1 must be str, not %s", typeName(typeOf(name))));
  if (!isPtr(bases) || typeKind(typeOf(bases)) != Kind.TUPLE) return raiseWithStr(TypeError, fmtMsg("type.__new__() argument 2 must be tuple, not %s", typeName(typeOf(bases))));
  if (!isPtr(dict) || typeKind(typeOf(dict)) != Kind.DICT) return raiseWithStr(TypeError, fmtMsg("type.__new__() argument 3 must be dict, not %s", typeName(typeOf(dict))));
  const ns = dictNew();
  if (ns == 0) return ERR;
  if (dictContains(unboxPtr(dict), boxPtr(S_MODULE)) != 1 && dictSetItem(ns, boxPtr(S_MODULE), boxPtr(strFromLiteral("__main__", true))) < 0) {
    decref(boxPtr(ns));
    return ERR;
  }
  if (dictMergeFrom(ns, dict) < 0) {
    decref(boxPtr(ns));
    return ERR;
  }
  return makeClass(name, unboxPtr(bases), ns, meta, argv + 24, nkw, kw);
}

/**
 * A class named `name` of metaclass `meta` with the given bases (a tuple, borrowed; empty for
 * object), taking `ns` (owned) as its dict. The nkw keyword values at kwArgv (names in kw) go
 * to __init_subclass__.
 */
function makeClass(name: Value, givenBases: usize, ns: usize, meta: usize, kwArgv: usize, nkw: u32, kw: Value): Value {
  const nsv = boxPtr(ns);
  const nb = tupleLength(givenBases);
  const bases = tupleNew(nb == 0 ? 1 : nb);
  if (bases == 0) { decref(nsv); return ERR; }
  store<i32>(bases, IMMORTAL);
  if (nb == 0) tupleSetItem(bases, 0, boxPtr(OBJECT_TYPE));
  let isException = false;
  for (let i: u32 = 0; i < nb; i++) {
    const b = tupleItem(givenBases, i);
    if (!isTypeObject(b)) {
      decref(nsv);
      return raiseWithStr(TypeError, fmtMsg("bases must be types, not '%s'", typeName(typeOf(b))));
    }
    const bt = unboxPtr(b);
    for (let j: u32 = 0; j < i; j++) {
      if (tupleItem(givenBases, j) == b) { decref(nsv); return raiseWithStr(TypeError, fmtMsg("duplicate base class %s", typeName(bt))); }
    }
    const why = baseRefusal(bt);
    if (why != 0) { decref(nsv); return raiseWithStr(TypeError, why); }
    if (typeKind(bt) == Kind.EXCEPTION) isException = true;
    tupleSetItem(bases, i, b);
  }
  const solidResult = solidOfBases(bases + TUPLE_ITEMS, tupleLength(bases));
  if (solidResult < 0) { decref(nsv); return ERR; }
  const solid = <usize>solidResult;

  const t = alloc(TYPE_SIZE);
  if (t == 0) { decref(nsv); return raise(TypeError, "out of memory"); }
  // __base__: the first base with the layout the instances take.
  let first = unboxPtr(tupleItem(bases, 0));
  if (solid != 0) {
    for (let i: u32 = 0; i < tupleLength(bases); i++) {
      const b = unboxPtr(tupleItem(bases, i));
      if (solidOf(b) == solid) { first = b; break; }
    }
  }
  store<i32>(t, IMMORTAL);
  store<u32>(t, <u32>meta, 4);
  incref(name);
  store<u32>(t, <u32>unboxPtr(name), 8);
  store<u32>(t, <u32>first, 12);
  store<u32>(t, layoutKind(solid, isException), 16);
  store<i32>(ns, IMMORTAL);
  setTypeDict(t, ns);
  const mro = c3(t, bases);
  if (mro == 0) return ERR;
  store<i32>(mro, IMMORTAL);
  // __qualname__ comes out of the namespace (CPython keeps it off the class dict).
  let qualname = unboxPtr(name);
  const q = dictGetItemOrNull(ns, boxPtr(S_QUALNAME));
  if (q != 0 && q != ERR) {
    qualname = unboxPtr(q);
    dictDelItem(ns, boxPtr(S_QUALNAME));
  } else if (q == ERR) rt_err_clear();
  setHeapTypeFields(t, mro, bases, qualname);
  addTypeFlags(t, layoutFlags(solid));
  // `__molt_type_name__ = "collections.deque"` in a standard-library class: the name errors show.
  const cname = dictGetItemOrNull(ns, boxPtr(S_MOLT_TYPE_NAME));
  if (cname != 0 && cname != ERR && isObjectOf(cname, STR_TYPE)) {
    store<i32>(unboxPtr(cname), IMMORTAL);
    store<u32>(t, <u32>unboxPtr(cname), 8);
    addTypeFlags(t, TYPE_CNAME);
    dictDelItem(ns, boxPtr(S_MOLT_TYPE_NAME));
  } else if (cname == ERR) rt_err_clear();
  for (let i: u32 = 0; i < tupleLength(mro); i++) {
    const c = unboxPtr(tupleItem(mro, i));
    if (isHeapType(c) && dictContains(typeDict(c), boxPtr(S_SLOTS)) == 1) markSlotted(t);
  }
  // __new__, __init_subclass__ and __class_getitem__ defined in the body are implicitly static or class methods.
  if (!wrapImplicit(ns, S_NEW, STATICMETHOD_TYPE) || !wrapImplicit(ns, S_INIT_SUBCLASS, CLASSMETHOD_TYPE)
    || !wrapImplicit(ns, S_CLASS_GETITEM, CLASSMETHOD_TYPE)) return ERR;
  // Defining __eq__ without __hash__ makes instances unhashable.
  if (dictContains(ns, boxPtr(S_EQ)) == 1 && dictContains(ns, boxPtr(S_HASH)) == 0) {
    if (dictSetItem(ns, boxPtr(S_HASH), NONE) < 0) return ERR;
  }
  if (classCount < CLASSES_MAX) store<u32>(classes + (<usize>(classCount++) << 2), <u32>t);
  // super() and __class__ in methods read the cell the body left in the namespace.
  const cell = dictGetItemOrNull(ns, boxPtr(S_CLASSCELL));
  if (cell != 0 && cell != ERR) {
    rt_cell_set(cell, boxPtr(t));
    decref(cell);
    dictDelItem(ns, boxPtr(S_CLASSCELL));
  } else if (cell == ERR) rt_err_clear();
  // Descriptors learn their names: value.__set_name__(cls, name), in definition order.
  for (let i: u32 = 0; i < dictEntryCount(ns); i++) {
    const k = dictEntryKey(ns, i);
    if (isDeletedKey(k)) continue;
    const v = dictEntryValue(ns, i);
    if (!isUserObject(v) || !hasSpecial(v, S_SET_NAME)) continue;
    const argv = rtAllocArgv(2);
    if (argv == 0) return ERR;
    store<u64>(argv, boxPtr(t));
    store<u64>(argv + 8, k);
    const r = callSpecial(v, S_SET_NAME, argv, 2);
    rtFreeArgv(argv, 2);
    if (r == ERR) return ERR;
    decref(r);
  }
  // The nearest base's __init_subclass__ hears about the new class, with the class keywords.
  for (let i: u32 = 1; i < tupleLength(mro); i++) {
    const c = unboxPtr(tupleItem(mro, i));
    const d = typeDict(c);
    if (d == 0) continue;
    const f = dictGetItemOrNull(d, boxPtr(S_INIT_SUBCLASS));
    if (f == 0 || f == ERR) { if (f == ERR) rt_err_clear(); continue; }
    if (isObjectOf(f, METHOD_DESCRIPTOR_TYPE)) {
      decref(f);
      const r = objectInitSubclass(boxPtr(t), 0, kw);
      if (r == ERR) return ERR;
      break;
    }
    const fn = isObjectOf(f, CLASSMETHOD_TYPE) ? pairFirst(unboxPtr(f)) : f;
    const r = callWith(fn, boxPtr(t), kwArgv, nkw, kw);
    decref(f);
    if (r == ERR) return ERR;
    decref(r);
    break;
  }
  return boxPtr(t);
}

/** Wraps a plain function the namespace binds to `name` in a staticmethod or classmethod. */
function wrapImplicit(ns: usize, name: usize, wrapper: usize): bool {
  const f = dictGetItemOrNull(ns, boxPtr(name));
  if (f == ERR) { rt_err_clear(); return true; }
  if (f == 0) return true;
  let ok = true;
  if (isObjectOf(f, PYFUNCTION_TYPE)) {
    const w = pairNew(wrapper, f, NONE);
    ok = w != ERR && dictSetItem(ns, boxPtr(name), w) >= 0;
    if (w != ERR) decref(w);
  }
  decref(f);
  return ok;
}
/** A class body's name in its namespace: a new reference, or UNBOUND (never raises). */
export function rt_ns_get(ns: Value, name: Value): Value {
  const v = dictGetItemOrNull(unboxPtr(ns), name);
  if (v == ERR) {
    rt_err_clear();
    return UNBOUND;
  }
  return v == 0 ? UNBOUND : v;
}

// ---- context managers -------------------------------------------------------------------------

/** The bound __exit__ of a context manager (looked up on its type, as CPython does). */
export function rt_with_exit(mgr: Value): Value {
  const t = typeOf(mgr);
  const enter = mroLookup(t, S_ENTER);
  if (enter == 0) {
    return raiseWithStr(TypeError, fmtMsg("'%s' object does not support the context manager protocol", typeName(t)));
  }
  decref(enter);
  const exit = mroLookup(t, S_EXIT);
  if (exit == 0) {
    return raiseWithStr(TypeError, fmtMsg("'%s' object does not support the context manager protocol (missed __exit__ method)", typeName(t)));
  }
  return bind(exit, mgr, t);
}

export function rt_with_enter(mgr: Value): Value {
  const t = typeOf(mgr);
  const enter = mroLookup(t, S_ENTER);
  if (enter == 0) return raiseWithStr(TypeError, fmtMsg("'%s' object does not support the context manager protocol", typeName(t)));
  const f = bind(enter, mgr, t);
  if (f == ERR) return ERR;
  const r = rt_call(f, 0, 0, NONE);
  decref(f);
  return r;
}

/** exit(type(exc), exc, exc.__traceback__) */
export function rt_with_exit_exc(exit: Value, exc: Value): Value {
  const argv = rtAllocArgv(3);
  if (argv == 0) return ERR;
  const tb = exceptionGetAttr(unboxPtr(exc), strFromLiteral("__traceback__", true));
  store<u64>(argv, boxPtr(typeOf(exc)));
  store<u64>(argv + 8, exc);
  store<u64>(argv + 16, tb);
  const r = rt_call(exit, argv, 3, NONE);
  rtFreeArgv(argv, 3);
  decref(tb);
  return r;
}

// ---- lookup and descriptors ------------------------------------------------------------------

/** name (str) along t's MRO: a new reference, or 0 if no class defines it. */
export function mroLookup(t: usize, name: usize): Value {
  const n = mroLength(t);
  for (let i: u32 = 0; i < n; i++) {
    const d = typeDict(mroAt(t, i));
    if (d == 0) continue;
    const v = dictGetItemOrNull(d, boxPtr(name));
    if (v == ERR) rt_err_clear();
    else if (v != 0) return v;
  }
  return 0;
}

/** Like mroLookup, but only classes made by class statements: where Python code can override a special method. */
export function userLookup(t: usize, name: usize): Value {
  const m = typeMro(t);
  if (m == 0) return 0;
  const n = tupleLength(m);
  for (let i: u32 = 0; i < n; i++) {
    const c = unboxPtr(tupleItem(m, i));
    if (!isHeapType(c)) return 0;
    const v = dictGetItemOrNull(typeDict(c), boxPtr(name));
    if (v == ERR) rt_err_clear();
    else if (v != 0) return v;
  }
  return 0;
}

/**
 * What a class attribute `descr` (a new reference, consumed) gives when read through
 * `instance` (UNBOUND when read from the class `owner` itself).
 */
function bind(descr: Value, instance: Value, owner: usize): Value {
  if (!isPtr(descr)) return descr;
  const p = unboxPtr(descr);
  const t = typeAt(p);
  let r: Value = descr;
  if (t == PYFUNCTION_TYPE) {
    if (instance == UNBOUND) return descr;
    r = methodNew(descr, instance);
  } else if (t == STATICMETHOD_TYPE) {
    r = pairFirst(p);
    incref(r);
  } else if (t == CLASSMETHOD_TYPE) {
    r = methodNew(pairFirst(p), boxPtr(owner));
  } else if (t == METHOD_DESCRIPTOR_TYPE) {
    if (instance == UNBOUND) {
      if (!isClassMethodDescriptor(descr)) return descr;
      r = bindMethod(p, boxPtr(owner));
    } else r = bindMethod(p, functionOwner(p) == OBJECT_TYPE ? instance : baseValue(instance));
  } else if (t == PROPERTY_TYPE) {
    if (instance == UNBOUND) return descr;
    const fget = load<u64>(p, 8);
    if (isNone(fget)) {
      r = raiseWithStr(AttributeError, fmtMsg("property of '%s' object has no getter", typeName(typeOf(instance))));
    } else {
      r = callWith(fget, instance, 0, 0);
    }
  } else if (isUserObject(descr) && hasSpecial(descr, S_GET)) {
    const argv = rtAllocArgv(2);
    if (argv == 0) return ERR;
    store<u64>(argv, instance == UNBOUND ? NONE : instance);
    store<u64>(argv + 8, boxPtr(owner));
    r = callSpecial(descr, S_GET, argv, 2);
    rtFreeArgv(argv, 2);
  } else {
    return descr;
  }
  decref(descr);
  return r;
}

/** A data descriptor (property, or a class defining __set__ or __delete__) wins over the instance dict. */
function isDataDescriptor(d: Value): bool {
  if (isObjectOf(d, PROPERTY_TYPE)) return true;
  return isUserObject(d) && (hasSpecial(d, S_SET) || hasSpecial(d, S_DELETE));
}

/** f(first, *argv[0:n]) with every argument borrowed; kw is the keyword names of the last ones. */
function callWith(f: Value, first: Value, argv: usize, n: u32, kw: Value = NONE): Value {
  const a = rtAllocArgv(n + 1);
  if (a == 0) return ERR;
  store<u64>(a, first);
  memory.copy(a + 8, argv, <usize>n << 3);
  const r = rt_call(f, a, n + 1, kw);
  rtFreeArgv(a, n + 1);
  return r;
}

/** Calls the special method `name` of a class statement's instance: UNBOUND if the class has none. */
export function callSpecial(obj: Value, name: usize, argv: usize, n: u32): Value {
  const t = typeOf(obj);
  const f = userLookup(t, name);
  if (f == 0) return UNBOUND;
  return callFound(obj, t, f, argv, n);
}

function callFound(obj: Value, t: usize, f: Value, argv: usize, n: u32): Value {
  let r: Value;
  if (isObjectOf(f, PYFUNCTION_TYPE)) {
    r = callWith(f, obj, argv, n);
    decref(f);
  } else {
    const bound = bind(f, obj, t);
    if (bound == ERR) return ERR;
    r = rt_call(bound, argv, n, NONE);
    decref(bound);
  }
  return r;
}

const ARG1: usize = memory.data(16, 8);

/** callSpecial with one argument. */
export function callSpecial1(obj: Value, name: usize, a: Value): Value {
  const argv = rtAllocArgv(1);
  if (argv == 0) return ERR;
  store<u64>(argv, a);
  const r = callSpecial(obj, name, argv, 1);
  rtFreeArgv(argv, 1);
  return r;
}

/** obj.name for instances of class statements' classes: __getattribute__ if the class defines it. */
export function instanceGetAttr(obj: Value, name: usize): Value {
  const t = typeOf(obj);
  const gab = userLookup(t, S_GETATTRIBUTE);
  if (gab != 0) {
    decref(gab);
    const r = callSpecial1(obj, S_GETATTRIBUTE, boxPtr(name));
    if (r != ERR || !exceptionMatchesPending(AttributeError)) return r;
    // An AttributeError from __getattribute__ falls back to __getattr__.
    const ga = userLookup(t, S_GETATTR);
    if (ga == 0) return ERR;
    decref(ga);
    rt_err_clear();
    return callSpecial1(obj, S_GETATTR, boxPtr(name));
  }
  return genericGetAttr(obj, name);
}

/** object.__getattribute__, then __getattr__. */
function genericGetAttr(obj: Value, name: usize): Value {
  const t = typeOf(obj);
  const descr = mroLookup(t, name);
  // Data descriptors win over the instance dict.
  if (descr != 0 && isDataDescriptor(descr)) return bind(descr, obj, t);
  if (typeKind(t) == Kind.EXCEPTION) {
    const v = exceptionGetAttr(unboxPtr(obj), name);
    if (v != 0) {
      if (descr != 0) decref(descr);
      return v;
    }
  } else {
    if (isSlotted(t) && slotAllowed(t, name) == 1) {
      // A slot is a data descriptor: its value or AttributeError, never the dict.
      if (descr != 0) decref(descr);
      const blk = attrBlock(obj, false);
      const sd = blk == 0 ? NONE : load<u64>(blk, INST_SLOTS);
      const v = isNone(sd) ? 0 : dictGetItemOrNull(unboxPtr(sd), boxPtr(name));
      if (v != 0 && v != ERR) return v;
      if (v == ERR) rt_err_clear();
      return raiseWithStr(AttributeError, fmtMsg("'%s' object has no attribute '%s'", typeName(t), name));
    }
    const blk = attrBlock(obj, false);
    const d = blk == 0 ? NONE : load<u64>(blk, INST_DICT);
    if (!isNone(d)) {
      const v = dictGetItemOrNull(unboxPtr(d), boxPtr(name));
      if (v == ERR) rt_err_clear();
      else if (v != 0) {
        if (descr != 0) decref(descr);
        return v;
      }
    }
    if (strEquals(name, S_DICT) && !hasSlots(t)) {
      if (descr != 0) decref(descr);
      return instanceDict(obj);
    }
  }
  if (descr != 0) return bind(descr, obj, t);
  if (strIs(name, "__class__")) return boxPtr(t);
  const ga = userLookup(t, S_GETATTR);
  if (ga != 0) {
    decref(ga);
    return callSpecial1(obj, S_GETATTR, boxPtr(name));
  }
  return raiseWithStr(AttributeError, fmtMsg("'%s' object has no attribute '%s'", typeName(t), name));
}

/** The instance's attribute dict, made on first use (a new reference). */
function instanceDict(obj: Value): Value {
  const slot = dictSlot(obj);
  let d = load<u64>(slot);
  if (isNone(d)) {
    const nd = dictNew();
    if (nd == 0) return ERR;
    d = boxPtr(nd);
    store<u64>(slot, d);
  }
  incref(d);
  return d;
}

/** obj.name = v (v borrowed; UNBOUND deletes): 0, or -1 with an exception. */
export function instanceSetAttr(obj: Value, name: usize, v: Value): i32 {
  const t = typeOf(obj);
  if (v == UNBOUND) {
    const r = callSpecial1(obj, S_DELATTR, boxPtr(name));
    if (r == ERR) return -1;
    if (r != UNBOUND) { decref(r); return 0; }
    return genericSetAttr(obj, name, v);
  }
  const sa = userLookup(t, S_SETATTR);
  if (sa != 0) {
    decref(sa);
    const argv = rtAllocArgv(2);
    if (argv == 0) return -1;
    store<u64>(argv, boxPtr(name));
    store<u64>(argv + 8, v);
    const r = callSpecial(obj, S_SETATTR, argv, 2);
    rtFreeArgv(argv, 2);
    if (r == ERR) return -1;
    decref(r);
    return 0;
  }
  return genericSetAttr(obj, name, v);
}

/** object.__setattr__: properties, then the instance dict. */
function genericSetAttr(obj: Value, name: usize, v: Value): i32 {
  const t = typeOf(obj);
  const descr = mroLookup(t, name);
  if (descr != 0) {
    const isProp = isObjectOf(descr, PROPERTY_TYPE);
    if (isProp) {
      const p = unboxPtr(descr);
      const f = v == UNBOUND ? load<u64>(p, 24) : load<u64>(p, 16);
      if (isNone(f)) {
        decref(descr);
        raiseWithStr(AttributeError, fmtMsg(v == UNBOUND ? "property '%s' of '%s' object has no deleter" : "property '%s' of '%s' object has no setter", name, typeName(t)));
        return -1;
      }
      const r = v == UNBOUND ? callWith(f, obj, 0, 0) : callWith(f, obj, ARG1, storeArg(v));
      decref(descr);
      if (r == ERR) return -1;
      decref(r);
      return 0;
    }
    if (isUserObject(descr) && hasSpecial(descr, v == UNBOUND ? S_DELETE : S_SET)) {
      let r: Value;
      if (v == UNBOUND) r = callSpecial1(descr, S_DELETE, obj);
      else {
        const argv = rtAllocArgv(2);
        if (argv == 0) { decref(descr); return -1; }
        store<u64>(argv, obj);
        store<u64>(argv + 8, v);
        r = callSpecial(descr, S_SET, argv, 2);
        rtFreeArgv(argv, 2);
      }
      decref(descr);
      if (r == ERR) return -1;
      decref(r);
      return 0;
    }
    decref(descr);
  }
  if (typeKind(t) == Kind.EXCEPTION) {
    if (v == UNBOUND) return deleteFromDict(obj, name, t);
    return exceptionSetAttr(unboxPtr(obj), name, v);
  }
  if (isSlotted(t)) {
    const ok = slotAllowed(t, name);
    if (ok < 0) return -1;
    if (ok == 1) return setSlot(obj, name, v, t);
    if (hasSlots(t)) {
      raiseWithStr(AttributeError, fmtMsg("'%s' object has no attribute '%s'", typeName(t), name));
      return -1;
    }
  }
  if (v == UNBOUND) return deleteFromDict(obj, name, t);
  const d = instanceDict(obj);
  if (d == ERR) return -1;
  const r = dictSetItem(unboxPtr(d), boxPtr(name), v);
  decref(d);
  return r;
}

/** Sets (or with UNBOUND deletes) a __slots__ attribute. */
function setSlot(obj: Value, name: usize, v: Value, t: usize): i32 {
  const p = attrBlock(obj, true);
  if (p == 0) return -1;
  let sd = load<u64>(p, INST_SLOTS);
  if (v == UNBOUND) {
    const c = isNone(sd) ? 0 : dictContains(unboxPtr(sd), boxPtr(name));
    if (c < 0) return -1;
    if (c == 0) {
      raiseWithStr(AttributeError, fmtMsg("'%s' object has no attribute '%s'", typeName(t), name));
      return -1;
    }
    return dictDelItem(unboxPtr(sd), boxPtr(name));
  }
  if (isNone(sd)) {
    const d = dictNew();
    if (d == 0) return -1;
    sd = boxPtr(d);
    store<u64>(p, sd, INST_SLOTS);
  }
  return dictSetItem(unboxPtr(sd), boxPtr(name), v);
}

function storeArg(v: Value): u32 {
  store<u64>(ARG1, v);
  return 1;
}

function deleteFromDict(obj: Value, name: usize, t: usize): i32 {
  const d = load<u64>(dictSlot(obj));
  if (!isNone(d)) {
    const c = dictContains(unboxPtr(d), boxPtr(name));
    if (c < 0) return -1;
    if (c == 1) return dictDelItem(unboxPtr(d), boxPtr(name));
  }
  raiseWithStr(AttributeError, fmtMsg("'%s' object has no attribute '%s'", typeName(t), name));
  return -1;
}

/**
 * C.name for a class statement's class, as type.__getattribute__ finds it: a data descriptor
 * of the metaclass, then the class's MRO (descriptors bound to the class), then the
 * metaclass's other attributes bound to the class, then the metaclass's __getattr__.
 */
export function heapTypeGetAttr(t: usize, name: usize): Value {
  const meta = typeAt(t);
  if (isHeapType(meta)) {
    const gab = userLookup(meta, S_GETATTRIBUTE);
    if (gab != 0) {
      decref(gab);
      const r = callSpecial1(boxPtr(t), S_GETATTRIBUTE, boxPtr(name));
      if (r != ERR || !exceptionMatchesPending(AttributeError)) return r;
      const ga = userLookup(meta, S_GETATTR);
      if (ga == 0) return ERR;
      decref(ga);
      rt_err_clear();
      return callSpecial1(boxPtr(t), S_GETATTR, boxPtr(name));
    }
  }
  return typeGetAttribute(t, name, true);
}

/** type.__getattribute__(t, name); `fallback`: end with the metaclass's __getattr__. */
function typeGetAttribute(t: usize, name: usize, fallback: bool): Value {
  if (strIs(name, "__name__")) return typeShortName(t);
  if (strIs(name, "__qualname__")) { incref(boxPtr(typeQualname(t))); return boxPtr(typeQualname(t)); }
  if (strIs(name, "__bases__")) { incref(boxPtr(typeBases(t))); return boxPtr(typeBases(t)); }
  if (strIs(name, "__mro__")) return mroTuple(t);
  if (strIs(name, "__base__")) return boxPtr(typeBase(t));
  if (strIs(name, "__class__")) return boxPtr(typeAt(t));
  if (strIs(name, "__dict__")) {
    // A live view in CPython (mappingproxy); here the namespace dict itself.
    incref(boxPtr(typeDict(t)));
    return boxPtr(typeDict(t));
  }
  const meta = typeAt(t);
  const metaAttr = isHeapType(meta) ? mroLookup(meta, name) : 0;
  if (metaAttr != 0 && isDataDescriptor(metaAttr)) return bind(metaAttr, boxPtr(t), meta);
  const v = mroLookup(t, name);
  if (v != 0) {
    if (metaAttr != 0) decref(metaAttr);
    return bind(v, UNBOUND, t);
  }
  if (metaAttr != 0) return bind(metaAttr, boxPtr(t), meta);
  if (strEquals(name, S_DOC)) return NONE;
  // type's own methods (mro, __subclasses__), bound to the class.
  const tm = mroLookup(TYPE_TYPE, name);
  if (tm != 0) {
    if (isObjectOf(tm, METHOD_DESCRIPTOR_TYPE)) {
      const b = bindMethod(unboxPtr(tm), boxPtr(t));
      decref(tm);
      return b;
    }
    decref(tm);
  }
  if (fallback && isHeapType(meta)) {
    const ga = userLookup(meta, S_GETATTR);
    if (ga != 0) {
      decref(ga);
      return callSpecial1(boxPtr(t), S_GETATTR, boxPtr(name));
    }
  }
  return raiseWithStr(AttributeError, fmtMsg("type object '%s' has no attribute '%s'", typeName(t), name));
}

/** C.__name__: the name, without the module part of a C type's name. */
function typeShortName(t: usize): Value {
  const n = typeName(t);
  if ((typeFlags(t) & TYPE_CNAME) == 0) {
    incref(boxPtr(n));
    return boxPtr(n);
  }
  const p = strData(n);
  const len = strByteLength(n);
  let i = len;
  while (i > 0 && load<u8>(p + i - 1) != 0x2E) i--;
  const r = strFromUtf8(p + i, len - i);
  return r == 0 ? ERR : boxPtr(r);
}

/** C.name = v (UNBOUND deletes): the metaclass's __setattr__ / __delattr__ if it defines one. */
export function heapTypeSetAttr(t: usize, name: usize, v: Value): i32 {
  const meta = typeAt(t);
  if (isHeapType(meta)) {
    const f = userLookup(meta, v == UNBOUND ? S_DELATTR : S_SETATTR);
    if (f != 0) {
      decref(f);
      let r: Value;
      if (v == UNBOUND) r = callSpecial1(boxPtr(t), S_DELATTR, boxPtr(name));
      else {
        const argv = rtAllocArgv(2);
        if (argv == 0) return -1;
        store<u64>(argv, boxPtr(name));
        store<u64>(argv + 8, v);
        r = callSpecial(boxPtr(t), S_SETATTR, argv, 2);
        rtFreeArgv(argv, 2);
      }
      if (r == ERR) return -1;
      decref(r);
      return 0;
    }
  }
  return typeSetAttribute(t, name, v);
}

/** type.__setattr__: a data descriptor of the metaclass, else the class dict. */
function typeSetAttribute(t: usize, name: usize, v: Value): i32 {
  const meta = typeAt(t);
  if (isHeapType(meta)) {
    const d = mroLookup(meta, name);
    if (d != 0) {
      if (isDataDescriptor(d)) {
        decref(d);
        return genericSetAttr(boxPtr(t), name, v);
      }
      decref(d);
    }
  }
  if (!isHeapType(t)) {
    raiseWithStr(TypeError, fmtMsg("cannot set '%s' attribute of immutable type '%s'", name, typeName(t)));
    return -1;
  }
  const d = typeDict(t);
  if (v != UNBOUND) return dictSetItem(d, boxPtr(name), v);
  const c = dictContains(d, boxPtr(name));
  if (c < 0) return -1;
  if (c == 0) {
    raiseWithStr(AttributeError, fmtMsg("type object '%s' has no attribute '%s'", typeName(t), name));
    return -1;
  }
  return dictDelItem(d, boxPtr(name));
}

/** `<class '__main__.C'>` */
export function heapTypeRepr(t: usize): usize {
  const m = dictGetItemOrNull(typeDict(t), boxPtr(S_MODULE));
  if (m == 0 || m == ERR || !isObjectOf(m, STR_TYPE) || strIs(unboxPtr(m), "builtins")) {
    if (m == ERR) rt_err_clear();
    else if (m != 0) decref(m);
    return fmtMsg("<class '%s'>", typeQualname(t));
  }
  const r = fmtMsg("<class '%s.%s'>", unboxPtr(m), typeQualname(t));
  decref(m);
  return r;
}

/** The module name a class statement's class records (a borrowed str), or 0. */
export function heapTypeModule(t: usize): usize {
  const m = dictGetItemOrNull(typeDict(t), boxPtr(S_MODULE));
  if (m == ERR) { rt_err_clear(); return 0; }
  if (m == 0) return 0;
  decref(m);
  return unboxPtr(m);
}

// ---- calling ---------------------------------------------------------------------------------

/** C(*args, **kw): the metaclass's __call__ if it defines one, else type.__call__. */
export function constructHeap(t: usize, argv: usize, argc: u32, kw: Value): Value {
  const meta = typeAt(t);
  if (isHeapType(meta)) {
    const f = userLookup(meta, S_CALL);
    if (f != 0) {
      const r = isObjectOf(f, PYFUNCTION_TYPE) ? callWith(f, boxPtr(t), argv, argc, kw) : callBound(f, boxPtr(t), meta, argv, argc, kw);
      decref(f);
      return r;
    }
  }
  return typeCall(t, argv, argc, kw);
}

/** type.__call__(C, *args, **kw): __new__, then __init__ if __new__ gave an instance of C. */
export function typeCall(t: usize, argv: usize, argc: u32, kw: Value): Value {
  if (!isHeapType(t)) return constructBuiltin(t, argv, argc, kw);
  const nkw = kwCount(kw);
  const npos = argc - nkw;
  const userNew = userLookup(t, S_NEW);
  const userInit = userLookup(t, S_INIT);
  let obj: Value;
  if (userNew != 0) {
    const f = bind(userNew, UNBOUND, t);
    obj = callWith(f, boxPtr(t), argv, argc, kw);
    decref(f);
    if (obj == ERR) {
      if (userInit != 0) decref(userInit);
      return ERR;
    }
    if (!isSubtype(typeOf(obj), t)) {
      if (userInit != 0) decref(userInit);
      return obj;
    }
  } else if (solidOf(t) != 0) {
    // The builtin base's __new__: list, dict and set leave the arguments to __init__.
    obj = initTakesArgs(t) ? builtinNewInstance(t, 0, 0, NONE) : builtinNewInstance(t, argv, argc, kw);
    if (obj == ERR) {
      if (userInit != 0) decref(userInit);
      return ERR;
    }
  } else {
    if (userInit == 0 && argc != 0 && typeKind(t) != Kind.EXCEPTION) {
      return raiseWithStr(TypeError, fmtMsg("%s() takes no arguments", typeName(t)));
    }
    if (typeKind(t) == Kind.EXCEPTION && nkw != 0 && userInit == 0) {
      return raiseWithStr(TypeError, fmtMsg("%s() takes no keyword arguments", typeName(t)));
    }
    const args = tupleNew(npos);
    if (args == 0) return ERR;
    for (let i: u32 = 0; i < npos; i++) {
      incref(argAt(argv, i));
      tupleSetItem(args, i, argAt(argv, i));
    }
    obj = instanceNew(t, args);
    decref(boxPtr(args));
    if (obj == ERR) {
      if (userInit != 0) decref(userInit);
      return ERR;
    }
  }
  if (userInit != 0) {
    const r = isObjectOf(userInit, PYFUNCTION_TYPE) ? callWith(userInit, obj, argv, argc, kw) : callBound(userInit, obj, t, argv, argc, kw);
    decref(userInit);
    if (r == ERR) { decref(obj); return ERR; }
    if (!isNone(r)) {
      const msg = fmtMsg("__init__() should return None, not '%s'", typeName(typeOf(r)));
      decref(r);
      decref(obj);
      return raiseWithStr(TypeError, msg);
    }
  } else if (initTakesArgs(t)) {
    const r = builtinInit(obj, argv, argc, kw);
    if (r == ERR) { decref(obj); return ERR; }
  }
  return obj;
}

function callBound(descr: Value, obj: Value, t: usize, argv: usize, argc: u32, kw: Value): Value {
  incref(descr);
  const f = bind(descr, obj, t);
  if (f == ERR) return ERR;
  const r = rt_call(f, argv, argc, kw);
  decref(f);
  return r;
}

/** obj(*args) for a class statement's instance: its __call__, or UNBOUND if it has none. */
export function callInstance(obj: Value, argv: usize, argc: u32, kw: Value): Value {
  const t = typeOf(obj);
  const f = userLookup(t, S_CALL);
  if (f == 0) return UNBOUND;
  const r = isObjectOf(f, PYFUNCTION_TYPE) ? callWith(f, obj, argv, argc, kw) : callBound(f, obj, t, argv, argc, kw);
  decref(f);
  return r;
}

/** Calls a bound method, staticmethod or classmethod object. */
export function callMethodObject(p: usize, argv: usize, argc: u32, kw: Value): Value {
  const t = typeAt(p);
  if (t == METHOD_TYPE) return callWith(pairFirst(p), pairSecond(p), argv, argc, kw);
  return rt_call(pairFirst(p), argv, argc, kw);
}

/** object.__init__(self, ...) */
export function objectInit(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (argc != 0) {
    const t = typeOf(self);
    // Extra arguments are fine when the class overrides __new__ but not __init__ (CPython's rule).
    const hasInit = userLookup(t, S_INIT);
    const hasNew = userLookup(t, S_NEW);
    if (hasInit != 0) decref(hasInit);
    if (hasNew != 0) decref(hasNew);
    if (hasInit != 0 || hasNew == 0) {
      return raiseWithStr(TypeError, fmtMsg("%s.__init__() takes exactly one argument (the instance to initialize)", typeName(t)));
    }
  }
  return NONE;
}

/** object.__new__(cls, ...): cls is the receiver when called through a descriptor. */
export function objectNew(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (self != UNBOUND) {
    // Put the receiver back in front of the arguments.
    const a = rtAllocArgv(argc + 1);
    if (a == 0) return ERR;
    store<u64>(a, self);
    memory.copy(a + 8, argv, <usize>argc << 3);
    const r = objectNew(UNBOUND, a, argc + 1, kw);
    rtFreeArgv(a, argc + 1);
    return r;
  }
  if (argc - kwCount(kw) == 0) return raise(TypeError, "object.__new__(): not enough arguments");
  const c = argAt(argv, 0);
  if (!isTypeObject(c)) return raiseWithStr(TypeError, fmtMsg("object.__new__(X): X is not a type object (%s)", typeName(typeOf(c))));
  const t = unboxPtr(c);
  if (!isHeapType(t)) return raiseWithStr(TypeError, fmtMsg("object.__new__(%s) is not safe, use %s.__new__()", typeName(t), typeName(t)));
  if (solidOf(t) != 0) return raiseWithStr(TypeError, fmtMsg("object.__new__(%s) is not safe, use %s.__new__()", typeName(t), typeName(solidOf(t))));
  const n = argc - kwCount(kw) - 1;
  const args = tupleNew(n);
  if (args == 0) return ERR;
  for (let i: u32 = 0; i < n; i++) {
    incref(argAt(argv, i + 1));
    tupleSetItem(args, i, argAt(argv, i + 1));
  }
  const r = instanceNew(t, args);
  decref(boxPtr(args));
  return r;
}

/** object.__setattr__(self, name, value) */
export function objectSetattr(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("__setattr__", argc, kw, 2, 2)) return ERR;
  const name = argAt(argv, 0);
  if (!isObjectOf(name, STR_TYPE)) return raiseWithStr(TypeError, fmtMsg("attribute name must be string, not '%s'", typeName(typeOf(name))));
  if (isTypeObject(self)) return typeSetAttribute(unboxPtr(self), unboxPtr(name), argAt(argv, 1)) < 0 ? ERR : NONE;
  if (dictSlot(self) == 0) return raiseWithStr(AttributeError, fmtMsg("'%s' object has no attribute '%s'", typeName(typeOf(self)), unboxPtr(name)));
  return genericSetAttr(self, unboxPtr(name), argAt(argv, 1)) < 0 ? ERR : NONE;
}

/** object.__getattribute__(self, name) */
export function objectGetattribute(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("__getattribute__", argc, kw, 1, 1)) return ERR;
  const name = argAt(argv, 0);
  if (!isObjectOf(name, STR_TYPE)) return raiseWithStr(TypeError, fmtMsg("attribute name must be string, not '%s'", typeName(typeOf(name))));
  if (isTypeObject(self) && isHeapType(unboxPtr(self))) return typeGetAttribute(unboxPtr(self), unboxPtr(name), false);
  if (!isUserObject(self) || isTypeObject(self)) return rt_getattr(self, name);
  // Without __getattr__: that fallback belongs to the caller of __getattribute__.
  const t = typeOf(self);
  const descr = mroLookup(t, unboxPtr(name));
  if (descr != 0 && isDataDescriptor(descr)) return bind(descr, self, t);
  const slot = dictSlot(self);
  if (typeKind(t) == Kind.EXCEPTION) {
    const v = exceptionGetAttr(unboxPtr(self), unboxPtr(name));
    if (v != 0) { if (descr != 0) decref(descr); return v; }
  } else if (slot != 0 && !isNone(load<u64>(slot))) {
    const v = dictGetItemOrNull(unboxPtr(load<u64>(slot)), name);
    if (v == ERR) rt_err_clear();
    else if (v != 0) { if (descr != 0) decref(descr); return v; }
  }
  if (descr != 0) return bind(descr, self, t);
  return raiseWithStr(AttributeError, fmtMsg("'%s' object has no attribute '%s'", typeName(t), unboxPtr(name)));
}

/** type.__init__(cls, name, bases, ns, **kwds): the class is complete already. */
export function typeInit(self: Value, argv: usize, argc: u32, kw: Value): Value {
  const npos = argc - kwCount(kw);
  if (npos != 1 && npos != 3) return raise(TypeError, "type.__init__() takes 1 or 3 arguments");
  return NONE;
}

/** type.__call__(cls, *args, **kwds), as a metaclass's __call__ reaches it through super(). */
export function typeCallMethod(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!isTypeObject(self)) return raiseWithStr(TypeError, fmtMsg("descriptor '__call__' requires a 'type' object but received a '%s'", typeName(typeOf(self))));
  return typeCall(unboxPtr(self), argv, argc, kw);
}

/** object.__init_subclass__(): nothing to do, and no keyword arguments allowed. */
export function objectInitSubclass(self: Value, argc: u32, kw: Value): Value {
  if (kwCount(kw) != 0) return raiseWithStr(TypeError, fmtMsg("%s.__init_subclass__() takes no keyword arguments", typeName(unboxPtr(self))));
  if (argc != 0) return raise(TypeError, "__init_subclass__() takes no arguments");
  return NONE;
}

/** object.__delattr__(self, name) */
export function objectDelattr(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("__delattr__", argc, kw, 1, 1)) return ERR;
  const name = argAt(argv, 0);
  if (!isObjectOf(name, STR_TYPE)) return raiseWithStr(TypeError, fmtMsg("attribute name must be string, not '%s'", typeName(typeOf(name))));
  if (isTypeObject(self)) return typeSetAttribute(unboxPtr(self), unboxPtr(name), UNBOUND) < 0 ? ERR : NONE;
  if (dictSlot(self) == 0) return raiseWithStr(AttributeError, fmtMsg("'%s' object has no attribute '%s'", typeName(typeOf(self)), unboxPtr(name)));
  return genericSetAttr(self, unboxPtr(name), UNBOUND) < 0 ? ERR : NONE;
}

/** type.mro(cls) */
export function typeMroMethod(self: Value, argc: u32, kw: Value): Value {
  if (!checkPositional("mro", argc, kw, 0, 0)) return ERR;
  const t = mroTuple(unboxPtr(self));
  if (t == ERR) return ERR;
  const r = listFromIterable(t);
  decref(t);
  return r;
}

/** cls.__subclasses__(): the class statements' classes naming cls as a direct base, oldest first. */
export function typeSubclasses(self: Value, argc: u32, kw: Value): Value {
  if (!checkPositional("__subclasses__", argc, kw, 0, 0)) return ERR;
  const l = listNew(0);
  if (l == 0) return ERR;
  const me = unboxPtr(self);
  for (let i: i32 = 0; i < classCount; i++) {
    const c = <usize>load<u32>(classes + (<usize>i << 2));
    const bases = typeBases(c);
    for (let j: u32 = 0; j < tupleLength(bases); j++) {
      if (unboxPtr(tupleItem(bases, j)) == me) {
        if (!listAppendSteal(l, boxPtr(c))) { decref(boxPtr(l)); return ERR; }
        break;
      }
    }
  }
  return boxPtr(l);
}

/** vars(obj): the instance's (or class's) attribute dict. */
export function builtinVars(argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("vars", argc, kw, 1, 1)) return ERR;
  const v = argAt(argv, 0);
  if (isTypeObject(v) && isHeapType(unboxPtr(v))) {
    incref(boxPtr(typeDict(unboxPtr(v))));
    return boxPtr(typeDict(unboxPtr(v)));
  }
  if (dictSlot(v) == 0 || hasSlots(typeOf(v))) return raise(TypeError, "vars() argument must have __dict__ attribute");
  return instanceDict(v);
}

/** Does the class (or a base) declare __slots__ without __dict__ (so instances have no dict)? */
function hasSlots(t: usize): bool {
  const m = typeMro(t);
  if (m == 0) return false;
  for (let i: u32 = 0; i < tupleLength(m); i++) {
    const c = unboxPtr(tupleItem(m, i));
    if (!isHeapType(c)) continue;
    if (dictContains(typeDict(c), boxPtr(S_SLOTS)) != 1) return false;
  }
  return true;
}

/** May an instance of t (whose classes all declare __slots__) take the attribute `name`? */
function slotAllowed(t: usize, name: usize): i32 {
  const m = typeMro(t);
  for (let i: u32 = 0; i < tupleLength(m); i++) {
    const c = unboxPtr(tupleItem(m, i));
    if (!isHeapType(c)) continue;
    const slots = dictGetItemOrNull(typeDict(c), boxPtr(S_SLOTS));
    if (slots == ERR || slots == 0) continue;
    let ok = false;
    if (isObjectOf(slots, STR_TYPE)) ok = strEquals(unboxPtr(slots), name);
    else {
      const it = rt_get_iter(slots);
      if (it == ERR) { decref(slots); return -1; }
      for (;;) {
        const x = rt_iter_next(it);
        if (x == EXHAUSTED) break;
        if (x == ERR) { decref(it); decref(slots); return -1; }
        if (isObjectOf(x, STR_TYPE) && strEquals(unboxPtr(x), name)) ok = true;
        decref(x);
        if (ok) break;
      }
      decref(it);
    }
    decref(slots);
    if (ok) return 1;
  }
  return 0;
}

/** iter(obj) through __getitem__ (UNBOUND if the class has none): the old sequence protocol. */
export function sequenceIter(obj: Value): Value {
  const f = userLookup(typeOf(obj), S_GETITEM);
  if (f == 0) return UNBOUND;
  decref(f);
  return newIter(SEQ_ITER_TYPE, obj, 0, 0, 0);
}

/** reversed(obj): __reversed__, or __len__ and __getitem__; UNBOUND if neither. */
export function userReversed(obj: Value): Value {
  const r = callSpecial(obj, S_REVERSED, 0, 0);
  if (r != UNBOUND || hasBase(obj)) return r;
  const g = userLookup(typeOf(obj), S_GETITEM);
  if (g == 0) return UNBOUND;
  decref(g);
  const n = userLength(obj);
  if (n == -2) return UNBOUND;
  if (n < 0) return ERR;
  return newIter(REVERSED_TYPE, obj, n - 1, 0, 0);
}

/** BaseException.__init__(self, *args): args becomes the exception's args. */
export function exceptionInit(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (kwCount(kw) != 0) return raiseWithStr(TypeError, fmtMsg("%s() takes no keyword arguments", typeName(typeOf(self))));
  const args = tupleNew(argc);
  if (args == 0) return ERR;
  for (let i: u32 = 0; i < argc; i++) {
    incref(argAt(argv, i));
    tupleSetItem(args, i, argAt(argv, i));
  }
  const r = exceptionSetAttr(unboxPtr(self), strFromLiteral("args", true), boxPtr(args));
  decref(boxPtr(args));
  return r < 0 ? ERR : NONE;
}

// ---- operators --------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function isNotImplemented(v: Value): bool { return v == boxPtr(NOTIMPLEMENTED); }

/**
 * Tries `f(self, other)` for a special method looked up on self's class (a user class only):
 * UNBOUND when the class has none or it returned NotImplemented.
 */
function trySpecial(self: Value, name: usize, other: Value): Value {
  if (!isUserObject(self)) return UNBOUND;
  const r = callSpecial1(self, name, other);
  if (r == ERR) return ERR;
  if (isNotImplemented(r)) return UNBOUND;
  return r;
}

// Set while an operator runs again on builtin bases (ops.ts's onBases): the other operand's
// special methods were tried already, and the next userBinary must not call them again.
let skipping = false;
export function skipUserBinary(): void { skipping = true; }
export function userBinaryDone(): void { skipping = false; }

/**
 * a OP b when a class statement's instance is involved: a.__op__(b), then b.__rop__(a) (the
 * reflected one first when b's class derives from a's). UNBOUND when neither applies, so the
 * caller goes on with the builtin types' rules and their TypeError.
 */
export function userBinary(a: Value, b: Value, op: i32): Value {
  if (skipping) {
    skipping = false;
    return UNBOUND;
  }
  const name = <usize>load<u32>(binNames + <usize>(op * 12));
  const rname = <usize>load<u32>(binNames + <usize>(op * 12 + 4));
  const ta = typeOf(a), tb = typeOf(b);
  const reflectFirst = ta != tb && isUserObject(b) && isSubtype(tb, ta);
  if (reflectFirst) {
    const r = trySpecial(b, rname, a);
    if (r != UNBOUND) return r;
  }
  const r = trySpecial(a, name, b);
  if (r != UNBOUND) return r;
  if (ta != tb && !reflectFirst) return trySpecial(b, rname, a);
  return UNBOUND;
}

/** a OP= b: a.__iop__(b), then the binary operator. */
export function userInplace(a: Value, b: Value, op: i32): Value {
  const iname = <usize>load<u32>(binNames + <usize>(op * 12 + 8));
  if (iname != 0) {
    const r = trySpecial(a, iname, b);
    if (r != UNBOUND) return r;
  }
  return userBinary(a, b, op);
}

/**
 * Rich comparison with a class statement's instance: a.__op__(b), then b's reflected method
 * (reflected first for a subclass). For == and != with neither defined: identity, as
 * object.__eq__ gives. UNBOUND for an ordering neither side defines.
 */
export function userCompare(a: Value, b: Value, op: i32): Value {
  const reflected = op == CMP_LT ? CMP_GT : op == CMP_LE ? CMP_GE : op == CMP_GT ? CMP_LT : op == CMP_GE ? CMP_LE : op;
  const name = <usize>load<u32>(cmpNames + (<usize>op << 2));
  const rname = <usize>load<u32>(cmpNames + (<usize>reflected << 2));
  const ta = typeOf(a), tb = typeOf(b);
  const reflectFirst = ta != tb && isUserObject(b) && isSubtype(tb, ta);
  if (reflectFirst) {
    const r = trySpecial(b, rname, a);
    if (r != UNBOUND) return r;
  }
  let r = trySpecial(a, name, b);
  if (r != UNBOUND) return r;
  if (!reflectFirst) {
    r = trySpecial(b, rname, a);
    if (r != UNBOUND) return r;
  }
  // A class derived from a builtin compares as that builtin.
  if (hasBase(a) || hasBase(b)) return compareOnBases(a, b, op);
  if (op == CMP_NE) {
    // object.__ne__ inverts __eq__.
    const e = userCompare(a, b, CMP_EQ);
    if (e == ERR) return ERR;
    const t = rt_truthy(e);
    decref(e);
    return t < 0 ? ERR : boxBool(t == 0);
  }
  if (op == CMP_EQ) return boxBool(a == b);
  return UNBOUND;
}

/** hash() of a class statement's instance: __hash__ (None makes it unhashable); -2 if the class has none. */
export function userHash(v: Value): i64 {
  const t = typeOf(v);
  const f = userLookup(t, S_HASH);
  if (f == 0) return -2;
  if (isNone(f)) {
    raiseWithStr(TypeError, fmtMsg("unhashable type: '%s'", typeName(t)));
    return -1;
  }
  decref(f);
  const r = callSpecial(v, S_HASH, 0, 0);
  if (r == ERR) return -1;
  if (!isInt(r)) {
    decref(r);
    raise(TypeError, "__hash__ method should return an integer");
    return -1;
  }
  // A result that fits in 64 bits is the hash itself (-1 becomes -2); CPython hashes bigger ones.
  const h = isSmallOrBool(r) ? unboxSmall(r) : intToI64Full(r) ? i64Result : intHash(r);
  decref(r);
  return h == -1 ? -2 : h;
}

/** len() of a class statement's instance through __len__: -2 if the class has none, -1 on error. */
export function userLength(v: Value): i64 {
  const r = callSpecial(v, S_LEN, 0, 0);
  if (r == UNBOUND) return -2;
  if (r == ERR) return -1;
  if (!isInt(r)) {
    raiseWithStr(TypeError, fmtMsg("'%s' object cannot be interpreted as an integer", typeName(typeOf(r))));
    decref(r);
    return -1;
  }
  if (!isSmallOrBool(r) || unboxSmall(r) < 0) {
    const neg = isSmallOrBool(r) ? unboxSmall(r) < 0 : false;
    decref(r);
    if (neg) raise(ValueError, "__len__() should return >= 0");
    else raise(OverflowError, "cannot fit 'int' into an index-sized integer");
    return -1;
  }
  return unboxSmall(r);
}

/** truth of a class statement's instance: __bool__, then __len__; -2 if it has neither. */
export function userTruthy(v: Value): i32 {
  const r = callSpecial(v, S_BOOL, 0, 0);
  if (r == ERR) return -1;
  if (r != UNBOUND) {
    if (!isBool(r)) {
      raiseWithStr(TypeError, fmtMsg("__bool__ should return bool, returned %s", typeName(typeOf(r))));
      decref(r);
      return -1;
    }
    return r == TRUE ? 1 : 0;
  }
  const n = userLength(v);
  if (n == -2) return -2;
  if (n < 0) return -1;
  return n != 0 ? 1 : 0;
}

/** repr() or str() through a class's __repr__ / __str__: 0 if it has none, ERR on error, else a str. */
export function userText(v: Value, name: usize): Value {
  const r = callSpecial(v, name, 0, 0);
  if (r == UNBOUND) return 0;
  if (r == ERR) return ERR;
  if (!isObjectOf(r, STR_TYPE)) {
    const msg = fmtMsg(name == S_REPR ? "__repr__ returned non-string (type %s)" : "__str__ returned non-string (type %s)", typeName(typeOf(r)));
    decref(r);
    return raiseWithStr(TypeError, msg);
  }
  return r;
}

/**
 * A number from a class's conversion method (__int__, __index__ or __float__): UNBOUND if the
 * class has none, ERR if it fails or returns the wrong type (CPython's message).
 */
export function userNumber(v: Value, name: usize): Value {
  const r = callSpecial(v, name, 0, 0);
  if (r == UNBOUND && (typeFlags(typeOf(v)) & TYPE_BOXED) != 0) {
    // int's and float's own conversions of the number held (float has no __index__).
    const n = baseValue(v);
    if (name == S_FLOAT) return isFloatValue(n) ? n : toFloat(n);
    if (!isFloatValue(n)) { incref(n); return n; }
    if (name == S_INDEX) return UNBOUND;
    return intFromFloatValue(n);
  }
  if (r == UNBOUND || r == ERR) return r;
  const wantFloat = name == S_FLOAT;
  if (wantFloat ? isFloatValue(r) : isInt(r)) return r;
  const msg = fmtMsg(wantFloat ? "%s returned non-float (type %s)" : "%s returned non-int (type %s)", name, typeName(typeOf(r)));
  decref(r);
  return raiseWithStr(TypeError, msg);
}

// @ts-ignore: decorator
@inline function isFloatValue(v: Value): bool { return (v >> 48) < 0xFFF9; }

/** A unary special method (__neg__, __len__, __repr__, ...): UNBOUND if the class has none. */
export function userUnary(v: Value, name: usize): Value {
  return callSpecial(v, name, 0, 0);
}

// ---- staticmethod, classmethod, property, super -----------------------------------------------

export function constructDescriptor(t: usize, argv: usize, argc: u32, kw: Value): Value {
  if (t == PROPERTY_TYPE) {
    if (!bindArgs("property", argv, argc, kw, "fget,fset,fdel,doc", 0, 0, 4)) return ERR;
    return propertyNew(boundOr(0, NONE), boundOr(1, NONE), boundOr(2, NONE), boundOr(3, NONE));
  }
  const name = t == STATICMETHOD_TYPE ? "staticmethod" : "classmethod";
  if (!checkPositional(name, argc, kw, 1, 1)) return ERR;
  return pairNew(t, argAt(argv, 0), NONE);
}

/** property.getter / setter / deleter: a copy with one function replaced. */
export function propertyWith(self: Value, argv: usize, argc: u32, kw: Value, which: i32): Value {
  if (!checkPositional(which == 0 ? "getter" : which == 1 ? "setter" : "deleter", argc, kw, 1, 1)) return ERR;
  const p = unboxPtr(self);
  const f = argAt(argv, 0);
  return propertyNew(which == 0 ? f : load<u64>(p, 8), which == 1 ? f : load<u64>(p, 16), which == 2 ? f : load<u64>(p, 24), load<u64>(p, 32));
}

/** super(type, obj), or the zero-argument form the compiler rewrites into it. */
export function constructSuper(argv: usize, argc: u32, kw: Value): Value {
  if (kwCount(kw) != 0) return raise(TypeError, "super() takes no keyword arguments");
  if (argc == 0) return raise(RuntimeError, "super(): no arguments");
  if (argc > 2) return raiseWithStr(TypeError, fmtMsg("super() takes at most 2 arguments (%d given)", argc));
  const t = argAt(argv, 0);
  if (t == UNBOUND) return raise(RuntimeError, "super(): __class__ cell not found");
  if (!isTypeObject(t)) return raiseWithStr(TypeError, fmtMsg("super() argument 1 must be a type, not %s", typeName(typeOf(t))));
  if (argc == 1) return raise(TypeError, "Molt does not support unbound super objects");
  const obj = argAt(argv, 1);
  if (obj == UNBOUND) return raise(RuntimeError, "super(): no arguments");
  const ot = isTypeObject(obj) && isSubtype(unboxPtr(obj), unboxPtr(t)) ? unboxPtr(obj) : typeOf(obj);
  if (!isSubtype(ot, unboxPtr(t))) return raise(TypeError, "super(type, obj): obj must be an instance or subtype of type");
  return pairNew(SUPER_TYPE, t, obj);
}

/** super().name: the attribute from the classes after `type` in obj's MRO. */
export function superGetAttr(p: usize, name: usize): Value {
  const start = unboxPtr(pairFirst(p));
  const obj = pairSecond(p);
  const objIsType = isTypeObject(obj) && isSubtype(unboxPtr(obj), start);
  const ot = objIsType ? unboxPtr(obj) : typeOf(obj);
  const n = mroLength(ot);
  let i: u32 = 0;
  while (i < n && mroAt(ot, i) != start) i++;
  for (i++; i < n; i++) {
    const d = typeDict(mroAt(ot, i));
    if (d == 0) continue;
    const v = dictGetItemOrNull(d, boxPtr(name));
    if (v == ERR) { rt_err_clear(); continue; }
    if (v == 0) continue;
    if (objIsType) {
      // super() in a classmethod: functions stay unbound, classmethods bind to the class.
      if (isObjectOf(v, CLASSMETHOD_TYPE)) return bind(v, UNBOUND, ot);
      if (isObjectOf(v, METHOD_DESCRIPTOR_TYPE) && strEquals(name, S_NEW)) return v;
      // object.__init_subclass__ is a classmethod: bound to the class.
      if (isObjectOf(v, METHOD_DESCRIPTOR_TYPE) && strEquals(name, S_INIT_SUBCLASS)) {
        const b = bindMethod(unboxPtr(v), obj);
        decref(v);
        return b;
      }
      return bind(v, UNBOUND, ot);
    }
    return bind(v, obj, ot);
  }
  if (strIs(name, "__class__")) return boxPtr(SUPER_TYPE);
  return raiseWithStr(AttributeError, fmtMsg("'super' object has no attribute '%s'", name));
}

/** Attributes of bound methods: __self__, __func__, and the function's own. */
export function methodGetAttr(p: usize, name: usize): Value {
  if (strIs(name, "__self__")) { incref(pairSecond(p)); return pairSecond(p); }
  if (strIs(name, "__func__")) { incref(pairFirst(p)); return pairFirst(p); }
  return 0;
}

/** `<bound method C.f of <...>>` */
export function methodRepr(p: usize, selfRepr: usize): usize {
  return fmtMsg("<bound method %s of %s>", functionQualname(unboxPtr(pairFirst(p))), selfRepr);
}

/** `<__main__.C object at 0x...>` */
export function instanceRepr(t: usize, address: usize): usize {
  const m = heapTypeModule(t);
  if (m == 0) return fmtMsg("<%s object at %s>", typeQualname(t), address);
  return fmtMsg("<%s.%s object at %s>", m, typeQualname(t), address);
}

/** Is v callable, counting class statements' instances with __call__? */
export function hasSpecial(v: Value, name: usize): bool {
  const f = userLookup(typeOf(v), name);
  if (f == 0) return false;
  decref(f);
  return true;
}

// ---- annotations: list[int], int | None ---------------------------------------------------------

/** types.GenericAlias (`list[int]`) and types.UnionType (`int | None`): pairs (origin, args). */
export const GENERIC_ALIAS_TYPE = memory.data(TS, 8);
export const UNION_TYPE = memory.data(TS, 8);

export function initAliases(): void {
  initType(GENERIC_ALIAS_TYPE, "GenericAlias", OBJECT_TYPE, Kind.SUPER);
  initType(UNION_TYPE, "UnionType", OBJECT_TYPE, Kind.SUPER);
}

/** Builtin types that take parameters in annotations. */
function isGenericBuiltin(t: usize): bool {
  return t == LIST_TYPE || t == DICT_TYPE || t == TUPLE_TYPE || t == SET_TYPE || t == FROZENSET_TYPE || t == TYPE_TYPE;
}

/** cls[args] for a type: a class's __class_getitem__, or a GenericAlias for list, dict, ...; UNBOUND if neither. */
export function typeSubscript(cls: usize, key: Value): Value {
  if (isHeapType(cls)) {
    const f = mroLookup(cls, S_CLASS_GETITEM);
    if (f == 0) return UNBOUND;
    // __class_getitem__ is implicitly a classmethod.
    const fn = isObjectOf(f, CLASSMETHOD_TYPE) ? pairFirst(unboxPtr(f)) : f;
    const r = callWith(fn, boxPtr(cls), ARG1, storeArg(key));
    decref(f);
    return r;
  }
  if (!isGenericBuiltin(cls)) return UNBOUND;
  const args = isObjectOf(key, TUPLE_TYPE) ? key : boxPtr(tupleFrom1Ref(key));
  if (args == 0) return ERR;
  const r = pairNew(GENERIC_ALIAS_TYPE, boxPtr(cls), args);
  if (!isObjectOf(key, TUPLE_TYPE)) decref(args);
  return r;
}

function tupleFrom1Ref(v: Value): usize {
  const t = tupleNew(1);
  if (t == 0) return 0;
  incref(v);
  tupleSetItem(t, 0, v);
  return t;
}

/** Can v stand in a `X | Y` annotation? (a type, None, an alias or a union) */
export function isUnionOperand(v: Value): bool {
  return isNone(v) || isTypeObject(v) || isObjectOf(v, GENERIC_ALIAS_TYPE) || isObjectOf(v, UNION_TYPE);
}

/** `a | b` of types: a UnionType of the flattened, de-duplicated members. */
export function typeUnion(a: Value, b: Value): Value {
  const members = listNew(0);
  if (members == 0) return ERR;
  if (!addMembers(members, a) || !addMembers(members, b)) { decref(boxPtr(members)); return ERR; }
  const n = listLength(members);
  const t = tupleNew(n);
  if (t == 0) { decref(boxPtr(members)); return ERR; }
  for (let i: u32 = 0; i < n; i++) {
    const v = listItem(members, i);
    incref(v);
    tupleSetItem(t, i, v);
  }
  decref(boxPtr(members));
  const r = pairNew(UNION_TYPE, NONE, boxPtr(t));
  decref(boxPtr(t));
  return r;
}

function addMembers(l: usize, v: Value): bool {
  if (isObjectOf(v, UNION_TYPE)) {
    const args = unboxPtr(pairSecond(unboxPtr(v)));
    for (let i: u32 = 0; i < tupleLength(args); i++) if (!addMembers(l, tupleItem(args, i))) return false;
    return true;
  }
  for (let i: u32 = 0; i < listLength(l); i++) {
    const e = richEqValue(listItem(l, i), v);
    if (e < 0) return false;
    if (e == 1) return true;
  }
  incref(v);
  return listAppendSteal(l, v);
}

import { richEq as richEqValue, reprOf as reprOfValue } from "./ops";
import { builderNew, builderStr, builderLiteral, builderFinish, builderDiscard } from "./format";
import { compareOnBases } from "./ops";
import { toFloat, construct as constructBuiltin } from "./builtins";

function intFromFloatValue(n: Value): Value {
  const argv = rtAllocArgv(1);
  if (argv == 0) return ERR;
  store<u64>(argv, n);
  const r = constructBuiltin(INT_TYPE, argv, 1, NONE);
  rtFreeArgv(argv, 1);
  return r;
}
import { LIST_TYPE, DICT_TYPE, TUPLE_TYPE, SET_TYPE, FROZENSET_TYPE, ELLIPSIS, SLICE_TYPE, INT_TYPE, FLOAT_TYPE } from "./object";

/** repr of an annotation member: `int` for a class, `None`, `...`, else repr(). */
function appendAnnotation(b: usize, v: Value): bool {
  if (isTypeObject(v)) {
    const t = unboxPtr(v);
    const m = isHeapType(t) ? heapTypeModule(t) : 0;
    if (m != 0 && !strIs(m, "builtins")) {
      builderStr(b, m);
      builderLiteral(b, ".");
      builderStr(b, typeQualname(t));
    } else builderStr(b, isHeapType(t) ? typeQualname(t) : typeName(t));
    return true;
  }
  if (isNone(v)) { builderLiteral(b, "None"); return true; }
  if (v == boxPtr(ELLIPSIS)) { builderLiteral(b, "..."); return true; }
  const s = reprOfValue(v);
  if (s == 0) return false;
  builderStr(b, s);
  decref(boxPtr(s));
  return true;
}

/** `list[int]`, `int | None` */
export function aliasRepr(p: usize): usize {
  const b = builderNew(32);
  if (b == 0) return 0;
  const isUnion = typeAt(p) == UNION_TYPE;
  const args = unboxPtr(pairSecond(p));
  if (!isUnion) {
    if (!appendAnnotation(b, pairFirst(p))) { builderDiscard(b); return 0; }
    builderLiteral(b, "[");
  }
  for (let i: u32 = 0; i < tupleLength(args); i++) {
    if (i > 0) builderLiteral(b, isUnion ? " | " : ", ");
    if (!appendAnnotation(b, tupleItem(args, i))) { builderDiscard(b); return 0; }
  }
  if (!isUnion) {
    if (tupleLength(args) == 0) builderLiteral(b, "()");
    builderLiteral(b, "]");
  }
  return builderFinish(b);
}

/** __origin__ / __args__ of an alias; 0 for other names. */
export function aliasGetAttr(p: usize, name: usize): Value {
  if (strIs(name, "__args__")) { incref(pairSecond(p)); return pairSecond(p); }
  if (strIs(name, "__origin__") && typeAt(p) == GENERIC_ALIAS_TYPE) { incref(pairFirst(p)); return pairFirst(p); }
  return 0;
}

import { bindArgs, boundOr } from "./call";
