/* A small library (list.c) and a program (main.c) sharing one annotated
 * header: what test/install/install.test builds with an installed genref,
 * through CMake, pkg-config, CC=genref-cc cmake and CC=genref-cc ./configure. */
#ifndef LIST_H
#define LIST_H
#include "genref.h"

struct GR_WEAKABLE item {
  int value;
  struct item *GR_REF next;
};

struct item *GR_REF list_push(struct item *GR_REF head, int value);
int list_sum(struct item *GR_REF head);
void list_free(struct item *GR_REF head);
#endif
