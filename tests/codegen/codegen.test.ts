/**
 * Codegen in isolation: IR built by hand, linked against a tiny stand-in runtime written in
 * WAT that implements just the small-int entry points these programs reach. The real runtime
 * is exercised by the end-to-end tests.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadBinaryen } from "../../src/compiler/codegen/binaryen.js";
import { ENTRY_EXPORT, linkProgram } from "../../src/compiler/codegen/program-link.js";
import { boxSmallInt, ERR } from "../../src/compiler/codegen/value-encoding.js";
import { FunctionBuilder } from "../../src/compiler/ir/builder.js";
import { IrModule } from "../../src/compiler/ir/function.js";
import { verifyFunction } from "../../src/compiler/ir/verifier.js";

const STAND_IN_RUNTIME = `
(module
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 1024))
  (global $traceback_lines (mut i32) (i32.const 0))
  (global (export "rt_depth") (mut i32) (i32.const 0))
  (global (export "rt_recursion_limit") (mut i32) (i32.const 1000))
  (func $unbox (param i64) (result i64) (i64.shr_s (i64.shl (local.get 0) (i64.const 16)) (i64.const 16)))
  (func $box (param i64) (result i64)
    (i64.or (i64.and (local.get 0) (i64.const 0xFFFFFFFFFFFF)) (i64.const 0xFFF9000000000000)))
  (func (export "rt_add") (param i64 i64) (result i64)
    (call $box (i64.add (call $unbox (local.get 0)) (call $unbox (local.get 1)))))
  (func (export "rt_sub") (param i64 i64) (result i64)
    (call $box (i64.sub (call $unbox (local.get 0)) (call $unbox (local.get 1)))))
  (func (export "rt_lt") (param i64 i64) (result i64)
    (i64.or (i64.const 0xFFFA000000000000)
      (i64.extend_i32_u (i64.lt_s (call $unbox (local.get 0)) (call $unbox (local.get 1))))))
  ;; Dividing by zero "raises": returns ERR.
  (func (export "rt_floordiv") (param i64 i64) (result i64)
    (if (result i64) (i64.eqz (call $unbox (local.get 1)))
      (then (i64.const 0xFFFF000000000000))
      (else (call $box (i64.div_s (call $unbox (local.get 0)) (call $unbox (local.get 1)))))))
  (func (export "rt_truthy") (param i64) (result i32) (i64.ne (call $unbox (local.get 0)) (i64.const 0)))
  (func (export "rt_traceback_add") (param i64 i64 i32)
    (global.set $traceback_lines (i32.add (i32.mul (global.get $traceback_lines) (i32.const 100)) (local.get 2))))
  (func (export "traceback_lines") (result i32) (global.get $traceback_lines))
  (func (export "rt_alloc_bytes") (param i32) (result i32)
    (global.get $next) (global.set $next (i32.add (global.get $next) (local.get 0))))
  (func (export "rt_free_bytes") (param i32))
  (func (export "rt_raise_recursion") (result i64) (i64.const 0xFFFF000000000000))
  ;; A "str" is a pointer-tagged box of the address of (length, bytes) copied to the heap.
  (func (export "rt_str_from_utf8") (param i32 i32) (result i64)
    (i64.or (i64.const 0xFFFC000000000000) (i64.extend_i32_u (local.get 0))))
)`;

let runtime: Uint8Array;
beforeAll(async () => {
  const b = await loadBinaryen();
  const m = b.parseText(STAND_IN_RUNTIME);
  runtime = m.emitBinary();
  m.dispose();
});

async function run(ir: IrModule, optimizeLevel = 2) {
  for (const f of ir.functions) verifyFunction(f);
  const { wasm } = await linkProgram(ir, [], runtime, { optimizeLevel, shrinkLevel: 0, keepExports: ["traceback_lines"] });
  const instance = await WebAssembly.instantiate(await WebAssembly.compile(wasm));
  const exports = instance.exports as Record<string, () => unknown>;
  exports.molt_init!();
  return { result: exports[ENTRY_EXPORT]!() as bigint, exports };
}

/** def total(n): s = 0; i = 0; while i < n: s = s + i; i = i + 1; return s; and a body calling it. */
function loopModule(n: bigint): IrModule {
  const ir = new IrModule("loop", "loop.py");
  const b = new FunctionBuilder("total", ["n"]);
  b.define("s", b.emit("const", [], 0n));
  b.define("i", b.emit("const", [], 0n));
  const header = b.newBlock();
  const body = b.newBlock();
  const exit = b.newBlock();
  b.jump(header);
  b.switchTo(header);
  b.branch(b.emit("truthy", [b.emit("compare", [b.use("i")!, b.use("n")!], "Lt")]), body, exit);
  b.seal(body);
  b.seal(exit);
  b.switchTo(body);
  b.define("s", b.emit("binop", [b.use("s")!, b.use("i")!], "Add"));
  b.define("i", b.emit("binop", [b.use("i")!, b.emit("const", [], 1n)], "Add"));
  b.jump(header);
  b.seal(header);
  b.switchTo(exit);
  b.ret(b.use("s")!);
  ir.functions.push(b.f);
  const main = new FunctionBuilder("<module>", []);
  main.ret(main.emit("call_direct", [main.emit("const", [], n)], "total"));
  ir.functions.push(main.f);
  return ir;
}

