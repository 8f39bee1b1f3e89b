/**
 * CPython 3.11 as the runtime tests' oracle, run as the differential program tests run it:
 * PYTHONHASHSEED=0 (the runtime hashes strs exactly as CPython does with that seed, so str
 * hashes and the iteration order of sets of strs are comparable).
 */
import { execFileSync } from "node:child_process";

export function python(code: string, input?: string): string {
  return execFileSync("python3", ["-c", code], {
    encoding: "utf8",
    input,
    maxBuffer: 1 << 28,
    env: { ...process.env, PYTHONHASHSEED: "0", PYTHONIOENCODING: "utf-8" },
  });
}

/** Runs a snippet that prints one JSON document and returns it parsed. */
export function pythonJson<T>(code: string, input?: string): T {
  return JSON.parse(python(code, input)) as T;
}

/** Runs a whole program; returns its stdout, stderr and exit status. */
export function pythonRun(code: string): { stdout: string; stderr: string; status: number } {
  try {
    const stdout = execFileSync("python3", ["-c", code], {
      encoding: "utf8",
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, PYTHONHASHSEED: "0", PYTHONIOENCODING: "utf-8" },
    });
    return { stdout, stderr: "", status: 0 };
  } catch (e) {
    const err = e as { stdout: string; stderr: string; status: number };
    return { stdout: err.stdout, stderr: err.stderr, status: err.status };
  }
}
