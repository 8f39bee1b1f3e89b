/**
 * Exceptions against CPython 3.11: the builtin hierarchy and `except` matching, raise / from /
 * context chaining through the handler stack, tracebacks recorded with rt_traceback_add and
 * reported by rt_report_uncaught exactly as CPython prints an uncaught exception (source lines,
 * chained exceptions, collapsed recursion, notes), SystemExit's exit status, and Python
 * function objects' argument binding (rt_bind_args) with CPython's TypeErrors.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ERR, NONE, Runtime } from "./harness.js";
import { mismatches, pythonCases, setEnvironment } from "./pyeval.js";
import { pythonJson } from "./oracle.js";

let rt: Runtime;
beforeAll(() => {
  rt = Runtime.load();
});

const UNBOUND = BigInt.asIntN(64, (0xffffn << 48n) | 1n);

const builtin = (name: string) => rt.check(rt.x.rt_builtin!(rt.str(name)) as bigint);

/** type(*args) through rt_call. */
function make(type: string, ...args: bigint[]): bigint {
  const p = rt.x.rt_alloc_bytes!(Math.max(8, args.length * 8)) as number;
  new BigInt64Array(rt.x.memory.buffer, p, args.length).set(args);
  const v = rt.check(rt.x.rt_call!(builtin(type), p, args.length, NONE) as bigint);
  rt.x.rt_free_bytes!(p);
  return v;
}

/** Runs a CPython program from a file named prog.py; returns its stderr without caret lines. */
function cpython(source: string): { stderr: string; status: number } {
  const dir = mkdtempSync(join(tmpdir(), "molt-exc-"));
  writeFileSync(join(dir, "prog.py"), source);
  try {
    execFileSync("python3", ["prog.py"], { cwd: dir, stdio: "pipe", env: { ...process.env, PYTHONHASHSEED: "0" } });
    return { stderr: "", status: 0 };
  } catch (e) {
    const err = e as { stderr: Buffer; status: number };
    // CPython shows the script's absolute path; the runtime shows the name it was given.
    const stderr = err.stderr.toString().replaceAll(join(dir, "prog.py"), "prog.py")
      .split("\n").filter((l) => !/^\s*[~^]+\s*$/.test(l)).join("\n");
    return { stderr, status: err.status };
  }
}

/** Records that the pending exception passed through `name` at `line` of prog.py. */
function frame(name: string, line: number): void {
  rt.x.rt_traceback_add!(rt.str(name), rt.str("prog.py"), line);
}

/** Reports the pending exception; returns what CPython's exit would show. */
function report(source: string): { stderr: string; status: number } {
  rt.x.rt_register_source!(rt.str("prog.py"), rt.str(source));
  const status = rt.x.rt_report_uncaught!() as number;
  return { stderr: rt.output().stderr, status };
}

