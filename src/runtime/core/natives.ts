// The native implementations behind builtin function objects, by number, and the one switch
// that dispatches to them. Every native takes (self, argv, argc, kwnames): self is the bound
// receiver of a method (UNBOUND for a module-level function), the arguments are borrowed, and
// the result is a new reference or ERR.
import { Value } from "./value";
import * as B from "./builtins";
import * as M from "./methods";
import * as S from "./strmethods";
import * as Mod from "./modules";
import * as D from "./dunder";
import * as C from "./classes";
import * as Sub from "./subclass";
import { sliceIndicesMethod } from "./slice";
import * as G from "./generator";
import * as MathM from "./math";
import * as BytesM from "./bytesmethods";
import * as ArrayT from "./arraytype";
import * as MemoryviewT from "./memoryview";

export const enum Fn {
  // builtins
  PRINT, LEN, REPR, ASCII, ABS, MIN, MAX, SUM, SORTED, ITER, NEXT, ANY, ALL, ISINSTANCE, ISSUBCLASS,
  HASH, ID, CHR, ORD, HEX, OCT, BIN, DIVMOD, POW, ROUND, FORMAT, CALLABLE, GETATTR, SETATTR,
  HASATTR, DELATTR, EXIT,
  // list
  LIST_APPEND, LIST_EXTEND, LIST_POP, LIST_INSERT, LIST_REMOVE, LIST_INDEX, LIST_COUNT,
  LIST_REVERSE, LIST_SORT, LIST_COPY, LIST_CLEAR,
  // tuple
  TUPLE_INDEX, TUPLE_COUNT,
  // dict
  DICT_GET, DICT_KEYS, DICT_VALUES, DICT_ITEMS, DICT_POP, DICT_POPITEM, DICT_SETDEFAULT,
  DICT_UPDATE, DICT_COPY, DICT_CLEAR, DICT_FROMKEYS,
  // set and frozenset
  SET_ADD, SET_DISCARD, SET_REMOVE, SET_POP, SET_CLEAR, SET_COPY, SET_UPDATE, SET_UNION,
  SET_INTERSECTION, SET_DIFFERENCE, SET_SYMDIFF, SET_ISSUBSET, SET_ISSUPERSET, SET_ISDISJOINT,
  SET_INTERSECTION_UPDATE, SET_DIFFERENCE_UPDATE, SET_SYMDIFF_UPDATE,
  // str
  STR_JOIN, STR_SPLIT, STR_RSPLIT, STR_STRIP, STR_LSTRIP, STR_RSTRIP, STR_STARTSWITH,
  STR_ENDSWITH, STR_FIND, STR_RFIND, STR_INDEX, STR_RINDEX, STR_COUNT, STR_REPLACE, STR_UPPER,
  STR_LOWER, STR_CAPITALIZE, STR_TITLE, STR_SWAPCASE, STR_CASEFOLD, STR_ISDIGIT, STR_ISALPHA,
  STR_ISALNUM, STR_ISSPACE, STR_ISUPPER, STR_ISLOWER, STR_ISDECIMAL, STR_ISNUMERIC,
  STR_ISIDENTIFIER, STR_ISASCII, STR_ISTITLE, STR_ISPRINTABLE, STR_ZFILL, STR_CENTER, STR_LJUST,
  STR_RJUST, STR_FORMAT, STR_PARTITION, STR_RPARTITION, STR_SPLITLINES, STR_REMOVEPREFIX,
  STR_REMOVESUFFIX, STR_EXPANDTABS, STR_ENCODE, STR_FORMAT_MAP, STR_MAKETRANS, STR_TRANSLATE, SLICE_INDICES,
  // int and float
  INT_BIT_LENGTH, INT_BIT_COUNT, INT_CONJUGATE, INT_AS_INTEGER_RATIO, INT_IS_INTEGER,
  FLOAT_IS_INTEGER, FLOAT_CONJUGATE, FLOAT_AS_INTEGER_RATIO,
  // range
  RANGE_INDEX, RANGE_COUNT,
  // files (sys.stdout, sys.stderr)
  FILE_WRITE, FILE_FLUSH,
  // exceptions
  EXC_WITH_TRACEBACK, EXC_ADD_NOTE,
  // iterators: __next__ and __iter__
  ITER_NEXT, ITER_SELF,
  // float.hex, float.fromhex
  FLOAT_HEX, FLOAT_FROMHEX,
  // builtins Molt does not implement: calling them raises NotImplementedError
  UNSUPPORTED,
  // special methods of the builtin types (dunder.ts: one native, dispatched by name)
  DUNDER,
  // classes (classes.ts)
  BUILD_CLASS, OBJECT_INIT, OBJECT_NEW, OBJECT_SETATTR, EXC_INIT, PROPERTY_GETTER, PROPERTY_SETTER,
  PROPERTY_DELETER, GEN_SEND, GEN_THROW, GEN_CLOSE, GEN_NEXT, OBJECT_GETATTRIBUTE, OBJECT_DELATTR, OBJECT_INIT_SUBCLASS, TYPE_MRO, TYPE_SUBCLASSES, VARS,
  BUILTIN_NEW, BUILTIN_INIT, TYPE_INIT, TYPE_CALL,
  // sys
  SYS_EXIT, SYS_GETRECURSIONLIMIT, SYS_SETRECURSIONLIMIT, SYS_GET_INT_MAX_STR_DIGITS,
  SYS_SET_INT_MAX_STR_DIGITS, SYS_INTERN, SYS_GETSIZEOF, SYS_EXC_INFO, SYS_EXCEPTION,
  // time
  TIME_TIME, TIME_TIME_NS, TIME_PERF_COUNTER, TIME_PERF_COUNTER_NS, TIME_MONOTONIC,
  TIME_MONOTONIC_NS, TIME_PROCESS_TIME, TIME_SLEEP,
  // math: one id per function, Fn.MATH + math.ts's MF_* (dispatched before the switch)
  MATH, MATH_END = MATH + 64,
  // bytes and bytearray methods: Fn.BYTES + bytesmethods.ts's BM_* (dispatched before the switch)
  BYTES, BYTES_END = BYTES + 64,
  // array.array's methods, then memoryview's: Fn.ARRAY + their AM_* / MM_* (dispatched before the switch)
  ARRAY, ARRAY_END = ARRAY + 64,
}

