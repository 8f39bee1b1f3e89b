// Generic operations: what compiled code calls when it cannot prove operand types. Each
// dispatches on the operands' types to int.ts, float.ts, str.ts and the containers, and raises
// TypeError with CPython's message otherwise. Results are new references; ERR means raised.
import { numberIndex, repeatCount, userIndex } from "./number-index";
import {
  Value, ERR, NONE, TRUE, FALSE, boxBool, boxFloat, boxPtr, unboxPtr, unboxFloat, isFloat,
  isPtr, isNone, isBool, isSmallInt, unboxSmall, boxSmall,
} from "./value";
import {
  Kind, INT_TYPE, FLOAT_TYPE, STR_TYPE, LIST_TYPE, TUPLE_TYPE, DICT_TYPE, SET_TYPE, SLICE_TYPE,
  TYPE_TYPE, typeOf, typeName, typeKind, typeAt, isSubtype, incref, decref, isObjectOf,
} from "./object";
import { raise, raiseWithStr, raiseMemoryError, TypeError, IndexError, KeyError, OverflowError, exceptionArgs } from "./exceptions";
import { strFormat } from "./format";
import { builderNew, builderFinish, builderLiteral, builderStr, builderDiscard } from "./format";
import {
  isInt, isSmallOrBool, intAdd, intSub, intMul, intFloorDiv, intMod, intDivmodPair, lastRemainder,
  intPow, intPow3, intNeg, intPos, intAbs, intInvert, intAnd, intOr, intXor, intLshift, intRshift,
  intCompare, intHash, intToF64, intTrueDiv, intToDecimal, floatResult, bigSign,
} from "./int";
import {
  floatTrueDiv, floatFloorDiv, floatMod, floatDivmod, lastFloatRemainder, floatPow, floatRound,
  floatRoundDigits, floatHash, floatCompareInt, UNORDERED, floatRepr,
} from "./float";
import {
  strLength, strEquals, strCompare, strHash, strConcat, strRepeat, strGetItem, strSlice,
  strContains, strRepr, strFromLiteral,
} from "./str";
import { tupleLength, tupleItem, tupleGetItem, tupleSlice, tupleNew, tupleSetItem } from "./tuple";
import {
  listLength, listItem, listGetItem, listSetItem, listSlice, listConcat, listNew, listAppendSteal,
  rt_list_extend, rt_list_pop,
} from "./list";
import {
  dictLength, dictGetItem, dictSetItem, dictDelItem, dictContains, dictEntryCount, dictEntryKey,
  dictEntryValue, isDeletedKey,
} from "./dict";
import { setLength, setContains, setTableSize, setSlotKey } from "./set";
import { sliceAdjust, sliceStart, sliceStep, sliceCount } from "./slice";
import { FROZENSET_TYPE, RANGE_TYPE, MODULE_TYPE, FILE_TYPE, METHOD_DESCRIPTOR_TYPE, NOTIMPLEMENTED, ELLIPSIS } from "./object";
import {
  userBinary, userInplace, userUnary, userCompare, BIN_ADD, BIN_SUB, BIN_MUL, BIN_TRUEDIV, BIN_FLOORDIV, BIN_MOD, BIN_POW,
  BIN_LSHIFT, BIN_RSHIFT, BIN_AND, BIN_OR, BIN_XOR, BIN_MATMUL, BIN_DIVMOD, CMP_EQ, CMP_NE, S_NEG, S_POS, S_INVERT, S_ABS,
  S_ROUND, S_BOOL, S_LEN, S_CONTAINS, S_GETITEM, S_SETITEM, S_DELITEM, S_REPR, S_STR, S_ITER,
  callSpecial1, callSpecial, instanceRepr, heapTypeRepr, methodRepr, userHash, userLength, userTruthy, userText,
  CMP_LT, pairFirst, pairSecond, S_POW, userNumber, S_INDEX, typeSubscript, isUnionOperand, typeUnion, aliasRepr,
  GENERIC_ALIAS_TYPE, UNION_TYPE,
} from "./classes";
import { isUserObject, isHeapType } from "./object";
import { hasBase, enterBase, leaveBase, baseValue, solidOf } from "./subclass";
import { skipUserBinary, userBinaryDone, S_MISSING } from "./classes";
import { dictGetItemOrNull } from "./dict";
import { UNBOUND } from "./value";
import { rtAllocArgv, rtFreeArgv } from "./call";
import { enterCall, leaveCall } from "./exceptions";
import { sliceRepr } from "./slice";
import { setFromIterable } from "./builtins";
import { DICT_KEYS_TYPE, DICT_ITEMS_TYPE } from "./object";
import { isIterable } from "./iter";
import { rangeRepr, rangeGetItem, rangeContains, rangeEquals, rangeField, rangeLen, rangeIsEmpty, RF_START, RF_STEP, RF_LEN } from "./range";
import { dictViewLength, dictViewContains, dictViewRepr } from "./iterobjects";
import { frozensetHash } from "./set";
import { setBinary, setInplace, isAnySet, setKeyRetry, SETOP_OR, SETOP_AND, SETOP_SUB, SETOP_XOR, dictCopy } from "./methods";
import { dictMergeFrom } from "./builtins";
import { percentFormat } from "./strfmt";
import { functionName, functionSelf, functionOwner, functionId } from "./call";
import { Fn } from "./natives";
import { functionQualname, codeName } from "./pyfunc";
import { rt_get_iter, rt_iter_next } from "./iter";
import { listAssignSlice, listDeleteSlice } from "./list";
import { fmtMsg, builderInt } from "./format";
import { EXHAUSTED, UNBOUND } from "./value";
import {
  BYTES_TYPE, BYTEARRAY_TYPE, isBytesType, bLen, bytesAdd, bytesMul, bytearrayInplaceAdd, bytearrayInplaceMul,
  bytesEqualHook, bytesOrderHook, bytesHash, bytesContains, bytesGetItem, bytearraySetItem, bytearrayDelItem, bytesRepr,
} from "./bytes";
import {
  MEMORYVIEW_TYPE, memoryviewGetItem, memoryviewSetItem, memoryviewLength, memoryviewContains, memoryviewHash, memoryviewRepr,
} from "./memoryview";
import {
  ARRAY_TYPE, isArray, arrayLength, arrayGetItem, arraySetItem, arrayDelItem, arrayContains, arrayAdd, arrayInplaceAdd,
  arrayRepeat, arrayInplaceRepeat, arrayCompare, arrayRepr,
} from "./arraytype";
import { bytesPercent } from "./bytesfmt";

// ---- helpers ---------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function nameOf(v: Value): usize { return typeName(shownType(v)); }

// ---- instances of classes derived from builtins (subclass.ts) ----------------------------------

// While an operation runs on builtin bases, the values it works on and the types they stand for,
// so that its error messages name the operands' own classes.
let shownBaseA: Value = 0, shownTypeA: usize = 0, shownBaseB: Value = 0, shownTypeB: usize = 0;

function shownType(v: Value): usize {
  if (shownTypeA != 0 && v == shownBaseA) return shownTypeA;
  if (shownTypeB != 0 && v == shownBaseB) return shownTypeB;
  return typeOf(v);
}

const UN_NEG = 0, UN_POS = 1, UN_INVERT = 2, UN_ABS = 3;

/** A unary operator on v's builtin base, v's class defining none. */
function onBase(v: Value, op: i32): Value {
  const b = baseValue(v);
  const pa = shownBaseA, ta = shownTypeA;
  shownBaseA = b;
  shownTypeA = typeOf(v);
  const saved = enterBase(v);
  const r = op == UN_NEG ? rt_neg(b) : op == UN_POS ? rt_pos(b) : op == UN_INVERT ? rt_invert(b) : rt_abs(b);
  shownBaseA = pa;
  shownTypeA = ta;
  return leaveBase(v, saved, r);
}

/**
 * a OP b (OP= when `inplace`) on the builtin bases of a and b, after neither's class defined
 * the operator. The other operand's special methods were tried already: userBinary skips them.
 */
function onBases(a: Value, b: Value, op: i32, inplace: bool): Value {
  const ba = baseValue(a), bb = baseValue(b);
  const pa = shownBaseA, pta = shownTypeA, pb = shownBaseB, ptb = shownTypeB;
  shownBaseA = ba;
  shownTypeA = typeOf(a);
  shownBaseB = bb;
  shownTypeB = typeOf(b);
  const sa = enterBase(a);
  const sb = b != a ? enterBase(b) : 0;
  if (isUserObject(ba) || isUserObject(bb)) skipUserBinary();
  const r = inplace ? inplaceOp(ba, bb, op) : binaryOp(ba, bb, op);
  userBinaryDone();
  shownBaseA = pa;
  shownTypeA = pta;
  shownBaseB = pb;
  shownTypeB = ptb;
  if (b != a) leaveBase(b, sb, NONE);
  return leaveBase(a, sa, r);
}

function binaryOp(a: Value, b: Value, op: i32): Value {
  switch (op) {
    case BIN_ADD: return rt_add(a, b);
    case BIN_SUB: return rt_sub(a, b);
    case BIN_MUL: return rt_mul(a, b);
    case BIN_TRUEDIV: return rt_truediv(a, b);
    case BIN_FLOORDIV: return rt_floordiv(a, b);
    case BIN_MOD: return rt_mod(a, b);
    case BIN_POW: return rt_pow(a, b);
    case BIN_LSHIFT: return rt_lshift(a, b);
    case BIN_RSHIFT: return rt_rshift(a, b);
    case BIN_AND: return rt_and(a, b);
    case BIN_OR: return rt_or(a, b);
    case BIN_XOR: return rt_xor(a, b);
    case BIN_MATMUL: return rt_matmul(a, b);
  }
  return rt_divmod(a, b);
}

