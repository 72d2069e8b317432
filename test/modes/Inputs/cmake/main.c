#include <stdio.h>
#include <stdlib.h>
#include "hot.h"
__attribute__((constructor)) static void hello(void) { printf("constructor ran\n"); }
int main(void) {
  struct cell *GR_REF head = NULL;
  for (int i = 1; i <= 3; i++) {
    struct cell *GR_REF c = malloc(sizeof(struct cell));
    c->v = i;
    c->next = head;
    head = c;
  }
  printf("sum %d\n", hot_sum(head));
  while (head) {
    struct cell *GR_REF next = head->next;
    free(head);
    head = next;
  }
  return 0;
}
