/**
 * The parts of the scope model later stages rely on beyond what `_symtable` exposes:
 * generator/coroutine kinds, cell and free variables (including the implicit `__class__`
 * cell), checked against the code objects CPython compiles; and the kinds, parameters and
 * AST-node map of the scope tree.
 */
import { describe, expect, it } from "vitest";
import { analyze, type Scope } from "../../src/compiler/sema/index.js";
import { cpythonAsts, cpythonCodeFacts } from "./oracle.js";
import { SYMTABLE_SNIPPETS } from "./snippets.js";

const CO_VARARGS = 0x04;
const CO_VARKEYWORDS = 0x08;
const CO_NESTED = 0x10;
const CO_GENERATOR = 0x20;
const CO_COROUTINE = 0x80;
const CO_ASYNC_GENERATOR = 0x200;

function codeFlags(s: Scope): number {
  if (!s.isFunctionLike) return 0;
  let flags = 0;
  if (s.hasVarargs) flags |= CO_VARARGS;
  if (s.hasVarkeywords) flags |= CO_VARKEYWORDS;
  if (s.nested) flags |= CO_NESTED;
  if (s.isGenerator) flags |= s.isCoroutine ? CO_ASYNC_GENERATOR : CO_GENERATOR;
  else if (s.isCoroutine) flags |= CO_COROUTINE;
  return flags;
}

function codeFacts(s: Scope, out: Set<string>): Set<string> {
  out.add(`${s.codeName}@${s.firstLineno} flags=${codeFlags(s)} cells=${s.cellvars.join(",")} free=${s.freevars.join(",")}`);
  for (const c of s.children) codeFacts(c, out);
  return out;
}

const EXTRA: Record<string, string> = {
  "async genexp in sync function": "def f(a):\n    return (await x for x in a)\n",
  "async genexp in async function": "async def f(a):\n    return (x async for x in a)\n",
  "await in comprehension makes it a coroutine": "async def f(a):\n    return [await x for x in a]\n",
  "nested async comprehension": "async def f(a):\n    return [[await x for x in y] for y in a]\n",
  "await in first iterator": "async def f(a):\n    return [x for x in await a]\n",
  "decorated class and function": "@d\nclass A:\n    @staticmethod\n    def m():\n        return __class__\n",
  "cell parameter": "def f(a, b):\n    return lambda: a\n",
};

describe("code-object facts match CPython's compiler", () => {
  const sources = { ...SYMTABLE_SNIPPETS, ...EXTRA };
  const names = Object.keys(sources);
  const requests = names.map((n) => ({ source: sources[n]! }));
  const asts = cpythonAsts(requests);
  const facts = cpythonCodeFacts(requests);
  for (const [i, name] of names.entries()) {
    it(name, () => {
      const ours = codeFacts(analyze(asts[i]!).top, new Set());
      // Code in dead branches is optimised away by CPython, so its set may be smaller.
      for (const fact of facts[i]!) expect(ours).toContain(fact);
    });
  }
});

describe("scope tree", () => {
  const source =
    "class C:\n    def m(self, a, /, b, *c, d, **e):\n        return super()\n" +
    "f = lambda x: [y for y in x] + list(z for z in x)\n" +
    "async def g():\n    yield 1\n";
  const mod = cpythonAsts([{ source }])[0]!;
  const table = analyze(mod);

  it("records kinds, names and parameters in order", () => {
    const [cls, lambda, g] = table.top.children;
    expect(cls!.kind).toBe("class");
    expect(cls!.needsClassClosure).toBe(true);
    expect(cls!.cellvars).toEqual(["__class__"]);
    const method = cls!.children[0]!;
    expect(method.params).toEqual(["self", "a", "b", "d", "c", "e"]);
    expect(method.lookup("__class__")!.resolution).toBe("free");
    expect(lambda!.kind).toBe("lambda");
    expect(lambda!.children.map((s) => [s.kind, s.name])).toEqual([["comprehension", "listcomp"], ["genexp", "genexpr"]]);
    expect(lambda!.children[0]!.params).toEqual([".0"]);
    expect([g!.isGenerator, g!.isCoroutine]).toEqual([true, true]);
  });

  it("maps each scope-opening node to its scope", () => {
    const cls = mod.body[0]!;
    expect(table.scopes.get(mod)).toBe(table.top);
    expect(table.scopes.get(cls as never)).toBe(table.top.children[0]);
    for (const scope of table.scopes.values()) expect(table.scopes.get(scope.node as never)).toBe(scope);
  });
});
