/**
 * The parser against CPython 3.11 on fixtures/parser: files that together use every statement
 * and expression form, f-string shapes, literal spellings, source encodings (PEP 263 cookie,
 * BOM, CRLF, tabs) and non-ASCII identifiers. `ast.dump(..., include_attributes=True)` must be
 * identical. (`npm run check:parser` does the same over the whole standard library.)
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dump } from "../src/compiler/syntax/dump.js";
import { parse } from "../src/compiler/syntax/parser.js";
import { pythonJson } from "./helpers/python.js";

const dir = join(import.meta.dirname, "..", "fixtures", "parser");
const files = readdirSync(dir).filter((f) => f.endsWith(".py")).sort();

const expected = pythonJson<Record<string, string>>(
  `
import ast, json, os, sys
d = sys.argv[1] if len(sys.argv) > 1 else ${JSON.stringify(dir)}
print(json.dumps({f: ast.dump(ast.parse(open(os.path.join(d, f), "rb").read()), include_attributes=True)
                  for f in sorted(os.listdir(d)) if f.endswith(".py")}))
`,
);

describe("parser matches CPython 3.11's ast", () => {
  it("has fixtures", () => expect(files.length).toBeGreaterThanOrEqual(5));
  for (const f of files) {
    it(f, () => {
      expect(dump(parse(readFileSync(join(dir, f)), f))).toBe(expected[f]);
    });
  }

  it("parses text as well as bytes", () => {
    expect(dump(parse("x = 'é'\n"))).toBe(
      "Module(body=[Assign(targets=[Name(id='x', ctx=Store(), lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)], " +
        "value=Constant(value='é', lineno=1, col_offset=4, end_lineno=1, end_col_offset=8), lineno=1, col_offset=0, " +
        "end_lineno=1, end_col_offset=8)], type_ignores=[])",
    );
  });
});
