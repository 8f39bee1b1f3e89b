/**
 * JS -> Python, always a new reference. number -> int when it is a safe integer (so `f(3)`
 * passes an int, as Python code expects of a count or an index) and float otherwise, including
 * -0, NaN, the infinities and integral numbers beyond 2^53 (1e308 is a float's value, not a
 * count); pass a BigInt for a big int; bigint -> int; string -> str; boolean -> bool; null and undefined -> None;
 * Array -> list; Map -> dict; Set -> set; a plain object -> dict with str keys; a proxy -> the Python
 * object it holds; a function -> a Python callable that calls it (bridge.ts). Anything else is a
 * TypeError on the JS side.
 */
import type { Bridge } from "./bridge.js";
import { pythonValueOf } from "./proxies.js";
import { FALSE, NONE, TRUE, boxFloat, boxSmallInt, boxSmallIntNumber, fitsSmallInt, fitsSmallIntNumber } from "./value-bits.js";

const encoder = new TextEncoder();

export function toPython(b: Bridge, x: unknown): bigint {
  return convert(b, x, new Map());
}

function convert(b: Bridge, x: unknown, seen: Map<object, bigint>): bigint {
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
  // A container reached twice is one Python object reached twice (cycles included).
  const again = seen.get(x);
  if (again !== undefined) {
    b.rt.rt_embed_incref(again);
    return again;
  }
  if (Array.isArray(x)) return list(b, x, seen);
  if (x instanceof Map) return dict(b, x.entries(), seen, x);
  if (x instanceof Set) return set(b, x, seen);
  const proto = Object.getPrototypeOf(x);
  if (proto === Object.prototype || proto === null) return dict(b, Object.entries(x)[Symbol.iterator](), seen, x);
  throw new TypeError(`cannot pass a JS ${proto?.constructor?.name ?? "object"} to Python`);
}

function int(b: Bridge, n: bigint): bigint {
  if (fitsSmallInt(n)) return boxSmallInt(n);
  return b.check(b.withBytes(encoder.encode(n.toString()), (p, len) => b.rt.rt_embed_int_from_decimal(p, len)));
}

function list(b: Bridge, items: readonly unknown[], seen: Map<object, bigint>): bigint {
  const l = b.check(b.rt.rt_embed_list_new());
  seen.set(items, l);
  try {
    for (const item of items) {
      if (b.rt.rt_embed_list_append(l, convert(b, item, seen)) < 0) throw b.takeError();
    }
    return l;
  } catch (e) {
    b.rt.rt_embed_decref(l);
    throw e;
  }
}

function dict(b: Bridge, entries: Iterator<[unknown, unknown]>, seen: Map<object, bigint>, source: object): bigint {
  const d = b.check(b.rt.rt_embed_dict_new());
  seen.set(source, d);
  try {
    for (let e = entries.next(); !e.done; e = entries.next()) {
      const key = convert(b, e.value[0], seen);
      let value: bigint;
      try {
        value = convert(b, e.value[1], seen);
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

function set(b: Bridge, items: Set<unknown>, seen: Map<object, bigint>): bigint {
  const st = b.check(b.rt.rt_embed_set_new());
  seen.set(items, st);
  try {
    for (const item of items) {
      const v = convert(b, item, seen);
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
