/**
 * Second symbol-table pass: decides each name's resolution, top-down with the sets of names
 * bound and declared global by enclosing blocks, and bottom-up with the names children need
 * from outside (turning the providing locals into cells).
 *
 * Class bodies are special: their bindings are invisible to nested blocks, which instead see
 * an implicit `__class__` binding (the cell behind `super()`).
 */
import { errorAt } from "./errors.js";
import { BOUND, Flag, Symbol, type Resolution, type Scope } from "./scope.js";

export function resolveScopes(top: Scope): void {
  analyzeBlock(top, null, new Set(), new Set());
}

/**
 * @param bound names bound in enclosing function blocks (null at module level)
 * @param free collects names this block (and its children) read from enclosing blocks
 * @param global names known to be explicit globals from the enclosing blocks' point of view
 */
function analyzeBlock(scope: Scope, bound: Set<string> | null, free: Set<string>, global: Set<string>): void {
  const local = new Set<string>();
  const resolutions = new Map<string, Resolution>();
  let newBound = new Set<string>();
  let newGlobal = new Set<string>();

  // A class body's own names are not visible to its methods: children see what the class saw.
  if (scope.kind === "class") {
    newGlobal = new Set(global);
    if (bound !== null) newBound = new Set(bound);
  }

  for (const sym of scope.symbols.values()) {
    resolutions.set(sym.name, analyzeName(scope, sym, bound, local, free, global));
  }

  if (scope.kind === "class") {
    newBound.add("__class__");
  } else {
    if (scope.isFunctionLike) for (const name of local) newBound.add(name);
    if (bound !== null) for (const name of bound) newBound.add(name);
    for (const name of global) newGlobal.add(name);
  }

  const newFree = new Set<string>();
  for (const child of scope.children) {
    const childFree = new Set<string>();
    analyzeBlock(child, new Set(newBound), childFree, new Set(newGlobal));
    for (const name of childFree) newFree.add(name);
  }

  if (scope.isFunctionLike) {
    for (const [name, resolution] of resolutions) {
      if (resolution === "local" && newFree.delete(name)) resolutions.set(name, "cell");
    }
  } else if (scope.kind === "class" && newFree.delete("__class__")) {
    scope.needsClassClosure = true;
  }

  for (const sym of scope.symbols.values()) sym.resolution = resolutions.get(sym.name)!;
  // Names free in children but not bound here pass through this block: they are free here too
  // (so a class body can hand the cell on to its methods).
  for (const name of newFree) {
    const sym = scope.symbols.get(name);
    if (sym !== undefined) {
      // A class-body binding shadowing a closure variable used by a method.
      if (scope.kind === "class" && sym.flags & (BOUND | Flag.Global)) sym.flags |= Flag.FreeClass;
      continue;
    }
    if (bound !== null && !bound.has(name)) continue;
    scope.symbols.set(name, new Symbol(name, 0, "free"));
  }
  for (const name of newFree) free.add(name);
}

function analyzeName(
  scope: Scope,
  sym: Symbol,
  bound: Set<string> | null,
  local: Set<string>,
  free: Set<string>,
  global: Set<string>,
): Resolution {
  const name = sym.name;
  if (sym.flags & Flag.Global) {
    if (sym.flags & Flag.Nonlocal) throw errorAtDirective(scope, name, `name '${name}' is nonlocal and global`);
    global.add(name);
    bound?.delete(name);
    return "globalExplicit";
  }
  if (sym.flags & Flag.Nonlocal) {
    if (bound === null) throw errorAtDirective(scope, name, "nonlocal declaration not allowed at module level");
    if (!bound.has(name)) throw errorAtDirective(scope, name, `no binding for nonlocal '${name}' found`);
    free.add(name);
    return "free";
  }
  if (sym.flags & BOUND) {
    local.add(name);
    global.delete(name);
    return "local";
  }
  if (bound?.has(name)) {
    free.add(name);
    return "free";
  }
  return "globalImplicit";
}

/** Every `global`/`nonlocal` flag comes with a recorded directive, so the lookup cannot fail. */
function errorAtDirective(scope: Scope, name: string, msg: string) {
  return errorAt(scope.directives.get(name)!, msg);
}
