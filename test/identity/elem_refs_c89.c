/* Element references as C89 code makes them: a table of structs grown by
 * realloc, sorted by qsort, its entries handed out as `&tab->items[i]`
 * through a K&R function and an accessor macro, walked back from the end
 * with `--p` until it meets the start, and released with `goto out`
 * cleanup. Built -std=c89 -pedantic -Werror at -O0 and -O2 (and by plain
 * clang): the correct program is silent and prints plain C's values. The
 * bad run keeps `&tab->items[1]` across the realloc that moves the table:
 * use-after-free at the line of the use.
 *
 * REQUIRES: plugin
 * RUN: %plugin_cc -std=c89 -pedantic -Wall -Wextra -Werror -Wno-deprecated-non-prototype -O0 %s -o %t0 %rt
 * RUN: %plugin_cc -std=c89 -pedantic -Wall -Wextra -Werror -Wno-deprecated-non-prototype -O2 %s -o %t2 %rt
 * RUN: %run %t0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
 * RUN: %run %t2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
 * RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 stale 2>&1 | FileCheck --check-prefix=UAF %s %}
 * RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 stale 2>&1 | FileCheck --check-prefix=UAF %s %}
 * RUN: %cc -std=c89 -pedantic -Wall -Wextra -Werror -Wno-deprecated-non-prototype -O2 %s -o %t.plain
 * RUN: %run %t.plain | FileCheck --check-prefix=OK %s
 *
 * OK: sum 528 first 0 last 76 back 20
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE item {
  int key;
  int weight;
};

struct table {
  struct item *GR_REF items;
  int n, cap;
};

#define TABLE_AT(t, i) (&(t)->items[i])

static int by_key(const void *a, const void *b) {
  const struct item *x = a, *y = b;
  return (x->key > y->key) - (x->key < y->key);
}

static int weight_of(it)
  struct item *GR_REF it;
{
  return it->weight;
}

static int push(struct table *t, int key) {
  struct item *GR_REF slot;
  if (t->n == t->cap) {
    void *grown = realloc(t->items, (size_t)(t->cap ? 2 * t->cap : 4) * sizeof(struct item));
    if (grown == NULL)
      return -1;
    t->items = grown;
    t->cap = t->cap ? 2 * t->cap : 4;
  }
  slot = &t->items[t->n];
  slot->key = key;
  slot->weight = key * 2;
  t->n++;
  return 0;
}

int main(int argc, char **argv) {
  struct table tab;
  struct item *GR_REF kept;
  struct item *GR_REF p;
  int i, sum = 0, back = 0, rc = 1;
  int stale = argc > 1 && strcmp(argv[1], "stale") == 0;
  tab.items = NULL;
  tab.n = tab.cap = 0;
  for (i = 0; i < 3; i++)
    if (push(&tab, (i * 7) % 20) != 0)
      goto out;
  kept = &tab.items[1];
  for (i = 3; i < 20; i++)
    if (push(&tab, (i * 7) % 20) != 0)
      goto out;
  if (stale)
    printf("%d\n", kept->weight); /* the realloc above moved the table
     UAF: ERROR: genref: use-after-free
     UAF: SUMMARY: genref: use-after-free {{.*}}elem_refs_c89.c:[[@LINE-2]] in main
     */
  qsort(tab.items, (size_t)tab.n, sizeof(struct item), by_key);
  for (i = 0; i < tab.n; i++)
    sum += weight_of(&tab.items[i]) * (i + 1) / 10;
  for (p = TABLE_AT(&tab, tab.n); p != tab.items && back < 100; --p)
    back++;
  printf("sum %d first %d last %d back %d\n", sum, weight_of(&tab.items[0]),
         TABLE_AT(&tab, tab.n - 1)->weight * 2, back);
  rc = 0;
out:
  free(tab.items);
  return rc;
}
