// CWE-416 over a strdup'ed string in a file that asks for POSIX the usual
// way, `#define _GNU_SOURCE` before its first #include (no -D on the
// command line). Good: the copy is used, then freed; bad: used after free.
// XFAIL: *
// genref bug: the rewritten unit starts with `#include "genref/rt.h"`,
// which includes libc headers before the file's own first line, so the
// file's `#define _GNU_SOURCE` comes too late (glibc's <features.h> has
// already been read under -std=c11): "error: call to undeclared function
// 'strdup'; ISO C99 and later do not support implicit function
// declarations", then "incompatible integer to pointer conversion passing
// 'int' to parameter of type 'void *'". Plain clang compiles the file.
// -D_GNU_SOURCE on the command line works (the rest of test/cwe uses it).
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
