/**
 * What turning a program's IR modules into Wasm needs whichever way they are linked
 * (program-link.ts: a whole program linked into the runtime, for `molt run` and `molt build`;
 * side-module-link.ts: one Python module against a shared runtime instance, for the bundler):
 * each module's functions and globals, generic entries for its function objects, and the heap
 * constants its code uses.
 *
 * Heap constants (strs, big ints, code objects) are built once by an init function from bytes
 * it writes into scratch memory, and kept in immutable-after-init globals.
 */
import type binaryen from "binaryen";
import type { Binaryen } from "./binaryen.js";
import { generateEntry } from "./entry-codegen.js";
import { FunctionCodegen, type ModuleContext } from "./function-codegen.js";
import { sharedExpressions } from "./tree-check.js";
import type { ProfileSites } from "./profile-sites.js";
import { BOXED_FALSE, BOXED_NONE, BOXED_TRUE, UNBOUND, boxFloat, boxSmallInt, isSmallInt } from "./value-encoding.js";
import type { IrFunction, IrModule } from "../ir/function.js";

type Expr = binaryen.ExpressionRef;

export interface CodegenOptions {
  /** binaryen optimisation level, 0 to 4. */
  optimizeLevel: number;
  shrinkLevel: number;
  /** Runtime exports to keep besides the host's (tests read helpers of a stand-in runtime). */
  keepExports?: readonly string[];
  /** Check that codegen built every function as a tree (tree-check.ts): tests do. */
  verify?: boolean;
  /** Count calls and argument kinds for a profile (profile-sites.ts). */
  instrument?: boolean;
}

/** Throws if any function of the module shares an expression between two places. */
export function checkTrees(b: Binaryen, m: binaryen.Module): void {
  const shared = sharedExpressions(b, m);
  if (shared.size > 0) throw new Error(`codegen placed an expression twice in ${[...shared].map(([f, n]) => `${f} (${n})`).join(", ")}`);
}

export interface CodegenResult {
  wasm: Uint8Array<ArrayBuffer>;
  /** Export that runs the module body; returns ERR if it raised. */
  entry: string;
}

export const INIT_FUNCTION = "molt_init";
/** Custom section naming a module's public top-level names, as JSON `{"names": [...]}`. */
export const EXPORTS_SECTION = "molt.exports";

/**
 * What Node 20 (V8 11.3) and current browsers run without flags (DESIGN.md): no GC proposal,
 * no exnref, no multi-memory or memory64.
 */
export function targetFeatures(b: Binaryen): binaryen.Features {
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
  /** The module's code (kind "code"), when it is linked into this Wasm. */
  ir: IrModule | null;
  /** The program's main module, whose body the host runs. */
  isMain?: boolean;
}

/** Flags of rt_module_register and rt_module_declare (src/runtime/core/modules.ts). */
export const LINKED_KIND = { code: 0, namespace: 1, missing: 2 } as const;
export const LINKED_PACKAGE = 4;
export const LINKED_MAIN = 16;
export const DECLARE_REFERENCE = 32;

/** The public top-level names of a module: what JS sees of it. */
export function publicNames(ir: IrModule): string[] {
  return [...ir.globals].filter((n) => !n.startsWith("_"));
}

export abstract class Linker {
  protected readonly modules: ModuleCodegen[];
  private readonly pooled = new Map<string, string>();
  private readonly pooledConstants: { offset: number; length: number; ctor: string; global: string }[] = [];
  private readonly bytes: number[] = [];
  private readonly tuples: { global: string; items: string[] }[] = [];
  private readonly definedGlobals = new Set<string>();

  /** IR functions that become function objects, of every module, in entry-index order. */
  protected readonly entries: { mod: ModuleCodegen; f: IrFunction }[] = [];
  private readonly entryIndices = new Map<string, number>();

  constructor(
    readonly b: Binaryen,
    readonly m: binaryen.Module,
    irs: readonly IrModule[],
  ) {
    this.modules = [...new Set(irs)].map((ir) => new ModuleCodegen(this, ir));
    for (const mod of this.modules) for (const f of mod.ir.functions) if (f.code !== null) this.entryIndices.set(this.functionName(mod.ir, f.name), this.entries.push({ mod, f }) - 1);
  }

  /** Internal name of a runtime entry point (runtime-api.ts). */
  abstract runtime(name: string): string;
  /** The runtime's call depth and limit (src/runtime/core/exceptions.ts), shared with its own calls. */
  abstract readonly depthGlobal: string;
  abstract readonly recursionLimitGlobal: string;
  /** Set before generating to build a profiling module (profile-sites.ts). */
  profileSites: ProfileSites | null = null;
  /** Whether expressions carry source lines, for a source map. */
  protected readonly sourceMap: boolean = false;
  private readonly debugFiles = new Map<IrModule, number>();

  /** The source map's index of the module's file, or null when no source map is made. */
  debugFile(ir: IrModule): number | null {
    if (!this.sourceMap) return null;
    let index = this.debugFiles.get(ir);
    if (index === undefined) this.debugFiles.set(ir, (index = this.m.addDebugInfoFileName(ir.filename)));
    return index;
  }

