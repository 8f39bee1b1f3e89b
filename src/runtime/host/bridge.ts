/**
 * One loaded module's connection to its runtime instance: strings in and out of linear memory,
 * argument vectors, calls, and turning a pending Python exception into a PythonError. The value
 * conversions themselves are to-js.ts and to-python.ts.
 */
import type { EmbedExports } from "./embed-exports.js";
import { HandleTable } from "./handles.js";
import { ExitSignal, type Io, type JsFunctionHost } from "./host-imports.js";
import { PythonError } from "./python-error.js";
import { toJs } from "./to-js.js";
import { toPython } from "./to-python.js";
import { ERR, NONE } from "./value-bits.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class Bridge implements JsFunctionHost {
  readonly handles: HandleTable;
  /** JS functions Python holds, by the handle its JsFunction objects carry. */
  private readonly jsFunctions = new Map<number, (...args: unknown[]) => unknown>();
  private nextJsHandle = 1;
  /** While set, stderr writes are collected here instead (the traceback of a PythonError). */
  private captured: string[] | null = null;
  rt!: EmbedExports;

  constructor(private readonly io: Io) {
    this.handles = new HandleTable((v) => this.rt.rt_embed_decref(v));
  }

  /** The runtime's `write` host call. */
  write(fd: number, text: string): void {
    if (fd === 2 && this.captured !== null) this.captured.push(text);
    else if (fd === 2) this.io.stderr(text);
    else this.io.stdout(text);
  }

  /** A str's text (v borrowed). */
  readStr(v: bigint): string {
    const ptr = this.rt.rt_embed_str_data(v);
    const len = this.rt.rt_embed_str_len(v);
    return decoder.decode(new Uint8Array(this.rt.memory.buffer, ptr, len));
  }

  /** Copies bytes into runtime scratch memory for the duration of `use`. */
  withBytes<T>(bytes: Uint8Array, use: (ptr: number, len: number) => T): T {
    const ptr = this.rt.rt_alloc_bytes(Math.max(bytes.length, 1));
    if (ptr === 0) throw new RangeError("the Python heap is exhausted");
    try {
      new Uint8Array(this.rt.memory.buffer, ptr, bytes.length).set(bytes);
      return use(ptr, bytes.length);
    } finally {
      this.rt.rt_free_bytes(ptr);
    }
  }

  /** A new str. */
  newStr(text: string): bigint {
    return this.check(this.withBytes(encoder.encode(text), (p, n) => this.rt.rt_embed_str_new(p, n)));
  }

  /** Reads a str result the caller owns, then gives it back. */
  takeStr(v: bigint): string {
    try {
      return this.readStr(v);
    } finally {
      this.rt.rt_embed_decref(v);
    }
  }

  /** Passes a fallible result through, or throws the pending exception as a PythonError. */
  check(v: bigint): bigint {
    if (v === ERR) throw this.takeError();
    return v;
  }

  // One argument vector, reused by every call: allocating and freeing one per call was a third
  // of the cost of calling a trivial function from JS. A call made while another is running (a
  // JS callback calling back into Python) gets its own.
  private argv = 0;
  private argvSlots = 0;
  private depth = 0;

  /**
   * callee(*args), arguments borrowed: the result (owned), or throws PythonError. With
   * `kwnames` (a list of strs, borrowed), the last len(kwnames) args are keyword arguments.
   */
  call(callee: bigint, args: readonly bigint[], kwnames?: bigint): bigint {
    const n = args.length;
    const shared = this.depth === 0;
    let argv: number;
    if (shared) {
      if (n > this.argvSlots) {
        if (this.argv !== 0) this.rt.rt_free_bytes(this.argv);
        this.argvSlots = Math.max(n, 8);
        this.argv = this.rt.rt_alloc_bytes(this.argvSlots * 8);
        if (this.argv === 0) throw new RangeError("the Python heap is exhausted");
      }
      argv = this.argv;
    } else {
      argv = this.rt.rt_alloc_bytes(Math.max(n, 1) * 8);
      if (argv === 0) throw new RangeError("the Python heap is exhausted");
    }
    if (n > 0) new BigInt64Array(this.rt.memory.buffer, argv, n).set(args);
    this.depth++;
    try {
      return this.check(kwnames === undefined ? this.rt.rt_embed_call(callee, argv, n) : this.rt.rt_embed_call_kw(callee, argv, n, kwnames));
    } finally {
      this.depth--;
      if (!shared) this.rt.rt_free_bytes(argv);
      // Output printed during the call appears now, not at the next 8 KiB of output.
      this.rt.rt_flush();
    }
  }

  /** A Python callable for a JS function (a new reference). */
  wrapJsFunction(fn: (...args: unknown[]) => unknown): bigint {
    const handle = this.nextJsHandle++;
    this.jsFunctions.set(handle, fn);
    const v = this.rt.rt_embed_js_function(handle);
    if (v === ERR) this.jsFunctions.delete(handle);
    return this.check(v);
  }

  /** The JS function a JsFunction (borrowed) stands for. */
  jsFunctionOf(v: bigint): (...args: unknown[]) => unknown {
    return this.jsFunctions.get(this.rt.rt_embed_js_handle(v))!;
  }

  /**
   * Python calling a JS function: the arguments converted to JS, the result back to Python. A
   * JS exception becomes a Python JsException with the error's name and message.
   */
  callJs(handle: number, args: bigint): bigint {
    const fn = this.jsFunctions.get(handle);
    try {
      if (fn === undefined) throw new ReferenceError("the JS function was released");
      const n = this.rt.rt_embed_seq_len(args);
      const jsArgs: unknown[] = [];
      for (let i = 0; i < n; i++) jsArgs.push(toJs(this, this.rt.rt_embed_seq_item(args, i), true));
      return toPython(this, fn(...jsArgs));
    } catch (e) {
      // A trap or an exit unwinds everything: Python must not catch it and run on.
      if (e instanceof WebAssembly.RuntimeError || e instanceof ExitSignal || e instanceof RangeError && /call stack/.test(e.message)) throw e;
      // A PythonError's message already starts with the Python type name.
      const text = e instanceof PythonError ? e.message : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      const message = this.withBytes(encoder.encode(text), (p, n) => this.rt.rt_embed_str_new(p, n));
      return message === ERR ? ERR : this.rt.rt_embed_raise_js(message);
    }
  }

  releaseJs(handle: number): void {
    this.jsFunctions.delete(handle);
  }

  /** Runs Python code for the host: sys.exit() becomes a PythonError, and what it printed comes out. */
  run<T>(body: () => T): T {
    try {
      return body();
    } catch (e) {
      if (e instanceof ExitSignal) throw new PythonError("SystemExit", String(e.code), "");
      throw e;
    } finally {
      this.rt.rt_flush();
    }
  }

  /** Takes the pending exception and describes it with its type, str() and full report. */
  takeError(): PythonError {
    return this.pendingError() ?? new PythonError("SystemError", "error return without exception set", "");
  }

  /** The pending exception, taken, as a PythonError; null if none is pending. */
  pendingError(): PythonError | null {
    const e = this.rt.rt_embed_err_fetch();
    if (e === NONE) return null;
    try {
      const type = this.readStr(this.rt.rt_embed_type_name(e));
      const text = this.rt.rt_embed_str(e);
      // str() of an exception can itself raise (a broken __str__ once classes compile).
      const message = text === ERR ? (this.rt.rt_embed_decref(this.rt.rt_embed_err_fetch()), "<exception str() failed>") : this.takeStr(text);
      this.captured = [];
      try {
        this.rt.rt_embed_err_report(e);
        return new PythonError(type, message, this.captured.join(""));
      } finally {
        this.captured = null;
      }
    } finally {
      this.rt.rt_embed_decref(e);
    }
  }
}
