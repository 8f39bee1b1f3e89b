/**
 * Inline float arithmetic and comparisons where type inference proved the operands floats, or
 * a float and a small int. A float is its own IEEE bits in the NaN-boxed encoding, so these
 * are single f64 instructions between two reinterprets; a small int converts exactly (its 48
 * bits fit a double's mantissa), as CPython's int/float mixing does.
 *
 * No tag tests: these paths are only taken on proven types (from float constants and
 * arithmetic, or from an entry guarded by `is_float`, passes/specialize-entry.ts). Division by
 * zero and every other operator go to the runtime, which raises and formats as CPython does.
 */
import type binaryen from "binaryen";
import type { Binaryen } from "./binaryen.js";
import { boxFloat } from "./value-encoding.js";
import type { CmpOperator, Operator, UnaryOperator } from "../syntax/ast.js";
import { isSmallIntTy, type Ty } from "../ir/types.js";

type Expr = binaryen.ExpressionRef;
type Operand = () => Expr;

const CANONICAL_NAN = boxFloat(NaN);

/** What an operand must be for a float path: a float, or a small int mixed with one. */
function kindOf(t: Ty | null | undefined): "float" | "int" | null {
  if (t?.k === "float") return "float";
  return isSmallIntTy(t) ? "int" : null;
}

export class FloatPaths {
  constructor(
    private readonly b: Binaryen,
    private readonly m: binaryen.Module,
    /** Allocates a scratch local of the given type. */
    private readonly temp: (type: number) => number,
  ) {}

  /** Whether the operand types allow a float path: both numeric, at least one a float. */
  static applies(ta: Ty | null | undefined, tc: Ty | null | undefined): boolean {
    const a = kindOf(ta), c = kindOf(tc);
    return a !== null && c !== null && (a === "float" || c === "float");
  }

  private f64(v: Expr, t: Ty | null | undefined): Expr {
    const { m } = this;
    if (t?.k === "float") return m.f64.reinterpret(v);
    return m.f64.convert_s.i64(m.i64.shr_s(m.i64.shl(v, m.i64.const(16n)), m.i64.const(16n)));
  }

  /** The boxed float of x: NaNs become the one canonical NaN, whose bits no tag uses. */
  box(x: Expr): Expr {
    const { m, b } = this;
    const r = this.temp(b.f64);
    const get = () => m.local.get(r, b.f64);
    return m.block(null, [
      m.local.set(r, x),
      m.select(m.f64.ne(get(), get()), m.i64.const(CANONICAL_NAN), m.i64.reinterpret(get())),
    ], b.i64);
  }

  /**
   * `a op c` as a float, or null for an operator left to the runtime. `slow` runs only for a
   * division by zero (it raises ZeroDivisionError). `fallible` is false when it cannot fail.
   */
  arith(op: Operator, a: Operand, c: Operand, ta: Ty | null | undefined, tc: Ty | null | undefined, slow: Operand): { expr: Expr; fallible: boolean } | null {
    const { m, b } = this;
    const x = () => this.f64(a(), ta);
    const y = () => this.f64(c(), tc);
    if (op === "Add") return { expr: this.box(m.f64.add(x(), y())), fallible: false };
    if (op === "Sub") return { expr: this.box(m.f64.sub(x(), y())), fallible: false };
    if (op === "Mult") return { expr: this.box(m.f64.mul(x(), y())), fallible: false };
    if (op === "Div") {
      const d = this.temp(b.f64);
      const divisor = () => m.local.get(d, b.f64);
      return {
        expr: m.block(null, [
          m.local.set(d, y()),
          m.if(m.f64.eq(divisor(), m.f64.const(0)), slow(), this.box(m.f64.div(x(), divisor()))),
        ], b.i64),
        fallible: true,
      };
    }
    return null;
  }

  /** `-x` and `+x` of a float. */
  unary(op: UnaryOperator, a: Operand): Expr | null {
    const { m } = this;
    if (op === "USub") return this.box(m.f64.neg(m.f64.reinterpret(a())));
    if (op === "UAdd") return a();
    return null;
  }

  /** An ordering or equality of floats (NaN compares unequal and unordered), as a condition. */
  compareTest(op: CmpOperator, a: Operand, c: Operand, ta: Ty | null | undefined, tc: Ty | null | undefined): Expr | null {
    const { m } = this;
    const f = { Lt: m.f64.lt, LtE: m.f64.le, Gt: m.f64.gt, GtE: m.f64.ge, Eq: m.f64.eq, NotEq: m.f64.ne }[op as string];
    return f ? f.call(m.f64, this.f64(a(), ta), this.f64(c(), tc)) : null;
  }
}
