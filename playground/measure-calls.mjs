// Cost of a call from JS into a compiled Python function, by argument kind (for
// docs/decisions/0005-plugin-loading.md): fixtures/plugin/embed.py at -O3, in Node.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compilePy } from "../dist/plugin/index.js";
import { loadPythonModule } from "../dist/embed.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { wasm } = await compilePy(readFileSync(join(root, "fixtures", "plugin", "embed.py")), "embed.py", {
  cacheDir: join(root, "node_modules", ".cache", "molt"),
  optimizeLevel: 3,
});
const mod = await loadPythonModule(wasm, { io: { stdout() {}, stderr() {} } });
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
