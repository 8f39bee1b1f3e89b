import { describe, expect, it } from "vitest";
import { SCHEMA } from "../src/compiler/syntax/ast.js";
import { pythonJson } from "./helpers/python.js";

type PySchema = Record<string, { fields: string[]; optional: string[]; located: boolean }>;

describe("AST schema", () => {
  const cpython = pythonJson<PySchema>(`
import ast, json
DEPRECATED = {"Num", "Str", "Bytes", "NameConstant", "Ellipsis", "Index", "ExtSlice", "Suite", "Param", "AugLoad", "AugStore"}
out = {}
for name in dir(ast):
    cls = getattr(ast, name)
    if not (isinstance(cls, type) and issubclass(cls, ast.AST)) or not cls._fields and not cls._attributes:
        continue
    if name in DEPRECATED:
        continue
    if any(s.__name__ not in DEPRECATED for s in cls.__subclasses__()):
        continue  # abstract base such as ast.expr
    out[name] = {
        "fields": list(cls._fields),
        "optional": [f for f in cls._fields if getattr(cls, f, ...) is None],
        "located": "lineno" in cls._attributes,
    }
print(json.dumps(out))
`);

  it("has every CPython node class with the same fields, optional fields and positions", () => {
    const ours = Object.fromEntries(
      Object.entries(SCHEMA).map(([name, s]) => [
        name,
        { fields: [...s.fields], optional: [...s.optional].sort(), located: s.located },
      ]),
    );
    for (const s of Object.values(cpython)) s.optional.sort();
    expect(ours).toEqual(cpython);
  });
});
