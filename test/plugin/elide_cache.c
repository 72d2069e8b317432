// The checks' slot cache (docs/design.md, "Check elision"): a function
// with a check left in a loop keeps, in a local, the heap slot its last
// check of an interior reference found valid and the generation found
// there, so a cursor walking a buffer is checked by a range compare; the
// local is emptied after everything that may free. Which functions get one
// (-Rpass-analysis=genref-elide: not one without a check in a loop, nor
// one whose loop walks a list), then what it must not change, run: a free
// in the loop (directly, in a callee, through a function pointer, by
// another thread that says so with a release this thread acquires) is
// reported at the next dereference, at its line; a cursor that walks past
// its buffer is reported as heap-buffer-overflow; a correct walk across
// calls that free nothing is silent. Every mode but fast, both layouts,
// -O1 and -O2. The cache starts wholly zeroed (IR): with only its length
// zeroed, a miss read lo and gen uninitialised, harmless but flagged by
// valgrind's memcheck at every cached check.
// REQUIRES: plugin
// RUN: %if mode-resilient %{ %plugin_cc -O2 -S -emit-llvm %s -o - | FileCheck --check-prefix=ENTRY %s %}
// ENTRY-LABEL: define internal {{.*}}@walk_good(
// ENTRY: store volatile i{{[0-9]+}} 0
// ENTRY: store volatile i{{[0-9]+}} 0
// ENTRY: store volatile i{{[0-9]+}} 0
// ENTRY-LABEL: define internal {{.*}}@sum_hoisted(
// RUN: %if mode-resilient %{ %plugin_cc -O2 -Rpass-analysis=genref-elide -c %s -o %t.o 2>&1 | FileCheck --check-prefix=REMARK %s --implicit-check-not=remark: %}
// RUN: %plugin_cc -O2 %s -o %t2 %rt -lpthread
// RUN: %plugin_cc -O1 %s -o %t1 %rt -lpthread
// RUN: %run %t2 good | FileCheck --check-prefix=GOOD %s
// RUN: %run %t1 good | FileCheck --check-prefix=GOOD %s
// RUN: %if !mode-fast %{ not %run %t2 direct 2>&1 | FileCheck --check-prefix=DIRECT %s %}
// RUN: %if !mode-fast %{ not %run %t1 direct 2>&1 | FileCheck --check-prefix=DIRECT %s %}
// RUN: %if !mode-fast %{ not %run %t2 call 2>&1 | FileCheck --check-prefix=CALL %s %}
// RUN: %if !mode-fast %{ not %run %t2 hook 2>&1 | FileCheck --check-prefix=HOOK %s %}
// RUN: %if !mode-fast %{ not %run %t2 thread 2>&1 | FileCheck --check-prefix=THREAD %s %}
// RUN: %if !mode-fast %{ not %run %t1 thread 2>&1 | FileCheck --check-prefix=THREAD %s %}
// RUN: %if !mode-fast %{ not %run %t2 past 2>&1 | FileCheck --check-prefix=PAST %s %}
// RUN: %if !mode-fast %{ not %run %t1 past 2>&1 | FileCheck --check-prefix=PAST %s %}
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

static int counter;
__attribute__((noinline)) static void bump(void) { counter++; }
__attribute__((noinline)) static void drop(void *p) { free(p); }
static void (*volatile dealloc)(void *) = free;

// Checks hoisted out of their loop leave none in it: no cache.
__attribute__((noinline)) static unsigned sum_hoisted(const char *GR_REF s, unsigned n) {
  unsigned t = 0, i;
  for (i = 0; i < n; i++)
    t += (unsigned char)s[i];
  return t;
}

// No loop: no cache.
__attribute__((noinline)) static int first_two(const char *GR_REF s) { return s[0] + s[1]; }

// A list walked through its links: each check is of a new object, reached
// by a load through the last one; no cache.
struct node {
  int v;
  struct node *GR_REF next;
};
__attribute__((noinline)) static int list_sum(struct node *GR_REF n) {
  int t = 0;
  for (; n != NULL; n = n->next)
    t += n->v;
  return t;
}

// A cursor: every *p checks a new interior reference. bump() frees
// nothing, so the cache holds across it.
__attribute__((noinline)) static unsigned walk_good(const char *GR_REF p,
                                                   const char *GR_REF end) {
  unsigned t = 0;
  while (p < end) {
    // REMARK-DAG: elide_cache.c:[[@LINE+1]]:25: remark: checks share a slot cache: {{[0-9]+}} in walk_good
    t += (unsigned char)*p;
    bump();
    p++;
  }
  return t;
}

// The walk frees its own buffer (through a raw copy) at `at`: the next
// dereference is reported.
__attribute__((noinline)) static unsigned walk_direct(const char *GR_REF p,
                                                     const char *GR_REF end,
                                                     const char *GR_REF at, char *raw) {
  unsigned t = 0;
  while (p < end) {
    // REMARK-DAG: elide_cache.c:[[@LINE+1]]:25: remark: checks share a slot cache: {{[0-9]+}} in walk_direct
    t += (unsigned char)*p; // DIRECT: use-after-free {{.*}}
    // DIRECT: elide_cache.c:[[@LINE-1]]
    if (p == at)
      free(raw);
    p++;
  }
  return t;
}

