/**
 * The program: the main module and every module it imports, found at compile time. Molt
 * compiles a program whole, so each `import` is resolved here, from the main file's directory
 * and then Molt's standard library, as `sys.path` would resolve it: a module with code is
 * parsed and analysed (its own imports followed in turn), a directory is a namespace package,
 * and a name nothing provides becomes a module whose import raises ModuleNotFoundError at run
 * time, as in CPython. A module of CPython's standard library that Molt does not provide is
 * refused at compile time: the program would run differently from CPython.
 *
 * Whether the imports run, and in what order, is still decided at run time.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { packageRoot } from "../../package-root.js";
import type * as ast from "../syntax/ast.js";
import { parse } from "../syntax/parser.js";
import { decodeSource } from "../syntax/source.js";
import { PySyntaxError } from "../syntax/errors.js";
import { analyze } from "../sema/index.js";
import type { SymbolTable } from "../sema/scope.js";
import { refuseDynamicCode } from "../sema/dynamic-code.js";
import { UnsupportedError } from "../diagnostics.js";
import { findModule } from "./search.js";
import { CPYTHON_STDLIB_MODULES } from "./stdlib-names.js";

/** Modules the runtime implements natively. */
export const BUILTIN_MODULES: ReadonlySet<string> = new Set(["sys", "time", "math", "array"]);

/**
 * What `from M import *` binds for a builtin module that has all of CPython's public names
 * (`math`, `array`; `sys` and `time` have only part of theirs, so their star import is refused).
 */
const BUILTIN_STAR_NAMES: ReadonlyMap<string, readonly string[]> = new Map([
  ["array", ["ArrayType", "array", "typecodes"]],
  ["math", [
    "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "cbrt", "ceil", "comb", "copysign", "cos", "cosh",
    "degrees", "dist", "e", "erf", "erfc", "exp", "exp2", "expm1", "fabs", "factorial", "floor", "fmod", "frexp",
    "fsum", "gamma", "gcd", "hypot", "inf", "isclose", "isfinite", "isinf", "isnan", "isqrt", "lcm", "ldexp",
    "lgamma", "log", "log10", "log1p", "log2", "modf", "nan", "nextafter", "perm", "pi", "pow", "prod", "radians",
    "remainder", "sin", "sinh", "sqrt", "tan", "tanh", "tau", "trunc", "ulp",
  ]],
]);

export interface SourceModule {
  /** `__main__` for the program run, else the dotted module name. */
  readonly name: string;
  /** The file as tracebacks and `__file__` name it. */
  readonly filename: string;
  /** Where the file is. */
  readonly path: string;
  readonly source: Uint8Array | string;
  readonly text: string;
  readonly tree: ast.Module;
  readonly table: SymbolTable;
  /** The package relative imports start from: the module itself for a package's `__init__`. */
  readonly packageName: string | null;
  readonly isPackage: boolean;
  /** One of Molt's standard library modules (lib/python). */
  readonly isStdlib: boolean;
}

/** A module the program may import, by absolute name. */
export type LinkedModule =
  | { kind: "code"; name: string; parent: string | null; module: SourceModule }
  | { kind: "namespace"; name: string; parent: string | null; searchDirs: readonly string[] }
  | { kind: "missing"; name: string; parent: string | null }
  | { kind: "builtin"; name: string };

export interface ProgramOptions {
  /** Python module name of the main file (`__main__` when it is the program run). */
  moduleName?: string;
  /** Directories searched for imports; default: the main file's directory, then Molt's standard library. */
  searchPath?: readonly string[];
  /** The name tracebacks and `__file__` give an imported module's file (default: its path). */
  fileLabel?: (path: string) => string;
}

/** Where Molt's standard library modules written in Python live. */
export const stdlibDir = (): string => join(packageRoot(), "lib", "python");

export class Program {
  readonly main: SourceModule;
  /** Every module an import can reach, in the order found; the main module is not among them. */
  readonly linked = new Map<string, LinkedModule>();
  private readonly searchPath: readonly string[];
  private readonly fileLabel: (path: string) => string;
  private readonly starCache = new Map<string, readonly string[] | null>();

