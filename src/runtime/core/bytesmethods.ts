// Methods of bytes and bytearray, registered as method descriptors (Fn.BYTES + BM_*) and
// dispatched by bytesCall. CPython 3.11's semantics and messages; character classes are ASCII.
import { numberIndex, userIndex } from "./number-index";
import { Value, ERR, NONE, TRUE, FALSE, UNBOUND, EXHAUSTED, boxPtr, unboxPtr, boxSmall, boxBool, unboxSmall, isNone, isPtr } from "./value";
import { STR_TYPE, TUPLE_TYPE, TYPE_TYPE, typeOf, typeName, typeAt, isObjectOf, incref, decref } from "./object";
import { raise, raiseWithStr, TypeError, ValueError, IndexError, OverflowError } from "./exceptions";
import { fmtMsg, builderNew, builderByte, builderFinish } from "./format";
import { strData, strByteLength } from "./str";
import { tupleNew, tupleSetItem, tupleLength, tupleItem } from "./tuple";
import { listNew, listAppendSteal, listLength } from "./list";
import { rt_get_iter, rt_iter_next } from "./iter";
import { argAt, kwCount, checkOne, checkNoArgs, checkPositional, bindArgs, boundArg, strIs } from "./call";
import { isInt, isSmallOrBool, bigSign } from "./int";
import { method } from "./methods";
import { Fn } from "./natives";
import {
  BYTES_TYPE, BYTEARRAY_TYPE, bLen, bData, isBytesLike, isByteArray, newBytesOf, bytearrayAlloc, bytearrayPush,
  bytearrayPushByte, bytearrayReserve, bytearraySetLen, finishBuffer, byteValue, memFind, memRfind, hexDigit,
  decodeBytes, encodingOf, errorsOf, ENC_UTF8, bytesFromIterable, bytearrayCanResize,
} from "./bytes";

export const BM_DECODE = 0;
export const BM_FIND = 1;
export const BM_RFIND = 2;
export const BM_INDEX = 3;
export const BM_RINDEX = 4;
export const BM_COUNT = 5;
export const BM_STARTSWITH = 6;
export const BM_ENDSWITH = 7;
export const BM_SPLIT = 8;
export const BM_RSPLIT = 9;
export const BM_JOIN = 10;
export const BM_REPLACE = 11;
export const BM_STRIP = 12;
export const BM_LSTRIP = 13;
export const BM_RSTRIP = 14;
export const BM_UPPER = 15;
export const BM_LOWER = 16;
export const BM_SWAPCASE = 17;
export const BM_CAPITALIZE = 18;
export const BM_TITLE = 19;
export const BM_HEX = 20;
export const BM_FROMHEX = 21;
export const BM_ISDIGIT = 22;
export const BM_ISALPHA = 23;
export const BM_ISALNUM = 24;
export const BM_ISSPACE = 25;
export const BM_ISUPPER = 26;
export const BM_ISLOWER = 27;
export const BM_ISASCII = 28;
export const BM_ISTITLE = 29;
export const BM_PARTITION = 30;
export const BM_RPARTITION = 31;
export const BM_SPLITLINES = 32;
export const BM_CENTER = 33;
export const BM_LJUST = 34;
export const BM_RJUST = 35;
export const BM_ZFILL = 36;
export const BM_EXPANDTABS = 37;
export const BM_REMOVEPREFIX = 38;
export const BM_REMOVESUFFIX = 39;
export const BM_TRANSLATE = 40;
export const BM_MAKETRANS = 41;
export const BM_APPEND = 42;
export const BM_EXTEND = 43;
export const BM_POP = 44;
export const BM_INSERT = 45;
export const BM_REMOVE = 46;
export const BM_REVERSE = 47;
export const BM_CLEAR = 48;
export const BM_COPY = 49;
export const BM_TO_BYTES = 50;
export const BM_FROM_BYTES = 51;

function reg(t: usize, name: string, m: i32): void { method(t, name, <u32>Fn.BYTES + <u32>m); }

export function initBytesMethods(): void {
  for (let k = 0; k < 2; k++) {
    const t = k == 0 ? BYTES_TYPE : BYTEARRAY_TYPE;
    reg(t, "decode", BM_DECODE);
    reg(t, "find", BM_FIND);
    reg(t, "rfind", BM_RFIND);
    reg(t, "index", BM_INDEX);
    reg(t, "rindex", BM_RINDEX);
    reg(t, "count", BM_COUNT);
    reg(t, "startswith", BM_STARTSWITH);
    reg(t, "endswith", BM_ENDSWITH);
    reg(t, "split", BM_SPLIT);
    reg(t, "rsplit", BM_RSPLIT);
    reg(t, "join", BM_JOIN);
    reg(t, "replace", BM_REPLACE);
    reg(t, "strip", BM_STRIP);
    reg(t, "lstrip", BM_LSTRIP);
    reg(t, "rstrip", BM_RSTRIP);
    reg(t, "upper", BM_UPPER);
    reg(t, "lower", BM_LOWER);
    reg(t, "swapcase", BM_SWAPCASE);
    reg(t, "capitalize", BM_CAPITALIZE);
    reg(t, "title", BM_TITLE);
    reg(t, "hex", BM_HEX);
    reg(t, "fromhex", BM_FROMHEX);
    reg(t, "isdigit", BM_ISDIGIT);
    reg(t, "isalpha", BM_ISALPHA);
    reg(t, "isalnum", BM_ISALNUM);
    reg(t, "isspace", BM_ISSPACE);
    reg(t, "isupper", BM_ISUPPER);
    reg(t, "islower", BM_ISLOWER);
    reg(t, "isascii", BM_ISASCII);
    reg(t, "istitle", BM_ISTITLE);
    reg(t, "partition", BM_PARTITION);
    reg(t, "rpartition", BM_RPARTITION);
    reg(t, "splitlines", BM_SPLITLINES);
    reg(t, "center", BM_CENTER);
    reg(t, "ljust", BM_LJUST);
    reg(t, "rjust", BM_RJUST);
    reg(t, "zfill", BM_ZFILL);
    reg(t, "expandtabs", BM_EXPANDTABS);
    reg(t, "removeprefix", BM_REMOVEPREFIX);
    reg(t, "removesuffix", BM_REMOVESUFFIX);
    reg(t, "translate", BM_TRANSLATE);
    reg(t, "maketrans", BM_MAKETRANS);
  }
  reg(BYTEARRAY_TYPE, "append", BM_APPEND);
  reg(BYTEARRAY_TYPE, "extend", BM_EXTEND);
  reg(BYTEARRAY_TYPE, "pop", BM_POP);
  reg(BYTEARRAY_TYPE, "insert", BM_INSERT);
  reg(BYTEARRAY_TYPE, "remove", BM_REMOVE);
  reg(BYTEARRAY_TYPE, "reverse", BM_REVERSE);
  reg(BYTEARRAY_TYPE, "clear", BM_CLEAR);
  reg(BYTEARRAY_TYPE, "copy", BM_COPY);
  initIntBytesMethods();
}

