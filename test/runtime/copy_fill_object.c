// C treats objects as bytes, and no byte the program writes through an
// object decides its identity (I10): memcpy, memmove, memset, fread,
// read(2) (the kernel writes the bytes) and qsort over live heap objects
// (and a stack array) change no reference's
// validity. A reference made before (to an object's start, or interior:
// an element) still validates afterwards, and a stale reference to a
// freed, reused slot still fails, even when the bytes written over the
// new occupant are the stale reference's own generation (no forgery).
// The last line dereferences the stale reference: reported.
// RUN: %cc -O2 %s -o %t %rt && not %run %t 2>&1 | FileCheck %s
// CHECK: memcpy ok
// CHECK-NEXT: memset ok
// CHECK-NEXT: fread ok
// CHECK-NEXT: read ok
// CHECK-NEXT: qsort ok
// CHECK-NEXT: stack qsort ok
// CHECK-NEXT: forged ok
// CHECK: ERROR: genref: use-after-free
// CHECK-NOT: not reached
#define _GNU_SOURCE
#include "Inputs/rtest.h"

#include <unistd.h>

struct elem {
  long key;
  long a, b;
};

enum { N = 300 };

static struct elem *x, *y;
static gr_ref_t rx, ry, rx3, ry_last; /* made before the writes */
static gr_ref_t stale, stale_in;        /* to a freed, reused slot */

/* Every reference made before still validates; the stale ones still fail. */
static int identities(void) {
  return gr_ref_alive(rx) && gr_ref_alive(ry) && gr_ref_alive(rx3) &&
         gr_ref_alive(ry_last) && gr_ref_check(rx, NULL) == x &&
         gr_ref_check(rx3, NULL) == &x[3] && !gr_ref_alive(stale) &&
         !gr_ref_alive(stale_in);
}

static int cmp_key(const void *a, const void *b) {
  long ka = ((const struct elem *)a)->key, kb = ((const struct elem *)b)->key;
  return (ka > kb) - (ka < kb);
}

int main(void) {
  x = malloc((N + 1) * sizeof *x);
  y = malloc(N * sizeof *y);
  REQUIRE(x && y);
  rx = gr_ref_from_new(x);
  ry = gr_ref_from_new(y);
  rx3 = gr_ref_make(&x[3], NULL);
  ry_last = gr_ref_make(&y[N - 1], NULL);

  /* A stale reference: to an object freed, its slot handed out again. */
  struct elem *old = malloc(N * sizeof *old);
  stale = gr_ref_from_new(old);
  stale_in = gr_ref_make(&old[5], NULL);
  free(old);
  static void *keep[4096];
  size_t nkeep = 0;
  struct elem *reused = rt_alloc_slot(old, N * sizeof *old, keep, &nkeep, 4096);
  REQUIRE(reused == old);
  gr_ref_t rreused = gr_ref_from_new(reused);
  REQUIRE(identities() && gr_ref_alive(rreused));

  for (int i = 0; i <= N; i++)
    x[i] = (struct elem){N - i, i, -i};
  memcpy(y, x, N * sizeof *y);
  memmove(&x[1], &x[0], N * sizeof *x); /* overlapping, up */
  memmove(&x[0], &x[1], N * sizeof *x); /* and down */
  memcpy(reused, x, N * sizeof *x);     /* over the stale slot's occupant */
  /* The whole usable size too: every byte the object owns. */
  memcpy(x, y, gr_usable_size(x) < gr_usable_size(y) ? gr_usable_size(x)
                                                     : gr_usable_size(y));
  printf("memcpy %s\n", identities() && gr_ref_alive(rreused) ? "ok" : "BROKEN");

  static const int bytes[] = {0, 0xff, 0xaa, 0x01};
  for (size_t i = 0; i < sizeof bytes / sizeof bytes[0]; i++) {
    memset(x, bytes[i], gr_usable_size(x));
    memset(reused, bytes[i], gr_usable_size(reused));
    if (!identities() || !gr_ref_alive(rreused))
      break;
  }
  printf("memset %s\n", identities() && gr_ref_alive(rreused) ? "ok" : "BROKEN");

  /* Data from a file over live objects: fread writes them, not genref. */
  FILE *f = tmpfile();
  REQUIRE(f);
  uint64_t rng = 99;
  for (size_t i = 0; i < (gr_usable_size(x) + N * sizeof *y) / 8 + 1; i++) {
    uint64_t w = rt_rand(&rng);
    REQUIRE(fwrite(&w, sizeof w, 1, f) == 1);
  }
  rewind(f);
  REQUIRE(fread(x, 1, gr_usable_size(x), f) == gr_usable_size(x));
  REQUIRE(fread(y, sizeof *y, N, f) == N);
  fclose(f);
  printf("fread %s\n", identities() ? "ok" : "BROKEN");

  int fds[2];
  REQUIRE(pipe(fds) == 0);
  for (int i = 0; i < 8; i++) {
    uint64_t w = ~rt_rand(&rng);
    REQUIRE(write(fds[1], &w, sizeof w) == (ssize_t)sizeof w);
  }
  REQUIRE(read(fds[0], x, 64) == 64);
  close(fds[0]);
  close(fds[1]);
  printf("read %s\n", identities() ? "ok" : "BROKEN");

  for (int i = 0; i < N; i++)
    y[i] = (struct elem){(long)(rt_rand(&rng) % 1000), i, -i};
  qsort(y, N, sizeof *y, cmp_key);
  int sorted = 1;
  for (int i = 1; i < N; i++)
    sorted &= y[i - 1].key <= y[i].key;
  printf("qsort %s\n", sorted && identities() ? "ok" : "BROKEN");

  /* A stack array, sorted in place: its one generation covers every
   * element, so moving elements' bytes moves no identity. */
  struct elem s[16];
  gr_stack_frame_t fr = gr_stack_frame_begin(s, sizeof s);
  gr_ref_t rs2 = gr_ref_make(&s[2], NULL), rs15 = gr_ref_make(&s[15], NULL);
  for (int i = 0; i < 16; i++)
    s[i] = (struct elem){16 - i, i, i};
  qsort(s, 16, sizeof *s, cmp_key);
  memset(s, 0xee, sizeof s);
  printf("stack qsort %s\n", gr_ref_alive(rs2) && gr_ref_alive(rs15) &&
                                     s[2].key == (long)0xeeeeeeeeeeeeeeeeULL
                                 ? "ok" : "BROKEN");
  gr_stack_frame_end(&fr);

  /* Forgery: the stale reference's own generation written everywhere in
   * the slot's new object (and in the word before each of its elements)
   * never makes it validate. */
  uint64_t g = gr_ref_gen(stale);
  for (size_t i = 0; i < gr_usable_size(reused) / 8; i++)
    ((uint64_t *)reused)[i] = g;
  printf("forged %s\n", !gr_ref_alive(stale) && !gr_ref_alive(stale_in) &&
                                gr_ref_alive(rreused)
                            ? "ok" : "BROKEN");
  fflush(stdout);
  struct elem *e = gr_ref_check(stale_in, NULL);
  printf("not reached %ld\n", e->a);
  return 0;
}
