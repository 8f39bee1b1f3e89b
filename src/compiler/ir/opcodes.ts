/**
 * The IR's instruction set. Each opcode's signature lives here, once, so the builder, the
 * verifier, the printer and every pass read the same facts.
 */
import type { ValueKind } from "./function.js";

export interface OpcodeInfo {
  /** Operand kinds; "..." as the last entry means any number of further `obj` operands. */
  readonly operands: readonly (ValueKind | "...")[];
  readonly result: ValueKind | null;
  /** Can raise a Python exception (returns ERR in codegen). */
  readonly fallible: boolean;
  /** No side effects beyond its result: removable when unused, mergeable when equal. */
  readonly pure: boolean;
}

const op = (operands: (ValueKind | "...")[], result: ValueKind | null, fallible: boolean, pure = false): OpcodeInfo => ({
  operands,
  result,
  fallible,
  pure,
});

export const OPCODES = {
  /** A literal: int (bigint), float (number), str, bool or None. imm: the value. */
  const: op([], "obj", false, true),
  /** The value of a local before its first assignment. */
  unbound: op([], "obj", false, true),
  /** Its operand, or UnboundLocalError if that is `unbound`. imm: the variable's name. */
  check_bound: op(["obj"], "obj", true),
  /** imm: "Add" | "Sub" | ... (the AST operator name). */
  binop: op(["obj", "obj"], "obj", true),
  /** In-place form of `binop` for augmented assignment (`__iadd__` first). */
  inplace: op(["obj", "obj"], "obj", true),
  /** imm: "USub" | "UAdd" | "Invert" | "Not". */
  unop: op(["obj"], "obj", true),
  /** imm: "Eq" | "Lt" | ... | "In" | "Is" (the AST comparison name). */
  compare: op(["obj", "obj"], "obj", true),
  /** Python truth value as a machine condition for `branch`. */
  truthy: op(["obj"], "cond", true),
  /** Negates a condition. */
  not: op(["cond"], "cond", false, true),
  /** A condition as a Python bool. */
  bool: op(["cond"], "obj", false, true),
  /** Call any callable. Operands: callee, positional args. imm: keyword names of the trailing args. */
  call: op(["obj", "..."], "obj", true),
  /** Call a function of this module known at compile time. imm: its name. */
  call_direct: op(["..."], "obj", true),
  /** imm: global name. */
  load_global: op([], "obj", true),
  store_global: op(["obj"], null, false),
  /** A builtin by name (`len`, `print`, ...). imm: name. */
  load_builtin: op([], "obj", false, true),
  /** imm: attribute name. */
  load_attr: op(["obj"], "obj", true),
  store_attr: op(["obj", "obj"], null, true),
  getitem: op(["obj", "obj"], "obj", true),
  setitem: op(["obj", "obj", "obj"], null, true),
  delitem: op(["obj", "obj"], null, true),
  build_tuple: op(["..."], "obj", false),
  build_list: op(["..."], "obj", false),
  /** Alternating keys and values. */
  build_dict: op(["..."], "obj", true),
  build_set: op(["..."], "obj", true),
  /** `iter(x)`. */
  get_iter: op(["obj"], "obj", true),
  /** Next item, or the `exhausted` marker value; `is_exhausted` tests for it. */
  iter_next: op(["obj"], "obj", true),
  is_exhausted: op(["obj"], "cond", false, true),
  /** Sets the pending exception; the block then ends with `unwind`. Operands: exc, cause or none. */
  raise: op(["obj", "obj"], null, false),
  /** Cells for closures. */
  cell_new: op(["obj"], "obj", false),
  cell_get: op(["obj"], "obj", true),
  cell_set: op(["obj", "obj"], null, false),
} as const satisfies Record<string, OpcodeInfo>;

export type Opcode = keyof typeof OPCODES;

export function opcodeInfo(op: Opcode): OpcodeInfo {
  return OPCODES[op];
}
