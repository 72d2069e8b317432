/* Struct assignment into memory from a void * allocation hook: a config
 * record filled from a stack template (`*e = tmpl;`) and a table of
 * records from the hook filled element by element (`tab[i] = tmpl;`), as
 * C code copies default values; the records are freed through the hook,
 * then the objects they pointed at. The assignment's retain types the
 * untyped allocation (the whole struct, or an array of it), so the free
 * through void * releases what it stored (before: nothing typed the
 * allocation, its references were never released, and freeing their
 * targets was a false dangling-reference, in both layouts).
 * Control "live": a target freed while a record still holds it: reported,
 * naming the field (before: "held by the heap object", no name).
 * REQUIRES: plugin, mode-normal
 * RUN: rm -rf %t.dir && mkdir -p %t.dir
 * RUN: %genref_rewrite %s -- -I%src_root/annotations | FileCheck --check-prefix=REWRITE %s
 * RUN: %genref_cc -std=c89 -pedantic -Wall -Wextra -Werror -O0 -g %s -o %t.dir/o0
 * RUN: %genref_cc -std=c89 -pedantic -Wall -Wextra -Werror -O2 -g %s -o %t.dir/o2
 * RUN: %run %t.dir/o0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
 * RUN: %run %t.dir/o2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
 * RUN: not %run %t.dir/o0 live 2>&1 | FileCheck --check-prefix=LIVE %s
 * RUN: not %run %t.dir/o2 live 2>&1 | FileCheck --check-prefix=LIVE %s
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE sink {
  long bytes;
};

struct config {
  int level;
  struct sink *GR_REF out;
  struct sink *GR_REF err;
};

typedef void *(*alloc_fn)(size_t);
typedef void (*free_fn)(void *);
static void *hook_alloc(size_t n) { return malloc(n); }
static void hook_free(void *p) { free(p); }
static alloc_fn get = hook_alloc;
static free_fn put = hook_free;
static void release(void *p) { put(p); }

int main(int argc, char **argv) {
  struct sink *so = (struct sink *)get(sizeof *so);
  struct sink *se = (struct sink *)get(sizeof *se);
  struct config tmpl;
  struct config *e, *tab;
  long sum = 0;
  int i;
  setvbuf(stdout, NULL, _IONBF, 0);
  so->bytes = 1;
  se->bytes = 2;
  tmpl.level = 3;
  tmpl.out = so;
  tmpl.err = se;
  e = (struct config *)get(sizeof *e);
  /* REWRITE: GR_ASSIGN_NORMAL(GR_LAYOUT_NAMED("struct config", "struct_assign_hook.c:{{[0-9]+}}", "out,err", sizeof(struct config),
   */
  *e = tmpl;
  tab = (struct config *)get(8 * sizeof *tab);
  for (i = 0; i < 8; i++) {
    tab[i] = tmpl;
    tab[i].level = i;
  }
  tmpl.out = NULL;
  tmpl.err = NULL;
  for (i = 0; i < 8; i++)
    sum += tab[i].level + tab[i].out->bytes + tab[i].err->bytes;
  sum += e->level + e->out->bytes;
  if (argc > 1 && !strcmp(argv[1], "live")) {
    release(tab);
    release(so); /* LIVE: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}}
                    LIVE: one is held by field 'out' of 'struct config' (declared at struct_assign_hook.c:{{[0-9]+}}), in the heap object
                    LIVE: in release {{.*}}struct_assign_hook.c:
                    LIVE-NEXT: in main {{.*}}struct_assign_hook.c:[[@LINE-3]]
                  */
    printf("not reached\n");
  }
  release(e);
  release(tab);
  release(so);
  release(se);
  printf("sum %ld\n", sum);
  /* OK: sum 56
     LIVE-NOT: not reached
   */
  return 0;
}
