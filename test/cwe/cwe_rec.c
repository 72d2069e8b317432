// CWE-416 (use after free) and CWE-415 (double free) over an array of plain (not weakable) structs,
// in the style of those suites' test cases (written for genref): each flow
// has a bad variant, reported with its kind at its line, and a good one,
// silent. Flows: locals, realloc, a parameter (the helper frees or uses), a
// global, a function pointer, a second unit (Inputs/cwe_unit.c).
// In normal mode a free while the global still holds the reference is the
// bad global flows' report (dangling-reference, at that free), before any use.
// Written by gen_corpus.py.
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %plugin_cc -O0 -D_GNU_SOURCE -I%S/Inputs -c %S/Inputs/cwe_unit.c -o %t.dir/unit0.o
// RUN: %plugin_cc -O0 -D_GNU_SOURCE -I%S/Inputs %s %t.dir/unit0.o -o %t.dir/p0 %rt
// RUN: %plugin_cc -O2 -D_GNU_SOURCE -I%S/Inputs -c %S/Inputs/cwe_unit.c -o %t.dir/unit2.o
// RUN: %plugin_cc -O2 -D_GNU_SOURCE -I%S/Inputs %s %t.dir/unit2.o -o %t.dir/p2 %rt
// RUN: %run %t.dir/p0 good 2>&1 | FileCheck --check-prefix=GOOD %s --implicit-check-not=genref
// RUN: %run %t.dir/p2 good 2>&1 | FileCheck --check-prefix=GOOD %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 local-uaf 2>&1 | FileCheck --check-prefixes=LOCAL-UAF,NOEND %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 local-uaf 2>&1 | FileCheck --check-prefixes=LOCAL-UAF,NOEND %s %}
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 local-df 2>&1 | FileCheck --check-prefixes=LOCAL-DF,NOEND %s
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 local-df 2>&1 | FileCheck --check-prefixes=LOCAL-DF,NOEND %s
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 realloc-uaf 2>&1 | FileCheck --check-prefixes=REALLOC-UAF,NOEND %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 realloc-uaf 2>&1 | FileCheck --check-prefixes=REALLOC-UAF,NOEND %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 param-uaf 2>&1 | FileCheck --check-prefixes=PARAM-UAF,NOEND %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 param-uaf 2>&1 | FileCheck --check-prefixes=PARAM-UAF,NOEND %s %}
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 param-df 2>&1 | FileCheck --check-prefixes=PARAM-DF,NOEND %s
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 param-df 2>&1 | FileCheck --check-prefixes=PARAM-DF,NOEND %s
// RUN: %if mode-normal %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 global-uaf 2>&1 | FileCheck --check-prefixes=GLOBAL-UAF-NORMAL,NOEND %s %}
// RUN: %if mode-resilient %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 global-uaf 2>&1 | FileCheck --check-prefixes=GLOBAL-UAF,NOEND %s %}
// RUN: %if mode-normal %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 global-uaf 2>&1 | FileCheck --check-prefixes=GLOBAL-UAF-NORMAL,NOEND %s %}
// RUN: %if mode-resilient %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 global-uaf 2>&1 | FileCheck --check-prefixes=GLOBAL-UAF,NOEND %s %}
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 global-df 2>&1 | FileCheck --check-prefixes=GLOBAL-DF,NOEND %s
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 global-df 2>&1 | FileCheck --check-prefixes=GLOBAL-DF,NOEND %s
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 fnptr-uaf 2>&1 | FileCheck --check-prefixes=FNPTR-UAF,NOEND %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 fnptr-uaf 2>&1 | FileCheck --check-prefixes=FNPTR-UAF,NOEND %s %}
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 fnptr-df 2>&1 | FileCheck --check-prefixes=FNPTR-DF,NOEND %s
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 fnptr-df 2>&1 | FileCheck --check-prefixes=FNPTR-DF,NOEND %s
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 unit-uaf > %t.dir/unit-uaf0.out 2>&1 && FileCheck --check-prefixes=UNIT-UAF,REC-UNIT-UAF %S/Inputs/cwe_unit.c < %t.dir/unit-uaf0.out && FileCheck --check-prefix=NOEND %s < %t.dir/unit-uaf0.out %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 unit-uaf > %t.dir/unit-uaf2.out 2>&1 && FileCheck --check-prefixes=UNIT-UAF,REC-UNIT-UAF %S/Inputs/cwe_unit.c < %t.dir/unit-uaf2.out && FileCheck --check-prefix=NOEND %s < %t.dir/unit-uaf2.out %}
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 unit-df 2>&1 | FileCheck --check-prefixes=UNIT-DF,NOEND %s
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 unit-df 2>&1 | FileCheck --check-prefixes=UNIT-DF,NOEND %s
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 interior-uaf 2>&1 | FileCheck --check-prefixes=INTERIOR-UAF,NOEND %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 interior-uaf 2>&1 | FileCheck --check-prefixes=INTERIOR-UAF,NOEND %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 libc-uaf 2>&1 | FileCheck --check-prefixes=LIBC-UAF,NOEND %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 libc-uaf 2>&1 | FileCheck --check-prefixes=LIBC-UAF,NOEND %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 weak-uaf 2>&1 | FileCheck --check-prefixes=WEAK-UAF,NOEND %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 weak-uaf 2>&1 | FileCheck --check-prefixes=WEAK-UAF,NOEND %s %}
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 loop-df 2>&1 | FileCheck --check-prefixes=LOOP-DF,NOEND %s
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 loop-df 2>&1 | FileCheck --check-prefixes=LOOP-DF,NOEND %s
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 write-uaf 2>&1 | FileCheck --check-prefixes=WRITE-UAF,NOEND %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 write-uaf 2>&1 | FileCheck --check-prefixes=WRITE-UAF,NOEND %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 return-uaf 2>&1 | FileCheck --check-prefixes=RETURN-UAF,NOEND %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 return-uaf 2>&1 | FileCheck --check-prefixes=RETURN-UAF,NOEND %s %}
// RUN: %if mode-normal %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 struct-uaf 2>&1 | FileCheck --check-prefixes=STRUCT-UAF-NORMAL,NOEND %s %}
// RUN: %if mode-resilient %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 struct-uaf 2>&1 | FileCheck --check-prefixes=STRUCT-UAF,NOEND %s %}
// RUN: %if mode-normal %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 struct-uaf 2>&1 | FileCheck --check-prefixes=STRUCT-UAF-NORMAL,NOEND %s %}
// RUN: %if mode-resilient %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 struct-uaf 2>&1 | FileCheck --check-prefixes=STRUCT-UAF,NOEND %s %}
// RUN: %if mode-normal %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 struct-df 2>&1 | FileCheck --check-prefixes=STRUCT-DF-NORMAL,NOEND %s %}
// RUN: %if mode-resilient %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 struct-df 2>&1 | FileCheck --check-prefixes=STRUCT-DF,NOEND %s %}
// RUN: %if mode-normal %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 struct-df 2>&1 | FileCheck --check-prefixes=STRUCT-DF-NORMAL,NOEND %s %}
// RUN: %if mode-resilient %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 struct-df 2>&1 | FileCheck --check-prefixes=STRUCT-DF,NOEND %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 void-uaf 2>&1 | FileCheck --check-prefixes=VOID-UAF,NOEND %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 void-uaf 2>&1 | FileCheck --check-prefixes=VOID-UAF,NOEND %s %}
// RUN: not %run %t.dir/p0 void-df 2>&1 | FileCheck --check-prefixes=VOID-DF,NOEND %s
// RUN: not %run %t.dir/p2 void-df 2>&1 | FileCheck --check-prefixes=VOID-DF,NOEND %s
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "cwe.h"

