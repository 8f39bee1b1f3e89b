/**
 * The ES modules an app's Python becomes (docs/decisions/0009-one-runtime-per-app.md):
 *
 * - `\0molt-runtime` starts the runtime the app's modules share, once (its Wasm inlined);
 * - `FILE.py?molt-link=NAME` links one compiled Python module into it (its Wasm inlined); every
 *   importer of a Python module imports this same id, so the bundler includes it once;
 * - `FILE.py`, what JS imports, links the module and every module it may import, then imports it
 *   as Python's `import` would and exports its public names: a named export per name (its value
 *   when the body finished, as `from m import x` gives) and the module as the default export
 *   (reading each variable when asked).
 *
 * Loading is top-level await throughout (docs/decisions/0005-plugin-loading.md says why).
 */
import { isPlainExportName } from "./dts.js";
import type { AppModule } from "./compile-module.js";

export const RUNTIME_ID = "\0molt-runtime";
const LINK_QUERY = "molt-link";

/** The id of the module that links `module` into the app. */
export function linkId(module: AppModule): string {
  return `${module.path}?${LINK_QUERY}=${module.name}`;
}

/** The module a link id names, or null for any other id. */
export function parseLinkId(id: string): AppModule | null {
  const q = id.lastIndexOf("?");
  if (q < 0) return null;
  const name = new URLSearchParams(id.slice(q + 1)).get(LINK_QUERY);
  return name === null ? null : { name, path: id.slice(0, q) };
}

export function runtimeGlue(input: { wasm: Uint8Array; runtimeId: string; stdioId: string | undefined }): string {
  const lines = [`import { startPythonRuntime } from ${JSON.stringify(input.runtimeId)};`];
  if (input.stdioId !== undefined) lines.push(`import __molt_io from ${JSON.stringify(input.stdioId)};`);
  lines.push(`export default await startPythonRuntime(${JSON.stringify(base64(input.wasm))}${input.stdioId !== undefined ? ", { io: __molt_io }" : ""});`, "");
  return lines.join("\n");
}

export function linkGlue(wasm: Uint8Array): string {
  return [`import __molt_runtime from ${JSON.stringify(RUNTIME_ID)};`, `await __molt_runtime.link(${JSON.stringify(base64(wasm))});`, ""].join("\n");
}

export function moduleGlue(input: { name: string; names: readonly string[]; closure: readonly AppModule[] }): string {
  const lines = [`import __molt_runtime from ${JSON.stringify(RUNTIME_ID)};`];
  for (const m of input.closure) lines.push(`import ${JSON.stringify(linkId(m))};`);
  lines.push(`const __molt_module = __molt_runtime.importModule(${JSON.stringify(input.name)}, ${JSON.stringify(input.names)});`);
  return [...lines, ...exportLines(input.names)].join("\n");
}

/** The ES exports of `__molt_module` (a PythonModule in scope): one per public name, and the module as default. */
export function exportLines(names: readonly string[]): string[] {
  const lines: string[] = [];
  names.forEach((name, i) => {
    if (name === "default") return; // reachable through the default export
    const read = `__molt_module.get(${JSON.stringify(name)})`;
    if (isPlainExportName(name)) lines.push(`export const ${name} = ${read};`);
    else lines.push(`const __molt_${i} = ${read};`, `export { __molt_${i} as ${name} };`);
  });
  lines.push("export default __molt_module.namespace;", "");
  return lines;
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}
