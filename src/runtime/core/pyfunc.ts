// Python function objects and code objects, and argument binding with CPython 3.11's exact
// errors (ceval.c's initialize_locals: positional, *args, keywords, **kwargs, defaults,
// keyword-only defaults, in that order).
//
// A function's compiled code is reached through the linker: rt_call hands a call to
// `molt_link.call_function(entry, fn, argv, argc, kwnames)`, which the code generator defines
// when it links the program into the runtime (a table of the program's function entries).
// The entry then binds its arguments with rt_bind_args.
import { alloc } from "./alloc";
import { Value, ERR, NONE, UNBOUND, boxPtr, unboxPtr, isPtr, isNone } from "./value";
import {
  PYFUNCTION_TYPE, CODE_TYPE, TUPLE_TYPE, DICT_TYPE, IMMORTAL, newObject, freeObject, decrefChild, incref, decref,
  isObjectOf,
} from "./object";
import { raise, raiseWithStr, TypeError } from "./exceptions";
import { fmtMsg, builderNew, builderStr, builderLiteral, builderFinish, builderInt } from "./format";
import { strFromUtf8, strData, strByteLength, strEquals, strRepr } from "./str";
import { tupleNew, tupleSetItem, tupleLength, tupleItem } from "./tuple";
import { dictNew, dictSetItem, dictGetItemOrNull } from "./dict";
import { kwCount, argAt } from "./call";
import { rt_err_clear } from "./exceptions";

// @ts-ignore: decorator
@external("molt_link", "call_function")
declare function linkCallFunction(entry: u32, fn: u64, argv: usize, argc: u32, kwnames: u64): u64;

// Code object layout (immortal).
const CO_NAME: usize = 8;       // u32 str
const CO_QUALNAME: usize = 12;  // u32 str
const CO_ARGCOUNT: usize = 16;  // u32: positional parameters, positional-only included
const CO_POSONLY: usize = 20;   // u32
const CO_KWONLY: usize = 24;    // u32
const CO_FLAGS: usize = 28;     // u32: FLAG_VARARGS | FLAG_VARKW
const CO_NVARS: usize = 32;     // u32: number of varnames
const CO_VARNAMES: usize = 36;  // u32: address of an array of str addresses
const CO_FREEVARS: usize = 40;  // u32: tuple of str (immortal)
const CO_CELLVARS: usize = 44;  // u32: tuple of str (immortal)
const CO_SIZE: usize = 48;

const FLAG_VARARGS: u32 = 1;
const FLAG_VARKW: u32 = 2;

// Function object layout.
const FN_ENTRY: usize = 8;      // u32: the linker's index of the compiled code
const FN_CODE: usize = 12;      // u32: code object (immortal)
const FN_DEFAULTS: usize = 16;  // u64: tuple or None (owned)
const FN_KWDEFAULTS: usize = 24; // u64: dict or None (owned)
const FN_CLOSURE: usize = 32;   // u64: tuple of cells or None (owned)
const FN_DICT: usize = 40;      // u64: attribute dict or None (owned)
const FN_SIZE: usize = 48;

// @ts-ignore: decorator
@inline export function codeName(c: usize): usize { return <usize>load<u32>(c, CO_NAME); }
// @ts-ignore: decorator
@inline export function codeQualname(c: usize): usize { return <usize>load<u32>(c, CO_QUALNAME); }
// @ts-ignore: decorator
@inline export function functionCode(f: usize): usize { return <usize>load<u32>(f, FN_CODE); }
export function functionQualname(f: usize): usize { return codeQualname(functionCode(f)); }
export function functionDefaults(f: usize): Value { return load<u64>(f, FN_DEFAULTS); }
export function functionKwdefaults(f: usize): Value { return load<u64>(f, FN_KWDEFAULTS); }
export function functionDictField(f: usize): Value { return load<u64>(f, FN_DICT); }

/** Parses a decimal field of the spec; advances specPos past the following '|'. */
let specPos: u32 = 0;
function specNumber(p: usize, n: u32): u32 {
  let v: u32 = 0;
  while (specPos < n && load<u8>(p + specPos) != 0x7C) {
    v = v * 10 + (<u32>load<u8>(p + specPos) - 0x30);
    specPos++;
  }
  specPos++;
  return v;
}

