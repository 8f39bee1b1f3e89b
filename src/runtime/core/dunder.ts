// The special methods of the builtin types as callable attributes: `(5).__add__(1)`,
// `int.__mul__(4, 5)`, `"a".__len__()`. One native serves them all and dispatches on the
// method's name; binary methods return NotImplemented for operand types the type itself does
// not handle (int.__add__(1.5)), as CPython's slot wrappers do.
import { Value, ERR, NONE, TRUE, FALSE, boxPtr, unboxPtr, boxBool, isFloat, isNone } from "./value";
import {
  Kind, OBJECT_TYPE, INT_TYPE, FLOAT_TYPE, STR_TYPE, LIST_TYPE, TUPLE_TYPE, DICT_TYPE, SET_TYPE, FROZENSET_TYPE,
  RANGE_TYPE, DICT_KEYS_TYPE, DICT_VALUES_TYPE, DICT_ITEMS_TYPE, NOTIMPLEMENTED, typeOf, typeKind, incref,
} from "./object";
import { fmtMsg } from "./format";
import { raiseWithStr, TypeError } from "./exceptions";
import { strData, strByteLength, strFromLiteral } from "./str";
import { argAt, checkOne, checkNoArgs, checkPositional, functionName, functionOwner } from "./call";
import { Fn } from "./natives";
import { method, isAnySet } from "./methods";
import { isInt } from "./int";
import {
  rt_add, rt_sub, rt_mul, rt_truediv, rt_floordiv, rt_mod, rt_pow, rt_pow3, rt_lshift, rt_rshift, rt_and, rt_or,
  rt_xor, rt_divmod, rt_matmul, rt_neg, rt_pos, rt_abs, rt_invert, rt_eq, rt_ne, rt_lt, rt_le, rt_gt, rt_ge,
  rt_hash, rt_str, rt_repr, rt_truthy, rt_len, rt_contains, rt_getitem, rt_setitem, rt_delitem, rt_round,
} from "./ops";
import { rt_get_iter } from "./iter";
import { construct, toFloat } from "./builtins";
import { formatValue } from "./strfmt";
import { isUserObject, typeName, decref } from "./object";
import { UNBOUND, boxSmall } from "./value";
import { reprBase, reprOf, strOf, objectRepr } from "./ops";
import { ARRAY_TYPE } from "./arraytype";
import { MEMORYVIEW_TYPE } from "./memoryview";
import { hasBase } from "./subclass";
import { dictSetItem } from "./dict";
import { typeDict } from "./object";

/** The function object being called (set by rt_call): its name selects the operation. */
export let calledFunction: usize = 0;
export function setCalledFunction(f: usize): void { calledFunction = f; }

function nameIs(s: usize, lit: string): bool {
  const n = <u32>lit.length;
  if (strByteLength(s) != n) return false;
  const p = strData(s);
  for (let i: u32 = 0; i < n; i++) if (<u32>load<u8>(p + i) != <u32>lit.charCodeAt(i)) return false;
  return true;
}

function reg(t: usize, name: string): void { method(t, name, Fn.DUNDER); }

