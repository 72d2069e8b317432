#include <stdlib.h>

#include "node.h"

struct node *g_tail;

struct node *make(int v) {
  struct node *n = malloc(sizeof *n);
  n->v = v;
  n->next = NULL;
  return n;
}

void append(struct node **head, struct node *n) {
  while (*head)
    head = &(*head)->next;
  *head = n;
  g_tail = n;
}

int count(struct node *n) {
  int k = 0;
  for (; n; n = n->next)
    k++;
  return k;
}

int sum_array(struct node *arr, int n) {
  int s = 0;
  for (int i = 0; i < n; i++)
    s += arr[i].v;
  return s;
}
