// ASan's "freed by thread T here" / "previously allocated by thread T here"
// stacks (malloc_context_size=N): recorded at each allocation and free
// (out of band, per slot), printed under the report's own stack with the
// object's address, size and generation. Program frames come from frame
// pointers, so this test keeps them (-O0 -fno-omit-frame-pointer, noinline
// helpers: each frame is a function of its own).
//   uaf        use after free: freed by release() <- run(), allocated by
//              make() <- run(), both on T0
//   reused     the slot handed out again before the stale use: the
//              object's own stacks (the slot's previous allocation), and
//              the newer occupant named by its generation
//   thread     freed by a thread: "freed by thread T1", worker() in it
//   malloc     allocated with the C library's name (malloc), freed with
//              free(): the runtime's frames (malloc, gr_alloc) left out
//   live       an invalid free of a live object's interior: "allocated by"
//   off        malloc_context_size=0: the object's line, no stacks
//   nobt       print_backtrace=0: no stacks at all, the object's line stays
//
// RUN: %cc -O0 -fno-omit-frame-pointer %s %rt -o %t
// RUN: env GENREF_OPTIONS=malloc_context_size=16 not %run %t uaf 2>&1 | FileCheck %s --check-prefix=UAF
// RUN: env GENREF_OPTIONS=malloc_context_size=16 not %run %t reused 2>&1 | FileCheck %s --check-prefix=REUSED
// RUN: env GENREF_OPTIONS=malloc_context_size=16 not %run %t thread 2>&1 | FileCheck %s --check-prefix=THREAD
// RUN: env GENREF_OPTIONS=malloc_context_size=16 not %run %t malloc 2>&1 | FileCheck %s --check-prefix=MALLOC
// RUN: env GENREF_OPTIONS=malloc_context_size=16 not %run %t live 2>&1 | FileCheck %s --check-prefix=LIVE
// RUN: env GENREF_OPTIONS=malloc_context_size=2 not %run %t uaf 2>&1 | FileCheck %s --check-prefix=DEPTH2
// RUN: env GENREF_OPTIONS=malloc_context_size=0 not %run %t uaf 2>&1 | FileCheck %s --check-prefix=OFF
// RUN: env GENREF_OPTIONS=malloc_context_size=16:print_backtrace=0 not %run %t uaf 2>&1 | FileCheck %s --check-prefix=NOBT
// RUN: env GENREF_OPTIONS=malloc_context_size=16:symbolize=0 not %run %t uaf 2>&1 | FileCheck %s --check-prefix=RAW
//
// UAF: ==[[#]]==ERROR: genref: use-after-free on address [[OBJ:0x[0-9a-f]+]] (object of type 'struct node')
// UAF-NEXT: {{^    }}at list.c:42:7 in walk
// UAF-NEXT: the reference was made at generation 1; the object is now at generation 2: it was freed
// UAF-NEXT: {{^    }}#0 0x{{[0-9a-f]+}} in deref {{.*}}alloc_free_stacks.c:[[#@LINE+93]]:
// UAF-NEXT: {{^    }}#1 0x{{[0-9a-f]+}} in run {{.*}}alloc_free_stacks.c:
// UAF-NEXT: {{^    }}#2 0x{{[0-9a-f]+}} in main {{.*}}alloc_free_stacks.c:
// UAF: {{^$}}
// UAF-NEXT: [[OBJ]] is located 0 bytes inside of the {{[0-9]+}}-byte heap object [[[OBJ]],0x{{[0-9a-f]+}}) of generation 1 (freed)
// UAF-NEXT: freed by thread T0 here:
// UAF-NEXT: {{^    }}#0 0x{{[0-9a-f]+}} in release {{.*}}alloc_free_stacks.c:[[#@LINE+83]]:
// UAF-NEXT: {{^    }}#1 0x{{[0-9a-f]+}} in run {{.*}}alloc_free_stacks.c:
// UAF-NEXT: {{^    }}#2 0x{{[0-9a-f]+}} in main {{.*}}alloc_free_stacks.c:
// UAF: {{^$}}
// UAF-NEXT: previously allocated by thread T0 here:
// UAF-NEXT: {{^    }}#0 0x{{[0-9a-f]+}} in make {{.*}}alloc_free_stacks.c:[[#@LINE+74]]:
// UAF-NEXT: {{^    }}#1 0x{{[0-9a-f]+}} in run {{.*}}alloc_free_stacks.c:
// UAF-NEXT: {{^    }}#2 0x{{[0-9a-f]+}} in main {{.*}}alloc_free_stacks.c:
// UAF-NOT: genref/rt.h
// UAF-NOT: in gr_
// UAF: SUMMARY: genref: use-after-free list.c:42 in walk
//
// REUSED: ERROR: genref: use-after-free on address [[OBJ:0x[0-9a-f]+]]
// REUSED: the reference was made at generation 1; the object is now at generation 3
// REUSED: [[OBJ]] is located 0 bytes inside of the {{[0-9]+}}-byte heap object [[[OBJ]],0x{{[0-9a-f]+}}) of generation 1 (freed; the memory now holds a newer object, generation 3)
// REUSED-NEXT: freed by thread T0 here:
// REUSED-NEXT: #0 0x{{[0-9a-f]+}} in release
// REUSED: previously allocated by thread T0 here:
// REUSED-NEXT: #0 0x{{[0-9a-f]+}} in make
// REUSED-NEXT: #1 0x{{[0-9a-f]+}} in run
// REUSED: SUMMARY
//
// THREAD: ERROR: genref: use-after-free on address [[OBJ:0x[0-9a-f]+]]
// THREAD: [[OBJ]] is located 0 bytes inside of {{.*}} of generation 1 (freed)
// THREAD-NEXT: freed by thread T1 here:
// THREAD-NEXT: #0 0x{{[0-9a-f]+}} in release {{.*}}alloc_free_stacks.c:
// THREAD-NEXT: #1 0x{{[0-9a-f]+}} in worker {{.*}}alloc_free_stacks.c:
// THREAD: previously allocated by thread T0 here:
// THREAD-NEXT: #0 0x{{[0-9a-f]+}} in make
// THREAD-NEXT: #1 0x{{[0-9a-f]+}} in run
//
// MALLOC: ERROR: genref: double-free on address [[OBJ:0x[0-9a-f]+]]
// MALLOC-NEXT: expected generation [[G:[0-9]+]] (live), found {{[0-9]+}} (freed)
// MALLOC: [[OBJ]] is located 0 bytes inside of the {{[0-9]+}}-byte heap object {{.*}} of generation [[G]] (freed)
// MALLOC-NEXT: freed by thread T0 here:
// MALLOC-NEXT: #0 0x{{[0-9a-f]+}} in libc_release {{.*}}alloc_free_stacks.c:
// MALLOC: previously allocated by thread T0 here:
// MALLOC-NEXT: #0 0x{{[0-9a-f]+}} in libc_make {{.*}}alloc_free_stacks.c:
// MALLOC-NOT: in malloc
//
// LIVE: ERROR: genref: invalid-free on address [[P:0x[0-9a-f]+]]
// LIVE-NEXT: the address points 8 bytes inside the heap object at [[OBJ:0x[0-9a-f]+]] (generation 1, live), not at its start
// LIVE: [[P]] is located 8 bytes inside of the {{[0-9]+}}-byte heap object [[[OBJ]],{{.*}}) of generation 1 (live)
// LIVE-NEXT: allocated by thread T0 here:
// LIVE-NEXT: #0 0x{{[0-9a-f]+}} in make
// LIVE-NOT: freed by
// LIVE: SUMMARY: genref: invalid-free
//
// DEPTH2: freed by thread T0 here:
// DEPTH2-NEXT: #0 0x{{[0-9a-f]+}} in release
// DEPTH2-NEXT: #1 0x{{[0-9a-f]+}} in run
// DEPTH2-EMPTY:
// DEPTH2-NEXT: previously allocated by thread T0 here:
//
// OFF: ERROR: genref: use-after-free
// OFF: is located 0 bytes inside of the {{[0-9]+}}-byte heap object {{.*}} of generation 1 (freed)
// OFF-NOT: allocated by
// OFF-NOT: freed by
// OFF: SUMMARY: genref: use-after-free
//
// NOBT: the reference was made at generation 1; the object is now at generation 2: it was freed
// NOBT-EMPTY:
// NOBT-NEXT: is located 0 bytes inside of
// NOBT-EMPTY:
// NOBT-NEXT: SUMMARY: genref: use-after-free
//
// RAW: freed by thread T0 here:
// RAW-NEXT: #0 0x{{[0-9a-f]+}} ({{.*}}alloc_free_stacks.c.tmp+0x{{[0-9a-f]+}})
#define _GNU_SOURCE
#include "genref/rt.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const gr_site_t walk_site = {"list.c", 42, 7, "walk", "struct node"};

