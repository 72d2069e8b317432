// CWE-416 style loop bound over an int buffer, written as C code writes it:
// `for (p = data; p < data + N; p++)`, the bound an unparenthesized
// arithmetic on the reference. Good: the loop fills the buffer and the
// program prints it; bad: the buffer is freed, then walked the same way.
// XFAIL: *
// genref bug: the rewrite of `r < s + n` (a comparison whose right operand
// is an unparenthesized r + n on a reference) drops two closing
// parentheses: `((int *)gr_ref_unchecked(gr_ref_offset(data , (ptrdiff_t)sizeof(int) * ( N));`
// and clang stops with "error: expected ')'" at that line. `p < (data + N)`
// compiles and works (cwe_int.c uses it).
// REQUIRES: plugin
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 2>&1 | FileCheck --check-prefix=GOOD %s --implicit-check-not=genref
// RUN: %run %t2 2>&1 | FileCheck --check-prefix=GOOD %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not %run %t0 bad 2>&1 | FileCheck --check-prefix=BAD %s %}
// RUN: %if !mode-fast %{ not %run %t2 bad 2>&1 | FileCheck --check-prefix=BAD %s %}
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

#define N 8

int main(int argc, char **argv) {
  (void)argv;
  int *GR_REF data = malloc(N * sizeof *data);
  int *GR_REF p;
  int v = 0, sum = 0;
  for (p = data; p < data + N; p++)
    *p = v++;
  if (argc > 1)
    free(data);
  for (p = data; p < data + N; p++)
    sum += *p;
  // BAD: ERROR: genref: use-after-free on address
  // BAD-NEXT: at {{.*}}cwe_compare_arith.c:[[@LINE-2]]:{{[0-9]+}} in main
  // BAD: SUMMARY: genref: use-after-free {{.*}}cwe_compare_arith.c:[[@LINE-3]] in main
  // GOOD: sum 28
  printf("sum %d\n", sum);
  free(data);
  return 0;
}
