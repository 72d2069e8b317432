/* Issue 12: the real-C shapes of stack objects references point at, each
 * placed where rt.h's gr_stack_frame_place puts it (compact layout: a heap
 * copy for its scope) and used through the redirect: an initialized local
 * struct; `sizeof a`, `&a`, `a = b`; a local array of weakable structs
 * sorted by qsort (one generation for the array: references to elements
 * stay alive); a VLA (C99 builds); a struct parameter passed by value; a
 * struct local in a recursive function (each level its own object); the
 * goto-out cleanup idiom; longjmp out of a scope (the abandoned object
 * stays alive until the outer frame ends, then its heap copy is freed: no
 * live object is left behind). Built as C11 and as -std=c89 -pedantic
 * -Werror, at -O0 and -O2 (and its rewritten text as C89 by gcc); the correct run is silent; every reference kept
 * past its object's scope is dead, and dereferenced it is reported as a
 * stack object that went out of scope, at the user's line.
 *
 * REQUIRES: plugin
 * RUN: rm -rf %t.dir && mkdir -p %t.dir
 * RUN: %plugin_cc -O0 -I%src_root/runtime/include %s -o %t.dir/c11_0 %rt
 * RUN: %plugin_cc -O2 -I%src_root/runtime/include %s -o %t.dir/c11_2 %rt
 * RUN: %plugin_cc -std=c89 -pedantic -Werror -O0 -I%src_root/runtime/include %s -o %t.dir/c89_0 %rt
 * RUN: %plugin_cc -std=c89 -pedantic -Werror -O2 -I%src_root/runtime/include %s -o %t.dir/c89_2 %rt
 * RUN: %genref_rewrite %s -- -std=c89 -I%src_root/annotations -I%src_root/runtime/include > %t.dir/rw.c
 * RUN: %gcc -std=c89 -pedantic -Werror -O2 -I%src_root/runtime/include %t.dir/rw.c -o %t.dir/gcc89 %rt
 * RUN: %run %t.dir/gcc89 2>&1 | FileCheck --check-prefixes=OK,C89 %s --implicit-check-not=genref
 * RUN: %run %t.dir/c11_0 2>&1 | FileCheck --check-prefixes=OK,C11 %s --implicit-check-not=genref
 * RUN: %run %t.dir/c11_2 2>&1 | FileCheck --check-prefixes=OK,C11 %s --implicit-check-not=genref
 * RUN: %run %t.dir/c89_0 2>&1 | FileCheck --check-prefixes=OK,C89 %s --implicit-check-not=genref
 * RUN: %run %t.dir/c89_2 2>&1 | FileCheck --check-prefixes=OK,C89 %s --implicit-check-not=genref
 * RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/c11_2 array 2>&1 | FileCheck --check-prefix=ARRAY %s %}
 * RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/c89_0 array 2>&1 | FileCheck --check-prefix=ARRAY %s %}
 * RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/c11_0 vla 2>&1 | FileCheck --check-prefix=VLA %s %}
 * RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/c11_2 param 2>&1 | FileCheck --check-prefix=PARAM %s %}
 * RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/c89_2 recursive 2>&1 | FileCheck --check-prefix=REC %s %}
 * RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/c11_2 goto 2>&1 | FileCheck --check-prefix=GOTO %s %}
 * RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/c89_2 jump 2>&1 | FileCheck --check-prefix=JUMP %s %}
 *
 * OK: init 1 2 size 1 alive 1 copy 2 alive 1
 * OK-NEXT: qsort 1 2 3 4 first 1 alive 1 1
 * C11-NEXT: vla 5 sum 10 alive 1
 * C89-NEXT: vla skipped
 * OK-NEXT: param 7 alive 1
 * OK-NEXT: recursive depth 50 alive 50
 * OK-NEXT: goto 10 -1
 * OK-NEXT: jump: abandoned alive 1 outer alive 1
 * OK-NEXT: after scopes: 0 0 0 0 0 0 0, leaked 0
 * ARRAY: ERROR: genref: use-after-free on address
 * ARRAY-NEXT: at {{.*}}stack_place_shapes.c:180:{{[0-9]+}} in stale
 * ARRAY: the stack object the reference was made to went out of scope
 * VLA: the stack object the reference was made to went out of scope
 * PARAM: the stack object the reference was made to went out of scope
 * REC: the stack object the reference was made to went out of scope
 * GOTO: the stack object the reference was made to went out of scope
 * JUMP: the stack object the reference was made to went out of scope
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"
#include "genref/stats.h"

struct GR_WEAKABLE node {
  int v;
};

static struct node *GR_WEAK kept[7]; /* one per shape, kept past its scope */

