/**
 * Inline fast paths for the commonest operations on small ints, with the runtime call as the
 * fallback: the same bet CPython 3.11's specialising interpreter makes, decided per operation
 * at run time by a tag test. Type inference, where it proves the operands are ints, lets
 * binaryen fold the tag tests away.
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

  /**
   * `a + b` / `a - b`: with small-int operands the exact 64-bit result is checked against the
   * 48-bit range; anything else (floats, big results, other types) goes to the runtime.
   */
  arith(op: Operator, a: Operand, c: Operand, slow: Operand, scratch: number): Expr | null {
    const { m, b } = this;
    const compute = op === "Add" ? m.i64.add : op === "Sub" ? m.i64.sub : null;
    if (compute === null) return null;
    const t = () => m.local.get(scratch, b.i64);
    return m.if(
      this.bothInt(a, c),
      m.block(null, [
        m.local.set(scratch, compute.call(m.i64, this.unboxInt(a()), this.unboxInt(c()))),
        m.if(this.fits(t), this.boxInt(t()), slow()),
      ], b.i64),
      slow(),
    );
  }

  /** Ordering and equality of two small ints, as a Python bool. */
  compare(op: CmpOperator, a: Operand, c: Operand, slow: Operand): Expr | null {
    const { m } = this;
    const ordered = { Lt: m.i64.lt_s, LtE: m.i64.le_s, Gt: m.i64.gt_s, GtE: m.i64.ge_s }[op as string];
    // Equal small ints have equal boxes, so (in)equality needs no unboxing.
    const test = ordered
      ? ordered.call(m.i64, this.unboxInt(a()), this.unboxInt(c()))
      : op === "Eq" ? m.i64.eq(a(), c())
      : op === "NotEq" ? m.i64.ne(a(), c())
      : null;
    if (test === null) return null;
    return m.if(this.bothInt(a, c), m.i64.or(m.i64.const(BOXED_FALSE), m.i64.extend_u(test)), slow());
  }

  /** Truth of a small int: its payload is non-zero. Returns -1 (error) only from `slow`. */
  truthyInt(v: Operand, slow: Operand): Expr {
    const { m } = this;
    return m.if(this.isInt(v()), m.i64.ne(m.i64.shl(v(), m.i64.const(16n)), m.i64.const(0n)), slow());
  }
}
