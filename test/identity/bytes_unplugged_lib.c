// A library built without the plugin and without genref.h
// (Inputs/blobstore.c, plain clang, as a third-party library is) stores
// copies of the program's weakable objects by memcpy, copies them back
// into other live objects, swaps two live objects' contents, and hands
// back a malloc'ed copy that the program adopts through a reference. All
// silent with the right values; the adopted copy is protected like any
// object (use-after-free at the line after its free).
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %cc -O0 -c %S/Inputs/blobstore.c -o %t.dir/blobstore0.o
// RUN: %cc -O2 -c %S/Inputs/blobstore.c -o %t.dir/blobstore2.o
// RUN: %plugin_cc -O0 -I%S/Inputs %s %t.dir/blobstore0.o -o %t.dir/p0 %rt
// RUN: %plugin_cc -O2 -I%S/Inputs %s %t.dir/blobstore2.o -o %t.dir/p2 %rt
// RUN: %run %t.dir/p0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t.dir/p2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "blobstore.h"
#include "genref.h"

struct GR_WEAKABLE doc {
  int version;
  int words;
  char title[16];
};

static struct doc *GR_REF doc_new(int version, int words, const char *title) {
  struct doc *GR_REF d = malloc(sizeof(struct doc));
  d->version = version;
  d->words = words;
  snprintf(d->title, sizeof d->title, "%s", title);
  return d;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IONBF, 0);
  struct blobstore *history = blobstore_new(sizeof(struct doc));
  struct doc *GR_REF d = doc_new(1, 10, "draft");
  int i;
  // An undo history: a snapshot per edit.
  for (i = 0; i < 5; i++) {
    blobstore_put(history, d);
    d->version++;
    d->words += 100;
  }
  // OK: now 6 510 draft
  printf("now %d %d %s\n", d->version, d->words, d->title);
  // Undo twice: restore snapshot 3 into the live object.
  blobstore_get(history, 3, d);
  struct doc older;
  struct doc *GR_REF oref = &older;
  blobstore_get(history, 0, &older);
  // OK-NEXT: undone 4 310 oldest 1 10 draft
  printf("undone %d %d oldest %d %d %s\n", d->version, d->words, oref->version, oref->words,
         oref->title);
  struct doc *GR_REF other = doc_new(50, 5, "other");
  blob_swap(d, other, sizeof(struct doc));
  // OK-NEXT: swapped 50 other 4 draft
  printf("swapped %d %s %d %s\n", d->version, d->title, other->version, other->title);
  struct doc *GR_REF copy = blobstore_dup(history, 4);
  copy->words++;
  // OK-NEXT: copy 5 411 draft
  printf("copy %d %d %s\n", copy->version, copy->words, copy->title);
  blobstore_free(history);
  free(other);
  free(d);
  free(copy);
  if (!strcmp(mode, "uaf"))
    printf("stale %d\n", copy->version);
  // UAF: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct doc')
  // UAF-NEXT: at {{.*}}bytes_unplugged_lib.c:[[@LINE-2]]:{{[0-9]+}} in main
  // UAF: SUMMARY: genref: use-after-free {{.*}}bytes_unplugged_lib.c:[[@LINE-3]] in main
  // UAF-NOT: stale
  // OK-NEXT: done
  printf("done\n");
  return 0;
}
