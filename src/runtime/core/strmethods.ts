// str methods. Text is UTF-8; positions the methods take and return are code-point indices,
// converted to byte offsets once per call (ASCII strs need no conversion).
//
// Case mapping and the character predicates follow CPython's Unicode database
// (unicode-ctype.ts), with its full (SpecialCasing) mappings and its final-sigma rule.
import { numberIndex, userIndex } from "./number-index";
import {
  Value, ERR, NONE, TRUE, FALSE, UNBOUND, EXHAUSTED, boxPtr, unboxPtr, boxSmall, boxBool, unboxSmall, isNone,
  isSmallInt, isBool,
} from "./value";
import { STR_TYPE, TUPLE_TYPE, LIST_TYPE, typeOf, typeName, isObjectOf, incref, decref } from "./object";
import { raise, raiseWithStr, TypeError, ValueError, IndexError, KeyError } from "./exceptions";
import {
  fmtMsg, builderNew, builderByte, builderBytes, builderStr, builderFinish, builderDiscard, builderCodePoint,
  builderLiteral,
} from "./format";
import {
  strData, strByteLength, strLength, strIsAscii, decodeAt, byteOffset, charIndex, strFromUtf8, strFromAscii, strFromLiteral,
  charStr, strRepr,
} from "./str";
import { tupleNew, tupleSetItem, tupleLength, tupleItem } from "./tuple";
import { listNew, listAppendSteal, listLength, listItem, listReserve } from "./list";
import { rt_get_iter, rt_iter_next } from "./iter";
import { argAt, kwCount, checkOne, checkNoArgs, checkPositional, bindArgs, boundArg, boundOr, strIs } from "./call";
import { Fn } from "./natives";
import { isInt, isSmallOrBool, bigSign } from "./int";
import {
  charFlags, isSpaceChar, isPrintableNonAscii, isCasedChar, isUpperChar, isLowerChar, isCaseIgnorable, appendMapped,
  CT_ALPHA, CT_DECIMAL, CT_DIGIT, CT_NUMERIC, CT_SPACE, CT_TITLE, CT_UPPER, CT_LOWER, CT_ID_START, CT_ID_CONTINUE,
  MAP_UPPER, MAP_LOWER, MAP_TITLE, MAP_FOLD,
} from "./unicode-ctype";
import { reprOf, strOf, rt_getitem } from "./ops";
import { formatValue } from "./strfmt";
import { rt_getattr } from "./attr";
import { intFromDigitBytes } from "./int";
import { method } from "./methods";

export function initStrMethods(): void {
  method(STR_TYPE, "join", Fn.STR_JOIN);
  method(STR_TYPE, "split", Fn.STR_SPLIT);
  method(STR_TYPE, "rsplit", Fn.STR_RSPLIT);
  method(STR_TYPE, "strip", Fn.STR_STRIP);
  method(STR_TYPE, "lstrip", Fn.STR_LSTRIP);
  method(STR_TYPE, "rstrip", Fn.STR_RSTRIP);
  method(STR_TYPE, "startswith", Fn.STR_STARTSWITH);
  method(STR_TYPE, "endswith", Fn.STR_ENDSWITH);
  method(STR_TYPE, "find", Fn.STR_FIND);
  method(STR_TYPE, "rfind", Fn.STR_RFIND);
  method(STR_TYPE, "index", Fn.STR_INDEX);
  method(STR_TYPE, "rindex", Fn.STR_RINDEX);
  method(STR_TYPE, "count", Fn.STR_COUNT);
  method(STR_TYPE, "replace", Fn.STR_REPLACE);
  method(STR_TYPE, "upper", Fn.STR_UPPER);
  method(STR_TYPE, "lower", Fn.STR_LOWER);
  method(STR_TYPE, "capitalize", Fn.STR_CAPITALIZE);
  method(STR_TYPE, "title", Fn.STR_TITLE);
  method(STR_TYPE, "swapcase", Fn.STR_SWAPCASE);
  method(STR_TYPE, "casefold", Fn.STR_CASEFOLD);
  method(STR_TYPE, "isdigit", Fn.STR_ISDIGIT);
  method(STR_TYPE, "isalpha", Fn.STR_ISALPHA);
  method(STR_TYPE, "isalnum", Fn.STR_ISALNUM);
  method(STR_TYPE, "isspace", Fn.STR_ISSPACE);
  method(STR_TYPE, "isupper", Fn.STR_ISUPPER);
  method(STR_TYPE, "islower", Fn.STR_ISLOWER);
  method(STR_TYPE, "isdecimal", Fn.STR_ISDECIMAL);
  method(STR_TYPE, "isnumeric", Fn.STR_ISNUMERIC);
  method(STR_TYPE, "isidentifier", Fn.STR_ISIDENTIFIER);
  method(STR_TYPE, "isascii", Fn.STR_ISASCII);
  method(STR_TYPE, "istitle", Fn.STR_ISTITLE);
  method(STR_TYPE, "isprintable", Fn.STR_ISPRINTABLE);
  method(STR_TYPE, "zfill", Fn.STR_ZFILL);
  method(STR_TYPE, "center", Fn.STR_CENTER);
  method(STR_TYPE, "ljust", Fn.STR_LJUST);
  method(STR_TYPE, "rjust", Fn.STR_RJUST);
  method(STR_TYPE, "format", Fn.STR_FORMAT);
  method(STR_TYPE, "format_map", Fn.STR_FORMAT_MAP);
  method(STR_TYPE, "maketrans", Fn.STR_MAKETRANS);
  method(STR_TYPE, "translate", Fn.STR_TRANSLATE);
  method(STR_TYPE, "partition", Fn.STR_PARTITION);
  method(STR_TYPE, "rpartition", Fn.STR_RPARTITION);
  method(STR_TYPE, "splitlines", Fn.STR_SPLITLINES);
  method(STR_TYPE, "removeprefix", Fn.STR_REMOVEPREFIX);
  method(STR_TYPE, "removesuffix", Fn.STR_REMOVESUFFIX);
  method(STR_TYPE, "expandtabs", Fn.STR_EXPANDTABS);
  method(STR_TYPE, "encode", Fn.STR_ENCODE);
}

// ---- characters ---------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function seqLen(c: u32): u32 { return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }


// ---- helpers ---------------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function S(v: Value): usize { return unboxPtr(v); }

function newStr(p: usize, n: u32): Value {
  const s = strFromUtf8(p, n);
  return s == 0 ? ERR : boxPtr(s);
}

function selfRef(self: Value): Value {
  incref(self);
  return self;
}

function mustBeStr(v: Value, what: string): bool {
  if (isObjectOf(v, STR_TYPE)) return true;
  const w = strFromLiteral(what, false);
  raiseWithStr(TypeError, fmtMsg("%s, not %s", w, typeName(typeOf(v))));
  decref(boxPtr(w));
  return false;
}

/** Bounded search for needle's bytes in hay[from, to): byte offset or -1. */
function findIn(h: usize, from: u32, to: u32, n: usize, nn: u32): i64 {
  if (to < from || to - from < nn) return -1;
  if (nn == 0) return <i64>from;
  const first = load<u8>(n);
  const last = to - nn;
  for (let i = from; i <= last; i++) {
    if (load<u8>(h + i) == first && memory.compare(h + i, n, nn) == 0) return <i64>i;
  }
  return -1;
}