  constructor(source: Uint8Array | string, filename: string, options: ProgramOptions = {}) {
    // sys.path[0] is the main file's directory, made absolute as CPython makes it.
    this.searchPath = options.searchPath ?? [resolve(dirname(filename)), stdlibDir()];
    this.fileLabel = options.fileLabel ?? ((path) => path);
    const name = options.moduleName ?? "__main__";
    this.main = this.load(name, filename, source, false);
    const pending = [this.main];
    const seen = new Set<SourceModule>(pending);
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      const mod = next;
      inModule(mod, () => {
        for (const request of importRequests(mod)) {
          for (const found of this.resolveRequest(mod, request)) {
            if (found.kind === "code" && !seen.has(found.module)) {
              seen.add(found.module);
              pending.push(found.module);
            }
          }
        }
      });
    }
    for (const mod of this.sources) inModule(mod, () => this.refuseMissingStdlibNames(mod));
  }

  /**
   * Molt's standard library is not complete: a name a program takes from one of its modules
   * that the module does not define would fail at run time where CPython succeeds, so it is
   * refused at compile time. Checked: `from M import name` and `M.name` where the module binds
   * M by `import M` (or `import M as alias`).
   */
  private refuseMissingStdlibNames(mod: SourceModule): void {
    const aliases = new Map<string, string>();
    const check = (module: string, name: string, at: ast.Located) => {
      const m = this.linked.get(module);
      if (m?.kind !== "code" || !m.module.isStdlib || this.linked.has(`${module}.${name}`)) return;
      if (!(name in moduleAttributes(m.module)) && !moduleGlobals(m.module, this.importsOf(m.module)).includes(name)) {
        throw new UnsupportedError(`'${name}' of the standard library module '${module}'`, at, "is not provided by Molt yet");
      }
    };
    walk(mod.tree.body, (n) => {
      if (n.nodeType === "Import") for (const a of n.names) if (a.asname !== null || !a.name.includes(".")) aliases.set(a.asname ?? a.name, a.name);
      if (n.nodeType === "ImportFrom" && n.level === 0 && n.module !== null) for (const a of n.names) if (a.name !== "*") check(n.module, a.name, a);
    });
    walk(mod.tree.body, (n) => {
      if (n.nodeType === "Attribute" && n.value.nodeType === "Name" && aliases.has(n.value.id)) check(aliases.get(n.value.id)!, n.attr, n);
    });
  }

  /** How every import resolved, as text: part of the compile cache's key. */
  get resolution(): string {
    return [...this.linked.values()].map((m) => `${m.name}:${m.kind}${m.kind === "code" ? `:${m.module.path}` : ""}`).join("\n");
  }

  /** Modules with code, the main module first. */
  get sources(): SourceModule[] {
    const out = [this.main];
    for (const m of this.linked.values()) if (m.kind === "code") out.push(m.module);
    return out;
  }

  /** What lowering asks about the imports of one module. */
  importsOf(mod: SourceModule): ModuleImports {
    return {
      absolute: (level, module) => absoluteName(mod, level, module),
      isModule: (name) => {
        const m = this.linked.get(name);
        return m !== undefined && (m.kind === "code" || m.kind === "namespace");
      },
      starNames: (name, at) => {
        const names = this.starNames(name);
        const m = this.linked.get(name);
        const listed = m?.kind === "code" && literalAll(m.module) !== undefined;
        if (names === null && this.linked.get(name)?.kind === "builtin") throw new UnsupportedError(`'from ${name} import *'`, at);
        if (names === null) throw new UnsupportedError(`'from ${name} import *' of a module whose __all__ is not a literal list of names`, at);
        return { names, listed };
      },
    };
  }

  private load(name: string, filename: string, source: Uint8Array | string, isPackage: boolean, path = filename): SourceModule {
    let text: string | null = null;
    return inFile(filename, () => text, () => {
      text = decodeSource(source).text;
      const tree = parse(source, filename);
      const table = analyze(tree);
      refuseDynamicCode(tree, table);
      const packageName = isPackage ? name : name.includes(".") ? name.slice(0, name.lastIndexOf(".")) : name === "__main__" ? null : "";
      const isStdlib = path.startsWith(stdlibDir());
      return { name, filename, path, source, text, tree, table, packageName, isPackage, isStdlib };
    });
  }

  /** The modules an import statement may import, each resolved (and its packages). */
  private resolveRequest(mod: SourceModule, request: ImportRequest): LinkedModule[] {
    const out: LinkedModule[] = [];
    const base = absoluteName(mod, request.level, request.module);
    if (typeof base !== "string") return out;
    out.push(...this.resolve(base, request.at));
    // `from package import name` imports the submodule `name` when the package has no such
    // attribute; so does a star import for each name of the package's `__all__`.
    const target = this.linked.get(base);
    const starred = request.star && target?.kind === "code" ? literalAll(target.module) ?? [] : [];
    for (const name of [...request.fromNames, ...(starred ?? [])]) {
      const sub = this.resolveIfFound(`${base}.${name}`);
      if (sub) out.push(sub);
    }
    return out;
  }

  /** The module and each package above it, resolved. */
  private resolve(name: string, at: ast.Located): LinkedModule[] {
    const known = this.linked.get(name);
    if (known) return [known];
    const dot = name.lastIndexOf(".");
    if (dot < 0) {
      if (BUILTIN_MODULES.has(name)) return [this.add({ kind: "builtin", name })];
      const found = this.resolveIfFound(name);
      if (found) return [found];
      if (CPYTHON_STDLIB_MODULES.has(name)) {
        throw new UnsupportedError(`importing the standard library module '${name}' (Molt provides ${[...BUILTIN_MODULES, ...listStdlib()].join(", ")} so far)`, at, "is not supported yet");
      }
      return [this.add({ kind: "missing", name, parent: null })];
    }
    const parentName = name.slice(0, dot);
    const parents = this.resolve(parentName, at);
    return [...parents, this.resolveIfFound(name) ?? this.add({ kind: "missing", name, parent: this.linked.get(parentName)!.kind === "builtin" ? null : parentName })];
  }

  /** The module if a file or directory provides it (its parent package already resolved); else null. */
  private resolveIfFound(name: string): LinkedModule | null {
    const known = this.linked.get(name);
    if (known) return known.kind === "missing" ? null : known;
    const dot = name.lastIndexOf(".");
    let dirs = this.searchPath;
    let parent: string | null = null;
    if (dot >= 0) {
      parent = name.slice(0, dot);
      const p = this.linked.get(parent);
      if (p?.kind === "namespace") dirs = p.searchDirs;
      else if (p?.kind === "code" && p.module.isPackage) dirs = [dirname(p.module.path)];
      else return null;
    }
    const found = findModule(name.slice(dot + 1), dirs);
    if (found === null) return null;
    if (found.kind === "namespace") return this.add({ kind: "namespace", name, parent, searchDirs: found.searchDirs });
    const source = readSource(found.file);
    return this.add({ kind: "code", name, parent, module: this.load(name, this.fileLabel(found.file), source, found.isPackage, found.file) });
  }

  private add(m: LinkedModule): LinkedModule {
    this.linked.set(m.name, m);
    return m;
  }

  /**
   * The names `from name import *` binds: `__all__` when the module sets it to a literal list
   * or tuple of strs, else its public globals; null when `__all__` is computed.
   */
  private starNames(name: string): readonly string[] | null {
    const cached = this.starCache.get(name);
    if (cached !== undefined) return cached;
    this.starCache.set(name, []); // a star-import cycle contributes nothing further
    const m = this.linked.get(name);
    let names: readonly string[] | null = [];
    if (m?.kind === "code") {
      const all = literalAll(m.module);
      names = all !== undefined ? all : moduleGlobals(m.module, this.importsOf(m.module)).filter((n) => !n.startsWith("_"));
    } else if (m?.kind === "builtin") {
      names = BUILTIN_STAR_NAMES.get(name) ?? null;
    }
    this.starCache.set(name, names);
    return names;
  }
}

