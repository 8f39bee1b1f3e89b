// Heap objects: the 8-byte header (refcount i32 at +0, type address u32 at +4), type objects,
// reference counting and deallocation.
//
// Builtin type objects are static (memory.data), so each type's address is a link-time
// constant and a type test is a load and a compare. They are filled in by initObjects() at
// start-up. Every type has a `kind` that selects its deallocator.
import { alloc, free } from "./alloc";
import { Value, isPtr, unboxPtr, isFloat, isSmallInt, isBool, isNone, boxPtr } from "./value";
import { strFromLiteral } from "./str";
import { strDealloc } from "./str";
import { bigDealloc } from "./int";
import { tupleDealloc } from "./tuple";
import { listDealloc } from "./list";
import { dictDealloc } from "./dict";
import { setDealloc } from "./set";
import { exceptionDealloc } from "./exceptions";
import { sliceDealloc } from "./slice";
import { iterDealloc } from "./iter";
import { raiseMemoryError } from "./exceptions";
import { functionDealloc } from "./call";
import { rangeDealloc } from "./range";
import { cellDealloc, pairDealloc } from "./iterobjects";
import { pyFunctionDealloc } from "./pyfunc";
import { instanceDealloc, propertyDealloc } from "./classes";
import { bytesDealloc } from "./bytes";
import { jsFunctionDealloc } from "./jsfunction";
import { generatorDealloc } from "./generator";
import { arrayDealloc } from "./arraytype";
import { memoryviewDealloc } from "./memoryview";
import { releaseExtras } from "./subclass";

/** Objects whose refcount starts here are never freed (types, interned strs, singletons). */
export const IMMORTAL: i32 = 1 << 30;

export const HEADER_SIZE: usize = 8;

// Type object layout, after the header.
const TYPE_NAME: usize = 8;    // u32: address of an immortal str
const TYPE_BASE: usize = 12;   // u32: base type, 0 for object
const TYPE_KIND: usize = 16;   // u32: Kind
const TYPE_DICT: usize = 20;   // u32: address of the type's attribute dict (methods), 0 if none
// Classes made by a `class` statement (classes.ts) also have these; builtin types keep them 0.
const TYPE_MRO: usize = 24;    // u32: tuple of types, C3 order (0: follow the base chain)
const TYPE_BASES: usize = 28;  // u32: tuple of the bases as written
const TYPE_QUALNAME: usize = 32; // u32: str
const TYPE_FLAGS: usize = 36;  // u32: TYPE_HEAP
export const TYPE_SIZE: usize = 40;

/** The type was made by a class statement: instances may define special methods in Python. */
export const TYPE_HEAP: u32 = 1;
/** Some class in its MRO declares __slots__ (classes.ts keeps those attributes apart). */
export const TYPE_SLOTTED: u32 = 2;
/**
 * Derived from a builtin container, str or type (subclass.ts): instances have that builtin's
 * layout, and their attributes live in a table beside them.
 */
export const TYPE_EXTRAS: u32 = 4;
/** Derived from int or float (subclass.ts): instances are INSTANCEs holding the number. */
export const TYPE_BOXED: u32 = 8;
/**
 * The name is a C type's, with its module ("collections.deque"): a class of Molt's standard
 * library standing in for one CPython implements in C. __name__ is the part after the dot.
 */
export const TYPE_CNAME: u32 = 16;
/** Bits 8-15 of the flags: which builtin type's layout the instances have (subclass.ts's index). */
export const TYPE_SOLID_SHIFT: u32 = 8;

export const enum Kind {
  TYPE, OBJECT, NONE, BOOL, INT, FLOAT, STR, TUPLE, LIST, DICT, SET, SLICE, ITER, EXCEPTION,
  FUNCTION, RANGE, CELL, MODULE, FILE, ENUMERATE, ZIP, MAP, FILTER, DICTVIEW, PYFUNCTION, CODE,
  /** An instance of a class statement's class (its fields are an attribute dict). */
  INSTANCE,
  /** Bound methods, staticmethod, classmethod, super: pairs of owned values (classes.ts). */
  METHOD, STATICMETHOD, CLASSMETHOD, SUPER,
  /** property: getter, setter, deleter. */
  PROPERTY,
  /** generator.ts */
  GENERATOR,
  /** bytes.ts */
  BYTES, BYTEARRAY,
  /** jsfunction.ts */
  JSFUNCTION,
  /** arraytype.ts, memoryview.ts */
  ARRAY, MEMORYVIEW,
}

