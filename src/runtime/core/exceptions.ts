// Exceptions: the builtin exception types, exception objects, the current-exception slot
// behind the checked-error-return convention (docs/decisions/0002-runtime-abi.md), the stack
// of exceptions being handled (for __context__ and bare `raise`), tracebacks, and the report
// CPython prints for an uncaught exception.
//
// A function that raises stores the exception here and returns ERR (or 0 / -1 where it returns
// an address or a count); whoever handles it takes it back out with rt_err_fetch.
import { listNew, listAppendSteal, listLength, listItem } from "./list";
import { isHeapType, typeQualname } from "./object";
import { heapTypeModule } from "./classes";
import { alloc, free, realloc } from "./alloc";
import { Value, ERR, NONE, UNBOUND, TRUE, FALSE, boxPtr, unboxPtr, isPtr, isNone, isSmallInt, isBool, unboxSmall } from "./value";
import {
  Kind, OBJECT_TYPE, TUPLE_TYPE, TRACEBACK_OBJECT, LIST_TYPE, IMMORTAL, initType, newStaticType, newObject, freeObject, decref,
  decrefChild, incref, typeAt, typeKind, typeName, isSubtype, typeOf, isObjectOf,
} from "./object";
import { strFromLiteral, strData, strByteLength, strLength } from "./str";
import { tupleFrom1, tupleNew, tupleSetItem, tupleLength, tupleItem, EMPTY_TUPLE } from "./tuple";
import { fmtMsg, builderNew, builderLiteral, builderStr, builderInt, builderFinish, builderByte, builderBytes } from "./format";
import { strOf, reprOf } from "./ops";
import { listNew, listLength, listItem, listAppendSteal } from "./list";
import { STR_TYPE } from "./object";
import { writeFd, flushStdout } from "./io";
import { construct } from "./builtins";
import { dictNew, dictGetItemOrNull, dictSetItem } from "./dict";
import { appendSuggestion } from "./suggestions";

// Exception object layout, after the header.
const EXC_ARGS: usize = 8;       // u64: tuple (owned)
const EXC_CAUSE: usize = 16;     // u64: exception or None (owned)
const EXC_CONTEXT: usize = 24;   // u64: exception or None (owned)
const EXC_TB: usize = 32;        // u32: traceback block (tbNew), 0 if none
const EXC_SUPPRESS: usize = 36;  // u32: __suppress_context__
export const EXC_DICT: usize = 40;      // u64: attribute dict or None (owned)
export const EXC_SIZE: usize = 48;

// Static type objects, one block each (see object.ts); the ones the runtime raises itself.
// Their size is object.ts's TYPE_SIZE, restated: static data cannot be sized by another
// module's constant.
const TS: i32 = 40;
export const BaseException = memory.data(TS, 8);
export const Exception = memory.data(TS, 8);
export const ArithmeticError = memory.data(TS, 8);
export const ZeroDivisionError = memory.data(TS, 8);
export const OverflowError = memory.data(TS, 8);
export const LookupError = memory.data(TS, 8);
export const IndexError = memory.data(TS, 8);
export const KeyError = memory.data(TS, 8);
export const TypeError = memory.data(TS, 8);
export const ValueError = memory.data(TS, 8);
export const AttributeError = memory.data(TS, 8);
export const NameError = memory.data(TS, 8);
export const UnboundLocalError = memory.data(TS, 8);
export const MemoryError = memory.data(TS, 8);
export const RuntimeError = memory.data(TS, 8);
export const RecursionError = memory.data(TS, 8);
export const NotImplementedError = memory.data(TS, 8);
export const StopIteration = memory.data(TS, 8);
export const AssertionError = memory.data(TS, 8);
export const SystemExit = memory.data(TS, 8);
export const ImportError = memory.data(TS, 8);
export const ModuleNotFoundError = memory.data(TS, 8);
/** What a JS exception thrown in a JS function Python called becomes (not a builtins name, as in Pyodide). */
export const JsException = memory.data(TS, 8);
export const UnicodeError = memory.data(TS, 8);
export const KeyboardInterrupt = memory.data(TS, 8);
export const GeneratorExit = memory.data(TS, 8);
export const OSError = memory.data(TS, 8);
export const BufferError = memory.data(TS, 8);

/** Every builtin exception type, for the builtins namespace. */
const MAX_EXC_TYPES = 80;
const excTypes: usize = memory.data(MAX_EXC_TYPES * 4, 4);
let excTypeCount: i32 = 0;

export function exceptionTypeCount(): i32 { return excTypeCount; }
export function exceptionTypeAt(i: i32): usize { return <usize>load<u32>(excTypes + (<usize>i << 2)); }

function registerType(t: usize, name: string, base: usize): usize {
  initType(t, name, base, Kind.EXCEPTION);
  store<u32>(excTypes + (<usize>excTypeCount << 2), <u32>t);
  excTypeCount++;
  return t;
}

function extraType(name: string, base: usize): usize {
  const t = newStaticType(name, base, Kind.EXCEPTION);
  store<u32>(excTypes + (<usize>excTypeCount << 2), <u32>t);
  excTypeCount++;
  return t;
}

/** The one MemoryError instance: raising it must not need memory. */
export const MEMORY_ERROR_INSTANCE: usize = memory.data(48, 8);

