// Attribute access: rt_getattr / rt_setattr. Methods of the builtin types live in each type's
// dict as method descriptors (methods.ts); `obj.name` finds one along the type's base chain and
// binds it to obj. Modules, exceptions and types have their own attributes.
import { Value, ERR, NONE, boxPtr, unboxPtr, isPtr, boxSmall, boxFloat, unboxFloat, isFloat, isBool, unboxSmall } from "./value";
import { isBytesClassMethod } from "./bytesmethods";
import {
  Kind, TYPE_TYPE, OBJECT_TYPE, INT_TYPE, FUNCTION_TYPE, METHOD_DESCRIPTOR_TYPE, typeOf, typeName, typeKind, typeBase,
  typeDict, typeAt, incref, decref,
} from "./object";
import { raiseWithStr, AttributeError, TypeError, ValueError, exceptionGetAttr, exceptionSetAttr } from "./exceptions";
import { rt_cell_get, rt_cell_set } from "./iterobjects";
import { fmtMsg } from "./format";
import { strFromLiteral, strFromUtf8, strData, strByteLength, charStr } from "./str";
import { memoryviewGetAttr } from "./memoryview";
import { arrayCode, arrayItemSize } from "./arraytype";
import { dictGetItemOrNull } from "./dict";
import { tupleNew, tupleSetItem } from "./tuple";
import { strIs, bindMethod, functionName, functionSelf, functionOwner, functionId } from "./call";
import { Fn } from "./natives";
import { rangeField, RF_START, RF_STOP, RF_STEP } from "./range";
import { intFromI64 } from "./int";
import { moduleGetAttr, moduleSetAttr } from "./modules";
import { rt_err_clear } from "./exceptions";
import { UNBOUND, isNone } from "./value";
import {
  functionCode, functionQualname, functionDefaults, functionKwdefaults, functionDictField, functionDict,
  rt_function_closure, codeName, codeQualname, codeAttr,
} from "./pyfunc";
import { dictSetItem, dictNew } from "./dict";
import { sliceGetAttr } from "./slice";
import { isHeapType } from "./object";
import {
  aliasGetAttr, GENERIC_ALIAS_TYPE, UNION_TYPE, mroLookup, instanceGetAttr, instanceSetAttr, heapTypeGetAttr, heapTypeSetAttr, superGetAttr, methodGetAttr, pairFirst,
} from "./classes";

/** The attribute `name` (str) found along t's MRO, as a new reference; 0 if none. */
export function lookupType(t: usize, name: usize): Value { return mroLookup(t, name); }

function noAttribute(obj: Value, name: usize): Value {
  return raiseWithStr(AttributeError, fmtMsg("'%s' object has no attribute '%s'", typeName(typeOf(obj)), name));
}

/** Is v a builtin type's method that binds to the class (dict.fromkeys, float.fromhex, ...)? */
export function isClassMethodDescriptor(v: Value): bool {
  if (!isPtr(v) || typeAt(unboxPtr(v)) != METHOD_DESCRIPTOR_TYPE) return false;
  const id = functionId(unboxPtr(v));
  return id == Fn.DICT_FROMKEYS || id == Fn.FLOAT_FROMHEX || id == Fn.STR_MAKETRANS || isBytesClassMethod(id);
}

/** Attributes of a type object: __name__ and friends, and its methods (unbound). */
function typeGetAttr(t: usize, name: usize): Value {
  // A type of a builtin module is named "module.name", as CPython's tp_name: array.array.
  const full = typeName(t);
  const dot = lastDot(full);
  if (strIs(name, "__name__") || strIs(name, "__qualname__")) {
    return dot < 0 ? boxPtr(full) : raiseOr(strFromUtf8(strData(full) + <usize>dot + 1, strByteLength(full) - <u32>dot - 1));
  }
  if (strIs(name, "__module__")) return raiseOr(dot < 0 ? strFromLiteral("builtins", false) : strFromUtf8(strData(full), <u32>dot));
  if (strIs(name, "__class__")) return boxPtr(TYPE_TYPE);
  if (strIs(name, "__base__")) return typeBase(t) == 0 ? NONE : boxPtr(typeBase(t));
  if (strIs(name, "__mro__") || strIs(name, "__bases__")) {
    if (strIs(name, "__bases__")) {
      const b = typeBase(t);
      const r = tupleNew(b == 0 ? 0 : 1);
      if (r == 0) return ERR;
      if (b != 0) tupleSetItem(r, 0, boxPtr(b));
      return boxPtr(r);
    }
    let n: u32 = 0;
    for (let u = t; u != 0; u = typeBase(u)) n++;
    const r = tupleNew(n);
    if (r == 0) return ERR;
    let i: u32 = 0;
    for (let u = t; u != 0; u = typeBase(u)) tupleSetItem(r, i++, boxPtr(u));
    return boxPtr(r);
  }
  const v = lookupType(t, name);
  if (v != 0) {
    // dict.fromkeys is a classmethod: bound to the class itself.
    if (isClassMethodDescriptor(v)) {
      const b = bindMethod(unboxPtr(v), boxPtr(t));
      decref(v);
      return b;
    }
    return v;
  }
  return raiseWithStr(AttributeError, fmtMsg("type object '%s' has no attribute '%s'", typeName(t), name));
}

