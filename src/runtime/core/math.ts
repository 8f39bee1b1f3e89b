// The `math` module: CPython 3.11's Modules/mathmodule.c, function for function, with its
// argument conversions, special values and error messages. Results must be bit-identical to
// CPython on Linux, so where glibc's libm and AssemblyScript's (musl-derived) NativeMath differ
// the glibc algorithm is ported here (cbrt, log10, log1p, expm1, sinh, cosh, tanh, asinh, acosh,
// atanh, erf, erfc); exp, exp2, log, log2 and pow are the same table-driven code in both; sin,
// cos, tan, asin, acos, atan and atan2 are evaluated in double-double and rounded once, as
// glibc's (nearly always correctly rounded) versions are. gamma and
// lgamma are CPython's own (Lanczos). The integer functions (gcd, lcm, isqrt, factorial, comb,
// perm) are exact on big ints.
//
// Each function is one native, numbered MF_* (natives.ts dispatches Fn.MATH + MF_* here).
import {
  Value, ERR, NONE, UNBOUND, EXHAUSTED, boxPtr, unboxPtr, boxSmall, unboxSmall, boxFloat, unboxFloat, isFloat,
  boxBool, isNone,
} from "./value";
import { TUPLE_TYPE, typeOf, typeName, isUserObject, isObjectOf, incref, decref } from "./object";
import {
  raise, raiseWithStr, raiseMemoryError, rt_err_clear, TypeError, ValueError, OverflowError, ZeroDivisionError,
} from "./exceptions";
import { fmtMsg } from "./format";
import {
  isInt, isSmallOrBool, intToF64, floatResult, intFromF64, intFromI64, intAdd, intSub, intMul, intFloorDiv, intMod,
  intCompare, intLshift, intRshift, intAbs, bigSign, intBitLength, intToI64, i64Result, roundToDouble,
} from "./int";
import { argAt, kwCount, errNoKw, errExpected, bindArgs, boundArg, boundOr } from "./call";
import { callSpecial, S_FLOAT, S_INDEX } from "./classes";
import { rt_get_iter, rt_iter_next } from "./iter";
import { rt_mul } from "./ops";
import { tupleNew, tupleSetItem, tupleLength, tupleItem } from "./tuple";
import { strFromLiteral } from "./str";
import { construct } from "./builtins";
import { alloc, free } from "./alloc";

// ---- the function table -------------------------------------------------------------------------

export const MF_ACOS = 0, MF_ACOSH = 1, MF_ASIN = 2, MF_ASINH = 3, MF_ATAN = 4, MF_ATAN2 = 5, MF_ATANH = 6,
  MF_CBRT = 7, MF_CEIL = 8, MF_COMB = 9, MF_COPYSIGN = 10, MF_COS = 11, MF_COSH = 12, MF_DEGREES = 13, MF_DIST = 14,
  MF_ERF = 15, MF_ERFC = 16, MF_EXP = 17, MF_EXP2 = 18, MF_EXPM1 = 19, MF_FABS = 20, MF_FACTORIAL = 21, MF_FLOOR = 22,
  MF_FMOD = 23, MF_FREXP = 24, MF_FSUM = 25, MF_GAMMA = 26, MF_GCD = 27, MF_HYPOT = 28, MF_ISCLOSE = 29,
  MF_ISFINITE = 30, MF_ISINF = 31, MF_ISNAN = 32, MF_ISQRT = 33, MF_LCM = 34, MF_LDEXP = 35, MF_LGAMMA = 36,
  MF_LOG = 37, MF_LOG10 = 38, MF_LOG1P = 39, MF_LOG2 = 40, MF_MODF = 41, MF_NEXTAFTER = 42, MF_PERM = 43,
  MF_POW = 44, MF_PROD = 45, MF_RADIANS = 46, MF_REMAINDER = 47, MF_SIN = 48, MF_SINH = 49, MF_SQRT = 50,
  MF_TAN = 51, MF_TANH = 52, MF_TRUNC = 53, MF_ULP = 54;
/** Number of functions (natives.ts reserves a range of ids at least this long). */
export const MATH_FUNCTION_COUNT: i32 = 55;

/** The Python name of function i. */
export function mathFunctionName(i: i32): string {
  switch (i) {
    case MF_ACOS: return "acos";
    case MF_ACOSH: return "acosh";
    case MF_ASIN: return "asin";
    case MF_ASINH: return "asinh";
    case MF_ATAN: return "atan";
    case MF_ATAN2: return "atan2";
    case MF_ATANH: return "atanh";
    case MF_CBRT: return "cbrt";
    case MF_CEIL: return "ceil";
    case MF_COMB: return "comb";
    case MF_COPYSIGN: return "copysign";
    case MF_COS: return "cos";
    case MF_COSH: return "cosh";
    case MF_DEGREES: return "degrees";
    case MF_DIST: return "dist";
    case MF_ERF: return "erf";
    case MF_ERFC: return "erfc";
    case MF_EXP: return "exp";
    case MF_EXP2: return "exp2";
    case MF_EXPM1: return "expm1";
    case MF_FABS: return "fabs";
    case MF_FACTORIAL: return "factorial";
    case MF_FLOOR: return "floor";
    case MF_FMOD: return "fmod";
    case MF_FREXP: return "frexp";
    case MF_FSUM: return "fsum";
    case MF_GAMMA: return "gamma";
    case MF_GCD: return "gcd";
    case MF_HYPOT: return "hypot";
    case MF_ISCLOSE: return "isclose";
    case MF_ISFINITE: return "isfinite";
    case MF_ISINF: return "isinf";
    case MF_ISNAN: return "isnan";
    case MF_ISQRT: return "isqrt";
    case MF_LCM: return "lcm";
    case MF_LDEXP: return "ldexp";
    case MF_LGAMMA: return "lgamma";
    case MF_LOG: return "log";
    case MF_LOG10: return "log10";
    case MF_LOG1P: return "log1p";
    case MF_LOG2: return "log2";
    case MF_MODF: return "modf";
    case MF_NEXTAFTER: return "nextafter";
    case MF_PERM: return "perm";
    case MF_POW: return "pow";
    case MF_PROD: return "prod";
    case MF_RADIANS: return "radians";
    case MF_REMAINDER: return "remainder";
    case MF_SIN: return "sin";
    case MF_SINH: return "sinh";
    case MF_SQRT: return "sqrt";
    case MF_TAN: return "tan";
    case MF_TANH: return "tanh";
    case MF_TRUNC: return "trunc";
    case MF_ULP: return "ulp";
  }
  return "";
}

/** Each function's name as an interned str, for messages. */
const NAME_STRS: usize = memory.data(64 * 4, 4);
function nameStr(i: i32): usize { return <usize>load<u32>(NAME_STRS + (<usize>i << 2)); }

/** "math.NAME() takes no keyword arguments" */
function noKeywords(f: i32): Value {
  return raiseWithStr(TypeError, fmtMsg("math.%s() takes no keyword arguments", nameStr(f)));
}

export const MATH_PI: f64 = 3.141592653589793;
export const MATH_E: f64 = 2.718281828459045;
export const MATH_TAU: f64 = 6.283185307179586;

let S_CEIL: usize = 0;
let S_FLOOR: usize = 0;
let S_TRUNC: usize = 0;

export function initMath(): void {
  S_CEIL = strFromLiteral("__ceil__", true);
  S_FLOOR = strFromLiteral("__floor__", true);
  S_TRUNC = strFromLiteral("__trunc__", true);
  for (let i: i32 = 0; i < MATH_FUNCTION_COUNT; i++) store<u32>(NAME_STRS + (<usize>i << 2), <u32>strFromLiteral(mathFunctionName(i), true));
}

// ---- argument conversion --------------------------------------------------------------------------

/** The double of the last successful asDouble. */
let dres: f64 = 0;

function nameOf(v: Value): usize { return typeName(typeOf(v)); }

/** PyFloat_AsDouble: float, int, or an object with __float__ / __index__; false with TypeError. */
function asDouble(v: Value): bool {
  if (isFloat(v)) {
    dres = unboxFloat(v);
    return true;
  }
  if (isInt(v)) {
    if (!intToF64(v)) return false;
    dres = floatResult;
    return true;
  }
  if (isUserObject(v)) {
    const r = callSpecial(v, S_FLOAT, 0, 0);
    if (r == ERR) return false;
    if (r != UNBOUND) {
      if (!isFloat(r)) {
        raiseWithStr(TypeError, fmtMsg("%s.__float__ returned non-float (type %s)", nameOf(v), nameOf(r)));
        decref(r);
        return false;
      }
      dres = unboxFloat(r);
      return true;
    }
    const i = callSpecial(v, S_INDEX, 0, 0);
    if (i == ERR) return false;
    if (i != UNBOUND) {
      if (!isInt(i)) {
        raiseWithStr(TypeError, fmtMsg("__index__ returned non-int (type %s)", nameOf(i)));
        decref(i);
        return false;
      }
      const ok = intToF64(i);
      decref(i);
      if (!ok) return false;
      dres = floatResult;
      return true;
    }
  }
  raiseWithStr(TypeError, fmtMsg("must be real number, not %s", nameOf(v)));
  return false;
}

/** PyNumber_Index: a new reference to an int (bools become plain ints), or ERR. */
function asIndex(v: Value): Value {
  if (isSmallOrBool(v)) return boxSmall(unboxSmall(v));
  if (isInt(v)) {
    incref(v);
    return v;
  }
  if (isUserObject(v)) {
    const i = callSpecial(v, S_INDEX, 0, 0);
    if (i == ERR) return ERR;
    if (i != UNBOUND) {
      if (!isInt(i)) {
        const msg = fmtMsg("__index__ returned non-int (type %s)", nameOf(i));
        decref(i);
        return raiseWithStr(TypeError, msg);
      }
      if (isSmallOrBool(i)) return boxSmall(unboxSmall(i));
      return i;
    }
  }
  return raiseWithStr(TypeError, fmtMsg("'%s' object cannot be interpreted as an integer", nameOf(v)));
}

// ---- error conventions (math_1, math_2, is_error) -------------------------------------------------

const EDOM = 33, ERANGE = 34;
let errno: i32 = 0;

/** is_error(r) for a non-zero errno: true with the exception set, false if ignorable. */
function isError(r: f64): bool {
  if (errno == EDOM) {
    raise(ValueError, "math domain error");
    return true;
  }
  // ERANGE: underflows (results below 1.5 in magnitude) are not errors.
  if (abs<f64>(r) < 1.5) return false;
  raise(OverflowError, "math range error");
  return true;
}

/** math_1's checks of r = f(x). */
function result1(x: f64, r: f64, canOverflow: bool): Value {
  if (isNaN(r) && !isNaN(x)) return raise(ValueError, "math domain error");
  if (isInf(r) && isFinite(x)) {
    if (canOverflow) return raise(OverflowError, "math range error");
    return raise(ValueError, "math domain error");
  }
  return boxFloat(r);
}

