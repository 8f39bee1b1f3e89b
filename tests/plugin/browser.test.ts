/**
 * The fixture app built for the browser by Vite (and by esbuild, Rollup, Rolldown and webpack)
 * and run in headless Chromium (Debian's chromium, driven by playwright-core): what the page
 * logs must be what Node printed. Skipped,
 * with the reason, where Chromium is not installed (.ci/run installs it).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unplugin } from "../../src/plugin/index.js";
import { packageRoot } from "../../src/runtime/host/runtime-wasm.js";
// @ts-expect-error: plain JS helpers shared with `npm run demo`
import { CHROMIUM, chromiumAvailable, launchChromium } from "../../playground/chromium.mjs";
// @ts-expect-error: plain JS helper shared with `npm run demo`
import { serveStatic } from "../../playground/serve-static.mjs";
import { buildEmbedRuntime } from "./build-embed.js";

const root = packageRoot();
const app = join(root, "fixtures", "plugin", "app");
const work = mkdtempSync(join(tmpdir(), "molt-browser-"));
const available = chromiumAvailable() as boolean;

if (!available) console.warn(`tests/plugin/browser.test.ts skipped: no Chromium at ${CHROMIUM as string} (apt-get install chromium)`);

/** What the fixture app logs in a page (main.js), in order. */
const PAGE_LOGS = [
  "kernel.py loaded",
  "fib(90) = 2880067194370816120",
  "mean = 2.1666666666666665",
  'freq = [["the",2],["cat",1],["hat",1]]',
  "version = 1.0 1.0",
  "caught PythonError IndexError: string index out of range",
  '  File "fixtures/plugin/app/text.py", line 10, in first_char |     return s[0]',
];

beforeAll(() => buildEmbedRuntime());
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!available)("Vite browser build in Chromium", () => {
  it("runs the Python modules in the page", async () => {
    const { build } = await import("vite");
    const outDir = join(work, "vite-web");
    await build({
      root: app,
      configFile: false,
      logLevel: "silent",
      plugins: [unplugin.vite({ root, cacheDir: join(work, "cache"), optimizeLevel: 0 })],
      build: {
        outDir, emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 100_000,
        rollupOptions: { input: { main: join(app, "index.html"), worker: join(app, "worker.html") } },
      },
    });
    const server = await serveStatic(outDir);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const logs: string[] = [];
      const problems: string[] = [];
      page.on("console", (m: { type(): string; text(): string }) => (m.type() === "log" ? logs.push(m.text()) : problems.push(m.text())));
      page.on("pageerror", (e: Error) => problems.push(e.message));
      await page.goto(`http://127.0.0.1:${server.address().port}/`);
      await page.waitForSelector("body[data-status=done]", { state: "attached", timeout: 60_000 });
      expect(problems).toEqual([]);
      // print() in the browser goes to console.log a line at a time.
      expect(logs).toEqual(PAGE_LOGS);
      // The same modules in a module worker (its own bundle and runtime), with no extra setup.
      const worker = await browser.newPage();
      const workerLogs: string[] = [];
      worker.on("console", (m: { type(): string; text(): string }) => (m.type() === "log" ? workerLogs.push(m.text()) : problems.push(m.text())));
      worker.on("pageerror", (e: Error) => problems.push(e.message));
      await worker.goto(`http://127.0.0.1:${server.address().port}/worker.html`);
      await worker.waitForSelector("body[data-status=done]", { state: "attached", timeout: 60_000 });
      expect(problems).toEqual([]);
      expect(workerLogs).toEqual(["kernel.py loaded", "worker: fib(50) = 12586269025, mean = 2.3333333333333335"]);
    } finally {
      await browser.close();
      server.close();
    }
  });
});

/** Serves `dir` (an index.html loading `entry` as a module) and returns what the page logged. */
async function pageLogs(dir: string, entry: string): Promise<{ logs: string[]; problems: string[] }> {
  writeFileSync(join(dir, "index.html"), `<!doctype html><link rel="icon" href="data:,"><script type="module" src="./${entry}"></script>`);
  const server = await serveStatic(dir);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const logs: string[] = [];
    const problems: string[] = [];
    page.on("console", (m: { type(): string; text(): string }) => (m.type() === "log" ? logs.push(m.text()) : problems.push(m.text())));
    page.on("pageerror", (e: Error) => problems.push(e.message));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForSelector("body[data-status=done]", { state: "attached", timeout: 60_000 });
    return { logs, problems };
  } finally {
    await browser.close();
    server.close();
  }
}

