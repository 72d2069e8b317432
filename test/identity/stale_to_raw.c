// C copies dangling pointer values routinely (a cleared cache slot, a
// union of pointer views, a debugging field). Copying a stale reference
// into a raw variable, a raw struct field or a raw union member is not a
// report: the program prints "copied" and runs on. What the copy is later
// used for is caught: reading through it is use-after-free (at the line of
// the read, from the fault the raw value causes), freeing it is a double
// free at the line. Passing the stale reference straight to a function
// that takes a raw pointer stays a report at the call, as on main.
// REQUIRES: plugin
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t0 local 2>&1 | FileCheck --check-prefix=COPIED %s --implicit-check-not=genref
// RUN: %run %t2 local 2>&1 | FileCheck --check-prefix=COPIED %s --implicit-check-not=genref
// RUN: %run %t0 field 2>&1 | FileCheck --check-prefix=COPIED %s --implicit-check-not=genref
// RUN: %run %t2 field 2>&1 | FileCheck --check-prefix=COPIED %s --implicit-check-not=genref
// RUN: %run %t0 union 2>&1 | FileCheck --check-prefix=COPIED %s --implicit-check-not=genref
// RUN: %run %t2 union 2>&1 | FileCheck --check-prefix=COPIED %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not %run %t0 local-read 2>&1 | FileCheck --check-prefixes=READ,LOCAL-READ %s %}
// RUN: %if !mode-fast %{ not %run %t2 local-read 2>&1 | FileCheck --check-prefixes=READ,LOCAL-READ %s %}
// RUN: %if !mode-fast %{ not %run %t0 field-read 2>&1 | FileCheck --check-prefixes=READ,FIELD-READ %s %}
// RUN: %if !mode-fast %{ not %run %t2 field-read 2>&1 | FileCheck --check-prefixes=READ,FIELD-READ %s %}
// RUN: %if !mode-fast %{ not %run %t0 union-read 2>&1 | FileCheck --check-prefixes=READ,UNION-READ %s %}
// RUN: %if !mode-fast %{ not %run %t2 union-read 2>&1 | FileCheck --check-prefixes=READ,UNION-READ %s %}
// RUN: not %run %t0 local-free 2>&1 | FileCheck --check-prefix=FREE %s
// RUN: not %run %t2 local-free 2>&1 | FileCheck --check-prefix=FREE %s
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t0 call 2>&1 | FileCheck --check-prefix=CALL %s
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t2 call 2>&1 | FileCheck --check-prefix=CALL %s
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int value;
  int pad;
};

struct cache_entry {
  int key;
  struct node *last; // raw: a hint, may dangle
};

union view {
  struct node *as_node;
  void *as_any;
  uintptr_t as_bits;
};

// Unannotated: takes a raw pointer.
static __attribute__((noinline)) int node_value(struct node *n) { return n->value; }

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IONBF, 0);
  struct node *GR_REF ref = malloc(sizeof(struct node));
  ref->value = 42;
  ref->pad = 0;
  // OK: live 42
  printf("live %d\n", node_value(ref));
  if (!*mode) {
    free(ref);
    // OK-NEXT: done
    printf("done\n");
    return 0;
  }
  free(ref);
  struct node *raw = NULL;
  struct cache_entry entry = {1, NULL};
  union view v;
  v.as_any = NULL;
  if (!strncmp(mode, "local", 5))
    raw = ref;
  if (!strncmp(mode, "field", 5))
    entry.last = ref;
  if (!strncmp(mode, "union", 5))
    v.as_node = ref;
  // COPIED: copied
  printf("copied\n");
  // COPIED-NEXT: done
  // READ-NOT: done
  // FREE-NOT: done
  if (!strcmp(mode, "local-read"))
    printf("read %d\n", raw->value);
  // READ: ERROR: genref: use-after-free
  // LOCAL-READ: stale_to_raw.c:[[@LINE-2]]
  if (!strcmp(mode, "field-read"))
    printf("read %d\n", entry.last->value);
  // FIELD-READ: stale_to_raw.c:[[@LINE-1]]
  if (!strcmp(mode, "union-read"))
    printf("read %d\n", v.as_node->value);
  // UNION-READ: stale_to_raw.c:[[@LINE-1]]
  // READ: SUMMARY: genref: use-after-free
  // READ-NOT: read
  if (!strcmp(mode, "local-free"))
    free(raw);
  // FREE: ERROR: genref: double-free
  // FREE: stale_to_raw.c:[[@LINE-2]]
  // FREE: SUMMARY: genref: double-free
  if (!strcmp(mode, "call"))
    printf("call %d\n", node_value(ref));
  // CALL: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  // CALL-NEXT: at {{.*}}stale_to_raw.c:[[@LINE-2]]:{{[0-9]+}} in main
  // CALL: SUMMARY: genref: use-after-free {{.*}}stale_to_raw.c:[[@LINE-3]] in main
  // CALL-NOT: call
  printf("done\n");
  return 0;
}
