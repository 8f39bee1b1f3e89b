/**
 * Links one Python module on its own, against a shared runtime instance (shared-runtime.ts):
 * the bundler plugin's unit, so an app's modules share one runtime, one heap and one
 * `sys.modules`, and editing a module recompiles that module only.
 *
 * The module imports the runtime's memory, function table, call-depth globals and entry
 * points (`molt_rt.*`), and `molt_link.table_base`: where the host placed its functions in
 * the table. An active element segment puts there the generic entries of its function objects,
 * then its body and the readers and writers of its globals, which is how the shared runtime's
 * `molt_link` dispatches reach it. Its `molt_init` declares the module, and each module it may
 * import, to the runtime by name (rt_module_declare): indices are the runtime's, known at run time.
 */
import { ProfileSites } from "./profile-sites.js";
import type binaryen from "binaryen";
import { loadBinaryen, type Binaryen } from "./binaryen.js";
import { entryName } from "./entry-codegen.js";
import { RUNTIME_API, type WasmType } from "./runtime-api.js";
import {
  DECLARE_REFERENCE, LINKED_KIND, LINKED_PACKAGE, Linker, checkTrees, targetFeatures, type CodegenOptions, type LinkedModuleInfo,
} from "./module-codegen.js";
import { BOXED_NONE } from "./value-encoding.js";
import type { IrModule } from "../ir/function.js";

type Expr = binaryen.ExpressionRef;

/** Import module of the shared runtime's exports. */
export const RUNTIME_IMPORT = "molt_rt";
export const TABLE_EXPORT = "table";
const TABLE_BASE = "molt_link:table_base";

/**
 * Custom section giving the host what linking needs, as JSON `{"name": module name,
 * "tableSlots": n}` (how far to grow the function table).
 */
export const LINK_SECTION = "molt.link";

/** Slots a module takes in the function table after its entries: body, get, set (shared-runtime.ts dispatches on them). */
export const MODULE_SLOTS = { body: 0, get: 1, set: 2 } as const;

export interface SideModule {
  wasm: Uint8Array<ArrayBuffer>;
  /** Its public top-level names (also in its EXPORTS_SECTION). */
  names: string[];
}

class SideModuleLinker extends Linker {
  private readonly imported = new Set<string>();
  private readonly moduleIndex = new Map<string, string>();
  readonly depthGlobal = "molt_rt:rt_depth";
  readonly recursionLimitGlobal = "molt_rt:rt_recursion_limit";

  protected override readonly sourceMap: boolean;

  constructor(
    b: Binaryen,
    private readonly ir: IrModule,
    /** The module itself (first) and every module it may import, for the runtime's table. */
    private readonly declared: readonly LinkedModuleInfo[],
    sourceMap: boolean,
  ) {
    const m = new b.Module();
    m.setFeatures(targetFeatures(b));
    super(b, m, [ir]);
    this.sourceMap = sourceMap;
    m.setMemory(0, -1, null, [], false, false, "memory");
    m.addMemoryImport("memory", RUNTIME_IMPORT, "memory");
    m.addTable(TABLE_EXPORT, 0, 0xffffffff);
    m.addTableImport(TABLE_EXPORT, RUNTIME_IMPORT, TABLE_EXPORT);
    m.addGlobalImport(this.depthGlobal, RUNTIME_IMPORT, "rt_depth", b.i32, true);
    m.addGlobalImport(this.recursionLimitGlobal, RUNTIME_IMPORT, "rt_recursion_limit", b.i32, true);
    m.addGlobalImport(TABLE_BASE, "molt_link", "table_base", b.i32, false);
    for (const d of declared) {
      const global = `module:${d.name}`;
      this.moduleIndex.set(d.name, global);
      m.addGlobal(global, b.i32, true, m.i32.const(-1));
    }
  }

  runtime(name: string): string {
    const internal = `${RUNTIME_IMPORT}:${name}`;
    if (!this.imported.has(internal)) {
      const api = RUNTIME_API[name];
      if (api === undefined) throw new Error(`the runtime does not export ${name}`);
      const type = (t: WasmType) => (t === "none" ? this.b.none : this.b[t]);
      this.m.addFunctionImport(internal, RUNTIME_IMPORT, name, this.b.createType(api.params.map(type)), type(api.result));
      this.imported.add(internal);
    }
    return internal;
  }

  private tableSlot(offset: number): Expr {
    return this.m.i32.add(this.m.global.get(TABLE_BASE, this.b.i32), this.m.i32.const(offset));
  }

