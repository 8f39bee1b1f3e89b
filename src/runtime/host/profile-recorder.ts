/**
 * The host side of an instrumented build (src/compiler/codegen/profile-sites.ts): counts each
 * Python function's calls and the kind of each argument (small int, float, anything else) from
 * the NaN-boxed bits, and hands the totals over as a profile (src/compiler/profile).
 */
import { relative, sep } from "node:path";
import type { ProfileData } from "../../compiler/profile/profile.js";
import { PROFILE_SECTION } from "../../compiler/codegen/profile-sites.js";
import { TAG_INT, TAG_SHIFT } from "../../compiler/codegen/value-encoding.js";

interface Counts {
  file: string;
  fn: string;
  calls: number;
  args: number[][];
}

export class ProfileRecorder {
  private readonly counts = new Map<string, Counts>();

  /** The `molt_profile` imports for an instrumented module; none for another. */
  importsFor(module: WebAssembly.Module): WebAssembly.Imports {
    const section = WebAssembly.Module.customSections(module, PROFILE_SECTION)[0];
    if (section === undefined) return {};
    const { sites } = JSON.parse(new TextDecoder().decode(section)) as { sites: { file: string; function: string; params: number }[] };
    const table = sites.map((s) => {
      const key = `${s.file}\0${s.function}`;
      let c = this.counts.get(key);
      if (c === undefined || c.args.length !== s.params) {
        c = { file: s.file, fn: s.function, calls: 0, args: Array.from({ length: s.params }, () => [0, 0, 0]) };
        this.counts.set(key, c);
      }
      return c;
    });
    return {
      molt_profile: {
        enter: (site: number) => void table[site]!.calls++,
        arg: (site: number, index: number, value: bigint) => {
          const tag = BigInt.asUintN(64, value) >> TAG_SHIFT;
          table[site]!.args[index]![tag === TAG_INT ? 0 : tag < TAG_INT ? 1 : 2]!++;
        },
      },
    };
  }

  /** What was recorded, with files named relative to `baseDir` (the profile file's directory). */
  profile(baseDir: string): ProfileData {
    const modules: ProfileData["modules"] = {};
    for (const c of this.counts.values()) {
      const key = relative(baseDir, c.file).split(sep).join("/");
      (modules[key] ??= {})[c.fn] = { calls: c.calls, args: c.args.map((a) => [...a]) };
    }
    return { format: "molt-profile", version: 1, modules };
  }
}
