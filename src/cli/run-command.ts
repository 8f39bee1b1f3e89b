/**
 * `molt run FILE.py [ARGS...]`: compiles FILE.py and runs it under Node with the stdout,
 * stderr and exit status `python3 FILE.py ARGS...` would give.
 *
 * Options before FILE: `--report-time` prints the seconds spent running the module body as the
 * last line of stderr, for the benchmark harness; `--linked` builds the program as the bundler
 * plugin builds an app (each module compiled on its own, linked into the shared runtime)
 * instead of linking it whole into the runtime.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { MoltProgram } from "../runtime/host/instance.js";
import { PythonRuntime } from "../runtime/host/app-runtime.js";
import { MoltCompileError, compileModule, compileSharedRuntime } from "../plugin/compile-module.js";
import { DEFAULT_CACHE_DIR, compileFile } from "./compile-file.js";

const io = { stdout: (s: string) => process.stdout.write(s), stderr: (s: string) => process.stderr.write(s) };

export async function runCommand(args: string[]): Promise<number> {
  const at = args.findIndex((a) => !a.startsWith("--"));
  const { values } = parseArgs({ args: args.slice(0, at < 0 ? args.length : at), options: { "report-time": { type: "boolean" }, linked: { type: "boolean" } } });
  const [file, ...rest] = at < 0 ? [] : args.slice(at);
  if (file === undefined) {
    process.stderr.write("usage: molt run [--report-time] [--linked] FILE.py [ARGS...]\n");
    return 2;
  }
  const run = values.linked ? await linked(file) : await whole(file);
  if (run === null) return 1;
  const start = performance.now();
  const status = run([file, ...rest]);
  if (values["report-time"]) process.stderr.write(`${((performance.now() - start) / 1000).toFixed(6)}\n`);
  return status;
}

type Runner = (argv: string[]) => number;

async function whole(file: string): Promise<Runner | null> {
  // Tracebacks and `__file__` name the script by its absolute path, as CPython 3.9+ does;
  // sys.argv[0] stays as given.
  const wasm = await compileFile(resolve(file));
  if (wasm === null) return null;
  const program = await MoltProgram.load(wasm, io);
  return (argv) => program.run(argv);
}

async function linked(file: string): Promise<Runner | null> {
  const options = { cacheDir: DEFAULT_CACHE_DIR(), optimizeLevel: 3, fileLabel: (p: string) => p };
  try {
    const main = await compileModule({ name: "__main__", path: resolve(file) }, options);
    const modules = [main.wasm, ...await Promise.all(main.closure.slice(1).map(async (m) => (await compileModule(m, options)).wasm))];
    const runtime = await PythonRuntime.start(await compileSharedRuntime(options.cacheDir), { io });
    for (const wasm of modules) await runtime.link(wasm);
    return (argv) => runtime.runMain(argv);
  } catch (e) {
    if (!(e instanceof MoltCompileError)) throw e;
    process.stderr.write(e.report);
    return null;
  }
}
