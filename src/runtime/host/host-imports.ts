/**
 * The host functions the runtime imports (`molt_host.*`, AssemblyScript's `env.abort`), shared
 * by the program runner (instance.ts) and the embedding (embedding.ts), matched by name against
 * what a module actually imports so the optimiser may drop any of them.
 */
import { floatDigits, floatFormat } from "./float-format.js";

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Thrown by the runtime's `exit` host call to unwind out of Wasm at once. */
export class ExitSignal {
  constructor(readonly code: number) {}
}

/**
 * The Wasm stack ran out below the recursion limit (a limit raised with sys.setrecursionlimit):
 * CPython would crash there too. What a program runner prints instead of a JS stack.
 */
export function stackOverflowReport(e: unknown): string | null {
  if (!(e instanceof RangeError && /call stack/i.test(e.message))) return null;
  return "Fatal Python error: Cannot recover from stack overflow (the Wasm stack is exhausted below the recursion limit).\n";
}

/** JS functions Python holds (src/runtime/core/jsfunction.ts): only an embedding has them. */
export interface JsFunctionHost {
  /** Calls the function of `handle` with the items of the args tuple (borrowed): a new reference, or ERR with an exception set. */
  callJs(handle: number, args: bigint): bigint;
  releaseJs(handle: number): void;
}

const NO_JS_FUNCTIONS: JsFunctionHost = {
  callJs: () => {
    throw new Error("a program run by molt has no JS functions to call");
  },
  releaseJs: () => {},
};

export function hostImports(
  module: WebAssembly.Module, memory: () => WebAssembly.Memory, write: (fd: number, text: string) => void,
  js: JsFunctionHost = NO_JS_FUNCTIONS,
  /** Further import modules (a profile recorder's `molt_profile`). */
  extra: WebAssembly.Imports = {},
): WebAssembly.Imports {
  const decoder = new TextDecoder();
  const available: Record<string, Record<string, (...args: never[]) => unknown>> = {
    molt_host: {
      write: (fd: number, ptr: number, len: number) => write(fd, decoder.decode(new Uint8Array(memory().buffer, ptr, len))),
      exit: (code: number) => {
        throw new ExitSignal(code);
      },
      /** Shortest round-trip digits of a float: writes ASCII `d.ddde±x` form, returns its length. */
      float_digits: floatDigits(memory),
      /** x.toFixed(p) / x.toExponential(p) digits for format() and %-formatting. */
      float_format: floatFormat(memory),
      now_ns: () => BigInt(Math.round(performance.now() * 1e6)),
      time_ns: () => BigInt(Date.now()) * 1_000_000n,
      call_js: (handle: number, args: bigint) => js.callJs(handle, args),
      release_js: (handle: number) => js.releaseJs(handle),
    },
    env: {
      // AssemblyScript's abort: only reached through a runtime bug, never through Python code.
      abort: (_msg: number, _file: number, line: number, col: number) => {
        throw new Error(`molt runtime aborted at ${line}:${col}`);
      },
    },
  };
  const imports: WebAssembly.Imports = {};
  for (const { module: mod, name } of WebAssembly.Module.imports(module)) {
    const fn = (extra[mod] as Record<string, (...args: never[]) => unknown> | undefined)?.[name] ?? available[mod]?.[name];
    if (fn === undefined) throw new Error(`the runtime imports ${mod}.${name}, which the host does not provide`);
    (imports[mod] ??= {})[name] = fn as never;
  }
  return imports;
}
