// The builtins namespace: builtin functions (print, len, min, sorted, ...), the constructors
// behind the builtin types (int(...), list(...), range(...), ...), and rt_builtin, which looks
// a name up for compiled code. Argument errors use CPython 3.11's exact messages.
import { numberIndex } from "./number-index";
import {
  Value, ERR, NONE, TRUE, FALSE, UNBOUND, EXHAUSTED, boxPtr, unboxPtr, boxBool, boxSmall, unboxSmall,
  isPtr, isNone, isFloat, isSmallInt, isBool, boxFloat, unboxFloat,
} from "./value";
import { BYTES_TYPE, BYTEARRAY_TYPE, bytesConstruct, isBytesLike, strFromBytesArgs, bLen, bData } from "./bytes";
import { MEMORYVIEW_TYPE, memoryviewConstruct } from "./memoryview";
import { ARRAY_TYPE, arrayConstruct } from "./arraytype";
import {
  Kind, TYPE_TYPE, OBJECT_TYPE, NONE_TYPE, BOOL_TYPE, INT_TYPE, FLOAT_TYPE, STR_TYPE, TUPLE_TYPE, LIST_TYPE,
  DICT_TYPE, SET_TYPE, FROZENSET_TYPE, SLICE_TYPE, RANGE_TYPE, FUNCTION_TYPE, ENUMERATE_TYPE, ZIP_TYPE,
  MAP_TYPE, FILTER_TYPE, REVERSED_TYPE, NOTIMPLEMENTED, ELLIPSIS, IMMORTAL,
  typeOf, typeName, typeKind, typeAt, isSubtype, isObjectOf, incref, decref, newObject, setTypeDict,
} from "./object";
import {
  raise, raiseWithStr, raiseEmpty, raiseWithValue, TypeError, ValueError, OverflowError, StopIteration,
  AttributeError, SystemExit, exceptionMatchesPending, rt_err_clear, exceptionFromArgs,
  exceptionTypeCount, exceptionTypeAt, OSError,
} from "./exceptions";
import {
  fmtMsg, builderNew, builderLiteral, builderStr, builderFinish, builderDiscard, builderByte,
} from "./format";
import { strFromLiteral, strLength, strData, strByteLength, strIsAscii, decodeAt, charStr, strFromUtf8 } from "./str";
import { tupleNew, tupleSetItem, tupleLength, tupleItem, EMPTY_TUPLE, TUPLE_ITEMS } from "./tuple";
import { listNew, listLength, listItem, listAppendSteal, rt_list_extend, listItemsAddress, listSetLength } from "./list";
import { dictNew, dictSetItem, dictGetItemOrNull, dictEntryCount, dictEntryKey, dictEntryValue, isDeletedKey, dictLength } from "./dict";
import { setNew, setAdd } from "./set";
import { rt_get_iter, rt_iter_next, reversedIter, isIterator, callableIter, iterLengthHint } from "./iter";
import { enumerateNew, zipNew, mapNew, filterNew } from "./iterobjects";
import { rangeFromArgs } from "./range";
import { rt_slice_new } from "./slice";
import {
  rt_len, rt_repr, rt_abs, rt_add, rt_lt, rt_gt, rt_truthy, rt_hash, rt_divmod, rt_pow, rt_pow3, rt_round,
  strOf, reprOf,
} from "./ops";
import { isInt, isSmallOrBool, intFromF64, intToF64, floatResult, intFromText, intPos, intFromI64, intToBase } from "./int";
import { floatFromStr } from "./float";
import {
  rt_call, call1, argAt, kwCount, strIs, checkOne, checkPositional, bindArgs, boundArg, boundOr, errExpected,
  errNoKw, isCallable, staticFunction,
} from "./call";
import { Fn } from "./natives";
import {
  PROPERTY_TYPE, STATICMETHOD_TYPE, CLASSMETHOD_TYPE, SUPER_TYPE, constructHeap, constructDescriptor, constructSuper,
} from "./classes";
import { isHeapType, isUserObject } from "./object";
import { userNumber, typeNewFromArgs, S_INT, S_FLOAT, S_INDEX, hasSpecial, S_ITER } from "./classes";
import { rt_getitem } from "./ops";
import { isTypeObject } from "./subclass";
import { UNION_TYPE, pairSecond, callSpecial1, S_INSTANCECHECK, S_SUBCLASSCHECK } from "./classes";
import { rt_delattr } from "./attr";
import { GENERATOR_TYPE, raiseStop } from "./generator";
import { writeFd, flushStdout } from "./io";
import { listSort } from "./sort";
import { formatValue } from "./strfmt";
import { rt_getattr, rt_setattr } from "./attr";
import { initMethods } from "./methods";
import { fileFd, isFileObject } from "./modules";

// ---- the namespace -----------------------------------------------------------------------------

/** name (str) -> object: every builtin, immortal. */
let builtinsDict: usize = 0;

function addBuiltin(name: string, v: Value): void {
  const key = strFromLiteral(name, true);
  dictSetItem(builtinsDict, boxPtr(key), v);
}

function addFunction(name: string, id: u32): void {
  addBuiltin(name, boxPtr(staticFunction(FUNCTION_TYPE, id, name, 0)));
}

/** A builtin Molt lacks: a function whose bound "self" is its own name, for the message. */
function unsupported(name: string): void {
  const f = staticFunction(FUNCTION_TYPE, Fn.UNSUPPORTED, name, 0);
  store<u64>(f, boxPtr(<usize>load<u32>(f, 12)), 16);
  addBuiltin(name, boxPtr(f));
}

export function builtinUnsupported(name: Value): Value {
  return raiseWithStr(NotImplementedError, fmtMsg("%s() is not supported by Molt yet", unboxPtr(name)));
}

import { NotImplementedError } from "./exceptions";

function addType(t: usize): void {
  dictSetItem(builtinsDict, boxPtr(load<u32>(t, 8)), boxPtr(t));
}

