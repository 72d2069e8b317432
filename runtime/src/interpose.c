/* interpose.c - the C library's allocation functions are the genref heap.
 *
 * Every heap byte is genref's (I11): linking the runtime defines the whole
 * malloc family in the program, ahead of glibc's (glibc supports replacing
 * it), so memory allocated by a hook, a void * wrapper, strdup or a
 * library is a genref object like any other, with its header before it.
 * A reference into it finds its generation however the allocation call
 * was spelled. Not built into the sanitizer variants, whose interceptors
 * own these names (nointerpose.c says so instead). */
#include "internal.h"

#include <errno.h>
#include <malloc.h>
#include <stdlib.h>

const int _gr_malloc_interposed = 1;

static inline void *enomem(void *p) {
  if (GR_UNLIKELY(!p))
    errno = ENOMEM;
  return p;
}

static inline bool pow2(size_t a) { return a && !(a & (a - 1)); }

static inline uint32_t shift_of(size_t align) {
  return align <= 16 ? GR_MIN_ALIGN_SHIFT : 63u - (uint32_t)__builtin_clzll(align);
}

/* gr_alloc sets errno itself when it fails: a tail call, no frame here. */
GR_API void *malloc(size_t size) { return gr_alloc(size); }

GR_API void *calloc(size_t count, size_t size) {
  return enomem(gr_calloc(count, size));
}

GR_API void free(void *p) { gr_free(p, NULL); }

GR_API void *realloc(void *p, size_t size) {
  if (!p)
    return malloc(size);
  if (!size) { /* glibc's behaviour: free and return NULL */
    gr_free(p, NULL);
    return NULL;
  }
  return enomem(gr_realloc(p, size, NULL));
}

GR_API void *reallocarray(void *p, size_t count, size_t size) {
  size_t total;
  if (__builtin_mul_overflow(count, size, &total)) {
    errno = ENOMEM;
    return NULL;
  }
  return realloc(p, total);
}

GR_API int posix_memalign(void **out, size_t align, size_t size) {
  if (!pow2(align) || align % sizeof(void *))
    return EINVAL;
  void *p = _gr_alloc_aligned(size, shift_of(align));
  if (!p)
    return ENOMEM;
  *out = p;
  return 0;
}

GR_API void *aligned_alloc(size_t align, size_t size) {
  if (!pow2(align)) {
    errno = EINVAL;
    return NULL;
  }
  return enomem(_gr_alloc_aligned(size, shift_of(align)));
}

GR_API void *memalign(size_t align, size_t size) {
  if (!pow2(align)) { /* glibc rounds up to a power of two */
    size_t a = 16;
    while (a < align && a)
      a <<= 1;
    align = a;
  }
  if (!align) {
    errno = EINVAL;
    return NULL;
  }
  return enomem(_gr_alloc_aligned(size, shift_of(align)));
}

GR_API void *valloc(size_t size) { return memalign(4096, size); }

GR_API void *pvalloc(size_t size) {
  size_t rounded;
  if (__builtin_add_overflow(size, 4095, &rounded)) {
    errno = ENOMEM;
    return NULL;
  }
  return memalign(4096, rounded & ~(size_t)4095);
}

GR_API size_t malloc_usable_size(void *p) { return p ? gr_usable_size(p) : 0; }