describe.skipIf(!available)("browser builds of the other bundlers in Chromium", () => {
  const options = { root, cacheDir: join(work, "cache"), optimizeLevel: 0 };
  const main = join(app, "main.js");

  it("esbuild", async () => {
    const { build } = await import("esbuild");
    const dir = join(work, "esbuild-web");
    await build({ entryPoints: [main], bundle: true, format: "esm", platform: "browser", target: "es2022", outfile: join(dir, "main.js"), logLevel: "silent", plugins: [unplugin.esbuild(options)] });
    expect(await pageLogs(dir, "main.js")).toEqual({ logs: PAGE_LOGS, problems: [] });
  });

  it("Rollup", async () => {
    const { rollup } = await import("rollup");
    const dir = join(work, "rollup-web");
    const bundle = await rollup({ input: main, plugins: [unplugin.rollup(options)], onwarn: () => {} });
    await bundle.write({ dir, format: "es" });
    await bundle.close();
    expect(await pageLogs(dir, "main.js")).toEqual({ logs: PAGE_LOGS, problems: [] });
  });

  it("Rolldown", async () => {
    const { rolldown } = await import("rolldown");
    const dir = join(work, "rolldown-web");
    const bundle = await rolldown({ input: main, platform: "browser", plugins: [unplugin.rolldown(options)], logLevel: "silent" });
    await bundle.write({ dir, format: "esm", entryFileNames: "main.js" });
    await bundle.close();
    expect(await pageLogs(dir, "main.js")).toEqual({ logs: PAGE_LOGS, problems: [] });
  });

  it("webpack", async () => {
    const { default: webpack } = await import("webpack");
    const dir = join(work, "webpack-web");
    const stats = await new Promise<import("webpack").Stats>((resolve, reject) =>
      webpack({
        mode: "production", context: app, entry: "./main.js", target: "web", devtool: false,
        output: { path: dir, filename: "main.js", module: true },
        experiments: { outputModule: true },
        plugins: [unplugin.webpack(options)],
      }, (err, st) => (err ? reject(err) : resolve(st!))),
    );
    expect(stats.hasErrors(), stats.toString("errors-only")).toBe(false);
    expect(await pageLogs(dir, "main.js")).toEqual({ logs: PAGE_LOGS, problems: [] });
  });
});

describe.skipIf(!available)("Vite dev server in Chromium", () => {
  it("serves the app; a .py edit reloads the page, a compile error shows in the overlay, a fix recovers", async () => {
    const { createServer } = await import("vite");
    const copy = join(work, "dev-app");
    cpSync(app, copy, { recursive: true });
    const server = await createServer({
      root: copy,
      configFile: false,
      logLevel: "silent",
      server: { port: 0, host: "127.0.0.1" },
      plugins: [unplugin.vite({ cacheDir: join(work, "cache") })],
    });
    await server.listen();
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const logs: string[] = [];
      page.on("console", (m: { type(): string; text(): string }) => m.type() === "log" && logs.push(m.text()));
      // What devtools learn of each Wasm module: its source map (the dev server makes them).
      const cdp = await page.context().newCDPSession(page);
      const wasmMaps: string[] = [];
      cdp.on("Debugger.scriptParsed", (e: { scriptLanguage?: string; sourceMapURL?: string }) => {
        if (e.scriptLanguage === "WebAssembly" && e.sourceMapURL) wasmMaps.push(e.sourceMapURL);
      });
      await cdp.send("Debugger.enable");
      await page.goto(server.resolvedUrls!.local[0]!);
      await page.waitForSelector("body[data-status=done]", { state: "attached", timeout: 60_000 });
      expect(logs).toContain("version = 1.0 1.0");
      const mapped = wasmMaps.map((url) => (JSON.parse(Buffer.from(url.slice(url.indexOf(",") + 1), "base64").toString()) as { sources: string[] }).sources).flat();
      expect(mapped).toEqual(expect.arrayContaining(["text.py", "kernel.py", "textutil/clean.py"]));
      await cdp.detach();
      // The generated module cannot accept a hot update (its Wasm instance holds the module's
      // state), so Vite falls back to reloading the page.
      const textPy = join(copy, "text.py");
      writeFileSync(textPy, readFileSync(textPy, "utf8").replace('VERSION = "1.0"', 'VERSION = "2.0"'));
      await page.waitForFunction(() => document.body.dataset.status === undefined, null, { timeout: 30_000 }).catch(() => {});
      await page.waitForSelector("body[data-status=done]", { state: "attached", timeout: 60_000 });
      await expect.poll(() => logs.includes("version = 2.0 2.0"), { timeout: 30_000 }).toBe(true);

      // A syntax error shows in Vite's error overlay with the position and the frame...
      const good = readFileSync(textPy, "utf8");
      writeFileSync(textPy, good.replace("def first_char(s: str) -> str:", "def first_char(s: str) -> str"));
      const overlay = page.locator("vite-error-overlay");
      await overlay.waitFor({ state: "attached", timeout: 60_000 });
      const shown = await overlay.evaluate((el: Element) => el.shadowRoot!.textContent ?? "");
      expect(shown).toContain("text.py:9:");
      expect(shown).toContain("SyntaxError: expected ':'");
      expect(shown).toContain("9 | def first_char(s: str) -> str");
      // ...and the server keeps going: fixing the file brings the page back.
      writeFileSync(textPy, good.replace('VERSION = "2.0"', 'VERSION = "3.0"'));
      await expect.poll(() => logs.includes("version = 3.0 3.0"), { timeout: 60_000 }).toBe(true);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
