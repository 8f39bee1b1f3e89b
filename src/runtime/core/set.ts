// set: CPython 3.11's hash table algorithm (Objects/setobject.c), reproduced step for step
// because iteration order is table order and programs observe it (list({3, 1, 2})). Each
// probe first scans up to LINEAR_PROBES following slots, then jumps with the perturbation
// recurrence; a deleted entry leaves a dummy, and an add that reaches an empty slot without
// finding its key takes the last dummy it passed, if any (checked against CPython 3.11 on
// thousands of random add/discard/pop sequences); the table starts at 8 slots and, once fill
// reaches 3/5 of it, is rebuilt at the smallest power of two above 4 * len (2 * len past
// 50,000 entries).
import { alloc, free } from "./alloc";
import { Value, ERR, NONE, boxPtr, unboxPtr, boxSmall } from "./value";
import { SET_TYPE, newObject, freeObject, incref, decref, decrefChild } from "./object";
import { raiseWithValue, raise, raiseMemoryError, KeyError } from "./exceptions";
import { hashOf, richEq } from "./ops";

const S_FILL: usize = 8;    // u32: active + dummy entries
const S_USED: usize = 12;   // u32: active entries (len)
const S_MASK: usize = 16;   // u32: table size - 1
const S_TABLE: usize = 20;  // u32: address of the entry table
const S_FINGER: usize = 24; // u32: where set.pop() resumes its search
const S_SIZE: usize = 28;

const ENTRY_SIZE: usize = 16; // key u64, hash i64
/** Markers no Python value can equal: a never-used slot, and a deleted one. */
const EMPTY_KEY: Value = 0xFFFF_0000_0000_0F00;
const DUMMY_KEY: Value = 0xFFFF_0000_0000_0F01;
const MINSIZE: u32 = 8;
const LINEAR_PROBES: u64 = 9;
const PERTURB_SHIFT: u64 = 5;

// @ts-ignore: decorator
@inline export function setLength(s: usize): u32 { return load<u32>(s, S_USED); }
// @ts-ignore: decorator
@inline export function setTableSize(s: usize): u32 { return load<u32>(s, S_MASK) + 1; }
// @ts-ignore: decorator
@inline function entryAt(table: usize, i: u64): usize { return table + <usize>i * ENTRY_SIZE; }
/** The key in table slot i, or ERR if the slot is empty or dummy. */
export function setSlotKey(s: usize, i: u32): Value {
  const k = load<u64>(entryAt(<usize>load<u32>(s, S_TABLE), i));
  return k == EMPTY_KEY || k == DUMMY_KEY ? ERR : k;
}

function newTable(size: u32): usize {
  const t = alloc(<usize>size * ENTRY_SIZE);
  if (t == 0) return 0;
  for (let i: u32 = 0; i < size; i++) {
    store<u64>(entryAt(t, i), EMPTY_KEY);
    store<i64>(entryAt(t, i), 0, 8);
  }
  return t;
}

export function setNew(): usize {
  const s = newObject(SET_TYPE, S_SIZE);
  if (s == 0) return 0;
  const t = newTable(MINSIZE);
  if (t == 0) {
    freeObject(s, S_SIZE);
    return raiseMemoryError();
  }
  store<u32>(s, 0, S_FILL);
  store<u32>(s, 0, S_USED);
  store<u32>(s, MINSIZE - 1, S_MASK);
  store<u32>(s, <u32>t, S_TABLE);
  store<u32>(s, 0, S_FINGER);
  return s;
}

export function setDealloc(s: usize): void {
  const t = <usize>load<u32>(s, S_TABLE);
  const size = setTableSize(s);
  for (let i: u32 = 0; i < size; i++) {
    const k = load<u64>(entryAt(t, i));
    if (k != EMPTY_KEY && k != DUMMY_KEY) decrefChild(k);
  }
  free(t, <usize>size * ENTRY_SIZE);
  freeObject(s, S_SIZE);
}

