/**
 * Compiles and runs the differential test programs of fixtures/programs and judges each
 * against CPython 3.11's recorded output. Shared by tests/programs/differential.ts and
 * scripts/check-programs.ts.
 *
 * Verdicts:
 * - pass: stdout, exit status and stderr as CPython (stderr with or without the `^` lines
 *   CPython 3.11 prints under a failing expression); for `dynamic/` programs, a compile-time
 *   refusal naming the feature.
 * - refused: Molt declined to compile the program (UnsupportedError), which it may do for
 *   features not implemented yet; never a wrong answer.
 * - fail: anything else: different output, a crash, a trap, a timeout.
 */
import { mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { Worker } from "node:worker_threads";
import { compileSource } from "../../src/compiler/compile.js";
import { UnsupportedError } from "../../src/compiler/diagnostics.js";
import { PySyntaxError, reportSyntaxError } from "../../src/compiler/syntax/errors.js";
import { compileModule, compileSharedRuntime } from "../../src/plugin/compile-module.js";

export const ROOT = join(import.meta.dirname, "..", "..");
export const PROGRAMS_DIR = "fixtures/programs";
export const PASSING_LIST = join(ROOT, PROGRAMS_DIR, "passing.txt");

export interface Expected {
  stdout: string;
  stderr: string;
  stderr_no_carets: string;
  exit: number;
  molt_refuse?: boolean;
  refused_feature?: string;
}

export interface Outcome {
  stdout: string;
  stderr: string;
  exit: number;
  /** The refusal message when Molt declined to compile. */
  refused?: string;
  crash?: string;
}

export type Verdict = "pass" | "refused" | "fail";

/** Every program, as a repo-relative path, sorted. */
export function programPaths(): string[] {
  const out: string[] = [];
  for (const feature of readdirSync(join(ROOT, PROGRAMS_DIR)).sort()) {
    const dir = join(ROOT, PROGRAMS_DIR, feature);
    if (!statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir).sort()) if (f.endsWith(".py")) out.push(`${PROGRAMS_DIR}/${feature}/${f}`);
  }
  return out;
}

export function expectedOf(path: string): Expected {
  return JSON.parse(readFileSync(join(ROOT, path.replace(/\.py$/, ".expected.json")), "utf8")) as Expected;
}

export const KNOWN_FAILURES = join(ROOT, PROGRAMS_DIR, "known-failures.txt");

export function passingList(): Set<string> {
  return new Set(readFileSync(PASSING_LIST, "utf8").split("\n").filter((l) => l && !l.startsWith("#")));
}

/** Programs Molt compiles but runs differently from CPython today: path -> what differs. */
export function knownFailures(): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of readFileSync(KNOWN_FAILURES, "utf8").split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const [path, ...reason] = line.split("\t");
    out.set(path!, reason.join("\t"));
  }
  return out;
}

/** One line saying how an outcome differs from CPython's. */
export function difference(outcome: Outcome, expected: Expected): string {
  if (outcome.crash) return `crash: ${outcome.crash.split("\n")[0]!.slice(0, 160)}`;
  const first = (got: string, want: string, what: string) => {
    const g = got.split("\n");
    const w = want.split("\n");
    for (let i = 0; i < Math.max(g.length, w.length); i++) {
      if (g[i] !== w[i]) return `${what} line ${i + 1}: got ${JSON.stringify((g[i] ?? "").slice(0, 70))}, want ${JSON.stringify((w[i] ?? "").slice(0, 70))}`;
    }
    return null;
  };
  return first(outcome.stdout, expected.stdout, "stdout") ??
    first(outcome.stderr, expected.stderr_no_carets, "stderr") ??
    `exit status ${outcome.exit}, want ${expected.exit}`;
}

let runtimeBytes: Uint8Array | null = null;
function runtime(): Uint8Array {
  return (runtimeBytes ??= readFileSync(join(ROOT, "dist", "runtime", "molt-runtime.wasm")));
}

const TIMEOUT_MS = 20_000;

