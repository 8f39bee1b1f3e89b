// Unicode decimal digits and white space for int() and float(), which accept any Nd digit
// ("٣" is 3) and any str.isspace() character around the number, as CPython does by
// transforming the text to ASCII first (_PyUnicode_TransformDecimalAndSpaceToASCII).
import { strData, strByteLength, decodeAt, strIsAscii } from "./str";
import { builderNew, builderByte, builderCodePoint, builderFinish } from "./format";
import { isSpaceChar, charDecimal } from "./unicode-ctype";

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
      const d = charDecimal(c);
      if (d >= 0) builderByte(b, 0x30 + <u32>d);
      else builderCodePoint(b, c);
    }
  }
  return builderFinish(b);
}
