// Struct assignment of a weakable struct used as a statement (the common
// case) stays plain C (the generation is not in the struct) and compiles
// warning-free with gcc too (-Wall -Wextra -Werror), like every other
// rewritten construct.
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// RUN: %if mode-resilient %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s %}
// RUN: %gcc -O2 %t.rw.c -o %t.gcc %rt && %run %t.gcc | FileCheck %s
// RUN: %cc -O2 %t.rw.c -o %t.rw %rt && %run %t.rw | FileCheck %s
#include <stdio.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

int main(void) {
  struct node a = {1}, b = {2};
  struct node *GR_REF ra = &a;
  a = b;
  // REWRITE: {{^}}  (*__gr_obj_a) = b;
  // CHECK: assigned 2 alive 1
  printf("assigned %d alive %d\n", ra->v, gr_alive(ra));
  return 0;
}
