/* fast mode (COMPILE_OPTIONS in CMakeLists.txt) */
#include "hot.h"
int hot_sum(struct cell *GR_REF c) {
  int s = 0;
  for (; c; c = c->next)
    s += c->v;
  return s;
}
