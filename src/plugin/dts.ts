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
function typeOf(e: ast.Expr | null, position: "param" | "result" | "value"): string {
  if (e === null) return "unknown";
  switch (e.nodeType) {
    case "Constant":
      if (e.value === null) return "null";
      // A string annotation ("list[int]", a forward reference) is left unresolved.
      return "unknown";
    case "Name":
    case "Attribute": {
      const name = e.nodeType === "Name" ? e.id : e.attr;
      if (name === "int") return position === "value" ? "number | bigint" : "number";
      if (name === "list" || name === "List") return "unknown[]";
      if (name === "tuple" || name === "Tuple") return "unknown[]";
      if (name === "dict" || name === "Dict") return "Map<unknown, unknown>";
      if (name === "set" || name === "frozenset" || name === "Set" || name === "FrozenSet") return "Set<unknown>";
      return SIMPLE[name] ?? "unknown";
    }
    case "BinOp":
      if (e.op === "BitOr") return union([typeOf(e.left, position), typeOf(e.right, position)]);
      return "unknown";
    case "Subscript": {
      const base = e.value.nodeType === "Name" ? e.value.id : e.value.nodeType === "Attribute" ? e.value.attr : "";
      const args = e.slice.nodeType === "Tuple" ? e.slice.elts : [e.slice];
      const arg = (i: number) => typeOf(args[i] ?? null, position);
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

function functionDecl(f: ast.FunctionDef): string {
  const a = f.args;
  const positional = [...a.posonlyargs, ...a.args];
  const firstDefault = positional.length - a.defaults.length;
  const params = positional.map((p, i) => `${safeParam(p.arg)}${i >= firstDefault ? "?" : ""}: ${typeOf(p.annotation, "param")}`);
  if (a.vararg) params.push(`...${safeParam(a.vararg.arg)}: ${wrap(typeOf(a.vararg.annotation, "param"))}[]`);
  // Keyword-only parameters cannot be passed from JS (calls are positional): they keep their defaults.
  const result = f.returns === null ? "unknown" : typeOf(f.returns, "result");
  return `(${params.join(", ")}) => ${result}`;
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
  for (const s of tree.body) {
    if (s.nodeType === "FunctionDef") types.set(s.name, functionDecl(s));
    // A class crosses as a callable proxy: calling it constructs an instance (a PyObject).
    else if (s.nodeType === "ClassDef") types.set(s.name, "(...args: unknown[]) => unknown");
    else if (s.nodeType === "AnnAssign" && s.target.nodeType === "Name") types.set(s.target.id, typeOf(s.annotation, "value"));
    else if (s.nodeType === "Assign") {
      for (const t of s.targets) if (t.nodeType === "Name") types.set(t.id, literalType(s.value));
    }
  }
  const lines = [`// Generated by unplugin-molt from ${file}: the module's public names and their type hints.`];
  const members: string[] = [];
  names.forEach((name, i) => {
    const t = types.get(name) ?? "unknown";
    const isFn = t.startsWith("(") && t.includes(") => ");
    if (name === "default") {
      // Reachable through the default export only.
    } else if (isPlainExportName(name)) {
      lines.push(isFn ? `export declare function ${name}${t.replace(") => ", "): ")};` : `export declare const ${name}: ${t};`);
    } else {
      lines.push(`declare const __molt_${i}: ${t};`, `export { __molt_${i} as ${name} };`);
    }
    members.push(`  readonly ${JSON.stringify(name)}: ${isFn ? `(${t})` : t};`);
  });
  lines.push("/** The module object: each property reads the Python variable's current value. */");
  lines.push(`declare const module: {\n${members.join("\n")}\n};`, "export default module;", "");
  return lines.join("\n");
}
