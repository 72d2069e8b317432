// The off-by-one that CWE-416/415 loops sit next to: a loop walking an int
// buffer of n elements with a moving reference (p++) that runs to i <= n
// reads one past the end through it. docs/annotations.md: a reference to
// one past the end can be formed "it never validates"; issue 13 item 3: a
// reference moved outside its allocation and dereferenced is reported,
// never read silently. (A subscript data[n] is documented as not checked
// spatially: the base is checked, then C indexes; not tested here.) Good:
// i < n, silent; bad: i <= n, reported at the read, for n = 2, 4 and 16.
// XFAIL: !mode-fast
// (In fast mode the bad runs, stale GR_REF dereferences, are not run.)
// genref bug: the read of *p at data + n validates, silently ("sum 120"
// printed, exit 0), for n = 1, 4, 8, 16, 32, 100 (calloc(n, 4)), in both
// layouts, -O0 and -O2. For n = 2, 6, 14, 30 it is reported, but as
// "use-after-free ... the reference was made at generation 1; the object
// is now at generation 2: it was freed" although the buffer is alive (its
// next line says it right: "the address lies outside every heap object
// (past the end of the object the reference was made to)"). Either the
// runtime or the docs' "never validates" is wrong (where n * 4 fills the
// slot, data + n may be where the next slot's object starts).
// REQUIRES: plugin
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 16 good 2>&1 | FileCheck --check-prefix=GOOD %s --implicit-check-not=genref
// RUN: %run %t2 16 good 2>&1 | FileCheck --check-prefix=GOOD %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 2 2>&1 | FileCheck --check-prefix=BAD %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 4 2>&1 | FileCheck --check-prefix=BAD %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 16 2>&1 | FileCheck --check-prefix=BAD %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 16 2>&1 | FileCheck --check-prefix=BAD %s %}
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
  // BAD: ERROR: genref: {{.*}} on address
  // BAD-NEXT: at {{.*}}cwe_off_by_one.c:[[@LINE-2]]:{{[0-9]+}} in main
  // BAD-NOT: sum
  // GOOD: sum 120
  printf("sum %d\n", sum);
  free(data);
  return 0;
}
