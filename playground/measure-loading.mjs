// Measures the ways a compiled .py module can reach a running instance, for
// docs/decisions/0005-plugin-loading.md. Uses the shared runtime every app loads (the largest
// Wasm an app has; each Python module adds a small one):
//
//   inline-async   base64 in the JS module, decoded, WebAssembly.instantiate (what the plugin emits)
//   inline-sync    base64 in the JS module, decoded, new WebAssembly.Module + Instance
//   fetch-stream   a separate .wasm asset, WebAssembly.instantiateStreaming(fetch(url))
//
// Each variant is loaded cold in a fresh Chromium page RUNS times; the figure is the median time
// from navigation start to a ready instance. Also reports bytes on the wire (raw and gzip).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { compileSharedRuntime } from "../dist/plugin/index.js";
import { serveStatic } from "./serve-static.mjs";
import { launchChromium } from "./chromium.mjs";

export {};
const here = dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.RUNS ?? 15);
const wasm = await compileSharedRuntime(join(here, "node_modules", ".cache", "molt"));
const dir = mkdtempSync(join(tmpdir(), "molt-loading-"));
const b64 = Buffer.from(wasm).toString("base64");
writeFileSync(join(dir, "m.wasm"), wasm);

// Imports that do nothing: start-up calls none of them, and only instantiation is timed.
const stubImports = `const imports = {};
for (const { module, name } of WebAssembly.Module.imports(mod)) (imports[module] ??= {})[name] = () => 0;`;
const decode = `const bin = atob(B64); const bytes = new Uint8Array(bin.length); for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);`;
const variants = {
  "inline-async": `const B64 = ${JSON.stringify(b64)};\n${decode}\nconst mod = await WebAssembly.compile(bytes);\n${stubImports}\nawait WebAssembly.instantiate(mod, imports);`,
  "inline-sync": `const B64 = ${JSON.stringify(b64)};\n${decode}\nconst mod = new WebAssembly.Module(bytes);\n${stubImports}\nnew WebAssembly.Instance(mod, imports);`,
  "fetch-stream": `const mod = await WebAssembly.compileStreaming(fetch("./m.wasm"));\n${stubImports}\nawait WebAssembly.instantiate(mod, imports);`,
};
for (const [name, code] of Object.entries(variants)) {
  writeFileSync(join(dir, `${name}.js`), `${code}\nwindow.__ready = performance.now();\n`);
  writeFileSync(join(dir, `${name}.html`), `<!doctype html><link rel="icon" href="data:,"><script type="module" src="./${name}.js"></script>`);
}

const server = await serveStatic(dir);
const browser = await launchChromium();
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`shared runtime: ${wasm.length} bytes of Wasm (${gzipSync(wasm).length} gzip); as base64 in JS ${b64.length} (${gzipSync(b64).length} gzip)`);
try {
  for (const name of Object.keys(variants)) {
    const times = [];
    let failure = null;
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.on("pageerror", (e) => (failure = e.message));
      await page.goto(`http://127.0.0.1:${server.address().port}/${name}.html`);
      try {
        await page.waitForFunction(() => window.__ready !== undefined, null, { timeout: 20_000 });
        times.push(await page.evaluate(() => window.__ready));
      } catch {
        failure ??= "timed out";
      }
      await context.close();
      if (failure) break;
    }
    console.log(failure ? `${name}: fails in Chromium: ${failure}` : `${name}: median ${median(times).toFixed(1)} ms to a ready instance (min ${Math.min(...times).toFixed(1)}, ${RUNS} cold loads)`);
  }
} finally {
  await browser.close();
  server.close();
}

// Node: the inlined module as SSR and Vitest load it, against reading a file next to it.
const t = (f) => { const t0 = performance.now(); f(); return performance.now() - t0; };
const nodeTimes = { decode: [], compile: [] };
for (let i = 0; i < RUNS; i++) {
  let bytes;
  nodeTimes.decode.push(t(() => (bytes = Buffer.from(b64, "base64"))));
  nodeTimes.compile.push(t(() => new WebAssembly.Module(bytes)));
}
console.log(`Node ${process.version}: base64 decode median ${median(nodeTimes.decode).toFixed(2)} ms, compile median ${median(nodeTimes.compile).toFixed(1)} ms`);
