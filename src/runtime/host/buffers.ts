/**
 * Buffers shared between JS and Python (docs/decisions/0010-zero-copy-buffers.md).
 *
 * Python -> JS, zero copy: a bytes, bytearray, memoryview or array.array becomes a typed array
 * over the Wasm memory that holds its elements (Uint8Array for bytes and bytearray, the
 * element type of an array's typecode or a memoryview's format otherwise). The view owns a
 * reference to the object and one export of its buffer through the bridge's handle table, so
 * the object stays alive and cannot resize (BufferError in Python) while JS holds the view;
 * both are given back when the view is collected or releaseView()d. Growing the Wasm memory
 * detaches every view, as it detaches Emscripten's HEAP views: refreshView() gives a current
 * one, reserveMemory() grows the memory ahead so that it does not happen, and a detached view
 * passed back to Python is a TypeError (writes JS made into it went nowhere).
 *
 * JS -> Python: a Molt view passes as its own Python object (zero copy). Any other typed
 * array, ArrayBuffer or DataView is copied into a new array.array (bytearray for bytes, a
 * memoryview of a bytearray for a DataView), and copied back when the call returns, so what
 * Python wrote is in the JS memory afterwards.
 */
import type { Bridge } from "./bridge.js";
import { BufferFlag } from "./embed-exports.js";
import type { Handle } from "./handles.js";
import { proxyBridge } from "./proxies.js";
import { ERR } from "./value-bits.js";

export type PythonView =
  | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array
  | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

type ViewConstructor = { new (buffer: ArrayBufferLike, byteOffset: number, length: number): PythonView; readonly BYTES_PER_ELEMENT: number };

/** The typed array of each format (CPython's sizes on 64-bit Linux: `l` and `L` are 8 bytes, `u` 4). */
const VIEW_OF_FORMAT: Record<string, ViewConstructor> = {
  b: Int8Array, B: Uint8Array, c: Uint8Array, "?": Uint8Array, h: Int16Array, H: Uint16Array,
  i: Int32Array, I: Uint32Array, l: BigInt64Array, L: BigUint64Array, q: BigInt64Array, Q: BigUint64Array,
  f: Float32Array, d: Float64Array, u: Uint32Array, w: Uint32Array,
};

/** The array.array typecode a JS typed array is copied into; 0 for a bytearray. */
const TYPECODE_OF = new Map<unknown, number>([
  [Int8Array, 0x62], [Uint8Array, 0], [Uint8ClampedArray, 0], [Int16Array, 0x68], [Uint16Array, 0x48],
  [Int32Array, 0x69], [Uint32Array, 0x49], [Float32Array, 0x66], [Float64Array, 0x64],
  [BigInt64Array, 0x71], [BigUint64Array, 0x51],
]);

interface HeldView {
  readonly bridge: Bridge;
  readonly handle: Handle;
}

const views = new WeakMap<object, HeldView>();
/** Loaded modules (and their namespaces), so allocateBuffer finds the runtime from them. */
const moduleBridges = new WeakMap<object, Bridge>();
/** A 16-byte block per runtime for rt_embed_buffer's answer. */
const scratch = new WeakMap<Bridge, number>();

export function registerModule(owner: object, bridge: Bridge): void {
  moduleBridges.set(owner, bridge);
}

interface BufferInfo {
  address: number;
  nbytes: number;
  format: string;
  readonly: boolean;
  contiguous: boolean;
}

function bufferInfo(b: Bridge, v: bigint): BufferInfo {
  let out = scratch.get(b);
  if (out === undefined) {
    out = b.rt.rt_alloc_bytes(16);
    if (out === 0) throw new RangeError("the Python heap is exhausted");
    scratch.set(b, out);
  }
  if (b.rt.rt_embed_buffer(v, out) < 0) throw b.takeError();
  const words = new Uint32Array(b.rt.memory.buffer, out, 4);
  return {
    address: words[0]!,
    nbytes: words[1]!,
    format: String.fromCharCode(words[2]!),
    readonly: (words[3]! & BufferFlag.Readonly) !== 0,
    contiguous: (words[3]! & BufferFlag.Contiguous) !== 0,
  };
}

