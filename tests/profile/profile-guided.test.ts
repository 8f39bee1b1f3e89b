/**
 * Profile-guided specialisation: what `molt run --profile-out` records (exact counts, the same
 * bytes every run, whole-program and linked builds alike), what a build given the profile
 * guards for (asserted on printed IR), that its output is CPython's whatever the profile says,
 * and that the committed benchmark profiles are what recording them gives.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileProgram, loadProgram } from "../../src/compiler/compile.js";
import { Profile, mergeProfiles, parseProfile, serializeProfile, type ProfileData } from "../../src/compiler/profile/profile.js";
import { readRuntimeWasm } from "../../src/runtime/host/runtime-wasm.js";

const ROOT = join(import.meta.dirname, "..", "..");
const MOLT = join(ROOT, "bin", "molt.js");

const KERNEL = `
def scale(x, k):
    return x * k + 0.5


def count(n):
    s = 0
    i = 0
    while i < n:
        s += i
        i += 1
    return s


def mixed(a):
    return a + a


def unused(z):
    return z * 2


total = 0.0
for i in range(200):
    total += scale(i * 0.25, 1.5)
print(total, count(100))
print(mixed(1), mixed(2.5), mixed("ab"), mixed(3))
`;

function molt(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [MOLT, ...args], { cwd, encoding: "utf8" });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

async function irWith(source: string, file: string, profile: Profile | null): Promise<string> {
  const program = loadProgram(source, file);
  return (await compileProgram(program, readRuntimeWasm(), { optimizeLevel: 0, verify: true, profile })).irText;
}

/** The printed IR of one function. */
function functionIr(ir: string, name: string): string {
  const start = ir.indexOf(`func ${name}(`);
  expect(start).toBeGreaterThanOrEqual(0);
  return ir.slice(start, ir.indexOf("\n}\n", start));
}

let dir: string;
let cpython: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "molt-profile-"));
  writeFileSync(join(dir, "kernel.py"), KERNEL);
  cpython = spawnSync("python3", [join(dir, "kernel.py")], { encoding: "utf8" }).stdout;
});

describe("recording", () => {
  it("counts each function's calls and its arguments' kinds, the same every run, whole or linked", () => {
    const first = molt(["run", "--profile-out", "whole.json", "kernel.py"], dir);
    expect(first.stderr).toBe("");
    expect(first.stdout).toBe(cpython);
    const data = parseProfile(readFileSync(join(dir, "whole.json"), "utf8"), "whole.json");
    expect(data.modules["kernel.py"]).toEqual({
      "<module>": { calls: 1, args: [] },
      scale: { calls: 200, args: [[0, 200, 0], [0, 200, 0]] },
      count: { calls: 1, args: [[1, 0, 0]] },
      mixed: { calls: 4, args: [[2, 1, 1]] },
      unused: { calls: 0, args: [[0, 0, 0]] },
    });
    expect(molt(["run", "--linked", "--profile-out", "linked.json", "kernel.py"], dir).stdout).toBe(cpython);
    expect(readFileSync(join(dir, "linked.json"), "utf8")).toBe(readFileSync(join(dir, "whole.json"), "utf8"));
  });

  it("adds a run to the counts already in the file", () => {
    molt(["run", "--profile-out", "twice.json", "kernel.py"], dir);
    molt(["run", "--profile-out", "twice.json", "kernel.py"], dir);
    const twice = parseProfile(readFileSync(join(dir, "twice.json"), "utf8"), "twice.json");
    expect(twice.modules["kernel.py"]!.scale).toEqual({ calls: 400, args: [[0, 400, 0], [0, 400, 0]] });
  });

  it("serialises with sorted keys, and merges by summing", () => {
    const a: ProfileData = { format: "molt-profile", version: 1, modules: { "b.py": { g: { calls: 1, args: [[1, 0, 0]] } }, "a.py": { f: { calls: 2, args: [] } } } };
    const text = serializeProfile(mergeProfiles([a, a]));
    expect(text.indexOf('"a.py"')).toBeLessThan(text.indexOf('"b.py"'));
    expect(parseProfile(text, "x").modules["b.py"]!.g).toEqual({ calls: 2, args: [[2, 0, 0]] });
    expect(() => parseProfile('{"format": "other"}', "bad.json")).toThrow(/bad.json is not a Molt profile/);
  });
});

