// Module objects: the builtin modules (sys, time, math, array) with their functions and the file
// objects sys.stdout / sys.stderr, and the Python modules the compiler links into the program.
// A module is an immortal object holding its name, a dict and, for a linked module, the table
// that maps its global names to the Wasm globals holding them (see "linked modules" below).
import { rt_depth, rt_recursion_limit, RecursionError, OverflowError as OverflowErr } from "./exceptions";
import { bigSign } from "./int";
import { Value, ERR, NONE, UNBOUND, boxPtr, unboxPtr, boxSmall, isPtr, isNone, boxFloat, isSmallInt, isBool, unboxSmall } from "./value";
import { realloc } from "./alloc";
import { rt_getattr, rt_setattr } from "./attr";
import {
  MODULE_TYPE, FILE_TYPE, FUNCTION_TYPE, STR_TYPE, IMMORTAL, newObject, typeOf, typeName, isObjectOf, incref, decref,
} from "./object";
import {
  raise, raiseWithStr, raiseEmpty, raiseWithValue, AttributeError, TypeError, ValueError, ModuleNotFoundError,
  ImportError, KeyError, SystemExit, pendingException, exceptionSetAttr, exceptionMatchesPending, rt_err_clear, rt_err_fetch,
  rt_err_restore, MEMORY_ERROR_INSTANCE, handledException, exceptionGetAttr,
} from "./exceptions";
import { fmtMsg, builderNew, builderLiteral, builderFinish } from "./format";
import { strFromLiteral, strFromUtf8, strData, strByteLength, strLength, strEquals } from "./str";
import { dictNew, dictSetItem, dictGetItemOrNull, dictDelItem, dictEntryCount, dictEntryKey, isDeletedKey } from "./dict";
import { listNew, listAppendSteal } from "./list";
import { tupleNew, tupleSetItem, tupleLength, tupleItem } from "./tuple";
import { intFromI64, isInt, isSmallOrBool, getIntMaxStrDigits, rt_set_int_max_str_digits } from "./int";
import { staticFunction, checkOne, checkNoArgs, checkPositional, argAt, kwCount } from "./call";
import { Fn } from "./natives";
import { writeFd, flushStdout } from "./io";
import { initMath, mathFunctionName, MATH_FUNCTION_COUNT, MATH_PI, MATH_E, MATH_TAU } from "./math";
import { ARRAY_TYPE, TYPECODES } from "./arraytype";

// @ts-ignore: decorator
@external("molt_host", "now_ns")
declare function hostNowNs(): i64;
// @ts-ignore: decorator
@external("molt_host", "time_ns")
declare function hostTimeNs(): i64;

const MOD_NAME: usize = 8;   // u64 str
const MOD_DICT: usize = 16;   // u64 dict: attributes that are not globals of a linked module
const MOD_SLOTS: usize = 24;  // u64 dict global name -> slot, or None (builtin modules)
const MOD_INDEX: usize = 32;  // i32: index in the linked-module table, -1 for builtin modules
const MOD_SIZE: usize = 40;

const FILE_FD: usize = 8;
const FILE_SIZE: usize = 16;

let sysModule: usize = 0;
let sysModules: usize = 0;
let timeModule: usize = 0;
let mathModule: usize = 0;
let arrayModule: usize = 0;
let stdoutFile: usize = 0;
let stderrFile: usize = 0;

function newModule(name: string): usize {
  return newModuleNamed(boxPtr(strFromLiteral(name, true)), -1, NONE);
}