/** math_2's checks of r = f(x, y). */
function result2(x: f64, y: f64, r: f64): Value {
  errno = 0;
  if (isNaN(r)) {
    if (!isNaN(x) && !isNaN(y)) errno = EDOM;
  } else if (isInf(r)) {
    if (isFinite(x) && isFinite(y)) errno = ERANGE;
  }
  if (errno != 0 && isError(r)) return ERR;
  return boxFloat(r);
}

// @ts-ignore: decorator
@inline function isInf(x: f64): bool { return x == Infinity || x == -Infinity; }

// ---- dispatch ---------------------------------------------------------------------------------------

export function mathCall(f: i32, argv: usize, argc: u32, kw: Value): Value {
  switch (f) {
    case MF_GCD: return varargsInts(argv, argc, kw, false);
    case MF_LCM: return varargsInts(argv, argc, kw, true);
    case MF_HYPOT: return mathHypot(argv, argc, kw);
    case MF_LOG: return mathLog(argv, argc, kw);
    case MF_ISCLOSE: return mathIsclose(argv, argc, kw);
    case MF_PROD: return mathProd(argv, argc, kw);
    case MF_PERM: return mathPerm(argv, argc, kw);
    case MF_ATAN2: case MF_COPYSIGN: case MF_FMOD: case MF_REMAINDER: case MF_POW: case MF_NEXTAFTER:
    case MF_LDEXP: case MF_COMB: case MF_DIST: {
      if (kwCount(kw) != 0) return noKeywords(f);
      if (argc != 2) return errExpected(mathFunctionName(f), argc, 2, 2);
      return math2(f, argAt(argv, 0), argAt(argv, 1));
    }
  }
  if (kwCount(kw) != 0) return noKeywords(f);
  if (argc != 1) return raiseWithStr(TypeError, fmtMsg("math.%s() takes exactly one argument (%d given)", nameStr(f), argc));
  return math1(f, argAt(argv, 0));
}

/** The one-argument functions. */
function math1(f: i32, v: Value): Value {
  switch (f) {
    case MF_CEIL: return mathCeilFloor(v, true);
    case MF_FLOOR: return mathCeilFloor(v, false);
    case MF_TRUNC: return mathTrunc(v);
    case MF_FACTORIAL: return mathFactorial(v);
    case MF_ISQRT: return mathIsqrt(v);
    case MF_FSUM: return mathFsum(v);
    case MF_LOG2: return logHelper(v, 2);
    case MF_LOG10: return logHelper(v, 10);
  }
  if (!asDouble(v)) return ERR;
  const x = dres;
  switch (f) {
    case MF_ACOS: return result1(x, crAcos(x), false);
    case MF_ACOSH: return result1(x, glibcAcosh(x), false);
    case MF_ASIN: return result1(x, crAsin(x), false);
    case MF_ASINH: return result1(x, glibcAsinh(x), false);
    case MF_ATAN: return result1(x, crAtan(x), false);
    case MF_ATANH: return result1(x, glibcAtanh(x), false);
    case MF_CBRT: return result1(x, glibcCbrt(x), false);
    case MF_COS: return result1(x, crTrig(x, 1), false);
    case MF_COSH: return result1(x, glibcCosh(x), true);
    case MF_EXP: return result1(x, NativeMath.exp(x), true);
    case MF_EXP2: return result1(x, NativeMath.exp2(x), true);
    case MF_EXPM1: return result1(x, glibcExpm1(x), true);
    case MF_FABS: return result1(x, abs<f64>(x), false);
    case MF_LOG1P: return result1(x, x == 0 ? x : glibcLog1p(x), false);
    case MF_SIN: return result1(x, crTrig(x, 0), false);
    case MF_SINH: return result1(x, glibcSinh(x), true);
    case MF_SQRT: return result1(x, sqrt<f64>(x), false);
    case MF_TAN: return result1(x, crTrig(x, 2), false);
    case MF_TANH: return result1(x, glibcTanh(x), false);
    case MF_ERF: return boxFloat(glibcErf(x));
    case MF_ERFC: return boxFloat(glibcErfc(x));
    case MF_GAMMA: return math1a(m_tgamma(x));
    case MF_LGAMMA: return math1a(m_lgamma(x));
    case MF_DEGREES: return boxFloat(x * (180.0 / MATH_PI));
    case MF_RADIANS: return boxFloat(x * (MATH_PI / 180.0));
    case MF_ISFINITE: return boxBool(isFinite(x));
    case MF_ISINF: return boxBool(isInf(x));
    case MF_ISNAN: return boxBool(isNaN(x));
    case MF_FREXP: return mathFrexp(x);
    case MF_MODF: return mathModf(x);
    case MF_ULP: return boxFloat(mathUlp(x));
  }
  return <Value>unreachable();
}

/** math_1a: the function set errno itself (m_tgamma, m_lgamma). */
function math1a(r: f64): Value {
  if (errno != 0 && isError(r)) return ERR;
  return boxFloat(r);
}

/** The two-argument functions (argument count already checked). */
function math2(f: i32, a: Value, b: Value): Value {
  switch (f) {
    case MF_COMB: return mathComb(a, b);
    case MF_DIST: return mathDist(a, b);
  }
  if (!asDouble(a)) return ERR;
  const x = dres;
  if (f == MF_LDEXP) return mathLdexp(x, b);
  if (!asDouble(b)) return ERR;
  const y = dres;
  switch (f) {
    case MF_ATAN2: return result2(x, y, m_atan2(x, y));
    case MF_COPYSIGN: return result2(x, y, copysign<f64>(x, y));
    case MF_REMAINDER: return result2(x, y, m_remainder(x, y));
    case MF_FMOD: {
      if (isInf(y) && isFinite(x)) return boxFloat(x);
      const r = NativeMath.mod(x, y);
      if (isNaN(r) && !isNaN(x) && !isNaN(y)) return raise(ValueError, "math domain error");
      return boxFloat(r);
    }
    case MF_POW: return mathPow(x, y);
    case MF_NEXTAFTER: return boxFloat(nextafter(x, y));
  }
  return <Value>unreachable();
}

// ---- ceil, floor, trunc -------------------------------------------------------------------------

function mathCeilFloor(v: Value, up: bool): Value {
  if (isFloat(v)) {
    const x = unboxFloat(v);
    return intFromF64(up ? ceil<f64>(x) : floor<f64>(x));
  }
  // int.__ceil__ / int.__floor__ return the int itself.
  if (isSmallOrBool(v)) return boxSmall(unboxSmall(v));
  if (isInt(v)) {
    incref(v);
    return v;
  }
  if (isUserObject(v)) {
    const r = callSpecial(v, up ? S_CEIL : S_FLOOR, 0, 0);
    if (r != UNBOUND) return r;
  }
  if (!asDouble(v)) return ERR;
  return intFromF64(up ? ceil<f64>(dres) : floor<f64>(dres));
}

function mathTrunc(v: Value): Value {
  if (isFloat(v)) return intFromF64(unboxFloat(v));
  if (isSmallOrBool(v)) return boxSmall(unboxSmall(v));
  if (isInt(v)) {
    incref(v);
    return v;
  }
  if (isUserObject(v)) {
    const r = callSpecial(v, S_TRUNC, 0, 0);
    if (r != UNBOUND) return r;
  }
  return raiseWithStr(TypeError, fmtMsg("type %s doesn't define __trunc__ method", nameOf(v)));
}

// ---- frexp, ldexp, modf, ulp, nextafter, remainder, atan2, pow -------------------------------------

function pair(a: Value, b: Value): Value {
  const t = tupleNew(2);
  if (t == 0) {
    decref(a);
    decref(b);
    return ERR;
  }
  tupleSetItem(t, 0, a);
  tupleSetItem(t, 1, b);
  return boxPtr(t);
}

function mathFrexp(x: f64): Value {
  if (isNaN(x) || isInf(x) || x == 0) return pair(boxFloat(x), boxSmall(0));
  let bits = reinterpret<u64>(x);
  let e = <i32>((bits >> 52) & 0x7FF);
  let adj: i32 = 0;
  if (e == 0) {
    // Subnormal: scale into the normal range first.
    bits = reinterpret<u64>(x * 18014398509481984.0); // 2^54
    e = <i32>((bits >> 52) & 0x7FF);
    adj = -54;
  }
  const m = reinterpret<f64>((bits & 0x800F_FFFF_FFFF_FFFF) | (<u64>0x3FE << 52));
  return pair(boxFloat(m), boxSmall(<i64>(e - 1022 + adj)));
}

function mathLdexp(x: f64, iv: Value): Value {
  if (!isInt(iv)) return raise(TypeError, "Expected an int as second argument to ldexp.");
  let e: i64;
  if (intToI64(iv)) e = i64Result;
  else e = bigSign(iv) < 0 ? -0x7FFF_FFFF_FFFF_FFFF : 0x7FFF_FFFF_FFFF_FFFF;
  let r: f64;
  if (x == 0 || !isFinite(x)) return boxFloat(x);
  if (e > 0x7FFF_FFFF) return raise(OverflowError, "math range error");
  if (e < -0x8000_0000) return boxFloat(copysign<f64>(0, x));
  r = NativeMath.scalbn(x, <i32>e);
  if (isInf(r)) return raise(OverflowError, "math range error");
  return boxFloat(r);
}

function mathModf(x: f64): Value {
  if (isInf(x)) return pair(boxFloat(copysign<f64>(0, x)), boxFloat(x));
  if (isNaN(x)) return pair(boxFloat(x), boxFloat(x));
  const i = trunc<f64>(x);
  return pair(boxFloat(copysign<f64>(x - i, x)), boxFloat(i));
}

function nextafter(x: f64, y: f64): f64 {
  if (isNaN(x) || isNaN(y)) return x + y;
  if (x == y) return y;
  if (x == 0) return copysign<f64>(reinterpret<f64>(<u64>1), y);
  const b = reinterpret<u64>(x);
  // Away from zero when moving in x's direction, else toward it.
  const away = (y > x) == (x > 0);
  return reinterpret<f64>(away ? b + 1 : b - 1);
}

function mathUlp(x: f64): f64 {
  if (isNaN(x)) return x;
  x = abs<f64>(x);
  if (isInf(x)) return x;
  const x2 = nextafter(x, Infinity);
  if (isInf(x2)) return x - nextafter(x, -Infinity);
  return x2 - x;
}

