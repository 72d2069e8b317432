// The plugin in every compile mode: -c (an object that links with the
// runtime), -S (assembly with the check's cold call), -S -emit-llvm (IR
// calling the genref heap), -g (the DWARF line table names the original
// file and has rows on the dereference's original line; a report's
// symbolized frame gives that line), -MD (the .d file names the original
// source and headers, one target), __LINE__ and __FILE__ unchanged. Fast
// mode (lit --param mode=fast) has no check, so no cold call (CHECKED-*).
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %plugin_cc -O0 -c %s -o %t.dir/o0.o
// RUN: %plugin_cc %t.dir/o0.o -o %t.dir/prog %rt
// RUN: %run %t.dir/prog | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t.dir/prog bug 2>&1 | FileCheck --check-prefix=BUG %s %}
// RUN: %plugin_cc -O2 -S %s -o %t.dir/o2.s
// RUN: FileCheck %if mode-fast %{--check-prefix=ASM%} %else %{--check-prefixes=ASM,CHECKED-ASM%} %s < %t.dir/o2.s
// RUN: %plugin_cc -O1 -S -emit-llvm %s -o %t.dir/o1.ll
// RUN: FileCheck %if mode-fast %{--check-prefix=IR%} %else %{--check-prefixes=IR,CHECKED-IR%} %s < %t.dir/o1.ll
// RUN: llvm-dwarfdump-19 --debug-line %t.dir/o0.o | FileCheck --check-prefix=DWARF %s
// RUN: cd %t.dir && %plugin_cc -MD -c %s -o dep.o
// RUN: FileCheck --check-prefix=DEP %s < %t.dir/dep.d
// CHECKED-ASM-DAG: call{{.*}}_gr_report_stale
// ASM-DAG: call{{.*}}gr_alloc
// IR-DAG: call {{.*}}@gr_alloc(i64 noundef 4)
// CHECKED-IR-DAG: call void @_gr_report_stale(
// Rewritten units get DWARF 4 (no MD5 of text the user never wrote; see
// tc_debug_checksum.c); the main file's entry is found by name.
// DWARF: version: 4
// DWARF: file_names[{{ *}}[[MAINFILE:[0-9]+]]]:
// DWARF-NEXT: name: "{{.*}}tc_outputs.c"
// DEP: {{^}}dep.o: {{.*}}tc_outputs.c
// DEP: genref.h
// DEP-NOT: {{^[^ ].*:}}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

static int get(struct node *GR_REF p) {
  return p->v;
  // DWARF: {{^0x[0-9a-f]+ +}}[[@LINE-1]]{{ +[0-9]+ +}}[[MAINFILE]] 
  // BUG: ERROR: genref: use-after-free
  // BUG-NEXT: at {{.*}}tc_outputs.c:[[@LINE-3]]:11 in get
  // BUG: #0 {{.*}} in get {{.*}}tc_outputs.c:[[@LINE-4]]
}

int main(int argc, char **argv) {
  struct node *GR_REF p = malloc(sizeof(struct node));
  p->v = __LINE__;
  // OK: v [[@LINE-1]] line [[@LINE+1]] file {{.*}}tc_outputs.c
  printf("v %d line %d file %s\n", get(p), __LINE__, __FILE__);
  fflush(stdout);
  if (argc > 1 && !strcmp(argv[1], "bug")) {
    free(p);
    get(p);
  }
  // BUG-NEXT: #1 {{.*}} in main {{.*}}tc_outputs.c:[[@LINE-2]]
  return 0;
}
