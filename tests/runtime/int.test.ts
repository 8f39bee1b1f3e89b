/**
 * int against CPython 3.11: random operand pairs across the small/big boundary (negatives,
 * zero, powers of two, values of hundreds of digits) through every binary operator, plus
 * conversions, parsing, hashing and the error messages.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { pythonJson } from "./oracle.js";
import { ERR, Runtime } from "./harness.js";

let rt: Runtime;
beforeAll(() => {
  rt = Runtime.load();
});

/** A deterministic PRNG (mulberry32), so failures reproduce. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomInt(rand: () => number): bigint {
  const kind = rand();
  let bits: number;
  if (kind < 0.2) bits = Math.floor(rand() * 20);
  else if (kind < 0.45) bits = 40 + Math.floor(rand() * 16); // around the 48-bit small limit
  else if (kind < 0.7) bits = 60 + Math.floor(rand() * 140);
  else bits = 200 + Math.floor(rand() * 1800);
  let n = 0n;
  for (let i = 0; i < bits; i += 30) n = (n << 30n) | BigInt(Math.floor(rand() * 2 ** 30));
  n &= (1n << BigInt(bits)) - 1n;
  if (rand() < 0.15) n = (1n << BigInt(bits)) - (rand() < 0.5 ? 0n : 1n); // powers of two and all-ones
  return rand() < 0.5 ? -n : n;
}

const BINARY: Record<string, string> = {
  rt_add: "a + b", rt_sub: "a - b", rt_mul: "a * b", rt_floordiv: "a // b", rt_mod: "a % b",
  rt_divmod: "divmod(a, b)", rt_truediv: "a / b", rt_and: "a & b", rt_or: "a | b", rt_xor: "a ^ b",
  rt_lt: "a < b", rt_le: "a <= b", rt_eq: "a == b", rt_ne: "a != b", rt_gt: "a > b", rt_ge: "a >= b",
};

/** Evaluates each expression for each (a, b) in CPython: repr, or "Type: message". */
function cpython(exprs: string[], pairs: [bigint, bigint][]): string[][] {
  return pythonJson<string[][]>(
    `import json, sys
sys.set_int_max_str_digits(0)
def ev(e, a, b):
    try:
        return repr(eval(e))
    except Exception as x:
        return f"{type(x).__name__}: {x}"
exprs = ${JSON.stringify(exprs)}
pairs = [(int(a), int(b)) for a, b in json.load(sys.stdin)]
print(json.dumps([[ev(e, a, b) for e in exprs] for a, b in pairs]))`,
    JSON.stringify(pairs.map(([a, b]) => [a.toString(), b.toString()])),
  );
}

