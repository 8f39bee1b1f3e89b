/**
 * `ast.dump(node, include_attributes=True)` of CPython 3.11, character for character: the
 * parser's oracle test compares this string with CPython's for the same source.
 */
import { SCHEMA, type Node } from "./ast.js";
import { constantRepr } from "./constant-repr.js";

const POSITION_ATTRIBUTES = ["lineno", "col_offset", "end_lineno", "end_col_offset"] as const;

/** Fields whose strings are enum nodes in CPython (`Add()`, `Load()`), not Python strings. */
const ENUM_FIELDS = new Set(["op", "ctx", "ops"]);

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && "nodeType" in value;
}

function format(value: unknown, isEnum = false): string {
  if (Array.isArray(value)) return "[" + value.map((v) => format(v, isEnum)).join(", ") + "]";
  if (isEnum) return `${value as string}()`;
  // Integer fields (`level`, `simple`, `conversion`, ...) are JS numbers; floats only occur as
  // a Constant's value, which is formatted by `constantRepr` below.
  if (typeof value === "number") return String(value);
  if (!isNode(value)) return constantRepr(value as never);
  const schema = SCHEMA[value.nodeType];
  const record = value as unknown as Record<string, unknown>;
  const args: string[] = [];
  for (const name of schema.fields) {
    const field = record[name];
    if (field === null && schema.optional.has(name)) continue;
    const text =
      value.nodeType === "Constant" && name === "value"
        ? constantRepr(value.value)
        : format(field, ENUM_FIELDS.has(name));
    args.push(`${name}=${text}`);
  }
  if (schema.located) {
    for (const name of POSITION_ATTRIBUTES) args.push(`${name}=${record[name] as number}`);
  }
  return `${value.nodeType}(${args.join(", ")})`;
}

export function dump(node: Node): string {
  return format(node);
}
