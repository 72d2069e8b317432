// Use after free, one way per argv switch: a field read, a field write, a
// whole-struct copy (struct node copy = *p;) and a call that takes a raw
// pointer (the unwrap at the call is checked; in fast mode it is not, as
// no GR_REF use is). Each is stopped with a
// report at the access, naming the type, the generations and "freed", and
// the program exits non-zero before the access happens (the field write's
// value is never stored). Without a switch the same code runs correctly on
// a live object and exits 0.
// REQUIRES: plugin
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %run %t2 | FileCheck --check-prefix=OK %s
// RUN: %run %t2 read-live | FileCheck --check-prefixes=OK,READ-LIVE %s
// RUN: %run %t2 write-live | FileCheck --check-prefix=WRITE-LIVE %s
// RUN: %run %t2 copy-live | FileCheck --check-prefixes=OK,COPY-LIVE %s
// RUN: %run %t2 call-live | FileCheck --check-prefixes=OK,CALL-LIVE %s
// RUN: %if !mode-fast %{ not %run %t0 read 2>&1 | FileCheck --check-prefixes=UAF,READ %s %}
// RUN: %if !mode-fast %{ not %run %t2 read 2>&1 | FileCheck --check-prefixes=UAF,READ %s %}
// RUN: %if !mode-fast %{ not %run %t0 write 2>&1 | FileCheck --check-prefixes=UAF,WRITE %s %}
// RUN: %if !mode-fast %{ not %run %t2 write 2>&1 | FileCheck --check-prefixes=UAF,WRITE %s %}
// RUN: %if !mode-fast %{ not %run %t0 copy 2>&1 | FileCheck --check-prefixes=UAF,COPY %s %}
// RUN: %if !mode-fast %{ not %run %t2 copy 2>&1 | FileCheck --check-prefixes=UAF,COPY %s %}
// RUN: %if !mode-fast %{ not %run %t0 call 2>&1 | FileCheck --check-prefixes=UAF,CALL %s %}
// RUN: %if !mode-fast %{ not %run %t2 call 2>&1 | FileCheck --check-prefixes=UAF,CALL %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int value;
  char name[12];
};

// Unannotated: takes a raw pointer.
static int name_len(const struct node *n) { return (int)strlen(n->name); }

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  struct node *GR_REF p = malloc(sizeof(struct node));
  p->value = 7;
  strcpy(p->name, "seven");
  struct node *GR_REF alias = p;
  // A bug-free run uses the object while it lives; a buggy one frees first.
  int bug = !strcmp(mode, "read") || !strcmp(mode, "write") || !strcmp(mode, "copy") ||
            !strcmp(mode, "call");
  if (bug)
    free(p);
  // UAF: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  if (!strncmp(mode, "read", 4))
    printf("read %d\n", alias->value);
  // READ-NEXT: at {{.*}}det_uaf_access.c:[[@LINE-1]]:30 in main
  if (!strncmp(mode, "write", 5))
    alias->value = 99;
  // WRITE-NEXT: at {{.*}}det_uaf_access.c:[[@LINE-1]]:10 in main
  if (!strncmp(mode, "copy", 4)) {
    struct node copy = *alias;
    // COPY-NEXT: at {{.*}}det_uaf_access.c:[[@LINE-1]]:24 in main
    printf("copy %d %s\n", copy.value, copy.name);
  }
  if (!strncmp(mode, "call", 4))
    printf("call %d\n", name_len(alias));
  // CALL-NEXT: at {{.*}}det_uaf_access.c:[[@LINE-1]]:34 in main
  // UAF-NEXT: the reference was made at generation {{[0-9]+}}; the object is now at generation {{[0-9]+}}: it was freed
  // UAF: SUMMARY: genref: use-after-free {{.*}}det_uaf_access.c:{{[0-9]+}} in main
  // UAF-NOT: written
  // READ-LIVE: read 7
  // COPY-LIVE: copy 7 seven
  // CALL-LIVE: call 5
  // WRITE-LIVE: value 99 name seven
  // OK: value 7 name seven
  printf("value %d name %s\n", p->value, p->name);
  // OK-NOT: ERROR
  if (!bug)
    free(p);
  return 0;
}