describe("int arithmetic matches CPython", () => {
  it("on 400 random pairs through every binary operator", () => {
    const rand = prng(20240611);
    const pairs: [bigint, bigint][] = [];
    for (let i = 0; i < 400; i++) pairs.push([randomInt(rand), randomInt(rand)]);
    pairs.push([0n, 0n], [5n, 0n], [-(1n << 47n), -1n], [(1n << 47n) - 1n, 1n], [-(1n << 47n), 1n], [1n << 47n, -1n]);
    const names = Object.keys(BINARY);
    const expected = cpython(Object.values(BINARY), pairs);
    rt.x.rt_set_int_max_str_digits!(0);
    const mismatches: string[] = [];
    pairs.forEach(([a, b], i) => {
      const va = rt.int(a), vb = rt.int(b);
      names.forEach((name, j) => {
        const got = rt.call(name, va, vb);
        if (got !== expected[i]![j]) mismatches.push(`${BINARY[name]} with a=${a} b=${b}: got ${got}, want ${expected[i]![j]}`);
      });
      rt.decref(va);
      rt.decref(vb);
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
    // The oracle really ran: big results and errors are both among the expectations.
    expect(expected.flat().filter((e) => e.length > 300).length).toBeGreaterThan(100);
    expect(expected.flat().filter((e) => e.startsWith("ZeroDivisionError")).length).toBeGreaterThan(0);
  });

  it("shifts, powers and pow(a, b, m) on random operands", () => {
    const rand = prng(7);
    const pairs: [bigint, bigint][] = [];
    for (let i = 0; i < 150; i++) pairs.push([randomInt(rand), BigInt(Math.floor(rand() * 300) - 20)]);
    pairs.push([-1n, 1000n], [0n, 100n], [3n, -1n], [-7n, 64n], [1n, 1n << 80n]);
    const exprs = ["a << b", "a >> b", "a ** (b % 40)", "a ** b if -3 < b < 0 else 0", "pow(a, abs(b) + 1, 1000000007)", "pow(a, b, -97)", "pow(a, -1, 1000003)"];
    const expected = cpython(exprs, pairs);
    const mismatches: string[] = [];
    pairs.forEach(([a, b], i) => {
      const va = rt.int(a), vb = rt.int(b);
      const r: string[] = [
        rt.call("rt_lshift", va, vb),
        rt.call("rt_rshift", va, vb),
        rt.call("rt_pow", va, rt.int(((b % 40n) + 40n) % 40n)),
        b > -3n && b < 0n ? rt.call("rt_pow", va, vb) : "0",
        rt.call("rt_pow3", va, rt.int((b < 0n ? -b : b) + 1n), rt.int(1000000007n)),
        rt.call("rt_pow3", va, vb, rt.int(-97n)),
        rt.call("rt_pow3", va, rt.int(-1n), rt.int(1000003n)),
      ];
      r.forEach((got, j) => {
        if (got !== expected[i]![j]) mismatches.push(`${exprs[j]} with a=${a} b=${b}: got ${got}, want ${expected[i]![j]}`);
      });
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it("unary operators, abs and hash", () => {
    const rand = prng(99);
    const values = Array.from({ length: 200 }, () => randomInt(rand));
    values.push(-1n, -2n, (1n << 61n) - 1n, (1n << 61n) - 2n, -(1n << 61n) + 1n, 1n << 61n, (1n << 64n) - 1n, -(1n << 64n));
    const exprs = ["-a", "~a", "abs(a)", "+a", "hash(a)", "bool(a)"];
    const expected = cpython(exprs, values.map((v) => [v, 0n]));
    const mismatches: string[] = [];
    values.forEach((a, i) => {
      const va = rt.int(a);
      const got = [
        rt.call("rt_neg", va), rt.call("rt_invert", va), rt.call("rt_abs", va), rt.call("rt_pos", va),
        rt.call("rt_hash", va), (rt.x.rt_truthy!(va) as number) === 1 ? "True" : "False",
      ];
      got.forEach((g, j) => {
        if (g !== expected[i]![j]) mismatches.push(`${exprs[j]} with a=${a}: got ${g}, want ${expected[i]![j]}`);
      });
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it("bools are ints in arithmetic", () => {
    const T = 0xfffan << 48n | 1n, F = 0xfffan << 48n;
    const t = BigInt.asIntN(64, T), f = BigInt.asIntN(64, F);
    expect(rt.call("rt_add", t, t)).toBe("2");
    expect(rt.call("rt_and", t, f)).toBe("False");
    expect(rt.call("rt_xor", t, t)).toBe("False");
    expect(rt.call("rt_or", t, rt.int(2))).toBe("3");
    expect(rt.call("rt_neg", t)).toBe("-1");
    expect(rt.call("rt_truediv", t, rt.int(4))).toBe("0.25");
  });
});

describe("int error messages", () => {
  it("match CPython 3.11", () => {
    const cases: [string, bigint, bigint, string][] = [
      ["rt_floordiv", 1n, 0n, "ZeroDivisionError: integer division or modulo by zero"],
      ["rt_mod", 1n, 0n, "ZeroDivisionError: integer modulo by zero"],
      ["rt_divmod", 1n << 100n, 0n, "ZeroDivisionError: integer division or modulo by zero"],
      ["rt_truediv", 1n, 0n, "ZeroDivisionError: division by zero"],
      ["rt_pow", 0n, -1n, "ZeroDivisionError: 0.0 cannot be raised to a negative power"],
      ["rt_lshift", 1n, -1n, "ValueError: negative shift count"],
      ["rt_rshift", 1n, -1n, "ValueError: negative shift count"],
      ["rt_lshift", 1n, 1n << 70n, "OverflowError: too many digits in integer"],
      ["rt_truediv", 10n ** 400n, 1n, "OverflowError: integer division result too large for a float"],
    ];
    for (const [op, a, b, want] of cases) expect(rt.call(op, rt.int(a), rt.int(b)), `${op}(${a}, ${b})`).toBe(want);
    expect(rt.call("rt_pow3", rt.int(2n), rt.int(3n), rt.int(0n))).toBe("ValueError: pow() 3rd argument cannot be 0");
    expect(rt.call("rt_pow3", rt.int(2n), rt.int(-1n), rt.int(4n))).toBe("ValueError: base is not invertible for the given modulus");
    expect(rt.call("rt_add", rt.int(1n << 1100n), rt.float(1.5))).toBe("OverflowError: int too large to convert to float");
  });
});

describe("int conversions", () => {
  it("decimal text of 10,000-digit ints, both ways, quickly", () => {
    rt.x.rt_set_int_max_str_digits!(0);
    const n = 7n ** 11830n; // 9,998 digits
    const text = (-n).toString();
    const start = performance.now();
    const v = rt.check(rt.int(-n));
    const back = rt.repr(v);
    const ms = performance.now() - start;
    expect(back).toBe(text);
    expect(ms).toBeLessThan(200);
    rt.decref(v);
  });

  it("enforces CPython's 4300-digit limit by default", () => {
    rt.x.rt_set_int_max_str_digits!(4300);
    expect(rt.int(10n ** 5000n)).toBe(ERR);
    expect(rt.takeError()).toBe(
      "ValueError: Exceeds the limit (4300 digits) for integer string conversion: value has 5001 digits; use sys.set_int_max_str_digits() to increase the limit",
    );
    rt.x.rt_set_int_max_str_digits!(0);
    const w = rt.int(10n ** 5000n);
    rt.x.rt_set_int_max_str_digits!(4300);
    expect(rt.call("rt_repr", w)).toBe(
      "ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit",
    );
    rt.x.rt_set_int_max_str_digits!(0);
  });

  it("int(text, base) accepts and rejects what CPython does", () => {
    const cases: [string, number][] = [
      ["0", 10], [" 42 ", 10], ["-17", 10], ["+5", 10], ["1_000_000", 10], ["\t\n 12 \x0c", 10],
      ["1__0", 10], ["_1", 10], ["1_", 10], ["", 10], ["  ", 10], ["-", 10], ["12a", 10], ["٣", 10],
      ["0x1F", 16], ["1f", 16], ["0X_ff", 16], ["0x", 16], ["ff", 0], ["0xff", 0], ["0o17", 0], ["0b101", 0],
      ["010", 0], ["000", 0], ["0_0", 0], ["0b2", 0], ["z", 36], ["Z", 36], ["10", 2], ["12", 2], ["0b11", 2],
      ["0o7", 8], ["0x10", 10], ["9" .repeat(60), 10], ["-" + "f".repeat(40), 16], ["1", 1], ["1", 37],
      ["12", -1], ["zz", 37], ["1 2", 10], ["0x_", 16], ["0_x1", 0], ["'quoted'", 10], ["١٢٣", 10], ["\u3000 7\u2009", 10], ["１２", 16], ["٣x", 10],
    ];
    const expected = pythonJson<string[]>(
      `import json, sys
out = []
for s, b in json.load(sys.stdin):
    try:
        out.append(repr(int(s, b)))
    except Exception as x:
        out.append(f"{type(x).__name__}: {x}")
print(json.dumps(out))`,
      JSON.stringify(cases),
    );
    const got = cases.map(([s, b]) => {
      const v = rt.x.rt_int_from_str!(rt.str(s), b) as bigint;
      return v === ERR ? rt.takeError() : rt.repr(v);
    });
    // Non-ASCII decimal digits such as '٣' count, as in CPython.
    expect(got).toEqual(expected);
  });

  it("literals beyond the small range (rt_int_from_decimal) are immortal", () => {
    const digits = new TextEncoder().encode("123456789012345678901234567890");
    const p = rt.x.rt_alloc_bytes!(digits.length) as number;
    new Uint8Array(rt.x.memory.buffer, p, digits.length).set(digits);
    const v = rt.x.rt_int_from_decimal!(p, digits.length) as bigint;
    rt.x.rt_free_bytes!(p);
    for (let i = 0; i < 5; i++) rt.decref(v);
    expect(rt.repr(v)).toBe("123456789012345678901234567890");
  });
});
