/* A fixed-size object pool in a unit of its own (slabpool.c). */
#ifndef SLABPOOL_H
#define SLABPOOL_H
#include <stddef.h>
void *slabpool_get(size_t size);
void slabpool_put(void *obj);
#endif
