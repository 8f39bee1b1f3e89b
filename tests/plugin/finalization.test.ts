/**
 * Proxies dropped by JS give their Python references back through the FinalizationRegistry:
 * run in a child Node with --expose-gc, against the built runtime (dist/embed.js).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { packageRoot } from "../../src/runtime/host/runtime-wasm.js";
import { buildEmbedRuntime } from "./build-embed.js";
import { compileFixture } from "./compile-fixture.js";

const work = mkdtempSync(join(tmpdir(), "molt-gc-"));
beforeAll(() => buildEmbedRuntime());
afterAll(() => rmSync(work, { recursive: true, force: true }));

it("collected proxies release their handles; live ones keep working", async () => {
  writeFileSync(join(work, "embed.wasm"), await compileFixture("embed.py"));
  const script = join(work, "gc.mjs");
  writeFileSync(script, `
import { readFileSync } from "node:fs";
import { loadPythonModule } from ${JSON.stringify(join(packageRoot(), "dist", "embed.js"))};
const mod = await loadPythonModule(readFileSync(${JSON.stringify(join(work, "embed.wasm"))}), { io: { stdout() {}, stderr() {} } });
const makeAdder = mod.get("make_adder");
const base = mod.liveHandles;
const kept = makeAdder(100);
(() => { for (let i = 0; i < 1000; i++) makeAdder(i)(1); })();
const peak = mod.liveHandles;
for (let i = 0; i < 20 && mod.liveHandles > base + 1; i++) {
  globalThis.gc();
  await new Promise((r) => setTimeout(r, 10));
}
console.log(JSON.stringify({ base, peak, after: mod.liveHandles, kept: kept(1) }));
`);
  const out = JSON.parse(execFileSync(process.execPath, ["--expose-gc", script], { encoding: "utf8" })) as Record<string, number>;
  expect(out.peak).toBeGreaterThanOrEqual(out.base! + 500);
  expect(out.after).toBe(out.base! + 1);
  expect(out.kept).toBe(101);
});

it("collected typed-array views give their Python buffers back; a live one keeps its object", async () => {
  writeFileSync(join(work, "buffers.wasm"), await compileFixture("buffers.py"));
  const script = join(work, "gc-buffers.mjs");
  writeFileSync(script, `
import { readFileSync } from "node:fs";
import { loadPythonModule, refreshView } from ${JSON.stringify(join(packageRoot(), "dist", "embed.js"))};
const mod = await loadPythonModule(readFileSync(${JSON.stringify(join(work, "buffers.wasm"))}), { io: { stdout() {}, stderr() {} } });
const make = mod.get("make"), total = mod.get("total"), keep = mod.get("keep"), grow = mod.get("grow_kept"), forget = mod.get("forget");
const base = mod.liveHandles, heap = mod.heapBytes;
const kept = make("d", 1000);
(() => { for (let i = 0; i < 200; i++) make("d", 1000)[0]; })();
const peak = mod.liveHandles, peakHeap = mod.heapBytes;
for (let i = 0; i < 20 && mod.liveHandles > base + 1; i++) {
  globalThis.gc();
  await new Promise((r) => setTimeout(r, 10));
}
const after = mod.liveHandles, afterHeap = mod.heapBytes;
// The 200 arrays grew the Wasm memory, which detached the first view.
const live = refreshView(kept);
live[999] = 1;
// While the view lives its array cannot resize; once it is collected it can.
keep(live);
let refused = false;
try { grow(0); } catch (e) { refused = e.pythonType === "BufferError"; }
console.log(JSON.stringify({ base, peak, after, heapGrew: peakHeap - heap, heapLeft: afterHeap - heap, total: total(live), refused }));
`);
  const out = JSON.parse(execFileSync(process.execPath, ["--expose-gc", script], { encoding: "utf8" })) as Record<string, number | boolean>;
  expect(out.peak).toBeGreaterThanOrEqual((out.base as number) + 100);
  expect(out.heapGrew).toBeGreaterThan(100 * 8000);
  expect(out.after).toBe((out.base as number) + 1);
  // What is left is the one live view's array (8000 bytes of doubles) and a few small caches
  // the first calls made, not the 200 arrays of 8000 bytes the collected views held.
  expect(out.heapLeft).toBeGreaterThanOrEqual(8000);
  expect(out.heapLeft).toBeLessThan(16000);
  expect(out.total).toBe(999 * 1000 / 2 - 999 + 1);
  expect(out.refused).toBe(true);
});
