/* A registry library: entries point at the client's objects. */
#ifndef REG_H
#define REG_H
#include <stddef.h>
#include "genref.h"

struct GR_WEAKABLE thing {
  long id;
};

struct reg_entry {
  struct reg_entry *GR_REF next;
  struct thing *GR_REF what;
  char name[16];
};

struct reg;
void reg_set_allocator(void *(*alloc)(size_t), void (*dealloc)(void *));
struct reg *reg_new(void);
void reg_add(struct reg *r, const char *name, struct thing *t);
struct thing *reg_find(struct reg *r, const char *name);
int reg_remove(struct reg *r, const char *name);
void reg_free(struct reg *r);
#endif
