/**
 * Python -> JS. Plain data is copied: int -> number (bigint beyond Number.MAX_SAFE_INTEGER),
 * float -> number, str -> string, bool -> boolean, None -> null, list and tuple -> Array,
 * dict -> Map (keys converted the same way, so a tuple key becomes an Array compared by
 * identity), set and frozenset -> Set. A container seen twice in one conversion becomes the same JS object, so cycles
 * and shared sublists survive. bytes, bytearray, memoryview and array.array are not copied:
 * they become typed arrays over their memory (buffers.ts). Anything else (functions, modules,
 * instances) crosses as a proxy holding a reference (proxies.ts).
 */
import type { Bridge } from "./bridge.js";
import { Kind } from "./embed-exports.js";
import { iterate } from "./iterate.js";
import { makeProxy } from "./proxies.js";
import { viewOf } from "./buffers.js";
import { isBool, isFloat, isNone, isSmallInt, unboxFloat, unboxSmallInt } from "./value-bits.js";

/** Converts v; an owned reference is consumed (kept by a proxy, or given back after copying). */
export function toJs(b: Bridge, v: bigint, owned: boolean): unknown {
  return convert(b, v, owned, new Map());
}

function convert(b: Bridge, v: bigint, owned: boolean, seen: Map<bigint, unknown>): unknown {
  // Immediates carry no reference: nothing to give back.
  if (isFloat(v)) return unboxFloat(v);
  if (isSmallInt(v)) return unboxSmallInt(v);
  if (isBool(v)) return unboxSmallInt(v) !== 0;
  if (isNone(v)) return null;
  const rt = b.rt;
  const kind = rt.rt_embed_kind(v);
  if (kind === Kind.JsFunction) {
    // A JS function that went through Python comes back as itself.
    const fn = b.jsFunctionOf(v);
    if (owned) rt.rt_embed_decref(v);
    return fn;
  }
  if (kind === Kind.Other || kind === Kind.Callable) {
    if (!owned) rt.rt_embed_incref(v);
    return makeProxy(b, v, kind === Kind.Callable);
  }
  if (kind === Kind.Buffer) {
    const again = seen.get(v);
    if (again !== undefined) {
      if (owned) rt.rt_embed_decref(v);
      return again;
    }
    const view = viewOf(b, v, owned);
    seen.set(v, view);
    return view;
  }
  try {
    const again = seen.get(v);
    if (again !== undefined) return again;
    switch (kind) {
      case Kind.Str:
        return b.readStr(v);
      case Kind.Int: {
        const n = BigInt(b.takeStr(b.check(rt.rt_embed_str(v))));
        return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
      }
      case Kind.List:
      case Kind.Tuple: {
        const out: unknown[] = [];
        seen.set(v, out);
        const n = rt.rt_embed_seq_len(v);
        for (let i = 0; i < n; i++) out.push(convert(b, b.check(rt.rt_embed_seq_item(v, i)), true, seen));
        return out;
      }
      case Kind.Dict: {
        const out = new Map<unknown, unknown>();
        seen.set(v, out);
        for (let slot = rt.rt_embed_dict_next(v, 0); slot >= 0; slot = rt.rt_embed_dict_next(v, slot + 1)) {
          const key = convert(b, rt.rt_embed_dict_key(v, slot), true, seen);
          out.set(key, convert(b, rt.rt_embed_dict_value(v, slot), true, seen));
        }
        return out;
      }
      case Kind.Set: {
        const out = new Set<unknown>();
        seen.set(v, out);
        for (const item of iterate(b, v)) out.add(convert(b, item, true, seen));
        return out;
      }
      default:
        throw new Error(`molt: unknown value kind ${kind}`);
    }
  } finally {
    if (owned) rt.rt_embed_decref(v);
  }
}
