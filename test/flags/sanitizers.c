// genref-cc with the project's sanitizer flags: -fsanitize=address and
// -fsanitize=thread link the runtime variants whose malloc family is the
// sanitizer's (runtime/src/nointerpose.c), -fsanitize=undefined the
// ordinary one. The programs run clean, also with a reference made to
// strdup's result (the sanitizer's memory) and freed through the
// reference; a use after free through a reference is still genref's report
// at its line (the allocation the plugin rewrote is genref's), and a
// double free of the sanitizer's memory through a reference is the
// sanitizer's report.
// REQUIRES: plugin
// RUN: %obj_root/bin/genref-cc --layout=%layout -O1 -g -fsanitize=address %s -o %t.asan
// RUN: %run %t.asan 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=ERROR
// RUN: not %run %t.asan uaf 2>&1 | FileCheck --check-prefix=UAF %s
// RUN: not %run %t.asan double 2>&1 | FileCheck --check-prefix=ASAN-DF %s
// ASAN-DF: ERROR: AddressSanitizer: attempting double-free
// RUN: %obj_root/bin/genref-cc --layout=%layout -O1 -g -fsanitize=thread %s -o %t.tsan
// RUN: %run %t.tsan 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=ERROR
// RUN: not %run %t.tsan uaf 2>&1 | FileCheck --check-prefix=UAF %s
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
  char *GR_REF name = strdup("named"); /* a reference to it: any memory */
  a->v = 1;
  a->next = b;
  b->v = 2;
  b->next = NULL;
  // OK: 1 2 sanitized e 5
  printf("%d %d %s %c %d\n", a->v, a->next->v, text, name[3], (int)strlen(name));
  free(text);
  free(name);
  if (argc > 1 && !strcmp(argv[1], "double"))
    free(name);
  free(b);
  if (argc > 1 && !strcmp(argv[1], "uaf"))
    printf("%d\n", a->next->v);
  // UAF: ERROR: genref: use-after-free
  // UAF-NEXT: at {{.*}}sanitizers.c:[[@LINE-2]]:{{[0-9]+}} in main
  free(a);
  return 0;
}