function inplaceOp(a: Value, b: Value, op: i32): Value {
  switch (op) {
    case BIN_ADD: return rt_inplace_add(a, b);
    case BIN_SUB: return rt_inplace_sub(a, b);
    case BIN_MUL: return rt_inplace_mul(a, b);
    case BIN_TRUEDIV: return rt_inplace_truediv(a, b);
    case BIN_FLOORDIV: return rt_inplace_floordiv(a, b);
    case BIN_MOD: return rt_inplace_mod(a, b);
    case BIN_POW: return rt_inplace_pow(a, b);
    case BIN_LSHIFT: return rt_inplace_lshift(a, b);
    case BIN_RSHIFT: return rt_inplace_rshift(a, b);
    case BIN_AND: return rt_inplace_and(a, b);
    case BIN_OR: return rt_inplace_or(a, b);
    case BIN_XOR: return rt_inplace_xor(a, b);
  }
  return rt_inplace_matmul(a, b);
}

/** A comparison on the builtin bases of a and b (userCompare's fallback). */
export function compareOnBases(a: Value, b: Value, op: i32): Value {
  const ba = baseValue(a), bb = baseValue(b);
  const pa = shownBaseA, pta = shownTypeA, pb = shownBaseB, ptb = shownTypeB;
  shownBaseA = ba;
  shownTypeA = typeOf(a);
  shownBaseB = bb;
  shownTypeB = typeOf(b);
  const sa = enterBase(a);
  const sb = b != a ? enterBase(b) : 0;
  let r: Value;
  if (op == CMP_EQ || op == CMP_NE) {
    const e = equal(ba, bb, false);
    r = e < 0 ? ERR : boxBool((e == 1) == (op == CMP_EQ));
  } else r = order(ba, bb, op);
  shownBaseA = pa;
  shownTypeA = pta;
  shownBaseB = pb;
  shownTypeB = ptb;
  if (b != a) leaveBase(b, sb, NONE);
  return leaveBase(a, sa, r);
}

/** d[key] for an instance of a class derived from dict: the entry, else __missing__(key), else KeyError. */
function dictSubscript(d: Value, key: Value): Value {
  const v = dictGetItemOrNull(unboxPtr(d), key);
  if (v != 0) return v;
  const r = callSpecial1(d, S_MISSING, key);
  if (r != UNBOUND) return r;
  return dictGetItem(unboxPtr(d), key);
}

/** "unsupported operand type(s) for OP: 'A' and 'B'" */
function unsupported(op: string, a: Value, b: Value): Value {
  const sym = strFromLiteral(op, false);
  if (sym == 0) return ERR;
  const msg = strFormat("unsupported operand type(s) for %s: '%s' and '%s'", sym, nameOf(a), nameOf(b));
  decref(boxPtr(sym));
  return raiseWithStr(TypeError, msg);
}

/** A float operand (float, or int converted exactly-rounded); false with OverflowError. */
let operandF64: f64 = 0;
function toF64(v: Value): bool {
  if (isFloat(v)) {
    operandF64 = unboxFloat(v);
    return true;
  }
  if (!intToF64(v)) return false;
  operandF64 = floatResult;
  return true;
}

// @ts-ignore: decorator
@inline function isNumber(v: Value): bool { return isFloat(v) || isInt(v); }

/** Both numbers and at least one a float: the float path applies. */
// @ts-ignore: decorator
@inline function floatPair(a: Value, b: Value): bool {
  return (isFloat(a) || isFloat(b)) && isNumber(a) && isNumber(b);
}

let pairX: f64 = 0;
let pairY: f64 = 0;
function toF64Pair(a: Value, b: Value): bool {
  if (!toF64(a)) return false;
  pairX = operandF64;
  if (!toF64(b)) return false;
  pairY = operandF64;
  return true;
}

function sequenceRepeat(seq: Value, n: Value): Value {
  const t = typeOf(seq);
  const count = repeatCount(n);
  if (count < 0) return ERR;
  if (t == STR_TYPE) return strRepeat(unboxPtr(seq), count);
  const src = unboxPtr(seq);
  const len = t == LIST_TYPE ? listLength(src) : tupleLength(src);
  const c = count < 0 ? 0 : count;
  if (len != 0 && c > 0x0FFF_FFFF / <i64>len) {
    raiseMemoryError();
    return ERR;
  }
  const total = <u32>(<i64>len * c);
  if (t == LIST_TYPE) {
    const r = listNew(total);
    if (r == 0) return ERR;
    for (let i: u32 = 0; i < total; i++) {
      const v = listItem(src, i % len);
      incref(v);
      listAppendSteal(r, v); // capacity reserved: cannot fail
    }
    return boxPtr(r);
  }
  const r = tupleNew(total);
  if (r == 0) return ERR;
  for (let i: u32 = 0; i < total; i++) {
    const v = tupleItem(src, i % len);
    incref(v);
    tupleSetItem(r, i, v);
  }
  return boxPtr(r);
}

// @ts-ignore: decorator
@inline function isSequence(t: usize): bool { return t == STR_TYPE || t == LIST_TYPE || t == TUPLE_TYPE; }

// ---- arithmetic --------------------------------------------------------------------------------

export function rt_add(a: Value, b: Value): Value {
  if (isInt(a) && isInt(b)) return intAdd(a, b);
  if (floatPair(a, b)) return toF64Pair(a, b) ? boxFloat(pairX + pairY) : ERR;
  if (isUserObject(a) || isUserObject(b)) {
    const u = userBinary(a, b, BIN_ADD);
    if (u != UNBOUND) return u;
    if (hasBase(a) || hasBase(b)) return onBases(a, b, BIN_ADD, false);
  }
  const ta = typeOf(a), tb = typeOf(b);
  if (ta == tb) {
    if (ta == STR_TYPE) return strConcat(unboxPtr(a), unboxPtr(b));
    if (ta == LIST_TYPE) return listConcat(unboxPtr(a), unboxPtr(b));
    if (ta == TUPLE_TYPE) return tupleConcat(unboxPtr(a), unboxPtr(b));
  }
  if (isBytesType(ta)) return bytesAdd(a, b);
  if (ta == ARRAY_TYPE) return arrayAdd(a, b);
  if (isSequence(ta)) {
    return raiseWithStr(TypeError, strFormat("can only concatenate %s (not \"%s\") to %s", typeName(ta), typeName(tb), typeName(ta)));
  }
  return unsupported("+", a, b);
}

function tupleConcat(a: usize, b: usize): Value {
  const na = tupleLength(a), nb = tupleLength(b);
  if (nb == 0) { incref(boxPtr(a)); return boxPtr(a); }
  if (na == 0) { incref(boxPtr(b)); return boxPtr(b); }
  const r = tupleNew(na + nb);
  if (r == 0) return ERR;
  for (let i: u32 = 0; i < na; i++) { const v = tupleItem(a, i); incref(v); tupleSetItem(r, i, v); }
  for (let i: u32 = 0; i < nb; i++) { const v = tupleItem(b, i); incref(v); tupleSetItem(r, na + i, v); }
  return boxPtr(r);
}

export function rt_sub(a: Value, b: Value): Value {
  if (isInt(a) && isInt(b)) return intSub(a, b);
  if (floatPair(a, b)) return toF64Pair(a, b) ? boxFloat(pairX - pairY) : ERR;
  if (isUserObject(a) || isUserObject(b)) {
    const u = userBinary(a, b, BIN_SUB);
    if (u != UNBOUND) return u;
    if (hasBase(a) || hasBase(b)) return onBases(a, b, BIN_SUB, false);
  }
  if (isAnySet(a) && isAnySet(b)) return setBinary(a, b, SETOP_SUB);
  if (isSetLikeView(a) || isSetLikeView(b)) return viewSetOp(a, b, SETOP_SUB);
  return unsupported("-", a, b);
}

export function rt_mul(a: Value, b: Value): Value {
  if (isInt(a) && isInt(b)) return intMul(a, b);
  if (floatPair(a, b)) return toF64Pair(a, b) ? boxFloat(pairX * pairY) : ERR;
  if (isUserObject(a) || isUserObject(b)) {
    const u = userBinary(a, b, BIN_MUL);
    if (u != UNBOUND) return u;
    if (hasBase(a) || hasBase(b)) return onBases(a, b, BIN_MUL, false);
  }
  { const r = bytesMul(a, b); if (r != UNBOUND) return r; }
  const ta = typeOf(a), tb = typeOf(b);
  if (ta == ARRAY_TYPE || isSequence(ta)) return repeatBy(a, b);
  if (tb == ARRAY_TYPE || isSequence(tb)) return repeatBy(b, a);
  return unsupported("*", a, b);
}

/** seq * n for a count that is an int or has __index__. */
function repeatBy(seq: Value, n: Value): Value {
  if (isInt(n)) return repeatOf(seq, n);
  const i = userIndex(n);
  if (i == ERR) return ERR;
  if (i == UNBOUND) return raiseWithStr(TypeError, strFormat("can't multiply sequence by non-int of type '%s'", nameOf(n)));
  if (!isSmallOrBool(i) && bigSign(i) > 0) {
    decref(i);
    return raiseWithStr(OverflowError, strFormat("cannot fit '%s' into an index-sized integer", nameOf(n)));
  }
  const r = repeatOf(seq, i);
  decref(i);
  return r;
}

@inline function repeatOf(seq: Value, n: Value): Value {
  return typeOf(seq) == ARRAY_TYPE ? arrayRepeat(seq, n) : sequenceRepeat(seq, n);
}

