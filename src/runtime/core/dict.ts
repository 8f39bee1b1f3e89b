// dict: CPython's compact layout. Entries (hash, key, value) live in an array in insertion
// order; a separate open-addressing table of i32 indices into it is probed with CPython's
// perturbation scheme (i = 5*i + 1 + perturb, perturb >>= 5). Deleting leaves a hole in the
// entries and a DUMMY in the index; resizing compacts the entries, which keeps iteration in
// insertion order. Sizes follow CPython 3.11: 8 slots minimum, 2/3 of the slots usable, and a
// full table grows to the power of two at or above 3 * len.
import { alloc, free } from "./alloc";
import { Value, ERR, NONE, boxPtr, unboxPtr, boxSmall } from "./value";
import { DICT_TYPE, newObject, freeObject, incref, decref, decrefChild } from "./object";
import { raiseWithValue, raiseMemoryError, KeyError } from "./exceptions";
import { hashOf, richEq } from "./ops";

const D_USED: usize = 8;      // u32: live entries (len)
const D_NENTRIES: usize = 12; // u32: entries written, including holes
const D_LOG2: usize = 16;     // u32: log2 of the index table size
const D_INDICES: usize = 20;  // u32: address of the i32 index table
const D_ENTRIES: usize = 24;  // u32: address of the entry array
const D_SIZE: usize = 28;

const ENTRY_SIZE: usize = 24; // hash i64, key u64, value u64
const EMPTY: i32 = -1;
const DUMMY: i32 = -2;
/** A key slot whose entry was deleted: a marker no Python value can equal. */
const DELETED_KEY: Value = 0xFFFF_0000_0000_00FF;
const PERTURB_SHIFT: u64 = 5;
const LOG2_MIN: u32 = 3;

// @ts-ignore: decorator
@inline function usable(log2: u32): u32 { return ((<u32>1 << log2) << 1) / 3; }
// @ts-ignore: decorator
@inline function entryAt(d: usize, i: u32): usize { return <usize>load<u32>(d, D_ENTRIES) + <usize>i * ENTRY_SIZE; }
// @ts-ignore: decorator
@inline export function dictLength(d: usize): u32 { return load<u32>(d, D_USED); }
// @ts-ignore: decorator
@inline export function dictEntryCount(d: usize): u32 { return load<u32>(d, D_NENTRIES); }
// @ts-ignore: decorator
@inline export function dictEntryKey(d: usize, i: u32): Value { return load<u64>(entryAt(d, i), 8); }
// @ts-ignore: decorator
@inline export function dictEntryValue(d: usize, i: u32): Value { return load<u64>(entryAt(d, i), 16); }
// @ts-ignore: decorator
@inline export function isDeletedKey(k: Value): bool { return k == DELETED_KEY; }

/** Allocates index and entry tables of 2^log2 slots into d; false on MemoryError. */
function allocTables(d: usize, log2: u32): bool {
  const size = <usize>1 << log2;
  const indices = alloc(size << 2);
  if (indices == 0) return false;
  const entries = alloc(<usize>usable(log2) * ENTRY_SIZE);
  if (entries == 0) {
    free(indices, size << 2);
    return false;
  }
  memory.fill(indices, 0xFF, size << 2); // every slot EMPTY (-1)
  store<u32>(d, log2, D_LOG2);
  store<u32>(d, <u32>indices, D_INDICES);
  store<u32>(d, <u32>entries, D_ENTRIES);
  return true;
}

function freeTables(d: usize): void {
  const log2 = load<u32>(d, D_LOG2);
  free(<usize>load<u32>(d, D_INDICES), (<usize>1 << log2) << 2);
  free(<usize>load<u32>(d, D_ENTRIES), <usize>usable(log2) * ENTRY_SIZE);
}

export function dictNew(): usize {
  const d = newObject(DICT_TYPE, D_SIZE);
  if (d == 0) return 0;
  if (!allocTables(d, LOG2_MIN)) {
    freeObject(d, D_SIZE);
    return raiseMemoryError();
  }
  store<u32>(d, 0, D_USED);
  store<u32>(d, 0, D_NENTRIES);
  return d;
}

export function dictDealloc(d: usize): void {
  const n = dictEntryCount(d);
  for (let i: u32 = 0; i < n; i++) {
    const k = dictEntryKey(d, i);
    if (k == DELETED_KEY) continue;
    decrefChild(k);
    decrefChild(dictEntryValue(d, i));
  }
  freeTables(d);
  freeObject(d, D_SIZE);
}

