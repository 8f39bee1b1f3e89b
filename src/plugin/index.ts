/**
 * The unplugin factory behind every bundler entry (vite.ts, rollup.ts, webpack.ts, esbuild.ts,
 * rolldown.ts). The Python of an app runs in one runtime (app-glue.ts has the modules it
 * becomes): each `.py` module is compiled on its own (compile-module.ts), linked into the
 * runtime by a module every importer shares, and imported from JS through the host runtime,
 * `unplugin-molt/runtime`, which the bundler includes once.
 */
import { writeFile } from "node:fs/promises";
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative, resolve, sep } from "node:path";
import { createUnplugin, type UnpluginFactory } from "unplugin";
import type { UserConfig } from "vite";
import { parse } from "../compiler/syntax/parser.js";
import { packageRoot } from "../runtime/host/runtime-wasm.js";
import { RUNTIME_ID, linkGlue, moduleGlue, parseLinkId, runtimeGlue } from "./app-glue.js";
import { MoltCompileError, compileModule, compileSharedRuntime, type AppModule } from "./compile-module.js";
import { generateDts } from "./dts.js";
import { Profile } from "../compiler/profile/profile.js";
import { defaultCacheDir, resolveOptions, type FilterPattern, type MoltOptions } from "./options.js";

export type { MoltOptions } from "./options.js";
export { MoltCompileError, compileModule, compileSharedRuntime, type AppModule, type CompiledModule } from "./compile-module.js";

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
  const compileOptions = () => ({
    cacheDir: options.cacheDir ?? defaultCacheDir(root),
    optimizeLevel: level(),
    sourceMap: options.sourceMap ?? devServer,
    // Tracebacks name files relative to the project: no build machine paths in bundles.
    fileLabel: (p: string) => relative(root, p).split(sep).join("/"),
  });
  // The profile option's file, read again when it changes (a re-recording under a dev server).
  let profileRead: { mtimeMs: number; profile: Profile } | null = null;
  const currentProfile = (): Profile | null => {
    if (options.profile === undefined) return null;
    const path = resolve(root, options.profile);
    const mtimeMs = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? -1;
    if (profileRead?.mtimeMs !== mtimeMs) profileRead = { mtimeMs, profile: Profile.read(path) };
    return profileRead.profile;
  };
  // Which file each Python module name of the app is: one name, one module, as in sys.modules.
  const moduleFiles = new Map<string, string>();

  /** Compiles a module; a compile error becomes the bundler's located error. */
  async function compile(module: AppModule) {
    const known = moduleFiles.get(module.name);
    if (known !== undefined && known !== module.path && existsSync(known)) {
      throw located(new MoltCompileError(
        `two Python modules of this app are named '${module.name}': ${relative(root, known)} and ${relative(root, module.path)} (one app has one sys.modules)`,
        relative(root, module.path), 0, 0, "", ""), module.path);
    }
    moduleFiles.set(module.name, module.path);
    try {
      return await compileModule(module, { ...compileOptions(), profile: currentProfile() });
    } catch (e) {
      if (!(e instanceof MoltCompileError)) throw e;
      throw located(e, module.path);
    }
  }

  function located(e: MoltCompileError, path: string): Error {
    // Rollup-family bundlers (and Vite's overlay) show id/loc/frame themselves; esbuild and
    // webpack show only the message, so there it carries the frame too.
    const rollupFamily = meta.framework === "vite" || meta.framework === "rollup" || meta.framework === "rolldown";
    // The error may be in a module this one imports.
    const where = e.file === compileOptions().fileLabel(path) ? path : resolve(root, e.file);
    const text = `${where}:${e.line}:${e.column + 1}: ${e.message}`;
    return Object.assign(new Error(rollupFamily || e.frame === "" ? text : `${text}\n${e.frame}`), {
      id: where,
      loc: { file: where, line: e.line, column: e.column },
      frame: e.frame,
      plugin: "unplugin-molt",
    });
  }

  return {
    name: "unplugin-molt",
    enforce: "pre",

    resolveId: {
      filter: { id: /^(unplugin-molt\/runtime|\0molt-runtime)$|\?molt-link=/ },
      handler(id: string) {
        if (id === RUNTIME_ID) return id;
        // An app's own `import { setPythonIo } from "unplugin-molt/runtime"` must reach the
        // same file the generated modules import, or it would configure a second copy. esbuild
        // resolves the package itself (and unplugin would put the answer in a namespace
        // nothing loads).
        if (id === RUNTIME_SPECIFIER) return meta.framework === "esbuild" ? null : runtimeEntry();
        return parseLinkId(id) !== null ? id : null;
      },
    },

    load: {
      filter: { id: { include: [...patterns(options.include), /\?molt-link=/, /^\0molt-runtime$/], exclude: options.exclude } },
      async handler(id: string) {
        if (id === RUNTIME_ID) {
          const wasm = await compileSharedRuntime(compileOptions().cacheDir);
          return { code: runtimeGlue({ wasm, runtimeId: runtimeEntry(), stdioId: options.stdio }), map: null };
        }
        const link = parseLinkId(id);
        if (link !== null) {
          if (!existsSync(link.path)) return null;
          const { wasm, closure } = await compile(link);
          // Its code depends on the modules it imports (their star-imported names, say): an
          // edit to one recompiles it.
          for (const m of closure) this.addWatchFile(m.path);
          return { code: linkGlue(wasm), map: null };
        }
        const path = id.split("?")[0]!;
        if (!existsSync(path)) return null;
        // Imported from JS, a module is not `__main__`: it is named after its file.
        const module = { name: basename(path, ".py"), path };
        const { names, closure } = await compile(module);
        if (options.dts) await writeDts(path, names, compileOptions().fileLabel(path));
        return { code: moduleGlue({ name: module.name, names, closure }), map: null };
      },
    },

    vite: {
      // Workers are bundled by a build of their own with `worker.plugins`: a worker importing
      // Python needs the plugin there too (one more instance: a worker has its own runtime),
      // and ES output, for the top-level await that loads the Wasm.
      config(config: UserConfig): UserConfig {
        const theirs = config.worker?.plugins;
        return {
          worker: {
            format: config.worker?.format ?? "es",
            plugins: () => {
              const list = theirs?.() ?? [];
              const has = list.flat(Infinity as 1).some((p) => (p as { name?: string } | null)?.name === "unplugin-molt");
              return has ? list : [...list, createUnplugin(unpluginFactory).vite(rawOptions)];
            },
          },
        };
      },
      configResolved(config: { root: string; command: string }) {
        if (rawOptions?.root === undefined) root = config.root;
        devServer = config.command === "serve";
      },
    },
  };
};

const patterns = (p: FilterPattern): (string | RegExp)[] => (Array.isArray(p) ? p : [p]);

async function writeDts(path: string, names: readonly string[], file: string): Promise<void> {
  const text = generateDts(parse(readFileSync(path), file), names, file);
  const target = path.replace(/\.py$/, ".d.py.ts");
  // Unchanged declarations are not rewritten: a watcher would see a change that is none.
  if (existsSync(target) && readFileSync(target, "utf8") === text) return;
  await writeFile(target, text);
}

export const unplugin = createUnplugin(unpluginFactory);
export default unplugin;
