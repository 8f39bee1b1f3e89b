// list.sort() and sorted(): CPython's timsort structure (natural runs extended to minrun by
// binary insertion, a run stack kept balanced by merge_collapse), so a list shorter than 64
// items sees exactly CPython's sequence of `<` comparisons, which decides, for instance,
// which TypeError a list of mixed types raises. Merges are plain stable merges without
// galloping: longer lists sort to the same result with a different comparison sequence.
//
// Keys (from key=) sort in their own array with the items moved in step. A key type common
// to all items (small int, float, str) is compared directly instead of through rt_lt.
import { alloc, free } from "./alloc";
import { Value, ERR, NONE, isNone, isSmallInt, isFloat, unboxSmall, unboxFloat, isPtr, unboxPtr } from "./value";
import { STR_TYPE, typeAt, decref } from "./object";
import { raise, raiseMemoryError, ValueError } from "./exceptions";
import { strCompare } from "./str";
import { rt_lt, rt_truthy } from "./ops";
import { call1 } from "./call";
import { listLength, listCapacity, listDetach, listAttach } from "./list";

const CMP_GENERIC = 0;
const CMP_INT = 1;
const CMP_FLOAT = 2;
const CMP_STR = 3;
let cmpKind = CMP_GENERIC;

/** keys[i] < keys[j] as 1 or 0; -1 with an exception pending. */
// @ts-ignore: decorator
@inline function lessThan(x: Value, y: Value): i32 {
  if (cmpKind == CMP_INT) return unboxSmall(x) < unboxSmall(y) ? 1 : 0;
  if (cmpKind == CMP_FLOAT) return unboxFloat(x) < unboxFloat(y) ? 1 : 0;
  if (cmpKind == CMP_STR) return strCompare(unboxPtr(x), unboxPtr(y)) < 0 ? 1 : 0;
  return genericLess(x, y);
}

function genericLess(x: Value, y: Value): i32 {
  const r = rt_lt(x, y);
  if (r == ERR) return -1;
  const t = rt_truthy(r);
  decref(r);
  return t;
}

/** The comparison every key allows (unsafe_object_compare's pre-scan in CPython). */
function chooseCompare(keys: usize, n: u32): i32 {
  if (n == 0) return CMP_GENERIC;
  let allInt = true, allFloat = true, allStr = true;
  for (let i: u32 = 0; i < n; i++) {
    const k = load<u64>(keys + (<usize>i << 3));
    if (!isSmallInt(k)) allInt = false;
    if (!isFloat(k)) allFloat = false;
    if (!isPtr(k) || typeAt(unboxPtr(k)) != STR_TYPE) allStr = false;
    if (!allInt && !allFloat && !allStr) return CMP_GENERIC;
  }
  return allInt ? CMP_INT : allFloat ? CMP_FLOAT : CMP_STR;
}

// The arrays being sorted: K (keys, compared) and V (the items, moved with them; 0 when the
// items are their own keys).
let K: usize = 0;
let V: usize = 0;

// @ts-ignore: decorator
@inline function key(i: usize): Value { return load<u64>(K + (i << 3)); }

function reverseRange(lo: usize, hi: usize): void {
  // [lo, hi) of both arrays
  let a = lo, b = hi - 1;
  while (a < b) {
    const t = load<u64>(K + (a << 3));
    store<u64>(K + (a << 3), load<u64>(K + (b << 3)));
    store<u64>(K + (b << 3), t);
    if (V != 0) {
      const u = load<u64>(V + (a << 3));
      store<u64>(V + (a << 3), load<u64>(V + (b << 3)));
      store<u64>(V + (b << 3), u);
    }
    a++;
    b--;
  }
}

let runDescending = false;

/** count_run: the length of the run at lo (hi exclusive); -1 on error. */
function countRun(lo: usize, hi: usize): i64 {
  runDescending = false;
  if (lo + 1 == hi) return 1;
  let n: i64 = 2;
  let c = lessThan(key(lo + 1), key(lo));
  if (c < 0) return -1;
  if (c == 1) {
    runDescending = true;
    for (let p = lo + 2; p < hi; p++, n++) {
      c = lessThan(key(p), key(p - 1));
      if (c < 0) return -1;
      if (c == 0) break;
    }
  } else {
    for (let p = lo + 2; p < hi; p++, n++) {
      c = lessThan(key(p), key(p - 1));
      if (c < 0) return -1;
      if (c == 1) break;
    }
  }
  return n;
}

