/**
 * The differential suite: every program in fixtures/programs compiled and run by Molt, its
 * stdout, stderr and exit status compared with CPython 3.11's.
 *
 * fixtures/programs/passing.txt lists the programs Molt runs exactly; each must keep passing.
 * fixtures/programs/known-failures.txt lists, with the difference, the programs Molt compiles
 * but runs differently today: open bugs, kept visible. Every other program must be refused at
 * compile time. A program that starts passing must move to passing.txt (the lists are how the
 * README's conformance figures are counted).
 */
import { describe, expect, it } from "vitest";
import { expectedOf, judge, knownFailures, passingList, programPaths, runLinkedProgram, runProgram } from "./runner.js";

const passing = passingList();
const known = knownFailures();

/**
 * Defines the tests of every `of`-th program starting at `shard`: the suite is split over
 * several test files so Vitest runs them on every core (compiling ~450 programs is most of
 * `npm test`'s time).
 */
export function differentialTests(shard: number, of: number): void {
  const mine = <T>(items: readonly T[]) => items.filter((_, i) => i % of === shard);
  programTests(mine(programPaths()));
  const sample = mine([...passing].filter((_, i) => i % 30 === 0));
  optimisedSampleTests(sample);
  linkedSampleTests(sample.filter((path) => !expectedOf(path).molt_refuse && !path.includes("/compile_errors/")));
}

function programTests(paths: readonly string[]): void {
  describe("programs behave as under CPython 3.11", () => {
    for (const path of paths) {
      const name = path.replace("fixtures/programs/", "");
      it(name, async () => {
        const expected = expectedOf(path);
        const outcome = await runProgram(path);
        const verdict = judge(outcome, expected);
        if (passing.has(path) && expected.molt_refuse) {
          expect(verdict, `${name}: ${outcome.stderr}`).toBe("pass");
        } else if (passing.has(path)) {
          expect({ stdout: outcome.stdout, stderr: outcome.stderr, exit: outcome.exit, crash: outcome.crash }).toEqual({
            stdout: expected.stdout,
            stderr: outcome.stderr === expected.stderr_no_carets ? expected.stderr_no_carets : expected.stderr,
            exit: expected.exit,
            crash: undefined,
          });
          expect(verdict).toBe("pass");
        } else if (known.has(path)) {
          expect(verdict, `${name} passes now: move it to fixtures/programs/passing.txt`).not.toBe("pass");
        } else {
          expect(verdict, `${name}: ${verdict === "pass" ? "passes now: add it to fixtures/programs/passing.txt" : `${outcome.crash ?? outcome.stderr}`}`).toBe("refused");
        }
      }, 60_000);
    }
  });
}

function optimisedSampleTests(sample: readonly string[]): void {
  describe("programs behave the same when optimised (-O3), on a sample", () => {
    for (const path of sample) {
      it(path.replace("fixtures/programs/", ""), async () => {
        const expected = expectedOf(path);
        expect(judge(await runProgram(path, 3), expected)).toBe("pass");
      }, 120_000);
    }
  });
}

/**
 * The bundler plugin compiles each module on its own and links it into a shared runtime
 * (side-module-link.ts): another code generation mode, run here on the sample, unoptimised
 * and at -O3.
 */
function linkedSampleTests(sample: readonly string[]): void {
  describe("programs behave the same linked into a shared runtime, on a sample", () => {
    for (const path of sample) {
      for (const level of [0, 3]) {
        it(`${path.replace("fixtures/programs/", "")} (-O${level})`, async () => {
          const expected = expectedOf(path);
          const outcome = await runLinkedProgram(path, level);
          expect(judge(outcome, expected), `${outcome.crash ?? ""}${outcome.stderr}`).toBe("pass");
        }, 120_000);
      }
    }
  });
}
