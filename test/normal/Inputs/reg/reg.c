#include <stdlib.h>
#include <string.h>
#include "reg.h"

struct reg {
  struct reg_entry *GR_REF head;
  size_t n;
};

static void *(*reg_alloc)(size_t) = malloc;
static void (*reg_dealloc)(void *) = free;

void reg_set_allocator(alloc, dealloc) void *(*alloc)(size_t); void (*dealloc)(void *);
{
  reg_alloc = alloc;
  reg_dealloc = dealloc;
}

struct reg *reg_new(void)
{
  struct reg *r = (struct reg *)reg_alloc(sizeof *r);
  if (r) {
    r->head = NULL;
    r->n = 0;
  }
  return r;
}

void reg_add(r, name, t) struct reg *r; const char *name; struct thing *t;
{
  struct reg_entry *e = (struct reg_entry *)reg_alloc(sizeof *e);
  if (!e)
    abort();
  strncpy(e->name, name, sizeof e->name - 1);
  e->name[sizeof e->name - 1] = '\0';
  e->what = t;
  e->next = r->head;
  r->head = e;
  r->n++;
}

struct thing *reg_find(r, name) struct reg *r; const char *name;
{
  struct reg_entry *GR_REF e;
  for (e = r->head; e; e = e->next)
    if (!strcmp(e->name, name))
      return e->what;
  return NULL;
}

int reg_remove(r, name) struct reg *r; const char *name;
{
  struct reg_entry *GR_REF *pp = &r->head;
  while (*pp) {
    struct reg_entry *e = *pp;
    if (!strcmp(e->name, name)) {
      *pp = e->next;
      reg_dealloc(e);
      r->n--;
      return 1;
    }
    pp = &e->next;
  }
  return 0;
}

void reg_free(r) struct reg *r;
{
  while (r->head) {
    struct reg_entry *e = r->head;
    r->head = e->next;
    reg_dealloc(e);
  }
  reg_dealloc(r);
}
