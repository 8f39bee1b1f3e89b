/**
 * The Vite dev server: a .py module loads through the plugin at -O0, an edit to it is picked up
 * (the module graph invalidates it and the next load recompiles), and a compile error reaches
 * Vite as an error with the file, line, column and code frame its overlay shows (browser.test.ts
 * checks the overlay itself), while the server keeps serving.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ViteDevServer } from "vite";
import { unplugin } from "../../src/plugin/index.js";
import { packageRoot } from "../../src/runtime/host/runtime-wasm.js";
import { buildEmbedRuntime } from "./build-embed.js";

const work = mkdtempSync(join(tmpdir(), "molt-dev-"));
const app = join(work, "app");
let server: ViteDevServer;

beforeAll(async () => {
  await buildEmbedRuntime();
  cpSync(join(packageRoot(), "fixtures", "plugin", "app"), app, { recursive: true });
  const { createServer } = await import("vite");
  server = await createServer({
    root: app,
    configFile: false,
    logLevel: "silent",
    server: { middlewareMode: true, hmr: false, watch: null },
    appType: "custom",
    plugins: [unplugin.vite({ cacheDir: join(work, "cache"), dts: true })],
  });
});

afterAll(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

it("loads a .py module, and an edit is seen on the next load", async () => {
  const first = await server.ssrLoadModule("/text.py");
  expect(first.VERSION).toBe("1.0");
  // The dts option writes declarations beside the module.
  expect(readFileSync(join(app, "text.d.py.ts"), "utf8")).toContain("export declare function first_char(s: string): string;");
  expect(existsSync(join(app, "kernel.d.py.ts"))).toBe(false);
  writeFileSync(join(app, "text.py"), 'VERSION = "2.0"\n\ndef first_char(s: str) -> str:\n    return s[-1]\n');
  // What Vite's watcher does on a change: every module of the file (the import and the link).
  for (const mod of server.moduleGraph.getModulesByFile(join(app, "text.py")) ?? []) server.moduleGraph.invalidateModule(mod);
  const second = await server.ssrLoadModule("/text.py");
  expect(second.VERSION).toBe("2.0");
  expect((second.first_char as (s: string) => string)("abc")).toBe("c");
});

it("a compile error carries file:line:col and a frame, and the server keeps going", async () => {
  const error = await server.transformRequest("/bad.py").then(
    () => null,
    (e: { loc?: { file: string; line: number; column: number }; frame?: string; message: string; plugin?: string }) => e,
  );
  expect(error).not.toBeNull();
  expect(error!.loc).toEqual({ file: join(app, "bad.py"), line: 4, column: 11 });
  expect(error!.frame).toBe("3 | \n4 | def broken(:\n  |            ^");
  expect(error!.message).toContain("SyntaxError: invalid syntax");
  expect(error!.plugin).toBe("unplugin-molt");
  const ok = await server.ssrLoadModule("/kernel.py");
  expect((ok.fib as (n: number) => number)(10)).toBe(55);
});
