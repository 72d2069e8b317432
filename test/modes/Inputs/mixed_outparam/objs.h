#ifndef OBJS_H
#define OBJS_H
#include "genref.h"

struct GR_WEAKABLE obj {
  int v;
};
typedef struct obj *GR_REF obj_ref;

void make(obj_ref *GR_REF out, int v);
void destroy(obj_ref o);
#endif