/** name: a str (immortal); slots: a dict owned by the module, or None. */
function newModuleNamed(name: Value, index: i32, slots: Value): usize {
  const m = newObject(MODULE_TYPE, MOD_SIZE);
  store<i32>(m, IMMORTAL);
  store<u64>(m, name, MOD_NAME);
  const d = dictNew();
  store<i32>(d, IMMORTAL);
  store<u64>(m, boxPtr(d), MOD_DICT);
  store<u64>(m, slots, MOD_SLOTS);
  store<i32>(m, index, MOD_INDEX);
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
  sysModules = dictNew();
  store<i32>(sysModules, IMMORTAL);
  set(sys, "modules", boxPtr(sysModules));
  dictSetItem(sysModules, load<u64>(sys, MOD_NAME), boxPtr(sys));
  const argv = listNew(0);
  set(sys, "argv", boxPtr(argv));
  fn(sys, "exit", Fn.SYS_EXIT);
  fn(sys, "getrecursionlimit", Fn.SYS_GETRECURSIONLIMIT);
  fn(sys, "setrecursionlimit", Fn.SYS_SETRECURSIONLIMIT);
  fn(sys, "get_int_max_str_digits", Fn.SYS_GET_INT_MAX_STR_DIGITS);
  fn(sys, "set_int_max_str_digits", Fn.SYS_SET_INT_MAX_STR_DIGITS);
  fn(sys, "intern", Fn.SYS_INTERN);
  fn(sys, "getsizeof", Fn.SYS_GETSIZEOF);
  fn(sys, "exc_info", Fn.SYS_EXC_INFO);
  fn(sys, "exception", Fn.SYS_EXCEPTION);
  set(sys, "stdin", boxPtr(newFile(0)));
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
  const array = (arrayModule = newModule("array"));
  set(array, "array", boxPtr(ARRAY_TYPE));
  set(array, "ArrayType", boxPtr(ARRAY_TYPE));
  set(array, "typecodes", boxPtr(strFromLiteral(TYPECODES, true)));
}

/** `import name` of a builtin module: the module object (immortal), or ModuleNotFoundError. */
export function rt_import(name: Value): Value {
  const n = unboxPtr(name);
  let m: usize = 0;
  if (strIsLit(n, "sys")) m = sysModule;
  else if (strIsLit(n, "time")) m = timeModule;
  else if (strIsLit(n, "math")) m = mathModule;
  else if (strIsLit(n, "array")) m = arrayModule;
  else return raiseImportError(ModuleNotFoundError, fmtMsg("No module named '%s'", n), name, NONE);
  if (dictSetItem(sysModules, name, boxPtr(m)) < 0) return ERR;
  return boxPtr(m);
}

/** Raises `type(msg)` (msg stolen) with the `name` and `path` attributes ImportError carries. */
function raiseImportError(type: usize, msg: usize, name: Value, path: Value): Value {
  raiseWithStr(type, msg);
  const e = pendingException();
  if (e == 0 || e == MEMORY_ERROR_INSTANCE) return ERR;
  const nameKey = strFromLiteral("name", false);
  exceptionSetAttr(e, nameKey, name);
  decref(boxPtr(nameKey));
  const pathKey = strFromLiteral("path", false);
  exceptionSetAttr(e, pathKey, path);
  decref(boxPtr(pathKey));
  return ERR;
}

// ---- linked modules ------------------------------------------------------------------------------
// Every Python module a program imports is compiled into the program's Wasm module, each global
// a Wasm global. The code generator registers them at init (rt_module_register) and defines the
// imports below: a module's body, and reads and writes of its globals by slot (the slot of a
// name is its position in the names the module was registered with). Import itself follows
// CPython's protocol: sys.modules first, then the parent package, then a new module object
// entered in sys.modules before its body runs (so circular imports see it partly initialised),
// and taken out again if the body raises.

// @ts-ignore: decorator
@external("molt_link", "module_body")
declare function linkModuleBody(index: i32): u64;
// @ts-ignore: decorator
@external("molt_link", "module_get")
declare function linkModuleGet(index: i32, slot: i32): u64;
// @ts-ignore: decorator
@external("molt_link", "module_set")
declare function linkModuleSet(index: i32, slot: i32, v: u64): void;

