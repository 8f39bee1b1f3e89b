/**
 * Private name mangling: inside a class body (and everything nested in it), `__spam` becomes
 * `_Class__spam`. The symbol table stores mangled names; code generation must mangle
 * identifiers (including attribute names) the same way.
 */
export function mangle(className: string | null, name: string): string {
  if (className === null || !name.startsWith("__")) return name;
  // Dunder names and dotted import names are left alone.
  if (name.endsWith("__") || name.includes(".")) return name;
  const stripped = className.replace(/^_+/, "");
  if (stripped === "") return name;
  return `_${stripped}${name}`;
}