/** The pending exception (an owned exception object), or 0. */
let current: usize = 0;

export function initExceptions(): void {
  registerType(BaseException, "BaseException", OBJECT_TYPE);
  registerType(Exception, "Exception", BaseException);
  registerType(ArithmeticError, "ArithmeticError", Exception);
  extraType("FloatingPointError", ArithmeticError);
  registerType(OverflowError, "OverflowError", ArithmeticError);
  registerType(ZeroDivisionError, "ZeroDivisionError", ArithmeticError);
  registerType(AssertionError, "AssertionError", Exception);
  registerType(AttributeError, "AttributeError", Exception);
  registerType(BufferError, "BufferError", Exception);
  extraType("EOFError", Exception);
  registerType(ImportError, "ImportError", Exception);
  registerType(ModuleNotFoundError, "ModuleNotFoundError", ImportError);
  registerType(JsException, "JsException", Exception);
  registerType(LookupError, "LookupError", Exception);
  registerType(IndexError, "IndexError", LookupError);
  registerType(KeyError, "KeyError", LookupError);
  registerType(MemoryError, "MemoryError", Exception);
  registerType(NameError, "NameError", Exception);
  registerType(UnboundLocalError, "UnboundLocalError", NameError);
  registerType(OSError, "OSError", Exception);
  extraType("BlockingIOError", OSError);
  extraType("ChildProcessError", OSError);
  const connection = extraType("ConnectionError", OSError);
  extraType("BrokenPipeError", connection);
  extraType("ConnectionAbortedError", connection);
  extraType("ConnectionRefusedError", connection);
  extraType("ConnectionResetError", connection);
  extraType("FileExistsError", OSError);
  extraType("FileNotFoundError", OSError);
  extraType("InterruptedError", OSError);
  extraType("IsADirectoryError", OSError);
  extraType("NotADirectoryError", OSError);
  extraType("PermissionError", OSError);
  extraType("ProcessLookupError", OSError);
  extraType("TimeoutError", OSError);
  extraType("ReferenceError", Exception);
  registerType(RuntimeError, "RuntimeError", Exception);
  registerType(NotImplementedError, "NotImplementedError", RuntimeError);
  registerType(RecursionError, "RecursionError", RuntimeError);
  extraType("StopAsyncIteration", Exception);
  registerType(StopIteration, "StopIteration", Exception);
  const syntax = extraType("SyntaxError", Exception);
  const indentation = extraType("IndentationError", syntax);
  extraType("TabError", indentation);
  extraType("SystemError", Exception);
  registerType(TypeError, "TypeError", Exception);
  registerType(ValueError, "ValueError", Exception);
  registerType(UnicodeError, "UnicodeError", ValueError);
  extraType("UnicodeDecodeError", UnicodeError);
  extraType("UnicodeEncodeError", UnicodeError);
  extraType("UnicodeTranslateError", UnicodeError);
  const warning = extraType("Warning", Exception);
  extraType("BytesWarning", warning);
  extraType("DeprecationWarning", warning);
  extraType("EncodingWarning", warning);
  extraType("FutureWarning", warning);
  extraType("ImportWarning", warning);
  extraType("PendingDeprecationWarning", warning);
  extraType("ResourceWarning", warning);
  extraType("RuntimeWarning", warning);
  extraType("SyntaxWarning", warning);
  extraType("UnicodeWarning", warning);
  extraType("UserWarning", warning);
  registerType(GeneratorExit, "GeneratorExit", BaseException);
  registerType(KeyboardInterrupt, "KeyboardInterrupt", BaseException);
  registerType(SystemExit, "SystemExit", BaseException);

  const m = MEMORY_ERROR_INSTANCE;
  store<i32>(m, IMMORTAL);
  store<u32>(m, <u32>MemoryError, 4);
  store<u64>(m, boxPtr(EMPTY_TUPLE), EXC_ARGS);
  store<u64>(m, NONE, EXC_CAUSE);
  store<u64>(m, NONE, EXC_CONTEXT);
  store<u32>(m, 0, EXC_TB);
  store<u32>(m, 0, EXC_SUPPRESS);
  store<u64>(m, NONE, EXC_DICT);
}

/** A new exception of `type` with the given args tuple (stolen); 0 with MemoryError pending. */
export function exceptionNew(type: usize, args: usize): usize {
  const e = newObject(type, EXC_SIZE);
  if (e == 0) {
    decref(boxPtr(args));
    return 0;
  }
  store<u64>(e, boxPtr(args), EXC_ARGS);
  store<u64>(e, NONE, EXC_CAUSE);
  store<u64>(e, NONE, EXC_CONTEXT);
  store<u32>(e, 0, EXC_TB);
  store<u32>(e, 0, EXC_SUPPRESS);
  store<u64>(e, NONE, EXC_DICT);
  return e;
}

export function exceptionDealloc(e: usize): void {
  decrefChild(load<u64>(e, EXC_ARGS));
  decrefChild(load<u64>(e, EXC_CAUSE));
  decrefChild(load<u64>(e, EXC_CONTEXT));
  decrefChild(load<u64>(e, EXC_DICT));
  tbFree(<usize>load<u32>(e, EXC_TB));
  freeObject(e, EXC_SIZE);
}

