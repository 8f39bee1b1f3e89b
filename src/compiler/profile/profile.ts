/**
 * Profiles: what a recorded run saw of each Python function (how often it was called, and
 * what each argument was), written by `molt run --profile-out` and read back by builds given
 * `--profile` (or the plugin's `profile` option) to choose entry specialisations.
 *
 * A profile only steers what the compiler guards for (passes/specialize-entry.ts): every
 * specialised entry keeps its guards and its generic body, so a stale or foreign profile can
 * make code slower, never wrong. Modules are keyed by their path relative to the profile
 * file, functions by their IR name, so a profile committed next to the code it describes
 * replays the same on every machine.
 */
import { readFileSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";

/** Argument kinds a profile counts, in this order. */
export const ARG_KINDS = ["int", "float", "other"] as const;

export interface FunctionProfile {
  calls: number;
  /** Per parameter, how many calls passed a small int, a float, anything else. */
  args: number[][];
}

export type ModuleProfile = ReadonlyMap<string, FunctionProfile>;

export interface ProfileData {
  format: "molt-profile";
  version: 1;
  /** Module path (relative to the profile file, `/`-separated) to function name to counts. */
  modules: Record<string, Record<string, FunctionProfile>>;
}

export class ProfileError extends Error {}

export class Profile {
  private readonly byKey: Map<string, ModuleProfile>;

  constructor(
    readonly data: ProfileData,
    /** The directory module paths are relative to: the profile file's. */
    readonly baseDir: string,
  ) {
    this.byKey = new Map(Object.entries(data.modules).map(([k, fns]) => [k, new Map(Object.entries(fns))]));
  }

  static read(path: string): Profile {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      throw new ProfileError(`cannot read the profile ${path}: ${(e as Error).message}`);
    }
    return new Profile(parseProfile(text, path), dirname(resolve(path)));
  }

  keyOf(file: string): string {
    return relative(this.baseDir, resolve(file)).split(sep).join("/");
  }

  forFile(file: string): ModuleProfile | null {
    return this.byKey.get(this.keyOf(file)) ?? null;
  }

  /** What the profile says of one module, as stable text: part of that module's cache key. */
  fingerprint(file: string): string {
    const fns = this.data.modules[this.keyOf(file)];
    return fns === undefined ? "" : serializeProfile({ format: "molt-profile", version: 1, modules: { m: fns } });
  }
}

export function parseProfile(text: string, path: string): ProfileData {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ProfileError(`${path} is not a profile: ${(e as Error).message}`);
  }
  const d = data as Partial<ProfileData>;
  if (d?.format !== "molt-profile" || d.version !== 1 || typeof d.modules !== "object" || d.modules === null) {
    throw new ProfileError(`${path} is not a Molt profile (version 1); record one with molt run --profile-out`);
  }
  for (const [mod, fns] of Object.entries(d.modules)) {
    for (const [name, fp] of Object.entries(fns)) {
      const ok = Number.isInteger(fp?.calls) && Array.isArray(fp.args) &&
        fp.args.every((a) => Array.isArray(a) && a.length === ARG_KINDS.length && a.every(Number.isInteger));
      if (!ok) throw new ProfileError(`${path}: the entry for ${name} in ${mod} is malformed`);
    }
  }
  return d as ProfileData;
}

/** JSON with sorted keys, one function per line: the same counts always give the same bytes. */
export function serializeProfile(data: ProfileData): string {
  const lines = ['{"format": "molt-profile", "version": 1, "modules": {'];
  const mods = Object.keys(data.modules).sort();
  mods.forEach((mod, i) => {
    lines.push(`  ${JSON.stringify(mod)}: {`);
    const fns = Object.keys(data.modules[mod]!).sort();
    fns.forEach((fn, j) => {
      const fp = data.modules[mod]![fn]!;
      lines.push(`    ${JSON.stringify(fn)}: {"calls": ${fp.calls}, "args": ${JSON.stringify(fp.args)}}${j < fns.length - 1 ? "," : ""}`);
    });
    lines.push(`  }${i < mods.length - 1 ? "," : ""}`);
  });
  lines.push("}}");
  return lines.join("\n") + "\n";
}

/** Sums profiles of several runs (of the same or different programs). */
export function mergeProfiles(profiles: readonly ProfileData[]): ProfileData {
  const modules: ProfileData["modules"] = {};
  for (const p of profiles) {
    for (const [mod, fns] of Object.entries(p.modules)) {
      const into = (modules[mod] ??= {});
      for (const [name, fp] of Object.entries(fns)) {
        const have = into[name];
        if (have === undefined || have.args.length !== fp.args.length) {
          into[name] = { calls: fp.calls, args: fp.args.map((a) => [...a]) };
          continue;
        }
        have.calls += fp.calls;
        fp.args.forEach((a, i) => a.forEach((n, k) => (have.args[i]![k]! += n)));
      }
    }
  }
  return { format: "molt-profile", version: 1, modules };
}
