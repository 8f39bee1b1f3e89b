/**
 * The JS side of the value representation (docs/decisions/0002): a Python value crosses the Wasm
 * boundary as an i64, which JS sees as a BigInt. Immediates (float, small int, bool, None) are
 * decoded and built here from the bits alone, with no call into Wasm; only heap objects need
 * the runtime.
 */
const TAG_SHIFT = 48n;
const TAG_INT = 0xfff9n;
const TAG_BOOL = 0xfffan;
const TAG_NONE = 0xfffbn;
const TAG_PTR = 0xfffcn;

const u64 = (v: bigint) => BigInt.asUintN(64, v);
const i64 = (v: bigint) => BigInt.asIntN(64, v);

export const ERR = i64(0xffffn << TAG_SHIFT);
export const UNBOUND = i64((0xffffn << TAG_SHIFT) | 1n);
/** What the runtime's next() answers at the end of an iterator. */
export const EXHAUSTED = i64((0xffffn << TAG_SHIFT) | 2n);
export const NONE = i64(TAG_NONE << TAG_SHIFT);
export const TRUE = i64((TAG_BOOL << TAG_SHIFT) | 1n);
export const FALSE = i64(TAG_BOOL << TAG_SHIFT);

const SMALL_MIN = -(1n << 47n);
const SMALL_MAX = (1n << 47n) - 1n;
const CANONICAL_NAN = 0x7ff8_0000_0000_0000n;

const scratch = new DataView(new ArrayBuffer(8));

const tagOf = (v: bigint) => u64(v) >> TAG_SHIFT;

export const isFloat = (v: bigint) => u64(v) < TAG_INT << TAG_SHIFT;
export const isSmallInt = (v: bigint) => tagOf(v) === TAG_INT;
export const isBool = (v: bigint) => tagOf(v) === TAG_BOOL;
export const isNone = (v: bigint) => v === NONE;
export const isPtr = (v: bigint) => tagOf(v) === TAG_PTR;

export function unboxFloat(v: bigint): number {
  scratch.setBigUint64(0, u64(v));
  return scratch.getFloat64(0);
}

/** Every NaN is the canonical one: the runtime's tags live in the other NaNs. */
export function boxFloat(x: number): bigint {
  if (Number.isNaN(x)) return CANONICAL_NAN;
  scratch.setFloat64(0, x);
  return i64(scratch.getBigUint64(0));
}

// Small ints go through the scratch DataView as two 32-bit halves rather than BigInt
// arithmetic: every BigInt operation allocates, and these run on every call from JS.

/** The signed 48-bit payload, sign-extended. */
export function unboxSmallInt(v: bigint): number {
  scratch.setBigUint64(0, u64(v));
  return scratch.getInt16(2) * 2 ** 32 + scratch.getUint32(4);
}

/** A small int from a JS integer in [-2^47, 2^47). */
export function boxSmallIntNumber(x: number): bigint {
  const high = Math.floor(x / 2 ** 32);
  scratch.setUint32(0, ((Number(TAG_INT) << 16) | (high & 0xffff)) >>> 0);
  scratch.setUint32(4, x - high * 2 ** 32);
  return scratch.getBigInt64(0);
}

export const fitsSmallIntNumber = (x: number) => x >= -(2 ** 47) && x < 2 ** 47;

export const fitsSmallInt = (x: bigint) => x >= SMALL_MIN && x <= SMALL_MAX;

export const boxSmallInt = (x: bigint) => i64((TAG_INT << TAG_SHIFT) | BigInt.asUintN(48, x));

export const boxBool = (b: boolean) => (b ? TRUE : FALSE);
