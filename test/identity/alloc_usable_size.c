// malloc_usable_size of genref memory (weakable objects, an array of them,
// a char buffer) is at least the size asked for, and a program that uses
// the slack it reports (as string builders do) corrupts nothing: the
// neighbouring objects stay valid and intact. A use through a reference
// after free is use-after-free at the line; freeing the char buffer twice
// is a double free.
// (-D_GNU_SOURCE: malloc_usable_size is a GNU extension, in <malloc.h>.)
// REQUIRES: plugin
// RUN: %plugin_cc -D_GNU_SOURCE -O0 %s -o %t0 %rt
// RUN: %plugin_cc -D_GNU_SOURCE -O2 %s -o %t2 %rt
// RUN: %run %t0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: not %run %t0 double 2>&1 | FileCheck --check-prefix=DF %s
// RUN: not %run %t2 double 2>&1 | FileCheck --check-prefix=DF %s
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE rec {
  int id;
  char note[20];
};

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IONBF, 0);
  struct rec *objs[8]; // raw: the neighbours
  int i, bad = 0;
  for (i = 0; i < 8; i++) {
    objs[i] = malloc(sizeof(struct rec));
    objs[i]->id = i;
    strcpy(objs[i]->note, "neighbour");
  }
  struct rec *one = malloc(sizeof *one);
  struct rec *many = malloc(5 * sizeof *many);
  char *text = malloc(100);
  size_t u_one = malloc_usable_size(one);
  size_t u_many = malloc_usable_size(many);
  size_t u_text = malloc_usable_size(text);
  // Sane: at least what was asked, and not absurdly more.
  int ok_one = u_one >= sizeof *one && u_one < sizeof *one + 4096;
  int ok_many = u_many >= 5 * sizeof *many && u_many < 5 * sizeof *many + 4096;
  int ok_text = u_text >= 100 && u_text < 100 + 4096;
  // OK: usable one 1 many 1 text 1
  printf("usable one %d many %d text %d\n", ok_one, ok_many, ok_text);
  if (!ok_one || !ok_many || !ok_text)
    return 3;
  // Use every usable byte of the char buffer.
  memset(text, 'x', u_text);
  text[u_text - 1] = '\0';
  // And the slack after the objects, as raw bytes.
  memset((char *)one + sizeof *one, 0x5a, u_one - sizeof *one);
  memset((char *)many + 5 * sizeof *many, 0x5a, u_many - 5 * sizeof *many);
  struct rec *GR_REF r = one;
  r->id = 42;
  struct rec *GR_REF fifth = &many[4];
  fifth->id = 5;
  for (i = 0; i < 8; i++)
    bad += objs[i]->id != i || strcmp(objs[i]->note, "neighbour") != 0;
  // OK-NEXT: len ok 1 neighbours bad 0 one 42 fifth 5
  printf("len ok %d neighbours bad %d one %d fifth %d\n", strlen(text) == u_text - 1, bad, r->id,
         fifth->id);
  for (i = 0; i < 8; i++)
    free(objs[i]);
  free(text);
  if (!strcmp(mode, "double")) {
    free(text);
    // DF: ERROR: genref: double-free on address 0x{{[0-9a-f]+}}
    // DF: alloc_usable_size.c:[[@LINE-2]]
    // DF: SUMMARY: genref: double-free
    printf("survived\n");
    // DF-NOT: survived
  }
  free(many);
  free(one);
  if (!strcmp(mode, "uaf"))
    printf("stale %d\n", r->id);
  // UAF: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct rec')
  // UAF-NEXT: at {{.*}}alloc_usable_size.c:[[@LINE-2]]:{{[0-9]+}} in main
  // UAF: SUMMARY: genref: use-after-free {{.*}}alloc_usable_size.c:[[@LINE-3]] in main
  // UAF-NOT: stale
  // OK-NEXT: done
  printf("done\n");
  return 0;
}
