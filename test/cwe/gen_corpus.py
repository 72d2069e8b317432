#!/usr/bin/env python3
"""Writes the CWE-416/415-style corpus of test/cwe (issue 13's acceptance):
one test per buffer type, every flow variant in it, good and bad. Run it
from anywhere after editing TYPES or the templates; commit its output.
The files are ordinary lit tests: this script is not run by lit."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# tag, C type, what it is, allocation of `data`, statements filling `data`,
# SHOW(d): one printf statement on one line, and what it prints.
TYPES = [
    dict(tag="char", poke="$[0] = 'X';", T="char", what="a char string from strdup",
         alloc='strdup("cwe416-char")',
         fill=['data[6] = \'_\';'],
         show='printf("%s %zu %c\\n", $, strlen($), $[1]);',
         out="cwe416_char 11 w"),
    dict(tag="wchar", poke='wcscpy($, L"late");', T="wchar_t", what="a wchar_t string from calloc",
         alloc="calloc(N, sizeof *data)",
         fill=['wcscpy(data, L"cwe416-wide");', "data[6] = L'_';"],
         show='printf("%ls %zu %lc\\n", $, wcslen($), (wint_t)$[2]);',
         out="cwe416_wide 11 e"),
    dict(tag="int", poke='*$ = 1;', T="int", what="an int buffer walked by r++",
         alloc="malloc(N * sizeof *data)",
         fill=["int *GR_REF p;", "int v = 0;", "/* (data + N): see cwe_compare_arith.c */", "for (p = data; p < (data + N); p++)",
               "  *p = v++ * 3;"],
         show='printf("%d %d %d %td\\n", $[0], $[5], *($ + N - 1), ($ + N) - $);',
         out="0 15 45 16"),
    dict(tag="long", poke='$[1] += 5;', T="long", what="a long buffer by subscript",
         alloc="malloc(N * sizeof *data)",
         fill=["int i;", "for (i = 0; i < N; i++)", "  data[i] = (long)i * 100000L;"],
         show='printf("%ld %ld\\n", $[1], $[N - 1]);',
         out="100000 1500000"),
    dict(tag="int64", poke='$[2]++;', T="int64_t", what="an int64_t buffer from memcpy and r += n",
         alloc="malloc(N * sizeof *data)",
         fill=["int64_t src[N];", "int i;", "for (i = 0; i < N; i++)",
               "  src[i] = (int64_t)i << 40;", "memcpy(data, src, sizeof src);",
               "int64_t *GR_REF q = data;", "q += 3;", "*q += 7;"],
         show='printf("%" PRId64 " %" PRId64 "\\n", $[3], $[N - 1]);',
         out="3298534883335 16492674416640"),
    dict(tag="rec", poke='$[0].val = 1;', T="struct rec", what="an array of plain (not weakable) structs",
         alloc="calloc(N, sizeof *data)",
         fill=["int i;", "for (i = 0; i < N; i++) {", "  data[i].id = i;",
               "  data[i].val = 10L * i;", '  snprintf(data[i].tag, sizeof data[i].tag, "r%d", i);',
               "}"],
         show='printf("%d %ld %s %ld\\n", $[2].id, ($ + 3)->val, $[N - 1].tag, $[N - 1].val);',
         out="2 30 r15 150"),
    dict(tag="wrec", poke='($ + 1)->id = 1;', T="struct wrec", what="an array of weakable structs linked by GR_WEAK",
         alloc="malloc(N * sizeof *data)",
         fill=["int i;", "for (i = 0; i < N; i++) {", "  data[i].id = i;",
               "  data[i].val = 7L * i;", "  data[i].peer = &data[(i + 1) % N];", "}"],
         # realloc moved the array: the peers pointed into the old one.
         after_realloc=["int i;", "for (i = 0; i < N; i++)", "  data[i].peer = &data[(i + 1) % N];"],
         show='printf("%d %ld %ld %d\\n", $[2].id, $[3].peer->val, ($ + N - 1)->peer->val, gr_alive($[1].peer));',
         out="2 28 0 1"),
]

HEADER = """\
/* Shared by the test/cwe corpus and its second unit (Inputs/cwe_unit.c):
 * the struct types and the helpers the cross-unit flows call.
 * Written by test/cwe/gen_corpus.py. */