  entryRef(ir: IrModule, irName: string): Expr {
    return this.tableSlot(this.entryIndex(ir, irName));
  }

  linkedModuleRef(name: string): Expr | null {
    const global = this.moduleIndex.get(name);
    return global === undefined ? null : this.m.global.get(global, this.b.i32);
  }

  /** Generates the module; returns its public names. */
  generate(): string[] {
    const { m, b, ir } = this;
    this.generateCode();
    const body = `${this.functionName(ir, ir.body)}$body`;
    m.addFunction(body, b.none, b.i64, [], m.call(this.functionName(ir, ir.body), [], b.i64));
    const get = `${this.functionName(ir, ir.body)}$get`;
    m.addFunction(get, b.i32, b.i64, [], m.block(null, [this.globalReads(ir, m.local.get(0, b.i32))], b.i64));
    const set = `${this.functionName(ir, ir.body)}$set`;
    m.addFunction(set, b.createType([b.i32, b.i64]), b.none, [], m.block(null, [this.globalWrites(ir, m.local.get(0, b.i32), () => m.local.get(1, b.i64))], b.none));
    const functions = [...this.entries.map(({ mod, f }) => entryName(mod, f)), body, get, set];
    m.addActiveElementSegment(TABLE_EXPORT, "functions", functions, m.global.get(TABLE_BASE, b.i32));

    const init = this.registerSources();
    const ownSlot = this.entries.length;
    for (const d of this.declared) {
      const own = d.ir === ir;
      const parent = d.name.includes(".") ? this.nameConstant(d.name.slice(0, d.name.lastIndexOf("."))) : m.i64.const(BOXED_NONE);
      const flags = LINKED_KIND[d.kind] | (d.isPackage ? LINKED_PACKAGE : 0) | (own ? 0 : DECLARE_REFERENCE);
      const file = d.filename === null ? m.i64.const(BOXED_NONE) : this.nameConstant(d.filename);
      const slots = own ? this.constant([...ir.globals]) : m.i64.const(BOXED_NONE);
      const table = own ? this.tableSlot(ownSlot) : m.i32.const(-1);
      const index = m.call(this.runtime("rt_module_declare"), [this.nameConstant(d.name), parent, m.i32.const(flags), file, slots, table], b.i32);
      init.push(m.global.set(this.moduleIndex.get(d.name)!, index));
    }
    this.emitInit(init);
    m.addCustomSection(LINK_SECTION, new TextEncoder().encode(JSON.stringify({ name: ir.name, tableSlots: functions.length })));
    return this.recordPublicNames(ir);
  }
}

export interface SideModuleOptions extends CodegenOptions {
  /**
   * Map the Wasm back to the module's lines: a source map (with the source in it) in the
   * module's `sourceMappingURL` section as a data URL, which browser devtools read, and the
   * function names in its name section.
   */
  sourceMap: boolean;
}

/**
 * Compiles `ir` into a Wasm module of its own. `declared` lists the module itself (whose `ir`
 * is this one) and every module its imports may reach.
 */
export async function linkSideModule(ir: IrModule, declared: readonly LinkedModuleInfo[], options: SideModuleOptions): Promise<SideModule> {
  const b = await loadBinaryen();
  const linker = new SideModuleLinker(b, ir, declared, options.sourceMap);
  const { m } = linker;
  if (options.instrument) linker.profileSites = new ProfileSites(b, m);
  // Kept through optimisation only while asked for: it also keeps the name section.
  b.setDebugInfo(options.sourceMap);
  try {
    const names = linker.generate();
    linker.profileSites?.emitSection();
    if (!m.validate()) throw new Error("codegen produced an invalid side module");
    if (options.verify) checkTrees(b, m);
    if (options.optimizeLevel > 0) {
      b.setOptimizeLevel(options.optimizeLevel);
      b.setShrinkLevel(options.shrinkLevel);
      m.optimize();
    }
    if (!options.sourceMap) return { names, wasm: new Uint8Array(m.emitBinary()) };
    // The map's offsets are into the code section, which the URL section (last) does not move.
    const { sourceMap } = m.emitBinary("molt.map");
    const map = JSON.parse(sourceMap!) as { sourcesContent?: (string | null)[] };
    map.sourcesContent = [ir.source];
    const url = `data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString("base64")}`;
    return { names, wasm: new Uint8Array(m.emitBinary(url).binary) };
  } finally {
    b.setDebugInfo(false);
    m.dispose();
  }
}
