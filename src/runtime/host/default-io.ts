/**
 * Where Python's stdout and stderr go when the app does not say: the process's own streams in
 * Node, else the console, a line at a time (console.log cannot continue a line, so a partial
 * line waits for its newline or for flush()).
 */
import type { Io } from "./host-imports.js";

interface NodeStream {
  write(text: string): unknown;
}

export function defaultIo(): Io & { flush(): void } {
  const proc = (globalThis as { process?: { stdout?: NodeStream; stderr?: NodeStream } }).process;
  if (proc?.stdout?.write && proc.stderr?.write) {
    const { stdout, stderr } = proc;
    return { stdout: (s) => void stdout.write(s), stderr: (s) => void stderr.write(s), flush: () => {} };
  }
  const out = lineSink((line) => console.log(line));
  const err = lineSink((line) => console.error(line));
  return { stdout: out.write, stderr: err.write, flush: () => (out.flush(), err.flush()) };
}

export function lineSink(emit: (line: string) => void): { write(text: string): void; flush(): void } {
  let pending = "";
  return {
    write(text) {
      const lines = (pending + text).split("\n");
      pending = lines.pop()!;
      for (const line of lines) emit(line);
    },
    flush() {
      if (pending !== "") emit(pending);
      pending = "";
    },
  };
}
