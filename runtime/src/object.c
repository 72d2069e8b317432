/* object.c - operations on whole objects the rewritten code calls: a
 * stack object's lifetime, and copies and fills that leave generation
 * headers alone. Out of line on purpose (see rt.h). */
#include "internal.h"

#include <string.h>

gr_stack_frame_t gr_stack_frame_begin(void *obj, size_t size, const gr_layout_t *l) {
  gr_stack_frame_t f = {obj, size, l, 0, 0};
  _gr_each_header(obj, size, l, _gr_stack_begin_cb, 0);
  return f;
}

void gr_stack_frame_end(gr_stack_frame_t *f) {
  _gr_each_header(f->obj, f->size, f->layout, _gr_stack_end_cb, 0);
}


/* Copy `size` bytes from src to dst but keep dst's headers: a generation
 * is identity, not data (struct assignment, memcpy of weakable objects). */
static void save_cb(gr_header_t *h, void *arg) {
  gr_gen_t **cur = (gr_gen_t **)arg;
  *(*cur)++ = h->gen;
}
static void restore_cb(gr_header_t *h, void *arg) {
  gr_gen_t **cur = (gr_gen_t **)arg;
  h->gen = *(*cur)++;
}
void *gr_copy_object(void *dst, const void *src, size_t size,
                               const gr_layout_t *l) {
  if (!l) {
    gr_gen_t g = ((gr_header_t *)dst)->gen;
    __builtin_memmove(dst, src, size);
    ((gr_header_t *)dst)->gen = g;
    return dst;
  }
  /* Headers are few per object; arrays of many go through the heap copy. */
  gr_gen_t saved[256], *cur = saved;
  size_t done = 0;
  while (done < size) { /* in windows of at most 256 headers */
    size_t win = size - done, step = l->stride ? l->stride : size;
    if (l->stride && (win / step + 1) * l->count > 256)
      win = (256 / l->count - 1) * step;
    char *d = (char *)dst + done;
    cur = saved;
    _gr_each_header(d, win, l, save_cb, &cur);
    __builtin_memmove(d, (const char *)src + done, win);
    cur = saved;
    _gr_each_header(d, win, l, restore_cb, &cur);
    done += win;
  }
  return dst;
}

void *gr_fill_object(void *dst, int c, size_t size,
                               const gr_layout_t *l) {
  if (!l) {
    gr_gen_t g = ((gr_header_t *)dst)->gen;
    __builtin_memset(dst, c, size);
    ((gr_header_t *)dst)->gen = g;
    return dst;
  }
  gr_gen_t saved[256], *cur;
  size_t done = 0;
  while (done < size) {
    size_t win = size - done, step = l->stride ? l->stride : size;
    if (l->stride && (win / step + 1) * l->count > 256)
      win = (256 / l->count - 1) * step;
    char *d = (char *)dst + done;
    cur = saved;
    _gr_each_header(d, win, l, save_cb, &cur);
    __builtin_memset(d, c, win);
    cur = saved;
    _gr_each_header(d, win, l, restore_cb, &cur);
    done += win;
  }
  return dst;
}

