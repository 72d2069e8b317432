// The compiler builtins that glibc's own headers, fortified code and many
// macros expand to, over live objects with different histories (a static,
// heap objects, a stack object): the values are the copied ones, nothing
// is reported, and the heap target is still caught after its free.
// REQUIRES: plugin
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE vec3 {
  double x, y, z;
};

static const struct vec3 origin = {1, 2, 3};

#define VEC_COPY(dst, src) __builtin_memcpy((dst), (src), sizeof *(dst))
#define VEC_CLEAR(v) __builtin_memset((v), 0, sizeof *(v))

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IONBF, 0);
  int i;
  for (i = 0; i < 10; i++)
    free(malloc(sizeof(struct vec3)));
  struct vec3 *GR_REF a = malloc(sizeof(struct vec3));
  struct vec3 *GR_REF b = malloc(sizeof(struct vec3));
  struct vec3 s;
  struct vec3 *GR_REF sref = &s;
  __builtin_memcpy(a, &origin, sizeof *a);
  VEC_COPY(&s, a);
  s.z = 30;
  __builtin_memmove(b, &s, sizeof s);
  // OK: a 1 2 3 b 1 2 30 s 1 2 30
  printf("a %.0f %.0f %.0f b %.0f %.0f %.0f s %.0f %.0f %.0f\n", a->x, a->y, a->z, b->x, b->y,
         b->z, sref->x, sref->y, sref->z);
  VEC_CLEAR(a);
  __builtin_memset(&s, 0, sizeof s);
  // OK-NEXT: cleared 0 0 b 30
  printf("cleared %.0f %.0f b %.0f\n", a->x + a->y + a->z, sref->x + sref->y + sref->z, b->z);
  free(b);
  free(a);
  if (!strcmp(mode, "uaf"))
    printf("stale %.0f\n", a->x);
  // UAF: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct vec3')
  // UAF-NEXT: at {{.*}}bytes_builtin.c:[[@LINE-2]]:{{[0-9]+}} in main
  // UAF: SUMMARY: genref: use-after-free {{.*}}bytes_builtin.c:[[@LINE-3]] in main
  // UAF-NOT: stale
  // OK-NEXT: done
  printf("done\n");
  return 0;
}
