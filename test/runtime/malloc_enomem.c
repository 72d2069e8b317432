// C's allocation functions fail as C says: NULL with errno ENOMEM, for a
// size no heap can give (larger than the arena) and for a count * size
// that overflows; the failure leaves the program running and the heap
// usable. malloc is gr_alloc itself (a tail call), so gr_alloc sets errno.
// -fno-builtin: clang otherwise assumes malloc leaves errno alone and
// folds the errno tests away.
// RUN: %cc -O1 -fno-builtin %s -o %t %rt && %run %t | FileCheck %s
// RUN: %cc -O1 -fno-builtin %s -o %t.so %rt_shared && %run %t.so | FileCheck %s
// CHECK: malloc NULL ENOMEM, calloc NULL ENOMEM, realloc NULL ENOMEM (old kept), gr_alloc NULL ENOMEM; then 64 bytes
#define _GNU_SOURCE
#include "genref/rt.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Opaque to the optimizer: clang folds malloc(huge) to NULL otherwise. */
static size_t huge(void) {
  static volatile size_t v = SIZE_MAX / 2;
  return v;
}

static const char *how(void *p) {
  return !p && errno == ENOMEM ? "NULL ENOMEM" : "unexpected";
}

int main(void) {
  errno = 0;
  void *a = malloc(huge());
  const char *ma = how(a);
  errno = 0;
  void *b = calloc(huge(), 4);
  const char *cb = how(b);
  char *keep = malloc(16);
  strcpy(keep, "kept");
  errno = 0;
  void *c = realloc(keep, huge());
  const char *rc = how(c);
  errno = 0;
  void *d = gr_alloc(huge());
  const char *gd = how(d);
  void *e = malloc(64);
  printf("malloc %s, calloc %s, realloc %s (old %s), gr_alloc %s; then %zu bytes\n",
         ma, cb, rc, strcmp(keep, "kept") == 0 ? "kept" : "lost", gd,
         e ? (size_t)64 : (size_t)0);
  free(keep);
  free(e);
  return 0;
}