const LINK_NAME: usize = 0;    // u64 str (immortal)
const LINK_FILE: usize = 8;    // u64 str or None
const LINK_SLOTS: usize = 16;  // u64 tuple of global names (immortal), or None
const LINK_PARENT: usize = 24; // i32 index of the parent package, or -1
const LINK_FLAGS: usize = 28;  // i32: kind | LINKED_PACKAGE | LINKED_RUNNING
const LINK_TABLE: usize = 32;  // i32: first of the module's body/get/set slots in the function table, or -1
const LINK_SIZE: usize = 40;

/** A module with code; a namespace package (a directory, no code); a name no file provides. */
const LINKED_CODE: i32 = 0;
const LINKED_NAMESPACE: i32 = 1;
const LINKED_MISSING: i32 = 2;
const LINKED_KIND: i32 = 3;
const LINKED_PACKAGE: i32 = 4;
/** Its body is running: a `from` import of a name it has not bound yet is a circular import. */
const LINKED_RUNNING: i32 = 8;
/** The main module: its module object exists (in sys.modules) before the host runs its body. */
const LINKED_MAIN: i32 = 16;

let linked: usize = 0;
let linkedCapacity: i32 = 0;
let linkedCount: i32 = 0;

function linkedAt(index: i32): usize { return linked + <usize>index * LINK_SIZE; }

function reserveLinked(index: i32): usize {
  if (index >= linkedCapacity) {
    const grown = max(index + 1, linkedCapacity * 2);
    linked = realloc(linked, <usize>linkedCapacity * LINK_SIZE, <usize>grown * LINK_SIZE);
    linkedCapacity = grown;
  }
  if (index >= linkedCount) linkedCount = index + 1;
  return linkedAt(index);
}

function storeLinked(r: usize, name: Value, parent: i32, flags: i32, file: Value, slots: Value, table: i32): void {
  store<u64>(r, name, LINK_NAME);
  store<u64>(r, file, LINK_FILE);
  store<u64>(r, slots, LINK_SLOTS);
  store<i32>(r, parent, LINK_PARENT);
  store<i32>(r, flags, LINK_FLAGS);
  store<i32>(r, table, LINK_TABLE);
}

/**
 * Registers linked module `index` of a program linked whole; the code generator's init calls
 * this for each, in order.
 */
export function rt_module_register(index: i32, name: Value, parent: i32, flags: i32, file: Value, slots: Value): void {
  storeLinked(reserveLinked(index), name, parent, flags, file, slots, -1);
  if ((flags & LINKED_MAIN) != 0) dictSetItem(sysModules, name, boxPtr(newModuleNamed(name, index, slotTable(slots))));
}

/** Index of the linked module named `name` (a str), or -1. */
function linkedIndexOf(name: usize): i32 {
  for (let i: i32 = 0; i < linkedCount; i++) {
    if (strEquals(unboxPtr(load<u64>(linkedAt(i), LINK_NAME)), name)) return i;
  }
  return -1;
}

/** A declaration by a module that imports the one declared, which is linked on its own. */
const DECLARE_REFERENCE: i32 = 32;
/** Declared with code by its importers, but its own Wasm has not been linked (yet). */
const LINKED_UNLINKED: i32 = 64;

/**
 * Modules linked one Wasm each into a shared runtime (the bundler's apps) are known by name,
 * not by a position fixed at link time: each module's init declares itself, with its code's
 * place in the function table, and every module it may import, as references (`flags` has
 * DECLARE_REFERENCE, `table` is -1). Whichever comes first makes the record; a module's own
 * declaration then fills in its code. The index is what the module's code imports by.
 * `parent`: the parent package's name, or None. Returns -1 with ImportError pending when two
 * different files declare themselves as the same module.
 */
