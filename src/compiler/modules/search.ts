/**
 * Finding a module's file the way CPython's path-based finder does, for the subset Molt
 * compiles: in each directory of the search path, a package (`name/__init__.py`) first, then a
 * module (`name.py`); a directory without `__init__.py` is a portion of a namespace package,
 * used only when no directory of the path has a regular package or module of that name.
 */
import { statSync } from "node:fs";
import { join } from "node:path";

export type FoundModule =
  | { kind: "code"; file: string; isPackage: boolean; searchDirs: readonly string[] }
  | { kind: "namespace"; searchDirs: readonly string[] };

export function findModule(component: string, dirs: readonly string[]): FoundModule | null {
  const portions: string[] = [];
  for (const dir of dirs) {
    const pkg = join(dir, component);
    const init = join(pkg, "__init__.py");
    if (isFile(init)) return { kind: "code", file: init, isPackage: true, searchDirs: [pkg] };
    const file = join(dir, `${component}.py`);
    if (isFile(file)) return { kind: "code", file, isPackage: false, searchDirs: [] };
    if (isDirectory(pkg)) portions.push(pkg);
  }
  return portions.length > 0 ? { kind: "namespace", searchDirs: portions } : null;
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
