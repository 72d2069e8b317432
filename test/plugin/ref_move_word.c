/* Moving a compact reference (p++, p + i, p -= n) adds to its whole word
 * and sets the interior bit (ref.h, _gr_ref_moved): the address is the
 * word's low bits and every address ends below 2^47, so the generation
 * rides along without masking and repacking (it took an `and` of the
 * address, an `and` of the generation, the add and two `or`s). The IR of
 * both moves (compact); then, in every pass: a reference moved away and
 * back, forward and backward, reaches its object and equals its start;
 * null + 0 is null; a moved reference still sees its object freed, at
 * its dereference's line.
 * REQUIRES: plugin
 * RUN: %if layout-compact %{ %plugin_cc -O2 -S -emit-llvm %s -o - | FileCheck --check-prefix=IR %s %}
 * RUN: %plugin_cc -std=c89 -pedantic -Wall -Wextra -Werror -O2 %s -o %t2 %rt
 * RUN: %plugin_cc -O0 %s -o %t0 %rt
 * RUN: %run %t2 | FileCheck --check-prefix=GOOD %s
 * RUN: %run %t0 | FileCheck --check-prefix=GOOD %s
 * RUN: %if !mode-fast %{ not %run %t2 stale 2>&1 | FileCheck --check-prefix=BAD %s %}
 * RUN: %if !mode-fast %{ not %run %t0 stale 2>&1 | FileCheck --check-prefix=BAD %s %}
 * RUN: %if !mode-fast %{ not %run %t2 stale-back 2>&1 | FileCheck --check-prefix=BAD-BACK %s %}
 * RUN: %if !mode-fast %{ not %run %t0 stale-back 2>&1 | FileCheck --check-prefix=BAD-BACK %s %}
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

/* IR-LABEL: define {{.*}} @step(
   IR-NOT: 140737488355327
   IR: add i64 %0, 1
   IR-NOT: and i64
   IR: or i64 %{{[0-9]+}}, 140737488355328
   IR-NOT: and i64
   IR: ret i64
*/
__attribute__((noinline)) char *GR_REF step(char *GR_REF p) { return p + 1; }

/* IR-LABEL: define {{.*}} @move(
   IR-NOT: 140737488355327
   IR: add i64
   IR-NOT: and i64
   IR: or i64 %{{[0-9]+}}, 140737488355328
   IR-NOT: and i64
   IR: ret i64
*/
__attribute__((noinline)) char *GR_REF move(char *GR_REF p, long by) { return p + by; }

struct rec {
  long key;
  char name[8];
};

/* A backward walk that ends one before the start, as real C does. */
static long sum_back(struct rec *GR_REF first, struct rec *GR_REF last) {
  long s = 0;
  struct rec *GR_REF r;
  for (r = last; r >= first; r--)
    s += r->key;
  return s;
}

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "good";
  char *GR_REF none = NULL;
  char *GR_REF q;
  char *GR_REF buf;
  struct rec *GR_REF recs;
  volatile long zero = 0;
  int i;

  q = none + 0;
  printf("null+0 %s\n", q == NULL ? "null" : "not null");
  q = move(none, zero);
  printf("null+zero %s\n", !q ? "null" : "not null");

  buf = malloc(16);
  strcpy(buf, "abcdef");
  q = step(step(buf));
  q = move(q, -2);
  q += zero;
  printf("back %c%c %s\n", q[0], step(q)[0], q == buf ? "equal" : "differ");

  recs = malloc(4 * sizeof *recs);
  for (i = 0; i < 4; i++) {
    recs[i].key = 10 * (i + 1);
    strcpy(recs[i].name, "r");
  }
  printf("sum %ld\n", sum_back(recs, recs + 3));

  q = step(buf);
  if (!strcmp(what, "stale")) {
    free(buf);
    printf("%c\n", q[1]); /* BAD: ERROR: genref: use-after-free
    BAD: ref_move_word.c:[[@LINE-1]]:{{[0-9]+}} in main
    */
  }
  if (!strcmp(what, "stale-back")) {
    struct rec *GR_REF last = recs + 3;
    free(recs);
    printf("%ld\n", (last - 1)->key); /* BAD-BACK: ERROR: genref: use-after-free
    BAD-BACK: ref_move_word.c:[[@LINE-1]]:{{[0-9]+}} in main
    */
  }
  printf("%s\n", q);
  free(buf);
  free(recs);
  return 0;
}

/* The good run:
   GOOD: null+0 null
   GOOD-NEXT: null+zero null
   GOOD-NEXT: back ab equal
   GOOD-NEXT: sum 100
   GOOD-NEXT: bcdef
   GOOD-NOT: ERROR
*/
