/**
 * Runs every differential test program (fixtures/programs) and prints the verdicts:
 *
 *   npm run check:programs               summary, then every program that fails
 *   npm run check:programs -- --update   also rewrite fixtures/programs/passing.txt and
 *                                        known-failures.txt (programs that run, but differently)
 *   npm run check:programs -- PATH...    only these programs, with their output
 */
import { writeFileSync } from "node:fs";
import {
  KNOWN_FAILURES, PASSING_LIST, difference, expectedOf, judge, programPaths, runProgram, type Verdict,
} from "../tests/programs/runner.js";

const args = process.argv.slice(2);
const update = args.includes("--update");
const only = args.filter((a) => !a.startsWith("--"));
const paths = only.length > 0 ? only : programPaths();
const verdicts = new Map<string, Verdict>();
const differences = new Map<string, string>();
for (const path of paths) {
  const outcome = await runProgram(path);
  const verdict = judge(outcome, expectedOf(path));
  verdicts.set(path, verdict);
  if (verdict === "fail") differences.set(path, difference(outcome, expectedOf(path)));
  if (only.length > 0 || verdict === "fail") {
    process.stdout.write(`${verdict.toUpperCase()} ${path}\n`);
    if (only.length > 0 || outcome.crash) {
      process.stdout.write(`  exit ${outcome.exit}\n  stdout: ${JSON.stringify(outcome.stdout.slice(0, 500))}\n  stderr: ${JSON.stringify(outcome.stderr.slice(0, 1500))}\n`);
      if (outcome.crash) process.stdout.write(`  crash: ${outcome.crash.slice(0, 1500)}\n`);
    }
  }
}
const count = (v: Verdict) => [...verdicts.values()].filter((x) => x === v).length;
process.stdout.write(`${count("pass")}/${paths.length} pass, ${count("refused")} refused at compile time, ${count("fail")} fail\n`);
if (update) {
  const passing = [...verdicts].filter(([, v]) => v === "pass").map(([p]) => p);
  writeFileSync(PASSING_LIST, `# Programs Molt runs exactly as CPython 3.11 (npm run check:programs -- --update).\n${passing.join("\n")}\n`);
  const failing = [...differences].map(([p, d]) => `${p}\t${d}`);
  writeFileSync(
    KNOWN_FAILURES,
    "# Programs Molt compiles but runs differently from CPython 3.11 today, with the first difference\n" +
      "# (npm run check:programs -- --update). Each is a bug to fix; none may be added silently.\n" +
      failing.join("\n") + (failing.length > 0 ? "\n" : ""),
  );
}
