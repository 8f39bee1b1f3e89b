/**
 * Differential tests of semantic analysis against CPython 3.11: symbol tables against
 * `_symtable`, and compile-time errors against `compile()`. Both sides analyse CPython's own
 * AST of each snippet, so only sema is under test.
 */
import { describe, expect, it } from "vitest";
import { cpythonAsts, cpythonSymtables } from "./oracle.js";
import { moltAnswer } from "./molt-answer.js";
import { ERROR_SNIPPETS, SYMTABLE_SNIPPETS } from "./snippets.js";

function differential(snippets: Record<string, string>, expectError: boolean) {
  const names = Object.keys(snippets);
  const requests = names.map((name) => ({ source: snippets[name]! }));
  const asts = cpythonAsts(requests);
  const expected = cpythonSymtables(requests);
  for (const [i, name] of names.entries()) {
    it(name, () => {
      const want = expected[i]!;
      expect(want.error !== undefined, "CPython's verdict").toBe(expectError);
      expect(moltAnswer(asts[i]!)).toEqual(want);
    });
  }
}

describe("symbol tables match CPython's symtable", () => {
  differential(SYMTABLE_SNIPPETS, false);
});

describe("compile-time errors match CPython's compile()", () => {
  differential(ERROR_SNIPPETS, true);
});
