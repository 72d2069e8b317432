#include <stdlib.h>
#include "list.h"

struct item *GR_REF list_push(struct item *GR_REF head, int value) {
  struct item *GR_REF it = malloc(sizeof(struct item));
  if (!it)
    abort();
  it->value = value;
  it->next = head;
  return it;
}

int list_sum(struct item *GR_REF head) {
  int sum = 0;
  for (struct item *GR_REF it = head; it; it = it->next)
    sum += it->value;
  return sum;
}

void list_free(struct item *GR_REF head) {
  while (head) {
    struct item *GR_REF next = head->next;
    free(head);
    head = next;
  }
}
