/**
 * str against CPython 3.11: indexing and slicing by code point (ASCII and not), repr's quoting
 * and escapes, concatenation, repetition, comparison, containment and find.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { pythonJson } from "./oracle.js";
import { ERR, Runtime } from "./harness.js";

let rt: Runtime;
beforeAll(() => {
  rt = Runtime.load();
});

const TEXTS = [
  "", "a", "hello, world", "héllo wörld", "日本語のテキスト", "emoji 🎉🐍 mixed ascii", "\u{10ffff}x\u0080",
  "ab".repeat(50) + "é" + "xyz".repeat(40) + "🐍".repeat(33), // crosses the 32-code-point index stride
];

describe("str", () => {
  it("indexes and slices by code point like CPython", () => {
    const starts = [null, 0, 1, -1, 3, -5, 40, 100, 200, -200];
    const steps = [null, 1, 2, 3, -1, -2, -7, 100];
    const cases: [string, number | null, number | null, number | null][] = [];
    for (const t of TEXTS) for (const a of starts) for (const b of [null, 2, -2, 50, 150]) for (const c of steps) cases.push([t, a, b, c]);
    const expected = pythonJson<string[]>(
      `import json, sys
print(json.dumps([s[a:b:c] for s, a, b, c in json.load(sys.stdin)]))`,
      JSON.stringify(cases),
    );
    const none = BigInt.asIntN(64, 0xfffbn << 48n);
    const box = (n: number | null) => (n === null ? none : rt.int(n));
    const strs = new Map(TEXTS.map((t) => [t, rt.str(t)]));
    const got = cases.map(([t, a, b, c]) => {
      const slice = rt.check(rt.x.rt_slice_new!(box(a), box(b), box(c)) as bigint);
      const r = rt.check(rt.x.rt_getitem!(strs.get(t)!, slice) as bigint);
      rt.decref(slice);
      const s = rt.text(r);
      rt.decref(r);
      return s;
    });
    expect(got).toEqual(expected);

    const indexCases: [string, number][] = [];
    for (const t of TEXTS) for (const i of [0, 1, 5, 33, 64, 140, -1, -3, -34, 500, -500]) indexCases.push([t, i]);
    const want = pythonJson<string[]>(
      `import json, sys
out = []
for s, i in json.load(sys.stdin):
    try: out.append(s[i])
    except IndexError as e: out.append("IndexError: " + str(e))
print(json.dumps(out))`,
      JSON.stringify(indexCases),
    );
    const have = indexCases.map(([t, i]) => {
      const r = rt.x.rt_getitem!(strs.get(t)!, rt.int(i)) as bigint;
      if (r === ERR) return rt.takeError();
      const s = rt.text(r);
      rt.decref(r);
      return s;
    });
    expect(have).toEqual(want);
    expect(rt.call("rt_getitem", strs.get("abc") ?? rt.str("abc"), rt.str("x"))).toBe("TypeError: string indices must be integers, not 'str'");
  });

  it("repr quotes and escapes like CPython", () => {
    const texts = [
      ...TEXTS, "it's", 'say "hi"', `both ' and "`, "back\\slash", "tab\tnew\nline\rcr", "\x00\x01\x1f\x7f",
      "\x80\x9f\xa0\xad\xff", "\u2028\u2029\u200b\ufeff", "\ud7ff\ue000\uf8ff\ufffe", "\u{e0001}\u{f0000}\u{1f600}", "é\u0301", "\u0378",
    ];
    const expected = pythonJson<string[]>(`import json, sys
print(json.dumps([repr(s) for s in json.load(sys.stdin)]))`, JSON.stringify(texts));
    const got = texts.map((t) => {
      const r = rt.check(rt.x.rt_repr!(rt.str(t)) as bigint);
      return rt.text(r);
    });
    expect(got).toEqual(expected);
  });

  it("concatenates, repeats, compares and searches", () => {
    const a = rt.str("héllo"), b = rt.str(" wörld 🐍");
    const ab = rt.check(rt.x.rt_add!(a, b) as bigint);
    expect(rt.text(ab)).toBe("héllo wörld 🐍");
    expect(rt.call("rt_len", ab)).toBe("13");
    expect(rt.text(rt.check(rt.x.rt_mul!(a, rt.int(3)) as bigint))).toBe("héllohéllohéllo");
    expect(rt.text(rt.check(rt.x.rt_mul!(rt.int(-2), a) as bigint))).toBe("");
    expect(rt.call("rt_getitem", rt.check(rt.x.rt_mul!(b, rt.int(2)) as bigint), rt.int(15))).toBe("'🐍'");
    // Code-point order: UTF-8 byte order agrees with it.
    const words = ["", "a", "ab", "b", "é", "z", "\uffff", "\u{10000}", "🐍", "A", "aa"];
    const want = pythonJson<boolean[][]>(`import json, sys
w = json.load(sys.stdin)
print(json.dumps([[x < y for y in w] for x in w]))`, JSON.stringify(words));
    const vs = words.map((w) => rt.str(w));
    expect(vs.map((x) => vs.map((y) => rt.call("rt_lt", x, y) === "True"))).toEqual(want);
    expect(rt.call("rt_eq", rt.str("héllo"), a)).toBe("True");
    expect(rt.call("rt_hash", rt.str("héllo"))).toBe(rt.call("rt_hash", a));
    expect(rt.call("rt_contains", rt.str("wö"), ab)).toBe("True");
    expect(rt.call("rt_contains", rt.str(""), ab)).toBe("True");
    expect(rt.call("rt_contains", rt.str("xyz"), ab)).toBe("False");
    expect(rt.call("rt_str_find", ab, rt.str("🐍"))).toBe("12");
    expect(rt.call("rt_str_find", ab, rt.str("l"))).toBe("2");
    expect(rt.call("rt_str_find", ab, rt.str("q"))).toBe("-1");
    expect(rt.call("rt_contains", rt.int(1), ab)).toBe("TypeError: 'in <string>' requires string as left operand, not int");
    expect(rt.call("rt_add", a, rt.int(1))).toBe('TypeError: can only concatenate str (not "int") to str');
    expect(rt.call("rt_mul", a, rt.str("x"))).toBe("TypeError: can't multiply sequence by non-int of type 'str'");
    expect(rt.call("rt_mul", a, rt.float(1.5))).toBe("TypeError: can't multiply sequence by non-int of type 'float'");
    expect(rt.call("rt_not", rt.str(""))).toBe("True");
  });
});
