/* Normal mode's record of what an allocation holds is a tag in its header
 * (compact; a per-slot record in fat): several struct types of one size
 * share a slab, so their tags differ there. Real C over it, built with
 * -std=c89 -pedantic -Werror: K&R definitions, three holder types of the
 * same size allocated in turn, an array of holders sorted with qsort,
 * holders freed through a function-pointer hook that takes void *, then
 * their targets, silently. Control: one holder of the third type kept
 * alive while its target is freed: reported, naming that type's field
 * (the report reads the holder's type back from its tag).
 * REQUIRES: plugin, mode-normal
 * RUN: rm -rf %t.dir && mkdir -p %t.dir
 * RUN: %genref_cc -std=c89 -pedantic -Wall -Wextra -Werror -Wno-deprecated-non-prototype -O0 -g %s -o %t.dir/o0
 * RUN: %genref_cc -std=c89 -pedantic -Wall -Wextra -Werror -Wno-deprecated-non-prototype -O2 -g %s -o %t.dir/o2
 * RUN: %run %t.dir/o0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
 * RUN: %run %t.dir/o2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
 * RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o0 keep 2>&1 | FileCheck --check-prefix=KEEP %s
 * RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o2 keep 2>&1 | FileCheck --check-prefix=KEEP %s
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE target {
  int v;
};

/* Three holders of one size (two references and a word). */
struct ha {
  struct target *GR_REF x;
  struct target *GR_REF y;
  long tag;
};
struct hb {
  long tag;
  struct target *GR_REF x;
  struct target *GR_REF y;
};
struct hc {
  struct target *GR_REF first;
  long tag;
  struct target *GR_REF second;
};

#define N 40

static void (*release_hook)(void *) = free;

static int by_tag(const void *a, const void *b) {
  const struct ha *p = (const struct ha *)a, *q = (const struct ha *)b;
  return p->tag < q->tag ? -1 : p->tag > q->tag;
}

static struct target *GR_REF new_target(v)
int v;
{
  struct target *GR_REF t = malloc(sizeof *t);
  if (t == NULL)
    exit(1);
  t->v = v;
  return t;
}

static void drop(t)
struct target *GR_REF t;
{
  free(t);
  /* KEEP: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}} (object of type 'struct target')
   * KEEP-NEXT: at {{.*}}type_tags_c89.c:[[@LINE-2]]:3 in drop
   * KEEP: one is held by field 'second' of 'struct hc' (declared at type_tags_c89.c:39), in the heap object at 0x{{[0-9a-f]+}}
   */
}

int main(int argc, char **argv) {
  struct ha *as[N];
  struct hb *bs[N];
  struct hc *cs[N];
  struct ha *sorted;
  struct target *GR_REF t1 = new_target(1);
  struct target *GR_REF t2 = new_target(2);
  long sum = 0;
  int i, keep = argc > 1 && !strcmp(argv[1], "keep");
  setvbuf(stdout, NULL, _IONBF, 0);
  for (i = 0; i < N; i++) {
    as[i] = malloc(sizeof *as[i]);
    bs[i] = malloc(sizeof *bs[i]);
    cs[i] = malloc(sizeof *cs[i]);
    if (!as[i] || !bs[i] || !cs[i])
      return 1;
    as[i]->x = t1;
    as[i]->y = t2;
    as[i]->tag = i;
    bs[i]->tag = i;
    bs[i]->x = t2;
    bs[i]->y = t1;
    cs[i]->first = t1;
    cs[i]->tag = i;
    cs[i]->second = t2;
  }
  sorted = malloc(N * sizeof *sorted);
  if (sorted == NULL)
    return 1;
  for (i = 0; i < N; i++) {
    sorted[i].x = t1;
    sorted[i].y = NULL;
    sorted[i].tag = (long)((i * 17) % N);
  }
  qsort(sorted, N, sizeof *sorted, by_tag);
  for (i = 0; i < N; i++)
    sum += sorted[i].tag + as[i]->x->v + bs[i]->x->v + cs[i]->second->v;
  printf("sum %ld\n", sum);
  /* OK: sum 980
   */
  release_hook(sorted);
  for (i = 0; i < N; i++) {
    release_hook(as[i]);
    release_hook(bs[i]);
    if (!keep || i != N / 2)
      release_hook(cs[i]);
  }
  drop(t2);
  drop(t1);
  printf("all released\n");
  /* OK-NEXT: all released
   * KEEP-NOT: all released
   */
  return 0;
}
