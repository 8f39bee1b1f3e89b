// Unicode decimal digits and white space for int() and float(), which accept any Nd digit
// ("٣" is 3) and any str.isspace() character around the number, as CPython does by
// transforming the text to ASCII first (_PyUnicode_TransformDecimalAndSpaceToASCII).
// Generated with python3.11: the code points c with unicodedata.decimal(chr(c)) == 0 (each
// starts a run of ten digits).
import { strData, strByteLength, decodeAt, strIsAscii } from "./str";
import { builderNew, builderByte, builderCodePoint, builderFinish } from "./format";
import { isSpaceChar } from "./strmethods";

const ZEROS: usize = memory.data<u32>([
  0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6, 0xe50,
  0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0,
  0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10, 0x104a0, 0x10d30,
  0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0,
  0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec,
  0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
]);
const ZERO_COUNT = 65;

/** The decimal value of a non-ASCII digit, or -1. */
export function unicodeDecimal(c: u32): i32 {
  for (let i = 0; i < ZERO_COUNT; i++) {
    const z = load<u32>(ZEROS + (<usize>i << 2));
    if (c >= z && c < z + 10) return <i32>(c - z);
    if (c < z) break;
  }
  return -1;
}

/** Is c a Unicode decimal digit (Nd), ASCII or not? */
export function isUnicodeDecimal(c: u32): bool {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x80 && unicodeDecimal(c) >= 0);
}

/**
 * A str with every Unicode digit as its ASCII digit and every Unicode space as ' ' (other
 * characters kept, so parsing still rejects them); s itself (no new reference) when ASCII.
 * 0 on MemoryError.
 */
export function asciiNumeric(s: usize): usize {
  if (strIsAscii(s)) return s;
  const p = strData(s);
  const n = strByteLength(s);
  const b = builderNew(n);
  if (b == 0) return 0;
  for (let i: u32 = 0; i < n; ) {
    const c = decodeAt(p + i);
    i += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (c < 0x80) builderByte(b, c);
    else if (isSpaceChar(c)) builderByte(b, 0x20);
    else {
      const d = unicodeDecimal(c);
      if (d >= 0) builderByte(b, 0x30 + <u32>d);
      else builderCodePoint(b, c);
    }
  }
  return builderFinish(b);
}
