// str: immutable UTF-8 text with its code-point length, an is-ASCII flag and a cached hash.
// ASCII strs index in O(1). A non-ASCII str builds, on its first indexed access, a table of
// the byte offset of every INDEX_STRIDE-th code point, so an index costs one table load and a
// scan of fewer than INDEX_STRIDE code points. UTF-8 byte order is code-point order, so
// comparison is a byte comparison.
import { alloc, free, realloc } from "./alloc";
import { Value, ERR, boxPtr, boxSmall } from "./value";
import { STR_TYPE, IMMORTAL, newObject, freeObject } from "./object";
import { raise, raiseMemoryError, IndexError } from "./exceptions";
import { builderNew, builderLiteral, builderFinish, builderByte, builderBytes } from "./format";
import { isPrintableNonAscii } from "./unicode-ctype";

// Layout after the header.
const STR_BYTES: usize = 8;    // u32: length in bytes
const STR_CHARS: usize = 12;   // u32: length in code points
const STR_HASH: usize = 16;    // i64: cached hash, -1 until computed
const STR_FLAGS: usize = 24;   // u32: FLAG_*
const STR_INDEX: usize = 28;   // u32: address of the offset table, 0 until built
export const STR_DATA: usize = 32;

const FLAG_ASCII: u32 = 1;

const INDEX_STRIDE_SHIFT: u32 = 5;
const INDEX_STRIDE: u32 = 1 << INDEX_STRIDE_SHIFT;

// @ts-ignore: decorator
@inline export function strByteLength(s: usize): u32 { return load<u32>(s, STR_BYTES); }
// @ts-ignore: decorator
@inline export function strLength(s: usize): u32 { return load<u32>(s, STR_CHARS); }
// @ts-ignore: decorator
@inline export function strData(s: usize): usize { return s + STR_DATA; }
// @ts-ignore: decorator
@inline export function strIsAscii(s: usize): bool { return (load<u32>(s, STR_FLAGS) & FLAG_ASCII) != 0; }

/** A str object with room for n bytes, fields other than the header unset; 0 on MemoryError. */
export function strAlloc(n: u32): usize {
  // Larger than linear memory could ever hold: MemoryError, as CPython raises when the
  // allocation fails.
  if (n > 0x7FFF_0000) return raiseMemoryError();
  return newObject(STR_TYPE, STR_DATA + <usize>n);
}

/** Completes a str whose n bytes of valid UTF-8 are in place: lengths, flags, hash. */
export function strFinishNew(s: usize, n: u32): usize {
  let chars: u32 = 0;
  const p = strData(s);
  for (let i: u32 = 0; i < n; i++) chars += <u32>((load<u8>(p + i) & 0xC0) != 0x80);
  store<u32>(s, n, STR_BYTES);
  store<u32>(s, chars, STR_CHARS);
  store<i64>(s, -1, STR_HASH);
  store<u32>(s, chars == n ? FLAG_ASCII : 0, STR_FLAGS);
  store<u32>(s, 0, STR_INDEX);
  return s;
}

/** Completes a str allocated for `capacity` bytes of which n were written; never fails. */
export function strShrink(s: usize, capacity: u32, n: u32): usize {
  return strFinishNew(realloc(s, STR_DATA + <usize>capacity, STR_DATA + <usize>n), n);
}

/** A new str from n bytes of valid UTF-8 at p; 0 on MemoryError. */
export function strFromUtf8(p: usize, n: u32): usize {
  const s = strAlloc(n);
  if (s == 0) return 0;
  memory.copy(strData(s), p, n);
  return strFinishNew(s, n);
}

/** A new str from n bytes of ASCII at p; 0 on MemoryError. */
export function strFromAscii(p: usize, n: u32): usize {
  const s = strAlloc(n);
  if (s == 0) return 0;
  memory.copy(strData(s), p, n);
  store<u32>(s, n, STR_BYTES);
  store<u32>(s, n, STR_CHARS);
  store<i64>(s, -1, STR_HASH);
  store<u32>(s, FLAG_ASCII, STR_FLAGS);
  store<u32>(s, 0, STR_INDEX);
  return s;
}