export function exceptionArgs(e: usize): usize { return unboxPtr(load<u64>(e, EXC_ARGS)); }
export function exceptionCause(e: usize): Value { return load<u64>(e, EXC_CAUSE); }
export function exceptionContext(e: usize): Value { return load<u64>(e, EXC_CONTEXT); }
export function exceptionSuppress(e: usize): bool { return load<u32>(e, EXC_SUPPRESS) != 0; }

/** Replaces an owned field. */
function setField(e: usize, off: usize, v: Value): void {
  incref(v);
  const old = load<u64>(e + off);
  store<u64>(e + off, v);
  decref(old);
}

export function setCause(e: usize, c: Value): void {
  setField(e, EXC_CAUSE, c);
  store<u32>(e, 1, EXC_SUPPRESS);
}

/** e.attr for the attributes every exception has; 0 if `name` is not one of them. */
export function exceptionGetAttr(e: usize, name: usize): Value {
  const d = load<u64>(e, EXC_DICT);
  if (!isNone(d)) {
    const v = dictGetItemOrNull(unboxPtr(d), boxPtr(name));
    if (v != 0) return v;
  }
  if (strIsAscii7(name, "args")) return newRef(load<u64>(e, EXC_ARGS));
  if (strIsAscii7(name, "__cause__")) return newRef(load<u64>(e, EXC_CAUSE));
  if (strIsAscii7(name, "__context__")) return newRef(load<u64>(e, EXC_CONTEXT));
  if (strIsAscii7(name, "__suppress_context__")) return exceptionSuppress(e) ? TRUE : FALSE;
  if (strIsAscii7(name, "__traceback__")) {
    const tb = <usize>load<u32>(e, EXC_TB);
    return tb != 0 && load<u32>(tb) != 0 ? boxPtr(TRACEBACK_OBJECT) : NONE;
  }
  const t = typeAt(e);
  const args = exceptionArgs(e);
  const n = tupleLength(args);
  if (isSubtype(t, SystemExit) && strIsAscii7(name, "code")) {
    return n == 0 ? NONE : n == 1 ? newRef(tupleItem(args, 0)) : newRef(boxPtr(args));
  }
  if (isSubtype(t, StopIteration) && strIsAscii7(name, "value")) return n == 0 ? NONE : newRef(tupleItem(args, 0));
  if ((isSubtype(t, NameError) || isSubtype(t, AttributeError)) && strIsAscii7(name, "name")) return NONE;
  if (isSubtype(t, ImportError) && (strIsAscii7(name, "name") || strIsAscii7(name, "path"))) return NONE;
  return 0;
}

/** e.attr = v: the standard attributes, or the instance dict. 0, or -1 with an exception. */
export function exceptionSetAttr(e: usize, name: usize, v: Value): i32 {
  if (strIsAscii7(name, "__cause__")) {
    if (!isNone(v) && !isException(v)) {
      raise(TypeError, "exception cause must be None or derive from BaseException");
      return -1;
    }
    setCause(e, v);
    return 0;
  }
  if (strIsAscii7(name, "__context__")) {
    if (!isNone(v) && !isException(v)) {
      raise(TypeError, "exception context must be None or derive from BaseException");
      return -1;
    }
    setField(e, EXC_CONTEXT, v);
    return 0;
  }
  if (strIsAscii7(name, "__suppress_context__")) {
    store<u32>(e, v == TRUE ? 1 : 0, EXC_SUPPRESS);
    return 0;
  }
  if (strIsAscii7(name, "args")) {
    if (!isObjectOf(v, TUPLE_TYPE)) {
      raise(TypeError, "args may only be set to a tuple");
      return -1;
    }
    setField(e, EXC_ARGS, v);
    return 0;
  }
  let d = load<u64>(e, EXC_DICT);
  if (isNone(d)) {
    const nd = dictNew();
    if (nd == 0) return -1;
    d = boxPtr(nd);
    store<u64>(e, d, EXC_DICT);
  }
  return dictSetItem(unboxPtr(d), boxPtr(name), v);
}

// @ts-ignore: decorator
@inline function newRef(v: Value): Value {
  incref(v);
  return v;
}

function strIsAscii7(s: usize, lit: string): bool {
  const n = <u32>lit.length;
  if (strByteLength(s) != n) return false;
  const p = strData(s);
  for (let i: u32 = 0; i < n; i++) if (<u32>load<u8>(p + i) != <u32>lit.charCodeAt(i)) return false;
  return true;
}

// ---- the handled-exception stack -------------------------------------------------------------

const HANDLED_MAX: i32 = 1024;
const handled: usize = memory.data(HANDLED_MAX * 4, 4);
let handledDepth: i32 = 0;

/** The exception being handled (innermost), or 0. */
export function handledException(): usize {
  return handledDepth > 0 ? <usize>load<u32>(handled + (<usize>(handledDepth - 1) << 2)) : 0;
}

/** The pending exception (borrowed), or 0. */
export function pendingException(): usize { return current; }

/** Makes `e` (an owned reference) the pending exception, replacing any pending one. */
export function setCurrent(e: usize): void {
  if (current != 0) decref(boxPtr(current));
  current = e;
  // An exception raised while another is being handled gets it as __context__ (CPython's
  // _PyErr_SetObject), breaking any cycle the new link would close.
  const h = handledException();
  if (h != 0 && h != e && e != 0 && e != MEMORY_ERROR_INSTANCE) {
    let o = h;
    for (let depth = 0; depth < 1000; depth++) {
      const c = load<u64>(o, EXC_CONTEXT);
      if (!isPtr(c)) break;
      if (unboxPtr(c) == e) {
        setField(o, EXC_CONTEXT, NONE);
        break;
      }
      o = unboxPtr(c);
    }
    setField(e, EXC_CONTEXT, boxPtr(h));
  }
}