describe("exception types", () => {
  const NAMES = pythonJson<string[]>(
    "import builtins, json; print(json.dumps([n for n in dir(builtins) if isinstance(getattr(builtins, n), type) and issubclass(getattr(builtins, n), BaseException) and 'Group' not in n]))",
  );

  it("form CPython's hierarchy, for isinstance, issubclass and except matching", () => {
    const pairs = NAMES.flatMap((a) => ["BaseException", "Exception", "LookupError", "ArithmeticError", "OSError", "ValueError", "NameError", "RuntimeError", "Warning", "ImportError", "SyntaxError"].map((b) => [a, b] as const));
    const want = pythonJson<boolean[]>(`import builtins, json
print(json.dumps([issubclass(getattr(builtins, a), getattr(builtins, b)) for a, b in ${JSON.stringify(pairs)}]))`);
    const got = pairs.map(([a, b]) => {
      const e = make(a);
      const r = rt.x.rt_exception_matches!(e, builtin(b)) as number;
      rt.decref(e);
      return r === 1;
    });
    expect(got).toEqual(want);
  });

  it("match tuples (nested too) and reject non-exception classes", () => {
    const e = make("KeyError", rt.str("k"));
    const tuple = (...names: string[]) => rt.build("tuple", names.map(builtin));
    expect(rt.x.rt_exception_matches!(e, tuple("TypeError", "LookupError"))).toBe(1);
    expect(rt.x.rt_exception_matches!(e, rt.build("tuple", [builtin("TypeError"), tuple("ValueError", "KeyError")]))).toBe(1);
    expect(rt.x.rt_exception_matches!(e, tuple("TypeError", "ValueError"))).toBe(0);
    expect(rt.x.rt_exception_matches!(e, rt.build("tuple", []))).toBe(0);
    for (const bad of [builtin("int"), rt.int(5), rt.build("tuple", [builtin("KeyError"), builtin("str")])]) {
      expect(rt.x.rt_exception_matches!(e, bad)).toBe(-1);
      expect(rt.takeError()).toBe("TypeError: catching classes that do not inherit from BaseException is not allowed");
    }
  });

  it("construct, print and expose their attributes as CPython's do", () => {
    const cases = pythonCases([
      "ValueError('x')", "ValueError()", "ValueError('x', 2)", "str(ValueError('x', 2))", "str(ValueError())",
      "KeyError('k')", "str(KeyError('k'))", "str(KeyError('a', 'b'))", "str(KeyError())", "str(KeyError(1))",
      "ValueError('x').args", "SystemExit(3).code", "SystemExit().code", "SystemExit(1, 2).code",
      "StopIteration(5).value", "StopIteration().value", "ZeroDivisionError('d').__cause__",
      "ValueError('x').__traceback__", "ValueError('x').__suppress_context__", "repr(RecursionError('deep'))",
      "ValueError(x=1)", "isinstance(ValueError(), Exception)", "type(ValueError())", "ValueError.__name__",
      "ValueError('a').with_traceback(None)", "UnicodeDecodeError.__mro__", "str(AssertionError())",
      "ModuleNotFoundError('m')", "EnvironmentError is OSError", "ValueError('a') == ValueError('a')",
    ]);
    expect(mismatches(rt, cases)).toEqual([]);
  });
});

describe("raise", () => {
  it("instances, classes and causes, with CPython's checks", () => {
    rt.x.rt_raise!(builtin("ValueError"), UNBOUND);
    expect(rt.takeError()).toBe("ValueError: ");
    rt.x.rt_raise!(rt.int(5), UNBOUND);
    expect(rt.takeError()).toBe("TypeError: exceptions must derive from BaseException");
    rt.x.rt_raise!(make("ValueError", rt.str("x")), rt.int(5));
    expect(rt.takeError()).toBe("TypeError: exception causes must derive from BaseException");
    const cause = make("KeyError", rt.str("k"));
    rt.x.rt_raise!(make("ValueError", rt.str("x")), cause);
    const e = rt.x.rt_err_fetch!() as bigint;
    const attr = (o: bigint, n: string) => rt.repr(rt.check(rt.x.rt_getattr!(o, rt.str(n)) as bigint));
    expect(attr(e, "__cause__")).toBe("KeyError('k')");
    expect(attr(e, "__suppress_context__")).toBe("True");
    rt.x.rt_raise!(e, NONE);
    const f = rt.x.rt_err_fetch!() as bigint;
    expect(attr(f, "__cause__")).toBe("None");
    expect(attr(f, "__suppress_context__")).toBe("True");
    rt.x.rt_raise!(make("ValueError"), builtin("KeyError"));
    expect(attr(rt.x.rt_err_fetch!() as bigint, "__cause__")).toBe("KeyError()");
  });

  it("records the exception being handled as __context__, and re-raises it bare", () => {
    expect(rt.x.rt_reraise!()).toBe(ERR);
    expect(rt.takeError()).toBe("RuntimeError: No active exception to reraise");
    expect(rt.x.rt_floordiv!(rt.int(1), rt.int(0))).toBe(ERR);
    const zde = rt.x.rt_err_fetch!() as bigint;
    rt.x.rt_exc_handler_enter!(zde);
    expect(rt.x.rt_getitem!(rt.build("list", []), rt.int(0))).toBe(ERR); // raised inside the handler
    const ie = rt.x.rt_err_fetch!() as bigint;
    expect(rt.repr(rt.check(rt.x.rt_getattr!(ie, rt.str("__context__")) as bigint))).toBe(
      "ZeroDivisionError('integer division or modulo by zero')",
    );
    expect(rt.x.rt_reraise!()).toBe(ERR);
    const again = rt.x.rt_err_fetch!() as bigint;
    expect(again).toBe(zde);
    rt.x.rt_exc_handler_exit!();
    rt.x.rt_raise!(make("ValueError"), UNBOUND);
    const outside = rt.x.rt_err_fetch!() as bigint;
    expect(rt.repr(rt.check(rt.x.rt_getattr!(outside, rt.str("__context__")) as bigint))).toBe("None");
  });

  it("raises NameError, UnboundLocalError and RecursionError with CPython's messages", () => {
    expect(rt.x.rt_raise_unbound!(rt.str("x"), 0)).toBe(ERR);
    expect(rt.takeError()).toBe("NameError: name 'x' is not defined");
    expect(rt.x.rt_raise_unbound!(rt.str("x"), 1)).toBe(ERR);
    expect(rt.takeError()).toBe("UnboundLocalError: cannot access local variable 'x' where it is not associated with a value");
    expect(rt.x.rt_raise_unbound!(rt.str("x"), 2)).toBe(ERR);
    expect(rt.takeError()).toBe("NameError: cannot access free variable 'x' where it is not associated with a value in enclosing scope");
    expect(rt.x.rt_raise_recursion!()).toBe(ERR);
    expect(rt.takeError()).toBe("RecursionError: maximum recursion depth exceeded");
  });
});

