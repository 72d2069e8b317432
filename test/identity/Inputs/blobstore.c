/* Built with plain clang (no plugin, no genref.h): see blobstore.h. */
#include <stdlib.h>
#include <string.h>
#include "blobstore.h"

struct blobstore {
  size_t elem_size, len, cap;
  unsigned char *bytes;
};

struct blobstore *blobstore_new(size_t elem_size) {
  struct blobstore *bs = calloc(1, sizeof *bs);
  if (bs)
    bs->elem_size = elem_size;
  return bs;
}

size_t blobstore_put(struct blobstore *bs, const void *obj) {
  if (bs->len == bs->cap) {
    size_t cap = bs->cap ? bs->cap * 2 : 4;
    unsigned char *bytes = realloc(bs->bytes, cap * bs->elem_size);
    if (bytes == NULL)
      abort();
    bs->bytes = bytes;
    bs->cap = cap;
  }
  memcpy(bs->bytes + bs->len * bs->elem_size, obj, bs->elem_size);
  return bs->len++;
}

void blobstore_get(const struct blobstore *bs, size_t i, void *out) {
  memcpy(out, bs->bytes + i * bs->elem_size, bs->elem_size);
}

void *blobstore_dup(const struct blobstore *bs, size_t i) {
  void *p = malloc(bs->elem_size);
  if (p)
    memcpy(p, bs->bytes + i * bs->elem_size, bs->elem_size);
  return p;
}

void blob_swap(void *a, void *b, size_t size) {
  unsigned char tmp[256];
  while (size > 0) {
    size_t n = size < sizeof tmp ? size : sizeof tmp;
    memcpy(tmp, a, n);
    memcpy(a, b, n);
    memcpy(b, tmp, n);
    a = (unsigned char *)a + n;
    b = (unsigned char *)b + n;
    size -= n;
  }
}

void blobstore_free(struct blobstore *bs) {
  free(bs->bytes);
  free(bs);
}