/** Raises `type(msg)` where msg is a str object (stolen). Returns ERR. */
export function raiseWithStr(type: usize, msg: usize): Value {
  if (msg == 0) return ERR; // building the message failed: MemoryError is pending
  const args = tupleFrom1(boxPtr(msg));
  if (args == 0) return ERR;
  const e = exceptionNew(type, args);
  if (e != 0) setCurrent(e);
  return ERR;
}

/** Raises `type(msg)` for a literal message. Returns ERR. */
export function raise(type: usize, msg: string): Value {
  return raiseWithStr(type, strFromLiteral(msg, false));
}

/** Raises `type()` with no arguments. Returns ERR. */
export function raiseEmpty(type: usize): Value {
  incref(boxPtr(EMPTY_TUPLE));
  const e = exceptionNew(type, EMPTY_TUPLE);
  if (e != 0) setCurrent(e);
  return ERR;
}

/** Raises `type(arg)` for any value (KeyError(key) keeps the key itself). arg is borrowed. */
export function raiseWithValue(type: usize, arg: Value): Value {
  incref(arg);
  const args = tupleFrom1(arg);
  if (args == 0) return ERR;
  const e = exceptionNew(type, args);
  if (e != 0) setCurrent(e);
  return ERR;
}

/** Raises the preallocated MemoryError; returns 0 for allocation sites returning addresses. */
export function raiseMemoryError(): usize {
  setCurrent(MEMORY_ERROR_INSTANCE);
  return 0;
}

/** Is the pending exception an instance of `type`? */
export function exceptionMatchesPending(type: usize): bool {
  return current != 0 && isSubtype(typeAt(current), type);
}

/** Is v an exception instance? */
export function isException(v: Value): bool {
  return isPtr(v) && typeKind(typeOf(v)) == Kind.EXCEPTION;
}

/** Is v an exception class? */
export function isExceptionType(v: Value): bool {
  return isPtr(v) && typeKind(typeAt(unboxPtr(v))) == Kind.TYPE && typeKind(unboxPtr(v)) == Kind.EXCEPTION;
}

// ---- tracebacks --------------------------------------------------------------------------------

// A traceback block: [count u32][capacity u32] then entries of (name str, file str, line), the
// innermost frame first (entries are added as the exception passes outward).
const TB_HEADER: usize = 8;
const TB_ENTRY: usize = 16;

function tbFree(tb: usize): void {
  if (tb == 0) return;
  const n = load<u32>(tb);
  for (let i: u32 = 0; i < n; i++) {
    const e = tb + TB_HEADER + <usize>i * TB_ENTRY;
    decrefChild(boxPtr(<usize>load<u32>(e)));
    decrefChild(boxPtr(<usize>load<u32>(e, 4)));
  }
  free(tb, TB_HEADER + <usize>load<u32>(tb, 4) * TB_ENTRY);
}

/** The innermost frame's name (IrFunction.pyName: co_name, then co_varnames), or 0 without a traceback. */
export function innermostFrameName(e: usize): usize {
  const tb = <usize>load<u32>(e, EXC_TB);
  return tb == 0 || load<u32>(tb) == 0 ? 0 : <usize>load<u32>(tb + TB_HEADER);
}

/** The innermost frame's file (a str); only with a traceback. */
export function innermostFrameFile(e: usize): usize {
  return <usize>load<u32>(<usize>load<u32>(e, EXC_TB) + TB_HEADER, 4);
}

/**
 * Records that the pending exception passed through `name` (str: the frame's co_name and
 * co_varnames, IrFunction.pyName) in `file` (str) at `line`.
 */
export function rt_traceback_add(name: Value, file: Value, line: i32): void {
  const e = current;
  // Line 0 is a frame that never started (RecursionError raised on entry): CPython reports
  // that error in the caller, which adds its own entry.
  if (e == 0 || e == MEMORY_ERROR_INSTANCE || line <= 0) return;
  let tb = <usize>load<u32>(e, EXC_TB);
  let n: u32 = 0;
  if (tb == 0) {
    tb = alloc(TB_HEADER + 4 * TB_ENTRY);
    if (tb == 0) return;
    store<u32>(tb, 0);
    store<u32>(tb, 4, 4);
    store<u32>(e, <u32>tb, EXC_TB);
  } else {
    n = load<u32>(tb);
    const cap = load<u32>(tb, 4);
    if (n == cap) {
      const grown = realloc(tb, TB_HEADER + <usize>cap * TB_ENTRY, TB_HEADER + <usize>cap * 2 * TB_ENTRY);
      if (grown == 0) return;
      tb = grown;
      store<u32>(tb, cap * 2, 4);
      store<u32>(e, <u32>tb, EXC_TB);
    }
  }
  incref(name);
  incref(file);
  const at = tb + TB_HEADER + <usize>n * TB_ENTRY;
  store<u32>(at, <u32>unboxPtr(name));
  store<u32>(at, <u32>unboxPtr(file), 4);
  store<i32>(at, line, 8);
  store<u32>(tb, n + 1);
}