/** What lowering needs to know about a module's imports. */
export interface ModuleImports {
  /** The absolute name of `from <dots><module> import ...` in this module. */
  absolute(level: number, module: string | null): ImportTarget;
  /** Whether the program has a module (with code, or a namespace package) of that name. */
  isModule(name: string): boolean;
  /** The names `from name import *` binds, and whether they are its `__all__` (each must then exist). */
  starNames(name: string, at: ast.Located): { names: readonly string[]; listed: boolean };
}

/** The attributes a module has before its body runs: `__name__`, `__file__`, `__package__`, `__doc__`. */
export function moduleAttributes(mod: SourceModule): Record<string, string | null> {
  const first = mod.tree.body[0];
  const doc = first?.nodeType === "Expr" && first.value.nodeType === "Constant" && typeof first.value.value === "string" ? first.value.value : null;
  return { __name__: mod.name, __file__: mod.filename, __package__: mod.packageName, __doc__: doc };
}

/**
 * A module's global variables: the names its top level binds, names functions declare global
 * and assign, and what its star imports bind.
 */
export function moduleGlobals(mod: SourceModule, imports: ModuleImports): string[] {
  const out = new Set<string>();
  const { table, tree } = mod;
  for (const sym of table.top.symbols.values()) if (sym.isBound || sym.resolution === "globalExplicit") out.add(sym.name);
  for (const scope of table.scopes.values()) {
    for (const sym of scope.symbols.values()) if (sym.resolution === "globalExplicit" && sym.isBound) out.add(sym.name);
  }
  for (const s of tree.body) {
    if (s.nodeType === "ImportFrom" && s.names[0]?.name === "*") {
      const base = imports.absolute(s.level, s.module);
      if (typeof base === "string") for (const n of imports.starNames(base, s).names) out.add(n);
    }
  }
  return [...out];
}