function runWasm(wasm: Uint8Array<ArrayBuffer>, argv: string[]): Promise<Outcome> {
  return inWorker("./run-wasm-worker.mjs", { wasm, argv });
}

function inWorker(script: string, workerData: unknown): Promise<Outcome> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL(script, import.meta.url), {
      workerData,
      // As much native stack as `molt run` gives programs (bin/molt.js).
      resourceLimits: { stackSizeMb: 8 },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve({ stdout: "", stderr: "", exit: -1, crash: `timed out after ${TIMEOUT_MS} ms` });
    }, TIMEOUT_MS);
    worker.once("message", (m: Outcome) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(m);
    });
    worker.once("error", (e) => {
      clearTimeout(timer);
      resolve({ stdout: "", stderr: "", exit: -1, crash: String(e.stack ?? e) });
    });
  });
}

/**
 * binaryen optimisation level for the suite: 0 by default, since -O3 over the linked runtime
 * costs seconds per program; tests/programs/differential.ts also runs a sample at -O3.
 */
export const DEFAULT_OPT = Number(process.env.MOLT_TEST_OPT ?? 0);

export async function runProgram(path: string, optimizeLevel = DEFAULT_OPT): Promise<Outcome> {
  const source = readFileSync(join(ROOT, path));
  let wasm: Uint8Array<ArrayBuffer>;
  try {
    // verify: the IR verifier between passes, and codegen's tree check (tree-check.ts).
    ({ wasm } = await compileSource(source, path, runtime(), { optimizeLevel, verify: true }));
  } catch (e) {
    if (!(e instanceof PySyntaxError)) return { stdout: "", stderr: "", exit: -1, crash: `compiler: ${(e as Error).stack}` };
    const stderr = normalisePaths(reportSyntaxError(e, path, source));
    return e instanceof UnsupportedError ? { stdout: "", stderr, exit: 1, refused: e.msg } : { stdout: "", stderr, exit: 1 };
  }
  const outcome = await runWasm(wasm, [path]);
  return { ...outcome, stdout: normalisePaths(outcome.stdout), stderr: normalisePaths(outcome.stderr) };
}

const linkedCache = mkdtempSync(join(tmpdir(), "molt-linked-"));

/**
 * The program as the bundler plugin builds an app: the main module and each module it imports
 * compiled on its own (as `__main__`) and linked into a shared runtime. Compile errors are the
 * whole-program runner's business: this one is for programs that compile.
 */
export async function runLinkedProgram(path: string, optimizeLevel: number): Promise<Outcome> {
  const options = { cacheDir: linkedCache, optimizeLevel, verify: true, fileLabel: (p: string) => relative(ROOT, p) };
  try {
    const main = await compileModule({ name: "__main__", path: join(ROOT, path) }, options);
    const modules = [main.wasm, ...await Promise.all(main.closure.slice(1).map(async (m) => (await compileModule(m, options)).wasm))];
    const outcome = await inWorker("./run-linked-worker.mjs", { runtime: await compileSharedRuntime(linkedCache), modules, argv: [path] });
    return { ...outcome, stdout: normalisePaths(outcome.stdout), stderr: normalisePaths(outcome.stderr) };
  } catch (e) {
    return { stdout: "", stderr: "", exit: -1, crash: `compiler: ${(e as Error).stack}` };
  }
}

/**
 * Imported modules have absolute paths (sys.path[0] is absolute, as in CPython); the recorded
 * expectations have the repository root taken out of them, and so does this.
 */
function normalisePaths(text: string): string {
  return text.replaceAll(`${ROOT}${sep}`, "");
}

export function judge(outcome: Outcome, expected: Expected): Verdict {
  if (expected.molt_refuse) {
    return outcome.refused !== undefined && outcome.refused.includes(`'${expected.refused_feature}'`) ? "pass" : "fail";
  }
  if (
    outcome.crash === undefined &&
    outcome.stdout === expected.stdout &&
    outcome.exit === expected.exit &&
    (outcome.stderr === expected.stderr || outcome.stderr === expected.stderr_no_carets)
  ) {
    return "pass";
  }
  return outcome.refused !== undefined ? "refused" : "fail";
}