static void init_shape(void) {
  struct node a = {1}, b = {2};
  struct node *GR_REF r = &a;
  int size = sizeof a == sizeof(struct node);
  printf("init %d %d size %d alive %d", r->v, b.v, size, gr_alive(r));
  a = b;
  printf(" copy %d alive %d\n", r->v, gr_alive(r));
  kept[0] = r;
}

static int by_value(const void *x, const void *y) {
  return ((const struct node *)x)->v - ((const struct node *)y)->v;
}

static void array_shape(void) {
  struct node arr[4];
  struct node *GR_REF first;
  struct node *GR_REF third;
  arr[0].v = 3;
  arr[1].v = 1;
  arr[2].v = 4;
  arr[3].v = 2;
  first = &arr[0];
  third = &arr[2];
  qsort(arr, 4, sizeof arr[0], by_value);
  printf("qsort %d %d %d %d first %d alive %d %d\n", arr[0].v, arr[1].v, arr[2].v, arr[3].v,
         first->v, gr_alive(first), gr_alive(third));
  kept[1] = third;
}

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 199901L
static void vla_shape(int n) {
  struct node v[n];
  struct node *GR_REF last = &v[n - 1];
  int i, sum = 0;
  for (i = 0; i < n; i++)
    v[i].v = i;
  for (i = 0; i < n; i++)
    sum += v[i].v;
  printf("vla %d sum %d alive %d\n", n, sum, gr_alive(last));
  kept[2] = last;
}
#endif

static int param_shape(struct node n) {
  struct node *GR_WEAK w = &n;
  kept[3] = w;
  return gr_alive(w);
}

static struct node *GR_WEAK levels[64];
static int recurse(int n) {
  struct node here;
  int alive = 0, i;
  here.v = n;
  levels[n] = &here;
  if (n + 1 < 50)
    return recurse(n + 1);
  for (i = 0; i < 50; i++)
    alive += gr_alive(levels[i]) && levels[i]->v == i;
  kept[4] = levels[0];
  return alive;
}

static int goto_shape(int fail) {
  struct node a;
  struct node *GR_REF r = &a;
  int rc = 0;
  a.v = 10;
  if (fail) {
    rc = -1;
    goto out;
  }
  rc = r->v;
out:
  kept[5] = r;
  return rc;
}

static jmp_buf jb;
static struct node *GR_WEAK abandoned;
static void jump_from(int i) {
  struct node inner;
  inner.v = i;
  abandoned = &inner;
  longjmp(jb, 1);
}
static void jump_shape(int print) {
  struct node outer;
  struct node *GR_WEAK ro = &outer;
  outer.v = 1;
  if (!setjmp(jb))
    jump_from(5);
  if (print)
    printf("jump: abandoned alive %d outer alive %d\n", gr_alive(abandoned), gr_alive(ro));
  kept[6] = abandoned;
}

static void stale(const char *which) {
  int k = -1;
  if (strcmp(which, "array") == 0)
    k = 1;
  else if (strcmp(which, "vla") == 0)
    k = 2;
  else if (strcmp(which, "param") == 0)
    k = 3;
  else if (strcmp(which, "recursive") == 0)
    k = 4;
  else if (strcmp(which, "goto") == 0)
    k = 5;
  else if (strcmp(which, "jump") == 0)
    k = 6;
  if (k >= 0)
    printf("%d\n", kept[k]->v); /* LINE_STALE */
}

int main(int argc, char **argv) {
  struct node p = {7};
  gr_stats_t before, after;
  int i, n;
  init_shape();
  array_shape();
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 199901L
  vla_shape(5);
#else
  printf("vla skipped\n");
#endif
  n = param_shape(p);
  printf("param %d alive %d\n", p.v, n);
  printf("recursive depth 50 alive %d\n", recurse(0));
  printf("goto %d %d\n", goto_shape(0), goto_shape(1));
  jump_shape(1);
  gr_stats_get(&before);
  for (i = 0; i < 1000; i++)
    jump_shape(0);
  gr_stats_get(&after);
  printf("after scopes: %d %d %d %d %d %d %d, leaked %d\n", gr_alive(kept[0]), gr_alive(kept[1]),
         gr_alive(kept[2]), gr_alive(kept[3]), gr_alive(kept[4]), gr_alive(kept[5]),
         gr_alive(kept[6]), (int)(after.live_objects - before.live_objects));
  if (argc > 1)
    stale(argv[1]);
  return 0;
}
