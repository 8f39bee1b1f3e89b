/**
 * The runtime entry points generated code calls, with their Wasm signatures. Codegen refers to
 * runtime functions only through this table, so the contract between compiler and runtime is
 * written down in one place (and checked against the runtime's exports when linking).
 */
import type { Operator, CmpOperator, UnaryOperator } from "../syntax/ast.js";

export type WasmType = "i32" | "i64" | "f64" | "none";

export interface RuntimeFunction {
  readonly params: readonly WasmType[];
  readonly result: WasmType;
}

const fn = (params: WasmType[], result: WasmType): RuntimeFunction => ({ params, result });
const binary = fn(["i64", "i64"], "i64");
const unary = fn(["i64"], "i64");

/** Runtime export implementing each binary operator (`a + b` calls `rt_add`). */
export const BINOP_FUNCTIONS: Record<Operator, string> = {
  Add: "rt_add", Sub: "rt_sub", Mult: "rt_mul", MatMult: "rt_matmul", Div: "rt_truediv",
  Mod: "rt_mod", Pow: "rt_pow", LShift: "rt_lshift", RShift: "rt_rshift", BitOr: "rt_or",
  BitXor: "rt_xor", BitAnd: "rt_and", FloorDiv: "rt_floordiv",
};

export const INPLACE_FUNCTIONS: Record<Operator, string> = Object.fromEntries(
  Object.entries(BINOP_FUNCTIONS).map(([op, name]) => [op, name.replace("rt_", "rt_inplace_")]),
) as Record<Operator, string>;

export const COMPARE_FUNCTIONS: Record<CmpOperator, string> = {
  Eq: "rt_eq", NotEq: "rt_ne", Lt: "rt_lt", LtE: "rt_le", Gt: "rt_gt", GtE: "rt_ge",
  Is: "rt_is", IsNot: "rt_is_not", In: "rt_contains", NotIn: "rt_not_contains",
};

export const UNOP_FUNCTIONS: Record<UnaryOperator, string> = {
  USub: "rt_neg", UAdd: "rt_pos", Invert: "rt_invert", Not: "rt_not",
};

