/* mixed_layouts.c's second translation unit: shares struct node. */
#include "genref.h"
struct GR_WEAKABLE node {
  int v;
  struct node *GR_REF next;
};
int node_value(struct node *GR_REF n) { return n->v; }
