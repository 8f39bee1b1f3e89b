/**
 * Where each name used in a function body lives, as far as lowering needs to know: a local
 * (an SSA variable), a cell (a local that nested functions capture), a free variable (a cell
 * of an enclosing function, reached through the closure), a module global, a builtin, or a
 * name of a class body (an entry of the namespace dict the class is made from).
 * This is the interface lowering consumes; the symbol table (src/compiler/sema) produces it.
 */
export type NameKind = "local" | "cell" | "free" | "global" | "builtin" | "classLocal";

export interface NameResolver {
  /** Kind of `name` in the scope being lowered. */
  kindOf(name: string): NameKind;
  /** Where a class body's `name` goes when its namespace lacks it: a global, builtin or free variable. */
  fallbackOf?(name: string): NameKind;
  /** Every plain local of the scope (parameters first), so each can start out unbound. */
  readonly locals: readonly string[];
  /** Locals that live in cells, and the free variables in closure order. */
  readonly cells: readonly string[];
  readonly freevars: readonly string[];
}
