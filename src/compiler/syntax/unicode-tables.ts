/**
 * Unicode character properties as CPython 3.11 sees them (Unicode 14.0.0), not as this JS
 * engine's possibly newer Unicode does: `str.isprintable()` for `repr`, and the identifier
 * classes of PEP 3131.
 */
import { PRINTABLE, XID_CONTINUE, XID_START } from "./unicode-tables-data.js";

function inRanges(ranges: readonly number[], cp: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < ranges[2 * mid]!) hi = mid - 1;
    else if (cp > ranges[2 * mid + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

export const isPrintableCodePoint = (cp: number): boolean => inRanges(PRINTABLE, cp);
/** May start an identifier (XID_Start or `_`). */
export const isIdentifierStartCodePoint = (cp: number): boolean => inRanges(XID_START, cp);
export const isIdentifierContinueCodePoint = (cp: number): boolean => inRanges(XID_CONTINUE, cp);
