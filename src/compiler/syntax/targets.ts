/**
 * Assignment, deletion and loop targets. The parser reads a target as an expression and then
 * turns it into a target here: setting `ctx` to Store or Del, or finding the sub-expression
 * that cannot be a target, for CPython's "cannot assign to ..." messages.
 */
import type { Expr, ExprContext } from "./ast.js";
import { Ellipsis } from "./ast.js";

export type TargetKind = "star" | "del" | "for";

/** CPython's `_PyPegen_get_expr_name`: how error messages name an expression. */
export function exprName(e: Expr): string {
  switch (e.nodeType) {
    case "Attribute": return "attribute";
    case "Subscript": return "subscript";
    case "Starred": return "starred";
    case "Name": return "name";
    case "List": return "list";
    case "Tuple": return "tuple";
    case "Lambda": return "lambda";
    case "Call": return "function call";
    case "BoolOp": case "BinOp": case "UnaryOp": return "expression";
    case "GeneratorExp": return "generator expression";
    case "Yield": case "YieldFrom": return "yield expression";
    case "Await": return "await expression";
    case "ListComp": return "list comprehension";
    case "SetComp": return "set comprehension";
    case "DictComp": return "dict comprehension";
    case "Dict": return "dict literal";
    case "Set": return "set display";
    case "JoinedStr": case "FormattedValue": return "f-string expression";
    case "Constant": {
      const v = e.value;
      if (v === null) return "None";
      if (v === true) return "True";
      if (v === false) return "False";
      if (v === Ellipsis) return "ellipsis";
      return "literal";
    }
    case "Compare": return "comparison";
    case "IfExp": return "conditional expression";
    case "NamedExpr": return "named expression";
    case "Slice": return "slice";
  }
}

/** CPython's `_PyPegen_get_invalid_target`: the first part of `e` that cannot be a target. */
export function invalidTarget(e: Expr, kind: TargetKind): Expr | null {
  switch (e.nodeType) {
    case "List":
    case "Tuple":
      for (const elt of e.elts) {
        const bad = invalidTarget(elt, kind);
        if (bad !== null) return bad;
      }
      return null;
    case "Starred":
      return kind === "del" ? e : invalidTarget(e.value, kind);
    case "Compare":
      // `for a in b` reads as a comparison when the target is parsed as an expression.
      if (kind === "for") return e.ops[0] === "In" ? invalidTarget(e.left, kind) : null;
      return e;
    case "Name":
    case "Subscript":
    case "Attribute":
      return null;
    default:
      return e;
  }
}

/** Marks a valid target (as checked by `invalidTarget`) as stored to or deleted. */
export function setContext(e: Expr, ctx: ExprContext): void {
  switch (e.nodeType) {
    case "Name":
    case "Attribute":
    case "Subscript":
      e.ctx = ctx;
      return;
    case "Starred":
      e.ctx = ctx;
      setContext(e.value, ctx);
      return;
    case "List":
    case "Tuple":
      e.ctx = ctx;
      for (const elt of e.elts) setContext(elt, ctx);
      return;
    default:
      return;
  }
}
