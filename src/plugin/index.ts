/**
 * The unplugin factory behind every bundler entry (vite.ts, rollup.ts, webpack.ts, esbuild.ts,
 * rolldown.ts): a `.py` import is compiled by Molt into an ES module (glue.ts) that loads the
 * Wasm through the shared host runtime, `unplugin-molt/runtime`, which every `.py` module of
 * an app imports, so the bundler includes it once.
 */
import { readFile, writeFile } from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { createUnplugin, type UnpluginFactory } from "unplugin";
import { parse } from "../compiler/syntax/parser.js";
import { packageRoot } from "../runtime/host/runtime-wasm.js";
import { MoltCompileError, compilePy } from "./compile-module.js";
import { generateDts } from "./dts.js";
import { generateGlue } from "./glue.js";
import { defaultCacheDir, resolveOptions, type MoltOptions } from "./options.js";

export type { MoltOptions } from "./options.js";
export { MoltCompileError, compilePy, type CompiledPy } from "./compile-module.js";

const RUNTIME_SPECIFIER = "unplugin-molt/runtime";

/** The host runtime every generated module imports: one file, so bundlers include it once. */
export function runtimeEntry(): string {
  const path = join(packageRoot(), "dist", "embed.js");
  if (!existsSync(path)) throw new Error(`unplugin-molt: ${path} is missing: run \`npm run build\` in unplugin-molt`);
  return path;
}

export const unpluginFactory: UnpluginFactory<MoltOptions | undefined> = (rawOptions, meta) => {
  const options = resolveOptions(rawOptions);
  let root = options.root;
  let devServer = false;
  const level = () => options.optimizeLevel ?? (devServer ? 0 : 3);

  return {
    name: "unplugin-molt",
    enforce: "pre",

    // An app's own `import { setPythonIo } from "unplugin-molt/runtime"` must reach the same
    // file the generated modules import, or it would configure a second copy. esbuild resolves
    // the package itself (and unplugin would put the answer in a namespace nothing loads).
    ...(meta.framework === "esbuild" ? {} : {
      resolveId: {
        filter: { id: /^unplugin-molt\/runtime$/ },
        handler(id: string) {
          return id === RUNTIME_SPECIFIER ? runtimeEntry() : null;
        },
      },
    }),

    load: {
      filter: { id: { include: options.include, exclude: options.exclude } },
      async handler(id) {
        const path = id.split("?")[0]!;
        if (!existsSync(path)) return null;
        const source = await readFile(path);
        // Tracebacks name the file relative to the project: no build machine paths in bundles.
        const file = relative(root, path).split(sep).join("/");
        try {
          const { wasm, names, imported } = await compilePy(source, file, {
            cacheDir: options.cacheDir ?? defaultCacheDir(root),
            optimizeLevel: level(),
            path,
            fileLabel: (p) => relative(root, p).split(sep).join("/"),
          });
          // The modules it imports are linked into its Wasm: an edit to one recompiles it.
          for (const f of imported) this.addWatchFile(f);
          if (options.dts) await writeDts(path, source, names, file);
          return { code: generateGlue({ wasm, names, file, runtimeId: runtimeEntry(), stdioId: options.stdio }), map: null };
        } catch (e) {
          if (!(e instanceof MoltCompileError)) throw e;
          // Rollup-family bundlers (and Vite's overlay) show id/loc/frame themselves; esbuild
          // and webpack show only the message, so there it carries the frame too.
          const rollupFamily = meta.framework === "vite" || meta.framework === "rollup" || meta.framework === "rolldown";
          // The error may be in a module this one imports.
          const where = e.file === file ? path : resolve(root, e.file);
          const text = `${where}:${e.line}:${e.column + 1}: ${e.message}`;
          const located = Object.assign(new Error(rollupFamily ? text : `${text}\n${e.frame}`), {
            id: where,
            loc: { file: where, line: e.line, column: e.column },
            frame: e.frame,
            plugin: "unplugin-molt",
          });
          throw located;
        }
      },
    },

    vite: {
      configResolved(config: { root: string; command: string }) {
        if (rawOptions?.root === undefined) root = config.root;
        devServer = config.command === "serve";
      },
    },
  };
};

async function writeDts(path: string, source: Buffer, names: readonly string[], file: string): Promise<void> {
  const text = generateDts(parse(source, file), names, file);
  const target = path.replace(/\.py$/, ".d.py.ts");
  // Unchanged declarations are not rewritten: a watcher would see a change that is none.
  if (existsSync(target) && readFileSync(target, "utf8") === text) return;
  await writeFile(target, text);
}

export const unplugin = createUnplugin(unpluginFactory);
export default unplugin;
