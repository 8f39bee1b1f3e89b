/**
 * Compiled programs cached on disk by a content hash of everything that decides the output:
 * the sources of the main module and of every module it imports, the compiler's version, the options and the runtime it links. An unchanged
 * module is never recompiled, across runs and processes.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface CacheKeyParts {
  /** Every module of the program: the main file first, then what it imports. */
  modules: readonly { filename: string; source: Uint8Array | string }[];
  /** How each import resolved (a name no file provided, a namespace package): a new file changes it. */
  resolution?: string;
  compilerVersion: string;
  options: unknown;
  runtime: Uint8Array;
}

export function cacheKey(parts: CacheKeyParts): string {
  const h = createHash("sha256");
  const modules = parts.modules.flatMap((m) => [m.filename, m.source]);
  for (const piece of [...modules, parts.resolution ?? "", parts.compilerVersion, JSON.stringify(parts.options), parts.runtime]) {
    h.update(piece);
    h.update("\0");
  }
  return h.digest("hex");
}

export class DiskCache {
  constructor(readonly dir: string) {}

  get(key: string): Uint8Array<ArrayBuffer> | undefined {
    const path = join(this.dir, `${key}.wasm`);
    return existsSync(path) ? new Uint8Array(readFileSync(path)) : undefined;
  }

  /** Written to a temporary name and renamed, so a concurrent reader never sees half a file. */
  set(key: string, wasm: Uint8Array): void {
    mkdirSync(this.dir, { recursive: true });
    const path = join(this.dir, `${key}.wasm`);
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, wasm);
    renameSync(tmp, path);
  }
}
