/* Fast unit of test/modes/mixed_modes.c: the hot loop (unchecked GR_REF
 * dereferences) and the free. */
#include <stdlib.h>
#include "orders.h"

int ledger_total(void) {
  int total = 0;
  for (struct order *GR_REF o = orders_head; o; o = o->next)
    total += o->qty;
  return total;
}

void ledger_cancel(int id) {
  struct order *GR_REF prev = NULL;
  for (struct order *GR_REF o = orders_head; o; o = o->next) {
    if (o->id == id) {
      if (prev)
        prev->next = o->next;
      else
        orders_head = o->next;
      free(o);
      return;
    }
    prev = o;
  }
}