/**
 * The index-table slot holding key's entry, or (not found) -1 - the first free slot on its
 * probe sequence; i32.MIN_VALUE if a comparison raised.
 */
function lookup(d: usize, key: Value, hash: i64): i32 {
  const mask = (<u64>1 << load<u32>(d, D_LOG2)) - 1;
  const indices = <usize>load<u32>(d, D_INDICES);
  let perturb = <u64>hash;
  let i = perturb & mask;
  let free: i32 = -1;
  for (;;) {
    const ix = load<i32>(indices + (<usize>i << 2));
    if (ix == EMPTY) return -1 - (free >= 0 ? free : <i32>i);
    if (ix == DUMMY) {
      if (free < 0) free = <i32>i;
    } else {
      const e = entryAt(d, ix);
      const k = load<u64>(e, 8);
      if (k == key) return <i32>i;
      if (load<i64>(e) == hash) {
        const eq = richEq(k, key);
        if (eq < 0) return i32.MIN_VALUE;
        if (eq > 0) return <i32>i;
      }
    }
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + perturb + 1) & mask;
  }
  return <i32>unreachable(); // the table always has an EMPTY slot
}

/** Rebuilds the tables at 2^log2 slots, compacting the entries (insertion order kept). */
function resize(d: usize, log2: u32): bool {
  const oldLog2 = load<u32>(d, D_LOG2);
  const oldIndices = <usize>load<u32>(d, D_INDICES);
  const oldEntries = <usize>load<u32>(d, D_ENTRIES);
  const n = dictEntryCount(d);
  if (!allocTables(d, log2)) {
    raiseMemoryError();
    return false;
  }
  const mask = (<u64>1 << log2) - 1;
  const indices = <usize>load<u32>(d, D_INDICES);
  let j: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const src = oldEntries + <usize>i * ENTRY_SIZE;
    if (load<u64>(src, 8) == DELETED_KEY) continue;
    memory.copy(entryAt(d, j), src, ENTRY_SIZE);
    // Every key is distinct: probe for the first EMPTY slot only.
    const hash = load<i64>(src);
    let perturb = <u64>hash;
    let slot = perturb & mask;
    while (load<i32>(indices + (<usize>slot << 2)) != EMPTY) {
      perturb >>= PERTURB_SHIFT;
      slot = (slot * 5 + perturb + 1) & mask;
    }
    store<i32>(indices + (<usize>slot << 2), <i32>j);
    j++;
  }
  store<u32>(d, j, D_NENTRIES);
  free(oldIndices, (<usize>1 << oldLog2) << 2);
  free(oldEntries, <usize>usable(oldLog2) * ENTRY_SIZE);
  return true;
}

/** d[key] = value (both borrowed); 0, or -1 with an exception pending. */
export function dictSetItem(d: usize, key: Value, value: Value): i32 {
  const hash = hashOf(key);
  if (hash == -1) return -1;
  return dictSetItemHashed(d, key, hash, value);
}

export function dictSetItemHashed(d: usize, key: Value, hash: i64, value: Value): i32 {
  let slot = lookup(d, key, hash);
  if (slot == i32.MIN_VALUE) return -1;
  incref(value);
  if (slot >= 0) {
    const e = entryAt(d, load<i32>(<usize>load<u32>(d, D_INDICES) + (<usize>slot << 2)));
    const old = load<u64>(e, 16);
    store<u64>(e, value, 16);
    decref(old);
    return 0;
  }
  if (dictEntryCount(d) >= usable(load<u32>(d, D_LOG2))) {
    let log2 = LOG2_MIN;
    const want = <u64>dictLength(d) * 3;
    while ((<u64>1 << log2) < want) log2++;
    if (!resize(d, log2)) {
      decref(value);
      return -1;
    }
    slot = lookup(d, key, hash); // cannot compare: every key in the new table differs
  }
  const n = dictEntryCount(d);
  const e = entryAt(d, n);
  incref(key);
  store<i64>(e, hash);
  store<u64>(e, key, 8);
  store<u64>(e, value, 16);
  store<i32>(<usize>load<u32>(d, D_INDICES) + (<usize>(-1 - slot) << 2), <i32>n);
  store<u32>(d, n + 1, D_NENTRIES);
  store<u32>(d, dictLength(d) + 1, D_USED);
  return 0;
}

