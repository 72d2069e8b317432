/* C's zero-initializer `{ 0 }` of a struct or array whose first member or
 * element is a reference: the `0` stays as written (brace elision
 * zero-initializes the gr_ref_t as it did the pointer), so clang's
 * exemption of exactly `{ 0 }` from -Wmissing-field-initializers and
 * -Wmissing-braces still holds; `{ gr_ref_null() }` was an error under
 * -Wextra -Werror where plain C builds clean. Other null initializers are
 * rewritten as before, in a braced list to GR_REF_NULL_INIT (C89 wants an
 * aggregate's initializers constant, automatic ones too: gr_ref_null()
 * there was an error under -std=c89 -pedantic -Werror), except where the
 * braces are elided, to GR_REF_NULL_ELIDED (the gr_ref_t's scalars: a
 * brace there would start the next subobject; those nulls were left
 * as written before, a compile error).
 * Static and automatic, nested, arrays; the rewrite
 * is idempotent, the program builds C89 -pedantic -Werror in every pass,
 * every reference starts null, and references stored later work (normal
 * mode: nothing counted for the zeros, so the frees are silent).
 * REQUIRES: plugin
 * RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
 * RUN: FileCheck --check-prefix=REWRITE --input-file=%t.rw.c %s
 * RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
 * RUN: diff %t.rw.c %t.rw2.c
 * RUN: %plugin_cc -std=c89 -pedantic -Wall -Wextra -Wmissing-braces -Werror -O0 %s -o %t0 %rt
 * RUN: %plugin_cc -std=c89 -pedantic -Wall -Wextra -Wmissing-braces -Werror -O2 %s -o %t2 %rt
 * RUN: %run %t0 | FileCheck --check-prefix=OK %s
 * RUN: %run %t2 | FileCheck --check-prefix=OK %s
 * REWRITE: static struct pair gp = { 0 };
 * REWRITE: static gr_ref_t garr[4] = { 0 };
 * REWRITE: struct pair lp = { 0 };
 * REWRITE: struct outer lo = { 0 };
 * REWRITE: gr_ref_t larr[3] = { 0 };
 * REWRITE: struct pair ln = { GR_REF_NULL_INIT, GR_REF_NULL_INIT };
 * REWRITE: static struct outer gse = { GR_REF_NULL_ELIDED, GR_REF_NULL_ELIDED, 3, GR_REF_NULL_INIT };
 * REWRITE: struct outer le = { GR_REF_NULL_ELIDED, GR_REF_NULL_ELIDED, 7, GR_REF_NULL_INIT };
 * OK: all null 1
 * OK-NEXT: sum 6
 * OK-NOT: ERROR
 */
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};
struct pair {
  struct node *GR_REF a;
  struct node *GR_REF b;
};
struct outer {
  struct pair p;
  int n;
  struct node *GR_REF c;
};

static struct pair gp = { 0 };
static struct node *GR_REF garr[4] = { 0 };
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wmissing-braces"
static struct outer gse = { NULL, NULL, 3, NULL };
#pragma clang diagnostic pop

int main(void) {
  struct pair lp = { 0 };
  struct outer lo = { 0 };
  struct node *GR_REF larr[3] = { 0 };
  struct pair ln = { NULL, NULL };
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wmissing-braces"
  struct outer le = { NULL, NULL, 7, NULL };
#pragma clang diagnostic pop
  struct node *GR_REF n1;
  struct node *GR_REF n2;
  int null = gp.a == NULL && gp.b == NULL && garr[3] == NULL && lp.a == NULL &&
             lp.b == NULL && lo.p.a == NULL && lo.p.b == NULL && lo.c == NULL &&
             lo.n == 0 && larr[0] == NULL && larr[2] == NULL && ln.b == NULL &&
             le.p.a == NULL && le.p.b == NULL && le.n == 7 && le.c == NULL &&
             gse.p.a == NULL && gse.p.b == NULL && gse.n == 3 && gse.c == NULL;
  printf("all null %d\n", null);
  n1 = malloc(sizeof *n1);
  n2 = malloc(sizeof *n2);
  n1->v = 1;
  n2->v = 2;
  lp.b = n1;
  lo.c = n2;
  larr[1] = n2;
  garr[0] = n1;
  printf("sum %d\n", lp.b->v + lo.c->v + larr[1]->v + garr[0]->v);
  lp.b = NULL;
  lo.c = NULL;
  larr[1] = NULL;
  garr[0] = NULL;
  free(n1);
  free(n2);
  return 0;
}