export function initBuiltins(): void {
  builtinsDict = dictNew();
  store<i32>(builtinsDict, IMMORTAL);
  addFunction("print", Fn.PRINT);
  addFunction("len", Fn.LEN);
  addFunction("repr", Fn.REPR);
  addFunction("ascii", Fn.ASCII);
  addFunction("abs", Fn.ABS);
  addFunction("min", Fn.MIN);
  addFunction("max", Fn.MAX);
  addFunction("sum", Fn.SUM);
  addFunction("sorted", Fn.SORTED);
  addFunction("iter", Fn.ITER);
  addFunction("next", Fn.NEXT);
  addFunction("any", Fn.ANY);
  addFunction("all", Fn.ALL);
  addFunction("isinstance", Fn.ISINSTANCE);
  addFunction("issubclass", Fn.ISSUBCLASS);
  addFunction("hash", Fn.HASH);
  addFunction("id", Fn.ID);
  addFunction("chr", Fn.CHR);
  addFunction("ord", Fn.ORD);
  addFunction("hex", Fn.HEX);
  addFunction("oct", Fn.OCT);
  addFunction("bin", Fn.BIN);
  addFunction("divmod", Fn.DIVMOD);
  addFunction("pow", Fn.POW);
  addFunction("round", Fn.ROUND);
  addFunction("format", Fn.FORMAT);
  addFunction("callable", Fn.CALLABLE);
  addFunction("getattr", Fn.GETATTR);
  addFunction("setattr", Fn.SETATTR);
  addFunction("hasattr", Fn.HASATTR);
  addFunction("delattr", Fn.DELATTR);
  addFunction("exit", Fn.EXIT);
  addFunction("quit", Fn.EXIT);
  // Everything else CPython's builtins module has resolves too (rt_builtin never fails for a
  // builtin name); calling one of these raises NotImplementedError.
  unsupported("aiter");
  unsupported("anext");
  unsupported("breakpoint");
  unsupported("compile");
  unsupported("complex");
  unsupported("copyright");
  unsupported("credits");
  unsupported("dir");
  unsupported("eval");
  unsupported("exec");
  unsupported("globals");
  unsupported("help");
  unsupported("input");
  unsupported("license");
  unsupported("locals");
  unsupported("open");
  addFunction("vars", Fn.VARS);
  unsupported("__import__");
  unsupported("BaseExceptionGroup");
  unsupported("ExceptionGroup");
  addType(TYPE_TYPE);
  addType(OBJECT_TYPE);
  addType(PROPERTY_TYPE);
  addType(STATICMETHOD_TYPE);
  addType(CLASSMETHOD_TYPE);
  addType(SUPER_TYPE);
  addFunction("__build_class__", Fn.BUILD_CLASS);
  addType(BOOL_TYPE);
  addType(INT_TYPE);
  addType(FLOAT_TYPE);
  addType(STR_TYPE);
  addType(BYTES_TYPE);
  addType(BYTEARRAY_TYPE);
  addType(MEMORYVIEW_TYPE);
  addType(TUPLE_TYPE);
  addType(LIST_TYPE);
  addType(DICT_TYPE);
  addType(SET_TYPE);
  addType(FROZENSET_TYPE);
  addType(SLICE_TYPE);
  addType(RANGE_TYPE);
  addType(ENUMERATE_TYPE);
  addType(ZIP_TYPE);
  addType(MAP_TYPE);
  addType(FILTER_TYPE);
  addType(REVERSED_TYPE);
  for (let i = 0; i < exceptionTypeCount(); i++) addType(exceptionTypeAt(i));
  addBuiltin("EnvironmentError", boxPtr(OSError));
  addBuiltin("IOError", boxPtr(OSError));
  addBuiltin("Ellipsis", boxPtr(ELLIPSIS));
  addBuiltin("NotImplemented", boxPtr(NOTIMPLEMENTED));
  addBuiltin("None", NONE);
  addBuiltin("True", TRUE);
  addBuiltin("False", FALSE);
  initMethods();
}

/** The builtin named by a str (`len`, `int`, `ValueError`, ...), or NameError. */
export function rt_builtin(name: Value): Value {
  const v = dictGetItemOrNull(builtinsDict, name);
  if (v == 0 || v == ERR) {
    if (v == ERR) rt_err_clear();
    raiseWithStr(NameErrorType(), fmtMsg("name '%s' is not defined", unboxPtr(name)));
    setNameAttr(name);
    return ERR;
  }
  return v;
}

import { NameError, setNameAttr } from "./exceptions";
function NameErrorType(): usize { return NameError; }

// ---- helpers -----------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function nameOf(v: Value): usize { return typeName(typeOf(v)); }

function typeErr(msg: usize): Value { return raiseWithStr(TypeError, msg); }

/** A new list of the items of any iterable. */
export function listFromIterable(v: Value): Value {
  const t = typeOf(v);
  if (t == LIST_TYPE || t == TUPLE_TYPE) {
    const p = unboxPtr(v);
    const n = t == LIST_TYPE ? listLength(p) : tupleLength(p);
    const l = listNew(n);
    if (l == 0) return ERR;
    const src = t == LIST_TYPE ? listItemsAddress(p) : p + TUPLE_ITEMS;
    const dst = listItemsAddress(l);
    for (let i: u32 = 0; i < n; i++) {
      const x = load<u64>(src + (<usize>i << 3));
      incref(x);
      store<u64>(dst + (<usize>i << 3), x);
    }
    listSetLength(l, n);
    return boxPtr(l);
  }
  const it = rt_get_iter(v);
  if (it == ERR) return ERR;
  const l = listNew(iterLengthHint(it));
  if (l == 0) {
    decref(it);
    return ERR;
  }
  for (;;) {
    const x = rt_iter_next(it);
    if (x == EXHAUSTED) break;
    if (x == ERR || !listAppendSteal(l, x)) {
      decref(it);
      decref(boxPtr(l));
      return ERR;
    }
  }
  decref(it);
  return boxPtr(l);
}

/** A new tuple of the items of any iterable (a tuple is returned as it is). */
export function tupleFromIterable(v: Value): Value {
  if (isObjectOf(v, TUPLE_TYPE)) {
    incref(v);
    return v;
  }
  const l = listFromIterable(v);
  if (l == ERR) return ERR;
  const lp = unboxPtr(l);
  const n = listLength(lp);
  const t = tupleNew(n);
  if (t == 0) {
    decref(l);
    return ERR;
  }
  // Move the references from the list to the tuple.
  memory.copy(t + TUPLE_ITEMS, listItemsAddress(lp), <usize>n << 3);
  listSetLength(lp, 0);
  decref(l);
  return boxPtr(t);
}

