/**
 * The allocator and reference counting: steady memory under millions of short-lived objects,
 * large-block reuse, no leaks across the runtime's operations, and MemoryError (not a trap)
 * when linear memory cannot grow.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildRuntime, ERR, NONE, Runtime } from "./harness.js";

let rt: Runtime;
beforeAll(() => {
  rt = Runtime.load();
});

const MB = 1 << 20;

describe("allocator", () => {
  it("allocates and frees 10 million small objects in steady memory", () => {
    const { x } = rt;
    const before = x.rt_allocated_bytes!() as number;
    const live: bigint[] = [];
    const start = performance.now();
    for (let i = 0; i < 10_000_000; i++) {
      // Heap ints (beyond the small range) of 2-3 limbs, and small lists: several size classes.
      const v = i % 4 === 3 ? (x.rt_build_list!(0, 0) as bigint) : (x.rt_int_from_i64!((1n << 60n) + BigInt(i)) as bigint);
      if (i % 1000 === 0) live.push(v);
      else x.rt_decref!(v);
      if (live.length === 500) live.splice(0).forEach((w) => x.rt_decref!(w));
    }
    live.forEach((w) => x.rt_decref!(w));
    const seconds = (performance.now() - start) / 1000;
    console.log(`10M objects created and freed in ${seconds.toFixed(2)} s (${(10 / seconds).toFixed(1)} M objects/s, incl. JS->Wasm calls)`);
    expect(x.memory.buffer.byteLength).toBeLessThan(64 * MB);
    expect(x.rt_allocated_bytes!()).toBe(before);
  });

  it("measures raw alloc/free throughput", () => {
    const { x } = rt;
    const n = 5_000_000;
    const start = performance.now();
    for (let i = 0; i < n; i++) x.rt_free_bytes!(x.rt_alloc_bytes!(24 + (i & 7) * 8) as number);
    const ns = ((performance.now() - start) * 1e6) / n;
    console.log(`rt_alloc_bytes + rt_free_bytes: ${ns.toFixed(1)} ns per pair (two JS->Wasm calls included)`);
    expect(ns).toBeLessThan(1000);
  });

  it("reuses and coalesces large blocks", () => {
    const { x } = rt;
    const before = x.rt_allocated_bytes!() as number;
    let seed = 1;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    let peak = 0;
    for (let round = 0; round < 200; round++) {
      const blocks: number[] = [];
      for (let i = 0; i < 50; i++) blocks.push(x.rt_alloc_bytes!(600 + Math.floor(rand() * 60000)) as number);
      // Free in a shuffled order so neighbours merge from both sides.
      blocks.sort(() => rand() - 0.5).forEach((p) => x.rt_free_bytes!(p));
      if (round === 10) peak = x.memory.buffer.byteLength;
    }
    expect(x.rt_allocated_bytes!()).toBe(before);
    expect(x.memory.buffer.byteLength).toBeLessThanOrEqual(Math.max(peak, 8 * MB));
    // A block as large as everything freed fits in the coalesced space.
    const big = x.rt_alloc_bytes!(1_000_000) as number;
    expect(big).toBeGreaterThan(0);
    x.rt_free_bytes!(big);
  });
});

describe("reference counting", () => {
  it("frees everything the operations allocate once the results are released", () => {
    const { x } = rt;
    x.rt_set_int_max_str_digits!(0);
    const before = x.rt_allocated_bytes!() as number;
    for (let round = 0; round < 3; round++) {
      const values: bigint[] = [];
      const keep = (v: bigint) => {
        if (v === ERR) rt.takeError();
        else values.push(v);
        return v;
      };
      const big = keep(rt.int(3n ** 500n));
      const neg = keep(rt.int(-(7n ** 90n)));
      for (const op of ["rt_add", "rt_sub", "rt_mul", "rt_floordiv", "rt_mod", "rt_divmod", "rt_truediv", "rt_and", "rt_or", "rt_xor", "rt_eq", "rt_lt"]) {
        keep(x[op]!(big, neg) as bigint);
        keep(x[op]!(neg, rt.float(1.5)) as bigint);
      }
      keep(x.rt_pow!(neg, rt.int(7)) as bigint);
      keep(x.rt_pow3!(big, neg, rt.int(1000003)) as bigint);
      keep(x.rt_lshift!(neg, rt.int(100)) as bigint);
      keep(x.rt_rshift!(neg, rt.int(100)) as bigint);
      keep(x.rt_round!(rt.float(2.675), rt.int(2)) as bigint);
      keep(x.rt_repr!(big) as bigint);
      keep(x.rt_repr!(rt.float(1e-7)) as bigint);
      const s = keep(rt.str("héllo wörld, 🐍 " + "x".repeat(100)));
      keep(x.rt_getitem!(s, rt.int(-3)) as bigint);
      const sl = keep(x.rt_slice_new!(rt.int(1), NONE, rt.int(3)) as bigint);
      keep(x.rt_getitem!(s, sl) as bigint);
      keep(x.rt_repr!(s) as bigint);
      keep(x.rt_mul!(s, rt.int(5)) as bigint);
      const l = keep(rt.build("list", [rt.int(1), rt.str("a"), rt.int(1n << 70n)]));
      for (let i = 0; i < 100; i++) x.rt_list_append!(l, rt.float(i));
      x.rt_list_extend!(l, l);
      keep(x.rt_getitem!(l, sl) as bigint);
      keep(x.rt_repr!(l) as bigint);
      const d = keep(x.rt_dict_new!() as bigint);
      for (let i = 0; i < 200; i++) {
        const k = rt.str(`k${i % 150}`);
        x.rt_setitem!(d, k, l);
        rt.decref(k);
        if (i % 3 === 0) {
          const k2 = rt.str(`k${i % 50}`);
          if ((x.rt_delitem!(d, k2) as number) < 0) rt.takeError();
          rt.decref(k2);
        }
      }
      keep(x.rt_repr!(d) as bigint);
      const st = keep(x.rt_set_new!() as bigint);
      for (let i = 0; i < 300; i++) x.rt_set_add!(st, keep(rt.build("tuple", [rt.int(i % 97), rt.float(i)])));
      keep(x.rt_repr!(st) as bigint);
      keep(x.rt_getitem!(d, keep(rt.str("missing"))) as bigint); // KeyError, taken by keep()
      keep(x.rt_add!(s, rt.int(1)) as bigint); // TypeError
      keep(x.rt_int_from_str!(keep(rt.str("12x")), 10) as bigint); // ValueError
      const it = keep(x.rt_get_iter!(d) as bigint);
      for (let v = x.rt_iter_next!(it) as bigint; v !== BigInt.asIntN(64, (0xffffn << 48n) | 2n); v = x.rt_iter_next!(it) as bigint) rt.decref(v);
      values.reverse().forEach((v) => rt.decref(v));
    }
    // Every heap Value made above was released; floats and small ints own no memory.
    expect(x.rt_allocated_bytes!()).toBe(before);
  });
});

describe("MemoryError", () => {
  it("is raised, not a trap, when linear memory cannot grow", () => {
    const dir = mkdtempSync(join(tmpdir(), "molt-runtime-"));
    const small = Runtime.load(buildRuntime(join(dir, "small.wasm"), ["--maximum-memory", "64"])); // 4 MiB
    const { x } = small;
    const lists: bigint[] = [];
    let failed: bigint | undefined;
    for (let i = 0; i < 100_000 && failed === undefined; i++) {
      const l = x.rt_build_list!(0, 0) as bigint;
      if (l === ERR) {
        failed = l;
        break;
      }
      lists.push(l);
      for (let j = 0; j < 1000; j++) {
        if (x.rt_list_append!(l, NONE) === -1) {
          failed = ERR;
          break;
        }
      }
    }
    expect(failed).toBe(ERR);
    expect(small.takeError()).toBe("MemoryError: ");
    expect(x.memory.buffer.byteLength).toBe(64 * 65536);
    // Releasing memory makes the runtime usable again.
    lists.forEach((l) => x.rt_decref!(l));
    expect(small.call("rt_repr", small.build("list", [small.int(1n << 100n)]))).toBe("'[1267650600228229401496703205376]'");
    // One request beyond the whole memory fails cleanly too.
    expect(small.call("rt_mul", small.str("x".repeat(1000)), small.int(10_000_000))).toBe("MemoryError: ");
  });
});
