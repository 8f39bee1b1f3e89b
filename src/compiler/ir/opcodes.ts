/**
 * The IR's instruction set. Each opcode's signature lives here, once, so the builder, the
 * verifier, the printer and every pass read the same facts.
 *
 * Reference counting conventions (see passes/refcount.ts): an instruction borrows its operands
 * unless it `consumes` them (takes over the caller's reference), and its result is a new
 * reference the function owns, unless the result is `unmanaged` (immortal values such as
 * literals and builtins, which need no counting).
 */
import type { ValueKind } from "./function.js";

export interface OpcodeInfo {
  /** Operand kinds; "..." as the last entry means any number of further `obj` operands. */
  readonly operands: readonly (ValueKind | "...")[];
  readonly result: ValueKind | null;
  /** Can raise a Python exception (returns ERR in codegen). */
  readonly fallible: boolean;
  /** No side effects beyond its result: removable when unused. */
  readonly pure: boolean;
  /** Operands whose references the instruction takes over. */
  readonly consumes: "none" | "all" | readonly number[];
  /** The result is immortal or not a Python object: never counted. */
  readonly unmanaged: boolean;
}

interface Flags {
  fallible?: boolean;
  pure?: boolean;
  consumes?: OpcodeInfo["consumes"];
  unmanaged?: boolean;
}

const op = (operands: (ValueKind | "...")[], result: ValueKind | null, flags: Flags = {}): OpcodeInfo => ({
  operands,
  result,
  fallible: flags.fallible ?? false,
  pure: flags.pure ?? false,
  consumes: flags.consumes ?? "none",
  unmanaged: flags.unmanaged ?? result !== "obj",
});

const fallible = { fallible: true };

