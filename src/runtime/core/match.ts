// Structural pattern matching (`match`): the tests on the subject that sequence, mapping and
// class patterns make. Lowering (FunctionLowering.pattern) composes them with comparisons and
// branches; sub-patterns then match the values these return.
import { isTypeObject } from "./subclass";
import { Value, ERR, NONE, UNBOUND, boxPtr, unboxPtr, isPtr } from "./value";
import {
  Kind, TYPE_TYPE, BOOL_TYPE, INT_TYPE, FLOAT_TYPE, STR_TYPE, LIST_TYPE, TUPLE_TYPE, DICT_TYPE, SET_TYPE,
  FROZENSET_TYPE, typeOf, typeKind, typeName, isObjectOf, isSubtype, incref, decref,
} from "./object";
import { raise, raiseWithStr, TypeError, AttributeError, exceptionMatchesPending, rt_err_clear } from "./exceptions";
import { fmtMsg } from "./format";
import { listFromIterable } from "./builtins";
import { tupleNew, tupleSetItem, tupleLength, tupleItem } from "./tuple";
import { dictNew, dictGetItemOrNull, dictSetItem, dictEntryCount, dictEntryKey, dictEntryValue, isDeletedKey } from "./dict";
import { rt_getattr } from "./attr";
import { strFromLiteral } from "./str";
import { richEq } from "./ops";

/** The subject's items as a new list if it is a sequence to patterns (list, tuple, range), else None. */
export function rt_match_sequence(subject: Value): Value {
  if (!isPtr(subject)) return NONE;
  const k = typeKind(typeOf(subject));
  if (k != Kind.LIST && k != Kind.TUPLE && k != Kind.RANGE) return NONE;
  return listFromIterable(subject);
}

/** Is the subject a mapping to patterns (a dict)? */
export function rt_match_mapping(subject: Value): i32 {
  return isPtr(subject) && typeKind(typeOf(subject)) == Kind.DICT ? 1 : 0;
}

/** subject[key] for a mapping pattern: the value, or UNBOUND when the key is absent. */
export function rt_match_key(subject: Value, key: Value): Value {
  const v = dictGetItemOrNull(unboxPtr(subject), key);
  if (v == ERR) return ERR;
  return v == 0 ? UNBOUND : v;
}

/** `**rest`: a new dict of the subject's entries whose keys the pattern did not name. */
export function rt_match_rest(subject: Value, keys: Value): Value {
  const d = unboxPtr(subject);
  const r = dictNew();
  if (r == 0) return ERR;
  const ks = unboxPtr(keys);
  for (let i: u32 = 0; i < dictEntryCount(d); i++) {
    const k = dictEntryKey(d, i);
    if (isDeletedKey(k)) continue;
    let named = false;
    for (let j: u32 = 0; j < tupleLength(ks); j++) {
      const e = richEq(k, tupleItem(ks, j));
      if (e < 0) { decref(boxPtr(r)); return ERR; }
      if (e == 1) { named = true; break; }
    }
    if (!named && dictSetItem(r, k, dictEntryValue(d, i)) < 0) { decref(boxPtr(r)); return ERR; }
  }
  return boxPtr(r);
}

/** isinstance(subject, cls) for a class pattern; TypeError if cls is not a class. */
export function rt_match_class(subject: Value, cls: Value): i32 {
  if (!isTypeObject(cls)) {
    raise(TypeError, "called match pattern must be a type");
    return -1;
  }
  return isSubtype(typeOf(subject), unboxPtr(cls)) ? 1 : 0;
}

/** Builtins whose one positional sub-pattern matches the subject itself. */
function matchesSelf(t: usize): bool {
  return t == BOOL_TYPE || t == INT_TYPE || t == FLOAT_TYPE || t == STR_TYPE || t == LIST_TYPE || t == TUPLE_TYPE
    || t == DICT_TYPE || t == SET_TYPE || t == FROZENSET_TYPE;
}

/**
 * The values a class pattern's sub-patterns match: `npos` positional ones (through
 * `__match_args__`), then the keyword attributes `names`. A tuple, or None if the subject lacks
 * one of the attributes (no match).
 */
export function rt_match_attrs(subject: Value, cls: Value, npos: u32, names: Value): Value {
  const t = unboxPtr(cls);
  const kw = unboxPtr(names);
  const nkw = tupleLength(kw);
  const r = tupleNew(npos + nkw);
  if (r == 0) return ERR;
  for (let i: u32 = 0; i < npos + nkw; i++) tupleSetItem(r, i, NONE);
  if (npos > 0) {
    if (matchesSelf(t) && npos == 1) {
      incref(subject);
      tupleSetItem(r, 0, subject);
    } else {
      let args = rt_getattr(cls, boxPtr(strFromLiteral("__match_args__", true)));
      if (args == ERR) {
        if (!exceptionMatchesPending(AttributeError)) { decref(boxPtr(r)); return ERR; }
        rt_err_clear();
        args = NONE;
      } else if (!isObjectOf(args, TUPLE_TYPE)) {
        const msg = fmtMsg("%s.__match_args__ must be a tuple (got %s)", typeName(t), typeName(typeOf(args)));
        decref(args);
        decref(boxPtr(r));
        return raiseWithStr(TypeError, msg);
      }
      const allowed = args == NONE ? <u32>(matchesSelf(t) ? 1 : 0) : tupleLength(unboxPtr(args));
      if (npos > allowed) {
        decref(args);
        decref(boxPtr(r));
        return raiseWithStr(TypeError, fmtMsg(allowed == 1 ? "%s() accepts %d positional sub-pattern (%d given)" : "%s() accepts %d positional sub-patterns (%d given)", typeName(t), allowed, npos));
      }
      for (let i: u32 = 0; i < npos; i++) {
        const name = tupleItem(unboxPtr(args), i);
        if (!isObjectOf(name, STR_TYPE)) {
          const msg = fmtMsg("__match_args__ elements must be strings (got %s)", typeName(typeOf(name)));
          decref(args);
          decref(boxPtr(r));
          return raiseWithStr(TypeError, msg);
        }
        const v = attrOrMissing(subject, name);
        if (v == ERR || v == UNBOUND) {
          decref(args);
          decref(boxPtr(r));
          return v == ERR ? ERR : NONE;
        }
        tupleSetItem(r, i, v);
      }
      decref(args);
    }
  }
  for (let i: u32 = 0; i < nkw; i++) {
    const v = attrOrMissing(subject, tupleItem(kw, i));
    if (v == ERR || v == UNBOUND) {
      decref(boxPtr(r));
      return v == ERR ? ERR : NONE;
    }
    tupleSetItem(r, npos + i, v);
  }
  return boxPtr(r);
}

/** getattr(subject, name), UNBOUND for a missing attribute. */
function attrOrMissing(subject: Value, name: Value): Value {
  const v = rt_getattr(subject, name);
  if (v != ERR) return v;
  if (!exceptionMatchesPending(AttributeError)) return ERR;
  rt_err_clear();
  return UNBOUND;
}
