/* Shared by the three units of test/modes/mixed_modes.c: orders.c
 * (resilient), ledger_fast.c (fast), mixed_modes.c (normal). */
#ifndef ORDERS_H
#define ORDERS_H
#include "genref.h"

struct GR_WEAKABLE order {
  int id;
  int qty;
  struct order *GR_REF next;
};

/* orders.c, resilient mode */
struct order *GR_REF order_new(int id, int qty);
void orders_push(struct order *GR_REF o);
extern struct order *GR_REF orders_head;

/* ledger_fast.c, fast mode */
int ledger_total(void);
void ledger_cancel(int id);
#endif
