import { beforeAll, describe, expect, it } from "vitest";
import { PythonError, PythonModule, StaleHandleError, setPythonIo, type PythonCallable } from "../../src/runtime/host/embedding.js";
import { compileFixture } from "./compile-fixture.js";

let mod: PythonModule;
let out = "";
let err = "";

beforeAll(async () => {
  mod = await PythonModule.load(await compileFixture("embed.py"), {
    file: "embed.py",
    io: { stdout: (s) => (out += s), stderr: (s) => (err += s) },
  });
});

const fn = (name: string) => mod.get(name) as PythonCallable;

describe("module names", () => {
  it("lists public top-level names only, in source order", () => {
    expect(mod.names).toContain("fib");
    expect(mod.names).toContain("GREETING");
    expect(mod.names).not.toContain("_hidden");
    expect(mod.names.indexOf("echo")).toBeLessThan(mod.names.indexOf("fib"));
  });

  it("reads values after the body ran", () => {
    expect(mod.get("GREETING")).toBe("héllo wörld");
    expect(mod.get("PRIMES")).toEqual([2, 3, 5, 7]);
    expect(mod.get("POINT")).toEqual([1.5, -2.25]);
    expect(mod.get("TABLE")).toEqual(new Map<string, unknown>([["a", 1], ["b", [true, null]]]));
    expect(mod.get("BIG")).toBe(2n ** 70n);
    expect(mod.get("SAFE_EDGE")).toBe(2n ** 53n);
  });

  it("the namespace reads variables live", () => {
    const before = mod.namespace.counter as number;
    expect(fn("bump")()).toBe(before + 1);
    expect(mod.namespace.counter).toBe(before + 1);
  });

  it("returns the same proxy for the same function", () => {
    expect(mod.get("fib")).toBe(mod.get("fib"));
  });
});

describe("JS -> Python -> JS round trips", () => {
  const echo = () => fn("echo");
  const describe_ = () => fn("describe");
  it.each([
    [0, "int:0"],
    [-7, "int:-7"],
    [2 ** 47, "int:140737488355328"],
    [Number.MAX_SAFE_INTEGER, "int:9007199254740991"],
    [1.5, "float:1.5"],
    [-0, "float:-0.0"],
    [Infinity, "float:inf"],
    [NaN, "float:nan"],
    [2n ** 100n, "int:1267650600228229401496703205376"],
    [-(2n ** 64n), "int:-18446744073709551616"],
    ["", "str:''"],
    ["naïve ☃ 𝄞", "str:'naïve ☃ 𝄞'"],
    [true, "bool:True"],
    [false, "bool:False"],
    [null, "NoneType:None"],
    [undefined, "NoneType:None"],
    [[1, "a", [null]], "list:[1, 'a', [None]]"],
    [new Map<unknown, unknown>([[1, "x"], ["k", 2.5]]), "dict:{1: 'x', 'k': 2.5}"],
    [{ a: 1, b: [true] }, "dict:{'a': 1, 'b': [True]}"],
    [new Set([7]), "set:{7}"],
  ])("%s is %s in Python", (value, python) => {
    expect(describe_()(value)).toBe(python);
  });

  it.each([0, -1, 2 ** 47 - 1, -(2 ** 47), 2 ** 47, 1e15, Number.MAX_SAFE_INTEGER, 0.1, -2.5e-300, 1e308, Infinity, -Infinity, "", "x\u0000y", "日本"])(
    "%s comes back as itself",
    (value) => {
      expect(echo()(value)).toBe(value);
    },
  );

  it("NaN, -0 and big ints come back", () => {
    expect(echo()(NaN)).toBeNaN();
    expect(Object.is(echo()(-0), -0)).toBe(true);
    expect(echo()(2n ** 80n)).toBe(2n ** 80n);
    expect(echo()(-(2n ** 80n))).toBe(-(2n ** 80n));
    // Inside the safe range a BigInt comes back as a number: Python has one int type.
    expect(echo()(5n)).toBe(5);
  });

  it("containers come back as copies, cycles preserved", () => {
    const nested = [1, [2, [3, { k: "v" }]]];
    expect(echo()(nested)).toEqual([1, [2, [3, new Map([["k", "v"]])]]]);
    const cyclic: unknown[] = [1];
    cyclic.push(cyclic);
    const back = echo()(cyclic) as unknown[];
    expect(back[0]).toBe(1);
    expect(back[1]).toBe(back);
  });

  it("computes with converted arguments", () => {
    expect(fn("fib")(20)).toBe(6765);
    expect(fn("add")(0.1, 0.2)).toBe(0.30000000000000004);
    expect(fn("words")("  split these  words ")).toEqual(["split", "these", "words"]);
    expect(fn("count_words")("the cat the hat")).toEqual(new Map([["the", 2], ["cat", 1], ["hat", 1]]));
  });

  it("sets and frozensets become Sets", () => {
    const s = fn("make_set")() as Set<unknown>;
    expect(s).toBeInstanceOf(Set);
    expect([...s].filter((x) => !Array.isArray(x)).sort()).toEqual([1, "two"]);
    expect([...s].find(Array.isArray)).toEqual([3, 4]);
    expect(fn("frozen")()).toEqual(new Set([5]));
    expect(fn("echo")(new Set(["a", "b"]))).toEqual(new Set(["a", "b"]));
    expect(() => fn("echo")(new Set([[1]]))).toThrow(expect.objectContaining({ pythonType: "TypeError", pythonMessage: "unhashable type: 'list'" }));
  });

  it("refuses JS values with no Python counterpart", () => {
    expect(() => fn("echo")(new Date())).toThrow(TypeError);
    expect(() => fn("echo")(Symbol("s"))).toThrow(/cannot pass a JS symbol/);
  });

  it("prints through the io sinks, flushed after each call", () => {
    out = "";
    expect(fn("shout")("hi", 2)).toBe("HI!HI!");
    expect(out).toBe("shouting hi\n");
  });

  it("setPythonIo redirects output at run time, and null restores the module's own sinks", () => {
    let redirected = "";
    out = "";
    setPythonIo({ stdout: (s) => (redirected += s), stderr: () => {} });
    try {
      fn("shout")("a");
    } finally {
      setPythonIo(null);
    }
    fn("shout")("b");
    expect(redirected).toBe("shouting a\n");
    expect(out).toBe("shouting b\n");
  });
});

