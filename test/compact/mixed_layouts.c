// A program whose translation units use different reference layouts (or a
// layout other than its runtime's) is rejected at start-up, before any
// constructor or main: the report names the runtime's layout and each unit
// with its layout. genref-audit shows the same (layout=compact /
// layout=fat per unit, the runtime's layout, REJECTED, exit 1). The same
// units built with one layout run.
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %obj_root/bin/genref-cc --layout=compact -c %s -o %t.dir/main_compact.o
// RUN: %obj_root/bin/genref-cc --layout=fat -c %s -o %t.dir/main_fat.o
// RUN: %obj_root/bin/genref-cc --layout=compact -c %S/Inputs/mixed/helper.c -o %t.dir/helper_compact.o
// RUN: %obj_root/bin/genref-cc --layout=fat -c %S/Inputs/mixed/helper.c -o %t.dir/helper_fat.o
//
// Compact main, fat helper, compact runtime.
// RUN: %obj_root/bin/genref-cc --layout=compact %t.dir/main_compact.o %t.dir/helper_fat.o -o %t.dir/mixed_c
// RUN: not %run %t.dir/mixed_c 2>&1 | FileCheck --check-prefixes=MIXED,RT-COMPACT %s
// RUN: not genref-audit %t.dir/mixed_c | FileCheck --check-prefixes=AUDIT,AUDIT-RT-COMPACT %s
// Compact main, fat helper, fat runtime.
// RUN: %obj_root/bin/genref-cc --layout=fat %t.dir/main_compact.o %t.dir/helper_fat.o -o %t.dir/mixed_f
// RUN: not %run %t.dir/mixed_f 2>&1 | FileCheck --check-prefixes=MIXED,RT-FAT %s
// RUN: not genref-audit %t.dir/mixed_f | FileCheck --check-prefixes=AUDIT,AUDIT-RT-FAT %s
// MIXED-NOT: constructor ran
// MIXED-NOT: main ran
// MIXED: ERROR: genref: translation units built with different reference layouts
// RT-COMPACT-NEXT: the runtime: layout compact
// RT-FAT-NEXT: the runtime: layout fat
// MIXED-DAG: {{.*}}mixed_layouts.c: layout compact
// MIXED-DAG: {{.*}}helper.c: layout fat
// MIXED: Build every translation unit with the same -fplugin-arg-genref-layout= (genref-cc --layout=).
// MIXED-NEXT: SUMMARY: genref: mixed-layouts
// MIXED-NOT: constructor ran
// MIXED-NOT: main ran
// AUDIT-RT-COMPACT: runtime: layout=compact
// AUDIT-RT-FAT: runtime: layout=fat
// AUDIT-DAG: {{.*}}mixed_layouts.c: mode=resilient layout=compact
// AUDIT-DAG: {{.*}}helper.c: mode=resilient layout=fat
// AUDIT: verdict: REJECTED
//
// Every unit compact, the runtime fat: rejected too.
// RUN: %obj_root/bin/genref-cc --layout=fat %t.dir/main_compact.o %t.dir/helper_compact.o -o %t.dir/rt_mismatch
// RUN: not %run %t.dir/rt_mismatch 2>&1 | FileCheck --check-prefix=RTMIS %s
// RUN: not genref-audit %t.dir/rt_mismatch | FileCheck --check-prefix=AUDIT-RTMIS %s
// RTMIS-NOT: main ran
// RTMIS: ERROR: genref: translation units built with different reference layouts
// RTMIS-NEXT: the runtime: layout fat
// RTMIS-DAG: {{.*}}mixed_layouts.c: layout compact
// RTMIS-DAG: {{.*}}helper.c: layout compact
// RTMIS: SUMMARY: genref: mixed-layouts
// AUDIT-RTMIS: runtime: layout=fat
// AUDIT-RTMIS-DAG: {{.*}}mixed_layouts.c: mode=resilient layout=compact
// AUDIT-RTMIS-DAG: {{.*}}helper.c: mode=resilient layout=compact
// AUDIT-RTMIS: verdict: REJECTED
//
// One layout throughout: runs, and the audit says ok.
// RUN: %obj_root/bin/genref-cc --layout=compact %t.dir/main_compact.o %t.dir/helper_compact.o -o %t.dir/all_compact
// RUN: %run %t.dir/all_compact | FileCheck --check-prefix=RUNS %s
// RUN: genref-audit %t.dir/all_compact | FileCheck --check-prefixes=AUDIT-OK,AUDIT-OK-COMPACT %s
// RUN: %obj_root/bin/genref-cc --layout=fat %t.dir/main_fat.o %t.dir/helper_fat.o -o %t.dir/all_fat
// RUN: %run %t.dir/all_fat | FileCheck --check-prefix=RUNS %s
// RUN: genref-audit %t.dir/all_fat | FileCheck --check-prefixes=AUDIT-OK,AUDIT-OK-FAT %s
// RUNS: constructor ran
// RUNS-NEXT: main ran 7 next 7
// AUDIT-OK-COMPACT: runtime: layout=compact
// AUDIT-OK-COMPACT-DAG: {{.*}}mixed_layouts.c: mode=resilient layout=compact
// AUDIT-OK-COMPACT-DAG: {{.*}}helper.c: mode=resilient layout=compact
// AUDIT-OK-FAT: runtime: layout=fat
// AUDIT-OK-FAT-DAG: {{.*}}mixed_layouts.c: mode=resilient layout=fat
// AUDIT-OK-FAT-DAG: {{.*}}helper.c: mode=resilient layout=fat
// AUDIT-OK: verdict: ok
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
  struct node *GR_REF next;
};
int node_value(struct node *GR_REF n);

__attribute__((constructor(101))) static void early(void) {
  printf("constructor ran\n");
  fflush(stdout);
}

int main(void) {
  struct node *GR_REF n = malloc(sizeof(struct node));
  n->v = 7;
  n->next = n;
  printf("main ran %d next %d\n", node_value(n), node_value(n->next));
  n->next = NULL;
  free(n);
  return 0;
}
