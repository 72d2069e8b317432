/* A stack copy whose type is spelled with typeof (`typeof(*p) copy = *p;`,
   `__typeof__(*p) c; c = *p;`): normal mode's generated layout named the
   type as written, `typeof(*p)`, with p rewritten to a gr_ref_t ("indirection
   requires pointer operand": fourth probe). Types in generated text are
   spelled without typeof.
   REQUIRES: plugin
   RUN: %genref_cc -std=gnu11 -Wall -Wextra -Werror -O0 %s -o %t0
   RUN: %genref_cc -std=gnu11 -Wall -Wextra -Werror -O2 %s -o %t2
   RUN: %run %t0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
   RUN: %run %t2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
   OK: 5 5 1
*/
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE n {
  int v;
  struct n *GR_REF next;
};

int main(void) {
  struct n *GR_REF p = calloc(1, sizeof *p);
  struct n *GR_REF q = calloc(1, sizeof *q);
  if (!p || !q)
    return 1;
  p->v = 5;
  p->next = q;
  {
    typeof(*p) copy = *p;
    __typeof__(*p) c2;
    c2 = *p;
    printf("%d %d %d\n", copy.v, c2.v, copy.next == c2.next);
  }
  p->next = NULL;
  free(q);
  free(p);
  return 0;
}