function rfindIn(h: usize, from: u32, to: u32, n: usize, nn: u32): i64 {
  if (to < from || to - from < nn) return -1;
  if (nn == 0) return <i64>to;
  for (let i = <i64>(to - nn); i >= <i64>from; i--) {
    if (memory.compare(h + <usize>i, n, nn) == 0) return i;
  }
  return -1;
}

/** Code-point slice bounds [start, end) adjusted like s[start:end], as byte offsets. */
let boundStart: u32 = 0;
let boundEnd: u32 = 0;
let cpStart: i64 = 0;
let cpEnd: i64 = 0;
function sliceBounds(s: usize, startV: Value, endV: Value): bool {
  const n = <i64>strLength(s);
  let start: i64 = 0, end: i64 = n;
  if (startV != UNBOUND && !isNone(startV)) {
    if (!toSliceIndex(startV)) return false;
    start = sliceIndexValue;
  }
  if (endV != UNBOUND && !isNone(endV)) {
    if (!toSliceIndex(endV)) return false;
    end = sliceIndexValue;
  }
  if (start < 0) { start += n; if (start < 0) start = 0; }
  if (end < 0) { end += n; if (end < 0) end = 0; }
  if (end > n) end = n;
  cpStart = start;
  cpEnd = end;
  if (start > end) {
    // An empty range: searches fail (except that "" is found when start <= len).
    boundStart = 1;
    boundEnd = 0;
    return true;
  }
  boundStart = byteOffset(s, <u32>start);
  boundEnd = byteOffset(s, <u32>end);
  return true;
}

let sliceIndexValue: i64 = 0;
function toSliceIndex(v: Value): bool {
  if (isSmallOrBool(v)) {
    sliceIndexValue = unboxSmall(v);
    return true;
  }
  if (isInt(v)) {
    sliceIndexValue = bigSign(v) < 0 ? -0x7FFF_FFFF_FFFF : 0x7FFF_FFFF_FFFF;
    return true;
  }
  const i = userIndex(v);
  if (i == ERR) return false;
  if (i != UNBOUND) {
    const ok = toSliceIndex(i);
    decref(i);
    return ok;
  }
  raise(TypeError, "slice indices must be integers or None or have an __index__ method");
  return false;
}

// ---- join, split, strip ---------------------------------------------------------------------------

export function strJoin(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("str.join", argc, kw)) return ERR;
  const sep = S(self);
  let seq = argAt(argv, 0);
  let own = false;
  if (!isObjectOf(seq, LIST_TYPE) && !isObjectOf(seq, TUPLE_TYPE)) {
    seq = listFromIterable(seq);
    if (seq == ERR) return ERR;
    own = true;
  }
  const p = unboxPtr(seq);
  const isList = isObjectOf(seq, LIST_TYPE);
  const n = isList ? listLength(p) : tupleLength(p);
  let total: u64 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const item = isList ? listItem(p, i) : tupleItem(p, i);
    if (!isObjectOf(item, STR_TYPE)) {
      if (own) decref(seq);
      return raiseWithStr(TypeError, fmtMsg("sequence item %d: expected str instance, %s found", i, typeName(typeOf(item))));
    }
    total += strByteLength(unboxPtr(item));
  }
  if (n == 1) {
    const only = isList ? listItem(p, 0) : tupleItem(p, 0);
    incref(only);
    if (own) decref(seq);
    return only;
  }
  total += <u64>strByteLength(sep) * <u64>(n > 0 ? n - 1 : 0);
  const b = builderNew(<u32>min<u64>(total, 0x7FFF_0000));
  if (b == 0) {
    if (own) decref(seq);
    return ERR;
  }
  for (let i: u32 = 0; i < n; i++) {
    if (i > 0) builderStr(b, sep);
    builderStr(b, unboxPtr(isList ? listItem(p, i) : tupleItem(p, i)));
  }
  if (own) decref(seq);
  const r = builderFinish(b);
  return r == 0 ? ERR : boxPtr(r);
}

import { listFromIterable } from "./builtins";

/** split / rsplit (sep=None, maxsplit=-1) */
export function strSplitMethod(self: Value, argv: usize, argc: u32, kw: Value, fromRight: bool): Value {
  if (!bindArgs(fromRight ? "rsplit" : "split", argv, argc, kw, "sep,maxsplit", 0, 0, 2)) return ERR;
  const sepV = boundOr(0, NONE);
  const maxV = boundOr(1, boxSmall(-1));
  if (!isNone(sepV) && !isObjectOf(sepV, STR_TYPE)) return raiseWithStr(TypeError, fmtMsg("must be str or None, not %s", typeName(typeOf(sepV))));
  const maxI = numberIndex(maxV);
  if (maxI == ERR) return ERR;
  let maxsplit: i64 = isSmallOrBool(maxI) ? unboxSmall(maxI) : (bigSign(maxI) < 0 ? -1 : 0x7FFF_FFFF);
  decref(maxI);
  if (maxsplit < 0) maxsplit = 0x7FFF_FFFF_FFFF;
  const s = S(self);
  const p = strData(s);
  const n = strByteLength(s);
  const out = listNew(0);
  if (out == 0) return ERR;
  if (isNone(sepV)) {
    if (!fromRight) {
      let i: u32 = 0;
      let splits: i64 = 0;
      for (;;) {
        while (i < n && isSpaceChar(decodeAt(p + i))) i += seqLen(decodeAt(p + i));
        if (i >= n) break;
        if (splits >= maxsplit) {
          // The rest, without trailing whitespace... CPython keeps trailing whitespace here.
          if (!appendPiece(out, p + i, n - i)) return ERR;
          break;
        }
        let j = i;
        while (j < n && !isSpaceChar(decodeAt(p + j))) j += seqLen(decodeAt(p + j));
        if (!appendPiece(out, p + i, j - i)) return ERR;
        splits++;
        i = j;
      }
    } else {
      let j = n;
      let splits: i64 = 0;
      for (;;) {
        while (j > 0 && isSpaceChar(prevChar(p, j))) j = prevStart(p, j);
        if (j == 0) break;
        if (splits >= maxsplit) {
          if (!appendPiece(out, p, j)) return ERR;
          break;
        }
        let i = j;
        while (i > 0 && !isSpaceChar(prevChar(p, i))) i = prevStart(p, i);
        if (!appendPiece(out, p + i, j - i)) return ERR;
        splits++;
        j = i;
      }
      reverseList(out);
    }
    return boxPtr(out);
  }
  const sep = S(sepV);
  const sn = strByteLength(sep);
  if (sn == 0) {
    decref(boxPtr(out));
    return raise(ValueError, "empty separator");
  }
  const sp = strData(sep);
  if (!fromRight) {
    // A piece of an ASCII str is ASCII: its characters need no counting. A one-byte separator
    // (the common case) is found by a byte scan, and counted first so the list is allocated once.
    const ascii = strIsAscii(s);
    const single = sn == 1 ? <u32>load<u8>(sp) : 0x100;
    if (single < 0x100 && !reserveSplits(out, p, n, single, maxsplit)) return ERR;
    let i: u32 = 0;
    let splits: i64 = 0;
    for (;;) {
      const at = splits >= maxsplit ? -1 : single < 0x100 ? findByte(p, i, n, single) : findIn(p, i, n, sp, sn);
      if (at < 0) {
        if (!appendPieceOf(out, p + i, n - i, ascii)) return ERR;
        break;
      }
      if (!appendPieceOf(out, p + i, <u32>at - i, ascii)) return ERR;
      i = <u32>at + sn;
      splits++;
    }
  } else {
    let j = n;
    let splits: i64 = 0;
    for (;;) {
      const at = splits < maxsplit ? rfindIn(p, 0, j, sp, sn) : -1;
      if (at < 0) {
        if (!appendPiece(out, p, j)) return ERR;
        break;
      }
      if (!appendPiece(out, p + <usize>at + sn, j - <u32>at - sn)) return ERR;
      j = <u32>at;
      splits++;
    }
    reverseList(out);
  }
  return boxPtr(out);
}

