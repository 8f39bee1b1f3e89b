/**
 * Worker side of the program runner: instantiates one compiled program and runs it, so that a
 * program that never ends can be stopped by terminating the worker.
 */
import { parentPort, workerData } from "node:worker_threads";
import { MoltProgram } from "../../src/runtime/host/instance.js";

const { wasm, argv } = workerData as { wasm: Uint8Array<ArrayBuffer>; argv: string[] };
let stdout = "";
let stderr = "";
try {
  const program = await MoltProgram.load(wasm, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  const exit = program.run(argv);
  parentPort!.postMessage({ stdout, stderr, exit });
} catch (e) {
  parentPort!.postMessage({ stdout, stderr, exit: -1, crash: String((e as Error)?.stack ?? e) });
}
