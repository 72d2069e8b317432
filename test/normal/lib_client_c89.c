/* A two-file library (Inputs/reg/reg.c, K&R definitions) and this
 * client, which includes its header: the library's entries (from the
 * client's allocator hooks, void *) hold references to the client's
 * objects; the library unlinks through a `struct reg_entry *GR_REF *pp`
 * and frees through the hook; the client frees an object after
 * unregistering it, the registry, then the rest. Both units in normal
 * mode, -std=c89 -pedantic -Werror, -O0 and -O2. genref was right before
 * this test.
 * Control "live": an object freed while still registered: reported,
 * naming the entry's field (declared in the library's header).
 * REQUIRES: plugin, mode-normal
 * RUN: rm -rf %t.dir && mkdir -p %t.dir
 * RUN: %genref_cc -std=c89 -pedantic -Wall -Wextra -Werror -Wno-deprecated-non-prototype -O0 -g -I%S/Inputs/reg %s %S/Inputs/reg/reg.c -o %t.dir/o0
 * RUN: %genref_cc -std=c89 -pedantic -Wall -Wextra -Werror -Wno-deprecated-non-prototype -O2 -g -I%S/Inputs/reg %s %S/Inputs/reg/reg.c -o %t.dir/o2
 * RUN: %run %t.dir/o0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
 * RUN: %run %t.dir/o2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
 * RUN: not %run %t.dir/o0 live 2>&1 | FileCheck --check-prefix=LIVE %s
 * RUN: not %run %t.dir/o2 live 2>&1 | FileCheck --check-prefix=LIVE %s
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "reg.h"

static unsigned long live_blocks;
static void *my_alloc(size_t n) { live_blocks++; return malloc(n); }
static void my_free(void *p) { if (p) live_blocks--; free(p); }

static struct thing *new_thing(long id) {
  struct thing *t = (struct thing *)my_alloc(sizeof *t);
  if (!t)
    exit(2);
  t->id = id;
  return t;
}
static void drop(struct thing *t) { my_free(t); }

int main(int argc, char **argv) {
  struct thing *a, *b, *c;
  struct reg *r;
  long sum = 0;
  setvbuf(stdout, NULL, _IONBF, 0);
  reg_set_allocator(my_alloc, my_free);
  r = reg_new();
  a = new_thing(1);
  b = new_thing(2);
  c = new_thing(3);
  reg_add(r, "a", a);
  reg_add(r, "b", b);
  reg_add(r, "c", c);
  sum += reg_find(r, "b")->id * 10 + reg_find(r, "c")->id;
  if (!reg_remove(r, "b"))
    return 3;
  drop(b); /* unregistered first: silent */
  if (argc > 1 && !strcmp(argv[1], "live")) {
    drop(c); /* LIVE: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}}
                LIVE: one is held by field 'what' of 'struct reg_entry' (declared at reg.h:{{[0-9]+}}), in the heap object
                LIVE: in drop {{.*}}lib_client_c89.c:
                LIVE-NEXT: in main {{.*}}lib_client_c89.c:[[@LINE-3]]
              */
    printf("not reached\n");
  }
  reg_free(r);
  drop(a);
  drop(c);
  printf("sum %ld blocks %lu\n", sum, live_blocks);
  /* OK: sum 23 blocks 0
     LIVE-NOT: not reached
   */
  return 0;
}