static struct rec *GR_REF make(void) {
  struct rec *GR_REF data = calloc(N, sizeof *data);
  int i;
  for (i = 0; i < N; i++) {
    data[i].id = i;
    data[i].val = 10L * i;
    snprintf(data[i].tag, sizeof data[i].tag, "r%d", i);
  }
  return data;
}

/* Parameter and function-pointer sinks. */
static void use_sink(struct rec *GR_REF d) {
  // PARAM-UAF: ERROR: genref: use-after-free on address
  // FNPTR-UAF: ERROR: genref: use-after-free on address
  printf("%d %ld %s %ld\n", d[2].id, (d + 3)->val, d[N - 1].tag, d[N - 1].val);
  // PARAM-UAF-NEXT: at {{.*}}cwe_rec.c:[[@LINE-1]]:{{[0-9]+}} in use_sink
  // FNPTR-UAF-NEXT: at {{.*}}cwe_rec.c:[[@LINE-2]]:{{[0-9]+}} in use_sink
  // PARAM-UAF: SUMMARY: genref: use-after-free {{.*}}cwe_rec.c:[[@LINE-3]] in use_sink
  // FNPTR-UAF: SUMMARY: genref: use-after-free {{.*}}cwe_rec.c:[[@LINE-4]] in use_sink
}

