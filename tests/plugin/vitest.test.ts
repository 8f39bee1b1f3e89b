/**
 * An app's own Vitest suite importing .py modules with the plugin in its config, nothing else:
 * a nested Vitest run over fixtures/plugin/vitest-app.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { packageRoot } from "../../src/runtime/host/runtime-wasm.js";
import { buildEmbedRuntime } from "./build-embed.js";

const work = mkdtempSync(join(tmpdir(), "molt-vitest-"));
beforeAll(() => buildEmbedRuntime());
afterAll(() => rmSync(work, { recursive: true, force: true }));

it("a test file imports Python and passes", () => {
  const root = packageRoot();
  const out = execFileSync(
    process.execPath,
    [join(root, "node_modules", "vitest", "vitest.mjs"), "run", "--config", join(root, "fixtures", "plugin", "vitest-app", "vitest.config.js")],
    { cwd: join(root, "fixtures", "plugin", "vitest-app"), encoding: "utf8", env: { ...process.env, MOLT_TEST_CACHE: join(work, "cache"), NO_COLOR: "1" } },
  );
  expect(out).toMatch(/Tests\s+1 passed \(1\)/);
});