function makeView(b: Bridge, info: BufferInfo): PythonView {
  const type = VIEW_OF_FORMAT[info.format];
  if (type === undefined) throw new TypeError(`a memoryview of format '${info.format}' has no typed-array view`);
  if (!info.contiguous) {
    throw new TypeError("a memoryview with a step is not contiguous, so no typed array can view it: pass m.tobytes() or a contiguous view");
  }
  if (info.address % type.BYTES_PER_ELEMENT !== 0) {
    throw new TypeError(`this '${info.format}' memoryview starts at byte ${info.address}, not aligned for a ${type.name}: pass m.tobytes() or an aligned view`);
  }
  return new type(b.rt.memory.buffer, info.address, info.nbytes / type.BYTES_PER_ELEMENT);
}

/** Gives the view's reference and export back (the handle table calls it once). */
function releaser(b: Bridge): (v: bigint) => void {
  return (v) => {
    b.rt.rt_embed_buffer_export(v, -1);
    b.rt.rt_embed_decref(v);
  };
}

/** Registers view as holding v (the caller's reference, taken over) and one export of it. */
function hold(b: Bridge, v: bigint, view: PythonView): void {
  b.rt.rt_embed_buffer_export(v, 1);
  views.set(view, { bridge: b, handle: b.handles.add(v, view, releaser(b)) });
}

/** Python -> JS: a typed array over the buffer object v's memory; an owned v is consumed. */
export function viewOf(b: Bridge, v: bigint, owned: boolean): PythonView {
  let view: PythonView;
  try {
    view = makeView(b, bufferInfo(b, v));
  } catch (e) {
    if (owned) b.rt.rt_embed_decref(v);
    throw e;
  }
  if (!owned) b.rt.rt_embed_incref(v);
  hold(b, v, view);
  return view;
}

const DETACHED =
  "this typed array viewed Python memory before the Wasm memory grew, which detached it: call refreshView(view) for a current view";

/**
 * The Python object a Molt view of this runtime stands for (borrowed), or undefined if x is
 * not such a view. A released view throws StaleHandleError; one detached before the call
 * (copies) began, a TypeError: copying an earlier argument in may grow the memory, which must
 * not refuse a view that was valid when the call was made.
 */
export function pythonBufferOf(b: Bridge, x: object, copies: BufferCopies): bigint | undefined {
  const h = views.get(x);
  if (h === undefined) return undefined;
  if (h.bridge !== b) throw new TypeError("a Python object of one Python runtime cannot be passed to another (modules loaded on their own, with loadPythonModule, share nothing)");
  const v = h.bridge.handles.get(h.handle, "the Python buffer this view shows");
  const buffer = (x as PythonView).buffer;
  if (buffer !== b.rt.memory.buffer && buffer !== copies.memory) throw new TypeError(DETACHED);
  return v;
}

/** Is x a typed array, DataView or ArrayBuffer, which JS -> Python copies (copyIn)? */
export function isCopiedBuffer(x: object): boolean {
  return ArrayBuffer.isView(x) || x instanceof ArrayBuffer || (typeof SharedArrayBuffer !== "undefined" && x instanceof SharedArrayBuffer);
}

/**
 * The JS buffers one call passes to Python: each becomes one Python object however often it
 * appears, and (for the arguments of a call from JS) its bytes are copied back after the call.
 */
export class BufferCopies {
  readonly seen = new Map<object, bigint>();
  private readonly pending: { target: Uint8Array; source: bigint }[] = [];

  /** copyBack: copy the bytes back in finish(); memory: the Wasm memory's buffer when the call began. */
  constructor(private readonly copyBack: boolean, readonly memory: ArrayBufferLike) {}

  /** Remembers to copy source's bytes (a new reference, taken over) into target after the call. */
  add(target: Uint8Array, source: bigint): void {
    this.pending.push({ target, source });
  }

  get wantsCopyBack(): boolean {
    return this.copyBack;
  }

  /**
   * After the call: Python's bytes into the JS memory (as many as both still have; a JS buffer
   * detached meanwhile is skipped), then the references back.
   */
  finish(b: Bridge): void {
    for (const { target, source } of this.pending) {
      try {
        if (target.buffer.byteLength !== 0) {
          const info = bufferInfo(b, source);
          const n = Math.min(target.byteLength, info.nbytes);
          target.set(new Uint8Array(b.rt.memory.buffer, info.address, n));
        }
      } finally {
        b.rt.rt_embed_decref(source);
      }
    }
    this.pending.length = 0;
  }
}