/** set_insert_clean: places a key known to be absent into a table without dummies. */
function insertClean(t: usize, mask: u64, key: Value, hash: i64): void {
  let perturb = <u64>hash;
  let i = <u64>hash & mask;
  for (;;) {
    let e = entryAt(t, i);
    if (load<u64>(e) == EMPTY_KEY) {
      store<u64>(e, key);
      store<i64>(e, hash, 8);
      return;
    }
    if (i + LINEAR_PROBES <= mask) {
      for (let j: u64 = 0; j < LINEAR_PROBES; j++) {
        e += ENTRY_SIZE;
        if (load<u64>(e) == EMPTY_KEY) {
          store<u64>(e, key);
          store<i64>(e, hash, 8);
          return;
        }
      }
    }
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + 1 + perturb) & mask;
  }
}

/** set_table_resize: a table of the smallest power of two > minused, dummies dropped. */
function resize(s: usize, minused: u32): bool {
  let size: u32 = MINSIZE;
  while (size <= minused) size <<= 1;
  const t = newTable(size);
  if (t == 0) {
    raiseMemoryError();
    return false;
  }
  const old = <usize>load<u32>(s, S_TABLE);
  const oldSize = setTableSize(s);
  const mask = <u64>(size - 1);
  for (let i: u32 = 0; i < oldSize; i++) {
    const e = entryAt(old, i);
    const k = load<u64>(e);
    if (k != EMPTY_KEY && k != DUMMY_KEY) insertClean(t, mask, k, load<i64>(e, 8));
  }
  free(old, <usize>oldSize * ENTRY_SIZE);
  store<u32>(s, <u32>t, S_TABLE);
  store<u32>(s, size - 1, S_MASK);
  store<u32>(s, setLength(s), S_FILL);
  return true;
}

/** set_add_key; key borrowed. 0, or -1 with an exception pending. */
export function setAdd(s: usize, key: Value): i32 {
  const hash = hashOf(key);
  if (hash == -1) return -1;
  return setAddEntry(s, key, hash);
}

/** set_add_entry: key borrowed, hash known. 0, or -1 with an exception pending. */
export function setAddEntry(s: usize, key: Value, hash: i64): i32 {
  const mask = <u64>load<u32>(s, S_MASK);
  const t = <usize>load<u32>(s, S_TABLE);
  let i = <u64>hash & mask;
  let perturb = <u64>hash;
  let freeslot: usize = 0;
  for (;;) {
    let e = entryAt(t, i);
    let probes: u64 = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
    for (;;) {
      const k = load<u64>(e);
      if (k == EMPTY_KEY) {
        incref(key);
        store<u32>(s, setLength(s) + 1, S_USED);
        if (freeslot != 0) {
          store<u64>(freeslot, key);
          store<i64>(freeslot, hash, 8);
          return 0;
        }
        store<u64>(e, key);
        store<i64>(e, hash, 8);
        const fill = load<u32>(s, S_FILL) + 1;
        store<u32>(s, fill, S_FILL);
        if (<u64>fill * 5 < mask * 3) return 0;
        const used = setLength(s);
        return resize(s, used > 50000 ? used * 2 : used * 4) ? 0 : -1;
      }
      const h = load<i64>(e, 8);
      if (h == hash && k != DUMMY_KEY) {
        if (k == key) return 0;
        const eq = richEq(k, key);
        if (eq < 0) return -1;
        if (eq > 0) return 0;
      } else if (k == DUMMY_KEY) {
        // CPython 3.11 remembers the last dummy on the probe path, not the first.
        freeslot = e;
      }
      if (probes == 0) break;
      probes--;
      e += ENTRY_SIZE;
    }
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + 1 + perturb) & mask;
  }
  return <i32>unreachable(); // the table always has an EMPTY slot
}

/** set_lookkey: the entry holding key, 0 if absent, or 1 if a comparison raised. */
function lookup(s: usize, key: Value, hash: i64): usize {
  const mask = <u64>load<u32>(s, S_MASK);
  const t = <usize>load<u32>(s, S_TABLE);
  let i = <u64>hash & mask;
  let perturb = <u64>hash;
  for (;;) {
    let e = entryAt(t, i);
    let probes: u64 = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
    for (;;) {
      const k = load<u64>(e);
      if (k == EMPTY_KEY) return 0;
      if (load<i64>(e, 8) == hash && k != DUMMY_KEY) {
        if (k == key) return e;
        const eq = richEq(k, key);
        if (eq < 0) return 1;
        if (eq > 0) return e;
      }
      if (probes == 0) break;
      probes--;
      e += ENTRY_SIZE;
    }
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + 1 + perturb) & mask;
  }
  return <usize>unreachable(); // the table always has an EMPTY slot
}

