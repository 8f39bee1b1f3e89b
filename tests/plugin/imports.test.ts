/**
 * A `.py` file the plugin compiles may import other Python modules: each is compiled on its
 * own and listed in the importer's closure (what must be linked before it is imported); the
 * importer's cache key covers them, so editing one recompiles its importers; an error in one
 * is reported at that module's file.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MoltCompileError, compileModule, compileSharedRuntime, type AppModule } from "../../src/plugin/compile-module.js";
import { PythonRuntime } from "../../src/runtime/host/app-runtime.js";
import { packageRoot } from "../../src/runtime/host/runtime-wasm.js";

const work = mkdtempSync(join(tmpdir(), "molt-imports-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
cpSync(join(packageRoot(), "fixtures", "plugin", "app"), join(work, "app"), { recursive: true });
const text = { name: "text", path: join(work, "app", "text.py") };
const clean = join(work, "app", "textutil", "clean.py");
const options = { cacheDir: join(work, "cache"), optimizeLevel: 0, fileLabel: (p: string) => relative(work, p) };
const quiet = { stdout: () => {}, stderr: () => {} };

/** A fresh runtime with the module and everything it imports linked, as the bundled glue does. */
async function load(module: AppModule) {
  const runtime = await PythonRuntime.start(await compileSharedRuntime(options.cacheDir), { io: quiet });
  const { names, closure } = await compileModule(module, options);
  for (const m of closure) await runtime.link((await compileModule(m, options)).wasm);
  return runtime.importModule(module.name, names);
}

async function wordFreq(): Promise<unknown> {
  return ((await load(text)).get("word_freq") as (s: string) => unknown)("Hi! hi...");
}

describe("Python imports inside a compiled module", () => {
  it("are compiled on their own, listed in the closure, and keyed into the importer's cache entry", async () => {
    const first = await compileModule(text, options);
    expect(first.closure.map((m) => [m.name, m.path]).sort()).toEqual([
      ["text", text.path], ["textutil", join(work, "app", "textutil", "__init__.py")], ["textutil.clean", clean],
    ]);
    expect(await wordFreq()).toEqual(new Map([["hi", 2]]));
    expect((await compileModule(text, options)).cached).toBe(true);
    writeFileSync(clean, readFileSync(clean, "utf8").replace('".,!?"', '","'));
    expect((await compileModule(text, options)).cached).toBe(false);
    expect(await wordFreq()).toEqual(new Map([["hi!", 1], ["hi...", 1]]));
  });

  it("share one module between importers, in one runtime", async () => {
    const runtime = await PythonRuntime.start(await compileSharedRuntime(options.cacheDir), { io: quiet });
    const a = { name: "a", path: join(work, "app", "a.py") };
    const b = { name: "b", path: join(work, "app", "b.py") };
    writeFileSync(join(work, "app", "counter.py"), "count = 0\nclass Box:\n    def __init__(self, v):\n        self.v = v\n");
    writeFileSync(a.path, "import counter\ndef make(v):\n    counter.count += 1\n    return counter.Box(v)\n");
    writeFileSync(b.path, "import counter\ndef unbox(box):\n    counter.count += 1\n    return (type(box) is counter.Box, box.v, counter.count)\n");
    const modules = await Promise.all([a, b].map((m) => compileModule(m, options)));
    const closure = new Map(modules.flatMap((m) => m.closure).map((m) => [m.path, m]));
    expect([...closure.values()].map((m) => m.name).sort()).toEqual(["a", "b", "counter"]);
    for (const m of closure.values()) await runtime.link((await compileModule(m, options)).wasm);
    const box = (runtime.importModule("a", modules[0]!.names).get("make") as (v: number) => unknown)(7);
    expect((runtime.importModule("b", modules[1]!.names).get("unbox") as (x: unknown) => unknown)(box)).toEqual([true, 7, 2]);
  });

  it("report a syntax error at the imported module's file", async () => {
    writeFileSync(clean, "def normalize_word(w):\n    return w.strip(\n");
    const error = await compileModule(text, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MoltCompileError);
    expect((error as MoltCompileError).file).toBe(join("app", "textutil", "clean.py"));
    expect((error as MoltCompileError).line).toBe(2);
  });
});
