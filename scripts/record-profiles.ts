/**
 * Records bench/profiles/NAME.json for each program in bench/programs: one instrumented run
 * of each (`molt run --profile-out`). The programs build their inputs deterministically, so a
 * recording gives the same counts every time; the profiles are committed and every bench run
 * and test replays them.
 *
 *   npm run profile:record [-- --only NAME]
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const programsDir = join(root, "bench", "programs");
const profilesDir = join(root, "bench", "profiles");
const { values } = parseArgs({ options: { only: { type: "string" } } });

mkdirSync(profilesDir, { recursive: true });
for (const p of readdirSync(programsDir).filter((f) => f.endsWith(".py") && (!values.only || f.includes(values.only))).sort()) {
  const out = join(profilesDir, p.replace(/\.py$/, ".json"));
  rmSync(out, { force: true });
  execFileSync(process.execPath, [join(root, "bin", "molt.js"), "run", "--profile-out", out, join(programsDir, p)], { stdio: ["ignore", "ignore", "inherit"] });
  console.log(`recorded ${out.slice(root.length + 1)}`);
}
