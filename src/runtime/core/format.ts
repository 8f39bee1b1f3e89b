// Building strs piece by piece: a builder grows a str object's block in place (realloc) and
// fills in its header fields when finished, so the text is never copied out of a scratch
// buffer. Used by repr(), number formatting and error messages.
import { alloc, free, realloc } from "./alloc";
import { STR_TYPE } from "./object";
import { STR_DATA, strByteLength, strData, strFinishNew } from "./str";
import { raiseMemoryError } from "./exceptions";

// Builder layout: [str block u32][bytes used u32][capacity in bytes u32][failed u32].
const B_BLOCK: usize = 0;
const B_LEN: usize = 4;
const B_CAP: usize = 8;
const B_FAILED: usize = 12;
const B_SIZE: usize = 16;

/** A new builder; 0 with MemoryError pending. */
export function builderNew(capacity: u32): usize {
  const b = alloc(B_SIZE);
  if (b == 0) return raiseMemoryError();
  const block = alloc(STR_DATA + <usize>capacity);
  if (block == 0) {
    free(b, B_SIZE);
    return raiseMemoryError();
  }
  store<u32>(b, <u32>block, B_BLOCK);
  store<u32>(b, 0, B_LEN);
  store<u32>(b, capacity, B_CAP);
  store<u32>(b, 0, B_FAILED);
  return b;
}

/** Room for n more bytes; returns the address to write them at, or 0 (the builder failed). */
export function builderReserve(b: usize, n: u32): usize {
  if (load<u32>(b, B_FAILED) != 0) return 0;
  const len = load<u32>(b, B_LEN);
  let cap = load<u32>(b, B_CAP);
  let block = <usize>load<u32>(b, B_BLOCK);
  if (<u64>len + <u64>n > <u64>cap) {
    const want = max<u64>(<u64>len + <u64>n, <u64>cap + (<u64>cap >> 1) + 16);
    if (want > 0x7FFF_0000) {
      store<u32>(b, 1, B_FAILED);
      return 0;
    }
    const grown = realloc(block, STR_DATA + <usize>cap, STR_DATA + <usize>want);
    if (grown == 0) {
      store<u32>(b, 1, B_FAILED);
      return 0;
    }
    block = grown;
    cap = <u32>want;
    store<u32>(b, <u32>block, B_BLOCK);
    store<u32>(b, cap, B_CAP);
  }
  store<u32>(b, len + n, B_LEN);
  return block + STR_DATA + <usize>len;
}

export function builderBytes(b: usize, p: usize, n: u32): void {
  const at = builderReserve(b, n);
  if (at != 0) memory.copy(at, p, n);
}

export function builderByte(b: usize, c: u32): void {
  const at = builderReserve(b, 1);
  if (at != 0) store<u8>(at, <u8>c);
}

/**
 * Appends an AssemblyScript string literal (UTF-16), or its code units [from, to), as UTF-8.
 * Only `length` and `charCodeAt` are used: AssemblyScript string methods that build new
 * strings would allocate from AssemblyScript's own heap, which this runtime does not have.
 */
export function builderLiteral(b: usize, s: string, from: i32 = 0, to: i32 = -1): void {
  if (to < 0) to = s.length;
  for (let i = from; i < to; i++) {
    let c = <u32>s.charCodeAt(i);
    if (c >= 0xD800 && c < 0xDC00 && i + 1 < to) {
      c = 0x10000 + ((c - 0xD800) << 10) + (<u32>s.charCodeAt(++i) - 0xDC00);
    }
    builderCodePoint(b, c);
  }
}

export function builderCodePoint(b: usize, c: u32): void {
  if (c < 0x80) {
    builderByte(b, c);
    return;
  }
  const n: u32 = c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  const at = builderReserve(b, n);
  if (at == 0) return;
  if (n == 2) {
    store<u8>(at, <u8>(0xC0 | (c >> 6)));
  } else if (n == 3) {
    store<u8>(at, <u8>(0xE0 | (c >> 12)));
  } else {
    store<u8>(at, <u8>(0xF0 | (c >> 18)));
    store<u8>(at + n - 3, <u8>(0x80 | ((c >> 12) & 0x3F)));
  }
  if (n >= 3) store<u8>(at + n - 2, <u8>(0x80 | ((c >> 6) & 0x3F)));
  store<u8>(at + n - 1, <u8>(0x80 | (c & 0x3F)));
}