export function rt_truediv(a: Value, b: Value): Value {
  if (isInt(a) && isInt(b)) return intTrueDiv(a, b) ? boxFloat(floatResult) : ERR;
  if (floatPair(a, b)) return toF64Pair(a, b) ? floatTrueDiv(pairX, pairY) : ERR;
  if (isUserObject(a) || isUserObject(b)) {
    const u = userBinary(a, b, BIN_TRUEDIV);
    if (u != UNBOUND) return u;
    if (hasBase(a) || hasBase(b)) return onBases(a, b, BIN_TRUEDIV, false);
  }
  return unsupported("/", a, b);
}

export function rt_floordiv(a: Value, b: Value): Value {
  if (isInt(a) && isInt(b)) return intFloorDiv(a, b);
  if (floatPair(a, b)) return toF64Pair(a, b) ? floatFloorDiv(pairX, pairY) : ERR;
  if (isUserObject(a) || isUserObject(b)) {
    const u = userBinary(a, b, BIN_FLOORDIV);
    if (u != UNBOUND) return u;
    if (hasBase(a) || hasBase(b)) return onBases(a, b, BIN_FLOORDIV, false);
  }
  return unsupported("//", a, b);
}

export function rt_mod(a: Value, b: Value): Value {
  if (isInt(a) && isInt(b)) return intMod(a, b);
  if (isUserObject(a) || isUserObject(b)) {
    const u = userBinary(a, b, BIN_MOD);
    if (u != UNBOUND) return u;
    if (hasBase(a) || hasBase(b)) return onBases(a, b, BIN_MOD, false);
  }
  if (isObjectOf(a, STR_TYPE)) return percentFormat(unboxPtr(a), b);
  if (isBytesType(typeOf(a))) return bytesPercent(a, b);
  if (floatPair(a, b)) return toF64Pair(a, b) ? floatMod(pairX, pairY) : ERR;
  return unsupported("%", a, b);
}

/** divmod(a, b) as a tuple. */
export function rt_divmod(a: Value, b: Value): Value {
  if (isUserObject(a) || isUserObject(b)) {
    const u = userBinary(a, b, BIN_DIVMOD);
    if (u != UNBOUND) return u;
    if (hasBase(a) || hasBase(b)) return onBases(a, b, BIN_DIVMOD, false);
  }
  let q: Value, r: Value;
  if (isInt(a) && isInt(b)) {
    q = intDivmodPair(a, b);
    if (q == ERR) return ERR;
    r = lastRemainder();
  } else if (floatPair(a, b)) {
    if (!toF64Pair(a, b)) return ERR;
    q = floatDivmod(pairX, pairY);
    if (q == ERR) return ERR;
    r = lastFloatRemainder();
  } else {
    return unsupported("divmod()", a, b);
  }
  const t = tupleNew(2);
  if (t == 0) { decref(q); decref(r); return ERR; }
  tupleSetItem(t, 0, q);
  tupleSetItem(t, 1, r);
  return boxPtr(t);
}

export function rt_pow(a: Value, b: Value): Value {
  if (isUserObject(a) || isUserObject(b)) {
    const u = userBinary(a, b, BIN_POW);
    if (u != UNBOUND) return u;
    if (hasBase(a) || hasBase(b)) return onBases(a, b, BIN_POW, false);
  }
  if (isInt(a) && isInt(b)) {
    if (bigSign(b) >= 0) return intPow(a, b, 0);
    // A negative int exponent gives a float, as float(a) ** float(b).
    return toF64Pair(a, b) ? floatPow(pairX, pairY) : ERR;
  }
  if (floatPair(a, b)) return toF64Pair(a, b) ? floatPow(pairX, pairY) : ERR;
  return unsupported("** or pow()", a, b);
}

/** pow(a, b, m) */
export function rt_pow3(a: Value, b: Value, m: Value): Value {
  if (isInt(a) && isInt(b) && isInt(m)) return intPow3(a, b, m);
  if (isNone(m)) return rt_pow(a, b);
  if (isUserObject(a)) {
    // Three-argument pow only tries the left operand's __pow__, as CPython.
    const argv = rtAllocArgv(2);
    if (argv == 0) return ERR;
    store<u64>(argv, b);
    store<u64>(argv + 8, m);
    const r = callSpecial(a, S_POW, argv, 2);
    rtFreeArgv(argv, 2);
    if (r != UNBOUND && r != boxPtr(NOTIMPLEMENTED)) return r;
  }
  if (isNumber(a) && isNumber(b) && isNumber(m)) {
    return raise(TypeError, "pow() 3rd argument not allowed unless all arguments are integers");
  }
  const msg = strFormat("unsupported operand type(s) for ** or pow(): '%s', '%s', '%s'", nameOf(a), nameOf(b), nameOf(m));
  return raiseWithStr(TypeError, msg);
}

export function rt_matmul(a: Value, b: Value): Value {
  if (isUserObject(a) || isUserObject(b)) {
    const u = userBinary(a, b, BIN_MATMUL);
    if (u != UNBOUND) return u;
    if (hasBase(a) || hasBase(b)) return onBases(a, b, BIN_MATMUL, false);
  }
  return unsupported("@", a, b);
}

export function rt_lshift(a: Value, b: Value): Value {
  if (isInt(a) && isInt(b)) return intLshift(a, b);
  if (isUserObject(a) || isUserObject(b)) {
    const u = userBinary(a, b, BIN_LSHIFT);
    if (u != UNBOUND) return u;
    if (hasBase(a) || hasBase(b)) return onBases(a, b, BIN_LSHIFT, false);
  }
  return unsupported("<<", a, b);
}

export function rt_rshift(a: Value, b: Value): Value {
  if (isInt(a) && isInt(b)) return intRshift(a, b);
  if (isUserObject(a) || isUserObject(b)) {
    const u = userBinary(a, b, BIN_RSHIFT);
    if (u != UNBOUND) return u;
    if (hasBase(a) || hasBase(b)) return onBases(a, b, BIN_RSHIFT, false);
  }
  return unsupported(">>", a, b);
}

/** & | ^ : on two bools the result stays a bool. */
export function rt_and(a: Value, b: Value): Value {
  if (isBool(a) && isBool(b)) return a & b;
  if (isInt(a) && isInt(b)) return intAnd(a, b);
  if (isUserObject(a) || isUserObject(b)) {
    const u = userBinary(a, b, BIN_AND);
    if (u != UNBOUND) return u;
    if (hasBase(a) || hasBase(b)) return onBases(a, b, BIN_AND, false);
  }
  if (isAnySet(a) && isAnySet(b)) return setBinary(a, b, SETOP_AND);
  if (isSetLikeView(a) || isSetLikeView(b)) return viewSetOp(a, b, SETOP_AND);
  return unsupported("&", a, b);
}

export function rt_or(a: Value, b: Value): Value {
  if (isBool(a) && isBool(b)) return a | b;
  if (isInt(a) && isInt(b)) return intOr(a, b);
  if (isUserObject(a) || isUserObject(b)) {
    const u = userBinary(a, b, BIN_OR);
    if (u != UNBOUND) return u;
    if (hasBase(a) || hasBase(b)) return onBases(a, b, BIN_OR, false);
  }
  if (isAnySet(a) && isAnySet(b)) return setBinary(a, b, SETOP_OR);
  if (isObjectOf(a, DICT_TYPE) && isObjectOf(b, DICT_TYPE)) {
    const r = dictCopy(unboxPtr(a));
    if (r == ERR) return ERR;
    if (dictMergeFrom(unboxPtr(r), b) < 0) {
      decref(r);
      return ERR;
    }
    return r;
  }
  if (isSetLikeView(a) || isSetLikeView(b)) return viewSetOp(a, b, SETOP_OR);
  if (isUnionOperand(a) && isUnionOperand(b) && !(isNone(a) && isNone(b))) return typeUnion(a, b);
  return unsupported("|", a, b);
}

export function rt_xor(a: Value, b: Value): Value {
  if (isBool(a) && isBool(b)) return boxBool((a ^ b) != 0);
  if (isInt(a) && isInt(b)) return intXor(a, b);
  if (isUserObject(a) || isUserObject(b)) {
    const u = userBinary(a, b, BIN_XOR);
    if (u != UNBOUND) return u;
    if (hasBase(a) || hasBase(b)) return onBases(a, b, BIN_XOR, false);
  }
  if (isAnySet(a) && isAnySet(b)) return setBinary(a, b, SETOP_XOR);
  if (isSetLikeView(a) || isSetLikeView(b)) return viewSetOp(a, b, SETOP_XOR);
  return unsupported("^", a, b);
}

// In-place operators: only list's differ (+= extends, *= repeats in place).
export function rt_inplace_add(a: Value, b: Value): Value {
  if (isUserObject(a)) return userInplaceOr(a, b, BIN_ADD, "+=");
  if (isObjectOf(a, BYTEARRAY_TYPE)) return bytearrayInplaceAdd(a, b);
  if (isArray(a)) return arrayInplaceAdd(a, b);
  if (isObjectOf(a, LIST_TYPE)) {
    if (rt_list_extend(a, b) == ERR) return ERR;
    incref(a);
    return a;
  }
  return rt_add(a, b);
}

