/**
 * Links a whole program into the runtime: the runtime's Wasm is read into a binaryen module
 * and the functions of every Python module of the program are added to it, so runtime calls
 * are direct calls that binaryen can inline and the optimizer drops whatever runtime code the
 * program never reaches. This is what `molt run` and `molt build` produce.
 *
 * The runtime reaches the program's code through its `molt_link` imports, which linking
 * replaces with `br_table` dispatches: `call_function(entry, ...)` on the entry index of a
 * function object, and `module_body/module_get/module_set(index, ...)` on the position of a
 * module in the linked-module table (each module registers its global names at init; a name's
 * position is its slot).
 */
import { ProfileSites } from "./profile-sites.js";
import { loadBinaryen, type Binaryen } from "./binaryen.js";
import { entryName } from "./entry-codegen.js";
import { EMBED_API, HOST_API, RUNTIME_API, type WasmType } from "./runtime-api.js";
import {
  INIT_FUNCTION, LINKED_KIND, LINKED_MAIN, LINKED_PACKAGE, Linker, checkTrees, replaceImport, switchOn, targetFeatures,
  type CodegenOptions, type CodegenResult, type LinkedModuleInfo,
} from "./module-codegen.js";
import { BOXED_NONE, UNBOUND } from "./value-encoding.js";
import type { IrModule } from "../ir/function.js";
import type binaryen from "binaryen";

type Expr = binaryen.ExpressionRef;

export const ENTRY_EXPORT = "molt_main";
/** `molt_export_get(i) -> i64`: the value of the i-th name of the EXPORTS_SECTION list (borrowed; UNBOUND if unset). */
export const EXPORT_GET = "molt_export_get";

/** The runtime's exports, by external name: functions and globals to their internal names. */
export function runtimeExports(b: Binaryen, m: binaryen.Module): { functions: Map<string, string>; globals: Map<string, string> } {
  const functions = new Map<string, string>();
  const globals = new Map<string, string>();
  for (let i = 0; i < m.getNumExports(); i++) {
    const info = b.getExportInfo(m.getExportByIndex(i));
    if (info.kind === b.ExternalFunction) functions.set(info.name, info.value);
    if (info.kind === b.ExternalGlobal) globals.set(info.name, info.value);
  }
  return { functions, globals };
}

/** The internal name of runtime export `name`, checked against the signature runtime-api.ts declares. */
export function checkedRuntimeFunction(b: Binaryen, m: binaryen.Module, functions: ReadonlyMap<string, string>, name: string): string {
  const internal = functions.get(name);
  const api = RUNTIME_API[name];
  if (internal === undefined || api === undefined) throw new Error(`the runtime does not export ${name}`);
  const info = b.getFunctionInfo(m.getFunction(internal));
  const want = (t: WasmType) => (t === "none" ? b.none : b[t]);
  const params = b.expandType(info.params);
  if (info.results !== want(api.result) || params.length !== api.params.length || params.some((p, i) => p !== want(api.params[i]!))) {
    throw new Error(`runtime export ${name} does not have the signature runtime-api.ts declares`);
  }
  return internal;
}

class ProgramLinker extends Linker {
  private readonly functions: Map<string, string>;
  private readonly globals: Map<string, string>;
  private readonly linkedIndex = new Map<string, number>();
  readonly depthGlobal: string;
  readonly recursionLimitGlobal: string;

  constructor(
    b: Binaryen,
    runtimeWasm: Uint8Array,
    private readonly main: IrModule,
    private readonly linked: readonly LinkedModuleInfo[],
  ) {
    const m = b.readBinary(runtimeWasm);
    m.setFeatures(targetFeatures(b));
    super(b, m, [main, ...linked.flatMap((l) => (l.ir ? [l.ir] : []))]);
    ({ functions: this.functions, globals: this.globals } = runtimeExports(b, m));
    this.depthGlobal = this.runtimeGlobal("rt_depth");
    this.recursionLimitGlobal = this.runtimeGlobal("rt_recursion_limit");
    linked.forEach((l, i) => this.linkedIndex.set(l.name, i));
  }

  runtime(name: string): string {
    return checkedRuntimeFunction(this.b, this.m, this.functions, name);
  }

  private runtimeGlobal(name: string): string {
    const internal = this.globals.get(name);
    if (internal === undefined) throw new Error(`the runtime does not export the global ${name}`);
    return internal;
  }

  entryRef(ir: IrModule, irName: string): Expr {
    return this.m.i32.const(this.entryIndex(ir, irName));
  }

  linkedModuleRef(name: string): Expr | null {
    const index = this.linkedIndex.get(name);
    return index === undefined ? null : this.m.i32.const(index);
  }

  generate(): void {
    const { m, b } = this;
    this.generateCode();
    this.linkCallFunction();
    this.linkModules();
    const init = this.registerSources();
    this.linked.forEach((l, i) => {
      const file = l.filename === null ? m.i64.const(BOXED_NONE) : this.nameConstant(l.filename);
      const slots = l.ir ? this.constant([...l.ir.globals]) : m.i64.const(BOXED_NONE);
      const flags = LINKED_KIND[l.kind] | (l.isPackage ? LINKED_PACKAGE : 0) | (l.isMain ? LINKED_MAIN : 0);
      const args = [m.i32.const(i), this.nameConstant(l.name), m.i32.const(l.parent), m.i32.const(flags), file, slots];
      init.push(m.call(this.runtime("rt_module_register"), args, b.none));
    });
    this.emitInit(init);
    m.addFunctionExport(this.functionName(this.main, this.main.body), ENTRY_EXPORT);
    this.emitExportAccessor();
  }