export const OPCODES = {
  /** A literal: int (bigint), float (number), str, bool or None. imm: the value. Immortal. */
  const: op([], "obj", { pure: true, unmanaged: true }),
  /** The value of a local before its first assignment. */
  unbound: op([], "obj", { pure: true, unmanaged: true }),
  /** Its operand, or UnboundLocalError if that is `unbound`. imm: the variable's name. */
  check_bound: op(["obj"], "obj", { fallible: true, consumes: [0] }),
  /** imm: "Add" | "Sub" | ... (the AST operator name). */
  binop: op(["obj", "obj"], "obj", fallible),
  /** In-place form of `binop` for augmented assignment (`__iadd__` first). */
  inplace: op(["obj", "obj"], "obj", fallible),
  /** imm: "USub" | "UAdd" | "Invert". */
  unop: op(["obj"], "obj", fallible),
  /** imm: "Eq" | "Lt" | ... | "In" | "Is" (the AST comparison name). */
  compare: op(["obj", "obj"], "obj", fallible),
  /** Python truth value as a machine condition for `branch`. */
  truthy: op(["obj"], "cond", fallible),
  /** Negates a condition. */
  not: op(["cond"], "cond", { pure: true }),
  /** A condition as a Python bool (immortal). */
  bool: op(["cond"], "obj", { pure: true, unmanaged: true }),
  /** Call any callable. Operands: callee, positional args. imm: keyword names of the trailing args. */
  call: op(["obj", "..."], "obj", fallible),
  /** Call a function of this module known at compile time. imm: its name. */
  call_direct: op(["..."], "obj", fallible),
  /** imm: global name. */
  load_global: op([], "obj", fallible),
  /** The global takes over the reference (and releases its old value). */
  store_global: op(["obj"], null, { consumes: "all" }),
  /** A builtin by name (`len`, `print`, ...). imm: name. Immortal. */
  load_builtin: op([], "obj", { pure: true, unmanaged: true }),
  /** imm: attribute name. */
  load_attr: op(["obj"], "obj", fallible),
  store_attr: op(["obj", "obj"], null, fallible),
  getitem: op(["obj", "obj"], "obj", fallible),
  setitem: op(["obj", "obj", "obj"], null, fallible),
  delitem: op(["obj", "obj"], null, fallible),
  /** Containers take over their items' references. */
  build_tuple: op(["..."], "obj", { consumes: "all" }),
  build_list: op(["..."], "obj", { consumes: "all" }),
  /** Alternating keys and values. */
  build_dict: op(["..."], "obj", { fallible: true, consumes: "all" }),
  build_set: op(["..."], "obj", { fallible: true, consumes: "all" }),
  /** `slice(lower, upper, step)`, None for a missing part. */
  build_slice: op(["obj", "obj", "obj"], "obj", fallible),
  /** f-string pieces: `format(value, spec)` after the conversion (imm: -1, or `s`/`r`/`a`'s code). */
  format_value: op(["obj", "obj"], "obj", fallible),
  /** Concatenation of str pieces (an f-string). */
  build_string: op(["..."], "obj", fallible),
  /**
   * Unpacking for `a, *b, c = x`: the items of iterable x as a tuple of exactly `before +
   * after` items, or `before + 1 + after` with the starred part as a list in the middle.
   * imm: [before, after, starred (0/1)]. Raises CPython's ValueError when counts differ.
   */
  unpack: op(["obj"], "obj", fallible),
  /** Comprehension accumulators: `list.append`, `set.add`. */
  list_append: op(["obj", "obj"], null, fallible),
  set_add: op(["obj", "obj"], null, fallible),
  /** `import name` of a module the runtime provides (imm: its name). */
  import_module: op([], "obj", fallible),
  /** `iter(x)`. */
  get_iter: op(["obj"], "obj", fallible),
  /** Next item, or the `exhausted` marker value; `is_exhausted` tests for it. */
  iter_next: op(["obj"], "obj", fallible),
  is_exhausted: op(["obj"], "cond", { pure: true }),
  /** Sets the pending exception; the block then ends with `unwind`. Operands: exc, cause or none. */
  raise: op(["obj", "obj"], null),
  /**
   * Exception handling (try/except): `traceback_here` records this frame and line in the
   * pending exception's traceback (the handler edge of a failing instruction does it too);
   * `exc_fetch` takes the pending exception; `exc_matches` tests it against an except
   * clause's type (TypeError for a non-exception type); `exc_restore` makes it pending again;
   * `handler_enter`/`handler_exit` bracket an except block, whose exception becomes the
   * context of new ones; `reraise` is a bare `raise`.
   */
  traceback_here: op([], null),
  exc_fetch: op([], "obj"),
  exc_matches: op(["obj", "obj"], "cond", fallible),
  exc_restore: op(["obj"], null, { consumes: [0] }),
  handler_enter: op(["obj"], null),
  handler_exit: op([], null),
  reraise: op([], null),
  /**
   * A function object for the IR function named by imm, with its defaults (tuple or None),
   * keyword-only defaults (dict or None) and closure (tuple of cells or None).
   */
  make_function: op(["obj", "obj", "obj"], "obj", fallible),
  /** A free variable unbound in its enclosing scope: NameError (imm: the name). */
  check_bound_free: op(["obj"], "obj", { fallible: true, consumes: [0] }),
  /** Cells for closures; `cell_get` gives the unbound marker for an empty cell. */
  cell_new: op(["obj"], "obj"),
  cell_get: op(["obj"], "obj"),
  cell_set: op(["obj", "obj"], null),
  /** Reference counting, inserted by passes/refcount.ts: a new reference / release one. */
  dup: op(["obj"], null),
  drop: op(["obj"], null),
} as const satisfies Record<string, OpcodeInfo>;

export type Opcode = keyof typeof OPCODES;

export function opcodeInfo(op: Opcode): OpcodeInfo {
  return OPCODES[op];
}

export function consumesOperand(info: OpcodeInfo, index: number): boolean {
  return info.consumes === "all" || (info.consumes !== "none" && info.consumes.includes(index));
}