  /** The i32 a function object of the IR function carries: what `molt_link.call_function` dispatches on. */
  abstract entryRef(ir: IrModule, irName: string): Expr;
  /** The index of a module in the runtime's linked-module table, or null for a builtin module. */
  abstract linkedModuleRef(name: string): Expr | null;

  functionName(ir: IrModule, irName: string): string {
    return `py:${ir.name}:${irName}`;
  }

  /** The Wasm global of a module variable, made (unbound) on first mention: a name the module never assigns still has to fail with NameError at run time. */
  globalName(ir: IrModule, name: string): string {
    return this.mutableGlobal(`global:${ir.name}:${name}`, UNBOUND);
  }

  /** A mutable i64 global of that name, made on first mention with the initial value. */
  mutableGlobal(name: string, initial: bigint): string {
    if (!this.definedGlobals.has(name)) {
      this.definedGlobals.add(name);
      this.m.addGlobal(name, this.b.i64, true, this.m.i64.const(initial));
    }
    return name;
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

  /** A tuple of strs (a call's keyword names, a module's global names), built once by init. */
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

  /** Every module's functions and the generic entries of its function objects. */
  protected generateCode(): void {
    for (const mod of this.modules) mod.generate();
    this.entries.forEach(({ mod, f }) => generateEntry(mod, f));
  }

  /** Init's registration of each module's source text, for the lines tracebacks show. */
  protected registerSources(): Expr[] {
    const { m, b } = this;
    return this.modules.flatMap(({ ir }) => ir.source === null || ir.hiddenFromTracebacks
      ? []
      : [m.call(this.runtime("rt_register_source"), [this.nameConstant(ir.filename), this.nameConstant(ir.source)], b.none)]);
  }

  /**
   * `molt_init`, exported: writes the constant bytes into scratch memory and builds every
   * pooled constant, then runs `after`. The bytes are stored by i64 stores in code rather than
   * a data segment because binaryen.js can only replace a memory's segment list wholesale, and
   * the runtime's own segments must stay.
   */
  protected emitInit(after: Expr[]): void {
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

  /** Reads (borrowed) of a module's globals by slot, the slot being the name's position in its globals. */
  protected globalReads(ir: IrModule, slot: Expr): Expr {
    const { m, b } = this;
    return switchOn(b, m, slot, [...ir.globals].map((name) => m.return(m.global.get(this.globalName(ir, name), b.i64))), m.unreachable(), b.unreachable);
  }

  /** Writes of a module's globals by slot (taking the reference; the caller releases the old one). */
  protected globalWrites(ir: IrModule, slot: Expr, value: () => Expr): Expr {
    const { m, b } = this;
    return switchOn(b, m, slot, [...ir.globals].map((name) => m.block(null, [m.global.set(this.globalName(ir, name), value()), m.return()])), m.unreachable(), b.unreachable);
  }

  /** The custom section listing the module's public names, which travels with the Wasm. */
  protected recordPublicNames(ir: IrModule): string[] {
    const names = publicNames(ir);
    this.m.addCustomSection(EXPORTS_SECTION, new TextEncoder().encode(JSON.stringify({ names })));
    return names;
  }
}

/** Replaces the module's function import `<module>.<base>` with a function of the same signature. */
export function replaceImport(b: Binaryen, m: binaryen.Module, module: string, base: string, body: () => Expr): void {
  for (let i = 0; i < m.getNumFunctions(); i++) {
    const info = b.getFunctionInfo(m.getFunctionByIndex(i));
    if (info.module !== module || info.base !== base) continue;
    m.removeFunction(info.name);
    m.addFunction(info.name, info.params, info.results, [], body());
    return;
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
export function switchOn(b: Binaryen, m: binaryen.Module, index: Expr, cases: readonly Expr[], fallback: Expr, type: binaryen.Type): Expr {
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
export class ModuleCodegen implements ModuleContext {
  readonly b: Binaryen;
  readonly m: binaryen.Module;

  constructor(
    private readonly linker: Linker,
    readonly ir: IrModule,
  ) {
    this.b = linker.b;
    this.m = linker.m;
  }

  get depthGlobal(): string { return this.linker.depthGlobal; }
  get recursionLimitGlobal(): string { return this.linker.recursionLimitGlobal; }

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
  definedFunctionGlobal(name: string): string { return this.linker.mutableGlobal(`defined:${this.ir.name}:${name}`, 0n); }
  entryRef(irName: string): Expr { return this.linker.entryRef(this.ir, irName); }
  codeConstant(irName: string): Expr { return this.linker.codeConstant(this.ir, irName); }
  tracebackName(f: IrFunction): Expr { return this.linker.nameConstant(f.pyName); }
  tracebackFile(): Expr { return this.linker.nameConstant(this.ir.filename); }
  get hiddenFromTracebacks(): boolean { return this.ir.hiddenFromTracebacks; }
  linkedModuleRef(name: string): Expr | null { return this.linker.linkedModuleRef(name); }
  debugFile(): number | null { return this.linker.debugFile(this.ir); }
  profileSite(f: IrFunction): number | null { return this.linker.profileSites?.site(this.ir, f) ?? null; }
}
