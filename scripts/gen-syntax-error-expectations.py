#!/usr/bin/env python3
"""Record CPython 3.11's syntax error for every fixture in fixtures/syntax-errors/.

For each fixtures/syntax-errors/<name>.py this parses the file's bytes with

    ast.parse(source_bytes, filename="fixtures/syntax-errors/<name>.py")

and runs

    python3 fixtures/syntax-errors/<name>.py

with cwd = the repository root, and writes <name>.expected.json next to it:

    {"type": "SyntaxError" | "IndentationError" | "TabError",
     "msg": e.msg, "lineno": e.lineno, "offset": e.offset,
     "end_lineno": e.end_lineno, "end_offset": e.end_offset,
     "stderr": the exact text `python3 <relpath>` prints,
     "run_as_file": {...}}   (only when not empty, see below)

CPython 3.11 prints the main script's path absolutely; stderr has it rewritten
to the relative path. When CPython runs a file it tokenizes it with its file
tokenizer, which places a few errors differently from ast.parse (an error at
the end of the file gets offset 0, so no caret, where ast.parse gives the end
of the last line). "run_as_file" holds the attributes of the exception
`python3 <relpath>` raises that differ from ast.parse's (captured by running
the file a second time with a sys.excepthook that records them); "stderr"
reflects those.

Every fixture must be rejected by the parser (ast.parse); a fixture that parses,
or that only the compiler rejects (compile() after a successful ast.parse), is
an error. The script also checks that the last line of stderr names the same
exception class and message.

Usage:
    python3.11 scripts/gen-syntax-error-expectations.py [--check] [NAME.py ...]

  NAME.py...  only these fixtures
  --check     do not write; report fixtures whose recorded expectation differs
"""
import ast
import glob
import json
import os
import subprocess
import sys
import tempfile

if sys.version_info[:2] != (3, 11) or sys.implementation.name != "cpython":
    sys.exit(
        "gen-syntax-error-expectations.py must run under CPython 3.11 "
        f"(this is {sys.implementation.name} {sys.version.split()[0]}): "
        "the expectations are CPython 3.11's errors"
    )

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = "fixtures/syntax-errors"
FIELDS = ("type", "msg", "lineno", "offset", "end_lineno", "end_offset")

HOOK = """\
import json, os, sys
def _hook(t, e, tb):
    if isinstance(e, SyntaxError):
        with open(os.environ["MOLT_SYNTAX_ERROR_OUT"], "w", encoding="utf-8") as f:
            json.dump({"type": t.__name__, "msg": e.msg, "lineno": e.lineno, "offset": e.offset,
                       "end_lineno": e.end_lineno, "end_offset": e.end_offset}, f)
    sys.__excepthook__(t, e, tb)
sys.excepthook = _hook
"""


def clean_env():
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONDONTWRITEBYTECODE="1")
    for var in ("PYTHONSTARTUP", "PYTHONPATH", "PYTHONWARNINGS", "PYTHONHOME"):
        env.pop(var, None)
    return env


def run_as_file(relpath):
    """The attributes of the SyntaxError `python3 relpath` raises."""
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "sitecustomize.py"), "w", encoding="utf-8") as f:
            f.write(HOOK)
        out = os.path.join(tmp, "error.json")
        env = dict(clean_env(), PYTHONPATH=tmp, MOLT_SYNTAX_ERROR_OUT=out)
        subprocess.run([sys.executable, relpath], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=10)
        with open(out, encoding="utf-8") as f:
            return json.load(f)


def expectation(relpath):
    with open(os.path.join(ROOT, relpath), "rb") as f:
        source = f.read()
    try:
        ast.parse(source, filename=relpath)
    except SyntaxError as e:
        err = e
    else:
        try:
            compile(source, relpath, "exec")
        except SyntaxError as e:
            raise SystemExit(f"{relpath}: only the compiler rejects this ({e.msg}); it is not a parse error")
        raise SystemExit(f"{relpath}: CPython accepts this file")

    proc = subprocess.run(
        [sys.executable, relpath],
        cwd=ROOT,
        env=clean_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=10,
    )
    stderr = proc.stderr.decode("utf-8")
    abs_prefix = f'  File "{os.path.join(ROOT, relpath)}", '
    if stderr.startswith(abs_prefix):
        stderr = f'  File "{relpath}", ' + stderr[len(abs_prefix):]
    if proc.returncode == 0 or proc.stdout:
        raise SystemExit(f"{relpath}: expected python3 to fail at compile time without output")
    last = stderr.rstrip("\n").split("\n")[-1]
    want = f"{type(err).__name__}: {err.msg}"
    if not last.startswith(want):
        raise SystemExit(f"{relpath}: stderr ends with {last!r}, ast.parse said {want!r}")

    data = {
        "type": type(err).__name__,
        "msg": err.msg,
        "lineno": err.lineno,
        "offset": err.offset,
        "end_lineno": err.end_lineno,
        "end_offset": err.end_offset,
        "stderr": stderr,
    }
    as_file = run_as_file(relpath)
    differ = {k: as_file[k] for k in FIELDS if as_file[k] != data[k]}
    if differ:
        data["run_as_file"] = differ
    return data


def main(argv):
    check = "--check" in argv
    names = [a for a in argv if a != "--check"]
    if names:
        paths = [f"{FIXTURES}/{os.path.basename(n)}" for n in names]
    else:
        paths = sorted(
            os.path.relpath(p, ROOT).replace(os.sep, "/")
            for p in glob.glob(os.path.join(ROOT, FIXTURES, "*.py"))
        )
        # Expectations whose fixture is gone.
        for stale in glob.glob(os.path.join(ROOT, FIXTURES, "*.expected.json")):
            if not os.path.exists(stale[: -len(".expected.json")] + ".py"):
                if check:
                    print(f"stale: {os.path.relpath(stale, ROOT)}")
                else:
                    os.remove(stale)

    differ = 0
    for relpath in paths:
        data = expectation(relpath)
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        out = os.path.join(ROOT, relpath[: -len(".py")] + ".expected.json")
        if check:
            old = open(out, encoding="utf-8").read() if os.path.exists(out) else None
            if old != text:
                differ += 1
                print(f"differs: {relpath}")
        else:
            with open(out, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
    print(f"{len(paths)} fixtures" + (f", {differ} differ" if check else " written"))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
