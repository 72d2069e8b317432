// Packed weakable structs (__attribute__((packed)), #pragma pack), an
// array of them, and one held inline at an odd offset of a packed struct,
// as wire formats declare them: plain C layout (sizeof 5, stride 5), the
// generation outside the struct, so heap and stack objects, elements and
// the inline one are checked like any other; a use after free through a
// reference to an element is reported at its line.
// REQUIRES: plugin
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %run %t2 | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t0 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not %run %t2 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE __attribute__((packed)) wire {
  char tag;
  int len;
};

#pragma pack(push, 1)
struct GR_WEAKABLE pragma_packed {
  char tag;
  int len;
};
#pragma pack(pop)

struct __attribute__((packed)) frame {
  char kind;
  struct wire inline_wire;
  struct wire *GR_REF next;
};

int main(int argc, char **argv) {
  int n = 7, i, sum = 0;
  struct wire *GR_REF a = malloc(n * sizeof *a);
  for (i = 0; i < n; i++) {
    a[i].tag = (char)('a' + i);
    a[i].len = i * 3;
  }
  struct wire *GR_REF third = &a[3];
  struct pragma_packed pp = {'p', 42};
  struct pragma_packed *GR_REF ppr = &pp;
  struct frame f;
  memset(&f, 0, sizeof f);
  f.kind = 'k';
  f.inline_wire.len = 9;
  f.next = third;
  struct wire *GR_REF in = &f.inline_wire;
  for (i = 0; i < n; i++)
    sum += a[i].len;
  // OK: sizes 5 5 {{[0-9]+}} sum 63 third d 9 pp 42 inline 9 next 9
  printf("sizes %zu %zu %zu sum %d third %c %d pp %d inline %d next %d\n", sizeof(struct wire),
         sizeof(struct pragma_packed), sizeof(struct frame), sum, third->tag, third->len,
         ppr->len, in->len, f.next->len);
  f.next = NULL; /* normal mode: no reference to a may remain at its free */
  free(a);
  if (argc > 1)
    printf("%d\n", third->len);
  // UAF: ERROR: genref: use-after-free
  // UAF-NEXT: at {{.*}}rw_packed.c:[[@LINE-2]]:{{[0-9]+}} in main
  (void)argv;
  return 0;
}