/** Methods bound to the class when looked up on it (classmethod / staticmethod). */
export function isBytesClassMethod(id: u32): bool {
  return id == <u32>Fn.BYTES + <u32>BM_FROMHEX || id == <u32>Fn.BYTES + <u32>BM_MAKETRANS || id == <u32>Fn.BYTES + <u32>BM_FROM_BYTES;
}

// ---- helpers ---------------------------------------------------------------------------------

/** A one-byte buffer for int arguments (find(105)). */
const ONE: usize = memory.data(8, 8);
let argP: usize = 0;
let argN: u32 = 0;

/** The bytes of a bytes-like argument into argP/argN; false (no error raised) if not one. */
function bufArg(v: Value): bool {
  if (!isBytesLike(v)) return false;
  argP = bData(unboxPtr(v));
  argN = bLen(unboxPtr(v));
  return true;
}

function needBytes(v: Value): Value {
  return raiseWithStr(TypeError, fmtMsg("a bytes-like object is required, not '%s'", typeName(typeOf(v))));
}

// @ts-ignore: decorator
@inline function P(self: Value): usize { return unboxPtr(self); }
// @ts-ignore: decorator
@inline function arrayOf(self: Value): bool { return isByteArray(self); }

/** start/end arguments (None or int, clamped as slice indices do) into rStart/rEnd. */
let rStart: i64 = 0;
let rEnd: i64 = 0;
function rangeArgs(argv: usize, argc: u32, first: u32, n: u32): bool {
  rStart = 0;
  rEnd = <i64>n;
  for (let k: u32 = 0; k < 2; k++) {
    if (first + k >= argc) break;
    const v = argAt(argv, first + k);
    if (isNone(v)) continue;
    let x: i64;
    const iv = isInt(v) ? v : userIndex(v);
    if (iv == ERR) return false;
    if (iv == UNBOUND) {
      raise(TypeError, "slice indices must be integers or None or have an __index__ method");
      return false;
    }
    if (isSmallOrBool(iv)) x = unboxSmall(iv);
    else x = bigSign(iv) < 0 ? -0x7FFF_FFFF_FFFF : 0x7FFF_FFFF_FFFF;
    if (iv != v) decref(iv);
    if (x < 0) {
      x += <i64>n;
      if (x < 0) x = 0;
    } else if (k == 1 && x > <i64>n) x = <i64>n;
    if (k == 0) rStart = x; else rEnd = x;
  }
  return true;
}

// @ts-ignore: decorator
@inline function isSpace(c: u32): bool { return c == 0x20 || (c >= 0x09 && c <= 0x0D); }
// @ts-ignore: decorator
@inline function isUpperC(c: u32): bool { return c >= 0x41 && c <= 0x5A; }
// @ts-ignore: decorator
@inline function isLowerC(c: u32): bool { return c >= 0x61 && c <= 0x7A; }
// @ts-ignore: decorator
@inline function isDigitC(c: u32): bool { return c >= 0x30 && c <= 0x39; }

// ---- dispatch --------------------------------------------------------------------------------

export function bytesCall(m: i32, self: Value, argv: usize, argc: u32, kw: Value): Value {
  switch (m) {
    case BM_DECODE: return bDecode(self, argv, argc, kw);
    case BM_FIND: return bFind(self, argv, argc, kw, false, false, "find");
    case BM_RFIND: return bFind(self, argv, argc, kw, true, false, "rfind");
    case BM_INDEX: return bFind(self, argv, argc, kw, false, true, "index");
    case BM_RINDEX: return bFind(self, argv, argc, kw, true, true, "rindex");
    case BM_COUNT: return bCount(self, argv, argc, kw);
    case BM_STARTSWITH: return bStartsEnds(self, argv, argc, kw, false);
    case BM_ENDSWITH: return bStartsEnds(self, argv, argc, kw, true);
    case BM_SPLIT: return bSplit(self, argv, argc, kw, false);
    case BM_RSPLIT: return bSplit(self, argv, argc, kw, true);
    case BM_JOIN: return bJoin(self, argv, argc, kw);
    case BM_REPLACE: return bReplace(self, argv, argc, kw);
    case BM_STRIP: return bStrip(self, argv, argc, kw, 3, "strip");
    case BM_LSTRIP: return bStrip(self, argv, argc, kw, 1, "lstrip");
    case BM_RSTRIP: return bStrip(self, argv, argc, kw, 2, "rstrip");
    case BM_UPPER: return bCase(self, argc, kw, 0, isByteArray(self) ? "bytearray.upper" : "bytes.upper");
    case BM_LOWER: return bCase(self, argc, kw, 1, isByteArray(self) ? "bytearray.lower" : "bytes.lower");
    case BM_SWAPCASE: return bCase(self, argc, kw, 2, isByteArray(self) ? "bytearray.swapcase" : "bytes.swapcase");
    case BM_CAPITALIZE: return bCase(self, argc, kw, 3, isByteArray(self) ? "bytearray.capitalize" : "bytes.capitalize");
    case BM_TITLE: return bCase(self, argc, kw, 4, isByteArray(self) ? "bytearray.title" : "bytes.title");
    case BM_HEX: return bHex(self, argv, argc, kw);
    case BM_FROMHEX: return bFromhex(self, argv, argc, kw);
    case BM_ISDIGIT: return bPred(self, argc, kw, 0, isByteArray(self) ? "bytearray.isdigit" : "bytes.isdigit");
    case BM_ISALPHA: return bPred(self, argc, kw, 1, isByteArray(self) ? "bytearray.isalpha" : "bytes.isalpha");
    case BM_ISALNUM: return bPred(self, argc, kw, 2, isByteArray(self) ? "bytearray.isalnum" : "bytes.isalnum");
    case BM_ISSPACE: return bPred(self, argc, kw, 3, isByteArray(self) ? "bytearray.isspace" : "bytes.isspace");
    case BM_ISUPPER: return bPred(self, argc, kw, 4, isByteArray(self) ? "bytearray.isupper" : "bytes.isupper");
    case BM_ISLOWER: return bPred(self, argc, kw, 5, isByteArray(self) ? "bytearray.islower" : "bytes.islower");
    case BM_ISASCII: return bPred(self, argc, kw, 6, isByteArray(self) ? "bytearray.isascii" : "bytes.isascii");
    case BM_ISTITLE: return bPred(self, argc, kw, 7, isByteArray(self) ? "bytearray.istitle" : "bytes.istitle");
    case BM_PARTITION: return bPartition(self, argv, argc, kw, false);
    case BM_RPARTITION: return bPartition(self, argv, argc, kw, true);
    case BM_SPLITLINES: return bSplitlines(self, argv, argc, kw);
    case BM_CENTER: return bPad(self, argv, argc, kw, 0, "center");
    case BM_LJUST: return bPad(self, argv, argc, kw, 1, "ljust");
    case BM_RJUST: return bPad(self, argv, argc, kw, 2, "rjust");
    case BM_ZFILL: return bZfill(self, argv, argc, kw);
    case BM_EXPANDTABS: return bExpandtabs(self, argv, argc, kw);
    case BM_REMOVEPREFIX: return bRemoveAffix(self, argv, argc, kw, false);
    case BM_REMOVESUFFIX: return bRemoveAffix(self, argv, argc, kw, true);
    case BM_TRANSLATE: return bTranslate(self, argv, argc, kw);
    case BM_MAKETRANS: return bMaketrans(argv, argc, kw);
    case BM_APPEND: return baAppend(self, argv, argc, kw);
    case BM_EXTEND: return baExtend(self, argv, argc, kw);
    case BM_POP: return baPop(self, argv, argc, kw);
    case BM_INSERT: return baInsert(self, argv, argc, kw);
    case BM_REMOVE: return baRemove(self, argv, argc, kw);
    case BM_REVERSE: return baReverse(self, argc, kw);
    case BM_CLEAR: return baClear(self, argc, kw);
    case BM_COPY: return baCopy(self, argc, kw);
    case BM_TO_BYTES: return intToBytes(self, argv, argc, kw);
    case BM_FROM_BYTES: return intFromBytes(self, argv, argc, kw);
  }
  return <Value>unreachable();
}

