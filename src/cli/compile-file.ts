/**
 * Compiles a `.py` file for the CLI, through the on-disk cache. Compile errors are printed
 * CPython-style on stderr and reported as `null`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DiskCache, cacheKey } from "../compiler/cache.js";
import { compileSource, type CompileOptions } from "../compiler/compile.js";
import { PySyntaxError, formatSyntaxError } from "../compiler/syntax/errors.js";
import { decodeSource } from "../compiler/syntax/source.js";
import { packageRoot, readRuntimeWasm } from "../runtime/host/runtime-wasm.js";
import { compilerVersion } from "../plugin/compiler-version.js";

export const DEFAULT_CACHE_DIR = () => join(packageRoot(), "node_modules", ".cache", "molt");

export async function compileFile(path: string, options: CompileOptions = {}): Promise<Uint8Array<ArrayBuffer> | null> {
  const source = readFileSync(path);
  const runtime = readRuntimeWasm();
  const cache = new DiskCache(DEFAULT_CACHE_DIR());
  const key = cacheKey({ source, filename: path, compilerVersion: compilerVersion(), options, runtime });
  const hit = cache.get(key);
  if (hit) return hit;
  try {
    const { wasm } = await compileSource(source, path, runtime, options);
    cache.set(key, wasm);
    return wasm;
  } catch (e) {
    if (!(e instanceof PySyntaxError)) throw e;
    let text: string | null = null;
    try {
      text = decodeSource(source).text;
    } catch {
      // The error is about the encoding itself; report it without a source line.
    }
    process.stderr.write(formatSyntaxError(e, path, text));
    return null;
  }
}
