/**
 * The compiler <-> runtime contract: every entry of RUNTIME_API (and the host loader's
 * HOST_API) is exported by the built runtime with exactly the declared Wasm signature, and the
 * runtime imports nothing but what the host loader and the linker provide.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadBinaryen, type Binaryen } from "../../src/compiler/codegen/binaryen.js";
import { HOST_API, RUNTIME_API, type RuntimeFunction, type WasmType } from "../../src/compiler/codegen/runtime-api.js";
import { buildRuntime } from "./harness.js";

let b: Binaryen;
let wasm: Uint8Array;
beforeAll(async () => {
  b = await loadBinaryen();
  wasm = readFileSync(buildRuntime());
});

/** name -> "(i64, i32) -> i64" for every exported function, read back with binaryen. */
function exportedSignatures(bytes: Uint8Array): Map<string, string> {
  const m = b.readBinary(bytes);
  try {
    const out = new Map<string, string>();
    for (let i = 0; i < m.getNumExports(); i++) {
      const info = b.getExportInfo(m.getExportByIndex(i));
      if (info.kind !== b.ExternalFunction) continue;
      const fn = b.getFunctionInfo(m.getFunction(info.value));
      const params = b.expandType(fn.params).map(typeName);
      out.set(info.name, `(${params.join(", ")}) -> ${typeName(fn.results)}`);
    }
    return out;
  } finally {
    m.dispose();
  }
}

function typeName(t: number): WasmType | string {
  if (t === b.i32) return "i32";
  if (t === b.i64) return "i64";
  if (t === b.f64) return "f64";
  if (t === b.none) return "none";
  return `type#${t}`;
}

const declared = (f: RuntimeFunction) => `(${f.params.join(", ")}) -> ${f.result}`;

describe("runtime ABI", () => {
  it("exports every RUNTIME_API and HOST_API function with the declared signature", () => {
    const exported = exportedSignatures(wasm);
    const problems: string[] = [];
    for (const [name, fn] of [...Object.entries(RUNTIME_API), ...Object.entries(HOST_API)]) {
      const got = exported.get(name);
      if (got === undefined) problems.push(`${name}: not exported`);
      else if (got !== declared(fn)) problems.push(`${name}: exported as ${got}, declared ${declared(fn)}`);
    }
    expect(problems).toEqual([]);
    // The same check through the JS API: every export is a function of the declared arity.
    const module = new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>);
    const kinds = new Map(WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]));
    for (const name of Object.keys(RUNTIME_API)) expect(kinds.get(name), name).toBe("function");
    expect(kinds.get("memory")).toBe("memory");
  });

  it("imports only what the host loader and the linker provide", () => {
    const module = new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>);
    const allowed = new Set([
      "molt_host.write", "molt_host.exit", "molt_host.float_digits", "molt_host.float_format", "molt_host.now_ns",
      "molt_host.time_ns", "molt_host.call_js", "molt_host.release_js",
      "env.abort", "molt_link.call_function", "molt_link.module_body", "molt_link.module_get", "molt_link.module_set",
    ]);
    const imports = WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}`);
    expect(imports.filter((i) => !allowed.has(i))).toEqual([]);
    // molt_link.call_function(entry, fn, argv, argc, kwnames) -> value: the linker replaces it.
    const m = b.readBinary(wasm);
    try {
      let found = "";
      for (let i = 0; i < m.getNumFunctions(); i++) {
        const info = b.getFunctionInfo(m.getFunctionByIndex(i));
        if (info.module === "molt_link" && info.base === "call_function") {
          found = `(${b.expandType(info.params).map(typeName).join(", ")}) -> ${typeName(info.results)}`;
        }
      }
      expect(found).toBe("(i32, i64, i32, i32, i64) -> i64");
    } finally {
      m.dispose();
    }
  });

  it("never uses AssemblyScript's own allocator (the runtime manages linear memory itself)", () => {
    // A debug build keeps function names: none of AssemblyScript's managed runtime may appear,
    // since its bump allocator would hand out memory the runtime's allocator also owns.
    const out = join(mkdtempSync(join(tmpdir(), "molt-rt-")), "debug.wasm");
    const bytes = readFileSync(buildRuntime(out, ["--debug"]));
    const m = b.readBinary(bytes);
    try {
      const names: string[] = [];
      for (let i = 0; i < m.getNumFunctions(); i++) names.push(b.getFunctionInfo(m.getFunctionByIndex(i)).name);
      expect(names.filter((n) => /~lib\/rt\/(stub|tlsf|itcms)|__new|__alloc|__renew/.test(n))).toEqual([]);
    } finally {
      m.dispose();
    }
  });
});
