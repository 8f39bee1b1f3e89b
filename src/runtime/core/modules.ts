// The builtin modules compiled code can import (sys, time), their functions, and the file
// objects sys.stdout / sys.stderr. A module is an immortal object holding its name and a dict.
import { rt_depth, rt_recursion_limit, RecursionError, OverflowError as OverflowErr } from "./exceptions";
import { bigSign } from "./int";
import { Value, ERR, NONE, UNBOUND, boxPtr, unboxPtr, boxSmall, isPtr, boxFloat, isSmallInt, isBool, unboxSmall } from "./value";
import {
  MODULE_TYPE, FILE_TYPE, FUNCTION_TYPE, STR_TYPE, IMMORTAL, newObject, typeOf, typeName, isObjectOf, incref, decref,
} from "./object";
import {
  raise, raiseWithStr, raiseEmpty, raiseWithValue, AttributeError, TypeError, ValueError, ModuleNotFoundError,
  SystemExit,
} from "./exceptions";
import { fmtMsg } from "./format";
import { strFromLiteral, strFromUtf8, strData, strByteLength, strLength } from "./str";
import { dictNew, dictSetItem, dictGetItemOrNull } from "./dict";
import { listNew, listAppendSteal } from "./list";
import { tupleNew, tupleSetItem } from "./tuple";
import { intFromI64, isInt, isSmallOrBool, getIntMaxStrDigits, rt_set_int_max_str_digits } from "./int";
import { staticFunction, checkOne, checkNoArgs, checkPositional, argAt, kwCount } from "./call";
import { Fn } from "./natives";
import { writeFd, flushStdout } from "./io";
import { initMath, mathFunctionName, MATH_FUNCTION_COUNT, MATH_PI, MATH_E, MATH_TAU } from "./math";

// @ts-ignore: decorator
@external("molt_host", "now_ns")
declare function hostNowNs(): i64;
// @ts-ignore: decorator
@external("molt_host", "time_ns")
declare function hostTimeNs(): i64;

const MOD_NAME: usize = 8;
const MOD_DICT: usize = 16;
const MOD_SIZE: usize = 24;

const FILE_FD: usize = 8;
const FILE_SIZE: usize = 16;

let sysModule: usize = 0;
let timeModule: usize = 0;
let mathModule: usize = 0;
let stdoutFile: usize = 0;
let stderrFile: usize = 0;

function newModule(name: string): usize {
  const m = newObject(MODULE_TYPE, MOD_SIZE);
  store<i32>(m, IMMORTAL);
  store<u64>(m, boxPtr(strFromLiteral(name, true)), MOD_NAME);
  const d = dictNew();
  store<i32>(d, IMMORTAL);
  store<u64>(m, boxPtr(d), MOD_DICT);
  return m;
}

function moduleDict(m: usize): usize { return unboxPtr(load<u64>(m, MOD_DICT)); }

function set(m: usize, name: string, v: Value): void {
  const key = strFromLiteral(name, true);
  dictSetItem(moduleDict(m), boxPtr(key), v);
  decref(v);
}

function fn(m: usize, name: string, id: u32): void {
  set(m, name, boxPtr(staticFunction(FUNCTION_TYPE, id, name, m)));
}

function newFile(fd: i32): usize {
  const f = newObject(FILE_TYPE, FILE_SIZE);
  store<i32>(f, IMMORTAL);
  store<i32>(f, fd, FILE_FD);
  return f;
}