static void free_sink(struct rec *GR_REF d) {
  // FNPTR-DF: ERROR: genref: double-free on address
  free(d);
  // FNPTR-DF-NEXT: at {{.*}}cwe_rec.c:[[@LINE-1]]:{{[0-9]+}} in free_sink
  // FNPTR-DF: SUMMARY: genref: double-free {{.*}}cwe_rec.c:[[@LINE-2]] in free_sink
}

/* Global flows: the data reaches the sinks through g_data. */
static struct rec *GR_REF g_data = NULL;

static void global_use_sink(void) {
  // GLOBAL-UAF: ERROR: genref: use-after-free on address
  printf("%d %ld %s %ld\n", g_data[2].id, (g_data + 3)->val, g_data[N - 1].tag, g_data[N - 1].val);
  // GLOBAL-UAF-NEXT: at {{.*}}cwe_rec.c:[[@LINE-1]]:{{[0-9]+}} in global_use_sink
  // GLOBAL-UAF: SUMMARY: genref: use-after-free {{.*}}cwe_rec.c:[[@LINE-2]] in global_use_sink
}

static void global_free_sink(void) {
  // GLOBAL-DF: ERROR: genref: double-free on address
  // GLOBAL-UAF-NORMAL: ERROR: genref: dangling-reference on address
  free(g_data);
  // GLOBAL-DF-NEXT: at {{.*}}cwe_rec.c:[[@LINE-1]]:{{[0-9]+}} in global_free_sink
  // GLOBAL-UAF-NORMAL-NEXT: at {{.*}}cwe_rec.c:[[@LINE-2]]:{{[0-9]+}} in global_free_sink
  // GLOBAL-DF: SUMMARY: genref: double-free {{.*}}cwe_rec.c:[[@LINE-3]] in global_free_sink
  // GLOBAL-UAF-NORMAL: SUMMARY: genref: dangling-reference {{.*}}cwe_rec.c:[[@LINE-4]] in global_free_sink
}

static struct rec *GR_REF release_and_return(struct rec *GR_REF d) {
  free(d);
  return d;
}

static struct rec *GR_REF use_and_return(struct rec *GR_REF d) {
  d[0].val = 1;
  return d;
}

/* Struct flows: the data reaches the sinks inside a struct, by value. */
struct holder {
  int tag;
  struct rec *GR_REF p;
};

static void struct_use_sink(struct holder h) {
  // STRUCT-UAF: ERROR: genref: use-after-free on address
  printf("%d %ld %s %ld\n", h.p[2].id, (h.p + 3)->val, h.p[N - 1].tag, h.p[N - 1].val);
  // STRUCT-UAF-NEXT: at {{.*}}cwe_rec.c:[[@LINE-1]]:{{[0-9]+}} in struct_use_sink
  // STRUCT-UAF: SUMMARY: genref: use-after-free {{.*}}cwe_rec.c:[[@LINE-2]] in struct_use_sink
}

