// genref-annotate's core rules on one unit: a heap-allocated struct becomes
// GR_WEAKABLE; every pointer to it becomes GR_REF (fields, locals,
// parameters, returns, globals, several declarators, T *GR_REF *, the
// sizeof of an array of references); the result compiles with the plugin
// and with gcc, and a second run changes nothing.
// REQUIRES: plugin
// RUN: rm -rf %t && mkdir %t && cp %s %t/basic.c && cd %t
// RUN: %genref_annotate basic.c -- -std=c11 2> report.txt
// RUN: FileCheck --check-prefix=OUT --input-file=basic.c %s
// RUN: FileCheck --check-prefix=REPORT --input-file=report.txt %s
// RUN: %plugin_cc basic.c -o basic %rt && %run ./basic
// RUN: %gcc basic.c -o basic.gcc && ./basic.gcc
// RUN: cp basic.c first.c && %genref_annotate basic.c -- -std=c11 2> again.txt
// RUN: diff first.c basic.c
// RUN: FileCheck --check-prefix=AGAIN --input-file=again.txt %s
#include <stdlib.h>

// OUT: {{^}}#include "genref.h"
// OUT: {{^}}struct GR_WEAKABLE node {
struct node {
  int value;
  // OUT: {{^}}  struct node *GR_REF next, *GR_REF prev;
  struct node *next, *prev;
};

struct list {
  // OUT: {{^}}  struct node *GR_REF first;
  struct node *first;
  int n;
};

// OUT: {{^}}struct node *GR_REF g_last;
struct node *g_last;

// OUT: {{^}}struct node *GR_REF push(struct list *l, int v) {
struct node *push(struct list *l, int v) {
  // OUT: {{^}}  struct node *GR_REF n = malloc(sizeof *n);
  struct node *n = malloc(sizeof *n);
  n->value = v;
  n->prev = NULL;
  n->next = l->first;
  if (l->first)
    l->first->prev = n;
  l->first = n;
  l->n++;
  g_last = n;
  return n;
}

// The address of a reference: the pointee level is a reference too.
// OUT: {{^}}void pop(struct node *GR_REF *head) {
void pop(struct node **head) {
  // OUT: {{^}}  struct node *GR_REF old = *head;
  struct node *old = *head;
  *head = old->next;
  if (g_last == old)
    g_last = NULL;
  free(old);
}

// An array of references sized with sizeof of the element type.
// OUT: {{^}}struct node *GR_REF *snapshot(struct list *l) {
struct node **snapshot(struct list *l) {
  // OUT: {{^}}  struct node *GR_REF *all = malloc((size_t)l->n * sizeof(struct node *GR_REF));
  struct node **all = malloc((size_t)l->n * sizeof(struct node *));
  int i = 0;
  // OUT: {{^}}  for (struct node *GR_REF p = l->first; p; p = p->next)
  for (struct node *p = l->first; p; p = p->next)
    all[i++] = p;
  return all;
}

int main(void) {
  struct list l = {NULL, 0};
  push(&l, 1);
  push(&l, 2);
  push(&l, 3);
  struct node **all = snapshot(&l);
  int sum = all[0]->value + all[2]->value;
  free(all);
  pop(&l.first);
  while (l.first)
    pop(&l.first);
  return sum == 4 && g_last == NULL ? 0 : 1;
}
// REPORT: 1 GR_WEAKABLE, 13 GR_REF, 0 GR_WEAK; 0 left raw
// AGAIN: 0 file(s) changed
