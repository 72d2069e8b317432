// The program's own allocators (gr_block_alloc / gr_block_free, locate.c):
// a bump or pool allocator that carves objects out of memory it got from
// malloc (or static storage) gives each block a generation of its own.
//   life     a reference made into a block (its start, or a field:
//            interior) validates while the block lives and fails after
//            gr_block_free; a block carved again at the same address (the
//            same extent, or an overlapping one) gets a new generation, so
//            the old reference still fails and a new one validates. Blocks
//            in static storage work the same way; freeing the malloc'd
//            memory under live blocks makes references into them fail,
//            and the memory's next heap object is not the blocks: a
//            reference made into it validates (no report), the stale ones
//            into the blocks still fail. A reference the allocator made to
//            its arena (the heap object) before carving stays valid over
//            the blocks while the arena lives. A pool in a stack object in scope
//            (gr_stack_frame_begin) works the same way, and its blocks die
//            with the frame.
//   double   a second gr_block_free of a block is reported as double-free,
//            a gr_block_free where no block was made as invalid-free, a
//            block carved over a live one is reported; none is acted on.
//   stale    a checked dereference into a freed block is a use-after-free.
//
// RUN: %cc -O1 %s %rt -o %t
// RUN: %run %t life | FileCheck %s --check-prefix=LIFE
// RUN: not %run %t double 2>&1 | FileCheck %s --check-prefix=DOUBLE
// RUN: env GENREF_OPTIONS=halt_on_error=0:print_backtrace=0 %run %t all 2>&1 | FileCheck %s --check-prefix=ALL
// RUN: not %run %t stale 2>&1 | FileCheck %s --check-prefix=STALE
// LIFE: blocks ok
// LIFE-NEXT: re-carved ok
// LIFE-NEXT: static ok
// LIFE-NEXT: under free ok
// LIFE-NEXT: reused ok
// LIFE-NEXT: stack pool ok
// LIFE-NOT: ERROR
// DOUBLE: ERROR: genref: double-free on address 0x{{[0-9a-f]+}}
// DOUBLE: gr_block_free: not the start of a live block
// DOUBLE-NOT: not reached
// ALL: ERROR: genref: double-free
// ALL: ERROR: genref: invalid-free
// ALL: gr_block_free: no block was made here with gr_block_alloc
// ALL: ERROR: genref: invalid-free
// ALL: the block overlaps a live block
// ALL: 3 reports; the live block still validates: 1
// STALE: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}}
// STALE-NOT: not reached
#include "Inputs/rtest.h"

struct item {
  long key;
  long val[3];
};

/* A bump allocator over one malloc'd arena, as programs write them; its
 * first 64 bytes are the allocator's own (no block there). */
static char *arena;
static size_t arena_used = 64;

static struct item *bump_alloc(void) {
  struct item *it = (struct item *)(arena + arena_used);
  arena_used += sizeof *it;
  gr_block_alloc(it, sizeof *it);
  return it;
}

static uint64_t reports(void) {
  gr_stats_t st;
  gr_stats_get(&st);
  return st.reports;
}

/* A pool in a framed stack object; `leave`: its last block is never
 * gr_block_free'd, it dies with the frame. */
__attribute__((noinline)) static int stack_pool(int leave) {
  struct item pool[4];
  gr_stack_frame_t f = gr_stack_frame_begin(pool, sizeof pool);
  gr_ref_t whole = gr_ref_make(&pool[0], NULL), view = gr_ref_make(&pool[1], NULL);
  gr_block_alloc(&pool[1], sizeof pool[1]);
  gr_block_alloc(&pool[2], sizeof pool[2]);
  gr_ref_t r1 = gr_ref_make(&pool[1].val[0], NULL), r2 = gr_ref_make(&pool[2], NULL);
  int ok = gr_ref_alive(r1) && gr_ref_alive(r2) && gr_ref_alive(whole) &&
           gr_ref_gen(r1) != gr_ref_gen(whole) && gr_ref_gen(r1) != gr_ref_gen(r2);
  gr_block_free(&pool[1]);
  ok &= !gr_ref_alive(r1) && gr_ref_alive(r2) && gr_ref_alive(whole) && gr_ref_alive(view);
  if (!leave)
    gr_block_free(&pool[2]);
  gr_stack_frame_end(&f);
  ok &= !gr_ref_alive(r1) && !gr_ref_alive(r2) && !gr_ref_alive(whole) && !gr_ref_alive(view);
  /* The same memory, a new stack object: not the pool's blocks. */
  f = gr_stack_frame_begin(pool, sizeof pool);
  uint64_t before = reports();
  gr_ref_t n1 = gr_ref_make(&pool[1], NULL), n2 = gr_ref_make(&pool[2].val[1], NULL);
  ok &= gr_ref_alive(n1) && gr_ref_alive(n2) && reports() == before;
  ok &= !gr_ref_alive(r1) && !gr_ref_alive(r2);
  gr_stack_frame_end(&f);
  return ok;
}