export function initDunders(): void {
  // Every object
  reg(OBJECT_TYPE, "__eq__");
  reg(OBJECT_TYPE, "__ne__");
  reg(OBJECT_TYPE, "__lt__");
  reg(OBJECT_TYPE, "__le__");
  reg(OBJECT_TYPE, "__gt__");
  reg(OBJECT_TYPE, "__ge__");
  reg(OBJECT_TYPE, "__hash__");
  reg(OBJECT_TYPE, "__str__");
  reg(OBJECT_TYPE, "__repr__");
  reg(OBJECT_TYPE, "__format__");
  // Numbers (bool inherits int's)
  for (let i = 0; i < 2; i++) {
    const t = i == 0 ? INT_TYPE : FLOAT_TYPE;
    reg(t, "__add__"); reg(t, "__radd__"); reg(t, "__sub__"); reg(t, "__rsub__");
    reg(t, "__mul__"); reg(t, "__rmul__"); reg(t, "__truediv__"); reg(t, "__rtruediv__");
    reg(t, "__floordiv__"); reg(t, "__rfloordiv__"); reg(t, "__mod__"); reg(t, "__rmod__");
    reg(t, "__pow__"); reg(t, "__rpow__"); reg(t, "__divmod__"); reg(t, "__rdivmod__");
    reg(t, "__neg__"); reg(t, "__pos__"); reg(t, "__abs__"); reg(t, "__bool__");
    reg(t, "__int__"); reg(t, "__float__"); reg(t, "__round__");
  }
  reg(INT_TYPE, "__index__"); reg(INT_TYPE, "__invert__");
  reg(INT_TYPE, "__lshift__"); reg(INT_TYPE, "__rlshift__"); reg(INT_TYPE, "__rshift__"); reg(INT_TYPE, "__rrshift__");
  reg(INT_TYPE, "__and__"); reg(INT_TYPE, "__rand__"); reg(INT_TYPE, "__or__"); reg(INT_TYPE, "__ror__");
  reg(INT_TYPE, "__xor__"); reg(INT_TYPE, "__rxor__");
  // Containers
  regContainer(STR_TYPE, true);
  regContainer(LIST_TYPE, true);
  regContainer(TUPLE_TYPE, true);
  regContainer(RANGE_TYPE, false);
  regContainer(DICT_TYPE, false);
  regContainer(SET_TYPE, false);
  regContainer(FROZENSET_TYPE, false);
  regContainer(DICT_KEYS_TYPE, false);
  regContainer(DICT_VALUES_TYPE, false);
  regContainer(DICT_ITEMS_TYPE, false);
  regContainer(ARRAY_TYPE, true);
  reg(ARRAY_TYPE, "__setitem__"); reg(ARRAY_TYPE, "__delitem__");
  reg(MEMORYVIEW_TYPE, "__len__"); reg(MEMORYVIEW_TYPE, "__iter__"); reg(MEMORYVIEW_TYPE, "__getitem__");
  reg(MEMORYVIEW_TYPE, "__setitem__"); reg(MEMORYVIEW_TYPE, "__delitem__");
  reg(STR_TYPE, "__mod__");
  reg(LIST_TYPE, "__setitem__"); reg(LIST_TYPE, "__delitem__"); reg(LIST_TYPE, "__iadd__");
  reg(DICT_TYPE, "__setitem__"); reg(DICT_TYPE, "__delitem__"); reg(DICT_TYPE, "__or__");
  for (let i = 0; i < 2; i++) {
    const t = i == 0 ? SET_TYPE : FROZENSET_TYPE;
    reg(t, "__or__"); reg(t, "__and__"); reg(t, "__sub__"); reg(t, "__xor__");
  }
  // Their own comparisons, repr and hash, so that a class derived from one reaches them
  // (dict.__eq__(self, other)) rather than object's.
  for (let i = 0; i < 8; i++) {
    const t = i == 0 ? INT_TYPE : i == 1 ? FLOAT_TYPE : i == 2 ? STR_TYPE : i == 3 ? TUPLE_TYPE : i == 4 ? LIST_TYPE
      : i == 5 ? DICT_TYPE : i == 6 ? SET_TYPE : FROZENSET_TYPE;
    reg(t, "__eq__"); reg(t, "__ne__"); reg(t, "__lt__"); reg(t, "__le__"); reg(t, "__gt__"); reg(t, "__ge__");
    reg(t, "__repr__");
    if (t == LIST_TYPE || t == DICT_TYPE || t == SET_TYPE) dictSetItem(typeDict(t), boxPtr(strFromLiteral("__hash__", true)), NONE);
    else reg(t, "__hash__");
  }
  reg(STR_TYPE, "__str__");
  reg(STR_TYPE, "__format__"); reg(INT_TYPE, "__format__"); reg(FLOAT_TYPE, "__format__");
}