import { rt_list_reverse } from "./list";
function reverseList(l: usize): void { rt_list_reverse(boxPtr(l)); }

function prevStart(p: usize, j: u32): u32 {
  let i = j - 1;
  while (i > 0 && (load<u8>(p + i) & 0xC0) == 0x80) i--;
  return i;
}

function prevChar(p: usize, j: u32): u32 { return decodeAt(p + prevStart(p, j)); }

function findByte(h: usize, from: u32, to: u32, b: u32): i64 {
  const splat = i8x16.splat(<i8>b);
  let i = from;
  for (; i + 16 <= to; i += 16) {
    const hits = i8x16.bitmask(i8x16.eq(v128.load(h + i), splat));
    if (hits != 0) return <i64>(i + ctz<u32>(hits));
  }
  for (; i < to; i++) if (<u32>load<u8>(h + i) == b) return <i64>i;
  return -1;
}

/** Grows the (empty) list to hold every piece splitting on byte b gives. */
function reserveSplits(l: usize, p: usize, n: u32, b: u32, maxsplit: i64): bool {
  let count: i64 = 1;
  // Sixteen bytes at a time (SIMD128), then the tail.
  const splat = i8x16.splat(<i8>b);
  let i: u32 = 0;
  for (; i + 16 <= n && count <= maxsplit; i += 16) count += <i64>popcnt<u32>(i8x16.bitmask(i8x16.eq(v128.load(p + i), splat)));
  for (; i < n && count <= maxsplit; i++) count += <i64>(<u32>load<u8>(p + i) == b);
  if (listReserve(l, <u32>min<i64>(count, 0x1000_0000))) return true;
  decref(boxPtr(l));
  return false;
}

function appendPieceOf(l: usize, p: usize, n: u32, ascii: bool): bool {
  if (!ascii) return appendPiece(l, p, n);
  const s = strFromAscii(p, n);
  if (s == 0 || !listAppendSteal(l, boxPtr(s))) {
    decref(boxPtr(l));
    return false;
  }
  return true;
}

function appendPiece(l: usize, p: usize, n: u32): bool {
  const s = strFromUtf8(p, n);
  if (s == 0 || !listAppendSteal(l, boxPtr(s))) {
    decref(boxPtr(l));
    return false;
  }
  return true;
}

/** Is code point c in chars (a str)? */
function inChars(c: u32, chars: usize): bool {
  const p = strData(chars);
  const n = strByteLength(chars);
  for (let i: u32 = 0; i < n; ) {
    const d = decodeAt(p + i);
    if (d == c) return true;
    i += seqLen(d);
  }
  return false;
}

/** strip (3), lstrip (1), rstrip (2) with chars=None */
export function strStripMethod(self: Value, argv: usize, argc: u32, kw: Value, which: i32): Value {
  const name = which == 3 ? "strip" : which == 1 ? "lstrip" : "rstrip";
  if (!checkPositional(name, argc, kw, 0, 1, which == 3 ? "str.strip" : which == 1 ? "str.lstrip" : "str.rstrip")) return ERR;
  let chars: usize = 0;
  if (argc == 1 && !isNone(argAt(argv, 0))) {
    if (!isObjectOf(argAt(argv, 0), STR_TYPE)) {
      const w = strFromLiteral(name, false);
      const r = raiseWithStr(TypeError, fmtMsg("%s arg must be None or str", w));
      decref(boxPtr(w));
      return r;
    }
    chars = S(argAt(argv, 0));
  }
  const s = S(self);
  const p = strData(s);
  let i: u32 = 0, j = strByteLength(s);
  if (which & 1) {
    while (i < j) {
      const c = decodeAt(p + i);
      if (chars == 0 ? !isSpaceChar(c) : !inChars(c, chars)) break;
      i += seqLen(c);
    }
  }
  if (which & 2) {
    while (j > i) {
      const c = prevChar(p, j);
      if (chars == 0 ? !isSpaceChar(c) : !inChars(c, chars)) break;
      j = prevStart(p, j);
    }
  }
  if (i == 0 && j == strByteLength(s)) return selfRef(self);
  return newStr(p + i, j - i);
}

// ---- searching -----------------------------------------------------------------------------------

/** startswith / endswith (prefix[, start[, end]]) */
export function strStartsEnds(self: Value, argv: usize, argc: u32, kw: Value, ends: bool): Value {
  const name = ends ? "endswith" : "startswith";
  if (kwCount(kw) != 0) return raiseNoKw(ends ? "str.endswith" : "str.startswith");
  if (argc < 1 || argc > 3) return argCountError(name, argc, 1, 3);
  const s = S(self);
  if (!sliceBounds(s, argc > 1 ? argAt(argv, 1) : UNBOUND, argc > 2 ? argAt(argv, 2) : UNBOUND)) return ERR;
  const x = argAt(argv, 0);
  if (isObjectOf(x, TUPLE_TYPE)) {
    const t = unboxPtr(x);
    for (let i: u32 = 0; i < tupleLength(t); i++) {
      const item = tupleItem(t, i);
      if (!isObjectOf(item, STR_TYPE)) {
        const w = strFromLiteral(name, false);
        const r = raiseWithStr(TypeError, fmtMsg("tuple for %s must only contain str, not %s", w, typeName(typeOf(item))));
        decref(boxPtr(w));
        return r;
      }
      if (affixMatches(s, S(item), ends)) return TRUE;
    }
    return FALSE;
  }
  if (!isObjectOf(x, STR_TYPE)) {
    const w = strFromLiteral(name, false);
    const r = raiseWithStr(TypeError, fmtMsg("%s first arg must be str or a tuple of str, not %s", w, typeName(typeOf(x))));
    decref(boxPtr(w));
    return r;
  }
  return boxBool(affixMatches(s, S(x), ends));
}

function affixMatches(s: usize, a: usize, ends: bool): bool {
  if (boundStart > boundEnd) return false;
  const n = strByteLength(a);
  if (boundEnd - boundStart < n) return false;
  const at = ends ? boundEnd - n : boundStart;
  return memory.compare(strData(s) + at, strData(a), n) == 0;
}

