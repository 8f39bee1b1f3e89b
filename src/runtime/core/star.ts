// `*` and `**` unpacking: in calls (`f(*args, **kwargs)`, which build a positional list and a
// keyword dict, then rt_call_ex) and in displays (`[*a, *b]`, `{**d, 'k': v}`).
import { Value, ERR, NONE, boxPtr, unboxPtr, isPtr, isNone } from "./value";
import { Kind, DICT_TYPE, STR_TYPE, typeOf, typeAt, typeKind, typeName, isObjectOf, isUserObject, incref, decref } from "./object";
import { raise, raiseWithStr, TypeError } from "./exceptions";
import { fmtMsg } from "./format";
import { rt_list_extend, listLength, listItem } from "./list";
import { tupleNew, tupleSetItem } from "./tuple";
import { dictContains, dictSetItem, dictEntryCount, dictEntryKey, dictEntryValue, isDeletedKey, dictLength } from "./dict";
import { dictMergeFrom } from "./builtins";
import { setUpdateFrom } from "./methods";
import { rt_call, functionName, rtAllocArgv, rtFreeArgv } from "./call";
import { functionQualname } from "./pyfunc";
import { pairFirst, hasSpecial, S_ITER, S_GETITEM } from "./classes";
import { rt_getattr } from "./attr";
import { rt_get_iter, rt_iter_next } from "./iter";
import { rt_getitem } from "./ops";
import { strFromLiteral } from "./str";
import { EXHAUSTED } from "./value";

/** How a message names the callee: `__main__.f()`, `__main__.C.m()`, `print()`. A new str. */
function calleeText(f: Value): usize {
  if (isPtr(f)) {
    const p = unboxPtr(f);
    const k = typeKind(typeAt(p));
    if (k == Kind.METHOD) return calleeText(pairFirst(p));
    if (k == Kind.PYFUNCTION) return fmtMsg("__main__.%s()", functionQualname(p));
    if (k == Kind.FUNCTION) return fmtMsg("%s()", functionName(p));
    if (k == Kind.TYPE) return fmtMsg("%s()", typeName(p));
  }
  return fmtMsg("%s object", typeName(typeOf(f)));
}

/** Can iter() take v? (so the error names the star instead of iter's own message) */
function iterable(v: Value): bool {
  if (!isPtr(v)) return false;
  if (isUserObject(v) && (hasSpecial(v, S_ITER) || hasSpecial(v, S_GETITEM))) return true;
  const k = typeKind(typeOf(v));
  return k == Kind.LIST || k == Kind.TUPLE || k == Kind.STR || k == Kind.DICT || k == Kind.SET || k == Kind.RANGE
    || k == Kind.DICTVIEW || k == Kind.ITER || k == Kind.ENUMERATE || k == Kind.ZIP || k == Kind.MAP || k == Kind.FILTER;
}

/** `*src` into the list being built: for a call when callee is not None, else a display. 0 or -1. */
export function rt_list_extend_star(list: Value, src: Value, callee: Value): i32 {
  if (!iterable(src)) {
    if (isNone(callee)) {
      raiseWithStr(TypeError, fmtMsg("Value after * must be an iterable, not %s", typeName(typeOf(src))));
    } else {
      const c = calleeText(callee);
      raiseWithStr(TypeError, fmtMsg("%s argument after * must be an iterable, not %s", c, typeName(typeOf(src))));
      decref(boxPtr(c));
    }
    return -1;
  }
  return rt_list_extend(list, src) == ERR ? -1 : 0;
}

/** tuple(list) for `(*a, b)` */
export function rt_list_to_tuple(list: Value): Value {
  const l = unboxPtr(list);
  const n = listLength(l);
  const t = tupleNew(n);
  if (t == 0) return ERR;
  for (let i: u32 = 0; i < n; i++) {
    const v = listItem(l, i);
    incref(v);
    tupleSetItem(t, i, v);
  }
  return boxPtr(t);
}

/** `{*a}`: set.update semantics. */
export function rt_set_update(set: Value, src: Value): i32 {
  return setUpdateFrom(unboxPtr(set), src);
}

/** `{**m}` in a dict display: any mapping (keys() and []). */
export function rt_dict_update(d: Value, src: Value): i32 {
  if (isDictLayout(src)) return dictMergeFrom(unboxPtr(d), src);
  if (!isMapping(src)) {
    raiseWithStr(TypeError, fmtMsg("'%s' object is not a mapping", typeName(typeOf(src))));
    return -1;
  }
  return mergeMapping(unboxPtr(d), src, NONE, false);
}

