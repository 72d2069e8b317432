/* A reference made from a `const T *` or `volatile T *` (a const-correct
 * API handing its argument to a helper that takes `const char *GR_REF`;
 * an initializer, a return, a field, a GR_WEAK field): the argument goes
 * to gr_ref_make through `(void *)`, as plain C converts it without a
 * word. It was -Wincompatible-pointer-types-discards-qualifiers on the
 * rewritten call (an error under -Werror, no way out in the code). An
 * unqualified pointer is passed as it is. The rewrite is idempotent, the
 * program builds C99 -pedantic -Werror and runs, and a stale const
 * reference is reported.
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
 * REWRITE: return gr_ref_make((void *)(p), GR_SITE(
 * REWRITE: gr_ref_t k = gr_ref_make((void *)(key), GR_SITE(
 * REWRITE: gr_ref_t m = gr_ref_make(mut, GR_SITE(
 * OK: 3 abc 7 abc 1
 * STALE: ERROR: genref: use-after-free
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct entry {
  const char *GR_REF name;
  const int *GR_WEAK seen;
};

static const char *GR_REF as_ref(const char *p) { return p; }
static size_t length(const char *GR_REF s) { return strlen(s); }
static void set(struct entry *e, const char *name, const volatile int *seen) {
  e->name = name;
  e->seen = (const int *)seen;
}

int main(int argc, char **argv) {
  char *buf = malloc(8);
  int *count = malloc(sizeof *count);
  const char *key;
  struct entry e;
  char *mut;
  strcpy(buf, "abc");
  *count = 7;
  key = buf;
  mut = buf;
  {
    const char *GR_REF k = key;
    char *GR_REF m = mut;
    set(&e, key, count);
    printf("%d %s %d %s %d\n", (int)length(key), as_ref(key), *e.seen, k, m == k);
    if (argc > 1 && !strcmp(argv[1], "stale")) {
      free(buf);
      printf("%s\n", e.name);
    }
  }
  (void)argv;
  free(buf);
  free(count);
  return 0;
}
