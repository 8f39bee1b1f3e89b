// Calls: builtin function objects, argument binding with CPython's error messages, and
// rt_call, the generic entry compiled code uses for any callee it cannot resolve statically.
//
// A builtin function object names a native implementation by number (Fn, in natives.ts);
// dispatch is one switch. The same object kind serves module-level builtins (`len`), methods
// bound to their receiver (`[].append`) and unbound method descriptors (`str.isdigit`).
import { Value, ERR, UNBOUND, NONE, boxPtr, unboxPtr, isPtr, isNone } from "./value";
import {
  Kind, FUNCTION_TYPE, METHOD_DESCRIPTOR_TYPE, IMMORTAL, newObject, freeObject, decrefChild, incref,
  typeAt, typeKind, typeName, typeOf, isSubtype,
} from "./object";
import { raiseWithStr, TypeError } from "./exceptions";
import { fmtMsg, builderNew, builderLiteral, builderFinish } from "./format";
import { strFromLiteral, strByteLength, strData } from "./str";
import { tupleLength, tupleItem } from "./tuple";
import { callNative } from "./natives";
import { construct } from "./builtins";
import { callPyFunction } from "./pyfunc";
import { setCalledFunction } from "./dunder";

// Function object layout, after the header.
const FN_ID: usize = 8;      // u32: native implementation (Fn)
const FN_NAME: usize = 12;   // u32: str (immortal)
const FN_SELF: usize = 16;   // u64: the receiver of a bound method (owned), UNBOUND if none
const FN_OWNER: usize = 24;  // u32: the type a method belongs to, or the module of a function
const FN_SIZE: usize = 32;

// @ts-ignore: decorator
@inline export function functionId(f: usize): u32 { return load<u32>(f, FN_ID); }
// @ts-ignore: decorator
@inline export function functionName(f: usize): usize { return <usize>load<u32>(f, FN_NAME); }
// @ts-ignore: decorator
@inline export function functionSelf(f: usize): Value { return load<u64>(f, FN_SELF); }
// @ts-ignore: decorator
@inline export function functionOwner(f: usize): usize { return <usize>load<u32>(f, FN_OWNER); }

/** An immortal builtin function or method descriptor, made at start-up. */
export function staticFunction(type: usize, id: u32, name: string, owner: usize): usize {
  const f = newObject(type, FN_SIZE);
  store<i32>(f, IMMORTAL);
  store<u32>(f, id, FN_ID);
  store<u32>(f, <u32>strFromLiteral(name, true), FN_NAME);
  store<u64>(f, UNBOUND, FN_SELF);
  store<u32>(f, <u32>owner, FN_OWNER);
  return f;
}

/** A method descriptor bound to a receiver (borrowed): what `obj.method` evaluates to. */
export function bindMethod(descr: usize, self: Value): Value {
  const f = newObject(FUNCTION_TYPE, FN_SIZE);
  if (f == 0) return ERR;
  incref(self);
  store<u32>(f, functionId(descr), FN_ID);
  store<u32>(f, <u32>functionName(descr), FN_NAME);
  store<u64>(f, self, FN_SELF);
  store<u32>(f, <u32>functionOwner(descr), FN_OWNER);
  return boxPtr(f);
}

export function functionDealloc(f: usize): void {
  decrefChild(load<u64>(f, FN_SELF));
  freeObject(f, FN_SIZE);
}

// ---- argument vectors ----------------------------------------------------------------------

// @ts-ignore: decorator
@inline export function argAt(argv: usize, i: u32): Value { return load<u64>(argv + (<usize>i << 3)); }

/** Number of keyword arguments (the trailing values of argv). */
// @ts-ignore: decorator
@inline export function kwCount(kwnames: Value): u32 { return isNone(kwnames) ? 0 : tupleLength(unboxPtr(kwnames)); }

/** Does str object s hold exactly the ASCII literal `lit`? */
export function strIs(s: usize, lit: string): bool {
  const n = <u32>lit.length;
  if (strByteLength(s) != n) return false;
  const p = strData(s);
  for (let i: u32 = 0; i < n; i++) if (<u32>load<u8>(p + i) != <u32>lit.charCodeAt(i)) return false;
  return true;
}

/** The part of a literal template before the first "()" or space: "len" of "len()". */
function nameStr(f: string): usize { return strFromLiteral(f, false); }

function typeErrorMsg(msg: usize): Value { return raiseWithStr(TypeError, msg); }

/** "f() takes no keyword arguments" */
export function errNoKw(f: string): Value {
  const n = nameStr(f);
  const r = typeErrorMsg(fmtMsg("%s() takes no keyword arguments", n));
  decrefChild(boxPtr(n));
  return r;
}