function specStr(p: usize, n: u32, stop: u32): usize {
  const start = specPos;
  while (specPos < n && load<u8>(p + specPos) != <u8>stop) specPos++;
  const s = strFromUtf8(p + start, specPos - start);
  specPos++;
  if (s != 0) store<i32>(s, IMMORTAL);
  return s;
}

/**
 * A code object from the UTF-8 spec at p, n bytes long:
 * "name|qualname|argcount|posonlyargcount|kwonlyargcount|flags|v1,v2,...|free1,...|cell1,..."
 * (flags: 1 *args, 2 **kwargs). Immortal: code objects are constants and live as long as the
 * program.
 */
export function rt_code_new_utf8(p: usize, n: u32): Value {
  const c = newObject(CODE_TYPE, CO_SIZE);
  if (c == 0) return ERR;
  store<i32>(c, IMMORTAL);
  specPos = 0;
  store<u32>(c, <u32>specStr(p, n, 0x7C), CO_NAME);
  store<u32>(c, <u32>specStr(p, n, 0x7C), CO_QUALNAME);
  store<u32>(c, specNumber(p, n), CO_ARGCOUNT);
  store<u32>(c, specNumber(p, n), CO_POSONLY);
  store<u32>(c, specNumber(p, n), CO_KWONLY);
  store<u32>(c, specNumber(p, n), CO_FLAGS);
  const count = specListLength(p, n);
  const names = alloc(<usize>max<u32>(count, 1) << 2);
  for (let i: u32 = 0; i < count; i++) store<u32>(names + (<usize>i << 2), <u32>specStr(p, n, i + 1 < count ? 0x2C : 0x7C));
  if (count == 0) specPos++;
  store<u32>(c, count, CO_NVARS);
  store<u32>(c, <u32>names, CO_VARNAMES);
  const free = specTuple(p, n);
  const cells = specTuple(p, n);
  if (free == 0 || cells == 0) return ERR;
  store<u32>(c, <u32>free, CO_FREEVARS);
  store<u32>(c, <u32>cells, CO_CELLVARS);
  return boxPtr(c);
}

/** How many comma-separated names the field at specPos has (0 when it is empty). */
function specListLength(p: usize, n: u32): u32 {
  let i = specPos;
  if (i >= n || load<u8>(p + i) == 0x7C) return 0;
  let count: u32 = 1;
  for (; i < n && load<u8>(p + i) != 0x7C; i++) if (load<u8>(p + i) == 0x2C) count++;
  return count;
}

/** The comma-separated names at specPos as an immortal tuple of str; 0 on MemoryError. */
function specTuple(p: usize, n: u32): usize {
  const count = specListLength(p, n);
  const t = tupleNew(count);
  if (t == 0) return 0;
  store<i32>(t, IMMORTAL);
  for (let i: u32 = 0; i < count; i++) tupleSetItem(t, i, boxPtr(specStr(p, n, i + 1 < count ? 0x2C : 0x7C)));
  if (count == 0) specPos++;
  return t;
}

// @ts-ignore: decorator
@inline function varname(c: usize, i: u32): usize { return <usize>load<u32>(<usize>load<u32>(c, CO_VARNAMES) + (<usize>i << 2)); }

/** A function object (arguments borrowed; defaults a tuple or None, kwdefaults a dict or None). */
export function rt_make_function(entry: u32, code: Value, defaults: Value, kwdefaults: Value, closure: Value): Value {
  const f = newObject(PYFUNCTION_TYPE, FN_SIZE);
  if (f == 0) return ERR;
  incref(defaults);
  incref(kwdefaults);
  incref(closure);
  store<u32>(f, entry, FN_ENTRY);
  store<u32>(f, <u32>unboxPtr(code), FN_CODE);
  store<u64>(f, defaults, FN_DEFAULTS);
  store<u64>(f, kwdefaults, FN_KWDEFAULTS);
  store<u64>(f, closure, FN_CLOSURE);
  store<u64>(f, NONE, FN_DICT);
  return boxPtr(f);
}