describe("codegen", () => {
  it("raises (returns ERR) past the recursion limit instead of overflowing the stack", async () => {
    // def down(n): return down(n + 1)
    const ir = new IrModule("deep", "deep.py");
    const f = new FunctionBuilder("down", ["n"]);
    f.ret(f.emit("call_direct", [f.emit("binop", [f.use("n")!, f.emit("const", [], 1n)], "Add")], "down"));
    const main = new FunctionBuilder("<module>", []);
    main.ret(main.emit("call_direct", [main.emit("const", [], 0n)], "down"));
    ir.functions.push(f.f, main.f);
    const { result } = await run(ir);
    expect(result).toBe(ERR);
  });

  it.each([0, 2])("runs a loop with loop-carried SSA values (-O%i)", async (level) => {
    const { result } = await run(loopModule(1000n), level);
    expect(result).toBe(boxSmallInt(499500n));
  });

  it("propagates ERR from a failing runtime call with a traceback entry per frame", async () => {
    // def f(x): return 1 // x  (line 2); body: f(0)  (line 5)
    const ir = new IrModule("err", "err.py");
    const f = new FunctionBuilder("f", ["x"]);
    f.line = 2;
    f.ret(f.emit("binop", [f.emit("const", [], 1n), f.use("x")!], "FloorDiv"));
    const main = new FunctionBuilder("<module>", []);
    main.line = 5;
    main.ret(main.emit("call_direct", [main.emit("const", [], 0n)], "f"));
    ir.functions.push(f.f, main.f);
    const { result, exports } = await run(ir);
    expect(result).toBe(ERR);
    expect(exports.traceback_lines!()).toBe(205);
  });

  it("sends a failure inside try to the unwind handler with the live values", async () => {
    // x = 7; try: x = 1 // 0 except: return x
    const ir = new IrModule("handler", "handler.py");
    const b = new FunctionBuilder("<module>", []);
    const handler = b.newBlock();
    const after = b.newBlock();
    const tryBlock = b.newBlock();
    b.define("x", b.emit("const", [], 7n));
    b.jump(tryBlock);
    b.seal(tryBlock);
    b.switchTo(tryBlock);
    b.setUnwind(handler);
    const q = b.emit("binop", [b.emit("const", [], 1n), b.emit("const", [], 0n)], "FloorDiv");
    b.jump(after);
    b.seal(handler);
    b.seal(after);
    b.switchTo(after);
    b.define("x", q);
    b.ret(b.use("x")!);
    b.switchTo(handler);
    b.ret(b.use("x")!);
    ir.functions.push(b.f);
    const { result } = await run(ir);
    expect(result).toBe(boxSmallInt(7n));
  });
});