export function rt_module_declare(name: Value, parent: Value, flags: i32, file: Value, slots: Value, table: i32): i32 {
  let parentIndex: i32 = -1;
  if (!isNone(parent)) {
    parentIndex = linkedIndexOf(unboxPtr(parent));
    if (parentIndex < 0) {
      // The package's own Wasm is linked later: a reference to it holds its place.
      parentIndex = linkedCount;
      storeLinked(reserveLinked(parentIndex), parent, -1, LINKED_CODE | LINKED_PACKAGE | LINKED_UNLINKED, NONE, NONE, -1);
    }
  }
  const own = (flags & DECLARE_REFERENCE) == 0;
  flags &= ~DECLARE_REFERENCE;
  if (!own && (flags & LINKED_KIND) == LINKED_CODE) flags |= LINKED_UNLINKED;
  const index = linkedIndexOf(unboxPtr(name));
  if (index < 0) {
    const at = linkedCount;
    storeLinked(reserveLinked(at), name, parentIndex, flags, file, slots, table);
    return at;
  }
  if (!own) return index;
  const r = linkedAt(index);
  if (load<i32>(r, LINK_TABLE) >= 0) {
    const before = load<u64>(r, LINK_FILE);
    if (isNone(before) || isNone(file) || !strEquals(unboxPtr(before), unboxPtr(file))) {
      raiseImportError(ImportError, fmtMsg(
        "two different Python modules are named '%s' in one app: %s and %s", unboxPtr(name),
        unboxPtr(isNone(before) ? name : before), unboxPtr(isNone(file) ? name : file),
      ), name, file);
      return -1;
    }
    // The module's file was edited (a dev server links it again): its new code replaces the
    // old, and the next import runs it; whoever imported the old module keeps that one.
    const loaded = dictGetItemOrNull(sysModules, name);
    if (loaded != 0) {
      decref(loaded);
      if (dictDelItem(sysModules, name) < 0) return -1;
    }
  }
  storeLinked(r, name, parentIndex, flags, file, slots, table);
  return index;
}

/** The first of linked module `index`'s body/get/set slots in the function table (shared-runtime dispatch). */
export function rt_module_table(index: i32): i32 {
  return load<i32>(linkedAt(index), LINK_TABLE);
}

/**
 * `import name` from JS (the bundler's glue): a linked module by name, else a builtin module.
 * A new reference, or ERR.
 */
export function rt_import_by_name(name: Value): Value {
  const index = linkedIndexOf(unboxPtr(name));
  return index >= 0 ? rt_import_linked(index) : rt_import(name);
}

