// CPython's PyNumber_Index: where a builtin wants an integer (a subscript, a slice bound,
// range(), bin(), a repeat count, ...), an instance of a class with __index__ counts as the
// int that method returns.
import { Value, ERR, UNBOUND, isBool, boxSmall, unboxSmall } from "./value";
import { isUserObject, typeName, typeOf, decref, incref } from "./object";
import { raise, raiseWithStr, OverflowError, TypeError } from "./exceptions";
import { fmtMsg } from "./format";
import { callSpecial, S_INDEX } from "./classes";
import { isInt, isSmallOrBool, intToI64Full, i64Result } from "./int";

/**
 * The count of `seq * n` for an int n, as CPython's index-sized conversion gives it: a
 * negative count is 0, and an int beyond the i64 range is -1 with OverflowError (whatever its
 * sign). A count too large for memory is left to the caller, whose MemoryError CPython raises
 * too (an empty sequence repeated any number of times stays empty).
 */
export function repeatCount(n: Value): i64 {
  if (isSmallOrBool(n)) {
    const c = unboxSmall(n);
    return c < 0 ? 0 : c;
  }
  if (!intToI64Full(n)) {
    raise(OverflowError, "cannot fit 'int' into an index-sized integer");
    return -1;
  }
  return i64Result < 0 ? 0 : i64Result;
}

/**
 * v's __index__() as an int (a new reference; a bool result becomes the plain int, as CPython
 * makes it after its deprecation warning); UNBOUND when v is no instance of a class defining
 * __index__; ERR when the method fails or returns something else than an int.
 */
export function userIndex(v: Value): Value {
  if (!isUserObject(v)) return UNBOUND;
  const r = callSpecial(v, S_INDEX, 0, 0);
  if (r == UNBOUND || r == ERR) return r;
  if (isBool(r)) return boxSmall(unboxSmall(r));
  if (isInt(r)) return r;
  const msg = fmtMsg("__index__ returned non-int (type %s)", typeName(typeOf(r)));
  decref(r);
  return raiseWithStr(TypeError, msg);
}

/**
 * PyNumber_Index: v as an int (a new reference; bools become plain ints), or ERR with
 * "'T' object cannot be interpreted as an integer".
 */
export function numberIndex(v: Value): Value {
  if (isBool(v)) return boxSmall(unboxSmall(v));
  if (isInt(v)) {
    incref(v);
    return v;
  }
  const r = userIndex(v);
  if (r != UNBOUND) return r;
  return raiseWithStr(TypeError, fmtMsg("'%s' object cannot be interpreted as an integer", typeName(typeOf(v))));
}