/** A new set (or frozenset) of the items of an iterable. */
export function setFromIterable(v: Value, type: usize): Value {
  const s = setNew();
  if (s == 0) return ERR;
  store<u32>(s, <u32>type, 4);
  if (v == UNBOUND) return boxPtr(s);
  const it = rt_get_iter(v);
  if (it == ERR) {
    decref(boxPtr(s));
    return ERR;
  }
  for (;;) {
    const x = rt_iter_next(it);
    if (x == EXHAUSTED) break;
    if (x == ERR || setAdd(s, x) < 0) {
      if (x != ERR) decref(x);
      decref(it);
      decref(boxPtr(s));
      return ERR;
    }
    decref(x);
  }
  decref(it);
  return boxPtr(s);
}

/** Does obj have the attribute `name` (an AssemblyScript literal)? */
function hasAttribute(obj: Value, name: string): bool {
  const key = strFromLiteral(name, false);
  const v = rt_getattr(obj, boxPtr(key));
  decref(boxPtr(key));
  if (v == ERR) {
    rt_err_clear();
    return false;
  }
  decref(v);
  return true;
}

/** d.update(mapping) for a mapping that is not a dict: mapping[k] for each k of mapping.keys(). */
function mergeMapping(d: usize, src: Value): i32 {
  const key = strFromLiteral("keys", false);
  const f = rt_getattr(src, boxPtr(key));
  decref(boxPtr(key));
  if (f == ERR) return -1;
  const keys = rt_call(f, 0, 0, NONE);
  decref(f);
  if (keys == ERR) return -1;
  const it = rt_get_iter(keys);
  decref(keys);
  if (it == ERR) return -1;
  for (;;) {
    const k = rt_iter_next(it);
    if (k == EXHAUSTED) break;
    if (k == ERR) { decref(it); return -1; }
    const v = rt_getitem(src, k);
    const r = v == ERR ? -1 : dictSetItem(d, k, v);
    if (v != ERR) decref(v);
    decref(k);
    if (r < 0) { decref(it); return -1; }
  }
  decref(it);
  return 0;
}

/**
 * dict.update semantics: from a dict, or an iterable of key/value pairs; 0 or -1. CPython's
 * errors for elements that are not pairs.
 */
export function dictMergeFrom(d: usize, src: Value): i32 {
  // A dict (or a class derived from dict that iterates as one) is copied entry by entry.
  if (isPtr(src) && typeKind(typeOf(src)) == Kind.DICT && !(isUserObject(src) && hasSpecial(src, S_ITER))) {
    const o = unboxPtr(src);
    for (let i: u32 = 0; i < dictEntryCount(o); i++) {
      const k = dictEntryKey(o, i);
      if (isDeletedKey(k)) continue;
      if (dictSetItem(d, k, dictEntryValue(o, i)) < 0) return -1;
    }
    return 0;
  }
  // Any other mapping: its keys(), and the value for each.
  if (isUserObject(src) && hasAttribute(src, "keys")) return mergeMapping(d, src);
  const it = rt_get_iter(src);
  if (it == ERR) return -1;
  for (let n: i64 = 0; ; n++) {
    const item = rt_iter_next(it);
    if (item == EXHAUSTED) break;
    if (item == ERR) {
      decref(it);
      return -1;
    }
    const pair = listFromIterableQuiet(item);
    decref(item);
    if (pair == ERR) {
      rt_err_clear();
      decref(it);
      raiseWithStr(TypeError, fmtMsg("cannot convert dictionary update sequence element #%d to a sequence", n));
      return -1;
    }
    const pp = unboxPtr(pair);
    if (listLength(pp) != 2) {
      raiseWithStr(ValueError, fmtMsg("dictionary update sequence element #%d has length %d; 2 is required", n, listLength(pp)));
      decref(pair);
      decref(it);
      return -1;
    }
    const r = dictSetItem(d, listItem(pp, 0), listItem(pp, 1));
    decref(pair);
    if (r < 0) {
      decref(it);
      return -1;
    }
  }
  decref(it);
  return 0;
}

/** listFromIterable for dict update elements (strs and other iterables count as sequences). */
function listFromIterableQuiet(v: Value): Value { return listFromIterable(v); }

// ---- constructors --------------------------------------------------------------------------------

