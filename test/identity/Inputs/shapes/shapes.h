/* shapes: an annotated library header. Every unit that includes it sees
 * struct shape, a weakable struct, so every unit must agree on its layout. */
#ifndef SHAPES_H
#define SHAPES_H
#include "genref.h"

struct GR_WEAKABLE shape {
  int kind; /* 0 rectangle, 1 triangle */
  double w, h;
  char name[16];
};

struct shape *shape_make(int kind, double w, double h, const char *name);
double shape_area(const struct shape *s);
void shape_scale(struct shape *s, double factor);
const char *shape_name(const struct shape *s);
void shape_destroy(struct shape *s);
#endif
