/* A shared library of annotated code (test/plugin/tc_shared_lib.test). */
#include <stdlib.h>
#include "genref.h"
#include "shared.h"

struct counter *GR_REF counter_new(int start) {
  struct counter *c = malloc(sizeof *c);
  c->value = start;
  return c;
}

int counter_bump(struct counter *GR_REF c) { return ++c->value; }

void counter_free(struct counter *GR_REF c) { free(c); }