describe("proxies", () => {
  it("functions returned by Python are callable from JS and can be passed back", () => {
    const add5 = fn("make_adder")(5) as PythonCallable;
    expect(typeof add5).toBe("function");
    expect(add5(10)).toBe(15);
    expect(add5.pythonType).toBe("function");
    expect(add5.repr()).toMatch(/^<function make_adder.<locals>.adder at 0x[0-9a-f]+>$/);
    expect(fn("apply")(add5, 1)).toBe(6);
    add5.release();
  });

  it("a released proxy throws a clear error and never reaches Python", () => {
    const before = mod.liveHandles;
    const add1 = fn("make_adder")(1) as PythonCallable;
    expect(mod.liveHandles).toBe(before + 1);
    add1.release();
    expect(mod.liveHandles).toBe(before);
    expect(() => add1(1)).toThrow(StaleHandleError);
    expect(() => add1.release()).toThrow(/was released/);
    expect(() => fn("apply")(add1, 1)).toThrow(StaleHandleError);
  });

  it("other objects are PyObjects that iterate the Python way", () => {
    const r = fn("span")(4) as Iterable<unknown> & { repr(): string; pythonType: string; release(): void };
    expect(r.pythonType).toBe("range");
    expect(r.repr()).toBe("range(0, 4)");
    expect([...r]).toEqual([0, 1, 2, 3]);
    // Passed back to Python it is the same object again (each crossing makes a new proxy).
    const back = fn("echo")(r) as { repr(): string; release(): void };
    expect(back).not.toBe(r);
    expect(back.repr()).toBe("range(0, 4)");
    back.release();
    r.release();
  });

  it("a proxy cannot cross into another module's runtime", async () => {
    const other = await PythonModule.load(await compileFixture("embed.py"), { file: "embed.py", io: { stdout: () => {}, stderr: () => {} } });
    const add2 = fn("make_adder")(2) as PythonCallable;
    expect(() => (other.get("apply") as PythonCallable)(add2, 1)).toThrow(/cannot be passed to another/);
    add2.release();
  });

  it("other objects are PyObjects with repr and attributes", () => {
    const builtin = fn("echo")(fn("echo").getattr("__class__")) as { repr(): string; release(): void };
    expect(builtin.repr()).toBe("<class 'function'>");
    builtin.release();
  });
});

describe("reference counting across the boundary", () => {
  it("converting values both ways and raising leaves the Python heap where it was", () => {
    const workload = () => {
      const echo = fn("echo");
      echo([1, "two", { three: [3.5, null, 2n ** 90n] }, new Map([[1, new Set(["x"])]])]);
      echo("x".repeat(1000));
      fn("count_words")("a b a c b a");
      const add = fn("make_adder")(1) as PythonCallable;
      fn("apply")(add, 2);
      add.release();
      expect(() => fn("lookup")({ a: 1 }, "zz")).toThrow(PythonError);
      expect(() => fn("chained")()).toThrow(PythonError);
      expect(() => echo(new Set([[1]]))).toThrow(PythonError);
    };
    workload(); // first run: lazily built caches (interned strs, method tables) settle
    const before = mod.heapBytes;
    for (let i = 0; i < 50; i++) workload();
    expect(mod.heapBytes).toBe(before);
  });
});

