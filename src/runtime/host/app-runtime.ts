/**
 * One Python runtime shared by every `.py` module of an app: one heap, one `sys.modules`, so a
 * Python object passes from one module to another and a module two others import exists once.
 * The runtime is instantiated once (src/compiler/codegen/shared-runtime.ts); each Python module
 * is a Wasm module of its own (side-module-link.ts) that `link` instantiates against it, placing
 * its functions in the runtime's function table. `importModule` then imports one as Python's
 * `import` would (running its body the first time) and gives JS its public names.
 */
import { Bridge } from "./bridge.js";
import { registerModule } from "./buffers.js";
import type { SharedRuntimeExports } from "./embed-exports.js";
import { PythonModule, compileWasm, routedIo, setArgv, type WasmSource } from "./embedding.js";
import type { ProfileRecorder } from "./profile-recorder.js";
import { ExitSignal, hostImports, stackOverflowReport, type Io } from "./host-imports.js";
import { ERR } from "./value-bits.js";

/** Custom section of a module compiled to link into the shared runtime (src/compiler/codegen/side-module-link.ts). */
const LINK_SECTION = "molt.link";

export interface RuntimeOptions {
  /** Where print() and tracebacks go; default: the process's streams in Node, else the console. */
  io?: Io;
  /** Records the calls of modules built instrumented (profile-recorder.ts; Node only). */
  profile?: ProfileRecorder;
}

export class PythonRuntime {
  private readonly modules = new Map<string, PythonModule>();

  private constructor(
    private readonly bridge: Bridge,
    private readonly rt: SharedRuntimeExports,
    private readonly profile: ProfileRecorder | undefined,
  ) {
    // allocateBuffer and reserveMemory take the runtime, or any module of it.
    registerModule(this, bridge);
  }

  static async start(wasm: WasmSource, options: RuntimeOptions = {}): Promise<PythonRuntime> {
    const module = await compileWasm(wasm);
    const bridge = new Bridge(routedIo(options.io));
    const instance = await WebAssembly.instantiate(module, hostImports(module, () => bridge.rt.memory, (fd, s) => bridge.write(fd, s), bridge));
    const rt = instance.exports as unknown as SharedRuntimeExports;
    if (!(rt.table instanceof WebAssembly.Table)) throw new Error("this Wasm is not Molt's shared runtime: rebuild it");
    bridge.rt = rt;
    setArgv(bridge, [""]);
    return new PythonRuntime(bridge, rt, options.profile);
  }

  /**
   * Links a compiled Python module (its Wasm, or base64 text of it) into the runtime: its code
   * joins the function table and it declares itself and the modules it imports. Its body runs
   * when it is first imported.
   */
  async link(wasm: WasmSource): Promise<void> {
    const module = await compileWasm(wasm);
    const section = WebAssembly.Module.customSections(module, LINK_SECTION)[0];
    if (section === undefined) throw new Error("this Wasm is not a Python module compiled to link into Molt's shared runtime: rebuild it");
    const { name, tableSlots } = JSON.parse(new TextDecoder().decode(section)) as { name: string; tableSlots: number };
    const base = this.rt.table.grow(tableSlots);
    const instance = await WebAssembly.instantiate(module, {
      molt_rt: this.rt as unknown as WebAssembly.ModuleImports,
      molt_link: { table_base: new WebAssembly.Global({ value: "i32", mutable: false }, base) },
      ...this.profile?.importsFor(module),
    });
    const init = instance.exports.molt_init as () => void;
    this.bridge.run(() => {
      init();
      const error = this.bridge.pendingError();
      if (error !== null) throw error;
    });
    // Linked again with new code (an edit under a dev server): the next import runs it.
    this.modules.delete(name);
  }

  /**
   * `import name`, from JS: the module's public names (`names`, which the compiler lists) as a
   * PythonModule. Throws PythonError if its body raises; importing it again then runs it again,
   * as in Python.
   */
  importModule(name: string, names: readonly string[]): PythonModule {
    const have = this.modules.get(name);
    if (have !== undefined) return have;
    const { bridge, rt } = this;
    const module = bridge.run(() => {
      const key = bridge.newStr(name);
      try {
        return bridge.check(rt.rt_embed_import(key));
      } finally {
        rt.rt_embed_decref(key);
      }
    });
    // Module objects are immortal: the reference need not be given back.
    const keys = new Map(names.map((n) => [n, bridge.newStr(n)]));
    const self = new PythonModule(bridge, names, (attr) => {
      const v = rt.rt_embed_getattr(module, keys.get(attr)!);
      if (v !== ERR) return v;
      // A name the body has not bound (or has deleted) reads as undefined, as before it ran.
      rt.rt_embed_decref(rt.rt_embed_err_fetch());
      return undefined;
    });
    this.modules.set(name, self);
    return self;
  }

  /**
   * Runs linked module `__main__` as a program, as `molt run` does: sys.argv set, an uncaught
   * exception reported on stderr as CPython reports it. Returns the exit status.
   */
  runMain(argv: readonly string[]): number {
    const { bridge, rt } = this;
    try {
      setArgv(bridge, argv);
      const key = bridge.newStr("__main__");
      const module = rt.rt_embed_import(key);
      rt.rt_embed_decref(key);
      return module === ERR ? rt.rt_report_uncaught() : 0;
    } catch (e) {
      if (e instanceof ExitSignal) return e.code;
      const overflow = stackOverflowReport(e);
      if (overflow === null) throw e;
      rt.rt_flush();
      bridge.write(2, overflow);
      return 1;
    } finally {
      rt.rt_flush();
    }
  }
}

/** Starts the runtime an app's modules share; see PythonRuntime. */
export function startPythonRuntime(wasm: WasmSource, options?: RuntimeOptions): Promise<PythonRuntime> {
  return PythonRuntime.start(wasm, options);
}