export function rt_inplace_mul(a: Value, b: Value): Value {
  if (isUserObject(a)) return userInplaceOr(a, b, BIN_MUL, "*=");
  if ((isObjectOf(a, LIST_TYPE) || isObjectOf(a, BYTEARRAY_TYPE)) && isUserObject(b)) {
    const u = userBinary(a, b, BIN_MUL);
    if (u != UNBOUND) return u;
    // list *= n repeats in place for any n with __index__ (a new list would break aliases).
    const i = userIndex(b);
    if (i == ERR) return ERR;
    if (i != UNBOUND) {
      const r = rt_inplace_mul(a, i);
      decref(i);
      return r;
    }
  }
  if (isObjectOf(a, BYTEARRAY_TYPE) && isInt(b)) return bytearrayInplaceMul(a, b);
  if (isArray(a) && isInt(b)) return arrayInplaceRepeat(a, b);
  if (isObjectOf(a, LIST_TYPE) && isInt(b)) {
    const l = unboxPtr(a);
    const n = repeatCount(b);
    if (n < 0) return ERR;
    if (n > 1 && listLength(l) != 0 && n > 0x0FFF_FFFF / <i64>listLength(l)) {
      raiseMemoryError();
      return ERR;
    }
    const len = listLength(l);
    if (len == 0) {
      // Nothing to repeat, however large n is.
    } else if (n <= 0) {
      while (listLength(l) > 0) decref(rt_list_pop(a, -1));
    } else {
      for (let k: i64 = 1; k < n; k++) {
        for (let i: u32 = 0; i < len; i++) {
          const v = listItem(l, i);
          incref(v);
          if (!listAppendSteal(l, v)) return ERR;
        }
      }
    }
    incref(a);
    return a;
  }
  return rt_mul(a, b);
}

/** In place on a set (not a frozenset) with another set; the binary operator otherwise. */
function setInplaceOr(a: Value, b: Value, op: i32): Value {
  if (isObjectOf(a, SET_TYPE) && isAnySet(b)) return setInplace(a, b, op);
  return 0;
}

export function rt_inplace_sub(a: Value, b: Value): Value {
  if (isUserObject(a)) return userInplaceOr(a, b, BIN_SUB, "-=");
  const r = setInplaceOr(a, b, SETOP_SUB);
  return r != 0 ? r : rt_sub(a, b);
}

export function rt_inplace_and(a: Value, b: Value): Value {
  if (isUserObject(a)) return userInplaceOr(a, b, BIN_AND, "&=");
  const r = setInplaceOr(a, b, SETOP_AND);
  return r != 0 ? r : rt_and(a, b);
}

export function rt_inplace_xor(a: Value, b: Value): Value {
  if (isUserObject(a)) return userInplaceOr(a, b, BIN_XOR, "^=");
  const r = setInplaceOr(a, b, SETOP_XOR);
  return r != 0 ? r : rt_xor(a, b);
}

export function rt_inplace_or(a: Value, b: Value): Value {
  if (isUserObject(a)) return userInplaceOr(a, b, BIN_OR, "|=");
  const r = setInplaceOr(a, b, SETOP_OR);
  if (r != 0) return r;
  if (isObjectOf(a, DICT_TYPE) && !isInt(b)) {
    // d |= other accepts any mapping or iterable of pairs, as dict.update does.
    if (dictMergeFrom(unboxPtr(a), b) < 0) return ERR;
    incref(a);
    return a;
  }
  return rt_or(a, b);
}

export function rt_inplace_matmul(a: Value, b: Value): Value {
  if (isUserObject(a)) return userInplaceOr(a, b, BIN_MATMUL, "@=");
  return rt_matmul(a, b);
}
export function rt_inplace_truediv(a: Value, b: Value): Value {
  if (isUserObject(a)) return userInplaceOr(a, b, BIN_TRUEDIV, "/=");
  return rt_truediv(a, b);
}
export function rt_inplace_floordiv(a: Value, b: Value): Value {
  if (isUserObject(a)) return userInplaceOr(a, b, BIN_FLOORDIV, "//=");
  return rt_floordiv(a, b);
}
export function rt_inplace_mod(a: Value, b: Value): Value {
  if (isUserObject(a)) return userInplaceOr(a, b, BIN_MOD, "%=");
  return rt_mod(a, b);
}
export function rt_inplace_pow(a: Value, b: Value): Value {
  if (isUserObject(a)) return userInplaceOr(a, b, BIN_POW, "**=");
  return rt_pow(a, b);
}
export function rt_inplace_lshift(a: Value, b: Value): Value {
  if (isUserObject(a)) return userInplaceOr(a, b, BIN_LSHIFT, "<<=");
  return rt_lshift(a, b);
}
export function rt_inplace_rshift(a: Value, b: Value): Value {
  if (isUserObject(a)) return userInplaceOr(a, b, BIN_RSHIFT, ">>=");
  return rt_rshift(a, b);
}

/** keys() and items() views act as sets in & | - ^ (against any iterable). */
function isSetLikeView(v: Value): bool { return isObjectOf(v, DICT_KEYS_TYPE) || isObjectOf(v, DICT_ITEMS_TYPE); }

function viewSetOp(a: Value, b: Value, op: i32): Value {
  const sa = isAnySet(a) ? newRefOf(a) : setFromIterable(a, SET_TYPE);
  if (sa == ERR) return ERR;
  const sb = isAnySet(b) ? newRefOf(b) : setFromIterable(b, SET_TYPE);
  if (sb == ERR) { decref(sa); return ERR; }
  const r = setBinary(sa, sb, op);
  decref(sa);
  decref(sb);
  return r;
}

// @ts-ignore: decorator
@inline function newRefOf(v: Value): Value {
  incref(v);
  return v;
}

/** a OP= b for a class statement's instance a: __iop__, the binary operator, or TypeError. */
function userInplaceOr(a: Value, b: Value, op: i32, sym: string): Value {
  const r = userInplace(a, b, op);
  if (r != UNBOUND) return r;
  if (hasBase(a) || hasBase(b)) return onBases(a, b, op, true);
  return unsupported(sym, a, b);
}

function unary(op: string, v: Value): Value {
  return raiseWithStr(TypeError, strFormat(op, nameOf(v)));
}

export function rt_neg(v: Value): Value {
  if (isInt(v)) return intNeg(v);
  if (isFloat(v)) return boxFloat(-unboxFloat(v));
  if (isUserObject(v)) {
    const u = userUnary(v, S_NEG);
    if (u != UNBOUND) return u;
    if (hasBase(v)) return onBase(v, UN_NEG);
  }
  return unary("bad operand type for unary -: '%s'", v);
}

export function rt_pos(v: Value): Value {
  if (isInt(v)) return intPos(v);
  if (isFloat(v)) return v;
  if (isUserObject(v)) {
    const u = userUnary(v, S_POS);
    if (u != UNBOUND) return u;
    if (hasBase(v)) return onBase(v, UN_POS);
  }
  return unary("bad operand type for unary +: '%s'", v);
}

export function rt_invert(v: Value): Value {
  if (isInt(v)) return intInvert(v);
  if (isUserObject(v)) {
    const u = userUnary(v, S_INVERT);
    if (u != UNBOUND) return u;
    if (hasBase(v)) return onBase(v, UN_INVERT);
  }
  return unary("bad operand type for unary ~: '%s'", v);
}

export function rt_abs(v: Value): Value {
  if (isInt(v)) return intAbs(v);
  if (isFloat(v)) return boxFloat(abs(unboxFloat(v)));
  if (isUserObject(v)) {
    const u = userUnary(v, S_ABS);
    if (u != UNBOUND) return u;
    if (hasBase(v)) return onBase(v, UN_ABS);
  }
  return unary("bad operand type for abs(): '%s'", v);
}

/** round(x) or round(x, ndigits) (ndigits None for the one-argument form). */
export function rt_round(v: Value, ndigits: Value): Value {
  if (isUserObject(v)) {
    const u = isNone(ndigits) ? callSpecial(v, S_ROUND, 0, 0) : callSpecial1(v, S_ROUND, ndigits);
    if (u != UNBOUND) return u;
    if (hasBase(v)) return rt_round(baseValue(v), ndigits);
  }
  if (isUserObject(ndigits)) {
    const i = numberIndex(ndigits);
    if (i == ERR) return ERR;
    const r = rt_round(v, i);
    decref(i);
    return r;
  }
  if (isFloat(v)) {
    if (isNone(ndigits)) return floatRound(unboxFloat(v));
    if (!isInt(ndigits)) return raiseWithStr(TypeError, strFormat("'%s' object cannot be interpreted as an integer", nameOf(ndigits)));
    const nd = isSmallOrBool(ndigits) ? unboxSmall(ndigits) : bigSign(ndigits) < 0 ? -100000 : 100000;
    return floatRoundDigits(unboxFloat(v), nd);
  }
  if (isInt(v)) {
    if (!isNone(ndigits) && !isInt(ndigits)) {
      return raiseWithStr(TypeError, strFormat("'%s' object cannot be interpreted as an integer", nameOf(ndigits)));
    }
    if (isNone(ndigits) || bigSign(ndigits) >= 0) return intPos(v);
    // round(n, -k): to a multiple of 10^k, ties to even.
    const k = intNeg(ndigits);
    const p = k == ERR ? ERR : intPow(boxSmall(10), k, 0);
    decref(k);
    if (p == ERR) return ERR;
    const r = roundIntToMultiple(v, p);
    decref(p);
    return r;
  }
  return raiseWithStr(TypeError, strFormat("type %s doesn't define __round__ method", nameOf(v)));
}

function roundIntToMultiple(v: Value, p: Value): Value {
  const q = intFloorDiv(v, p);
  if (q == ERR) return ERR;
  const r = intMod(v, p);
  const twice = r == ERR ? ERR : intAdd(r, r);
  decref(r);
  if (twice == ERR) { decref(q); return ERR; }
  const c = intCompare(twice, p);
  decref(twice);
  let qq = q;
  const odd = intAnd(q, boxSmall(1));
  if (c > 0 || (c == 0 && odd != boxSmall(0))) {
    qq = intAdd(q, boxSmall(1));
    decref(q);
  }
  if (qq == ERR) return ERR;
  const result = intMul(qq, p);
  decref(qq);
  return result;
}