interface ImportRequest {
  level: number;
  module: string | null;
  /** The names of `from module import a, b` (the submodules it may import). */
  fromNames: readonly string[];
  star: boolean;
  at: ast.Located;
}

/**
 * Every import statement of the module, at any depth (an import in a function runs when it is
 * called), and every `__import__("name")` call, which lowering makes an import too.
 */
function importRequests(mod: SourceModule): ImportRequest[] {
  const out: ImportRequest[] = [];
  walk(mod.tree.body, (n) => {
    if (n.nodeType === "Import") {
      for (const alias of n.names) out.push({ level: 0, module: alias.name, fromNames: [], star: false, at: alias });
    } else if (n.nodeType === "ImportFrom") {
      out.push({ level: n.level, module: n.module, fromNames: n.names.map((a) => a.name).filter((a) => a !== "*"), star: n.names[0]?.name === "*", at: n });
    } else if (n.nodeType === "Call" && n.func.nodeType === "Name" && n.func.id === "__import__" && n.args.length === 1
      && n.args[0]!.nodeType === "Constant" && typeof n.args[0]!.value === "string") {
      out.push({ level: 0, module: n.args[0]!.value, fromNames: [], star: false, at: n });
    }
  });
  return out;
}

/** Calls `visit` on every node of the tree. */
function walk(node: unknown, visit: (n: ast.Node) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
    return;
  }
  if (typeof node !== "object" || node === null || !("nodeType" in node)) return;
  visit(node as ast.Node);
  for (const key in node) if (key !== "nodeType") walk((node as Record<string, unknown>)[key], visit);
}

/** What a relative import resolves to: the absolute name, or the ImportError it raises when it runs. */
export type ImportTarget = string | { importError: string };

/** CPython's importlib._bootstrap._resolve_name. */
function absoluteName(mod: SourceModule, level: number, module: string | null): ImportTarget {
  if (level === 0) return module!;
  if (mod.packageName === null || mod.packageName === "") return { importError: "attempted relative import with no known parent package" };
  const parts = mod.packageName.split(".");
  if (level - 1 >= parts.length) return { importError: "attempted relative import beyond top-level package" };
  const base = parts.slice(0, parts.length - (level - 1)).join(".");
  return module === null ? base : `${base}.${module}`;
}

/**
 * `__all__` set once at the top level to a list or tuple of str constants: the names;
 * undefined if the module never binds `__all__`; null if it binds it any other way.
 */
function literalAll(mod: SourceModule): readonly string[] | null | undefined {
  if (!mod.table.top.symbols.get("__all__")?.isBound) return undefined;
  const bindings = mod.tree.body.filter((s) =>
    (s.nodeType === "Assign" && s.targets.some((t) => t.nodeType === "Name" && t.id === "__all__")) ||
    ((s.nodeType === "AugAssign" || s.nodeType === "AnnAssign") && s.target.nodeType === "Name" && s.target.id === "__all__"));
  const only = bindings.length === 1 ? bindings[0]! : null;
  if (only?.nodeType !== "Assign" || only.targets.length !== 1) return null;
  // `__all__.append(...)` and the like change it after the assignment.
  let uses = 0;
  walk(mod.tree.body, (n) => {
    if (n.nodeType === "Name" && n.id === "__all__") uses++;
  });
  if (uses !== 1) return null;
  const v = only.value;
  const items = v.nodeType === "List" || v.nodeType === "Tuple" ? v.elts : [];
  if (!items.every((e) => e.nodeType === "Constant" && typeof e.value === "string")) return null;
  return items.map((e) => (e as ast.Constant).value as string);
}

function readSource(file: string): Uint8Array {
  return new Uint8Array(readFileSync(file));
}

let stdlibList: string[] | null = null;
function listStdlib(): string[] {
  try {
    const dir = stdlibDir();
    stdlibList ??= readdirSync(dir)
      .flatMap((f) => (f.endsWith(".py") ? [f.slice(0, -3)] : existsSync(join(dir, f, "__init__.py")) ? [f] : []))
      .sort();
  } catch {
    stdlibList = [];
  }
  return stdlibList;
}

/** Runs `body`, attributing a compile error in it to the file (when not already attributed). */
function inFile<T>(filename: string, text: () => string | null, body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (e instanceof PySyntaxError && e.file === null) e.file = { filename, text: text() };
    throw e;
  }
}

/** Runs `body`, attributing a compile error in it to the module (lowering one reports through this too). */
export function inModule<T>(mod: SourceModule, body: () => T): T {
  return inFile(mod.filename, () => mod.text, body);
}
