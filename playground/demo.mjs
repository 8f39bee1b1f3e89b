// `npm run demo`: builds the playground with Vite and the Molt plugin, opens it in headless
// Chromium and prints what the page shows. Exit status 1 if the page failed.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import { build } from "vite";
import { serveStatic } from "./serve-static.mjs";
import { CHROMIUM, chromiumAvailable, launchChromium, pageText } from "./chromium.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");

if (!existsSync(join(root, "dist", "plugin", "vite.js")) || !existsSync(join(root, "dist", "embed.js"))) {
  execFileSync(process.execPath, [join(root, "scripts", "build.mjs")], { stdio: "inherit" });
}
if (!chromiumAvailable() && process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
  // A fresh Debian machine: install its Chromium (playwright-core downloads no browser).
  console.log("demo: installing Debian's chromium (apt-get)...");
  execFileSync("sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null"], { stdio: "inherit" });
}
if (!chromiumAvailable()) {
  console.error(`demo: no Chromium at ${CHROMIUM} (apt-get install chromium, or set MOLT_CHROMIUM)`);
  process.exit(1);
}

const t0 = performance.now();
await build({ root: here, configFile: join(here, "vite.config.ts"), logLevel: "warn" });
console.log(`built playground/dist in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const server = await serveStatic(join(here, "dist"));
const browser = await launchChromium();
try {
  const { text, problems } = await pageText(browser, `http://127.0.0.1:${server.address().port}/`);
  console.log(`--- the page (Chromium ${browser.version()}) ---`);
  console.log(text.trim());
  for (const p of problems) console.error(p);
  process.exitCode = problems.length === 0 ? 0 : 1;
} finally {
  await browser.close();
  server.close();
}
