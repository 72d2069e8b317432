/* A restrict-qualified reference (`char *GR_REF restrict d`, as a
 * memcpy-like function declares its parameters; `*GR_REF const restrict`;
 * GNU's `__restrict`; on a reference typedef, `nref restrict r`): restrict is a promise about a pointer and gr_ref_t
 * is none, so the rewrite drops it (it kept it: `gr_ref_t restrict d`, an
 * error, "restrict requires a pointer"); dropping the promise is always
 * sound. `*restrict GR_REF` (restrict before the annotation) was dropped
 * already. The rewrite compiles C99 -pedantic -Werror, is idempotent, and
 * the copies run; a stale source is still reported.
 * REQUIRES: plugin
 * RUN: %genref_rewrite %s -- -std=c99 -I%src_root/annotations > %t.rw.c
 * RUN: sed -e '/REWRITE:/d' %t.rw.c | FileCheck --check-prefix=REWRITE %s
 * RUN: %genref_rewrite %t.rw.c -- -std=c99 -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
 * RUN: diff %t.rw.c %t.rw2.c
 * RUN: %plugin_cc -std=c99 -pedantic -Wall -Wextra -Werror -O0 %s -o %t0 %rt
 * RUN: %plugin_cc -std=c99 -pedantic -Wall -Wextra -Werror -O2 %s -o %t2 %rt
 * RUN: %run %t0 | FileCheck --check-prefix=OK %s
 * RUN: %run %t2 | FileCheck --check-prefix=OK %s
 * RUN: %if !mode-fast %{ not %run %t2 stale 2>&1 | FileCheck --check-prefix=STALE %s %}
 * REWRITE: static int copy(gr_ref_t{{ +}}d, {{ *}}gr_ref_t{{ +}}s) {
 * REWRITE: static int copy2(gr_ref_t const{{ +}}d, {{ *}}gr_ref_t{{ +}}s) {
 * REWRITE: static int copy3(gr_ref_t d, {{ *}}gr_ref_t s) {
 * REWRITE: static int sum2(nref{{ +}}a, const nref{{ +}}b) {
 * REWRITE-NOT: {{[^_]}}restrict {{[a-z]}}
 * OK: 3 abc 3 abc 3 abc 195
 * STALE: ERROR: genref: use-after-free
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

static int copy(char *GR_REF restrict d, const char *GR_REF restrict s) {
  int n = 0;
  while ((d[n] = s[n]))
    n++;
  return n;
}
static int copy2(char *GR_REF const restrict d, const char *GR_REF __restrict s) {
  int n = 0;
  while ((d[n] = s[n]))
    n++;
  return n;
}
static int copy3(char *restrict GR_REF d, const char *restrict GR_REF s) {
  int n = 0;
  while ((d[n] = s[n]))
    n++;
  return n;
}

typedef char *GR_REF nref;
static int sum2(nref restrict a, const nref __restrict b) { return a[0] + b[1]; }

int main(int argc, char **argv) {
  char *GR_REF src = malloc(4);
  char *GR_REF dst = malloc(8);
  char *GR_REF restrict cur = dst;
  int a, b, c;
  strcpy(src, "abc");
  a = copy(dst, src);
  printf("%d %s ", a, cur);
  b = copy2(dst, src);
  printf("%d %s ", b, dst);
  c = copy3(dst, src);
  printf("%d %s ", c, dst);
  {
    nref restrict t = dst;
    printf("%d\n", sum2(t, src));
  }
  if (argc > 1 && !strcmp(argv[1], "stale")) {
    free(src);
    copy(dst, src);
  }
  free(src);
  free(dst);
  return 0;
}
