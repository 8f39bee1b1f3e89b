/**
 * binaryen's IR is a tree: an expression built once and placed at two places in a function is
 * not an error binaryen's validator reports, but passes that rewrite one place (inlining
 * renumbering locals, say) silently rewrite the other, and -O3 then emits code V8 rejects or
 * that reads the wrong local. This check finds such sharing; codegen tests run it over every
 * function codegen makes.
 */
import type binaryen from "binaryen";
import type { Binaryen } from "./binaryen.js";

/** Fields of binaryen.js expression infos that hold child expressions (0 for none). */
const CHILD_FIELDS = [
  "children", "operands", "condition", "ifTrue", "ifFalse", "body", "value", "target", "ptr", "left", "right",
  "delta", "dest", "source", "size", "vec", "a", "b", "c", "shift", "expected", "replacement", "timeout", "notifyCount",
] as const;

/** Names of the functions in which some expression appears a second time (in it or an earlier one), with how many. */
export function sharedExpressions(b: Binaryen, m: binaryen.Module): Map<string, number> {
  const out = new Map<string, number>();
  // Expression kinds whose `index`/`offset` is a child expression rather than a number.
  const indexIsChild = new Set([b.TableGetId, b.TableSetId]);
  const offsetIsChild = new Set([b.MemoryInitId]);
  const leaves = new Set([b.ConstId, b.UnreachableId, b.NopId, b.GlobalGetId, b.MemorySizeId, b.DataDropId, b.RefNullId, b.RefFuncId, b.PopId, b.TableSizeId]);
  // Across functions too: an expression placed in two functions is as wrong as in one.
  const seen = new Set<number>();
  for (let i = 0; i < m.getNumFunctions(); i++) {
    const fn = b.getFunctionInfo(m.getFunctionByIndex(i));
    if (fn.body === 0) continue; // an import
    let shared = 0;
    const work = [fn.body];
    while (work.length > 0) {
      const e = work.pop()!;
      if (seen.has(e)) {
        shared++;
        continue;
      }
      seen.add(e);
      const id = b.getExpressionId(e);
      // Leaves (binaryen.js has no info for some of them; a Const's `value` is the constant).
      if (leaves.has(id)) continue;
      const info = b.getExpressionInfo(e) as unknown as Record<string, unknown> & { id: number };
      const fields: string[] = [...CHILD_FIELDS];
      if (indexIsChild.has(info.id)) fields.push("index");
      if (offsetIsChild.has(info.id)) fields.push("offset");
      for (const field of fields) {
        const v = info[field];
        if (Array.isArray(v)) for (const c of v as number[]) { if (c) work.push(c); }
        else if (typeof v === "number" && v !== 0 && field in info) work.push(v);
      }
    }
    if (shared > 0) out.set(fn.name, shared);
  }
  return out;
}
