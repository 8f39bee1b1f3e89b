/**
 * CPython as the oracle for the sema tests: its ASTs (tests/sema/cpython-ast.py) to feed our
 * analysis, and its symbol tables and compile errors (tests/sema/symtable-oracle.py) to
 * compare with.
 */
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ellipsis, Imaginary, type Module } from "../../src/compiler/syntax/ast.js";
import type { TableJson } from "../../src/compiler/sema/symtable-json.js";

const here = dirname(fileURLToPath(import.meta.url));

export type Request = { path: string } | { source: string };

export interface ErrorJson {
  type: string;
  msg: string;
  lineno: number | null;
  offset: number | null;
  end_lineno: number | null;
  end_offset: number | null;
}

export interface OracleAnswer {
  table?: TableJson;
  error?: ErrorJson;
}

function run<T>(script: string, requests: Request[], reviver?: (key: string, value: unknown) => unknown): T[] {
  const out = execFileSync("python3", [join(here, script)], {
    input: requests.map((r) => JSON.stringify(r)).join("\n") + "\n",
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  return out.trim().split("\n").map((line) => JSON.parse(line, reviver) as T);
}

function reviveConstant(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const v = value as Record<string, unknown>;
  if ("$int" in v) return BigInt(v.$int as string);
  if ("$float" in v) return Number(v.$float === "inf" ? Infinity : v.$float);
  if ("$imag" in v) return new Imaginary(Number(v.$imag === "inf" ? Infinity : v.$imag));
  if ("$bytes" in v) return new Uint8Array(v.$bytes as number[]);
  if ("$ellipsis" in v) return Ellipsis;
  return value;
}

/** CPython's AST for each request (undefined where CPython cannot parse it). */
export function cpythonAsts(requests: Request[]): (Module | undefined)[] {
  return run<{ ast?: Module }>("cpython-ast.py", requests, reviveConstant).map((r) => r.ast);
}

export function cpythonSymtables(requests: Request[]): OracleAnswer[] {
  return run<OracleAnswer>("symtable-oracle.py", requests);
}

/** Per code object CPython compiles, the facts it takes from the symbol table (see code-oracle.py). */
export function cpythonCodeFacts(requests: Request[]): string[][] {
  return run<string[]>("code-oracle.py", requests);
}
