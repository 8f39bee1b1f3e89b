// Cost of passing numeric data between JS and Python (for docs/decisions/0010-zero-copy-buffers.md):
// fixtures/plugin/buffers.py at -O3, in Node. A million doubles, summed by a Python loop
// (total), passed as a view of Python memory (zero copy), as a JS Float64Array (copied in and
// back), and as a JS Array (converted to a list).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compilePy } from "../dist/plugin/index.js";
import { allocateBuffer, loadPythonModule, releaseView, reserveMemory } from "../dist/embed.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const path = join(root, "fixtures", "plugin", "buffers.py");
const { wasm } = await compilePy(readFileSync(path), "buffers.py", {
  path,
  cacheDir: join(root, "node_modules", ".cache", "molt"),
  optimizeLevel: 3,
});
const io = { stdout() {}, stderr() {} };
const mod = await loadPythonModule(wasm, { io });
// The copies below would grow the memory and detach `shared` (see the end).
reserveMemory(mod, 128 << 20);
const total = mod.get("total");
const describe = mod.get("describe");
const doubles = mod.get("doubles");
const asList = mod.get("as_list");

/** Best of 7 runs of f, in ms. */
function best(f) {
  f();
  let t = Infinity;
  for (let round = 0; round < 7; round++) {
    const t0 = performance.now();
    f();
    t = Math.min(t, performance.now() - t0);
  }
  return t;
}

const N = 1_000_000;
const shared = allocateBuffer(mod, Float64Array, N);
const plain = new Float64Array(N);
for (let i = 0; i < N; i++) shared[i] = plain[i] = i * 0.5;
const array = Array.from(plain);
const expected = (N * (N - 1)) / 4;
for (const x of [shared, plain, array]) if (total(x) !== expected) throw new Error("wrong sum");

const ms = (t) => `${t.toFixed(3)} ms`;
console.log(`N = ${N} doubles, Node ${process.versions.node}, best of 7`);
console.log(`total(view of Python memory, zero copy): ${ms(best(() => total(shared)))}`);
console.log(`total(JS Float64Array, copied in and back): ${ms(best(() => total(plain)))}`);
console.log(`total(JS Array, converted to a list): ${ms(best(() => total(array)))}`);
console.log(`describe(view), the crossing alone: ${ms(best(() => describe(shared)))}`);
console.log(`describe(JS Float64Array), copy in + copy back alone: ${ms(best(() => describe(plain)))}`);
console.log(`doubles(N) returned as a view: ${ms(best(() => releaseView(doubles(N))))}`);
console.log(`as_list(view) returned as a JS Array: ${ms(best(() => asList(shared)))}`);
console.log(`JS loop summing the view: ${ms(best(() => { let s = 0; for (let i = 0; i < N; i++) s += shared[i]; return s; }))}`);

// How often the memory grows (detaching every view) while JS allocates 64 x 1 MB buffers, in a
// fresh module, without and with reserveMemory.
for (const reserve of [0, 80 << 20]) {
  const fresh = await loadPythonModule(wasm, { io });
  reserveMemory(fresh, reserve);
  let detachments = 0;
  let current = allocateBuffer(fresh, Uint8Array, 1).buffer;
  for (let i = 0; i < 64; i++) {
    const view = allocateBuffer(fresh, Uint8Array, 1 << 20);
    if (current.byteLength === 0) detachments++;
    current = view.buffer;
  }
  console.log(`64 x 1 MB allocateBuffer, reserveMemory(${reserve >> 20} MB) first: the memory grew ${detachments} times`);
}