/** Calling a type: t(*args, **kwargs). */
export function construct(t: usize, argv: usize, argc: u32, kw: Value): Value {
  const nkw = kwCount(kw);
  const npos = argc - nkw;
  if (isHeapType(t)) return constructHeap(t, argv, argc, kw);
  if (t == PROPERTY_TYPE || t == STATICMETHOD_TYPE || t == CLASSMETHOD_TYPE) return constructDescriptor(t, argv, argc, kw);
  if (t == SUPER_TYPE) return constructSuper(argv, argc, kw);
  const k = typeKind(t);
  if (k == Kind.EXCEPTION) {
    if (nkw != 0) return typeErr(fmtMsg("%s() takes no keyword arguments", typeName(t)));
    return exceptionFromArgs(t, argv, npos);
  }
  if (t == INT_TYPE) return constructInt(argv, argc, kw);
  if (t == BYTES_TYPE || t == BYTEARRAY_TYPE) return bytesConstruct(t, argv, argc, kw);
  if (t == MEMORYVIEW_TYPE) return memoryviewConstruct(argv, argc, kw);
  if (t == ARRAY_TYPE) return arrayConstruct(argv, argc, kw);
  if (t == FLOAT_TYPE) {
    if (!checkPositional("float", argc, kw, 0, 1)) return ERR;
    return argc == 0 ? boxFloat(0) : toFloat(argAt(argv, 0));
  }
  if (t == STR_TYPE) {
    if (!bindArgs("str", argv, argc, kw, "object,encoding,errors", 0, 0, 3)) return ERR;
    if (boundArg(1) != UNBOUND || boundArg(2) != UNBOUND) {
      const o = boundArg(0);
      for (let i: u32 = 1; i < 3; i++) {
        const a = boundArg(i);
        if (a != UNBOUND && !isObjectOf(a, STR_TYPE)) {
          return typeErr(fmtMsg(i == 1 ? "str() argument 'encoding' must be str, not %s" : "str() argument 'errors' must be str, not %s", nameOf(a)));
        }
      }
      if (o != UNBOUND && isObjectOf(o, STR_TYPE)) return raise(TypeError, "decoding str is not supported");
      if (o != UNBOUND && isBytesLike(o)) return strFromBytesArgs(o, boundArg(1), boundArg(2));
      return raiseWithStr(TypeError, fmtMsg("decoding to str: need a bytes-like object, %s found", o == UNBOUND ? typeName(STR_TYPE) : nameOf(o)));
    }
    const o = boundArg(0);
    if (o == UNBOUND) return boxPtr(strFromLiteral("", false));
    const s = strOf(o);
    return s == 0 ? ERR : boxPtr(s);
  }
  if (t == BOOL_TYPE) {
    if (!checkPositional("bool", argc, kw, 0, 1)) return ERR;
    if (argc == 0) return FALSE;
    const r = rt_truthy(argAt(argv, 0));
    return r < 0 ? ERR : boxBool(r == 1);
  }
  if (t == LIST_TYPE) {
    if (!checkPositional("list", argc, kw, 0, 1)) return ERR;
    if (argc == 0) {
      const l = listNew(0);
      return l == 0 ? ERR : boxPtr(l);
    }
    return listFromIterable(argAt(argv, 0));
  }
  if (t == TUPLE_TYPE) {
    if (!checkPositional("tuple", argc, kw, 0, 1)) return ERR;
    if (argc == 0) {
      incref(boxPtr(EMPTY_TUPLE));
      return boxPtr(EMPTY_TUPLE);
    }
    return tupleFromIterable(argAt(argv, 0));
  }
  if (t == SET_TYPE || t == FROZENSET_TYPE) {
    if (!checkPositional(t == SET_TYPE ? "set" : "frozenset", argc, kw, 0, 1)) return ERR;
    if (argc == 1 && t == FROZENSET_TYPE && isObjectOf(argAt(argv, 0), FROZENSET_TYPE)) {
      incref(argAt(argv, 0));
      return argAt(argv, 0);
    }
    return setFromIterable(argc == 0 ? UNBOUND : argAt(argv, 0), t);
  }
  if (t == DICT_TYPE) {
    if (npos > 1) return errExpected("dict", npos, 0, 1);
    const d = dictNew();
    if (d == 0) return ERR;
    if (npos == 1 && dictMergeFrom(d, argAt(argv, 0)) < 0) {
      decref(boxPtr(d));
      return ERR;
    }
    for (let i: u32 = 0; i < nkw; i++) {
      if (dictSetItem(d, tupleItem(unboxPtr(kw), i), argAt(argv, npos + i)) < 0) {
        decref(boxPtr(d));
        return ERR;
      }
    }
    return boxPtr(d);
  }
  if (t == RANGE_TYPE) {
    if (!checkPositional("range", argc, kw, 1, 3)) return ERR;
    return rangeFromArgs(argAt(argv, 0), argc > 1 ? argAt(argv, 1) : NONE, argc > 2 ? argAt(argv, 2) : NONE, argc);
  }
  if (t == ENUMERATE_TYPE) {
    if (argc == 0) return raise(TypeError, "enumerate() missing required argument 'iterable'");
    if (!bindArgs("enumerate", argv, argc, kw, "iterable,start", 1, 0, 2)) return ERR;
    const s = numberIndex(boundOr(1, boxSmall(0)));
    if (s == ERR) return ERR;
    const e = enumerateNew(boundArg(0), s);
    decref(s);
    return e;
  }
  if (t == ZIP_TYPE) {
    let strict = false;
    for (let i: u32 = 0; i < nkw; i++) {
      const name = unboxPtr(tupleItem(unboxPtr(kw), i));
      if (!strIs(name, "strict")) return typeErr(fmtMsg("'%s' is an invalid keyword argument for zip()", name));
      const r = rt_truthy(argAt(argv, npos + i));
      if (r < 0) return ERR;
      strict = r == 1;
    }
    return zipNew(argv, npos, strict);
  }
  if (t == MAP_TYPE) {
    if (nkw != 0) return errNoKw("map");
    if (npos < 2) return raise(TypeError, "map() must have at least two arguments.");
    return mapNew(argAt(argv, 0), argv + 8, npos - 1);
  }
  if (t == FILTER_TYPE) {
    if (!checkPositional("filter", argc, kw, 2, 2)) return ERR;
    return filterNew(argAt(argv, 0), argAt(argv, 1));
  }
  if (t == REVERSED_TYPE) {
    if (!checkPositional("reversed", argc, kw, 1, 1)) return ERR;
    return reversedIter(argAt(argv, 0));
  }
  if (t == TYPE_TYPE) return typeNewFromArgs(TYPE_TYPE, argv, argc, kw);
  if (t == OBJECT_TYPE) {
    if (argc != 0) return raise(TypeError, "object() takes no arguments");
    const o = newObject(OBJECT_TYPE, 8);
    return o == 0 ? ERR : boxPtr(o);
  }
  if (t == SLICE_TYPE) {
    if (!checkPositional("slice", argc, kw, 1, 3)) return ERR;
    if (argc == 1) return rt_slice_new(NONE, argAt(argv, 0), NONE);
    return rt_slice_new(argAt(argv, 0), argAt(argv, 1), argc == 3 ? argAt(argv, 2) : NONE);
  }
  return typeErr(fmtMsg("cannot create '%s' instances", typeName(t)));
}

function constructInt(argv: usize, argc: u32, kw: Value): Value {
  if (!bindArgs("int", argv, argc, kw, "x,base", 0, 1, 2)) return ERR;
  const x = boundArg(0);
  const base = boundArg(1);
  if (x == UNBOUND) {
    if (base != UNBOUND) return raise(TypeError, "int() missing string argument");
    return boxSmall(0);
  }
  if (base != UNBOUND) {
    if (!isObjectOf(x, STR_TYPE)) return raise(TypeError, "int() can't convert non-string with explicit base");
    if (!isInt(base)) return typeErr(fmtMsg("'%s' object cannot be interpreted as an integer", nameOf(base)));
    if (!isSmallOrBool(base)) return raise(ValueError, "int() base must be >= 2 and <= 36, or 0");
    const b = unboxSmall(base);
    if (b != 0 && (b < 2 || b > 36)) return raise(ValueError, "int() base must be >= 2 and <= 36, or 0");
    return intFromText(unboxPtr(x), <i32>b);
  }
  if (isSmallInt(x)) return x;
  if (isBool(x)) return boxSmall(unboxSmall(x));
  if (isInt(x)) return intPos(x);
  if (isFloat(x)) return intFromF64(unboxFloat(x));
  if (isObjectOf(x, STR_TYPE)) return intFromText(unboxPtr(x), 10);
  if (isUserObject(x)) {
    const r = userNumber(x, S_INT);
    if (r != UNBOUND) return r;
    const i = userNumber(x, S_INDEX);
    if (i != UNBOUND) return i;
  }
  return typeErr(fmtMsg("int() argument must be a string, a bytes-like object or a real number, not '%s'", nameOf(x)));
}