// ---- methods -----------------------------------------------------------------------------------

function bDecode(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!bindArgs("decode", argv, argc, kw, "encoding,errors", 0, 0, 2)) return ERR;
  const e = boundArg(0), r = boundArg(1);
  if (e != UNBOUND && !isObjectOf(e, STR_TYPE)) {
    return raiseWithStr(TypeError, fmtMsg("decode() argument 'encoding' must be str, not %s", typeName(typeOf(e))));
  }
  if (r != UNBOUND && !isObjectOf(r, STR_TYPE)) {
    return raiseWithStr(TypeError, fmtMsg("decode() argument 'errors' must be str, not %s", typeName(typeOf(r))));
  }
  const enc = e == UNBOUND ? ENC_UTF8 : encodingOf(unboxPtr(e));
  if (enc < 0) return ERR;
  const en = r == UNBOUND ? 0 : unboxPtr(r);
  const p = P(self);
  return decodeBytes(self, bData(p), bLen(p), enc, errorsOf(en), en);
}

/** The sub argument of find/count/index: bytes-like or an int byte. */
function subArg(v: Value): bool {
  if (bufArg(v)) return true;
  if (isInt(v)) {
    const c = byteValue(v);
    if (c < 0) return false;
    store<u8>(ONE, <u8>c);
    argP = ONE;
    argN = 1;
    return true;
  }
  raiseWithStr(TypeError, fmtMsg("argument should be integer or bytes-like object, not '%s'", typeName(typeOf(v))));
  return false;
}

function bFind(self: Value, argv: usize, argc: u32, kw: Value, rev: bool, raising: bool, name: string): Value {
  if (!checkPositional(name, argc, kw, 1, 3)) return ERR;
  if (!subArg(argAt(argv, 0))) return ERR;
  const p = P(self);
  const n = bLen(p);
  if (!rangeArgs(argv, argc, 1, n)) return ERR;
  let r: i64 = -1;
  if (rStart <= rEnd) {
    r = rev ? memRfind(bData(p), <u32>rStart, <u32>rEnd, argP, argN) : memFind(bData(p), <u32>rStart, <u32>rEnd, argP, argN);
  }
  if (r < 0 && raising) return raise(ValueError, "subsection not found");
  return boxSmall(r);
}

function bCount(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("count", argc, kw, 1, 3)) return ERR;
  if (!subArg(argAt(argv, 0))) return ERR;
  const p = P(self);
  const n = bLen(p);
  if (!rangeArgs(argv, argc, 1, n)) return ERR;
  if (rStart > rEnd) return boxSmall(0);
  if (argN == 0) return boxSmall(rEnd - rStart + 1);
  let count: i64 = 0;
  let i = <u32>rStart;
  for (;;) {
    const f = memFind(bData(p), i, <u32>rEnd, argP, argN);
    if (f < 0) break;
    count++;
    i = <u32>f + argN;
  }
  return boxSmall(count);
}

function bStartsEnds(self: Value, argv: usize, argc: u32, kw: Value, ends: bool): Value {
  if (!checkPositional(ends ? "endswith" : "startswith", argc, kw, 1, 3)) return ERR;
  const p = P(self);
  const n = bLen(p);
  if (!rangeArgs(argv, argc, 1, n)) return ERR;
  const a = argAt(argv, 0);
  if (isObjectOf(a, TUPLE_TYPE)) {
    const t = unboxPtr(a);
    for (let i: u32 = 0; i < tupleLength(t); i++) {
      const x = tupleItem(t, i);
      if (!bufArg(x)) {
        return raiseWithStr(TypeError, fmtMsg(ends ? "a bytes-like object is required, not '%s'" : "a bytes-like object is required, not '%s'", typeName(typeOf(x))));
      }
      if (affixAt(p, ends)) return TRUE;
    }
    return FALSE;
  }
  if (!bufArg(a)) {
    return raiseWithStr(TypeError, fmtMsg(ends ? "endswith first arg must be bytes or a tuple of bytes, not %s" : "startswith first arg must be bytes or a tuple of bytes, not %s", typeName(typeOf(a))));
  }
  return boxBool(affixAt(p, ends));
}

function affixAt(p: usize, ends: bool): bool {
  if (rEnd - rStart < <i64>argN) return false;
  if (rStart > rEnd) return false;
  const at = ends ? rEnd - <i64>argN : rStart;
  return memory.compare(bData(p) + <usize>at, argP, argN) == 0;
}

function appendPiece(list: usize, array: bool, q: usize, n: u32): bool {
  const v = newBytesOf(array, q, n);
  if (v == ERR) return false;
  return listAppendSteal(list, v);
}

