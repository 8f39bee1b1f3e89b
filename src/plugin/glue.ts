/**
 * The ES module a `.py` import becomes: the compiled Wasm inlined as base64, instantiated with
 * top-level await (docs/decisions/0005-plugin-loading.md says why), a named export per public
 * top-level name and the module object as the default export.
 *
 * Named exports are the values when the module body finished, as `from m import x` gives in
 * Python; the default export reads each variable when asked.
 */
import { isPlainExportName } from "./dts.js";

export interface GlueInput {
  /** The Wasm to inline, or JS that loads it (`molt build --module` reads a file next to the module). */
  wasm: Uint8Array | { readonly imports: readonly string[]; readonly expression: string };
  names: readonly string[];
  /** The file name tracebacks show (relative to the project root). */
  file: string;
  /** Import specifier of the host runtime (unplugin-molt/runtime). */
  runtimeId: string;
  /** Import specifier of the stdio module, if the app gave one. */
  stdioId: string | undefined;
}

export function generateGlue(input: GlueInput): string {
  const lines = [`import { loadPythonModule } from ${JSON.stringify(input.runtimeId)};`];
  if (input.stdioId !== undefined) lines.push(`import __molt_io from ${JSON.stringify(input.stdioId)};`);
  const wasm = input.wasm instanceof Uint8Array ? JSON.stringify(base64(input.wasm)) : input.wasm.expression;
  if (!(input.wasm instanceof Uint8Array)) lines.push(...input.wasm.imports);
  lines.push(
    `const __molt_wasm = ${wasm};`,
    `const __molt_module = await loadPythonModule(__molt_wasm, { file: ${JSON.stringify(input.file)}${input.stdioId !== undefined ? ", io: __molt_io" : ""} });`,
  );
  input.names.forEach((name, i) => {
    if (name === "default") return; // reachable through the default export
    const read = `__molt_module.get(${JSON.stringify(name)})`;
    if (isPlainExportName(name)) lines.push(`export const ${name} = ${read};`);
    else lines.push(`const __molt_${i} = ${read};`, `export { __molt_${i} as ${name} };`);
  });
  lines.push("export default __molt_module.namespace;", "");
  return lines.join("\n");
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}
