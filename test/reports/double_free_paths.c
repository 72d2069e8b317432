// A double free is reported as double-free whatever the path to the second
// free, with the object's own address and generation (never a value read
// from the freed memory or a free-list link) and the object's stacks:
//   rawlist     a list of raw pointers deleted twice: one report per node
//   ref         through a GR_REF
//   voidcast    free((void *)q) of a stale GR_REF: the cast only fits
//               free's parameter, the reference is freed (was: checked at
//               the cast, a use-after-free report)
//   rawcopy     through a void * copied from the stale GR_REF after the
//               free (it holds the reference's poison mirror, not the
//               address: the report names the real object)
//   interior    free(p + 8) of a freed buffer: the object at p, not p + 8
//   refinterior a GR_REF to the second element, after the array's free
// REQUIRES: plugin
// RUN: %plugin_cc -O0 -fno-omit-frame-pointer %s -o %t %rt
// RUN: env GENREF_OPTIONS=halt_on_error=0:malloc_context_size=8 %run %t rawlist 2>&1 | FileCheck %s --check-prefix=RAWLIST
// RUN: env GENREF_OPTIONS=malloc_context_size=8 not %run %t ref 2>&1 | FileCheck %s --check-prefixes=DF,REF
// RUN: env GENREF_OPTIONS=malloc_context_size=8 not %run %t voidcast 2>&1 | FileCheck %s --check-prefixes=DF,REF
// RUN: env GENREF_OPTIONS=malloc_context_size=8 not %run %t rawcopy 2>&1 | FileCheck %s --check-prefixes=DF,RAWCOPY
// RUN: env GENREF_OPTIONS=malloc_context_size=8 not %run %t interior 2>&1 | FileCheck %s --check-prefixes=DF,INTERIOR
// RUN: env GENREF_OPTIONS=malloc_context_size=8 not %run %t refinterior 2>&1 | FileCheck %s --check-prefixes=DF,REFINTERIOR
//
// RAWLIST: node 0 at [[N0:0x[0-9a-f]+]]
// RAWLIST: node 1 at [[N1:0x[0-9a-f]+]]
// RAWLIST: deleted once
// RAWLIST: ERROR: genref: double-free on address [[N0]]{{$}}
// RAWLIST-NEXT: expected generation 1 (live), found 2 (freed)
// RAWLIST: [[N0]] is located 0 bytes inside of the {{[0-9]+}}-byte heap object [[[N0]],{{.*}}) of generation 1 (freed)
// RAWLIST-NEXT: freed by thread T0 here:
// RAWLIST-NEXT: #0 0x{{[0-9a-f]+}} in delete_list {{.*}}double_free_paths.c:
// RAWLIST-NEXT: #1 0x{{[0-9a-f]+}} in main
// RAWLIST: previously allocated by thread T0 here:
// RAWLIST-NEXT: #0 0x{{[0-9a-f]+}} in make_list {{.*}}double_free_paths.c:
// RAWLIST: ERROR: genref: double-free on address [[N1]]{{$}}
// RAWLIST-NEXT: expected generation 1 (live), found 2 (freed)
// RAWLIST: [[N1]] is located 0 bytes inside of {{.*}} of generation 1 (freed)
// RAWLIST-NOT: ERROR
// RAWLIST: deleted twice
//
// DF: object at [[OBJ:0x[0-9a-f]+]]
// DF: ERROR: genref: double-free on address [[OBJ]]
// REF-NEXT: at {{.*}}double_free_paths.c:{{[0-9]+}}:{{[0-9]+}} in main
// REF-NEXT: expected generation 1 (live), found 2 (freed)
// RAWCOPY-NEXT: found generation 2 (freed)
// RAWCOPY-NEXT: the pointer was copied from a reference to an object that was already freed
// INTERIOR-NEXT: expected generation 1 (live), found 2 (freed)
// INTERIOR-NEXT: the pointer freed, 0x{{[0-9a-f]+}}, points 8 bytes into the object, which was already freed
// REFINTERIOR-NEXT: at {{.*}}double_free_paths.c:{{[0-9]+}}:{{[0-9]+}} in main
// REFINTERIOR-NEXT: expected generation 1 (live), found 2 (freed)
// REFINTERIOR-NEXT: the pointer freed, 0x{{[0-9a-f]+}}, points {{[0-9]+}} bytes into the object, which was already freed
// DF: [[OBJ]] is located 0 bytes inside of the {{[0-9]+}}-byte heap object [[[OBJ]],{{.*}}) of generation 1 (freed)
// DF-NEXT: freed by thread T0 here:
// DF-NEXT: #0 0x{{[0-9a-f]+}} in main {{.*}}double_free_paths.c:
// DF: previously allocated by thread T0 here:
// DF-NEXT: #0 0x{{[0-9a-f]+}} in main {{.*}}double_free_paths.c:
// DF: SUMMARY: genref: double-free
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
  struct node *GR_REF next;
};

struct raw {
  struct raw *next;
  int v;
};

__attribute__((noinline)) static struct raw *make_list(int n) {
  struct raw *head = NULL;
  for (int i = n - 1; i >= 0; i--) {
    struct raw *r = malloc(sizeof *r);
    r->next = head;
    r->v = i;
    head = r;
  }
  return head;
}

__attribute__((noinline)) static void delete_list(struct raw *r) {
  while (r) {
    struct raw *next = r->next; /* the second time: read from a freed node */
    free(r);
    r = next;
  }
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  if (!strcmp(mode, "rawlist")) {
    struct raw *head = make_list(2);
    int i = 0;
    for (struct raw *r = head; r; r = r->next)
      printf("node %d at %p\n", i++, (void *)r);
    delete_list(head);
    printf("deleted once\n");
    fflush(stdout);
    delete_list(head);
    printf("deleted twice\n");
    return 0;
  }
  struct node *GR_REF p = malloc(2 * sizeof(struct node));
  printf("object at %p\n", (void *)p);
  fflush(stdout);
  if (!strcmp(mode, "ref")) {
    struct node *GR_REF q = p;
    free(p);
    free(q);
  } else if (!strcmp(mode, "voidcast")) {
    struct node *GR_REF q = p;
    free(p);
    free((void *)q);
  } else if (!strcmp(mode, "rawcopy")) {
    struct node *GR_REF q = p;
    free(p);
    void *v = q; /* stale: stored raw as its poison mirror */
    free(v);
  } else if (!strcmp(mode, "interior")) {
    char *b = (char *)p;
    free(p);
    free(b + 8);
  } else if (!strcmp(mode, "refinterior")) {
    struct node *GR_REF q = &p[1];
    free(p);
    free(q);
  }
  printf("not reached\n");
  return 0;
}
