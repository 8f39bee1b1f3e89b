/**
 * The compiler pipeline, stage by stage: parse, analyse scopes (CPython's compile-time errors),
 * refuse what an ahead-of-time compiler cannot honour, lower to IR, run the passes, generate Wasm
 * linked into the runtime. Each stage reports what it cannot accept as a PySyntaxError (or
 * its UnsupportedError subclass) with the file position.
 */
import { parse } from "./syntax/parser.js";
import { analyze } from "./sema/index.js";
import { decodeSource } from "./syntax/source.js";
import { refuseDynamicCode } from "./sema/dynamic-code.js";
import { lowerModule } from "./lower/module-lowering.js";
import { runPasses, type FunctionPass } from "./passes/pass.js";
import { definiteAssignment } from "./passes/definite-assignment.js";
import { generatorTransform } from "./passes/generator-transform.js";
import { deadCode } from "./passes/dead-code.js";
import { refcount } from "./passes/refcount.js";
import { compareFusion } from "./passes/compare-fusion.js";
import { specializeEntry } from "./passes/specialize-entry.js";
import { typeInference } from "./passes/type-inference.js";
import { generateModule } from "./codegen/module-codegen.js";
import { printModule } from "./ir/printer.js";

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

export interface CompileOptions {
  /** binaryen optimisation level, 0 to 4 (default 3). */
  optimizeLevel?: number;
  /** Verify the IR after every pass (tests always do). */
  verify?: boolean;
  /** Python module name; `__main__` for the program being run. */
  moduleName?: string;
}

export interface CompiledModule {
  wasm: Uint8Array<ArrayBuffer>;
  /** The IR after all passes, as text: what `molt build --emit-ir` writes. */
  irText: string;
}

export async function compileSource(
  source: Uint8Array | string,
  filename: string,
  runtimeWasm: Uint8Array,
  options: CompileOptions = {},
): Promise<CompiledModule> {
  const tree = parse(source, filename);
  const table = analyze(tree);
  refuseDynamicCode(tree, table);
  const ir = lowerModule(tree, table, filename, options.moduleName ?? "__main__");
  ir.source = decodeSource(source).text;
  runPasses(ir, PIPELINE, { verify: options.verify ?? false });
  const { wasm } = await generateModule(ir, runtimeWasm, { optimizeLevel: options.optimizeLevel ?? 3, shrinkLevel: 0 });
  return { wasm, irText: printModule(ir) };
}
