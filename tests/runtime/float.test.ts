/**
 * float against CPython 3.11: repr, floor division and modulo, **, round, hash, and exact
 * comparison with ints. Operands travel to Python as IEEE-754 bit patterns, so NaN, infinities
 * and -0.0 arrive intact.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { pythonJson } from "./oracle.js";
import { Runtime } from "./harness.js";

let rt: Runtime;
beforeAll(() => {
  rt = Runtime.load();
  rt.x.rt_set_int_max_str_digits!(0);
});

function bits(x: number): string {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  return v.getBigUint64(0).toString(16).padStart(16, "0");
}

function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random doubles of every magnitude: random bit patterns, short decimals, integers. */
function randomFloats(n: number, seed: number): number[] {
  const rand = prng(seed);
  const out: number[] = [];
  const v = new DataView(new ArrayBuffer(8));
  while (out.length < n) {
    const k = rand();
    let x: number;
    if (k < 0.4) {
      v.setUint32(0, Math.floor(rand() * 2 ** 32));
      v.setUint32(4, Math.floor(rand() * 2 ** 32));
      x = v.getFloat64(0);
    } else if (k < 0.7) {
      x = Number((rand() * 1000 - 500).toFixed(Math.floor(rand() * 4)));
    } else {
      x = Math.floor((rand() - 0.5) * 2 ** Math.floor(rand() * 70)) * (rand() < 0.3 ? 0.5 : 1);
    }
    if (Number.isFinite(x)) out.push(x);
  }
  return out;
}

const SPECIAL = [0, -0, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, 0.1, 0.3, 1e16, 1e15, 9999999999999998, 1e-4, 1e-5,
  5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1e22, 1e21, 123456789.123, 0.1 + 0.2,
  Infinity, -Infinity, NaN, 2 ** 53, 2 ** 53 + 2, 3, -7, 1e300, 1e-300];

/** Evaluates expressions over float pairs (a, b) in CPython: repr, or "Type: message". */
function cpython(exprs: string[], pairs: [number, number][]): string[][] {
  return pythonJson<string[][]>(
    `import json, sys, struct
def f(h): return struct.unpack(">d", bytes.fromhex(h))[0]
def ev(e, a, b):
    try:
        return repr(eval(e))
    except Exception as x:
        return f"{type(x).__name__}: {x}"
exprs = ${JSON.stringify(exprs)}
print(json.dumps([[ev(e, f(a), f(b)) for e in exprs] for a, b in json.load(sys.stdin)]))`,
    JSON.stringify(pairs.map(([a, b]) => [bits(a), bits(b)])),
  );
}

function compare(exprs: string[], pairs: [number, number][], run: (a: bigint, b: bigint) => string[]): string[] {
  const expected = cpython(exprs, pairs);
  const mismatches: string[] = [];
  pairs.forEach(([a, b], i) => {
    run(rt.float(a), rt.float(b)).forEach((got, j) => {
      if (got !== expected[i]![j]) mismatches.push(`${exprs[j]} with a=${a} b=${b}: got ${got}, want ${expected[i]![j]}`);
    });
  });
  return mismatches;
}

