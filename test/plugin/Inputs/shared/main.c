/* The program of test/plugin/tc_shared_lib.test. */
#include <stdio.h>
#include <string.h>
#include "genref.h"
#include "shared.h"

int main(int argc, char **argv) {
  struct counter *GR_REF c = counter_new(41);
  int a = counter_bump(c);
  int b = counter_bump(c);
  printf("%d %d\n", a, b);
  counter_free(c);
  if (argc > 1 && !strcmp(argv[1], "stale"))
    printf("%d\n", c->value);
  return 0;
}
