/**
 * Python objects held by JS. Each proxy owns one reference to its object through a slot of this
 * table; the slot's generation changes when the reference is given back, so a proxy that
 * outlived its release fails with StaleHandleError instead of touching memory the runtime may
 * have reused. References come back either explicitly (release()) or when the proxy is
 * garbage-collected (FinalizationRegistry), whichever is first. A typed-array view of a
 * buffer (buffers.ts) holds its object the same way, and gives back its export with it.
 */
import { StaleHandleError } from "./python-error.js";

export interface Handle {
  readonly slot: number;
  readonly generation: number;
}

export class HandleTable {
  private readonly values: bigint[] = [];
  private readonly generations: number[] = [];
  private readonly free: number[] = [];
  /** How each slot gives its reference back, when not with a plain decref. */
  private readonly releasers: (((v: bigint) => void) | null)[] = [];
  private readonly registry: FinalizationRegistry<Handle>;

  /** `decref` gives a reference back to the runtime. */
  constructor(private readonly decref: (v: bigint) => void) {
    this.registry = new FinalizationRegistry((h) => this.releaseIfLive(h));
  }

  /** Takes over one reference to `value` on behalf of `owner` (the JS proxy); `release` gives it back instead of a decref. */
  add(value: bigint, owner: object, release: ((v: bigint) => void) | null = null): Handle {
    const slot = this.free.pop() ?? this.values.length;
    this.values[slot] = value;
    this.releasers[slot] = release;
    this.generations[slot] ??= 0;
    const handle = { slot, generation: this.generations[slot]! };
    this.registry.register(owner, handle, owner);
    return handle;
  }

  /** The object a handle holds (borrowed); throws if the handle was released. */
  get(h: Handle, what: string): bigint {
    if (this.generations[h.slot] !== h.generation) {
      throw new StaleHandleError(`${what} was released: this Python object can no longer be used from JS`);
    }
    return this.values[h.slot]!;
  }

  isLive(h: Handle): boolean {
    return this.generations[h.slot] === h.generation;
  }

  /** Gives the reference back now; a second release of the same handle throws. */
  release(h: Handle, owner: object, what: string): void {
    this.get(h, what);
    this.registry.unregister(owner);
    this.releaseIfLive(h);
  }

  private releaseIfLive(h: Handle): void {
    if (this.generations[h.slot] !== h.generation) return;
    const v = this.values[h.slot]!;
    this.generations[h.slot] = h.generation + 1;
    this.values[h.slot] = 0n;
    this.free.push(h.slot);
    const release = this.releasers[h.slot];
    this.releasers[h.slot] = null;
    (release ?? this.decref)(v);
  }

  /** Live handles (for tests and leak checks). */
  get size(): number {
    return this.values.length - this.free.length;
  }
}
