/* Shared by tc_multi_tu.c, Inputs/multi_tu/push.c and pop.c: one header,
 * three translation units compiled by one plugin command line. */
#ifndef LIST_H
#define LIST_H
#include "genref.h"

struct GR_WEAKABLE item {
  int value;
  struct item *GR_REF next;
};
typedef struct item *GR_REF item_ref;

extern item_ref list_head;
void list_push(int value);
int list_pop(void); /* -1 when empty */
#endif
