/**
 * JS stand-ins for Python objects that are not plain data. A callable becomes a JS function
 * (calling it converts the arguments, calls the object and converts the result back); anything
 * else becomes a PyObject (repr, iteration). On both, a property that is not one of the
 * proxy's own (`repr`, `getattr`, `release`, ..., and a function's `name`, `call`, ...) is the
 * Python attribute: `shape.area()`, `point.x`, `point.x = 3`, `"x" in point`; a name Python
 * has no attribute for reads as undefined, as a missing JS property does. Both own one
 * reference through the bridge's handle table: give it back with `release()` (or let the
 * garbage collector do it); using a released proxy throws StaleHandleError.
 */
import type { Bridge } from "./bridge.js";
import type { Handle } from "./handles.js";
import { iterate } from "./iterate.js";
import { toJs } from "./to-js.js";
import { toPython } from "./to-python.js";
import { BufferCopies } from "./buffers.js";
import { UNBOUND } from "./value-bits.js";

interface Held {
  readonly bridge: Bridge;
  readonly handle: Handle;
}

const held = new WeakMap<object, Held>();

/** Methods every proxy has (callable proxies carry them as properties of the function). */
export interface PythonProxy {
  /** The Python type name, e.g. "function". */
  readonly pythonType: string;
  /** repr() of the object. */
  repr(): string;
  /** getattr(obj, name), converted. */
  getattr(name: string): unknown;
  /** Gives the reference back; later use throws StaleHandleError. */
  release(): void;
}

export type PythonCallable = ((...args: unknown[]) => unknown) & PythonProxy & {
  /** Calls with keyword arguments: the last argument is a plain object of them, `f.callKwargs(1, { sep: "-" })`. */
  callKwargs(...args: unknown[]): unknown;
};

export class PyObject implements PythonProxy {
  private constructor() {}
  static create(): PyObject {
    return new PyObject();
  }
  get pythonType(): string { return typeNameOf(this); }
  repr(): string { return reprOf(this); }
  getattr(name: string): unknown { return getattrOf(this, name); }
  release(): void { releaseOf(this); }
  toString(): string { return reprOf(this); }
  /** Python iteration (`for x in obj`), each item converted; raises PythonError if not iterable. */
  *[Symbol.iterator](): Generator<unknown, void, undefined> {
    const { b, v } = access(this);
    for (const item of iterate(b, v)) yield toJs(b, item, true);
  }
}

/** Wraps v, taking over the caller's reference. */
export function makeProxy(bridge: Bridge, v: bigint, callable: boolean): PyObject | PythonCallable {
  let proxy: PyObject | PythonCallable;
  let target: object;
  if (callable) {
    const fn = function (...args: unknown[]): unknown {
      return callOf(fn, args);
    } as PythonCallable;
    Object.defineProperties(fn, {
      pythonType: { get: () => typeNameOf(fn) },
      repr: { value: () => reprOf(fn) },
      getattr: { value: (name: string) => getattrOf(fn, name) },
      callKwargs: { value: (...args: unknown[]) => callOf(fn, args.slice(0, -1), args.at(-1)) },
      release: { value: () => releaseOf(fn) },
      toString: { value: () => reprOf(fn) },
    });
    proxy = new Proxy(fn, ATTRIBUTES) as PythonCallable;
    target = fn;
  } else {
    target = PyObject.create();
    proxy = new Proxy(target, ATTRIBUTES) as PyObject;
  }
  const h = { bridge, handle: bridge.handles.add(v, proxy) };
  // The traps that get no receiver (`has`) reach the object through the target.
  held.set(proxy, h);
  held.set(target, h);
  return proxy;
}

/** Python attributes as the properties a proxy does not have itself. */
const ATTRIBUTES: ProxyHandler<object> = {
  get(target, key, receiver) {
    if (typeof key === "symbol" || key in target) return Reflect.get(target, key, receiver);
    return attributeOf(receiver as object, key);
  },
  set(target, key, value, receiver) {
    if (typeof key === "symbol" || key in target) return Reflect.set(target, key, value, receiver);
    setattrOf(receiver as object, key, value);
    return true;
  },
  has(target, key) {
    return typeof key === "symbol" || key in target || attributeOf(target, key) !== undefined;
  },
};

