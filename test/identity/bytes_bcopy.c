// bcopy (BSD order: source first) copying whole objects between live
// objects with different histories: a static template into a heap object,
// a heap object into a stack object, overlapping elements of a heap array
// (bcopy is memmove). Used through references afterwards: the values are
// the copied ones, nothing is reported; the heap target is still caught
// after its free.
// (-D_GNU_SOURCE: bcopy is declared in <strings.h> under POSIX/BSD.)
// REQUIRES: plugin
// RUN: %plugin_cc -D_GNU_SOURCE -O0 %s -o %t0 %rt
// RUN: %plugin_cc -D_GNU_SOURCE -O2 %s -o %t2 %rt
// RUN: %run %t0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "genref.h"

struct GR_WEAKABLE opt {
  int level;
  int flags;
  char name[12];
};

static struct opt template_opt = {3, 0x10, "tmpl"};

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IONBF, 0);
  int i;
  for (i = 0; i < 10; i++)
    free(malloc(sizeof(struct opt)));
  struct opt *GR_REF h = malloc(sizeof(struct opt));
  bcopy(&template_opt, h, sizeof *h);
  h->level++;
  struct opt s;
  struct opt *GR_REF sref = &s;
  bcopy(h, &s, sizeof s);
  struct opt *arr = malloc(5 * sizeof *arr);
  for (i = 0; i < 5; i++) {
    arr[i].level = i;
    arr[i].flags = 0;
    snprintf(arr[i].name, sizeof arr[i].name, "e%d", i);
  }
  bcopy(&arr[0], &arr[1], 4 * sizeof arr[0]); // shift right by one, overlapping
  struct opt *GR_REF e4 = &arr[4];
  struct opt *GR_REF e0 = &arr[0];
  // OK: heap 4 16 tmpl stack 4 tmpl shifted e0 e0 e3 3
  printf("heap %d %d %s stack %d %s shifted %s %s %s %d\n", h->level, h->flags, h->name,
         sref->level, sref->name, e0->name, arr[1].name, e4->name, e4->level);
  free(arr);
  free(h);
  if (!strcmp(mode, "uaf"))
    printf("stale %d\n", h->level);
  // UAF: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct opt')
  // UAF-NEXT: at {{.*}}bytes_bcopy.c:[[@LINE-2]]:{{[0-9]+}} in main
  // UAF: SUMMARY: genref: use-after-free {{.*}}bytes_bcopy.c:[[@LINE-3]] in main
  // UAF-NOT: stale
  // OK-NEXT: done
  printf("done\n");
  return 0;
}
