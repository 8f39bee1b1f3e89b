/**
 * Compiles one `.py` module for the bundler, through the disk cache: the key is a sha256 of the
 * source, the file name tracebacks will show, the compiler's version, the options and the
 * runtime linked in (src/compiler/cache.ts), so an unchanged module is never recompiled,
 * across builds and processes. A compile error becomes a MoltCompileError with the position and
 * a code frame, which the plugin hands to the bundler.
 */
import { DiskCache, cacheKey } from "../compiler/cache.js";
import { basename, dirname } from "node:path";
import { compileProgram, loadProgram } from "../compiler/compile.js";
import { stdlibDir } from "../compiler/modules/program.js";
import { EXPORTS_SECTION } from "../compiler/codegen/module-codegen.js";
import { PySyntaxError, formatSyntaxError } from "../compiler/syntax/errors.js";
import { decodeSource } from "../compiler/syntax/source.js";
import { readRuntimeWasm } from "../runtime/host/runtime-wasm.js";
import { compilerVersion } from "./compiler-version.js";
import { customSection } from "./wasm-sections.js";

export interface CompiledPy {
  wasm: Uint8Array<ArrayBuffer>;
  /** The `.py` files of the modules it imports (linked into the same Wasm), to watch. */
  imported: string[];
  /** Public top-level names, in the order molt_export_get indexes them. */
  names: string[];
  /** Whether the cache answered. */
  cached: boolean;
}

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

export interface CompilePyOptions {
  cacheDir: string;
  optimizeLevel: number;
  /** Where the file is; `file` is the name tracebacks give it. */
  path: string;
  /** Names tracebacks give imported modules' files. */
  fileLabel: (path: string) => string;
}

export async function compilePy(source: Uint8Array, file: string, options: CompilePyOptions): Promise<CompiledPy> {
  const runtime = readRuntimeWasm();
  const cache = new DiskCache(options.cacheDir);
  const compileOptions = { optimizeLevel: options.optimizeLevel };
  try {
    // Imported from JS, the module is not `__main__`: it is named after its file.
    const moduleName = basename(options.path, ".py");
    const program = loadProgram(source, file, { moduleName, searchPath: [dirname(options.path), stdlibDir()], fileLabel: options.fileLabel });
    const imported = program.sources.slice(1).map((m) => m.path);
    const key = cacheKey({ modules: program.sources, resolution: program.resolution, compilerVersion: compilerVersion(), options: compileOptions, runtime });
    const hit = cache.get(key);
    if (hit) return { wasm: hit, imported, names: exportNames(hit), cached: true };
    const { wasm } = await compileProgram(program, runtime, compileOptions);
    cache.set(key, wasm);
    return { wasm, imported, names: exportNames(wasm), cached: false };
  } catch (e) {
    if (e instanceof PySyntaxError) throw compileError(e, source, file);
    throw e;
  }
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
