import { defineConfig } from "vite";
import molt from "unplugin-molt/vite";

export default defineConfig({
  plugins: [molt({ dts: true })],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // Each .py module inlines its Wasm (docs/decisions/0005-plugin-loading.md): large chunks are expected.
    chunkSizeWarningLimit: 4096,
    // Compiling Python at -O3 is most of a cold build, by design; the cache makes rebuilds fast.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
});