function m_remainder(x: f64, y: f64): f64 {
  if (isFinite(x) && isFinite(y)) {
    if (y == 0) return NaN;
    const absx = abs<f64>(x), absy = abs<f64>(y);
    const m = NativeMath.mod(absx, absy);
    const c = absy - m;
    let r: f64;
    if (m < c) r = m;
    else if (m > c) r = -c;
    else r = m - 2.0 * NativeMath.mod(0.5 * (absx - m), absy);
    return copysign<f64>(1.0, x) * r;
  }
  if (isNaN(x)) return x;
  if (isNaN(y)) return y;
  if (isInf(x)) return NaN;
  return x;
}

function m_atan2(y: f64, x: f64): f64 {
  if (isNaN(x) || isNaN(y)) return NaN;
  if (isInf(y)) {
    if (isInf(x)) return copysign<f64>(copysign<f64>(1, x) == 1 ? 0.25 * MATH_PI : 0.75 * MATH_PI, y);
    return copysign<f64>(0.5 * MATH_PI, y);
  }
  if (isInf(x) || y == 0) {
    if (copysign<f64>(1, x) == 1) return copysign<f64>(0, y);
    return copysign<f64>(MATH_PI, y);
  }
  return crAtan2(y, x);
}

function mathPow(x: f64, y: f64): Value {
  let r: f64 = 0;
  errno = 0;
  if (!isFinite(x) || !isFinite(y)) {
    if (isNaN(x)) r = y == 0 ? 1.0 : x;
    else if (isNaN(y)) r = x == 1 ? 1.0 : y;
    else if (isInf(x)) {
      const oddY = isFinite(y) && NativeMath.mod(abs<f64>(y), 2.0) == 1.0;
      if (y > 0) r = oddY ? x : abs<f64>(x);
      else if (y == 0) r = 1.0;
      else r = oddY ? copysign<f64>(0, x) : 0.0;
    } else {
      if (abs<f64>(x) == 1.0) r = 1.0;
      else if (y > 0 && abs<f64>(x) > 1.0) r = y;
      else if (y < 0 && abs<f64>(x) < 1.0) r = -y;
      else r = 0.0;
    }
  } else {
    r = NativeMath.pow(x, y);
    if (!isFinite(r)) {
      if (isNaN(r)) errno = EDOM;
      else errno = x == 0 ? EDOM : ERANGE;
    }
  }
  if (errno != 0 && isError(r)) return ERR;
  return boxFloat(r);
}

// ---- logarithms -----------------------------------------------------------------------------------

/** m_log, m_log2, m_log10 (base 0 means e). */
function logOf(x: f64, base: i32): f64 {
  if (isFinite(x)) {
    if (x > 0) return base == 2 ? NativeMath.log2(x) : base == 10 ? glibcLog10(x) : NativeMath.log(x);
    return x == 0 ? -Infinity : NaN;
  }
  if (isNaN(x)) return x;
  return x > 0 ? x : NaN;
}

/** loghelper: exact for ints of any size (log of mantissa plus exponent times log(2)). */
function logHelper(v: Value, base: i32): Value {
  if (isInt(v)) {
    if (bigSign(v) <= 0) return raise(ValueError, "math domain error");
    if (isSmallOrBool(v)) return boxFloat(logOf(<f64>unboxSmall(v), base));
    const bits = intBitLength(v);
    if (bits <= 1024) {
      if (intToF64(v)) return boxFloat(logOf(floatResult, base));
      // Rounds up to 2^1024: fall through to the frexp form.
      rt_err_clear();
    }
    // _PyLong_Frexp: v ~= m * 2^bits with 0.5 <= m < 1, m correctly rounded.
    const s = intFromI64(<i64>bits - 62);
    const top = intRshift(v, s);
    if (top == ERR) {
      decref(s);
      return ERR;
    }
    const back = intLshift(top, s);
    decref(s);
    if (back == ERR) {
      decref(top);
      return ERR;
    }
    const sticky = intCompare(back, v) != 0;
    decref(back);
    intToI64(top);
    decref(top);
    let m = roundToDouble(<u64>i64Result, sticky, -62);
    let e = <f64>bits;
    if (m == 1.0) {
      m = 0.5;
      e += 1;
    }
    return boxFloat(logOf(m, base) + logOf(2.0, base) * e);
  }
  if (!asDouble(v)) return ERR;
  return result1(dres, logOf(dres, base), false);
}

function mathLog(argv: usize, argc: u32, kw: Value): Value {
  if (kwCount(kw) != 0) return errNoKw("log");
  if (argc < 1 || argc > 2) return raise(TypeError, "math.log requires 1 to 2 arguments");
  const num = logHelper(argAt(argv, 0), 0);
  if (num == ERR || argc == 1) return num;
  const den = logHelper(argAt(argv, 1), 0);
  if (den == ERR) return ERR;
  if (unboxFloat(den) == 0) return raise(ZeroDivisionError, "float division by zero");
  return boxFloat(unboxFloat(num) / unboxFloat(den));
}

// ---- hypot, dist ------------------------------------------------------------------------------------

/** CPython's vector_norm: scaled, compensated, with a square-root correction step. */
function vectorNorm(n: u32, vec: usize, mx: f64, foundNan: bool): f64 {
  if (isInf(mx)) return mx;
  if (foundNan) return NaN;
  if (mx == 0 || n <= 1) return mx;
  const maxE = frexpExp(mx);
  if (maxE >= -1023) return vectorNormScaled(n, vec, NativeMath.scalbn(1.0, -maxE));
  // ldexp(1.0, -max_e) would overflow: divide by max instead.
  let csum: f64 = 1.0, frac1: f64 = 0;
  for (let i: u32 = 0; i < n; i++) {
    let x = load<f64>(vec + (<usize>i << 3));
    x /= mx;
    x = x * x;
    const oldcsum = csum;
    csum += x;
    frac1 += (oldcsum - csum) + x;
  }
  return mx * sqrt<f64>(csum - 1.0 + frac1);
}

/** frexp's exponent for finite non-zero x. */
function frexpExp(x: f64): i32 {
  let bits = reinterpret<u64>(x);
  let e = <i32>((bits >> 52) & 0x7FF);
  if (e == 0) {
    bits = reinterpret<u64>(x * 18014398509481984.0);
    return <i32>((bits >> 52) & 0x7FF) - 1022 - 54;
  }
  return e - 1022;
}

/** The scaled branch of vector_norm with a given scale (used for subnormal maxima). */
function vectorNormScaled(n: u32, vec: usize, scale: f64): f64 {
  const T27: f64 = 134217729.0;
  let csum: f64 = 1.0, frac1: f64 = 0, frac2: f64 = 0, frac3: f64 = 0;
  let x: f64, t: f64, hi: f64, lo: f64, oldcsum: f64;
  for (let i: u32 = 0; i < n; i++) {
    x = load<f64>(vec + (<usize>i << 3)) * scale;
    t = x * T27;
    hi = t - (t - x);
    lo = x - hi;
    x = hi * hi;
    oldcsum = csum;
    csum += x;
    frac1 += (oldcsum - csum) + x;
    x = 2.0 * hi * lo;
    oldcsum = csum;
    csum += x;
    frac2 += (oldcsum - csum) + x;
    frac3 += lo * lo;
  }
  const h = sqrt<f64>(csum - 1.0 + (frac1 + frac2 + frac3));
  x = h;
  t = x * T27;
  hi = t - (t - x);
  lo = x - hi;
  x = -hi * hi;
  oldcsum = csum;
  csum += x;
  frac1 += (oldcsum - csum) + x;
  x = -2.0 * hi * lo;
  oldcsum = csum;
  csum += x;
  frac2 += (oldcsum - csum) + x;
  x = -lo * lo;
  oldcsum = csum;
  csum += x;
  frac3 += (oldcsum - csum) + x;
  x = csum - 1.0 + (frac1 + frac2 + frac3);
  return (h + x / (2.0 * h)) / scale;
}

function mathHypot(argv: usize, argc: u32, kw: Value): Value {
  if (kwCount(kw) != 0) return noKeywords(MF_HYPOT);
  const size = (<usize>max<u32>(argc, 1)) << 3;
  const vec = alloc(size);
  if (vec == 0) {
    raiseMemoryError();
    return ERR;
  }
  let mx: f64 = 0;
  let foundNan = false;
  for (let i: u32 = 0; i < argc; i++) {
    if (!asDouble(argAt(argv, i))) {
      free(vec, size);
      return ERR;
    }
    const x = abs<f64>(dres);
    store<f64>(vec + (<usize>i << 3), x);
    foundNan = foundNan || isNaN(x);
    if (x > mx) mx = x;
  }
  const r = vectorNorm(argc, vec, mx, foundNan);
  free(vec, size);
  return boxFloat(r);
}

const ONE_ARG: usize = memory.data(8, 8);

/** A tuple of the items of v (a new reference), as PySequence_Tuple. */
function asTuple(v: Value): Value {
  if (isObjectOf(v, TUPLE_TYPE)) {
    incref(v);
    return v;
  }
  store<u64>(ONE_ARG, v);
  return construct(TUPLE_TYPE, ONE_ARG, 1, NONE);
}

function mathDist(p: Value, q: Value): Value {
  const pt = asTuple(p);
  if (pt == ERR) return ERR;
  const qt = asTuple(q);
  if (qt == ERR) {
    decref(pt);
    return ERR;
  }
  const n = tupleLength(unboxPtr(pt));
  if (n != tupleLength(unboxPtr(qt))) {
    decref(pt);
    decref(qt);
    return raise(ValueError, "both points must have the same number of dimensions");
  }
  const size = (<usize>max<u32>(n, 1)) << 3;
  const vec = alloc(size);
  if (vec == 0) {
    decref(pt);
    decref(qt);
    raiseMemoryError();
    return ERR;
  }
  let mx: f64 = 0;
  let foundNan = false;
  let ok = true;
  for (let i: u32 = 0; i < n; i++) {
    if (!asDouble(tupleItem(unboxPtr(pt), i))) {
      ok = false;
      break;
    }
    const px = dres;
    if (!asDouble(tupleItem(unboxPtr(qt), i))) {
      ok = false;
      break;
    }
    const x = abs<f64>(px - dres);
    store<f64>(vec + (<usize>i << 3), x);
    foundNan = foundNan || isNaN(x);
    if (x > mx) mx = x;
  }
  decref(pt);
  decref(qt);
  if (!ok) {
    free(vec, size);
    return ERR;
  }
  const r = vectorNorm(n, vec, mx, foundNan);
  free(vec, size);
  return boxFloat(r);
}

// ---- isclose, prod, fsum ----------------------------------------------------------------------------

