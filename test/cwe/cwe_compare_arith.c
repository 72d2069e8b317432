// CWE-416 style loop over an int buffer, its bound written as C code (and
// docs/annotations.md's own example) writes it: `p < data + N`, `data + N > p`,
// `data + N - p`, an unparenthesized r + n as an operand of a relational
// operator or of a difference. Good: the buffer is filled and summed; bad:
// freed, then walked the same way, reported at the loop's dereference.
// REQUIRES: plugin
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 2>&1 | FileCheck --check-prefix=GOOD %s --implicit-check-not=genref
// RUN: %run %t2 2>&1 | FileCheck --check-prefix=GOOD %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 bad 2>&1 | FileCheck --check-prefix=BAD %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 bad 2>&1 | FileCheck --check-prefix=BAD %s %}
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
  for (p = data; data + N > p; p++)
    sum += *p;
  // GOOD: sum 28 left 8
  printf("sum %d left %td\n", sum, data + N - data);
  if (argc > 1)
    free(data);
  for (p = data; p < data + N; p++)
    sum += *p;
  // BAD: ERROR: genref: use-after-free on address
  // BAD-NEXT: at {{.*}}cwe_compare_arith.c:[[@LINE-2]]:{{[0-9]+}} in main
  // BAD: SUMMARY: genref: use-after-free {{.*}}cwe_compare_arith.c:[[@LINE-3]] in main
  free(data);
  return 0;
}
