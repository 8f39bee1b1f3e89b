/**
 * Compiles a `.py` file (and the modules it imports) for the CLI, through the on-disk cache. Compile errors are printed
 * CPython-style on stderr and reported as `null`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DiskCache, cacheKey } from "../compiler/cache.js";
import { compileProgram, loadProgram, type CompileOptions } from "../compiler/compile.js";
import { PySyntaxError, reportSyntaxError } from "../compiler/syntax/errors.js";
import { packageRoot, readRuntimeWasm } from "../runtime/host/runtime-wasm.js";
import { compilerVersion } from "../plugin/compiler-version.js";
import { Profile, ProfileError } from "../compiler/profile/profile.js";

export const DEFAULT_CACHE_DIR = () => join(packageRoot(), "node_modules", ".cache", "molt");

/** The profile a `--profile FILE` option names (null without one); undefined, reported on stderr, if it cannot be read. */
export function readProfileOption(path: string | undefined): Profile | null | undefined {
  if (path === undefined) return null;
  try {
    return Profile.read(path);
  } catch (e) {
    if (!(e instanceof ProfileError)) throw e;
    process.stderr.write(`molt: ${e.message}\n`);
    return undefined;
  }
}

export async function compileFile(path: string, options: CompileOptions = {}): Promise<Uint8Array<ArrayBuffer> | null> {
  const source = readFileSync(path);
  const runtime = readRuntimeWasm();
  const cache = new DiskCache(DEFAULT_CACHE_DIR());
  try {
    const program = loadProgram(source, path, options);
    const key = cacheKey({ modules: program.sources, resolution: program.resolution, compilerVersion: compilerVersion(), options, runtime });
    const hit = cache.get(key);
    if (hit) return hit;
    const { wasm } = await compileProgram(program, runtime, options);
    cache.set(key, wasm);
    return wasm;
  } catch (e) {
    if (!(e instanceof PySyntaxError)) throw e;
    process.stderr.write(reportSyntaxError(e, path, source));
    return null;
  }
}
