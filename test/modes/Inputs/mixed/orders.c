/* Resilient unit of test/modes/mixed_modes.c: allocates the orders. */
#include <stdlib.h>
#include "orders.h"

struct order *GR_REF orders_head;

struct order *GR_REF order_new(int id, int qty) {
  struct order *GR_REF o = malloc(sizeof(struct order));
  o->id = id;
  o->qty = qty;
  o->next = NULL;
  return o;
}

void orders_push(struct order *GR_REF o) {
  o->next = orders_head;
  orders_head = o;
}