function raiseNoKw(qual: string): Value {
  const w = strFromLiteral(qual, false);
  const r = raiseWithStr(TypeError, fmtMsg("%s() takes no keyword arguments", w));
  decref(boxPtr(w));
  return r;
}

function argCountError(name: string, given: u32, min: u32, max: u32): Value {
  const w = strFromLiteral(name, false);
  const r = raiseWithStr(TypeError, given < min
    ? fmtMsg(min == 1 ? "%s() takes at least %d argument (%d given)" : "%s() takes at least %d arguments (%d given)", w, min, given)
    : fmtMsg("%s() takes at most %d arguments (%d given)", w, max, given));
  decref(boxPtr(w));
  return r;
}

/** find / rfind / index / rindex (sub[, start[, end]]) */
export function strFindMethod(self: Value, argv: usize, argc: u32, kw: Value, fromRight: bool, raises: bool): Value {
  const name = raises ? (fromRight ? "rindex" : "index") : (fromRight ? "rfind" : "find");
  if (kwCount(kw) != 0) return raiseNoKw(raises ? (fromRight ? "str.rindex" : "str.index") : (fromRight ? "str.rfind" : "str.find"));
  if (argc < 1 || argc > 3) return argCountError(name, argc, 1, 3);
  const sub = argAt(argv, 0);
  if (!mustBeStr(sub, "must be str")) return ERR;
  const s = S(self);
  if (!sliceBounds(s, argc > 1 ? argAt(argv, 1) : UNBOUND, argc > 2 ? argAt(argv, 2) : UNBOUND)) return ERR;
  let at: i64 = -1;
  if (boundStart <= boundEnd) {
    const n = S(sub);
    at = fromRight
      ? rfindIn(strData(s), boundStart, boundEnd, strData(n), strByteLength(n))
      : findIn(strData(s), boundStart, boundEnd, strData(n), strByteLength(n));
  }
  if (at < 0) {
    if (raises) return raise(ValueError, "substring not found");
    return boxSmall(-1);
  }
  return boxSmall(charIndex(s, <u32>at));
}

export function strCountMethod(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (kwCount(kw) != 0) return raiseNoKw("str.count");
  if (argc < 1 || argc > 3) return argCountError("count", argc, 1, 3);
  const sub = argAt(argv, 0);
  if (!mustBeStr(sub, "must be str")) return ERR;
  const s = S(self);
  if (!sliceBounds(s, argc > 1 ? argAt(argv, 1) : UNBOUND, argc > 2 ? argAt(argv, 2) : UNBOUND)) return ERR;
  if (boundStart > boundEnd) return boxSmall(0);
  const n = S(sub);
  const nn = strByteLength(n);
  if (nn == 0) return boxSmall(cpEnd - cpStart + 1);
  let c: i64 = 0;
  let i = boundStart;
  for (;;) {
    const at = findIn(strData(s), i, boundEnd, strData(n), nn);
    if (at < 0) break;
    c++;
    i = <u32>at + nn;
  }
  return boxSmall(c);
}

/** replace(old, new, count=-1, /) */
export function strReplaceMethod(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("replace", argc, kw, 2, 3, "str.replace")) return ERR;
  const oldV = argAt(argv, 0), newV = argAt(argv, 1);
  if (!isObjectOf(oldV, STR_TYPE)) return raiseWithStr(TypeError, fmtMsg("replace() argument 1 must be str, not %s", typeName(typeOf(oldV))));
  if (!isObjectOf(newV, STR_TYPE)) return raiseWithStr(TypeError, fmtMsg("replace() argument 2 must be str, not %s", typeName(typeOf(newV))));
  let count: i64 = -1;
  if (argc == 3) {
    const c = numberIndex(argAt(argv, 2));
    if (c == ERR) return ERR;
    count = isSmallOrBool(c) ? unboxSmall(c) : (bigSign(c) < 0 ? -1 : 0x7FFF_FFFF_FFFF);
    decref(c);
  }
  if (count < 0) count = 0x7FFF_FFFF_FFFF;
  const s = S(self), o = S(oldV), w = S(newV);
  const p = strData(s), n = strByteLength(s);
  const on = strByteLength(o);
  const b = builderNew(n);
  if (b == 0) return ERR;
  let i: u32 = 0;
  let done: i64 = 0;
  if (on == 0) {
    // Insert `new` before every character and at the end.
    while (done < count && i <= n) {
      builderStr(b, w);
      done++;
      if (i == n) { i++; break; }
      const l = seqLen(decodeAt(p + i));
      builderBytes(b, p + i, l);
      i += l;
    }
    if (i < n) builderBytes(b, p + i, n - i);
  } else {
    while (done < count) {
      const at = findIn(p, i, n, strData(o), on);
      if (at < 0) break;
      builderBytes(b, p + i, <u32>at - i);
      builderStr(b, w);
      i = <u32>at + on;
      done++;
    }
    builderBytes(b, p + i, n - i);
  }
  const r = builderFinish(b);
  return r == 0 ? ERR : boxPtr(r);
}

// ---- case --------------------------------------------------------------------------------------------

export const CASE_UPPER = 0;
export const CASE_LOWER = 1;
export const CASE_CAPITALIZE = 2;
export const CASE_TITLE = 3;
export const CASE_SWAP = 4;
export const CASE_FOLD = 5;

function quals(name: string): string {
  return name == "upper" ? "str.upper" : name == "lower" ? "str.lower" : name == "capitalize" ? "str.capitalize"
    : name == "title" ? "str.title" : name == "swapcase" ? "str.swapcase" : "str.casefold";
}

export function strCaseMethod(self: Value, argv: usize, argc: u32, kw: Value, mode: i32, name: string): Value {
  if (!checkNoArgs(quals(name), argc, kw)) return ERR;
  const s = S(self);
  const p = strData(s), n = strByteLength(s);
  const b = builderNew(n);
  if (b == 0) return ERR;
  let prevCased = false;
  for (let i: u32 = 0; i < n; ) {
    const c = decodeAt(p + i);
    const at = i;
    i += seqLen(c);
    if (mode == CASE_UPPER) appendMapped(b, c, MAP_UPPER);
    else if (mode == CASE_FOLD) appendMapped(b, c, MAP_FOLD);
    else if (mode == CASE_LOWER) appendLower(b, c, p, n, at);
    else if (mode == CASE_SWAP) {
      if (isUpperChar(c)) appendLower(b, c, p, n, at);
      else if (isLowerChar(c)) appendMapped(b, c, MAP_UPPER);
      else builderCodePoint(b, c);
    } else if (mode == CASE_CAPITALIZE) {
      if (at == 0) appendMapped(b, c, MAP_TITLE);
      else appendLower(b, c, p, n, at);
    } else {
      if (prevCased) appendLower(b, c, p, n, at);
      else appendMapped(b, c, MAP_TITLE);
      prevCased = isCasedChar(c);
    }
  }
  const r = builderFinish(b);
  return r == 0 ? ERR : boxPtr(r);
}