/** 1 if key is in s, 0 if not, -1 with an exception pending. */
export function setContains(s: usize, key: Value): i32 {
  const hash = hashOf(key);
  if (hash == -1) return -1;
  return setContainsEntry(s, key, hash);
}

export function setContainsEntry(s: usize, key: Value, hash: i64): i32 {
  const e = lookup(s, key, hash);
  return e == 1 ? -1 : e != 0 ? 1 : 0;
}

/** Removes key: 1 if it was there, 0 if not, -1 with an exception pending. */
export function setDiscard(s: usize, key: Value): i32 {
  const hash = hashOf(key);
  if (hash == -1) return -1;
  return setDiscardEntry(s, key, hash);
}

export function setDiscardEntry(s: usize, key: Value, hash: i64): i32 {
  const e = lookup(s, key, hash);
  if (e == 1) return -1;
  if (e == 0) return 0;
  const k = load<u64>(e);
  store<u64>(e, DUMMY_KEY);
  store<i64>(e, -1, 8);
  store<u32>(s, setLength(s) - 1, S_USED);
  decref(k);
  return 1;
}

// ---- exports -------------------------------------------------------------------------------

export function rt_set_new(): Value {
  const s = setNew();
  return s == 0 ? ERR : boxPtr(s);
}

/** set.add(key) (comprehensions); key borrowed. 0, or -1 with an exception pending. */
export function rt_set_add(sv: Value, key: Value): i32 {
  return setAdd(unboxPtr(sv), key);
}

export function rt_set_discard(sv: Value, key: Value): Value {
  return setDiscard(unboxPtr(sv), key) < 0 ? ERR : NONE;
}

export function rt_set_remove(sv: Value, key: Value): Value {
  const r = setDiscard(unboxPtr(sv), key);
  if (r < 0) return ERR;
  if (r == 0) return raiseWithValue(KeyError, key);
  return NONE;
}

/** set.pop(): resumes scanning where the last pop stopped, as CPython does. */
export function rt_set_pop(sv: Value): Value {
  const s = unboxPtr(sv);
  if (setLength(s) == 0) return raise(KeyError, "pop from an empty set");
  const t = <usize>load<u32>(s, S_TABLE);
  const mask = load<u32>(s, S_MASK);
  let i = load<u32>(s, S_FINGER) & mask;
  for (;;) {
    const k = load<u64>(entryAt(t, i));
    if (k != EMPTY_KEY && k != DUMMY_KEY) break;
    i = (i + 1) & mask;
  }
  const e = entryAt(t, i);
  const k = load<u64>(e);
  store<u64>(e, DUMMY_KEY);
  store<i64>(e, -1, 8);
  store<u32>(s, setLength(s) - 1, S_USED);
  store<u32>(s, i + 1, S_FINGER);
  return k;
}

/** A set from `count` Values at argv, added in order (stolen references). */
export function rt_build_set(argv: usize, count: u32): Value {
  const s = setNew();
  let ok = s != 0;
  for (let i: u32 = 0; i < count; i++) {
    const k = load<u64>(argv + (<usize>i << 3));
    if (ok && setAdd(s, k) < 0) ok = false;
    decref(k);
  }
  if (!ok) {
    if (s != 0) decref(boxPtr(s));
    return ERR;
  }
  return boxPtr(s);
}

export function rt_set_len(sv: Value): Value { return boxSmall(setLength(unboxPtr(sv))); }

// ---- bulk operations, step for step as CPython 3.11's setobject.c (iteration order depends on
// the order entries are inserted) ------------------------------------------------------------------

// @ts-ignore: decorator
@inline export function setFill(s: usize): u32 { return load<u32>(s, S_FILL); }
// @ts-ignore: decorator
@inline function tableOf(s: usize): usize { return <usize>load<u32>(s, S_TABLE); }
// @ts-ignore: decorator
@inline export function setSlotHash(s: usize, i: u32): i64 { return load<i64>(entryAt(tableOf(s), i), 8); }