/** "f() takes exactly one argument (n given)": METH_O builtins. */
export function errExactlyOne(f: string, given: u32): Value {
  const n = nameStr(f);
  const r = typeErrorMsg(fmtMsg("%s() takes exactly one argument (%d given)", n, given));
  decrefChild(boxPtr(n));
  return r;
}

/** "f expected [at least |at most ]N argument[s], got n": _PyArg_CheckPositional. */
export function errExpected(f: string, given: u32, min: u32, max: u32): Value {
  const n = nameStr(f);
  const want = given < min ? min : max;
  const how = min == max ? "" : given < min ? "at least " : "at most ";
  const h = strFromLiteral(how, false);
  const msg = want == 1
    ? fmtMsg("%s expected %s%d argument, got %d", n, h, want, given)
    : fmtMsg("%s expected %s%d arguments, got %d", n, h, want, given);
  decrefChild(boxPtr(h));
  decrefChild(boxPtr(n));
  return typeErrorMsg(msg);
}

/** Checks a positional-only builtin's argument count (no keywords), CPython's messages. */
export function checkPositional(f: string, argc: u32, kwnames: Value, min: u32, max: u32, kwName: string = ""): bool {
  if (kwCount(kwnames) != 0) {
    errNoKw(kwName.length > 0 ? kwName : f);
    return false;
  }
  if (argc < min || argc > max) {
    errExpected(f, argc, min, max);
    return false;
  }
  return true;
}

/** A METH_O builtin's check: no keywords, exactly one argument. */
export function checkOne(f: string, argc: u32, kwnames: Value): bool {
  if (kwCount(kwnames) != 0) {
    errNoKw(f);
    return false;
  }
  if (argc != 1) {
    errExactlyOne(f, argc);
    return false;
  }
  return true;
}

/** A METH_NOARGS method's check: "f() takes no arguments (n given)". */
export function checkNoArgs(f: string, argc: u32, kwnames: Value): bool {
  if (kwCount(kwnames) != 0) {
    errNoKw(f);
    return false;
  }
  if (argc != 0) {
    const n = nameStr(f);
    typeErrorMsg(fmtMsg("%s() takes no arguments (%d given)", n, argc));
    decrefChild(boxPtr(n));
    return false;
  }
  return true;
}

/** Bound parameters after bindArgs: slot i holds parameter i's argument, or UNBOUND. */
const BOUND_MAX: u32 = 8;
const BOUND: usize = memory.data(<i32>BOUND_MAX * 8, 8);
// @ts-ignore: decorator
@inline export function boundArg(i: u32): Value { return load<u64>(BOUND + (<usize>i << 3)); }
/** The bound argument, or `dflt` when it was not given. */
export function boundOr(i: u32, dflt: Value): Value {
  const v = load<u64>(BOUND + (<usize>i << 3));
  return v == UNBOUND ? dflt : v;
}

/** Start and end (exclusive) of parameter i's name in a comma-separated list. */
let paramStart: i32 = 0;
let paramEnd: i32 = 0;
function findParam(params: string, index: u32): bool {
  let start = 0;
  let k: u32 = 0;
  for (let i = 0; i <= params.length; i++) {
    if (i == params.length || params.charCodeAt(i) == 0x2C) {
      if (k == index) {
        paramStart = start;
        paramEnd = i;
        return true;
      }
      k++;
      start = i + 1;
    }
  }
  return false;
}

function paramIs(s: usize, params: string): bool {
  const n = <u32>(paramEnd - paramStart);
  if (strByteLength(s) != n) return false;
  const p = strData(s);
  for (let i: u32 = 0; i < n; i++) if (<u32>load<u8>(p + i) != <u32>params.charCodeAt(paramStart + <i32>i)) return false;
  return true;
}

function paramStr(params: string): usize {
  const b = builderNew(16);
  if (b == 0) return 0;
  builderLiteral(b, params, paramStart, paramEnd);
  return builderFinish(b);
}

/**
 * Binds (argv, argc, kwnames) to the comma-separated parameters, Argument Clinic style: the
 * first `posOnly` can only be given by position, at most `maxPos` by position, and the first
 * `required` must be present. False with CPython's TypeError pending.
 */
