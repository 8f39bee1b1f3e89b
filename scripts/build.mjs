// Bundles the CLI and the host loader (and later the plugin entry points) into dist/ with
// esbuild, and compiles the runtime: what `npm ci` runs through `prepare`, so `npx molt` works
// right after install. The host loader is self-contained: `molt build` copies it next to its
// output.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

await build({
  entryPoints: { cli: "src/cli/main.ts", host: "src/runtime/host/instance.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});

// The runtime core (AssemblyScript) to dist/runtime/molt-runtime.wasm, which codegen links into.
execFileSync(process.execPath, [join(dirname(fileURLToPath(import.meta.url)), "build-runtime.mjs")], { stdio: "inherit" });
