/**
 * The benchmark matrix: each program in bench/programs runs under CPython 3.11 and under Molt,
 * alternating, several rounds each, in one run. Outputs must be identical. Reports median
 * seconds inside the process (the work only: module body execution) and for the whole process
 * (start-up included), the CPython/Molt ratio for each, and their geometric means; writes
 * bench/results/latest.json. Molt runs each program twice over: linked whole into the runtime
 * (`molt run`), and as the bundler plugin builds an app, each module on its own linked into the
 * shared runtime (`molt run --linked`; inside-process time). Both replay the program's recorded
 * profile, bench/profiles/NAME.json (`npm run profile:record` records them); a third Molt run
 * without it shows what the profile is worth.
 *
 *   npm run bench [-- --rounds N] [-- --only NAME]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const programsDir = join(root, "bench", "programs");
const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" }, only: { type: "string" } } });
const rounds = Number(values.rounds);

/** Runs the module body under CPython and reports its own time on stderr's last line. */
const CPYTHON_TIMER = `
import runpy, sys, time
path = sys.argv[1]
sys.argv = [path]
start = time.perf_counter()
runpy.run_path(path, run_name="__main__")
sys.stdout.flush()
print(f"{time.perf_counter() - start:.6f}", file=sys.stderr)
`;

interface Sample {
  inside: number;
  whole: number;
  stdout: string;
}

function timed(command: string, args: string[]): Sample {
  const start = performance.now();
  const r = spawnSync(command, args, { encoding: "utf8", cwd: root, maxBuffer: 1 << 26 });
  const whole = (performance.now() - start) / 1000;
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
  const lines = r.stderr.trim().split("\n");
  return { inside: Number(lines.at(-1)), whole, stdout: r.stdout };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const geomean = (xs: number[]) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);

const programs = readdirSync(programsDir)
  .filter((f) => f.endsWith(".py") && (!values.only || f.includes(values.only)))
  .sort();

const molt = join(root, "bin", "molt.js");
const profileOf = (p: string) => {
  const file = join(root, "bench", "profiles", p.replace(/\.py$/, ".json"));
  return existsSync(file) ? ["--profile", file] : [];
};

// Compile each program once up front (cached), so whole-process times measure a warm build.
for (const p of programs) {
  for (const profile of [profileOf(p), []]) execFileSync(process.execPath, [molt, "build", ...profile, join(programsDir, p), "-o", join(root, ".cache", "bench", p)]);
}

const rows: {
  name: string; cpython: { inside: number; whole: number }; molt: { inside: number; whole: number }; linked: { inside: number }; unprofiled: { inside: number };
}[] = [];
for (const p of programs) {
  const file = join(programsDir, p);
  const profile = profileOf(p);
  const py: Sample[] = [];
  const whole: Sample[] = [];
  const linked: Sample[] = [];
  const unprofiled: Sample[] = [];
  for (let i = 0; i < rounds; i++) {
    py.push(timed("python3", ["-c", CPYTHON_TIMER, file]));
    whole.push(timed(process.execPath, [molt, "run", "--report-time", ...profile, file]));
    linked.push(timed(process.execPath, [molt, "run", "--report-time", "--linked", ...profile, file]));
    unprofiled.push(timed(process.execPath, [molt, "run", "--report-time", file]));
  }
  for (const s of [...py, ...whole, ...linked, ...unprofiled]) {
    if (s.stdout !== py[0]!.stdout) throw new Error(`${p}: outputs differ:\nCPython: ${py[0]!.stdout}\nMolt: ${s.stdout}`);
  }
  rows.push({
    name: p.replace(/\.py$/, ""),
    cpython: { inside: median(py.map((s) => s.inside)), whole: median(py.map((s) => s.whole)) },
    molt: { inside: median(whole.map((s) => s.inside)), whole: median(whole.map((s) => s.whole)) },
    linked: { inside: median(linked.map((s) => s.inside)) },
    unprofiled: { inside: median(unprofiled.map((s) => s.inside)) },
  });
}

const pad = (s: string, n: number) => s.padEnd(n);
const num = (x: number) => x.toFixed(3).padStart(8);
const ratio = (x: number) => `${x.toFixed(2)}x`.padStart(8);
console.log(`${pad("benchmark", 26)}   inside: cpython     molt    ratio   linked    ratio  no prof    ratio   whole: cpython     molt    ratio`);
for (const r of rows) {
  console.log(
    `${pad(r.name, 26)}          ${num(r.cpython.inside)} ${num(r.molt.inside)} ${ratio(r.cpython.inside / r.molt.inside)}` +
      ` ${num(r.linked.inside)} ${ratio(r.cpython.inside / r.linked.inside)}` +
      ` ${num(r.unprofiled.inside)} ${ratio(r.cpython.inside / r.unprofiled.inside)}` +
      `          ${num(r.cpython.whole)} ${num(r.molt.whole)} ${ratio(r.cpython.whole / r.molt.whole)}`,
  );
}
const gInside = geomean(rows.map((r) => r.cpython.inside / r.molt.inside));
const gLinked = geomean(rows.map((r) => r.cpython.inside / r.linked.inside));
const gUnprofiled = geomean(rows.map((r) => r.cpython.inside / r.unprofiled.inside));
const gWhole = geomean(rows.map((r) => r.cpython.whole / r.molt.whole));
console.log(
  `${pad("geometric mean", 26)}                            ${ratio(gInside)}          ${ratio(gLinked)}          ${ratio(gUnprofiled)}` +
    `                            ${ratio(gWhole)}`,
);
mkdirSync(join(root, "bench", "results"), { recursive: true });
writeFileSync(
  join(root, "bench", "results", "latest.json"),
  JSON.stringify({ rounds, rows, geomean: { inside: gInside, linked: gLinked, unprofiled: gUnprofiled, whole: gWhole } }, null, 2) + "\n",
);