export function callNative(id: u32, self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (id >= <u32>Fn.MATH && id < <u32>Fn.MATH_END) return MathM.mathCall(<i32>(id - <u32>Fn.MATH), argv, argc, kw);
  if (id >= <u32>Fn.BYTES && id < <u32>Fn.BYTES_END) return BytesM.bytesCall(<i32>(id - <u32>Fn.BYTES), self, argv, argc, kw);
  if (id >= <u32>Fn.ARRAY && id < <u32>Fn.ARRAY_END) {
    const m = <i32>(id - <u32>Fn.ARRAY);
    return m < ArrayT.ARRAY_METHOD_COUNT ? ArrayT.arrayCall(m, self, argv, argc, kw) : MemoryviewT.memoryviewCall(m, self, argv, argc, kw);
  }
  switch (id) {
    case Fn.PRINT: return B.builtinPrint(argv, argc, kw);
    case Fn.LEN: return B.builtinLen(argv, argc, kw);
    case Fn.REPR: return B.builtinRepr(argv, argc, kw);
    case Fn.ASCII: return B.builtinAscii(argv, argc, kw);
    case Fn.ABS: return B.builtinAbs(argv, argc, kw);
    case Fn.MIN: return B.builtinMinMax(argv, argc, kw, false);
    case Fn.MAX: return B.builtinMinMax(argv, argc, kw, true);
    case Fn.SUM: return B.builtinSum(argv, argc, kw);
    case Fn.SORTED: return B.builtinSorted(argv, argc, kw);
    case Fn.ITER: return B.builtinIter(argv, argc, kw);
    case Fn.NEXT: return B.builtinNext(argv, argc, kw);
    case Fn.ANY: return B.builtinAnyAll(argv, argc, kw, true);
    case Fn.ALL: return B.builtinAnyAll(argv, argc, kw, false);
    case Fn.ISINSTANCE: return B.builtinIsinstance(argv, argc, kw);
    case Fn.ISSUBCLASS: return B.builtinIssubclass(argv, argc, kw);
    case Fn.HASH: return B.builtinHash(argv, argc, kw);
    case Fn.ID: return B.builtinId(argv, argc, kw);
    case Fn.CHR: return B.builtinChr(argv, argc, kw);
    case Fn.ORD: return B.builtinOrd(argv, argc, kw);
    case Fn.HEX: return B.builtinBase(argv, argc, kw, 16);
    case Fn.OCT: return B.builtinBase(argv, argc, kw, 8);
    case Fn.BIN: return B.builtinBase(argv, argc, kw, 2);
    case Fn.DIVMOD: return B.builtinDivmod(argv, argc, kw);
    case Fn.POW: return B.builtinPow(argv, argc, kw);
    case Fn.ROUND: return B.builtinRound(argv, argc, kw);
    case Fn.FORMAT: return B.builtinFormat(argv, argc, kw);
    case Fn.CALLABLE: return B.builtinCallable(argv, argc, kw);
    case Fn.GETATTR: return B.builtinGetattr(argv, argc, kw);
    case Fn.SETATTR: return B.builtinSetattr(argv, argc, kw);
    case Fn.HASATTR: return B.builtinHasattr(argv, argc, kw);
    case Fn.DELATTR: return B.builtinDelattr(argv, argc, kw);
    case Fn.EXIT: return B.builtinExit(argv, argc, kw);

    case Fn.LIST_APPEND: return M.listAppend(self, argv, argc, kw);
    case Fn.LIST_EXTEND: return M.listExtend(self, argv, argc, kw);
    case Fn.LIST_POP: return M.listPop(self, argv, argc, kw);
    case Fn.LIST_INSERT: return M.listInsert(self, argv, argc, kw);
    case Fn.LIST_REMOVE: return M.listRemove(self, argv, argc, kw);
    case Fn.LIST_INDEX: return M.seqIndex(self, argv, argc, kw);
    case Fn.LIST_COUNT: return M.seqCount(self, argv, argc, kw);
    case Fn.LIST_REVERSE: return M.listReverse(self, argv, argc, kw);
    case Fn.LIST_SORT: return M.listSortMethod(self, argv, argc, kw);
    case Fn.LIST_COPY: return M.listCopy(self, argv, argc, kw);
    case Fn.LIST_CLEAR: return M.listClear(self, argv, argc, kw);
    case Fn.TUPLE_INDEX: return M.seqIndex(self, argv, argc, kw);
    case Fn.TUPLE_COUNT: return M.seqCount(self, argv, argc, kw);

    case Fn.DICT_GET: return M.dictGet(self, argv, argc, kw);
    case Fn.DICT_KEYS: return M.dictView(self, argv, argc, kw, 0);
    case Fn.DICT_VALUES: return M.dictView(self, argv, argc, kw, 1);
    case Fn.DICT_ITEMS: return M.dictView(self, argv, argc, kw, 2);
    case Fn.DICT_POP: return M.dictPop(self, argv, argc, kw);
    case Fn.DICT_POPITEM: return M.dictPopitem(self, argv, argc, kw);
    case Fn.DICT_SETDEFAULT: return M.dictSetdefault(self, argv, argc, kw);
    case Fn.DICT_UPDATE: return M.dictUpdateMethod(self, argv, argc, kw);
    case Fn.DICT_COPY: return M.dictCopyMethod(self, argv, argc, kw);
    case Fn.DICT_CLEAR: return M.dictClearMethod(self, argv, argc, kw);
    case Fn.DICT_FROMKEYS: return M.dictFromkeys(self, argv, argc, kw);

    case Fn.SET_ADD: return M.setAddMethod(self, argv, argc, kw);
    case Fn.SET_DISCARD: return M.setDiscardMethod(self, argv, argc, kw, false);
    case Fn.SET_REMOVE: return M.setDiscardMethod(self, argv, argc, kw, true);
    case Fn.SET_POP: return M.setPopMethod(self, argv, argc, kw);
    case Fn.SET_CLEAR: return M.setClearMethod(self, argv, argc, kw);
    case Fn.SET_COPY: return M.setCopyMethod(self, argv, argc, kw);
    case Fn.SET_UPDATE: return M.setAlgebraMethod(self, argv, argc, kw, M.SETOP_OR, true, "update");
    case Fn.SET_UNION: return M.setAlgebraMethod(self, argv, argc, kw, M.SETOP_OR, false, "union");
    case Fn.SET_INTERSECTION: return M.setAlgebraMethod(self, argv, argc, kw, M.SETOP_AND, false, "intersection");
    case Fn.SET_DIFFERENCE: return M.setAlgebraMethod(self, argv, argc, kw, M.SETOP_SUB, false, "difference");
    case Fn.SET_SYMDIFF: return M.setAlgebraMethod(self, argv, argc, kw, M.SETOP_XOR, false, "symmetric_difference");
    case Fn.SET_INTERSECTION_UPDATE: return M.setAlgebraMethod(self, argv, argc, kw, M.SETOP_AND, true, "intersection_update");
    case Fn.SET_DIFFERENCE_UPDATE: return M.setAlgebraMethod(self, argv, argc, kw, M.SETOP_SUB, true, "difference_update");
    case Fn.SET_SYMDIFF_UPDATE: return M.setAlgebraMethod(self, argv, argc, kw, M.SETOP_XOR, true, "symmetric_difference_update");
    case Fn.SET_ISSUBSET: return M.setRelation(self, argv, argc, kw, 0);
    case Fn.SET_ISSUPERSET: return M.setRelation(self, argv, argc, kw, 1);
    case Fn.SET_ISDISJOINT: return M.setRelation(self, argv, argc, kw, 2);

    case Fn.STR_JOIN: return S.strJoin(self, argv, argc, kw);
    case Fn.STR_SPLIT: return S.strSplitMethod(self, argv, argc, kw, false);
    case Fn.STR_RSPLIT: return S.strSplitMethod(self, argv, argc, kw, true);
    case Fn.STR_STRIP: return S.strStripMethod(self, argv, argc, kw, 3);
    case Fn.STR_LSTRIP: return S.strStripMethod(self, argv, argc, kw, 1);
    case Fn.STR_RSTRIP: return S.strStripMethod(self, argv, argc, kw, 2);
    case Fn.STR_STARTSWITH: return S.strStartsEnds(self, argv, argc, kw, false);
    case Fn.STR_ENDSWITH: return S.strStartsEnds(self, argv, argc, kw, true);
    case Fn.STR_FIND: return S.strFindMethod(self, argv, argc, kw, false, false);
    case Fn.STR_RFIND: return S.strFindMethod(self, argv, argc, kw, true, false);
    case Fn.STR_INDEX: return S.strFindMethod(self, argv, argc, kw, false, true);
    case Fn.STR_RINDEX: return S.strFindMethod(self, argv, argc, kw, true, true);
    case Fn.STR_COUNT: return S.strCountMethod(self, argv, argc, kw);
    case Fn.STR_REPLACE: return S.strReplaceMethod(self, argv, argc, kw);
    case Fn.STR_UPPER: return S.strCaseMethod(self, argv, argc, kw, S.CASE_UPPER, "upper");
    case Fn.STR_LOWER: return S.strCaseMethod(self, argv, argc, kw, S.CASE_LOWER, "lower");
    case Fn.STR_CAPITALIZE: return S.strCaseMethod(self, argv, argc, kw, S.CASE_CAPITALIZE, "capitalize");
    case Fn.STR_TITLE: return S.strCaseMethod(self, argv, argc, kw, S.CASE_TITLE, "title");
    case Fn.STR_SWAPCASE: return S.strCaseMethod(self, argv, argc, kw, S.CASE_SWAP, "swapcase");
    case Fn.STR_CASEFOLD: return S.strCaseMethod(self, argv, argc, kw, S.CASE_FOLD, "casefold");
    case Fn.STR_ISDIGIT: return S.strPredicate(self, argc, kw, S.PRED_DIGIT, "isdigit");
    case Fn.STR_ISALPHA: return S.strPredicate(self, argc, kw, S.PRED_ALPHA, "isalpha");
    case Fn.STR_ISALNUM: return S.strPredicate(self, argc, kw, S.PRED_ALNUM, "isalnum");
    case Fn.STR_ISSPACE: return S.strPredicate(self, argc, kw, S.PRED_SPACE, "isspace");
    case Fn.STR_ISUPPER: return S.strPredicate(self, argc, kw, S.PRED_UPPER, "isupper");
    case Fn.STR_ISLOWER: return S.strPredicate(self, argc, kw, S.PRED_LOWER, "islower");
    case Fn.STR_ISDECIMAL: return S.strPredicate(self, argc, kw, S.PRED_DECIMAL, "isdecimal");
    case Fn.STR_ISNUMERIC: return S.strPredicate(self, argc, kw, S.PRED_NUMERIC, "isnumeric");
    case Fn.STR_ISIDENTIFIER: return S.strPredicate(self, argc, kw, S.PRED_IDENTIFIER, "isidentifier");
    case Fn.STR_ISASCII: return S.strPredicate(self, argc, kw, S.PRED_ASCII, "isascii");
    case Fn.STR_ISTITLE: return S.strPredicate(self, argc, kw, S.PRED_TITLE, "istitle");
    case Fn.STR_ISPRINTABLE: return S.strPredicate(self, argc, kw, S.PRED_PRINTABLE, "isprintable");
    case Fn.STR_ZFILL: return S.strZfill(self, argv, argc, kw);
    case Fn.STR_CENTER: return S.strPad(self, argv, argc, kw, 0, "center");
    case Fn.STR_LJUST: return S.strPad(self, argv, argc, kw, 1, "ljust");
    case Fn.STR_RJUST: return S.strPad(self, argv, argc, kw, 2, "rjust");
    case Fn.STR_FORMAT: return S.strFormatMethod(self, argv, argc, kw);
    case Fn.STR_FORMAT_MAP: return S.strFormatMapMethod(self, argv, argc, kw);
    case Fn.STR_MAKETRANS: return S.strMaketrans(argv, argc, kw);
    case Fn.STR_TRANSLATE: return S.strTranslate(self, argv, argc, kw);
    case Fn.SLICE_INDICES: return sliceIndicesMethod(self, argv, argc, kw);
    case Fn.STR_PARTITION: return S.strPartition(self, argv, argc, kw, false);
    case Fn.STR_RPARTITION: return S.strPartition(self, argv, argc, kw, true);
    case Fn.STR_SPLITLINES: return S.strSplitlines(self, argv, argc, kw);
    case Fn.STR_REMOVEPREFIX: return S.strRemoveAffix(self, argv, argc, kw, false);
    case Fn.STR_REMOVESUFFIX: return S.strRemoveAffix(self, argv, argc, kw, true);
    case Fn.STR_EXPANDTABS: return S.strExpandtabs(self, argv, argc, kw);
    case Fn.STR_ENCODE: return S.strEncode(self, argv, argc, kw);

    case Fn.INT_BIT_LENGTH: return M.intBitLength(self, argc, kw);
    case Fn.INT_BIT_COUNT: return M.intBitCount(self, argc, kw);
    case Fn.INT_CONJUGATE: return M.numConjugate(self, argc, kw, true);
    case Fn.INT_AS_INTEGER_RATIO: return M.intAsIntegerRatio(self, argc, kw);
    case Fn.INT_IS_INTEGER: return M.intIsInteger(self, argc, kw);
    case Fn.FLOAT_IS_INTEGER: return M.floatIsInteger(self, argc, kw);
    case Fn.FLOAT_CONJUGATE: return M.numConjugate(self, argc, kw, false);
    case Fn.FLOAT_AS_INTEGER_RATIO: return M.floatAsIntegerRatio(self, argc, kw);

    case Fn.RANGE_INDEX: return M.rangeIndexMethod(self, argv, argc, kw);
    case Fn.RANGE_COUNT: return M.rangeCountMethod(self, argv, argc, kw);

    case Fn.FILE_WRITE: return Mod.fileWrite(self, argv, argc, kw);
    case Fn.FILE_FLUSH: return Mod.fileFlush(self, argc, kw);
    case Fn.EXC_WITH_TRACEBACK: return M.excWithTraceback(self, argv, argc, kw);
    case Fn.EXC_ADD_NOTE: return M.excAddNote(self, argv, argc, kw);
    case Fn.ITER_NEXT: return M.iterNextMethod(self, argc, kw);
    case Fn.ITER_SELF: return M.iterSelfMethod(self, argc, kw);
    case Fn.FLOAT_HEX: return M.floatHex(self, argc, kw);
    case Fn.FLOAT_FROMHEX: return M.floatFromhex(argv, argc, kw);
    case Fn.UNSUPPORTED: return B.builtinUnsupported(self);
    case Fn.DUNDER: return D.callDunder(self, argv, argc, kw);
    case Fn.BUILD_CLASS: return C.buildClass(argv, argc, kw);
    case Fn.GEN_SEND: return G.genSend(self, argv, argc, kw);
    case Fn.GEN_THROW: return G.genThrow(self, argv, argc, kw);
    case Fn.GEN_CLOSE: return G.genClose(self, argc, kw);
    case Fn.GEN_NEXT: return G.genNext(self, argc, kw);
    case Fn.OBJECT_GETATTRIBUTE: return C.objectGetattribute(self, argv, argc, kw);
    case Fn.OBJECT_DELATTR: return C.objectDelattr(self, argv, argc, kw);
    case Fn.OBJECT_INIT_SUBCLASS: return C.objectInitSubclass(self, argc, kw);
    case Fn.TYPE_MRO: return C.typeMroMethod(self, argc, kw);
    case Fn.TYPE_SUBCLASSES: return C.typeSubclasses(self, argc, kw);
    case Fn.VARS: return C.builtinVars(argv, argc, kw);
    case Fn.OBJECT_INIT: return C.objectInit(self, argv, argc, kw);
    case Fn.OBJECT_NEW: return C.objectNew(self, argv, argc, kw);
    case Fn.BUILTIN_NEW: return Sub.builtinNewMethod(argv, argc, kw);
    case Fn.BUILTIN_INIT: return Sub.builtinInit(self, argv, argc, kw);
    case Fn.TYPE_INIT: return C.typeInit(self, argv, argc, kw);
    case Fn.TYPE_CALL: return C.typeCallMethod(self, argv, argc, kw);
    case Fn.OBJECT_SETATTR: return C.objectSetattr(self, argv, argc, kw);
    case Fn.EXC_INIT: return C.exceptionInit(self, argv, argc, kw);
    case Fn.PROPERTY_GETTER: return C.propertyWith(self, argv, argc, kw, 0);
    case Fn.PROPERTY_SETTER: return C.propertyWith(self, argv, argc, kw, 1);
    case Fn.PROPERTY_DELETER: return C.propertyWith(self, argv, argc, kw, 2);
    case Fn.TIME_SLEEP: return Mod.timeSleep(argv, argc, kw);

    case Fn.SYS_EXIT: return Mod.sysExit(argv, argc, kw);
    case Fn.SYS_GETRECURSIONLIMIT: return Mod.sysGetrecursionlimit(argc, kw);
    case Fn.SYS_SETRECURSIONLIMIT: return Mod.sysSetrecursionlimit(argv, argc, kw);
    case Fn.SYS_GET_INT_MAX_STR_DIGITS: return Mod.sysGetIntMaxStrDigits(argc, kw);
    case Fn.SYS_SET_INT_MAX_STR_DIGITS: return Mod.sysSetIntMaxStrDigits(argv, argc, kw);
    case Fn.SYS_INTERN: return Mod.sysIntern(argv, argc, kw);
    case Fn.SYS_GETSIZEOF: return Mod.sysGetsizeof(argv, argc, kw);
    case Fn.SYS_EXC_INFO: return Mod.sysExcInfo(argc, kw);
    case Fn.SYS_EXCEPTION: return Mod.sysException(argc, kw);

    case Fn.TIME_TIME: return Mod.timeNow(argc, kw, false, false, "time");
    case Fn.TIME_TIME_NS: return Mod.timeNow(argc, kw, false, true, "time_ns");
    case Fn.TIME_PERF_COUNTER: return Mod.timeNow(argc, kw, true, false, "perf_counter");
    case Fn.TIME_PERF_COUNTER_NS: return Mod.timeNow(argc, kw, true, true, "perf_counter_ns");
    case Fn.TIME_MONOTONIC: return Mod.timeNow(argc, kw, true, false, "monotonic");
    case Fn.TIME_MONOTONIC_NS: return Mod.timeNow(argc, kw, true, true, "monotonic_ns");
    case Fn.TIME_PROCESS_TIME: return Mod.timeNow(argc, kw, true, false, "process_time");
  }
  return <Value>unreachable();
}
