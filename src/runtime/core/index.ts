// The runtime's entry file: start-up, and every export compiled code and the host call. All
// exports carry the rt_ prefix; their contract with codegen is src/compiler/codegen/runtime-api.ts.
import { initObjects } from "./object";
import { initExceptions } from "./exceptions";
import { initTuples } from "./tuple";
import { initStrs } from "./str";
import { initBytesTypes } from "./bytes";
import { initArrayType } from "./arraytype";
import { initMemoryviewType } from "./memoryview";
import { initBuiltins } from "./builtins";
import { initClasses } from "./classes";
import { initSubclasses } from "./subclass";
import { initGenerators } from "./generator";
import { initModules } from "./modules";
import { alloc, free, allocatedBytes } from "./alloc";

// Start-up (the Wasm start function): builtin types and singletons. Order matters: type
// objects' names are strs, exception types need the empty tuple, and the builtins namespace
// and the modules hold all of them.
initObjects();
initTuples();
initStrs();
initBytesTypes();
initArrayType();
initMemoryviewType();
initExceptions();
initClasses();
initSubclasses();
initGenerators();
initBuiltins();
initModules();

/** Raw bytes for the host and for codegen's constant/argument vectors: the size is kept in a
 * prefix word so rt_free_bytes needs only the address. 0 if memory is exhausted. */
export function rt_alloc_bytes(size: u32): usize {
  const p = alloc(<usize>size + 8);
  if (p == 0) return 0;
  store<u32>(p, size);
  return p + 8;
}

export function rt_free_bytes(p: usize): void {
  free(p - 8, <usize>load<u32>(p - 8) + 8);
}

/** Bytes currently allocated from the runtime's heap (for tests and profiling). */
export function rt_allocated_bytes(): usize { return allocatedBytes(); }

export { rt_incref, rt_decref, rt_type_name } from "./object";
export { rt_builtin, rt_unpack } from "./builtins";
export { rt_format_value, rt_build_string } from "./strfmt";
export { rt_code_new_utf8, rt_make_function, rt_bind_args, rt_function_closure } from "./pyfunc";
export { rt_call } from "./call";
export { rt_getattr, rt_setattr, rt_delattr } from "./attr";
export { rt_list_extend_star, rt_list_to_tuple, rt_set_update, rt_dict_update, rt_dict_merge_kw, rt_call_ex } from "./star";
export {
  rt_gen_new, rt_gen_load, rt_gen_store, rt_gen_reserve, rt_gen_set_state, rt_gen_state, rt_gen_finish, rt_gen_sent, rt_gen_delegate,
  rt_gen_delegate_result,
} from "./generator";
export { rt_match_sequence, rt_match_mapping, rt_match_key, rt_match_rest, rt_match_class, rt_match_attrs } from "./match";
export { rt_ns_get, rt_with_exit, rt_with_enter, rt_with_exit_exc } from "./classes";
export {
  rt_import, rt_set_argv, rt_module_register, rt_module_declare, rt_module_table, rt_import_linked, rt_import_from,
  rt_import_by_name as rt_embed_import,
} from "./modules";
export { rt_flush } from "./io";
export {
  rt_err_occurred, rt_err_fetch, rt_err_restore, rt_err_clear, rt_exc_matches, rt_exc_args,
  rt_raise_new, rt_exception_matches, rt_raise, rt_reraise, rt_exc_handler_enter, rt_exc_handler_exit,
  rt_raise_unbound, rt_raise_recursion, rt_depth, rt_recursion_limit, rt_traceback_add, rt_report_uncaught, rt_register_source,
} from "./exceptions";
export { rt_str_from_utf8, rt_str_new, rt_str_data, rt_str_byte_length, rt_str_find } from "./str";
export { rt_bytes_new } from "./bytes";
export {
  rt_int_from_decimal, rt_int_from_str, rt_int_from_i64, rt_set_int_max_str_digits,
} from "./int";
export { rt_build_tuple, rt_tuple_len } from "./tuple";
export { rt_slice_new } from "./slice";
export {
  rt_build_list, rt_list_append, rt_list_insert, rt_list_pop, rt_list_index, rt_list_count,
  rt_list_reverse, rt_list_extend,
} from "./list";
export { rt_build_dict, rt_dict_new, rt_dict_get, rt_dict_len } from "./dict";
export {
  rt_build_set, rt_set_new, rt_set_add, rt_set_discard, rt_set_remove, rt_set_pop, rt_set_len,
} from "./set";
export { rt_get_iter, rt_iter_next } from "./iter";
export { rt_cell_new, rt_cell_get, rt_cell_set } from "./iterobjects";
export {
  rt_add, rt_sub, rt_mul, rt_truediv, rt_floordiv, rt_mod, rt_divmod, rt_pow, rt_pow3, rt_matmul,
  rt_lshift, rt_rshift, rt_and, rt_or, rt_xor,
  rt_inplace_add, rt_inplace_sub, rt_inplace_mul, rt_inplace_matmul, rt_inplace_truediv,
  rt_inplace_floordiv, rt_inplace_mod, rt_inplace_pow, rt_inplace_lshift, rt_inplace_rshift,
  rt_inplace_and, rt_inplace_or, rt_inplace_xor,
  rt_neg, rt_pos, rt_invert, rt_abs, rt_round,
  rt_eq, rt_ne, rt_lt, rt_le, rt_gt, rt_ge, rt_is, rt_is_not, rt_hash,
  rt_truthy, rt_not, rt_len, rt_contains, rt_not_contains,
  rt_getitem, rt_setitem, rt_delitem, rt_repr, rt_str,
} from "./ops";
export * from "./embed";
