// Several translation units sharing one annotated header, compiled by one
// plugin command line (three inputs: each is rewritten on its own, the
// header once per unit) and linked with the runtime; the same units
// through genref-cc in one command, and each unit separately (-c) then
// linked. A reference kept in this unit to an item that another unit freed
// is caught.
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %plugin_cc -O2 -I%S/Inputs/multi_tu %s %S/Inputs/multi_tu/push.c %S/Inputs/multi_tu/pop.c -o %t.dir/one %rt
// RUN: %run %t.dir/one | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t.dir/one bug 2>&1 | FileCheck --check-prefix=BUG %s %}
// RUN: %genref_cc -O0 -g -I%S/Inputs/multi_tu %s %S/Inputs/multi_tu/push.c %S/Inputs/multi_tu/pop.c -o %t.dir/cc
// RUN: %run %t.dir/cc | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t.dir/cc bug 2>&1 | FileCheck --check-prefix=BUG %s %}
// RUN: %plugin_cc -I%S/Inputs/multi_tu -c %s -o %t.dir/main.o
// RUN: %plugin_cc -I%S/Inputs/multi_tu -c %S/Inputs/multi_tu/push.c -o %t.dir/push.o
// RUN: %plugin_cc -I%S/Inputs/multi_tu -c %S/Inputs/multi_tu/pop.c -o %t.dir/pop.o
// RUN: %plugin_cc %t.dir/main.o %t.dir/push.o %t.dir/pop.o -o %t.dir/sep %rt
// RUN: %run %t.dir/sep | FileCheck --check-prefix=OK %s
#include <stdio.h>
#include <string.h>
#include "list.h"

int main(int argc, char **argv) {
  int bug = argc > 1 && strcmp(argv[1], "bug") == 0;
  for (int i = 1; i <= 3; i++)
    list_push(i * 10);
  item_ref top = list_head;
  // OK: top 30 next 20
  printf("top %d next %d\n", top->value, top->next->value);
  fflush(stdout);
  int a = list_pop();
  // OK-NEXT: popped 30 alive 0
  printf("popped %d alive %d\n", a, gr_alive(top));
  fflush(stdout);
  if (bug)
    printf("%d\n", top->value); // BUG: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct item')
  // BUG-NEXT: at {{.*}}tc_multi_tu.c:[[@LINE-1]]:23 in main
  int b = list_pop(), c = list_pop(), d = list_pop();
  // OK-NEXT: rest 20 10 -1
  printf("rest %d %d %d\n", b, c, d);
  return 0;
}
