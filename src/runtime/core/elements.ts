// Packed native elements, shared by array.array and memoryview: a format character names a C
// type as CPython's struct module does on 64-bit Linux (native sizes, little-endian, `l` and
// `L` 8 bytes, `u` a 4-byte wchar_t), and these functions move one element between its bytes
// and a Python value. The two types convert differently: an array raises CPython's
// OverflowError and TypeError of each C conversion, a memoryview its own "invalid value/type
// for format" errors.
import { Value, ERR, UNBOUND, boxPtr, unboxPtr, boxSmall, boxBool, boxFloat, unboxFloat, isFloat } from "./value";
import { STR_TYPE, typeOf, typeName, isObjectOf, isUserObject, decref } from "./object";
import { raise, raiseWithStr, TypeError, ValueError, OverflowError, exceptionMatchesPending, rt_err_clear } from "./exceptions";
import { fmtMsg, builderNew, builderCodePoint, builderFinish } from "./format";
import { strData, strLength, decodeAt, charStr } from "./str";
import { isInt, bigSign, intFromI64, intToF64, floatResult, intMagnitudeU64, u64Result, intFromMagnitude } from "./int";
import { userNumber, S_INDEX, S_FLOAT } from "./classes";
import { rt_truthy } from "./ops";
import { BYTES_TYPE, bytesAlloc, bData, bLen } from "./bytes";

export const FMT_b: u32 = 0x62;
export const FMT_B: u32 = 0x42;
export const FMT_h: u32 = 0x68;
export const FMT_H: u32 = 0x48;
export const FMT_i: u32 = 0x69;
export const FMT_I: u32 = 0x49;
export const FMT_l: u32 = 0x6C;
export const FMT_L: u32 = 0x4C;
export const FMT_q: u32 = 0x71;
export const FMT_Q: u32 = 0x51;
export const FMT_f: u32 = 0x66;
export const FMT_d: u32 = 0x64;
export const FMT_u: u32 = 0x75;
/** memoryview only: a bytes of length 1, a bool, and what a view of a 'u' array calls its items. */
export const FMT_c: u32 = 0x63;
export const FMT_BOOL: u32 = 0x3F;
export const FMT_w: u32 = 0x77;

/** The size in bytes of one element of a format, 0 if Molt does not know the format. */
export function itemSize(code: u32): u32 {
  switch (code) {
    case FMT_b: case FMT_B: case FMT_c: case FMT_BOOL: return 1;
    case FMT_h: case FMT_H: return 2;
    case FMT_i: case FMT_I: case FMT_f: case FMT_u: case FMT_w: return 4;
    case FMT_l: case FMT_L: case FMT_q: case FMT_Q: case FMT_d: return 8;
  }
  return 0;
}

/** Does the format hold floats? */
export function isFloatFormat(code: u32): bool { return code == FMT_f || code == FMT_d; }

/** The element at p as a Python value (a new reference), or ERR. */
export function loadItem(code: u32, p: usize): Value {
  switch (code) {
    case FMT_b: return boxSmall(<i64>load<i8>(p));
    case FMT_B: return boxSmall(<i64>load<u8>(p));
    case FMT_h: return boxSmall(<i64>load<i16>(p));
    case FMT_H: return boxSmall(<i64>load<u16>(p));
    case FMT_i: return boxSmall(<i64>load<i32>(p));
    case FMT_I: return boxSmall(<i64>load<u32>(p));
    case FMT_l: case FMT_q: return intFromI64(load<i64>(p));
    case FMT_L: case FMT_Q: return intFromMagnitude(load<u64>(p), false);
    case FMT_f: return boxFloat(<f64>load<f32>(p));
    case FMT_d: return boxFloat(load<f64>(p));
    case FMT_u: return codePointStr(load<u32>(p));
    case FMT_BOOL: return boxBool(load<u8>(p) != 0);
    case FMT_c: {
      const b = bytesAlloc(1);
      if (b == 0) return ERR;
      store<u8>(bData(b), load<u8>(p));
      return boxPtr(b);
    }
  }
  return <Value>unreachable();
}

/** The one-character str of code point c; ValueError for what is not a code point. */
function codePointStr(c: u32): Value {
  if (c > 0x10FFFF) return raiseWithStr(ValueError, fmtMsg("character U+%s is not in range [U+0000; U+10FFFF]", hexText(c)));
  if (c < 0x80) return charStr(c);
  const b = builderNew(4);
  if (b == 0) return ERR;
  builderCodePoint(b, c);
  const s = builderFinish(b);
  return s == 0 ? ERR : boxPtr(s);
}

