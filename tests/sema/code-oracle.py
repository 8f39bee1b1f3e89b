"""What CPython 3.11's compiler derives from its symbol tables, per code object, for the sema
tests: reads JSON lines {"source": TEXT}, writes for each a JSON list of
"NAME@FIRSTLINENO flags=F cells=A,B free=C" (flags masked to the scope-derived CO_* bits,
cell and free names sorted). Code objects in dead code are optimised away, so this is a
subset of the scopes.
"""
import json
import sys
import types

# CO_VARARGS, CO_VARKEYWORDS, CO_NESTED, CO_GENERATOR, CO_COROUTINE, CO_ASYNC_GENERATOR
MASK = 0x04 | 0x08 | 0x10 | 0x20 | 0x80 | 0x200


def walk(code, out):
    cells = ",".join(sorted(code.co_cellvars))
    free = ",".join(sorted(code.co_freevars))
    out.append(f"{code.co_name}@{code.co_firstlineno} flags={code.co_flags & MASK} cells={cells} free={free}")
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            walk(c, out)
    return out


for line in sys.stdin:
    code = compile(json.loads(line)["source"], "<test>", "exec", dont_inherit=True)
    sys.stdout.write(json.dumps(sorted(walk(code, []))) + "\n")
