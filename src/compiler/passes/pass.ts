/**
 * The pass manager: runs function passes in order and, when asked (tests always ask),
 * verifies the IR after each one so a broken invariant is blamed on the pass that broke it.
 */
import type { IrFunction, IrModule } from "../ir/function.js";
import { VerifierError, verifyFunction } from "../ir/verifier.js";

export interface FunctionPass {
  readonly name: string;
  run(f: IrFunction): void;
  /** Module-wide facts the pass needs, gathered once before any function runs. */
  prepare?(m: IrModule): void;
}

export function runPasses(m: IrModule, passes: readonly FunctionPass[], options: { verify: boolean }): void {
  for (const pass of passes) pass.prepare?.(m);
  for (const f of m.functions) {
    if (options.verify) verifyFunction(f);
    for (const pass of passes) {
      pass.run(f);
      if (!options.verify) continue;
      try {
        verifyFunction(f);
      } catch (e) {
        if (e instanceof VerifierError) e.message = `after pass ${pass.name}:\n${e.message}`;
        throw e;
      }
    }
  }
}
