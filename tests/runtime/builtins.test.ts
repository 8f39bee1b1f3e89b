/**
 * The builtins namespace against CPython 3.11: each builtin called through rt_call (positional
 * arguments and keyword names, as compiled code calls them) on the bare runtime, compared with
 * CPython's result or exception message and printed output (tests/runtime/pyeval.ts).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ERR, NONE, Runtime } from "./harness.js";
import { mismatches, pythonCases, runCase } from "./pyeval.js";

let rt: Runtime;
beforeAll(() => {
  rt = Runtime.load();
});

/** Each builtin with 0 to 4 arguments and with a bogus keyword: CPython's arity messages. */
const ARITY_NAMES = [
  "print", "len", "repr", "ascii", "abs", "min", "max", "sum", "sorted", "reversed", "iter", "next", "any", "all",
  "isinstance", "issubclass", "hash", "id", "chr", "ord", "hex", "oct", "bin", "divmod", "pow", "round", "format",
  "callable", "getattr", "hasattr", "int", "float", "str", "bool", "list", "tuple", "dict", "set", "frozenset",
  "range", "enumerate", "zip", "map", "filter", "type",
];

const ARITY = ARITY_NAMES.flatMap((n) => [
  `${n}()`, `${n}(1, 2)`, `${n}(1, 2, 3)`, `${n}(1, 2, 3, 4)`, `${n}([1], bogus=1)`,
]).filter((src) => !src.startsWith("id(") || src === "id()" || src.includes("bogus") || src.includes(", "));

