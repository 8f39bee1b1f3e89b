/**
 * Loading a compiled Python module for use from JS: instantiate it, run its body once (as an
 * import does), then read its public top-level names and call its functions with values
 * converted both ways (to-js.ts, to-python.ts). This is what the bundler plugin's generated ES
 * modules import: `import { loadPythonModule } from "unplugin-molt/runtime"`.
 */
import { Bridge } from "./bridge.js";
import { defaultIo } from "./default-io.js";
import type { ProgramExports } from "./embed-exports.js";
import { hostImports, type Io } from "./host-imports.js";
import { PythonError } from "./python-error.js";
import { isLiveProxy, type PyObject, type PythonCallable } from "./proxies.js";
import { toJs } from "./to-js.js";
import { registerModule } from "./buffers.js";
import { ERR, UNBOUND } from "./value-bits.js";

export { PythonError, StaleHandleError } from "./python-error.js";
export { PyObject, type PythonCallable, type PythonProxy } from "./proxies.js";
export { allocateBuffer, refreshView, releaseView, reserveMemory, type PythonView } from "./buffers.js";
export { lineSink } from "./default-io.js";
export type { Io } from "./host-imports.js";

/** Custom section listing the public names, in molt_export_get's index order (module-codegen.ts). */
const EXPORTS_SECTION = "molt.exports";

export interface LoadOptions {
  /** Where print() and tracebacks go; default: the process's streams in Node, else the console. */
  io?: Io;
  /** The module's file name, for sys.argv[0]. */
  file?: string;
}

let ioOverride: Io | null = null;

/**
 * Sends the output of every module loaded afterwards to `io` (and of the ones loaded before,
 * which read it on each write). Import-time prints of a module happen before the importing
 * code runs, so they go to the default sinks or to the plugin's `stdio` option.
 */
export function setPythonIo(io: Io | null): void {
  ioOverride = io;
}

export class PythonModule {
  /** The module's public top-level names (not starting with "_"), in source order. */
  readonly names: readonly string[];
  /** A live view of the module: each property reads the module's variable at that moment. */
  readonly namespace: Readonly<Record<string, unknown>>;
  private readonly proxies = new Map<string, { value: bigint; proxy: PyObject | PythonCallable }>();
  private readonly known: ReadonlySet<string>;

  /** `read(name)`: the variable's value as a new reference, or undefined while it is unbound. */
  constructor(
    private readonly bridge: Bridge,
    names: readonly string[],
    private readonly read: (name: string) => bigint | undefined,
  ) {
    this.names = names;
    this.known = new Set(names);
    const ns: Record<string, unknown> = Object.create(null);
    for (const name of names) Object.defineProperty(ns, name, { enumerable: true, get: () => this.get(name) });
    this.namespace = Object.freeze(ns);
    registerModule(this, bridge);
    registerModule(this.namespace, bridge);
  }

  /**
   * Instantiates a whole compiled program (`molt build --module`) and runs its body. Throws
   * PythonError if the body raises. `wasm`: the module's bytes, base64 text of them, or a
   * compiled WebAssembly.Module.
   */
  static async load(wasm: WasmSource, options: LoadOptions = {}): Promise<PythonModule> {
    const module = await compileWasm(wasm);
    const bridge = new Bridge(routedIo(options.io));
    const instance = await WebAssembly.instantiate(module, hostImports(module, () => bridge.rt.memory, (fd, s) => bridge.write(fd, s), bridge));
    const rt = instance.exports as unknown as ProgramExports;
    bridge.rt = rt;
    const section = WebAssembly.Module.customSections(module, EXPORTS_SECTION)[0];
    if (section === undefined || typeof rt.molt_export_get !== "function") {
      throw new Error("this Wasm was not compiled by a Molt with the embedding API: rebuild it");
    }
    const { names } = JSON.parse(new TextDecoder().decode(section)) as { names: string[] };
    const indexOf = new Map(names.map((n, i) => [n, i]));
    const self = new PythonModule(bridge, names, (name) => {
      const v = rt.molt_export_get(indexOf.get(name)!);
      if (v === UNBOUND) return undefined;
      bridge.rt.rt_embed_incref(v);
      return v;
    });
    setArgv(bridge, [options.file ?? "module.py"]);
    bridge.run(() => {
      rt.molt_init();
      if (rt.molt_main() === ERR) throw bridge.takeError();
    });
    return self;
  }

  /**
   * The current value of a public top-level name: plain data converted (a copy), functions and
   * other objects as proxies (the same proxy while the variable holds the same object).
   * undefined for a name the body has not assigned.
   */
  get(name: string): unknown {
    if (!this.known.has(name)) throw new ReferenceError(`the Python module has no public name '${name}'`);
    const v = this.read(name);
    if (v === undefined) return undefined;
    const cached = this.proxies.get(name);
    if (cached !== undefined && cached.value === v && isLiveProxy(cached.proxy)) {
      this.bridge.rt.rt_embed_decref(v);
      return cached.proxy;
    }
    const value = toJs(this.bridge, v, true);
    if (isLiveProxy(value)) {
      this.proxies.set(name, { value: v, proxy: value as PyObject | PythonCallable });
    }
    return value;
  }

  /** Bytes the module's Python heap has allocated (for leak checks). */
  get heapBytes(): number {
    return this.bridge.rt.rt_allocated_bytes() >>> 0;
  }

  /** Python objects currently held by JS proxies of this module's runtime (for leak checks). */
  get liveHandles(): number {
    return this.bridge.handles.size;
  }
}

export type WasmSource = Uint8Array<ArrayBuffer> | ArrayBuffer | string | WebAssembly.Module;

export async function compileWasm(wasm: WasmSource): Promise<WebAssembly.Module> {
  return wasm instanceof WebAssembly.Module ? wasm : WebAssembly.compile(typeof wasm === "string" ? base64Bytes(wasm) : wasm);
}

/** The io given, else the default sinks, either replaced while setPythonIo's override is set. */
export function routedIo(given: Io | undefined): Io {
  const fallback = given ?? defaultIo();
  return { stdout: (s) => (ioOverride ?? fallback).stdout(s), stderr: (s) => (ioOverride ?? fallback).stderr(s) };
}

export function setArgv(bridge: Bridge, argv: readonly string[]): void {
  const bytes = new TextEncoder().encode(argv.map((a) => `${a}\0`).join(""));
  bridge.withBytes(bytes, (p, n) => bridge.rt.rt_set_argv(p, n, argv.length));
}

/** Instantiates a compiled program and runs its body; see PythonModule.load. */
export function loadPythonModule(wasm: WasmSource, options?: LoadOptions): Promise<PythonModule> {
  return PythonModule.load(wasm, options);
}

/** Base64 to bytes without Buffer or atob's string round trip limits in every host. */
export function base64Bytes(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export { PythonRuntime, startPythonRuntime, type RuntimeOptions } from "./app-runtime.js";
