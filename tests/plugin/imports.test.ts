/**
 * A `.py` file the plugin compiles may import other Python modules: they are linked into its
 * Wasm, reported for watching, and part of the cache key, so editing one recompiles its
 * importers; an error in one is reported at that module's file.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MoltCompileError, compilePy } from "../../src/plugin/compile-module.js";
import { PythonModule } from "../../src/runtime/host/embedding.js";
import { packageRoot } from "../../src/runtime/host/runtime-wasm.js";

const work = mkdtempSync(join(tmpdir(), "molt-imports-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
cpSync(join(packageRoot(), "fixtures", "plugin", "app"), join(work, "app"), { recursive: true });
const text = join(work, "app", "text.py");
const clean = join(work, "app", "textutil", "clean.py");
const options = {
  cacheDir: join(work, "cache"),
  optimizeLevel: 0,
  path: text,
  fileLabel: (p: string) => relative(work, p),
};

async function wordFreq(): Promise<unknown> {
  const { wasm } = await compilePy(readFileSync(text), "app/text.py", options);
  const mod = await PythonModule.load(wasm, { io: { stdout: () => {}, stderr: () => {} } });
  return (mod.get("word_freq") as (s: string) => unknown)("Hi! hi...");
}

describe("Python imports inside a compiled module", () => {
  it("are linked in, listed for watching, and keyed into the cache", async () => {
    const first = await compilePy(readFileSync(text), "app/text.py", options);
    expect(first.imported.sort()).toEqual([join(work, "app", "textutil", "__init__.py"), clean]);
    expect(await wordFreq()).toEqual(new Map([["hi", 2]]));
    expect((await compilePy(readFileSync(text), "app/text.py", options)).cached).toBe(true);
    writeFileSync(clean, readFileSync(clean, "utf8").replace('".,!?"', '","'));
    const edited = await compilePy(readFileSync(text), "app/text.py", options);
    expect(edited.cached).toBe(false);
    expect(await wordFreq()).toEqual(new Map([["hi!", 1], ["hi...", 1]]));
  });

  it("report a syntax error at the imported module's file", async () => {
    writeFileSync(clean, "def normalize_word(w):\n    return w.strip(\n");
    const error = await compilePy(readFileSync(text), "app/text.py", options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MoltCompileError);
    expect((error as MoltCompileError).file).toBe(join("app", "textutil", "clean.py"));
    expect((error as MoltCompileError).line).toBe(2);
  });
});
