/**
 * Inline fast paths for the commonest operations on small ints, with the runtime call as the
 * fallback: the same bet CPython 3.11's specialising interpreter makes, decided per operation
 * at run time by a tag test. Where type inference proved an operand a small int its tag test
 * is left out, and where it proved the result small, the overflow check too.
 *
 * binaryen expressions form a tree, so an operand or fallback used in several places is built
 * afresh each time: operands are given as functions returning a new `local.get`.
 */
import type binaryen from "binaryen";
import type { Binaryen } from "./binaryen.js";
import { BOXED_FALSE, TAG_INT, TAG_SHIFT } from "./value-encoding.js";
import type { CmpOperator, Operator } from "../syntax/ast.js";

type Expr = binaryen.ExpressionRef;
type Operand = () => Expr;

/** Which operands type inference proved small ints, and whether the result is proven small. */
export interface Known {
  a: boolean;
  c: boolean;
  result: boolean;
  /** Operands and result are all proven in [0, 2^47): boxes add and subtract as they are. */
  nonNegative?: boolean;
}
const NOTHING_KNOWN: Known = { a: false, c: false, result: false };

const TAG_BITS = BigInt.asIntN(64, TAG_INT << TAG_SHIFT);

export class FastPaths {
  constructor(
    private readonly b: Binaryen,
    private readonly m: binaryen.Module,
  ) {}

  private isInt(v: Expr): Expr {
    const { m } = this;
    return m.i64.eq(m.i64.shr_u(v, m.i64.const(TAG_SHIFT)), m.i64.const(TAG_INT));
  }

  private bothInt(a: Operand, c: Operand): Expr {
    return this.m.i32.and(this.isInt(a()), this.isInt(c()));
  }

  /** Sign-extends the 48-bit payload. */
  unboxInt(v: Expr): Expr {
    const { m } = this;
    return m.i64.shr_s(m.i64.shl(v, m.i64.const(16n)), m.i64.const(16n));
  }

  boxInt(x: Expr): Expr {
    const { m } = this;
    return m.i64.or(m.i64.and(x, m.i64.const((1n << TAG_SHIFT) - 1n)), m.i64.const(BigInt.asIntN(64, TAG_INT << TAG_SHIFT)));
  }

  /** Does the 64-bit result still fit the 48-bit small-int range? */
  private fits(x: Operand): Expr {
    return this.m.i64.eq(this.unboxInt(x()), x());
  }

  /** Tag tests for the operands not already known to be small ints; null when all are known. */
  private intTests(ops: [Operand, boolean][]): Expr | null {
    const tests = ops.filter(([, known]) => !known).map(([v]) => this.isInt(v()));
    if (tests.length === 0) return null;
    return tests.reduce((x, y) => this.m.i32.and(x, y));
  }

