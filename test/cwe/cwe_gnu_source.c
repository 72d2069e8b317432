// CWE-416 over a strdup'ed string in a file that asks for POSIX the usual
// way, `#define _GNU_SOURCE` before its first #include (no -D on the
// command line). Good: the copy is used, then freed; bad: used after free.
// (It was a known bug: the rewritten unit starts with the runtime header,
// which included glibc's <stdint.h> and with it <features.h> before the
// file's own first line, so `#define _GNU_SOURCE` came too late and
// strdup was undeclared. genref/rt.h now includes only the compiler's
// <stddef.h>.)
// REQUIRES: plugin
// RUN: %cc -fsyntax-only %s
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 2>&1 | FileCheck --check-prefix=GOOD %s --implicit-check-not=genref
// RUN: %run %t2 2>&1 | FileCheck --check-prefix=GOOD %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 bad 2>&1 | FileCheck --check-prefix=BAD %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 bad 2>&1 | FileCheck --check-prefix=BAD %s %}
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

int main(int argc, char **argv) {
  char *GR_REF copy = strdup(argv[0]);
  // GOOD: copied 1
  printf("copied %d\n", strlen(copy) > 0);
  if (argc > 1)
    free(copy);
  printf("%c\n", copy[0] == '/' ? 'a' : 'r');
  // BAD: ERROR: genref: use-after-free on address
  // BAD-NEXT: at {{.*}}cwe_gnu_source.c:[[@LINE-2]]:{{[0-9]+}} in main
  // BAD: SUMMARY: genref: use-after-free {{.*}}cwe_gnu_source.c:[[@LINE-3]] in main
  // GOOD-NEXT: {{[ar]}}
  free(copy);
  return 0;
}
