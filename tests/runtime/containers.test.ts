/**
 * tuple, list, dict and set against CPython 3.11: methods and errors, dict order through
 * deletions and re-insertions, and set iteration order (which mirrors CPython's table
 * algorithm) for int, float and tuple elements after adds, discards and pops.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { pythonJson } from "./oracle.js";
import { ERR, EXHAUSTED, NONE, Runtime } from "./harness.js";

let rt: Runtime;
beforeAll(() => {
  rt = Runtime.load();
});

function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Drains an iterator over v into reprs of its items. */
function iterate(v: bigint): string[] {
  const it = rt.check(rt.x.rt_get_iter!(v) as bigint);
  const out: string[] = [];
  for (;;) {
    const item = rt.x.rt_iter_next!(it) as bigint;
    if (item === EXHAUSTED) break;
    out.push(rt.repr(rt.check(item)));
    rt.decref(item);
  }
  rt.decref(it);
  return out;
}

type Op = ["add" | "discard" | "pop", string];

/** Python source text of a value -> a runtime Value: ints, floats, strs and tuples of them. */
function value(src: string): bigint {
  let pos = 0;
  const parse = (): bigint => {
    while (src[pos] === " ") pos++;
    if (src[pos] === "(") {
      pos++;
      const items: bigint[] = [];
      for (;;) {
        while (src[pos] === " " || src[pos] === ",") pos++;
        if (src[pos] === ")") break;
        items.push(parse());
      }
      pos++;
      return rt.build("tuple", items);
    }
    const m = /^('[^']*'|[^,)\s]+)/.exec(src.slice(pos))!;
    pos += m[0].length;
    const tok = m[0];
    if (tok.startsWith("'")) return rt.str(tok.slice(1, -1));
    if (/[.e]|inf|nan/.test(tok)) return rt.float(Number(tok));
    return rt.int(BigInt(tok));
  };
  return parse();
}

describe("set", () => {
  it("iterates in CPython's order after random adds, discards and pops", () => {
    const rand = prng(42);
    const scripts: Op[][] = [];
    const pools = [
      () => String(Math.floor(rand() * 64)),
      () => String(Math.floor(rand() * 100000) - 50000),
      () => String(BigInt(Math.floor(rand() * 2 ** 30)) << BigInt(Math.floor(rand() * 80))),
      () => ["-1", "-2", "0", "1", String(2n ** 61n - 1n), String(2n ** 61n), String(-(2n ** 61n))][Math.floor(rand() * 7)]!,
      () => `${Math.floor(rand() * 50)}.5`,
      () => `(${Math.floor(rand() * 8)}, ${Math.floor(rand() * 8)})`,
      () => String(Math.floor(rand() * 16) * 8),
    ];
    for (let s = 0; s < 60; s++) {
      const pool = pools[s % pools.length]!;
      const ops: Op[] = [];
      const n = 5 + Math.floor(rand() * (s % 3 === 0 ? 300 : 40));
      for (let i = 0; i < n; i++) {
        const r = rand();
        ops.push(r < 0.7 ? ["add", pool()] : r < 0.95 ? ["discard", pool()] : ["pop", ""]);
      }
      scripts.push(ops);
    }
    const expected = pythonJson<string[][]>(
      `import json, sys
out = []
for ops in json.load(sys.stdin):
    s = set()
    for op, v in ops:
        if op == "add": s.add(eval(v))
        elif op == "discard": s.discard(eval(v))
        elif s: s.pop()
    out.append([repr(x) for x in s])
print(json.dumps(out))`,
      JSON.stringify(scripts),
    );
    const got = scripts.map((ops) => {
      const s = rt.check(rt.x.rt_set_new!() as bigint);
      for (const [op, src] of ops) {
        if (op === "pop") {
          if ((rt.x.rt_truthy!(s) as number) === 1) rt.decref(rt.check(rt.x.rt_set_pop!(s) as bigint));
          continue;
        }
        const v = value(src);
        if (op === "add") rt.checkStatus(rt.x.rt_set_add!(s, v) as number);
        else rt.check(rt.x.rt_set_discard!(s, v) as bigint);
        rt.decref(v);
      }
      const items = iterate(s);
      rt.decref(s);
      return items;
    });
    expect(got).toEqual(expected);
  });

  it("builds displays in order, and reports membership, errors and repr", () => {
    const items = [5, 3, 17, 1, 9, 33, -4, 1 << 20, 8, 16];
    const s = rt.build("set", items.map((n) => rt.int(n)));
    const want = pythonJson<string>(`import json; print(json.dumps(repr(${"{" + items.join(", ") + "}"})))`);
    expect(rt.repr(s)).toBe(want);
    expect(rt.call("rt_contains", rt.int(17), s)).toBe("True");
    expect(rt.call("rt_contains", rt.float(17.0), s)).toBe("True");
    expect(rt.call("rt_contains", rt.int(2), s)).toBe("False");
    expect(rt.call("rt_set_remove", s, rt.int(2))).toBe("KeyError: 2");
    expect(rt.callStatus("rt_set_add", s, rt.build("list", []))).toBe("TypeError: unhashable type: 'list'");
    expect(rt.call("rt_repr", rt.check(rt.x.rt_set_new!() as bigint))).toBe("'set()'");
    expect(rt.call("rt_set_pop", rt.check(rt.x.rt_set_new!() as bigint))).toBe("KeyError: 'pop from an empty set'");
    const sub = rt.build("set", [rt.int(3), rt.int(5)]);
    expect([rt.call("rt_lt", sub, s), rt.call("rt_le", s, s), rt.call("rt_lt", s, s), rt.call("rt_gt", s, sub)]).toEqual(["True", "True", "False", "True"]);
    expect(rt.call("rt_eq", rt.build("set", [rt.int(1), rt.int(2)]), rt.build("set", [rt.int(2), rt.int(1)]))).toBe("True");
  });
});

