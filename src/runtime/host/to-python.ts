/**
 * JS -> Python, always a new reference. number -> int when it is a safe integer (so `f(3)`
 * passes an int, as Python code expects of a count or an index) and float otherwise, including
 * -0, NaN, the infinities and integral numbers beyond 2^53 (1e308 is a float's value, not a
 * count); pass a BigInt for a big int; bigint -> int; string -> str; boolean -> bool; null and undefined -> None;
 * Array -> list; Map -> dict; Set -> set; a plain object -> dict with str keys; a proxy -> the Python
 * object it holds; a function -> a Python callable that calls it (bridge.ts); a typed array Molt
 * made over Python memory -> its object, any other typed array, ArrayBuffer or DataView -> a
 * copy in an array.array, bytearray or memoryview (buffers.ts; `copies` copies the arguments of
 * a call back afterwards). Anything else is a TypeError on the JS side.
 */
import type { Bridge } from "./bridge.js";
import { pythonValueOf } from "./proxies.js";
import { BufferCopies, copyIn, isCopiedBuffer, pythonBufferOf } from "./buffers.js";
import { FALSE, NONE, TRUE, boxFloat, boxSmallInt, boxSmallIntNumber, fitsSmallInt, fitsSmallIntNumber } from "./value-bits.js";

const encoder = new TextEncoder();

export function toPython(b: Bridge, x: unknown, copies: BufferCopies = new BufferCopies(false, b.rt.memory.buffer)): bigint {
  return convert(b, x, new Map(), copies);
}

function convert(b: Bridge, x: unknown, seen: Map<object, bigint>, copies: BufferCopies): bigint {
  switch (typeof x) {
    case "number":
      if (Number.isSafeInteger(x) && !Object.is(x, -0)) return fitsSmallIntNumber(x) ? boxSmallIntNumber(x) : int(b, BigInt(x));
      return boxFloat(x);
    case "bigint":
      return int(b, x);
    case "string":
      return b.newStr(x);
    case "boolean":
      return x ? TRUE : FALSE;
    case "undefined":
      return NONE;
  }
  if (x === null) return NONE;
  const held = pythonValueOf(b, x);
  if (held !== undefined) {
    b.rt.rt_embed_incref(held);
    return held;
  }
  if (typeof x === "function") return b.wrapJsFunction(x as (...args: unknown[]) => unknown);
  if (typeof x !== "object") throw new TypeError(`cannot pass a JS ${typeof x} to Python`);
  const shared = pythonBufferOf(b, x, copies);
  if (shared !== undefined) {
    b.rt.rt_embed_incref(shared);
    return shared;
  }
  if (isCopiedBuffer(x)) {
    // One JS buffer passed twice in a call is one Python object.
    const copied = copies.seen.get(x);
    if (copied !== undefined) {
      b.rt.rt_embed_incref(copied);
      return copied;
    }
    const v = copyIn(b, x, copies);
    copies.seen.set(x, v);
    return v;
  }
  // A container reached twice is one Python object reached twice (cycles included).
  const again = seen.get(x);
  if (again !== undefined) {
    b.rt.rt_embed_incref(again);
    return again;
  }
  if (Array.isArray(x)) return list(b, x, seen, copies);
  if (x instanceof Map) return dict(b, x.entries(), seen, x, copies);
  if (x instanceof Set) return set(b, x, seen, copies);
  const proto = Object.getPrototypeOf(x);
  if (proto === Object.prototype || proto === null) return dict(b, Object.entries(x)[Symbol.iterator](), seen, x, copies);
  throw new TypeError(`cannot pass a JS ${proto?.constructor?.name ?? "object"} to Python`);
}

function int(b: Bridge, n: bigint): bigint {
  if (fitsSmallInt(n)) return boxSmallInt(n);
  return b.check(b.withBytes(encoder.encode(n.toString()), (p, len) => b.rt.rt_embed_int_from_decimal(p, len)));
}

function list(b: Bridge, items: readonly unknown[], seen: Map<object, bigint>, copies: BufferCopies): bigint {
  const l = b.check(b.rt.rt_embed_list_new());
  seen.set(items, l);
  try {
    for (const item of items) {
      if (b.rt.rt_embed_list_append(l, convert(b, item, seen, copies)) < 0) throw b.takeError();
    }
    return l;
  } catch (e) {
    b.rt.rt_embed_decref(l);
    throw e;
  }
}

function dict(b: Bridge, entries: Iterator<[unknown, unknown]>, seen: Map<object, bigint>, source: object, copies: BufferCopies): bigint {
  const d = b.check(b.rt.rt_embed_dict_new());
  seen.set(source, d);
  try {
    for (let e = entries.next(); !e.done; e = entries.next()) {
      const key = convert(b, e.value[0], seen, copies);
      let value: bigint;
      try {
        value = convert(b, e.value[1], seen, copies);
      } catch (err) {
        b.rt.rt_embed_decref(key);
        throw err;
      }
      const r = b.rt.rt_embed_dict_set(d, key, value);
      b.rt.rt_embed_decref(key);
      b.rt.rt_embed_decref(value);
      if (r < 0) throw b.takeError();
    }
    return d;
  } catch (e) {
    b.rt.rt_embed_decref(d);
    throw e;
  }
}

function set(b: Bridge, items: Set<unknown>, seen: Map<object, bigint>, copies: BufferCopies): bigint {
  const st = b.check(b.rt.rt_embed_set_new());
  seen.set(items, st);
  try {
    for (const item of items) {
      const v = convert(b, item, seen, copies);
      const r = b.rt.rt_embed_set_add(st, v);
      b.rt.rt_embed_decref(v);
      if (r < 0) throw b.takeError();
    }
    return st;
  } catch (e) {
    b.rt.rt_embed_decref(st);
    throw e;
  }
}