export function pyFunctionDealloc(f: usize): void {
  decrefChild(load<u64>(f, FN_DEFAULTS));
  decrefChild(load<u64>(f, FN_KWDEFAULTS));
  decrefChild(load<u64>(f, FN_CLOSURE));
  decrefChild(load<u64>(f, FN_DICT));
  freeObject(f, FN_SIZE);
}

/** code.co_* attributes (new references), or 0 for other names. */
export function codeAttr(c: usize, name: usize): Value {
  if (strIsLit(name, "co_name")) return boxPtr(codeName(c));
  if (strIsLit(name, "co_qualname")) return boxPtr(codeQualname(c));
  if (strIsLit(name, "co_argcount")) return boxSmall(load<u32>(c, CO_ARGCOUNT));
  if (strIsLit(name, "co_posonlyargcount")) return boxSmall(load<u32>(c, CO_POSONLY));
  if (strIsLit(name, "co_kwonlyargcount")) return boxSmall(load<u32>(c, CO_KWONLY));
  if (strIsLit(name, "co_varnames")) {
    const n = load<u32>(c, CO_NVARS);
    const t = tupleNew(n);
    if (t == 0) return ERR;
    for (let i: u32 = 0; i < n; i++) tupleSetItem(t, i, boxPtr(varname(c, i)));
    return boxPtr(t);
  }
  if (strIsLit(name, "co_freevars")) return boxPtr(<usize>load<u32>(c, CO_FREEVARS));
  if (strIsLit(name, "co_cellvars")) return boxPtr(<usize>load<u32>(c, CO_CELLVARS));
  return 0;
}

function strIsLit(s: usize, lit: string): bool {
  const n = <u32>lit.length;
  if (strByteLength(s) != n) return false;
  for (let i: u32 = 0; i < n; i++) if (<u32>load<u8>(strData(s) + i) != <u32>lit.charCodeAt(i)) return false;
  return true;
}

import { boxSmall } from "./value";

/** The closure tuple of a function object (borrowed), or None. */
export function rt_function_closure(f: Value): Value { return load<u64>(unboxPtr(f), FN_CLOSURE); }

/** Calls a Python function object through the linker's entry table. */
export function callPyFunction(f: Value, argv: usize, argc: u32, kwnames: Value): Value {
  return linkCallFunction(load<u32>(unboxPtr(f), FN_ENTRY), f, argv, argc, kwnames);
}

/** The function's attribute dict, made on first use; 0 on MemoryError. */
export function functionDict(f: usize): usize {
  let d = load<u64>(f, FN_DICT);
  if (isNone(d)) {
    const nd = dictNew();
    if (nd == 0) return 0;
    d = boxPtr(nd);
    store<u64>(f, d, FN_DICT);
  }
  return unboxPtr(d);
}

// ---- argument binding ----------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function slotAt(slots: usize, i: u32): usize { return slots + (<usize>i << 3); }

/** Releases the bound slots [0, n) after a failed binding and leaves them unbound. */
function unbind(slots: usize, n: u32): void {
  for (let i: u32 = 0; i < n; i++) {
    const v = load<u64>(slotAt(slots, i));
    store<u64>(slotAt(slots, i), UNBOUND);
    if (v != UNBOUND) decref(v);
  }
}

/** "'a'", "'a' and 'b'", "'a', 'b', and 'c'" for the missing parameters in [start, end). */
function missingNames(c: usize, slots: usize, start: u32, end: u32, count: u32): usize {
  const b = builderNew(32);
  if (b == 0) return 0;
  let k: u32 = 0;
  for (let i = start; i < end; i++) {
    if (load<u64>(slotAt(slots, i)) != UNBOUND) continue;
    if (k > 0) {
      if (count == 2) builderLiteral(b, " and ");
      else if (k == count - 1) builderLiteral(b, ", and ");
      else builderLiteral(b, ", ");
    }
    const r = strRepr(varname(c, i));
    if (r != 0) {
      builderStr(b, r);
      decref(boxPtr(r));
    }
    k++;
  }
  return builderFinish(b);
}