// The same in a callee that is not inlined.
__attribute__((noinline)) static unsigned walk_call(const char *GR_REF p,
                                                   const char *GR_REF end,
                                                   const char *GR_REF at, char *raw) {
  unsigned t = 0;
  while (p < end) {
    // REMARK-DAG: elide_cache.c:[[@LINE+1]]:25: remark: checks share a slot cache: {{[0-9]+}} in walk_call
    t += (unsigned char)*p; // CALL: use-after-free {{.*}}
    // CALL: elide_cache.c:[[@LINE-1]]
    if (p == at)
      drop(raw);
    p++;
  }
  return t;
}

// The same through a function pointer.
__attribute__((noinline)) static unsigned walk_hook(const char *GR_REF p,
                                                   const char *GR_REF end,
                                                   const char *GR_REF at, char *raw) {
  unsigned t = 0;
  while (p < end) {
    // REMARK-DAG: elide_cache.c:[[@LINE+1]]:25: remark: checks share a slot cache: {{[0-9]+}} in walk_hook
    t += (unsigned char)*p; // HOOK: use-after-free {{.*}}
    // HOOK: elide_cache.c:[[@LINE-1]]
    if (p == at)
      dealloc(raw);
    p++;
  }
  return t;
}

// Another thread frees the buffer when told (a relaxed store, which ends
// nothing) and says so with a release store; this thread's weak cursor
// waits for it with an acquire load, the only thing in the loop that may
// end a lifetime. The next dereference is reported.
static char *shared;
static int go, freed;
static void *freer(void *arg) {
  (void)arg;
  while (!__atomic_load_n(&go, __ATOMIC_RELAXED))
    ;
  free(shared);
  __atomic_store_n(&freed, 1, __ATOMIC_RELEASE);
  return NULL;
}
__attribute__((noinline)) static unsigned walk_thread(const char *GR_WEAK p,
                                                     const char *GR_WEAK end,
                                                     const char *GR_WEAK at) {
  unsigned t = 0;
  while (p < end) {
    // REMARK-DAG: elide_cache.c:[[@LINE+1]]:25: remark: checks share a slot cache: {{[0-9]+}} in walk_thread
    t += (unsigned char)*p; // THREAD: use-after-free {{.*}}
    // THREAD: elide_cache.c:[[@LINE-1]]
    if (p == at) {
      __atomic_store_n(&go, 1, __ATOMIC_RELAXED);
      while (!__atomic_load_n(&freed, __ATOMIC_ACQUIRE))
        ;
    }
    p++;
  }
  return t;
}

// n bytes from p, past the end of p's buffer when n is larger: the
// cursor leaves the slot the cache holds, and its check finds the next
// slot's header.
__attribute__((noinline)) static unsigned walk_n(const char *GR_REF p, unsigned n) {
  unsigned t = 0, i;
  for (i = 0; i < n; i++) {
    // REMARK-DAG: elide_cache.c:[[@LINE+1]]:25: remark: checks share a slot cache: {{[0-9]+}} in walk_n
    t += (unsigned char)*p; // PAST: ERROR: genref: heap-buffer-overflow
    // PAST-NEXT: at {{.*}}elide_cache.c:[[@LINE-1]]:{{[0-9]+}} in walk_n
    p++;
    bump();
  }
  return t;
}

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "good";
  enum { N = 40 };
  char *GR_REF buf = malloc(N);
  memset(buf, 'a', N);
  const char *GR_REF end = buf + N;
  const char *GR_REF at = buf + 10;
  if (!strcmp(what, "good")) {
    struct node *GR_REF a = malloc(sizeof *a);
    struct node *GR_REF b = malloc(sizeof *b);
    a->v = 1;
    a->next = b;
    b->v = 2;
    b->next = NULL;
    // GOOD: good 3880 3880 3880 194 3
    printf("good %u %u %u %d %d\n", walk_good(buf, end), sum_hoisted(buf, N), walk_n(buf, N),
           first_two(buf), list_sum(a));
    a->next = NULL;
    free(b);
    free(a);
    free(buf);
    return 0;
  }
  if (!strcmp(what, "direct"))
    return (int)walk_direct(buf, end, at, (char *)buf);
  if (!strcmp(what, "call"))
    return (int)walk_call(buf, end, at, (char *)buf);
  if (!strcmp(what, "hook"))
    return (int)walk_hook(buf, end, at, (char *)buf);
  if (!strcmp(what, "thread")) {
    pthread_t t;
    shared = (char *)buf;
    pthread_create(&t, NULL, freer, NULL);
    unsigned r = walk_thread(buf, end, at);
    pthread_join(t, NULL);
    return (int)r;
  }
  if (!strcmp(what, "past"))
    return (int)walk_n(buf, 4 * N);
  return 2;
}
