/**
 * Differential evaluation of small Python expressions against the bare runtime, without the
 * compiler: CPython parses each expression (ast) into a JSON tree of literals, builtin names,
 * attribute loads, calls (with keywords), subscripts and binary operators, and evaluates it
 * for the expected repr (or "Type: message") and printed output; the tree is then evaluated
 * on the runtime through rt_builtin, rt_call, rt_getattr, rt_getitem and the operators.
 */
import { pythonJson } from "./oracle.js";
import { ERR, FALSE, NONE, TRUE, type Runtime } from "./harness.js";

type Node =
  | { int: string }
  | { float: string }
  | { str: string }
  | { const: "None" | "True" | "False" | "Ellipsis" }
  | { list: Node[] }
  | { tuple: Node[] }
  | { set: Node[] }
  | { dict: [Node, Node][] }
  | { name: string }
  | { attr: [Node, string] }
  | { call: Node; args: Node[]; kw: [string, Node][] }
  | { subscript: [Node, Node] }
  | { slice: [Node | null, Node | null, Node | null] }
  | { binop: [string, Node, Node] }
  | { unary: [string, Node] }
  | { compare: [string, Node, Node] };

export interface Case {
  src: string;
  tree: Node;
  /** repr(result), or "Type: message" if it raised. */
  want: string;
  stdout: string;
}

const PARSER = String.raw`
import ast, json, sys, io, contextlib, builtins
def enc(n):
    if isinstance(n, ast.Constant):
        v = n.value
        if v is None or v is True or v is False or v is Ellipsis: return {"const": repr(v)}
        if isinstance(v, int): return {"int": str(v)}
        if isinstance(v, float): return {"float": repr(v)}
        if isinstance(v, str): return {"str": v}
        raise ValueError(repr(v))
    if isinstance(n, ast.List): return {"list": [enc(e) for e in n.elts]}
    if isinstance(n, ast.Tuple): return {"tuple": [enc(e) for e in n.elts]}
    if isinstance(n, ast.Set): return {"set": [enc(e) for e in n.elts]}
    if isinstance(n, ast.Dict): return {"dict": [[enc(k), enc(v)] for k, v in zip(n.keys, n.values)]}
    if isinstance(n, ast.Name): return {"name": n.id}
    if isinstance(n, ast.Attribute): return {"attr": [enc(n.value), n.attr]}
    if isinstance(n, ast.Call): return {"call": enc(n.func), "args": [enc(a) for a in n.args], "kw": [[k.arg, enc(k.value)] for k in n.keywords]}
    if isinstance(n, ast.Subscript): return {"subscript": [enc(n.value), enc(n.slice)]}
    if isinstance(n, ast.Slice): return {"slice": [enc(x) if x is not None else None for x in (n.lower, n.upper, n.step)]}
    if isinstance(n, ast.BinOp): return {"binop": [type(n.op).__name__, enc(n.left), enc(n.right)]}
    if isinstance(n, ast.UnaryOp):
        if isinstance(n.op, ast.USub) and isinstance(n.operand, ast.Constant) and type(n.operand.value) in (int, float):
            return enc(ast.Constant(-n.operand.value))
        return {"unary": [type(n.op).__name__, enc(n.operand)]}
    if isinstance(n, ast.Compare) and len(n.ops) == 1:
        return {"compare": [type(n.ops[0]).__name__, enc(n.left), enc(n.comparators[0])]}
    raise ValueError(ast.dump(n))
out = []
request = json.load(sys.stdin)
env = {"__builtins__": builtins}
exec(request["prelude"], env)
for src in request["sources"]:
    tree = enc(ast.parse(src, mode="eval").body)
    buf = io.StringIO()
    try:
        with contextlib.redirect_stdout(buf):
            want = repr(eval(src, env))
    except BaseException as e:
        want = f"{type(e).__name__}: {e}"
    out.append({"src": src, "tree": tree, "want": want, "stdout": buf.getvalue()})
print(json.dumps(out))
`;

/** CPython's parse and result for each expression (after running `prelude`, e.g. defs). */
export function pythonCases(sources: string[], prelude = ""): Case[] {
  return pythonJson<Case[]>(PARSER, JSON.stringify({ sources, prelude }));
}

/** Names the expressions may use besides builtins (new references are taken by evaluate). */
let environment = new Map<string, bigint>();
export function setEnvironment(env: Map<string, bigint>): void {
  environment = env;
}

const BINOPS: Record<string, string> = {
  Add: "rt_add", Sub: "rt_sub", Mult: "rt_mul", Div: "rt_truediv", FloorDiv: "rt_floordiv", Mod: "rt_mod",
  Pow: "rt_pow", LShift: "rt_lshift", RShift: "rt_rshift", BitOr: "rt_or", BitXor: "rt_xor", BitAnd: "rt_and",
  MatMult: "rt_matmul",
};
const UNARY: Record<string, string> = { USub: "rt_neg", UAdd: "rt_pos", Invert: "rt_invert", Not: "rt_not" };
const COMPARE: Record<string, string> = {
  Eq: "rt_eq", NotEq: "rt_ne", Lt: "rt_lt", LtE: "rt_le", Gt: "rt_gt", GtE: "rt_ge", In: "rt_contains",
  NotIn: "rt_not_contains", Is: "rt_is", IsNot: "rt_is_not",
};

class Raised extends Error {}

