/**
 * The runtime as one instance that Python modules linked on their own (side-module-link.ts)
 * share: every entry point stays exported, with the memory, the call-depth globals and a
 * function table that the host grows for each module it links. The runtime's `molt_link`
 * imports become indirect calls through that table: `call_function(entry, ...)` calls slot
 * `entry`, and a module's body, global reader and writer are at the slots it declared
 * (rt_module_table).
 *
 * Built once per runtime build (the plugin caches it on disk) and shipped once per app.
 */
import { loadBinaryen } from "./binaryen.js";
import { runtimeExports, checkedRuntimeFunction } from "./program-link.js";
import { replaceImport, targetFeatures } from "./module-codegen.js";
import { MODULE_SLOTS, TABLE_EXPORT } from "./side-module-link.js";

/**
 * Not optimised again: the runtime comes out of AssemblyScript at -O3, and with every entry
 * point exported nothing more could be dropped (the dispatches it gains are a few instructions).
 */
export async function buildSharedRuntime(runtimeWasm: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const b = await loadBinaryen();
  const m = b.readBinary(runtimeWasm);
  try {
    m.setFeatures(targetFeatures(b));
    m.addTable(TABLE_EXPORT, 0, 0xffffffff);
    m.addTableExport(TABLE_EXPORT, TABLE_EXPORT);
    const { functions } = runtimeExports(b, m);
    const moduleTable = checkedRuntimeFunction(b, m, functions, "rt_module_table");
    const slotOf = (index: number, slot: number) => m.i32.add(m.call(moduleTable, [m.local.get(index, b.i32)], b.i32), m.i32.const(slot));
    const local = (i: number, t: number) => m.local.get(i, t);
    replaceImport(b, m, "molt_link", "call_function", () => m.call_indirect(TABLE_EXPORT, local(0, b.i32),
      [local(1, b.i64), local(2, b.i32), local(3, b.i32), local(4, b.i64)], b.createType([b.i64, b.i32, b.i32, b.i64]), b.i64));
    replaceImport(b, m, "molt_link", "module_body", () => m.call_indirect(TABLE_EXPORT, slotOf(0, MODULE_SLOTS.body), [], b.none, b.i64));
    replaceImport(b, m, "molt_link", "module_get", () => m.call_indirect(TABLE_EXPORT, slotOf(0, MODULE_SLOTS.get), [local(1, b.i32)], b.i32, b.i64));
    replaceImport(b, m, "molt_link", "module_set", () => m.call_indirect(TABLE_EXPORT, slotOf(0, MODULE_SLOTS.set),
      [local(1, b.i32), local(2, b.i64)], b.createType([b.i32, b.i64]), b.none));
    if (!m.validate()) throw new Error("the shared runtime is not a valid module");
    return new Uint8Array(m.emitBinary());
  } finally {
    m.dispose();
  }
}