function bSplit(self: Value, argv: usize, argc: u32, kw: Value, rev: bool): Value {
  if (!bindArgs(rev ? "rsplit" : "split", argv, argc, kw, "sep,maxsplit", 0, 0, 2)) return ERR;
  const sepV = boundArg(0), maxV = boundArg(1);
  let maxsplit: i64 = -1;
  if (maxV != UNBOUND) {
    const m = numberIndex(maxV);
    if (m == ERR) return ERR;
    maxsplit = isSmallOrBool(m) ? unboxSmall(m) : (bigSign(m) < 0 ? -1 : 0x7FFF_FFFF_FFFF);
    decref(m);
  }
  if (maxsplit < 0) maxsplit = 0x7FFF_FFFF_FFFF;
  const p = P(self);
  const d = bData(p);
  const n = bLen(p);
  const array = arrayOf(self);
  const list = listNew(0);
  if (list == 0) return ERR;
  const out = boxPtr(list);
  if (sepV == UNBOUND || isNone(sepV)) {
    if (!rev) {
      let i: u32 = 0;
      let splits: i64 = 0;
      for (;;) {
        while (i < n && isSpace(load<u8>(d + i))) i++;
        if (i >= n) break;
        if (splits >= maxsplit) {
          if (!appendPiece(list, array, d + i, n - i)) { decref(out); return ERR; }
          break;
        }
        let j = i;
        while (j < n && !isSpace(load<u8>(d + j))) j++;
        if (!appendPiece(list, array, d + i, j - i)) { decref(out); return ERR; }
        splits++;
        i = j;
      }
      return out;
    }
    // rsplit(None): collect from the right, then reverse.
    let e = <i64>n;
    let splits: i64 = 0;
    for (;;) {
      while (e > 0 && isSpace(load<u8>(d + <usize>(e - 1)))) e--;
      if (e <= 0) break;
      if (splits >= maxsplit) {
        if (!appendPiece(list, array, d, <u32>e)) { decref(out); return ERR; }
        break;
      }
      let s = e;
      while (s > 0 && !isSpace(load<u8>(d + <usize>(s - 1)))) s--;
      if (!appendPiece(list, array, d + <usize>s, <u32>(e - s))) { decref(out); return ERR; }
      splits++;
      e = s;
    }
    reverseList(out);
    return out;
  }
  if (!bufArg(sepV)) {
    decref(out);
    return needBytes(sepV);
  }
  if (argN == 0) {
    decref(out);
    return raise(ValueError, "empty separator");
  }
  const sp = argP, sn = argN;
  // Copy the separator if it could be self (a bytearray split by itself is still fine: read-only).
  if (!rev) {
    let i: u32 = 0;
    let splits: i64 = 0;
    for (;;) {
      const f = splits < maxsplit ? memFind(d, i, n, sp, sn) : -1;
      if (f < 0) {
        if (!appendPiece(list, array, d + i, n - i)) { decref(out); return ERR; }
        break;
      }
      if (!appendPiece(list, array, d + i, <u32>f - i)) { decref(out); return ERR; }
      splits++;
      i = <u32>f + sn;
    }
    return out;
  }
  let e: u32 = n;
  let splits: i64 = 0;
  for (;;) {
    const f = splits < maxsplit ? memRfind(d, 0, e, sp, sn) : -1;
    if (f < 0) {
      if (!appendPiece(list, array, d, e)) { decref(out); return ERR; }
      break;
    }
    if (!appendPiece(list, array, d + <usize>f + sn, e - <u32>f - sn)) { decref(out); return ERR; }
    splits++;
    e = <u32>f;
  }
  reverseList(out);
  return out;
}

import { rt_list_reverse } from "./list";
function reverseList(l: Value): void { decref(rt_list_reverse(l)); }

function bJoin(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("join", argc, kw)) return ERR;
  const it = rt_get_iter(argAt(argv, 0));
  if (it == ERR) return ERR;
  const array = arrayOf(self);
  const ba = bytearrayAlloc(16);
  if (ba == 0) { decref(it); return ERR; }
  const p = P(self);
  for (let i: i64 = 0; ; i++) {
    const x = rt_iter_next(it);
    if (x == EXHAUSTED) break;
    if (x == ERR) { decref(it); decref(boxPtr(ba)); return ERR; }
    if (!isBytesLike(x)) {
      const msg = fmtMsg("sequence item %d: expected a bytes-like object, %s found", i, typeName(typeOf(x)));
      decref(x);
      decref(it);
      decref(boxPtr(ba));
      return raiseWithStr(TypeError, msg);
    }
    let ok = true;
    if (i > 0) ok = bytearrayPush(ba, bData(p), bLen(p));
    const q = unboxPtr(x);
    ok = ok && bytearrayPush(ba, bData(q), bLen(q));
    decref(x);
    if (!ok) { decref(it); decref(boxPtr(ba)); return ERR; }
  }
  decref(it);
  return finishBuffer(ba, array);
}

function bReplace(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("replace", argc, kw, 2, 3)) return ERR;
  const o = argAt(argv, 0), nw = argAt(argv, 1);
  if (!bufArg(o)) return needBytes(o);
  const op = argP, on = argN;
  if (!bufArg(nw)) return needBytes(nw);
  const np = argP, nn = argN;
  let count: i64 = -1;
  if (argc > 2) {
    const c = numberIndex(argAt(argv, 2));
    if (c == ERR) return ERR;
    count = isSmallOrBool(c) ? unboxSmall(c) : (bigSign(c) < 0 ? -1 : 0x7FFF_FFFF_FFFF);
    decref(c);
  }
  if (count < 0) count = 0x7FFF_FFFF_FFFF;
  const p = P(self);
  const d = bData(p), n = bLen(p);
  const ba = bytearrayAlloc(n);
  if (ba == 0) return ERR;
  let i: u32 = 0;
  let done: i64 = 0;
  let ok = true;
  if (on == 0) {
    // Insert `new` before every byte and at the end.
    while (ok && done < count && i <= n) {
      ok = bytearrayPush(ba, np, nn);
      done++;
      if (i < n) ok = ok && bytearrayPushByte(ba, load<u8>(d + i));
      i++;
    }
    if (ok && i < n) ok = bytearrayPush(ba, d + i, n - i);
  } else {
    while (ok) {
      const f = done < count ? memFind(d, i, n, op, on) : -1;
      if (f < 0) {
        ok = bytearrayPush(ba, d + i, n - i);
        break;
      }
      ok = bytearrayPush(ba, d + i, <u32>f - i) && bytearrayPush(ba, np, nn);
      i = <u32>f + on;
      done++;
    }
  }
  if (!ok) { decref(boxPtr(ba)); return ERR; }
  return finishBuffer(ba, arrayOf(self));
}

function bStrip(self: Value, argv: usize, argc: u32, kw: Value, which: i32, name: string): Value {
  if (!checkPositional(name, argc, kw, 0, 1)) return ERR;
  let useSet = false;
  let sp: usize = 0, sn: u32 = 0;
  if (argc == 1 && !isNone(argAt(argv, 0))) {
    if (!bufArg(argAt(argv, 0))) return needBytes(argAt(argv, 0));
    useSet = true;
    sp = argP;
    sn = argN;
  }
  const p = P(self);
  const d = bData(p), n = bLen(p);
  let s: u32 = 0, e: u32 = n;
  if (which & 1) while (s < e && stripped(load<u8>(d + s), useSet, sp, sn)) s++;
  if (which & 2) while (e > s && stripped(load<u8>(d + e - 1), useSet, sp, sn)) e--;
  return newBytesOf(arrayOf(self), d + s, e - s);
}

function stripped(c: u32, useSet: bool, sp: usize, sn: u32): bool {
  if (!useSet) return isSpace(c);
  for (let i: u32 = 0; i < sn; i++) if (<u32>load<u8>(sp + i) == c) return true;
  return false;
}

