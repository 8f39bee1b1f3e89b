// Debian's Chromium driven by playwright-core (no browser download): what `npm run demo` and
// the browser tests launch.
import { existsSync } from "node:fs";

export const CHROMIUM = process.env.MOLT_CHROMIUM ?? "/usr/bin/chromium";

export const chromiumAvailable = () => existsSync(CHROMIUM);

export async function launchChromium() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Loads `url`, waits for the page to mark itself done, returns its text (and what went wrong, if anything). */
export async function pageText(browser, url, { timeout = 60_000 } = {}) {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console error: ${m.text()}`));
  await page.goto(url);
  try {
    await page.waitForSelector("body[data-status=done]", { state: "attached", timeout });
  } catch {
    problems.push("the page did not finish (body[data-status=done] never appeared)");
  }
  const text = await page.evaluate(() => document.getElementById("out")?.innerText ?? "");
  await page.close();
  return { text, problems };
}
