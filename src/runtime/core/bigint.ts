// Arithmetic on magnitudes: little-endian arrays of 32-bit limbs in linear memory, given as
// (address, length). Lengths are i32 limb counts. These routines know nothing about signs,
// objects or errors: int.ts builds Python's int on them. Results go to caller-provided
// buffers whose required sizes each function states; callers strip leading zero limbs.
import { alloc, free } from "./alloc";

// @ts-ignore: decorator
@inline export function limb(p: usize, i: i32): u64 { return <u64>load<u32>(p + (<usize>i << 2)); }
// @ts-ignore: decorator
@inline export function setLimb(p: usize, i: i32, x: u64): void { store<u32>(p + (<usize>i << 2), <u32>x); }

/** Length without leading zero limbs. */
export function magTrim(p: usize, n: i32): i32 {
  while (n > 0 && load<u32>(p + (<usize>(n - 1) << 2)) == 0) n--;
  return n;
}

export function magCmp(a: usize, na: i32, b: usize, nb: i32): i32 {
  if (na != nb) return na < nb ? -1 : 1;
  for (let i = na - 1; i >= 0; i--) {
    const x = limb(a, i), y = limb(b, i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

/** r = a + b; r has room for max(na, nb) + 1 limbs. Returns the untrimmed length. */
export function magAdd(a: usize, na: i32, b: usize, nb: i32, r: usize): i32 {
  if (na < nb) {
    const t = a; a = b; b = t;
    const tn = na; na = nb; nb = tn;
  }
  let carry: u64 = 0;
  let i = 0;
  for (; i < nb; i++) {
    const s = limb(a, i) + limb(b, i) + carry;
    setLimb(r, i, s);
    carry = s >> 32;
  }
  for (; i < na; i++) {
    const s = limb(a, i) + carry;
    setLimb(r, i, s);
    carry = s >> 32;
  }
  setLimb(r, na, carry);
  return na + 1;
}

/** r = a - b, requiring a >= b; r has room for na limbs (r may be a). */
export function magSub(a: usize, na: i32, b: usize, nb: i32, r: usize): i32 {
  let borrow: i64 = 0;
  let i = 0;
  for (; i < nb; i++) {
    const d = <i64>limb(a, i) - <i64>limb(b, i) - borrow;
    setLimb(r, i, <u64>d);
    borrow = (d >> 63) & 1;
  }
  for (; i < na; i++) {
    const d = <i64>limb(a, i) - borrow;
    setLimb(r, i, <u64>d);
    borrow = (d >> 63) & 1;
  }
  return na;
}

/** r = a * b (schoolbook); r has room for na + nb limbs and must not overlap a or b. */
export function magMul(a: usize, na: i32, b: usize, nb: i32, r: usize): i32 {
  memory.fill(r, 0, <usize>(na + nb) << 2);
  for (let i = 0; i < na; i++) {
    const x = limb(a, i);
    if (x == 0) continue;
    let carry: u64 = 0;
    for (let j = 0; j < nb; j++) {
      // (2^32-1)^2 + 2 * (2^32-1) < 2^64: no overflow.
      const t = x * limb(b, j) + limb(r, i + j) + carry;
      setLimb(r, i + j, t);
      carry = t >> 32;
    }
    setLimb(r, i + nb, carry);
  }
  return na + nb;
}

/** a = a * m + c in place, for single-limb m and c; a has room for n + 1 limbs. */
export function magMulAddSmall(a: usize, n: i32, m: u64, c: u64): i32 {
  for (let i = 0; i < n; i++) {
    const t = limb(a, i) * m + c;
    setLimb(a, i, t);
    c = t >> 32;
  }
  setLimb(a, n, c);
  return n + 1;
}

/** q = a / d for a single-limb d != 0 (q may be a); returns the remainder. */
export function magDivSmall(a: usize, n: i32, d: u64, q: usize): u64 {
  let rem: u64 = 0;
  for (let i = n - 1; i >= 0; i--) {
    const cur = (rem << 32) | limb(a, i);
    setLimb(q, i, cur / d);
    rem = cur % d;
  }
  return rem;
}

/**
 * Knuth's algorithm D (TAOCP 4.3.1): q = a / b, r = a % b, for nb >= 2, na >= nb and a
 * non-zero top limb of b. q has room for na - nb + 1 limbs, r for nb. Returns false if the
 * scratch space cannot be allocated.
 */
export function magDivRem(a: usize, na: i32, b: usize, nb: i32, q: usize, r: usize): bool {
  const unSize = <usize>(na + 1) << 2;
  const vnSize = <usize>nb << 2;
  const un = alloc(unSize);
  if (un == 0) return false;
  const vn = alloc(vnSize);
  if (vn == 0) {
    free(un, unSize);
    return false;
  }
  // Normalise so the divisor's top limb has its high bit set: quotient digit estimates are
  // then at most 2 too large.
  const s = <u64>clz<u32>(load<u32>(b + (<usize>(nb - 1) << 2)));
  magShiftLeftBits(b, nb, s, vn);
  setLimb(un, na, magShiftLeftBits(a, na, s, un));
  const vTop = limb(vn, nb - 1), vNext = limb(vn, nb - 2);
  for (let j = na - nb; j >= 0; j--) {
    const num = (limb(un, j + nb) << 32) | limb(un, j + nb - 1);
    let qhat = num / vTop;
    let rhat = num % vTop;
    while (qhat > 0xFFFF_FFFF || qhat * vNext > ((rhat << 32) | limb(un, j + nb - 2))) {
      qhat--;
      rhat += vTop;
      if (rhat > 0xFFFF_FFFF) break;
    }
    // un[j .. j+nb] -= qhat * vn
    let borrow: i64 = 0;
    let carry: u64 = 0;
    for (let i = 0; i < nb; i++) {
      const p = qhat * limb(vn, i) + carry;
      carry = p >> 32;
      const d = <i64>limb(un, i + j) - <i64>(p & 0xFFFF_FFFF) - borrow;
      setLimb(un, i + j, <u64>d);
      borrow = (d >> 63) & 1;
    }
    const d = <i64>limb(un, j + nb) - <i64>carry - borrow;
    setLimb(un, j + nb, <u64>d);
    if (d < 0) {
      // qhat was one too large (rare): add the divisor back.
      qhat--;
      let c: u64 = 0;
      for (let i = 0; i < nb; i++) {
        const t = limb(un, i + j) + limb(vn, i) + c;
        setLimb(un, i + j, t);
        c = t >> 32;
      }
      setLimb(un, j + nb, limb(un, j + nb) + c);
    }
    setLimb(q, j, qhat);
  }
  magShiftRightBits(un, nb, s, r);
  free(un, unSize);
  free(vn, vnSize);
  return true;
}

/** r[0..n) = a << s for 0 <= s < 32 (r may be a); returns the bits shifted out of the top. */
export function magShiftLeftBits(a: usize, n: i32, s: u64, r: usize): u64 {
  if (s == 0) {
    memory.copy(r, a, <usize>n << 2);
    return 0;
  }
  let carry: u64 = 0;
  for (let i = 0; i < n; i++) {
    const x = limb(a, i);
    setLimb(r, i, (x << s) | carry);
    carry = x >> (32 - s);
  }
  return carry;
}

/** r[0..n) = a >> s for 0 <= s < 32 (r may be a); returns whether any set bit was dropped. */
export function magShiftRightBits(a: usize, n: i32, s: u64, r: usize): bool {
  if (s == 0) {
    memory.copy(r, a, <usize>n << 2);
    return false;
  }
  const lost = (limb(a, 0) & ((<u64>1 << s) - 1)) != 0;
  for (let i = 0; i < n; i++) {
    const hi: u64 = i + 1 < n ? limb(a, i + 1) : 0;
    setLimb(r, i, (limb(a, i) >> s) | (hi << (32 - s)));
  }
  return lost;
}

/** Number of significant bits of a trimmed magnitude (0 for zero). */
export function magBitLength(a: usize, n: i32): u64 {
  if (n == 0) return 0;
  return (<u64>(n - 1) << 5) + (32 - <u64>clz<u32>(load<u32>(a + (<usize>(n - 1) << 2))));
}

/** Is any bit below bit `k` set? */
export function magLowBitsSet(a: usize, n: i32, k: u64): bool {
  const whole = <i32>min<u64>(k >> 5, <u64>n);
  for (let i = 0; i < whole; i++) if (load<u32>(a + (<usize>i << 2)) != 0) return true;
  if (<i32>(k >> 5) < n && (k & 31) != 0) return (limb(a, <i32>(k >> 5)) & ((<u64>1 << (k & 31)) - 1)) != 0;
  return false;
}

/** The 64 bits of a starting at bit k (bits past the top read as zero). */
export function magBitsAt(a: usize, n: i32, k: u64): u64 {
  const i = <i32>(k >> 5);
  const s = k & 31;
  const l0: u64 = i < n ? limb(a, i) : 0;
  const l1: u64 = i + 1 < n ? limb(a, i + 1) : 0;
  const l2: u64 = i + 2 < n ? limb(a, i + 2) : 0;
  const lo = (l0 | (l1 << 32)) >> s;
  return s == 0 ? lo : lo | (l2 << (64 - s));
}
