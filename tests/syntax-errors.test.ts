/**
 * Syntax errors compared with CPython 3.11: every fixtures/syntax-errors/NAME.py holds one
 * mistake, and NAME.expected.json records what CPython reports for it (written by
 * scripts/gen-syntax-error-expectations.py).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatSyntaxError, PySyntaxError, type SyntaxErrorType } from "../src/compiler/syntax/errors.js";
import { parse } from "../src/compiler/syntax/parser.js";
import { decodeSource } from "../src/compiler/syntax/source.js";

interface Position {
  type: SyntaxErrorType;
  msg: string;
  lineno: number;
  offset: number;
  end_lineno: number | null;
  end_offset: number | null;
}

interface Expected extends Position {
  /** What `python3 fixtures/syntax-errors/NAME.py` prints. */
  stderr: string;
  /** Fields that differ when CPython runs the file instead of `ast.parse`-ing it; `stderr` shows these. */
  run_as_file?: Partial<Position>;
}

const root = join(import.meta.dirname, "..");
const dir = "fixtures/syntax-errors";
const names = readdirSync(join(root, dir))
  .filter((f) => f.endsWith(".py"))
  .map((f) => f.slice(0, -".py".length))
  .sort();

function load(name: string) {
  const relpath = `${dir}/${name}.py`;
  const bytes = new Uint8Array(readFileSync(join(root, relpath)));
  const expected = JSON.parse(readFileSync(join(root, dir, `${name}.expected.json`), "utf8")) as Expected;
  return { relpath, bytes, expected };
}

function parseError(bytes: Uint8Array, relpath: string): PySyntaxError {
  try {
    parse(bytes, relpath);
  } catch (err) {
    if (err instanceof PySyntaxError) return err;
    throw err;
  }
  throw new Error(`parse() accepted ${relpath}, which CPython 3.11 rejects`);
}

describe("syntax errors match CPython 3.11", () => {
  it("has fixtures", () => {
    expect(names.length).toBeGreaterThanOrEqual(40);
  });

  for (const name of names) {
    const { relpath, bytes, expected } = load(name);

    it(name, () => {
      const err = parseError(bytes, relpath);
      expect({ type: err.type, msg: err.msg, lineno: err.lineno, offset: err.offset }).toEqual({
        type: expected.type,
        msg: expected.msg,
        lineno: expected.lineno,
        offset: expected.offset,
      });
    });

    if (expected.end_lineno !== null && expected.end_offset !== null) {
      it(`${name}: range`, () => {
        const err = parseError(bytes, relpath);
        expect({ endLineno: err.endLineno, endOffset: err.endOffset }).toEqual({
          endLineno: expected.end_lineno,
          endOffset: expected.end_offset,
        });
      });
    }

    it(`${name}: report`, () => {
      let err = parseError(bytes, relpath);
      const asFile = expected.run_as_file;
      if (asFile !== undefined) {
        // CPython's file tokenizer places this error differently from ast.parse; its report uses that place.
        err = new PySyntaxError(
          asFile.type ?? err.type,
          asFile.msg ?? err.msg,
          asFile.lineno ?? err.lineno,
          asFile.offset ?? err.offset,
          asFile.end_lineno !== undefined ? asFile.end_lineno : err.endLineno,
          asFile.end_offset !== undefined ? asFile.end_offset : err.endOffset,
        );
      }
      const text = decodeSource(bytes).text;
      expect(formatSyntaxError(err, relpath, text)).toBe(expected.stderr);
    });
  }
});
