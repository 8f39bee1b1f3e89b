/**
 * Where each name used in a function body lives, as far as lowering needs to know: a local
 * (an SSA variable), a module global, or a builtin. This is the interface lowering consumes;
 * the semantic-analysis stage (src/compiler/sema) produces it.
 */
export type NameKind = "local" | "global" | "builtin";

export interface NameResolver {
  /** Kind of `name` in the scope being lowered. */
  kindOf(name: string): NameKind;
  /** Every local of the scope (parameters first), so each can start out unbound. */
  readonly locals: readonly string[];
}
