/**
 * Worker side of the linked-program runner: starts a shared runtime, links the program's
 * modules (each compiled on its own, as the bundler plugin compiles them) and imports the main
 * module as `__main__`, reporting an uncaught exception as CPython would (the traceback on
 * stderr, exit status 1, or SystemExit's status).
 */
import { parentPort, workerData } from "node:worker_threads";
import { PythonRuntime } from "../../src/runtime/host/app-runtime.js";
import { PythonError } from "../../src/runtime/host/python-error.js";

const { runtime: runtimeWasm, modules } = workerData as { runtime: Uint8Array<ArrayBuffer>; modules: Uint8Array<ArrayBuffer>[] };
let stdout = "";
let stderr = "";
try {
  const runtime = await PythonRuntime.start(runtimeWasm, { io: { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) } });
  for (const wasm of modules) await runtime.link(wasm);
  let exit = 0;
  try {
    runtime.importModule("__main__", []);
  } catch (e) {
    if (!(e instanceof PythonError)) throw e;
    if (e.pythonType === "SystemExit") exit = Number(e.pythonMessage);
    else {
      stderr += e.pythonTraceback;
      exit = 1;
    }
  }
  parentPort!.postMessage({ stdout, stderr, exit });
} catch (e) {
  parentPort!.postMessage({ stdout, stderr, exit: -1, crash: String((e as Error)?.stack ?? e) });
}