// Source text registered by compiled modules (rt_register_source), for the source lines of
// tracebacks: (file str, source str) pairs.
const SOURCES_MAX = 64;
const sources: usize = memory.data(SOURCES_MAX * 8, 4);
let sourceCount: i32 = 0;

/** Registers a module's source (file and text: strs, kept alive) for traceback lines. */
export function rt_register_source(file: Value, text: Value): void {
  if (!isPtr(file) || !isPtr(text)) return;
  // A file registered again (a module loaded anew) gets its new text.
  for (let i = 0; i < sourceCount; i++) {
    const at = sources + (<usize>i << 3);
    if (strEqualsObj(<usize>load<u32>(at), unboxPtr(file))) {
      incref(text);
      decref(boxPtr(<usize>load<u32>(at, 4)));
      store<u32>(at, <u32>unboxPtr(text), 4);
      return;
    }
  }
  if (sourceCount >= SOURCES_MAX) return;
  incref(file);
  incref(text);
  store<u32>(sources + (<usize>sourceCount << 3), <u32>unboxPtr(file));
  store<u32>(sources + (<usize>sourceCount << 3), <u32>unboxPtr(text), 4);
  sourceCount++;
}

/** Appends "    <line>\n" (stripped) for line `line` of a registered file, if known. */
function appendSourceLine(b: usize, file: usize, line: i32): void {
  let text: usize = 0;
  for (let i = 0; i < sourceCount; i++) {
    const f = <usize>load<u32>(sources + (<usize>i << 3));
    const n = strByteLength(f);
    if (n == strByteLength(file) && memory.compare(strData(f), strData(file), n) == 0) {
      text = <usize>load<u32>(sources + (<usize>i << 3), 4);
      break;
    }
  }
  if (text == 0 || line <= 0) return;
  const p = strData(text);
  const n = strByteLength(text);
  let start: u32 = 0;
  for (let l = 1; l < line && start < n; start++) if (load<u8>(p + start) == 0x0A) l++;
  if (start >= n) return;
  let end = start;
  while (end < n && load<u8>(p + end) != 0x0A) end++;
  while (start < end && isSpace(load<u8>(p + start))) start++;
  while (end > start && isSpace(load<u8>(p + end - 1))) end--;
  if (start == end) return;
  builderLiteral(b, "    ");
  builderBytes(b, p + start, end - start);
  builderByte(b, 0x0A);
}

function isSpace(c: u32): bool { return c == 0x20 || c == 0x09 || c == 0x0C || c == 0x0D; }


// ---- reporting -------------------------------------------------------------------------------

function writeStr(fd: i32, s: usize): void {
  writeFd(fd, strData(s), strByteLength(s));
}

/** "Type: message" (or "Type" when str(e) is empty) for the last line of a report. */
function appendExceptionLine(b: usize, e: usize): void {
  // A class statement's exception prints its qualified name (and module, unless __main__).
  const t = typeAt(e);
  if (isHeapType(t)) {
    const m = heapTypeModule(t);
    if (m != 0 && !strIsAscii7(m, "__main__") && !strIsAscii7(m, "builtins")) {
      builderStr(b, m);
      builderByte(b, 0x2E);
    }
    builderStr(b, typeQualname(t));
  } else builderStr(b, typeName(t));
  const s = strOf(boxPtr(e));
  if (s == 0) {
    // str() raised: CPython prints a placeholder and drops that exception.
    rt_err_clear();
    builderLiteral(b, ": <exception str() failed>");
  } else {
    if (strLength(s) != 0) {
      builderLiteral(b, ": ");
      builderStr(b, s);
    }
    decref(boxPtr(s));
  }
  appendSuggestion(b, e);
  builderByte(b, 0x0A);
}

/** CPython prints at most sys.tracebacklimit (1000) entries, the innermost ones. */
const TRACEBACK_LIMIT: i32 = 1000;
/** Runs of one repeated entry longer than this print as "[Previous line repeated N more times]". */
const RECURSIVE_CUTOFF: i32 = 3;

function appendRepeated(b: usize, count: i32): void {
  const more = count - RECURSIVE_CUTOFF;
  builderLiteral(b, "  [Previous line repeated ");
  builderInt(b, more);
  builderLiteral(b, more > 1 ? " more times]\n" : " more time]\n");
}