__attribute__((noinline)) static void *make(void) {
  return gr_alloc(32);
}

__attribute__((noinline)) static void release(void *p) {
  gr_free(p, NULL);
}

__attribute__((noinline)) static void *deref(gr_ref_t r) {
  return gr_ref_check(r, &walk_site);
}

__attribute__((noinline)) static void *libc_make(void) { return malloc(32); }
__attribute__((noinline)) static void libc_release(void *p) { free(p); }

static void *worker(void *p) {
  release(p);
  return NULL;
}

__attribute__((noinline)) static void run(const char *mode) {
  void *p = make();
  gr_ref_t r = gr_ref_from_new(p);
  if (!strcmp(mode, "uaf")) {
    release(p);
    deref(r);
  } else if (!strcmp(mode, "reused")) {
    release(p);
    while (gr_alloc(32) != p) /* the slot reused, in either layout's order */
      ;
    deref(r);
  } else if (!strcmp(mode, "thread")) {
    pthread_t t;
    pthread_create(&t, NULL, worker, p);
    pthread_join(t, NULL);
    deref(r);
  } else if (!strcmp(mode, "malloc")) {
    void *q = libc_make();
    libc_release(q);
    libc_release(q);
  } else if (!strcmp(mode, "live")) {
    gr_free((char *)p + 8, NULL);
  }
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  run(argv[1]);
  printf("not reached\n");
  return 0;
}
