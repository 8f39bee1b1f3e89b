// bytes % args (PEP 461): %s/%b insert bytes-likes, %r/%a ascii(), %c one byte; the numeric
// conversions are formatted as str's %-formatting does (strfmt.ts), then copied as ASCII.
import { Value, ERR, boxPtr, unboxPtr, unboxSmall, isSmallInt, isBool } from "./value";
import { STR_TYPE, TUPLE_TYPE, DICT_TYPE, typeOf, typeName, isObjectOf, incref, decref, typeKind, Kind, isUserObject } from "./object";
import { raise, raiseWithStr, TypeError, ValueError, OverflowError } from "./exceptions";
import { fmtMsg, builderNew, builderByte, builderFinish } from "./format";
import { strData, strByteLength } from "./str";
import { tupleLength, tupleItem, tupleFrom1 } from "./tuple";
import { isInt, isSmallOrBool } from "./int";
import { percentFormat } from "./strfmt";
import { builtinAsciiOf } from "./strmethods";
import { rt_getitem } from "./ops";
import { bLen, bData, isBytesLike, isByteArray, bytearrayAlloc, bytearrayPush, bytearrayPushByte, finishBuffer, newBytesOf } from "./bytes";

function nextArg(args: Value, isTuple: bool, count: i64, index: i64): Value {
  if (index >= count) return raise(TypeError, "not enough arguments for format string");
  return isTuple ? tupleItem(unboxPtr(args), <u32>index) : args;
}

/** Appends n bytes at q padded to width (and cut to prec), left- or right-aligned. */
function pushPadded(out: usize, q: usize, n: u32, width: i64, prec: i64, left: bool): void {
  if (prec >= 0 && <i64>n > prec) n = <u32>prec;
  const pad = width > <i64>n ? <u32>(width - <i64>n) : 0;
  if (!left) for (let k: u32 = 0; k < pad; k++) bytearrayPushByte(out, 0x20);
  bytearrayPush(out, q, n);
  if (left) for (let k: u32 = 0; k < pad; k++) bytearrayPushByte(out, 0x20);
}

