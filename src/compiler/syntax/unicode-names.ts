/**
 * Unicode character names for `\N{...}` escapes, as CPython's `unicodedata.lookup` resolves
 * them (case-insensitively). The table is decompressed on first use: most sources never need it.
 */
import { inflateSync } from "node:zlib";
import { DERIVED_NAME_RANGES, NAMES_ZLIB_BASE64 } from "./unicode-names-data.js";

let names: Map<string, number> | null = null;

const JAMO_L = "G GG N D DD R M B BB S SS _ J JJ C K T P H".split(" ").map((s) => (s === "_" ? "" : s));
const JAMO_V = "A AE YA YAE EO E YEO YE O WA WAE OE YO U WEO WE WI YU EU YI I".split(" ");
const JAMO_T = ["", ..."G GG GS N NJ NH D L LG LM LB LS LT LP LH M B BS S SS NG J C K T P H".split(" ")];

function table(): Map<string, number> {
  if (names !== null) return names;
  names = new Map();
  let cp = 0;
  for (const line of inflateSync(Buffer.from(NAMES_ZLIB_BASE64, "base64")).toString("latin1").split("\n")) {
    const tab = line.indexOf("\t");
    cp += parseInt(line.slice(tab + 1), 16);
    names.set(line.slice(0, tab), cp);
  }
  for (let s = 0; s < 19 * 21 * 28; s++) {
    const l = Math.floor(s / (21 * 28));
    const v = Math.floor((s % (21 * 28)) / 28);
    const t = s % 28;
    names.set(`HANGUL SYLLABLE ${JAMO_L[l]}${JAMO_V[v]}${JAMO_T[t]}`, 0xac00 + s);
  }
  return names;
}

/** The code point named `name`, or undefined. */
export function lookupUnicodeName(name: string): number | undefined {
  const upper = name.toUpperCase();
  const dash = upper.lastIndexOf("-");
  if (dash > 0) {
    const ranges = DERIVED_NAME_RANGES[upper.slice(0, dash)];
    const hex = upper.slice(dash + 1);
    if (ranges !== undefined && /^[0-9A-F]{4,5}$/.test(hex)) {
      const cp = parseInt(hex, 16);
      return ranges.some(([lo, hi]) => cp >= lo && cp <= hi) ? cp : undefined;
    }
  }
  return table().get(upper);
}
