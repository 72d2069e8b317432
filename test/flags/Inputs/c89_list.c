/* A C89 program for the -std/-pedantic matrix (test/flags/std_matrix.test):
 * declarations at block start, block comments only, no C99 library calls.
 * It uses each construct whose rewrite adds text: checks, stores,
 * allocations of single objects and arrays, frees, a stack object, a
 * weakable struct passed by value, struct assignment, memset, a static
 * object with references, gr_alive. `bug` reads through a freed node. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int value;
  struct node *GR_REF next;
};

struct list {
  struct node *GR_REF head;
  struct node *GR_WEAK last;
};

static struct node sentinel = {-1, NULL};
static struct node *GR_REF first_seen = NULL;

static struct node *GR_REF push(struct list *l, int v) {
  struct node *GR_REF n;
  n = malloc(sizeof *n);
  if (!n)
    exit(2);
  n->value = v;
  n->next = l->head;
  l->head = n;
  if (l->last == NULL)
    l->last = n;
  return n;
}

static int sum(const struct list *l) {
  struct node *GR_REF p;
  int s = 0;
  for (p = l->head; p != NULL; p = p->next)
    s += p->value;
  return s;
}

static int twice(struct node copy) {
  return copy.value * 2;
}

static void clear(struct list *l) {
  while (l->head) {
    struct node *GR_REF n = l->head;
    l->head = n->next;
    free(n);
  }
}

static int array_sum(int k) {
  struct node *arr;
  struct node *bigger;
  int i, s = 0;
  arr = calloc((size_t)k, sizeof(struct node));
  if (!arr)
    exit(2);
  for (i = 0; i < k; i++)
    arr[i].value = i;
  bigger = realloc(arr, (size_t)(2 * k) * sizeof(struct node));
  if (!bigger)
    exit(2);
  for (i = 0; i < k; i++)
    s += bigger[i].value;
  free(bigger);
  return s;
}

int main(int argc, char **argv) {
  struct list l;
  struct node local;
  struct node *GR_REF keep;
  int i;
  l.head = NULL;
  l.last = NULL;
  local.value = 1;
  local.next = NULL;
  for (i = 0; i < 10; i++)
    push(&l, i);
  keep = l.head;
  first_seen = l.last;
  local = *keep; /* struct assignment: local keeps its own header */
  printf("sum %d alive %d local %d twice %d sentinel %d array %d\n", sum(&l),
         gr_alive(l.last) ? 1 : 0, local.value, twice(local), sentinel.value,
         array_sum(5));
  if (argc > 1 && strcmp(argv[1], "bug") == 0) {
    clear(&l);
    printf("stale %d\n", keep->value);
  }
  local.next = NULL;
  first_seen = NULL;
  memset(&local, 0, sizeof local);
  clear(&l);
  printf("done %d\n", gr_alive(l.last) ? 1 : 0);
  return 0;
}
