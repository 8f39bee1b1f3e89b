/**
 * Runs a compiled Molt program: instantiates its Wasm (program linked into the runtime) with
 * the host functions the runtime imports, runs the module body, and turns an uncaught Python
 * exception into CPython's traceback on stderr and exit status 1 (or SystemExit's code).
 *
 * The same code runs in Node and in browsers: output goes through the `Io` sinks.
 */
import type { ProfileRecorder } from "./profile-recorder.js";
import { ExitSignal, hostImports, stackOverflowReport, type Io } from "./host-imports.js";

export type { Io };

interface RuntimeExports {
  memory: WebAssembly.Memory;
  molt_init(): void;
  molt_main(): bigint;
  /** Prints the pending exception's traceback to stderr; returns the exit status (SystemExit aware). */
  rt_report_uncaught(): number;
  /** Gives the runtime `sys.argv`: a UTF-8, NUL-separated block at `ptr`. */
  rt_set_argv(ptr: number, len: number, count: number): void;
  rt_alloc_bytes(size: number): number;
  rt_free_bytes(ptr: number): void;
  /** Writes out the runtime's buffered stdout. */
  rt_flush(): void;
}

const ERR = BigInt.asIntN(64, 0xffffn << 48n);

export class MoltProgram {
  private exports!: RuntimeExports;

  private constructor(private readonly io: Io) {}

  /** `profile` records the calls of an instrumented build (profile-recorder.ts). */
  static async load(wasm: Uint8Array<ArrayBuffer> | WebAssembly.Module, io: Io, profile?: ProfileRecorder): Promise<MoltProgram> {
    const program = new MoltProgram(io);
    const module = wasm instanceof WebAssembly.Module ? wasm : await WebAssembly.compile(wasm);
    const instance = await WebAssembly.instantiate(module, program.imports(module, profile?.importsFor(module)));
    program.exports = instance.exports as unknown as RuntimeExports;
    return program;
  }

  /** Host functions, matched by name against what the module imports. */
  private imports(module: WebAssembly.Module, extra?: WebAssembly.Imports): WebAssembly.Imports {
    return hostImports(module, () => this.exports.memory, (fd, s) => (fd === 2 ? this.io.stderr(s) : this.io.stdout(s)), undefined, extra);
  }

  private setArgv(argv: readonly string[]): void {
    const bytes = new TextEncoder().encode(argv.map((a) => a + "\0").join(""));
    const ptr = this.exports.rt_alloc_bytes(Math.max(bytes.length, 1));
    new Uint8Array(this.exports.memory.buffer, ptr, bytes.length).set(bytes);
    this.exports.rt_set_argv(ptr, bytes.length, argv.length);
    this.exports.rt_free_bytes(ptr);
  }

  /** Runs the module body; returns the process exit status CPython would have. */
  run(argv: readonly string[]): number {
    try {
      this.setArgv(argv);
      this.exports.molt_init();
      if (this.exports.molt_main() !== ERR) return 0;
      return this.exports.rt_report_uncaught();
    } catch (e) {
      if (e instanceof ExitSignal) return e.code;
      const overflow = stackOverflowReport(e);
      if (overflow === null) throw e;
      this.flush();
      this.io.stderr(overflow);
      return 1;
    } finally {
      // stdout is buffered in the runtime; whatever happened, what was printed comes out.
      this.flush();
    }
  }

  /** The size of the program's linear memory in bytes (it only grows). */
  get memoryBytes(): number {
    return this.exports.memory.buffer.byteLength;
  }

  private flush(): void {
    try {
      this.exports.rt_flush?.();
    } catch {
      // A trap left the instance unusable: nothing more can be written.
    }
  }
}