#ifndef CWE_H
#define CWE_H
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>
#include "genref.h"

#define N 16

struct rec { /* not GR_WEAKABLE: plain C */
  int id;
  long val;
  char tag[8];
};

struct GR_WEAKABLE wrec {
  int id;
  long val;
  struct wrec *GR_WEAK peer;
};

"""


def header():
    s = HEADER
    for t in TYPES:
        s += "void cwe_%s_unit_use(%s *GR_REF d);\n" % (t["tag"], t["T"])
        s += "void cwe_%s_unit_free(%s *GR_REF d);\n" % (t["tag"], t["T"])
    return s + "\n#endif\n"


def unit():
    s = ["/* The second unit of the test/cwe corpus: sinks the cross-unit flows",
         " * call. A use after free in cwe_<type>_unit_use is reported here (the",
         " * tests check this file against the report). Written by gen_corpus.py. */",
         "#include <inttypes.h>", "#include <stdio.h>", "#include <stdlib.h>",
         "#include <string.h>", "#include \"cwe.h\"", "",
         "// UNIT-UAF: ERROR: genref: use-after-free on address", ""]
    for t in TYPES:
        tag, T = t["tag"], t["T"]
        s += ["void cwe_%s_unit_use(%s *GR_REF d) {" % (tag, T),
              "  " + t["show"].replace("$", "d"),
              "  // %s-UNIT-UAF-NEXT: at {{.*}}cwe_unit.c:[[@LINE-1]]:{{[0-9]+}} in cwe_%s_unit_use" % (tag.upper(), tag),
              "}", "",
              "void cwe_%s_unit_free(%s *GR_REF d) { free(d); }" % (tag, T), ""]
    s += ["// UNIT-UAF: SUMMARY: genref: use-after-free {{.*}}cwe_unit.c:{{[0-9]+}} in cwe_"]
    return "\n".join(s) + "\n"


BAD = [  # mode, check prefix, kind
    ("local-uaf", "LOCAL-UAF", "use-after-free"),
    ("local-df", "LOCAL-DF", "double-free"),
    ("realloc-uaf", "REALLOC-UAF", "use-after-free"),
    ("param-uaf", "PARAM-UAF", "use-after-free"),
    ("param-df", "PARAM-DF", "double-free"),
    ("global-uaf", "GLOBAL-UAF", "use-after-free"),
    ("global-df", "GLOBAL-DF", "double-free"),
    ("fnptr-uaf", "FNPTR-UAF", "use-after-free"),
    ("fnptr-df", "FNPTR-DF", "double-free"),
    ("unit-uaf", "UNIT-UAF", "use-after-free"),
    ("unit-df", "UNIT-DF", "double-free"),
    ("interior-uaf", "INTERIOR-UAF", "use-after-free"),
    ("libc-uaf", "LIBC-UAF", "use-after-free"),
    ("weak-uaf", "WEAK-UAF", "use-after-free"),
    ("loop-df", "LOOP-DF", "double-free"),
    ("write-uaf", "WRITE-UAF", "use-after-free"),
    ("return-uaf", "RETURN-UAF", "use-after-free"),
    ("struct-uaf", "STRUCT-UAF", "use-after-free"),
    ("struct-df", "STRUCT-DF", "double-free"),
    ("void-uaf", "VOID-UAF", "use-after-free"),
    ("void-df", "VOID-DF", "double-free"),
]


def test(t):
    tag, T = t["tag"], t["T"]
    show = lambda v: t["show"].replace("$", v)
    fname = "cwe_%s.c" % tag
    r = []
    r.append("// CWE-416 (use after free) and CWE-415 (double free) over %s," % t["what"])
    r.append("// in the style of those suites' test cases (written for genref): each flow")
    r.append("// has a bad variant, reported with its kind at its line, and a good one,")
    r.append("// silent. Flows: locals, realloc, a parameter (the helper frees or uses), a")
    r.append("// global, a function pointer, a second unit (Inputs/cwe_unit.c).")
    r.append("// In normal mode a free while the global still holds the reference is the")
    r.append("// bad global flows' report (dangling-reference, at that free), before any use.")
    r.append("// Written by gen_corpus.py.")
    r.append("// REQUIRES: plugin")
    r.append("// RUN: rm -rf %t.dir && mkdir -p %t.dir")
    for o in ("0", "2"):
        r.append("// RUN: %%plugin_cc -O%s -D_GNU_SOURCE -I%%S/Inputs -c %%S/Inputs/cwe_unit.c -o %%t.dir/unit%s.o" % (o, o))
        r.append("// RUN: %%plugin_cc -O%s -D_GNU_SOURCE -I%%S/Inputs %%s %%t.dir/unit%s.o -o %%t.dir/p%s %%rt" % (o, o, o))
    for o in ("0", "2"):
        r.append("// RUN: %%run %%t.dir/p%s good 2>&1 | FileCheck --check-prefix=GOOD %%s --implicit-check-not=genref" % o)
    for mode, pre, kind in BAD:
        for o in ("0", "2"):
            prog = "%%t.dir/p%s %s" % (o, mode)
            if mode == "unit-uaf":
                line = "not env GENREF_OPTIONS=symbolize=0 %%run %s > %%t.dir/%s%s.out 2>&1 && FileCheck --check-prefixes=UNIT-UAF,%s-UNIT-UAF %%S/Inputs/cwe_unit.c < %%t.dir/%s%s.out && FileCheck --check-prefix=NOEND %%s < %%t.dir/%s%s.out" % (prog, mode, o, tag.upper(), mode, o, mode, o)
            elif (mode.startswith("global") or mode.startswith("struct")) and mode != "global-df":
                r.append("// RUN: %%if mode-normal %%{ not env GENREF_OPTIONS=symbolize=0 %%run %s 2>&1 | FileCheck --check-prefixes=%s-NORMAL,NOEND %%s %%}" % (prog, pre))
                line = "not env GENREF_OPTIONS=symbolize=0 %%run %s 2>&1 | FileCheck --check-prefixes=%s,NOEND %%s" % (prog, pre)
                r.append("// RUN: %%if mode-resilient %%{ %s %%}" % line)
                continue
            elif mode == "void-df":
                line = "not %%run %s 2>&1 | FileCheck --check-prefixes=%s,NOEND %%s" % (prog, pre)
            else:
                line = "not env GENREF_OPTIONS=symbolize=0 %%run %s 2>&1 | FileCheck --check-prefixes=%s,NOEND %%s" % (prog, pre)
            if kind == "use-after-free":
                line = "%%if !mode-fast %%{ %s %%}" % line
            r.append("// RUN: " + line)
    r += ["#include <inttypes.h>", "#include <stdio.h>", "#include <stdlib.h>",
          "#include <string.h>", "#include <wchar.h>", "#include \"cwe.h\"", ""]

    def chk(pre, kind, func, off=1):
        return ["// %s: ERROR: genref: %s on address" % (pre, kind),
                "// %s-NEXT: at {{.*}}%s:[[@LINE-%d]]:{{[0-9]+}} in %s" % (pre, fname, off + 1, func),
                "// %s: SUMMARY: genref: %s {{.*}}%s:[[@LINE-%d]] in %s" % (pre, kind, fname, off + 2, func)]

    def chk_dangling(pre, func):
        return ["// %s-NORMAL: ERROR: genref: dangling-reference on address" % pre,
                "// %s-NORMAL-NEXT: at {{.*}}%s:[[@LINE-2]]:{{[0-9]+}} in %s" % (pre, fname, func),
                "// %s-NORMAL: SUMMARY: genref: dangling-reference {{.*}}%s:[[@LINE-3]] in %s" % (pre, fname, func)]

    fill = ["  " + l for l in t["fill"]]
    r += ["static %s *GR_REF make(void) {" % T,
          "  %s *GR_REF data = %s;" % (T, t["alloc"])] + fill + ["  return data;", "}", ""]
    def sink(stmt, func, cases):
        """stmt, with the reports of the variants reported at it (prefix,
        kind) checked around it: ERROR above, its line and SUMMARY below."""
        out = ["  // %s: ERROR: genref: %s on address" % (p, k) for p, k in cases]
        out.append("  " + stmt)
        n = len(cases)
        for j, (p, k) in enumerate(cases):
            out.append("  // %s-NEXT: at {{.*}}%s:[[@LINE-%d]]:{{[0-9]+}} in %s" % (p, fname, j + 1, func))
        for j, (p, k) in enumerate(cases):
            out.append("  // %s: SUMMARY: genref: %s {{.*}}%s:[[@LINE-%d]] in %s" % (p, k, fname, n + j + 1, func))
        return out

    # Sinks.
    r += ["/* Parameter and function-pointer sinks. */",
          "static void use_sink(%s *GR_REF d) {" % T]
    r += sink(show("d"), "use_sink", [("PARAM-UAF", "use-after-free"), ("FNPTR-UAF", "use-after-free")])
    r += ["}", "",
          "static void free_sink(%s *GR_REF d) {" % T]
    r += sink("free(d);", "free_sink", [("FNPTR-DF", "double-free")])
    r += ["}", "",
          "/* Global flows: the data reaches the sinks through g_data. */",
          "static %s *GR_REF g_data = NULL;" % T, "",
          "static void global_use_sink(void) {"]
    r += sink(show("g_data"), "global_use_sink", [("GLOBAL-UAF", "use-after-free")])
    r += ["}", "",
          "static void global_free_sink(void) {"]
    r += sink("free(g_data);", "global_free_sink", [("GLOBAL-DF", "double-free"), ("GLOBAL-UAF-NORMAL", "dangling-reference")])
    r += ["}", "",
          "static %s *GR_REF release_and_return(%s *GR_REF d) {" % (T, T),
          "  free(d);",
          "  return d;",
          "}", "",
          "static %s *GR_REF use_and_return(%s *GR_REF d) {" % (T, T),
          "  " + t["poke"].replace("$", "d"),
          "  return d;",
          "}", "",
          "/* Struct flows: the data reaches the sinks inside a struct, by value. */",
          "struct holder {",
          "  int tag;",
          "  %s *GR_REF p;" % T,
          "};", "",
          "static void struct_use_sink(struct holder h) {"]
    r += sink(show("h.p"), "struct_use_sink", [("STRUCT-UAF", "use-after-free")])
    r += ["}", "",
          "static void struct_free_sink(struct holder h) {"]
    r += sink("free(h.p);", "struct_free_sink", [("STRUCT-DF", "double-free"), ("STRUCT-UAF-NORMAL", "dangling-reference"), ("STRUCT-DF-NORMAL", "dangling-reference")])
    r += ["}", "",
          "static void global_release(void) { /* the good way: unlink, then free */",
          "  %s *GR_REF d = g_data;" % T,
          "  g_data = NULL;",
          "  free(d);",
          "}", ""]
    # Bad variants.
    r += ["static void bad_local_uaf(void) {",
          "  %s *GR_REF data = make();" % T,
          "  free(data);",
          "  " + show("data")]
    r += ["  " + l for l in chk("LOCAL-UAF", "use-after-free", "bad_local_uaf")]
    r += ["}", "",
          "static void bad_local_df(void) {",
          "  %s *GR_REF data = make();" % T,
          "  " + show("data"),
          "  free(data);",
          "  free(data);"]
    r += ["  " + l for l in chk("LOCAL-DF", "double-free", "bad_local_df")]
    r += ["}", "",
          "static void bad_realloc_uaf(void) {",
          "  %s *GR_REF data = make();" % T,
          "  %s *GR_REF old = data;" % T,
          "  data = realloc(data, 2 * N * sizeof *data);",
          "  " + show("old")]
    r += ["  " + l for l in chk("REALLOC-UAF", "use-after-free", "bad_realloc_uaf")]
    r += ["  free(data);", "}", "",
          "static void bad_param_uaf(void) { /* freed here, used in the helper */",
          "  %s *GR_REF data = make();" % T,
          "  free(data);",
          "  use_sink(data);",
          "}", "",
          "static void bad_param_df(void) { /* freed in the helper, then here */",
          "  %s *GR_REF data = make();" % T,
          "  free_sink(data);",
          "  free(data);"]
    r += ["  " + l for l in chk("PARAM-DF", "double-free", "bad_param_df")]
    r += ["}", "",
          "static void bad_global_uaf(void) {",
          "  g_data = make();",
          "  global_free_sink();",
          "  global_use_sink();",
          "}", "",
          "static void bad_global_df(void) {",
          "  g_data = make();",
          "  %s *GR_REF data = g_data;" % T,
          "  free(data);"]
    r += [
          "  global_free_sink();",
          "}", "",
          "static void bad_fnptr_uaf(void) {",
          "  void (*sink)(%s *GR_REF) = use_sink;" % T,
          "  %s *GR_REF data = make();" % T,
          "  free(data);",
          "  sink(data);",
          "}", "",
          "static void bad_fnptr_df(void) {",
          "  void (*release)(%s *GR_REF) = free_sink;" % T,
          "  %s *GR_REF data = make();" % T,
          "  free(data);",
          "  release(data);",
          "}", "",
          "static void bad_unit_uaf(void) { /* reported in Inputs/cwe_unit.c */",
          "  %s *GR_REF data = make();" % T,
          "  free(data);",
          "  cwe_%s_unit_use(data);" % tag,
          "}", "",
          "static void bad_unit_df(void) {",
          "  %s *GR_REF data = make();" % T,
          "  cwe_%s_unit_free(data);" % tag,
          "  free(data);"]
    r += ["  " + l for l in chk("UNIT-DF", "double-free", "bad_unit_df")]
    r += ["}", "",
          "static void bad_interior_uaf(void) { /* a reference into the buffer dies with it */",
          "  %s *GR_REF data = make();" % T,
          "  %s *GR_REF mid = data + N / 2;" % T,
          "  free(data);",
          "  %s x = *mid;" % T]
    r += ["  " + l for l in chk("INTERIOR-UAF", "use-after-free", "bad_interior_uaf")]
    r += ["  (void)x;", "}", "",
          "static void bad_libc_uaf(void) { /* memcpy out of the freed buffer */",
          "  %s *GR_REF data = make();" % T,
          "  unsigned char out[N * sizeof *data];",
          "  free(data);",
          "  memcpy(out, data, sizeof out);"]
    r += ["  " + l for l in chk("LIBC-UAF", "use-after-free", "bad_libc_uaf")]
    r += ["  printf(\"%d\\n\", out[0]);", "}", "",
          "static void bad_weak_uaf(void) { /* a GR_WEAK used without gr_alive */",
          "  %s *GR_REF data = make();" % T,
          "  %s *GR_WEAK w = data;" % T,
          "  free(data);",
          "  " + show("w")]
    r += ["  " + l for l in chk("WEAK-UAF", "use-after-free", "bad_weak_uaf")]
    r += ["}", "",
          "static void bad_loop_df(void) { /* freed in a loop, once per turn */",
          "  %s *GR_REF data = make();" % T,
          "  int i;",
          "  " + show("data"),
          "  for (i = 0; i < 2; i++) {",
          "    free(data);"]
    r += ["    " + l for l in chk("LOOP-DF", "double-free", "bad_loop_df")]
    r += ["  }", "}", "",
          "static void bad_write_uaf(void) { /* a write into the freed buffer */",
          "  %s *GR_REF data = make();" % T,
          "  free(data);",
          "  " + t["poke"].replace("$", "data")]
    r += ["  " + l for l in chk("WRITE-UAF", "use-after-free", "bad_write_uaf")]
    r += ["}", "",
          "static void bad_return_uaf(void) { /* the helper frees and hands it back */",
          "  %s *GR_REF data = release_and_return(make());" % T,
          "  " + show("data")]
    r += ["  " + l for l in chk("RETURN-UAF", "use-after-free", "bad_return_uaf")]
    r += ["}", "",
          "static void bad_struct_uaf(void) {",
          "  struct holder h = {1, make()};",
          "  struct_free_sink(h);",
          "  struct_use_sink(h);",
          "}", "",
          "static void bad_struct_df(void) {",
          "  struct holder h = {2, make()};",
          "  struct_use_sink(h);",
          "  struct_free_sink(h);",
          "  struct_free_sink(h);",
          "}", "",
          "static void bad_void_uaf(void) { /* through a void * and back */",
          "  %s *GR_REF data = make();" % T,
          "  void *raw = (void *)data;",
          "  free(data);",
          "  %s *GR_REF back = raw;" % T]
    r += ["  " + l for l in chk("VOID-UAF", "use-after-free", "bad_void_uaf")]
    r += ["  " + show("back"), "}", "",
          "static void bad_void_df(void) {",
          "  %s *GR_REF data = make();" % T,
          "  void *raw = (void *)data;",
          "  free(data);",
          "  free(raw);",
          "  // VOID-DF: ERROR: genref: double-free on address",
          "  // A raw free carries no site: its line is the backtrace's.",
          "  // VOID-DF: #0 {{.*}} in bad_void_df {{.*}}%s:[[@LINE-3]]:{{[0-9]+}}" % fname,
          "  // VOID-DF: SUMMARY: genref: double-free",
          '  printf("freed twice\\n"); /* keeps the free from being a tail call */',
          "}", ""]
    # Good variants.
    o = t["out"]
    r += ["static void good_local(void) {",
          "  %s *GR_REF data = make();" % T,
          "  " + show("data"),
          "  free(data);",
          "  data = make(); /* likely the same memory, a new object */",
          "  " + show("data"),
          "  free(data);",
          "}", "",
          "static void good_realloc(void) {",
          "  %s *GR_REF data = make();" % T,
          "  data = realloc(data, 2 * N * sizeof *data);"] + \
         ["  " + l for l in t.get("after_realloc", [])] + [
          "  " + show("data"),
          "  free(data);",
          "}", "",
          "static void good_param(void) {",
          "  %s *GR_REF data = make();" % T,
          "  use_sink(data);",
          "  free_sink(data);",
          "}", "",
          "static void good_global(void) {",
          "  g_data = make();",
          "  global_use_sink();",
          "  global_release();",
          "}", "",
          "static void good_fnptr(void) {",
          "  void (*sink)(%s *GR_REF) = use_sink;" % T,
          "  void (*release)(%s *GR_REF) = free_sink;" % T,
          "  %s *GR_REF data = make();" % T,
          "  sink(data);",
          "  release(data);",
          "}", "",
          "static void good_unit(void) {",
          "  %s *GR_REF data = make();" % T,
          "  cwe_%s_unit_use(data);" % tag,
          "  cwe_%s_unit_free(data);" % tag,
          "}", "",
          "static void good_interior(void) {",
          "  %s *GR_REF data = make();" % T,
          "  %s *GR_REF mid = data + N / 2;" % T,
          "  %s x = *mid;" % T,
          '  printf("interior %td %d\\n", mid - data, !memcmp(&x, &data[N / 2], sizeof x));',
          "  free(data);",
          "}", "",
          "static void good_libc(void) {",
          "  %s *GR_REF data = make();" % T,
          "  unsigned char out[N * sizeof *data];",
          "  memcpy(out, data, sizeof out);",
          '  printf("libc %d\\n", !memcmp(out, data, sizeof out));',
          "  free(data);",
          "}", "",
          "static void good_weak(void) {",
          "  %s *GR_REF data = make();" % T,
          "  %s *GR_WEAK w = data;" % T,
          "  if (gr_alive(w))",
          "    " + show("w"),
          "  free(data);",
          '  printf("weak %d\\n", gr_alive(w));',
          "}", "",
          "static void good_loop(void) {",
          "  %s *GR_REF data = make();" % T,
          "  int i;",
          "  for (i = 0; i < 2; i++)",
          "    " + show("data"),
          "  free(data);",
          "}", "",
          "static void good_write(void) {",
          "  %s *GR_REF data = make();" % T,
          "  " + t["poke"].replace("$", "data"),
          "  free(data);",
          "}", "",
          "static void good_return(void) {",
          "  %s *GR_REF data = use_and_return(make());" % T,
          "  free(data);",
          "}", "",
          "static void good_struct(void) {",
          "  struct holder h = {3, make()};",
          "  %s *GR_REF data = h.p;" % T,
          "  struct_use_sink(h);",
          "  h.p = NULL; /* unlinked, then freed */",
          "  free(data);",
          "}", "",
          "static void good_void(void) {",
          "  %s *GR_REF data = make();" % T,
          "  void *raw = (void *)data;",
          "  %s *GR_REF back = raw;" % T,
          "  " + show("back"),
          "  free(back);",
          "}", "",
          "static void good(void) {",
          "  good_local();",
          "  good_realloc();",
          "  good_param();",
          "  good_global();",
          "  good_fnptr();",
          "  good_unit();",
          "  good_interior();",
          "  good_libc();",
          "  good_weak();",
          "  good_loop();",
          "  good_write();",
          "  good_return();",
          "  good_struct();",
          "  good_void();",
          "}"]
    r += ["// GOOD: " + o] + ["// GOOD-NEXT: " + o] * 6 + ["// GOOD-NEXT: interior %d 1" % 8, "// GOOD-NEXT: libc 1",
          "// GOOD-NEXT: " + o, "// GOOD-NEXT: weak 0", "// GOOD-NEXT: " + o, "// GOOD-NEXT: " + o,
          "// GOOD-NEXT: " + o, "// GOOD-NEXT: " + o, "// GOOD-NEXT: end good", ""]
    r += ["static const struct {", "  const char *name;", "  void (*run)(void);", "} cases[] = {",
          '    {"good", good},']
    for mode, pre, kind in BAD:
        r.append('    {"%s", bad_%s},' % (mode, mode.replace("-", "_")))
    r += ["};", "",
          "int main(int argc, char **argv) {",
          '  const char *mode = argc > 1 ? argv[1] : "good";',
          "  size_t i;",
          "  setvbuf(stdout, NULL, _IONBF, 0);",
          "  for (i = 0; i < sizeof cases / sizeof cases[0]; i++)",
          "    if (!strcmp(mode, cases[i].name)) {",
          "      cases[i].run();",
          '      printf("end %s\\n", mode);',
          "      return 0;",
          "    }",
          "  return 2;",
          "}",
          "// NOEND-NOT: {{^}}end "]
    return fname, "\n".join(r) + "\n"


def write(path, text):
    with open(os.path.join(HERE, path), "w") as f:
        f.write(text)


write("Inputs/cwe.h", header())
write("Inputs/cwe_unit.c", unit())
for t in TYPES:
    name, text = test(t)
    write(name, text)