export function bytesPercent(fmtV: Value, args: Value): Value {
  const fp = unboxPtr(fmtV);
  const n = bLen(fp);
  // The format's bytes may move if args is the same bytearray: work on a copy.
  const copy = newBytesOf(false, bData(fp), n);
  if (copy == ERR) return ERR;
  const p = bData(unboxPtr(copy));
  const isTuple = isObjectOf(args, TUPLE_TYPE);
  const argCount: i64 = isTuple ? <i64>tupleLength(unboxPtr(args)) : 1;
  let argIndex: i64 = 0;
  const k = typeKind(typeOf(args));
  const mapping = !isTuple && !isBytesLike(args) && !isObjectOf(args, STR_TYPE) && (k == Kind.DICT || isUserObject(args));
  let usedMapping = false;
  const out = bytearrayAlloc(n + 16);
  if (out == 0) { decref(copy); return ERR; }
  let i: u32 = 0;
  let failed = false;
  while (i < n && !failed) {
    const c = <u32>load<u8>(p + i);
    if (c != 0x25) {
      bytearrayPushByte(out, c);
      i++;
      continue;
    }
    i++;
    if (i >= n) { raise(ValueError, "incomplete format"); failed = true; break; }
    let item: Value = 0;
    let ownItem = false;
    if (load<u8>(p + i) == 0x28) {
      if (!mapping) { raise(TypeError, "format requires a mapping"); failed = true; break; }
      let depth = 1;
      let j = i + 1;
      while (j < n && depth > 0) {
        const d = load<u8>(p + j);
        if (d == 0x28) depth++;
        else if (d == 0x29) depth--;
        j++;
      }
      if (depth > 0) { raise(ValueError, "incomplete format key"); failed = true; break; }
      const key = newBytesOf(false, p + i + 1, j - i - 2);
      if (key == ERR) { failed = true; break; }
      item = rt_getitem(args, key);
      decref(key);
      if (item == ERR) { failed = true; break; }
      ownItem = true;
      usedMapping = true;
      i = j;
    }
    // Flags, width, precision: kept as text for the numeric conversions.
    const specStart = i;
    let left = false;
    for (; i < n; i++) {
      const f = load<u8>(p + i);
      if (f == 0x2D) left = true;
      else if (f != 0x2B && f != 0x20 && f != 0x23 && f != 0x30) break;
    }
    const flagsEnd = i;
    let width: i64 = -1;
    let prec: i64 = -1;
    let starWidth: Value = 0, starPrec: Value = 0;
    if (i < n && load<u8>(p + i) == 0x2A) {
      i++;
      const w = nextArg(args, isTuple, argCount, argIndex++);
      if (w == ERR) { failed = true; if (ownItem) decref(item); break; }
      if (!isSmallInt(w) && !isBool(w)) { raise(TypeError, "* wants int"); failed = true; if (ownItem) decref(item); break; }
      width = unboxSmall(w);
      if (width < 0) { left = true; width = -width; }
      starWidth = w;
    } else {
      while (i < n && load<u8>(p + i) >= 0x30 && load<u8>(p + i) <= 0x39) {
        if (width < 0) width = 0;
        width = width * 10 + <i64>(load<u8>(p + i) - 0x30);
        i++;
      }
    }
    if (i < n && load<u8>(p + i) == 0x2E) {
      i++;
      prec = 0;
      if (i < n && load<u8>(p + i) == 0x2A) {
        i++;
        const w = nextArg(args, isTuple, argCount, argIndex++);
        if (w == ERR) { failed = true; if (ownItem) decref(item); break; }
        if (!isSmallInt(w) && !isBool(w)) { raise(TypeError, "* wants int"); failed = true; if (ownItem) decref(item); break; }
        prec = unboxSmall(w);
        if (prec < 0) prec = 0;
        starPrec = w;
      } else {
        while (i < n && load<u8>(p + i) >= 0x30 && load<u8>(p + i) <= 0x39) {
          prec = prec * 10 + <i64>(load<u8>(p + i) - 0x30);
          i++;
        }
      }
    }
    while (i < n && (load<u8>(p + i) == 0x68 || load<u8>(p + i) == 0x6C || load<u8>(p + i) == 0x4C)) i++;
    if (i >= n) { raise(ValueError, "incomplete format"); failed = true; if (ownItem) decref(item); break; }
    const conv = <u32>load<u8>(p + i);
    const convAt = i;
    i++;
    if (conv == 0x25) {
      if (ownItem) decref(item);
      bytearrayPushByte(out, 0x25);
      continue;
    }
    if (item == 0) {
      item = nextArg(args, isTuple, argCount, argIndex++);
      if (item == ERR) { failed = true; break; }
    }
    if (conv == 0x73 || conv == 0x62) {
      if (isBytesLike(item)) {
        const q = unboxPtr(item);
        pushPadded(out, bData(q), bLen(q), width, prec, left);
      } else {
        raiseWithStr(TypeError, fmtMsg("%b requires a bytes-like object, or an object that implements __bytes__, not '%s'", typeName(typeOf(item))));
        failed = true;
      }
    } else if (conv == 0x72 || conv == 0x61) {
      const r = builtinAsciiOf(item);
      if (r == ERR) failed = true;
      else {
        pushPadded(out, strData(unboxPtr(r)), strByteLength(unboxPtr(r)), width, prec, left);
        decref(r);
      }
    } else if (conv == 0x63) {
      let byte: i32 = -1;
      if (isBytesLike(item) && bLen(unboxPtr(item)) == 1) byte = load<u8>(bData(unboxPtr(item)));
      else if (isInt(item)) {
        const x = isSmallOrBool(item) ? unboxSmall(item) : -1;
        if (x < 0 || x > 255) { raise(OverflowError, "%c arg not in range(256)"); failed = true; }
        else byte = <i32>x;
      } else {
        raise(TypeError, "%c requires an integer in range(256) or a single byte");
        failed = true;
      }
      if (!failed) {
        store<u8>(BYTE1, <u8>byte);
        pushPadded(out, BYTE1, 1, width, -1, left);
      }
    } else if (conv == 0x64 || conv == 0x69 || conv == 0x75 || conv == 0x6F || conv == 0x78 || conv == 0x58
      || conv == 0x65 || conv == 0x45 || conv == 0x66 || conv == 0x46 || conv == 0x67 || conv == 0x47) {
      // "%" + flags + width + precision + conv, as a str format over (item,).
      const sb = builderNew(24);
      if (sb == 0) failed = true;
      else {
        builderByte(sb, 0x25);
        for (let q = specStart; q < flagsEnd; q++) builderByte(sb, load<u8>(p + q));
        if (starWidth != 0 || starPrec != 0) {
          // Widths from * arguments: written out as digits.
          if (left && starWidth != 0) builderByte(sb, 0x2D);
          if (width >= 0) pushDigits(sb, width);
          if (prec >= 0) { builderByte(sb, 0x2E); pushDigits(sb, prec); }
        } else {
          for (let q = flagsEnd; q < convAt; q++) builderByte(sb, load<u8>(p + q));
        }
        builderByte(sb, conv);
        const spec = builderFinish(sb);
        if (spec == 0) failed = true;
        else {
          incref(item);
          const one = tupleFrom1(item);
          if (one == 0) failed = true;
          else {
            const r = percentFormat(spec, boxPtr(one));
            decref(boxPtr(one));
            if (r == ERR) failed = true;
            else {
              bytearrayPush(out, strData(unboxPtr(r)), strByteLength(unboxPtr(r)));
              decref(r);
            }
          }
          decref(boxPtr(spec));
        }
      }
    } else {
      raiseWithStr(ValueError, fmtMsg("unsupported format character '%s' (0x%s) at index %d", charText(conv), hexText(conv), <i64>convAt));
      failed = true;
    }
    if (ownItem) decref(item);
  }
  decref(copy);
  if (!failed && !mapping && !usedMapping && argIndex < argCount) {
    raise(TypeError, "not all arguments converted during bytes formatting");
    failed = true;
  }
  if (failed) {
    decref(boxPtr(out));
    return ERR;
  }
  return finishBuffer(out, isByteArray(fmtV));
}

const BYTE1: usize = memory.data(8, 8);

function pushDigits(b: usize, x: i64): void {
  let d: i64 = 1;
  while (d * 10 <= x) d *= 10;
  for (; d > 0; d /= 10) builderByte(b, <u32>(0x30 + (x / d) % 10));
}

function charText(c: u32): usize {
  const b = builderNew(2);
  if (b == 0) return 0;
  builderByte(b, c < 0x80 ? c : 0x3F);
  return builderFinish(b);
}

function hexText(c: u32): usize {
  const b = builderNew(4);
  if (b == 0) return 0;
  const hi = c >> 4, lo = c & 15;
  if (hi != 0) builderByte(b, hi < 10 ? 0x30 + hi : 0x57 + hi);
  builderByte(b, lo < 10 ? 0x30 + lo : 0x57 + lo);
  return builderFinish(b);
}