export function initModules(): void {
  stdoutFile = newFile(1);
  stderrFile = newFile(2);
  const sys = (sysModule = newModule("sys"));
  const argv = listNew(0);
  set(sys, "argv", boxPtr(argv));
  fn(sys, "exit", Fn.SYS_EXIT);
  fn(sys, "getrecursionlimit", Fn.SYS_GETRECURSIONLIMIT);
  fn(sys, "setrecursionlimit", Fn.SYS_SETRECURSIONLIMIT);
  fn(sys, "get_int_max_str_digits", Fn.SYS_GET_INT_MAX_STR_DIGITS);
  fn(sys, "set_int_max_str_digits", Fn.SYS_SET_INT_MAX_STR_DIGITS);
  fn(sys, "intern", Fn.SYS_INTERN);
  fn(sys, "getsizeof", Fn.SYS_GETSIZEOF);
  set(sys, "stdout", boxPtr(stdoutFile));
  set(sys, "stderr", boxPtr(stderrFile));
  set(sys, "__stdout__", boxPtr(stdoutFile));
  set(sys, "__stderr__", boxPtr(stderrFile));
  set(sys, "maxsize", intFromI64(0x7FFF_FFFF_FFFF_FFFF));
  set(sys, "byteorder", boxPtr(strFromLiteral("little", false)));
  set(sys, "platform", boxPtr(strFromLiteral("linux", false)));
  set(sys, "version", boxPtr(strFromLiteral("3.11.7 (Molt)", false)));
  const vi = tupleNew(5);
  tupleSetItem(vi, 0, boxSmall(3));
  tupleSetItem(vi, 1, boxSmall(11));
  tupleSetItem(vi, 2, boxSmall(7));
  tupleSetItem(vi, 3, boxPtr(strFromLiteral("final", false)));
  tupleSetItem(vi, 4, boxSmall(0));
  set(sys, "version_info", boxPtr(vi));
  set(sys, "path", boxPtr(listNew(0)));
  const time = (timeModule = newModule("time"));
  fn(time, "time", Fn.TIME_TIME);
  fn(time, "time_ns", Fn.TIME_TIME_NS);
  fn(time, "perf_counter", Fn.TIME_PERF_COUNTER);
  fn(time, "perf_counter_ns", Fn.TIME_PERF_COUNTER_NS);
  fn(time, "monotonic", Fn.TIME_MONOTONIC);
  fn(time, "monotonic_ns", Fn.TIME_MONOTONIC_NS);
  fn(time, "process_time", Fn.TIME_PROCESS_TIME);
  fn(time, "sleep", Fn.TIME_SLEEP);
  const math = (mathModule = newModule("math"));
  initMath();
  for (let i: i32 = 0; i < MATH_FUNCTION_COUNT; i++) fn(math, mathFunctionName(i), Fn.MATH + <u32>i);
  set(math, "pi", boxFloat(MATH_PI));
  set(math, "e", boxFloat(MATH_E));
  set(math, "tau", boxFloat(MATH_TAU));
  set(math, "inf", boxFloat(Infinity));
  set(math, "nan", boxFloat(NaN));
}

/** `import name`: the module object (immortal), or ModuleNotFoundError. */
export function rt_import(name: Value): Value {
  const n = unboxPtr(name);
  if (strIsLit(n, "sys")) return boxPtr(sysModule);
  if (strIsLit(n, "time")) return boxPtr(timeModule);
  if (strIsLit(n, "math")) return boxPtr(mathModule);
  return raiseWithStr(ModuleNotFoundError, fmtMsg("No module named '%s'", n));
}

function strIsLit(s: usize, lit: string): bool {
  const n = <u32>lit.length;
  if (strByteLength(s) != n) return false;
  for (let i: u32 = 0; i < n; i++) if (<u32>load<u8>(strData(s) + i) != <u32>lit.charCodeAt(i)) return false;
  return true;
}

export function moduleGetAttr(m: usize, name: usize): Value {
  const v = dictGetItemOrNull(moduleDict(m), boxPtr(name));
  if (v != 0 && v != ERR) return v;
  if (strIsLit(name, "__name__")) {
    const nm = load<u64>(m, MOD_NAME);
    incref(nm);
    return nm;
  }
  return raiseWithStr(AttributeError, fmtMsg("module '%s' has no attribute '%s'", unboxPtr(load<u64>(m, MOD_NAME)), name));
}

export function moduleSetAttr(m: usize, name: usize, v: Value): i32 {
  return dictSetItem(moduleDict(m), boxPtr(name), v);
}

/**
 * sys.argv from the host: `count` NUL-terminated UTF-8 strings in len bytes at ptr.
 */
export function rt_set_argv(ptr: usize, len: u32, count: u32): void {
  const l = listNew(count);
  if (l == 0) return;
  let start: u32 = 0;
  for (let i: u32 = 0; i < len; i++) {
    if (load<u8>(ptr + i) != 0) continue;
    const s = strFromUtf8(ptr + start, i - start);
    if (s == 0) break;
    listAppendSteal(l, boxPtr(s));
    start = i + 1;
  }
  const key = strFromLiteral("argv", false);
  dictSetItem(moduleDict(sysModule), boxPtr(key), boxPtr(l));
  decref(boxPtr(key));
  decref(boxPtr(l));
}

// ---- files -------------------------------------------------------------------------------------

export function isFileObject(v: Value): bool { return isObjectOf(v, FILE_TYPE); }
export function fileFd(v: Value): i32 { return load<i32>(unboxPtr(v), FILE_FD); }

/** file.write(s): returns the number of characters written. */
export function fileWrite(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("TextIOWrapper.write", argc, kw)) return ERR;
  const s = argAt(argv, 0);
  if (!isObjectOf(s, STR_TYPE)) return raiseWithStr(TypeError, fmtMsg("write() argument must be str, not %s", typeName(typeOf(s))));
  const p = unboxPtr(s);
  writeFd(fileFd(self), strData(p), strByteLength(p));
  return boxSmall(strLength(p));
}

