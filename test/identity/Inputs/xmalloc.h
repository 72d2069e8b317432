#ifndef XMALLOC_H
#define XMALLOC_H
#include <stddef.h>
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *old, size_t size);
void xfree(void *p);
#endif
