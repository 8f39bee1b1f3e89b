/**
 * The ES module `molt build --module` writes beside a whole program's Wasm: it loads the Wasm
 * (read from the file next to it), runs the module body once and exports the module's public
 * names, as the bundler plugin's modules do (src/plugin/app-glue.ts) but for Node without a
 * bundler: a named export per name (its value when the body finished) and the module as the
 * default export (reading each variable when asked).
 */
import { exportLines } from "../plugin/app-glue.js";

export interface ModuleGlueInput {
  /** File name of the Wasm, next to the module. */
  wasmFile: string;
  names: readonly string[];
  /** The file name tracebacks show. */
  file: string;
  /** Import specifier of the embedding runtime. */
  runtimeId: string;
}

export function moduleGlue(input: ModuleGlueInput): string {
  const lines = [
    `import { loadPythonModule } from ${JSON.stringify(input.runtimeId)};`,
    'import { readFileSync } from "node:fs";',
    `const __molt_wasm = readFileSync(new URL(${JSON.stringify(`./${input.wasmFile}`)}, import.meta.url));`,
    `const __molt_module = await loadPythonModule(__molt_wasm, { file: ${JSON.stringify(input.file)} });`,
  ];
  return [...lines, ...exportLines(input.names)].join("\n");
}
