/**
 * The semantic analysis acceptance check: builds the symbol table of every file of the
 * machine's CPython 3.11 standard library and compares it, scope by scope and symbol by
 * symbol, with CPython's `_symtable`; files CPython rejects after parsing must be rejected
 * with the same error.
 *
 *   npm run check:sema                 whole stdlib, prints "N/M identical"
 *   npm run check:sema -- FILE...      only these files, printing the first difference
 *
 * Analysis runs on CPython's own AST of each file (tests/sema/cpython-ast.py), so parser
 * differences cannot show up here. CPython's answers are cached by content hash under .cache/.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cpythonAsts, cpythonSymtables, type OracleAnswer } from "../tests/sema/oracle.js";
import { moltAnswer } from "../tests/sema/molt-answer.js";
import { stdlibFiles } from "./stdlib-files.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cachePath = join(root, ".cache", "sema-oracle.json");
const CHUNK = 100;

const sha1 = (s: string | Uint8Array) => createHash("sha1").update(s).digest("hex");

/** Hash of CPython's answer per file, asking CPython only about files not seen before. */
function expectations(files: string[], keys: string[]): string[] {
  const cache: Record<string, string> = existsSync(cachePath) ? JSON.parse(readFileSync(cachePath, "utf8")) : {};
  const missing = files.filter((_, i) => !(keys[i]! in cache));
  if (missing.length > 0) {
    process.stderr.write(`asking CPython about ${missing.length} files...\n`);
    for (let i = 0; i < missing.length; i += CHUNK) {
      const batch = missing.slice(i, i + CHUNK);
      cpythonSymtables(batch.map((path) => ({ path }))).forEach((answer, j) => {
        cache[keys[files.indexOf(batch[j]!)]!] = sha1(JSON.stringify(answer));
      });
    }
    mkdirSync(dirname(cachePath), { recursive: true });
    writeFileSync(cachePath, JSON.stringify(cache));
  }
  return keys.map((k) => cache[k]!);
}

/** The first place two answers differ, as a path into the JSON. */
function firstDifference(a: unknown, b: unknown, path = ""): string | null {
  if (JSON.stringify(a) === JSON.stringify(b)) return null;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
    return `${path}: molt ${JSON.stringify(a)} / cpython ${JSON.stringify(b)}`;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const at = (k: string) => {
    const child = ra[k] as { name?: string } | undefined;
    return `${path}/${child?.name ?? k}`;
  };
  for (const k of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    const d = firstDifference(ra[k], rb[k], Array.isArray(ra) ? at(k) : `${path}.${k}`);
    if (d !== null) return d;
  }
  return `${path}: key order`;
}

const args = process.argv.slice(2);
const files = args.length > 0 ? args : stdlibFiles();
const keys = files.map((f) => sha1(f) + sha1(readFileSync(f)));
const expected = expectations(files, keys);

let identical = 0;
let compared = 0;
const failures: { file: string; got: OracleAnswer }[] = [];
let seconds = 0;
for (let i = 0; i < files.length; i += CHUNK) {
  const batch = files.slice(i, i + CHUNK);
  cpythonAsts(batch.map((path) => ({ path }))).forEach((mod, j) => {
    if (mod === undefined) return; // CPython cannot parse it: nothing to analyse
    compared++;
    const start = performance.now();
    const got = moltAnswer(mod);
    seconds += (performance.now() - start) / 1000;
    if (sha1(JSON.stringify(got)) === expected[i + j]) identical++;
    else failures.push({ file: batch[j]!, got });
  });
}

const shown = args.length > 0 ? failures.length : Math.min(failures.length, 10);
for (const { file, got } of failures.slice(0, shown)) {
  const [want] = cpythonSymtables([{ path: file }]);
  process.stdout.write(`DIFFERENT ${file}\n  ${firstDifference(got, want)}\n`);
}
for (const { file } of failures.slice(shown)) process.stdout.write(`DIFFERENT ${file}\n`);
process.stdout.write(`${identical}/${compared} identical (molt analysis ${seconds.toFixed(1)} s)\n`);
process.exitCode = identical === compared ? 0 : 1;