function regContainer(t: usize, sequence: bool): void {
  reg(t, "__len__");
  reg(t, "__contains__");
  reg(t, "__iter__");
  if (t != SET_TYPE && t != FROZENSET_TYPE && typeKind(t) != Kind.DICTVIEW) reg(t, "__getitem__");
  if (sequence) {
    reg(t, "__add__");
    reg(t, "__mul__");
    reg(t, "__rmul__");
  }
}

// @ts-ignore: decorator
@inline function notImplemented(): Value { return boxPtr(NOTIMPLEMENTED); }

/** Does a number method of self's type take `other` (int: ints; float: ints and floats)? */
function numberOperand(self: Value, other: Value): bool {
  if (isFloat(self)) return isFloat(other) || isInt(other);
  return isInt(other);
}

function isNumber(v: Value): bool { return isFloat(v) || isInt(v); }

/** Comparison methods: int with ints, float with numbers, same-kind containers, else NotImplemented. */
function comparable(a: Value, b: Value): bool {
  if (isNumber(a)) return numberOperand(a, b);
  const ta = typeOf(a), tb = typeOf(b);
  if (ta == tb) return true;
  return isAnySet(a) && isAnySet(b);
}

export function callDunder(self: Value, argv: usize, argc: u32, kw: Value): Value {
  const name = functionName(calledFunction);
  if (isUserObject(self)) {
    const r = objectDunder(self, name, argv, argc, kw);
    if (r != UNBOUND) return r;
  }
  // Unary methods
  if (nameIs(name, "__neg__") || nameIs(name, "__pos__") || nameIs(name, "__abs__") || nameIs(name, "__invert__")
    || nameIs(name, "__bool__") || nameIs(name, "__int__") || nameIs(name, "__float__") || nameIs(name, "__index__")
    || nameIs(name, "__hash__") || nameIs(name, "__str__") || nameIs(name, "__repr__") || nameIs(name, "__len__")
    || nameIs(name, "__iter__")) {
    if (!checkNoArgsNamed(name, argc, kw)) return ERR;
    if (nameIs(name, "__neg__")) return rt_neg(self);
    if (nameIs(name, "__pos__")) return rt_pos(self);
    if (nameIs(name, "__abs__")) return rt_abs(self);
    if (nameIs(name, "__invert__")) return rt_invert(self);
    if (nameIs(name, "__bool__")) {
      const t = rt_truthy(self);
      return t < 0 ? ERR : boxBool(t == 1);
    }
    if (nameIs(name, "__int__") || nameIs(name, "__index__")) return construct(INT_TYPE, argvOf(self), 1, NONE);
    if (nameIs(name, "__float__")) return toFloat(self);
    if (nameIs(name, "__hash__")) return rt_hash(self);
    if (nameIs(name, "__str__")) return rt_str(self);
    if (nameIs(name, "__repr__")) return rt_repr(self);
    if (nameIs(name, "__len__")) return rt_len(self);
    return rt_get_iter(self);
  }
  if (nameIs(name, "__round__")) {
    if (!checkPositional("__round__", argc, kw, 0, 1)) return ERR;
    return rt_round(self, argc == 1 ? argAt(argv, 0) : NONE);
  }
  if (nameIs(name, "__format__")) {
    if (!checkOne("__format__", argc, kw)) return ERR;
    const spec = argAt(argv, 0);
    if (typeOf(spec) != STR_TYPE) return raiseWithStr(TypeError, fmtMsg("__format__() argument must be str, not %s", typeNameOf(spec)));
    return formatValue(self, unboxPtr(spec));
  }
  if (nameIs(name, "__pow__") || nameIs(name, "__rpow__")) {
    if (!checkPositional(nameIs(name, "__pow__") ? "__pow__" : "__rpow__", argc, kw, 1, 2)) return ERR;
    const other = argAt(argv, 0);
    if (!numberOperand(self, other)) return notImplemented();
    const mod = argc == 2 ? argAt(argv, 1) : NONE;
    const reflected = nameIs(name, "__rpow__");
    const a = reflected ? other : self, b = reflected ? self : other;
    return isNone(mod) ? rt_pow(a, b) : rt_pow3(a, b, mod);
  }
  if (nameIs(name, "__setitem__")) {
    if (!checkPositional("__setitem__", argc, kw, 2, 2)) return ERR;
    return rt_setitem(self, argAt(argv, 0), argAt(argv, 1)) < 0 ? ERR : NONE;
  }
  // Everything else takes one argument.
  if (!checkOneNamed(name, argc, kw)) return ERR;
  const other = argAt(argv, 0);
  if (nameIs(name, "__getitem__")) return rt_getitem(self, other);
  if (nameIs(name, "__delitem__")) return rt_delitem(self, other) < 0 ? ERR : NONE;
  if (nameIs(name, "__contains__")) return rt_contains(other, self);
  if (nameIs(name, "__eq__") || nameIs(name, "__ne__")) {
    if (!comparable(self, other)) {
      // object.__eq__: identity, else NotImplemented.
      if (self == other) return nameIs(name, "__eq__") ? TRUE : FALSE;
      return notImplemented();
    }
    return nameIs(name, "__eq__") ? rt_eq(self, other) : rt_ne(self, other);
  }
  if (nameIs(name, "__lt__") || nameIs(name, "__le__") || nameIs(name, "__gt__") || nameIs(name, "__ge__")) {
    if (!comparable(self, other)) return notImplemented();
    if (nameIs(name, "__lt__")) return rt_lt(self, other);
    if (nameIs(name, "__le__")) return rt_le(self, other);
    if (nameIs(name, "__gt__")) return rt_gt(self, other);
    return rt_ge(self, other);
  }
  const k = typeKind(typeOf(self));
  if (k == Kind.STR || k == Kind.LIST || k == Kind.TUPLE || k == Kind.ARRAY) {
    if (nameIs(name, "__add__")) return rt_add(self, other);
    if (nameIs(name, "__iadd__")) {
      const r = rt_add(self, other);
      return r;
    }
    if (nameIs(name, "__mod__")) return rt_mod(self, other);
    if (!isInt(other)) return notImplemented();
    return rt_mul(self, other);
  }
  if (k == Kind.SET || k == Kind.DICT) {
    if (typeOf(other) != typeOf(self) && !(isAnySet(self) && isAnySet(other))) return notImplemented();
    if (nameIs(name, "__or__")) return rt_or(self, other);
    if (nameIs(name, "__and__")) return rt_and(self, other);
    if (nameIs(name, "__sub__")) return rt_sub(self, other);
    return rt_xor(self, other);
  }
  // Binary number methods, plain and reflected.
  if (!numberOperand(self, other)) return notImplemented();
  const p = strData(name);
  const reflected = strByteLength(name) > 4 && load<u8>(p + 2) == 0x72 && !nameIs(name, "__rshift__") && !nameIs(name, "__round__");
  const a = reflected ? other : self, b = reflected ? self : other;
  if (nameIs(name, "__add__") || nameIs(name, "__radd__")) return rt_add(a, b);
  if (nameIs(name, "__sub__") || nameIs(name, "__rsub__")) return rt_sub(a, b);
  if (nameIs(name, "__mul__") || nameIs(name, "__rmul__")) return rt_mul(a, b);
  if (nameIs(name, "__truediv__") || nameIs(name, "__rtruediv__")) return rt_truediv(a, b);
  if (nameIs(name, "__floordiv__") || nameIs(name, "__rfloordiv__")) return rt_floordiv(a, b);
  if (nameIs(name, "__mod__") || nameIs(name, "__rmod__")) return rt_mod(a, b);
  if (nameIs(name, "__divmod__") || nameIs(name, "__rdivmod__")) return rt_divmod(a, b);
  if (nameIs(name, "__lshift__") || nameIs(name, "__rlshift__")) return rt_lshift(a, b);
  if (nameIs(name, "__rshift__") || nameIs(name, "__rrshift__")) return rt_rshift(a, b);
  if (nameIs(name, "__and__") || nameIs(name, "__rand__")) return rt_and(a, b);
  if (nameIs(name, "__or__") || nameIs(name, "__ror__")) return rt_or(a, b);
  if (nameIs(name, "__xor__") || nameIs(name, "__rxor__")) return rt_xor(a, b);
  return rt_matmul(a, b);
}