/** binarysort: [lo, start) is sorted; inserts [start, hi). False on error. */
function binarySort(lo: usize, hi: usize, start: usize): bool {
  if (lo == start) start++;
  for (; start < hi; start++) {
    let l = lo, r = start;
    const pivot = key(start);
    const pivotV = V != 0 ? load<u64>(V + (start << 3)) : 0;
    do {
      const p = l + ((r - l) >> 1);
      const c = lessThan(pivot, key(p));
      if (c < 0) return false;
      if (c == 1) r = p;
      else l = p + 1;
    } while (l < r);
    memory.copy(K + ((l + 1) << 3), K + (l << 3), (start - l) << 3);
    store<u64>(K + (l << 3), pivot);
    if (V != 0) {
      memory.copy(V + ((l + 1) << 3), V + (l << 3), (start - l) << 3);
      store<u64>(V + (l << 3), pivotV);
    }
  }
  return true;
}

function computeMinrun(n: usize): usize {
  let r: usize = 0;
  while (n >= 64) {
    r |= n & 1;
    n >>= 1;
  }
  return n + r;
}

// The run stack.
const MAX_RUNS = 85;
const runBase: usize = memory.data(MAX_RUNS * 4, 4);
const runLen: usize = memory.data(MAX_RUNS * 4, 4);
let runCount: i32 = 0;

// @ts-ignore: decorator
@inline function rb(i: i32): usize { return <usize>load<u32>(runBase + (<usize>i << 2)); }
// @ts-ignore: decorator
@inline function rl(i: i32): usize { return <usize>load<u32>(runLen + (<usize>i << 2)); }

// Merge scratch: holds the left run (keys, then items).
let tmp: usize = 0;
let tmpCap: usize = 0;

/** Merges runs i and i+1 (adjacent, left before right), stably. False on error. */
function mergeAt(i: i32): bool {
  const base = rb(i), na = rl(i), nb = rl(i + 1);
  store<u32>(runLen + (<usize>i << 2), <u32>(na + nb));
  if (i == runCount - 3) {
    store<u32>(runBase + (<usize>(i + 1) << 2), <u32>rb(i + 2));
    store<u32>(runLen + (<usize>(i + 1) << 2), <u32>rl(i + 2));
  }
  runCount--;
  // Copy the left run out, then merge forward into [base, base + na + nb).
  const need = na * (V != 0 ? 2 : 1);
  if (need > tmpCap) {
    if (tmp != 0) free(tmp, tmpCap << 3);
    tmp = alloc(need << 3);
    if (tmp == 0) {
      tmpCap = 0;
      raiseMemoryError();
      return false;
    }
    tmpCap = need;
  }
  const tk = tmp, tv = tmp + (na << 3);
  memory.copy(tk, K + (base << 3), na << 3);
  if (V != 0) memory.copy(tv, V + (base << 3), na << 3);
  let a: usize = 0, b = base + na, d = base;
  const bEnd = base + na + nb;
  let ok = true;
  while (a < na && b < bEnd) {
    const c = lessThan(key(b), load<u64>(tk + (a << 3)));
    if (c < 0) {
      ok = false;
      break;
    }
    if (c == 1) {
      store<u64>(K + (d << 3), key(b));
      if (V != 0) store<u64>(V + (d << 3), load<u64>(V + (b << 3)));
      b++;
    } else {
      store<u64>(K + (d << 3), load<u64>(tk + (a << 3)));
      if (V != 0) store<u64>(V + (d << 3), load<u64>(tv + (a << 3)));
      a++;
    }
    d++;
  }
  // Whatever is left of the left run goes back in place (also after an error, so the array
  // stays a permutation of the items).
  memory.copy(K + (d << 3), tk + (a << 3), (na - a) << 3);
  if (V != 0) memory.copy(V + (d << 3), tv + (a << 3), (na - a) << 3);
  return ok;
}