/** CPython's lower_ucs4: the full lowercase mapping, except that Σ at the end of a word is ς. */
function appendLower(b: usize, c: u32, p: usize, n: u32, at: u32): void {
  if (c == 0x3A3) builderCodePoint(b, isFinalSigma(p, n, at) ? 0x3C2 : 0x3C3);
  else appendMapped(b, c, MAP_LOWER);
}

/**
 * Unicode's Final_Sigma context, as CPython tests it: a cased character before the Σ, and none
 * after it, looking past case-ignorable characters both ways.
 */
function isFinalSigma(p: usize, n: u32, at: u32): bool {
  let j = at;
  let c: u32 = 0;
  let found = false;
  while (j > 0) {
    j = prevStart(p, j);
    c = decodeAt(p + j);
    if (!isCaseIgnorable(c)) { found = true; break; }
  }
  if (!found || !isCasedChar(c)) return false;
  for (let i = at + 2; i < n; ) { // Σ is two bytes
    c = decodeAt(p + i);
    if (!isCaseIgnorable(c)) return !isCasedChar(c);
    i += seqLen(c);
  }
  return true;
}

// ---- predicates ----------------------------------------------------------------------------------------

export const PRED_DIGIT = 0;
export const PRED_ALPHA = 1;
export const PRED_ALNUM = 2;
export const PRED_SPACE = 3;
export const PRED_UPPER = 4;
export const PRED_LOWER = 5;
export const PRED_DECIMAL = 6;
export const PRED_NUMERIC = 7;
export const PRED_IDENTIFIER = 8;
export const PRED_ASCII = 9;
export const PRED_TITLE = 10;
export const PRED_PRINTABLE = 11;

function predQual(name: string): string {
  return name == "isdigit" ? "str.isdigit" : name == "isalpha" ? "str.isalpha" : name == "isalnum" ? "str.isalnum"
    : name == "isspace" ? "str.isspace" : name == "isupper" ? "str.isupper" : name == "islower" ? "str.islower"
    : name == "isdecimal" ? "str.isdecimal" : name == "isnumeric" ? "str.isnumeric" : name == "isidentifier" ? "str.isidentifier"
    : name == "isascii" ? "str.isascii" : name == "istitle" ? "str.istitle" : "str.isprintable";
}

export function strPredicate(self: Value, argc: u32, kw: Value, which: i32, name: string): Value {
  if (!checkNoArgs(predQual(name), argc, kw)) return ERR;
  const s = S(self);
  const p = strData(s), n = strByteLength(s);
  if (which == PRED_ASCII) return boxBool(strIsAscii(s));
  if (which == PRED_PRINTABLE) {
    for (let i: u32 = 0; i < n; ) {
      const c = decodeAt(p + i);
      i += seqLen(c);
      if (c < 0x20 || c == 0x7F) return FALSE;
      if (c >= 0x80 && !isPrintableNonAscii(c)) return FALSE;
    }
    return TRUE;
  }
  if (n == 0) return FALSE;
  if (which == PRED_UPPER || which == PRED_LOWER) {
    // Titlecase letters (ǅ) are neither, and make both false.
    const wrong = which == PRED_UPPER ? CT_LOWER | CT_TITLE : CT_UPPER | CT_TITLE;
    const right = which == PRED_UPPER ? CT_UPPER : CT_LOWER;
    let cased = false;
    for (let i: u32 = 0; i < n; ) {
      const c = decodeAt(p + i);
      i += seqLen(c);
      const f = charFlags(c);
      if ((f & wrong) != 0) return FALSE;
      if ((f & right) != 0) cased = true;
    }
    return boxBool(cased);
  }
  if (which == PRED_TITLE) {
    let prevCased = false, any = false;
    for (let i: u32 = 0; i < n; ) {
      const c = decodeAt(p + i);
      i += seqLen(c);
      const f = charFlags(c);
      if ((f & (CT_UPPER | CT_TITLE)) != 0) {
        if (prevCased) return FALSE;
        prevCased = true;
        any = true;
      } else if ((f & CT_LOWER) != 0) {
        if (!prevCased) return FALSE;
        prevCased = true;
        any = true;
      } else {
        prevCased = false;
      }
    }
    return boxBool(any);
  }
  if (which == PRED_IDENTIFIER) {
    for (let i: u32 = 0; i < n; ) {
      const c = decodeAt(p + i);
      if (!((charFlags(c) & (i == 0 ? CT_ID_START : CT_ID_CONTINUE)) != 0)) return FALSE;
      i += seqLen(c);
    }
    return TRUE;
  }
  const want = which == PRED_DIGIT ? CT_DIGIT : which == PRED_ALPHA ? CT_ALPHA : which == PRED_SPACE ? CT_SPACE
    : which == PRED_DECIMAL ? CT_DECIMAL : which == PRED_NUMERIC ? CT_NUMERIC : CT_ALPHA | CT_DECIMAL | CT_DIGIT | CT_NUMERIC;
  for (let i: u32 = 0; i < n; ) {
    const c = decodeAt(p + i);
    i += seqLen(c);
    if ((charFlags(c) & want) == 0) return FALSE;
  }
  return TRUE;
}

// ---- padding -----------------------------------------------------------------------------------------

export function strZfill(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("str.zfill", argc, kw)) return ERR;
  const wv = numberIndex(argAt(argv, 0));
  if (wv == ERR) return ERR;
  const width = isSmallOrBool(wv) ? unboxSmall(wv) : 0;
  decref(wv);
  const s = S(self);
  const len = <i64>strLength(s);
  if (width <= len) return selfRef(self);
  const p = strData(s), n = strByteLength(s);
  const b = builderNew(<u32>(width - len) + n);
  if (b == 0) return ERR;
  let i: u32 = 0;
  if (n > 0 && (load<u8>(p) == 0x2B || load<u8>(p) == 0x2D)) {
    builderByte(b, load<u8>(p));
    i = 1;
  }
  for (let k: i64 = 0; k < width - len; k++) builderByte(b, 0x30);
  builderBytes(b, p + i, n - i);
  const r = builderFinish(b);
  return r == 0 ? ERR : boxPtr(r);
}

/** center (0), ljust (1), rjust (2) (width, fillchar=' ', /) */
export function strPad(self: Value, argv: usize, argc: u32, kw: Value, which: i32, name: string): Value {
  if (!checkPositional(name, argc, kw, 1, 2, which == 0 ? "str.center" : which == 1 ? "str.ljust" : "str.rjust")) return ERR;
  const wv = numberIndex(argAt(argv, 0));
  if (wv == ERR) return ERR;
  const width = isSmallOrBool(wv) ? unboxSmall(wv) : 0;
  decref(wv);
  let fill: u32 = 0x20;
  if (argc == 2) {
    const f = argAt(argv, 1);
    if (!isObjectOf(f, STR_TYPE)) {
      const w = strFromLiteral(name, false);
      const r = raiseWithStr(TypeError, fmtMsg("%s() argument 2 must be str, not %s", w, typeName(typeOf(f))));
      decref(boxPtr(w));
      return r;
    }
    if (strLength(S(f)) != 1) return raise(TypeError, "The fill character must be exactly one character long");
    fill = decodeAt(strData(S(f)));
  }
  const s = S(self);
  const len = <i64>strLength(s);
  if (width <= len) return selfRef(self);
  const pad = width - len;
  let left: i64;
  if (which == 1) left = 0;
  else if (which == 2) left = pad;
  else left = pad / 2 + (pad & width & 1); // CPython's centering
  const b = builderNew(<u32>pad + strByteLength(s));
  if (b == 0) return ERR;
  for (let k: i64 = 0; k < left; k++) builderCodePoint(b, fill);
  builderStr(b, s);
  for (let k: i64 = left; k < pad; k++) builderCodePoint(b, fill);
  const r = builderFinish(b);
  return r == 0 ? ERR : boxPtr(r);
}

