/**
 * Text formatting against CPython 3.11: format() with the format-spec mini-language for int,
 * float, bool and str (what f-strings call, through rt_format_value), printf-style `%`, and
 * str.format. Float digits at a given precision must be CPython's exactly (correctly rounded,
 * ties to even on the binary value).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ERR, NONE, Runtime } from "./harness.js";
import { mismatches, pythonCases } from "./pyeval.js";
import { pythonJson } from "./oracle.js";

let rt: Runtime;
beforeAll(() => {
  rt = Runtime.load();
});

const INT_SPECS = ["", "d", "5d", "<5d", "^5d", "=+5d", "05d", ",d", "_d", "x", "#x", "X", "#X", "08b", "#o", "_b", "_x",
  "e", ".2f", "%", "c", "n", "+", " ", "-", "*^9,", "0=12,", "012,", "#010x", ".3", "s", "z", "=5", "q", "abc", ".", ",_"];
const FLOAT_SPECS = ["", ".3", ".3f", "e", ".10e", "g", "G", ".1g", "#g", "%", ".0%", ",.2f", "_.3f", "010.2f", "+", " ",
  "=+10.1f", "d", "x", "#.0f", ".0f", "015,.2f", "z.1f", ">12.4e", "^+14.3g", "E", "F", ".20f", ".17g", "n", "r", "020", ",", "_"];
const FLOATS = ["0.0", "-0.0", "1.0", "-1234.5678", "0.1", "2.5", "3.5", "1e16", "1e22", "123456789.0", "1e-05", "0.0001",
  "5e-324", "1.7976931348623157e+308", "float('inf')", "float('-inf')", "float('nan')", "2.675", "0.125", "1/3", "100.0"];
const INTS = ["0", "65", "-1234", "2**70", "-(2**70)", "True", "255"];

describe("format()", () => {
  it("formats ints and bools as CPython does", () => {
    const sources = INTS.flatMap((v) => INT_SPECS.map((s) => `format(${v}, ${JSON.stringify(s)})`));
    expect(mismatches(rt, pythonCases(sources))).toEqual([]);
  });

  it("formats floats with CPython's digits", () => {
    const sources = FLOATS.flatMap((v) => FLOAT_SPECS.map((s) => `format(${v}, ${JSON.stringify(s)})`));
    expect(mismatches(rt, pythonCases(sources))).toEqual([]);
  });

  it("rounds random doubles at every precision exactly as CPython", () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const values: string[] = [];
    for (let i = 0; i < 150; i++) {
      const x = (rand() - 0.5) * 10 ** Math.floor(rand() * 40 - 20);
      values.push(x.toString());
    }
    const specs = [".0f", ".1f", ".2f", ".5f", ".0e", ".3e", ".12e", ".1g", ".6g", ".15g", ".17g", "%"];
    const sources = values.flatMap((v) => specs.map((s) => `format(${v}, ${JSON.stringify(s)})`));
    expect(mismatches(rt, pythonCases(sources))).toEqual([]);
  });

  it("formats strs and rejects what CPython rejects", () => {
    const sources = ["'s'", "'héllo'", "''"].flatMap((v) =>
      ["", "s", "10", "<6", ">6", "^7", "*^7", "é>6", ".2", "5.1", "05", "d", "+", "#", ",", "=5", "z"].map((s) => `format(${v}, ${JSON.stringify(s)})`));
    sources.push("format(None, '')", "format(None, 'd')", "format([1], '')", "format([1], '5')", "format((1,), '')");
    expect(mismatches(rt, pythonCases(sources))).toEqual([]);
  });
});

describe("f-string fields (rt_format_value) and pieces (rt_build_string)", () => {
  it("apply the conversion, then the spec", () => {
    const want = pythonJson<string[]>(`import json
v = 'é\\n'
print(json.dumps([f"{v}", f"{v!r}", f"{v!a}", f"{v!s:>6}", f"{3.5:.3f}", f"{42}", f"{[1]!r:>8}", f"{None}"]))`);
    const v = rt.str("é\n");
    const S = (s: string) => rt.str(s);
    const fv = (x: bigint, spec: bigint, conv: number) => {
      const r = rt.check(rt.x.rt_format_value!(x, spec, conv) as bigint);
      const t = rt.text(r);
      rt.decref(r);
      return t;
    };
    expect([
      fv(v, NONE, -1), fv(v, NONE, 114), fv(v, NONE, 97), fv(v, S(">6"), 115), fv(rt.float(3.5), S(".3f"), -1),
      fv(rt.int(42), NONE, -1), fv(rt.build("list", [rt.int(1)]), S(">8"), 114), fv(NONE, NONE, -1),
    ]).toEqual(want);
    const pieces = [rt.str("a"), rt.str("é"), rt.str(""), rt.str("😀z")];
    const p = rt.x.rt_alloc_bytes!(32) as number;
    new BigInt64Array(rt.x.memory.buffer, p, 4).set(pieces);
    expect(rt.text(rt.check(rt.x.rt_build_string!(p, 4) as bigint))).toBe("aé😀z");
    expect(rt.x.rt_format_value!(rt.int(5), rt.str("q"), -1)).toBe(ERR);
    expect(rt.takeError()).toBe("ValueError: Unknown format code 'q' for object of type 'int'");
  });
});

describe("printf-style %", () => {
  it("matches CPython's conversions, flags and errors", () => {
    const sources = [
      "'%d' % 5", "'%5d|%-5d|%05d|%+d|% d' % (1, 2, 3, 4, 5)", "'%x %X %#x %#o %o' % (255, 255, 255, 8, 8)",
      "'%s %r %a' % ('é', 'é', 'é')", "'%.2f %10.3e %g %G' % (3.14159, 12345.678, 0.0001, 1e-10)", "'%c%c' % (65, 'é')",
      "'%%' % ()", "'%(a)s-%(b)d' % {'a': 'x', 'b': 2}", "'%*d|%-*d' % (5, 1, 4, 2)", "'%.*f' % (2, 1.23456)",
      "'%.3s' % 'abcdef'", "'%i %u' % (3.9, -2.5)", "'%d' % True", "'%s' % [1, 2]", "'%s' % (1,)", "'%5.1f%%' % 99.44",
      "'%d' % 'x'", "'%d %d' % (1,)", "'%d' % (1, 2)", "'%z' % 1", "'%(a)s' % 1", "'%(a)s' % {}", "'%c' % 'ab'",
      "'%c' % 1114112", "'%x' % 1.5", "'abc' % 5", "'%' % 1", "'%*d' % ('a', 1)", "'abc' % []", "'abc' % {1: 2}",
      "'%f' % 'x'", "'%e' % 2**70", "'%.0f %.0f %.0f' % (0.5, 1.5, 2.5)", "'%10.4s|' % 'abcdefg'", "'%-6s|' % 'ab'",
      "'%#.0f %#g' % (1.0, 2.0)", "'%+.1e' % -0.0", "'%d' % -(2**70)", "'%#X' % 3054",
    ];
    expect(mismatches(rt, pythonCases(sources))).toEqual([]);
  });
});

describe("str.format", () => {
  it("fills fields as CPython does", () => {
    const sources = [
      "'{} {}'.format(1, 'a')", "'{1}{0}'.format('a', 'b')", "'{x}-{y!r}'.format(x=1, y='s')", "'{:>5}|{:<5}|{:^5}'.format(1, 2, 3)",
      "'{0[1]} {0[a]}'.format({1: 'one', 'a': 'A'})", "'{0.real}'.format(5)", "'{:{w}.{p}f}'.format(3.14159, w=10, p=2)",
      "'{{}} {{{}}}'.format(7)", "'{!a}'.format('é')", "'{:,}'.format(1234567)", "'{}'.format()", "'{0} {}'.format(1, 2)",
      "'{} {1}'.format(1, 2)", "'{'.format(1)", "'}'.format(1)", "'{x}'.format(y=1)", "'{!z}'.format(1)", "'{0[2]}'.format([1])",
      "'{:d}'.format('x')", "'{:*^10s}'.format('mid')", "'{0:{1}}'.format(5, '03')",
    ];
    expect(mismatches(rt, pythonCases(sources))).toEqual([]);
  });
});