/** float(x) */
export function toFloat(x: Value): Value {
  if (isFloat(x)) return x;
  if (isInt(x)) return intToF64(x) ? boxFloat(floatResult) : ERR;
  if (isUserObject(x)) {
    const f = userNumber(x, S_FLOAT);
    if (f != UNBOUND) return f;
    const i = userNumber(x, S_INDEX);
    if (i == ERR) return ERR;
    if (i != UNBOUND) {
      const r = toFloat(i);
      decref(i);
      return r;
    }
  }
  if (isObjectOf(x, STR_TYPE)) return floatFromStr(unboxPtr(x));
  return typeErr(fmtMsg("float() argument must be a string or a real number, not '%s'", nameOf(x)));
}

// ---- builtin functions ---------------------------------------------------------------------------

/** print(*objects, sep=' ', end='\n', file=None, flush=False) */
export function builtinPrint(argv: usize, argc: u32, kw: Value): Value {
  const nkw = kwCount(kw);
  const npos = argc - nkw;
  let sep: Value = NONE, end: Value = NONE, file: Value = NONE, flush: Value = FALSE;
  for (let i: u32 = 0; i < nkw; i++) {
    const name = unboxPtr(tupleItem(unboxPtr(kw), i));
    const v = argAt(argv, npos + i);
    if (strIs(name, "sep")) sep = v;
    else if (strIs(name, "end")) end = v;
    else if (strIs(name, "file")) file = v;
    else if (strIs(name, "flush")) flush = v;
    else return typeErr(fmtMsg("'%s' is an invalid keyword argument for print()", name));
  }
  if (!isNone(sep) && !isObjectOf(sep, STR_TYPE)) return typeErr(fmtMsg("sep must be None or a string, not %s", nameOf(sep)));
  if (!isNone(end) && !isObjectOf(end, STR_TYPE)) return typeErr(fmtMsg("end must be None or a string, not %s", nameOf(end)));
  let fd: i32 = 1;
  if (!isNone(file)) {
    if (!isFileObject(file)) return printToObject(file, argv, npos, sep, end, flush);
    fd = fileFd(file);
  }
  const b = builderNew(64);
  if (b == 0) return ERR;
  for (let i: u32 = 0; i < npos; i++) {
    if (i > 0) {
      if (isNone(sep)) builderByte(b, 0x20);
      else builderStr(b, unboxPtr(sep));
    }
    const s = strOf(argAt(argv, i));
    if (s == 0) {
      builderDiscard(b);
      return ERR;
    }
    builderStr(b, s);
    decref(boxPtr(s));
  }
  if (isNone(end)) builderByte(b, 0x0A);
  else builderStr(b, unboxPtr(end));
  const out = builderFinish(b);
  if (out == 0) return ERR;
  writeFd(fd, strData(out), strByteLength(out));
  decref(boxPtr(out));
  if (flush != FALSE) {
    const f = rt_truthy(flush);
    if (f < 0) return ERR;
    if (f == 1) flushStdout();
  }
  return NONE;
}

/** print(..., file=obj) for an object with a write method: one write call per piece. */
function printToObject(file: Value, argv: usize, npos: u32, sep: Value, end: Value, flush: Value): Value {
  const name = strFromLiteral("write", false);
  if (name == 0) return ERR;
  const write = rt_getattr(file, boxPtr(name));
  decref(boxPtr(name));
  if (write == ERR) return ERR;
  let ok = true;
  for (let i: u32 = 0; ok && i < npos; i++) {
    if (i > 0) ok = writePiece(write, isNone(sep) ? charStr(0x20) : sep);
    if (!ok) break;
    const s = strOf(argAt(argv, i));
    if (s == 0) {
      ok = false;
      break;
    }
    ok = writePiece(write, boxPtr(s));
    decref(boxPtr(s));
  }
  if (ok) ok = writePiece(write, isNone(end) ? charStr(0x0A) : end);
  decref(write);
  if (!ok) return ERR;
  if (flush != FALSE && rt_truthy(flush) == 1) {
    const fname = strFromLiteral("flush", false);
    const f = rt_getattr(file, boxPtr(fname));
    decref(boxPtr(fname));
    if (f == ERR) return ERR;
    const r = rt_call(f, 0, 0, NONE);
    decref(f);
    if (r == ERR) return ERR;
    decref(r);
  }
  return NONE;
}

function writePiece(write: Value, s: Value): bool {
  const r = call1(write, s);
  if (r == ERR) return false;
  decref(r);
  return true;
}

export function builtinLen(argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("len", argc, kw)) return ERR;
  return rt_len(argAt(argv, 0));
}

export function builtinRepr(argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("repr", argc, kw)) return ERR;
  return rt_repr(argAt(argv, 0));
}

/** ascii(x): repr with non-ASCII characters escaped. */
export function builtinAscii(argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("ascii", argc, kw)) return ERR;
  return builtinAsciiOf(argAt(argv, 0));
}

import { builtinAsciiOf } from "./strmethods";

export function builtinAbs(argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("abs", argc, kw)) return ERR;
  return rt_abs(argAt(argv, 0));
}