/** The Python object a proxy of this bridge holds (borrowed), or undefined for anything else. */
export function pythonValueOf(bridge: Bridge, x: unknown): bigint | undefined {
  if ((typeof x !== "object" && typeof x !== "function") || x === null) return undefined;
  const h = held.get(x);
  if (h === undefined) return undefined;
  if (h.bridge !== bridge) throw new TypeError("a Python object of one Python runtime cannot be passed to another (modules loaded on their own, with loadPythonModule, share nothing)");
  return bridge.handles.get(h.handle, "the Python object");
}

/** The runtime a proxy belongs to, or undefined for anything else. */
export function proxyBridge(x: object): Bridge | undefined {
  return held.get(x)?.bridge;
}

/** Is x a proxy whose reference has not been released? */
export function isLiveProxy(x: unknown): x is PyObject | PythonCallable {
  if ((typeof x !== "object" && typeof x !== "function") || x === null) return false;
  const h = held.get(x);
  return h !== undefined && h.bridge.handles.isLive(h.handle);
}

function access(proxy: object): { b: Bridge; v: bigint } {
  const h = held.get(proxy)!;
  return { b: h.bridge, v: h.bridge.handles.get(h.handle, "the Python object") };
}

function callOf(proxy: object, args: unknown[], keywords?: unknown): unknown {
  const { b, v } = access(proxy);
  const proto = typeof keywords === "object" && keywords !== null ? Object.getPrototypeOf(keywords) : undefined;
  if (keywords !== undefined && proto !== Object.prototype && proto !== null) {
    throw new TypeError("callKwargs: the last argument must be a plain object of keyword arguments");
  }
  const entries = keywords === undefined ? [] : Object.entries(keywords as object);
  const argv: bigint[] = [];
  let kwnames: bigint | undefined;
  // JS typed arrays are copied in, and what Python wrote is copied back after the call.
  const copies = new BufferCopies(true, b.rt.memory.buffer);
  try {
    for (const a of args) argv.push(toPython(b, a, copies));
    for (const [, value] of entries) argv.push(toPython(b, value, copies));
    if (keywords !== undefined) kwnames = toPython(b, entries.map(([name]) => name));
    return toJs(b, b.call(v, argv, kwnames), true);
  } finally {
    copies.finish(b);
    for (const a of argv) b.rt.rt_embed_decref(a);
    if (kwnames !== undefined) b.rt.rt_embed_decref(kwnames);
  }
}

function typeNameOf(proxy: object): string {
  const { b, v } = access(proxy);
  return b.readStr(b.rt.rt_embed_type_name(v));
}

function reprOf(proxy: object): string {
  const { b, v } = access(proxy);
  return b.takeStr(b.check(b.rt.rt_embed_repr(v)));
}

function getattrOf(proxy: object, name: string): unknown {
  const { b, v } = access(proxy);
  const n = b.newStr(name);
  try {
    return toJs(b, b.check(b.rt.rt_embed_getattr(v, n)), true);
  } finally {
    b.rt.rt_embed_decref(n);
  }
}

/** getattr(obj, name) converted; undefined where Python raises AttributeError. */
function attributeOf(proxy: object, name: string): unknown {
  const { b, v } = access(proxy);
  const n = b.newStr(name);
  try {
    const value = b.check(b.rt.rt_embed_getattr_missing(v, n));
    return value === UNBOUND ? undefined : toJs(b, value, true);
  } finally {
    b.rt.rt_embed_decref(n);
  }
}

function setattrOf(proxy: object, name: string, value: unknown): void {
  const { b, v } = access(proxy);
  const n = b.newStr(name);
  const copies = new BufferCopies(false, b.rt.memory.buffer);
  try {
    const x = toPython(b, value, copies);
    try {
      if (b.rt.rt_embed_setattr(v, n, x) < 0) throw b.takeError();
    } finally {
      b.rt.rt_embed_decref(x);
    }
  } finally {
    copies.finish(b);
    b.rt.rt_embed_decref(n);
  }
}

function releaseOf(proxy: object): void {
  const h = held.get(proxy)!;
  h.bridge.handles.release(h.handle, proxy, "the Python object");
}
