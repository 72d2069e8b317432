// Normal mode types an untyped allocation (gr_alloc: a hook's) by its first
// counted use; a member struct at offset 0 used first (an intrusive link)
// types it as an array of the member's type, and a later use of the larger
// outer struct at the same start replaces that type (type_untyped's
// upgrade), so a free through void * releases the outer's other reference.
// Every transition of the compact layout's record: a tag to a tag, the
// slot's own record (255, once a slab has 254 layouts) to a tag, a tag to
// the slot's record, and the slot's record to another; the fat layout's
// per-slot record. Then: a smaller type after a larger one changes nothing,
// a larger type away from the start changes nothing, and the next lives of
// the upgraded slots start untyped (the slot's record cleared when a tag
// replaced it: their own types take, and their frees release).
// RUN: %cc -O1 %s %rt -o %t
// RUN: %run %t | FileCheck %s
// CHECK: held: 1200
// CHECK-NEXT: upgraded, freed: 0
// CHECK-NEXT: smaller after larger: 0
// CHECK-NEXT: larger inside: 1
// CHECK-NEXT: next lives: 0
#include "Inputs/rtest.h"

#include <stddef.h>

#define N 300

struct target {
  int v;
};
struct link {
  gr_ref_t next;
  long prio;
};
struct outer {
  struct link l;
  long key;
  gr_ref_t data;
};

static const _gr_u32 link_offs[] = {offsetof(struct link, next)};
static const _gr_u32 outer_offs[] = {offsetof(struct outer, l.next), offsetof(struct outer, data)};
/* Distinct layouts, as many struct types would give: 2N links, so the
 * slab's 254 tags run out, and two outers registered first (tags). */
static gr_layout_t links[2 * N], outers[N + 2];
static struct outer *objs[2 * N];

static gr_layout_t layout(const char *name, size_t stride, _gr_u32 n, const _gr_u32 *offs) {
  return (gr_layout_t){name, stride, n, offs, 0, n == 1 ? "next" : "l.next,data", "t.c"};
}

int main(void) {
  struct target *t = gr_calloc(1, sizeof *t);
  REQUIRE(t != NULL);
  gr_ref_t r = gr_ref_from_new(t);
  for (int i = 0; i < 2 * N; i++)
    links[i] = layout("struct link", sizeof(struct link), 1, link_offs);
  for (int i = 0; i < N + 2; i++)
    outers[i] = layout("struct outer", sizeof(struct outer), 2, outer_offs);
  /* outers[0] and [1] take tags 1 and 2 of the slab (typed, then freed). */
  for (int k = 0; k < 2; k++) {
    void *d = gr_alloc(sizeof(struct outer));
    REQUIRE(d != NULL);
    gr_ref_make_counted(d, &outers[k], NULL);
    gr_free(d, NULL);
  }
  for (int i = 0; i < 2 * N; i++) {
    objs[i] = gr_alloc(sizeof(struct outer));
    REQUIRE(objs[i] != NULL);
    memset(objs[i], 0, sizeof *objs[i]);
    /* The link first: a reference to it (tags, then the slot's record). */
    gr_ref_t lr = gr_ref_make_counted(&objs[i]->l, &links[i], NULL);
    REQUIRE(gr_ref_ptr(lr) == objs[i]);
    gr_ref_store_at_typed(&objs[i]->l.next, r, NULL, &links[i], offsetof(struct link, next));
  }
  /* Then the outer: the first N by a store (outers[0]/[1]: tags, so the
   * last of them go from the slot's record to a tag), the next N by a
   * reference made to it (distinct outers: the slot's record). */
  for (int i = 0; i < N; i++)
    gr_ref_store_at_typed(&objs[i]->data, r, NULL, &outers[i % 2], offsetof(struct outer, data));
  for (int i = N; i < 2 * N; i++) {
    gr_ref_make_counted(objs[i], &outers[2 + i - N], NULL);
    gr_ref_store_at_typed(&objs[i]->data, r, NULL, &outers[2 + i - N],
                          offsetof(struct outer, data));
  }
  printf("held: %d\n", gr_ref_count(t));
  for (int i = 0; i < 2 * N; i++)
    gr_free(objs[i], NULL); /* no type given: the record says */
  printf("upgraded, freed: %d\n", gr_ref_count(t));

  /* Typed as the outer first; the link's use after it changes nothing. */
  struct outer *o = gr_alloc(sizeof *o);
  REQUIRE(o != NULL);
  memset(o, 0, sizeof *o);
  gr_ref_store_at_typed(&o->data, r, NULL, &outers[0], offsetof(struct outer, data));
  gr_ref_make_counted(&o->l, &links[0], NULL);
  gr_ref_store_at_typed(&o->l.next, r, NULL, &links[0], offsetof(struct link, next));
  gr_free(o, NULL);
  printf("smaller after larger: %d\n", gr_ref_count(t));

  /* A link typed at the start, a larger struct used one link in: the
   * allocation is an array of links, not retyped; its free releases the
   * links' references only (the outer's data is a link's prio: it stays). */
  char *a = gr_alloc(3 * sizeof(struct link));
  REQUIRE(a != NULL);
  memset(a, 0, 3 * sizeof(struct link));
  gr_ref_make_counted(a, &links[0], NULL);
  gr_ref_store_at_typed((gr_ref_t *)(a + sizeof(struct link) + offsetof(struct outer, data)), r,
                        NULL, &outers[0], offsetof(struct outer, data));
  gr_free(a, NULL);
  printf("larger inside: %d\n", gr_ref_count(t));

  /* The upgraded slots' next lives: untyped, then typed by their own use
   * (fresh layouts: the slot's record), and released at their frees. */
  for (int i = 0; i < 2 * N; i++) {
    objs[i] = gr_alloc(sizeof(struct outer));
    REQUIRE(objs[i] != NULL);
    memset(objs[i], 0, sizeof *objs[i]);
  }
  for (int i = 0; i < 2 * N; i++) {
    gr_layout_t *l = &links[(i + 7) % (2 * N)];
    gr_ref_make_counted(objs[i], l, NULL);
    gr_ref_store_at_typed(&objs[i]->l.next, r, NULL, l, offsetof(struct link, next));
  }
  for (int i = 0; i < 2 * N; i++)
    gr_free(objs[i], NULL);
  printf("next lives: %d\n", gr_ref_count(t) - 1);
  return 0;
}
