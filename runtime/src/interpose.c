/* interpose.c - free() and realloc() that know the genref heap.
 *
 * A weakable object can reach the C library's free() or realloc() through
 * a void * the plugin could not type (a generic container, a library
 * callback). Linking the runtime defines these two functions in the
 * program, ahead of glibc's: genref memory goes to the genref heap (with
 * its double-free and invalid-free checks), everything else to glibc
 * unchanged. One range check per call. Not built into the TSan variant,
 * whose own interceptors define free(). */
#include "internal.h"

void __libc_free(void *p);
void *__libc_realloc(void *p, size_t size);

GR_API void free(void *p) {
  if (GR_UNLIKELY(_gr_slab_of(p) != NULL)) {
    gr_free(p, NULL);
    return;
  }
  __libc_free(p);
}

GR_API void *realloc(void *p, size_t size) {
  if (GR_UNLIKELY(p != NULL && _gr_slab_of(p) != NULL))
    return _gr_realloc_keep_layout(p, size);
  return __libc_realloc(p, size);
}
