/**
 * The directory of Molt's package.json: where the built runtime (dist/) and the standard
 * library written in Python (lib/python/) are. Found by walking up from this file, so it
 * resolves the same from sources (tests, tsx) and from the bundles in dist/.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find the unplugin-molt package root");
    dir = parent;
  }
  return (root = dir);
}
