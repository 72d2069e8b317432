#ifndef NODE_H
#define NODE_H

struct node {
  int v;
  struct node *next;
};

struct node *make(int v);
void append(struct node **head, struct node *n);
int sum_array(struct node *arr, int n);

#endif
