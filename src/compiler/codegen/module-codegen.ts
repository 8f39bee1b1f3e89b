/**
 * Links a program's IR modules into the runtime: the runtime's Wasm is read into a binaryen
 * module and the functions of every Python module of the program are added to it, so runtime
 * calls are direct calls that binaryen can inline and the optimizer drops whatever runtime code
 * the program never reaches. Each module's globals are Wasm globals; the runtime reaches the
 * modules the program imports through the linker-defined `molt_link.module_*` imports.
 *
 * Heap constants (strs, big ints) are built once by an init function from a passive data
 * segment holding their bytes, and kept in immutable-after-init globals.
 */
import type binaryen from "binaryen";
import { loadBinaryen, type Binaryen } from "./binaryen.js";
import { entryName, generateEntry } from "./entry-codegen.js";
import { FunctionCodegen, type ModuleContext } from "./function-codegen.js";
import { EMBED_API, HOST_API, RUNTIME_API, type WasmType } from "./runtime-api.js";
import { BOXED_FALSE, BOXED_NONE, BOXED_TRUE, UNBOUND, boxFloat, boxSmallInt, isSmallInt } from "./value-encoding.js";
import type { IrFunction, IrModule } from "../ir/function.js";

type Expr = binaryen.ExpressionRef;

export interface CodegenOptions {
  /** binaryen optimisation level, 0 to 4. */
  optimizeLevel: number;
  shrinkLevel: number;
  /** Runtime exports to keep besides the host's (tests read helpers of a stand-in runtime). */
  keepExports?: readonly string[];
}

export interface CodegenResult {
  wasm: Uint8Array<ArrayBuffer>;
  /** Export that runs the module body; returns ERR if it raised. */
  entry: string;
}

const INIT_FUNCTION = "molt_init";
export const ENTRY_EXPORT = "molt_main";
/** `molt_export_get(i) -> i64`: the value of the i-th name of the EXPORTS_SECTION list (borrowed; UNBOUND if unset). */
export const EXPORT_GET = "molt_export_get";
/** Custom section naming the module's public top-level names, as JSON `{"names": [...]}`. */
export const EXPORTS_SECTION = "molt.exports";

/**
 * What Node 20 (V8 11.3) and current browsers run without flags (DESIGN.md): no GC proposal,
 * no exnref, no multi-memory or memory64.
 */
function targetFeatures(b: Binaryen): binaryen.Features {
  const f = b.Features;
  return f.MutableGlobals | f.SignExt | f.NontrappingFPToInt | f.BulkMemory | f.BulkMemoryOpt | f.Multivalue | f.SIMD128 | f.TailCall |
    f.ReferenceTypes | f.CallIndirectOverlong;
}

/** A module the program can import, as the runtime's linked-module table records it. */
export interface LinkedModuleInfo {
  name: string;
  kind: "code" | "namespace" | "missing";
  /** Index of the parent package in the list, or -1. */
  parent: number;
  isPackage: boolean;
  filename: string | null;
  /** The module's code (kind "code"). */
  ir: IrModule | null;
  /** The program's main module, whose body the host runs (ENTRY_EXPORT). */
  isMain?: boolean;
}

/** Flags of rt_module_register (src/runtime/core/modules.ts). */
const LINKED_KIND = { code: 0, namespace: 1, missing: 2 } as const;
const LINKED_PACKAGE = 4;
const LINKED_MAIN = 16;

class Linker {
  readonly m: binaryen.Module;
  private readonly runtimeNames = new Map<string, string>();
  private readonly pooled = new Map<string, string>();
  private readonly pooledConstants: { offset: number; length: number; ctor: string; global: string }[] = [];
  private readonly bytes: number[] = [];

  private readonly modules: ModuleCodegen[];
  private readonly linkedIndex = new Map<string, number>();