export const RUNTIME_API: Record<string, RuntimeFunction> = {
  ...Object.fromEntries(Object.values(BINOP_FUNCTIONS).map((n) => [n, binary])),
  ...Object.fromEntries(Object.values(INPLACE_FUNCTIONS).map((n) => [n, binary])),
  ...Object.fromEntries(Object.values(COMPARE_FUNCTIONS).map((n) => [n, binary])),
  ...Object.fromEntries(Object.values(UNOP_FUNCTIONS).map((n) => [n, unary])),
  /** 1 or 0, or -1 with an exception pending. */
  rt_truthy: fn(["i64"], "i32"),
  rt_incref: fn(["i64"], "none"),
  rt_decref: fn(["i64"], "none"),
  /** Records a traceback entry (function name str, file str, line) for the pending exception. */
  rt_traceback_add: fn(["i64", "i64", "i32"], "none"),
  /** An immortal str from UTF-8 bytes at an address. */
  rt_str_from_utf8: fn(["i32", "i32"], "i64"),
  rt_bytes_new: fn(["i32", "i32"], "i64"),
  /** An int from its decimal digits (ASCII) at an address: for literals beyond the small range. */
  rt_int_from_decimal: fn(["i32", "i32"], "i64"),
  /** Scratch memory for passing constant bytes and argument vectors: returns an address. */
  rt_alloc_bytes: fn(["i32"], "i32"),
  rt_free_bytes: fn(["i32"], "none"),
  /** callee, address of argv (i64 each), argc, kwnames tuple or None. */
  rt_call: fn(["i64", "i32", "i32", "i64"], "i64"),
  rt_getattr: fn(["i64", "i64"], "i64"),
  /** Returns 0, or -1 with an exception pending. */
  rt_setattr: fn(["i64", "i64", "i64"], "i32"),
  rt_delattr: fn(["i64", "i64"], "i32"),
  /** `match` (runtime/core/match.ts). */
  rt_match_sequence: fn(["i64"], "i64"),
  rt_match_mapping: fn(["i64"], "i32"),
  rt_match_key: fn(["i64", "i64"], "i64"),
  rt_match_rest: fn(["i64", "i64"], "i64"),
  rt_match_class: fn(["i64", "i64"], "i32"),
  rt_match_attrs: fn(["i64", "i64", "i32", "i64"], "i64"),
  /** Generators (runtime/core/generator.ts). */
  rt_gen_new: fn(["i64", "i32", "i32"], "i64"),
  rt_gen_load: fn(["i64", "i32"], "i64"),
  rt_gen_store: fn(["i64", "i32", "i64"], "i32"),
  rt_gen_reserve: fn(["i64", "i32"], "i32"),
  rt_gen_set_state: fn(["i64", "i32"], "none"),
  rt_gen_state: fn(["i64"], "i32"),
  rt_gen_finish: fn(["i64"], "none"),
  rt_gen_sent: fn(["i64", "i64"], "i64"),
  rt_gen_delegate: fn(["i64", "i64", "i64"], "i64"),
  rt_gen_delegate_result: fn([], "i64"),
  /** `*` and `**` unpacking (runtime/core/star.ts); the callee operand names it in errors (None in displays). */
  rt_list_extend_star: fn(["i64", "i64", "i64"], "i32"),
  rt_list_to_tuple: fn(["i64"], "i64"),
  rt_set_update: fn(["i64", "i64"], "i32"),
  rt_dict_update: fn(["i64", "i64"], "i32"),
  rt_dict_merge_kw: fn(["i64", "i64", "i64"], "i32"),
  rt_call_ex: fn(["i64", "i64", "i64"], "i64"),
  /** `with`: the bound __exit__ (TypeError if not a context manager), __enter__(), __exit__(type, exc, tb). */
  rt_with_exit: fn(["i64"], "i64"),
  rt_with_enter: fn(["i64"], "i64"),
  rt_with_exit_exc: fn(["i64", "i64"], "i64"),
  /** A class namespace's entry for a name (new reference), or UNBOUND if it has none. */
  rt_ns_get: fn(["i64", "i64"], "i64"),
  rt_getitem: binary,
  rt_setitem: fn(["i64", "i64", "i64"], "i32"),
  rt_delitem: fn(["i64", "i64"], "i32"),
  /** Containers from an argv-style vector of `count` values (references are stolen). */
  rt_build_tuple: fn(["i32", "i32"], "i64"),
  rt_build_list: fn(["i32", "i32"], "i64"),
  rt_build_dict: fn(["i32", "i32"], "i64"),
  rt_build_set: fn(["i32", "i32"], "i64"),
  /** slice(start, stop, step), arguments borrowed. */
  rt_slice_new: fn(["i64", "i64", "i64"], "i64"),
  /** `format(value, spec)` after conversion -1 (none), 115 (str), 114 (repr) or 97 (ascii); spec a str or None. */
  rt_format_value: fn(["i64", "i64", "i32"], "i64"),
  /** Concatenates a vector of `count` str values (borrowed) into a new str. */
  rt_build_string: fn(["i32", "i32"], "i64"),
  /** Items of an iterable for unpacking: (value, before, after, starred) -> tuple, see IR `unpack`. */
  rt_unpack: fn(["i64", "i32", "i32", "i32"], "i64"),
  /** list.append(item) and set.add(item), items borrowed: 0, or -1 with an exception pending. */
  rt_list_append: fn(["i64", "i64"], "i32"),
  rt_set_add: fn(["i64", "i64"], "i32"),
  /** `import name` for a module the runtime implements: the module (immortal), or ERR. */
  rt_import: unary,
  /**
   * Python modules linked into the program (src/runtime/core/modules.ts):
   * `rt_module_register(index, name, parent, flags, file, slot names)` at init, for each;
   * `rt_import_linked(index)` imports one; `rt_import_from(module, name, submodule, star)` is
   * `from module import name`.
   */
  rt_module_register: fn(["i32", "i64", "i32", "i32", "i64", "i64"], "none"),
  /**
   * A module linked on its own into a shared runtime declares itself, and each module it may
   * import, by name: `rt_module_declare(name, parent name or None, flags, file, slot names,
   * table slot)` gives the index its code imports by (-1 with ImportError pending).
   * `rt_module_table(index)` is where its body/get/set functions are in the function table.
   */
  rt_module_declare: fn(["i64", "i64", "i32", "i64", "i64", "i32"], "i32"),
  rt_module_table: fn(["i32"], "i32"),
  rt_import_linked: fn(["i32"], "i64"),
  rt_import_from: fn(["i64", "i64", "i32", "i32"], "i64"),
  rt_get_iter: unary,
  /** Next item, or the EXHAUSTED marker, or ERR. */
  rt_iter_next: unary,
  rt_builtin: fn(["i64"], "i64"),
  /**
   * Raises NameError (second argument 0: a global; 2: a free variable) or UnboundLocalError
   * (1: a local); returns ERR.
   */
  rt_raise_unbound: fn(["i64", "i32"], "i64"),
  /** Raises RecursionError("maximum recursion depth exceeded"); returns ERR. */
  rt_raise_recursion: fn([], "i64"),
  /**
   * Sets the pending exception from `raise exc from cause`: exc an exception or exception class,
   * cause an exception, a class, None (`from None`) or the UNBOUND marker (no `from`). Both borrowed.
   */
  rt_raise: fn(["i64", "i64"], "none"),
  /** Exception handling; see the IR opcodes of the same names. */
  rt_err_fetch: fn([], "i64"),
  rt_err_restore: fn(["i64"], "none"),
  /** 1 or 0, or -1 with TypeError pending (the clause's type is not an exception class). */
  rt_exception_matches: fn(["i64", "i64"], "i32"),
  rt_exc_handler_enter: fn(["i64"], "none"),
  rt_exc_handler_exit: fn([], "none"),
  rt_reraise: fn([], "i64"),
  /** Registers the module's source text (file, text) so tracebacks can show source lines. */
  rt_register_source: fn(["i64", "i64"], "none"),
  /**
   * Function objects. `rt_code_new_utf8(address, length)` makes an immortal code object from a
   * UTF-8 spec
   * "name|qualname|argcount|posonlyargcount|kwonlyargcount|flags|varname,varname,..." (flags:
   * 1 = *args, 2 = **kwargs; varnames in slot order: positional, keyword-only, *args,
   * **kwargs). `rt_make_function(entry, code, defaults, kwdefaults, closure)` makes a function
   * whose calls go to the linker-defined `molt_link.call_function(entry, fn, argv, argc,
   * kwnames)`. `rt_bind_args(fn, argv, argc, kwnames, slots)` binds a call's arguments into
   * one i64 slot per varname (new references) with CPython's TypeErrors: 0, or -1.
   */
  rt_code_new_utf8: fn(["i32", "i32"], "i64"),
  rt_make_function: fn(["i32", "i64", "i64", "i64", "i64"], "i64"),
  rt_bind_args: fn(["i64", "i32", "i32", "i64", "i32"], "i32"),
  /** The closure tuple of a function object (borrowed), or None. */
  rt_function_closure: unary,
  /** A cell holding the value (borrowed; UNBOUND for an empty cell). */
  rt_cell_new: unary,
  /** The cell's value as a new reference, or UNBOUND if empty (never ERR: follow with a bound check). */
  rt_cell_get: unary,
  rt_cell_set: fn(["i64", "i64"], "none"),
};

