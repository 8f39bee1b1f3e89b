// Character properties and full case mappings of CPython 3.11 (Unicode 14.0.0), read from the
// tables scripts/gen-unicode-ctype.py generates from CPython's own str methods.
import {
  CT_TOP, CT_MIDS, CT_LEAVES, CT_RECORDS, CT_SPECIAL, CT_LOW_BITS, CT_MID_BITS, CT_RECORD_FIELDS,
  CT_SPACE, CT_CASED, CT_CASE_IGNORABLE, CT_UPPER, CT_LOWER, CT_PRINTABLE,
} from "./unicode-ctype-data";
import { builderCodePoint } from "./format";

export {
  CT_ALPHA, CT_DECIMAL, CT_DIGIT, CT_NUMERIC, CT_SPACE, CT_LOWER, CT_UPPER, CT_TITLE, CT_CASED,
  CT_CASE_IGNORABLE, CT_ID_START, CT_ID_CONTINUE, CT_PRINTABLE,
} from "./unicode-ctype-data";

/** Which mapping of a record: its field number. */
export const MAP_UPPER = 1;
export const MAP_LOWER = 2;
export const MAP_TITLE = 3;
export const MAP_FOLD = 4;

function recordOf(c: u32): usize {
  const midBlock = <u32>load<u16>(CT_TOP + (<usize>(c >> (CT_LOW_BITS + CT_MID_BITS)) << 1));
  const mid = (midBlock << CT_MID_BITS) | ((c >> CT_LOW_BITS) & ((1 << CT_MID_BITS) - 1));
  const leafBlock = <u32>load<u16>(CT_MIDS + (<usize>mid << 1));
  const leaf = (leafBlock << CT_LOW_BITS) | (c & ((1 << CT_LOW_BITS) - 1));
  const record = <u32>load<u16>(CT_LEAVES + (<usize>leaf << 1));
  return CT_RECORDS + (<usize>(record * CT_RECORD_FIELDS) << 2);
}

/** The CT_* flags of a code point (0 beyond U+10FFFF). */
export function charFlags(c: u32): u32 {
  if (c > 0x10FFFF) return 0;
  return load<u32>(recordOf(c)) & 0xFFFF;
}

/** unicodedata.decimal(c, -1). */
export function charDecimal(c: u32): i32 {
  if (c > 0x10FFFF) return -1;
  return <i32>(load<u32>(recordOf(c)) >> 16) - 1;
}

// @ts-ignore: decorator
@inline export function charHas(c: u32, flag: u32): bool { return (charFlags(c) & flag) != 0; }

/** str.isspace() for one code point; ASCII without a table load, since split() calls it per character. */
export function isSpaceChar(c: u32): bool {
  if (c < 0x80) return c == 0x20 || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
  return charHas(c, CT_SPACE);
}

/** str.isprintable() for one non-ASCII code point: what repr() leaves unescaped. */
export function isPrintableNonAscii(c: u32): bool { return charHas(c, CT_PRINTABLE); }

export function isCasedChar(c: u32): bool { return charHas(c, CT_CASED); }
export function isUpperChar(c: u32): bool { return charHas(c, CT_UPPER); }
export function isLowerChar(c: u32): bool { return charHas(c, CT_LOWER); }
export function isCaseIgnorable(c: u32): bool { return charHas(c, CT_CASE_IGNORABLE); }

/** Appends the full mapping `which` (MAP_*) of c to builder b: one to three code points. */
export function appendMapped(b: usize, c: u32, which: i32): void {
  const m = load<i32>(recordOf(c) + (<usize>which << 2));
  if ((m & 1) == 0) {
    builderCodePoint(b, <u32>(<i32>c + (m >> 1)));
    return;
  }
  const at = CT_SPECIAL + (<usize>(<u32>m >> 3) << 2);
  const n = (<u32>m >> 1) & 3;
  for (let k: u32 = 0; k < n; k++) builderCodePoint(b, load<u32>(at + (<usize>k << 2)));
}
