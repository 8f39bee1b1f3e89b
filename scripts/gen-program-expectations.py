#!/usr/bin/env python3
"""Record CPython 3.11's output for every differential test program.

For each fixtures/programs/<feature>/<name>.py (files directly inside a feature
folder; helper modules live in sub-folders and are not run), this runs

    python3 -X int_max_str_digits=4300 fixtures/programs/<feature>/<name>.py

with cwd = the repository root, PYTHONHASHSEED=0, stdin from /dev/null and a
10 s timeout, and writes <name>.expected.json next to it:

    {"stdout": ..., "stderr": ..., "stderr_no_carets": ..., "exit": N}

Absolute paths to the repository (CPython prints them in tracebacks: the main
script's and imported modules' code objects carry absolute file names) are
rewritten to repo-relative ones, so the files are machine-independent.
"stderr_no_carets" is stderr without the lines made only of ^ and ~ that
CPython 3.11 prints under the failing expression.

Programs whose first line is "# molt: refuse" use a feature Molt refuses at
compile time (eval, exec, ...); their JSON also has "molt_refuse": true and
"refused_feature" (taken from a "# refused feature: NAME" line near the top).
CPython's own output is still recorded.

Usage:
    python3.11 scripts/gen-program-expectations.py [--check] [--seeds] [PATH...]

  PATH...   only these programs (files or feature folders)
  --check   do not write; report programs whose recorded expectation differs
  --seeds   also run each program with PYTHONHASHSEED=1 and 4242 and report
            any output that depends on the hash seed (it must not)

Sanity warnings are printed for: a program outside tracebacks/, errors_runtime/
and compile_errors/ that exits non-zero or writes to stderr; a program in those
folders that exits 0; a program that takes more than 1 s.
"""
import json
import os
import re
import subprocess
import sys
import time

if sys.version_info[:2] != (3, 11):
    sys.exit(
        "gen-program-expectations.py must run under CPython 3.11 "
        f"(this is {sys.version.split()[0]}): the expectations are CPython 3.11's output"
    )
if sys.implementation.name != "cpython":
    sys.exit("gen-program-expectations.py must run under CPython 3.11, not " + sys.implementation.name)

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS = os.path.join("fixtures", "programs")
TIMEOUT = 10.0
ERROR_FOLDERS = {"tracebacks", "errors_runtime", "compile_errors"}
CARET_LINE = re.compile(r"^[ \t]*[\^~]+[ \t]*$")
REFUSED_FEATURE = re.compile(r"^#\s*refused feature:\s*(\S+)")


def program_files():
    root = os.path.join(REPO, PROGRAMS)
    out = []
    for feature in sorted(os.listdir(root)):
        fdir = os.path.join(root, feature)
        if not os.path.isdir(fdir):
            continue
        for name in sorted(os.listdir(fdir)):
            full = os.path.join(fdir, name)
            if name.endswith(".py") and os.path.isfile(full):
                out.append(os.path.join(PROGRAMS, feature, name))
    return out


def normalise_paths(text):
    prefixes = {REPO, os.path.realpath(REPO)}
    for p in sorted(prefixes, key=len, reverse=True):
        text = text.replace(p + os.sep, "")
    return text


def strip_carets(text):
    lines = text.splitlines(keepends=True)
    return "".join(l for l in lines if not CARET_LINE.match(l.rstrip("\r\n")))


def run(rel, seed="0"):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONHASHSEED"] = seed
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["LC_ALL"] = "C.UTF-8"
    cmd = [sys.executable, "-X", "int_max_str_digits=4300", rel]
    t0 = time.monotonic()
    try:
        p = subprocess.run(
            cmd, cwd=REPO, env=env, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return None, time.monotonic() - t0
    dt = time.monotonic() - t0
    stdout = normalise_paths(p.stdout.decode("utf-8", "surrogateescape"))
    stderr = normalise_paths(p.stderr.decode("utf-8", "surrogateescape"))
    return {"stdout": stdout, "stderr": stderr, "stderr_no_carets": strip_carets(stderr),
            "exit": p.returncode}, dt


def refuse_info(rel):
    with open(os.path.join(REPO, rel), encoding="utf-8") as f:
        head = f.read().splitlines()[:5]
    if not head or head[0].strip() != "# molt: refuse":
        return None
    for line in head[1:]:
        m = REFUSED_FEATURE.match(line.strip())
        if m:
            return m.group(1)
    return ""


def main(argv):
    check = "--check" in argv
    seeds = "--seeds" in argv
    wanted = [a for a in argv if not a.startswith("--")]
    files = program_files()
    if wanted:
        norm = [os.path.normpath(os.path.relpath(os.path.abspath(w), REPO)) for w in wanted]
        files = [f for f in files if any(f == w or f.startswith(w + os.sep) for w in norm)]
    warnings = []
    mismatches = 0
    counts = {}
    for rel in files:
        feature = rel.split(os.sep)[2]
        counts[feature] = counts.get(feature, 0) + 1
        result, dt = run(rel)
        if result is None:
            warnings.append(f"{rel}: timed out after {TIMEOUT:.0f} s")
            continue
        if dt > 1.0:
            warnings.append(f"{rel}: took {dt:.2f} s")
        refused = refuse_info(rel)
        if refused is not None:
            result["molt_refuse"] = True
            result["refused_feature"] = refused
        if feature in ERROR_FOLDERS:
            if result["exit"] == 0:
                warnings.append(f"{rel}: exits 0 but is in {feature}/")
        elif result["exit"] != 0 or result["stderr"]:
            warnings.append(f"{rel}: exit {result['exit']}, stderr: {result['stderr'][-300:]!r}")
        if seeds:
            for s in ("1", "4242"):
                other, _ = run(rel, s)
                if other is None or any(other[k] != result[k] for k in ("stdout", "stderr", "exit")):
                    warnings.append(f"{rel}: output depends on PYTHONHASHSEED (seed {s})")
                    break
        out_path = os.path.join(REPO, rel[:-3] + ".expected.json")
        text = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
        if check:
            try:
                with open(out_path, encoding="utf-8") as f:
                    old = f.read()
            except FileNotFoundError:
                old = None
            if old != text:
                mismatches += 1
                print(f"differs: {rel}")
        else:
            with open(out_path, "w", encoding="utf-8") as f:
                f.write(text)
    if not wanted and not check:
        # Remove expectations whose program is gone.
        root = os.path.join(REPO, PROGRAMS)
        for dirpath, _, names in os.walk(root):
            for n in names:
                if n.endswith(".expected.json") and not os.path.exists(os.path.join(dirpath, n[:-14] + ".py")):
                    os.remove(os.path.join(dirpath, n))
                    print(f"removed stale {os.path.relpath(os.path.join(dirpath, n), REPO)}")
    for w in warnings:
        print("warning:", w)
    for feature in sorted(counts):
        print(f"{feature:20} {counts[feature]:4}")
    print(f"{'total':20} {sum(counts.values()):4}")
    if check and mismatches:
        print(f"{mismatches} expectation(s) differ")
        return 1
    return 1 if warnings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
