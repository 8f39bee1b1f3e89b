/**
 * What type inference (passes/type-inference.ts) proves about a value, for codegen to pick
 * code without tag tests, overflow checks or reference counting.
 *
 * A lattice: `bot` (no value reaches here yet) below everything, `obj` (any Python object) on
 * top. An `int` carries the interval of values it can have (null bounds: unbounded); one
 * within [SMALL_INT_MIN, SMALL_INT_MAX] is a small int, never on the heap (the runtime always
 * returns the small form of an int that fits, docs/decisions/0002-runtime-abi.md).
 */
export type Ty =
  | { readonly k: "bot" }
  | { readonly k: "int"; readonly lo: bigint | null; readonly hi: bigint | null }
  | { readonly k: "bool" }
  | { readonly k: "float" }
  | { readonly k: "none" }
  | { readonly k: "str" }
  | { readonly k: "obj" };

export const SMALL_MIN = -(1n << 47n);
export const SMALL_MAX = (1n << 47n) - 1n;

export const BOT: Ty = { k: "bot" };
export const OBJ: Ty = { k: "obj" };
export const BOOL: Ty = { k: "bool" };
export const FLOAT: Ty = { k: "float" };
export const NONE: Ty = { k: "none" };
export const STR: Ty = { k: "str" };
export const INT: Ty = { k: "int", lo: null, hi: null };
export const SMALL_INT: Ty = { k: "int", lo: SMALL_MIN, hi: SMALL_MAX };

export function intTy(lo: bigint | null, hi: bigint | null): Ty {
  return { k: "int", lo, hi };
}

export function isSmallIntTy(t: Ty | null | undefined): boolean {
  return t?.k === "int" && t.lo !== null && t.hi !== null && t.lo >= SMALL_MIN && t.hi <= SMALL_MAX;
}

/** Values of this type are never heap objects: reference counting can skip them. */
export function isUnboxedTy(t: Ty | null | undefined): boolean {
  return t !== null && t !== undefined && (t.k === "bool" || t.k === "float" || t.k === "none" || isSmallIntTy(t));
}

const minB = (a: bigint | null, b: bigint | null) => (a === null || b === null ? null : a < b ? a : b);
const maxB = (a: bigint | null, b: bigint | null) => (a === null || b === null ? null : a > b ? a : b);

export function join(a: Ty, b: Ty): Ty {
  if (a.k === "bot") return b;
  if (b.k === "bot") return a;
  if (a.k === "int" && b.k === "int") return intTy(minB(a.lo, b.lo), maxB(a.hi, b.hi));
  return a.k === b.k ? a : OBJ;
}

/** The narrower of two facts about one value (both hold). */
export function meet(a: Ty, b: Ty): Ty {
  if (a.k === "obj") return b;
  if (b.k === "obj") return a;
  if (a.k === "int" && b.k === "int") {
    const lo = a.lo === null ? b.lo : b.lo === null ? a.lo : a.lo > b.lo ? a.lo : b.lo;
    const hi = a.hi === null ? b.hi : b.hi === null ? a.hi : a.hi < b.hi ? a.hi : b.hi;
    return lo !== null && hi !== null && lo > hi ? BOT : intTy(lo, hi);
  }
  return a.k === b.k ? a : BOT;
}

export function sameTy(a: Ty, b: Ty): boolean {
  return a.k === b.k && (a.k !== "int" || (b.k === "int" && a.lo === b.lo && a.hi === b.hi));
}

/**
 * Widening for loops: a bound that grows jumps to the small-int limit, then to unbounded,
 * so the fixpoint ends in a few rounds and a counter bounded by a small int stays small.
 */
export function widen(old: Ty, next: Ty): Ty {
  if (old.k !== "int" || next.k !== "int") return next;
  let { lo, hi } = next;
  if (hi === null || (old.hi !== null && hi > old.hi)) hi = hi !== null && hi <= SMALL_MAX ? SMALL_MAX : null;
  if (lo === null || (old.lo !== null && lo < old.lo)) lo = lo !== null && lo >= SMALL_MIN ? SMALL_MIN : null;
  return intTy(lo, hi);
}

export function tyText(t: Ty): string {
  if (t.k !== "int") return t.k;
  if (isSmallIntTy(t) && t.lo === SMALL_MIN && t.hi === SMALL_MAX) return "smallint";
  if (t.lo === null && t.hi === null) return "int";
  const b = (x: bigint | null, inf: string) => (x === null ? inf : x === SMALL_MAX ? "MAX" : x === SMALL_MIN ? "MIN" : String(x));
  return `int[${b(t.lo, "-inf")}..${b(t.hi, "inf")}]`;
}