/** d[key] as a new reference; 0 (with nothing pending) if absent, ERR if a lookup raised. */
export function dictGetItemOrNull(d: usize, key: Value): Value {
  const hash = hashOf(key);
  if (hash == -1) return ERR;
  const slot = lookup(d, key, hash);
  if (slot == i32.MIN_VALUE) return ERR;
  if (slot < 0) return 0;
  const v = load<u64>(entryAt(d, load<i32>(<usize>load<u32>(d, D_INDICES) + (<usize>slot << 2))), 16);
  incref(v);
  return v;
}

export function dictGetItem(d: usize, key: Value): Value {
  const v = dictGetItemOrNull(d, key);
  if (v == 0) return raiseWithValue(KeyError, key);
  return v;
}

/** del d[key]; 0, or -1 with KeyError (or a comparison's exception) pending. */
export function dictDelItem(d: usize, key: Value): i32 {
  const hash = hashOf(key);
  if (hash == -1) return -1;
  const slot = lookup(d, key, hash);
  if (slot == i32.MIN_VALUE) return -1;
  if (slot < 0) {
    raiseWithValue(KeyError, key);
    return -1;
  }
  const at = <usize>load<u32>(d, D_INDICES) + (<usize>slot << 2);
  const e = entryAt(d, load<i32>(at));
  store<i32>(at, DUMMY);
  const k = load<u64>(e, 8), v = load<u64>(e, 16);
  store<u64>(e, DELETED_KEY, 8);
  store<u64>(e, NONE, 16);
  store<u32>(d, dictLength(d) - 1, D_USED);
  decref(k);
  decref(v);
  return 0;
}

/** 1 if key is in d, 0 if not, -1 with an exception pending. */
export function dictContains(d: usize, key: Value): i32 {
  const hash = hashOf(key);
  if (hash == -1) return -1;
  const slot = lookup(d, key, hash);
  if (slot == i32.MIN_VALUE) return -1;
  return slot >= 0 ? 1 : 0;
}

// ---- exports -------------------------------------------------------------------------------

export function rt_dict_new(): Value {
  const d = dictNew();
  return d == 0 ? ERR : boxPtr(d);
}

/** d.get(key, default) */
export function rt_dict_get(dv: Value, key: Value, dflt: Value): Value {
  const v = dictGetItemOrNull(unboxPtr(dv), key);
  if (v != 0) return v;
  incref(dflt);
  return dflt;
}

/**
 * A dict from `count` Values at argv, alternating keys and values (k0, v0, k1, v1, ...: count
 * is twice the number of pairs), stealing them; later keys overwrite earlier ones.
 */
export function rt_build_dict(argv: usize, count: u32): Value {
  const d = dictNew();
  let ok = d != 0;
  for (let i: u32 = 0; i + 1 < count; i += 2) {
    const k = load<u64>(argv + (<usize>i << 3));
    const v = load<u64>(argv + (<usize>i << 3) + 8);
    if (ok && dictSetItem(d, k, v) < 0) ok = false;
    decref(k);
    decref(v);
  }
  if (!ok) {
    if (d != 0) decref(boxPtr(d));
    return ERR;
  }
  return boxPtr(d);
}

export function rt_dict_len(dv: Value): Value { return boxSmall(dictLength(unboxPtr(dv))); }

/** The stored hash of entry i. */
export function dictHashAt(d: usize, i: u32): i64 { return load<i64>(entryAt(d, i)); }

/** Removes every entry (dict.clear()): fresh minimum-size tables. */
export function dictClearAll(d: usize): void {
  const n = dictEntryCount(d);
  const log2 = load<u32>(d, D_LOG2);
  const oldIndices = <usize>load<u32>(d, D_INDICES);
  const oldEntries = <usize>load<u32>(d, D_ENTRIES);
  if (!allocTables(d, LOG2_MIN)) {
    raiseMemoryError();
    return;
  }
  store<u32>(d, 0, D_USED);
  store<u32>(d, 0, D_NENTRIES);
  for (let i: u32 = 0; i < n; i++) {
    const e = oldEntries + <usize>i * ENTRY_SIZE;
    const k = load<u64>(e, 8);
    if (k == DELETED_KEY) continue;
    decref(k);
    decref(load<u64>(e, 16));
  }
  free(oldIndices, (<usize>1 << log2) << 2);
  free(oldEntries, <usize>usable(log2) * ENTRY_SIZE);
}
