// The whitelist check runs before every user constructor, including one of
// the earliest priority a program may use (101): a rejected fast unit runs
// no code at all.
// (Guards BUG 10, fixed in a9b1e54: the check was a priority-101
// constructor; the user's, linked first, ran before it.)
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_cc --mode=fast -O2 -g %s -o %t.dir/norule
// RUN: not %run %t.dir/norule > %t.dir/norule.out 2>&1
// RUN: FileCheck --check-prefix=REJECT %s --implicit-check-not=constructor --implicit-check-not="main ran" < %t.dir/norule.out
// RUN: %genref_cc --mode=fast --allow-unchecked='modes/whitelist_ctor_priority.c' -O2 -g %s -o %t.dir/ok
// RUN: %run %t.dir/ok 2>&1 | FileCheck --check-prefix=RUNS %s --implicit-check-not=genref
// REJECT: ERROR: genref: unchecked code this program's whitelist does not allow
// REJECT-NEXT: {{/.*}}/test/modes/whitelist_ctor_priority.c: compiled in fast mode
// REJECT: SUMMARY: genref: unchecked-code-not-allowed
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

struct node *GR_REF early_node;

__attribute__((constructor(101))) static void early_constructor(void) {
  printf("early constructor entered\n");
  fflush(stdout);
  early_node = malloc(sizeof(struct node));
  early_node->v = 101; // an unchecked dereference, before the check
  printf("early constructor ran %d\n", early_node->v);
  fflush(stdout);
}

__attribute__((constructor)) static void late_constructor(void) {
  printf("late constructor ran\n");
  fflush(stdout);
}

int main(void) {
  // RUNS: early constructor entered
  // RUNS-NEXT: early constructor ran 101
  // RUNS-NEXT: late constructor ran
  // RUNS-NEXT: main ran 101
  printf("main ran %d\n", early_node->v);
  free(early_node);
  return 0;
}
