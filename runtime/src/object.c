/* object.c - operations on whole objects the rewritten code calls: a
 * stack object's lifetime, and copies and fills that leave generation
 * headers alone. Out of line on purpose (see rt.h). */
#include "internal.h"

#include <string.h>

static void set_gen_cb(gr_header_t *h, void *arg) {
  __atomic_store_n(&h->gen, *(const gr_gen_t *)arg, __ATOMIC_RELAXED);
}

typedef struct avoid { gr_gen_t g; bool clash; } avoid_t;

/* The header still holds what the last object here left at its end (its
 * generation + 1): that generation is never handed out again here, so a
 * stale reference to the previous object in this memory never matches,
 * even when narrow (compact) generations have cycled. */
static void avoid_cb(gr_header_t *h, void *arg) {
  avoid_t *a = arg;
  gr_gen_t last = (__atomic_load_n(&h->gen, __ATOMIC_RELAXED) - 1) & GR_GEN_MAX;
  a->clash |= a->g == last;
}

/* One fresh generation for every header of the object (an array of
 * weakable structs, a struct holding some): references tell elements apart
 * by address, and a byte-wise swap of elements (qsort) moves only equal
 * headers, so it never makes a live element look freed. */
gr_stack_frame_t gr_stack_frame_begin(void *obj, size_t size, const gr_layout_t *l) {
  gr_stack_frame_t f = {obj, size, l, 0, 0};
  avoid_t a = {gr_fresh_gen(), false};
  for (int tries = 0; tries < 8; tries++) {
    a.clash = false;
    _gr_each_header(obj, size, l, avoid_cb, &a);
    if (!a.clash)
      break;
    a.g = gr_fresh_gen();
  }
  _gr_each_header(obj, size, l, set_gen_cb, &a.g);
  return f;
}

/* A frame declared ahead of its object (so that a goto or a switch may jump
 * past the object, rewrite.md) is {0} until the object's declaration runs:
 * ending it then is a no-op. */
void gr_stack_frame_end(gr_stack_frame_t *f) {
  if (!f->obj)
    return;
  _gr_each_header(f->obj, f->size, f->layout, _gr_stack_end_cb, 0);
}


/* Copy or fill the bytes of an object of `size` bytes laid out as `l`
 * (NULL: one header at offset 0) that are not generation headers: a
 * generation is identity, not data. Gap by gap, so no header is ever
 * written; backwards when dst lies after an overlapping src (memmove). */
static void around_headers(char *dst, const char *src, int c, size_t size,
                           const gr_layout_t *l) {
  static const uint32_t zero = 0;
  uint32_t count = l ? l->count : 1;
  const uint32_t *offs = l ? l->offsets : &zero;
  size_t step = l && l->stride ? l->stride : size;
  size_t nsteps = step ? (size + step - 1) / step : 1;
  size_t nh = nsteps * count; /* header positions, ascending */
  bool back = src && dst > src && dst < src + size;
  for (size_t j = 0; j <= nh; j++) {
    size_t g = back ? nh - j : j; /* gap g ends at header g (or at size) */
    size_t end = g < nh ? (g / count) * step + offs[g % count] : size;
    size_t begin = g ? ((g - 1) / count) * step + offs[(g - 1) % count] +
                           sizeof(gr_header_t)
                     : 0;
    if (end > size)
      end = size;
    if (begin >= end)
      continue;
    if (src)
      memmove(dst + begin, src + begin, end - begin);
    else
      memset(dst + begin, c, end - begin);
  }
}

void *gr_copy_object(void *dst, const void *src, size_t size,
                     const gr_layout_t *l) {
  if (dst != src)
    around_headers(dst, src, 0, size, l);
  return dst;
}

void *gr_fill_object(void *dst, int c, size_t size, const gr_layout_t *l) {
  around_headers(dst, NULL, c, size, l);
  return dst;
}
