"""CPython's side of the parser check: for each file named on stdin (one per line), print one
JSON line with what `molt ast` must print for it. Used by scripts/check-parser.ts."""
import ast
import json
import sys

for line in sys.stdin:
    path = line.rstrip("\n")
    with open(path, "rb") as f:
        source = f.read()
    try:
        tree = ast.parse(source, filename=path)
        out = {"file": path, "dump": ast.dump(tree, include_attributes=True)}
    except SyntaxError as e:
        out = {"file": path, "error": type(e).__name__, "msg": e.msg, "lineno": e.lineno, "offset": e.offset}
    print(json.dumps(out))