function bCase(self: Value, argc: u32, kw: Value, mode: i32, name: string): Value {
  if (!checkNoArgs(name, argc, kw)) return ERR;
  const p = P(self);
  const n = bLen(p);
  const r = newBytesOf(arrayOf(self), bData(p), n);
  if (r == ERR) return ERR;
  const d = bData(unboxPtr(r));
  let prevCased = false;
  for (let i: u32 = 0; i < n; i++) {
    let c = <u32>load<u8>(d + i);
    const up = isUpperC(c), lo = isLowerC(c);
    if (mode == 0) { if (lo) c -= 32; }
    else if (mode == 1) { if (up) c += 32; }
    else if (mode == 2) { if (lo) c -= 32; else if (up) c += 32; }
    else if (mode == 3) {
      if (i == 0) { if (lo) c -= 32; } else if (up) c += 32;
    } else {
      if (prevCased) { if (up) c += 32; } else if (lo) c -= 32;
      prevCased = up || lo;
    }
    store<u8>(d + i, <u8>c);
  }
  return r;
}

function bPred(self: Value, argc: u32, kw: Value, pred: i32, name: string): Value {
  if (!checkNoArgs(name, argc, kw)) return ERR;
  const p = P(self);
  const d = bData(p), n = bLen(p);
  if (pred == 6) {
    for (let i: u32 = 0; i < n; i++) if (load<u8>(d + i) >= 0x80) return FALSE;
    return TRUE;
  }
  if (pred == 4 || pred == 5) {
    let cased = false;
    for (let i: u32 = 0; i < n; i++) {
      const c = <u32>load<u8>(d + i);
      if (pred == 4 ? isLowerC(c) : isUpperC(c)) return FALSE;
      if (isUpperC(c) || isLowerC(c)) cased = true;
    }
    return boxBool(cased);
  }
  if (pred == 7) {
    let cased = false, prevCased = false;
    for (let i: u32 = 0; i < n; i++) {
      const c = <u32>load<u8>(d + i);
      if (isUpperC(c)) {
        if (prevCased) return FALSE;
        prevCased = true;
        cased = true;
      } else if (isLowerC(c)) {
        if (!prevCased) return FALSE;
        prevCased = true;
        cased = true;
      } else prevCased = false;
    }
    return boxBool(cased);
  }
  if (n == 0) return FALSE;
  for (let i: u32 = 0; i < n; i++) {
    const c = <u32>load<u8>(d + i);
    const alpha = isUpperC(c) || isLowerC(c);
    let ok: bool;
    if (pred == 0) ok = isDigitC(c);
    else if (pred == 1) ok = alpha;
    else if (pred == 2) ok = alpha || isDigitC(c);
    else ok = isSpace(c);
    if (!ok) return FALSE;
  }
  return TRUE;
}

function bHex(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!bindArgs("hex", argv, argc, kw, "sep,bytes_per_sep", 0, 0, 2)) return ERR;
  const sepV = boundArg(0), perV = boundArg(1);
  let sep: i32 = -1;
  if (sepV != UNBOUND) {
    if (isObjectOf(sepV, STR_TYPE)) {
      const s = unboxPtr(sepV);
      if (strByteLength(s) != 1) {
        if (strByteLength(s) > 0 && load<u8>(strData(s)) >= 0x80) return raise(ValueError, "sep must be ASCII.");
        return raise(ValueError, "sep must be length 1.");
      }
      sep = load<u8>(strData(s));
      if (sep >= 0x80) return raise(ValueError, "sep must be ASCII.");
    } else if (bufArg(sepV)) {
      if (argN != 1) return raise(ValueError, "sep must be length 1.");
      sep = load<u8>(argP);
      if (sep >= 0x80) return raise(ValueError, "sep must be ASCII.");
    } else {
      return raiseWithStr(TypeError, fmtMsg("sep must be str or bytes."));
    }
  }
  let per: i64 = 1;
  if (perV != UNBOUND) {
    const pv = numberIndex(perV);
    if (pv == ERR) return ERR;
    per = isSmallOrBool(pv) ? unboxSmall(pv) : 0x7FFF_FFFF;
    decref(pv);
  }
  const p = P(self);
  const d = bData(p), n = bLen(p);
  const b = builderNew(n * 3 + 1);
  if (b == 0) return ERR;
  const group: i64 = per < 0 ? -per : per;
  for (let i: u32 = 0; i < n; i++) {
    if (sep >= 0 && i > 0 && group > 0) {
      // Groups count from the right for positive bytes_per_sep, from the left for negative.
      const boundary = per > 0 ? (<i64>(n - i)) % group == 0 : (<i64>i) % group == 0;
      if (boundary) builderByte(b, <u32>sep);
    }
    const c = <u32>load<u8>(d + i);
    builderByte(b, hexDigit(c >> 4));
    builderByte(b, hexDigit(c & 15));
  }
  const s = builderFinish(b);
  return s == 0 ? ERR : boxPtr(s);
}

function hexVal(c: u32): i32 {
  if (c >= 0x30 && c <= 0x39) return <i32>(c - 0x30);
  if (c >= 0x61 && c <= 0x66) return <i32>(c - 0x57);
  if (c >= 0x41 && c <= 0x46) return <i32>(c - 0x37);
  return -1;
}

function bFromhex(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("fromhex", argc, kw)) return ERR;
  const a = argAt(argv, 0);
  if (!isObjectOf(a, STR_TYPE)) return raiseWithStr(TypeError, fmtMsg("fromhex() argument must be str, not %s", typeName(typeOf(a))));
  const array = isObjectOf(self, TYPE_TYPE) ? unboxPtr(self) == BYTEARRAY_TYPE : isByteArray(self);
  const s = unboxPtr(a);
  const q = strData(s), n = strByteLength(s);
  const ba = bytearrayAlloc(n >> 1);
  if (ba == 0) return ERR;
  let i: u32 = 0;
  let pos: i64 = 0; // code-point position for the message
  while (i < n) {
    const c = <u32>load<u8>(q + i);
    if (c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0B || c == 0x0C || c == 0x0D) {
      i++;
      pos++;
      continue;
    }
    const hi = hexVal(c);
    if (hi < 0) {
      decref(boxPtr(ba));
      return raiseWithStr(ValueError, fmtMsg("non-hexadecimal number found in fromhex() arg at position %d", pos));
    }
    const lo = i + 1 < n ? hexVal(<u32>load<u8>(q + i + 1)) : -1;
    if (lo < 0) {
      decref(boxPtr(ba));
      return raiseWithStr(ValueError, fmtMsg("non-hexadecimal number found in fromhex() arg at position %d", pos + 1));
    }
    bytearrayPushByte(ba, <u32>((hi << 4) | lo));
    i += 2;
    pos += 2;
  }
  return finishBuffer(ba, array);
}