function hexText(c: u32): usize {
  const b = builderNew(8);
  if (b == 0) return 0;
  let digits = 1;
  for (let t = c >> 4; t != 0; t >>= 4) digits++;
  for (let k = digits - 1; k >= 0; k--) {
    const d = (c >> (<u32>k << 2)) & 15;
    builderCodePoint(b, d < 10 ? 0x30 + d : 0x61 + d - 10);
  }
  return builderFinish(b);
}

// ---- reading an int operand --------------------------------------------------------------------

// The int being stored: its sign, its magnitude and whether that is below 2^64.
let opNeg = false;
let opMag: u64 = 0;
let opFits = false;

/**
 * v as an int (ints, bools, objects with __index__): a new reference, or ERR with CPython's
 * "'T' object cannot be interpreted as an integer".
 */
function intOperand(v: Value): Value {
  if (isInt(v)) return v;
  if (isUserObject(v)) {
    const i = userNumber(v, S_INDEX);
    if (i != UNBOUND) return i;
  }
  return raiseWithStr(TypeError, fmtMsg("'%s' object cannot be interpreted as an integer", typeName(typeOf(v))));
}

function readInt(v: Value): void {
  opFits = intMagnitudeU64(v);
  opMag = u64Result;
  opNeg = bigSign(v) < 0;
}

// @ts-ignore: decorator
@inline function fitsI64(): bool { return opFits && (opNeg ? opMag <= 0x8000_0000_0000_0000 : opMag < 0x8000_0000_0000_0000); }
// -2^63's magnitude negates to itself as an i64: still the right value.
// @ts-ignore: decorator
@inline function asI64(): i64 { return opNeg ? -<i64>opMag : <i64>opMag; }

function overflow(msg: string): bool {
  raise(OverflowError, msg);
  return false;
}

// ---- array.array's conversions -----------------------------------------------------------------

/**
 * Stores v at p as array.array does for `code`: false with CPython's error. The messages are
 * those of the C conversion each typecode goes through (PyArg_Parse's "h", "b", "i", ... and
 * PyLong_AsUnsigned*), so 'b' names a short before a char and 'H' an int before a short.
 */
export function storeArrayItem(code: u32, p: usize, v: Value): bool {
  if (isFloatFormat(code)) {
    const x = realOperand(v);
    if (x == ERR) {
      if (exceptionMatchesPending(TypeError) && realTypeError) {
        rt_err_clear();
        raiseWithStr(TypeError, fmtMsg("must be real number, not %s", typeName(typeOf(v))));
      }
      return false;
    }
    if (code == FMT_f) store<f32>(p, <f32>unboxFloat(x));
    else store<f64>(p, unboxFloat(x));
    return true;
  }
  if (code == FMT_u) {
    if (!isObjectOf(v, STR_TYPE) || strLength(unboxPtr(v)) != 1) {
      raise(TypeError, "array item must be unicode character");
      return false;
    }
    store<u32>(p, decodeAt(strData(unboxPtr(v))));
    return true;
  }
  const n = intOperand(v);
  if (n == ERR) return false;
  readInt(n);
  if (n != v) decref(n);
  return storeArrayInt(code, p);
}

function storeArrayInt(code: u32, p: usize): bool {
  if (code == FMT_I || code == FMT_L) {
    if (opNeg) return overflow("can't convert negative value to unsigned int");
    if (!opFits) return overflow("Python int too large to convert to C unsigned long");
    if (code == FMT_I) {
      if (opMag > 0xFFFF_FFFF) return overflow("unsigned int is greater than maximum");
      store<u32>(p, <u32>opMag);
    } else store<u64>(p, opMag);
    return true;
  }
  if (code == FMT_Q) {
    if (opNeg) return overflow("can't convert negative int to unsigned");
    if (!opFits) return overflow("int too big to convert");
    store<u64>(p, opMag);
    return true;
  }
  if (!fitsI64()) return overflow(code == FMT_q ? "int too big to convert" : "Python int too large to convert to C long");
  const x = asI64();
  switch (code) {
    case FMT_l: case FMT_q: store<i64>(p, x); return true;
    case FMT_b:
      if (x < -32768) return overflow("signed short integer is less than minimum");
      if (x > 32767) return overflow("signed short integer is greater than maximum");
      if (x < -128) return overflow("signed char is less than minimum");
      if (x > 127) return overflow("signed char is greater than maximum");
      store<i8>(p, <i8>x);
      return true;
    case FMT_B:
      if (x < 0) return overflow("unsigned byte integer is less than minimum");
      if (x > 255) return overflow("unsigned byte integer is greater than maximum");
      store<u8>(p, <u8>x);
      return true;
    case FMT_h:
      if (x < -32768) return overflow("signed short integer is less than minimum");
      if (x > 32767) return overflow("signed short integer is greater than maximum");
      store<i16>(p, <i16>x);
      return true;
    case FMT_H:
      if (x < -0x8000_0000) return overflow("signed integer is less than minimum");
      if (x > 0x7FFF_FFFF) return overflow("signed integer is greater than maximum");
      if (x < 0) return overflow("unsigned short is less than minimum");
      if (x > 0xFFFF) return overflow("unsigned short is greater than maximum");
      store<u16>(p, <u16>x);
      return true;
    case FMT_i:
      if (x < -0x8000_0000) return overflow("signed integer is less than minimum");
      if (x > 0x7FFF_FFFF) return overflow("signed integer is greater than maximum");
      store<i32>(p, <i32>x);
      return true;
  }
  return <bool>unreachable();
}

