/* __typeof__ of a reference (the SWAP and MAX macros every code base
 * has), and C23's typeof: the expression is unevaluated and the reference
 * is declared gr_ref_t, so the text stays and the new variable is a
 * reference like the one it copies (checked where dereferenced; a stale
 * one is reported). It was "a reference used in an unsupported construct
 * (TypeOfExprTypeLoc)". __typeof__ of the pointee and of a field worked
 * already and still do.
 * REQUIRES: plugin
 * RUN: %genref_rewrite %s -- -std=gnu11 -I%src_root/annotations > %t.rw.c
 * RUN: sed -e '/REWRITE:/d' %t.rw.c | FileCheck --check-prefix=REWRITE %s
 * RUN: %genref_rewrite %t.rw.c -- -std=gnu11 -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
 * RUN: diff %t.rw.c %t.rw2.c
 * RUN: %plugin_cc -std=gnu11 -Wall -Wextra -Werror -O0 %s -o %t0 %rt
 * RUN: %plugin_cc -std=gnu11 -Wall -Wextra -Werror -O2 %s -o %t2 %rt
 * RUN: %plugin_cc -std=c2x -DC23 -Wall -Wextra -Werror -O2 %s -o %t23 %rt
 * RUN: %run %t0 | FileCheck --check-prefix=OK %s
 * RUN: %run %t2 | FileCheck --check-prefix=OK %s
 * RUN: %run %t23 | FileCheck --check-prefix=OK %s
 * RUN: %if !mode-fast %{ not %run %t2 stale 2>&1 | FileCheck --check-prefix=STALE %s %}
 * REWRITE: __typeof__(a) t_ = (a);
 * OK: 2 1 max 2 copy 1 field 2
 * STALE: ERROR: genref: use-after-free
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

#define SWAP(a, b) do { __typeof__(a) t_ = (a); (a) = (b); (b) = t_; } while (0)
#define MAXV(a, b) ({ __typeof__(a) x_ = (a), y_ = (b); x_->v > y_->v ? x_ : y_; })

struct GR_WEAKABLE node {
  int v;
};

int main(int argc, char **argv) {
  struct node *GR_REF a = malloc(sizeof *a);
  struct node *GR_REF b = malloc(sizeof *b);
  a->v = 1;
  b->v = 2;
  SWAP(a, b);
  printf("%d %d ", a->v, b->v);
  {
#ifdef C23
    typeof(a) m = a->v > b->v ? a : b;
#else
    __typeof__(a) m = MAXV(a, b);
#endif
    __typeof__(*b) copy = *b;
    __typeof__(a->v) x = a->v;
    printf("max %d copy %d field %d\n", m->v, copy.v, x);
    if (argc > 1 && !strcmp(argv[1], "stale")) {
      free(a);
      printf("%d\n", m->v);
      /* STALE: rw_typeof_ref.c:[[@LINE-1]]:
      */
    }
  }
  free(a);
  free(b);
  return 0;
}
