import { beforeAll, describe, expect, it } from "vitest";
import {
  PythonError, PythonModule, StaleHandleError, allocateBuffer, refreshView, releaseView, reserveMemory, setPythonIo,
  type PythonCallable,
} from "../../src/runtime/host/embedding.js";
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

describe("Python attributes as proxy properties", () => {
  it("reads attributes, calls methods, writes attributes, answers `in`", () => {
    const account = fn("Account")("ada", 10) as unknown as Record<string, unknown> & { deposit(n: number): number; repr(): string };
    expect(account.owner).toBe("ada");
    expect(account.rate).toBe(0.05);
    expect(account.deposit(5)).toBe(15);
    expect(account.summary).toBe("ada: 15");
    account.balance = 100;
    expect(account.summary).toBe("ada: 100");
    expect("deposit" in account).toBe(true);
    expect("missing" in account).toBe(false);
    expect(account.missing).toBeUndefined();
    // The proxy's own members win over Python attributes of the same name.
    expect(account.repr()).toMatch(/^<embed\.Account object at 0x[0-9a-f]+>$|^<__main__\.Account object at/);
    // An error other than AttributeError is raised, not swallowed.
    expect(() => account.deposit(-1)).toThrow(/ValueError: amount must be positive/);
    // A class's attributes too; a promise resolving to a proxy is not mistaken for a thenable.
    expect((fn("Account") as unknown as Record<string, unknown>).rate).toBe(0.05);
    return Promise.resolve(account).then((a) => expect(a).toBe(account));
  });

  it("a write Python refuses throws its error", () => {
    const account = fn("Account")("bo") as unknown as Record<string, unknown>;
    expect(() => { account.summary = "x"; }).toThrow(/AttributeError: property 'summary' of 'Account' object has no setter/);
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

describe("buffers: bytes, bytearray, memoryview and array.array as typed arrays", () => {
  let buf: PythonModule;
  const bf = (name: string) => buf.get(name) as PythonCallable;

  beforeAll(async () => {
    buf = await PythonModule.load(await compileFixture("buffers.py"), { file: "buffers.py", io: { stdout: () => {}, stderr: () => {} } });
  });

  it("Python's writes into a JS Float64Array (copied in) are copied back when the call returns", () => {
    const xs = new Float64Array([1.5, 2, -3]);
    expect(bf("scale")(xs, 10)).toBe(null);
    expect([...xs]).toEqual([15, 20, -30]);
    const ints = new Int32Array([1, -2, 2 ** 29]);
    bf("scale")(ints, 2);
    expect([...ints]).toEqual([2, -4, 2 ** 30]);
    const big = new BigInt64Array([3n, -(2n ** 62n)]);
    bf("scale")(big, 2);
    expect([...big]).toEqual([6n, -(2n ** 63n)]);
    // Inside containers too, and a typed array over part of an ArrayBuffer writes only its part.
    const backing = new ArrayBuffer(24);
    const middle = new Float64Array(backing, 8, 1);
    middle[0] = 4;
    bf("scale_all")([middle], 0.5);
    expect([...new Float64Array(backing)]).toEqual([0, 2, 0]);
    const bytes = new Uint8Array([1, 2, 3]);
    bf("scale")(bytes, 3);
    expect([...bytes]).toEqual([3, 6, 9]);
    const dv = new DataView(new ArrayBuffer(2));
    dv.setUint8(0, 7);
    bf("scale")(dv, 2);
    expect(dv.getUint8(0)).toBe(14);
  });

  it("a copied-in typed array is an array.array of the matching typecode (Uint8Array a bytearray)", () => {
    const d = bf("describe");
    expect(d(new Float64Array(3))).toBe("array:d:3");
    expect(d(new Float32Array(1))).toBe("array:f:1");
    expect(d(new Int8Array(2))).toBe("array:b:2");
    expect(d(new Uint16Array(2))).toBe("array:H:2");
    expect(d(new Int32Array(2))).toBe("array:i:2");
    expect(d(new Uint32Array(2))).toBe("array:I:2");
    expect(d(new BigInt64Array(2))).toBe("array:q:2");
    expect(d(new BigUint64Array(2))).toBe("array:Q:2");
    expect(d(new Uint8Array(5))).toBe("bytearray:5");
    expect(d(new ArrayBuffer(4))).toBe("bytearray:4");
    expect(d(new DataView(new ArrayBuffer(6), 2))).toBe("memoryview:B:4");
    const xs = new Float64Array([1, 2]);
    expect(bf("same")(xs, xs)).toBe(true);
  });

  it("a buffer Python returns is a typed array over the Wasm memory: no copy, both sides see each other's writes", () => {
    const d = bf("make")("d", 4) as Float64Array;
    expect(d).toBeInstanceOf(Float64Array);
    expect([...d]).toEqual([0, 1, 2, 3]);
    bf("keep")(d);
    expect(bf("is_kept")(d, 0)).toBe(true);
    bf("set_kept")(0, 1, 42.5);
    expect(d[1]).toBe(42.5);
    d[2] = -7;
    expect(bf("kept_item")(0, 2)).toBe(-7);
    expect(bf("total")(d)).toBe(0 + 42.5 - 7 + 3);
    // Every view is over the one Wasm memory.
    const other = bf("text")("héllo") as Uint8Array;
    expect(other.buffer).toBe(d.buffer);
    expect(new TextDecoder().decode(other)).toBe("héllo");
    bf("forget")();
  });

  it("each typecode and format has its typed array", () => {
    const names = (code: string) => (bf("make")(code, 2) as ArrayBufferView).constructor.name;
    expect(["b", "B", "h", "H", "i", "I", "l", "L", "q", "Q", "f", "d"].map(names)).toEqual([
      "Int8Array", "Uint8Array", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "BigInt64Array",
      "BigUint64Array", "BigInt64Array", "BigUint64Array", "Float32Array", "Float64Array",
    ]);
    expect(bf("mutable")(3)).toEqual(new Uint8Array([0, 1, 2]));
    expect(bf("view_of_ints")(3)).toEqual(new Int32Array([0, 1, 2]));
    expect(bf("make")("L", 2)).toEqual(new BigUint64Array([0n, 1n]));
  });

  it("allocateBuffer makes a typed array in Python memory that passes to Python as itself", () => {
    const xs = allocateBuffer(buf.namespace, Float64Array, 1000);
    expect(xs.length).toBe(1000);
    expect(xs.every((x) => x === 0)).toBe(true);
    for (let i = 0; i < xs.length; i++) xs[i] = i;
    expect(bf("total")(xs)).toBe(499500);
    expect(bf("describe")(xs)).toBe("array:d:1000");
    bf("scale")(xs, 2);
    expect(xs[999]).toBe(1998);
    expect(bf("describe")(allocateBuffer(buf, Uint8Array, 3))).toBe("bytearray:3");
    expect(bf("describe")(allocateBuffer(bf("total"), BigInt64Array, 1))).toBe("array:q:1");
    expect(() => allocateBuffer({}, Float64Array, 1)).toThrow(/must be a loaded Python module/);
    expect(() => allocateBuffer(buf, Uint8ClampedArray as never, 1)).not.toThrow();
    expect(() => allocateBuffer(buf, Float64Array, -1)).toThrow(RangeError);
  });

  it("the object lives while JS holds its view; releaseView frees it", () => {
    const before = buf.heapBytes;
    const handles = buf.liveHandles;
    const xs = allocateBuffer(buf, Float64Array, 100_000);
    expect(buf.heapBytes).toBeGreaterThanOrEqual(before + 800_000);
    expect(buf.liveHandles).toBe(handles + 1);
    releaseView(xs);
    expect(buf.heapBytes).toBe(before);
    expect(buf.liveHandles).toBe(handles);
    expect(() => releaseView(xs)).toThrow(StaleHandleError);
    expect(() => bf("total")(xs)).toThrow(StaleHandleError);
  });

  it("a bytearray or array JS views cannot resize (BufferError) until the view is released", () => {
    for (const make of [() => bf("mutable")(4), () => bf("make")("i", 4)]) {
      const v = make() as Uint8Array | Int32Array;
      bf("keep")(v);
      expect(() => bf("grow_kept")(0)).toThrow(expect.objectContaining({ pythonType: "BufferError" }));
      bf("set_kept")(0, 0, 9);
      expect(v[0]).toBe(9);
      releaseView(v);
      expect(bf("grow_kept")(0)).toBe(5);
      bf("forget")();
    }
    expect(() => bf("append_to")(bf("make")("d", 1), 1)).toThrow(/cannot resize an array that is exporting buffers/);
    // A memoryview JS views cannot be released.
    const m = bf("view_of_ints")(2) as Int32Array;
    bf("keep")(m);
    expect(() => bf("release_kept")(0)).toThrow(/BufferError: memoryview has 1 exported buffer/);
    releaseView(m);
    bf("release_kept")(0);
    bf("forget")();
  });

  it("growing the Wasm memory detaches views: passing one back is a TypeError, refreshView gives a current one", () => {
    const xs = allocateBuffer(buf, Int32Array, 4);
    xs.set([1, 2, 3, 4]);
    const memory = xs.buffer;
    bf("churn")(Math.ceil(memory.byteLength / 2 ** 20) + 1);
    // Growing the memory detached the ArrayBuffer every earlier view is over.
    expect(memory.byteLength).toBe(0);
    expect(xs.length).toBe(0);
    expect(() => bf("total")(xs)).toThrow(/detached it: call refreshView\(view\)/);
    const fresh = refreshView(xs);
    expect([...fresh]).toEqual([1, 2, 3, 4]);
    expect(bf("total")(fresh)).toBe(10);
    expect(refreshView(fresh)).toBe(fresh);
    // The old view's reference went to the new one.
    expect(() => bf("total")(xs)).toThrow(StaleHandleError);
    releaseView(fresh);
  });

  it("reserveMemory grows the memory ahead, so that views made afterwards stay attached", () => {
    const size = allocateBuffer(buf, Uint8Array, 1).buffer.byteLength;
    reserveMemory(buf, size + (16 << 20));
    const xs = allocateBuffer(buf, Float64Array, 2);
    const memory = xs.buffer;
    expect(memory.byteLength).toBeGreaterThanOrEqual(size + (16 << 20));
    bf("churn")(8);
    expect(memory.byteLength).not.toBe(0);
    expect(bf("total")(xs)).toBe(0);
    releaseView(xs);
    expect(() => reserveMemory(buf, -1)).toThrow(RangeError);
    expect(() => reserveMemory({}, 1)).toThrow(/reserveMemory: the first argument must be a loaded Python module/);
  });

  it("a view valid when the call began passes even if copying an earlier argument grows the memory", () => {
    const v = allocateBuffer(buf, Float64Array, 2);
    const memory = v.buffer;
    expect(bf("same")(new Uint8Array(memory.byteLength), v)).toBe(false);
    expect(memory.byteLength).toBe(0);
    releaseView(refreshView(v));
  });

  it("refuses what has no typed-array view, and views it did not make", () => {
    expect(() => bf("strided")()).toThrow(/a memoryview with a step is not contiguous/);
    const xs = allocateBuffer(buf, Float64Array, 4);
    expect(() => bf("total")(xs.subarray(1))).toThrow(/not a view Molt made \(a subarray\?\)/);
    expect(bf("total")(xs.slice(1))).toBe(0);
    releaseView(xs);
    expect(() => refreshView(new Float64Array(1))).toThrow(/not a view of Python memory made by Molt/);
  });

  it("copying buffers in and out and viewing them leaves the Python heap where it was", () => {
    const workload = () => {
      bf("scale")(new Float64Array(1000), 2);
      bf("describe")([new DataView(new ArrayBuffer(8)), new ArrayBuffer(3), new BigUint64Array(2)]);
      releaseView(bf("make")("d", 100) as Float64Array);
      releaseView(bf("text")("abc") as Uint8Array);
      const a = allocateBuffer(buf, Int16Array, 50);
      bf("total")(a);
      releaseView(a);
      expect(() => bf("total")(new Float64Array([1]), 2)).toThrow(PythonError);
    };
    workload();
    const before = buf.heapBytes;
    const handles = buf.liveHandles;
    for (let i = 0; i < 20; i++) workload();
    expect(buf.heapBytes).toBe(before);
    expect(buf.liveHandles).toBe(handles);
  });
});