function lastDot(s: usize): i32 {
  for (let i = <i32>strByteLength(s) - 1; i >= 0; i--) if (load<u8>(strData(s) + <usize>i) == 0x2E) return i;
  return -1;
}

/** obj.name: a new reference, or ERR with AttributeError. */
export function rt_getattr(obj: Value, name: Value): Value {
  const n = unboxPtr(name);
  const t = typeOf(obj);
  const k = typeKind(t);
  // A class (whatever its metaclass) first: the metaclass of a class may be a class statement's.
  if (k == Kind.TYPE) return isHeapType(unboxPtr(obj)) ? heapTypeGetAttr(unboxPtr(obj), n) : typeGetAttr(unboxPtr(obj), n);
  if (isHeapType(t)) return instanceGetAttr(obj, n);
  if (k == Kind.MODULE) return moduleGetAttr(unboxPtr(obj), n);
  if (t == GENERIC_ALIAS_TYPE || t == UNION_TYPE) {
    const v = aliasGetAttr(unboxPtr(obj), n);
    if (v != 0) return v;
  } else if (k == Kind.SUPER) return superGetAttr(unboxPtr(obj), n);
  if (k == Kind.METHOD) {
    const v = methodGetAttr(unboxPtr(obj), n);
    if (v != 0) return v;
    // Everything else is the function's: __name__, __qualname__, __doc__, ...
    return rt_getattr(pairFirst(unboxPtr(obj)), name);
  }
  if ((k == Kind.STATICMETHOD || k == Kind.CLASSMETHOD) && strIs(n, "__func__")) return newRef(pairFirst(unboxPtr(obj)));
  if (k == Kind.PROPERTY) {
    const p = unboxPtr(obj);
    if (strIs(n, "fget")) return newRef(load<u64>(p, 8));
    if (strIs(n, "fset")) return newRef(load<u64>(p, 16));
    if (strIs(n, "fdel")) return newRef(load<u64>(p, 24));
    if (strIs(n, "__doc__")) return propertyDoc(p);
  }
  if (k == Kind.EXCEPTION) {
    const v = exceptionGetAttr(unboxPtr(obj), n);
    if (v != 0) return v;
  }
  if (k == Kind.MEMORYVIEW) {
    const v = memoryviewGetAttr(unboxPtr(obj), n);
    if (v != 0) return v;
  }
  if (k == Kind.ARRAY) {
    if (strIs(n, "typecode")) return charStr(arrayCode(unboxPtr(obj)));
    if (strIs(n, "itemsize")) return boxSmall(<i64>arrayItemSize(unboxPtr(obj)));
  }
  if (strIs(n, "__class__")) return boxPtr(t);
  if (k == Kind.FUNCTION) {
    const f = unboxPtr(obj);
    if (strIs(n, "__name__")) return boxPtr(functionName(f));
    if (strIs(n, "__qualname__")) {
      const owner = functionOwner(f);
      if (owner == 0 || typeAt(owner) != TYPE_TYPE) return boxPtr(functionName(f));
      return raiseOr(fmtMsg("%s.%s", typeName(owner), functionName(f)));
    }
    if (strIs(n, "__self__")) {
      const self = functionSelf(f);
      if (self == UNBOUND) return NONE;
      incref(self);
      return self;
    }
    if (strIs(n, "__objclass__") && t == METHOD_DESCRIPTOR_TYPE) return boxPtr(functionOwner(f));
  }
  if (k == Kind.PYFUNCTION) {
    const f = unboxPtr(obj);
    const d = functionDictField(f);
    if (!isNone(d)) {
      const v = dictGetItemOrNull(unboxPtr(d), boxPtr(n));
      if (v == ERR) rt_err_clear();
      else if (v != 0) return v;
    }
    if (strIs(n, "__name__")) return newRef(boxPtr(codeName(functionCode(f))));
    if (strIs(n, "__qualname__")) return newRef(boxPtr(functionQualname(f)));
    if (strIs(n, "__defaults__")) return newRef(functionDefaults(f));
    if (strIs(n, "__kwdefaults__")) return newRef(functionKwdefaults(f));
    if (strIs(n, "__closure__")) return newRef(rt_function_closure(obj));
    if (strIs(n, "__code__")) return boxPtr(functionCode(f));
    if (strIs(n, "__module__")) return boxPtr(strFromLiteral("__main__", false));
    if (strIs(n, "__doc__")) return NONE;
    if (strIs(n, "__annotations__")) {
      // Made empty on first use, as CPython does for a def without annotations.
      const fd = functionDict(f);
      if (fd == 0) return ERR;
      const ann = dictNew();
      if (ann == 0 || dictSetItem(fd, name, boxPtr(ann)) < 0) return ERR;
      return boxPtr(ann);
    }
    if (strIs(n, "__dict__")) {
      const fd = functionDict(f);
      if (fd == 0) return ERR;
      return newRef(boxPtr(fd));
    }
  }
  if (k == Kind.CODE) {
    const v = codeAttr(unboxPtr(obj), n);
    if (v != 0) return v;
  }
  if (k == Kind.CELL && strIs(n, "cell_contents")) {
    const v = rt_cell_get(obj);
    return v == UNBOUND ? raiseWithStr(ValueError, strFromLiteral("Cell is empty", false)) : v;
  }
  if (k == Kind.SLICE) {
    const v = sliceGetAttr(unboxPtr(obj), n);
    if (v != 0) return v;
  }
  if (k == Kind.RANGE) {
    const r = unboxPtr(obj);
    if (strIs(n, "start")) return rangeField(r, RF_START);
    if (strIs(n, "stop")) return rangeField(r, RF_STOP);
    if (strIs(n, "step")) return rangeField(r, RF_STEP);
  }
  if (k == Kind.INT || k == Kind.BOOL) {
    if (strIs(n, "real") || strIs(n, "numerator")) return isBool(obj) ? boxSmall(unboxSmall(obj)) : newRef(obj);
    if (strIs(n, "imag")) return boxSmall(0);
    if (strIs(n, "denominator")) return boxSmall(1);
  }
  if (k == Kind.FLOAT) {
    if (strIs(n, "real")) return obj;
    if (strIs(n, "imag")) return boxFloat(0);
  }
  const v = lookupType(t, n);
  if (v != 0) {
    if (isPtr(v) && typeAt(unboxPtr(v)) == METHOD_DESCRIPTOR_TYPE) {
      const b = bindMethod(unboxPtr(v), obj);
      decref(v);
      return b;
    }
    return v;
  }
  return noAttribute(obj, n);
}

