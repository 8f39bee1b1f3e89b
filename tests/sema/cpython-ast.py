"""CPython 3.11's AST of each input as JSON shaped like src/compiler/syntax/ast.ts, so the sema
tests can run on CPython's own trees (isolating semantic analysis from the parser).

Reads JSON lines {"path": FILE} or {"source": TEXT} from stdin; writes one JSON line each:
{"ast": MODULE} or {"error": MESSAGE}. Constants that JSON cannot carry are tagged objects:
{"$int": "123"}, {"$float": "1.5"}, {"$imag": "2.0"}, {"$bytes": [1, 2]}, {"$ellipsis": true}.
"""
import ast
import json
import sys
import warnings


def constant(v):
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return {"$int": str(v)}
    if isinstance(v, float):
        return {"$float": repr(v)}
    if isinstance(v, complex):
        return {"$imag": repr(v.imag)}
    if isinstance(v, bytes):
        return {"$bytes": list(v)}
    if v is Ellipsis:
        return {"$ellipsis": True}
    raise TypeError(type(v))


def node(n):
    if isinstance(n, list):
        return [node(x) for x in n]
    if not isinstance(n, ast.AST):
        return n
    if not n._fields and not n._attributes:
        return type(n).__name__  # operators and contexts
    out = {"nodeType": type(n).__name__}
    for f in n._fields:
        v = getattr(n, f, None)
        out[f] = constant(v) if isinstance(n, ast.Constant) and f == "value" else node(v)
    for a in n._attributes:
        out[a] = getattr(n, a, None)
    return out


def main():
    warnings.simplefilter("ignore")
    sys.setrecursionlimit(10000)
    for line in sys.stdin:
        request = json.loads(line)
        try:
            if "path" in request:
                with open(request["path"], "rb") as f:
                    tree = ast.parse(f.read(), request["path"])
            else:
                tree = ast.parse(request["source"], "<test>")
            out = {"ast": node(tree)}
        except (SyntaxError, ValueError) as e:
            out = {"error": str(e)}
        sys.stdout.write(json.dumps(out) + "\n")


main()