/** min(...) / max(...): one iterable or several arguments, with key= and default=. */
export function builtinMinMax(argv: usize, argc: u32, kw: Value, isMax: bool): Value {
  const fname = isMax ? "max" : "min";
  const nkw = kwCount(kw);
  const npos = argc - nkw;
  let key: Value = NONE;
  let dflt: Value = UNBOUND;
  for (let i: u32 = 0; i < nkw; i++) {
    const name = unboxPtr(tupleItem(unboxPtr(kw), i));
    if (strIs(name, "key")) key = argAt(argv, npos + i);
    else if (strIs(name, "default")) dflt = argAt(argv, npos + i);
    else {
      const f = strFromLiteral(fname, false);
      const r = typeErr(fmtMsg("'%s' is an invalid keyword argument for %s()", name, f));
      decref(boxPtr(f));
      return r;
    }
  }
  if (npos == 0) return errExpected(fname, 0, 1, 0xFFFF_FFFF);
  if (npos > 1 && dflt != UNBOUND) {
    const f = strFromLiteral(fname, false);
    const r = typeErr(fmtMsg("Cannot specify a default for %s() with multiple positional arguments", f));
    decref(boxPtr(f));
    return r;
  }
  let it: Value;
  if (npos == 1) {
    it = rt_get_iter(argAt(argv, 0));
  } else {
    // Iterate over the arguments themselves: a temporary tuple.
    const t = tupleNew(npos);
    if (t == 0) return ERR;
    for (let i: u32 = 0; i < npos; i++) {
      incref(argAt(argv, i));
      tupleSetItem(t, i, argAt(argv, i));
    }
    it = rt_get_iter(boxPtr(t));
    decref(boxPtr(t));
  }
  if (it == ERR) return ERR;
  let best: Value = UNBOUND, bestKey: Value = UNBOUND;
  let failed = false;
  for (;;) {
    const item = rt_iter_next(it);
    if (item == EXHAUSTED) break;
    if (item == ERR) {
      failed = true;
      break;
    }
    let k = item;
    if (!isNone(key)) {
      k = call1(key, item);
      if (k == ERR) {
        decref(item);
        failed = true;
        break;
      }
    } else {
      incref(k);
    }
    if (best == UNBOUND) {
      best = item;
      bestKey = k;
      continue;
    }
    const c = isMax ? rt_gt(k, bestKey) : rt_lt(k, bestKey);
    const better = c == ERR ? -1 : rt_truthy(c);
    decref(c);
    if (better == 1) {
      decref(best);
      decref(bestKey);
      best = item;
      bestKey = k;
    } else {
      decref(item);
      decref(k);
    }
    if (better < 0) {
      failed = true;
      break;
    }
  }
  decref(it);
  if (failed) {
    if (best != UNBOUND) {
      decref(best);
      decref(bestKey);
    }
    return ERR;
  }
  if (best == UNBOUND) {
    if (dflt != UNBOUND) {
      incref(dflt);
      return dflt;
    }
    const f = strFromLiteral(fname, false);
    const r = raiseWithStr(ValueError, fmtMsg("%s() arg is an empty sequence", f));
    decref(boxPtr(f));
    return r;
  }
  decref(bestKey);
  return best;
}


/** sum(iterable, /, start=0) */
export function builtinSum(argv: usize, argc: u32, kw: Value): Value {
  if (!bindArgs("sum", argv, argc, kw, "iterable,start", 1, 1, 2)) return ERR;
  let acc = boundOr(1, boxSmall(0));
  if (isObjectOf(acc, STR_TYPE)) return raise(TypeError, "sum() can't sum strings [use ''.join(seq) instead]");
  const it = rt_get_iter(boundArg(0));
  if (it == ERR) return ERR;
  incref(acc);
  for (;;) {
    const x = rt_iter_next(it);
    if (x == EXHAUSTED) break;
    if (x == ERR) {
      decref(acc);
      acc = ERR;
      break;
    }
    const r = rt_add(acc, x);
    decref(acc);
    decref(x);
    acc = r;
    if (r == ERR) break;
  }
  decref(it);
  return acc;
}

/** sorted(iterable, /, *, key=None, reverse=False) */
export function builtinSorted(argv: usize, argc: u32, kw: Value): Value {
  const nkw = kwCount(kw);
  const npos = argc - nkw;
  if (npos != 1) return errExpected("sorted", npos, 1, 1);
  let key: Value = NONE, reverse: Value = FALSE;
  for (let i: u32 = 0; i < nkw; i++) {
    const name = unboxPtr(tupleItem(unboxPtr(kw), i));
    if (strIs(name, "key")) key = argAt(argv, npos + i);
    else if (strIs(name, "reverse")) reverse = argAt(argv, npos + i);
    else return typeErr(fmtMsg("'%s' is an invalid keyword argument for sort()", name));
  }
  const l = listFromIterable(argAt(argv, 0));
  if (l == ERR) return ERR;
  const rev = rt_truthy(reverse);
  if (rev < 0 || listSort(unboxPtr(l), key, rev == 1) < 0) {
    decref(l);
    return ERR;
  }
  return l;
}

/** iter(x) / iter(callable, sentinel) */
export function builtinIter(argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("iter", argc, kw, 1, 2)) return ERR;
  if (argc == 1) return rt_get_iter(argAt(argv, 0));
  if (!isCallable(argAt(argv, 0))) return raise(TypeError, "iter(v, w): v must be callable");
  return callableIter(argAt(argv, 0), argAt(argv, 1));
}

/** next(iterator[, default]) */
export function builtinNext(argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("next", argc, kw, 1, 2)) return ERR;
  const it = argAt(argv, 0);
  if (!isIterator(it)) return typeErr(fmtMsg("'%s' object is not an iterator", nameOf(it)));
  const v = rt_iter_next(it);
  if (v != EXHAUSTED) return v;
  if (argc == 2) {
    incref(argAt(argv, 1));
    return argAt(argv, 1);
  }
  // A generator's return value rides on its StopIteration.
  if (isObjectOf(it, GENERATOR_TYPE)) return raiseStop();
  return raiseEmpty(StopIteration);
}

/** any(iterable) / all(iterable) */
export function builtinAnyAll(argv: usize, argc: u32, kw: Value, isAny: bool): Value {
  if (!checkOne(isAny ? "any" : "all", argc, kw)) return ERR;
  const it = rt_get_iter(argAt(argv, 0));
  if (it == ERR) return ERR;
  let result: Value = isAny ? FALSE : TRUE;
  for (;;) {
    const x = rt_iter_next(it);
    if (x == EXHAUSTED) break;
    if (x == ERR) {
      result = ERR;
      break;
    }
    const t = rt_truthy(x);
    decref(x);
    if (t < 0) {
      result = ERR;
      break;
    }
    if (isAny && t == 1) {
      result = TRUE;
      break;
    }
    if (!isAny && t == 0) {
      result = FALSE;
      break;
    }
  }
  decref(it);
  return result;
}

