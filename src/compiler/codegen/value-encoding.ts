/**
 * The NaN-boxed value encoding of docs/decisions/0002-runtime-abi.md, as the code generator
 * sees it. The runtime (AssemblyScript) has its own copy of these constants; the runtime's
 * tests and the end-to-end tests keep the two in agreement.
 */
export const TAG_SHIFT = 48n;
export const TAG_INT = 0xfff9n;
export const TAG_BOOL = 0xfffan;
export const TAG_NONE = 0xfffbn;
export const TAG_PTR = 0xfffcn;
export const TAG_ERR = 0xffffn;

export const SMALL_INT_MIN = -(1n << 47n);
export const SMALL_INT_MAX = (1n << 47n) - 1n;

const PAYLOAD_MASK = (1n << TAG_SHIFT) - 1n;
const CANONICAL_NAN = 0x7ff8_0000_0000_0000n;

/** The boxed i64 of a small int, as a signed bigint (what binaryen's i64.const takes). */
export function boxSmallInt(n: bigint): bigint {
  return BigInt.asIntN(64, (TAG_INT << TAG_SHIFT) | (n & PAYLOAD_MASK));
}

export function isSmallInt(n: bigint): boolean {
  return n >= SMALL_INT_MIN && n <= SMALL_INT_MAX;
}

export function boxFloat(x: number): bigint {
  if (Number.isNaN(x)) return BigInt.asIntN(64, CANONICAL_NAN);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigInt64(0);
}

export const BOXED_NONE = BigInt.asIntN(64, TAG_NONE << TAG_SHIFT);
export const BOXED_FALSE = BigInt.asIntN(64, TAG_BOOL << TAG_SHIFT);
export const BOXED_TRUE = BigInt.asIntN(64, (TAG_BOOL << TAG_SHIFT) | 1n);
/** Markers in the ERR tag's space: never Python values, never seen by Python code. */
export const ERR = BigInt.asIntN(64, TAG_ERR << TAG_SHIFT);
/** A variable with no value yet (reading it raises NameError / UnboundLocalError). */
export const UNBOUND = BigInt.asIntN(64, (TAG_ERR << TAG_SHIFT) | 1n);
/** What `rt_iter_next` returns when the iterator is exhausted. */
export const EXHAUSTED = BigInt.asIntN(64, (TAG_ERR << TAG_SHIFT) | 2n);