// Each type object is its own static block. (memory.data must be written out per constant: a
// helper function wrapping it would return one shared block.)
export const TYPE_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const OBJECT_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const NONE_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const BOOL_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const INT_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const FLOAT_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const STR_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const TUPLE_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const LIST_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const DICT_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const SET_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const FROZENSET_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const SLICE_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const RANGE_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const FUNCTION_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const METHOD_DESCRIPTOR_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const CELL_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const PYFUNCTION_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const CODE_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const MODULE_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const FILE_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const JSFUNCTION_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const ENUMERATE_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const ZIP_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const MAP_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const FILTER_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const REVERSED_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const DICT_KEYS_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const DICT_VALUES_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const DICT_ITEMS_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const NOTIMPLEMENTED_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const ELLIPSIS_TYPE = memory.data(<i32>TYPE_SIZE, 8);
// Iterators: one kind (iter.ts), one type per container as in CPython.
export const LIST_ITER_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const LIST_REVITER_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const TUPLE_ITER_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const STR_ASCII_ITER_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const STR_ITER_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const DICT_KEYITER_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const DICT_VALUEITER_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const DICT_ITEMITER_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const DICT_REVKEYITER_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const DICT_REVVALUEITER_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const DICT_REVITEMITER_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const SET_ITER_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const RANGE_ITER_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const LONGRANGE_ITER_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const CALLABLE_ITER_TYPE = memory.data(<i32>TYPE_SIZE, 8);
export const TRACEBACK_TYPE = memory.data(<i32>TYPE_SIZE, 8);
/** What e.__traceback__ gives for a raised exception (tracebacks are not objects in Molt). */
export const TRACEBACK_OBJECT: usize = memory.data(8, 8);

/** The two singletons of their own types (immortal, static). */
export const NOTIMPLEMENTED: usize = memory.data(8, 8);
export const ELLIPSIS: usize = memory.data(8, 8);

// @ts-ignore: decorator
@inline export function refcount(p: usize): i32 { return load<i32>(p); }
// @ts-ignore: decorator
@inline export function typeAt(p: usize): usize { return <usize>load<u32>(p, 4); }
// @ts-ignore: decorator
@inline export function typeKind(t: usize): Kind { return load<u32>(t, TYPE_KIND); }
// @ts-ignore: decorator
@inline export function typeBase(t: usize): usize { return <usize>load<u32>(t, TYPE_BASE); }
// @ts-ignore: decorator
@inline export function typeName(t: usize): usize { return <usize>load<u32>(t, TYPE_NAME); }
// @ts-ignore: decorator
@inline export function typeDict(t: usize): usize { return <usize>load<u32>(t, TYPE_DICT); }
export function setTypeDict(t: usize, d: usize): void { store<u32>(t, <u32>d, TYPE_DICT); }
// @ts-ignore: decorator
@inline export function typeMro(t: usize): usize { return <usize>load<u32>(t, TYPE_MRO); }
// @ts-ignore: decorator
@inline export function typeBases(t: usize): usize { return <usize>load<u32>(t, TYPE_BASES); }
// @ts-ignore: decorator
@inline export function typeQualname(t: usize): usize { return <usize>load<u32>(t, TYPE_QUALNAME); }
// @ts-ignore: decorator
@inline export function isHeapType(t: usize): bool { return (load<u32>(t, TYPE_FLAGS) & TYPE_HEAP) != 0; }
// @ts-ignore: decorator
@inline export function isSlotted(t: usize): bool { return (load<u32>(t, TYPE_FLAGS) & TYPE_SLOTTED) != 0; }
export function markSlotted(t: usize): void { store<u32>(t, load<u32>(t, TYPE_FLAGS) | TYPE_SLOTTED, TYPE_FLAGS); }
// @ts-ignore: decorator
@inline export function typeFlags(t: usize): u32 { return load<u32>(t, TYPE_FLAGS); }
export function addTypeFlags(t: usize, flags: u32): void { store<u32>(t, load<u32>(t, TYPE_FLAGS) | flags, TYPE_FLAGS); }
export function setHeapTypeFields(t: usize, mro: usize, bases: usize, qualname: usize): void {
  store<u32>(t, <u32>mro, TYPE_MRO);
  store<u32>(t, <u32>bases, TYPE_BASES);
  store<u32>(t, <u32>qualname, TYPE_QUALNAME);
  store<u32>(t, TYPE_HEAP, TYPE_FLAGS);
}
/** Is v an instance of a class statement's class (so its special methods may be Python code)? */
// @ts-ignore: decorator
@inline export function isUserObject(v: Value): bool {
  return isPtr(v) && (load<u32>(<usize>load<u32>(unboxPtr(v), 4), TYPE_FLAGS) & TYPE_HEAP) != 0;
}

