/**
 * What an app ships: the shared runtime's Wasm, and each playground module's as the plugin
 * compiles it for a production build (-O3), raw and gzip.
 *
 *   npm run size
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { compileModule, compileSharedRuntime } from "../src/plugin/compile-module.js";
import { packageRoot } from "../src/runtime/host/runtime-wasm.js";

const root = packageRoot();
const cacheDir = join(root, "node_modules", ".cache", "molt");
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const row = (name: string, wasm: Uint8Array) => console.log(`${name.padEnd(28)} ${kb(wasm.length).padStart(10)} ${kb(gzipSync(wasm).length).padStart(10)} gzip`);

row("shared runtime", await compileSharedRuntime(cacheDir));
const dir = join(root, "playground", "py");
for (const f of readdirSync(dir).filter((f) => f.endsWith(".py")).sort()) {
  const { wasm } = await compileModule({ name: f.slice(0, -3), path: join(dir, f) }, { cacheDir, optimizeLevel: 3, fileLabel: (p) => p });
  row(`playground/py/${f}`, wasm);
}