describe("replaying", () => {
  it("guards what the run passed: floats as floats, mixed not at all, never-called functions not copied", async () => {
    const file = join(dir, "kernel.py");
    const plain = await irWith(KERNEL, file, null);
    const guided = await irWith(KERNEL, file, new Profile(parseProfile(readFileSync(join(dir, "whole.json"), "utf8"), "p"), dir));
    // Without a profile, every numeric parameter is guessed a small int.
    expect(functionIr(plain, "scale")).toMatch(/is_small_int/);
    expect(functionIr(plain, "unused")).toMatch(/is_small_int/);
    expect(functionIr(plain, "mixed")).toMatch(/is_small_int/);
    // With it, scale's guards test for floats, and the copy computes on proven floats.
    const scale = functionIr(guided, "scale");
    expect(scale.match(/is_float/g)).toHaveLength(2);
    expect(scale).not.toMatch(/is_small_int/);
    expect(functionIr(guided, "count")).toMatch(/is_small_int/);
    expect(functionIr(guided, "mixed")).not.toMatch(/is_small_int|is_float/);
    expect(functionIr(guided, "unused")).not.toMatch(/is_small_int|is_float/);
  });

  it("runs as CPython does with the profile, and with a profile that is wrong about every call", () => {
    expect(molt(["run", "--profile", "whole.json", "kernel.py"], dir).stdout).toBe(cpython);
    expect(molt(["run", "--linked", "--profile", "whole.json", "kernel.py"], dir).stdout).toBe(cpython);
    // Claims floats where ints and strs come, and ints where floats come: only the guards fail.
    const wrong: ProfileData = {
      format: "molt-profile", version: 1, modules: {
        "kernel.py": {
          scale: { calls: 9, args: [[9, 0, 0], [9, 0, 0]] },
          mixed: { calls: 9, args: [[0, 9, 0]] },
          count: { calls: 9, args: [[0, 9, 0]] },
        },
      },
    };
    writeFileSync(join(dir, "wrong.json"), serializeProfile(wrong));
    expect(molt(["run", "--profile", "wrong.json", "kernel.py"], dir).stdout).toBe(cpython);
  });

  it("refuses a file that is not a profile, naming it", () => {
    writeFileSync(join(dir, "junk.json"), "[1, 2]");
    const r = molt(["run", "--profile", "junk.json", "kernel.py"], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/junk.json is not a Molt profile/);
  });
});

describe("the plugin's profile option", () => {
  it("keys the cache by what the profile says of the module, and changes its code", async () => {
    const { compileModule } = await import("../../src/plugin/compile-module.js");
    const cacheDir = join(dir, "cache");
    const profile = Profile.read(join(dir, "whole.json"));
    const options = { cacheDir, optimizeLevel: 0, fileLabel: (p: string) => p };
    const module = { name: "kernel", path: join(dir, "kernel.py") };
    const plain = await compileModule(module, options);
    const guided = await compileModule(module, { ...options, profile });
    expect(guided.cached).toBe(false);
    expect(Buffer.from(guided.wasm).equals(Buffer.from(plain.wasm))).toBe(false);
    expect((await compileModule(module, { ...options, profile })).cached).toBe(true);
    // A profile that says nothing of this module leaves it as it was built without one.
    const other = new Profile({ format: "molt-profile", version: 1, modules: { "elsewhere.py": {} } }, dir);
    expect((await compileModule(module, { ...options, profile: other })).cached).toBe(true);
  });
});

describe("the committed benchmark profiles", () => {
  it("are what recording the benchmark gives, and make escape() compute on floats", async () => {
    const program = join(ROOT, "bench", "programs", "bench_mandelbrot.py");
    const committed = join(ROOT, "bench", "profiles", "bench_mandelbrot.json");
    const out = join(dir, "profiles", "bench_mandelbrot.json");
    spawnSync("mkdir", ["-p", join(dir, "profiles")]);
    // Recorded next to a copy at the same relative place, so the keys match.
    spawnSync("mkdir", ["-p", join(dir, "programs")]);
    writeFileSync(join(dir, "programs", "bench_mandelbrot.py"), readFileSync(program));
    molt(["run", "--profile-out", out, join(dir, "programs", "bench_mandelbrot.py")], dir);
    expect(readFileSync(out, "utf8")).toBe(readFileSync(committed, "utf8"));
    const ir = await irWith(readFileSync(program, "utf8"), program, Profile.read(committed));
    const escape = functionIr(ir, "escape");
    expect(escape.match(/is_float/g)).toHaveLength(2);
    expect(escape.match(/is_small_int/g)).toHaveLength(1);
  });
});