const SEMANTICS = [
  // print
  "print()", "print(1, 'a', None, [2], (3,), {4: 5}, {6}, 1.5, True)", "print('a', 'b', sep='')",
  "print('a', 'b', sep='--', end='!\\n')", "print('x', end='')", "print(1, 2, sep=None, end=None)",
  "print('x', sep=5)", "print('x', end=[])", "print('x', flush=True)",
  // len, repr, ascii, str
  "len('héllo')", "len([1, 2])", "len({1: 2})", "len(range(10))", "len({}.keys())", "len(5)",
  "repr('it''s')", "repr([1, 'a', None])", "ascii('ü€😀x')", "ascii(['é'])", "str(1.5)", "str(None)",
  "str(b=1)", "str([1, '2'])", "str()", "str(ValueError('x', 2))", "str(KeyError('k'))",
  // numbers
  "abs(-3)", "abs(-2.5)", "abs(True)", "abs(-10**30)", "abs('x')", "int()", "int(3.99)", "int(-3.99)",
  "int('  42  ')", "int('0x1f', 16)", "int('0x1f', 0)", "int('z', 36)", "int('1_000')", "int(True)",
  "int('12', base=8)", "int(x='5')", "int(1e30)", "int(float('inf'))", "int(float('nan'))", "int([1])",
  "int('١٢')", "int('12', 1)", "float()", "float('1.5')", "float(' -1e3 ')", "float('inf')", "float('-Infinity')",
  "float('nan')", "float('1_000.5')", "float('1__0')", "float('abc')", "float(10**20)", "float(10**400)",
  "float('0.1')", "float('2.5e-324')", "float('1e400')", "float('.5')", "float('5.')", "float([])",
  "bool()", "bool(0)", "bool([])", "bool('a')", "bool(0.0)", "divmod(7, 2)", "divmod(-7, 2)", "divmod(7.5, 2)",
  "divmod(1, 0)", "divmod('a', 1)", "pow(2, 10)", "pow(2, -1)", "pow(3, 4, 5)", "pow(3, -1, 7)", "pow(2, 3, 0)",
  "pow(base=2, exp=5)", "pow(2.0, 3, 5)", "pow(2, 0.5)", "round(2.5)", "round(3.5)", "round(-0.5)",
  "round(2.675, 2)", "round(1234, -2)", "round(1250, -2)", "round(1.5, None)", "round('x')", "round(5, 'a')",
  "round(number=2.5)", "round(1e300, -300)", "hex(255)", "hex(-255)", "hex(2**70)", "oct(8)", "bin(-5)", "bin(0)",
  "hex(1.5)", "chr(65)", "chr(0x1F600)", "chr(-1)", "chr(0x110000)", "chr(2**40)", "chr('a')", "ord('a')", "ord('€')",
  "ord('ab')", "ord('')", "ord(1)", "hash(1)", "hash(-1)", "hash(1.0) == hash(1)", "hash((1, 2))", "hash('abc')",
  "hash([])", "hash({})", "hash(frozenset({1, 2}))", "hash(2**100)", "hash(-2.5)", "hash(range(5))",
  // min, max, sum
  "min(3, 1, 2)", "max('apple', 'fig')", "min([4, 2, 8])", "max([])", "max([], default=None)", "min((), default=7)",
  "max(1, 2, default=3)", "min([1, 'a'])", "max(['a', 'bb', 'c'], key=len)", "min('bca')", "max(5)",
  "min(1, 2, key=abs, default=0)", "max([1, 3, 2], bogus=1)", "max([2, 2.0])", "min([2.0, 2])",
  "sum([1, 2, 3])", "sum([0.5, 0.25])", "sum([[1], [2]], [])", "sum(range(101))", "sum([], 10)",
  "sum([1, 2], start=5)", "sum(['a'], '')", "sum([1, 'a'])", "sum(5)", "sum([1, 2**70, 0.5])",
  // sorted, reversed
  "sorted([3, 1, 2])", "sorted('hello')", "sorted([3, 1, 2], reverse=True)", "sorted(['bb', 'a', 'ccc'], key=len)",
  "sorted([(1, 'b'), (0, 'z'), (1, 'a')])", "sorted([1, 'a'])", "sorted(['a', 1])", "sorted([3, 1], key=5)",
  "sorted([2.5, 1, 3, 0.5, 2**70, -1])", "sorted(['b', 'A', 'a', 'B'])", "sorted({3: 'x', 1: 'y'})",
  "sorted([1, 2], bogus=True)", "sorted(x=[1])", "sorted(list(range(100, 0, -3)))",
  "sorted([5, 3, 5, 1], key=str, reverse=True)", "list(reversed([1, 2, 3]))", "list(reversed('abc'))",
  "list(reversed((1, 2)))", "list(reversed(range(5)))", "list(reversed({1: 2, 3: 4}))", "reversed(5)",
  "list(reversed({1: 2, 3: 4}.items()))", "list(reversed({1: 2, 3: 4}.values()))",
  // iteration builtins
  "list(range(5))", "list(range(2, 10, 3))", "list(range(10, 0, -4))", "range(0)", "range(1, 2, 0)", "range(1.5)",
  "range(3)[1]", "range(3)[5]", "range(10)[2:8:2]", "range(10)[::-1]", "5 in range(10)", "10 in range(10)",
  "range(0, 10, 2).index(4)", "range(5).index(9)", "range(5).count(3)", "list(enumerate('ab'))",
  "list(enumerate('ab', 5))", "list(enumerate('ab', start=-1))", "enumerate('ab', 1.5)", "enumerate()",
  "list(zip([1, 2, 3], 'ab'))", "list(zip())", "list(zip([1], [2], [3]))", "list(zip([1, 2], 'ab', strict=True))",
  "list(zip([1, 2], 'abc', strict=True))", "list(zip([1, 2, 3], 'ab', strict=True))",
  "list(zip([1], 'a', [], strict=True))", "list(zip([1], bogus=2))", "list(map(abs, [-1, 2, -3]))",
  "list(map(pow, [2, 3], [3, 2]))", "list(map(len, ['a', 'bb'], [1]))", "map(abs)", "list(filter(None, [0, 1, '', 'a']))",
  "list(filter(str.isdigit, 'a1b2'))", "list(filter(abs, [0, -1, 2]))", "list(iter([1, 2]))", "iter(5)",
  "next(iter('z'))", "next(iter([]), 'default')", "next(iter([]))", "next([1])", "iter(len, 5)",
  "any([0, 0])", "any([0, 1])", "all(())", "all([1, 0])", "any(5)", "all('abc')",
  // containers
  "list('abc')", "list((1, 2))", "list({1: 2})", "list(5)", "tuple([1, 2])", "tuple('ab')", "tuple()",
  "dict([(1, 2), (3, 4)])", "dict(a=1, b=2)", "dict({1: 2}, x=3)", "dict([(1, 2, 3)])", "dict([1])",
  "dict(1, 2)", "dict.fromkeys('ab', 0)", "set([3, 1, 3])", "set('hello')", "set()", "frozenset([1, 2, 1])",
  "frozenset()", "set([[]])", "{1, 2} | {3}", "{1, 2} & {2, 3}", "{1, 2} - {2}", "{1, 2} ^ {2, 3}",
  "frozenset({1}) | {2}", "{1} == frozenset({1})", "{1, 2} <= {1, 2, 3}", "{1, 2}.union([3], (4,))",
  "{1, 2, 3}.intersection([2, 3, 4], {3})", "{1, 2}.symmetric_difference([2, 5])", "{1: 2} | {3: 4}",
  "sorted({'b': 1, 'a': 2}.items())", "{1: 2}.get(5, 'x')", "{'a': 1}.keys()", "{'a': 1}.values()",
  "{'a': 1}.items()", "'a' in {'a': 1}.keys()", "('a', 1) in {'a': 1}.items()",
  // isinstance, issubclass, type, callable
  "isinstance(3, int)", "isinstance(True, int)", "isinstance(3, (str, float))", "isinstance(3, (str, (int,)))",
  "isinstance(3, 4)", "isinstance(ValueError(), Exception)", "isinstance(KeyError(), (LookupError, TypeError))",
  "issubclass(bool, int)", "issubclass(KeyError, LookupError)", "issubclass(int, (str, object))", "issubclass(3, int)",
  "issubclass(int, 3)", "type(1)", "type('a')", "type(None)", "type(len)", "type([].append)", "type(range(1))",
  "type(iter([]))", "type(iter(''))", "type(iter('é'))", "type(iter({}))", "type(iter(set()))", "type(iter(range(1)))",
  "type(zip())", "type({}.keys())", "type(1, 2)", "type(type)", "callable(len)", "callable(3)", "callable(int)",
  "callable([].append)",
  // getattr and friends
  "getattr(3, 'real')", "getattr(3, 'nope', 'fallback')", "getattr(3, 'nope')", "hasattr('x', 'upper')",
  "hasattr(1, 'upper')", "getattr(1, 2)", "len.__name__", "int.__name__", "str.upper('ab')", "str.upper(5)",
  "str.upper()", "[].append", "len", "abs", "int", "ValueError", "repr(repr)",
  // format
  "format(5, '03')", "format(3.14159, '.2f')", "format('x', '>3')", "format(1234567, ',')", "format(255, '#x')",
  "format(0.5, '%')", "format(1e100)", "format(5, 3)", "format([1])", "format([1], 'x')", "format(True)",
  "format(True, 'd')", "format(None, '')",
  // exit
  "exit()", "exit(3)", "quit('bye')",
];