describe("uncaught exception report", () => {
  it("prints each frame, outermost first, with its source line, then Type: message", () => {
    const source = `def h(x):\n    return 1 // x\n\ndef g(x):\n    return h(x) + 1\n\ndef f():\n    return g(0)\n\nprint("start")\nf()\n`;
    const want = cpython(source);
    expect(rt.x.rt_floordiv!(rt.int(1), rt.int(0))).toBe(ERR);
    frame("h", 2);
    frame("g", 5);
    frame("f", 8);
    frame("<module>", 11);
    expect(report(source)).toEqual(want);
  });

  it("prints just the type for an empty message, and repr of the key for KeyError", () => {
    const s1 = `raise ValueError("")\n`;
    rt.x.rt_raise!(make("ValueError", rt.str("")), UNBOUND);
    frame("<module>", 1);
    expect(report(s1)).toEqual(cpython(s1));
    const s2 = `d = {}\nd["missing"]\n`;
    expect(rt.x.rt_getitem!(rt.x.rt_dict_new!(), rt.str("missing"))).toBe(ERR);
    frame("<module>", 2);
    expect(report(s2)).toEqual(cpython(s2));
  });

  it("prints chained exceptions: the cause, or the context unless suppressed", () => {
    const explicit = `try:\n    {}["k"]\nexcept KeyError as e:\n    raise ValueError("bad") from e\n`;
    expect(rt.x.rt_getitem!(rt.x.rt_dict_new!(), rt.str("k"))).toBe(ERR);
    frame("<module>", 2);
    let e = rt.x.rt_err_fetch!() as bigint;
    rt.x.rt_exc_handler_enter!(e);
    rt.x.rt_raise!(make("ValueError", rt.str("bad")), e);
    frame("<module>", 4);
    rt.x.rt_exc_handler_exit!();
    expect(report(explicit)).toEqual(cpython(explicit));

    const implicit = `def cleanup():\n    raise RuntimeError("cleanup failed")\n\ntry:\n    [1, 2, 3][10]\nexcept IndexError:\n    cleanup()\n`;
    expect(rt.x.rt_getitem!(rt.build("list", [rt.int(1), rt.int(2), rt.int(3)]), rt.int(10))).toBe(ERR);
    frame("<module>", 5);
    e = rt.x.rt_err_fetch!() as bigint;
    rt.x.rt_exc_handler_enter!(e);
    rt.x.rt_raise!(make("RuntimeError", rt.str("cleanup failed")), UNBOUND);
    frame("cleanup", 2);
    frame("<module>", 7);
    rt.x.rt_exc_handler_exit!();
    expect(report(implicit)).toEqual(cpython(implicit));

    const suppressed = `try:\n    1 / 0\nexcept ZeroDivisionError:\n    raise ValueError("clean") from None\n`;
    expect(rt.x.rt_truediv!(rt.int(1), rt.int(0))).toBe(ERR);
    frame("<module>", 2);
    e = rt.x.rt_err_fetch!() as bigint;
    rt.x.rt_exc_handler_enter!(e);
    rt.x.rt_raise!(make("ValueError", rt.str("clean")), NONE);
    frame("<module>", 4);
    rt.x.rt_exc_handler_exit!();
    expect(report(suppressed)).toEqual(cpython(suppressed));
  });

  it("collapses a repeated frame as CPython does for deep recursion", () => {
    const source = `def down(n):\n    return down(n + 1)\n\ndown(0)\n`;
    const want = cpython(source);
    const repeated = Number(/repeated (\d+) more times/.exec(want.stderr)![1]);
    expect(rt.x.rt_raise_recursion!()).toBe(ERR);
    for (let i = 0; i < repeated + 3; i++) frame("down", 2);
    frame("<module>", 4);
    expect(report(source)).toEqual(want);
  });

  it("prints an exception's notes after its message", () => {
    const source = `e = ValueError("bad input")\ne.add_note("while parsing line 3")\ne.add_note("file: config.ini")\nraise e\n`;
    const e = make("ValueError", rt.str("bad input"));
    for (const note of ["while parsing line 3", "file: config.ini"]) {
      const add = rt.check(rt.x.rt_getattr!(e, rt.str("add_note")) as bigint);
      const p = rt.x.rt_alloc_bytes!(8) as number;
      new BigInt64Array(rt.x.memory.buffer, p, 1).set([rt.str(note)]);
      rt.check(rt.x.rt_call!(add, p, 1, NONE) as bigint);
    }
    rt.x.rt_raise!(e, UNBOUND);
    frame("<module>", 4);
    expect(report(source)).toEqual(cpython(source));
  });

  it("turns SystemExit into the exit status, printing a non-int code", () => {
    for (const [code, args] of [
      ["sys.exit(3)", () => [rt.int(3)]],
      ["sys.exit('fatal: configuration missing')", () => [rt.str("fatal: configuration missing")]],
      ["sys.exit()", () => []],
      ["sys.exit(None)", () => [NONE]],
      ["sys.exit(True)", () => [rt.x.rt_truthy!(rt.int(1)) === 1 ? BigInt.asIntN(64, (0xfffan << 48n) | 1n) : NONE]],
      ["sys.exit([1])", () => [rt.build("list", [rt.int(1)])]],
    ] as const) {
      const source = `import sys\n${code}\n`;
      const sys = rt.check(rt.x.rt_import!(rt.str("sys")) as bigint);
      const exit = rt.check(rt.x.rt_getattr!(sys, rt.str("exit")) as bigint);
      const argv = args();
      const p = rt.x.rt_alloc_bytes!(8) as number;
      new BigInt64Array(rt.x.memory.buffer, p, argv.length).set(argv);
      expect(rt.x.rt_call!(exit, p, argv.length, NONE)).toBe(ERR);
      frame("<module>", 2);
      expect(report(source), code).toEqual(cpython(source));
    }
  });
});

