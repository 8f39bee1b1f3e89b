// Bundles the CLI and the host loader (and later the plugin entry points) into dist/ with
// esbuild: one fast step that `npm ci` runs through `prepare`, so `npx molt` works right after
// install. The host loader is self-contained: `molt build` copies it next to its output.
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
