/* The library unit. The tests build it with the plugin, or without it
 * (plain clang: the "unplugged" unit). */
#include <stdio.h>
#include <stdlib.h>
#include "shapes.h"

struct shape *shape_make(int kind, double w, double h, const char *name) {
  struct shape *s = malloc(sizeof *s);
  if (s == NULL)
    return NULL;
  s->kind = kind;
  s->w = w;
  s->h = h;
  snprintf(s->name, sizeof s->name, "%s", name);
  return s;
}

double shape_area(const struct shape *s) { return s->kind == 1 ? s->w * s->h / 2 : s->w * s->h; }

void shape_scale(struct shape *s, double factor) {
  s->w *= factor;
  s->h *= factor;
}

const char *shape_name(const struct shape *s) { return s->name; }

void shape_destroy(struct shape *s) { free(s); }
