// The off-by-one that CWE-416/415 loops sit next to: a loop walking an int
// buffer of n elements with a moving reference (p++) that runs to i <= n
// reads one past the end through it. The guarantee (docs/annotations.md):
// a reference moved outside its allocation's slot is reported
// (heap-buffer-overflow) where it is used; bytes a slot holds past the
// requested size (its class's slack) are the allocation's, as malloc's
// slack is. Bad runs use sizes whose ints fill the slot exactly (n * 4 + 8
// bytes: n = 2, 6, 14, 30), so one past the end is the next slot's header.
// Good: i < n, silent.
// REQUIRES: plugin
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 16 good 2>&1 | FileCheck --check-prefix=GOOD %s --implicit-check-not=genref
// RUN: %run %t2 16 good 2>&1 | FileCheck --check-prefix=GOOD %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 2 2>&1 | FileCheck --check-prefix=BAD %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 6 2>&1 | FileCheck --check-prefix=BAD %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 14 2>&1 | FileCheck --check-prefix=BAD %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 30 2>&1 | FileCheck --check-prefix=BAD %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 16;
  int good = argc > 2 && !strcmp(argv[2], "good");
  int *GR_REF data = calloc(n, sizeof *data);
  int *GR_REF p;
  int i, sum = 0;
  for (i = 0; i < n; i++)
    data[i] = i;
  for (p = data, i = 0; good ? i < n : i <= n; i++, p++)
    sum += *p;
  // BAD: ERROR: genref: heap-buffer-overflow on address
  // BAD-NEXT: at {{.*}}cwe_off_by_one.c:[[@LINE-2]]:{{[0-9]+}} in main
  // BAD-NOT: sum
  // GOOD: sum 120
  printf("sum %d\n", sum);
  free(data);
  return 0;
}