static void struct_free_sink(struct holder h) {
  // STRUCT-DF: ERROR: genref: double-free on address
  // STRUCT-UAF-NORMAL: ERROR: genref: dangling-reference on address
  // STRUCT-DF-NORMAL: ERROR: genref: dangling-reference on address
  free(h.p);
  // STRUCT-DF-NEXT: at {{.*}}cwe_rec.c:[[@LINE-1]]:{{[0-9]+}} in struct_free_sink
  // STRUCT-UAF-NORMAL-NEXT: at {{.*}}cwe_rec.c:[[@LINE-2]]:{{[0-9]+}} in struct_free_sink
  // STRUCT-DF-NORMAL-NEXT: at {{.*}}cwe_rec.c:[[@LINE-3]]:{{[0-9]+}} in struct_free_sink
  // STRUCT-DF: SUMMARY: genref: double-free {{.*}}cwe_rec.c:[[@LINE-4]] in struct_free_sink
  // STRUCT-UAF-NORMAL: SUMMARY: genref: dangling-reference {{.*}}cwe_rec.c:[[@LINE-5]] in struct_free_sink
  // STRUCT-DF-NORMAL: SUMMARY: genref: dangling-reference {{.*}}cwe_rec.c:[[@LINE-6]] in struct_free_sink
}

static void global_release(void) { /* the good way: unlink, then free */
  struct rec *GR_REF d = g_data;
  g_data = NULL;
  free(d);
}

static void bad_local_uaf(void) {
  struct rec *GR_REF data = make();
  free(data);
  printf("%d %ld %s %ld\n", data[2].id, (data + 3)->val, data[N - 1].tag, data[N - 1].val);
  // LOCAL-UAF: ERROR: genref: use-after-free on address
  // LOCAL-UAF-NEXT: at {{.*}}cwe_rec.c:[[@LINE-2]]:{{[0-9]+}} in bad_local_uaf
  // LOCAL-UAF: SUMMARY: genref: use-after-free {{.*}}cwe_rec.c:[[@LINE-3]] in bad_local_uaf
}

static void bad_local_df(void) {
  struct rec *GR_REF data = make();
  printf("%d %ld %s %ld\n", data[2].id, (data + 3)->val, data[N - 1].tag, data[N - 1].val);
  free(data);
  free(data);
  // LOCAL-DF: ERROR: genref: double-free on address
  // LOCAL-DF-NEXT: at {{.*}}cwe_rec.c:[[@LINE-2]]:{{[0-9]+}} in bad_local_df
  // LOCAL-DF: SUMMARY: genref: double-free {{.*}}cwe_rec.c:[[@LINE-3]] in bad_local_df
}

static void bad_realloc_uaf(void) {
  struct rec *GR_REF data = make();
  struct rec *GR_REF old = data;
  data = realloc(data, 2 * N * sizeof *data);
  printf("%d %ld %s %ld\n", old[2].id, (old + 3)->val, old[N - 1].tag, old[N - 1].val);
  // REALLOC-UAF: ERROR: genref: use-after-free on address
  // REALLOC-UAF-NEXT: at {{.*}}cwe_rec.c:[[@LINE-2]]:{{[0-9]+}} in bad_realloc_uaf
  // REALLOC-UAF: SUMMARY: genref: use-after-free {{.*}}cwe_rec.c:[[@LINE-3]] in bad_realloc_uaf
  free(data);
}

static void bad_param_uaf(void) { /* freed here, used in the helper */
  struct rec *GR_REF data = make();
  free(data);
  use_sink(data);
}

static void bad_param_df(void) { /* freed in the helper, then here */
  struct rec *GR_REF data = make();
  free_sink(data);
  free(data);
  // PARAM-DF: ERROR: genref: double-free on address
  // PARAM-DF-NEXT: at {{.*}}cwe_rec.c:[[@LINE-2]]:{{[0-9]+}} in bad_param_df
  // PARAM-DF: SUMMARY: genref: double-free {{.*}}cwe_rec.c:[[@LINE-3]] in bad_param_df
}

static void bad_global_uaf(void) {
  g_data = make();
  global_free_sink();
  global_use_sink();
}

