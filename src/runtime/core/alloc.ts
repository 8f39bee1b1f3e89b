// The allocator: raw linear memory, no AssemblyScript GC.
//
// Small blocks (up to SMALL_MAX bytes) come from one LIFO free list per 8-byte size class; a
// class with an empty list is served from the bump pointer at the top of the heap. Large blocks
// live in one address-ordered free list, allocated first-fit and coalesced with both neighbours
// when freed; a free block that ends at the bump pointer is given back to it. When memory cannot
// grow, small requests are carved out of large free blocks too.
//
// Deallocation is sized (`free(ptr, size)`, with the size passed to `alloc`): every object
// knows its size from its type and its own length fields, so blocks carry no header.
// Allocation returns 0 when memory cannot grow; the object layer turns that into MemoryError.

const ALIGN: usize = 8;
export const SMALL_MAX: usize = 512;
const CLASS_COUNT: usize = SMALL_MAX / ALIGN;
/** Grow by at least this many 64 KiB pages, so growing is rare. */
const MIN_GROW_PAGES: i32 = 16;

/** Head of each small class's free list; a free block's first word links to the next. */
const classHeads: usize = memory.data(<i32>(CLASS_COUNT * 4), 8);

/** Large free blocks: [size u32][next u32] at the start of each, sorted by address. */
let largeHead: usize = 0;

let top: usize = (__heap_base + ALIGN - 1) & ~(ALIGN - 1);
let end: usize = <usize>memory.size() << 16;

// Counters for tests and `molt profile`: live bytes handed out and not yet freed.
let liveBytes: usize = 0;

// @ts-ignore: decorator
@inline export function roundSize(size: usize): usize {
  return size == 0 ? ALIGN : (size + ALIGN - 1) & ~(ALIGN - 1);
}

// @ts-ignore: decorator
@inline function classHead(size: usize): usize {
  return classHeads + ((size >> 3) - 1) * 4;
}

/** Makes [top, top + size) addressable, growing memory; false when it cannot grow. */
function reserve(size: usize): bool {
  const need = top + size;
  if (need <= end) return true;
  // The host may have grown the memory ahead of need (reserveMemory, src/runtime/host/buffers.ts).
  end = <usize>memory.size() << 16;
  if (need <= end) return true;
  // The heap is below 4 GiB: need fits in u64 arithmetic without wrapping.
  const missing = <i32>(((<u64>need - <u64>end) + 0xFFFF) >> 16);
  let pages = max(missing, max(MIN_GROW_PAGES, memory.size() >> 3));
  if (memory.grow(pages) < 0) {
    pages = missing;
    if (memory.grow(pages) < 0) return false;
  }
  end = <usize>memory.size() << 16;
  return true;
}

function bump(size: usize): usize {
  if (<u64>top + <u64>size > 0xFFFF_FFF0 || !reserve(size)) return 0;
  const p = top;
  top += size;
  return p;
}

/** A block of at least `size` bytes, 8-byte aligned, not zeroed; 0 if memory is exhausted. */
export function alloc(size: usize): usize {
  size = roundSize(size);
  let p: usize;
  if (size <= SMALL_MAX) {
    const head = classHead(size);
    p = load<u32>(head);
    if (p != 0) store<u32>(head, load<u32>(p));
    // At the memory's limit, freed large blocks still serve small requests.
    else p = bump(size) || takeLarge(size);
  } else {
    p = allocLarge(size);
  }
  if (p != 0) liveBytes += size;
  return p;
}

/** A zeroed block; 0 if memory is exhausted. */
export function allocZeroed(size: usize): usize {
  const p = alloc(size);
  if (p != 0) memory.fill(p, 0, size);
  return p;
}

export function free(p: usize, size: usize): void {
  size = roundSize(size);
  liveBytes -= size;
  if (size <= SMALL_MAX) pushSmall(p, size);
  else freeLarge(p, size);
}

// @ts-ignore: decorator
@inline function pushSmall(p: usize, size: usize): void {
  const head = classHead(size);
  store<u32>(p, load<u32>(head));
  store<u32>(head, <u32>p);
}