/** `import name` of linked module `index`: a new reference to the module, or ERR. */
export function rt_import_linked(index: i32): Value {
  const r = linkedAt(index);
  const name = load<u64>(r, LINK_NAME);
  const have = cachedModule(name);
  if (have != 0) return have;
  const parentIndex = load<i32>(r, LINK_PARENT);
  let parent: Value = NONE;
  if (parentIndex >= 0) {
    parent = rt_import_linked(parentIndex);
    if (parent == ERR) return ERR;
    // Importing the package may have imported this module too.
    const again = cachedModule(name);
    if (again != 0) {
      decref(parent);
      return again;
    }
  }
  const flags = load<i32>(r, LINK_FLAGS);
  if ((flags & LINKED_KIND) == LINKED_MISSING) {
    const pf = parentIndex >= 0 ? load<i32>(linkedAt(parentIndex), LINK_FLAGS) : LINKED_PACKAGE;
    const msg = (pf & LINKED_PACKAGE) != 0
      ? fmtMsg("No module named '%s'", unboxPtr(name))
      : fmtMsg("No module named '%s'; '%s' is not a package", unboxPtr(name), unboxPtr(load<u64>(linkedAt(parentIndex), LINK_NAME)));
    decref(parent);
    return raiseImportError(ModuleNotFoundError, msg, name, NONE);
  }
  if ((flags & LINKED_UNLINKED) != 0) {
    decref(parent);
    return raiseImportError(ImportError, fmtMsg("the Python module '%s' was not linked into this app", unboxPtr(name)), name, NONE);
  }
  const m = newModuleNamed(name, index, slotTable(load<u64>(r, LINK_SLOTS)));
  if (m == 0 || dictSetItem(sysModules, name, boxPtr(m)) < 0) {
    decref(parent);
    return ERR;
  }
  if ((flags & LINKED_KIND) != LINKED_NAMESPACE) {
    store<i32>(r, flags | LINKED_RUNNING, LINK_FLAGS);
    const result = linkModuleBody(index);
    store<i32>(r, flags, LINK_FLAGS);
    if (result == ERR) {
      const e = rt_err_fetch();
      dictDelItem(sysModules, name);
      rt_err_restore(e);
      decref(parent);
      return ERR;
    }
    decref(result);
  }
  // What the import gives is what sys.modules holds now: a module may replace itself there.
  const loaded = dictGetItemOrNull(sysModules, name);
  if (loaded == 0) raiseWithValue(KeyError, name);
  if (loaded != 0 && loaded != ERR && parentIndex >= 0) {
    // The package gets the submodule as an attribute once it has loaded, as in CPython.
    const child = lastComponent(unboxPtr(name));
    const status = child == 0 ? -1 : rt_setattr(parent, boxPtr(child), loaded);
    if (child != 0) decref(boxPtr(child));
    if (status < 0) {
      decref(loaded);
      decref(parent);
      return ERR;
    }
  }
  decref(parent);
  return loaded == 0 ? ERR : loaded;
}

/**
 * sys.modules[name] as a new reference; 0 if absent; ERR (ModuleNotFoundError) when it is
 * None, CPython's way of blocking an import.
 */
function cachedModule(name: Value): Value {
  const have = dictGetItemOrNull(sysModules, name);
  if (have != NONE) return have;
  return raiseImportError(ModuleNotFoundError, fmtMsg("import of %s halted; None in sys.modules", unboxPtr(name)), name, NONE);
}

/** A dict from each global name to its slot. */
function slotTable(names: Value): Value {
  if (isNone(names)) return NONE;
  const t = unboxPtr(names);
  const d = dictNew();
  store<i32>(d, IMMORTAL);
  for (let i: u32 = 0; i < tupleLength(t); i++) dictSetItem(d, tupleItem(t, i), boxSmall(i));
  return boxPtr(d);
}

function lastComponent(s: usize): usize {
  const p = strData(s);
  const n = strByteLength(s);
  let i = n;
  while (i > 0 && load<u8>(p + i - 1) != 0x2e) i--;
  return strFromUtf8(p + i, n - i);
}

/**
 * `from module import name`: the attribute; failing that, submodule `subIndex` (-1 if the
 * compiler found none) imported and read again; failing that, ImportError. For
 * `from module import *` (star 1), a missing name gives UNBOUND instead; for a name the
 * module's `__all__` lists (star 2), AttributeError.
 */