/** The traceback and message of one exception, as CPython's print_exception writes them. */
function reportOne(e: usize): void {
  const b = builderNew(256);
  if (b == 0) return;
  const tb = <usize>load<u32>(e, EXC_TB);
  if (tb != 0 && load<u32>(tb) != 0) {
    builderLiteral(b, "Traceback (most recent call last):\n");
    // Entries are stored innermost first; print outermost first, the last 1000 only.
    const total = <i32>load<u32>(tb);
    const first = total > TRACEBACK_LIMIT ? TRACEBACK_LIMIT - 1 : total - 1;
    let lastFile: usize = 0, lastName: usize = 0;
    let lastLine: i32 = -1;
    let count: i32 = 0;
    for (let i = first; i >= 0; i--) {
      const entry = tb + TB_HEADER + <usize>i * TB_ENTRY;
      const name = <usize>load<u32>(entry);
      const file = <usize>load<u32>(entry, 4);
      const line = load<i32>(entry, 8);
      if (lastFile == 0 || !strEqualsObj(file, lastFile) || line != lastLine || !strEqualsObj(name, lastName)) {
        if (count > RECURSIVE_CUTOFF) appendRepeated(b, count);
        lastFile = file;
        lastName = name;
        lastLine = line;
        count = 0;
      }
      count++;
      if (count > RECURSIVE_CUTOFF) continue;
      builderLiteral(b, "  File \"");
      builderStr(b, file);
      builderLiteral(b, "\", line ");
      builderInt(b, line);
      builderLiteral(b, ", in ");
      appendCodeName(b, name);
      builderByte(b, 0x0A);
      appendSourceLine(b, file, line);
    }
    if (count > RECURSIVE_CUTOFF) appendRepeated(b, count);
  }
  appendExceptionLine(b, e);
  appendNotes(b, e);
  const s = builderFinish(b);
  if (s == 0) return;
  writeStr(2, s);
  decref(boxPtr(s));
}

/** The co_name part of a frame name: its first word. */
function appendCodeName(b: usize, frame: usize): void {
  const p = strData(frame);
  const n = strByteLength(frame);
  let end: u32 = 0;
  while (end < n && load<u8>(p + end) != 0x20) end++;
  builderBytes(b, p, end);
}

function strEqualsObj(a: usize, b: usize): bool {
  return a == b || (strByteLength(a) == strByteLength(b) && memory.compare(strData(a), strData(b), strByteLength(a)) == 0);
}

/** The exception's __notes__ (add_note), one per line after its message. */
function appendNotes(b: usize, e: usize): void {
  const d = load<u64>(e, EXC_DICT);
  if (isNone(d)) return;
  const key = strFromLiteral("__notes__", false);
  if (key == 0) return;
  const notes = dictGetItemOrNull(unboxPtr(d), boxPtr(key));
  decref(boxPtr(key));
  if (notes == 0 || notes == ERR) {
    if (notes == ERR) rt_err_clear();
    return;
  }
  if (isObjectOf(notes, LIST_TYPE) || isObjectOf(notes, TUPLE_TYPE)) {
    const isList = isObjectOf(notes, LIST_TYPE);
    const p = unboxPtr(notes);
    const n = isList ? listLength(p) : tupleLength(p);
    for (let i: u32 = 0; i < n; i++) {
      const note = isList ? listItem(p, i) : tupleItem(p, i);
      const s = strOf(note);
      if (s == 0) {
        rt_err_clear();
        builderLiteral(b, "<note str() failed>");
      } else {
        builderStr(b, s);
        decref(boxPtr(s));
      }
      builderByte(b, 0x0A);
    }
  } else {
    const s = reprOf(notes);
    if (s == 0) rt_err_clear();
    else {
      builderStr(b, s);
      decref(boxPtr(s));
      builderByte(b, 0x0A);
    }
  }
  decref(notes);
}

/** BaseException.add_note(note) */
export function exceptionAddNote(e: usize, note: Value): Value {
  if (!isObjectOf(note, STR_TYPE)) {
    return raiseWithStr(TypeError, fmtMsg("note must be a str, not '%s'", typeName(typeOf(note))));
  }
  let d = load<u64>(e, EXC_DICT);
  if (isNone(d)) {
    const nd = dictNew();
    if (nd == 0) return ERR;
    d = boxPtr(nd);
    store<u64>(e, d, EXC_DICT);
  }
  const key = strFromLiteral("__notes__", false);
  if (key == 0) return ERR;
  let notes = dictGetItemOrNull(unboxPtr(d), boxPtr(key));
  if (notes == ERR) {
    decref(boxPtr(key));
    return ERR;
  }
  if (notes == 0) {
    const l = listNew(0);
    if (l == 0 || dictSetItem(unboxPtr(d), boxPtr(key), boxPtr(l)) < 0) {
      decref(boxPtr(key));
      return ERR;
    }
    notes = boxPtr(l);
  }
  decref(boxPtr(key));
  if (!isObjectOf(notes, LIST_TYPE)) {
    decref(notes);
    return raise(TypeError, "Cannot add note: __notes__ is not a list");
  }
  incref(note);
  const ok = listAppendSteal(unboxPtr(notes), note);
  decref(notes);
  return ok ? NONE : ERR;
}

const SEEN_MAX: i32 = 64;
const seen: usize = memory.data(SEEN_MAX * 4, 4);
let seenCount: i32 = 0;

function wasSeen(e: usize): bool {
  for (let i = 0; i < seenCount; i++) if (<usize>load<u32>(seen + (<usize>i << 2)) == e) return true;
  return false;
}

/** Prints the chain (cause or context first, as CPython does), then e itself. */
function reportChain(e: usize): void {
  if (seenCount < SEEN_MAX) store<u32>(seen + (<usize>(seenCount++) << 2), <u32>e);
  const cause = load<u64>(e, EXC_CAUSE);
  const context = load<u64>(e, EXC_CONTEXT);
  if (isPtr(cause) && !wasSeen(unboxPtr(cause))) {
    reportChain(unboxPtr(cause));
    writeLiteral("\nThe above exception was the direct cause of the following exception:\n\n");
  } else if (isPtr(context) && !exceptionSuppress(e) && !wasSeen(unboxPtr(context))) {
    reportChain(unboxPtr(context));
    writeLiteral("\nDuring handling of the above exception, another exception occurred:\n\n");
  }
  reportOne(e);
}

