/**
 * Compiles one `.py` module for the bundler, on its own, to link into the app's shared runtime
 * (docs/decisions/0009-one-runtime-per-app.md), through the disk cache: the key is a sha256
 * of the sources of the module and of every module it may import, the file names tracebacks
 * will show, how its imports resolved, the compiler's version, the options and the runtime
 * (src/compiler/cache.ts), so an unchanged module is never recompiled, across builds and
 * processes. A compile error becomes a MoltCompileError with the position and a code frame,
 * which the plugin hands to the bundler.
 */
import { readFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { DiskCache, cacheKey } from "../compiler/cache.js";
import { compileSideModule, loadProgram } from "../compiler/compile.js";
import { stdlibDir } from "../compiler/modules/program.js";
import { EXPORTS_SECTION } from "../compiler/codegen/module-codegen.js";
import { buildSharedRuntime } from "../compiler/codegen/shared-runtime.js";
import { PySyntaxError, formatSyntaxError } from "../compiler/syntax/errors.js";
import { decodeSource } from "../compiler/syntax/source.js";
import { readRuntimeWasm } from "../runtime/host/runtime-wasm.js";
import { compilerVersion } from "./compiler-version.js";
import type { Profile } from "../compiler/profile/profile.js";
import { customSection } from "./wasm-sections.js";

export class MoltCompileError extends Error {
  constructor(
    message: string,
    readonly file: string,
    /** 1-based; 0 when the error is about the file as a whole. */
    readonly line: number,
    /** 0-based, in characters. */
    readonly column: number,
    /** The offending line with a caret under the position. */
    readonly frame: string,
    /** What `python3 FILE` would print. */
    readonly report: string,
  ) {
    super(message);
    this.name = "MoltCompileError";
  }
}

/** A module of the app, as the bundler links it: its file and its Python name. */
export interface AppModule {
  name: string;
  path: string;
}

export interface CompiledModule {
  /** The module compiled on its own, to link into the app's shared runtime. */
  wasm: Uint8Array<ArrayBuffer>;
  /** Public top-level names, in source order. */
  names: string[];
  /** The module and every module its imports may reach (with code): what must be linked before it is imported. */
  closure: AppModule[];
  /** Whether the cache answered. */
  cached: boolean;
}

export interface CompileOptions {
  cacheDir: string;
  optimizeLevel: number;
  /** Map the Wasm back to `.py` lines (side-module-link.ts). */
  sourceMap?: boolean;
  /** Verify the IR between passes and codegen's trees (tests do). */
  verify?: boolean;
  /** Names tracebacks give modules' files. */
  fileLabel: (path: string) => string;
  /** A recorded profile to specialise by (src/compiler/profile). */
  profile?: Profile | null;
  /** Build modules that record a profile when run. */
  instrument?: boolean;
}

/**
 * Compiles the module `name` at `path` to link into an app's shared runtime. Its imports are
 * searched for from the directory its name is rooted at (a package's parent for `pkg.mod`),
 * as `sys.path[0]` would be for a program importing it, then in Molt's standard library.
 */
export async function compileModule(module: AppModule, options: CompileOptions): Promise<CompiledModule> {
  const source = new Uint8Array(readFileSync(module.path));
  const file = options.fileLabel(module.path);
  try {
    const searchPath = [...new Set([importRoot(module), stdlibDir()])];
    const program = loadProgram(source, file, { moduleName: module.name, searchPath, fileLabel: options.fileLabel });
    // The main module's SourceModule knows it by its label; the others by where they are.
    const closure = [module, ...program.sources.slice(1).map((m) => ({ name: m.name, path: m.path }))];
    const compileOptions = { optimizeLevel: options.optimizeLevel, sourceMap: options.sourceMap ?? false, instrument: options.instrument ?? false };
    // Only what the profile says of this module can change its code.
    const profiled = options.profile?.fingerprint(module.path) ?? "";
    const key = cacheKey({
      modules: program.sources, resolution: program.resolution, compilerVersion: compilerVersion(),
      options: { ...compileOptions, linked: true, profile: profiled }, runtime: readRuntimeWasm(),
    });
    const cache = new DiskCache(options.cacheDir);
    const hit = cache.get(key);
    if (hit) return { wasm: hit, names: exportNames(hit), closure, cached: true };
    const { wasm, names } = await compileSideModule(program, {
      ...compileOptions, verify: options.verify ?? false, profile: options.profile ?? null, mainPath: module.path,
    });
    cache.set(key, wasm);
    return { wasm, names, closure, cached: false };
  } catch (e) {
    if (e instanceof PySyntaxError) throw compileError(e, source, file);
    throw e;
  }
}

/** The directory `import module.name` finds the module's file from. */
function importRoot(module: AppModule): string {
  let dir = dirname(module.path);
  if (basename(module.path) === "__init__.py") dir = dirname(dir);
  for (let dots = module.name.split(".").length - 1; dots > 0; dots--) dir = dirname(dir);
  return dir;
}

/**
 * The runtime every module of an app links into (src/compiler/codegen/shared-runtime.ts),
 * cached like the modules: it is the same for every app of a Molt build.
 */
export async function compileSharedRuntime(cacheDir: string): Promise<Uint8Array<ArrayBuffer>> {
  const runtime = readRuntimeWasm();
  const key = cacheKey({ modules: [], compilerVersion: compilerVersion(), options: { sharedRuntime: true }, runtime });
  const cache = new DiskCache(cacheDir);
  const hit = cache.get(key);
  if (hit) return hit;
  const wasm = await buildSharedRuntime(runtime);
  cache.set(key, wasm);
  return wasm;
}

function exportNames(wasm: Uint8Array): string[] {
  const section = customSection(wasm, EXPORTS_SECTION);
  if (section === null) throw new Error(`unplugin-molt: compiled module has no ${EXPORTS_SECTION} section`);
  return (JSON.parse(new TextDecoder().decode(section)) as { names: string[] }).names;
}

function compileError(e: PySyntaxError, source: Uint8Array, mainFile: string): MoltCompileError {
  const file = e.file?.filename ?? mainFile;
  let text: string | null = e.file?.text ?? null;
  try {
    if (e.file === null) text = decodeSource(source).text;
  } catch {
    // The error is about the encoding itself: no source line to show.
  }
  const column = Math.max(e.offset - 1, 0);
  const lines = text?.split(/\r\n|\r|\n/) ?? [];
  const frame: string[] = [];
  if (e.lineno > 0 && lines[e.lineno - 1] !== undefined) {
    const width = String(e.lineno).length;
    if (e.lineno > 1) frame.push(`${String(e.lineno - 1).padStart(width)} | ${lines[e.lineno - 2]}`);
    frame.push(`${String(e.lineno).padStart(width)} | ${lines[e.lineno - 1]}`);
    const span = e.endLineno === e.lineno && e.endOffset !== null && e.endOffset > e.offset ? e.endOffset - e.offset : 1;
    frame.push(`${" ".repeat(width)} | ${" ".repeat(column)}${"^".repeat(span)}`);
  }
  return new MoltCompileError(`${e.type}: ${e.msg}`, file, e.lineno, column, frame.join("\n"), formatSyntaxError(e, file, text));
}
