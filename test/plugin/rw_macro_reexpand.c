// A function-like macro that calls the function of its own name (glibc's
// toupper and tolower at -O1 and above: `__tobody (c, toupper, ...)`, a
// user's `#define emit(x) emit((x) + 0)`) and must be written out (its
// argument is used twice, once unevaluated): the name, left unexpanded by
// the preprocessor, is written `(toupper)`, which no reading expands,
// and the call stays the function's. Was an error, "a macro name that
// would expand again", at -O2 only (fourth probe); -O0 builds passed.
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -O2 -I%src_root/annotations > %t.rw.c
// RUN: FileCheck --check-prefix=REWRITE %s < %t.rw.c
// RUN: %genref_rewrite %t.rw.c -- -O2 -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %cc -O2 -Wall -Wextra -Werror %t.rw.c -o %t.rw %rt && %run %t.rw | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O0 %s -o %t0 %rt && %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O2 %s -o %t2 %rt && %run %t2 | FileCheck --check-prefix=OK %s
// REWRITE: (toupper)
// REWRITE: (emit)
// OK: Hello wORLD
// OK-NEXT: emit 8
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

static int emit(int v) {
  printf("emit %d\n", v);
  return v;
}
#define emit(x) (sizeof(x) ? emit((x) + 0) : 0)

int main(void) {
  char *GR_REF s = strdup("hello World");
  int i;
  if (!s)
    return 1;
  s[0] = (char)toupper((unsigned char)s[0]);
  for (i = 6; s[i]; i++)
    s[i] = (char)(i == 6 ? tolower((unsigned char)s[i]) : toupper((unsigned char)s[i]));
  printf("%s\n", s);
  emit(s[1] == 'e' ? 8 : 0);
  free(s);
  return 0;
}