export function bindArgs(
  f: string, argv: usize, argc: u32, kwnames: Value, params: string, required: u32, posOnly: u32, maxPos: u32,
): bool {
  let count: u32 = 1;
  for (let i = 0; i < params.length; i++) if (params.charCodeAt(i) == 0x2C) count++;
  if (params.length == 0) count = 0;
  for (let i: u32 = 0; i < BOUND_MAX; i++) store<u64>(BOUND + (<usize>i << 3), UNBOUND);
  const nkw = kwCount(kwnames);
  const npos = argc - nkw;
  if (argc > count) {
    const n = nameStr(f);
    const how = strFromLiteral(required < count ? "at most" : "exactly", false);
    const msg = count == 1
      ? fmtMsg("%s() takes %s %d argument (%d given)", n, how, count, argc)
      : fmtMsg("%s() takes %s %d arguments (%d given)", n, how, count, argc);
    decrefChild(boxPtr(how));
    decrefChild(boxPtr(n));
    typeErrorMsg(msg);
    return false;
  }
  if (npos > maxPos) {
    const n = nameStr(f);
    const how = strFromLiteral(required < maxPos ? "at most" : "exactly", false);
    const msg = maxPos == 1
      ? fmtMsg("%s() takes %s %d argument (%d given)", n, how, maxPos, npos)
      : fmtMsg("%s() takes %s %d arguments (%d given)", n, how, maxPos, npos);
    decrefChild(boxPtr(how));
    decrefChild(boxPtr(n));
    typeErrorMsg(msg);
    return false;
  }
  for (let i: u32 = 0; i < npos; i++) store<u64>(BOUND + (<usize>i << 3), argAt(argv, i));
  // Keywords, parameter by parameter (as _PyArg_UnpackKeywords looks them up).
  let used: u32 = 0;
  for (let i: u32 = max<u32>(npos, posOnly); i < count && used < nkw; i++) {
    findParam(params, i);
    for (let k: u32 = 0; k < nkw; k++) {
      if (paramIs(unboxPtr(tupleItem(unboxPtr(kwnames), k)), params)) {
        store<u64>(BOUND + (<usize>i << 3), argAt(argv, npos + k));
        used++;
        break;
      }
    }
  }
  for (let i: u32 = 0; i < required; i++) {
    if (boundArg(i) != UNBOUND) continue;
    const n = nameStr(f);
    if (i < posOnly) {
      typeErrorMsg(required == 1
        ? fmtMsg("%s() takes at least %d positional argument (%d given)", n, required, npos)
        : fmtMsg("%s() takes at least %d positional arguments (%d given)", n, required, npos));
    } else {
      findParam(params, i);
      const p = paramStr(params);
      typeErrorMsg(fmtMsg("%s() missing required argument '%s' (pos %d)", n, p, i + 1));
      decrefChild(boxPtr(p));
    }
    decrefChild(boxPtr(n));
    return false;
  }
  if (used < nkw) {
    // A keyword no parameter took: one also given by position, or an unknown name.
    for (let k: u32 = 0; k < nkw; k++) {
      const name = unboxPtr(tupleItem(unboxPtr(kwnames), k));
      let taken = false;
      let position: i32 = -1;
      for (let i: u32 = 0; i < count; i++) {
        findParam(params, i);
        if (!paramIs(name, params)) continue;
        if (i >= posOnly && i >= npos) taken = true;
        else if (i >= posOnly) position = <i32>i;
        break;
      }
      if (taken) continue;
      const n = nameStr(f);
      if (position >= 0) typeErrorMsg(fmtMsg("argument for %s() given by name ('%s') and position (%d)", n, name, position + 1));
      else typeErrorMsg(fmtMsg("'%s' is an invalid keyword argument for %s()", name, n));
      decrefChild(boxPtr(n));
      return false;
    }
  }
  return true;
}

/** "'T' object is not callable" */
function notCallable(v: Value): Value {
  return typeErrorMsg(fmtMsg("'%s' object is not callable", typeName(typeOf(v))));
}

/**
 * Calls `callee` with `argc` arguments at argv (borrowed), the last len(kwnames) of them by
 * keyword (kwnames: a tuple of strs, or None). Returns a new reference, or ERR.
 */
export function rt_call(callee: Value, argv: usize, argc: u32, kwnames: Value): Value {
  if (!isPtr(callee)) return notCallable(callee);
  const p = unboxPtr(callee);
  const t = typeAt(p);
  const k = typeKind(t);
  if (k == Kind.FUNCTION) {
    // A call of a one-argument builtin counts toward the recursion limit, as CPython's
    // METH_O calls do (its other builtin calls are not checked once specialized).
    if (argc != 1) return callBuiltin(p, t, argv, argc, kwnames);
    if (!enterCall()) return ERR;
    const r = callBuiltin(p, t, argv, argc, kwnames);
    leaveCall();
    return r;
  }
  if (k == Kind.PYFUNCTION) return callPyFunction(callee, argv, argc, kwnames);
  if (k == Kind.JSFUNCTION) return callJsFunction(p, argv, argc, kwnames);
  if (k == Kind.METHOD || k == Kind.STATICMETHOD || k == Kind.CLASSMETHOD) return callMethodObject(p, argv, argc, kwnames);
  if (k == Kind.TYPE) return construct(p, argv, argc, kwnames);
  if (isHeapType(t)) {
    const r = callInstance(callee, argv, argc, kwnames);
    if (r != UNBOUND) return r;
  }
  return notCallable(callee);
}