export function fileFlush(self: Value, argc: u32, kw: Value): Value {
  if (!checkNoArgs("TextIOWrapper.flush", argc, kw)) return ERR;
  flushStdout();
  return NONE;
}

// ---- sys -----------------------------------------------------------------------------------------

export function sysExit(argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("exit", argc, kw, 0, 1)) return ERR;
  if (argc == 0) return raiseEmpty(SystemExit);
  return raiseWithValue(SystemExit, argAt(argv, 0));
}

export function sysGetrecursionlimit(argc: u32, kw: Value): Value {
  if (!checkNoArgs("getrecursionlimit", argc, kw)) return ERR;
  return boxSmall(rt_recursion_limit);
}

/** The limit compiled code checks on every call (exceptions.ts). */
export function sysSetrecursionlimit(argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("setrecursionlimit", argc, kw)) return ERR;
  const v = argAt(argv, 0);
  if (!isInt(v)) return raise(TypeError, "an integer is required");
  if (!isSmallOrBool(v) || unboxSmall(v) > 0x7FFF_FFFF) {
    if (isSmallOrBool(v) || bigSign(v) > 0) return raise(OverflowErr, "Python int too large to convert to C int");
    return raise(ValueError, "recursion limit must be greater or equal than 1");
  }
  const n = <i32>unboxSmall(v);
  if (n < 1) return raise(ValueError, "recursion limit must be greater or equal than 1");
  // The call to setrecursionlimit itself counts, as in CPython.
  if (n <= rt_depth + 1) {
    return raiseWithStr(RecursionError, fmtMsg("cannot set the recursion limit to %d at the recursion depth %d: the limit is too low", n, rt_depth + 1));
  }
  rt_recursion_limit = n;
  return NONE;
}

export function sysGetIntMaxStrDigits(argc: u32, kw: Value): Value {
  if (!checkNoArgs("get_int_max_str_digits", argc, kw)) return ERR;
  return boxSmall(getIntMaxStrDigits());
}

export function sysSetIntMaxStrDigits(argv: usize, argc: u32, kw: Value): Value {
  if (kwCount(kw) > 1 || argc != 1) return raise(TypeError, "set_int_max_str_digits() takes exactly one argument");
  const v = argAt(argv, 0);
  if (!isInt(v)) return raiseWithStr(TypeError, fmtMsg("'%s' object cannot be interpreted as an integer", typeName(typeOf(v))));
  const n = isSmallOrBool(v) ? unboxSmall(v) : 0x7FFF_FFFF;
  if (n != 0 && n < 640) return raise(ValueError, "maxdigits must be 0 or larger than 640");
  rt_set_int_max_str_digits(<i32>min<i64>(n, 0x7FFF_FFFF));
  return NONE;
}

export function sysIntern(argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("intern", argc, kw)) return ERR;
  const s = argAt(argv, 0);
  if (!isObjectOf(s, STR_TYPE)) return raiseWithStr(TypeError, fmtMsg("intern() argument must be str, not %s", typeName(typeOf(s))));
  incref(s);
  return s;
}

export function sysGetsizeof(argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("getsizeof", argc, kw, 1, 2)) return ERR;
  return boxSmall(isPtr(argAt(argv, 0)) ? 56 : 28);
}

// ---- time ---------------------------------------------------------------------------------------

/** time.sleep(secs): the host has no blocking sleep, so this waits on the monotonic clock. */
export function timeSleep(argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("sleep", argc, kw)) return ERR;
  const v = argAt(argv, 0);
  let secs: f64;
  if (isFloatV(v)) secs = unboxFloatV(v);
  else if (isInt(v) && isSmallOrBool(v)) secs = <f64>unboxSmall(v);
  else return raiseWithStr(TypeError, fmtMsg("'%s' object cannot be interpreted as an integer", typeName(typeOf(v))));
  if (secs < 0) return raise(ValueError, "sleep length must be non-negative");
  const until = hostNowNs() + <i64>(secs * 1e9);
  while (hostNowNs() < until) {}
  return NONE;
}

import { isFloat as isFloatV, unboxFloat as unboxFloatV } from "./value";

export function timeNow(argc: u32, kw: Value, monotonic: bool, ns: bool, name: string): Value {
  if (!checkNoArgs(name, argc, kw)) return ERR;
  const t = monotonic ? hostNowNs() : hostTimeNs();
  if (ns) return intFromI64(t);
  return boxFloat(<f64>t / 1e9);
}