/** Fills in a static type object; `name` is an AssemblyScript literal, stored as a Python str. */
export function initType(t: usize, name: string, base: usize, kind: Kind): void {
  store<i32>(t, IMMORTAL);
  store<u32>(t, <u32>TYPE_TYPE, 4);
  store<u32>(t, <u32>strFromLiteral(name, true), TYPE_NAME);
  store<u32>(t, <u32>base, TYPE_BASE);
  store<u32>(t, kind, TYPE_KIND);
  store<u32>(t, 0, TYPE_DICT);
  memory.fill(t + TYPE_MRO, 0, TYPE_SIZE - TYPE_MRO);
}

/** A type object allocated at start-up (immortal), for types no code refers to by address. */
export function newStaticType(name: string, base: usize, kind: Kind): usize {
  const t = alloc(TYPE_SIZE);
  initType(t, name, base, kind);
  return t;
}

export function initObjects(): void {
  initType(TYPE_TYPE, "type", OBJECT_TYPE, Kind.TYPE);
  initType(OBJECT_TYPE, "object", 0, Kind.OBJECT);
  initType(NONE_TYPE, "NoneType", OBJECT_TYPE, Kind.NONE);
  initType(INT_TYPE, "int", OBJECT_TYPE, Kind.INT);
  initType(BOOL_TYPE, "bool", INT_TYPE, Kind.BOOL);
  initType(FLOAT_TYPE, "float", OBJECT_TYPE, Kind.FLOAT);
  initType(STR_TYPE, "str", OBJECT_TYPE, Kind.STR);
  initType(TUPLE_TYPE, "tuple", OBJECT_TYPE, Kind.TUPLE);
  initType(LIST_TYPE, "list", OBJECT_TYPE, Kind.LIST);
  initType(DICT_TYPE, "dict", OBJECT_TYPE, Kind.DICT);
  initType(SET_TYPE, "set", OBJECT_TYPE, Kind.SET);
  initType(FROZENSET_TYPE, "frozenset", OBJECT_TYPE, Kind.SET);
  initType(SLICE_TYPE, "slice", OBJECT_TYPE, Kind.SLICE);
  initType(RANGE_TYPE, "range", OBJECT_TYPE, Kind.RANGE);
  initType(FUNCTION_TYPE, "builtin_function_or_method", OBJECT_TYPE, Kind.FUNCTION);
  initType(METHOD_DESCRIPTOR_TYPE, "method_descriptor", OBJECT_TYPE, Kind.FUNCTION);
  initType(CELL_TYPE, "cell", OBJECT_TYPE, Kind.CELL);
  initType(PYFUNCTION_TYPE, "function", OBJECT_TYPE, Kind.PYFUNCTION);
  initType(CODE_TYPE, "code", OBJECT_TYPE, Kind.CODE);
  initType(MODULE_TYPE, "module", OBJECT_TYPE, Kind.MODULE);
  initType(FILE_TYPE, "TextIOWrapper", OBJECT_TYPE, Kind.FILE);
  initType(JSFUNCTION_TYPE, "JsFunction", OBJECT_TYPE, Kind.JSFUNCTION);
  initType(ENUMERATE_TYPE, "enumerate", OBJECT_TYPE, Kind.ENUMERATE);
  initType(ZIP_TYPE, "zip", OBJECT_TYPE, Kind.ZIP);
  initType(MAP_TYPE, "map", OBJECT_TYPE, Kind.MAP);
  initType(FILTER_TYPE, "filter", OBJECT_TYPE, Kind.FILTER);
  initType(REVERSED_TYPE, "reversed", OBJECT_TYPE, Kind.ITER);
  initType(DICT_KEYS_TYPE, "dict_keys", OBJECT_TYPE, Kind.DICTVIEW);
  initType(DICT_VALUES_TYPE, "dict_values", OBJECT_TYPE, Kind.DICTVIEW);
  initType(DICT_ITEMS_TYPE, "dict_items", OBJECT_TYPE, Kind.DICTVIEW);
  initType(NOTIMPLEMENTED_TYPE, "NotImplementedType", OBJECT_TYPE, Kind.OBJECT);
  initType(ELLIPSIS_TYPE, "ellipsis", OBJECT_TYPE, Kind.OBJECT);
  initType(LIST_ITER_TYPE, "list_iterator", OBJECT_TYPE, Kind.ITER);
  initType(LIST_REVITER_TYPE, "list_reverseiterator", OBJECT_TYPE, Kind.ITER);
  initType(TUPLE_ITER_TYPE, "tuple_iterator", OBJECT_TYPE, Kind.ITER);
  initType(STR_ASCII_ITER_TYPE, "str_ascii_iterator", OBJECT_TYPE, Kind.ITER);
  initType(STR_ITER_TYPE, "str_iterator", OBJECT_TYPE, Kind.ITER);
  initType(DICT_KEYITER_TYPE, "dict_keyiterator", OBJECT_TYPE, Kind.ITER);
  initType(DICT_VALUEITER_TYPE, "dict_valueiterator", OBJECT_TYPE, Kind.ITER);
  initType(DICT_ITEMITER_TYPE, "dict_itemiterator", OBJECT_TYPE, Kind.ITER);
  initType(DICT_REVKEYITER_TYPE, "dict_reversekeyiterator", OBJECT_TYPE, Kind.ITER);
  initType(DICT_REVVALUEITER_TYPE, "dict_reversevalueiterator", OBJECT_TYPE, Kind.ITER);
  initType(DICT_REVITEMITER_TYPE, "dict_reverseitemiterator", OBJECT_TYPE, Kind.ITER);
  initType(SET_ITER_TYPE, "set_iterator", OBJECT_TYPE, Kind.ITER);
  initType(RANGE_ITER_TYPE, "range_iterator", OBJECT_TYPE, Kind.ITER);
  initType(LONGRANGE_ITER_TYPE, "longrange_iterator", OBJECT_TYPE, Kind.ITER);
  initType(CALLABLE_ITER_TYPE, "callable_iterator", OBJECT_TYPE, Kind.ITER);
  initType(TRACEBACK_TYPE, "traceback", OBJECT_TYPE, Kind.OBJECT);
  store<i32>(TRACEBACK_OBJECT, IMMORTAL);
  store<u32>(TRACEBACK_OBJECT, <u32>TRACEBACK_TYPE, 4);
  store<i32>(NOTIMPLEMENTED, IMMORTAL);
  store<u32>(NOTIMPLEMENTED, <u32>NOTIMPLEMENTED_TYPE, 4);
  store<i32>(ELLIPSIS, IMMORTAL);
  store<u32>(ELLIPSIS, <u32>ELLIPSIS_TYPE, 4);
}