  constructor(
    readonly b: Binaryen,
    runtimeWasm: Uint8Array,
    private readonly main: IrModule,
    private readonly linked: readonly LinkedModuleInfo[],
  ) {
    this.m = b.readBinary(runtimeWasm);
    this.m.setFeatures(targetFeatures(b));
    for (let i = 0; i < this.m.getNumExports(); i++) {
      const info = b.getExportInfo(this.m.getExportByIndex(i));
      if (info.kind === b.ExternalFunction) this.runtimeNames.set(info.name, info.value);
      if (info.kind === b.ExternalGlobal) this.runtimeGlobals.set(info.name, info.value);
    }
    this.depthGlobal = this.runtimeGlobal("rt_depth");
    this.recursionLimitGlobal = this.runtimeGlobal("rt_recursion_limit");
    linked.forEach((l, i) => this.linkedIndex.set(l.name, i));
    this.modules = [...new Set([main, ...linked.flatMap((l) => (l.ir ? [l.ir] : []))])].map((ir) => new ModuleCodegen(this, ir));
    for (const mod of this.modules) for (const f of mod.ir.functions) if (f.code !== null) this.entryIndices.set(this.functionName(mod.ir, f.name), this.entries.push({ mod, f }) - 1);
  }

  /** Index of a linked module in the runtime's table, or null for a builtin module. */
  linkedModuleIndex(name: string): number | null {
    return this.linkedIndex.get(name) ?? null;
  }

  runtime(name: string): string {
    const internal = this.runtimeNames.get(name);
    const api = RUNTIME_API[name];
    if (internal === undefined || api === undefined) throw new Error(`the runtime does not export ${name}`);
    const info = this.b.getFunctionInfo(this.m.getFunction(internal));
    const want = (t: WasmType) => (t === "none" ? this.b.none : this.b[t]);
    const params = this.b.expandType(info.params);
    if (info.results !== want(api.result) || params.length !== api.params.length || params.some((p, i) => p !== want(api.params[i]!))) {
      throw new Error(`runtime export ${name} does not have the signature runtime-api.ts declares`);
    }
    return internal;
  }

  functionName(ir: IrModule, irName: string): string {
    return `py:${ir.name}:${irName}`;
  }

  private readonly definedGlobals = new Set<string>();

  /** The Wasm global of a module variable, made (unbound) on first mention: a name the module never assigns still has to fail with NameError at run time. */
  globalName(ir: IrModule, name: string): string {
    const global = `global:${ir.name}:${name}`;
    if (!this.definedGlobals.has(global)) {
      this.definedGlobals.add(global);
      this.m.addGlobal(global, this.b.i64, true, this.m.i64.const(UNBOUND));
    }
    return global;
  }

  constant(value: unknown): Expr {
    const { m } = this;
    if (value === null) return m.i64.const(BOXED_NONE);
    if (value === true) return m.i64.const(BOXED_TRUE);
    if (value === false) return m.i64.const(BOXED_FALSE);
    if (typeof value === "number") return m.i64.const(boxFloat(value));
    if (typeof value === "bigint" && isSmallInt(value)) return m.i64.const(boxSmallInt(value));
    if (typeof value === "bigint") return this.pool(`int:${value}`, "rt_int_from_decimal", value.toString());
    if (typeof value === "string") return this.nameConstant(value);
    if (value instanceof Uint8Array) return this.pool(`bytes:${Array.from(value, (x) => x.toString(16).padStart(2, "0")).join("")}`, "rt_bytes_new", value);
    if (Array.isArray(value) && value.every((v) => typeof v === "string")) return this.namesTuple(value);
    throw new Error(`codegen: unsupported constant ${String(value)}`);
  }

  private readonly tuples: { global: string; items: string[] }[] = [];

  /** A tuple of strs (a call's keyword names), built once by init. */
  private namesTuple(names: string[]): Expr {
    const key = `tuple:${JSON.stringify(names)}`;
    let global = this.pooled.get(key);
    if (global === undefined) {
      global = `const:${this.pooled.size}`;
      this.pooled.set(key, global);
      this.m.addGlobal(global, this.b.i64, true, this.m.i64.const(BOXED_NONE));
      this.tuples.push({ global, items: names.map((n) => { this.nameConstant(n); return this.pooled.get(`str:${n}`)!; }) });
    }
    return this.m.global.get(global, this.b.i64);
  }

  nameConstant(name: string): Expr {
    return this.pool(`str:${name}`, "rt_str_from_utf8", name);
  }