export function rt_import_from(module: Value, name: Value, subIndex: i32, star: i32): Value {
  let v = rt_getattr(module, name);
  if (v != ERR || !exceptionMatchesPending(AttributeError)) return v;
  if (subIndex >= 0) {
    rt_err_clear();
    const sub = rt_import_linked(subIndex);
    if (sub == ERR) return ERR;
    decref(sub);
    v = rt_getattr(module, name);
    if (v != ERR || !exceptionMatchesPending(AttributeError)) return v;
  }
  rt_err_clear();
  if (star == 1) return UNBOUND;
  // sys.modules may hold any object under a module's name: only a module object has a layout to read.
  const isModule = isObjectOf(module, MODULE_TYPE);
  const m = unboxPtr(module);
  const index = isModule ? load<i32>(m, MOD_INDEX) : -1;
  let modName: Value = NONE;
  if (isModule) {
    modName = load<u64>(m, MOD_NAME);
    incref(modName);
  } else {
    const key = strFromLiteral("__name__", false);
    modName = rt_getattr(module, boxPtr(key));
    decref(boxPtr(key));
    if (modName == ERR || !isObjectOf(modName, STR_TYPE)) {
      if (modName == ERR) rt_err_clear();
      else decref(modName);
      modName = boxPtr(strFromLiteral("<unknown module name>", false));
    }
  }
  // A submodule imported some other way is found in sys.modules, as IMPORT_FROM finds it.
  const full = fmtMsg("%s.%s", unboxPtr(modName), unboxPtr(name));
  if (full != 0) {
    const sub = dictGetItemOrNull(sysModules, boxPtr(full));
    decref(boxPtr(full));
    if (sub != 0 && sub != ERR) {
      decref(modName);
      return sub;
    }
  }
  if (star == 2) {
    raiseWithStr(AttributeError, fmtMsg("module '%s' has no attribute '%s'", unboxPtr(modName), unboxPtr(name)));
    decref(modName);
    return ERR;
  }
  const file = index >= 0 ? load<u64>(linkedAt(index), LINK_FILE) : NONE;
  const where = isNone(file) ? strFromLiteral("unknown location", false) : unboxPtr(file);
  if (isNone(file)) {} else incref(file);
  const running = index >= 0 && (load<i32>(linkedAt(index), LINK_FLAGS) & LINKED_RUNNING) != 0;
  const msg = running
    ? fmtMsg("cannot import name '%s' from partially initialized module '%s' (most likely due to a circular import) (%s)", unboxPtr(name), unboxPtr(modName), where)
    : fmtMsg("cannot import name '%s' from '%s' (%s)", unboxPtr(name), unboxPtr(modName), where);
  decref(boxPtr(where));
  raiseImportError(ImportError, msg, modName, file);
  decref(modName);
  return ERR;
}

function strIsLit(s: usize, lit: string): bool {
  const n = <u32>lit.length;
  if (strByteLength(s) != n) return false;
  for (let i: u32 = 0; i < n; i++) if (<u32>load<u8>(strData(s) + i) != <u32>lit.charCodeAt(i)) return false;
  return true;
}

export function moduleGetAttr(m: usize, name: usize): Value {
  const slot = slotOf(m, name);
  if (slot >= 0) {
    const g = linkModuleGet(load<i32>(m, MOD_INDEX), slot);
    if (g != UNBOUND) {
      incref(g);
      return g;
    }
  }
  const v = dictGetItemOrNull(moduleDict(m), boxPtr(name));
  if (v != 0 && v != ERR) return v;
  if (strIsLit(name, "__name__")) {
    const nm = load<u64>(m, MOD_NAME);
    incref(nm);
    return nm;
  }
  const index = load<i32>(m, MOD_INDEX);
  if (index >= 0 && (load<i32>(linkedAt(index), LINK_FLAGS) & LINKED_RUNNING) != 0) {
    return raiseWithStr(AttributeError, fmtMsg(
      "partially initialized module '%s' has no attribute '%s' (most likely due to a circular import)",
      unboxPtr(load<u64>(m, MOD_NAME)), name,
    ));
  }
  return raiseWithStr(AttributeError, fmtMsg("module '%s' has no attribute '%s'", unboxPtr(load<u64>(m, MOD_NAME)), name));
}

/** repr(module) as a str (0 on MemoryError): `<module 'name' from 'file'>`, `(built-in)`, or `(namespace)`. */
export function moduleRepr(m: usize): usize {
  const index = load<i32>(m, MOD_INDEX);
  const file = index >= 0 ? load<u64>(linkedAt(index), LINK_FILE) : NONE;
  const name = unboxPtr(load<u64>(m, MOD_NAME));
  if (index >= 0 && isNone(file)) return fmtMsg("<module '%s' (namespace)>", name);
  if (isNone(file)) return fmtMsg("<module '%s' (built-in)>", name);
  return fmtMsg("<module '%s' from '%s'>", name, unboxPtr(file));
}

