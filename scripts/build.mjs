// Bundles the CLI (and later the plugin entry points) into dist/ with esbuild: one fast step
// that `npm ci` runs through `prepare`, so `npx molt` works right after install.
import { build } from "esbuild";

await build({
  entryPoints: { cli: "src/cli/main.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
