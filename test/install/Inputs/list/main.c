#include <stdio.h>
#include <string.h>
#include "list.h"

/* "uaf": read the list's first item after list_free freed it. */
int main(int argc, char **argv) {
  struct item *GR_REF head = NULL;
  for (int i = 1; i <= 4; i++)
    head = list_push(head, i);
  printf("sum %d\n", list_sum(head));
  list_free(head);
  if (argc > 1 && strcmp(argv[1], "uaf") == 0)
    printf("stale %d\n", head->value);
  return 0;
}
