#!/usr/bin/env python3
"""Reads cmake/variants.txt, the build variants declared once (its header
says what each field means), for test/lit.cfg.py, scripts/check and
bench/run. CMake reads the same file with cmake/GenrefVariants.cmake.

    scripts/genref_variants.py passes        the pass names, one a line
    scripts/genref_variants.py describe P    one line: pass P's layout, mode,
                                             runtimes and tests
"""
import os
import sys

TABLE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                     "cmake", "variants.txt")
MODES = ("resilient", "normal", "fast")


class Layout:
    def __init__(self, name, define, bench, default):
        self.name, self.define, self.bench, self.default = name, define, bench, default


class Runtime:
    def __init__(self, name, layout, gen, sanitizer, link):
        self.name, self.layout, self.gen = name, layout, gen
        self.sanitizer, self.link = sanitizer, link

    def role(self):
        """The lit name's suffix: '' for the layout's runtime, else _gen4,
        _tsan, _asan, _shared or a combination."""
        s = ""
        if self.gen != "full":
            s += "_gen" + self.gen
        if self.sanitizer == "thread":
            s += "_tsan"
        if self.sanitizer == "address":
            s += "_asan"
        if self.link == "shared":
            s += "_shared"
        return s

    def file_name(self):
        if self.link == "shared":
            base = self.name[:-len("_shared")] if self.name.endswith("_shared") else self.name
            return "lib%s.so" % base
        return "lib%s.a" % self.name


class Pass:
    def __init__(self, name, layout, mode, tests):
        self.name, self.layout, self.mode, self.tests = name, layout, mode, tests

    def excludes(self, subdirs):
        """The test/ subdirectories this pass leaves out, of subdirs."""
        if self.tests and self.tests[0] == "all":
            return [d for d in subdirs if "-" + d in self.tests[1:]]
        return [d for d in subdirs if d not in self.tests]


class Variants:
    def __init__(self, path=TABLE):
        self.layouts, self.runtimes, self.passes = [], [], []
        with open(path) as f:
            for n, line in enumerate(f, 1):
                fields = line.split("#", 1)[0].split()
                if not fields:
                    continue
                kind, rest = fields[0], fields[1:]
                if kind == "layout" and len(rest) in (3, 4):
                    self.layouts.append(Layout(rest[0], None if rest[1] == "-" else rest[1],
                                               rest[2], rest[3:] == ["default"]))
                elif kind == "runtime" and len(rest) == 5:
                    self.runtimes.append(Runtime(*rest))
                elif kind == "pass" and len(rest) >= 4:
                    self.passes.append(Pass(rest[0], rest[1], rest[2], rest[3:]))
                else:
                    raise ValueError("%s:%d: bad record: %s" % (path, n, line.strip()))
        names = [l.name for l in self.layouts]
        for r in self.runtimes:
            if r.layout not in names:
                raise ValueError("%s: runtime %s: unknown layout %s" % (path, r.name, r.layout))
        for p in self.passes:
            if p.layout not in names or p.mode not in MODES:
                raise ValueError("%s: pass %s: bad layout or mode" % (path, p.name))

    def layout(self, name):
        return next((l for l in self.layouts if l.name == name), None)

    def default_layout(self):
        return next(l for l in self.layouts if l.default)

    def runtimes_of(self, layout):
        return [r for r in self.runtimes if r.layout == layout]

    def pass_named(self, name):
        return next((p for p in self.passes if p.name == name), None)


if __name__ == "__main__":
    v = Variants()
    if sys.argv[1:] == ["passes"]:
        for p in v.passes:
            print(p.name)
    elif len(sys.argv) == 3 and sys.argv[1] == "describe" and v.pass_named(sys.argv[2]):
        p = v.pass_named(sys.argv[2])
        rts = ", ".join("%%rt%s %s" % (r.role(), r.file_name()) for r in v.runtimes_of(p.layout))
        print("== lit, pass %s: layout %s, mode %s, tests %s; runtimes: %s"
              % (p.name, p.layout, p.mode, " ".join(p.tests), rts))
    else:
        sys.exit(__doc__)
