"""CPython 3.11's symbol tables and compile-time errors, as JSON, for the sema tests.

Reads JSON lines from stdin, each {"path": FILE} or {"source": TEXT}, and writes one JSON line
per input:

    {"table": TABLE}                   the symbol table, compile() accepted the code
    {"table": TABLE, "error": ERROR}   the symbol table, then compile() raised
    {"error": ERROR}                   parsing or the symbol table raised

TABLE = {"type", "name", "lineno", "nested", "params", "symbols", "children"}, where symbols
maps each name (sorted: CPython's order for names propagated from children follows set
iteration, which depends on string hashing) to "SCOPE FLAG,FLAG...", the raw scope and DEF_*
bits behind every `symtable.Symbol` predicate. ERROR = {"type", "msg", "lineno", "offset",
"end_lineno", "end_offset"}. Must print exactly what src/compiler/sema/symtable-json.ts prints.
"""
import _symtable
import json
import sys
import warnings

SCOPES = {1: "LOCAL", 2: "GLOBAL_EXPLICIT", 3: "GLOBAL_IMPLICIT", 4: "FREE", 5: "CELL"}
FLAGS = [
    (1, "DEF_GLOBAL"), (2, "DEF_LOCAL"), (4, "DEF_PARAM"), (8, "DEF_NONLOCAL"), (16, "USE"),
    (32, "DEF_FREE"), (64, "DEF_FREE_CLASS"), (128, "DEF_IMPORT"), (256, "DEF_ANNOT"),
    (512, "DEF_COMP_ITER"),
]
TYPES = {_symtable.TYPE_FUNCTION: "function", _symtable.TYPE_CLASS: "class", _symtable.TYPE_MODULE: "module"}


def symbol(flags):
    scope = SCOPES.get((flags >> _symtable.SCOPE_OFF) & _symtable.SCOPE_MASK, "NONE")
    return scope + " " + ",".join(name for bit, name in FLAGS if flags & bit)


def table(t):
    return {
        "type": TYPES.get(t.type, "annotation"),
        "name": t.name,
        "lineno": t.lineno,
        "nested": bool(t.nested),
        "params": list(t.varnames),
        "symbols": {name: symbol(t.symbols[name]) for name in sorted(t.symbols)},
        "children": [table(c) for c in t.children],
    }


def error(e):
    return {
        "type": type(e).__name__,
        "msg": getattr(e, "msg", str(e)),
        "lineno": getattr(e, "lineno", None),
        "offset": getattr(e, "offset", None),
        "end_lineno": getattr(e, "end_lineno", None),
        "end_offset": getattr(e, "end_offset", None),
    }


def answer(source, filename):
    try:
        top = _symtable.symtable(source, filename, "exec")
    except (SyntaxError, ValueError) as e:
        return {"error": error(e)}
    result = {"table": table(top)}
    try:
        compile(source, filename, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as e:
        result["error"] = error(e)
    return result


def main():
    warnings.simplefilter("ignore")
    sys.setrecursionlimit(10000)
    for line in sys.stdin:
        request = json.loads(line)
        if "path" in request:
            with open(request["path"], "rb") as f:
                out = answer(f.read(), request["path"])
        else:
            out = answer(request["source"], "<test>")
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


main()