function isMapping(v: Value): bool {
  return isUserObject(v) && (hasSpecial(v, S_GETITEM) || typeKind(typeOf(v)) == Kind.DICT);
}

/** A dict, or an instance of a class derived from dict that iterates as one: copied entry by entry, as CPython's dict_merge does. */
function isDictLayout(v: Value): bool {
  if (isObjectOf(v, DICT_TYPE)) return true;
  return isUserObject(v) && typeKind(typeOf(v)) == Kind.DICT && !hasSpecial(v, S_ITER);
}

/**
 * `**src` (or one `name=value`, as a one-entry dict) into a call's keyword dict: keys must be
 * strs, and each may be given once.
 */
export function rt_dict_merge_kw(d: Value, src: Value, callee: Value): i32 {
  if (!isObjectOf(src, DICT_TYPE) && !isMapping(src)) {
    const c = calleeText(callee);
    raiseWithStr(TypeError, fmtMsg("%s argument after ** must be a mapping, not %s", c, typeName(typeOf(src))));
    decref(boxPtr(c));
    return -1;
  }
  return mergeMapping(unboxPtr(d), src, callee, true);
}

function mergeMapping(d: usize, src: Value, callee: Value, forCall: bool): i32 {
  if (isDictLayout(src)) {
    const o = unboxPtr(src);
    for (let i: u32 = 0; i < dictEntryCount(o); i++) {
      const k = dictEntryKey(o, i);
      if (isDeletedKey(k)) continue;
      if (addKeyword(d, k, dictEntryValue(o, i), callee, forCall) < 0) return -1;
    }
    return 0;
  }
  const keys = rt_getattr(src, boxPtr(strFromLiteral("keys", true)));
  if (keys == ERR) return -1;
  const ks = rt_call(keys, 0, 0, NONE);
  decref(keys);
  if (ks == ERR) return -1;
  const it = rt_get_iter(ks);
  decref(ks);
  if (it == ERR) return -1;
  for (;;) {
    const k = rt_iter_next(it);
    if (k == EXHAUSTED) break;
    if (k == ERR) { decref(it); return -1; }
    const v = rt_getitem(src, k);
    if (v == ERR) { decref(k); decref(it); return -1; }
    const r = addKeyword(d, k, v, callee, forCall);
    decref(k);
    decref(v);
    if (r < 0) { decref(it); return -1; }
  }
  decref(it);
  return 0;
}

function addKeyword(d: usize, k: Value, v: Value, callee: Value, forCall: bool): i32 {
  if (forCall) {
    if (!isObjectOf(k, STR_TYPE)) {
      raise(TypeError, "keywords must be strings");
      return -1;
    }
    const has = dictContains(d, k);
    if (has < 0) return -1;
    if (has == 1) {
      const c = calleeText(callee);
      raiseWithStr(TypeError, fmtMsg("%s got multiple values for keyword argument '%s'", c, unboxPtr(k)));
      decref(boxPtr(c));
      return -1;
    }
  }
  return dictSetItem(d, k, v);
}

/** callee(*args, **kwargs) with args a list and kwargs a dict of str keys (or None). */
export function rt_call_ex(callee: Value, args: Value, kwargs: Value): Value {
  const l = unboxPtr(args);
  const npos = listLength(l);
  const nkw = isNone(kwargs) ? 0 : dictLength(unboxPtr(kwargs));
  const n = npos + nkw;
  const argv = n == 0 ? 0 : rtAllocArgv(n);
  if (n != 0 && argv == 0) return ERR;
  for (let i: u32 = 0; i < npos; i++) store<u64>(argv + (<usize>i << 3), listItem(l, i));
  let names: Value = NONE;
  if (nkw != 0) {
    const d = unboxPtr(kwargs);
    const t = tupleNew(nkw);
    if (t == 0) { rtFreeArgv(argv, n); return ERR; }
    let j: u32 = 0;
    for (let i: u32 = 0; i < dictEntryCount(d); i++) {
      const k = dictEntryKey(d, i);
      if (isDeletedKey(k)) continue;
      incref(k);
      tupleSetItem(t, j, k);
      store<u64>(argv + (<usize>(npos + j) << 3), dictEntryValue(d, i));
      j++;
    }
    names = boxPtr(t);
  }
  const r = rt_call(callee, argv, n, names);
  decref(names);
  if (n != 0) rtFreeArgv(argv, n);
  return r;
}