  /** A global that init sets to `ctor(address, length)` of the text's UTF-8 bytes. */
  private pool(key: string, ctor: string, text: string | Uint8Array): Expr {
    let global = this.pooled.get(key);
    if (global === undefined) {
      global = `const:${this.pooled.size}`;
      this.pooled.set(key, global);
      const utf8 = typeof text === "string" ? wtf8(text) : text;
      const offset = this.bytes.length;
      this.bytes.push(...utf8);
      this.m.addGlobal(global, this.b.i64, true, this.m.i64.const(BOXED_NONE));
      this.pooledConstants.push({ offset, length: utf8.length, ctor, global });
    }
    return this.m.global.get(global, this.b.i64);
  }

  /** IR functions that become function objects, of every module, in entry-index order. */
  private readonly entries: { mod: ModuleCodegen; f: IrFunction }[] = [];
  private readonly entryIndices = new Map<string, number>();

  entryIndex(ir: IrModule, irName: string): number {
    const i = this.entryIndices.get(this.functionName(ir, irName));
    if (i === undefined) throw new Error(`codegen: ${irName} has no generic entry`);
    return i;
  }

  codeConstant(ir: IrModule, irName: string): Expr {
    const c = this.entries[this.entryIndex(ir, irName)]!.f.code!;
    const flags = (c.varargs ? 1 : 0) | (c.varkeywords ? 2 : 0);
    const spec = [c.name, c.qualname, c.argcount, c.posonlyargcount, c.kwonlyargcount, flags, c.varnames.join(","), c.freevars.join(","), c.cellvars.join(",")].join("|");
    return this.pool(`code:${spec}`, "rt_code_new_utf8", spec);
  }

  /** The runtime's call depth and limit (src/runtime/core/exceptions.ts), shared with its own calls. */
  readonly depthGlobal: string;
  readonly recursionLimitGlobal: string;
  private readonly runtimeGlobals = new Map<string, string>();

  private runtimeGlobal(name: string): string {
    const internal = this.runtimeGlobals.get(name);
    if (internal === undefined) throw new Error(`the runtime does not export the global ${name}`);
    return internal;
  }