/** A builtin function, bound method or unbound method descriptor. */
function callBuiltin(p: usize, t: usize, argv: usize, argc: u32, kwnames: Value): Value {
  const id = functionId(p);
  setCalledFunction(p);
  if (t == METHOD_DESCRIPTOR_TYPE) {
    // __new__ of a builtin takes the class first, like a static method.
    if (id == Fn.BUILTIN_NEW) return callNative(id, UNBOUND, argv, argc, kwnames);
    // An unbound method: the receiver is the first argument.
    const owner = functionOwner(p);
    if (argc - kwCount(kwnames) == 0) {
      return typeErrorMsg(fmtMsg("unbound method %s.%s() needs an argument", typeName(owner), functionName(p)));
    }
    const self = argAt(argv, 0);
    if (!isSubtype(typeOf(self), owner)) {
      return typeErrorMsg(fmtMsg(
        "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
        functionName(p), typeName(owner), typeName(typeOf(self)),
      ));
    }
    return callOnBase(p, id, self, argv + 8, argc - 1, kwnames);
  }
  return callOnBase(p, id, functionSelf(p), argv, argc, kwnames);
}

/**
 * A builtin type's method called on an instance of a class derived from it works on the
 * instance as that builtin (subclass.ts); object's own methods see the instance as it is.
 */
function callOnBase(p: usize, id: u32, self: Value, argv: usize, argc: u32, kwnames: Value): Value {
  if (!hasBase(self) || functionOwner(p) == OBJECT_TYPE || id == Fn.BUILTIN_INIT) return callNative(id, self, argv, argc, kwnames);
  // A builtin's repr reprs the items, which can reach the instance again: it must keep its class.
  if (id == Fn.DUNDER && strIs(functionName(p), "__repr__")) return callNative(id, self, argv, argc, kwnames);
  // A special method's operand of a derived class too: list.__eq__(a, b) compares them as lists.
  const other = id == Fn.DUNDER && argc - kwCount(kwnames) >= 1 ? argAt(argv, 0) : NONE;
  const both = other != self && hasBase(other);
  const base = baseValue(self);
  const saved = enterBase(self);
  let otherSaved: usize = 0;
  if (both) {
    store<u64>(argv, baseValue(other));
    otherSaved = enterBase(other);
  }
  const r = callNative(id, base, argv, argc, kwnames);
  if (both) {
    leaveBase(other, otherSaved, NONE);
    store<u64>(argv, other);
  }
  return leaveBase(self, saved, r);
}

/** Calls f(a) with one positional argument (borrowed). */
export function call1(f: Value, a: Value): Value {
  // The scratch vector is reused by nested calls, so each call copies its argument first.
  const argv = rtAllocArgv(1);
  if (argv == 0) return ERR;
  store<u64>(argv, a);
  const r = rt_call(f, argv, 1, NONE);
  rtFreeArgv(argv, 1);
  return r;
}

/** Calls f with n positional arguments from a vector (borrowed). */
export function callN(f: Value, argv: usize, n: u32): Value {
  return rt_call(f, argv, n, NONE);
}

import { alloc, free } from "./alloc";
import { enterCall, leaveCall } from "./exceptions";
import { isHeapType, OBJECT_TYPE } from "./object";
import { callMethodObject, callInstance, hasSpecial, S_CALL } from "./classes";
import { hasBase, enterBase, leaveBase, baseValue } from "./subclass";
import { Fn } from "./natives";
import { raiseMemoryError } from "./exceptions";

/** Argument vectors for calls the runtime makes itself: a LIFO stack, the heap beyond it. */
const ARG_STACK_SIZE: usize = 16384;
const ARG_STACK: usize = memory.data(<i32>ARG_STACK_SIZE, 8);
let argTop: usize = 0;

export function rtAllocArgv(n: u32): usize {
  const size = <usize>max<u32>(n, 1) << 3;
  if (argTop + size <= ARG_STACK_SIZE) {
    const p = ARG_STACK + argTop;
    argTop += size;
    return p;
  }
  const p = alloc(size);
  if (p == 0) raiseMemoryError();
  return p;
}

export function rtFreeArgv(p: usize, n: u32): void {
  const size = <usize>max<u32>(n, 1) << 3;
  if (p >= ARG_STACK && p < ARG_STACK + ARG_STACK_SIZE) argTop = p - ARG_STACK;
  else free(p, size);
}

/** Is v callable? */
export function isCallable(v: Value): bool {
  if (!isPtr(v)) return false;
  const t = typeOf(v);
  const k = typeKind(t);
  if (isHeapType(t)) return hasSpecial(v, S_CALL);
  return k == Kind.FUNCTION || k == Kind.TYPE || k == Kind.PYFUNCTION || k == Kind.METHOD || k == Kind.STATICMETHOD
    || k == Kind.CLASSMETHOD || k == Kind.JSFUNCTION;
}

import { callJsFunction } from "./jsfunction";