describe("dict", () => {
  it("keeps insertion order through deletions, overwrites and re-insertions", () => {
    const rand = prng(7);
    const scripts: [string, number, number][][] = [];
    for (let s = 0; s < 40; s++) {
      const ops: [string, number, number][] = [];
      const keys = s % 2 === 0 ? 20 : 400;
      for (let i = 0; i < 30 + Math.floor(rand() * 600); i++) {
        const r = rand();
        ops.push([r < 0.6 ? "set" : "del", Math.floor(rand() * keys) - 5, i]);
      }
      scripts.push(ops);
    }
    const expected = pythonJson<string[]>(
      `import json, sys
out = []
for ops in json.load(sys.stdin):
    d = {}
    for op, k, v in ops:
        key = k if k % 3 else str(k)
        if op == "set": d[key] = v
        else: d.pop(key, None)
    out.append(repr(d))
print(json.dumps(out))`,
      JSON.stringify(scripts),
    );
    const got = scripts.map((ops) => {
      const d = rt.check(rt.x.rt_dict_new!() as bigint);
      for (const [op, k, v] of ops) {
        const key = k % 3 ? rt.int(k) : rt.str(String(k));
        if (op === "set") expect(rt.x.rt_setitem!(d, key, rt.int(v))).toBe(0);
        else if ((rt.x.rt_delitem!(d, key) as number) < 0) expect(rt.takeError()).toMatch(/^KeyError: /);
        rt.decref(key);
      }
      const r = rt.repr(d);
      expect(iterate(d).length).toBe(Number(rt.call("rt_len", d)));
      rt.decref(d);
      return r;
    });
    expect(got).toEqual(expected);
  });

  it("raises KeyError and TypeError like CPython, and compares by content", () => {
    const d = rt.check(rt.x.rt_dict_new!() as bigint);
    rt.x.rt_setitem!(d, rt.str("a"), rt.int(1));
    rt.x.rt_setitem!(d, rt.int(2), rt.float(2.5));
    rt.x.rt_setitem!(d, rt.build("tuple", [rt.int(1), rt.str("x")]), NONE);
    expect(rt.repr(d)).toBe("{'a': 1, 2: 2.5, (1, 'x'): None}");
    expect(rt.call("rt_getitem", d, rt.str("b"))).toBe("KeyError: 'b'");
    expect(rt.call("rt_getitem", d, rt.float(2.0))).toBe("2.5");
    expect(rt.call("rt_getitem", d, rt.build("list", []))).toBe("TypeError: unhashable type: 'list'");
    expect(rt.call("rt_dict_get", d, rt.str("zz"), rt.int(7))).toBe("7");
    const e = rt.check(rt.x.rt_dict_new!() as bigint);
    rt.x.rt_setitem!(e, rt.int(2), rt.int(2));
    rt.x.rt_setitem!(e, rt.build("tuple", [rt.int(1), rt.str("x")]), NONE);
    rt.x.rt_setitem!(e, rt.str("a"), BigInt.asIntN(64, (0xfffan << 48n) | 1n)); // True == 1
    expect(rt.call("rt_eq", d, e)).toBe("False");
    rt.x.rt_setitem!(e, rt.int(2), rt.float(2.5));
    expect(rt.call("rt_eq", d, e)).toBe("True");
    const it = rt.check(rt.x.rt_get_iter!(d) as bigint);
    rt.decref(rt.x.rt_iter_next!(it) as bigint);
    rt.x.rt_setitem!(d, rt.str("new"), NONE);
    expect(rt.x.rt_iter_next!(it)).toBe(ERR);
    expect(rt.takeError()).toBe("RuntimeError: dictionary changed size during iteration");
  });
});