/**
 * Reports and clears the pending exception of a call whose errors cannot propagate (__del__),
 * as CPython's "Exception ignored in: <what>" block.
 */
export function reportIgnored(what: Value): void {
  const e = current;
  current = 0;
  if (e == 0) return;
  writeLiteral("Exception ignored in: ");
  const r = reprOf(what);
  if (r != 0) {
    writeStr(2, r);
    decref(boxPtr(r));
  } else rt_err_clear();
  writeLiteral("\n");
  seenCount = 0;
  reportChain(e);
  decref(boxPtr(e));
}

function writeLiteral(text: string): void {
  const s = strFromLiteral(text, false);
  if (s == 0) return;
  writeStr(2, s);
  decref(boxPtr(s));
}

/**
 * Reports the pending (uncaught) exception as CPython does at exit and returns the process
 * exit status: SystemExit gives its code (None: 0, an int: itself, anything else is printed
 * to stderr and gives 1); any other exception prints its traceback to stderr and gives 1.
 */
export function rt_report_uncaught(): i32 {
  flushStdout();
  const e = current;
  if (e == 0) return 0;
  current = 0;
  let status: i32 = 1;
  if (isSubtype(typeAt(e), SystemExit)) {
    const args = exceptionArgs(e);
    const n = tupleLength(args);
    const code = n == 0 ? NONE : n == 1 ? tupleItem(args, 0) : boxPtr(args);
    if (isNone(code)) status = 0;
    else if (isSmallInt(code) || isBool(code)) status = <i32>unboxSmall(code);
    else {
      const s = strOf(code);
      if (s != 0) {
        writeStr(2, s);
        decref(boxPtr(s));
        writeLiteral("\n");
      } else {
        rt_err_clear();
      }
      status = 1;
    }
  } else {
    seenCount = 0;
    reportChain(e);
  }
  decref(boxPtr(e));
  flushStdout();
  return status;
}

// ---- exports -----------------------------------------------------------------------------

/** 1 if an exception is pending. */
export function rt_err_occurred(): i32 { return current != 0 ? 1 : 0; }

/** Takes the pending exception (the caller owns it) and clears the slot; None if none. */
export function rt_err_fetch(): Value {
  if (current == 0) return NONE;
  const e = current;
  current = 0;
  return boxPtr(e);
}

/** Makes an exception object (stolen) pending again, e.g. to re-raise. */
export function rt_err_restore(e: Value): void {
  if (current != 0) decref(boxPtr(current));
  current = unboxPtr(e);
}

export function rt_err_clear(): void {
  if (current != 0) decref(boxPtr(current));
  current = 0;
}

/**
 * Does exception `e` match `t` in an `except t:` clause? t is an exception class or a tuple
 * of them (nested tuples too). 1 or 0; -1 with TypeError pending if t is not a class deriving
 * from BaseException.
 */
export function rt_exception_matches(e: Value, t: Value): i32 {
  if (isObjectOf(t, TUPLE_TYPE)) {
    const p = unboxPtr(t);
    const n = tupleLength(p);
    // Validate every entry first, as CPython does.
    for (let i: u32 = 0; i < n; i++) {
      const item = tupleItem(p, i);
      if (!isExceptionType(item) && !isObjectOf(item, TUPLE_TYPE)) return badCatch();
    }
    for (let i: u32 = 0; i < n; i++) {
      const r = rt_exception_matches(e, tupleItem(p, i));
      if (r != 0) return r;
    }
    return 0;
  }
  if (!isExceptionType(t)) return badCatch();
  return isSubtype(typeOf(e), unboxPtr(t)) ? 1 : 0;
}

function badCatch(): i32 {
  raise(TypeError, "catching classes that do not inherit from BaseException is not allowed");
  return -1;
}

/** Older name of rt_exception_matches without the validation (kept for the tests). */
export function rt_exc_matches(e: Value, t: Value): i32 {
  if (!isPtr(e) || !isPtr(t)) return 0;
  return isSubtype(typeAt(unboxPtr(e)), unboxPtr(t)) ? 1 : 0;
}

/** The args tuple of an exception (new reference). */
export function rt_exc_args(e: Value): Value {
  const a = load<u64>(unboxPtr(e), EXC_ARGS);
  incref(a);
  return a;
}

/** Raises `t(msg)` for an exception type and a value (borrowed); returns ERR. */
export function rt_raise_new(t: Value, msg: Value): Value {
  if (!isExceptionType(t)) return raise(TypeError, "exceptions must derive from BaseException");
  return raiseWithValue(unboxPtr(t), msg);
}

/** Also accepted as "no `from` clause" besides UNBOUND (0xFFFF_0000_0000_0003). */
const NO_CAUSE: Value = ERR | 3;

/**
 * `raise exc` / `raise exc from cause`: exc is an exception or an exception class (called
 * with no arguments); cause is None, an exception (or class), or UNBOUND (no `from`). Both borrowed.
 * Leaves the exception pending (TypeError if exc or cause is not an exception).
 */