function bPartition(self: Value, argv: usize, argc: u32, kw: Value, rev: bool): Value {
  if (!checkOne(rev ? "rpartition" : "partition", argc, kw)) return ERR;
  const a = argAt(argv, 0);
  if (!bufArg(a)) return needBytes(a);
  if (argN == 0) return raise(ValueError, "empty separator");
  const p = P(self);
  const d = bData(p), n = bLen(p);
  const array = arrayOf(self);
  const f = rev ? memRfind(d, 0, n, argP, argN) : memFind(d, 0, n, argP, argN);
  const t = tupleNew(3);
  if (t == 0) return ERR;
  let x: Value, y: Value, z: Value;
  if (f < 0) {
    const all = newBytesOf(array, d, n);
    const e1 = newBytesOf(array, d, 0);
    const e2 = newBytesOf(array, d, 0);
    if (rev) { x = e1; y = e2; z = all; } else { x = all; y = e1; z = e2; }
  } else {
    x = newBytesOf(array, d, <u32>f);
    y = newBytesOf(array, argP, argN);
    z = newBytesOf(array, d + <usize>f + argN, n - <u32>f - argN);
  }
  tupleSetItem(t, 0, x == ERR ? NONE : x);
  tupleSetItem(t, 1, y == ERR ? NONE : y);
  tupleSetItem(t, 2, z == ERR ? NONE : z);
  if (x == ERR || y == ERR || z == ERR) { decref(boxPtr(t)); return ERR; }
  return boxPtr(t);
}

function bSplitlines(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!bindArgs("splitlines", argv, argc, kw, "keepends", 0, 0, 1)) return ERR;
  const kv = boundArg(0);
  const keep = kv != UNBOUND && kv != FALSE && !(isSmallOrBool(kv) && unboxSmall(kv) == 0);
  const p = P(self);
  const d = bData(p), n = bLen(p);
  const array = arrayOf(self);
  const list = listNew(0);
  if (list == 0) return ERR;
  let i: u32 = 0;
  while (i < n) {
    let j = i;
    while (j < n && load<u8>(d + j) != 0x0A && load<u8>(d + j) != 0x0D) j++;
    let eol = j;
    if (j < n) {
      if (load<u8>(d + j) == 0x0D && j + 1 < n && load<u8>(d + j + 1) == 0x0A) j += 2;
      else j++;
    }
    if (!appendPiece(list, array, d + i, (keep ? j : eol) - i)) { decref(boxPtr(list)); return ERR; }
    i = j;
  }
  return boxPtr(list);
}

function widthArg(v: Value): i64 {
  if (isSmallOrBool(v)) return unboxSmall(v);
  if (isInt(v)) return bigSign(v) < 0 ? 0 : 0x7FFF_FFFF;
  const i = userIndex(v);
  if (i == ERR) return -0x7FFF_FFFF_FFFF;
  if (i != UNBOUND) {
    const r = widthArg(i);
    decref(i);
    return r;
  }
  raiseWithStr(TypeError, fmtMsg("'%s' object cannot be interpreted as an integer", typeName(typeOf(v))));
  return -0x7FFF_FFFF_FFFF;
}

function bPad(self: Value, argv: usize, argc: u32, kw: Value, mode: i32, name: string): Value {
  if (!checkPositional(name, argc, kw, 1, 2)) return ERR;
  const w = widthArg(argAt(argv, 0));
  if (w == -0x7FFF_FFFF_FFFF) return ERR;
  let fill: u32 = 0x20;
  if (argc > 1) {
    const f = argAt(argv, 1);
    if (!bufArg(f) || argN != 1) {
      return raiseWithStr(TypeError, fmtMsg(mode == 0 ? "center() argument 2 must be a byte string of length 1, not %s" : mode == 1 ? "ljust() argument 2 must be a byte string of length 1, not %s" : "rjust() argument 2 must be a byte string of length 1, not %s", typeName(typeOf(f))));
    }
    fill = load<u8>(argP);
  }
  const p = P(self);
  const d = bData(p), n = bLen(p);
  const array = arrayOf(self);
  if (w <= <i64>n) return newBytesOf(array, d, n);
  const total = <u32>w;
  const marg = total - n;
  let left: u32;
  if (mode == 0) left = marg / 2 + (marg & total & 1);
  else if (mode == 1) left = 0;
  else left = marg;
  const ba = bytearrayAlloc(total);
  if (ba == 0) return ERR;
  for (let k: u32 = 0; k < left; k++) bytearrayPushByte(ba, fill);
  bytearrayPush(ba, d, n);
  for (let k: u32 = left + n; k < total; k++) bytearrayPushByte(ba, fill);
  return finishBuffer(ba, array);
}

function bZfill(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("zfill", argc, kw)) return ERR;
  const w = widthArg(argAt(argv, 0));
  if (w == -0x7FFF_FFFF_FFFF) return ERR;
  const p = P(self);
  const d = bData(p), n = bLen(p);
  const array = arrayOf(self);
  if (w <= <i64>n) return newBytesOf(array, d, n);
  const total = <u32>w;
  const ba = bytearrayAlloc(total);
  if (ba == 0) return ERR;
  let start: u32 = 0;
  if (n > 0 && (load<u8>(d) == 0x2B || load<u8>(d) == 0x2D)) {
    bytearrayPushByte(ba, load<u8>(d));
    start = 1;
  }
  for (let k: u32 = n; k < total; k++) bytearrayPushByte(ba, 0x30);
  bytearrayPush(ba, d + start, n - start);
  return finishBuffer(ba, array);
}

function bExpandtabs(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!bindArgs("expandtabs", argv, argc, kw, "tabsize", 0, 0, 1)) return ERR;
  let ts: i64 = 8;
  const tv = boundArg(0);
  if (tv != UNBOUND) {
    ts = widthArg(tv);
    if (ts == -0x7FFF_FFFF_FFFF) return ERR;
  }
  const p = P(self);
  const d = bData(p), n = bLen(p);
  const ba = bytearrayAlloc(n);
  if (ba == 0) return ERR;
  let col: i64 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const c = <u32>load<u8>(d + i);
    if (c == 0x09) {
      if (ts > 0) {
        const spaces = ts - col % ts;
        for (let k: i64 = 0; k < spaces; k++) bytearrayPushByte(ba, 0x20);
        col += spaces;
      }
    } else {
      bytearrayPushByte(ba, c);
      col++;
      if (c == 0x0A || c == 0x0D) col = 0;
    }
  }
  return finishBuffer(ba, arrayOf(self));
}

function bRemoveAffix(self: Value, argv: usize, argc: u32, kw: Value, suffix: bool): Value {
  if (!checkOne(suffix ? "removesuffix" : "removeprefix", argc, kw)) return ERR;
  const a = argAt(argv, 0);
  if (!bufArg(a)) return needBytes(a);
  const p = P(self);
  const d = bData(p), n = bLen(p);
  const array = arrayOf(self);
  if (argN == 0 || argN > n) return newBytesOf(array, d, n);
  if (suffix) {
    if (memory.compare(d + n - argN, argP, argN) != 0) return newBytesOf(array, d, n);
    return newBytesOf(array, d, n - argN);
  }
  if (memory.compare(d, argP, argN) != 0) return newBytesOf(array, d, n);
  return newBytesOf(array, d + argN, n - argN);
}

