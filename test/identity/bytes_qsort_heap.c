// qsort of a heap array of weakable structs: qsort moves elements as raw
// bytes. Afterwards references made to elements (and one made before the
// sort, which now names whichever element landed in its place) work, the
// order is right, nothing is reported; references into the array are
// still caught after the array is freed (use-after-free at the line).
// (Passes on main: the elements of one heap array share one generation.
// Issue 11 item 2 must keep it passing.)
// REQUIRES: plugin
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE score {
  int player;
  int points;
};

static int by_points_desc(const void *a, const void *b) {
  const struct score *x = a, *y = b;
  if (x->points != y->points)
    return x->points < y->points ? 1 : -1;
  return x->player - y->player;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IONBF, 0);
  enum { N = 100 };
  struct score *board = malloc(N * sizeof *board);
  int i;
  for (i = 0; i < N; i++) {
    board[i].player = i;
    board[i].points = (i * 37) % 101;
  }
  struct score *GR_REF before = &board[0];
  qsort(board, N, sizeof *board, by_points_desc);
  struct score *GR_REF top = &board[0];
  struct score *GR_REF bottom = &board[N - 1];
  int sorted = 1;
  for (i = 1; i < N; i++) {
    struct score *GR_REF prev = &board[i - 1];
    struct score *GR_REF cur = &board[i];
    sorted &= prev->points >= cur->points;
  }
  // OK: sorted 1 top 30 100 bottom 0 0 before 30 100
  printf("sorted %d top %d %d bottom %d %d before %d %d\n", sorted, top->player, top->points,
         bottom->player, bottom->points, before->player, before->points);
  free(board);
  if (!strcmp(mode, "uaf"))
    printf("stale %d\n", top->points);
  // UAF: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct score')
  // UAF-NEXT: at {{.*}}bytes_qsort_heap.c:[[@LINE-2]]:{{[0-9]+}} in main
  // UAF: SUMMARY: genref: use-after-free {{.*}}bytes_qsort_heap.c:[[@LINE-3]] in main
  // UAF-NOT: stale
  // OK-NEXT: done
  printf("done\n");
  return 0;
}