static void bad_global_df(void) {
  g_data = make();
  struct rec *GR_REF data = g_data;
  free(data);
  global_free_sink();
}

static void bad_fnptr_uaf(void) {
  void (*sink)(struct rec *GR_REF) = use_sink;
  struct rec *GR_REF data = make();
  free(data);
  sink(data);
}

static void bad_fnptr_df(void) {
  void (*release)(struct rec *GR_REF) = free_sink;
  struct rec *GR_REF data = make();
  free(data);
  release(data);
}

static void bad_unit_uaf(void) { /* reported in Inputs/cwe_unit.c */
  struct rec *GR_REF data = make();
  free(data);
  cwe_rec_unit_use(data);
}

static void bad_unit_df(void) {
  struct rec *GR_REF data = make();
  cwe_rec_unit_free(data);
  free(data);
  // UNIT-DF: ERROR: genref: double-free on address
  // UNIT-DF-NEXT: at {{.*}}cwe_rec.c:[[@LINE-2]]:{{[0-9]+}} in bad_unit_df
  // UNIT-DF: SUMMARY: genref: double-free {{.*}}cwe_rec.c:[[@LINE-3]] in bad_unit_df
}

static void bad_interior_uaf(void) { /* a reference into the buffer dies with it */
  struct rec *GR_REF data = make();
  struct rec *GR_REF mid = data + N / 2;
  free(data);
  struct rec x = *mid;
  // INTERIOR-UAF: ERROR: genref: use-after-free on address
  // INTERIOR-UAF-NEXT: at {{.*}}cwe_rec.c:[[@LINE-2]]:{{[0-9]+}} in bad_interior_uaf
  // INTERIOR-UAF: SUMMARY: genref: use-after-free {{.*}}cwe_rec.c:[[@LINE-3]] in bad_interior_uaf
  (void)x;
}

static void bad_libc_uaf(void) { /* memcpy out of the freed buffer */
  struct rec *GR_REF data = make();
  unsigned char out[N * sizeof *data];
  free(data);
  memcpy(out, data, sizeof out);
  // LIBC-UAF: ERROR: genref: use-after-free on address
  // LIBC-UAF-NEXT: at {{.*}}cwe_rec.c:[[@LINE-2]]:{{[0-9]+}} in bad_libc_uaf
  // LIBC-UAF: SUMMARY: genref: use-after-free {{.*}}cwe_rec.c:[[@LINE-3]] in bad_libc_uaf
  printf("%d\n", out[0]);
}

static void bad_weak_uaf(void) { /* a GR_WEAK used without gr_alive */
  struct rec *GR_REF data = make();
  struct rec *GR_WEAK w = data;
  free(data);
  printf("%d %ld %s %ld\n", w[2].id, (w + 3)->val, w[N - 1].tag, w[N - 1].val);
  // WEAK-UAF: ERROR: genref: use-after-free on address
  // WEAK-UAF-NEXT: at {{.*}}cwe_rec.c:[[@LINE-2]]:{{[0-9]+}} in bad_weak_uaf
  // WEAK-UAF: SUMMARY: genref: use-after-free {{.*}}cwe_rec.c:[[@LINE-3]] in bad_weak_uaf
}

static void bad_loop_df(void) { /* freed in a loop, once per turn */
  struct rec *GR_REF data = make();
  int i;
  printf("%d %ld %s %ld\n", data[2].id, (data + 3)->val, data[N - 1].tag, data[N - 1].val);
  for (i = 0; i < 2; i++) {
    free(data);
    // LOOP-DF: ERROR: genref: double-free on address
    // LOOP-DF-NEXT: at {{.*}}cwe_rec.c:[[@LINE-2]]:{{[0-9]+}} in bad_loop_df
    // LOOP-DF: SUMMARY: genref: double-free {{.*}}cwe_rec.c:[[@LINE-3]] in bad_loop_df
  }
}

