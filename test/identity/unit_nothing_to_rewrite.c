// A unit that includes genref.h but has nothing for the plugin to rewrite
// (Inputs/slabpool.c: a pool that only calls GR_MALLOCLIKE_BLOCK and
// GR_FREELIKE_BLOCK) is still a plugged unit: the program starts (no
// "compiled without the genref plugin" stop before main), and the pool's
// block calls are compiled, so a use through a reference after
// slabpool_put is use-after-free at the line, also once the pool handed
// the memory to a new object. Built as C89 with -pedantic, as the library
// might be, and through genref-cc as well as -fplugin.
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %plugin_cc -std=c89 -pedantic -O0 -c %S/Inputs/slabpool.c -o %t.dir/pool0.o
// RUN: %genref_cc -std=c89 -pedantic -Werror -O2 -I%src_root/annotations -c %S/Inputs/slabpool.c -o %t.dir/pool2.o
// RUN: %plugin_cc -O0 -I%S/Inputs %s %t.dir/pool0.o -o %t.dir/p0 %rt
// RUN: %plugin_cc -O2 -I%S/Inputs %s %t.dir/pool2.o -o %t.dir/p2 %rt
// RUN: %run %t.dir/p0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t.dir/p2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 reused 2>&1 | FileCheck --check-prefix=REUSED %s %}
// The same pool unit built by plain clang is unplugged, and says so.
// RUN: %cc -O2 -I%src_root/annotations -c %S/Inputs/slabpool.c -o %t.dir/poolplain.o
// RUN: %plugin_cc -O2 -I%S/Inputs %s %t.dir/poolplain.o -o %t.dir/pplain %rt
// RUN: not %run %t.dir/pplain 2>&1 | FileCheck --check-prefix=UNPLUGGED %s
// UNPLUGGED: slabpool.c: includes genref.h but was compiled without the genref plugin
#include <stdio.h>
#include <string.h>
#include "genref.h"
#include "slabpool.h"

struct GR_WEAKABLE job {
  int id;
  char name[16];
};

int main(int argc, char **argv) {
  const char *how = argc > 1 ? argv[1] : "";
  struct job *GR_REF j = slabpool_get(sizeof *j);
  struct job *GR_REF k;
  j->id = 1;
  strcpy(j->name, "first");
  printf("job %d %s\n", j->id, j->name);
  slabpool_put(j);
  if (strcmp(how, "uaf") == 0)
    printf("stale %d\n", j->id);
  // UAF: ERROR: genref: use-after-free
  // UAF-NEXT: at {{.*}}unit_nothing_to_rewrite.c:[[@LINE-2]]:
  k = slabpool_get(sizeof *k); /* the same slot again */
  k->id = 2;
  strcpy(k->name, "second");
  if (strcmp(how, "reused") == 0)
    printf("stale %d\n", j->id);
  // REUSED: ERROR: genref: use-after-free
  // REUSED-NEXT: at {{.*}}unit_nothing_to_rewrite.c:[[@LINE-2]]:
  printf("job %d %s\n", k->id, k->name);
  slabpool_put(k);
  puts("done");
  return 0;
}
// OK: job 1 first
// OK-NEXT: job 2 second
// OK-NEXT: done
// UAF: SUMMARY: genref: use-after-free
// REUSED: SUMMARY: genref: use-after-free
