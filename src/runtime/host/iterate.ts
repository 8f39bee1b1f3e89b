/**
 * Python iteration from JS: `iter(v)` then `next()` until the runtime's EXHAUSTED marker, each
 * item an owned reference handed to the caller. Returning early (a `break` in a for-of loop)
 * gives the iterator back.
 */
import type { Bridge } from "./bridge.js";
import { EXHAUSTED } from "./value-bits.js";

export function* iterate(b: Bridge, v: bigint): Generator<bigint, void, undefined> {
  const it = b.check(b.rt.rt_embed_iter(v));
  try {
    for (;;) {
      const item = b.check(b.rt.rt_embed_next(it));
      if (item === EXHAUSTED) return;
      yield item;
    }
  } finally {
    b.rt.rt_embed_decref(it);
  }
}