function missingError(f: usize, slots: usize, start: u32, end: u32, count: u32, positional: bool): void {
  const names = missingNames(functionCode(f), slots, start, end, count);
  if (names == 0) return;
  const kind = strFromLiteralT(positional ? "positional" : "keyword-only");
  raiseWithStr(TypeError, count == 1
    ? fmtMsg("%s() missing %d required %s argument: %s", functionQualname(f), count, kind, names)
    : fmtMsg("%s() missing %d required %s arguments: %s", functionQualname(f), count, kind, names));
  decref(boxPtr(kind));
  decref(boxPtr(names));
}

import { strFromLiteral } from "./str";
function strFromLiteralT(s: string): usize { return strFromLiteral(s, false); }

function tooManyPositional(f: usize, slots: usize, given: u32): void {
  const c = functionCode(f);
  const argcount = load<u32>(c, CO_ARGCOUNT);
  const kwonly = load<u32>(c, CO_KWONLY);
  let kwonlyGiven: u32 = 0;
  for (let i = argcount; i < argcount + kwonly; i++) if (load<u64>(slotAt(slots, i)) != UNBOUND) kwonlyGiven++;
  const defaults = load<u64>(f, FN_DEFAULTS);
  const defcount = isObjectOf(defaults, TUPLE_TYPE) ? tupleLength(unboxPtr(defaults)) : 0;
  const b = builderNew(96);
  if (b == 0) return;
  builderStr(b, functionQualname(f));
  builderLiteral(b, "() takes ");
  let plural: bool;
  if (defcount != 0) {
    plural = true;
    builderLiteral(b, "from ");
    builderInt(b, argcount - defcount);
    builderLiteral(b, " to ");
    builderInt(b, argcount);
  } else {
    plural = argcount != 1;
    builderInt(b, argcount);
  }
  builderLiteral(b, plural ? " positional arguments but " : " positional argument but ");
  builderInt(b, given);
  if (kwonlyGiven != 0) {
    builderLiteral(b, given != 1 ? " positional arguments (and " : " positional argument (and ");
    builderInt(b, kwonlyGiven);
    builderLiteral(b, kwonlyGiven != 1 ? " keyword-only arguments)" : " keyword-only argument)");
  }
  builderLiteral(b, given == 1 && kwonlyGiven == 0 ? " was given" : " were given");
  const msg = builderFinish(b);
  raiseWithStr(TypeError, msg);
}

/** Keywords naming positional-only parameters: "'a, b'"; 0 if there are none. */
function positionalOnlyAsKeyword(f: usize, argv: usize, npos: u32, kwnames: Value): bool {
  const c = functionCode(f);
  const posonly = load<u32>(c, CO_POSONLY);
  const nkw = kwCount(kwnames);
  const b = builderNew(16);
  if (b == 0) return false;
  let found: u32 = 0;
  for (let k: u32 = 0; k < nkw; k++) {
    const name = unboxPtr(tupleItem(unboxPtr(kwnames), k));
    for (let j: u32 = 0; j < posonly; j++) {
      if (strEquals(varname(c, j), name)) {
        if (found > 0) builderLiteral(b, ", ");
        builderStr(b, name);
        found++;
        break;
      }
    }
  }
  const names = builderFinish(b);
  if (names == 0) return false;
  if (found == 0) {
    decref(boxPtr(names));
    return false;
  }
  raiseWithStr(TypeError, fmtMsg("%s() got some positional-only arguments passed as keyword arguments: '%s'", functionQualname(f), names));
  decref(boxPtr(names));
  return true;
}

/**
 * Binds a call's arguments (argv/argc/kwnames as rt_call receives them, borrowed) into one i64
 * slot per varname at `slots` (new references): 0, or -1 with CPython's TypeError pending.
 */