describe("builtins", () => {
  it("reject wrong arguments with CPython's messages", () => {
    expect(mismatches(rt, pythonCases(ARITY))).toEqual([]);
  });

  it("compute what CPython computes", () => {
    const cases = pythonCases(SEMANTICS);
    expect(mismatches(rt, cases)).toEqual([]);
  });

  it("resolve every name of CPython's builtins module, and raise NameError for others", () => {
    const names = pythonCases(["__import__('builtins').__dict__.keys()"])[0]!.want;
    const all = [...names.matchAll(/'([A-Za-z_]+)'/g)].map((m) => m[1]!).filter((n) => !n.startsWith("_"));
    const missing = all.filter((n) => {
      const s = rt.str(n);
      const v = rt.x.rt_builtin!(s) as bigint;
      rt.decref(s);
      if (v === ERR) {
        rt.takeError();
        return true;
      }
      return false;
    });
    expect(missing).toEqual([]);
    expect(rt.call("rt_builtin", rt.str("nope"))).toBe("NameError: name 'nope' is not defined");
    // Builtins Molt lacks resolve, and say so when called.
    expect(runCase(rt, pythonCases(["dir()"])[0]!).got).toBe("NotImplementedError: dir() is not supported by Molt yet");
  });

  it("write print(file=sys.stderr) to fd 2 and sys.stdout.write to fd 1", () => {
    const sys = rt.check(rt.x.rt_import!(rt.str("sys")) as bigint);
    const stderr = rt.check(rt.x.rt_getattr!(sys, rt.str("stderr")) as bigint);
    const print = rt.check(rt.x.rt_builtin!(rt.str("print")) as bigint);
    const argv = rt.x.rt_alloc_bytes!(16) as number;
    new BigInt64Array(rt.x.memory.buffer, argv, 2).set([rt.str("oops"), stderr]);
    rt.check(rt.x.rt_call!(print, argv, 2, rt.build("tuple", [rt.str("file")])) as bigint);
    const write = rt.check(rt.x.rt_getattr!(rt.check(rt.x.rt_getattr!(sys, rt.str("stdout")) as bigint), rt.str("write")) as bigint);
    new BigInt64Array(rt.x.memory.buffer, argv, 1).set([rt.str("hé\n")]);
    expect(rt.repr(rt.check(rt.x.rt_call!(write, argv, 1, NONE) as bigint))).toBe("3");
    expect(rt.output()).toEqual({ stdout: "hé\n", stderr: "oops\n" });
    expect(rt.call("rt_import", rt.str("nosuchmodule"))).toBe("ModuleNotFoundError: No module named 'nosuchmodule'");
  });

  it("buffer stdout until a flush or a write to stderr", () => {
    const print = rt.check(rt.x.rt_builtin!(rt.str("print")) as bigint);
    const argv = rt.x.rt_alloc_bytes!(8) as number;
    new BigInt64Array(rt.x.memory.buffer, argv, 1).set([rt.str("buffered")]);
    rt.check(rt.x.rt_call!(print, argv, 1, NONE) as bigint);
    expect(rt.stdout).toBe("");
    expect(rt.output().stdout).toBe("buffered\n");
  });

  it("release everything they allocate", () => {
    const cases = pythonCases(SEMANTICS.filter((s) => !s.startsWith("print")));
    for (const c of cases) runCase(rt, c); // first use may cache immortal objects
    const before = rt.x.rt_allocated_bytes!() as number;
    for (const c of cases) runCase(rt, c);
    expect(rt.x.rt_allocated_bytes!()).toBe(before);
  });
});