export function strExpandtabs(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!bindArgs("expandtabs", argv, argc, kw, "tabsize", 0, 0, 1)) return ERR;
  const tv = numberIndex(boundOr(0, boxSmall(8)));
  if (tv == ERR) return ERR;
  const tab = isSmallOrBool(tv) ? unboxSmall(tv) : 8;
  decref(tv);
  const s = S(self);
  const p = strData(s), n = strByteLength(s);
  const b = builderNew(n);
  if (b == 0) return ERR;
  let col: i64 = 0;
  for (let i: u32 = 0; i < n; ) {
    const c = decodeAt(p + i);
    const l = seqLen(c);
    if (c == 0x09) {
      if (tab > 0) {
        const spaces = tab - (col % tab);
        for (let k: i64 = 0; k < spaces; k++) builderByte(b, 0x20);
        col += spaces;
      }
    } else {
      builderBytes(b, p + i, l);
      col = c == 0x0A || c == 0x0D ? 0 : col + 1;
    }
    i += l;
  }
  const r = builderFinish(b);
  return r == 0 ? ERR : boxPtr(r);
}

// ---- partition, splitlines, affixes ---------------------------------------------------------------------

export function strPartition(self: Value, argv: usize, argc: u32, kw: Value, fromRight: bool): Value {
  if (!checkOne(fromRight ? "str.rpartition" : "str.partition", argc, kw)) return ERR;
  const sepV = argAt(argv, 0);
  if (!mustBeStr(sepV, "must be str")) return ERR;
  const sep = S(sepV);
  const sn = strByteLength(sep);
  if (sn == 0) return raise(ValueError, "empty separator");
  const s = S(self);
  const p = strData(s), n = strByteLength(s);
  const at = fromRight ? rfindIn(p, 0, n, strData(sep), sn) : findIn(p, 0, n, strData(sep), sn);
  const t = tupleNew(3);
  if (t == 0) return ERR;
  const empty = strFromLiteral("", false);
  if (at < 0) {
    incref(self);
    const e2 = strFromLiteral("", false);
    if (fromRight) {
      tupleSetItem(t, 0, boxPtr(empty));
      tupleSetItem(t, 1, boxPtr(e2));
      tupleSetItem(t, 2, self);
    } else {
      tupleSetItem(t, 0, self);
      tupleSetItem(t, 1, boxPtr(empty));
      tupleSetItem(t, 2, boxPtr(e2));
    }
    return boxPtr(t);
  }
  decref(boxPtr(empty));
  incref(sepV);
  tupleSetItem(t, 0, newStr(p, <u32>at));
  tupleSetItem(t, 1, sepV);
  tupleSetItem(t, 2, newStr(p + <usize>at + sn, n - <u32>at - sn));
  return boxPtr(t);
}

export function strSplitlines(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!bindArgs("splitlines", argv, argc, kw, "keepends", 0, 0, 1)) return ERR;
  const keepV = boundOr(0, FALSE);
  const keep = isSmallInt(keepV) || isBool(keepV) ? unboxSmall(keepV) != 0 : !isNone(keepV);
  const s = S(self);
  const p = strData(s), n = strByteLength(s);
  const out = listNew(0);
  if (out == 0) return ERR;
  let i: u32 = 0;
  while (i < n) {
    let j = i;
    let eol: u32 = 0;
    while (j < n) {
      const c = decodeAt(p + j);
      if (c == 0x0A || c == 0x0B || c == 0x0C || c == 0x1C || c == 0x1D || c == 0x1E || c == 0x85 || c == 0x2028 || c == 0x2029) {
        eol = seqLen(c);
        break;
      }
      if (c == 0x0D) {
        eol = j + 1 < n && load<u8>(p + j + 1) == 0x0A ? 2 : 1;
        break;
      }
      j += seqLen(c);
    }
    if (!appendPiece(out, p + i, keep ? j - i + eol : j - i)) return ERR;
    i = j + eol;
  }
  return boxPtr(out);
}

export function strRemoveAffix(self: Value, argv: usize, argc: u32, kw: Value, suffix: bool): Value {
  if (!checkOne(suffix ? "str.removesuffix" : "str.removeprefix", argc, kw)) return ERR;
  const a = argAt(argv, 0);
  if (!isObjectOf(a, STR_TYPE)) {
    return raiseWithStr(TypeError, fmtMsg(suffix ? "removesuffix() argument must be str, not %s" : "removeprefix() argument must be str, not %s", typeName(typeOf(a))));
  }
  const s = S(self);
  const an = strByteLength(S(a));
  const n = strByteLength(s);
  if (an == 0 || an > n) return selfRef(self);
  const p = strData(s);
  if (suffix) {
    if (memory.compare(p + n - an, strData(S(a)), an) != 0) return selfRef(self);
    return newStr(p, n - an);
  }
  if (memory.compare(p, strData(S(a)), an) != 0) return selfRef(self);
  return newStr(p + an, n - an);
}

export function strEncode(self: Value, argv: usize, argc: u32, kw: Value): Value {
  return strEncodeMethod(self, argv, argc, kw);
}
import { strEncodeMethod } from "./bytes";

// ---- str.format -------------------------------------------------------------------------------------------

/** ascii(v) as a str Value. */
export function builtinAsciiOf(v: Value): Value {
  const r = reprOf(v);
  if (r == 0) return ERR;
  if (strIsAscii(r)) return boxPtr(r);
  const b = builderNew(strByteLength(r) + 8);
  if (b == 0) {
    decref(boxPtr(r));
    return ERR;
  }
  const p = strData(r);
  const n = strByteLength(r);
  for (let i: u32 = 0; i < n; ) {
    const c = decodeAt(p + i);
    i += seqLen(c);
    if (c < 0x80) {
      builderByte(b, c);
      continue;
    }
    builderByte(b, 0x5C);
    const digits: i32 = c <= 0xFF ? 2 : c <= 0xFFFF ? 4 : 8;
    builderByte(b, digits == 2 ? 0x78 : digits == 4 ? 0x75 : 0x55);
    for (let k = digits - 1; k >= 0; k--) {
      const d = (c >> (<u32>k << 2)) & 0xF;
      builderByte(b, d < 10 ? 0x30 + d : 0x57 + d);
    }
  }
  decref(boxPtr(r));
  const s = builderFinish(b);
  return s == 0 ? ERR : boxPtr(s);
}

/** The mapping of str.format_map (named fields are looked up in it), or 0. */
let formatMapping: Value = 0;