export function rt_bind_args(fv: Value, argv: usize, argc: u32, kwnames: Value, slots: usize): i32 {
  const f = unboxPtr(fv);
  const c = functionCode(f);
  const argcount = load<u32>(c, CO_ARGCOUNT);
  const posonly = load<u32>(c, CO_POSONLY);
  const kwonly = load<u32>(c, CO_KWONLY);
  const flags = load<u32>(c, CO_FLAGS);
  const total = argcount + kwonly;
  const nslots = total + ((flags & FLAG_VARARGS) != 0 ? 1 : 0) + ((flags & FLAG_VARKW) != 0 ? 1 : 0);
  const nkw = kwCount(kwnames);
  const npos = argc - nkw;
  for (let i: u32 = 0; i < nslots; i++) store<u64>(slotAt(slots, i), UNBOUND);
  let kwdict: usize = 0;
  if ((flags & FLAG_VARKW) != 0) {
    kwdict = dictNew();
    if (kwdict == 0) return -1;
    store<u64>(slotAt(slots, total + ((flags & FLAG_VARARGS) != 0 ? 1 : 0)), boxPtr(kwdict));
  }
  const n = min<u32>(npos, argcount);
  for (let i: u32 = 0; i < n; i++) {
    const v = argAt(argv, i);
    incref(v);
    store<u64>(slotAt(slots, i), v);
  }
  if ((flags & FLAG_VARARGS) != 0) {
    const extra = npos > argcount ? npos - argcount : 0;
    const t = tupleNew(extra);
    if (t == 0) {
      unbind(slots, nslots);
      return -1;
    }
    for (let i: u32 = 0; i < extra; i++) {
      const v = argAt(argv, argcount + i);
      incref(v);
      tupleSetItem(t, i, v);
    }
    store<u64>(slotAt(slots, total), boxPtr(t));
  }
  for (let k: u32 = 0; k < nkw; k++) {
    const name = unboxPtr(tupleItem(unboxPtr(kwnames), k));
    const value = argAt(argv, npos + k);
    let j = posonly;
    for (; j < total; j++) if (strEquals(varname(c, j), name)) break;
    if (j >= total) {
      if (kwdict == 0) {
        if (posonly != 0 && positionalOnlyAsKeyword(f, argv, npos, kwnames)) {
          unbind(slots, nslots);
          return -1;
        }
        raiseWithStr(TypeError, fmtMsg("%s() got an unexpected keyword argument '%s'", functionQualname(f), name));
        unbind(slots, nslots);
        return -1;
      }
      if (dictSetItem(kwdict, boxPtr(name), value) < 0) {
        unbind(slots, nslots);
        return -1;
      }
      continue;
    }
    if (load<u64>(slotAt(slots, j)) != UNBOUND) {
      raiseWithStr(TypeError, fmtMsg("%s() got multiple values for argument '%s'", functionQualname(f), name));
      unbind(slots, nslots);
      return -1;
    }
    incref(value);
    store<u64>(slotAt(slots, j), value);
  }
  if (npos > argcount && (flags & FLAG_VARARGS) == 0) {
    tooManyPositional(f, slots, npos);
    unbind(slots, nslots);
    return -1;
  }
  if (npos < argcount) {
    const defaults = load<u64>(f, FN_DEFAULTS);
    const defcount = isObjectOf(defaults, TUPLE_TYPE) ? tupleLength(unboxPtr(defaults)) : 0;
    const m = argcount - min<u32>(defcount, argcount);
    let missing: u32 = 0;
    for (let i = npos; i < m; i++) if (load<u64>(slotAt(slots, i)) == UNBOUND) missing++;
    if (missing != 0) {
      missingError(f, slots, 0, m, missing, true);
      unbind(slots, nslots);
      return -1;
    }
    for (let i: u32 = n > m ? n - m : 0; i < defcount; i++) {
      if (load<u64>(slotAt(slots, m + i)) == UNBOUND) {
        const d = tupleItem(unboxPtr(defaults), i);
        incref(d);
        store<u64>(slotAt(slots, m + i), d);
      }
    }
  }
  if (kwonly > 0) {
    const kwdefaults = load<u64>(f, FN_KWDEFAULTS);
    let missing: u32 = 0;
    for (let i = argcount; i < total; i++) {
      if (load<u64>(slotAt(slots, i)) != UNBOUND) continue;
      if (isObjectOf(kwdefaults, DICT_TYPE)) {
        const d = dictGetItemOrNull(unboxPtr(kwdefaults), boxPtr(varname(c, i)));
        if (d == ERR) {
          unbind(slots, nslots);
          return -1;
        }
        if (d != 0) {
          store<u64>(slotAt(slots, i), d);
          continue;
        }
      }
      missing++;
    }
    if (missing != 0) {
      missingError(f, slots, argcount, total, missing, false);
      unbind(slots, nslots);
      return -1;
    }
  }
  return 0;
}

