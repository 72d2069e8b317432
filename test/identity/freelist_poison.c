// A stale write through a raw (unannotated) pointer, the kind unchecked
// code or an uninstrumented library makes: after free, the whole freed
// object is overwritten with 0x41. Then objects of that size are allocated
// again (weakable ones and plain buffers): every pointer returned must be
// usable, distinct heap memory. The program either runs to the end (the
// heap ignored the garbage) or the corruption is reported as a genref
// error; never a crash, never an address outside the heap. A third run
// poisons two freed slots with pointers into the program's own data,
// which a naive free list would hand out. (A report of another kind, on
// memory the program uses correctly, is a failure: the heap followed the
// garbage.)
// REQUIRES: plugin
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 > %t0.out 2>&1 || true
// RUN: FileCheck --input-file=%t0.out %s
// RUN: %run %t2 > %t2.out 2>&1 || true
// RUN: FileCheck --input-file=%t2.out %s
// RUN: %run %t2 plain > %t2p.out 2>&1 || true
// RUN: FileCheck --input-file=%t2p.out %s
// RUN: %run %t2 aimed > %t2a.out 2>&1 || true
// RUN: FileCheck --input-file=%t2a.out %s
// CHECK: poisoned
// CHECK-NEXT: {{^(all 64 objects usable, distinct, outside the program's data and freed|==[0-9]+==ERROR: genref: heap-corruption .*)$}}
// CHECK-NOT: Segmentation
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE packet {
  unsigned char payload[56];
  int len;
};

static unsigned char program_data[4096];

static int inside(const void *p, const void *base, size_t size) {
  return (const unsigned char *)p >= (const unsigned char *)base &&
         (const unsigned char *)p < (const unsigned char *)base + size;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IONBF, 0);
  int plain = !strcmp(mode, "plain");
  size_t size = plain ? 64 : sizeof(struct packet);
  enum { N = 64 };
  void *objs[N];
  int i, j;
  // Some live neighbours, then the victims.
  for (i = 0; i < 8; i++)
    objs[i] = plain ? malloc(size) : (void *)malloc(sizeof(struct packet));
  struct packet *p = malloc(sizeof *p);
  struct packet *q = malloc(sizeof *q);
  char *b = malloc(64);
  unsigned char *raw_p = (unsigned char *)p; // an unannotated alias
  unsigned char *raw_q = (unsigned char *)q;
  free(p);
  free(q);
  free(b);
  if (!strcmp(mode, "aimed")) {
    // Every pointer-sized word of the freed slots points into our data.
    void *target = program_data + 64;
    for (i = 0; i + (int)sizeof target <= (int)sizeof(struct packet); i += (int)sizeof target) {
      memcpy(raw_p + i, &target, sizeof target);
      memcpy(raw_q + i, &target, sizeof target);
    }
  } else {
    memset(raw_p, 0x41, sizeof(struct packet));
    memset(raw_q, 0x41, sizeof(struct packet));
  }
  memset(b, 0x41, 64);
  printf("poisoned\n");
  for (i = 8; i < N; i++) {
    if (plain) {
      objs[i] = malloc(size);
    } else {
      struct packet *GR_REF pk = malloc(sizeof(struct packet));
      pk->len = i;
      objs[i] = pk;
    }
    if (objs[i] == NULL || inside(objs[i], program_data, sizeof program_data) ||
        ((uintptr_t)objs[i] & 0xffffffff) == 0x41414141u) {
      printf("bad address %p\n", objs[i]);
      return 3;
    }
    memset(objs[i], i, size);
  }
  for (i = 0; i < N; i++) {
    const unsigned char *bytes = objs[i];
    for (j = 0; j < (int)size; j++)
      if (i >= 8 && bytes[j] != (unsigned char)i) {
        printf("overlap at object %d\n", i);
        return 3;
      }
  }
  for (i = 0; i < N; i++)
    for (j = i + 1; j < N; j++)
      if (objs[i] == objs[j]) {
        printf("object %d handed out twice\n", i);
        return 3;
      }
  for (i = 0; i < N; i++)
    free(objs[i]);
  printf("all %d objects usable, distinct, outside the program's data and freed\n", N);
  return 0;
}
