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
  /** `truthy(compare(a, b))` in one step (passes/compare-fusion.ts). imm: as `compare`. */
  compare_cond: op(["obj", "obj"], "cond", fallible),
  /** Is the operand a small int (passes/specialize-entry.ts guards on it)? */
  is_small_int: op(["obj"], "cond", { pure: true }),
  /** Is the operand a float (an entry guard chosen from a profile)? */
  is_float: op(["obj"], "cond", { pure: true }),
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
  /** `del obj.name`. imm: attribute name. */
  delete_attr: op(["obj"], null, fallible),
  /**
   * A class body's name lookup in its namespace dict (operand): the value, or the unbound
   * marker when the namespace lacks it (lowering then falls back to globals). imm: name.
   */
  ns_get: op(["obj"], "obj"),
  /**
   * `with`: `with_exit` checks the context manager protocol and gives the bound `__exit__`;
   * `with_enter` calls `__enter__`; `with_exit_exc` calls `__exit__(type, exc, tb)` for the
   * exception (operands: exit, exc) and gives its result.
   */
  with_exit: op(["obj"], "obj", fallible),
  with_enter: op(["obj"], "obj", fallible),
  with_exit_exc: op(["obj", "obj"], "obj", fallible),
  /**
   * `*` and `**` unpacking: `list_extend_star(list, iterable, callee)` (callee None in a display),
   * `list_to_tuple`, `set_update`, `dict_update` (display `**`), `dict_merge_kw(dict, mapping,
   * callee)` (call `**`, one per keyword too: duplicates are errors), and `call_ex(callee,
   * args list, kwargs dict or None)`.
   */
  list_extend_star: op(["obj", "obj", "obj"], null, fallible),
  list_to_tuple: op(["obj"], "obj", fallible),
  set_update: op(["obj", "obj"], null, fallible),
  dict_update: op(["obj", "obj"], null, fallible),
  dict_merge_kw: op(["obj", "obj", "obj"], null, fallible),
  call_ex: op(["obj", "obj", "obj"], "obj", fallible),
  /**
   * Generators (passes/generator-transform.ts). `gen_yield` is what lowering emits for `yield`
   * (result: the value sent in); the transform turns each into a suspension point. The rest
   * work on the generator object the resume function gets: `gen_new(fn, args...)` makes one
   * over resume function fn; `gen_load`/`gen_store` (imm: slot) keep values across yields
   * (`gen_reserve` first makes room);
   * `gen_set_state`/`gen_at` (imm: yield number) record and test where it stopped;
   * `gen_finish` marks a return; `gen_sent(gen, sent)` is the value sent in, or raises what
   * throw() passed. `gen_delegate(gen, it, sent)` is one step of `yield from` (the value, or
   * the exhausted marker), `gen_delegate_result` its final value.
   */
  gen_yield: op(["obj"], "obj", fallible),
  gen_new: op(["obj", "..."], "obj", fallible),
  gen_load: op(["obj"], "obj"),
  gen_store: op(["obj", "obj"], null),
  /** Makes room for imm frame slots (so stores cannot fail later). */
  gen_reserve: op(["obj"], null, fallible),
  gen_set_state: op(["obj"], null),
  gen_at: op(["obj"], "cond"),
  gen_finish: op(["obj"], null),
  gen_sent: op(["obj", "obj"], "obj", fallible),
  gen_delegate: op(["obj", "obj", "obj"], "obj", fallible),
  gen_delegate_result: op([], "obj"),
  /**
   * `match` (runtime/core/match.ts): `match_sequence` gives the subject's items as a list, or
   * None if it is not a sequence to patterns; `match_mapping` tests for a mapping;
   * `match_key(subject, key)` is the value or the unbound marker; `match_rest(subject, keys)`
   * the `**rest` dict; `match_class(subject, cls)` isinstance with the pattern's TypeError;
   * `match_attrs(subject, cls)` (imm: [positional count, ...keyword names]) the attribute
   * values as a tuple, or None if one is missing.
   */
  match_sequence: op(["obj"], "obj", fallible),
  match_mapping: op(["obj"], "cond"),
  match_key: op(["obj", "obj"], "obj", fallible),
  match_rest: op(["obj", "obj"], "obj", fallible),
  match_class: op(["obj", "obj"], "cond", fallible),
  match_attrs: op(["obj", "obj"], "obj", fallible),
  /** Is the operand the unbound marker? */
  is_unbound: op(["obj"], "cond", { pure: true }),
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
  /** `import name`: the module (imm: its absolute name). */
  import_module: op([], "obj", fallible),
  /**
   * `from module import name`. imm: [name, the submodule it may be (absolute name) or "",
   * star: 0 a plain from-import; 1 `import *` of a name that may be missing (the unbound marker
   * then); 2 `import *` of a name `__all__` lists (AttributeError if missing)].
   */
  import_from: op(["obj"], "obj", fallible),
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
