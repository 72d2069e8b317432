#include <stdlib.h>

#include "node.h"

/* Declared here without a header: the same declarations as in a.c. */
extern struct node *g_tail;
int count(struct node *n);

int main(void) {
  struct node *head = NULL;
  append(&head, make(1));
  append(&head, make(2));
  struct node pair[2] = {{3, NULL}, {4, NULL}};
  int ok = count(head) == 2 && g_tail->v == 2 && sum_array(pair, 2) == 7;
  while (head) {
    struct node *next = head->next;
    free(head);
    head = next;
  }
  return ok ? 0 : 1;
}