static void bad_write_uaf(void) { /* a write into the freed buffer */
  struct rec *GR_REF data = make();
  free(data);
  data[0].val = 1;
  // WRITE-UAF: ERROR: genref: use-after-free on address
  // WRITE-UAF-NEXT: at {{.*}}cwe_rec.c:[[@LINE-2]]:{{[0-9]+}} in bad_write_uaf
  // WRITE-UAF: SUMMARY: genref: use-after-free {{.*}}cwe_rec.c:[[@LINE-3]] in bad_write_uaf
}

static void bad_return_uaf(void) { /* the helper frees and hands it back */
  struct rec *GR_REF data = release_and_return(make());
  printf("%d %ld %s %ld\n", data[2].id, (data + 3)->val, data[N - 1].tag, data[N - 1].val);
  // RETURN-UAF: ERROR: genref: use-after-free on address
  // RETURN-UAF-NEXT: at {{.*}}cwe_rec.c:[[@LINE-2]]:{{[0-9]+}} in bad_return_uaf
  // RETURN-UAF: SUMMARY: genref: use-after-free {{.*}}cwe_rec.c:[[@LINE-3]] in bad_return_uaf
}

static void bad_struct_uaf(void) {
  struct holder h = {1, make()};
  struct_free_sink(h);
  struct_use_sink(h);
}

static void bad_struct_df(void) {
  struct holder h = {2, make()};
  struct_use_sink(h);
  struct_free_sink(h);
  struct_free_sink(h);
}

static void bad_void_uaf(void) { /* through a void * and back */
  struct rec *GR_REF data = make();
  void *raw = (void *)data;
  free(data);
  struct rec *GR_REF back = raw;
  // VOID-UAF: ERROR: genref: use-after-free on address
  // VOID-UAF-NEXT: at {{.*}}cwe_rec.c:[[@LINE-2]]:{{[0-9]+}} in bad_void_uaf
  // VOID-UAF: SUMMARY: genref: use-after-free {{.*}}cwe_rec.c:[[@LINE-3]] in bad_void_uaf
  printf("%d %ld %s %ld\n", back[2].id, (back + 3)->val, back[N - 1].tag, back[N - 1].val);
}

static void bad_void_df(void) {
  struct rec *GR_REF data = make();
  void *raw = (void *)data;
  free(data);
  free(raw);
  // VOID-DF: ERROR: genref: double-free on address
  // A raw free carries no site: its line is the backtrace's.
  // VOID-DF: #0 {{.*}} in bad_void_df {{.*}}cwe_rec.c:[[@LINE-3]]:{{[0-9]+}}
  // VOID-DF: SUMMARY: genref: double-free
  printf("freed twice\n"); /* keeps the free from being a tail call */
}

static void good_local(void) {
  struct rec *GR_REF data = make();
  printf("%d %ld %s %ld\n", data[2].id, (data + 3)->val, data[N - 1].tag, data[N - 1].val);
  free(data);
  data = make(); /* likely the same memory, a new object */
  printf("%d %ld %s %ld\n", data[2].id, (data + 3)->val, data[N - 1].tag, data[N - 1].val);
  free(data);
}

static void good_realloc(void) {
  struct rec *GR_REF data = make();
  data = realloc(data, 2 * N * sizeof *data);
  printf("%d %ld %s %ld\n", data[2].id, (data + 3)->val, data[N - 1].tag, data[N - 1].val);
  free(data);
}

static void good_param(void) {
  struct rec *GR_REF data = make();
  use_sink(data);
  free_sink(data);
}

static void good_global(void) {
  g_data = make();
  global_use_sink();
  global_release();
}

static void good_fnptr(void) {
  void (*sink)(struct rec *GR_REF) = use_sink;
  void (*release)(struct rec *GR_REF) = free_sink;
  struct rec *GR_REF data = make();
  sink(data);
  release(data);
}

static void good_unit(void) {
  struct rec *GR_REF data = make();
  cwe_rec_unit_use(data);
  cwe_rec_unit_free(data);
}

static void good_interior(void) {
  struct rec *GR_REF data = make();
  struct rec *GR_REF mid = data + N / 2;
  struct rec x = *mid;
  printf("interior %td %d\n", mid - data, !memcmp(&x, &data[N / 2], sizeof x));
  free(data);
}

