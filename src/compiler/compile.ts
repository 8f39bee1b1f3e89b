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
import { generateModule, type LinkedModuleInfo } from "./codegen/module-codegen.js";
import { printModule } from "./ir/printer.js";
import { BUFFER_EXPORTS } from "../runtime/host/embed-exports.js";

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

/** Lowers, optimises and links a loaded program into one Wasm module with the runtime. */
export async function compileProgram(program: Program, runtimeWasm: Uint8Array, options: CompileOptions = {}): Promise<CompiledModule> {
  const lowered = new Map<SourceModule, IrModule>();
  for (const mod of program.sources) {
    lowered.set(mod, inModule(mod, () => {
      // The main module's code is `__main__` whatever its name: a program may import its own file.
      const ir = lowerModule(mod, program.importsOf(mod), mod === program.main ? "__main__" : mod.name);
      ir.source = mod.text;
      ir.hiddenFromTracebacks = mod.isStdlib;
      runPasses(ir, PIPELINE, { verify: options.verify ?? false });
      return ir;
    }));
  }
  const mainEntry = { kind: "code", name: program.main.name, parent: null, module: program.main } as const;
  const names = [mainEntry, ...[...program.linked.values()].flatMap((l) => (l.kind === "builtin" || l.name === program.main.name ? [] : [l]))];
  const index = new Map(names.map((l, i) => [l.name, i]));
  const linked: LinkedModuleInfo[] = names.map((l) => {
    const code = l.kind === "code" ? l.module : null;
    return {
      name: l.name,
      kind: l.kind,
      parent: l.parent === null ? -1 : index.get(l.parent) ?? -1,
      isPackage: l.kind === "namespace" || (code?.isPackage ?? false),
      filename: code?.filename ?? null,
      ir: code ? lowered.get(code)! : null,
      isMain: code === program.main,
    };
  });
  const main = lowered.get(program.main)!;
  const { wasm } = await generateModule(main, linked, runtimeWasm, {
    optimizeLevel: options.optimizeLevel ?? 3, shrinkLevel: 0, keepExports: BUFFER_EXPORTS,
  });
  return { wasm, irText: [...lowered.values()].map(printModule).join("\n") };
}

export async function compileSource(
  source: Uint8Array | string,
  filename: string,
  runtimeWasm: Uint8Array,
  options: CompileOptions = {},
): Promise<CompiledModule> {
  return compileProgram(loadProgram(source, filename, options), runtimeWasm, options);
}