/** Was the last realOperand failure "not a number" (rather than an error of the object's own)? */
let realTypeError = false;

/**
 * v as a float (floats, ints, objects with __float__ or __index__), as PyFloat_AsDouble
 * converts it: the float, or ERR (a TypeError for anything else, OverflowError for an int
 * too large).
 */
function realOperand(v: Value): Value {
  realTypeError = false;
  if (isFloat(v)) return v;
  if (isInt(v)) return intToF64(v) ? boxFloat(floatResult) : ERR;
  if (isUserObject(v)) {
    const f = userNumber(v, S_FLOAT);
    if (f != UNBOUND) return f;
    const i = userNumber(v, S_INDEX);
    if (i == ERR) return ERR;
    if (i != UNBOUND) {
      const r = intToF64(i) ? boxFloat(floatResult) : ERR;
      decref(i);
      return r;
    }
  }
  realTypeError = true;
  return raise(TypeError, "must be real number");
}

// ---- memoryview's conversions ------------------------------------------------------------------

function invalid(type: bool, code: u32): bool {
  const f = charStr(code);
  raiseWithStr(type ? TypeError : ValueError, fmtMsg(type ? "memoryview: invalid type for format '%s'" : "memoryview: invalid value for format '%s'", unboxPtr(f)));
  return false;
}

/** Stores v at p as memoryview item assignment does: false with "invalid type/value for format". */
export function storeViewItem(code: u32, p: usize, v: Value): bool {
  if (code == FMT_BOOL) {
    const t = rt_truthy(v);
    if (t < 0) return false;
    store<u8>(p, <u8>t);
    return true;
  }
  if (code == FMT_c) {
    if (!isObjectOf(v, BYTES_TYPE)) return invalid(true, code);
    if (bLen(unboxPtr(v)) != 1) return invalid(false, code);
    store<u8>(p, load<u8>(bData(unboxPtr(v))));
    return true;
  }
  if (isFloatFormat(code)) {
    const x = realOperand(v);
    if (x == ERR) return retypeError(code);
    if (code == FMT_f) store<f32>(p, <f32>unboxFloat(x));
    else store<f64>(p, unboxFloat(x));
    return true;
  }
  const n = intOperand(v);
  if (n == ERR) return retypeError(code);
  readInt(n);
  if (n != v) decref(n);
  let ok: bool;
  switch (code) {
    case FMT_B: ok = !opNeg && opFits && opMag <= 0xFF; break;
    case FMT_H: ok = !opNeg && opFits && opMag <= 0xFFFF; break;
    case FMT_I: ok = !opNeg && opFits && opMag <= 0xFFFF_FFFF; break;
    case FMT_L: case FMT_Q: ok = !opNeg && opFits; break;
    default: {
      if (!fitsI64()) return invalid(false, code);
      const x = asI64();
      ok = code == FMT_b ? x >= -128 && x <= 127 : code == FMT_h ? x >= -32768 && x <= 32767 : code == FMT_i ? x >= -0x8000_0000 && x <= 0x7FFF_FFFF : true;
    }
  }
  if (!ok) return invalid(false, code);
  switch (code) {
    case FMT_b: case FMT_B: store<u8>(p, <u8>opMagSigned()); break;
    case FMT_h: case FMT_H: store<u16>(p, <u16>opMagSigned()); break;
    case FMT_i: case FMT_I: store<u32>(p, <u32>opMagSigned()); break;
    default: store<u64>(p, <u64>opMagSigned());
  }
  return true;
}

// The low bits of the operand in two's complement: what a store of any width keeps.
// @ts-ignore: decorator
@inline function opMagSigned(): u64 { return opNeg ? <u64>(-<i64>opMag) : opMag; }

/** CPython's fix_error_int: a TypeError becomes "invalid type", an OverflowError "invalid value". */
function retypeError(code: u32): bool {
  if (exceptionMatchesPending(TypeError)) {
    rt_err_clear();
    return invalid(true, code);
  }
  if (exceptionMatchesPending(OverflowError) || exceptionMatchesPending(ValueError)) {
    rt_err_clear();
    return invalid(false, code);
  }
  return false;
}
