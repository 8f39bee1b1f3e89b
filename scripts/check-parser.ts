/**
 * The parser's acceptance check: parses every file of the machine's CPython 3.11 standard
 * library with Molt and with CPython, and compares `ast.dump(..., include_attributes=True)`
 * text exactly (for files CPython rejects: the error class and line).
 *
 *   npm run check:parser                 whole stdlib, prints "N/M identical"
 *   npm run check:parser -- FILE...      only these files, printing the first difference
 *
 * CPython's answers are cached by file content hash under .cache/, since producing them takes
 * longer than everything else here.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "../src/compiler/syntax/parser.js";
import { dump } from "../src/compiler/syntax/dump.js";
import { PySyntaxError } from "../src/compiler/syntax/errors.js";
import { stdlibFiles } from "./stdlib-files.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const oracleScript = join(root, "scripts", "python-ast-oracle.py");
const cachePath = join(root, ".cache", "parser-oracle.json");

interface Expected {
  dump?: string;
  error?: string;
  msg?: string;
  lineno?: number;
  offset?: number;
}
interface CachedExpected {
  dumpHash?: string;
  error?: string;
  msg?: string;
  lineno?: number;
}

const sha1 = (s: string | Uint8Array) => createHash("sha1").update(s).digest("hex");

function runOracle(files: string[]): Expected[] {
  const out = execFileSync("python3", [oracleScript], {
    input: files.join("\n") + "\n",
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  return out.trim().split("\n").map((line) => JSON.parse(line) as Expected);
}

/** CPython's verdict for each file, from the cache where the file's bytes are unchanged. */
function expectations(files: string[], contents: Uint8Array[]): CachedExpected[] {
  const cache: Record<string, CachedExpected> = existsSync(cachePath)
    ? JSON.parse(readFileSync(cachePath, "utf8"))
    : {};
  const keys = contents.map((c, i) => sha1(files[i]!) + sha1(c));
  const missing = files.filter((_, i) => !(keys[i]! in cache));
  if (missing.length > 0) {
    process.stderr.write(`asking CPython about ${missing.length} files...\n`);
    const chunk = 200;
    for (let i = 0; i < missing.length; i += chunk) {
      const batch = missing.slice(i, i + chunk);
      runOracle(batch).forEach((r, j) => {
        const key = keys[files.indexOf(batch[j]!)]!;
        cache[key] = r.dump !== undefined ? { dumpHash: sha1(r.dump) } : { error: r.error, msg: r.msg, lineno: r.lineno };
      });
    }
    mkdirSync(dirname(cachePath), { recursive: true });
    writeFileSync(cachePath, JSON.stringify(cache));
  }
  return keys.map((k) => cache[k]!);
}

type Outcome = { dump: string } | { error: PySyntaxError };

function molt(bytes: Uint8Array, file: string): Outcome {
  try {
    return { dump: dump(parse(bytes, file)) };
  } catch (e) {
    if (e instanceof PySyntaxError) return { error: e };
    return { error: new PySyntaxError("SyntaxError", `internal error: ${(e as Error).stack}`, -1, -1) };
  }
}

function describeDifference(file: string, got: Outcome): string {
  const [want] = runOracle([file]);
  if ("error" in got) {
    return `  molt: ${got.error.type}: ${got.error.msg} (line ${got.error.lineno}, offset ${got.error.offset})\n` +
      (want!.dump !== undefined ? "  cpython: parses\n" : `  cpython: ${want!.error}: ${want!.msg} (line ${want!.lineno}, offset ${want!.offset})\n`);
  }
  if (want!.dump === undefined) return `  molt: parses\n  cpython: ${want!.error}: ${want!.msg} (line ${want!.lineno})\n`;
  const a = got.dump;
  const b = want!.dump;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 300);
  return `  first difference at character ${i}\n  molt:    ...${a.slice(from, i + 200)}\n  cpython: ...${b.slice(from, i + 200)}\n`;
}

const args = process.argv.slice(2);
const files = args.length > 0 ? args : stdlibFiles();
const contents = files.map((f) => readFileSync(f));
const expected = expectations(files, contents);

let identical = 0;
const failures: { file: string; got: Outcome }[] = [];
const start = performance.now();
files.forEach((file, i) => {
  const got = molt(contents[i]!, file);
  const want = expected[i]!;
  const same =
    "dump" in got
      ? want.dumpHash === sha1(got.dump)
      : want.error === got.error.type && want.lineno === got.error.lineno;
  if (same) identical++;
  else failures.push({ file, got });
});
const seconds = (performance.now() - start) / 1000;

const shown = args.length > 0 ? failures.length : Math.min(failures.length, 10);
for (const { file, got } of failures.slice(0, shown)) {
  process.stdout.write(`DIFFERENT ${file}\n${describeDifference(file, got)}`);
}
for (const { file } of failures.slice(shown)) process.stdout.write(`DIFFERENT ${file}\n`);
process.stdout.write(`${identical}/${files.length} identical (molt parse+dump ${seconds.toFixed(1)} s)\n`);
process.exitCode = identical === files.length ? 0 : 1;