  /** Defines the imports through which the runtime reaches linked modules: a module's body, and reads and writes of its globals. */
  private linkModules(): void {
    const { m, b } = this;
    const INDEX = 0, SLOT = 1, VALUE = 2;
    const codeModules = (each: (ir: IrModule) => Expr): Expr[] => this.linked.map((l) => (l.ir ? each(l.ir) : m.unreachable()));
    const byModule = (each: (ir: IrModule) => Expr) => switchOn(b, m, m.local.get(INDEX, b.i32), codeModules(each), m.unreachable(), b.unreachable);
    replaceImport(b, m, "molt_link", "module_body", () => byModule((ir) => m.return(m.call(this.functionName(ir, ir.body), [], b.i64))));
    replaceImport(b, m, "molt_link", "module_get", () => byModule((ir) => this.globalReads(ir, m.local.get(SLOT, b.i32))));
    replaceImport(b, m, "molt_link", "module_set", () => byModule((ir) => this.globalWrites(ir, m.local.get(SLOT, b.i32), () => m.local.get(VALUE, b.i64))));
  }

  /**
   * JS reads the module's public names after the body has run through one accessor over an
   * index, rather than by exporting the globals themselves: exported mutable globals would tie
   * the optimiser's hands, and the index order is written into a custom section that travels
   * with the Wasm (and through the compile cache), so the bundler plugin knows the names
   * without compiling again.
   */
  private emitExportAccessor(): void {
    const { m, b } = this;
    const names = this.recordPublicNames(this.main);
    const body = switchOn(b, m, m.local.get(0, b.i32), names.map((n) => m.return(m.global.get(this.globalName(this.main, n), b.i64))), m.i64.const(UNBOUND), b.i64);
    m.addFunction(EXPORT_GET, b.i32, b.i64, [], body);
    m.addFunctionExport(EXPORT_GET, EXPORT_GET);
  }

  /** `molt_link.call_function(entry, fn, argv, argc, kwnames)`: a dispatch on the entry index. */
  private linkCallFunction(): void {
    const { m, b } = this;
    const args = () => [m.local.get(1, b.i64), m.local.get(2, b.i32), m.local.get(3, b.i32), m.local.get(4, b.i64)];
    replaceImport(b, m, "molt_link", "call_function", () => switchOn(b, m, m.local.get(0, b.i32),
      this.entries.map(({ mod, f }) => m.return(m.call(entryName(mod, f), args(), b.i64))), m.unreachable(), b.unreachable));
  }
}

/** Links the program's modules (`main` and those in `linked`) into the runtime: one Wasm module. */
export async function linkProgram(
  main: IrModule, linked: readonly LinkedModuleInfo[], runtimeWasm: Uint8Array, options: CodegenOptions,
): Promise<CodegenResult> {
  const b = await loadBinaryen();
  const linker = new ProgramLinker(b, runtimeWasm, main, linked);
  if (options.instrument) linker.profileSites = new ProfileSites(b, linker.m);
  try {
    linker.generate();
    linker.profileSites?.emitSection();
    if (!linker.m.validate()) throw new Error("codegen produced an invalid module");
    if (options.verify) checkTrees(b, linker.m);
    // Only what the host calls stays exported, so the optimiser drops unused runtime code.
    const keep = new Set([...Object.keys(HOST_API), ...Object.keys(EMBED_API), ENTRY_EXPORT, INIT_FUNCTION, EXPORT_GET, "memory", ...(options.keepExports ?? [])]);
    const drop: string[] = [];
    for (let i = 0; i < linker.m.getNumExports(); i++) {
      const name = b.getExportInfo(linker.m.getExportByIndex(i)).name;
      if (!keep.has(name)) drop.push(name);
    }
    for (const name of drop) linker.m.removeExport(name);
    const wasm = optimized(b, new Uint8Array(linker.m.emitBinary()), options);
    return { wasm, entry: ENTRY_EXPORT };
  } finally {
    linker.m.dispose();
  }
}

/**
 * The binary optimised at the options' level. binaryen optimises a fresh read of it: its -O3
 * produced code V8 rejects when run on the module in which the `call_function` import had been
 * replaced in place.
 */
export function optimized(b: Binaryen, wasm: Uint8Array<ArrayBuffer>, options: CodegenOptions): Uint8Array<ArrayBuffer> {
  if (options.optimizeLevel === 0) return wasm;
  const m = b.readBinary(wasm);
  try {
    m.setFeatures(targetFeatures(b));
    b.setOptimizeLevel(options.optimizeLevel);
    b.setShrinkLevel(options.shrinkLevel);
    m.optimize();
    return new Uint8Array(m.emitBinary());
  } finally {
    m.dispose();
  }
}
