/**
 * `molt run FILE.py [ARGS...]`: compiles FILE.py and runs it under Node with the stdout,
 * stderr and exit status `python3 FILE.py ARGS...` would give.
 *
 * `--report-time` (before FILE) prints the seconds spent running the module body as the last
 * line of stderr, for the benchmark harness.
 */
import { resolve } from "node:path";
import { MoltProgram } from "../runtime/host/instance.js";
import { compileFile } from "./compile-file.js";

export async function runCommand(args: string[]): Promise<number> {
  const reportTime = args[0] === "--report-time";
  const [file, ...rest] = reportTime ? args.slice(1) : args;
  if (file === undefined) {
    process.stderr.write("usage: molt run [--report-time] FILE.py [ARGS...]\n");
    return 2;
  }
  // Tracebacks and `__file__` name the script by its absolute path, as CPython 3.9+ does;
  // sys.argv[0] stays as given.
  const wasm = await compileFile(resolve(file));
  if (wasm === null) return 1;
  const program = await MoltProgram.load(wasm, {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
  });
  const start = performance.now();
  const status = program.run([file, ...rest]);
  if (reportTime) process.stderr.write(`${((performance.now() - start) / 1000).toFixed(6)}\n`);
  return status;
}
