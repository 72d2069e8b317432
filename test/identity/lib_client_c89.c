/* A multi-unit library (Inputs/qlib/queue.c) and this client, which
 * includes the library's header, installs counting allocator hooks, keeps
 * references to queued items and pops copies into its own objects. Written
 * in C89 and built both as C11 and as -std=c89 -pedantic -Werror (every
 * unit), at -O0 and -O2: the correct program is silent and prints the
 * right values; a reference kept to an item the queue has popped (and
 * freed through the hook) is use-after-free at the line.
 *
 * REQUIRES: plugin
 * RUN: rm -rf %t.dir && mkdir -p %t.dir
 * RUN: %plugin_cc -O2 -I%S/Inputs/qlib %s %S/Inputs/qlib/queue.c -o %t.dir/c11_2 %rt
 * RUN: %plugin_cc -std=c89 -pedantic -Werror -O0 -I%S/Inputs/qlib %s %S/Inputs/qlib/queue.c -o %t.dir/c89_0 %rt
 * RUN: %plugin_cc -std=c89 -pedantic -Werror -O2 -I%S/Inputs/qlib %s %S/Inputs/qlib/queue.c -o %t.dir/c89_2 %rt
 * RUN: %run %t.dir/c11_2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
 * RUN: %run %t.dir/c89_0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
 * RUN: %run %t.dir/c89_2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
 * RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/c11_2 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
 * RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/c89_0 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
 * RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/c89_2 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
 * Without the plugin, the same units are plain C89.
 * RUN: %cc -std=c89 -pedantic -Werror -O2 -I%S/Inputs/qlib %s %S/Inputs/qlib/queue.c -o %t.dir/plain
 * RUN: %run %t.dir/plain | FileCheck --check-prefix=OK %s
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "queue.h"

static unsigned long n_allocs, n_frees;

static void *counting_alloc(size_t size) {
  n_allocs++;
  return malloc(size);
}

static void counting_free(void *p) {
  if (p != NULL)
    n_frees++;
  free(p);
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  struct queue *q;
  struct qitem *GR_REF urgent;
  struct qitem *GR_REF later;
  struct qitem got;
  struct qitem *GR_REF gref = &got;
  struct qitem *GR_REF mine;
  int i, round, sum = 0;
  setvbuf(stdout, NULL, _IONBF, 0);
  q_set_allocator(counting_alloc, counting_free);
  q = q_new();
  /* Churn: items come and go through the hooks. */
  for (round = 0; round < 20; round++) {
    for (i = 0; i < 5; i++)
      q_push(q, round * 10 + i, i, "churn");
    while (q_pop(q, &got))
      sum += gref->prio;
  }
  urgent = q_push(q, 1, 9, "urgent");
  later = q_push(q, 2, 1, "later");
  mine = malloc(sizeof *mine);
  mine->id = 0;
  /*
   * OK: churn 200 queued 2 urgent 9 later 1
   */
  printf("churn %d queued %lu %s %d %s %d\n", sum, (unsigned long)q_len(q), urgent->label,
         urgent->prio, later->label, later->prio);
  /* Pop straight into a heap object of the client's own. */
  q_pop(q, mine);
  /*
   * OK-NEXT: popped 1 urgent 9 later still 2
   */
  printf("popped %d %s %d later still %d\n", mine->id, mine->label, mine->prio, later->id);
  if (!strcmp(mode, "uaf"))
    printf("stale %s\n", urgent->label);
  /*
   * UAF: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct qitem')
   * UAF-NEXT: at {{.*}}lib_client_c89.c:[[@LINE-3]]:{{[0-9]+}} in main
   * UAF: SUMMARY: genref: use-after-free {{.*}}lib_client_c89.c:[[@LINE-4]] in main
   * UAF-NOT: stale
   */
  free(mine);
  q_free(q);
  /*
   * OK-NEXT: allocs 105 frees 105
   */
  printf("allocs %lu frees %lu\n", n_allocs, n_frees);
  /*
   * OK-NEXT: done
   */
  printf("done\n");
  return 0;
}