function mathIsclose(argv: usize, argc: u32, kw: Value): Value {
  const npos = argc - kwCount(kw);
  if (argc > 4) return raiseWithStr(TypeError, fmtMsg("isclose() takes at most 4 arguments (%d given)", argc));
  if (npos > 2) return raiseWithStr(TypeError, fmtMsg("isclose() takes exactly 2 positional arguments (%d given)", npos));
  if (!bindArgs("isclose", argv, argc, kw, "a,b,rel_tol,abs_tol", 2, 0, 2)) return ERR;
  const av = boundArg(0), bv = boundArg(1), rv = boundArg(2), tv = boundArg(3);
  if (!asDouble(av)) return ERR;
  const a = dres;
  if (!asDouble(bv)) return ERR;
  const b = dres;
  let relTol: f64 = 1e-9, absTol: f64 = 0;
  if (rv != UNBOUND) {
    if (!asDouble(rv)) return ERR;
    relTol = dres;
  }
  if (tv != UNBOUND) {
    if (!asDouble(tv)) return ERR;
    absTol = dres;
  }
  if (relTol < 0 || absTol < 0) return raise(ValueError, "tolerances must be non-negative");
  if (a == b) return boxBool(true);
  if (isInf(a) || isInf(b)) return boxBool(false);
  const diff = abs<f64>(b - a);
  return boxBool(diff <= abs<f64>(relTol * b) || diff <= abs<f64>(relTol * a) || diff <= absTol);
}

function mathProd(argv: usize, argc: u32, kw: Value): Value {
  const npos = argc - kwCount(kw);
  if (argc > 2) return raiseWithStr(TypeError, fmtMsg("prod() takes at most 2 arguments (%d given)", argc));
  if (npos != 1) return raiseWithStr(TypeError, fmtMsg("prod() takes exactly 1 positional argument (%d given)", npos));
  if (!bindArgs("prod", argv, argc, kw, "iterable,start", 1, 1, 1)) return ERR;
  const iterable = boundArg(0);
  const start = boundOr(1, boxSmall(1));
  const it = rt_get_iter(iterable);
  if (it == ERR) return ERR;
  let result = start;
  incref(result);
  while (true) {
    const item = rt_iter_next(it);
    if (item == EXHAUSTED) break;
    if (item == ERR) {
      decref(result);
      result = ERR;
      break;
    }
    const r = rt_mul(result, item);
    decref(result);
    decref(item);
    result = r;
    if (r == ERR) break;
  }
  decref(it);
  return result;
}

