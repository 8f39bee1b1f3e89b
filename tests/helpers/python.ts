/** CPython 3.11 as a test oracle: runs a snippet and returns its stdout. */
import { execFileSync } from "node:child_process";

export function python(code: string, input?: string): string {
  return execFileSync("python3", ["-c", code], { encoding: "utf8", input, maxBuffer: 1 << 28 });
}

/** Runs a snippet that prints one JSON document and returns it parsed. */
export function pythonJson<T>(code: string, input?: string): T {
  return JSON.parse(python(code, input)) as T;
}
