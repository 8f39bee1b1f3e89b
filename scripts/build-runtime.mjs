// Compiles the runtime core (src/runtime/core, AssemblyScript) to dist/runtime/molt-runtime.wasm.
//
//   node scripts/build-runtime.mjs [--out FILE] [--maximum-memory PAGES] [--debug]
//
// The runtime manages linear memory itself (src/runtime/core/alloc.ts), so AssemblyScript's
// own runtime is the `stub` variant and the runtime never allocates a managed object: no GC,
// no hidden allocations. `--maximum-memory` caps linear memory (64 KiB pages); the tests use it
// to build a small-memory variant that exercises MemoryError.
import asc from "assemblyscript/asc";
import { mkdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    out: { type: "string", default: join(root, "dist", "runtime", "molt-runtime.wasm") },
    "maximum-memory": { type: "string" },
    debug: { type: "boolean", default: false },
  },
});

mkdirSync(dirname(values.out), { recursive: true });
const args = [
  join(root, "src", "runtime", "core", "index.ts"),
  "--outFile", values.out,
  "--runtime", "stub",
  "--initialMemory", "4",
  // Every feature used is one Node 20 runs without flags (DESIGN.md).
  "--enable", "simd",
  "--disable", "gc",
  // -O3, not -O3s/-Oz: a shrink level makes AssemblyScript's stdlib pick its smaller Math.pow,
  // which is off by an ulp where CPython's (and -O3's table-driven one) is correctly rounded.
  ...(values.debug ? ["--debug"] : ["-O3", "--noAssert"]),
  ...(values["maximum-memory"] ? ["--maximumMemory", values["maximum-memory"]] : []),
];
const { error, stderr } = await asc.main(args, { stdout: process.stdout, stderr: process.stderr });
if (error) {
  console.error(`build-runtime: ${error.message}`);
  process.exit(1);
}
console.log(`build-runtime: ${values.out} (${statSync(values.out).size} bytes)`);
void stderr;
