// Code with no annotations is left alone: genref-rewrite prints the input
// byte for byte (no runtime include, no #line), and the plugin build
// compiles to the same assembly and behaves the same as plain clang, even
// with constructs the rewriter handles for weakable types (malloc, free,
// memcpy, memset, struct assignment, ternaries on pointers, pointer
// arithmetic, unions, macros that touch pointers).
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- > %t.rw.c
// RUN: cmp %s %t.rw.c
// RUN: %plugin_cc -O2 -S %s -o %t.plugin.s
// RUN: %cc -O2 -S %s -o %t.plain.s
// RUN: diff %t.plain.s %t.plugin.s
// RUN: %plugin_cc -O0 %s -o %t0 && %run %t0 > %t0.out
// RUN: %plugin_cc -O2 %s -o %t2 && %run %t2 > %t2.out
// RUN: %cc -O2 %s -o %t.plain && %run %t.plain > %t.plain.out
// RUN: FileCheck %s < %t.plain.out
// RUN: diff %t.plain.out %t0.out
// RUN: diff %t.plain.out %t2.out
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NEXT(p) ((p)->next)

struct node {
  int v;
  struct node *next;
};
union u {
  struct node *p;
  long bits;
};

static int sum(const struct node *n) {
  int s = 0;
  for (; n; n = NEXT(n))
    s += n->v;
  return s;
}

int main(void) {
  struct node *head = NULL;
  for (int i = 1; i <= 4; i++) {
    struct node *n = malloc(sizeof *n);
    n->v = i;
    n->next = head;
    head = n;
  }
  struct node copy = *head, arr[3];
  memset(arr, 0, sizeof arr);
  memcpy(&arr[1], &copy, sizeof copy);
  struct node *mid = arr + 1;
  union u x = {.p = head};
  // CHECK: sum 10 4 4 1
  printf("sum %d %d %d %d\n", sum(head), mid->v, head ? head->v : 0, x.p == head);
  while (head) {
    struct node *next = head->next;
    free(head);
    head = next;
  }
  return 0;
}