/** str.format_map(mapping) */
export function strFormatMapMethod(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("str.format_map", argc, kw)) return ERR;
  const saved = formatMapping;
  formatMapping = argAt(argv, 0);
  const r = formatWith(self, argv, 0, NONE);
  formatMapping = saved;
  return r;
}

let autoIndex: i64 = 0;
let numbering: i32 = 0; // 0 unknown, 1 automatic, 2 manual

/** str.format(*args, **kwargs) */
export function strFormatMethod(self: Value, argv: usize, argc: u32, kw: Value): Value {
  const saved = formatMapping;
  formatMapping = 0;
  const r = formatWith(self, argv, argc, kw);
  formatMapping = saved;
  return r;
}

function formatWith(self: Value, argv: usize, argc: u32, kw: Value): Value {
  autoIndex = 0;
  numbering = 0;
  const nkw = kwCount(kw);
  const b = builderNew(strByteLength(S(self)) + 16);
  if (b == 0) return ERR;
  if (!formatInto(b, S(self), argv, argc - nkw, kw, 2)) {
    builderDiscard(b);
    return ERR;
  }
  const r = builderFinish(b);
  return r == 0 ? ERR : boxPtr(r);
}

function formatInto(b: usize, fmt: usize, argv: usize, npos: u32, kw: Value, depth: i32): bool {
  const p = strData(fmt);
  const n = strByteLength(fmt);
  let i: u32 = 0;
  while (i < n) {
    const c = <u32>load<u8>(p + i);
    if (c == 0x7D) {
      if (i + 1 < n && load<u8>(p + i + 1) == 0x7D) {
        builderByte(b, 0x7D);
        i += 2;
        continue;
      }
      raise(ValueError, "Single '}' encountered in format string");
      return false;
    }
    if (c != 0x7B) {
      builderByte(b, c);
      i++;
      continue;
    }
    if (i + 1 < n && load<u8>(p + i + 1) == 0x7B) {
      builderByte(b, 0x7B);
      i += 2;
      continue;
    }
    // A replacement field: find its end, allowing nested braces in the spec.
    let j = i + 1;
    let nest = 1;
    while (j < n) {
      const d = load<u8>(p + j);
      if (d == 0x7B) nest++;
      else if (d == 0x7D) {
        nest--;
        if (nest == 0) break;
      }
      j++;
    }
    if (j >= n) {
      let spec = false;
      for (let q = i + 1; q < n; q++) if (load<u8>(p + q) == 0x3A || load<u8>(p + q) == 0x21) spec = true;
      raise(ValueError, i + 1 == n ? "Single '{' encountered in format string"
        : spec || nest > 1 ? "unmatched '{' in format spec" : "expected '}' before end of string");
      return false;
    }
    if (depth <= 0) {
      raise(ValueError, "Max string recursion exceeded");
      return false;
    }
    if (!formatField(b, p + i + 1, j - i - 1, argv, npos, kw, depth)) return false;
    i = j + 1;
  }
  return true;
}

function formatField(b: usize, p: usize, n: u32, argv: usize, npos: u32, kw: Value, depth: i32): bool {
  // field_name [!conv] [:spec]
  let nameEnd: u32 = 0;
  while (nameEnd < n && load<u8>(p + nameEnd) != 0x21 && load<u8>(p + nameEnd) != 0x3A) {
    if (load<u8>(p + nameEnd) == 0x5B) {
      while (nameEnd < n && load<u8>(p + nameEnd) != 0x5D) nameEnd++;
    }
    nameEnd++;
  }
  if (nameEnd > n) nameEnd = n;
  let conv: u32 = 0;
  let specStart = n;
  let k = nameEnd;
  if (k < n && load<u8>(p + k) == 0x21) {
    if (k + 1 >= n) {
      raise(ValueError, "end of string while looking for conversion specifier");
      return false;
    }
    conv = load<u8>(p + k + 1);
    k += 2;
    if (k < n && load<u8>(p + k) != 0x3A) {
      raise(ValueError, "expected ':' after conversion specifier");
      return false;
    }
  }
  if (k < n && load<u8>(p + k) == 0x3A) specStart = k + 1;
  // The first part of the name: an index, a keyword, or empty (automatic numbering).
  let first: u32 = 0;
  while (first < nameEnd && load<u8>(p + first) != 0x2E && load<u8>(p + first) != 0x5B) first++;
  let obj: Value;
  if (first == 0) {
    if (numbering == 2) {
      raise(ValueError, "cannot switch from manual field specification to automatic field numbering");
      return false;
    }
    numbering = 1;
    const idx = autoIndex++;
    if (idx >= <i64>npos) {
      raiseWithStr(IndexError, fmtMsg("Replacement index %d out of range for positional args tuple", idx));
      return false;
    }
    obj = argAt(argv, <u32>idx);
    incref(obj);
  } else if (allDigits(p, first)) {
    if (numbering == 1) {
      raise(ValueError, "cannot switch from automatic field numbering to manual field specification");
      return false;
    }
    numbering = 2;
    let idx: i64 = 0;
    for (let q: u32 = 0; q < first; q++) idx = idx * 10 + <i64>(load<u8>(p + q) - 0x30);
    if (idx >= <i64>npos) {
      raiseWithStr(IndexError, fmtMsg("Replacement index %d out of range for positional args tuple", idx));
      return false;
    }
    obj = argAt(argv, <u32>idx);
    incref(obj);
  } else {
    const key = strFromUtf8(p, first);
    if (key == 0) return false;
    obj = 0;
    if (formatMapping != 0) {
      obj = rt_getitem(formatMapping, boxPtr(key));
      decref(boxPtr(key));
      if (obj == ERR) return false;
    } else {
    const nkw = kwCount(kw);
    for (let q: u32 = 0; q < nkw; q++) {
      const name = unboxPtr(tupleItem(unboxPtr(kw), q));
      if (strByteLength(name) == first && memory.compare(strData(name), p, first) == 0) {
        obj = argAt(argv, npos + q);
        incref(obj);
        break;
      }
    }
    if (obj == 0) {
      raiseWithValue2(KeyError, key);
      decref(boxPtr(key));
      return false;
    }
    decref(boxPtr(key));
    }
  }
  // .attr and [key] parts
  let q = first;
  while (q < nameEnd) {
    const d = load<u8>(p + q);
    if (d == 0x2E) {
      let e = q + 1;
      while (e < nameEnd && load<u8>(p + e) != 0x2E && load<u8>(p + e) != 0x5B) e++;
      const attr = strFromUtf8(p + q + 1, e - q - 1);
      if (attr == 0) { decref(obj); return false; }
      const next = rt_getattr(obj, boxPtr(attr));
      decref(boxPtr(attr));
      decref(obj);
      if (next == ERR) return false;
      obj = next;
      q = e;
    } else if (d == 0x5B) {
      let e = q + 1;
      while (e < nameEnd && load<u8>(p + e) != 0x5D) e++;
      let keyV: Value;
      if (allDigits(p + q + 1, e - q - 1) && e > q + 1) {
        keyV = intFromDigitBytes(p + q + 1, e - q - 1);
      } else {
        const ks = strFromUtf8(p + q + 1, e - q - 1);
        keyV = ks == 0 ? ERR : boxPtr(ks);
      }
      if (keyV == ERR) { decref(obj); return false; }
      const next = rt_getitem(obj, keyV);
      decref(keyV);
      decref(obj);
      if (next == ERR) return false;
      obj = next;
      q = e + 1;
    } else {
      decref(obj);
      raise(ValueError, "Only '.' or '[' may follow ']' in format field specifier");
      return false;
    }
  }
  // conversion
  if (conv != 0) {
    let converted: Value;
    if (conv == 0x72) {
      const r = reprOf(obj);
      converted = r == 0 ? ERR : boxPtr(r);
    } else if (conv == 0x73) {
      const r = strOf(obj);
      converted = r == 0 ? ERR : boxPtr(r);
    } else if (conv == 0x61) {
      converted = builtinAsciiOf(obj);
    } else {
      decref(obj);
      const cs = strFromUtf8(p + nameEnd + 1, 1);
      raiseWithStr(ValueError, fmtMsg("Unknown conversion specifier %s", cs));
      decref(boxPtr(cs));
      return false;
    }
    decref(obj);
    if (converted == ERR) return false;
    obj = converted;
  }
  // the spec, with nested fields expanded
  let spec: usize = 0;
  if (specStart < n) {
    const sb = builderNew(n - specStart);
    if (sb == 0) { decref(obj); return false; }
    const raw = strFromUtf8(p + specStart, n - specStart);
    if (raw == 0) { builderDiscard(sb); decref(obj); return false; }
    const ok = formatInto(sb, raw, argv, npos, kw, depth - 1);
    decref(boxPtr(raw));
    if (!ok) { builderDiscard(sb); decref(obj); return false; }
    spec = builderFinish(sb);
    if (spec == 0) { decref(obj); return false; }
  }
  const r = formatValue(obj, spec);
  decref(obj);
  if (spec != 0) decref(boxPtr(spec));
  if (r == ERR) return false;
  builderStr(b, unboxPtr(r));
  decref(r);
  return true;
}

