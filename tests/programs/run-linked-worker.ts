/**
 * Worker side of the linked-program runner: starts a shared runtime, links the program's
 * modules (each compiled on its own, as the bundler plugin compiles them) and runs the main one
 * as `__main__` (PythonRuntime.runMain: tracebacks and exit status as `molt run`).
 */
import { parentPort, workerData } from "node:worker_threads";
import { PythonRuntime } from "../../src/runtime/host/app-runtime.js";

const { runtime: runtimeWasm, modules, argv } = workerData as { runtime: Uint8Array<ArrayBuffer>; modules: Uint8Array<ArrayBuffer>[]; argv: string[] };
let stdout = "";
let stderr = "";
try {
  const runtime = await PythonRuntime.start(runtimeWasm, { io: { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) } });
  for (const wasm of modules) await runtime.link(wasm);
  const exit = runtime.runMain(argv);
  parentPort!.postMessage({ stdout, stderr, exit });
} catch (e) {
  parentPort!.postMessage({ stdout, stderr, exit: -1, crash: String((e as Error)?.stack ?? e) });
}