function bTranslate(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!bindArgs("translate", argv, argc, kw, "table,delete", 1, 1, 2)) return ERR;
  const tv = boundArg(0), dv = boundArg(1);
  let tp: usize = 0;
  if (!isNone(tv)) {
    if (!bufArg(tv)) return needBytes(tv);
    if (argN != 256) return raise(ValueError, "translation table must be 256 characters long");
    tp = argP;
  }
  let delP: usize = 0, delN: u32 = 0;
  if (dv != UNBOUND) {
    if (!bufArg(dv)) return needBytes(dv);
    delP = argP;
    delN = argN;
  }
  const p = P(self);
  const d = bData(p), n = bLen(p);
  const ba = bytearrayAlloc(n);
  if (ba == 0) return ERR;
  for (let i: u32 = 0; i < n; i++) {
    const c = <u32>load<u8>(d + i);
    let del = false;
    for (let k: u32 = 0; k < delN; k++) if (<u32>load<u8>(delP + k) == c) { del = true; break; }
    if (del) continue;
    bytearrayPushByte(ba, tp != 0 ? <u32>load<u8>(tp + c) : c);
  }
  return finishBuffer(ba, arrayOf(self));
}

function bMaketrans(argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("maketrans", argc, kw, 2, 2)) return ERR;
  const a = argAt(argv, 0), b = argAt(argv, 1);
  if (!bufArg(a)) return needBytes(a);
  const ap = argP, an = argN;
  if (!bufArg(b)) return needBytes(b);
  if (an != argN) return raise(ValueError, "maketrans arguments must have same length");
  const ba = bytearrayAlloc(256);
  if (ba == 0) return ERR;
  for (let c: u32 = 0; c < 256; c++) bytearrayPushByte(ba, c);
  const t = bData(ba);
  for (let i: u32 = 0; i < an; i++) store<u8>(t + <usize>load<u8>(ap + i), load<u8>(argP + i));
  return finishBuffer(ba, false);
}

// ---- bytearray mutators ----------------------------------------------------------------------

function baAppend(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("append", argc, kw)) return ERR;
  const c = byteValue(argAt(argv, 0));
  if (c < 0 || !bytearrayCanResize(P(self))) return ERR;
  return bytearrayPushByte(P(self), <u32>c) ? NONE : ERR;
}

function baExtend(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("extend", argc, kw)) return ERR;
  const a = argAt(argv, 0);
  let src: Value;
  if (isBytesLike(a)) {
    const q = unboxPtr(a);
    src = newBytesOf(false, bData(q), bLen(q));
  } else {
    src = bytesFromIterable(a, false);
    if (src == ERR && exceptionMatchesPending(TypeError) && !isIterableValue(a)) {
      rt_err_clear();
      return raiseWithStr(TypeError, fmtMsg("can't extend bytearray with %s", typeName(typeOf(a))));
    }
  }
  if (src == ERR) return ERR;
  const q = unboxPtr(src);
  const ok = (bLen(q) == 0 || bytearrayCanResize(P(self))) && bytearrayPush(P(self), bData(q), bLen(q));
  decref(src);
  return ok ? NONE : ERR;
}

import { exceptionMatchesPending, rt_err_clear } from "./exceptions";
import { isIterable } from "./iter";
import { Kind, typeKind } from "./object";
function isIterableValue(v: Value): bool {
  if (!isPtr(v)) return false;
  if (isIterable(v)) return true;
  const k = typeKind(typeOf(v));
  return k == Kind.LIST || k == Kind.TUPLE || k == Kind.DICT || k == Kind.SET || k == Kind.RANGE || k == Kind.ITER
    || k == Kind.STR || k == Kind.DICTVIEW || k == Kind.ENUMERATE || k == Kind.ZIP || k == Kind.MAP || k == Kind.FILTER
    || k == Kind.BYTES || k == Kind.BYTEARRAY || k == Kind.GENERATOR;
}

function indexArg(v: Value): i64 {
  if (isSmallOrBool(v)) return unboxSmall(v);
  if (isInt(v)) {
    raise(IndexError, "cannot fit 'int' into an index-sized integer");
    return -0x7FFF_FFFF_FFFF;
  }
  const i = userIndex(v);
  if (i == ERR) return -0x7FFF_FFFF_FFFF;
  if (i != UNBOUND) {
    const r = indexArg(i);
    decref(i);
    return r;
  }
  raiseWithStr(TypeError, fmtMsg("'%s' object cannot be interpreted as an integer", typeName(typeOf(v))));
  return -0x7FFF_FFFF_FFFF;
}

function baPop(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("pop", argc, kw, 0, 1)) return ERR;
  const p = P(self);
  const n = bLen(p);
  let i: i64 = -1;
  if (argc == 1) {
    i = indexArg(argAt(argv, 0));
    if (i == -0x7FFF_FFFF_FFFF) return ERR;
  }
  if (n == 0) return raise(IndexError, "pop from empty bytearray");
  if (i < 0) i += <i64>n;
  if (i < 0 || i >= <i64>n) return raise(IndexError, "pop index out of range");
  if (!bytearrayCanResize(p)) return ERR;
  const d = bData(p);
  const c = <i64>load<u8>(d + <usize>i);
  memory.copy(d + <usize>i, d + <usize>i + 1, <usize>(<i64>n - i - 1));
  bytearraySetLen(p, n - 1);
  return boxSmall(c);
}

function baInsert(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("insert", argc, kw, 2, 2)) return ERR;
  let i = indexArg(argAt(argv, 0));
  if (i == -0x7FFF_FFFF_FFFF) return ERR;
  const c = byteValue(argAt(argv, 1));
  if (c < 0) return ERR;
  const p = P(self);
  const n = bLen(p);
  if (i < 0) {
    i += <i64>n;
    if (i < 0) i = 0;
  }
  if (i > <i64>n) i = <i64>n;
  if (!bytearrayCanResize(p) || !bytearrayReserve(p, n + 1)) return ERR;
  const d = bData(p);
  memory.copy(d + <usize>i + 1, d + <usize>i, <usize>(<i64>n - i));
  store<u8>(d + <usize>i, <u8>c);
  bytearraySetLen(p, n + 1);
  return NONE;
}

function baRemove(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("remove", argc, kw)) return ERR;
  const c = byteValue(argAt(argv, 0));
  if (c < 0) return ERR;
  const p = P(self);
  const n = bLen(p);
  const d = bData(p);
  for (let i: u32 = 0; i < n; i++) {
    if (<i32>load<u8>(d + i) == c) {
      if (!bytearrayCanResize(p)) return ERR;
      memory.copy(d + i, d + i + 1, n - i - 1);
      bytearraySetLen(p, n - 1);
      return NONE;
    }
  }
  return raise(ValueError, "value not found in bytearray");
}

function baReverse(self: Value, argc: u32, kw: Value): Value {
  if (!checkNoArgs("bytearray.reverse", argc, kw)) return ERR;
  const p = P(self);
  const d = bData(p);
  const n = bLen(p);
  for (let i: u32 = 0, j = n; i + 1 < j; i++, j--) {
    const t = load<u8>(d + i);
    store<u8>(d + i, load<u8>(d + j - 1));
    store<u8>(d + j - 1, t);
  }
  return NONE;
}