/** The type object of any value, boxed or not. */
export function typeOf(v: Value): usize {
  if (isFloat(v)) return FLOAT_TYPE;
  if (isSmallInt(v)) return INT_TYPE;
  if (isPtr(v)) return typeAt(unboxPtr(v));
  if (isBool(v)) return BOOL_TYPE;
  if (isNone(v)) return NONE_TYPE;
  return 0;
}

/** Is `t` the type `base` or derived from it? */
export function isSubtype(t: usize, base: usize): bool {
  const mro = typeMro(t);
  if (mro != 0) {
    const n = load<u32>(mro, 8);
    for (let i: u32 = 0; i < n; i++) if (<usize>load<u32>(mro + 16 + (<usize>i << 3)) == base) return true;
    return false;
  }
  while (t != 0) {
    if (t == base) return true;
    t = typeBase(t);
  }
  return false;
}

/** Is v a heap object of exactly type t? */
// @ts-ignore: decorator
@inline export function isObjectOf(v: Value, t: usize): bool {
  return isPtr(v) && typeAt(unboxPtr(v)) == t;
}

/**
 * A new object of `size` bytes with refcount 1 and the given type; 0 with MemoryError pending
 * if memory is exhausted. Fields after the header are not initialised.
 */
export function newObject(type: usize, size: usize): usize {
  const p = alloc(size);
  if (p == 0) return raiseMemoryError();
  store<i32>(p, 1);
  store<u32>(p, <u32>type, 4);
  return p;
}