/** A str holding an AssemblyScript literal (messages, type names); 0 on MemoryError. */
export function strFromLiteral(text: string, immortal: bool): usize {
  const b = builderNew(<u32>text.length);
  if (b == 0) return 0;
  builderLiteral(b, text);
  const s = builderFinish(b);
  if (s != 0 && immortal) store<i32>(s, IMMORTAL);
  return s;
}

export function strDealloc(s: usize): void {
  const index = <usize>load<u32>(s, STR_INDEX);
  if (index != 0) free(index, indexSize(strLength(s)));
  freeObject(s, STR_DATA + <usize>strByteLength(s));
}

export function strEqualsBytes(s: usize, p: usize, n: u32): bool {
  return strByteLength(s) == n && memory.compare(strData(s), p, n) == 0;
}

export function strEquals(a: usize, b: usize): bool {
  if (a == b) return true;
  const n = strByteLength(a);
  if (n != strByteLength(b)) return false;
  const ha = load<i64>(a, STR_HASH), hb = load<i64>(b, STR_HASH);
  if (ha != -1 && hb != -1 && ha != hb) return false;
  return memory.compare(strData(a), strData(b), n) == 0;
}

/** -1, 0 or 1 by code-point order. */
export function strCompare(a: usize, b: usize): i32 {
  const na = strByteLength(a), nb = strByteLength(b);
  const c = memory.compare(strData(a), strData(b), min(na, nb));
  if (c != 0) return c < 0 ? -1 : 1;
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/**
 * The hash of a str, cached: CPython 3.11's SipHash-1-3 over the str's canonical
 * representation (Latin-1 bytes, or UTF-16/UTF-32 little-endian code units when a code point
 * needs them), keyed as CPython is with PYTHONHASHSEED=0. So str hashes, and the iteration
 * order of sets of strs, are those of `PYTHONHASHSEED=0 python3`.
 */
export function strHash(s: usize): i64 {
  let h = load<i64>(s, STR_HASH);
  if (h != -1) return h;
  const n = strByteLength(s);
  if (n == 0) {
    h = 0;
  } else {
    const p = strData(s);
    let kind: u32 = 1;
    if (!strIsAscii(s)) {
      for (let i: u32 = 0; i < n; ) {
        const c = decodeAt(p + i);
        if (c > 0xFFFF) { kind = 4; break; }
        if (c > 0xFF) kind = 2;
        i += seqLength(load<u8>(p + i));
      }
    }
    h = <i64>siphash13(p, n, kind, strLength(s));
    if (h == -1) h = -2;
  }
  store<i64>(s, h, STR_HASH);
  return h;
}

let v0: u64 = 0, v1: u64 = 0, v2: u64 = 0, v3: u64 = 0;

// @ts-ignore: decorator
@inline function sipRound(): void {
  v0 += v1; v2 += v3; v1 = rotl<u64>(v1, 13) ^ v0; v3 = rotl<u64>(v3, 16) ^ v2; v0 = rotl<u64>(v0, 32);
  v2 += v1; v0 += v3; v1 = rotl<u64>(v1, 17) ^ v2; v3 = rotl<u64>(v3, 21) ^ v0; v2 = rotl<u64>(v2, 32);
}

/** SipHash-1-3 with a zero key over the str's code points as `kind`-byte units. */
export function siphash13(p: usize, n: u32, kind: u32, chars: u32): u64 {
  const total = <u64>chars * <u64>kind;
  v0 = 0x736F_6D65_7073_6575;
  v1 = 0x646F_7261_6E64_6F6D;
  v2 = 0x6C79_6765_6E65_7261;
  v3 = 0x7465_6462_7974_6573;
  let m: u64 = 0;
  let filled: u32 = 0;
  if (kind == 1 && chars == n) {
    // ASCII: the UTF-8 bytes are the Latin-1 bytes; whole words at a time.
    let i: u32 = 0;
    for (; i + 8 <= n; i += 8) {
      const w = load<u64>(p + i);
      v3 ^= w;
      sipRound();
      v0 ^= w;
    }
    for (; i < n; i++) {
      m |= <u64>load<u8>(p + i) << (<u64>filled << 3);
      filled++;
    }
  } else {
    for (let i: u32 = 0; i < n; ) {
      const c = decodeAt(p + i);
      i += seqLength(load<u8>(p + i));
      for (let k: u32 = 0; k < kind; k++) {
        m |= <u64>((c >> (k << 3)) & 0xFF) << (<u64>filled << 3);
        if (++filled == 8) {
          v3 ^= m;
          sipRound();
          v0 ^= m;
          m = 0;
          filled = 0;
        }
      }
    }
  }
  const b = (total << 56) | m;
  v3 ^= b;
  sipRound();
  v0 ^= b;
  v2 ^= 0xFF;
  sipRound();
  sipRound();
  sipRound();
  return (v0 ^ v1) ^ (v2 ^ v3);
}

// ---- code points ---------------------------------------------------------------------------

/** Length in bytes of the UTF-8 sequence starting with lead byte b. */
// @ts-ignore: decorator
@inline function seqLength(b: u32): u32 {
  return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

/** Length in bytes of the UTF-8 sequence at p. */
export function seqLengthAt(p: usize): u32 { return seqLength(load<u8>(p)); }

/** The 128 one-character ASCII strs, immortal, made on first use (CPython caches them too). */
const CHAR_STRS: usize = memory.data(128 * 4, 4);

/** The str of one ASCII character c (< 128): a new reference to a cached immortal str. */
export function charStr(c: u32): Value {
  let s = <usize>load<u32>(CHAR_STRS + (<usize>c << 2));
  if (s == 0) {
    s = strAlloc(1);
    if (s == 0) return ERR;
    store<u8>(strData(s), <u8>c);
    strFinishNew(s, 1);
    store<i32>(s, IMMORTAL);
    store<u32>(CHAR_STRS + (<usize>c << 2), <u32>s);
  }
  return boxPtr(s);
}

/** The code point at byte address p. */
export function decodeAt(p: usize): u32 {
  const b0 = <u32>load<u8>(p);
  if (b0 < 0x80) return b0;
  if (b0 < 0xE0) return ((b0 & 0x1F) << 6) | (<u32>load<u8>(p, 1) & 0x3F);
  if (b0 < 0xF0) return ((b0 & 0x0F) << 12) | ((<u32>load<u8>(p, 1) & 0x3F) << 6) | (<u32>load<u8>(p, 2) & 0x3F);
  return ((b0 & 0x07) << 18) | ((<u32>load<u8>(p, 1) & 0x3F) << 12) | ((<u32>load<u8>(p, 2) & 0x3F) << 6) | (<u32>load<u8>(p, 3) & 0x3F);
}

// @ts-ignore: decorator
@inline function indexSize(chars: u32): usize {
  return <usize>(((chars + INDEX_STRIDE - 1) >> INDEX_STRIDE_SHIFT) + 1) << 2;
}

/** Byte offset of code point i (0 <= i <= length); 0xFFFFFFFF on MemoryError. */
export function byteOffset(s: usize, i: u32): u32 {
  if (strIsAscii(s)) return i;
  const chars = strLength(s);
  if (i == chars) return strByteLength(s);
  let index = <usize>load<u32>(s, STR_INDEX);
  if (index == 0) {
    index = alloc(indexSize(chars));
    if (index == 0) {
      raiseMemoryError();
      return 0xFFFF_FFFF;
    }
    const p = strData(s);
    let off: u32 = 0;
    for (let c: u32 = 0; c < chars; c++) {
      if ((c & (INDEX_STRIDE - 1)) == 0) store<u32>(index + (<usize>(c >> INDEX_STRIDE_SHIFT) << 2), off);
      off += seqLength(load<u8>(p + off));
    }
    store<u32>(s, <u32>index, STR_INDEX);
  }
  const p = strData(s);
  let off = load<u32>(index + (<usize>(i >> INDEX_STRIDE_SHIFT) << 2));
  for (let k = i & (INDEX_STRIDE - 1); k > 0; k--) off += seqLength(load<u8>(p + off));
  return off;
}

/** Code-point index of byte offset `off` (a sequence boundary). */
export function charIndex(s: usize, off: u32): u32 {
  if (strIsAscii(s)) return off;
  const p = strData(s);
  let chars: u32 = 0;
  for (let i: u32 = 0; i < off; i++) chars += <u32>((load<u8>(p + i) & 0xC0) != 0x80);
  return chars;
}

// ---- operations ----------------------------------------------------------------------------

export function strConcat(a: usize, b: usize): Value {
  const na = strByteLength(a), nb = strByteLength(b);
  if (<u64>na + <u64>nb > 0x7FFF_0000) {
    raiseMemoryError();
    return ERR;
  }
  const s = strAlloc(na + nb);
  if (s == 0) return ERR;
  memory.copy(strData(s), strData(a), na);
  memory.copy(strData(s) + na, strData(b), nb);
  // Lengths and flags combine without rescanning the bytes.
  store<u32>(s, na + nb, STR_BYTES);
  store<u32>(s, strLength(a) + strLength(b), STR_CHARS);
  store<i64>(s, -1, STR_HASH);
  store<u32>(s, load<u32>(a, STR_FLAGS) & load<u32>(b, STR_FLAGS) & FLAG_ASCII, STR_FLAGS);
  store<u32>(s, 0, STR_INDEX);
  return boxPtr(s);
}

/** s * n (n <= 0 gives ''). */
export function strRepeat(a: usize, n: i64): Value {
  if (n < 0) n = 0;
  const na = <u64>strByteLength(a);
  if (na != 0 && <u64>n > 0x7FFF_0000 / na) {
    raiseMemoryError();
    return ERR;
  }
  const total = <u32>(na * <u64>n);
  const s = strAlloc(total);
  if (s == 0) return ERR;
  const d = strData(s);
  if (total != 0) {
    // Doubling copies: log(n) memory.copy calls.
    memory.copy(d, strData(a), <usize>na);
    let done = <u32>na;
    while (done < total) {
      const chunk = min(done, total - done);
      memory.copy(d + done, d, chunk);
      done += chunk;
    }
  }
  store<u32>(s, total, STR_BYTES);
  store<u32>(s, strLength(a) * <u32>n, STR_CHARS);
  store<i64>(s, -1, STR_HASH);
  store<u32>(s, load<u32>(a, STR_FLAGS) & FLAG_ASCII, STR_FLAGS);
  store<u32>(s, 0, STR_INDEX);
  return boxPtr(s);
}

/** s[i] for a Python index (negative counts from the end). */
export function strGetItem(s: usize, i: i64): Value {
  const n = <i64>strLength(s);
  if (i < 0) i += n;
  if (i < 0 || i >= n) return raise(IndexError, "string index out of range");
  if (strIsAscii(s)) return charStr(load<u8>(strData(s) + <usize>i));
  const off = byteOffset(s, <u32>i);
  if (off == 0xFFFF_FFFF) return ERR;
  const len = seqLength(load<u8>(strData(s) + off));
  if (len == 1) return charStr(load<u8>(strData(s) + off));
  const r = strFromUtf8(strData(s) + off, len);
  return r == 0 ? ERR : boxPtr(r);
}

/** s[start:stop:step] for indices already adjusted to the str's length (slice.ts). */
export function strSlice(s: usize, start: i64, step: i64, count: i64): Value {
  if (step == 1) {
    const from = byteOffset(s, <u32>start);
    if (from == 0xFFFF_FFFF) return ERR;
    const to = byteOffset(s, <u32>(start + count));
    if (to == 0xFFFF_FFFF) return ERR;
    const r = strFromUtf8(strData(s) + from, to - from);
    return r == 0 ? ERR : boxPtr(r);
  }
  const b = builderNew(<u32>count);
  if (b == 0) return ERR;
  const p = strData(s);
  if (strIsAscii(s)) {
    for (let k: i64 = 0, i = start; k < count; k++, i += step) builderByte(b, load<u8>(p + <usize>i));
  } else {
    for (let k: i64 = 0, i = start; k < count; k++, i += step) {
      const off = byteOffset(s, <u32>i);
      if (off == 0xFFFF_FFFF) break;
      builderBytes(b, p + off, seqLength(load<u8>(p + off)));
    }
  }
  const r = builderFinish(b);
  return r == 0 ? ERR : boxPtr(r);
}

/** Byte offset of the first occurrence of needle in hay at or after byte `from`, or -1. */
export function findBytes(hay: usize, needle: usize, from: u32): i64 {
  const nh = strByteLength(hay), nn = strByteLength(needle);
  if (nn > nh) return -1;
  const h = strData(hay), n = strData(needle);
  if (nn == 0) return <i64>from;
  const first = load<u8>(n);
  for (let i = from; i <= nh - nn; i++) {
    if (load<u8>(h + i) == first && memory.compare(h + i, n, nn) == 0) return <i64>i;
  }
  return -1;
}

/** Code-point index of the first occurrence of needle in hay, or -1 (str.find). */
export function strFind(hay: usize, needle: usize): i64 {
  const off = findBytes(hay, needle, 0);
  return off < 0 ? -1 : <i64>charIndex(hay, <u32>off);
}

export function strContains(hay: usize, needle: usize): bool {
  return findBytes(hay, needle, 0) >= 0;
}

/** repr(s): CPython's quoting (prefers '...', uses "..." if s has ' but no ") and escapes. */
export function strRepr(s: usize): usize {
  const p = strData(s);
  const n = strByteLength(s);
  let single = false, double = false;
  for (let i: u32 = 0; i < n; i++) {
    const c = load<u8>(p + i);
    if (c == 0x27) single = true;
    else if (c == 0x22) double = true;
  }
  const quote: u32 = single && !double ? 0x22 : 0x27;
  const b = builderNew(n + 2);
  if (b == 0) return 0;
  builderByte(b, quote);
  let i: u32 = 0;
  while (i < n) {
    const c = decodeAt(p + i);
    const len = seqLength(load<u8>(p + i));
    if (c == quote || c == 0x5C) {
      builderByte(b, 0x5C);
      builderByte(b, c);
    } else if (c == 0x09) builderLiteral(b, "\\t");
    else if (c == 0x0A) builderLiteral(b, "\\n");
    else if (c == 0x0D) builderLiteral(b, "\\r");
    else if (c < 0x20 || c == 0x7F) escapeHex(b, c, 2, 0x78);
    else if (c < 0x7F) builderByte(b, c);
    else if (isPrintableNonAscii(c)) builderBytes(b, p + i, len);
    else if (c <= 0xFF) escapeHex(b, c, 2, 0x78);
    else if (c <= 0xFFFF) escapeHex(b, c, 4, 0x75);
    else escapeHex(b, c, 8, 0x55);
    i += len;
  }
  builderByte(b, quote);
  return builderFinish(b);
}

/** \xNN, \uNNNN or \UNNNNNNNN (letter is x, u or U) with lowercase hex digits. */
function escapeHex(b: usize, c: u32, digits: i32, letter: u32): void {
  builderByte(b, 0x5C);
  builderByte(b, letter);
  for (let k = digits - 1; k >= 0; k--) {
    const d = (c >> (<u32>k << 2)) & 0xF;
    builderByte(b, d < 10 ? 0x30 + d : 0x57 + d);
  }
}

// ---- exports -------------------------------------------------------------------------------

/**
 * A str from UTF-8 bytes at an address (compile-time constants): immortal, since constants
 * live as long as the program.
 */
export function rt_str_from_utf8(p: usize, n: u32): Value {
  const s = strFromUtf8(p, n);
  if (s == 0) return ERR;
  store<i32>(s, IMMORTAL);
  return boxPtr(s);
}

/** A new (mortal) str from UTF-8 bytes: what the JS side uses to pass strings in. */
export function rt_str_new(p: usize, n: u32): Value {
  const s = strFromUtf8(p, n);
  return s == 0 ? ERR : boxPtr(s);
}

/** Address of a str's UTF-8 bytes (its length: rt_str_byte_length), for the JS side. */
export function rt_str_data(v: Value): usize { return strData(<usize>(v & 0xFFFF_FFFF)); }
export function rt_str_byte_length(v: Value): u32 { return strByteLength(<usize>(v & 0xFFFF_FFFF)); }

/** str.find(sub) */
export function rt_str_find(a: Value, b: Value): Value {
  return boxSmall(strFind(<usize>(a & 0xFFFF_FFFF), <usize>(b & 0xFFFF_FFFF)));
}

/** Makes the one-character ASCII strs up front, so later use allocates nothing. */
export function initStrs(): void {
  for (let c: u32 = 0; c < 128; c++) charStr(c);
}