// ---- equality, ordering, hashing ---------------------------------------------------------------

/**
 * a == b as a truth value: 1, 0, or -1 with an exception pending. `identity` makes identical
 * values equal first, as containers do (so a NaN is found in a list holding it).
 */
function equal(a: Value, b: Value, identity: bool): i32 {
  if (identity && a == b) return 1;
  if (isFloat(a) && isFloat(b)) return unboxFloat(a) == unboxFloat(b) ? 1 : 0;
  if (isInt(a) && isInt(b)) return intCompare(a, b) == 0 ? 1 : 0;
  if (isFloat(a) && isInt(b)) return floatCompareInt(unboxFloat(a), b) == 0 ? 1 : 0;
  if (isInt(a) && isFloat(b)) return floatCompareInt(unboxFloat(b), a) == 0 ? 1 : 0;
  if (isUserObject(a) || isUserObject(b)) {
    const r = userCompare(a, b, CMP_EQ);
    if (r == ERR) return -1;
    const t = rt_truthy(r);
    decref(r);
    return t;
  }
  { const e = bytesEqualHook(a, b); if (e != -2) return e; }
  {
    const r = arrayCompare(a, b, 4);
    if (r != UNBOUND) return r == ERR ? -1 : r == TRUE ? 1 : 0;
  }
  const ta = typeOf(a);
  if ((isSetLikeView(a) || isSetLikeView(b)) && (isSetLikeView(a) || isAnySet(a)) && (isSetLikeView(b) || isAnySet(b))) {
    const sa = isAnySet(a) ? newRefOf(a) : setFromIterable(a, SET_TYPE);
    if (sa == ERR) return -1;
    const sb = isAnySet(b) ? newRefOf(b) : setFromIterable(b, SET_TYPE);
    if (sb == ERR) { decref(sa); return -1; }
    const r = equal(sa, sb, identity);
    decref(sa);
    decref(sb);
    return r;
  }
  if (ta != typeOf(b)) {
    if (isAnySet(a) && isAnySet(b)) {
      const sa = unboxPtr(a), sb = unboxPtr(b);
      if (setLength(sa) != setLength(sb)) return 0;
      return subset(sa, sb);
    }
    return a == b ? 1 : 0;
  }
  if (!isPtr(a)) return a == b ? 1 : 0;
  const pa = unboxPtr(a), pb = unboxPtr(b);
  if (ta == STR_TYPE) return strEquals(pa, pb) ? 1 : 0;
  if (ta == RANGE_TYPE) return rangeEquals(pa, pb) ? 1 : 0;
  if (ta == FROZENSET_TYPE) {
    if (setLength(pa) != setLength(pb)) return 0;
    return subset(pa, pb);
  }
  if (ta == TUPLE_TYPE || ta == LIST_TYPE) {
    const n = ta == TUPLE_TYPE ? tupleLength(pa) : listLength(pa);
    if (n != (ta == TUPLE_TYPE ? tupleLength(pb) : listLength(pb))) return 0;
    for (let i: u32 = 0; i < n; i++) {
      // A list may shrink under a comparison; re-check the bounds each time.
      if (ta == LIST_TYPE && (i >= listLength(pa) || i >= listLength(pb))) return 0;
      const x = ta == TUPLE_TYPE ? tupleItem(pa, i) : listItem(pa, i);
      const y = ta == TUPLE_TYPE ? tupleItem(pb, i) : listItem(pb, i);
      const e = equal(x, y, true);
      if (e != 1) return e;
    }
    return 1;
  }
  if (ta == DICT_TYPE) {
    if (dictLength(pa) != dictLength(pb)) return 0;
    for (let i: u32 = 0; i < dictEntryCount(pa); i++) {
      const k = dictEntryKey(pa, i);
      if (isDeletedKey(k)) continue;
      incref(k);
      const other = dictGetItemOrMissing(pb, k);
      decref(k);
      if (other == ERR) return -1;
      if (other == 0) return 0;
      const e = equal(dictEntryValue(pa, i), other, true);
      decref(other);
      if (e != 1) return e;
    }
    return 1;
  }
  if (ta == SET_TYPE) {
    if (setLength(pa) != setLength(pb)) return 0;
    return subset(pa, pb);
  }
  return a == b ? 1 : 0;
}

function dictGetItemOrMissing(d: usize, k: Value): Value {
  const c = dictContains(d, k);
  if (c < 0) return ERR;
  if (c == 0) return 0;
  return dictGetItem(d, k);
}

/** Is every element of set a in set b? 1, 0, or -1 with an exception pending. */
function subset(a: usize, b: usize): i32 {
  if (setLength(a) > setLength(b)) return 0;
  for (let i: u32 = 0; i < setTableSize(a); i++) {
    const k = setSlotKey(a, i);
    if (k == ERR) continue;
    const c = setContains(b, k);
    if (c != 1) return c;
  }
  return 1;
}

/** Container equality (identity first): 1, 0 or -1. */
export function richEq(a: Value, b: Value): i32 { return equal(a, b, true); }

const LT = 0;
const LE = 1;
const GT = 2;
const GE = 3;

function opSymbol(op: i32): string {
  return op == LT ? "<" : op == LE ? "<=" : op == GT ? ">" : ">=";
}

// @ts-ignore: decorator
@inline function fromOrder(c: i32, op: i32): Value {
  if (c == UNORDERED) return FALSE;
  return boxBool(op == LT ? c < 0 : op == LE ? c <= 0 : op == GT ? c > 0 : c >= 0);
}

/** a OP b for the four orderings. */
function order(a: Value, b: Value, op: i32): Value {
  if (isFloat(a) && isFloat(b)) {
    const x = unboxFloat(a), y = unboxFloat(b);
    return boxBool(op == LT ? x < y : op == LE ? x <= y : op == GT ? x > y : x >= y);
  }
  if (isInt(a) && isInt(b)) return fromOrder(intCompare(a, b), op);
  if (isFloat(a) && isInt(b)) return fromOrder(floatCompareInt(unboxFloat(a), b), op);
  if (isInt(a) && isFloat(b)) {
    const c = floatCompareInt(unboxFloat(b), a);
    return fromOrder(c == UNORDERED ? c : -c, op);
  }
  if (isUserObject(a) || isUserObject(b)) {
    const r = userCompare(a, b, op);
    if (r != UNBOUND) return r;
  }
  { const c = bytesOrderHook(a, b); if (c != 2) return fromOrder(c, op); }
  { const r = arrayCompare(a, b, op); if (r != UNBOUND) return r; }
  const ta = typeOf(a);
  if (ta == typeOf(b)) {
    if (ta == STR_TYPE) return fromOrder(strCompare(unboxPtr(a), unboxPtr(b)), op);
    if (ta == TUPLE_TYPE || ta == LIST_TYPE) return sequenceOrder(a, b, op);
    if (ta == SET_TYPE || ta == FROZENSET_TYPE) return setOrder(unboxPtr(a), unboxPtr(b), op);
  } else if (isAnySet(a) && isAnySet(b)) {
    return setOrder(unboxPtr(a), unboxPtr(b), op);
  }
  const sym = strFromLiteral(opSymbol(op), false);
  if (sym == 0) return ERR;
  const msg = strFormat("'%s' not supported between instances of '%s' and '%s'", sym, nameOf(a), nameOf(b));
  decref(boxPtr(sym));
  return raiseWithStr(TypeError, msg);
}

/** Lexicographic: the first unequal items decide, else the lengths. */
function sequenceOrder(a: Value, b: Value, op: i32): Value {
  const isTuple = typeOf(a) == TUPLE_TYPE;
  const pa = unboxPtr(a), pb = unboxPtr(b);
  let i: u32 = 0;
  for (;; i++) {
    const na = isTuple ? tupleLength(pa) : listLength(pa);
    const nb = isTuple ? tupleLength(pb) : listLength(pb);
    if (i >= na || i >= nb) return fromOrder(na < nb ? -1 : na > nb ? 1 : 0, op);
    const x = isTuple ? tupleItem(pa, i) : listItem(pa, i);
    const y = isTuple ? tupleItem(pb, i) : listItem(pb, i);
    const e = equal(x, y, true);
    if (e < 0) return ERR;
    if (e == 0) {
      incref(x);
      incref(y);
      const r = order(x, y, op);
      decref(x);
      decref(y);
      return r;
    }
  }
  return <Value>unreachable();
}

/** Set ordering is inclusion: a <= b is "a is a subset of b". */
function setOrder(a: usize, b: usize, op: i32): Value {
  let r: i32;
  if (op == LT) r = setLength(a) < setLength(b) ? subset(a, b) : 0;
  else if (op == LE) r = subset(a, b);
  else if (op == GT) r = setLength(a) > setLength(b) ? subset(b, a) : 0;
  else r = subset(b, a);
  return r < 0 ? ERR : boxBool(r == 1);
}

export function rt_eq(a: Value, b: Value): Value {
  if (isUserObject(a) || isUserObject(b)) return userCompare(a, b, CMP_EQ);
  const e = equal(a, b, false);
  return e < 0 ? ERR : boxBool(e == 1);
}

export function rt_ne(a: Value, b: Value): Value {
  if (isUserObject(a) || isUserObject(b)) return userCompare(a, b, CMP_NE);
  const e = equal(a, b, false);
  return e < 0 ? ERR : boxBool(e == 0);
}

export function rt_lt(a: Value, b: Value): Value { return order(a, b, LT); }
export function rt_le(a: Value, b: Value): Value { return order(a, b, LE); }
export function rt_gt(a: Value, b: Value): Value { return order(a, b, GT); }
export function rt_ge(a: Value, b: Value): Value { return order(a, b, GE); }
export function rt_is(a: Value, b: Value): Value { return boxBool(a == b); }
export function rt_is_not(a: Value, b: Value): Value { return boxBool(a != b); }