/** Frees an object's own block (its deallocator has already released what it references). */
// @ts-ignore: decorator
@inline export function freeObject(p: usize, size: usize): void {
  free(p, size);
}

/**
 * Immortal objects are counted too: an increment is cheaper than a test, and a count that
 * starts at 2^30 cannot reach zero or overflow through balanced inc/dec pairs.
 */
// @ts-ignore: decorator
@inline export function incref(v: Value): void {
  if (isPtr(v)) {
    const p = unboxPtr(v);
    store<i32>(p, load<i32>(p) + 1);
  }
}

// @ts-ignore: decorator
@inline export function decref(v: Value): void {
  if (isPtr(v)) {
    const p = unboxPtr(v);
    const rc = load<i32>(p) - 1;
    store<i32>(p, rc);
    if (rc == 0) dealloc(p);
  }
}

/**
 * decref for deallocators releasing what an object holds. Not inlined: deallocation recurses
 * through it (a tuple of lists of strs), and an inline function cannot be inlined into itself.
 */
export function decrefChild(v: Value): void {
  if (isPtr(v)) {
    const p = unboxPtr(v);
    const rc = load<i32>(p) - 1;
    store<i32>(p, rc);
    if (rc == 0) dealloc(p);
  }
}

/** Returns v with a new reference (for functions that hand back a value they borrowed). */
// @ts-ignore: decorator
@inline export function newRef(v: Value): Value {
  incref(v);
  return v;
}

function dealloc(p: usize): void {
  const t = typeAt(p);
  // An instance of a class derived from a builtin: its attributes first (and __del__, which may keep it).
  if ((load<u32>(t, TYPE_FLAGS) & TYPE_EXTRAS) != 0 && !releaseExtras(p)) return;
  switch (typeKind(t)) {
    case Kind.INT: bigDealloc(p); break;
    case Kind.STR: strDealloc(p); break;
    case Kind.TUPLE: tupleDealloc(p); break;
    case Kind.LIST: listDealloc(p); break;
    case Kind.DICT: dictDealloc(p); break;
    case Kind.SET: setDealloc(p); break;
    case Kind.SLICE: sliceDealloc(p); break;
    case Kind.ITER: iterDealloc(p); break;
    case Kind.EXCEPTION: exceptionDealloc(p); break;
    case Kind.FUNCTION: functionDealloc(p); break;
    case Kind.RANGE: rangeDealloc(p); break;
    case Kind.CELL: cellDealloc(p); break;
    case Kind.PYFUNCTION: pyFunctionDealloc(p); break;
    case Kind.OBJECT: freeObject(p, 8); break;
    case Kind.INSTANCE: instanceDealloc(p); break;
    case Kind.METHOD: case Kind.STATICMETHOD: case Kind.CLASSMETHOD: case Kind.SUPER: pairDealloc(p); break;
    case Kind.PROPERTY: propertyDealloc(p); break;
    case Kind.GENERATOR: generatorDealloc(p); break;
    case Kind.BYTES: case Kind.BYTEARRAY: bytesDealloc(p); break;
    case Kind.JSFUNCTION: jsFunctionDealloc(p); break;
    case Kind.ARRAY: arrayDealloc(p); break;
    case Kind.MEMORYVIEW: memoryviewDealloc(p); break;
    case Kind.ENUMERATE: case Kind.ZIP: case Kind.MAP: case Kind.FILTER: case Kind.DICTVIEW:
      pairDealloc(p); break;
    // Types, None, bool and object instances of builtin kinds are static and immortal.
    default: unreachable();
  }
}

/** The name of v's type, as a str (borrowed from the immortal type object). */
export function rt_type_name(v: Value): Value { return boxPtr(typeName(typeOf(v))); }

export function rt_incref(v: Value): void { incref(v); }
export function rt_decref(v: Value): void { decref(v); }
