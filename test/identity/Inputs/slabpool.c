/* The pool's own unit: it includes genref.h only to tell genref about the
 * objects it hands out (GR_MALLOCLIKE_BLOCK) and takes back
 * (GR_FREELIKE_BLOCK); it has no annotated type or pointer, so the plugin
 * has nothing to rewrite in it. C89 on purpose. */
#include <stdlib.h>
#include <string.h>
#include "genref.h"
#include "slabpool.h"

#define SLOT 64
#define NSLOTS 32

static unsigned char *block;
static void *free_list;
static size_t used;

void *slabpool_get(size_t size) {
  void *obj;
  if (size > SLOT)
    return NULL;
  if (block == NULL && (block = malloc(SLOT * NSLOTS)) == NULL)
    return NULL;
  if (free_list != NULL) {
    obj = free_list;
    memcpy(&free_list, obj, sizeof free_list);
  } else if (used < NSLOTS) {
    obj = block + used++ * SLOT;
  } else {
    return NULL;
  }
  GR_MALLOCLIKE_BLOCK(obj, size);
  return obj;
}

void slabpool_put(void *obj) {
  if (obj == NULL)
    return;
  GR_FREELIKE_BLOCK(obj);
  memcpy(obj, &free_list, sizeof free_list);
  free_list = obj;
}
