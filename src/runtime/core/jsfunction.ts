// JS functions passed to Python (through the embedding) are Python callables: a JsFunction
// holds the host's handle for the function; calling it hands the arguments, as a tuple, to the
// host, which converts them, calls the function and converts the result back. A JS exception
// comes back as JsException (with the JS error's text), or as the Python exception itself when
// it was a PythonError raised by Python code the callback called. When the last reference goes,
// the host is told to drop its handle.
import { Value, ERR, boxPtr, unboxPtr } from "./value";
import { newObject, freeObject, JSFUNCTION_TYPE, decref, incref } from "./object";
import { raise, raiseWithValue, TypeError, JsException } from "./exceptions";
import { tupleNew, tupleSetItem } from "./tuple";
import { argAt, kwCount } from "./call";

// @ts-ignore: decorator
@external("molt_host", "call_js")
declare function hostCallJs(handle: i32, args: u64): u64;
// @ts-ignore: decorator
@external("molt_host", "release_js")
declare function hostReleaseJs(handle: i32): void;

const JS_HANDLE: usize = 8;
const JS_SIZE: usize = 16;

/** A new JsFunction for the host's handle; ERR on MemoryError. */
export function rt_embed_js_function(handle: i32): Value {
  const p = newObject(JSFUNCTION_TYPE, JS_SIZE);
  if (p == 0) return ERR;
  store<i32>(p, handle, JS_HANDLE);
  return boxPtr(p);
}

/** The host's handle of a JsFunction (v borrowed). */
export function rt_embed_js_handle(v: Value): i32 { return load<i32>(unboxPtr(v), JS_HANDLE); }

/** Raises JsException(message) for a JS exception a callback threw (message stolen); returns ERR. */
export function rt_embed_raise_js(message: Value): Value {
  raiseWithValue(JsException, message);
  decref(message);
  return ERR;
}

export function callJsFunction(p: usize, argv: usize, argc: u32, kwnames: Value): Value {
  if (kwCount(kwnames) > 0) return raise(TypeError, "JS functions take no keyword arguments");
  const args = tupleNew(argc);
  if (args == 0) return ERR;
  for (let i: u32 = 0; i < argc; i++) {
    const a = argAt(argv, i);
    incref(a);
    tupleSetItem(args, i, a);
  }
  const r = hostCallJs(load<i32>(p, JS_HANDLE), boxPtr(args));
  decref(boxPtr(args));
  return r;
}

export function jsFunctionDealloc(p: usize): void {
  hostReleaseJs(load<i32>(p, JS_HANDLE));
  freeObject(p, JS_SIZE);
}