describe("PythonError", () => {
  // CPython's report, except the ~~^^~~ marker line, which Molt's tracebacks do not have yet.
  it("carries the Python type, message and CPython's traceback", () => {
    let caught: unknown;
    try {
      fn("divide")(1, 0);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(PythonError);
    const e = caught as PythonError;
    expect(e.pythonType).toBe("ZeroDivisionError");
    expect(e.pythonMessage).toBe("integer division or modulo by zero");
    expect(e.message).toBe("ZeroDivisionError: integer division or modulo by zero");
    expect(e.pythonTraceback).toBe(
      [
        "Traceback (most recent call last):",
        '  File "' + e.pythonTraceback.match(/File "([^"]*embed\.py)"/)![1] + '", line 24, in divide',
        "    return a // b",
        "ZeroDivisionError: integer division or modulo by zero",
        "",
      ].join("\n"),
    );
  });

  it("KeyError's message is the key's repr; chained exceptions are reported", () => {
    expect(() => fn("lookup")({ a: 1 }, "b")).toThrow(expect.objectContaining({ pythonType: "KeyError", pythonMessage: "'b'" }));
    try {
      fn("chained")();
      expect.unreachable();
    } catch (e) {
      const pe = e as PythonError;
      expect(pe.pythonType).toBe("ValueError");
      expect(pe.pythonTraceback).toContain("KeyError: 'missing'");
      expect(pe.pythonTraceback).toContain("The above exception was the direct cause of the following exception:");
      expect(pe.pythonTraceback.trimEnd().endsWith("ValueError: bad lookup")).toBe(true);
    }
  });

  it("an error does not leave the module unusable, nor write to stderr", () => {
    err = "";
    expect(() => fn("divide")(1, 0)).toThrow(PythonError);
    expect(fn("divide")(7, 2)).toBe(3);
    expect(err).toBe("");
  });

  it("a module whose body raises fails to load with a PythonError", async () => {
    await expect(PythonModule.load(await compileFixture("raises.py"), { file: "raises.py", io: { stdout: () => {}, stderr: () => {} } })).rejects.toMatchObject({
      pythonType: "RuntimeError",
      pythonMessage: "import-time failure",
    });
  });
});

describe("JS functions passed to Python", () => {
  it("are callable from Python, arguments and result converted both ways", () => {
    expect(fn("apply")((a: number, b: string) => `${b}${a * 2}`, 21, "n=")).toBe("n=42");
    expect(fn("map_with")((x: number) => x * x, [1, 2, 3])).toEqual([1, 4, 9]);
    expect(fn("apply")((xs: unknown[]) => xs.length, [1, [2, 3]])).toBe(2);
  });

  it("come back to JS as the same function", () => {
    const f = () => 1;
    expect(fn("round_trip")(f)).toBe(f);
  });

  it("turn a JS exception into a Python JsException, and a Python error raised inside back into one", () => {
    expect(fn("call_and_catch")(() => {
      throw new RangeError("too far");
    })).toBe("JsException: RangeError: too far");
    expect(fn("call_and_catch")(() => fn("span")("x"))).toBe(
      "JsException: TypeError: 'str' object cannot be interpreted as an integer",
    );
  });

  it("refuse keyword arguments with a TypeError", () => {
    expect(() => fn("call_with_keyword")(() => 0)).toThrow(/TypeError: JS functions take no keyword arguments/);
  });

  it("may call back into Python while Python calls them", () => {
    const before = mod.namespace.counter as number;
    expect(fn("nested")((n: number) => n + (fn("bump")() as number), 10)).toBe(10 + before + 1 + 1);
  });

  it("are released when Python drops them", () => {
    const handles = mod.liveHandles;
    for (let i = 0; i < 100; i++) fn("apply")(() => i);
    expect(mod.liveHandles).toBe(handles);
  });
});

describe("keyword arguments from JS", () => {
  it("callKwargs passes its last argument's properties as keywords, with CPython's binding", () => {
    const joinArgs = fn("join_args");
    expect(joinArgs.callKwargs(1, { sep: "+" })).toBe("1+2");
    expect(joinArgs.callKwargs(1, 5, 6, { sep: ":", z: true, y: null })).toBe("1:5:6 y=None z=True");
    expect(joinArgs.callKwargs({ a: "x", b: "y" })).toBe("x-y");
    expect(() => joinArgs.callKwargs(1, { a: 2 })).toThrow(/TypeError: join_args\(\) got multiple values for argument 'a'/);
    expect(() => joinArgs.callKwargs(1, new Map([["sep", "+"]]))).toThrow(/last argument must be a plain object/);
    expect(() => joinArgs.callKwargs(1, [2])).toThrow(/last argument must be a plain object/);
  });
});