function baClear(self: Value, argc: u32, kw: Value): Value {
  if (!checkNoArgs("bytearray.clear", argc, kw)) return ERR;
  if (bLen(P(self)) != 0 && !bytearrayCanResize(P(self))) return ERR;
  bytearraySetLen(P(self), 0);
  return NONE;
}

function baCopy(self: Value, argc: u32, kw: Value): Value {
  if (!checkNoArgs("bytearray.copy", argc, kw)) return ERR;
  const p = P(self);
  return newBytesOf(true, bData(p), bLen(p));
}

// ---- int.to_bytes, int.from_bytes ------------------------------------------------------------

import { intAdd, intSub, intAnd, intOr, intLshift, intRshift, intBitLength, intCompare, intFromI64 } from "./int";
import { INT_TYPE } from "./object";

/** 1 for 'big', 0 for 'little', -1 with an error raised. */
function byteorderArg(v: Value): i32 {
  if (v == UNBOUND) return 1;
  if (!isObjectOf(v, STR_TYPE)) {
    raiseWithStr(TypeError, fmtMsg("to_bytes() argument 'byteorder' must be str, not %s", typeName(typeOf(v))));
    return -1;
  }
  if (strIs(unboxPtr(v), "big")) return 1;
  if (strIs(unboxPtr(v), "little")) return 0;
  raise(ValueError, "byteorder must be either 'little' or 'big'");
  return -1;
}

function truthyArg(v: Value): bool {
  if (v == UNBOUND) return false;
  return rt_truthy(v) == 1;
}
import { rt_truthy } from "./ops";

function intToBytes(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!bindArgs("to_bytes", argv, argc, kw, "length,byteorder,signed", 0, 0, 2)) return ERR;
  const lv0 = boundArg(0);
  let length: i64 = 1;
  if (lv0 != UNBOUND) {
    const lv = numberIndex(lv0);
    if (lv == ERR) return ERR;
    if (!isSmallOrBool(lv)) {
      const neg = bigSign(lv) < 0;
      decref(lv);
      return raise(OverflowError, neg ? "length argument must be non-negative" : "Python int too large to convert to C ssize_t");
    }
    length = unboxSmall(lv);
    if (length < 0) return raise(ValueError, "length argument must be non-negative");
  }
  const big = byteorderArg(boundArg(1));
  if (big < 0) return ERR;
  const signed = truthyArg(boundArg(2));
  const neg = bigSign(self) < 0;
  if (neg && !signed) return raise(OverflowError, "can't convert negative int to unsigned");
  // Range check through the bit length: |v| needs bitLength bits, plus a sign bit if signed.
  const bits = intBitLength(self);
  let fits: bool;
  if (!signed) fits = bits <= <u64>length * 8;
  else if (!neg) fits = bits + 1 <= <u64>length * 8;
  else {
    // -2^(8L-1) is the most negative: bit_length(v) <= 8L-1, or v == -2^(8L-1) exactly.
    fits = bits + 1 <= <u64>length * 8;
    if (!fits && bits == <u64>length * 8 && length > 0) {
      const m = intLshift(boxSmall(1), boxSmall(length * 8 - 1));
      if (m == ERR) return ERR;
      const s = intAdd(self, m);
      if (s == ERR) { decref(m); return ERR; }
      fits = bigSign(s) == 0;
      decref(m);
      decref(s);
    }
  }
  if (!fits) return raise(OverflowError, "int too big to convert");
  if (length > 0x7FFF_0000) return raise(OverflowError, "int too big to convert");
  const ba = bytearrayAlloc(<u32>length);
  if (ba == 0) return ERR;
  // Two's complement of a negative value: v + 2^(8L).
  let v = self;
  incref(v);
  if (neg) {
    const m = intLshift(boxSmall(1), boxSmall(length * 8));
    if (m == ERR) { decref(v); decref(boxPtr(ba)); return ERR; }
    const s = intAdd(v, m);
    decref(m);
    decref(v);
    if (s == ERR) { decref(boxPtr(ba)); return ERR; }
    v = s;
  }
  for (let k: i64 = 0; k < length; k++) {
    let byte: u32;
    if (isSmallOrBool(v)) {
      const x = unboxSmall(v);
      byte = <u32>(x & 0xFF);
      decref(v);
      v = boxSmall(x >> 8);
    } else {
      const lo = intAnd(v, boxSmall(0xFF));
      const hi = intRshift(v, boxSmall(8));
      decref(v);
      if (lo == ERR || hi == ERR) { decref(boxPtr(ba)); return ERR; }
      byte = <u32>unboxSmall(lo);
      v = hi;
    }
    bytearrayPushByte(ba, byte);
  }
  decref(v);
  // Little-endian as collected; reverse for big.
  if (big == 1) {
    const d = bData(ba);
    const n = bLen(ba);
    for (let i: u32 = 0, j = n; i + 1 < j; i++, j--) {
      const t = load<u8>(d + i);
      store<u8>(d + i, load<u8>(d + j - 1));
      store<u8>(d + j - 1, t);
    }
  }
  return finishBuffer(ba, false);
}

function intFromBytes(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!bindArgs("from_bytes", argv, argc, kw, "bytes,byteorder,signed", 1, 0, 2)) return ERR;
  const src = boundArg(0);
  const big = byteorderArg(boundArg(1));
  if (big < 0) return ERR;
  const signed = truthyArg(boundArg(2));
  let buf: Value;
  if (isBytesLike(src)) {
    incref(src);
    buf = src;
  } else {
    if (isObjectOf(src, STR_TYPE)) return raise(TypeError, "cannot convert 'str' object to bytes");
    buf = bytesFromIterable(src, false, true);
    if (buf == ERR) return ERR;
  }
  const p = unboxPtr(buf);
  const d = bData(p), n = bLen(p);
  let acc: Value = boxSmall(0);
  for (let k: u32 = 0; k < n; k++) {
    const byte = <i64>load<u8>(d + (big == 1 ? k : n - 1 - k));
    if (isSmallOrBool(acc) && unboxSmall(acc) < (<i64>1 << 38)) {
      acc = boxSmall((unboxSmall(acc) << 8) | byte);
      continue;
    }
    const sh = intLshift(acc, boxSmall(8));
    decref(acc);
    if (sh == ERR) { decref(buf); return ERR; }
    acc = intOr(sh, boxSmall(byte));
    decref(sh);
    if (acc == ERR) { decref(buf); return ERR; }
  }
  const top = n > 0 ? <u32>load<u8>(d + (big == 1 ? 0 : n - 1)) : 0;
  decref(buf);
  if (signed && n > 0 && (top & 0x80) != 0) {
    const m = intLshift(boxSmall(1), boxSmall(<i64>n * 8));
    if (m == ERR) { decref(acc); return ERR; }
    const r = intSub(acc, m);
    decref(m);
    decref(acc);
    return r;
  }
  return acc;
}

export function initIntBytesMethods(): void {
  reg(INT_TYPE, "to_bytes", BM_TO_BYTES);
  reg(INT_TYPE, "from_bytes", BM_FROM_BYTES);
}
