/** The plugin's options, and their defaults. */
import { join } from "node:path";

export const defaultCacheDir = (root: string) => join(root, "node_modules", ".cache", "molt");

export type FilterPattern = string | RegExp | (string | RegExp)[];

export interface MoltOptions {
  /** Which imports compile as Python. Default: every file ending in `.py`. */
  include?: FilterPattern;
  /** Imports to leave to the bundler even though `include` matches them. */
  exclude?: FilterPattern;
  /** Where compiled modules are cached, keyed by a hash of source, compiler and options. Default: `node_modules/.cache/molt` under the project root. */
  cacheDir?: string;
  /** binaryen optimisation level, 0 (fastest build) to 4. Default: 3 for production builds, 0 for the dev server. */
  optimizeLevel?: number;
  /**
   * A module (a path or package specifier the bundler can resolve) whose default export is
   * `{ stdout(text: string): void; stderr(text: string): void }`: where Python's print() and
   * tracebacks go, from the first line the module body prints. Default: the process's streams
   * in Node, the console in browsers. (`setPythonIo` from `unplugin-molt/runtime` changes it
   * later, at run time.)
   */
  stdio?: string;
  /**
   * Source maps from each module's Wasm back to its `.py` lines, inside the Wasm (its
   * `sourceMappingURL` section, a data URL with the source in it), which browser devtools
   * follow; Python tracebacks name `.py` files and lines either way. Default: on under the
   * dev server, off for production builds (they add about the source's size to each module).
   */
  sourceMap?: boolean;
  /**
   * A profile recorded by `molt run --profile-out PROFILE.json driver.py` (a path, relative to
   * the root): each module's functions get entries specialised for the argument kinds the
   * recorded run passed them (floats, small ints), where without one they are guessed small
   * ints. A profile steers only what is guarded for, so a stale one costs speed, never
   * correctness. Default: none.
   */
  profile?: string;
  /** Write `NAME.d.py.ts` declarations next to each `.py` module (for TypeScript's `allowArbitraryExtensions`). Default: false. */
  dts?: boolean;
  /** The project root, for the default cache directory and for the file names tracebacks show. Default: the bundler's root or `process.cwd()`. */
  root?: string;
}

export interface ResolvedOptions {
  include: FilterPattern;
  exclude: FilterPattern;
  /** undefined: `node_modules/.cache/molt` under the root, which Vite may still change. */
  cacheDir: string | undefined;
  optimizeLevel: number | undefined;
  sourceMap: boolean | undefined;
  stdio: string | undefined;
  profile: string | undefined;
  dts: boolean;
  root: string;
}

export function resolveOptions(options: MoltOptions = {}): ResolvedOptions {
  const root = options.root ?? process.cwd();
  const level = options.optimizeLevel;
  if (level !== undefined && (!Number.isInteger(level) || level < 0 || level > 4)) {
    throw new Error(`unplugin-molt: optimizeLevel must be an integer from 0 to 4, not ${level}`);
  }
  return {
    include: options.include ?? /\.py$/,
    exclude: options.exclude ?? [],
    cacheDir: options.cacheDir,
    optimizeLevel: level,
    sourceMap: options.sourceMap,
    stdio: options.stdio,
    profile: options.profile,
    dts: options.dts ?? false,
    root,
  };
}