function mergeCollapse(): bool {
  while (runCount > 1) {
    let n = runCount - 2;
    if ((n > 0 && rl(n - 1) <= rl(n) + rl(n + 1)) || (n > 1 && rl(n - 2) <= rl(n - 1) + rl(n))) {
      if (rl(n - 1) < rl(n + 1)) n--;
      if (!mergeAt(n)) return false;
    } else if (rl(n) <= rl(n + 1)) {
      if (!mergeAt(n)) return false;
    } else {
      break;
    }
  }
  return true;
}

function mergeForceCollapse(): bool {
  while (runCount > 1) {
    let n = runCount - 2;
    if (n > 0 && rl(n - 1) < rl(n + 1)) n--;
    if (!mergeAt(n)) return false;
  }
  return true;
}

/** Sorts keys (and items with them) in place; false with an exception pending. */
function timsort(keys: usize, values: usize, n: usize): bool {
  K = keys;
  V = values;
  cmpKind = chooseCompare(keys, <u32>n);
  runCount = 0;
  if (n < 2) return true;
  const minrun = computeMinrun(n);
  let lo: usize = 0;
  let remaining = n;
  let ok = true;
  while (remaining > 0) {
    const r = countRun(lo, lo + remaining);
    if (r < 0) {
      ok = false;
      break;
    }
    let run = <usize>r;
    if (runDescending) reverseRange(lo, lo + run);
    if (run < minrun) {
      const force = remaining <= minrun ? remaining : minrun;
      if (!binarySort(lo, lo + force, lo + run)) {
        ok = false;
        break;
      }
      run = force;
    }
    store<u32>(runBase + (<usize>runCount << 2), <u32>lo);
    store<u32>(runLen + (<usize>runCount << 2), <u32>run);
    runCount++;
    if (!mergeCollapse()) {
      ok = false;
      break;
    }
    lo += run;
    remaining -= run;
  }
  if (ok) ok = mergeForceCollapse();
  if (tmp != 0) {
    free(tmp, tmpCap << 3);
    tmp = 0;
    tmpCap = 0;
  }
  return ok;
}

/**
 * list.sort(key=key, reverse=reverse): stable; 0, or -1 with an exception pending (the list
 * then holds its items in some order). Reverse sorts reverse, sort stably, and reverse back,
 * as CPython does, so equal items keep their order.
 */
export function listSort(l: usize, keyFn: Value, reverse: bool): i32 {
  const n = <usize>listLength(l);
  const cap = listCapacity(l);
  const items = listDetach(l);
  let keys: usize = 0;
  let ok = true;
  if (!isNone(keyFn) && n > 0) {
    keys = alloc(n << 3);
    if (keys == 0) {
      raiseMemoryError();
      ok = false;
    } else {
      for (let i: usize = 0; i < n; i++) {
        const k = call1(keyFn, load<u64>(items + (i << 3)));
        if (k == ERR) {
          for (let j: usize = 0; j < i; j++) decref(load<u64>(keys + (j << 3)));
          free(keys, n << 3);
          keys = 0;
          ok = false;
          break;
        }
        store<u64>(keys + (i << 3), k);
      }
    }
    if (!ok) {
      listAttach(l, items, <u32>n, cap);
      return -1;
    }
  }
  K = keys != 0 ? keys : items;
  V = keys != 0 ? items : 0;
  if (reverse && n > 1) reverseRange(0, n);
  ok = timsort(keys != 0 ? keys : items, keys != 0 ? items : 0, n);
  K = keys != 0 ? keys : items;
  V = keys != 0 ? items : 0;
  if (reverse && n > 1) reverseRange(0, n);
  if (keys != 0) {
    for (let i: usize = 0; i < n; i++) decref(load<u64>(keys + (i << 3)));
    free(keys, n << 3);
  }
  const modified = listLength(l) != 0 || listCapacity(l) != 0;
  listAttach(l, items, <u32>n, cap);
  if (ok && modified) {
    raise(ValueError, "list modified during sort");
    return -1;
  }
  return ok ? 0 : -1;
}

