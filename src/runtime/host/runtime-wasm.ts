/**
 * Where the compiled runtime lives: `dist/runtime/molt-runtime.wasm` in the package, built by
 * `npm run build` (scripts/build-runtime.mjs). Found from the package root, so it resolves the
 * same from sources (tests, tsx) and from the bundled CLI in dist/.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find the unplugin-molt package root");
    dir = parent;
  }
  return dir;
}

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