// xxHash-derived constants of CPython's tuple hash (Objects/tupleobject.c, 64-bit build).
const XXPRIME_1: u64 = 11400714785074694791;
const XXPRIME_2: u64 = 14029467366897019727;
const XXPRIME_5: u64 = 2870177450012600261;

/** hash(v), or -1 with TypeError pending for unhashable values. */
export function hashOf(v: Value): i64 {
  if (isFloat(v)) return floatHash(unboxFloat(v));
  if (isSmallInt(v) || isBool(v)) {
    const x = unboxSmall(v);
    return x == -1 ? -2 : x;
  }
  if (isPtr(v)) {
    const p = unboxPtr(v);
    const t = typeOf(v);
    if (t == STR_TYPE) return strHash(p);
    if (t == BYTES_TYPE) return bytesHash(p);
    if (t == INT_TYPE) return intHash(v);
    if (t == TUPLE_TYPE) {
      const n = tupleLength(p);
      let acc = XXPRIME_5;
      for (let i: u32 = 0; i < n; i++) {
        const lane = hashOf(tupleItem(p, i));
        if (lane == -1) return -1;
        acc += <u64>lane * XXPRIME_2;
        acc = rotl<u64>(acc, 31);
        acc *= XXPRIME_1;
      }
      acc += <u64>n ^ (XXPRIME_5 ^ 3527539);
      return acc == <u64>-1 ? 1546275796 : <i64>acc;
    }
    if (t == FROZENSET_TYPE) return frozensetHash(p);
    if (t == RANGE_TYPE) return rangeHash(p);
    if (t == MEMORYVIEW_TYPE) return memoryviewHash(p);
    if (isHeapType(t)) {
      const h = userHash(v);
      if (h != -2) return h;
      if (hasBase(v)) {
        const k = typeKind(t);
        if (k == Kind.LIST || k == Kind.DICT || (k == Kind.SET && solidOf(t) == SET_TYPE)) {
          raiseWithStr(TypeError, strFormat("unhashable type: '%s'", typeName(t)));
          return -1;
        }
        const saved = enterBase(v);
        const r = hashOf(baseValue(v));
        leaveBase(v, saved, NONE);
        return r;
      }
    }
    const k = typeKind(t);
    if (k == Kind.LIST || k == Kind.DICT || k == Kind.SET || k == Kind.SLICE || k == Kind.DICTVIEW || k == Kind.BYTEARRAY || k == Kind.ARRAY) {
      raiseWithStr(TypeError, strFormat("unhashable type: '%s'", typeName(t)));
      return -1;
    }
    // Everything else hashes by identity, as object.__hash__ does (address >> 4, rotated).
    return <i64>rotr<u64>(<u64>p, 4);
  }
  // None (CPython hashes it by address too) and other singletons: a fixed value.
  return <i64>(v >> 4);
}

/** hash(range): hash((len, start, step)) with None for what does not matter, as CPython. */
function rangeHash(r: usize): i64 {
  const n = rangeField(r, RF_LEN);
  if (n == ERR) return -1;
  const empty = bigSign(n) == 0, one = n == boxSmall(1);
  const start = empty ? NONE : rangeField(r, RF_START);
  const step = empty || one ? NONE : rangeField(r, RF_STEP);
  const t = start == ERR || step == ERR ? 0 : tupleNew(3);
  if (t == 0) {
    decref(n);
    if (start != ERR) decref(start);
    if (step != ERR) decref(step);
    return -1;
  }
  tupleSetItem(t, 0, n);
  tupleSetItem(t, 1, start);
  tupleSetItem(t, 2, step);
  const h = hashOf(boxPtr(t));
  decref(boxPtr(t));
  return h;
}

export function rt_hash(v: Value): Value {
  const h = hashOf(v);
  if (h == -1) return ERR;
  if (h >= -(<i64>1 << 47) && h < (<i64>1 << 47)) return boxSmall(h);
  return intFromHash(h);
}

function intFromHash(h: i64): Value {
  // Hashes are below 2^61 in magnitude; build through int arithmetic on small pieces.
  const hi = intLshift(boxSmall(h >> 32), boxSmall(32));
  if (hi == ERR) return ERR;
  const r = intAdd(hi, boxSmall(h & 0xFFFF_FFFF));
  decref(hi);
  return r;
}

// ---- truth, len, containment -----------------------------------------------------------------

/** 1 if v is true, 0 if false, -1 with an exception pending. */
export function rt_truthy(v: Value): i32 {
  if (isBool(v) || isSmallInt(v)) return unboxSmall(v) != 0 ? 1 : 0;
  if (isFloat(v)) return unboxFloat(v) != 0 ? 1 : 0;
  if (isNone(v)) return 0;
  if (!isPtr(v)) return 1;
  const p = unboxPtr(v);
  const t = typeOf(v);
  if (t == INT_TYPE) return 1; // big ints are never zero
  if (t == STR_TYPE) return strLength(p) != 0 ? 1 : 0;
  if (isBytesType(t)) return bLen(p) != 0 ? 1 : 0;
  if (t == ARRAY_TYPE) return arrayLength(p) != 0 ? 1 : 0;
  if (t == MEMORYVIEW_TYPE) {
    const n = memoryviewLength(p);
    return n < 0 ? -1 : n != 0 ? 1 : 0;
  }
  if (t == LIST_TYPE) return listLength(p) != 0 ? 1 : 0;
  if (t == TUPLE_TYPE) return tupleLength(p) != 0 ? 1 : 0;
  if (t == DICT_TYPE) return dictLength(p) != 0 ? 1 : 0;
  if (t == SET_TYPE || t == FROZENSET_TYPE) return setLength(p) != 0 ? 1 : 0;
  if (t == RANGE_TYPE) return rangeIsEmpty(p) ? 0 : 1;
  if (typeKind(t) == Kind.DICTVIEW) return dictViewLength(p) != 0 ? 1 : 0;
  if (isHeapType(t)) {
    const r = userTruthy(v);
    if (r != -2) return r;
    if (hasBase(v)) {
      const saved = enterBase(v);
      const b = rt_truthy(baseValue(v));
      leaveBase(v, saved, NONE);
      return b;
    }
  }
  return 1;
}

export function rt_not(v: Value): Value {
  const t = rt_truthy(v);
  return t < 0 ? ERR : boxBool(t == 0);
}

/** len(v) as an int. */
export function rt_len(v: Value): Value {
  const t = typeOf(v);
  if (isPtr(v)) {
    const p = unboxPtr(v);
    if (t == STR_TYPE) return boxSmall(strLength(p));
    if (isBytesType(t)) return boxSmall(bLen(p));
    if (t == ARRAY_TYPE) return boxSmall(arrayLength(p));
    if (t == MEMORYVIEW_TYPE) {
      const n = memoryviewLength(p);
      return n < 0 ? ERR : boxSmall(n);
    }
    if (t == LIST_TYPE) return boxSmall(listLength(p));
    if (t == TUPLE_TYPE) return boxSmall(tupleLength(p));
    if (t == DICT_TYPE) return boxSmall(dictLength(p));
    if (t == SET_TYPE || t == FROZENSET_TYPE) return boxSmall(setLength(p));
    if (t == RANGE_TYPE) return rangeLen(p);
    if (typeKind(t) == Kind.DICTVIEW) return boxSmall(dictViewLength(p));
    if (isHeapType(t)) {
      const n = userLength(v);
      if (n >= 0) return boxSmall(n);
      if (n == -1) return ERR;
      if (hasBase(v)) {
        const saved = enterBase(v);
        return leaveBase(v, saved, rt_len(baseValue(v)));
      }
    }
  }
  return raiseWithStr(TypeError, strFormat("object of type '%s' has no len()", typeName(t)));
}

/** `item in container`: 1, 0, or -1 with an exception pending. */
function contains(container: Value, item: Value): i32 {
  const t = typeOf(container);
  if (!isPtr(container)) {
    raiseWithStr(TypeError, strFormat("argument of type '%s' is not iterable", typeName(t)));
    return -1;
  }
  const p = unboxPtr(container);
  if (t == STR_TYPE) {
    if (!isObjectOf(item, STR_TYPE)) {
      raiseWithStr(TypeError, strFormat("'in <string>' requires string as left operand, not %s", nameOf(item)));
      return -1;
    }
    return strContains(p, unboxPtr(item)) ? 1 : 0;
  }
  if (isBytesType(t)) return bytesContains(p, item);
  if (t == ARRAY_TYPE) return arrayContains(p, item);
  if (t == MEMORYVIEW_TYPE) return memoryviewContains(p, item);
  if (t == LIST_TYPE || t == TUPLE_TYPE) {
    for (let i: u32 = 0; ; i++) {
      const n = t == LIST_TYPE ? listLength(p) : tupleLength(p);
      if (i >= n) return 0;
      const e = richEq(t == LIST_TYPE ? listItem(p, i) : tupleItem(p, i), item);
      if (e != 0) return e;
    }
  }
  if (t == DICT_TYPE) return dictContains(p, item);
  if (t == SET_TYPE || t == FROZENSET_TYPE) return setKeyRetry(p, item, 0);
  if (t == RANGE_TYPE) return rangeContains(p, item);
  const k = typeKind(t);
  if (k == Kind.DICTVIEW) return dictViewContains(p, item);
  if (isHeapType(t)) {
    const r = callSpecial1(container, S_CONTAINS, item);
    if (r == ERR) return -1;
    if (r != UNBOUND) {
      const b = rt_truthy(r);
      decref(r);
      return b;
    }
    if (hasBase(container)) {
      const saved = enterBase(container);
      const c = contains(baseValue(container), item);
      leaveBase(container, saved, NONE);
      return c;
    }
  }
  if (k == Kind.ITER || k == Kind.ENUMERATE || k == Kind.ZIP || k == Kind.MAP || k == Kind.FILTER || isIterable(container)) {
    // Iterators are searched by consuming them, as CPython does; other iterables through iter().
    const it = rt_get_iter(container);
    if (it == ERR) return -1;
    for (;;) {
      const x = rt_iter_next(it);
      if (x == EXHAUSTED) { decref(it); return 0; }
      if (x == ERR) { decref(it); return -1; }
      const e = richEq(x, item);
      decref(x);
      if (e != 0) { decref(it); return e; }
    }
  }
  raiseWithStr(TypeError, strFormat("argument of type '%s' is not iterable", typeName(t)));
  return -1;
}

