#include <stdlib.h>
#include "list.h"

int list_pop(void) {
  if (!list_head)
    return -1;
  item_ref top = list_head;
  int v = top->value;
  list_head = top->next;
  free(top);
  return v;
}
