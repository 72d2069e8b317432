// Where #include "genref.h" goes: after the last #include that precedes
// the first edit and is outside any #if; nothing is added to a file that
// includes genref.h already (see basic.c's second run).
// REQUIRES: plugin
// RUN: rm -rf %t && mkdir %t && cp %s %t/i.c && cd %t
// RUN: %genref_annotate i.c -- -std=c11 2> /dev/null
// RUN: FileCheck --check-prefix=OUT --input-file=i.c %s
// RUN: %plugin_cc i.c -o i %rt && %run ./i
// RUN: %gcc i.c -o i.gcc && ./i.gcc
#if !defined(NO_STRING)
#include <string.h>
#endif
#include <stdlib.h>
// OUT: {{^}}#include <stdlib.h>
// OUT-NEXT: {{^}}#include "genref.h"

// OUT: {{^}}struct GR_WEAKABLE msg {
struct msg {
  char text[8];
};

#include <stdio.h>

int main(void) {
  struct msg *m = malloc(sizeof *m);
  strcpy(m->text, "hi");
  printf("%s\n", m->text);
  free(m);
  return 0;
}
// OUT-NOT: {{^}}#include "genref.h"