function raiseOr(s: usize): Value { return s == 0 ? ERR : boxPtr(s); }

// @ts-ignore: decorator
@inline function newRef(v: Value): Value {
  incref(v);
  return v;
}

/** obj.name = v: 0, or -1 with AttributeError / TypeError pending. */
export function rt_setattr(obj: Value, name: Value, v: Value): i32 {
  const n = unboxPtr(name);
  const t = typeOf(obj);
  const k = typeKind(t);
  if (k == Kind.TYPE && isHeapType(unboxPtr(obj))) return heapTypeSetAttr(unboxPtr(obj), n, v);
  if (isHeapType(t)) return instanceSetAttr(obj, n, v);
  if (k == Kind.MODULE) return moduleSetAttr(unboxPtr(obj), n, v);
  if (k == Kind.EXCEPTION) return exceptionSetAttr(unboxPtr(obj), n, v);
  if (k == Kind.PYFUNCTION) {
    const fd = functionDict(unboxPtr(obj));
    if (fd == 0) return -1;
    return dictSetItem(fd, name, v);
  }
  if (k == Kind.CELL && strIs(n, "cell_contents")) {
    rt_cell_set(obj, v);
    return 0;
  }
  return cannotSet(obj, t, n);
}


/** Why a builtin object's attribute cannot be set or deleted: -1 with the error CPython gives. */
function cannotSet(obj: Value, t: usize, n: usize): i32 {
  if (typeKind(t) == Kind.TYPE) {
    raiseWithStr(TypeError, fmtMsg("cannot set '%s' attribute of immutable type '%s'", n, typeName(unboxPtr(obj))));
    return -1;
  }
  const existing = lookupType(t, n);
  if (existing != 0) {
    decref(existing);
    raiseWithStr(AttributeError, fmtMsg("'%s' object attribute '%s' is read-only", typeName(t), n));
    return -1;
  }
  noAttribute(obj, n);
  return -1;
}

/** del obj.name: 0, or -1 with AttributeError / TypeError pending. */
export function rt_delattr(obj: Value, name: Value): i32 {
  const n = unboxPtr(name);
  const t = typeOf(obj);
  if (typeKind(t) == Kind.TYPE && isHeapType(unboxPtr(obj))) return heapTypeSetAttr(unboxPtr(obj), n, UNBOUND);
  if (isHeapType(t)) return instanceSetAttr(obj, n, UNBOUND);
  if (typeKind(t) == Kind.MODULE) return moduleDelAttr(unboxPtr(obj), n);
  if (typeKind(t) == Kind.CELL && strIs(n, "cell_contents")) {
    rt_cell_set(obj, UNBOUND);
    return 0;
  }
  return cannotSet(obj, t, n);
}

import { propertyDoc } from "./classes";
import { moduleDelAttr } from "./modules";
