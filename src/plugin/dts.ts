/**
 * TypeScript declarations for a `.py` module, from its type hints: `def fib(n: int) -> int`
 * gives `export declare function fib(n: number): number`. The mapping follows the marshalling
 * (src/runtime/host/to-js.ts, to-python.ts): int and float are `number` (an int beyond 2^53
 * arrives as a bigint, which the declaration does not claim to rule out for an unannotated
 * value), list and tuple are arrays, dict a Map, set a Set. Anything not annotated, or annotated with a
 * type the marshalling has no JS shape for, is `unknown`.
 */
import type * as ast from "../compiler/syntax/ast.js";
import { Ellipsis } from "../compiler/syntax/ast.js";

const NO_CLASSES: ReadonlySet<string> = new Set();

const SIMPLE: Record<string, string> = {
  float: "number",
  str: "string",
  bool: "boolean",
  None: "null",
  object: "unknown",
  Any: "unknown",
};

/**
 * An `int` parameter or result is `number`: what a caller passes and expects to read (a
 * result beyond 2^53 would arrive as a bigint; type hints describe intent, not magnitude). A
 * module-level int value is `number | bigint` unless its literal says which.
 */
function typeOf(e: ast.Expr | null, position: "param" | "result" | "value", classes: ReadonlySet<string> = NO_CLASSES): string {
  if (e === null) return "unknown";
  const sub = (x: ast.Expr | null) => typeOf(x, position, classes);
  switch (e.nodeType) {
    case "Constant":
      if (e.value === null) return "null";
      // A forward reference to a class of the module; other string annotations stay unresolved.
      if (typeof e.value === "string" && classes.has(e.value)) return e.value;
      return "unknown";
    case "Name":
    case "Attribute": {
      const name = e.nodeType === "Name" ? e.id : e.attr;
      if (e.nodeType === "Name" && classes.has(name)) return name;
      if (name === "int") return position === "value" ? "number | bigint" : "number";
      if (name === "list" || name === "List") return "unknown[]";
      if (name === "tuple" || name === "Tuple") return "unknown[]";
      if (name === "dict" || name === "Dict") return "Map<unknown, unknown>";
      if (name === "set" || name === "frozenset" || name === "Set" || name === "FrozenSet") return "Set<unknown>";
      return SIMPLE[name] ?? "unknown";
    }
    case "BinOp":
      if (e.op === "BitOr") return union([sub(e.left), sub(e.right)]);
      return "unknown";
    case "Subscript": {
      const base = e.value.nodeType === "Name" ? e.value.id : e.value.nodeType === "Attribute" ? e.value.attr : "";
      const args = e.slice.nodeType === "Tuple" ? e.slice.elts : [e.slice];
      const arg = (i: number) => sub(args[i] ?? null);
      switch (base) {
        case "list":
        case "List":
        case "Sequence":
          return `${wrap(arg(0))}[]`;
        case "tuple":
        case "Tuple": {
          // tuple[int, ...] is a homogeneous tuple of any length.
          if (args.length === 2 && args[1]!.nodeType === "Constant" && args[1]!.value === Ellipsis) return `${wrap(arg(0))}[]`;
          return `[${args.map((_, i) => arg(i)).join(", ")}]`;
        }
        case "dict":
        case "Dict":
        case "Mapping":
          return `Map<${arg(0)}, ${arg(1)}>`;
        case "set":
        case "frozenset":
        case "Set":
        case "FrozenSet":
          return `Set<${arg(0)}>`;
        case "Optional":
          return union([arg(0), "null"]);
        case "Union":
          return union(args.map((_, i) => arg(i)));
        default:
          return "unknown";
      }
    }
    default:
      return "unknown";
  }
}

function union(parts: string[]): string {
  if (parts.includes("unknown")) return "unknown";
  return [...new Set(parts)].join(" | ");
}

