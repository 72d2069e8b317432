/* blobstore: a tiny library that stores copies of caller objects as bytes
 * (an undo history, a cache). It knows nothing of genref and is built
 * without the plugin, like any third-party library. */
#ifndef BLOBSTORE_H
#define BLOBSTORE_H
#include <stddef.h>

struct blobstore;

struct blobstore *blobstore_new(size_t elem_size);
/* Copies elem_size bytes from obj into the store; returns its index. */
size_t blobstore_put(struct blobstore *bs, const void *obj);
/* Copies entry i back into *out. */
void blobstore_get(const struct blobstore *bs, size_t i, void *out);
/* A heap copy of entry i (the caller frees it). */
void *blobstore_dup(const struct blobstore *bs, size_t i);
/* Exchanges the contents of two caller objects. */
void blob_swap(void *a, void *b, size_t size);
void blobstore_free(struct blobstore *bs);
#endif
