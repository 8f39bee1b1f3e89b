/**
 * Instrumentation for profiles (src/compiler/profile): an instrumented module calls
 * `molt_profile.enter(site)` on entry to each Python function and `molt_profile.arg(site, i,
 * value)` for each of its arguments. The host (src/runtime/host/profile-recorder.ts) counts;
 * which function each site is travels in the module's PROFILE_SECTION as JSON
 * `{"sites": [{"file", "function", "params"}]}`.
 */
import type binaryen from "binaryen";
import type { Binaryen } from "./binaryen.js";
import type { IrFunction, IrModule } from "../ir/function.js";

export const PROFILE_SECTION = "molt.profile";
export const PROFILE_ENTER = "molt_profile:enter";
export const PROFILE_ARG = "molt_profile:arg";

export interface ProfileSite {
  file: string;
  function: string;
  params: number;
}

export class ProfileSites {
  private readonly sites: ProfileSite[] = [];
  private readonly index = new Map<IrFunction, number>();

  constructor(
    b: Binaryen,
    private readonly m: binaryen.Module,
  ) {
    m.addFunctionImport(PROFILE_ENTER, "molt_profile", "enter", b.i32, b.none);
    m.addFunctionImport(PROFILE_ARG, "molt_profile", "arg", b.createType([b.i32, b.i32, b.i64]), b.none);
  }

  site(ir: IrModule, f: IrFunction): number {
    let i = this.index.get(f);
    if (i === undefined) {
      i = this.sites.push({ file: ir.filename, function: f.name, params: f.entry.params.length - (f.hasClosure ? 1 : 0) }) - 1;
      this.index.set(f, i);
    }
    return i;
  }

  /** Writes the site table; call after every function is generated. */
  emitSection(): void {
    this.m.addCustomSection(PROFILE_SECTION, new TextEncoder().encode(JSON.stringify({ sites: this.sites })));
  }
}