const ARGV1: usize = memory.data(8, 8);
function argvOf(v: Value): usize {
  store<u64>(ARGV1, v);
  return ARGV1;
}

import { typeName } from "./object";
function typeNameOf(v: Value): usize { return typeName(typeOf(v)); }

/** Slot wrappers' arity errors: "expected 0 arguments, got 1". */
function checkNoArgsNamed(name: usize, argc: u32, kw: Value): bool {
  if (argc == 0 && isNone(kw)) return true;
  raiseWithStr(TypeError, fmtMsg(argc == 1 ? "expected 0 arguments, got %d" : "expected 0 arguments, got %d", argc));
  return false;
}

function checkOneNamed(name: usize, argc: u32, kw: Value): bool {
  if (argc == 1 && isNone(kw)) return true;
  raiseWithStr(TypeError, fmtMsg("expected 1 argument, got %d", argc));
  return false;
}

/**
 * object's own special methods on a class statement's instance, reached through super() or
 * `object.__repr__(self)`: they must not dispatch back to the class's overrides.
 */
function objectDunder(self: Value, name: usize, argv: usize, argc: u32, kw: Value): Value {
  if (nameIs(name, "__repr__") || nameIs(name, "__str__") || nameIs(name, "__hash__")) {
    if (!checkNoArgsNamed(name, argc, kw)) return ERR;
    if (nameIs(name, "__hash__")) return boxSmall(<i64>(rotr<u64>(<u64>unboxPtr(self), 4) & 0x7FFF_FFFF_FFFF));
    // object.__str__ is repr(self), which does use the class's __repr__.
    // object.__repr__ of a class derived from a builtin is object's; the builtin's own is the builtin's.
    const own = hasBase(self) && functionOwner(calledFunction) == OBJECT_TYPE;
    const s = nameIs(name, "__repr__") ? (own ? objectRepr(self) : reprBase(self)) : reprOf(self);
    return s == 0 ? ERR : boxPtr(s);
  }
  if (nameIs(name, "__eq__") || nameIs(name, "__ne__") || nameIs(name, "__lt__") || nameIs(name, "__le__")
    || nameIs(name, "__gt__") || nameIs(name, "__ge__")) {
    if (!checkOneNamed(name, argc, kw)) return ERR;
    const other = argAt(argv, 0);
    if (self == other && nameIs(name, "__eq__")) return TRUE;
    if (nameIs(name, "__ne__")) {
      // object.__ne__ inverts __eq__ (the class's own, if it has one).
      const e = rt_eq(self, other);
      if (e == ERR || e == notImplemented()) return e;
      const t = rt_truthy(e);
      decref(e);
      return t < 0 ? ERR : boxBool(t == 0);
    }
    return notImplemented();
  }
  if (nameIs(name, "__format__")) {
    if (!checkOne("__format__", argc, kw)) return ERR;
    const spec = argAt(argv, 0);
    if (typeOf(spec) != STR_TYPE) return raiseWithStr(TypeError, fmtMsg("__format__() argument must be str, not %s", typeNameOf(spec)));
    if (strByteLength(unboxPtr(spec)) != 0) {
      return raiseWithStr(TypeError, fmtMsg("unsupported format string passed to %s.__format__", typeName(typeOf(self))));
    }
    const s = strOf(self);
    return s == 0 ? ERR : boxPtr(s);
  }
  return UNBOUND;
}
