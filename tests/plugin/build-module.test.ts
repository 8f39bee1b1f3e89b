/**
 * `molt build FILE.py -o DIR --module`: an ES module exporting the Python module's names, usable
 * from Node with no bundler.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildCommand } from "../../src/cli/build-command.js";
import { buildEmbedRuntime } from "./build-embed.js";
import { fixturePath } from "./compile-fixture.js";

const work = mkdtempSync(join(tmpdir(), "molt-build-module-"));
beforeAll(() => buildEmbedRuntime());
afterAll(() => rmSync(work, { recursive: true, force: true }));

it("exports the module's functions and values to Node", async () => {
  const out = join(work, "out");
  expect(await buildCommand([fixturePath("app/kernel.py"), "-o", out, "--module"])).toBe(0);
  const script = join(work, "use.mjs");
  writeFileSync(script, `import k, { fib, mean } from ${JSON.stringify(join(out, "kernel.mjs"))};\nconsole.log(fib(50), mean([1, 2]), typeof k.fib);\n`);
  expect(execFileSync(process.execPath, [script], { encoding: "utf8" })).toBe("kernel.py loaded\n12586269025 1.5 function\n");
});
