#include <stdlib.h>
#include "list.h"

item_ref list_head = NULL;

void list_push(int value) {
  struct item *it = malloc(sizeof(struct item));
  it->value = value;
  it->next = list_head;
  list_head = it;
}
