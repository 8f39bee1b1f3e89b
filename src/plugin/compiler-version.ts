/**
 * Identifies the compiler that produced a cached module: the plugin bundle's own bytes when
 * running from dist/, or every compiler source file when running from src/ (tests, tsx), so an
 * edit to the compiler invalidates the cache.
 */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { packageRoot } from "../runtime/host/runtime-wasm.js";

let fingerprint: string | undefined;

export function compilerVersion(): string {
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
