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
