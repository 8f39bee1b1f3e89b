/**
 * A stable, CPython-shaped serialization of symbol tables: the same JSON that
 * tests/sema/symtable-oracle.py prints for CPython's `_symtable`, so the two can be compared
 * as text, and a readable dump for debugging (`tableJson(st.top)`).
 */
import type { Resolution, Scope } from "./scope.js";

export interface TableJson {
  type: "module" | "class" | "function" | "annotation";
  name: string;
  lineno: number;
  nested: boolean;
  params: string[];
  /** Name -> "SCOPE FLAG,FLAG,...", with CPython's constant names. */
  symbols: Record<string, string>;
  children: TableJson[];
}

const SCOPE_NAMES: Record<Resolution, string> = {
  local: "LOCAL",
  globalExplicit: "GLOBAL_EXPLICIT",
  globalImplicit: "GLOBAL_IMPLICIT",
  free: "FREE",
  cell: "CELL",
};

const FLAG_NAMES: [number, string][] = [
  [1, "DEF_GLOBAL"], [2, "DEF_LOCAL"], [4, "DEF_PARAM"], [8, "DEF_NONLOCAL"], [16, "USE"],
  [32, "DEF_FREE"], [64, "DEF_FREE_CLASS"], [128, "DEF_IMPORT"], [256, "DEF_ANNOT"], [512, "DEF_COMP_ITER"],
];

/** Python's string order (by code point), which differs from JS's for astral characters. */
function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

export function tableJson(scope: Scope): TableJson {
  const symbols: Record<string, string> = {};
  for (const name of [...scope.symbols.keys()].sort(compareCodePoints)) {
    const sym = scope.symbols.get(name)!;
    const flags = FLAG_NAMES.filter(([bit]) => sym.flags & bit).map(([, n]) => n);
    symbols[name] = `${SCOPE_NAMES[sym.resolution]} ${flags.join(",")}`;
  }
  return {
    type: scope.isFunctionLike ? "function" : scope.kind === "module" || scope.kind === "class" ? scope.kind : "annotation",
    name: scope.name,
    lineno: scope.lineno,
    nested: scope.nested,
    params: [...scope.params],
    symbols,
    children: scope.children.map(tableJson),
  };
}
