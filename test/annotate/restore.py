#!/usr/bin/env python3
"""restore.py - does genref-annotate find the hand annotations again?

For every annotated program of examples/ and bench/: strip GR_WEAKABLE,
GR_REF and GR_WEAK (code only, not comments or strings), run
genref-annotate --apply-weak on the stripped copy, and compare the tokens it
inserts with the hand-written ones, position by position (a second run
must change nothing). Then build the
restored program with genref-cc and check that it prints what the original
prints and that its injected use-after-free (-DGENREF_DEMO_BUG, -DINJECT_UAF)
is reported as the original's is, in resilient and normal mode.

    restore.py --build BUILD --work DIR [--layout L] [--modes resilient,normal]
               [--min-rate 95] [--no-run] [--verbose]

Prints one line per program (hand annotations, restored, missed, extra),
each miss and extra with its line, then "restore rate: N/M = P%". Exit
status 1 if the rate is below --min-rate or a build, run or bug check fails.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOKEN = re.compile(r"\bGR_(WEAKABLE|REF|WEAK)\b")
# program -> (source, run arguments file, bug macro)
PROGRAMS = [
    ("examples/eventbus/eventbus.c", None, "GENREF_DEMO_BUG"),
    ("bench/binarytrees/binarytrees.c", "bench/binarytrees/quick.args", "INJECT_UAF"),
    ("bench/events/events.c", "bench/events/quick.args", "INJECT_UAF"),
    ("bench/graph/graph.c", "bench/graph/quick.args", "INJECT_UAF"),
    ("bench/hashtable/hashtable.c", "bench/hashtable/quick.args", "INJECT_UAF"),
    ("bench/roguelike/roguelike.c", "bench/roguelike/quick.args", "INJECT_UAF"),
    ("bench/treeadd/treeadd.c", "bench/treeadd/quick.args", "INJECT_UAF"),
]


def code_spans(text):
    """Yield (start, end) of the text outside comments, strings, character
    constants and preprocessor lines."""
    i, n, start = 0, len(text), 0
    line_start = True
    while i < n:
        c = text[i]
        if line_start and c == "#":
            yield start, i
            while i < n and text[i] != "\n":
                i += 2 if text[i] == "\\" else 1
            start = i
            continue
        if c == "\n":
            line_start = True
            i += 1
            continue
        if not c.isspace():
            line_start = False
        if text.startswith("/*", i):
            yield start, i
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            start = i
        elif text.startswith("//", i):
            yield start, i
            j = text.find("\n", i)
            i = n if j < 0 else j
            start = i
        elif c in "\"'":
            yield start, i
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            start = i
        else:
            i += 1
    yield start, n


def strip(text):
    """The text without annotations, and the annotations as
    (offset in the stripped text, token)."""
    out, found, at = [], [], 0
    for s, e in code_spans(text):
        out.append(text[at:s])
        chunk, pos = text[s:e], 0
        for m in TOKEN.finditer(chunk):
            a, b = m.start(), m.end()
            if b < len(chunk) and chunk[b] == " ":
                b += 1
            elif a > 0 and chunk[a - 1] == " ":
                a -= 1
            out.append(chunk[pos:a])
            found.append((sum(len(x) for x in out), m.group(0)))
            pos = b
        out.append(chunk[pos:])
        at = e
    out.append(text[at:])
    return "".join(out), found


def line_of(text, off):
    return text.count("\n", 0, off) + 1


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, **kw)


def check_build(cc, flags, src, path, d, name, mode, argv, bug):
    """The restored program prints what the original prints, and its
    injected use-after-free is reported."""
    outs = {}
    for label, file in (("original", os.path.join(ROOT, src)), ("restored", path)):
        exe = os.path.join(d, "%s.%s.%s" % (name, label, mode))
        b = run(cc + ["-O1"] + flags + [file, "-o", exe])
        if b.returncode != 0:
            print("%s: the %s build (%s) failed:\n%s" % (name, label, mode, b.stderr))
            return False
        p = run([exe] + argv)
        outs[label] = (p.returncode, p.stdout)
    if outs["original"] != outs["restored"]:
        print("%s: the restored program's output differs (%s)" % (name, mode))
        return False
    # The injected bug: reported as the original reports it (normal mode
    # finds some at the free, as a dangling-reference).
    kinds = {}
    for label, file in (("original", os.path.join(ROOT, src)), ("restored", path)):
        exe = os.path.join(d, "%s.%s.bug.%s" % (name, label, mode))
        b = run(cc + ["-O1", "-D" + bug] + flags + [file, "-o", exe])
        p = run([exe] + argv) if b.returncode == 0 else None
        m = re.search(r"ERROR: genref: (\S+)", p.stderr) if p and p.returncode else None
        kinds[label] = m.group(1) if m else None
    if not kinds["restored"] or kinds["restored"] != kinds["original"]:
        print("%s: the injected bug (-D%s, %s) is reported as %s, the original's as %s"
              % (name, bug, mode, kinds["restored"], kinds["original"]))
        return False
    return True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--min-rate", type=float, default=95.0)
    ap.add_argument("--no-run", action="store_true", help="compare only, build nothing")
    ap.add_argument("--layout", help="genref-cc --layout (the default layout without it)")
    ap.add_argument("--modes", default="resilient,normal",
                    help="genref-cc modes to build and compare in")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    a.build, a.work = os.path.abspath(a.build), os.path.abspath(a.work)
    annotate = os.path.join(a.build, "bin", "genref-annotate")
    cc = [os.path.join(a.build, "bin", "genref-cc")]
    if a.layout:
        cc.append("--layout=" + a.layout)
    flags = ["-std=c11", "-I" + os.path.join(ROOT, "annotations")]
    total = matched = 0
    failed = []
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    for src, args_file, bug in PROGRAMS:
        name = os.path.splitext(os.path.basename(src))[0]
        orig = open(os.path.join(ROOT, src)).read()
        bare, hand = strip(orig)
        d = os.path.join(a.work, name)
        os.makedirs(d)
        path = os.path.join(d, name + ".c")
        with open(path, "w") as f:
            f.write(bare)
        r = run([annotate, "--apply-weak", "--verify", path, "--"] + flags, cwd=d)
        if r.returncode != 0:
            print("%s: genref-annotate failed:\n%s" % (name, r.stderr))
            failed.append(name)
            continue
        if a.verbose:
            sys.stdout.write(r.stderr)
        restored = open(path).read()
        r2 = run([annotate, "--apply-weak", path, "--"] + flags, cwd=d)
        if r2.returncode != 0 or open(path).read() != restored:
            print("%s: a second run changed the restored program" % name)
            failed.append(name)
        again, tool = strip(restored)
        if again != bare:
            print("%s: the tool changed more than annotation tokens" % name)
            failed.append(name)
        hs, ts = set(hand), set(tool)
        miss = sorted(hs - ts)
        extra = sorted(ts - hs)
        total += len(hs)
        matched += len(hs & ts)
        print("%-12s hand %3d  restored %3d  missed %2d  extra %2d" %
              (name, len(hs), len(hs & ts), len(miss), len(extra)))
        for tag, items in (("missed", miss), ("extra", extra)):
            for off, tok in items:
                ln = line_of(bare, off)
                text = bare.splitlines()[ln - 1].strip()
                print("    %s %s at line %d: %s" % (tag, tok, ln, text))
        if a.no_run:
            continue
        # Same output as the hand-annotated original, bug still caught.
        argv = open(os.path.join(ROOT, args_file)).read().split() if args_file else []
        for mode in a.modes.split(","):
            if not check_build(cc + ["--mode=" + mode], flags, src, path, d, name, mode,
                               argv, bug):
                failed.append(name)
    rate = 100.0 * matched / total if total else 0.0
    print("restore rate: %d/%d = %.1f%%" % (matched, total, rate))
    if failed:
        print("failed: " + ", ".join(sorted(set(failed))))
    return 0 if rate >= a.min_rate and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
