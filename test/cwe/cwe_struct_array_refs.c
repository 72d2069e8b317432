// CWE-416/415 over char strings referenced from the elements of two heap
// arrays of structs, one weakable and one plain (`a[i].name`, `b[i].name`):
// freeing an array releases the references every element holds (normal
// mode), so strings the other array has unlinked can be freed; a string
// freed while an element still holds it is reported.
// Good: both orders, silent. Bad: the string used or freed again through
// the element: use-after-free / double-free there (resilient), or
// dangling-reference at the free (normal: the element still holds it).
// REQUIRES: plugin
// RUN: %plugin_cc -O0 -D_GNU_SOURCE %s -o %t0 %rt
// RUN: %plugin_cc -O2 -D_GNU_SOURCE %s -o %t2 %rt
// RUN: %run %t0 good 2>&1 | FileCheck --check-prefix=GOOD %s --implicit-check-not=genref
// RUN: %run %t2 good 2>&1 | FileCheck --check-prefix=GOOD %s --implicit-check-not=genref
// RUN: %run %t0 good2 2>&1 | FileCheck --check-prefix=GOOD2 %s --implicit-check-not=genref
// RUN: %run %t2 good2 2>&1 | FileCheck --check-prefix=GOOD2 %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 uaf 2>&1 | FileCheck --check-prefixes=UAF,NOEND %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 uaf 2>&1 | FileCheck --check-prefixes=UAF,NOEND %s %}
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t0 df 2>&1 | FileCheck --check-prefixes=DF,NOEND %s
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t2 df 2>&1 | FileCheck --check-prefixes=DF,NOEND %s
// Normal mode: main frees, so the check of `free(nm)` (b[4].name still
// holds it) waits for main to return (docs/modes.md); the use or the
// second free after it is reported first, as in resilient mode.
//
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE slot {
  int id;
  char *GR_REF name;
};

struct plain { /* not GR_WEAKABLE */
  long k;
  char *GR_REF name;
};

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "good";
  int n = 6, i;
  setvbuf(stdout, NULL, _IONBF, 0);
  struct slot *GR_REF a = malloc(n * sizeof *a);
  struct plain *GR_REF b = calloc(n, sizeof *b);
  for (i = 0; i < n; i++) {
    char *GR_REF nm = malloc(8);
    snprintf(nm, 8, "nm%d", i);
    a[i].id = i;
    a[i].name = nm;
    b[i].name = nm;
  }
  // GOOD: nm5 nm3
  // GOOD2: nm5 nm3
  printf("%s %s\n", a[5].name, b[3].name);
  if (!strcmp(mode, "good")) { /* b's references go with b; a's are unlinked */
    free(b);
    for (i = 0; i < n; i++) {
      char *GR_REF nm = a[i].name;
      a[i].name = NULL;
      free(nm);
    }
    free(a);
  } else if (!strcmp(mode, "good2")) { /* b's are unlinked; a's go with a */
    char *GR_REF names[6] = {NULL};
    for (i = 0; i < n; i++) {
      names[i] = b[i].name;
      b[i].name = NULL;
    }
    free(b);
    free(a);
    for (i = 0; i < n; i++) {
      char *GR_REF nm = names[i];
      names[i] = NULL;
      free(nm);
    }
  } else {
    free(a);
    char *GR_REF nm = b[4].name;
    free(nm);
    //
    //
    //
    //
    if (!strcmp(mode, "uaf"))
      printf("%s\n", b[4].name);
    // UAF: ERROR: genref: use-after-free on address {{.*}} (object of type 'char')
    // UAF-NEXT: at {{.*}}cwe_struct_array_refs.c:[[@LINE-2]]:{{[0-9]+}} in main
    // UAF: SUMMARY: genref: use-after-free {{.*}}cwe_struct_array_refs.c:[[@LINE-3]] in main
    free(b[4].name);
    // DF: ERROR: genref: double-free on address
    // DF-NEXT: at {{.*}}cwe_struct_array_refs.c:[[@LINE-2]]:{{[0-9]+}} in main
    // DF: SUMMARY: genref: double-free {{.*}}cwe_struct_array_refs.c:[[@LINE-3]] in main
  }
  // GOOD-NEXT: end good
  // GOOD2-NEXT: end good2
  printf("end %s\n", mode);
  return 0;
}
// NOEND-NOT: {{^}}end 
