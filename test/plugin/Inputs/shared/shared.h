#ifndef SHARED_H
#define SHARED_H
#include "genref.h"
struct GR_WEAKABLE counter {
  int value;
};
struct counter *GR_REF counter_new(int start);
int counter_bump(struct counter *GR_REF c);
void counter_free(struct counter *GR_REF c);
#endif