export function builderStr(b: usize, s: usize): void {
  builderBytes(b, strData(s), strByteLength(s));
}

/** The finished str (the builder is consumed); 0 with MemoryError pending. */
export function builderFinish(b: usize): usize {
  const block = <usize>load<u32>(b, B_BLOCK);
  const len = load<u32>(b, B_LEN);
  const cap = load<u32>(b, B_CAP);
  const failed = load<u32>(b, B_FAILED) != 0;
  free(b, B_SIZE);
  if (failed) {
    free(block, STR_DATA + <usize>cap);
    return raiseMemoryError();
  }
  // Give back the unused tail; shrinking cannot fail.
  const s = len == cap ? block : realloc(block, STR_DATA + <usize>cap, STR_DATA + <usize>len);
  store<i32>(s, 1);
  store<u32>(s, <u32>STR_TYPE, 4);
  return strFinishNew(s, len);
}

/** Drops a builder without producing a str. */
export function builderDiscard(b: usize): void {
  free(<usize>load<u32>(b, B_BLOCK), STR_DATA + <usize>load<u32>(b, B_CAP));
  free(b, B_SIZE);
}

/** Expands a literal template, substituting str objects for each `%s` in turn. */
export function strFormat(fmt: string, a: usize, c: usize = 0, d: usize = 0): usize {
  const b = builderNew(<u32>fmt.length + 16);
  if (b == 0) return 0;
  let arg = 0;
  let start = 0;
  for (let i = 0; i < fmt.length; i++) {
    if (fmt.charCodeAt(i) == 0x25 /* % */ && i + 1 < fmt.length && fmt.charCodeAt(i + 1) == 0x73 /* s */) {
      builderLiteral(b, fmt, start, i);
      builderStr(b, arg == 0 ? a : arg == 1 ? c : d);
      arg++;
      i++;
      start = i + 1;
    }
  }
  builderLiteral(b, fmt, start);
  return builderFinish(b);
}

export function strFormat1(fmt: string, a: usize): usize { return strFormat(fmt, a); }

/** Appends the decimal digits of n. */
export function builderInt(b: usize, n: i64): void {
  if (n < 0) {
    builderByte(b, 0x2D);
    // -i64.MIN wraps to itself; as u64 it is still the right magnitude.
  }
  let m: u64 = n < 0 ? <u64>(-n) : <u64>n;
  let digits: u32 = 1;
  for (let t = m; t >= 10; t /= 10) digits++;
  const at = builderReserve(b, digits);
  if (at == 0) return;
  for (let i = <i32>digits - 1; i >= 0; i--) {
    store<u8>(at + <usize>i, <u8>(0x30 + <u32>(m % 10)));
    m /= 10;
  }
}

/**
 * A message from a literal template: each `%s` takes the next argument as a str object's
 * address, each `%d` as an integer. 0 with MemoryError pending.
 */
export function fmtMsg(fmt: string, a: i64 = 0, c: i64 = 0, d: i64 = 0, e: i64 = 0): usize {
  const b = builderNew(<u32>fmt.length + 16);
  if (b == 0) return 0;
  let arg = 0;
  let start = 0;
  for (let i = 0; i < fmt.length - 1; i++) {
    if (fmt.charCodeAt(i) != 0x25) continue;
    const k = fmt.charCodeAt(i + 1);
    if (k != 0x73 && k != 0x64) continue;
    builderLiteral(b, fmt, start, i);
    const x = arg == 0 ? a : arg == 1 ? c : arg == 2 ? d : e;
    if (k == 0x73) builderStr(b, <usize>x);
    else builderInt(b, x);
    arg++;
    i++;
    start = i + 1;
  }
  builderLiteral(b, fmt, start);
  return builderFinish(b);
}
