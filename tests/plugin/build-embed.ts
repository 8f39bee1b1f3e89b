/**
 * The bundles under test import the embedding runtime from dist/embed.js (what the package
 * ships); rebuilding it from src/ first means the tests exercise the code in the tree, not
 * whatever was last built.
 */
import { join } from "node:path";
import { build } from "esbuild";
import { packageRoot } from "../../src/runtime/host/runtime-wasm.js";

let built: Promise<unknown> | undefined;

export function buildEmbedRuntime(): Promise<unknown> {
  const root = packageRoot();
  built ??= build({
    entryPoints: { embed: join(root, "src/runtime/host/embedding.ts") },
    outdir: join(root, "dist"),
    bundle: true,
    platform: "neutral",
    format: "esm",
    target: "es2022",
    sourcemap: true,
    logLevel: "warning",
  });
  return built;
}
