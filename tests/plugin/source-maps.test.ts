/**
 * Source maps from a module's Wasm back to its `.py` lines: the map rides in the module's
 * `sourceMappingURL` section as a data URL with the source in it, and every position it maps
 * inside a function's code is a line of that function's body, at -O0 and after binaryen -O3.
 * (browser.test.ts checks that Chromium's devtools see the map of a served module.)
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileModule } from "../../src/plugin/compile-module.js";
import { customSection } from "../../src/plugin/wasm-sections.js";
import { packageRoot } from "../../src/runtime/host/runtime-wasm.js";

const work = mkdtempSync(join(tmpdir(), "molt-maps-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const kernel = { name: "kernel", path: join(packageRoot(), "fixtures", "plugin", "app", "kernel.py") };
const fileLabel = (p: string) => relative(packageRoot(), p);

interface SourceMap { version: number; sources: string[]; sourcesContent: string[]; mappings: string }

/** Reads a LEB128 at `pos`: [value, next position]. */
function leb(bytes: Uint8Array, pos: number): [number, number] {
  let result = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = bytes[pos++]!;
    result += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [result, pos];
  }
}

/** Each defined function's name and byte range of its body in the module. */
function functionBodies(wasm: Uint8Array<ArrayBuffer>): { name: string; start: number; end: number }[] {
  const names = new Map<number, string>();
  const section = customSection(wasm, "name")!;
  for (let pos = 0; pos < section.length;) {
    const id = section[pos++]!;
    let size: number;
    [size, pos] = leb(section, pos);
    const end = pos + size;
    if (id === 1) {
      let count: number, p = pos;
      [count, p] = leb(section, p);
      for (let i = 0; i < count; i++) {
        let index: number, len: number;
        [index, p] = leb(section, p);
        [len, p] = leb(section, p);
        names.set(index, new TextDecoder().decode(section.subarray(p, p + len)));
        p += len;
      }
    }
    pos = end;
  }
  const imported = WebAssembly.Module.imports(new WebAssembly.Module(wasm)).filter((i) => i.kind === "function").length;
  const bodies: { name: string; start: number; end: number }[] = [];
  for (let pos = 8; pos < wasm.length;) {
    const id = wasm[pos++]!;
    let size: number;
    [size, pos] = leb(wasm, pos);
    if (id === 10) {
      let count: number, p = pos;
      [count, p] = leb(wasm, p);
      for (let i = 0; i < count; i++) {
        let len: number;
        [len, p] = leb(wasm, p);
        bodies.push({ name: names.get(imported + i) ?? `#${imported + i}`, start: p, end: p + len });
        p += len;
      }
    }
    pos += size;
  }
  return bodies;
}

/** The (module byte offset, 1-based source line) pairs of a map's mappings. */
function decodeMappings(mappings: string): [number, number][] {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const out: [number, number][] = [];
  const state = [0, 0, 0, 0];
  for (const segment of mappings.split(",")) {
    if (segment === "") continue;
    const fields: number[] = [];
    let value = 0, shift = 0;
    for (const ch of segment) {
      const digit = alphabet.indexOf(ch);
      value += (digit & 31) << shift;
      if (digit & 32) shift += 5;
      else {
        fields.push(value & 1 ? -(value >> 1) : value >> 1);
        value = 0;
        shift = 0;
      }
    }
    fields.forEach((f, i) => (state[i] = state[i]! + f));
    if (fields.length >= 4) out.push([state[0]!, state[2]! + 1]);
  }
  return out;
}

describe("Wasm source maps", () => {
  for (const optimizeLevel of [0, 3]) {
    it(`map each function's code to its own .py lines (-O${optimizeLevel})`, async () => {
      const { wasm } = await compileModule(kernel, { cacheDir: join(work, "cache"), optimizeLevel, sourceMap: true, fileLabel });
      const url = new TextDecoder().decode(customSection(wasm, "sourceMappingURL")!).replace(/^[^d]*/, "");
      expect(url).toMatch(/^data:application\/json;base64,/);
      const map = JSON.parse(Buffer.from(url.slice(url.indexOf(",") + 1), "base64").toString()) as SourceMap;
      expect(map.sources).toEqual(["fixtures/plugin/app/kernel.py"]);
      expect(map.sourcesContent).toEqual([readFileSync(kernel.path, "utf8")]);
      const mapped = decodeMappings(map.mappings);
      // The function and its generic entry, into which -O3 may inline it.
      const linesIn = (name: string) => {
        const bodies = functionBodies(wasm).filter((f) => f.name === name || f.name === `${name}$entry`);
        expect(bodies.length).toBeGreaterThan(0);
        return new Set(mapped.filter(([offset]) => bodies.some((b) => offset >= b.start && offset < b.end)).map(([, line]) => line));
      };
      // fib's body is lines 3-6; its loop's lines must be there whatever the optimiser did.
      const fib = linesIn("py:kernel:fib");
      expect([...fib].every((l) => l >= 2 && l <= 6), [...fib].join()).toBe(true);
      expect(fib.has(5)).toBe(true);
      const mean = linesIn("py:kernel:mean");
      expect([...mean]).toEqual([9]);
    });
  }

  it("are left out unless asked for", async () => {
    const { wasm } = await compileModule(kernel, { cacheDir: join(work, "cache"), optimizeLevel: 0, fileLabel });
    expect(customSection(wasm, "sourceMappingURL")).toBeNull();
  });
});
