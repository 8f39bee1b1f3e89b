/**
 * Loads the compiled runtime (dist/runtime/molt-runtime.wasm) for the runtime tests, building
 * it first when it is missing or older than its sources, and converts between JS values and
 * the runtime's boxed Values (docs/decisions/0002-runtime-abi.md) for assertions.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { floatDigits, floatFormat } from "../../src/runtime/host/float-format.js";

const root = join(import.meta.dirname, "..", "..");
const sourceDir = join(root, "src", "runtime", "core");
const buildScript = join(root, "scripts", "build-runtime.mjs");
export const RUNTIME_WASM = join(root, "dist", "runtime", "molt-runtime.wasm");

/** Builds the runtime (optionally to another file with other options) if it is stale. */
export function buildRuntime(out = RUNTIME_WASM, extraArgs: string[] = []): string {
  const newest = Math.max(
    statSync(buildScript).mtimeMs,
    ...readdirSync(sourceDir).map((f) => statSync(join(sourceDir, f)).mtimeMs),
  );
  if (!existsSync(out) || statSync(out).mtimeMs < newest) {
    execFileSync("node", [buildScript, "--out", out, ...extraArgs], { stdio: "pipe" });
  }
  return out;
}

export const ERR = BigInt.asIntN(64, 0xffffn << 48n);
export const EXHAUSTED = BigInt.asIntN(64, (0xffffn << 48n) | 2n);
export const NONE = BigInt.asIntN(64, 0xfffbn << 48n);
export const FALSE = BigInt.asIntN(64, 0xfffan << 48n);
export const TRUE = BigInt.asIntN(64, (0xfffan << 48n) | 1n);

type V = bigint;
/** The runtime's exports, typed loosely: every rt_ function takes and returns numbers/bigints. */
export type Exports = Record<string, (...args: (number | bigint)[]) => any> & { memory: WebAssembly.Memory };

export class Runtime {
  readonly x: Exports;
  private readonly enc = new TextEncoder();
  private readonly dec = new TextDecoder();
  /** What the runtime wrote to fd 1 and fd 2 (molt_host.write), in order. */
  stdout = "";
  stderr = "";

  private constructor(x: Exports) {
    this.x = x;
  }

  static load(path = buildRuntime()): Runtime {
    let memory: WebAssembly.Memory | undefined;
    let rt: Runtime | undefined;
    const module = new WebAssembly.Module(readFileSync(path));
    const decoder = new TextDecoder();
    const instance = new WebAssembly.Instance(module, {
      molt_host: {
        float_digits: floatDigits(() => memory!),
        float_format: floatFormat(() => memory!),
        write: (fd: number, ptr: number, len: number) => {
          const text = decoder.decode(new Uint8Array(memory!.buffer, ptr, len));
          if (fd === 2) rt!.stderr += text;
          else rt!.stdout += text;
        },
        now_ns: () => BigInt(Math.round(performance.now() * 1e6)),
        time_ns: () => BigInt(Date.now()) * 1_000_000n,
        call_js: noLinkedModules,
        release_js: noLinkedModules,
      },
      // AssemblyScript's abort, as the host provides it: reached only through a runtime bug.
      env: {
        abort: (_msg: number, _file: number, line: number, col: number) => {
          throw new Error(`molt runtime aborted at ${line}:${col}`);
        },
      },
      // What the linker defines for compiled programs: tests stand in for compiled functions.
      molt_link: {
        call_function: (entry: number, fn: bigint, argv: number, argc: number, kwnames: bigint) =>
          rt!.linkCall(entry, fn, argv, argc, kwnames),
        // No Python module is linked into the bare runtime, so nothing can reach these.
        module_body: noLinkedModules,
        module_get: noLinkedModules,
        module_set: noLinkedModules,
      },
    });
    const x = instance.exports as unknown as Exports;
    memory = x.memory;
    rt = new Runtime(x);
    return rt;
  }

  /** Stands in for compiled function entries (molt_link.call_function): tests replace it. */
  linkCall: (entry: number, fn: bigint, argv: number, argc: number, kwnames: bigint) => bigint = () => {
    throw new Error("no compiled function is linked into the bare runtime");
  };

