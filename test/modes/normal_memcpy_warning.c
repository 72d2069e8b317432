// Normal mode cannot count references copied by memcpy/memmove: the plugin
// warns at the call (a warning, not an error: the unit still compiles and
// runs) and suggests assignment. No warning for memset, for structs that
// hold only GR_WEAK references, or in resilient mode. (Until a9b1e54 it
// was an error: BUG 9.)
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_cc --mode=normal -O2 -g %s -o %t.dir/n 2> %t.dir/warn.txt
// RUN: FileCheck --check-prefix=WARN %s --implicit-check-not=warning: --implicit-check-not=error: < %t.dir/warn.txt
// RUN: %run %t.dir/n | FileCheck --check-prefix=OK %s
// (-Werror and -w: normal_memcpy_werror.c.)
// Resilient mode does not count: no warning.
// RUN: %genref_cc -Werror -O2 %s -o %t.dir/r 2>&1 | count 0
// RUN: %run %t.dir/r | FileCheck --check-prefix=OK %s
#include <stdio.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

struct pair {
  long tag;
  struct node *GR_REF ref;
};

struct weak_pair {
  long tag;
  struct node *GR_WEAK ref;
};

int main(void) {
  struct node n = {7};
  struct pair a = {1, &n};
  struct pair b;
  memcpy(&b, &a, sizeof b);
  // WARN: normal_memcpy_warning.c:[[@LINE-1]]:3: warning: genref: memcpy copies GR_REF references that normal mode cannot count
  // WARN-NEXT: memcpy(&b, &a, sizeof b);
  // WARN: note: assign the struct (a = b) or the references one by one instead, so dangling references are still found at free
  struct pair c;
  memmove(&c, &b, sizeof c);
  // WARN: normal_memcpy_warning.c:[[@LINE-1]]:3: warning: genref: memmove copies GR_REF references that normal mode cannot count
  struct weak_pair w1 = {2, &n}, w2;
  memcpy(&w2, &w1, sizeof w2);
  memset(&c, 0, sizeof c);
  // OK: copied 7 7 weak 7 cleared 1
  printf("copied %d %d weak %d cleared %d\n", b.ref->v, a.ref->v, w2.ref->v, c.ref == NULL);
  memset(&b, 0, sizeof b); // the uncounted copy goes away uncounted
  a.ref = NULL;
  return 0;
}