  generate(): void {
    const { m, b } = this;
    for (const mod of this.modules) mod.generate();
    this.entries.forEach(({ mod, f }) => generateEntry(mod, f));
    this.linkCallFunction();
    this.linkModules();
    const init: Expr[] = [];
    for (const { ir } of this.modules) {
      if (ir.source === null || ir.hiddenFromTracebacks) continue;
      init.push(m.call(this.runtime("rt_register_source"), [this.nameConstant(ir.filename), this.nameConstant(ir.source)], b.none));
    }
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

  /**
   * Defines the imports through which the runtime reaches linked modules: a module's body,
   * and reads (borrowed) and writes (taking the reference, the caller releasing the old one)
   * of its globals by slot, the slot being the position in the names it was registered with.
   */
  private linkModules(): void {
    const { m, b } = this;
    const INDEX = 0, SLOT = 1, VALUE = 2;
    const codeModules = (each: (ir: IrModule) => Expr): Expr[] => this.linked.map((l) => (l.ir ? each(l.ir) : m.unreachable()));
    const slots = (ir: IrModule, each: (global: string) => Expr) => [...ir.globals].map((name) => each(this.globalName(ir, name)));
    this.replaceImport("module_body", () => switchOn(b, m, m.local.get(INDEX, b.i32),
      codeModules((ir) => m.return(m.call(this.functionName(ir, ir.body), [], b.i64))), m.unreachable(), b.unreachable));
    this.replaceImport("module_get", () => switchOn(b, m, m.local.get(INDEX, b.i32),
      codeModules((ir) => switchOn(b, m, m.local.get(SLOT, b.i32), slots(ir, (g) => m.return(m.global.get(g, b.i64))), m.unreachable(), b.unreachable)),
      m.unreachable(), b.unreachable));
    this.replaceImport("module_set", () => switchOn(b, m, m.local.get(INDEX, b.i32),
      codeModules((ir) => switchOn(b, m, m.local.get(SLOT, b.i32), slots(ir, (g) => m.block(null, [m.global.set(g, m.local.get(VALUE, b.i64)), m.return()])), m.unreachable(), b.unreachable)),
      m.unreachable(), b.unreachable));
  }

  /** Replaces the runtime's import `molt_link.<base>` with a function of the same signature. */
  private replaceImport(base: string, body: () => Expr): void {
    const { m, b } = this;
    for (let i = 0; i < m.getNumFunctions(); i++) {
      const info = b.getFunctionInfo(m.getFunctionByIndex(i));
      if (info.module !== "molt_link" || info.base !== base) continue;
      m.removeFunction(info.name);
      m.addFunction(info.name, info.params, info.results, [], body());
      return;
    }
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
    const names = [...this.main.globals].filter((n) => !n.startsWith("_"));
    const body = switchOn(b, m, m.local.get(0, b.i32), names.map((n) => m.return(m.global.get(this.globalName(this.main, n), b.i64))), m.i64.const(UNBOUND), b.i64);
    m.addFunction(EXPORT_GET, b.i32, b.i64, [], body);
    m.addFunctionExport(EXPORT_GET, EXPORT_GET);
    m.addCustomSection(EXPORTS_SECTION, new TextEncoder().encode(JSON.stringify({ names })));
  }

  /**
   * The runtime calls function objects through its import `molt_link.call_function(entry, fn,
   * argv, argc, kwnames)`; linking replaces that import with a dispatch on the entry index.
   */
  private linkCallFunction(): void {
    const { m, b } = this;
    const args = () => [m.local.get(1, b.i64), m.local.get(2, b.i32), m.local.get(3, b.i32), m.local.get(4, b.i64)];
    this.replaceImport("call_function", () => switchOn(b, m, m.local.get(0, b.i32),
      this.entries.map(({ mod, f }) => m.return(m.call(entryName(mod, f), args(), b.i64))), m.unreachable(), b.unreachable));
  }

  /**
   * Writes the constant bytes into scratch memory and builds every pooled constant. The bytes
   * are stored by i64 stores in code rather than a data segment because binaryen.js can only
   * replace a memory's segment list wholesale, and the runtime's own segments must stay.
   */
  private emitInit(after: Expr[]): void {
    const { m, b } = this;
    const addr = () => m.local.get(0, b.i32);
    const body: Expr[] = [];
    const total = this.bytes.length;
    if (total > 0) {
      const padded = new Uint8Array(Math.ceil(total / 8) * 8);
      padded.set(this.bytes);
      const words = new DataView(padded.buffer);
      body.push(m.local.set(0, m.call(this.runtime("rt_alloc_bytes"), [m.i32.const(padded.length)], b.i32)));
      for (let i = 0; i < padded.length; i += 8) {
        body.push(m.i64.store(i, 8, addr(), m.i64.const(words.getBigInt64(i, true))));
      }
      for (const c of this.pooledConstants) {
        const at = m.i32.add(addr(), m.i32.const(c.offset));
        body.push(m.global.set(c.global, m.call(this.runtime(c.ctor), [at, m.i32.const(c.length)], b.i64)));
      }
      body.push(m.call(this.runtime("rt_free_bytes"), [addr()], b.none));
    }
    // Tuples of pooled strs: the strs are immortal, so the tuple may take them over.
    for (const t of this.tuples) {
      body.push(m.local.set(0, m.call(this.runtime("rt_alloc_bytes"), [m.i32.const(Math.max(8, t.items.length * 8))], b.i32)));
      t.items.forEach((g, i) => body.push(m.i64.store(i * 8, 8, addr(), m.global.get(g, b.i64))));
      body.push(m.global.set(t.global, m.call(this.runtime("rt_build_tuple"), [addr(), m.i32.const(t.items.length)], b.i64)));
      body.push(m.call(this.runtime("rt_free_bytes"), [addr()], b.none));
    }
    body.push(...after);
    m.addFunction(INIT_FUNCTION, b.none, b.none, [b.i32], m.block(null, body, b.none));
    m.addFunctionExport(INIT_FUNCTION, INIT_FUNCTION);
  }
}

export async function generateModule(
  main: IrModule, linked: readonly LinkedModuleInfo[], runtimeWasm: Uint8Array, options: CodegenOptions,
): Promise<CodegenResult> {
  const b = await loadBinaryen();
  const linker = new Linker(b, runtimeWasm, main, linked);
  try {
    linker.generate();
    if (!linker.m.validate()) throw new Error("codegen produced an invalid module");
    // Only what the host calls stays exported, so the optimiser drops unused runtime code.
    const keep = new Set([...Object.keys(HOST_API), ...Object.keys(EMBED_API), ENTRY_EXPORT, INIT_FUNCTION, EXPORT_GET, "memory", ...(options.keepExports ?? [])]);
    const drop: string[] = [];
    for (let i = 0; i < linker.m.getNumExports(); i++) {
      const name = b.getExportInfo(linker.m.getExportByIndex(i)).name;
      if (!keep.has(name)) drop.push(name);
    }
    for (const name of drop) linker.m.removeExport(name);
    const linked = linker.m.emitBinary();
    if (options.optimizeLevel === 0) return { wasm: new Uint8Array(linked), entry: ENTRY_EXPORT };
    // Optimise a fresh read of the linked binary: binaryen's -O3 produced code V8 rejects when
    // run on the module in which the `call_function` import had been replaced in place.
    const m = b.readBinary(linked);
    try {
      m.setFeatures(targetFeatures(b));
      b.setOptimizeLevel(options.optimizeLevel);
      b.setShrinkLevel(options.shrinkLevel);
      m.optimize();
      return { wasm: new Uint8Array(m.emitBinary()), entry: ENTRY_EXPORT };
    } finally {
      m.dispose();
    }
  } finally {
    linker.m.dispose();
  }
}

/**
 * UTF-8 of a JS string, lone surrogates included as 3-byte sequences (the runtime's str keeps
 * them that way, as CPython keeps them in a str); TextEncoder would replace them with U+FFFD.
 */
function wtf8(text: string): Uint8Array {
  if (!/[\uD800-\uDFFF]/.test(text)) return new TextEncoder().encode(text);
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return new Uint8Array(out);
}

/**
 * `cases[index]` (each ending in a return or trap), else `fallback`: a br_table, so dispatch
 * costs the same however many cases there are.
 */
function switchOn(b: Binaryen, m: binaryen.Module, index: Expr, cases: readonly Expr[], fallback: Expr, type: binaryen.Type): Expr {
  if (cases.length === 0) return fallback;
  const id = switchCount++;
  const labels = cases.map((_, i) => `switch${id}:${i}`);
  const otherwise = `switch${id}:default`;
  let body: Expr = m.block(labels[0]!, [m.switch(labels, otherwise, index)], b.none);
  for (let i = 0; i < cases.length; i++) body = m.block(i + 1 < cases.length ? labels[i + 1]! : otherwise, [body, cases[i]!], b.none);
  return m.block(null, [body, fallback], type);
}
let switchCount = 0;

/** One Python module's view of the linker: its functions, globals and file. */
class ModuleCodegen implements ModuleContext {
  readonly b: Binaryen;
  readonly m: binaryen.Module;
  readonly depthGlobal: string;
  readonly recursionLimitGlobal: string;