describe("list and tuple", () => {
  it("methods and errors match CPython", () => {
    const l = rt.build("list", [1, 2, 3].map((n) => rt.int(n)));
    rt.checkStatus(rt.x.rt_list_append!(l, rt.str("x")) as number);
    rt.check(rt.x.rt_list_insert!(l, 0n, rt.float(0.5)) as bigint);
    rt.check(rt.x.rt_list_insert!(l, -1n, rt.int(9)) as bigint);
    rt.check(rt.x.rt_list_insert!(l, 100n, rt.int(10)) as bigint);
    expect(rt.repr(l)).toBe("[0.5, 1, 2, 3, 9, 'x', 10]");
    expect(rt.call("rt_list_pop", l, -1n as never)).toBe("10");
    expect(rt.call("rt_list_pop", l, 0n as never)).toBe("0.5");
    expect(rt.call("rt_list_pop", l, 10n as never)).toBe("IndexError: pop index out of range");
    expect(rt.call("rt_list_index", l, rt.int(9))).toBe("3");
    expect(rt.call("rt_list_index", l, rt.float(3.0))).toBe("2");
    expect(rt.call("rt_list_index", l, rt.str("nope"))).toBe("ValueError: 'nope' is not in list");
    rt.check(rt.x.rt_list_extend!(l, l) as bigint);
    expect(rt.repr(l)).toBe("[1, 2, 3, 9, 'x', 1, 2, 3, 9, 'x']");
    expect(rt.call("rt_list_count", l, rt.int(2))).toBe("2");
    rt.check(rt.x.rt_list_extend!(l, rt.str("ab")) as bigint);
    rt.check(rt.x.rt_list_reverse!(l) as bigint);
    expect(rt.repr(l)).toBe("['b', 'a', 'x', 9, 3, 2, 1, 'x', 9, 3, 2, 1]");
    expect(rt.call("rt_getitem", l, rt.int(-12))).toBe("'b'");
    expect(rt.call("rt_getitem", l, rt.int(12))).toBe("IndexError: list index out of range");
    expect(rt.call("rt_getitem", l, rt.float(1))).toBe("TypeError: list indices must be integers or slices, not float");
    expect(rt.call("rt_getitem", l, rt.int(1n << 80n))).toBe("IndexError: cannot fit 'int' into an index-sized integer");
    expect(rt.x.rt_setitem!(l, rt.int(-13), NONE)).toBe(-1);
    expect(rt.takeError()).toBe("IndexError: list assignment index out of range");
    expect(rt.x.rt_delitem!(l, rt.int(0))).toBe(0);
    expect(rt.call("rt_len", l)).toBe("11");
    const empty = rt.build("list", []);
    expect(rt.call("rt_list_pop", empty, -1n as never)).toBe("IndexError: pop from empty list");
    rt.checkStatus(rt.x.rt_list_append!(empty, empty) as number);
    expect(rt.repr(empty)).toBe("[[...]]");

    const t = rt.build("tuple", [rt.int(1), rt.str("a"), rt.float(2.5)]);
    expect(rt.repr(t)).toBe("(1, 'a', 2.5)");
    expect(rt.repr(rt.build("tuple", [rt.int(1)]))).toBe("(1,)");
    expect(rt.repr(rt.build("tuple", []))).toBe("()");
    expect(rt.call("rt_getitem", t, rt.int(3))).toBe("IndexError: tuple index out of range");
    expect(rt.x.rt_setitem!(t, rt.int(0), NONE)).toBe(-1);
    expect(rt.takeError()).toBe("TypeError: 'tuple' object does not support item assignment");
    expect(rt.call("rt_add", l, t)).toBe('TypeError: can only concatenate list (not "tuple") to list');
    expect(rt.call("rt_add", t, t)).toBe("(1, 'a', 2.5, 1, 'a', 2.5)");
    expect(rt.call("rt_mul", rt.int(2), rt.build("list", [rt.int(0)]))).toBe("[0, 0]");
  });

  it("slices, compares and hashes like CPython", () => {
    const items = Array.from({ length: 23 }, (_, i) => i * 3 - 10);
    const l = rt.build("list", items.map((n) => rt.int(n)));
    const t = rt.build("tuple", items.map((n) => rt.int(n)));
    const none = NONE;
    const box = (n: number | null) => (n === null ? none : rt.int(n));
    const cases: [number | null, number | null, number | null][] = [];
    for (const a of [null, 0, 3, -4, 30, -30]) for (const b of [null, 5, -2, 40]) for (const c of [null, 1, 2, -1, -3, 50]) cases.push([a, b, c]);
    const want = pythonJson<string[]>(`import json, sys
x = list(range(-10, 59, 3))
print(json.dumps([repr(x[a:b:c]) for a, b, c in json.load(sys.stdin)]))`, JSON.stringify(cases));
    const got = cases.map(([a, b, c]) => rt.call("rt_getitem", l, rt.check(rt.x.rt_slice_new!(box(a), box(b), box(c)) as bigint)));
    expect(got).toEqual(want);
    const gotT = cases.map(([a, b, c]) => rt.call("rt_getitem", t, rt.check(rt.x.rt_slice_new!(box(a), box(b), box(c)) as bigint)));
    expect(gotT).toEqual(want.map((s) => "(" + s.slice(1, -1) + (s.split(",").length === 1 && s !== "[]" ? "," : "") + ")"));
    expect(rt.call("rt_getitem", l, rt.check(rt.x.rt_slice_new!(none, none, rt.int(0)) as bigint))).toBe("ValueError: slice step cannot be zero");

    // No strs: CPython hashes them with a random per-process key.
    const tuples = ["()", "(1,)", "(1, 2)", "(2, 1)", "(-1, -2)", "(1, (2, 3))", "(1.5, 2.0)", "(2**70, -1)", "((), ())"];
    const hashes = pythonJson<string[]>(`import json; print(json.dumps([repr(hash(t)) for t in [${tuples.join(", ")}]]))`);
    const ts = tuples.map((src) => value(src.replace("2**70", String(2n ** 70n))));
    expect(ts.map((v) => rt.call("rt_hash", v))).toEqual(hashes);
    const orders = pythonJson<string[][]>(`import json
ts = [${tuples.join(", ")}]
def lt(a, b):
    try: return repr(a < b)
    except TypeError as e: return "TypeError: " + str(e)
print(json.dumps([[lt(a, b) for b in ts] for a in ts]))`);
    expect(ts.map((a) => ts.map((b) => rt.call("rt_lt", a, b)))).toEqual(orders);
    expect(rt.call("rt_lt", rt.build("list", [rt.int(1)]), rt.build("list", [rt.str("a")]))).toBe(
      "TypeError: '<' not supported between instances of 'int' and 'str'",
    );
    expect(rt.call("rt_eq", rt.build("list", [rt.float(NaN)]), rt.build("list", [rt.float(NaN)]))).toBe("True");
    expect(rt.call("rt_eq", rt.float(NaN), rt.float(NaN))).toBe("False");
  });
});
