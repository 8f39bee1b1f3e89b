/**
 * The compiler pipeline, stage by stage: find the program's modules (src/compiler/modules),
 * parsing each, analysing its scopes (CPython's compile-time errors) and refusing what an
 * ahead-of-time compiler cannot honour; lower each module to IR, run the passes, generate one
 * Wasm module linked into the runtime. Each stage reports what it cannot accept as a PySyntaxError (or
 * its UnsupportedError subclass) with the file position.
 */
import { Program, inModule, type ProgramOptions, type SourceModule } from "./modules/program.js";
import type { IrModule } from "./ir/function.js";
import { lowerModule } from "./lower/module-lowering.js";
import { runPasses, type FunctionPass } from "./passes/pass.js";
import { definiteAssignment } from "./passes/definite-assignment.js";
import { generatorTransform } from "./passes/generator-transform.js";
import { deadCode } from "./passes/dead-code.js";
import { refcount } from "./passes/refcount.js";
import { compareFusion } from "./passes/compare-fusion.js";
import { specializeEntry } from "./passes/specialize-entry.js";
import { typeInference } from "./passes/type-inference.js";
import type { LinkedModuleInfo } from "./codegen/module-codegen.js";
import { linkProgram } from "./codegen/program-link.js";
import { linkSideModule, type SideModule } from "./codegen/side-module-link.js";
import { printModule } from "./ir/printer.js";
import type { Profile } from "./profile/profile.js";

/** Passes in order. Refcounting comes late: it needs the final shape of the code. */
export const PIPELINE: readonly FunctionPass[] = [
  generatorTransform,
  definiteAssignment,
  deadCode,
  compareFusion,
  specializeEntry,
  refcount,
  // Last: codegen reads its annotations, including on the reference counting.
  typeInference,
];

export interface CompileOptions extends ProgramOptions {
  /** binaryen optimisation level, 0 to 4 (default 3). */
  optimizeLevel?: number;
  /** Verify the IR after every pass (tests always do). */
  verify?: boolean;
  /** A recorded profile to specialise by (src/compiler/profile). */
  profile?: Profile | null;
  /** Build a module that records a profile when run (codegen/profile-sites.ts). */
  instrument?: boolean;
  /** Where the main module's file is, when its filename is only a label (the profile knows files by place). */
  mainPath?: string;
}

export interface CompiledModule {
  wasm: Uint8Array<ArrayBuffer>;
  /** The IR after all passes, as text: what `molt build --emit-ir` writes. */
  irText: string;
}

/** Finds, parses and analyses the program: the main file and every module it imports. */
export function loadProgram(source: Uint8Array | string, filename: string, options: ProgramOptions = {}): Program {
  return new Program(source, filename, options);
}

/** The main module of a program, lowered to IR (no passes run): what IR tests start from. */
export function lowerSource(source: Uint8Array | string, filename: string): IrModule {
  const program = loadProgram(source, filename);
  return inModule(program.main, () => lowerModule(program.main, program.importsOf(program.main)));
}

/** One module lowered to IR and optimised by the pass pipeline. `codeName` is the name its code runs as. */
function lowerAndOptimize(program: Program, mod: SourceModule, codeName: string, options: CompileOptions): IrModule {
  return inModule(mod, () => {
    const ir = lowerModule(mod, program.importsOf(mod), codeName);
    ir.source = mod.text;
    ir.hiddenFromTracebacks = mod.isStdlib;
    ir.profile = options.profile?.forFile(mod === program.main ? options.mainPath ?? mod.path : mod.path) ?? null;
    runPasses(ir, PIPELINE, { verify: options.verify ?? false });
    return ir;
  });
}

/** The program's modules as the runtime's linked-module table lists them: the main module first, then every module an import may reach. */
function linkedModules(program: Program, codeOf: (mod: SourceModule) => IrModule | null): LinkedModuleInfo[] {
  const mainEntry = { kind: "code", name: program.main.name, parent: null, module: program.main } as const;
  const names = [mainEntry, ...[...program.linked.values()].flatMap((l) => (l.kind === "builtin" || l.name === program.main.name ? [] : [l]))];
  const index = new Map(names.map((l, i) => [l.name, i]));
  return names.map((l) => {
    const code = l.kind === "code" ? l.module : null;
    return {
      name: l.name,
      kind: l.kind,
      parent: l.parent === null ? -1 : index.get(l.parent) ?? -1,
      isPackage: l.kind === "namespace" || (code?.isPackage ?? false),
      filename: code?.filename ?? null,
      ir: code ? codeOf(code) : null,
      isMain: code === program.main,
    };
  });
}

/** Lowers, optimises and links a loaded program into one Wasm module with the runtime. */
export async function compileProgram(program: Program, runtimeWasm: Uint8Array, options: CompileOptions = {}): Promise<CompiledModule> {
  const lowered = new Map<SourceModule, IrModule>();
  for (const mod of program.sources) {
    // The main module's code is `__main__` whatever its name: a program may import its own file.
    lowered.set(mod, lowerAndOptimize(program, mod, mod === program.main ? "__main__" : mod.name, options));
  }
  const linked = linkedModules(program, (mod) => lowered.get(mod)!);
  const main = lowered.get(program.main)!;
  const { wasm } = await linkProgram(main, linked, runtimeWasm, { optimizeLevel: options.optimizeLevel ?? 3, shrinkLevel: 0, verify: options.verify ?? false, instrument: options.instrument ?? false });
  return { wasm, irText: [...lowered.values()].map(printModule).join("\n") };
}

/**
 * Compiles the program's main module alone, to be linked into a shared runtime instance with
 * the other modules of an app (side-module-link.ts); the modules it imports are compiled the
 * same way, each on its own.
 */
export async function compileSideModule(program: Program, options: CompileOptions & { sourceMap?: boolean } = {}): Promise<SideModule> {
  const ir = lowerAndOptimize(program, program.main, program.main.name, options);
  const declared = linkedModules(program, (mod) => (mod === program.main ? ir : null));
  return linkSideModule(ir, declared, { optimizeLevel: options.optimizeLevel ?? 3, shrinkLevel: 0, sourceMap: options.sourceMap ?? false, verify: options.verify ?? false, instrument: options.instrument ?? false });
}

export async function compileSource(
  source: Uint8Array | string,
  filename: string,
  runtimeWasm: Uint8Array,
  options: CompileOptions = {},
): Promise<CompiledModule> {
  return compileProgram(loadProgram(source, filename, options), runtimeWasm, options);
}