/** Exports the host loader (src/runtime/host/instance.ts) calls. */
export const HOST_API: Record<string, RuntimeFunction> = {
  /** Prints the pending exception's report to stderr; returns the exit status (SystemExit aware). */
  rt_report_uncaught: fn([], "i32"),
  /** sys.argv: `count` NUL-terminated UTF-8 strings in `len` bytes at `ptr`. */
  rt_set_argv: fn(["i32", "i32", "i32"], "none"),
  /** Writes out buffered stdout. */
  rt_flush: fn([], "none"),
  rt_alloc_bytes: fn(["i32"], "i32"),
  rt_free_bytes: fn(["i32"], "none"),
};

/**
 * Exports the embedding host (src/runtime/host/embedding.ts) calls to exchange values with a
 * compiled module: kept in every module so any build can be imported from JS. The contract is
 * src/runtime/core/embed.ts.
 */
export const EMBED_API: Record<string, RuntimeFunction> = {
  rt_embed_kind: fn(["i64"], "i32"),
  /** JS functions as Python callables (src/runtime/core/jsfunction.ts). */
  rt_embed_js_function: fn(["i32"], "i64"),
  rt_embed_js_handle: fn(["i64"], "i32"),
  rt_embed_raise_js: unary,
  rt_embed_incref: fn(["i64"], "none"),
  rt_embed_decref: fn(["i64"], "none"),
  rt_embed_str_new: fn(["i32", "i32"], "i64"),
  rt_embed_str_data: fn(["i64"], "i32"),
  rt_embed_str_len: fn(["i64"], "i32"),
  rt_embed_type_name: unary,
  rt_embed_str: unary,
  rt_embed_repr: unary,
  rt_embed_int_from_decimal: fn(["i32", "i32"], "i64"),
  rt_embed_seq_len: fn(["i64"], "i32"),
  rt_embed_seq_item: fn(["i64", "i32"], "i64"),
  rt_embed_list_new: fn([], "i64"),
  rt_embed_list_append: fn(["i64", "i64"], "i32"),
  rt_embed_dict_new: fn([], "i64"),
  rt_embed_dict_set: fn(["i64", "i64", "i64"], "i32"),
  rt_embed_dict_next: fn(["i64", "i32"], "i32"),
  rt_embed_dict_key: fn(["i64", "i32"], "i64"),
  rt_embed_dict_value: fn(["i64", "i32"], "i64"),
  rt_embed_set_new: fn([], "i64"),
  rt_embed_set_add: fn(["i64", "i64"], "i32"),
  rt_embed_iter: unary,
  rt_embed_next: unary,
  rt_embed_call: fn(["i64", "i32", "i32"], "i64"),
  rt_embed_call_kw: fn(["i64", "i32", "i32", "i64"], "i64"),
  rt_embed_getattr: binary,
  rt_embed_getattr_missing: binary,
  rt_embed_setattr: fn(["i64", "i64", "i64"], "i32"),
  /** `import name` from JS: a new reference to the module (its body run on first import), or ERR. */
  rt_embed_import: unary,
  /** Buffers shared with JS as typed arrays (src/runtime/host/buffers.ts). */
  rt_embed_buffer: fn(["i64", "i32"], "i32"),
  rt_embed_buffer_export: fn(["i64", "i32"], "none"),
  rt_embed_buffer_new: fn(["i32", "i32"], "i64"),
  rt_embed_memoryview: unary,
  rt_embed_err_fetch: fn([], "i64"),
  rt_embed_err_report: fn(["i64"], "i32"),
  /** Bytes allocated from the runtime heap: JS-side leak checks. */
  rt_allocated_bytes: fn([], "i32"),
};