export function moduleSetAttr(m: usize, name: usize, v: Value): i32 {
  const slot = slotOf(m, name);
  if (slot < 0) return dictSetItem(moduleDict(m), boxPtr(name), v);
  const index = load<i32>(m, MOD_INDEX);
  const old = linkModuleGet(index, slot);
  incref(v);
  linkModuleSet(index, slot, v);
  if (old != UNBOUND) decref(old);
  return 0;
}

/** del module.name: 0, or -1 with AttributeError. */
export function moduleDelAttr(m: usize, name: usize): i32 {
  const slot = slotOf(m, name);
  if (slot >= 0) {
    const index = load<i32>(m, MOD_INDEX);
    const old = linkModuleGet(index, slot);
    if (old != UNBOUND) {
      linkModuleSet(index, slot, UNBOUND);
      decref(old);
      return 0;
    }
  } else {
    const key = boxPtr(name);
    const have = dictGetItemOrNull(moduleDict(m), key);
    if (have != 0 && have != ERR) {
      decref(have);
      return dictDelItem(moduleDict(m), key);
    }
  }
  raiseWithStr(AttributeError, fmtMsg("module '%s' has no attribute '%s'", unboxPtr(load<u64>(m, MOD_NAME)), name));
  return -1;
}

/** The slot of a linked module's global, or -1. */
function slotOf(m: usize, name: usize): i32 {
  const slots = load<u64>(m, MOD_SLOTS);
  if (isNone(slots)) return -1;
  const s = dictGetItemOrNull(unboxPtr(slots), boxPtr(name));
  return s == 0 || s == ERR ? -1 : <i32>unboxSmall(s);
}

// The attributes CPython's import system gives a module's globals before its body runs, in
// their dict order: a script, an imported module, a package.
const MAIN_DUNDERS = "__name__ __doc__ __package__ __loader__ __spec__ __annotations__ __builtins__ __file__ __cached__";
const MODULE_DUNDERS = "__name__ __doc__ __package__ __loader__ __spec__ __file__ __cached__ __builtins__";
const PACKAGE_DUNDERS = "__name__ __doc__ __package__ __loader__ __spec__ __path__ __file__ __cached__ __builtins__";
const ALL_DUNDERS = "__name__ __doc__ __package__ __loader__ __spec__ __path__ __annotations__ __builtins__ __file__ __cached__";

/**
 * The names in the globals of the module whose file is `file` (a str), in the order CPython's
 * globals dict would hold them: the import system's attributes, then the bound globals in the
 * order the module first mentions them (CPython's order is that of their first binding at run
 * time, the same for code that binds its names in source order), then attributes set on the
 * module from outside. A new list of strs; 0 if no linked module has that file.
 */
export function moduleGlobalNames(file: usize): usize {
  let index = -1;
  for (let i = 0; i < linkedCount; i++) {
    const f = load<u64>(linkedAt(i), LINK_FILE);
    if (isPtr(f) && strEquals(unboxPtr(f), file)) {
      index = i;
      break;
    }
  }
  if (index < 0) return 0;
  const r = linkedAt(index);
  const flags = load<i32>(r, LINK_FLAGS);
  const out = listNew(0);
  if (out == 0) return 0;
  addWords(out, (flags & LINKED_MAIN) != 0 ? MAIN_DUNDERS : (flags & LINKED_PACKAGE) != 0 ? PACKAGE_DUNDERS : MODULE_DUNDERS);
  const slots = load<u64>(r, LINK_SLOTS);
  if (!isNone(slots)) {
    const t = unboxPtr(slots);
    // An imported module gets __annotations__ when its body first annotates a name.
    if ((flags & LINKED_MAIN) == 0) {
      for (let i: u32 = 0; i < tupleLength(t); i++) {
        const n = unboxPtr(tupleItem(t, i));
        if (strIsLit(n, "__annotations__") && linkModuleGet(index, <i32>i) != UNBOUND) addName(out, tupleItem(t, i));
      }
    }
    for (let i: u32 = 0; i < tupleLength(t); i++) {
      const n = tupleItem(t, i);
      if (isWordOf(unboxPtr(n), ALL_DUNDERS) || linkModuleGet(index, <i32>i) == UNBOUND) continue;
      addName(out, n);
    }
  }
  const m = moduleObjectOf(index);
  if (m != 0) {
    const d = moduleDict(m);
    for (let i: u32 = 0; i < dictEntryCount(d); i++) {
      const k = dictEntryKey(d, i);
      if (isDeletedKey(k) || !isObjectOf(k, STR_TYPE) || isWordOf(unboxPtr(k), ALL_DUNDERS) || slotOf(m, unboxPtr(k)) >= 0) continue;
      addName(out, k);
    }
  }
  return out;
}

