/**
 * Generic entries: how a function object is called when the caller does not know the callee
 * (`rt_call`, builtins calling a key function, ...). The entry binds the call's arguments to
 * the function's parameter slots as CPython does (keywords, defaults, `*args`, `**kwargs`,
 * with CPython's TypeErrors), then calls the compiled function directly with the slots as
 * positional arguments, plus the closure when it has free variables.
 *
 *   entry(fn: i64, argv: i32, argc: i32, kwnames: i64) -> i64
 */
import type { IrFunction } from "../ir/function.js";
import type { ModuleContext } from "./function-codegen.js";
import { ERR } from "./value-encoding.js";

export function entryName(ctx: ModuleContext, f: IrFunction): string {
  return `${ctx.functionName(f.name)}$entry`;
}

export function generateEntry(ctx: ModuleContext, f: IrFunction): void {
  const { m, b } = ctx;
  const n = f.code!.varnames.length;
  const [FN, ARGV, ARGC, KWNAMES, SLOTS, RESULT] = [0, 1, 2, 3, 4, 5];
  const slot = (i: number) => m.i64.load(i * 8, 8, m.local.get(SLOTS, b.i32));
  const rt = (name: string, args: number[], result: number) => m.call(ctx.runtime(name), args, result);
  // A function, not a value: binaryen's IR is a tree, and an expression used at two places
  // is miscompiled by passes that rewrite one of them (-O3's inlining renumbered this local).
  const freeSlots = () => (n > 0 ? [rt("rt_free_bytes", [m.local.get(SLOTS, b.i32)], b.none)] : []);
  const args = Array.from({ length: n }, (_, i) => slot(i));
  if (f.hasClosure) args.push(rt("rt_function_closure", [m.local.get(FN, b.i64)], b.i64));
  const body = [
    m.local.set(SLOTS, n > 0 ? rt("rt_alloc_bytes", [m.i32.const(n * 8)], b.i32) : m.i32.const(0)),
    m.if(
      m.i32.lt_s(
        rt("rt_bind_args", [m.local.get(FN, b.i64), m.local.get(ARGV, b.i32), m.local.get(ARGC, b.i32), m.local.get(KWNAMES, b.i64), m.local.get(SLOTS, b.i32)], b.i32),
        m.i32.const(0),
      ),
      m.block(null, [...freeSlots(), m.return(m.i64.const(ERR))]),
    ),
    m.local.set(RESULT, m.call(ctx.functionName(f.name), args, b.i64)),
    // The compiled function borrowed its arguments; the slots' references end here.
    ...Array.from({ length: n }, (_, i) => rt("rt_decref", [slot(i)], b.none)),
    ...freeSlots(),
    m.local.get(RESULT, b.i64),
  ];
  m.addFunction(entryName(ctx, f), b.createType([b.i64, b.i32, b.i32, b.i64]), b.i64, [b.i32, b.i64], m.block(null, body, b.i64));
}