/** `item in container` (operands in source order, as for every binary operator). */
export function rt_contains(item: Value, container: Value): Value {
  const c = contains(container, item);
  return c < 0 ? ERR : boxBool(c == 1);
}

/** `item not in container` */
export function rt_not_contains(item: Value, container: Value): Value {
  const c = contains(container, item);
  return c < 0 ? ERR : boxBool(c == 0);
}

// ---- subscripting ------------------------------------------------------------------------------

/** An index operand as i64; big ints raise IndexError as CPython's index-sized check does. */
let indexValue: i64 = 0;
function toIndex(key: Value, container: usize): bool {
  if (isSmallOrBool(key)) {
    indexValue = unboxSmall(key);
    return true;
  }
  if (isInt(key)) {
    raiseWithStr(IndexError, strFormat("cannot fit '%s' into an index-sized integer", typeName(INT_TYPE)));
    return false;
  }
  const i = userIndex(key);
  if (i == ERR) return false;
  if (i != UNBOUND) {
    const small = isSmallOrBool(i);
    indexValue = small ? unboxSmall(i) : 0;
    decref(i);
    if (!small) raiseWithStr(IndexError, strFormat("cannot fit '%s' into an index-sized integer", nameOf(key)));
    return small;
  }
  const what = container == STR_TYPE ? "string indices must be integers, not '%s'" : "%s indices must be integers or slices, not %s";
  if (container == STR_TYPE) raiseWithStr(TypeError, strFormat(what, nameOf(key)));
  else raiseWithStr(TypeError, strFormat(what, typeName(container), nameOf(key)));
  return false;
}

export function rt_getitem(obj: Value, key: Value): Value {
  const t = typeOf(obj);
  if (t == TYPE_TYPE) {
    const r = typeSubscript(unboxPtr(obj), key);
    if (r != UNBOUND) return r;
    return raiseWithStr(TypeError, strFormat("type '%s' is not subscriptable", typeName(unboxPtr(obj))));
  }
  if (isUserObject(obj)) {
    const u = callSpecial1(obj, S_GETITEM, key);
    if (u != UNBOUND) return u;
    if (hasBase(obj)) {
      if (typeKind(t) == Kind.DICT) return dictSubscript(obj, key);
      const saved = enterBase(obj);
      return leaveBase(obj, saved, rt_getitem(baseValue(obj), key));
    }
  }
  if (t == DICT_TYPE) return dictGetItem(unboxPtr(obj), key);
  if (isBytesType(t)) return bytesGetItem(obj, key);
  if (t == ARRAY_TYPE) return arrayGetItem(obj, key);
  if (t == MEMORYVIEW_TYPE) return memoryviewGetItem(obj, key);
  if (t == RANGE_TYPE) return rangeGetItem(unboxPtr(obj), key);
  if (t == LIST_TYPE || t == TUPLE_TYPE || t == STR_TYPE) {
    const p = unboxPtr(obj);
    if (isObjectOf(key, SLICE_TYPE)) {
      const len = t == LIST_TYPE ? listLength(p) : t == TUPLE_TYPE ? tupleLength(p) : strLength(p);
      if (!sliceAdjust(unboxPtr(key), len)) return ERR;
      if (t == LIST_TYPE) return listSlice(p, sliceStart, sliceStep, sliceCount);
      if (t == TUPLE_TYPE) return tupleSlice(p, sliceStart, sliceStep, sliceCount);
      return strSlice(p, sliceStart, sliceStep, sliceCount);
    }
    if (!toIndex(key, t)) return ERR;
    if (t == LIST_TYPE) return listGetItem(p, indexValue);
    if (t == TUPLE_TYPE) return tupleGetItem(p, indexValue);
    return strGetItem(p, indexValue);
  }
  return raiseWithStr(TypeError, strFormat("'%s' object is not subscriptable", typeName(t)));
}

/** obj[key] = v; 0, or -1 with an exception pending. */
export function rt_setitem(obj: Value, key: Value, v: Value): i32 {
  const t = typeOf(obj);
  if (isUserObject(obj)) {
    const argv = rtAllocArgv(2);
    if (argv == 0) return -1;
    store<u64>(argv, key);
    store<u64>(argv + 8, v);
    const u = callSpecial(obj, S_SETITEM, argv, 2);
    rtFreeArgv(argv, 2);
    if (u == ERR) return -1;
    if (u != UNBOUND) { decref(u); return 0; }
    if (hasBase(obj)) {
      const saved = enterBase(obj);
      const r = rt_setitem(baseValue(obj), key, v);
      leaveBase(obj, saved, NONE);
      return r;
    }
  }
  if (t == DICT_TYPE) return dictSetItem(unboxPtr(obj), key, v);
  if (t == BYTEARRAY_TYPE) return bytearraySetItem(obj, key, v);
  if (t == MEMORYVIEW_TYPE) return memoryviewSetItem(obj, key, v);
  if (t == ARRAY_TYPE) return arraySetItem(obj, key, v);
  if (t == LIST_TYPE) {
    if (isObjectOf(key, SLICE_TYPE)) {
      const l = unboxPtr(obj);
      if (!sliceAdjust(unboxPtr(key), listLength(l))) return -1;
      return listAssignSlice(l, sliceStart, sliceStep, sliceCount, v);
    }
    if (!toIndex(key, t)) return -1;
    return listSetItem(unboxPtr(obj), indexValue, v);
  }
  raiseWithStr(TypeError, strFormat("'%s' object does not support item assignment", typeName(t)));
  return -1;
}

/** del obj[key]; 0, or -1 with an exception pending. */
export function rt_delitem(obj: Value, key: Value): i32 {
  const t = typeOf(obj);
  if (isUserObject(obj)) {
    const u = callSpecial1(obj, S_DELITEM, key);
    if (u == ERR) return -1;
    if (u != UNBOUND) { decref(u); return 0; }
    if (hasBase(obj)) {
      const saved = enterBase(obj);
      const r = rt_delitem(baseValue(obj), key);
      leaveBase(obj, saved, NONE);
      return r;
    }
  }
  if (t == DICT_TYPE) return dictDelItem(unboxPtr(obj), key);
  if (t == BYTEARRAY_TYPE) return bytearrayDelItem(obj, key);
  if (t == ARRAY_TYPE) return arrayDelItem(obj, key);
  if (t == MEMORYVIEW_TYPE) {
    raise(TypeError, "cannot delete memory");
    return -1;
  }
  if (t == LIST_TYPE && isObjectOf(key, SLICE_TYPE)) {
    const l = unboxPtr(obj);
    if (!sliceAdjust(unboxPtr(key), listLength(l))) return -1;
    listDeleteSlice(l, sliceStart, sliceStep, sliceCount);
    return 0;
  }
  if (t == LIST_TYPE) {
    if (!toIndex(key, t)) return -1;
    const n = <i64>listLength(unboxPtr(obj));
    const i = indexValue < 0 ? indexValue + n : indexValue;
    if (i < 0 || i >= n) {
      raise(IndexError, "list assignment index out of range");
      return -1;
    }
    decref(rt_list_pop(obj, i));
    return 0;
  }
  raiseWithStr(TypeError, strFormat("'%s' object doesn't support item deletion", typeName(t)));
  return -1;
}

// ---- repr and str ------------------------------------------------------------------------------

/** Containers being repr'd, innermost last: a container met again prints as [...] / {...}. */
const REPR_STACK_MAX: i32 = 256;
const reprStack: usize = memory.data(REPR_STACK_MAX * 4, 4);
let reprDepth: i32 = 0;

function reprEnter(p: usize): bool {
  for (let i = 0; i < reprDepth; i++) if (<usize>load<u32>(reprStack + (<usize>i << 2)) == p) return false;
  if (reprDepth < REPR_STACK_MAX) store<u32>(reprStack + (<usize>reprDepth << 2), <u32>p);
  reprDepth++;
  return true;
}

function reprLeave(): void { reprDepth--; }

/** repr(v) as a str object; 0 with an exception pending. */
export function reprOf(v: Value): usize {
  if (isUserObject(v)) {
    // repr() counts toward the recursion limit, as CPython's PyObject_Repr does.
    if (!enterCall("maximum recursion depth exceeded while getting the repr of an object")) return 0;
    const r = userText(v, S_REPR);
    leaveCall();
    if (r == ERR) return 0;
    if (r != 0) return unboxPtr(r);
  }
  return reprBase(v);
}

/** object.__repr__(v) for a class statement's instance: `<__main__.C object at 0x...>`. */
export function objectRepr(v: Value): usize {
  return instanceRepr(typeOf(v), addressText(unboxPtr(v)));
}

