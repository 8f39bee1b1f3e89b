/**
 * Where the compiled runtime lives: `dist/runtime/molt-runtime.wasm` in the package, built by
 * `npm run build` (scripts/build-runtime.mjs), found from the package root.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../../package-root.js";

export { packageRoot };

export function runtimeWasmPath(): string {
  return join(packageRoot(), "dist", "runtime", "molt-runtime.wasm");
}

let cached: Uint8Array | undefined;

export function readRuntimeWasm(): Uint8Array {
  if (cached) return cached;
  const path = runtimeWasmPath();
  if (!existsSync(path)) throw new Error(`the Molt runtime is not built (${path} is missing): run \`npm run build\``);
  return (cached = readFileSync(path));
}
