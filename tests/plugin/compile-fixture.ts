/** Compiles a fixture under tests/plugin at -O0 (the suite's level: -O3 costs seconds per module). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compileSource } from "../../src/compiler/compile.js";
import { packageRoot, readRuntimeWasm } from "../../src/runtime/host/runtime-wasm.js";

export const fixturePath = (name: string) => join(packageRoot(), "fixtures", "plugin", name);

export async function compileFixture(name: string): Promise<Uint8Array<ArrayBuffer>> {
  const path = fixturePath(name);
  const { wasm } = await compileSource(readFileSync(path), path, readRuntimeWasm(), { optimizeLevel: 0 });
  return wasm;
}