import { raiseWithValue } from "./exceptions";
function raiseWithValue2(t: usize, key: usize): void { raiseWithValue(t, boxPtr(key)); }

function allDigits(p: usize, n: u32): bool {
  for (let i: u32 = 0; i < n; i++) {
    const c = load<u8>(p + i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return n > 0;
}

// ---- str.maketrans / str.translate -----------------------------------------------------------

import { dictNew, dictSetItem, dictEntryCount, dictEntryKey, dictEntryValue, isDeletedKey } from "./dict";
import { DICT_TYPE, isUserObject } from "./object";
import { LookupError, exceptionMatchesPending, rt_err_clear } from "./exceptions";
import { builderNew, builderCodePoint, builderStr, builderFinish, builderDiscard } from "./format";
import { decodeAt, seqLengthAt, strLength } from "./str";

/** str.maketrans(x[, y[, z]]): a dict from code points to str, int or None. */
export function strMaketrans(argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("maketrans", argc, kw, 1, 3)) return ERR;
  const d = dictNew();
  if (d == 0) return ERR;
  const out = boxPtr(d);
  const x = argAt(argv, 0);
  if (argc == 1) {
    if (!isObjectOf(x, DICT_TYPE)) { decref(out); return raise(TypeError, "if you give only one argument to maketrans it must be a dict"); }
    const src = unboxPtr(x);
    for (let i: u32 = 0; i < dictEntryCount(src); i++) {
      const k = dictEntryKey(src, i);
      if (isDeletedKey(k)) continue;
      let key: Value = k;
      if (isObjectOf(k, STR_TYPE)) {
        if (strLength(unboxPtr(k)) != 1) { decref(out); return raise(ValueError, "string keys in translate table must be of length 1"); }
        key = boxSmall(decodeAt(strData(unboxPtr(k))));
      } else if (!isInt(k)) {
        decref(out);
        return raise(TypeError, "keys in translate table must be strings or integers");
      }
      if (dictSetItem(d, key, dictEntryValue(src, i)) < 0) { decref(out); return ERR; }
    }
    return out;
  }
  const y = argAt(argv, 1);
  if (!isObjectOf(x, STR_TYPE)) { decref(out); return raiseWithStr(TypeError, fmtMsg("maketrans() argument 1 must be str, not %s", typeName(typeOf(x)))); }
  if (!isObjectOf(y, STR_TYPE)) { decref(out); return raiseWithStr(TypeError, fmtMsg("maketrans() argument 2 must be str, not %s", typeName(typeOf(y)))); }
  const xs = unboxPtr(x), ys = unboxPtr(y);
  if (strLength(xs) != strLength(ys)) { decref(out); return raise(ValueError, "the first two maketrans arguments must have equal length"); }
  let px = strData(xs), py = strData(ys);
  const ex = px + <usize>strByteLength(xs);
  while (px < ex) {
    if (dictSetItem(d, boxSmall(decodeAt(px)), boxSmall(decodeAt(py))) < 0) { decref(out); return ERR; }
    px += seqLengthAt(px);
    py += seqLengthAt(py);
  }
  if (argc == 3) {
    const z = argAt(argv, 2);
    if (!isObjectOf(z, STR_TYPE)) { decref(out); return raiseWithStr(TypeError, fmtMsg("maketrans() argument 3 must be str, not %s", typeName(typeOf(z)))); }
    let pz = strData(unboxPtr(z));
    const ez = pz + <usize>strByteLength(unboxPtr(z));
    while (pz < ez) {
      if (dictSetItem(d, boxSmall(decodeAt(pz)), NONE) < 0) { decref(out); return ERR; }
      pz += seqLengthAt(pz);
    }
  }
  return out;
}

/** str.translate(table): each character through table[ord(c)] (a LookupError keeps it). */
export function strTranslate(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("str.translate", argc, kw)) return ERR;
  const table = argAt(argv, 0);
  const s = unboxPtr(self);
  const b = builderNew(strByteLength(s));
  if (b == 0) return ERR;
  let p = strData(s);
  const end = p + <usize>strByteLength(s);
  while (p < end) {
    const c = decodeAt(p);
    p += seqLengthAt(p);
    const r = rt_getitem(table, boxSmall(c));
    if (r == ERR) {
      if (!exceptionMatchesPending(LookupError)) { builderDiscard(b); return ERR; }
      rt_err_clear();
      builderCodePoint(b, c);
      continue;
    }
    if (isNone(r)) continue;
    if (isObjectOf(r, STR_TYPE)) {
      builderStr(b, unboxPtr(r));
      decref(r);
      continue;
    }
    if (isSmallOrBool(r)) {
      const n = unboxSmall(r);
      if (n < 0 || n > 0x10FFFF) { builderDiscard(b); return raise(ValueError, "character mapping must be in range(0x110000)"); }
      builderCodePoint(b, <u32>n);
      continue;
    }
    decref(r);
    builderDiscard(b);
    return raise(TypeError, "character mapping must return integer, None or str");
  }
  const out = builderFinish(b);
  return out == 0 ? ERR : boxPtr(out);
}
