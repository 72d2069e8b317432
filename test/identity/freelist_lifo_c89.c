/* The heap's free lists run through the free slots' headers and hand the
 * slot freed last out first (docs/design.md 2.4). Real C over that, built
 * with -std=c89 -pedantic -Werror: K&R definitions, nodes allocated through
 * a function-pointer hook that returns void *, records read with fread
 * into heap nodes, the nodes' payloads sorted with qsort over an array of
 * struct copies (memcpy), `goto out` cleanup that frees through the hook in
 * reverse, and the list rebuilt at once into the same slots (LIFO), twice,
 * so one slab also empties and starts over. The correct program is silent
 * and its sum is plain C's (the same source built without the plugin:
 * the RUN line below); "stale": a reference kept to a node freed in the
 * first cleanup is used after the rebuild took its slot, reported as a
 * use-after-free at its line with the newer object found there.
 * REQUIRES: plugin
 * RUN: rm -rf %t.dir && mkdir -p %t.dir
 * RUN: %plugin_cc -std=c89 -pedantic -Wall -Wextra -Werror -Wno-deprecated-non-prototype -O0 -g %s -o %t.dir/o0 %rt
 * RUN: %plugin_cc -std=c89 -pedantic -Wall -Wextra -Werror -Wno-deprecated-non-prototype -O2 -g %s -o %t.dir/o2 %rt
 * RUN: %cc -std=c89 -pedantic -Wall -Wextra -Werror -Wno-deprecated-non-prototype -DGENREF_NO_UNIT_RECORD -O2 %s -o %t.dir/plain %rt
 * RUN: %run %t.dir/plain 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
 * RUN: %run %t.dir/o0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
 * RUN: %run %t.dir/o2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
 * RUN: %if !mode-fast %{ env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o0 stale 2>&1 | FileCheck --check-prefix=STALE %s %}
 * RUN: %if !mode-fast %{ env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o2 stale 2>&1 | FileCheck --check-prefix=STALE %s %}
 * OK: rounds 3 sum 80344836, as plain C's
 * STALE: ERROR: genref: use-after-free
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  struct node *GR_REF next;
  long key;
  long payload[3];
};

struct rec {
  long key;
  long payload[3];
};

typedef void *(*alloc_fn)(size_t);
typedef void (*free_fn)(void *);

static void *hook_alloc(n) size_t n;
{ return malloc(n); }

static void hook_free(p) void *p;
{ free(p); }

static int by_key(a, b) const void *a; const void *b;
{
  const struct rec *x = (const struct rec *)a, *y = (const struct rec *)b;
  return x->key < y->key ? -1 : x->key > y->key;
}

#define N 3000

/* Builds the list from the records in f, sorted; returns its head. */
static struct node *build(f, get, n) FILE *f; alloc_fn get; int n;
{
  static struct rec recs[N];
  struct node *GR_REF head = NULL;
  int i;
  rewind(f);
  for (i = 0; i < n; i++) {
    struct node *GR_REF e = (struct node *)get(sizeof(struct node));
    if (!e || fread(&e->key, sizeof(long), 4, f) != 4)
      exit(2);
    memcpy(&recs[i], &e->key, sizeof recs[i]);
    e->next = head;
    head = e;
  }
  qsort(recs, (size_t)n, sizeof recs[0], by_key);
  for (i = 0; i < n && head; i++) { /* the sorted payloads back in */
    struct node *GR_REF e = head;
    int k;
    for (k = 0; k < i; k++)
      e = e->next;
    memcpy(&e->key, &recs[i], sizeof recs[i]);
    if (i > 20) /* a few, then the rest unsorted: the walk is quadratic */
      break;
  }
  return head;
}

int main(argc, argv) int argc; char **argv;
{
  int stale = argc > 1 && strcmp(argv[1], "stale") == 0;
  alloc_fn get = hook_alloc;
  free_fn put = hook_free;
  FILE *f = tmpfile();
  struct node *GR_WEAK kept = NULL;
  long sum = 0;
  int round, i, rc = 1;
  if (!f)
    return 2;
  for (i = 0; i < N; i++) {
    long r[4];
    r[0] = (i * 7919L) % N;
    r[1] = i;
    r[2] = 2 * i;
    r[3] = 3 * i;
    if (fwrite(r, sizeof r, 1, f) != 1)
      goto out;
  }
  for (round = 0; round < 3; round++) {
    struct node *GR_REF head = build(f, get, N), *GR_REF e;
    for (e = head; e; e = e->next)
      sum += e->payload[0] + e->payload[1] + e->payload[2];
    if (stale && round == 1) /* the first round's head: its slot holds this round's */
      sum += kept->key; /* STALE: freelist_lifo_c89.c:[[@LINE]]:
                         */
    /* goto-out style cleanup, through the hook */
    while (head) {
      struct node *GR_REF next = head->next;
      if (round == 0 && !kept)
        kept = head;
      put(head);
      head = next;
    }
  }
  printf("rounds %d sum %ld, as plain C's\n", round, sum);
  rc = 0;
out:
  fclose(f);
  return rc;
}