/**
 * Resizes a block, keeping min(old, new) bytes of content; 0 (and the old block untouched) if
 * memory is exhausted, which only growing can cause.
 */
export function realloc(p: usize, oldSize: usize, newSize: usize): usize {
  oldSize = roundSize(oldSize);
  newSize = roundSize(newSize);
  if (oldSize == newSize) return p;
  if (newSize < oldSize) {
    // Shrink in place: the tail becomes a free block of its own (frees are sized, so a block
    // split in two is two blocks). Shrinking therefore never fails.
    free(p + newSize, oldSize - newSize);
    return p;
  }
  // A large block at the top of the heap grows in place.
  if (oldSize > SMALL_MAX && newSize > SMALL_MAX && p + oldSize == top) {
    if (newSize < oldSize || reserve(newSize - oldSize)) {
      top = p + newSize;
      liveBytes += newSize - oldSize;
      return p;
    }
    return 0;
  }
  const q = alloc(newSize);
  if (q == 0) return 0;
  memory.copy(q, p, min(oldSize, newSize));
  free(p, oldSize);
  return q;
}

function allocLarge(size: usize): usize {
  return takeLarge(size) || bump(size);
}

/** The first large free block of at least `size` bytes, split; 0 if none. */
function takeLarge(size: usize): usize {
  let prev: usize = 0;
  let b = largeHead;
  while (b != 0) {
    const bsize = <usize>load<u32>(b);
    const next = <usize>load<u32>(b, 4);
    if (bsize >= size) {
      const rest = bsize - size;
      if (rest == 0) {
        unlinkLarge(prev, next);
      } else if (rest <= SMALL_MAX) {
        // A remainder too small for a large request still serves its small class.
        unlinkLarge(prev, next);
        pushSmall(b + size, rest);
      } else {
        // Keep the remainder in place in the list (same address order).
        const r = b + size;
        store<u32>(r, <u32>rest);
        store<u32>(r, <u32>next, 4);
        if (prev == 0) largeHead = r; else store<u32>(prev, <u32>r, 4);
      }
      return b;
    }
    prev = b;
    b = next;
  }
  return 0;
}

// @ts-ignore: decorator
@inline function unlinkLarge(prev: usize, next: usize): void {
  if (prev == 0) largeHead = next; else store<u32>(prev, <u32>next, 4);
}

function freeLarge(p: usize, size: usize): void {
  let prev: usize = 0;
  let next = largeHead;
  while (next != 0 && next < p) {
    prev = next;
    next = <usize>load<u32>(next, 4);
  }
  // Coalesce with the following block.
  if (next != 0 && p + size == next) {
    size += <usize>load<u32>(next);
    next = <usize>load<u32>(next, 4);
  }
  // Coalesce with the preceding block.
  if (prev != 0 && prev + <usize>load<u32>(prev) == p) {
    p = prev;
    size += <usize>load<u32>(prev);
    // Find prev's predecessor only if p must leave the list for the bump pointer below.
    if (p + size == top) {
      top = p;
      relinkBefore(p, next);
      return;
    }
    store<u32>(p, <u32>size);
    store<u32>(p, <u32>next, 4);
    return;
  }
  if (p + size == top) {
    top = p;
    if (prev == 0) largeHead = next; else store<u32>(prev, <u32>next, 4);
    return;
  }
  store<u32>(p, <u32>size);
  store<u32>(p, <u32>next, 4);
  if (prev == 0) largeHead = p; else store<u32>(prev, <u32>p, 4);
}

/** Replaces the list entry at `p` (being removed) by `next`, searching for its predecessor. */
function relinkBefore(p: usize, next: usize): void {
  if (largeHead == p) {
    largeHead = next;
    return;
  }
  let b = largeHead;
  while (<usize>load<u32>(b, 4) != p) b = <usize>load<u32>(b, 4);
  store<u32>(b, <u32>next, 4);
}

/** Bytes allocated and not yet freed (block sizes, rounded up to 8). */
export function allocatedBytes(): usize {
  return liveBytes;
}