  constructor(
    private readonly linker: Linker,
    readonly ir: IrModule,
  ) {
    this.b = linker.b;
    this.m = linker.m;
    this.depthGlobal = linker.depthGlobal;
    this.recursionLimitGlobal = linker.recursionLimitGlobal;
  }

  generate(): void {
    for (const name of this.ir.globals) this.globalName(name);
    for (const f of this.ir.functions) new FunctionCodegen(this, f).generate();
  }

  runtime(name: string): string { return this.linker.runtime(name); }
  functionName(irName: string): string { return this.linker.functionName(this.ir, irName); }
  constant(value: unknown): Expr { return this.linker.constant(value); }
  nameConstant(name: string): Expr { return this.linker.nameConstant(name); }
  globalName(name: string): string { return this.linker.globalName(this.ir, name); }
  isDirectTarget(name: string): boolean { return this.ir.directTargets.has(name); }
  definedFunctionGlobal(name: string): string {
    const global = `defined:${this.ir.name}:${name}`;
    if (!this.definedGlobals.has(global)) {
      this.definedGlobals.add(global);
      this.m.addGlobal(global, this.b.i64, true, this.m.i64.const(0n));
    }
    return global;
  }
  private readonly definedGlobals = new Set<string>();
  entryIndex(irName: string): number { return this.linker.entryIndex(this.ir, irName); }
  codeConstant(irName: string): Expr { return this.linker.codeConstant(this.ir, irName); }
  tracebackName(f: IrFunction): Expr { return this.linker.nameConstant(f.pyName); }
  tracebackFile(): Expr { return this.linker.nameConstant(this.ir.filename); }
  get hiddenFromTracebacks(): boolean { return this.ir.hiddenFromTracebacks; }
  linkedModuleIndex(name: string): number | null { return this.linker.linkedModuleIndex(name); }
}
