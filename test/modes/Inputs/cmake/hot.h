#include "genref.h"
struct GR_WEAKABLE cell {
  int v;
  struct cell *GR_REF next;
};
int hot_sum(struct cell *GR_REF c);
