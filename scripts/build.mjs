// Bundles the CLI, the host loader, the embedding runtime and the plugin entry points into
// dist/ with esbuild, and compiles the runtime: what `npm ci` runs through `prepare`, so
// `npx molt` works right after install. The host loader is self-contained: `molt build` copies
// it next to its output. The embedding runtime (dist/embed.js, `unplugin-molt/runtime`) runs
// in browsers, workers and Node alike, so it is built for no platform in particular.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, rmSync } from "node:fs";
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

await build({
  entryPoints: { embed: "src/runtime/host/embedding.ts" },
  outdir: "dist",
  bundle: true,
  platform: "neutral",
  format: "esm",
  target: "es2022",
  sourcemap: true,
  logLevel: "warning",
});

// One chunk holds the compiler and the plugin; each bundler's entry is a few lines over it.
// Chunk names carry a content hash: clear out the previous build's.
rmSync("dist/plugin", { recursive: true, force: true });
await build({
  entryPoints: ["index", "vite", "rollup", "webpack", "esbuild", "rolldown"].map((n) => `src/plugin/${n}.ts`),
  outdir: "dist/plugin",
  bundle: true,
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
copyFileSync("src/plugin/py-modules.d.ts", "dist/py-modules.d.ts");

// Declarations for the entry points (package.json "exports" types), when TypeScript is installed
// (it is a devDependency: a consumer's install runs no build).
const tsc = join(dirname(fileURLToPath(import.meta.url)), "..", "node_modules", ".bin", "tsc");
if (existsSync(tsc)) {
  rmSync("dist/types", { recursive: true, force: true });
  execFileSync(tsc, ["-p", "src/plugin/tsconfig.types.json"], { stdio: "inherit" });
}

// The runtime core (AssemblyScript) to dist/runtime/molt-runtime.wasm, which codegen links into.
execFileSync(process.execPath, [join(dirname(fileURLToPath(import.meta.url)), "build-runtime.mjs")], { stdio: "inherit" });