static void life(void) {
  arena = malloc(4096);
  REQUIRE(arena);
  gr_ref_t view = gr_ref_make(arena + 64 + 8, NULL); /* into the first block */
  struct item *a = bump_alloc(), *b = bump_alloc();
  gr_ref_t ra = gr_ref_make(a, NULL), rb = gr_ref_make(&b->val[2], NULL);
  gr_ref_t whole = gr_ref_make(arena, NULL); /* the arena itself: whole */
  int ok = gr_ref_alive(ra) && gr_ref_alive(rb) && gr_ref_alive(whole) &&
           gr_ref_gen(ra) != gr_ref_gen(whole) && gr_ref_gen(ra) != gr_ref_gen(rb);
  ok &= gr_ref_check(rb, NULL) == &b->val[2];
  ok &= gr_ref_alive(view) && gr_ref_check(view, NULL) == &a->val[0];
  gr_block_free(a);
  ok &= !gr_ref_alive(ra) && gr_ref_alive(rb) && gr_ref_alive(whole) && gr_ref_alive(view);
  printf("blocks %s\n", ok ? "ok" : "BROKEN");

  /* The same extent again: a new generation; the old reference fails. */
  gr_block_alloc(a, sizeof *a);
  gr_ref_t ra2 = gr_ref_make(a, NULL);
  ok = gr_ref_alive(ra2) && !gr_ref_alive(ra) && gr_ref_gen(ra2) != gr_ref_gen(ra);
  gr_block_free(a);
  /* An overlapping extent (a's second half and beyond): newer still. */
  gr_block_alloc(&a->val[1], 16);
  gr_ref_t ra3 = gr_ref_make(&a->val[1], NULL);
  ok &= gr_ref_alive(ra3) && !gr_ref_alive(ra) && !gr_ref_alive(ra2);
  gr_block_free(&a->val[1]);
  ok &= !gr_ref_alive(ra3);
  printf("re-carved %s\n", ok ? "ok" : "BROKEN");

  /* Blocks in static storage (a pool in .bss). */
  static struct item pool[8];
  gr_block_alloc(&pool[2], sizeof pool[2]);
  gr_ref_t rp = gr_ref_make(&pool[2].val[0], NULL), rq = gr_ref_make(&pool[3], NULL);
  ok = gr_ref_alive(rp) && gr_ref_gen(rp) != GR_GEN_STATIC && gr_ref_gen(rq) == GR_GEN_STATIC;
  gr_block_free(&pool[2]);
  ok &= !gr_ref_alive(rp) && gr_ref_alive(rq);
  printf("static %s\n", ok ? "ok" : "BROKEN");

  /* The arena freed under a live block: references into it fail. */
  ok = gr_ref_alive(rb);
  free(arena);
  ok &= !gr_ref_alive(rb) && !gr_ref_alive(whole) && !gr_ref_alive(view);
  printf("under free %s\n", ok ? "ok" : "BROKEN");

  /* The arena's slot handed out again: a plain object, not the blocks
   * (a was freed with gr_block_free, b never was). */
  static void *keep[4096];
  size_t nkeep = 0;
  char *n = rt_alloc_slot(arena, 4096, keep, &nkeep, 4096);
  REQUIRE(n == arena);
  gr_ref_t na = gr_ref_make(a, NULL), nb = gr_ref_make(&b->val[2], NULL);
  ok = gr_ref_alive(na) && gr_ref_alive(nb) && gr_ref_gen(nb) == rt_hdr(n, 0);
  ok &= !gr_ref_alive(ra) && !gr_ref_alive(rb) && !gr_ref_alive(ra2);
  /* Carving over the dead records is no overlap with a live block. */
  uint64_t before = reports();
  gr_block_alloc(b, sizeof *b);
  gr_ref_t rb2 = gr_ref_make(b, NULL);
  ok &= gr_ref_alive(rb2) && !gr_ref_alive(rb) && reports() == before;
  gr_block_free(b);
  /* nb was made to the new heap object itself: valid over its blocks. */
  ok &= !gr_ref_alive(rb2) && gr_ref_alive(nb) && reports() == before;
  free(n);
  rt_free_all(keep, &nkeep);
  printf("reused %s\n", ok ? "ok" : "BROKEN");

  ok = stack_pool(0) && stack_pool(1);
  printf("stack pool %s\n", ok ? "ok" : "BROKEN");
}

int main(int argc, char **argv) {
  REQUIRE(argc == 2);
  if (!strcmp(argv[1], "life")) {
    life();
    return 0;
  }
  arena = malloc(4096);
  REQUIRE(arena);
  struct item *a = bump_alloc(), *b = bump_alloc();
  if (!strcmp(argv[1], "stale")) {
    gr_ref_t r = gr_ref_make(&a->val[1], NULL);
    gr_block_free(a);
    long v = *(long *)gr_ref_check(r, NULL);
    printf("not reached %ld\n", v);
    return 0;
  }
  int all = !strcmp(argv[1], "all");
  uint64_t before = reports();
  gr_block_free(a);
  gr_block_free(a); /* double */
  if (!all) {
    printf("not reached\n");
    return 0;
  }
  gr_block_free(arena + 1000);              /* never a block */
  gr_ref_t rb = gr_ref_make(b, NULL);
  gr_block_alloc((char *)b + 8, sizeof *b); /* over the live b */
  printf("%llu reports; the live block still validates: %d\n",
         (unsigned long long)(reports() - before), gr_ref_alive(rb));
  return 0;
}
