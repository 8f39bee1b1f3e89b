/**
 * Compiled modules cached on disk by a content hash of everything that decides the output:
 * the source, the compiler's version, the options and the runtime it links. An unchanged
 * module is never recompiled, across runs and processes.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface CacheKeyParts {
  source: Uint8Array | string;
  filename: string;
  compilerVersion: string;
  options: unknown;
  runtime: Uint8Array;
}

export function cacheKey(parts: CacheKeyParts): string {
  const h = createHash("sha256");
  for (const piece of [parts.source, parts.filename, parts.compilerVersion, JSON.stringify(parts.options), parts.runtime]) {
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