static void good_libc(void) {
  struct rec *GR_REF data = make();
  unsigned char out[N * sizeof *data];
  memcpy(out, data, sizeof out);
  printf("libc %d\n", !memcmp(out, data, sizeof out));
  free(data);
}

static void good_weak(void) {
  struct rec *GR_REF data = make();
  struct rec *GR_WEAK w = data;
  if (gr_alive(w))
    printf("%d %ld %s %ld\n", w[2].id, (w + 3)->val, w[N - 1].tag, w[N - 1].val);
  free(data);
  printf("weak %d\n", gr_alive(w));
}

static void good_loop(void) {
  struct rec *GR_REF data = make();
  int i;
  for (i = 0; i < 2; i++)
    printf("%d %ld %s %ld\n", data[2].id, (data + 3)->val, data[N - 1].tag, data[N - 1].val);
  free(data);
}

static void good_write(void) {
  struct rec *GR_REF data = make();
  data[0].val = 1;
  free(data);
}

static void good_return(void) {
  struct rec *GR_REF data = use_and_return(make());
  free(data);
}

static void good_struct(void) {
  struct holder h = {3, make()};
  struct rec *GR_REF data = h.p;
  struct_use_sink(h);
  h.p = NULL; /* unlinked, then freed */
  free(data);
}

static void good_void(void) {
  struct rec *GR_REF data = make();
  void *raw = (void *)data;
  struct rec *GR_REF back = raw;
  printf("%d %ld %s %ld\n", back[2].id, (back + 3)->val, back[N - 1].tag, back[N - 1].val);
  free(back);
}

static void good(void) {
  good_local();
  good_realloc();
  good_param();
  good_global();
  good_fnptr();
  good_unit();
  good_interior();
  good_libc();
  good_weak();
  good_loop();
  good_write();
  good_return();
  good_struct();
  good_void();
}
// GOOD: 2 30 r15 150
// GOOD-NEXT: 2 30 r15 150
// GOOD-NEXT: 2 30 r15 150
// GOOD-NEXT: 2 30 r15 150
// GOOD-NEXT: 2 30 r15 150
// GOOD-NEXT: 2 30 r15 150
// GOOD-NEXT: 2 30 r15 150
// GOOD-NEXT: interior 8 1
// GOOD-NEXT: libc 1
// GOOD-NEXT: 2 30 r15 150
// GOOD-NEXT: weak 0
// GOOD-NEXT: 2 30 r15 150
// GOOD-NEXT: 2 30 r15 150
// GOOD-NEXT: 2 30 r15 150
// GOOD-NEXT: 2 30 r15 150
// GOOD-NEXT: end good

static const struct {
  const char *name;
  void (*run)(void);
} cases[] = {
    {"good", good},
    {"local-uaf", bad_local_uaf},
    {"local-df", bad_local_df},
    {"realloc-uaf", bad_realloc_uaf},
    {"param-uaf", bad_param_uaf},
    {"param-df", bad_param_df},
    {"global-uaf", bad_global_uaf},
    {"global-df", bad_global_df},
    {"fnptr-uaf", bad_fnptr_uaf},
    {"fnptr-df", bad_fnptr_df},
    {"unit-uaf", bad_unit_uaf},
    {"unit-df", bad_unit_df},
    {"interior-uaf", bad_interior_uaf},
    {"libc-uaf", bad_libc_uaf},
    {"weak-uaf", bad_weak_uaf},
    {"loop-df", bad_loop_df},
    {"write-uaf", bad_write_uaf},
    {"return-uaf", bad_return_uaf},
    {"struct-uaf", bad_struct_uaf},
    {"struct-df", bad_struct_df},
    {"void-uaf", bad_void_uaf},
    {"void-df", bad_void_df},
};

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "good";
  size_t i;
  setvbuf(stdout, NULL, _IONBF, 0);
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
    if (!strcmp(mode, cases[i].name)) {
      cases[i].run();
      printf("end %s\n", mode);
      return 0;
    }
  return 2;
}
// NOEND-NOT: {{^}}end 
