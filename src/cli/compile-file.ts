/**
 * Compiles a `.py` file for the CLI, through the on-disk cache. Compile errors are printed
 * CPython-style on stderr and reported as `null`.
 */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DiskCache, cacheKey } from "../compiler/cache.js";
import { compileSource, type CompileOptions } from "../compiler/compile.js";
import { PySyntaxError, formatSyntaxError } from "../compiler/syntax/errors.js";
import { decodeSource } from "../compiler/syntax/source.js";
import { packageRoot, readRuntimeWasm } from "../runtime/host/runtime-wasm.js";

let fingerprint: string | undefined;

/**
 * Identifies this build of the compiler: the bundle's own bytes when running from dist/, or
 * every compiler source file when running from src/ (so editing the compiler invalidates).
 */
function compilerFingerprint(): string {
  if (fingerprint) return fingerprint;
  const h = createHash("sha256");
  const self = fileURLToPath(import.meta.url);
  if (self.endsWith(".js")) {
    h.update(readFileSync(self));
  } else {
    const walk = (dir: string) => {
      for (const name of readdirSync(dir).sort()) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith(".ts")) h.update(readFileSync(path));
      }
    };
    walk(join(packageRoot(), "src", "compiler"));
  }
  return (fingerprint = h.digest("hex"));
}

export const DEFAULT_CACHE_DIR = () => join(packageRoot(), "node_modules", ".cache", "molt");

export async function compileFile(path: string, options: CompileOptions = {}): Promise<Uint8Array<ArrayBuffer> | null> {
  const source = readFileSync(path);
  const runtime = readRuntimeWasm();
  const cache = new DiskCache(DEFAULT_CACHE_DIR());
  const key = cacheKey({ source, filename: path, compilerVersion: compilerFingerprint(), options, runtime });
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