/** set_merge: adds every entry of set `other` to `so`. 0 or -1. */
export function setMerge(so: usize, other: usize): i32 {
  if (so == other || setLength(other) == 0) return 0;
  if (<u64>(setFill(so) + setLength(other)) * 5 >= <u64>load<u32>(so, S_MASK) * 3) {
    if (!resize(so, (setLength(so) + setLength(other)) * 2)) return -1;
  }
  const osize = setTableSize(other);
  const ot = tableOf(other);
  // An empty target with the same table size and no dummies in the source: copy in place.
  if (setFill(so) == 0 && load<u32>(so, S_MASK) == load<u32>(other, S_MASK) && setFill(other) == setLength(other)) {
    const t = tableOf(so);
    for (let i: u32 = 0; i < osize; i++) {
      const k = load<u64>(entryAt(ot, i));
      if (k != EMPTY_KEY && k != DUMMY_KEY) {
        incref(k);
        store<u64>(entryAt(t, i), k);
        store<i64>(entryAt(t, i), load<i64>(entryAt(ot, i), 8), 8);
      }
    }
    store<u32>(so, setFill(other), S_FILL);
    store<u32>(so, setLength(other), S_USED);
    return 0;
  }
  if (setFill(so) == 0) {
    const t = tableOf(so);
    const mask = <u64>load<u32>(so, S_MASK);
    for (let i: u32 = 0; i < osize; i++) {
      const k = load<u64>(entryAt(ot, i));
      if (k != EMPTY_KEY && k != DUMMY_KEY) {
        incref(k);
        insertClean(t, mask, k, load<i64>(entryAt(ot, i), 8));
      }
    }
    store<u32>(so, setLength(other), S_FILL);
    store<u32>(so, setLength(other), S_USED);
    return 0;
  }
  for (let i: u32 = 0; i < osize; i++) {
    const k = load<u64>(entryAt(ot, i));
    if (k != EMPTY_KEY && k != DUMMY_KEY && setAddEntry(so, k, load<i64>(entryAt(ot, i), 8)) < 0) return -1;
  }
  return 0;
}

/** Removes every entry (set.clear()). */
export function setClear(s: usize): void {
  const t = tableOf(s);
  const size = setTableSize(s);
  const nt = newTable(MINSIZE);
  if (nt == 0) return;
  store<u32>(s, <u32>nt, S_TABLE);
  store<u32>(s, MINSIZE - 1, S_MASK);
  store<u32>(s, 0, S_FILL);
  store<u32>(s, 0, S_USED);
  store<u32>(s, 0, S_FINGER);
  for (let i: u32 = 0; i < size; i++) {
    const k = load<u64>(entryAt(t, i));
    if (k != EMPTY_KEY && k != DUMMY_KEY) decref(k);
  }
  free(t, <usize>size * ENTRY_SIZE);
}

/** Exchanges the tables of two sets (intersection_update). */
export function setSwapBodies(a: usize, b: usize): void {
  for (let off: usize = S_FILL; off < S_SIZE; off += 4) {
    const t = load<u32>(a + off);
    store<u32>(a + off, load<u32>(b + off));
    store<u32>(b + off, t);
  }
}

/** After many discards: CPython drops the dummies once more than a quarter are dummies. */
export function setShrinkDummies(s: usize): i32 {
  if (setFill(s) - setLength(s) <= load<u32>(s, S_MASK) / 4) return 0;
  const used = setLength(s);
  return resize(s, used > 50000 ? used * 2 : used * 4) ? 0 : -1;
}

/** hash(frozenset): CPython's frozenset_hash over the table's hash fields. */
export function frozensetHash(s: usize): i64 {
  let h: u64 = 0;
  const size = setTableSize(s);
  const t = tableOf(s);
  for (let i: u32 = 0; i < size; i++) h ^= shuffleBits(<u64>load<i64>(entryAt(t, i), 8));
  if (((size - setFill(s)) & 1) != 0) h ^= shuffleBits(0);
  if (((setFill(s) - setLength(s)) & 1) != 0) h ^= shuffleBits(<u64>-1);
  h ^= (<u64>setLength(s) + 1) * 1927868237;
  h ^= (h >> 11) ^ (h >> 25);
  h = h * 69069 + 907133923;
  if (h == <u64>-1) h = 590923713;
  return <i64>h;
}

// @ts-ignore: decorator
@inline function shuffleBits(h: u64): u64 { return ((h ^ 89869747) ^ (h << 16)) * 3644798167; }