  /**
   * `a + b`, `a - b`, `a * b`, `a // b`, `a % b` on small ints, inline; anything else (floats,
   * big results, other types, division by zero) goes to the runtime. `known` says which
   * operands type inference proved small ints, and whether the result is proven small too
   * (then no overflow check is needed).
   */
  arith(op: Operator, a: Operand, c: Operand, slow: Operand, scratch: number, known: Known = NOTHING_KNOWN): Expr | null {
    const { m, b } = this;
    const t = () => m.local.get(scratch, b.i64);
    const x = () => this.unboxInt(a());
    const y = () => this.unboxInt(c());
    let fast: Expr;
    if (op === "Add" || op === "Sub") {
      const compute = op === "Add" ? m.i64.add : m.i64.sub;
      if (known.a && known.c && known.result && known.nonNegative) {
        // With every payload in [0, 2^47) no borrow or carry reaches the tag: (x|T) - (y|T) + T
        // is (x - y)|T, and (x|T) + (y|T) - T is (x + y)|T.
        const raw = compute.call(m.i64, a(), c());
        return op === "Add" ? m.i64.sub(raw, m.i64.const(TAG_BITS)) : m.i64.add(raw, m.i64.const(TAG_BITS));
      }
      if (known.a && known.c && known.result) return this.boxInt(compute.call(m.i64, x(), y()));
      fast = m.block(null, [
        m.local.set(scratch, compute.call(m.i64, x(), y())),
        m.if(this.fits(t), this.boxInt(t()), slow()),
      ], b.i64);
    } else if (op === "Mult") {
      if (known.a && known.c && known.result) return this.boxInt(m.i64.mul(x(), y()));
      // Factors within 32 bits cannot overflow the 64-bit product.
      const narrow = (v: Operand) => m.i64.eq(m.i64.extend32_s(v()), v());
      fast = m.if(
        m.i32.and(narrow(x), narrow(y)),
        m.block(null, [m.local.set(scratch, m.i64.mul(x(), y())), m.if(this.fits(t), this.boxInt(t()), slow())], b.i64),
        slow(),
      );
    } else if (op === "Mod") {
      // Python's remainder takes the divisor's sign: adjust C's when the signs differ.
      fast = m.if(m.i64.eqz(y()), slow(), m.block(null, [
        m.local.set(scratch, m.i64.rem_s(x(), y())),
        m.if(
          m.i32.and(m.i64.ne(t(), m.i64.const(0n)), m.i64.lt_s(m.i64.xor(t(), y()), m.i64.const(0n))),
          m.local.set(scratch, m.i64.add(t(), y())),
        ),
        this.boxInt(t()),
      ], b.i64));
    } else if (op === "FloorDiv") {
      // Python rounds toward negative infinity; the quotient of 48-bit ints fits except
      // MIN // -1, which the range check sends to the runtime.
      fast = m.if(m.i64.eqz(y()), slow(), m.block(null, [
        m.local.set(scratch, m.i64.div_s(x(), y())),
        m.if(
          m.i32.and(m.i64.ne(m.i64.mul(t(), y()), x()), m.i64.lt_s(m.i64.xor(x(), y()), m.i64.const(0n))),
          m.local.set(scratch, m.i64.sub(t(), m.i64.const(1n))),
        ),
        m.if(this.fits(t), this.boxInt(t()), slow()),
      ], b.i64));
    } else {
      return null;
    }
    const tests = this.intTests([[a, known.a], [c, known.c]]);
    return tests === null ? fast : m.if(tests, fast, slow());
  }

  /** Ordering and equality of two small ints, as a machine condition, or null for other operators. */
  compareTest(op: CmpOperator, a: Operand, c: Operand): Expr | null {
    const { m } = this;
    const ordered = { Lt: m.i64.lt_s, LtE: m.i64.le_s, Gt: m.i64.gt_s, GtE: m.i64.ge_s }[op as string];
    // Shifting the tag out leaves the payload in the high bits: same order, one shift each.
    if (ordered) return ordered.call(m.i64, m.i64.shl(a(), m.i64.const(16n)), m.i64.shl(c(), m.i64.const(16n)));
    // Equal small ints have equal boxes, so (in)equality needs no unboxing.
    if (op === "Eq") return m.i64.eq(a(), c());
    if (op === "NotEq") return m.i64.ne(a(), c());
    return null;
  }

  /** Ordering and equality of two small ints, as a Python bool. */
  compare(op: CmpOperator, a: Operand, c: Operand, slow: Operand, known: Known = NOTHING_KNOWN): Expr | null {
    const { m } = this;
    const test = this.compareTest(op, a, c);
    if (test === null) return null;
    const fast = m.i64.or(m.i64.const(BOXED_FALSE), m.i64.extend_u(test));
    const tests = this.intTests([[a, known.a], [c, known.c]]);
    return tests === null ? fast : m.if(tests, fast, slow());
  }

  /** The same, as a machine condition (`compare_cond`); `slow` gives 1, 0 or -1 (error). */
  compareCond(op: CmpOperator, a: Operand, c: Operand, slow: Operand, known: Known = NOTHING_KNOWN): Expr | null {
    const test = this.compareTest(op, a, c);
    if (test === null) return null;
    const tests = this.intTests([[a, known.a], [c, known.c]]);
    return tests === null ? test : this.m.if(tests, test, slow());
  }

  /** Truth of a small int: its payload is non-zero. Returns -1 (error) only from `slow`. */
  truthyInt(v: Operand, slow: Operand): Expr {
    const { m } = this;
    return m.if(this.isInt(v()), m.i64.ne(m.i64.shl(v(), m.i64.const(16n)), m.i64.const(0n)), slow());
  }
}