function mathFsum(seq: Value): Value {
  const it = rt_get_iter(seq);
  if (it == ERR) return ERR;
  let cap: u32 = 32;
  let p = alloc(<usize>cap << 3);
  if (p == 0) {
    decref(it);
    raiseMemoryError();
    return ERR;
  }
  let n: u32 = 0;
  let specialSum: f64 = 0, infSum: f64 = 0;
  let result: Value = ERR;
  let failed = false;
  while (true) {
    const item = rt_iter_next(it);
    if (item == EXHAUSTED) break;
    if (item == ERR) {
      failed = true;
      break;
    }
    const ok = asDouble(item);
    decref(item);
    if (!ok) {
      failed = true;
      break;
    }
    let x = dres;
    const xsave = x;
    let i: u32 = 0;
    for (let j: u32 = 0; j < n; j++) {
      let y = load<f64>(p + (<usize>j << 3));
      if (abs<f64>(x) < abs<f64>(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const yr = hi - x;
      const lo = y - yr;
      if (lo != 0.0) store<f64>(p + (<usize>(i++) << 3), lo);
      x = hi;
    }
    n = i;
    if (x != 0.0) {
      if (!isFinite(x)) {
        if (isFinite(xsave)) {
          raise(OverflowError, "intermediate overflow in fsum");
          failed = true;
          break;
        }
        if (isInf(xsave)) infSum += xsave;
        specialSum += xsave;
        n = 0;
      } else {
        if (n >= cap) {
          const q = alloc(<usize>cap << 4);
          if (q == 0) {
            raiseMemoryError();
            failed = true;
            break;
          }
          memory.copy(q, p, <usize>n << 3);
          free(p, <usize>cap << 3);
          p = q;
          cap <<= 1;
        }
        store<f64>(p + (<usize>(n++) << 3), x);
      }
    }
  }
  if (!failed) {
    if (specialSum != 0.0) {
      if (isNaN(infSum)) result = raise(ValueError, "-inf + inf in fsum");
      else result = boxFloat(specialSum);
    } else {
      let hi: f64 = 0, lo: f64 = 0;
      if (n > 0) {
        hi = load<f64>(p + (<usize>(--n) << 3));
        while (n > 0) {
          const x = hi;
          const y = load<f64>(p + (<usize>(--n) << 3));
          hi = x + y;
          const yr = hi - x;
          lo = y - yr;
          if (lo != 0.0) break;
        }
        if (n > 0) {
          const pn = load<f64>(p + (<usize>(n - 1) << 3));
          if ((lo < 0.0 && pn < 0.0) || (lo > 0.0 && pn > 0.0)) {
            const y = lo * 2.0;
            const x = hi + y;
            const yr = x - hi;
            if (y == yr) hi = x;
          }
        }
      }
      result = boxFloat(hi);
    }
  }
  free(p, <usize>cap << 3);
  decref(it);
  return result;
}

// ---- integer functions: gcd, lcm, isqrt, factorial, comb, perm --------------------------------------

function gcdOf(a: Value, b: Value): Value {
  if (isSmallOrBool(a) && isSmallOrBool(b)) {
    let x = abs<i64>(unboxSmall(a)), y = abs<i64>(unboxSmall(b));
    while (y != 0) {
      const t = x % y;
      x = y;
      y = t;
    }
    return intFromI64(x);
  }
  let x = intAbs(a);
  if (x == ERR) return ERR;
  let y = intAbs(b);
  if (y == ERR) {
    decref(x);
    return ERR;
  }
  while (bigSign(y) != 0) {
    if (isSmallOrBool(x) && isSmallOrBool(y)) {
      const r = gcdOf(x, y);
      decref(x);
      decref(y);
      return r;
    }
    const t = intMod(x, y);
    decref(x);
    if (t == ERR) {
      decref(y);
      return ERR;
    }
    x = y;
    y = t;
  }
  decref(y);
  return x;
}

function lcmOf(a: Value, b: Value): Value {
  if (bigSign(a) == 0 || bigSign(b) == 0) return boxSmall(0);
  const g = gcdOf(a, b);
  if (g == ERR) return ERR;
  const f = intFloorDiv(a, g);
  decref(g);
  if (f == ERR) return ERR;
  const m = intMul(f, b);
  decref(f);
  if (m == ERR) return ERR;
  const r = intAbs(m);
  decref(m);
  return r;
}

function varargsInts(argv: usize, argc: u32, kw: Value, lcm: bool): Value {
  if (kwCount(kw) != 0) return noKeywords(lcm ? MF_LCM : MF_GCD);
  if (argc == 0) return boxSmall(lcm ? 1 : 0);
  let res = asIndex(argAt(argv, 0));
  if (res == ERR) return ERR;
  if (argc == 1) {
    const r = intAbs(res);
    decref(res);
    return r;
  }
  for (let i: u32 = 1; i < argc; i++) {
    const x = asIndex(argAt(argv, i));
    if (x == ERR) {
      decref(res);
      return ERR;
    }
    if (res == boxSmall(lcm ? 0 : 1)) {
      decref(x);
      continue;
    }
    const r = lcm ? lcmOf(res, x) : gcdOf(res, x);
    decref(res);
    decref(x);
    if (r == ERR) return ERR;
    res = r;
  }
  return res;
}

function mathIsqrt(v: Value): Value {
  const n = asIndex(v);
  if (n == ERR) return ERR;
  const sign = bigSign(n);
  if (sign < 0) {
    decref(n);
    return raise(ValueError, "isqrt() argument must be nonnegative");
  }
  if (sign == 0) return boxSmall(0);
  if (isSmallOrBool(n)) {
    // Below 2^47: the float square root is within one of the answer.
    const m = unboxSmall(n);
    let a = <i64>sqrt<f64>(<f64>m);
    while (a * a > m) a--;
    while ((a + 1) * (a + 1) <= m) a++;
    return boxSmall(a);
  }
  // Newton's iteration at growing precision (CPython's isqrt), in Python ints.
  const c = <i64>(intBitLength(n) - 1) / 2;
  let cbits: i32 = 0;
  while ((c >> cbits) > 0) cbits++;
  let a: Value = boxSmall(1);
  let d: i64 = 0;
  for (let s = cbits - 1; s >= 0; s--) {
    const e = d;
    d = c >> s;
    // a = (a << d - e - 1) + (n >> 2*c - e - d + 1) // a
    const sh = intRshift(n, boxSmall(2 * c - e - d + 1));
    if (sh == ERR) {
      decref(a);
      decref(n);
      return ERR;
    }
    const q = intFloorDiv(sh, a);
    decref(sh);
    if (q == ERR) {
      decref(a);
      decref(n);
      return ERR;
    }
    const al = intLshift(a, boxSmall(d - e - 1));
    decref(a);
    if (al == ERR) {
      decref(q);
      decref(n);
      return ERR;
    }
    a = intAdd(al, q);
    decref(al);
    decref(q);
    if (a == ERR) {
      decref(n);
      return ERR;
    }
  }
  const sq = intMul(a, a);
  if (sq == ERR) {
    decref(a);
    decref(n);
    return ERR;
  }
  const tooLarge = intCompare(sq, n) > 0;
  decref(sq);
  decref(n);
  if (tooLarge) {
    const r = intSub(a, boxSmall(1));
    decref(a);
    return r;
  }
  return a;
}

/** The product lo * (lo+1) * ... * hi of small ints (lo <= hi), by binary splitting. */
function rangeProduct(lo: i64, hi: i64): Value {
  if (hi - lo < 8) {
    let acc: Value = boxSmall(1);
    let run: i64 = 1;
    for (let i = lo; i <= hi; i++) {
      // Keep a machine-word run while it stays below 2^31 * 2^31.
      if (run < 0x4000_0000 && i < 0x4000_0000) {
        run *= i;
        continue;
      }
      const r = intMulSmall(acc, run);
      decref(acc);
      if (r == ERR) return ERR;
      acc = r;
      run = i;
    }
    const r = intMulSmall(acc, run);
    decref(acc);
    return r;
  }
  const mid = lo + (hi - lo) / 2;
  const a = rangeProduct(lo, mid);
  if (a == ERR) return ERR;
  const b = rangeProduct(mid + 1, hi);
  if (b == ERR) {
    decref(a);
    return ERR;
  }
  const r = intMul(a, b);
  decref(a);
  decref(b);
  return r;
}

function intMulSmall(a: Value, m: i64): Value {
  const mv = intFromI64(m);
  if (mv == ERR) return ERR;
  const r = intMul(a, mv);
  decref(mv);
  return r;
}

const LLONG_MAX: i64 = 0x7FFF_FFFF_FFFF_FFFF;

function factorialOf(v: Value): Value {
  // PyLong_AsLongAndOverflow: __index__, then the range checks.
  const n = asIndex(v);
  if (n == ERR) return ERR;
  if (!intToI64(n)) {
    const neg = bigSign(n) < 0;
    decref(n);
    if (neg) return raise(ValueError, "factorial() not defined for negative values");
    // Between 2^62 and 2^63 CPython would try (and run out of memory); past it, this message.
    return raise(OverflowError, "factorial() argument should not exceed 9223372036854775807");
  }
  decref(n);
  const x = i64Result;
  if (x < 0) return raise(ValueError, "factorial() not defined for negative values");
  if (x < 2) return boxSmall(1);
  return rangeProduct(2, x);
}

function mathFactorial(v: Value): Value { return factorialOf(v); }

/** n * (n-1) * ... * (n-k+1) for an int n >= k >= 1 (k small). */
function fallingProduct(n: Value, k: i64): Value {
  if (intToI64(n)) return rangeProduct(i64Result - k + 1, i64Result);
  let acc: Value = boxSmall(1);
  for (let i: i64 = 0; i < k; i++) {
    const t = intSub(n, boxSmall(i));
    if (t == ERR) {
      decref(acc);
      return ERR;
    }
    const r = intMul(acc, t);
    decref(t);
    decref(acc);
    if (r == ERR) return ERR;
    acc = r;
  }
  return acc;
}

function indexPair(a: Value, b: Value): bool {
  pairN = asIndex(a);
  if (pairN == ERR) return false;
  pairK = asIndex(b);
  if (pairK == ERR) {
    decref(pairN);
    return false;
  }
  if (bigSign(pairN) < 0) {
    decref(pairN);
    decref(pairK);
    raise(ValueError, "n must be a non-negative integer");
    return false;
  }
  if (bigSign(pairK) < 0) {
    decref(pairN);
    decref(pairK);
    raise(ValueError, "k must be a non-negative integer");
    return false;
  }
  return true;
}
let pairN: Value = 0;
let pairK: Value = 0;

function mathPerm(argv: usize, argc: u32, kw: Value): Value {
  if (kwCount(kw) != 0) return noKeywords(MF_PERM);
  if (argc < 1 || argc > 2) return errExpected("perm", argc, 1, 2);
  if (argc == 1 || isNone(argAt(argv, 1))) return factorialOf(argAt(argv, 0));
  if (!indexPair(argAt(argv, 0), argAt(argv, 1))) return ERR;
  const n = pairN, k = pairK;
  let r: Value;
  if (intCompare(n, k) < 0) r = boxSmall(0);
  else if (!intToI64(k)) {
    r = raise(OverflowError, "k must not exceed 9223372036854775807");
  } else {
    const ki = i64Result;
    r = ki == 0 ? boxSmall(1) : fallingProduct(n, ki);
  }
  decref(n);
  decref(k);
  return r;
}

function mathComb(a: Value, b: Value): Value {
  if (!indexPair(a, b)) return ERR;
  const n = pairN;
  let k = pairK;
  let r: Value;
  const temp = intSub(n, k);
  if (temp == ERR) {
    decref(n);
    decref(k);
    return ERR;
  }
  if (bigSign(temp) < 0) {
    decref(temp);
    decref(n);
    decref(k);
    return boxSmall(0);
  }
  if (intCompare(temp, k) < 0) {
    decref(k);
    k = temp;
  } else decref(temp);
  if (!intToI64(k)) {
    r = raise(OverflowError, "min(n - k, k) must not exceed 9223372036854775807");
  } else {
    const ki = i64Result;
    if (ki == 0) r = boxSmall(1);
    else {
      // C(n, k) = prod((n - i) / (i + 1)), every partial quotient exact.
      r = boxSmall(1);
      for (let i: i64 = 0; i < ki; i++) {
        const t = intSub(n, boxSmall(i));
        if (t == ERR) {
          decref(r);
          r = ERR;
          break;
        }
        const m = intMul(r, t);
        decref(t);
        decref(r);
        if (m == ERR) {
          r = ERR;
          break;
        }
        const dv = intFromI64(i + 1);
        r = intFloorDiv(m, dv);
        decref(dv);
        decref(m);
        if (r == ERR) break;
      }
    }
  }
  decref(n);
  decref(k);
  return r;
}

// ---- gamma and lgamma (CPython's own, Lanczos) ------------------------------------------------------

const LANCZOS_G: f64 = 6.024680040776729583740234375;
const LANCZOS_G_MINUS_HALF: f64 = 5.524680040776729583740234375;
const LOGPI: f64 = 1.144729885849400174143427351353058711647;
const lanczosNum: usize = memory.data<f64>([
  23531376880.410759688572007674451636754734846804940,
  42919803642.649098768957899047001988850926355848959,
  35711959237.355668049440185451547166705960488635843,
  17921034426.037209699919755754458931112671403265390,
  6039542586.3520280050642916443072979210699388420708,
  1439720407.3117216736632230727949123939715485786772,
  248874557.86205415651146038641322942321632125127801,
  31426415.585400194380614231628318205362874684987640,
  2876370.6289353724412254090516208496135991145378768,
  186056.26539522349504029498971604569928220784236328,
  8071.6720023658162106380029022722506138218516325024,
  210.82427775157934587250973392071336271166969580291,
  2.5066282746310002701649081771338373386264310793408,
]);
const lanczosDen: usize = memory.data<f64>([
  0.0, 39916800.0, 120543840.0, 150917976.0, 105258076.0, 45995730.0,
  13339535.0, 2637558.0, 357423.0, 32670.0, 1925.0, 66.0, 1.0,
]);
const gammaIntegral: usize = memory.data<f64>([
  1.0, 1.0, 2.0, 6.0, 24.0, 120.0, 720.0, 5040.0, 40320.0, 362880.0,
  3628800.0, 39916800.0, 479001600.0, 6227020800.0, 87178291200.0,
  1307674368000.0, 20922789888000.0, 355687428096000.0,
  6402373705728000.0, 121645100408832000.0, 2432902008176640000.0,
  51090942171709440000.0, 1124000727777607680000.0,
]);

function lanczosSum(x: f64): f64 {
  let num: f64 = 0, den: f64 = 0;
  if (x < 5.0) {
    for (let i = 12; i >= 0; i--) {
      num = num * x + load<f64>(lanczosNum + (<usize>i << 3));
      den = den * x + load<f64>(lanczosDen + (<usize>i << 3));
    }
  } else {
    for (let i = 0; i < 13; i++) {
      num = num / x + load<f64>(lanczosNum + (<usize>i << 3));
      den = den / x + load<f64>(lanczosDen + (<usize>i << 3));
    }
  }
  return num / den;
}

/** C's round() for y >= 0: halves away from zero. */
function roundHalfAway(v: f64): f64 {
  const t = trunc<f64>(v);
  return v - t >= 0.5 ? t + 1 : t;
}

function m_sinpi(x: f64): f64 {
  const y = NativeMath.mod(abs<f64>(x), 2.0);
  const n = <i32>roundHalfAway(2.0 * y);
  let r: f64;
  switch (n) {
    case 0: r = NativeMath.sin(MATH_PI * y); break;
    case 1: r = NativeMath.cos(MATH_PI * (y - 0.5)); break;
    case 2: r = NativeMath.sin(MATH_PI * (1.0 - y)); break;
    case 3: r = -NativeMath.cos(MATH_PI * (y - 1.5)); break;
    default: r = NativeMath.sin(MATH_PI * (y - 2.0)); break;
  }
  return copysign<f64>(1.0, x) * r;
}

function m_tgamma(x: f64): f64 {
  errno = 0;
  if (!isFinite(x)) {
    if (isNaN(x) || x > 0) return x;
    errno = EDOM;
    return NaN;
  }
  if (x == 0) {
    errno = EDOM;
    return copysign<f64>(Infinity, x);
  }
  if (x == floor<f64>(x)) {
    if (x < 0) {
      errno = EDOM;
      return NaN;
    }
    if (x <= 23) return load<f64>(gammaIntegral + (<usize>(<i32>x - 1) << 3));
  }
  const absx = abs<f64>(x);
  if (absx < 1e-20) {
    const r = 1.0 / x;
    if (isInf(r)) errno = ERANGE;
    return r;
  }
  if (absx > 200.0) {
    if (x < 0) return 0.0 / m_sinpi(x);
    errno = ERANGE;
    return Infinity;
  }
  const y = absx + LANCZOS_G_MINUS_HALF;
  let z: f64;
  if (absx > LANCZOS_G_MINUS_HALF) {
    const q = y - absx;
    z = q - LANCZOS_G_MINUS_HALF;
  } else {
    const q = y - LANCZOS_G_MINUS_HALF;
    z = q - absx;
  }
  z = z * LANCZOS_G / y;
  let r: f64;
  if (x < 0) {
    r = -MATH_PI / m_sinpi(absx) / absx * NativeMath.exp(y) / lanczosSum(absx);
    r -= z * r;
    if (absx < 140.0) r /= NativeMath.pow(y, absx - 0.5);
    else {
      const sqrtpow = NativeMath.pow(y, absx / 2.0 - 0.25);
      r /= sqrtpow;
      r /= sqrtpow;
    }
  } else {
    r = lanczosSum(absx) / NativeMath.exp(y);
    r += z * r;
    if (absx < 140.0) r *= NativeMath.pow(y, absx - 0.5);
    else {
      const sqrtpow = NativeMath.pow(y, absx / 2.0 - 0.25);
      r *= sqrtpow;
      r *= sqrtpow;
    }
  }
  if (isInf(r)) errno = ERANGE;
  return r;
}

function m_lgamma(x: f64): f64 {
  errno = 0;
  if (!isFinite(x)) {
    if (isNaN(x)) return x;
    return Infinity;
  }
  if (x == floor<f64>(x) && x <= 2.0) {
    if (x <= 0.0) {
      errno = EDOM;
      return Infinity;
    }
    return 0.0;
  }
  const absx = abs<f64>(x);
  if (absx < 1e-20) return -NativeMath.log(absx);
  let r = NativeMath.log(lanczosSum(absx)) - LANCZOS_G;
  r += (absx - 0.5) * (NativeMath.log(absx + LANCZOS_G - 0.5) - 1);
  if (x < 0.0) r = LOGPI - NativeMath.log(abs<f64>(m_sinpi(absx))) - NativeMath.log(absx) - r;
  if (isInf(r)) errno = ERANGE;
  return r;
}

// ---- glibc's libm where musl's differs ------------------------------------------------------------

// @ts-ignore: decorator
@inline function highWord(x: f64): i32 { return <i32>(reinterpret<u64>(x) >> 32); }
// @ts-ignore: decorator
@inline function lowWord(x: f64): u32 { return <u32>reinterpret<u64>(x); }
// @ts-ignore: decorator
@inline function withHighWord(x: f64, hi: i32): f64 {
  return reinterpret<f64>((<u64><u32>hi << 32) | (reinterpret<u64>(x) & 0xFFFF_FFFF));
}

/** glibc sysdeps/ieee754/dbl-64/s_cbrt.c */
function glibcCbrt(x: f64): f64 {
  if (x == 0 || !isFinite(x)) return x + x;
  let bits = reinterpret<u64>(abs<f64>(x));
  let xe = <i32>((bits >> 52) & 0x7FF);
  let adj: i32 = 0;
  if (xe == 0) {
    bits = reinterpret<u64>(abs<f64>(x) * 18014398509481984.0);
    xe = <i32>((bits >> 52) & 0x7FF);
    adj = -54;
  }
  const xm = reinterpret<f64>((bits & 0x000F_FFFF_FFFF_FFFF) | (<u64>0x3FE << 52));
  xe = xe - 1022 + adj;
  const u = 0.354895765043919860
    + ((1.50819193781584896
      + ((-2.11499494167371287
        + ((2.44693122563534430
          + ((-1.83469277483613086
            + (0.784932344976639262 - 0.145263899385486377 * xm) * xm)
            * xm))
          * xm))
        * xm))
      * xm);
  const t2 = u * u * u;
  const CBRT2: f64 = 1.2599210498948731648;
  const SQR_CBRT2: f64 = 1.5874010519681994748;
  let factor: f64;
  switch (2 + xe % 3) {
    case 0: factor = 1.0 / SQR_CBRT2; break;
    case 1: factor = 1.0 / CBRT2; break;
    case 2: factor = 1.0; break;
    case 3: factor = CBRT2; break;
    default: factor = SQR_CBRT2; break;
  }
  const ym = u * (t2 + 2.0 * xm) / (2.0 * t2 + xm) * factor;
  return NativeMath.scalbn(x > 0.0 ? ym : -ym, xe / 3);
}

/** glibc e_log10.c (on glibc's log, which NativeMath.log matches). */
function glibcLog10(x: f64): f64 {
  const two54: f64 = 1.80143985094819840000e+16;
  const ivln10: f64 = reinterpret<f64>(0x3FDBCB7B1526E50E);
  const log10_2hi: f64 = reinterpret<f64>(0x3FD34413509F6000);
  const log10_2lo: f64 = reinterpret<f64>(0x3D59FEF311F12B36);
  let hx = highWord(x);
  let k: i32 = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7FFFFFFF) | <i32>lowWord(x)) == 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= two54;
    hx = highWord(x);
  }
  if (hx >= 0x7FF00000) return x + x;
  k += (hx >> 20) - 1023;
  const i = <i32>((<u32>k & 0x80000000) >> 31);
  hx = (hx & 0x000FFFFF) | ((0x3FF - i) << 20);
  const y = <f64>(k + i);
  x = withHighWord(x, hx);
  const z = y * log10_2lo + ivln10 * NativeMath.log(x);
  return z + y * log10_2hi;
}

