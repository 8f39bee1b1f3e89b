// Cost of a call from JS into a compiled Python function, by argument kind (for
// docs/decisions/0005-plugin-loading.md and 0009-one-runtime-per-app.md): fixtures/plugin/embed.py
// at -O3, in Node, loaded as the bundler plugin loads it: linked into the shared runtime.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileModule, compileSharedRuntime } from "../dist/plugin/index.js";
import { startPythonRuntime } from "../dist/embed.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const options = { cacheDir: join(root, "node_modules", ".cache", "molt"), optimizeLevel: 3, fileLabel: (p) => p };
const runtime = await startPythonRuntime(await compileSharedRuntime(options.cacheDir), { io: { stdout() {}, stderr() {} } });
const { wasm, names } = await compileModule({ name: "embed", path: join(root, "fixtures", "plugin", "embed.py") }, options);
await runtime.link(wasm);
const mod = runtime.importModule("embed", names);
const echo = mod.get("echo");
const fib = mod.get("fib");

function perCall(n, f) {
  for (let i = 0; i < n / 10; i++) f();
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) f();
    best = Math.min(best, ((performance.now() - t0) / n) * 1e3);
  }
  return best;
}
const list = Array.from({ length: 10 }, (_, i) => i);
console.log(`echo(1): ${perCall(100_000, () => echo(1)).toFixed(2)} us per call (best of 5)`);
console.log(`echo("hello"): ${perCall(100_000, () => echo("hello")).toFixed(2)} us`);
console.log(`echo([0..9]): ${perCall(20_000, () => echo(list)).toFixed(2)} us`);
console.log(`echo({a: 1, b: [2]}): ${perCall(20_000, () => echo({ a: 1, b: [2] })).toFixed(2)} us`);
console.log(`fib(15) (1973 Python calls inside): ${perCall(1_000, () => fib(15)).toFixed(2)} us`);