/** JS -> Python for a typed array, DataView or ArrayBuffer that is not a Molt view: a copy. */
export function copyIn(b: Bridge, x: object, copies: BufferCopies): bigint {
  if (ArrayBuffer.isView(x) && x.buffer === b.rt.memory.buffer) {
    throw new TypeError(
      "this typed array is over the Python heap but is not a view Molt made (a subarray?): pass the view itself, or a copy (view.slice())",
    );
  }
  const bytes = ArrayBuffer.isView(x) ? new Uint8Array(x.buffer, x.byteOffset, x.byteLength) : new Uint8Array(x as ArrayBuffer);
  const isTyped = ArrayBuffer.isView(x) && !(x instanceof DataView);
  const code = isTyped ? TYPECODE_OF.get(x.constructor) : 0;
  if (code === undefined) throw new TypeError(`cannot pass a JS ${x.constructor.name} to Python`);
  const length = isTyped ? (x as PythonView).length : bytes.length;
  const target = b.check(b.rt.rt_embed_buffer_new(code, length));
  try {
    new Uint8Array(b.rt.memory.buffer, bufferInfo(b, target).address, bytes.length).set(bytes);
  } catch (e) {
    b.rt.rt_embed_decref(target);
    throw e;
  }
  let v = target;
  if (x instanceof DataView) {
    v = b.rt.rt_embed_memoryview(target);
    if (v === ERR) {
      b.rt.rt_embed_decref(target);
      throw b.takeError();
    }
  }
  // The copy-back reads the bytearray or array itself (Python may release a memoryview), and
  // holds its own reference to it: the caller's goes when the call's arguments are dropped.
  if (copies.wantsCopyBack) {
    if (v === target) b.rt.rt_embed_incref(target);
    copies.add(bytes, target);
  } else if (v !== target) b.rt.rt_embed_decref(target);
  return v;
}

function bridgeOf(owner: object, what: string): Bridge {
  const b = moduleBridges.get(owner) ?? proxyBridge(owner) ?? views.get(owner)?.bridge;
  if (b === undefined) throw new TypeError(`${what}: the first argument must be a loaded Python module (or one of its objects)`);
  return b;
}

/**
 * A typed array of `length` zeros in Python's memory: an array.array of the matching typecode
 * (a bytearray for Uint8Array) viewed in place. Passed to Python it is that object, without a copy.
 */
export function allocateBuffer<T extends PythonView>(module: object, type: { new (length: number): T }, length: number): T {
  const b = bridgeOf(module, "allocateBuffer");
  const code = TYPECODE_OF.get(type);
  if (code === undefined) throw new TypeError(`allocateBuffer: ${(type as { name?: string }).name ?? String(type)} is not a typed array type Python has`);
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`allocateBuffer: invalid length ${length}`);
  const v = b.check(b.rt.rt_embed_buffer_new(code, length));
  return viewOf(b, v, true) as T;
}

function heldOf(view: object, what: string): HeldView {
  const h = views.get(view);
  if (h === undefined) throw new TypeError(`${what}: not a view of Python memory made by Molt`);
  return h;
}

/**
 * A view of the same Python object over the current Wasm memory: `view` itself while the
 * memory has not grown, else a new view, which takes over the old one's reference (the old
 * view is released).
 */
export function refreshView<T extends PythonView>(view: T): T {
  const { bridge: b, handle } = heldOf(view, "refreshView");
  const v = b.handles.get(handle, "the Python buffer this view shows");
  if (view.buffer === b.rt.memory.buffer) return view;
  // The object could not resize while exported: its elements are where they were.
  const fresh = makeView(b, bufferInfo(b, v));
  b.rt.rt_embed_incref(v);
  hold(b, v, fresh);
  b.handles.release(handle, view, "the Python buffer this view shows");
  return fresh as T;
}

/**
 * Grows the module's Wasm memory now to at least `bytes`, so that Python can allocate up to
 * about that much before the memory grows again (which detaches every view). What Emscripten's
 * INITIAL_MEMORY is for; views made after this call stay valid while the heap stays below.
 */
export function reserveMemory(module: object, bytes: number): void {
  const b = bridgeOf(module, "reserveMemory");
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError(`reserveMemory: invalid size ${bytes}`);
  const have = b.rt.memory.buffer.byteLength;
  if (bytes > have) b.rt.memory.grow(Math.ceil((bytes - have) / 65536));
}

/**
 * Gives the view's reference back now (the object may be freed, and a bytearray or array may
 * resize again). The view must not be read or written afterwards: its memory may be reused.
 */
export function releaseView(view: PythonView): void {
  const { bridge: b, handle } = heldOf(view, "releaseView");
  b.handles.release(handle, view, "the Python buffer this view shows");
}