/** isinstance for a class or a (nested) tuple of classes: 1, 0, or -1 with TypeError. */
function instanceOf(v: Value, cls: Value, what: string): i32 {
  if (isObjectOf(cls, TUPLE_TYPE)) {
    const p = unboxPtr(cls);
    for (let i: u32 = 0; i < tupleLength(p); i++) {
      const r = instanceOf(v, tupleItem(p, i), what);
      if (r != 0) return r;
    }
    return 0;
  }
  if (isObjectOf(cls, UNION_TYPE)) return instanceOf(v, pairSecond(unboxPtr(cls)), what);
  if (!isTypeObject(cls)) {
    raise(TypeError, what);
    return -1;
  }
  if (typeOf(v) == unboxPtr(cls)) return 1;
  // A metaclass may decide: type(cls).__instancecheck__(cls, v).
  const hook = metaHook(cls, S_INSTANCECHECK, v);
  if (hook != -2) return hook;
  return isSubtype(typeOf(v), unboxPtr(cls)) ? 1 : 0;
}

/** type(cls).<name>(cls, arg) as a truth value, if cls's metaclass is a class statement's defining it; else -2. */
function metaHook(cls: Value, name: usize, arg: Value): i32 {
  if (!isHeapType(typeAt(unboxPtr(cls)))) return -2;
  const r = callSpecial1(cls, name, arg);
  if (r == UNBOUND) return -2;
  if (r == ERR) return -1;
  const t = rt_truthy(r);
  decref(r);
  return t;
}

export function builtinIsinstance(argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("isinstance", argc, kw, 2, 2)) return ERR;
  const r = instanceOf(argAt(argv, 0), argAt(argv, 1), "isinstance() arg 2 must be a type, a tuple of types, or a union");
  return r < 0 ? ERR : boxBool(r == 1);
}

function subclassOf(t: usize, cls: Value): i32 {
  if (isObjectOf(cls, TUPLE_TYPE)) {
    const p = unboxPtr(cls);
    for (let i: u32 = 0; i < tupleLength(p); i++) {
      const r = subclassOf(t, tupleItem(p, i));
      if (r != 0) return r;
    }
    return 0;
  }
  if (isObjectOf(cls, UNION_TYPE)) return subclassOf(t, pairSecond(unboxPtr(cls)));
  if (!isTypeObject(cls)) {
    raise(TypeError, "issubclass() arg 2 must be a class, a tuple of classes, or a union");
    return -1;
  }
  const hook = metaHook(cls, S_SUBCLASSCHECK, boxPtr(t));
  if (hook != -2) return hook;
  return isSubtype(t, unboxPtr(cls)) ? 1 : 0;
}

export function builtinIssubclass(argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("issubclass", argc, kw, 2, 2)) return ERR;
  const c = argAt(argv, 0);
  if (!isTypeObject(c)) return raise(TypeError, "issubclass() arg 1 must be a class");
  const r = subclassOf(unboxPtr(c), argAt(argv, 1));
  return r < 0 ? ERR : boxBool(r == 1);
}

export function builtinHash(argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("hash", argc, kw)) return ERR;
  return rt_hash(argAt(argv, 0));
}

/** id(x): the address of a heap object; unboxed values get ids above every address. */
export function builtinId(argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("id", argc, kw)) return ERR;
  const v = argAt(argv, 0);
  if (isPtr(v)) return intFromI64(<i64>unboxPtr(v));
  return intFromI64(<i64>(v >> 1));
}

/** An int argument as i64 for chr(); false with TypeError/OverflowError pending. */
export function builtinChr(argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("chr", argc, kw)) return ERR;
  const v = numberIndex(argAt(argv, 0));
  if (v == ERR) return ERR;
  if (!isSmallOrBool(v)) {
    decref(v);
    return raise(OverflowError, "Python int too large to convert to C int");
  }
  const c = unboxSmall(v);
  if (c > 0x7FFF_FFFF || c < -0x8000_0000) return raise(OverflowError, "Python int too large to convert to C int");
  if (c < 0 || c >= 0x110000) return raise(ValueError, "chr() arg not in range(0x110000)");
  if (c < 0x80) return charStr(<u32>c);
  const b = builderNew(4);
  if (b == 0) return ERR;
  builderCodePointW(b, <u32>c);
  const s = builderFinish(b);
  return s == 0 ? ERR : boxPtr(s);
}

import { builderCodePoint } from "./format";
function builderCodePointW(b: usize, c: u32): void { builderCodePoint(b, c); }

export function builtinOrd(argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("ord", argc, kw)) return ERR;
  const v = argAt(argv, 0);
  if (isObjectOf(v, BYTES_TYPE) || isObjectOf(v, BYTEARRAY_TYPE)) {
    const q = unboxPtr(v);
    if (bLen(q) != 1) return typeErr(fmtMsg("ord() expected a character, but string of length %d found", bLen(q)));
    return boxSmall(load<u8>(bData(q)));
  }
  if (!isObjectOf(v, STR_TYPE)) return typeErr(fmtMsg("ord() expected string of length 1, but %s found", nameOf(v)));
  const s = unboxPtr(v);
  const n = strLength(s);
  if (n != 1) return typeErr(fmtMsg("ord() expected a character, but string of length %d found", n));
  return boxSmall(decodeAt(strData(s)));
}

/** hex() / oct() / bin() */
export function builtinBase(argv: usize, argc: u32, kw: Value, base: i32): Value {
  if (!checkOne(base == 16 ? "hex" : base == 8 ? "oct" : "bin", argc, kw)) return ERR;
  const v = numberIndex(argAt(argv, 0));
  if (v == ERR) return ERR;
  const s = intToBase(v, base, true);
  decref(v);
  return s == 0 ? ERR : boxPtr(s);
}

export function builtinDivmod(argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("divmod", argc, kw, 2, 2)) return ERR;
  return rt_divmod(argAt(argv, 0), argAt(argv, 1));
}

export function builtinPow(argv: usize, argc: u32, kw: Value): Value {
  if (!bindArgs("pow", argv, argc, kw, "base,exp,mod", 2, 0, 3)) return ERR;
  const m = boundOr(2, NONE);
  if (isNone(m)) return rt_pow(boundArg(0), boundArg(1));
  return rt_pow3(boundArg(0), boundArg(1), m);
}

export function builtinRound(argv: usize, argc: u32, kw: Value): Value {
  if (!bindArgs("round", argv, argc, kw, "number,ndigits", 1, 0, 2)) return ERR;
  return rt_round(boundArg(0), boundOr(1, NONE));
}

