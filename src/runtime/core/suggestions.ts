// The "Did you mean" suggestions CPython 3.11 adds to the report of an uncaught NameError or
// AttributeError (Python/suggestions.c, reimplemented here): the closest candidate name by a
// Levenshtein distance over UTF-8 bytes in which a case change costs 1 and any other edit 2,
// provided no more than about a third of the characters change.
import { ERR, boxPtr, unboxPtr } from "./value";
import { STR_TYPE, isObjectOf, typeAt, decref } from "./object";
import { strData, strByteLength } from "./str";
import { listLength, listItem } from "./list";
import { builderLiteral, builderBytes } from "./format";
import { NameError, exceptionGetAttr, innermostFrameName, innermostFrameFile, rt_err_clear } from "./exceptions";
import { moduleGlobalNames } from "./modules";
import { BUILTINS, BUILTINS_COUNT } from "./cpython-names-data";
import { strFromLiteral } from "./str";

const MAX_CANDIDATE_ITEMS: u32 = 750;
const MAX_STRING_SIZE: u32 = 40;
const MOVE_COST: u32 = 2;
const CASE_COST: u32 = 1;

const row: usize = memory.data(<i32>MAX_STRING_SIZE * 4, 4);

function substitutionCost(a: u32, b: u32): u32 {
  if ((a & 31) != (b & 31)) return MOVE_COST;
  if (a == b) return 0;
  if (a >= 0x41 && a <= 0x5A) a += 0x20;
  if (b >= 0x41 && b <= 0x5A) b += 0x20;
  return a == b ? CASE_COST : MOVE_COST;
}

/** The distance between byte strings a and b, or maxCost + 1 once it must exceed maxCost. */
function distance(a: usize, an: u32, b: usize, bn: u32, maxCost: u32): u32 {
  while (an > 0 && bn > 0 && load<u8>(a) == load<u8>(b)) {
    a++; an--;
    b++; bn--;
  }
  while (an > 0 && bn > 0 && load<u8>(a + an - 1) == load<u8>(b + bn - 1)) {
    an--;
    bn--;
  }
  if (an == 0 || bn == 0) return (an + bn) * MOVE_COST;
  if (an > MAX_STRING_SIZE || bn > MAX_STRING_SIZE) return maxCost + 1;
  if (bn < an) {
    const t = a; a = b; b = t;
    const tn = an; an = bn; bn = tn;
  }
  if ((bn - an) * MOVE_COST > maxCost) return maxCost + 1;
  for (let i: u32 = 0; i < an; i++) store<u32>(row + (<usize>i << 2), (i + 1) * MOVE_COST);
  let result: u32 = 0;
  for (let bi: u32 = 0; bi < bn; bi++) {
    const code = <u32>load<u8>(b + bi);
    let dist = bi * MOVE_COST;
    result = dist;
    let minimum: u32 = u32.MAX_VALUE;
    for (let i: u32 = 0; i < an; i++) {
      const substitute = dist + substitutionCost(code, <u32>load<u8>(a + i));
      dist = load<u32>(row + (<usize>i << 2));
      const insertDelete = min(result, dist) + MOVE_COST;
      result = min(insertDelete, substitute);
      store<u32>(row + (<usize>i << 2), result);
      if (result < minimum) minimum = result;
    }
    if (minimum > maxCost) return maxCost + 1;
  }
  return result;
}

// One search over one list of candidates (calculate_suggestions): the name looked for and the
// best candidate so far, as a byte range.
let nameP: usize = 0;
let nameN: u32 = 0;
let bestP: usize = 0;
let bestN: u32 = 0;
let bestDistance: u32 = u32.MAX_VALUE;

function searchStart(name: usize): void {
  nameP = strData(name);
  nameN = strByteLength(name);
  bestP = 0;
  bestN = 0;
  bestDistance = u32.MAX_VALUE;
}

function consider(p: usize, n: u32): void {
  if (n == nameN && memory.compare(p, nameP, n) == 0) return;
  let maxDistance = (nameN + n + 3) * MOVE_COST / 6;
  if (bestDistance - 1 < maxDistance) maxDistance = bestDistance - 1;
  const d = distance(nameP, nameN, p, n, maxDistance);
  if (d > maxDistance) return;
  if (bestP == 0 || d < bestDistance) {
    bestP = p;
    bestN = n;
    bestDistance = d;
  }
}

/** Searches a list of strs; true if it gave a suggestion. */
function searchList(name: usize, l: usize): bool {
  searchStart(name);
  const n = listLength(l);
  if (n >= MAX_CANDIDATE_ITEMS) return false;
  for (let i: u32 = 0; i < n; i++) {
    const item = listItem(l, i);
    if (isObjectOf(item, STR_TYPE)) consider(strData(unboxPtr(item)), strByteLength(unboxPtr(item)));
  }
  return bestP != 0;
}

/** Searches the names after the first word of a frame name (IrFunction.pyName: co_name, then co_varnames). */
function searchVarnames(name: usize, frame: usize): bool {
  searchStart(name);
  const p = strData(frame);
  const n = strByteLength(frame);
  let count: u32 = 0;
  for (let i: u32 = 0; i < n; i++) if (load<u8>(p + i) == 0x20) count++;
  if (count >= MAX_CANDIDATE_ITEMS) return false;
  let start: u32 = n;
  for (let i: u32 = 0; i < n; i++) {
    if (load<u8>(p + i) == 0x20) {
      start = i + 1;
      break;
    }
  }
  for (let i = start; i <= n; i++) {
    if (i < n && load<u8>(p + i) != 0x20) continue;
    if (i > start) consider(p + start, i - start);
    start = i + 1;
  }
  return bestP != 0;
}

function searchBuiltins(name: usize): bool {
  searchStart(name);
  if (BUILTINS_COUNT >= MAX_CANDIDATE_ITEMS) return false;
  let p = BUILTINS;
  for (let i: u32 = 0; i < BUILTINS_COUNT; i++) {
    let n: u32 = 0;
    while (load<u8>(p + n) != 0) n++;
    consider(p, n);
    p += n + 1;
  }
  return bestP != 0;
}

/** A list the best candidate's bytes live in, released once the suggestion is written. */
let holding: usize = 0;

/**
 * NameError: the innermost frame's local variables, then its module's globals, then the
 * builtins, the first that has a close enough name.
 */
function nameErrorSuggestion(e: usize, name: usize): bool {
  const frame = innermostFrameName(e);
  if (frame == 0) return false;
  if (searchVarnames(name, frame)) return true;
  const globals = moduleGlobalNames(innermostFrameFile(e));
  if (globals != 0) {
    holding = globals;
    if (searchList(name, globals)) return true;
  }
  return searchBuiltins(name);
}

/** Appends ". Did you mean: 'x'?" to an uncaught exception's message line when CPython would. */
export function appendSuggestion(b: usize, e: usize): void {
  if (typeAt(e) != NameError) return;
  const key = strFromLiteral("name", false);
  if (key == 0) return;
  const name = exceptionGetAttr(e, key);
  decref(boxPtr(key));
  if (name == 0 || name == ERR) {
    if (name == ERR) rt_err_clear();
    return;
  }
  if (isObjectOf(name, STR_TYPE) && nameErrorSuggestion(e, unboxPtr(name))) {
    builderLiteral(b, ". Did you mean: '");
    builderBytes(b, bestP, bestN);
    builderLiteral(b, "'?");
  }
  if (holding != 0) decref(boxPtr(holding));
  holding = 0;
  decref(name);
}