/** The module object of linked module `index` in sys.modules, or 0. */
function moduleObjectOf(index: i32): usize {
  const v = dictGetItemOrNull(sysModules, load<u64>(linkedAt(index), LINK_NAME));
  if (v == ERR) rt_err_clear();
  if (v == 0 || v == ERR) return 0;
  decref(v);
  if (!isObjectOf(v, MODULE_TYPE) || load<i32>(unboxPtr(v), MOD_INDEX) != index) return 0;
  return unboxPtr(v);
}

function addName(l: usize, name: Value): void {
  incref(name);
  listAppendSteal(l, name);
}

/** Appends each space-separated word of `words` as a str. */
function addWords(l: usize, words: string): void {
  let start = 0;
  for (let i = 0; i <= words.length; i++) {
    if (i < words.length && words.charCodeAt(i) != 0x20) continue;
    const b = builderNew(<u32>(i - start));
    if (b == 0) return;
    builderLiteral(b, words, start, i);
    const s = builderFinish(b);
    if (s != 0) listAppendSteal(l, boxPtr(s));
    start = i + 1;
  }
}

/** Is str s one of the space-separated words of `words`? */
function isWordOf(s: usize, words: string): bool {
  const p = strData(s);
  const n = <i32>strByteLength(s);
  let start = 0;
  for (let i = 0; i <= words.length; i++) {
    if (i < words.length && words.charCodeAt(i) != 0x20) continue;
    if (i - start == n) {
      let same = true;
      for (let k = 0; k < n && same; k++) same = <u32>load<u8>(p + <usize>k) == <u32>words.charCodeAt(start + k);
      if (same) return true;
    }
    start = i + 1;
  }
  return false;
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

/** sys.exception(): the exception being handled, or None. */
export function sysException(argc: u32, kw: Value): Value {
  if (!checkNoArgs("exception", argc, kw)) return ERR;
  const e = handledException();
  if (e == 0) return NONE;
  incref(boxPtr(e));
  return boxPtr(e);
}

/** sys.exc_info(): (type, value, traceback) of the exception being handled, or three Nones. */
export function sysExcInfo(argc: u32, kw: Value): Value {
  if (!checkNoArgs("exc_info", argc, kw)) return ERR;
  const e = handledException();
  const t = tupleNew(3);
  if (t == 0) return ERR;
  if (e == 0) {
    for (let i: u32 = 0; i < 3; i++) tupleSetItem(t, i, NONE);
    return boxPtr(t);
  }
  const type = boxPtr(typeOf(boxPtr(e)));
  incref(type);
  tupleSetItem(t, 0, type);
  incref(boxPtr(e));
  tupleSetItem(t, 1, boxPtr(e));
  const key = strFromLiteral("__traceback__", false);
  const tb = exceptionGetAttr(e, key);
  decref(boxPtr(key));
  tupleSetItem(t, 2, tb);
  return boxPtr(t);
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