/** Parenthesised where `[]` would otherwise bind to the last member of a union. */
function wrap(t: string): string {
  return t.includes(" | ") || t.includes("=>") ? `(${t})` : t;
}

function literalType(e: ast.Expr | null): string {
  if (e === null) return "unknown";
  switch (e.nodeType) {
    case "Constant":
      if (e.value === null) return "null";
      if (typeof e.value === "boolean") return "boolean";
      if (typeof e.value === "string") return "string";
      if (typeof e.value === "number") return "number";
      if (typeof e.value === "bigint") return e.value >= BigInt(Number.MIN_SAFE_INTEGER) && e.value <= BigInt(Number.MAX_SAFE_INTEGER) ? "number" : "bigint";
      return "unknown";
    case "List":
    case "Tuple":
      return "unknown[]";
    case "Dict":
      return "Map<unknown, unknown>";
    case "Lambda":
      return "(...args: unknown[]) => unknown";
    default:
      return "unknown";
  }
}

/** `(params) => result`; `skip` leading parameters are bound by Python (`self`, `cls`). */
function functionDecl(f: ast.FunctionDef, classes: ReadonlySet<string> = NO_CLASSES, skip = 0): string {
  const a = f.args;
  const positional = [...a.posonlyargs, ...a.args];
  const firstDefault = positional.length - a.defaults.length;
  const params = positional.map((p, i) => `${safeParam(p.arg)}${i >= firstDefault ? "?" : ""}: ${typeOf(p.annotation, "param", classes)}`).slice(skip);
  if (a.vararg) params.push(`...${safeParam(a.vararg.arg)}: ${wrap(typeOf(a.vararg.annotation, "param", classes))}[]`);
  // Keyword-only parameters cannot be passed from JS (calls are positional): they keep their defaults.
  const result = f.returns === null ? "unknown" : typeOf(f.returns, "result", classes);
  return `(${params.join(", ")}) => ${result}`;
}

/** What every proxy has (src/runtime/host/proxies.ts). */
const PROXY_MEMBERS = ["readonly pythonType: string;", "repr(): string;", "getattr(name: string): unknown;", "release(): void;"];

/**
 * An instance of a class of the module, as JS sees it (a proxy whose properties are the Python
 * attributes): its public methods, properties, annotated class attributes and the attributes
 * `__init__` sets, typed from their hints.
 */
function instanceDecl(c: ast.ClassDef, classes: ReadonlySet<string>): string {
  const members = new Map<string, string>();
  const decorated = (f: ast.FunctionDef, name: string) => f.decorator_list.some((d) => d.nodeType === "Name" && d.id === name);
  const init = c.body.find((s): s is ast.FunctionDef => s.nodeType === "FunctionDef" && s.name === "__init__");
  const self = init?.args.args[0]?.arg;
  for (const s of init?.body ?? []) {
    const target = s.nodeType === "Assign" ? s.targets[0] : s.nodeType === "AnnAssign" ? s.target : undefined;
    if (target?.nodeType !== "Attribute" || target.value.nodeType !== "Name" || target.value.id !== self) continue;
    members.set(target.attr, `${target.attr}: ${s.nodeType === "AnnAssign" ? typeOf(s.annotation, "value", classes) : "unknown"};`);
  }
  for (const s of c.body) {
    if (s.nodeType === "AnnAssign" && s.target.nodeType === "Name") members.set(s.target.id, `${s.target.id}: ${typeOf(s.annotation, "value", classes)};`);
    if (s.nodeType !== "FunctionDef") continue;
    if (decorated(s, "property")) members.set(s.name, `readonly ${s.name}: ${s.returns === null ? "unknown" : typeOf(s.returns, "result", classes)};`);
    else if (s.decorator_list.some((d) => d.nodeType === "Attribute" && d.attr === "setter")) members.set(s.name, (members.get(s.name) ?? `${s.name}: unknown;`).replace(/^readonly /, ""));
    else if (s.decorator_list.length === 0 || decorated(s, "staticmethod") || decorated(s, "classmethod")) {
      const t = functionDecl(s, classes, decorated(s, "staticmethod") ? 0 : 1);
      members.set(s.name, `${s.name}${t.replace(") => ", "): ")};`);
    }
  }
  const lines = [...members].filter(([name]) => !name.startsWith("_") && isPlainExportName(name)).map(([, m]) => m);
  return `{
${[...lines, ...PROXY_MEMBERS].map((m) => `  ${m}`).join("\n")}
}`;
}

