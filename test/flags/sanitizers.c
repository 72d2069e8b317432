// genref-cc with the project's sanitizer flags: -fsanitize=address links
// the runtime variant whose malloc family is ASan's (runtime/src/
// nointerpose.c), -fsanitize=undefined the ordinary one. Both programs run
// clean, and a use after free through a reference is still genref's report
// at its line (under ASan the allocation the plugin rewrote is genref's).
// REQUIRES: plugin
// RUN: %obj_root/bin/genref-cc --layout=%layout -O1 -g -fsanitize=address %s -o %t.asan
// RUN: %run %t.asan 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=ERROR
// RUN: not %run %t.asan uaf 2>&1 | FileCheck --check-prefix=UAF %s
// RUN: %obj_root/bin/genref-cc --layout=%layout -O1 -g -fsanitize=undefined -fno-sanitize-recover=all %s -o %t.ubsan
// RUN: %run %t.ubsan 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=runtime
// RUN: not %run %t.ubsan uaf 2>&1 | FileCheck --check-prefix=UAF %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
  struct node *GR_REF next;
};

int main(int argc, char **argv) {
  struct node *GR_REF a = malloc(sizeof *a);
  struct node *GR_REF b = malloc(sizeof *b);
  char *text = strdup("sanitized"); /* the sanitizer's malloc under ASan */
  a->v = 1;
  a->next = b;
  b->v = 2;
  b->next = NULL;
  // OK: 1 2 sanitized
  printf("%d %d %s\n", a->v, a->next->v, text);
  free(text);
  free(b);
  if (argc > 1 && !strcmp(argv[1], "uaf"))
    printf("%d\n", a->next->v);
  // UAF: ERROR: genref: use-after-free
  // UAF-NEXT: at {{.*}}sanitizers.c:[[@LINE-2]]:{{[0-9]+}} in main
  free(a);
  return 0;
}
