// A reference to an array, or to function pointers, written in its
// declarator (`int (*GR_REF m)[4]`, `int (**GR_REF ops)(int)`) is one error
// at the '*' with the way out, a typedef of the pointee; it was errors at
// generated text (`gr_ref_t m)[4]`, casts to `(int[4] *)`: fourth probe).
// So is a pointee spelled with typeof (`typeof(*p) *GR_REF r`), whose
// expression's edit overlapped the declaration's and landed in the next
// line's comment. The typedef'd forms compile and run.
// REQUIRES: plugin
// RUN: not %plugin_cc -fno-caret-diagnostics -DBAD -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: %plugin_cc %s -o %t %rt
// RUN: %run %t | FileCheck --check-prefix=OK %s
// OK: 23 6
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

typedef int row4[4];
typedef int (*op_t)(int);
static int inc(int x) { return x + 1; }

int main(void) {
  int i, j;
#ifdef BAD
  // CHECK: diag_ref_array_declarator.c:[[@LINE+2]]:8: error: genref: a reference to an array or function pointer written in its declarator
  // CHECK-NEXT: note: name the pointee with a typedef (typedef int row[4]; row *GR_REF m;)
  int (*GR_REF mat)[4] = malloc(3 * sizeof *mat);
  // CHECK: diag_ref_array_declarator.c:[[@LINE+1]]:9: error: genref: a reference to an array or function pointer
  int (**GR_REF ops)(int) = malloc(sizeof *ops);
  // A pointee spelled with typeof: its expression is rewritten too.
  // CHECK: diag_ref_array_declarator.c:[[@LINE+2]]:17: error: genref: a reference whose pointee type is spelled with typeof
  // CHECK-NEXT: note: write the pointee type itself
  __typeof__(i) *GR_REF ip = malloc(sizeof *ip);
  free(ip);
#else
  row4 *GR_REF mat = malloc(3 * sizeof *mat);
  op_t *GR_REF ops = malloc(sizeof *ops);
#endif
  if (!mat || !ops)
    return 1;
  for (i = 0; i < 3; i++)
    for (j = 0; j < 4; j++)
      mat[i][j] = i * 10 + j;
  ops[0] = inc;
  printf("%d %d\n", mat[2][3], ops[0](5));
  free(ops);
  free(mat);
  return 0;
}
