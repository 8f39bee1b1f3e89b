#!/usr/bin/env node
// `molt run` executes Python code whose recursion (up to sys.getrecursionlimit(), which
// programs may raise) needs more native stack than Node's default of about 1 MB: run it with
// 4 MB, well inside the usual 8 MB thread stack.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const STACK = "--stack-size=4000";
if (process.argv[2] === "run" && !process.execArgv.some((a) => a.startsWith("--stack-size"))) {
  const r = spawnSync(process.execPath, [STACK, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(r.status ?? 1);
} else {
  await import("../dist/cli.js");
}
