/**
 * Bundles fixtures/plugin/app (two .py modules imported by main.js) with each bundler through
 * the plugin, runs the output in Node and checks what it prints. One cache directory serves the
 * whole file: the first bundler compiles, the others must hit the cache.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unplugin, type MoltOptions } from "../../src/plugin/index.js";
import { packageRoot } from "../../src/runtime/host/runtime-wasm.js";
import { buildEmbedRuntime } from "./build-embed.js";
import { serializeProfile } from "../../src/compiler/profile/profile.js";

const root = packageRoot();
const app = join(root, "fixtures", "plugin", "app");
const work = mkdtempSync(join(tmpdir(), "molt-bundlers-"));
const options: MoltOptions = { root, cacheDir: join(work, "cache"), optimizeLevel: 0 };

const EXPECTED = [
  "kernel.py loaded",
  "fib(90) = 2880067194370816120",
  "mean = 2.1666666666666665",
  'freq = [["the",2],["cat",1],["hat",1]]',
  "version = 1.0 1.0",
  "caught PythonError IndexError: string index out of range",
  '  File "fixtures/plugin/app/text.py", line 10, in first_char |     return s[0]',
  "",
].join("\n");

beforeAll(() => buildEmbedRuntime());
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(file: string): string {
  return execFileSync(process.execPath, [file], { encoding: "utf8" });
}

/** kernel, text, textutil and textutil.clean, each compiled on its own, and the shared runtime. */
const CACHED = 5;
const cacheEntries = () => readdirSync(join(work, "cache")).filter((f) => f.endsWith(".wasm")).length;