describe("Python function objects", () => {
  /** Compiled code stands in as JS: bind the arguments, return the slots as a tuple. */
  const SIGNATURES: [string, string, number[]][] = [
    // [def, code spec, slot order of the returned tuple]
    ["def f(a, b): pass", "f|f|2|0|0|0|a,b", [0, 1]],
    ["def g(a, b=1): pass", "g|g|2|0|0|0|a,b", [0, 1]],
    ["def h(a, /, b, *, c): pass", "h|h|2|1|1|0|a,b,c", [0, 1, 2]],
    ["def k(*, x, y=2): pass", "k|k|0|0|2|0|x,y", [0, 1]],
    ["def m(a, b, c, d=1): pass", "m|m|4|0|0|0|a,b,c,d", [0, 1, 2, 3]],
    ["def v(a, *args, **kw): pass", "v|v|1|0|0|3|a,args,kw", [0, 1, 2]],
    ["def p(a, b, /): pass", "p|p|2|2|0|0|a,b", [0, 1]],
    ["def w(a, b=2, *args, c, d=4, **kw): pass", "w|C.w|2|0|2|3|a,b,c,d,args,kw", [0, 1, 4, 2, 3, 5]],
  ];
  const CALLS: Record<string, string[]> = {
    f: ["f(1, 2)", "f(1)", "f()", "f(1, 2, 3)", "f(1, a=2)", "f(1, 2, z=3)", "f(b=2, a=1)", "f(1, 2, a=3)"],
    g: ["g(1)", "g(1, 2, 3)", "g()", "g(1, 2, 3, b=4)", "g(b=5, a=0)"],
    h: ["h(1, 2, c=3)", "h(a=1, b=2, c=3)", "h(1, 2, 3)", "h(1, 2)", "h(1, b=2, c=3, d=4)"],
    k: ["k(x=1)", "k(1)", "k()", "k(1, x=2)", "k(y=1)"],
    m: ["m()", "m(1)", "m(1, 2, 3)", "m(1, 2, 3, 4, 5)"],
    v: ["v()", "v(1)", "v(1, 2, 3, x=4, y=5)", "v(a=1, b=2)", "v(1, a=2)"],
    p: ["p(1, 2)", "p(1, b=2)", "p(a=1, b=2)", "p(1)"],
    w: ["w(1, c=3)", "w(1, 2, 3, 4, c=5, e=6)", "w()", "w(1)", "w(1, 2, 3, c=1, d=2, b=9)"],
  };

  it("bind arguments as CPython does, with its TypeErrors", () => {
    const prelude = SIGNATURES.map(([def, , ]) => {
      const name = /def (\w+)/.exec(def)![1]!;
      const params = /\((.*)\)/.exec(def)![1]!;
      const vars = params.split(",").map((s) => s.trim().replace(/^\*+/, "").split("=")[0]!).filter((s) => s && s !== "/" && s !== "");
      const body = `return (${vars.join(", ")},)`;
      const qual = name === "w" ? `class C:\n    @staticmethod\n    def w(${params}):\n        ${body}\nw = C.w\n` : `def ${name}(${params}):\n    ${body}\n`;
      return qual;
    }).join("");
    const env = new Map<string, bigint>();
    const slotsOf = new Map<bigint, number[]>();
    SIGNATURES.forEach(([def, spec, order], entry) => {
      const name = /def (\w+)/.exec(def)![1]!;
      const bytes = new TextEncoder().encode(spec);
      const p = rt.x.rt_alloc_bytes!(bytes.length) as number;
      new Uint8Array(rt.x.memory.buffer, p, bytes.length).set(bytes);
      const code = rt.check(rt.x.rt_code_new_utf8!(p, bytes.length) as bigint);
      const defaults = /b=1|d=1/.test(def) ? rt.build("tuple", [rt.int(1)]) : name === "w" ? rt.build("tuple", [rt.int(2)]) : NONE;
      let kwdefaults = NONE;
      if (name === "k" || name === "w") {
        const kv = name === "k" ? [rt.str("y"), rt.int(2)] : [rt.str("d"), rt.int(4)];
        const q = rt.x.rt_alloc_bytes!(16) as number;
        new BigInt64Array(rt.x.memory.buffer, q, 2).set(kv);
        kwdefaults = rt.check(rt.x.rt_build_dict!(q, 2) as bigint);
      }
      const fn = rt.check(rt.x.rt_make_function!(entry, code, defaults, kwdefaults, NONE) as bigint);
      env.set(name, fn);
      slotsOf.set(BigInt(entry), order);
    });
    rt.linkCall = (entry, fn, argv, argc, kwnames) => {
      const order = slotsOf.get(BigInt(entry))!;
      const slots = rt.x.rt_alloc_bytes!(8 * 8) as number;
      if ((rt.x.rt_bind_args!(fn, argv, argc, kwnames, slots) as number) < 0) return ERR;
      const view = new BigInt64Array(rt.x.memory.buffer, slots, order.length);
      const t = rt.build("tuple", order.map((i) => view[i]!));
      rt.x.rt_free_bytes!(slots);
      return t;
    };
    setEnvironment(env);
    try {
      const cases = pythonCases(Object.values(CALLS).flat(), prelude);
      expect(mismatches(rt, cases)).toEqual([]);
      expect(rt.repr(env.get("w")!)).toMatch(/^<function C\.w at 0x[0-9a-f]+>$/);
    } finally {
      setEnvironment(new Map());
    }
  });
});