describe("float", () => {
  it("repr gives CPython's shortest round-trip text", () => {
    const xs = [...SPECIAL, ...randomFloats(3000, 1)];
    const mismatches = compare(["a", "-a"], xs.map((x) => [x, 0]), (a) => [rt.call("rt_repr", a), rt.call("rt_neg", a)]);
    // rt_repr returns a str, whose repr is quoted; compare the text inside.
    const fixed = mismatches.filter((m) => !/got '(.*)', want \1$/.test(m));
    expect(fixed.slice(0, 5)).toEqual([]);
  });

  it("arithmetic, floor division, modulo and divmod follow the divisor's sign", () => {
    const vals = [...SPECIAL, ...randomFloats(40, 2)];
    const pairs: [number, number][] = [];
    for (const a of vals) for (const b of vals.slice(0, 45)) pairs.push([a, b]);
    const ops: Record<string, string> = {
      rt_add: "a + b", rt_sub: "a - b", rt_mul: "a * b", rt_truediv: "a / b", rt_floordiv: "a // b",
      rt_mod: "a % b", rt_divmod: "divmod(a, b)",
    };
    const names = Object.keys(ops);
    const mismatches = compare(Object.values(ops), pairs, (a, b) => names.map((n) => rt.call(n, a, b)));
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it("** follows CPython's special cases and errors", () => {
    const vals = [0, -0, 1, -1, 2, -2, 0.5, -0.5, 3, -3, 1.5, -1.5, 10, 1e300, -1e300, 1e-300, Infinity, -Infinity, NaN, 2.5, 1075, -1075];
    const pairs: [number, number][] = [];
    for (const a of vals) for (const b of vals) pairs.push([a, b]);
    const mismatches = compare(["a ** b"], pairs, (a, b) => [rt.call("rt_pow", a, b)]);
    // CPython returns complex numbers (or fails to) for a negative base and a fractional exponent.
    const real = mismatches.filter((m) => !m.includes("got NotImplementedError: complex results"));
    expect(real.slice(0, 5)).toEqual([]);
    expect(rt.call("rt_pow", rt.float(-8), rt.float(0.5))).toBe("NotImplementedError: complex results of ** are not supported");
  });

  it("round: half to even, and to ndigits exactly", () => {
    const xs = [...SPECIAL.filter(Number.isFinite), ...randomFloats(300, 3), 0.125, 0.375, 2.675, 1.005, 5e-324, 1234.5, 0.5e-10];
    const pairs: [number, number][] = [];
    for (const x of xs) for (const n of [0, 1, 2, 3, 5, 10, 17, 300, -1, -2, -5, -300, -400]) pairs.push([x, n]);
    const mismatches = compare(["round(a, int(b))"], pairs, (a, b) => [rt.call("rt_round", a, rt.int(BigInt(rt.toFloat(b))))]);
    expect(mismatches.slice(0, 5)).toEqual([]);
    const none = BigInt.asIntN(64, 0xfffbn << 48n);
    const one = compare(["round(a)"], [...SPECIAL, ...randomFloats(200, 4)].map((x) => [x, 0]), (a) => [rt.call("rt_round", a, none)]);
    expect(one.slice(0, 5)).toEqual([]);
  });

  it("hash matches CPython, and integral floats hash like ints", () => {
    const xs = [...SPECIAL.filter((x) => !Number.isNaN(x)), ...randomFloats(1000, 5)];
    const mismatches = compare(["hash(a)"], xs.map((x) => [x, 0]), (a) => [rt.call("rt_hash", a)]);
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(rt.call("rt_hash", rt.float(2 ** 80))).toBe(rt.call("rt_hash", rt.int(2n ** 80n)));
  });

  it("compares exactly with ints of any size", () => {
    const ints = [0n, 1n, -1n, 2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, 2n ** 1023n, 2n ** 1024n, -(2n ** 1024n), 10n ** 400n, 3n];
    const floats = [0, -0, 0.5, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 2 ** 1023, 1.7976931348623157e308, -1.7976931348623157e308, Infinity, -Infinity, NaN, 3, 2.9999999999999996];
    const pairs: [bigint, number][] = [];
    for (const i of ints) for (const f of floats) pairs.push([i, f]);
    const expected = pythonJson<string[][]>(
      `import json, sys, struct
out = []
for i, h in json.load(sys.stdin):
    a, b = int(i), struct.unpack(">d", bytes.fromhex(h))[0]
    out.append([repr(x) for x in (a < b, a <= b, a == b, a != b, a > b, a >= b, b < a, b == a)])
print(json.dumps(out))`,
      JSON.stringify(pairs.map(([i, f]) => [i.toString(), bits(f)])),
    );
    pairs.forEach(([i, f], k) => {
      const a = rt.int(i), b = rt.float(f);
      const got = ["rt_lt", "rt_le", "rt_eq", "rt_ne", "rt_gt", "rt_ge"].map((op) => rt.call(op, a, b));
      got.push(rt.call("rt_lt", b, a), rt.call("rt_eq", b, a));
      expect(got, `${i} vs ${f}`).toEqual(expected[k]);
    });
  });

  it("int / int is correctly rounded, down to subnormals", () => {
    const pairs: [bigint, bigint][] = [
      [1n, 3n], [2n ** 1074n, 3n ** 700n], [1n, 10n ** 320n], [3n, 10n ** 324n], [1n, 2n ** 1075n], [3n, 2n ** 1076n],
      [10n ** 308n * 17n, 10n], [(1n << 60n) + 1n, 1n << 7n], [(1n << 54n) + 1n, 2n], [-(10n ** 50n), 7n], [7n ** 400n, 3n ** 600n],
      [1n, -(2n ** 1074n)], [123456789n ** 30n, 987654321n ** 29n],
    ];
    const expected = pythonJson<string[]>(
      `import json, sys
print(json.dumps([repr(int(a) / int(b)) for a, b in json.load(sys.stdin)]))`,
      JSON.stringify(pairs.map(([a, b]) => [a.toString(), b.toString()])),
    );
    expect(pairs.map(([a, b]) => rt.call("rt_truediv", rt.int(a), rt.int(b)))).toEqual(expected);
  });

  it("raises CPython's float errors", () => {
    expect(rt.call("rt_truediv", rt.float(1), rt.float(0))).toBe("ZeroDivisionError: float division by zero");
    expect(rt.call("rt_truediv", rt.float(1), rt.int(0n))).toBe("ZeroDivisionError: float division by zero");
    expect(rt.call("rt_floordiv", rt.float(1), rt.float(0))).toBe("ZeroDivisionError: float floor division by zero");
    expect(rt.call("rt_mod", rt.float(1), rt.float(-0))).toBe("ZeroDivisionError: float modulo");
    expect(rt.call("rt_divmod", rt.float(1), rt.float(0))).toBe("ZeroDivisionError: float divmod()");
    expect(rt.call("rt_pow", rt.float(0), rt.float(-1))).toBe("ZeroDivisionError: 0.0 cannot be raised to a negative power");
    expect(rt.call("rt_pow", rt.float(10), rt.float(400))).toBe("OverflowError: (34, 'Numerical result out of range')");
    const none = BigInt.asIntN(64, 0xfffbn << 48n);
    expect(rt.call("rt_round", rt.float(Infinity), none)).toBe("OverflowError: cannot convert float infinity to integer");
    expect(rt.call("rt_round", rt.float(NaN), none)).toBe("ValueError: cannot convert float NaN to integer");
  });
});