  /** Flushes the runtime's stdout buffer and returns (and clears) everything written. */
  output(): { stdout: string; stderr: string } {
    this.x.rt_flush!();
    const out = { stdout: this.stdout, stderr: this.stderr };
    this.stdout = "";
    this.stderr = "";
    return out;
  }

  // ---- JS -> Python ----

  str(s: string): V {
    const bytes = this.enc.encode(s);
    const p = this.x.rt_alloc_bytes!(Math.max(1, bytes.length)) as number;
    new Uint8Array(this.x.memory.buffer, p, bytes.length).set(bytes);
    const v = this.x.rt_str_new!(p, bytes.length) as V;
    this.x.rt_free_bytes!(p);
    return v;
  }

  int(n: bigint | number): V {
    const s = this.str(BigInt(n).toString());
    const v = this.x.rt_int_from_str!(s, 10) as V;
    this.decref(s);
    return v;
  }

  float(x: number): V {
    if (Number.isNaN(x)) return 0x7ff8_0000_0000_0000n;
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    return view.getBigInt64(0);
  }

  /** A Python container built from Values (references are given to the container). */
  build(kind: "list" | "tuple" | "set", items: V[]): V {
    const p = this.x.rt_alloc_bytes!(Math.max(8, items.length * 8)) as number;
    const view = new BigInt64Array(this.x.memory.buffer, p, items.length);
    items.forEach((v, i) => (view[i] = v));
    const v = this.x[`rt_build_${kind}`]!(p, items.length) as V;
    this.x.rt_free_bytes!(p);
    return v;
  }

  // ---- Python -> JS ----

  isFloat(v: V): boolean {
    return BigInt.asUintN(64, v) < 0xfff9n << 48n;
  }

  toFloat(v: V): number {
    const view = new DataView(new ArrayBuffer(8));
    view.setBigInt64(0, v);
    return view.getFloat64(0);
  }

  /** A str object's text. */
  text(v: V): string {
    const p = this.x.rt_str_data!(v) as number;
    const n = this.x.rt_str_byte_length!(v) as number;
    return this.dec.decode(new Uint8Array(this.x.memory.buffer, p, n));
  }

  /** repr(v) as a JS string (throws if repr raised). */
  repr(v: V): string {
    const r = this.check(this.x.rt_repr!(v) as V);
    const s = this.text(r);
    this.decref(r);
    return s;
  }

  /** An int Value as a bigint (through its decimal repr). */
  bigint(v: V): bigint {
    return BigInt(this.repr(v));
  }

  typeName(v: V): string {
    return this.text(this.x.rt_type_name!(v) as V);
  }

  decref(v: V): void {
    this.x.rt_decref!(v);
  }

  /** Throws a JS error describing the pending Python exception when v is ERR. */
  check(v: V): V {
    if (v === ERR) throw new Error(`Python exception: ${this.takeError()}`);
    return v;
  }

  /** Takes the pending exception as "TypeName: str(exc)" and clears it. */
  takeError(): string {
    const e = this.x.rt_err_fetch!() as V;
    if (e === NONE) return "(no exception pending)";
    const s = this.x.rt_str!(e) as V;
    const text = `${this.typeName(e)}: ${s === ERR ? "?" : this.text(s)}`;
    if (s !== ERR) this.decref(s);
    this.decref(e);
    return text;
  }

  /** Throws a JS error describing the pending Python exception when a 0/-1 status is -1. */
  checkStatus(status: number): void {
    if (status < 0) throw new Error(`Python exception: ${this.takeError()}`);
  }

  /** Calls an export returning a 0/-1 status; "ok" or "TypeName: message". */
  callStatus(name: string, ...args: V[]): string {
    const r = this.x[name]!(...args) as number;
    return r < 0 ? this.takeError() : "ok";
  }

  /** Calls an export; returns repr of the result or "TypeName: message" if it raised. */
  call(name: string, ...args: V[]): string {
    const r = this.x[name]!(...args) as V;
    if (r === ERR) return this.takeError();
    const s = this.repr(r);
    this.decref(r);
    return s;
  }
}

function noLinkedModules(): never {
  throw new Error("no Python module is linked into the bare runtime");
}
