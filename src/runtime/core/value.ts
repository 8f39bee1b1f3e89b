// Value representation (docs/decisions/0002-runtime-abi.md): every Python value is one i64.
// A float is its IEEE-754 bits; everything else lives in the negative quiet-NaN space, tagged
// by the top 16 bits. These helpers are the only place that knows the bit layout.

export type Value = u64;

export const TAG_SHIFT: u64 = 48;
export const TAG_INT: u64 = 0xFFF9;
export const TAG_BOOL: u64 = 0xFFFA;
export const TAG_NONE: u64 = 0xFFFB;
export const TAG_PTR: u64 = 0xFFFC;
export const TAG_MARK: u64 = 0xFFFF;

const PAYLOAD_MASK: u64 = (1 << TAG_SHIFT) - 1;
const FLOAT_LIMIT: u64 = TAG_INT << TAG_SHIFT;

/**
 * Every NaN a float operation produces becomes a positive quiet NaN, keeping 0xFFF8.. free for
 * tags. Each gets its own payload: a NaN is a distinct object in CPython (`float("nan") is
 * float("nan")` is False, so two of them are two set members and `(nan,) == (nan,)` holds only
 * for the same one), and the payload is that identity.
 */
const QUIET_NAN: u64 = 0x7FF8_0000_0000_0000;
const NAN_SERIAL_MASK: u64 = 0x0007_FFFF_FFFF_FFFF;
let nanSerial: u64 = 0;

export const NONE: Value = TAG_NONE << TAG_SHIFT;
export const FALSE: Value = TAG_BOOL << TAG_SHIFT;
export const TRUE: Value = (TAG_BOOL << TAG_SHIFT) | 1;
/** "An exception is pending": the checked-error return of every fallible runtime function. */
export const ERR: Value = TAG_MARK << TAG_SHIFT;
/** A variable with no value yet. */
export const UNBOUND: Value = (TAG_MARK << TAG_SHIFT) | 1;
/** An iterator is done. */
export const EXHAUSTED: Value = (TAG_MARK << TAG_SHIFT) | 2;

/** Small ints are 48-bit two's complement: [-2^47, 2^47). */
export const SMALL_MIN: i64 = -(1 << 47);
export const SMALL_MAX: i64 = (1 << 47) - 1;

// @ts-ignore: decorator
@inline export function tag(v: Value): u64 { return v >> TAG_SHIFT; }

// @ts-ignore: decorator
@inline export function isFloat(v: Value): bool { return v < FLOAT_LIMIT; }
// @ts-ignore: decorator
@inline export function isSmallInt(v: Value): bool { return (v >> TAG_SHIFT) == TAG_INT; }
// @ts-ignore: decorator
@inline export function isBool(v: Value): bool { return (v >> TAG_SHIFT) == TAG_BOOL; }
// @ts-ignore: decorator
@inline export function isNone(v: Value): bool { return v == NONE; }
// @ts-ignore: decorator
@inline export function isPtr(v: Value): bool { return (v >> TAG_SHIFT) == TAG_PTR; }

/** Does a 64-bit integer fit the small-int payload? */
// @ts-ignore: decorator
@inline export function fitsSmall(x: i64): bool { return ((x << 16) >> 16) == x; }

/** Boxes an i64 known to fit (see fitsSmall). */
// @ts-ignore: decorator
@inline export function boxSmall(x: i64): Value { return (<u64>x & PAYLOAD_MASK) | (TAG_INT << TAG_SHIFT); }
/** The signed payload of a small int (or a bool: True is 1, False is 0). */
// @ts-ignore: decorator
@inline export function unboxSmall(v: Value): i64 { return (<i64>(v << 16)) >> 16; }

// @ts-ignore: decorator
@inline export function boxBool(b: bool): Value { return FALSE | <u64>b; }

// @ts-ignore: decorator
@inline export function boxFloat(x: f64): Value {
  // x != x is the NaN test.
  return x != x ? freshNan() : reinterpret<u64>(x);
}
export function freshNan(): Value {
  nanSerial = (nanSerial + 1) & NAN_SERIAL_MASK;
  return QUIET_NAN | nanSerial;
}
// @ts-ignore: decorator
@inline export function unboxFloat(v: Value): f64 { return reinterpret<f64>(v); }

// @ts-ignore: decorator
@inline export function boxPtr(p: usize): Value { return (TAG_PTR << TAG_SHIFT) | <u64>p; }
// @ts-ignore: decorator
@inline export function unboxPtr(v: Value): usize { return <usize>(v & 0xFFFF_FFFF); }