export function builtinFormat(argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("format", argc, kw, 1, 2)) return ERR;
  if (argc == 1) return formatValue(argAt(argv, 0), 0);
  const spec = argAt(argv, 1);
  if (!isObjectOf(spec, STR_TYPE)) return typeErr(fmtMsg("format() argument 2 must be str, not %s", nameOf(spec)));
  return formatValue(argAt(argv, 0), unboxPtr(spec));
}

export function builtinCallable(argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("callable", argc, kw)) return ERR;
  return boxBool(isCallable(argAt(argv, 0)));
}

function checkAttrName(v: Value): bool {
  if (isObjectOf(v, STR_TYPE)) return true;
  typeErr(fmtMsg("attribute name must be string, not '%s'", nameOf(v)));
  return false;
}

export function builtinGetattr(argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("getattr", argc, kw, 2, 3)) return ERR;
  if (!checkAttrName(argAt(argv, 1))) return ERR;
  const r = rt_getattr(argAt(argv, 0), argAt(argv, 1));
  if (r == ERR && argc == 3 && exceptionMatchesPending(AttributeError)) {
    rt_err_clear();
    incref(argAt(argv, 2));
    return argAt(argv, 2);
  }
  return r;
}

export function builtinHasattr(argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("hasattr", argc, kw, 2, 2)) return ERR;
  if (!checkAttrName(argAt(argv, 1))) return ERR;
  const r = rt_getattr(argAt(argv, 0), argAt(argv, 1));
  if (r == ERR) {
    if (!exceptionMatchesPending(AttributeError)) return ERR;
    rt_err_clear();
    return FALSE;
  }
  decref(r);
  return TRUE;
}

export function builtinSetattr(argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("setattr", argc, kw, 3, 3)) return ERR;
  if (!checkAttrName(argAt(argv, 1))) return ERR;
  return rt_setattr(argAt(argv, 0), argAt(argv, 1), argAt(argv, 2)) < 0 ? ERR : NONE;
}

export function builtinDelattr(argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("delattr", argc, kw, 2, 2)) return ERR;
  if (!checkAttrName(argAt(argv, 1))) return ERR;
  return rt_delattr(argAt(argv, 0), argAt(argv, 1)) < 0 ? ERR : NONE;
}

/** exit(code=None) / quit(): raises SystemExit. */
export function builtinExit(argv: usize, argc: u32, kw: Value): Value {
  if (!bindArgs("exit", argv, argc, kw, "code", 0, 0, 1)) return ERR;
  // site.Quitter: exit() raises SystemExit(None).
  return raiseWithValue(SystemExit, boundOr(0, NONE));
}


// ---- unpacking ---------------------------------------------------------------------------------

/**
 * `a, b = x` (starred 0: exactly `before` items) or `a, *b, c = x` (starred 1: `before` items,
 * a list of the rest, `after` items): the items as a tuple, or CPython's ValueError/TypeError.
 */
export function rt_unpack(v: Value, before: u32, after: u32, starred: u32): Value {
  const t = typeOf(v);
  if (starred == 0 && (t == TUPLE_TYPE || t == LIST_TYPE)) {
    // Exact sequences: one length check.
    const p = unboxPtr(v);
    const n = t == TUPLE_TYPE ? tupleLength(p) : listLength(p);
    if (n != before) {
      if (n < before) return raiseWithStr(ValueError, fmtMsg("not enough values to unpack (expected %d, got %d)", before, n));
      return raiseWithStr(ValueError, fmtMsg("too many values to unpack (expected %d)", before));
    }
    if (t == TUPLE_TYPE) {
      incref(v);
      return v;
    }
    const r = tupleNew(n);
    if (r == 0) return ERR;
    for (let i: u32 = 0; i < n; i++) {
      const x = listItem(p, i);
      incref(x);
      tupleSetItem(r, i, x);
    }
    return boxPtr(r);
  }
  const it = rt_get_iter(v);
  if (it == ERR) {
    if (exceptionMatchesPending(TypeError) && !isIterable(v)) {
      rt_err_clear();
      return raiseWithStr(TypeError, fmtMsg("cannot unpack non-iterable %s object", nameOf(v)));
    }
    return ERR;
  }
  const total = before + (starred != 0 ? 1 : 0) + after;
  const r = tupleNew(total);
  if (r == 0) {
    decref(it);
    return ERR;
  }
  for (let i: u32 = 0; i < total; i++) tupleSetItem(r, i, NONE);
  for (let i: u32 = 0; i < before; i++) {
    const x = rt_iter_next(it);
    if (x == ERR || x == EXHAUSTED) {
      decref(it);
      decref(boxPtr(r));
      if (x == ERR) return ERR;
      return raiseWithStr(ValueError, starred != 0
        ? fmtMsg("not enough values to unpack (expected at least %d, got %d)", before + after, i)
        : fmtMsg("not enough values to unpack (expected %d, got %d)", before, i));
    }
    tupleSetItem(r, i, x);
  }
  if (starred == 0) {
    const extra = rt_iter_next(it);
    decref(it);
    if (extra == ERR) {
      decref(boxPtr(r));
      return ERR;
    }
    if (extra != EXHAUSTED) {
      decref(extra);
      decref(boxPtr(r));
      return raiseWithStr(ValueError, fmtMsg("too many values to unpack (expected %d)", before));
    }
    return boxPtr(r);
  }
  const rest = listFromIterable(it);
  decref(it);
  if (rest == ERR) {
    decref(boxPtr(r));
    return ERR;
  }
  const lp = unboxPtr(rest);
  const n = listLength(lp);
  if (n < after) {
    decref(rest);
    decref(boxPtr(r));
    return raiseWithStr(ValueError, fmtMsg("not enough values to unpack (expected at least %d, got %d)", before + after, before + n));
  }
  // The last `after` items move from the list to the tuple.
  for (let i: u32 = 0; i < after; i++) tupleSetItem(r, before + 1 + i, listItem(lp, n - after + i));
  listSetLength(lp, n - after);
  tupleSetItem(r, before, rest);
  return boxPtr(r);
}

/** Would iter(v) work (for the unpacking message)? */
function isIterable(v: Value): bool {
  if (!isPtr(v)) return false;
  const k = typeKind(typeOf(v));
  return k == Kind.LIST || k == Kind.TUPLE || k == Kind.STR || k == Kind.DICT || k == Kind.SET || k == Kind.RANGE
    || k == Kind.DICTVIEW || k == Kind.ITER || k == Kind.ENUMERATE || k == Kind.ZIP || k == Kind.MAP || k == Kind.FILTER;
}