/** Evaluates trees in order; if one raises, releases the values already made. */
function evaluateAll(rt: Runtime, nodes: Node[]): bigint[] {
  const out: bigint[] = [];
  try {
    for (const n of nodes) out.push(evaluate(rt, n));
  } catch (e) {
    out.forEach((v) => rt.decref(v));
    throw e;
  }
  return out;
}

/** Evaluates a tree on the runtime; throws Raised when the runtime raised (left pending). */
export function evaluate(rt: Runtime, n: Node): bigint {
  const x = rt.x;
  const ok = (v: bigint): bigint => {
    if (v === ERR) throw new Raised();
    return v;
  };
  const vector = (vals: bigint[]): number => {
    const p = x.rt_alloc_bytes!(Math.max(8, vals.length * 8)) as number;
    new BigInt64Array(x.memory.buffer, p, vals.length).set(vals);
    return p;
  };
  if ("int" in n) return rt.int(BigInt(n.int));
  if ("float" in n) return rt.float(n.float === "inf" ? Infinity : n.float === "-inf" ? -Infinity : n.float === "nan" ? NaN : Number(n.float));
  if ("str" in n) return rt.str(n.str);
  if ("const" in n) {
    if (n.const === "Ellipsis") return evaluate(rt, { name: "Ellipsis" });
    return n.const === "None" ? NONE : n.const === "True" ? TRUE : FALSE;
  }
  if ("list" in n || "tuple" in n || "set" in n) {
    const kind = "list" in n ? "list" : "tuple" in n ? "tuple" : "set";
    const items = evaluateAll(rt, "list" in n ? n.list : "tuple" in n ? n.tuple : n.set);
    return ok(rt.build(kind, items));
  }
  if ("dict" in n) {
    const flat = evaluateAll(rt, n.dict.flat());
    const p = vector(flat);
    const d = x.rt_build_dict!(p, flat.length) as bigint;
    x.rt_free_bytes!(p);
    return ok(d);
  }
  if ("name" in n) {
    const bound = environment.get(n.name);
    if (bound !== undefined) {
      x.rt_incref!(bound);
      return bound;
    }
    const name = rt.str(n.name);
    const v = x.rt_builtin!(name) as bigint;
    rt.decref(name);
    return ok(v);
  }
  if ("attr" in n) {
    const o = evaluate(rt, n.attr[0]);
    const name = rt.str(n.attr[1]);
    const r = x.rt_getattr!(o, name) as bigint;
    rt.decref(name);
    rt.decref(o);
    return ok(r);
  }
  if ("call" in n) {
    const [f, ...all] = evaluateAll(rt, [n.call, ...n.args, ...n.kw.map(([, v]) => v)]);
    const kwnames = n.kw.length === 0 ? NONE : rt.build("tuple", n.kw.map(([k]) => rt.str(k)));
    const p = vector(all);
    const r = x.rt_call!(f!, p, all.length, kwnames) as bigint;
    x.rt_free_bytes!(p);
    all.forEach((v) => rt.decref(v));
    rt.decref(kwnames);
    rt.decref(f!);
    return ok(r);
  }
  if ("subscript" in n) {
    const [o, k] = evaluateAll(rt, n.subscript) as [bigint, bigint];
    const r = x.rt_getitem!(o, k) as bigint;
    rt.decref(o);
    rt.decref(k);
    return ok(r);
  }
  if ("slice" in n) {
    const [a, b, c] = evaluateAll(rt, n.slice.map((e) => e ?? { const: "None" as const }));
    const r = x.rt_slice_new!(a!, b!, c!) as bigint;
    [a, b, c].forEach((v) => rt.decref(v!));
    return ok(r);
  }
  if ("binop" in n) {
    const [op, l, r] = n.binop;
    const [a, b] = evaluateAll(rt, [l, r]) as [bigint, bigint];
    const v = x[BINOPS[op]!]!(a, b) as bigint;
    rt.decref(a);
    rt.decref(b);
    return ok(v);
  }
  if ("unary" in n) {
    const a = evaluate(rt, n.unary[1]);
    const v = x[UNARY[n.unary[0]]!]!(a) as bigint;
    rt.decref(a);
    return ok(v);
  }
  const [op, l, r] = n.compare;
  const [a, b] = evaluateAll(rt, [l, r]) as [bigint, bigint];
  const v = x[COMPARE[op]!]!(a, b) as bigint;
  rt.decref(a);
  rt.decref(b);
  return ok(v);
}

/** Evaluates one case: the result as CPython's repr, or "Type: message", and the output. */
export function runCase(rt: Runtime, c: Case): { got: string; stdout: string } {
  let got: string;
  try {
    const v = evaluate(rt, c.tree);
    got = rt.repr(v);
    rt.decref(v);
  } catch (e) {
    if (!(e instanceof Raised)) throw e;
    got = rt.takeError();
  }
  return { got, stdout: rt.output().stdout };
}

/** Every case whose result or output differs from CPython's, as readable lines. */
export function mismatches(rt: Runtime, cases: Case[], allow: (c: Case, got: string) => boolean = () => false): string[] {
  const out: string[] = [];
  for (const c of cases) {
    const { got, stdout } = runCase(rt, c);
    // Addresses in reprs differ between processes.
    const address = (s: string) => s.replace(/ at 0x[0-9a-f]+/g, " at 0x…");
    if (address(got) !== address(c.want) && !allow(c, got)) out.push(`${c.src}\n    got:  ${got}\n    want: ${c.want}`);
    if (stdout !== c.stdout) out.push(`${c.src}\n    printed:  ${JSON.stringify(stdout)}\n    want:     ${JSON.stringify(c.stdout)}`);
  }
  return out;
}