/** The class itself: calling it makes an instance, with `__init__`'s parameters. */
function constructorDecl(c: ast.ClassDef, classes: ReadonlySet<string>): string {
  const init = c.body.find((s): s is ast.FunctionDef => s.nodeType === "FunctionDef" && s.name === "__init__");
  const params = init === undefined ? "(...args: unknown[])" : functionDecl(init, classes, 1).replace(/ => .*$/, "");
  return `((${params.slice(1, -1)}) => ${c.name}) & { ${PROXY_MEMBERS.join(" ")} }`;
}

const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for function if import in " +
    "instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package " +
    "private protected public await arguments eval").split(" "),
);

function safeParam(name: string): string {
  return RESERVED.has(name) ? `${name}_` : name;
}

export const isPlainExportName = (name: string) => !RESERVED.has(name) && /^[\p{ID_Start}_$][\p{ID_Continue}$\u200c\u200d]*$/u.test(name);

/**
 * Declarations for the module's public names (`names`, as the compiler lists them), typed from
 * the last top-level binding of each that this can read: a def, an annotated or a plain
 * assignment of a literal.
 */
export function generateDts(tree: ast.Module, names: readonly string[], file: string): string {
  const types = new Map<string, string>();
  // Classes that JS sees under their own name have an instance type of that name.
  const classDefs = tree.body.filter((s): s is ast.ClassDef => s.nodeType === "ClassDef" && names.includes(s.name) && isPlainExportName(s.name));
  const classes = new Set(classDefs.map((c) => c.name));
  for (const s of tree.body) {
    if (s.nodeType === "FunctionDef") types.set(s.name, functionDecl(s, classes));
    // A class crosses as a callable proxy: calling it constructs an instance (a PyObject).
    else if (s.nodeType === "ClassDef") types.set(s.name, classes.has(s.name) ? constructorDecl(s, classes) : "(...args: unknown[]) => unknown");
    else if (s.nodeType === "AnnAssign" && s.target.nodeType === "Name") types.set(s.target.id, typeOf(s.annotation, "value", classes));
    else if (s.nodeType === "Assign") {
      for (const t of s.targets) if (t.nodeType === "Name") types.set(t.id, literalType(s.value));
    }
  }
  const lines = [`// Generated by unplugin-molt from ${file}: the module's public names and their type hints.`];
  for (const c of classDefs) lines.push(`export interface ${c.name} ${instanceDecl(c, classes)}`);
  const members: string[] = [];
  names.forEach((name, i) => {
    const t = types.get(name) ?? "unknown";
    const isFn = t.startsWith("(") && t.includes(") => ") && !classes.has(name);
    if (name === "default") {
      // Reachable through the default export only.
    } else if (isPlainExportName(name)) {
      lines.push(isFn ? `export declare function ${name}${t.replace(") => ", "): ")};` : `export declare const ${name}: ${t};`);
    } else {
      lines.push(`declare const __molt_${i}: ${t};`, `export { __molt_${i} as ${name} };`);
    }
    members.push(`  readonly ${JSON.stringify(name)}: ${isFn || classes.has(name) ? `(${t})` : t};`);
  });
  lines.push("/** The module object: each property reads the Python variable's current value. */");
  lines.push(`declare const module: {\n${members.join("\n")}\n};`, "export default module;", "");
  return lines.join("\n");
}