export function rt_raise(exc: Value, cause: Value): void {
  let e: usize;
  if (isException(exc)) {
    e = unboxPtr(exc);
    incref(exc);
  } else if (isExceptionType(exc)) {
    const v = construct(unboxPtr(exc), 0, 0, NONE);
    if (v == ERR) return;
    e = unboxPtr(v);
  } else {
    raise(TypeError, "exceptions must derive from BaseException");
    return;
  }
  if (cause != NO_CAUSE && cause != UNBOUND) {
    let c: Value = cause;
    let own = false;
    if (isExceptionType(cause)) {
      c = construct(unboxPtr(cause), 0, 0, NONE);
      if (c == ERR) {
        decref(boxPtr(e));
        return;
      }
      own = true;
    } else if (!isNone(cause) && !isException(cause)) {
      decref(boxPtr(e));
      raise(TypeError, "exception causes must derive from BaseException");
      return;
    }
    setCause(e, c);
    if (own) decref(c);
  }
  setCurrent(e);
}

/** Enters an `except` block handling e (borrowed): it becomes the context of new exceptions. */
export function rt_exc_handler_enter(e: Value): void {
  if (handledDepth >= HANDLED_MAX) return;
  incref(e);
  store<u32>(handled + (<usize>handledDepth << 2), <u32>unboxPtr(e));
  handledDepth++;
}

/** The handled-exception stack's depth (a generator notes it before it runs). */
export function handledStackDepth(): i32 { return handledDepth; }

/**
 * Takes the entries above `base` off the stack into a new list (their references move), or
 * NONE if there are none: what a generator suspended inside an except clause keeps for later.
 */
export function handledStackTake(base: i32): Value {
  if (handledDepth <= base) return NONE;
  const l = listNew(0);
  for (let i = base; i < handledDepth; i++) {
    const e = boxPtr(<usize>load<u32>(handled + (<usize>i << 2)));
    if (l == 0 || !listAppendSteal(l, e)) decref(e);
  }
  handledDepth = base;
  return l == 0 ? NONE : boxPtr(l);
}

/** Pushes back what handledStackTake took (the list is consumed). */
export function handledStackRestore(saved: Value): void {
  if (isNone(saved)) return;
  const l = unboxPtr(saved);
  for (let i: u32 = 0; i < listLength(l); i++) rt_exc_handler_enter(listItem(l, i));
  decref(saved);
}

/** Leaves the innermost `except` block. */
export function rt_exc_handler_exit(): void {
  if (handledDepth == 0) return;
  handledDepth--;
  decref(boxPtr(<usize>load<u32>(handled + (<usize>handledDepth << 2))));
}

/** Bare `raise`: re-raises the exception being handled; returns ERR. */
export function rt_reraise(): Value {
  const h = handledException();
  if (h == 0) return raise(RuntimeError, "No active exception to reraise");
  incref(boxPtr(h));
  if (current != 0) decref(boxPtr(current));
  current = h;
  return ERR;
}

/** Raises NameError (isLocal 0: a global, 2: a free variable) or UnboundLocalError (1: a local); returns ERR. */
export function rt_raise_unbound(name: Value, isLocal: i32): Value {
  const n = unboxPtr(name);
  if (isLocal == 1) {
    return raiseWithStr(UnboundLocalError, fmtMsg("cannot access local variable '%s' where it is not associated with a value", n));
  }
  raiseWithStr(NameError, isLocal == 2
    ? fmtMsg("cannot access free variable '%s' where it is not associated with a value in enclosing scope", n)
    : fmtMsg("name '%s' is not defined", n));
  // CPython records the name on a NameError, for the suggestions of its report.
  setNameAttr(name);
  return ERR;
}

/** Sets `name` on the pending exception (NameError, AttributeError), as CPython's raise sites do. */
export function setNameAttr(name: Value): void {
  const e = current;
  if (e == 0 || e == MEMORY_ERROR_INSTANCE) return;
  const key = strFromLiteral("name", false);
  if (key == 0) return;
  exceptionSetAttr(e, key, name);
  decref(boxPtr(key));
}

/** Raises RecursionError("maximum recursion depth exceeded"); returns ERR. */
/**
 * Python call depth and its limit. Compiled functions count themselves in and out of
 * rt_depth (codegen reads and writes these globals directly); the runtime counts the Python
 * calls it makes itself (special methods), as CPython's C-level recursion check does.
 */
export let rt_depth: i32 = 0;
export let rt_recursion_limit: i32 = 1000;

/** Around a Python call the runtime makes: false with RecursionError when the limit is reached. */
export function enterCall(what: string = "maximum recursion depth exceeded while calling a Python object"): bool {
  if (rt_depth >= rt_recursion_limit) {
    raise(RecursionError, what);
    return false;
  }
  rt_depth++;
  return true;
}

export function leaveCall(): void { rt_depth--; }

export function rt_raise_recursion(): Value {
  return raise(RecursionError, "maximum recursion depth exceeded");
}

/** An exception instance of `type` from positional arguments (borrowed). */
export function exceptionFromArgs(type: usize, argv: usize, n: u32): Value {
  const args = tupleNew(n);
  if (args == 0) return ERR;
  for (let i: u32 = 0; i < n; i++) {
    const v = load<u64>(argv + (<usize>i << 3));
    incref(v);
    tupleSetItem(args, i, v);
  }
  const e = exceptionNew(type, args);
  return e == 0 ? ERR : boxPtr(e);
}

