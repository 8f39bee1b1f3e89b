/**
 * Parser speed: parses the whole CPython 3.11 standard library with Molt and with CPython's
 * `ast.parse`, in the same run, and reports MB/s for each. Files are read into memory first
 * on both sides, so only parsing is timed. Each side runs several rounds; the best is kept,
 * which is the usual way to take out scheduler noise on a shared machine.
 *
 *   npm run bench:parser [-- --rounds N]
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parse } from "../src/compiler/syntax/parser.js";
import { PySyntaxError } from "../src/compiler/syntax/errors.js";
import { stdlibFiles } from "./stdlib-files.js";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" } } });
const rounds = Number(values.rounds);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");

const files = stdlibFiles();
const sources = files.map((f) => readFileSync(f));
const megabytes = sources.reduce((n, s) => n + s.length, 0) / 1e6;

function moltRound(): number {
  const start = performance.now();
  for (let i = 0; i < sources.length; i++) {
    try {
      parse(sources[i]!, files[i]);
    } catch (e) {
      if (!(e instanceof PySyntaxError)) throw e;
    }
  }
  return (performance.now() - start) / 1000;
}

const pythonBench = `
import ast, sys, time
files = sys.stdin.read().split("\\n")
sources = [open(f, "rb").read() for f in files]
best = None
for _ in range(${rounds}):
    start = time.perf_counter()
    for f, s in zip(files, sources):
        try:
            ast.parse(s, filename=f)
        except SyntaxError:
            pass
    t = time.perf_counter() - start
    best = t if best is None else min(best, t)
print(best)
`;

moltRound(); // warm-up: lets V8 optimise the parser before timing
const molt = Math.min(...Array.from({ length: rounds }, moltRound));
const cpython = Number(
  execFileSync("python3", ["-c", pythonBench], { input: files.join("\n"), encoding: "utf8", maxBuffer: 1 << 26 }),
);

const result = {
  files: files.length,
  megabytes: Number(megabytes.toFixed(2)),
  moltSeconds: Number(molt.toFixed(3)),
  cpythonSeconds: Number(cpython.toFixed(3)),
  moltMBps: Number((megabytes / molt).toFixed(1)),
  cpythonMBps: Number((megabytes / cpython).toFixed(1)),
  speedup: Number((cpython / molt).toFixed(2)),
};
console.log(`parsed ${result.files} files, ${result.megabytes} MB, best of ${rounds} rounds`);
console.log(`molt    ${result.moltSeconds.toFixed(3)} s  ${result.moltMBps} MB/s`);
console.log(`cpython ${result.cpythonSeconds.toFixed(3)} s  ${result.cpythonMBps} MB/s (ast.parse)`);
console.log(`molt is ${result.speedup}x CPython's parser`);
mkdirSync(join(root, "bench", "results"), { recursive: true });
writeFileSync(join(root, "bench", "results", "parser.json"), JSON.stringify(result, null, 2) + "\n");
