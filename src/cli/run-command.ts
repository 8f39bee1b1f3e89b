/**
 * `molt run FILE.py [ARGS...]`: compiles FILE.py and runs it under Node with the stdout,
 * stderr and exit status `python3 FILE.py ARGS...` would give.
 *
 * Options before FILE: `--report-time` prints the seconds spent running the module body as the
 * last line of stderr, for the benchmark harness; `--linked` builds the program as the bundler
 * plugin builds an app (each module compiled on its own, linked into the shared runtime)
 * instead of linking it whole into the runtime. `--profile FILE` specialises the build by a
 * recorded profile; `--profile-out FILE` builds it instrumented and writes what the run saw
 * (src/compiler/profile), adding to the file's counts if it exists.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { MoltProgram } from "../runtime/host/instance.js";
import { PythonRuntime } from "../runtime/host/app-runtime.js";
import { MoltCompileError, compileModule, compileSharedRuntime } from "../plugin/compile-module.js";
import { DEFAULT_CACHE_DIR, compileFile, readProfileOption } from "./compile-file.js";
import { mergeProfiles, parseProfile, serializeProfile, type Profile } from "../compiler/profile/profile.js";
import { ProfileRecorder } from "../runtime/host/profile-recorder.js";

const io = { stdout: (s: string) => process.stdout.write(s), stderr: (s: string) => process.stderr.write(s) };

export async function runCommand(args: string[]): Promise<number> {
  // Options come before FILE; each value option takes the next word.
  let at = 0;
  while (at < args.length && args[at]!.startsWith("--")) at += VALUE_OPTIONS.has(args[at]!) ? 2 : 1;
  const { values } = parseArgs({
    args: args.slice(0, at),
    options: { "report-time": { type: "boolean" }, linked: { type: "boolean" }, profile: { type: "string" }, "profile-out": { type: "string" } },
  });
  const [file, ...rest] = args.slice(at);
  if (file === undefined) {
    process.stderr.write("usage: molt run [--report-time] [--linked] [--profile FILE] [--profile-out FILE] FILE.py [ARGS...]\n");
    return 2;
  }
  const profile = readProfileOption(values.profile);
  if (profile === undefined) return 2;
  const recorder = values["profile-out"] === undefined ? null : new ProfileRecorder();
  const build: Build = { profile, recorder };
  const run = values.linked ? await linked(file, build) : await whole(file, build);
  if (run === null) return 1;
  const start = performance.now();
  const status = run([file, ...rest]);
  if (values["report-time"]) process.stderr.write(`${((performance.now() - start) / 1000).toFixed(6)}\n`);
  if (recorder !== null) writeProfile(values["profile-out"]!, recorder);
  return status;
}

const VALUE_OPTIONS = new Set(["--profile", "--profile-out"]);

interface Build {
  profile: Profile | null;
  recorder: ProfileRecorder | null;
}

/** Adds the run's counts to the profile file (runs of several programs make one profile). */
function writeProfile(path: string, recorder: ProfileRecorder): void {
  const recorded = recorder.profile(dirname(resolve(path)));
  const earlier = existsSync(path) ? [parseProfile(readFileSync(path, "utf8"), path)] : [];
  writeFileSync(path, serializeProfile(mergeProfiles([...earlier, recorded])));
}

type Runner = (argv: string[]) => number;

async function whole(file: string, build: Build): Promise<Runner | null> {
  // Tracebacks and `__file__` name the script by its absolute path, as CPython 3.9+ does;
  // sys.argv[0] stays as given.
  const wasm = await compileFile(resolve(file), { profile: build.profile, instrument: build.recorder !== null });
  if (wasm === null) return null;
  const program = await MoltProgram.load(wasm, io, build.recorder ?? undefined);
  return (argv) => program.run(argv);
}

async function linked(file: string, build: Build): Promise<Runner | null> {
  const options = {
    cacheDir: DEFAULT_CACHE_DIR(), optimizeLevel: 3, fileLabel: (p: string) => p, profile: build.profile, instrument: build.recorder !== null,
  };
  try {
    const main = await compileModule({ name: "__main__", path: resolve(file) }, options);
    const modules = [main.wasm, ...await Promise.all(main.closure.slice(1).map(async (m) => (await compileModule(m, options)).wasm))];
    const runtime = await PythonRuntime.start(await compileSharedRuntime(options.cacheDir), { io, profile: build.recorder ?? undefined });
    for (const wasm of modules) await runtime.link(wasm);
    return (argv) => runtime.runMain(argv);
  } catch (e) {
    if (!(e instanceof MoltCompileError)) throw e;
    process.stderr.write(e.report);
    return null;
  }
}
