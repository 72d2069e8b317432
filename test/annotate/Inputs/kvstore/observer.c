#include "observer.h"

#include <stdio.h>
#include <stdlib.h>

struct observer *observer_new(const char *name, notify_fn fn) {
  struct observer *o = malloc(sizeof(struct observer));
  if (!o)
    abort();
  o->name = name;
  o->watched = NULL;
  o->notify = fn;
  o->events = 0;
  o->next = NULL;
  return o;
}

void observer_print(struct observer *self, struct item *it, const char *what) {
  self->events++;
  printf("  [%s] %s %s=%ld\n", self->name, what, it->key, it->value);
}