/** repr(v) without a class statement's own __repr__ (what object.__repr__ and friends give). */
export function reprBase(v: Value): usize {
  if (isFloat(v)) return floatRepr(unboxFloat(v));
  if (isBool(v)) return strFromLiteral(v == TRUE ? "True" : "False", false);
  if (isInt(v)) return intToDecimal(v);
  if (isNone(v)) return strFromLiteral("None", false);
  const p = unboxPtr(v);
  const t = typeOf(v);
  if (t == STR_TYPE) return strRepr(p);
  if (isBytesType(t)) return bytesRepr(p);
  if (t == ARRAY_TYPE) return arrayRepr(p);
  if (t == MEMORYVIEW_TYPE) return memoryviewRepr(p);
  const k = typeKind(t);
  if (k == Kind.TYPE) return isHeapType(p) ? heapTypeRepr(p) : strFormat("<class '%s'>", typeName(p));
  if (hasBase(v)) {
    // The builtin base's repr (a set's names the class: MySet({1})).
    if (k == Kind.STR) return strRepr(p);
    if (k == Kind.INSTANCE) return reprBase(baseValue(v));
  }
  if (k == Kind.INSTANCE) return instanceRepr(t, addressText(p));
  if (t == GENERIC_ALIAS_TYPE || t == UNION_TYPE) return aliasRepr(p);
  if (t == SLICE_TYPE) return sliceRepr(p);
  if (k == Kind.METHOD) {
    const self = reprOf(pairSecond(p));
    if (self == 0) return 0;
    const r = methodRepr(p, self);
    decref(boxPtr(self));
    return r;
  }
  if (k == Kind.EXCEPTION) return exceptionRepr(p);
  if (k == Kind.LIST || k == Kind.TUPLE || k == Kind.DICT || k == Kind.SET) return containerRepr(v, k);
  if (k == Kind.RANGE) return rangeRepr(p);
  if (k == Kind.DICTVIEW) {
    if (!reprEnter(p)) return strFromLiteral("...", false);
    const r = dictViewRepr(p);
    reprLeave();
    return r;
  }
  if (k == Kind.FUNCTION) {
    const self = functionSelf(p);
    if (t == METHOD_DESCRIPTOR_TYPE) return fmtMsg("<method '%s' of '%s' objects>", functionName(p), typeName(functionOwner(p)));
    if (self == UNBOUND || functionId(p) == Fn.UNSUPPORTED) return fmtMsg("<built-in function %s>", functionName(p));
    if (isObjectOf(self, MODULE_TYPE)) return fmtMsg("<built-in function %s>", functionName(p));
    if (isObjectOf(self, TYPE_TYPE)) return fmtMsg("<built-in method %s of type object at %s>", functionName(p), addressText(unboxPtr(self)));
    return fmtMsg("<built-in method %s of %s object at %s>", functionName(p), typeName(typeOf(self)), addressText(unboxPtr(self)));
  }
  if (k == Kind.MODULE) return moduleRepr(p);
  if (k == Kind.PYFUNCTION) return fmtMsg("<function %s at %s>", functionQualname(p), addressText(p));
  if (k == Kind.CODE) return fmtMsg("<code object %s at %s>", codeName(p), addressText(p));
  if (k == Kind.FILE) {
    return strFromLiteral(load<i32>(p, 8) == 1
      ? "<_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>"
      : "<_io.TextIOWrapper name='<stderr>' mode='w' encoding='utf-8'>", false);
  }
  if (p == NOTIMPLEMENTED) return strFromLiteral("NotImplemented", false);
  if (p == ELLIPSIS) return strFromLiteral("Ellipsis", false);
  return fmtMsg("<%s object at %s>", typeName(t), addressText(p));
}

/**
 * "0x..." for an object's address, as repr() shows it: a static str (two alternate, so one
 * message can show two addresses), valid until the next call but one.
 */
const ADDRESS_TEXT: usize = memory.data(128, 8);
let addressSlot: usize = 0;
function addressText(p: usize): usize {
  const s = ADDRESS_TEXT + (addressSlot << 6);
  addressSlot ^= 1;
  store<i32>(s, 1 << 30);
  store<u32>(s, <u32>STR_TYPE, 4);
  let digits: u32 = 1;
  for (let t = p >> 4; t != 0; t >>= 4) digits++;
  const n = digits + 2;
  const q = strData(s);
  store<u8>(q, 0x30);
  store<u8>(q, 0x78, 1);
  let x = p;
  for (let i = <i32>n - 1; i >= 2; i--) {
    const c = <u32>(x & 0xF);
    store<u8>(q + <usize>i, <u8>(c < 10 ? 0x30 + c : 0x57 + c));
    x >>= 4;
  }
  strFinishNew(s, n);
  return s;
}

import { strData, strFinishNew } from "./str";

function containerRepr(v: Value, k: Kind): usize {
  const p = unboxPtr(v);
  // Sets other than set itself show their type: frozenset({1}), MySet({1}).
  const frozen = k == Kind.SET && typeAt(p) != SET_TYPE;
  if (k == Kind.SET && setLength(p) == 0) return frozen ? strFormat("%s()", typeName(typeAt(p))) : strFromLiteral("set()", false);
  if (!reprEnter(p)) return strFromLiteral(k == Kind.LIST ? "[...]" : k == Kind.DICT ? "{...}" : "...", false);
  const b = builderNew(16);
  if (b == 0) {
    reprLeave();
    return 0;
  }
  if (frozen) {
    builderStr(b, typeName(typeAt(p)));
    builderLiteral(b, "(");
  }
  builderLiteral(b, k == Kind.LIST ? "[" : k == Kind.TUPLE ? "(" : "{");
  let ok = true;
  let first = true;
  if (k == Kind.LIST || k == Kind.TUPLE) {
    for (let i: u32 = 0; ok; i++) {
      const n = k == Kind.LIST ? listLength(p) : tupleLength(p);
      if (i >= n) break;
      if (!first) builderLiteral(b, ", ");
      first = false;
      ok = appendRepr(b, k == Kind.LIST ? listItem(p, i) : tupleItem(p, i));
    }
    if (k == Kind.TUPLE && tupleLength(p) == 1) builderLiteral(b, ",");
  } else if (k == Kind.DICT) {
    for (let i: u32 = 0; ok && i < dictEntryCount(p); i++) {
      const key = dictEntryKey(p, i);
      if (isDeletedKey(key)) continue;
      if (!first) builderLiteral(b, ", ");
      first = false;
      ok = appendRepr(b, key);
      builderLiteral(b, ": ");
      ok = ok && appendRepr(b, dictEntryValue(p, i));
    }
  } else {
    for (let i: u32 = 0; ok && i < setTableSize(p); i++) {
      const key = setSlotKey(p, i);
      if (key == ERR) continue;
      if (!first) builderLiteral(b, ", ");
      first = false;
      ok = appendRepr(b, key);
    }
  }
  reprLeave();
  if (!ok) {
    builderDiscard(b);
    return 0;
  }
  builderLiteral(b, k == Kind.LIST ? "]" : k == Kind.TUPLE ? ")" : "}");
  if (frozen) builderLiteral(b, ")");
  return builderFinish(b);
}

function appendRepr(b: usize, v: Value): bool {
  incref(v); // the item must outlive a repr that could mutate its container
  const r = reprOf(v);
  decref(v);
  if (r == 0) return false;
  builderStr(b, r);
  decref(boxPtr(r));
  return true;
}

/** ValueError('msg'): the type name and the repr of the args (without "," for one arg). */
function exceptionRepr(e: usize): usize {
  const args = exceptionArgs(e);
  const name = typeName(typeOf(boxPtr(e)));
  if (tupleLength(args) == 1) {
    const r = reprOf(tupleItem(args, 0));
    if (r == 0) return 0;
    const s = strFormat("%s(%s)", name, r);
    decref(boxPtr(r));
    return s;
  }
  const r = reprOf(boxPtr(args));
  if (r == 0) return 0;
  const s = strFormat("%s%s", name, r);
  decref(boxPtr(r));
  return s;
}

/** str(v) as a str object; 0 with an exception pending. */
export function strOf(v: Value): usize {
  if (isUserObject(v)) {
    if (!enterCall("maximum recursion depth exceeded while getting the str of an object")) return 0;
    const r = userText(v, S_STR);
    leaveCall();
    if (r == ERR) return 0;
    if (r != 0) return unboxPtr(r);
  }
  return strBase(v);
}

/** str(v) without a class statement's own __str__ (object.__str__ is repr, through __repr__). */
export function strBase(v: Value): usize {
  if (isObjectOf(v, STR_TYPE)) {
    incref(v);
    return unboxPtr(v);
  }
  // Of the builtin bases only str has a __str__ of its own; the others' is object's, repr().
  if (hasBase(v) && typeKind(typeOf(v)) == Kind.STR) {
    const saved = enterBase(v);
    const r = strBase(baseValue(v));
    if (r == 0) {
      leaveBase(v, saved, NONE);
      return 0;
    }
    return unboxPtr(leaveBase(v, saved, boxPtr(r)));
  }
  if (isPtr(v) && typeKind(typeOf(v)) == Kind.EXCEPTION) {
    // str(exc): '' for no args, str(arg) for one (repr(key) for KeyError), else str(args).
    const e = unboxPtr(v);
    const args = exceptionArgs(e);
    const n = tupleLength(args);
    if (n == 0) return strFromLiteral("", false);
    if (n == 1) {
      const arg = tupleItem(args, 0);
      return isSubtype(typeAt(e), KeyError) ? reprOf(arg) : strOf(arg);
    }
    return reprOf(boxPtr(args));
  }
  return reprOf(v);
}

export function rt_repr(v: Value): Value {
  const r = reprOf(v);
  return r == 0 ? ERR : boxPtr(r);
}

export function rt_str(v: Value): Value {
  const r = strOf(v);
  return r == 0 ? ERR : boxPtr(r);
}

import { moduleRepr } from "./modules";