/** glibc s_log1p.c (fdlibm). */
function glibcLog1p(x: f64): f64 {
  const ln2_hi: f64 = 6.93147180369123816490e-01;
  const ln2_lo: f64 = 1.90821492927058770002e-10;
  const Lp1: f64 = 6.666666666666735130e-01, Lp2: f64 = 3.999999999940941908e-01,
    Lp3: f64 = 2.857142874366239149e-01, Lp4: f64 = 2.222219843214978396e-01,
    Lp5: f64 = 1.818357216161805012e-01, Lp6: f64 = 1.531383769920937332e-01,
    Lp7: f64 = 1.479819860511658591e-01;
  let hfsq: f64, f: f64 = 0, c: f64 = 0, s: f64, z: f64, R: f64, u: f64;
  let k: i32, hu: i32 = 0;
  const hx = highWord(x);
  const ax = hx & 0x7FFFFFFF;
  k = 1;
  if (hx < 0x3FDA827A) {
    if (ax >= 0x3FF00000) {
      if (x == -1.0) return -Infinity;
      return NaN;
    }
    if (ax < 0x3E200000) {
      if (ax < 0x3C900000) return x;
      return x - x * x * 0.5;
    }
    if (hx > 0 || hx <= <i32>0xBFD2BEC3) {
      k = 0;
      f = x;
      hu = 1;
    }
  } else if (hx >= 0x7FF00000) return x + x;
  if (k != 0) {
    if (hx < 0x43400000) {
      u = 1.0 + x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0);
      c /= u;
    } else {
      u = x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000FFFFF;
    if (hu < 0x6A09E) {
      u = withHighWord(u, hu | 0x3FF00000);
    } else {
      k += 1;
      u = withHighWord(u, hu | 0x3FE00000);
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1.0;
  }
  hfsq = 0.5 * f * f;
  if (hu == 0) {
    if (f == 0) {
      if (k == 0) return 0;
      c += <f64>k * ln2_lo;
      return <f64>k * ln2_hi + c;
    }
    R = hfsq * (1.0 - 0.66666666666666666 * f);
    if (k == 0) return f - R;
    return <f64>k * ln2_hi - ((R - (<f64>k * ln2_lo + c)) - f);
  }
  s = f / (2.0 + f);
  z = s * s;
  const R1 = z * Lp1;
  const z2 = z * z;
  const R2 = Lp2 + z * Lp3;
  const z4 = z2 * z2;
  const R3 = Lp4 + z * Lp5;
  const z6 = z4 * z2;
  const R4 = Lp6 + z * Lp7;
  R = R1 + z2 * R2 + z4 * R3 + z6 * R4;
  if (k == 0) return f - (hfsq - s * (hfsq + R));
  return <f64>k * ln2_hi - ((hfsq - (s * (hfsq + R) + (<f64>k * ln2_lo + c))) - f);
}

/** glibc s_expm1.c (fdlibm). */
function glibcExpm1(x: f64): f64 {
  const o_threshold: f64 = 7.09782712893383973096e+02;
  const ln2_hi: f64 = 6.93147180369123816490e-01;
  const ln2_lo: f64 = 1.90821492927058770002e-10;
  const invln2: f64 = 1.44269504088896338700e+00;
  const Q1: f64 = -3.33333333333331316428e-02, Q2: f64 = 1.58730158725481460165e-03,
    Q3: f64 = -7.93650757867487942473e-05, Q4: f64 = 4.00821782732936239552e-06,
    Q5: f64 = -2.01099218183624371326e-07;
  let hi: f64, lo: f64, c: f64 = 0, t: f64, e: f64, y: f64;
  let k: i32;
  let hx = <u32>highWord(x);
  const xsb = hx & 0x80000000;
  hx &= 0x7FFFFFFF;
  if (hx >= 0x4043687A) {
    if (hx >= 0x40862E42) {
      if (hx >= 0x7FF00000) {
        if (isNaN(x)) return x + x;
        return xsb == 0 ? x : -1.0;
      }
      if (x > o_threshold) return Infinity;
    }
    if (xsb != 0) return -1.0;
  }
  if (hx > 0x3FD62E42) {
    if (hx < 0x3FF0A2B2) {
      if (xsb == 0) {
        hi = x - ln2_hi;
        lo = ln2_lo;
        k = 1;
      } else {
        hi = x + ln2_hi;
        lo = -ln2_lo;
        k = -1;
      }
    } else {
      k = <i32>(invln2 * x + (xsb == 0 ? 0.5 : -0.5));
      t = <f64>k;
      hi = x - t * ln2_hi;
      lo = t * ln2_lo;
    }
    x = hi - lo;
    c = (hi - x) - lo;
  } else if (hx < 0x3C900000) {
    return x;
  } else k = 0;
  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const R1 = 1.0 + hxs * Q1;
  const h2 = hxs * hxs;
  const R2 = Q2 + hxs * Q3;
  const h4 = h2 * h2;
  const R3 = Q4 + hxs * Q5;
  const r1 = R1 + h2 * R2 + h4 * R3;
  t = 3.0 - r1 * hfx;
  e = hxs * ((r1 - t) / (6.0 - x * t));
  if (k == 0) return x - (x * e - hxs);
  e = x * (e - c) - c;
  e -= hxs;
  if (k == -1) return 0.5 * (x - e) - 0.5;
  if (k == 1) {
    if (x < -0.25) return -2.0 * (e - (x + 0.5));
    return 1.0 + 2.0 * (x - e);
  }
  if (k <= -2 || k > 56) {
    y = 1.0 - (e - x);
    y = withHighWord(y, highWord(y) + (k << 20));
    return y - 1.0;
  }
  if (k < 20) {
    t = withHighWord(0.0, 0x3FF00000 - (0x200000 >> k));
    y = t - (e - x);
    y = withHighWord(y, highWord(y) + (k << 20));
  } else {
    t = withHighWord(0.0, (0x3FF - k) << 20);
    y = x - (e + t);
    y += 1.0;
    y = withHighWord(y, highWord(y) + (k << 20));
  }
  return y;
}

/** glibc e_sinh.c */
function glibcSinh(x: f64): f64 {
  const jx = highWord(x);
  const ix = jx & 0x7FFFFFFF;
  if (ix >= 0x7FF00000) return x + x;
  const h: f64 = jx < 0 ? -0.5 : 0.5;
  if (ix < 0x40360000) {
    if (ix < 0x3E300000) return x;
    const t = glibcExpm1(abs<f64>(x));
    if (ix < 0x3FF00000) return h * (2.0 * t - t * t / (t + 1.0));
    return h * (t + t / (t + 1.0));
  }
  if (ix < 0x40862E42) return h * NativeMath.exp(abs<f64>(x));
  const lx = lowWord(x);
  if (ix < 0x408633CE || (ix == 0x408633CE && lx <= 0x8FB9F87D)) {
    const w = NativeMath.exp(0.5 * abs<f64>(x));
    const t = h * w;
    return t * w;
  }
  return x * 1.0e307 * 1.0e307;
}

/** glibc e_cosh.c */
function glibcCosh(x: f64): f64 {
  const ix = highWord(x) & 0x7FFFFFFF;
  if (ix < 0x40360000) {
    if (ix < 0x3FD62E43) {
      const t = glibcExpm1(abs<f64>(x));
      const w = 1.0 + t;
      if (ix < 0x3C800000) return w;
      return 1.0 + (t * t) / (w + w);
    }
    const t = NativeMath.exp(abs<f64>(x));
    return 0.5 * t + 0.5 / t;
  }
  if (ix < 0x40862E42) return 0.5 * NativeMath.exp(abs<f64>(x));
  const lx = lowWord(x);
  if (ix < 0x408633CE || (ix == 0x408633CE && lx <= 0x8FB9F87D)) {
    const w = NativeMath.exp(0.5 * abs<f64>(x));
    const t = 0.5 * w;
    return t * w;
  }
  if (ix >= 0x7FF00000) return x * x;
  return Infinity;
}

/** glibc s_tanh.c */
function glibcTanh(x: f64): f64 {
  const jx = highWord(x);
  const ix = jx & 0x7FFFFFFF;
  if (ix >= 0x7FF00000) {
    if (jx >= 0) return 1.0 / x + 1.0;
    return 1.0 / x - 1.0;
  }
  let z: f64;
  if (ix < 0x40360000) {
    if (x == 0) return x;
    if (ix < 0x3C800000) return x * (1.0 + x);
    if (ix >= 0x3FF00000) {
      const t = glibcExpm1(2.0 * abs<f64>(x));
      z = 1.0 - 2.0 / (t + 2.0);
    } else {
      const t = glibcExpm1(-2.0 * abs<f64>(x));
      z = -t / (t + 2.0);
    }
  } else z = 1.0;
  return jx >= 0 ? z : -z;
}

const LN2: f64 = 6.93147180559945286227e-01;

/** glibc s_asinh.c */
function glibcAsinh(x: f64): f64 {
  const ix = highWord(x) & 0x7FFFFFFF;
  if (ix < 0x3E300000) return x;
  let w: f64;
  if (ix > 0x41B00000) {
    if (ix >= 0x7FF00000) return x + x;
    w = NativeMath.log(abs<f64>(x)) + LN2;
  } else {
    const xa = abs<f64>(x);
    if (ix > 0x40000000) w = NativeMath.log(2.0 * xa + 1.0 / (sqrt<f64>(xa * xa + 1.0) + xa));
    else {
      const t = xa * xa;
      w = glibcLog1p(xa + t / (1.0 + sqrt<f64>(1.0 + t)));
    }
  }
  return copysign<f64>(w, x);
}

/** glibc e_acosh.c */
function glibcAcosh(x: f64): f64 {
  const hx = highWord(x);
  if (hx < 0x3FF00000) return NaN;
  if (hx >= 0x41B00000) {
    if (hx >= 0x7FF00000) return x + x;
    return NativeMath.log(x) + LN2;
  }
  if (x == 1.0) return 0.0;
  if (hx > 0x40000000) {
    const t = x * x;
    return NativeMath.log(2.0 * x - 1.0 / (x + sqrt<f64>(t - 1.0)));
  }
  const t = x - 1.0;
  return glibcLog1p(t + sqrt<f64>(2.0 * t + t * t));
}

/** glibc e_atanh.c */
function glibcAtanh(x: f64): f64 {
  const xa = abs<f64>(x);
  let t: f64;
  if (xa < 0.5) {
    if (xa < 3.725290298461914e-09) return x; // 2^-28
    t = xa + xa;
    t = 0.5 * glibcLog1p(t + t * xa / (1.0 - xa));
  } else if (xa < 1.0) t = 0.5 * glibcLog1p((xa + xa) / (1.0 - xa));
  else {
    if (xa > 1.0) return NaN;
    if (isNaN(x)) return x;
    return x / 0.0;
  }
  if (isNaN(x)) return x;
  return copysign<f64>(t, x);
}

// glibc s_erf.c (fdlibm) coefficients.
const erx: f64 = 8.45062911510467529297e-01;
const efx: f64 = 1.28379167095512586316e-01;
const pp0: f64 = 1.28379167095512558561e-01, pp1: f64 = -3.25042107247001499370e-01,
  pp2: f64 = -2.84817495755985104766e-02, pp3: f64 = -5.77027029648944159157e-03,
  pp4: f64 = -2.37630166566501626084e-05;
const qq1: f64 = 3.97917223959155352819e-01, qq2: f64 = 6.50222499887672944485e-02,
  qq3: f64 = 5.08130628187576562776e-03, qq4: f64 = 1.32494738004321644526e-04,
  qq5: f64 = -3.96022827877536812320e-06;
const pa0: f64 = -2.36211856075265944077e-03, pa1: f64 = 4.14856118683748331666e-01,
  pa2: f64 = -3.72207876035701323847e-01, pa3: f64 = 3.18346619901161753674e-01,
  pa4: f64 = -1.10894694282396677476e-01, pa5: f64 = 3.54783043256182359371e-02,
  pa6: f64 = -2.16637559486879084300e-03;
const qa1: f64 = 1.06420880400844228286e-01, qa2: f64 = 5.40397917702171048937e-01,
  qa3: f64 = 7.18286544141962662868e-02, qa4: f64 = 1.26171219808761642112e-01,
  qa5: f64 = 1.36370839120290507362e-02, qa6: f64 = 1.19844998467991074170e-02;
const ra0: f64 = -9.86494403484714822705e-03, ra1: f64 = -6.93858572707181764372e-01,
  ra2: f64 = -1.05586262253232909814e+01, ra3: f64 = -6.23753324503260060396e+01,
  ra4: f64 = -1.62396669462573470355e+02, ra5: f64 = -1.84605092906711035994e+02,
  ra6: f64 = -8.12874355063065934246e+01, ra7: f64 = -9.81432934416914548592e+00;
const sa1: f64 = 1.96512716674392571292e+01, sa2: f64 = 1.37657754143519042600e+02,
  sa3: f64 = 4.34565877475229228821e+02, sa4: f64 = 6.45387271733267880336e+02,
  sa5: f64 = 4.29008140027567833386e+02, sa6: f64 = 1.08635005541779435134e+02,
  sa7: f64 = 6.57024977031928170135e+00, sa8: f64 = -6.04244152148580987438e-02;
const rb0: f64 = -9.86494292470009928597e-03, rb1: f64 = -7.99283237680523006574e-01,
  rb2: f64 = -1.77579549177547519889e+01, rb3: f64 = -1.60636384855821916062e+02,
  rb4: f64 = -6.37566443368389627722e+02, rb5: f64 = -1.02509513161107724954e+03,
  rb6: f64 = -4.83519191608651397019e+02;
const sb1: f64 = 3.03380607434824582924e+01, sb2: f64 = 3.25792512996573918826e+02,
  sb3: f64 = 1.53672958608443695994e+03, sb4: f64 = 3.19985821950859553908e+03,
  sb5: f64 = 2.55305040643316442583e+03, sb6: f64 = 4.74528541206955367215e+02,
  sb7: f64 = -2.24409524465858183362e+01;

/** erf on [0, 0.84375): y with erf(x) = x + x*y. */
function erfSmallY(x: f64): f64 {
  const z = x * x;
  const r1 = pp0 + z * pp1;
  const z2 = z * z;
  const r2 = pp2 + z * pp3;
  const z4 = z2 * z2;
  const s1 = 1.0 + z * qq1;
  const s2 = qq2 + z * qq3;
  const s3 = qq4 + z * qq5;
  const r = r1 + z2 * r2 + z4 * pp4;
  const s = s1 + z2 * s2 + z4 * s3;
  return r / s;
}

/** P/Q on [0.84375, 1.25). */
function erfMidPQ(x: f64): f64 {
  const s = abs<f64>(x) - 1.0;
  const P1 = pa0 + s * pa1;
  const s2 = s * s;
  const Q1 = 1.0 + s * qa1;
  const s4 = s2 * s2;
  const P2 = pa2 + s * pa3;
  const s6 = s4 * s2;
  const Q2 = qa2 + s * qa3;
  const P3 = pa4 + s * pa5;
  const Q3 = qa4 + s * qa5;
  const P = P1 + s2 * P2 + s4 * P3 + s6 * pa6;
  const Q = Q1 + s2 * Q2 + s4 * Q3 + s6 * qa6;
  return P / Q;
}

/** exp(-x*x - 0.5625 + R/S) for |x| >= 1.25, x already made positive; ix is its high word. */
function erfTail(x: f64, ix: i32): f64 {
  const s = 1.0 / (x * x);
  let R: f64, S: f64;
  if (ix < 0x4006DB6E) {
    const R1 = ra0 + s * ra1;
    const s2 = s * s;
    const S1 = 1.0 + s * sa1;
    const s4 = s2 * s2;
    const R2 = ra2 + s * ra3;
    const s6 = s4 * s2;
    const S2 = sa2 + s * sa3;
    const s8 = s4 * s4;
    const R3 = ra4 + s * ra5;
    const S3 = sa4 + s * sa5;
    const R4 = ra6 + s * ra7;
    const S4 = sa6 + s * sa7;
    R = R1 + s2 * R2 + s4 * R3 + s6 * R4;
    S = S1 + s2 * S2 + s4 * S3 + s6 * S4 + s8 * sa8;
  } else {
    const R1 = rb0 + s * rb1;
    const s2 = s * s;
    const S1 = 1.0 + s * sb1;
    const s4 = s2 * s2;
    const R2 = rb2 + s * rb3;
    const s6 = s4 * s2;
    const S2 = sb2 + s * sb3;
    const R3 = rb4 + s * rb5;
    const S3 = sb4 + s * sb5;
    const S4 = sb6 + s * sb7;
    R = R1 + s2 * R2 + s4 * R3 + s6 * rb6;
    S = S1 + s2 * S2 + s4 * S3 + s6 * S4;
  }
  const z = reinterpret<f64>(reinterpret<u64>(x) & 0xFFFF_FFFF_0000_0000);
  return NativeMath.exp(-z * z - 0.5625) * NativeMath.exp((z - x) * (z + x) + R / S);
}

function glibcErf(x: f64): f64 {
  const hx = highWord(x);
  const ix = hx & 0x7FFFFFFF;
  if (ix >= 0x7FF00000) {
    if (isNaN(x)) return x;
    return hx < 0 ? -1.0 : 1.0;
  }
  if (ix < 0x3FEB0000) {
    if (ix < 0x3E300000) {
      if (ix < 0x00800000) return 0.0625 * (16.0 * x + (16.0 * efx) * x);
      return x + efx * x;
    }
    return x + x * erfSmallY(x);
  }
  if (ix < 0x3FF40000) {
    const pq = erfMidPQ(x);
    return hx >= 0 ? erx + pq : -erx - pq;
  }
  if (ix >= 0x40180000) return hx >= 0 ? 1.0 : -1.0;
  const ax = abs<f64>(x);
  const r = erfTail(ax, ix);
  return hx >= 0 ? 1.0 - r / ax : r / ax - 1.0;
}

function glibcErfc(x: f64): f64 {
  const hx = highWord(x);
  const ix = hx & 0x7FFFFFFF;
  if (ix >= 0x7FF00000) {
    if (isNaN(x)) return x;
    return hx < 0 ? 2.0 : 0.0;
  }
  if (ix < 0x3FEB0000) {
    if (ix < 0x3C700000) return 1.0 - x;
    const y = erfSmallY(x);
    if (hx < 0x3FD00000) return 1.0 - (x + x * y);
    let r = x * y;
    r += x - 0.5;
    return 0.5 - r;
  }
  if (ix < 0x3FF40000) {
    const pq = erfMidPQ(x);
    if (hx >= 0) return (1.0 - erx) - pq;
    return 1.0 + (erx + pq);
  }
  if (ix < 0x403C0000) {
    if (hx < 0 && ix >= 0x40180000) return 2.0;
    const ax = abs<f64>(x);
    // The two rational forms switch at a slightly different point than in erf.
    const r = erfTail(ax, ix < 0x4006DB6D ? ix : 0x4006DB6E);
    if (hx > 0) return r / ax;
    return 2.0 - r / ax;
  }
  return hx > 0 ? 0.0 : 2.0;
}

// ---- correctly rounded trigonometry in double-double ---------------------------------------------
// glibc's sin, cos, tan, asin, acos, atan and atan2 (IBM's accurate library) return the correctly
// rounded result almost always; musl's differ from it in the last bit for a few percent of
// arguments. These evaluate in double-double (about 100 bits) and round once, which agrees with
// glibc wherever glibc rounds correctly. Arguments outside the ranges handled here (huge, tiny)
// fall back to NativeMath, which rounds correctly there too or nearly so.

let DH: f64 = 0;
let DL: f64 = 0;

// @ts-ignore: decorator
@inline function ddSet(h: f64, l: f64): void {
  const s = h + l;
  DL = l - (s - h);
  DH = s;
}

function ddAdd(ah: f64, al: f64, bh: f64, bl: f64): void {
  const s = ah + bh;
  const bb = s - ah;
  const e = (ah - (s - bb)) + (bh - bb);
  ddSet(s, e + al + bl);
}

function ddMul(ah: f64, al: f64, bh: f64, bl: f64): void {
  const p = ah * bh;
  let t = 134217729.0 * ah;
  const ahh = t - (t - ah), ahl = ah - ahh;
  t = 134217729.0 * bh;
  const bhh = t - (t - bh), bhl = bh - bhh;
  const e = ((ahh * bhh - p) + ahh * bhl + ahl * bhh) + ahl * bhl;
  ddSet(p, e + (ah * bl + al * bh));
}

function ddDiv(ah: f64, al: f64, bh: f64, bl: f64): void {
  // q1 = a / b, q2 = (a - q1 b) / b, then one more correction q3 = (a - (q1 + q2) b) / b.
  const q1 = ah / bh;
  ddMul(q1, 0, bh, bl);
  ddAdd(ah, al, -DH, -DL);
  const q2 = DH / bh;
  ddAdd(q1, 0, q2, 0);
  const qh = DH, ql = DL;
  ddMul(qh, ql, bh, bl);
  ddAdd(ah, al, -DH, -DL);
  const q3 = DH / bh;
  ddAdd(qh, ql, q3, 0);
}

function ddSqrt(ah: f64, al: f64): void {
  const s = sqrt<f64>(ah);
  if (s == 0) {
    DH = 0;
    DL = 0;
    return;
  }
  ddMul(s, 0, s, 0);
  ddAdd(ah, al, -DH, -DL);
  ddSet(s, DH / (2.0 * s));
}

const PIO2_H: f64 = reinterpret<f64>(0x3FF921FB54442D18);
const PIO2_L: f64 = reinterpret<f64>(0x3C91A62633145C07);
const PI_H: f64 = reinterpret<f64>(0x400921FB54442D18);
const PI_L: f64 = reinterpret<f64>(0x3CA1A62633145C07);

/** atan of a double-double u with 0 <= u <= 1, into (DH, DL). */
function ddAtanUnit(uh: f64, ul: f64): void {
  // Three halvings, atan(u) = 2 atan(u / (1 + sqrt(1 + u^2))), bring u below tan(pi/32).
  for (let i = 0; i < 3; i++) {
    ddMul(uh, ul, uh, ul);
    ddAdd(1.0, 0, DH, DL);
    ddSqrt(DH, DL);
    ddAdd(1.0, 0, DH, DL);
    ddDiv(uh, ul, DH, DL);
    uh = DH;
    ul = DL;
  }
  // Taylor series u - u^3/3 + u^5/5 - ..., Horner in z = u^2.
  ddMul(uh, ul, uh, ul);
  const zh = DH, zl = DL;
  let sh: f64 = 0, sl: f64 = 0;
  for (let n = 20; n >= 0; n--) {
    // s = 1/(2n+1) - z * s  (alternating signs folded in)
    ddMul(zh, zl, sh, sl);
    const th = DH, tl = DL;
    ddDiv(1.0, 0, <f64>(2 * n + 1), 0);
    ddAdd(DH, DL, -th, -tl);
    sh = DH;
    sl = DL;
  }
  ddMul(sh, sl, uh, ul);
  ddMul(DH, DL, 8.0, 0);
}

/** atan2 of positive double-doubles n / d into (DH, DL), in [0, pi/2]. */
function ddAtanRatio(nh: f64, nl: f64, dh: f64, dl: f64): void {
  if (nh <= dh) {
    ddDiv(nh, nl, dh, dl);
    ddAtanUnit(DH, DL);
    return;
  }
  ddDiv(dh, dl, nh, nl);
  ddAtanUnit(DH, DL);
  ddAdd(PIO2_H, PIO2_L, -DH, -DL);
}

/** Exponent of a finite non-zero double (frexp's minus one). */
function expOf(x: f64): i32 { return frexpExp(x) - 1; }

function crAtan(x: f64): f64 {
  if (!isFinite(x)) return NativeMath.atan(x);
  const a = abs<f64>(x);
  if (a < 7.450580596923828e-9 || a > 1.152921504606847e18) return NativeMath.atan(x); // 2^-27, 2^60
  ddAtanRatio(a, 0, 1.0, 0);
  return copysign<f64>(DH + DL, x);
}

/** atan2 for finite non-zero y and x (m_atan2 has dealt with the special values). */
function crAtan2(y: f64, x: f64): f64 {
  let a = abs<f64>(y), b = abs<f64>(x);
  const ea = expOf(a), eb = expOf(b);
  if (ea - eb > 50 || eb - ea > 50) return NativeMath.atan2(y, x);
  // Scale both by the same power of two so the products below cannot overflow or underflow.
  a = NativeMath.scalbn(a, -eb);
  b = NativeMath.scalbn(b, -eb);
  ddAtanRatio(a, 0, b, 0);
  if (x < 0) ddAdd(PI_H, PI_L, -DH, -DL);
  return copysign<f64>(DH + DL, y);
}

/** sqrt(1 - x^2) as a double-double, for |x| < 1. */
function ddCosFromSin(x: f64): void {
  ddAdd(1.0, 0, -x, 0);
  const ah = DH, al = DL;
  ddAdd(1.0, 0, x, 0);
  ddMul(ah, al, DH, DL);
  ddSqrt(DH, DL);
}

function crAsin(x: f64): f64 {
  const a = abs<f64>(x);
  if (!(a < 1.0) || a < 1.4901161193847656e-8) return NativeMath.asin(x); // 2^-26
  ddCosFromSin(a);
  ddAtanRatio(a, 0, DH, DL);
  return copysign<f64>(DH + DL, x);
}

function crAcos(x: f64): f64 {
  const a = abs<f64>(x);
  if (!(a < 1.0) || a < 1.4901161193847656e-8) return NativeMath.acos(x);
  ddCosFromSin(a);
  ddAtanRatio(DH, DL, a, 0);
  if (x < 0) ddAdd(PI_H, PI_L, -DH, -DL);
  return DH + DL;
}

// Cody-Waite pieces of pi/2 (fdlibm's): 33 bits each, so k * piece is exact for k < 2^20.
const PIO2_1: f64 = 1.57079632673412561417e+00;
const PIO2_2: f64 = 6.07710050630396597660e-11;
const PIO2_3: f64 = 2.02226624871116645580e-21;
const PIO2_3T: f64 = 8.47842766036889956997e-32;
const INV_PIO2: f64 = 6.36619772367581382433e-01;

let redK: i32 = 0;

/** x - k pi/2 as a double-double in (DH, DL), k in redK, for |x| < 2^20. */
function reduce(x: f64): void {
  const k = NativeMath.round(x * INV_PIO2);
  redK = <i32>k;
  // Each k * piece is exact; subtract them one at a time, keeping the error terms.
  ddAdd(x, 0, -k * PIO2_1, 0);
  ddAdd(DH, DL, -k * PIO2_2, 0);
  ddAdd(DH, DL, -k * PIO2_3, 0);
  ddAdd(DH, DL, -k * PIO2_3T, 0);
}

/** sin (odd) or cos (even) of a reduced double-double y, |y| <= pi/4, by Taylor series. */
function ddSinCos(yh: f64, yl: f64, cosine: bool): void {
  ddMul(yh, yl, yh, yl);
  const zh = DH, zl = DL;
  // sum_{n} (-1)^n z^n / (2n + c)!, c = 1 for sin, 0 for cos; Horner from n = 13.
  let sh: f64 = 0, sl: f64 = 0;
  const c = cosine ? 0 : 1;
  for (let n = 13; n >= 0; n--) {
    // s = 1/(2n+c)! - z * s / ((2n+c+1)(2n+c+2)) folded: s_n = 1 - z s_{n+1} / ((2n+c+1)(2n+c+2))
    ddMul(zh, zl, sh, sl);
    const d = <f64>((2 * n + c + 1) * (2 * n + c + 2));
    ddDiv(DH, DL, d, 0);
    ddAdd(1.0, 0, -DH, -DL);
    sh = DH;
    sl = DL;
  }
  if (cosine) {
    DH = sh;
    DL = sl;
  } else ddMul(sh, sl, yh, yl);
}

/** 0: sin, 1: cos, 2: tan. */
function crTrig(x: f64, which: i32): f64 {
  const a = abs<f64>(x);
  if (!isFinite(x) || a < 1.4901161193847656e-8 || a > 1048576.0) {
    return which == 0 ? NativeMath.sin(x) : which == 1 ? NativeMath.cos(x) : NativeMath.tan(x);
  }
  reduce(x);
  const yh = DH, yl = DL;
  const q = redK & 3;
  if (which == 2) {
    ddSinCos(yh, yl, false);
    const sh = DH, sl = DL;
    ddSinCos(yh, yl, true);
    // tan(y + k pi/2) = tan y for even k, -1/tan y (= -cos/sin) for odd k.
    if ((q & 1) == 0) ddDiv(sh, sl, DH, DL);
    else ddDiv(-DH, -DL, sh, sl);
    return DH + DL;
  }
  // sin(y + q pi/2): q=0 sin y, 1 cos y, 2 -sin y, 3 -cos y; cos shifts q by one.
  const r = (q + which) & 3;
  ddSinCos(yh, yl, (r & 1) != 0);
  const v = DH + DL;
  return r >= 2 ? -v : v;
}
