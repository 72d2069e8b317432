/* The allocation wrappers every C code base has: die on failure, return
 * void *. Nothing here knows the types of what it allocates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xmalloc.h"

void *xmalloc(size_t size) {
  void *p = malloc(size ? size : 1);
  if (p == NULL) {
    fprintf(stderr, "xmalloc: out of memory allocating %lu bytes\n", (unsigned long)size);
    exit(2);
  }
  return p;
}

void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (p == NULL) {
    fprintf(stderr, "xcalloc: out of memory\n");
    exit(2);
  }
  return p;
}

void *xrealloc(void *old, size_t size) {
  void *p = realloc(old, size ? size : 1);
  if (p == NULL) {
    fprintf(stderr, "xrealloc: out of memory\n");
    exit(2);
  }
  return p;
}

void xfree(void *p) {
  free(p);
}