describe("bundled fixture app runs in Node", () => {
  it("esbuild", async () => {
    const { build } = await import("esbuild");
    const outfile = join(work, "esbuild", "main.mjs");
    await build({ entryPoints: [join(app, "main.js")], bundle: true, format: "esm", platform: "node", outfile, logLevel: "silent", plugins: [unplugin.esbuild(options)] });
    expect(run(outfile)).toBe(EXPECTED);
    expect(cacheEntries()).toBe(CACHED);
  });

  it("Rollup", async () => {
    const { rollup } = await import("rollup");
    const bundle = await rollup({ input: join(app, "main.js"), plugins: [unplugin.rollup(options)], onwarn: () => {} });
    await bundle.write({ dir: join(work, "rollup"), format: "es" });
    await bundle.close();
    expect(run(join(work, "rollup", "main.js"))).toBe(EXPECTED);
    expect(cacheEntries()).toBe(CACHED);
  });

  it("Vite (build for Node)", async () => {
    const { build } = await import("vite");
    await build({
      root: app,
      configFile: false,
      logLevel: "silent",
      plugins: [unplugin.vite(options)],
      build: { ssr: join(app, "main.js"), outDir: join(work, "vite"), emptyOutDir: true, rollupOptions: { output: { format: "es", entryFileNames: "main.mjs" } } },
    });
    expect(run(join(work, "vite", "main.mjs"))).toBe(EXPECTED);
  });

  it("Rolldown", async () => {
    const { rolldown } = await import("rolldown");
    const bundle = await rolldown({ input: join(app, "main.js"), plugins: [unplugin.rolldown(options)], logLevel: "silent" });
    await bundle.write({ dir: join(work, "rolldown"), format: "esm", entryFileNames: "main.mjs" });
    await bundle.close();
    expect(run(join(work, "rolldown", "main.mjs"))).toBe(EXPECTED);
  });

  it("webpack", async () => {
    const { default: webpack } = await import("webpack");
    const stats = await new Promise<import("webpack").Stats>((resolve, reject) =>
      webpack({
        mode: "production",
        context: app,
        entry: "./main.js",
        target: "node20",
        devtool: false,
        output: { path: join(work, "webpack"), filename: "main.mjs", module: true, chunkFormat: "module" },
        experiments: { outputModule: true },
        optimization: { minimize: false },
        plugins: [unplugin.webpack(options)],
      }, (err, s) => (err ? reject(err) : resolve(s!))),
    );
    expect(stats.hasErrors(), stats.toString("errors-only")).toBe(false);
    expect(run(join(work, "webpack", "main.mjs"))).toBe(EXPECTED);
  });

  it("the stdio option routes print() from the first line of the module body", async () => {
    const { build } = await import("esbuild");
    const outfile = join(work, "esbuild-stdio", "main.mjs");
    const stdio = join(app, "tagged-io.js");
    await build({ entryPoints: [join(app, "main.js")], bundle: true, format: "esm", platform: "node", outfile, logLevel: "silent", plugins: [unplugin.esbuild({ ...options, stdio })] });
    expect(run(outfile)).toBe(EXPECTED.replace("kernel.py loaded", "[py] kernel.py loaded"));
  });

  it("every bundle holds the runtime once, and each Python module once", () => {
    for (const out of [join(work, "esbuild", "main.mjs"), join(work, "rollup", "main.js"), join(work, "rolldown", "main.mjs"), join(work, "webpack", "main.mjs")]) {
      const code = readFileSync(out, "utf8");
      // A message only the host runtime's loader contains.
      expect(code.split("is not Molt's shared runtime").length - 1, out).toBe(1);
      // Inlined Wasm (base64 of "\0asm"): the shared runtime, then kernel, text and the
      // textutil package's two modules, however many importers each has.
      expect(code.match(/\("AGFzbQ/g)?.length, out).toBe(5);
      expect(code.split(".link(\"").length - 1, out).toBe(4);
    }
  });
});

describe("the profile option", () => {
  it("specialises the modules it describes (a new cache entry for those only), and the app runs the same", async () => {
    const { rollup } = await import("rollup");
    // Says fib was called with floats, which is wrong: a profile only steers guards, so the output must not change.
    const profileFile = join(work, "app.profile.json");
    const kernel = relative(work, join(app, "kernel.py")).split(sep).join("/");
    writeFileSync(profileFile, serializeProfile({ format: "molt-profile", version: 1, modules: { [kernel]: { fib: { calls: 100, args: [[0, 100, 0]] } } } }));
    const before = cacheEntries();
    const bundle = await rollup({ input: join(app, "main.js"), plugins: [unplugin.rollup({ ...options, profile: profileFile })], onwarn: () => {} });
    await bundle.write({ dir: join(work, "rollup-profiled"), format: "es" });
    await bundle.close();
    expect(run(join(work, "rollup-profiled", "main.js"))).toBe(EXPECTED);
    expect(cacheEntries()).toBe(before + 1);
  });

  it("a profile that cannot be read fails the build, naming the file", async () => {
    const { rollup } = await import("rollup");
    const missing = join(work, "no-such.profile.json");
    const error = await rollup({ input: join(app, "main.js"), plugins: [unplugin.rollup({ ...options, profile: missing })], onwarn: () => {} }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain(`cannot read the profile ${missing}`);
  });
});

describe("compile errors become bundler errors with file, line and column", () => {
  it("Rollup reports id, loc and a code frame", async () => {
    const { rollup } = await import("rollup");
    const error = await rollup({ input: join(app, "bad-main.js"), plugins: [unplugin.rollup(options)], onwarn: () => {} }).then(
      () => null,
      (e: unknown) => e as { id?: string; loc?: { line: number; column: number }; frame?: string; message: string },
    );
    expect(error).not.toBeNull();
    expect(error!.id).toBe(join(app, "bad.py"));
    expect(error!.loc).toMatchObject({ line: 4, column: 11 });
    expect(error!.frame).toContain("4 | def broken(:");
    expect(error!.message).toContain("SyntaxError: invalid syntax");
  });

  it("esbuild reports the position in the message", async () => {
    const { build } = await import("esbuild");
    const result = await build({ entryPoints: [join(app, "bad-main.js")], bundle: true, write: false, format: "esm", platform: "node", logLevel: "silent", plugins: [unplugin.esbuild(options)] }).then(
      () => null,
      (e: { errors: { text: string }[] }) => e.errors.map((x) => x.text).join("\n"),
    );
    expect(result).toContain(`${join(app, "bad.py")}:4:12: SyntaxError: invalid syntax`);
  });
});
