/**
 * The runtime exports the embedding calls (src/runtime/core/embed.ts; signatures in
 * src/compiler/codegen/runtime-api.ts EMBED_API), plus what every compiled module exports.
 * i64 values are BigInts on this side.
 */
export interface EmbedExports {
  memory: WebAssembly.Memory;
  rt_set_argv(ptr: number, len: number, count: number): void;
  rt_alloc_bytes(size: number): number;
  rt_free_bytes(ptr: number): void;
  rt_flush(): void;

  rt_embed_kind(v: bigint): number;
  rt_embed_js_function(handle: number): bigint;
  rt_embed_js_handle(v: bigint): number;
  rt_embed_raise_js(message: bigint): bigint;
  rt_embed_incref(v: bigint): void;
  rt_embed_decref(v: bigint): void;
  rt_embed_str_new(ptr: number, len: number): bigint;
  rt_embed_str_data(v: bigint): number;
  rt_embed_str_len(v: bigint): number;
  rt_embed_type_name(v: bigint): bigint;
  rt_embed_str(v: bigint): bigint;
  rt_embed_repr(v: bigint): bigint;
  rt_embed_int_from_decimal(ptr: number, len: number): bigint;
  rt_embed_seq_len(v: bigint): number;
  rt_embed_seq_item(v: bigint, i: number): bigint;
  rt_embed_list_new(): bigint;
  rt_embed_list_append(list: bigint, item: bigint): number;
  rt_embed_dict_new(): bigint;
  rt_embed_dict_set(d: bigint, key: bigint, value: bigint): number;
  rt_embed_dict_next(d: bigint, from: number): number;
  rt_embed_dict_key(d: bigint, slot: number): bigint;
  rt_embed_dict_value(d: bigint, slot: number): bigint;
  rt_embed_set_new(): bigint;
  rt_embed_set_add(set: bigint, item: bigint): number;
  rt_embed_iter(v: bigint): bigint;
  rt_embed_next(iterator: bigint): bigint;
  rt_embed_call(callee: bigint, argv: number, argc: number): bigint;
  rt_embed_call_kw(callee: bigint, argv: number, argc: number, names: bigint): bigint;
  rt_embed_getattr(obj: bigint, name: bigint): bigint;
  /** UNBOUND where getattr raises AttributeError. */
  rt_embed_getattr_missing(obj: bigint, name: bigint): bigint;
  rt_embed_setattr(obj: bigint, name: bigint, v: bigint): number;
  rt_embed_import(name: bigint): bigint;
  rt_embed_err_fetch(): bigint;
  rt_embed_err_report(e: bigint): number;
  rt_allocated_bytes(): number;

  rt_embed_buffer(v: bigint, out: number): number;
  rt_embed_buffer_export(v: bigint, delta: number): void;
  rt_embed_buffer_new(code: number, n: number): bigint;
  rt_embed_memoryview(v: bigint): bigint;
}

/** A whole program (`molt build --module`): the runtime with the program linked in. */
export interface ProgramExports extends EmbedExports {
  molt_init(): void;
  molt_main(): bigint;
  molt_export_get(index: number): bigint;
}

/** The runtime shared by an app's modules (src/compiler/codegen/shared-runtime.ts). */
export interface SharedRuntimeExports extends EmbedExports {
  table: WebAssembly.Table;
  /** Prints the pending exception's report to stderr; returns the exit status (SystemExit aware). */
  rt_report_uncaught(): number;
}

/** What rt_embed_kind answers (src/runtime/core/embed.ts). */
export const Kind = {
  Other: 0,
  None: 1,
  Bool: 2,
  Int: 3,
  Float: 4,
  Str: 5,
  List: 6,
  Tuple: 7,
  Dict: 8,
  Callable: 9,
  Set: 10,
  JsFunction: 11,
  Buffer: 12,
} as const;

/** rt_embed_buffer's flags. */
export const BufferFlag = {
  Readonly: 1,
  Contiguous: 2,
} as const;
