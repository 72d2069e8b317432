// An object freed on one thread and dereferenced on another after a join:
// the generation lives in the object's header, so the freeing thread's
// update is seen by every thread (the join orders it). Also the other way
// round: allocated by the main thread, freed by a worker. Without the bug
// the worker only reads, and the main thread frees afterwards.
// REQUIRES: plugin
// Not in normal mode: its correct run frees a job that a GR_REF in a
// global, static or stack object still points at, which normal mode
// reports at the free as a dangling reference, by design (docs/modes.md).
// UNSUPPORTED: mode-normal
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %run %t2 | FileCheck --check-prefix=OK %s
// RUN: %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t2 bug 2>&1 | FileCheck --check-prefix=BUG %s %}
// RUN: %if !mode-fast %{ not %run %t0 bug 2>&1 | FileCheck --check-prefix=BUG %s %}
// RUN: %if !mode-fast %{ not %run %t2 reader 2>&1 | FileCheck --check-prefix=READER %s %}
// Under ThreadSanitizer: genref-cc -fsanitize=thread links the layout's TSan
// runtime by itself (cmake/variants.txt; no preinit hook), and TSan reports
// nothing on the program's threads sharing references.
// RUN: %genref_cc -fsanitize=thread -O1 -g %s -o %t.tsan -### 2>&1 | FileCheck --check-prefix=TSANLINK-%if layout-compact %{COMPACT%} %else %{FAT%} %s
// TSANLINK-COMPACT: "{{[^"]*}}/libgenref_rt_compact_tsan.a"
// TSANLINK-FAT: "{{[^"]*}}/libgenref_rt_tsan.a"
// RUN: %genref_cc -fsanitize=thread -O1 -g %s -o %t.tsan
// RUN: env TSAN_OPTIONS=halt_on_error=1:exitcode=66 %run %t.tsan 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=ThreadSanitizer
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE job {
  int id;
  int result;
};

static struct job *GR_REF shared = NULL;
static int free_in_worker;

static void *worker(void *arg) {
  (void)arg;
  shared->result = shared->id * 2;
  if (free_in_worker)
    free(shared);
  return NULL;
}

static void *reader(void *arg) {
  int *out = arg;
  *out = shared->result; // READER: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct job')
  // READER-NEXT: at {{.*}}det_thread.c:[[@LINE-1]]:16 in reader
  // READER: SUMMARY: genref: use-after-free {{.*}}det_thread.c:[[@LINE-2]] in reader
  return NULL;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  free_in_worker = *mode != 0;
  shared = malloc(sizeof(struct job));
  shared->id = 21;
  struct job *GR_REF mine = shared;
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pthread_join(t, NULL);
  // OK: joined alive 1
  // BUG: joined alive 0
  printf("joined alive %d\n", gr_alive(mine));
  fflush(stdout);
  if (!strcmp(mode, "reader")) {
    int r = 0;
    pthread_create(&t, NULL, reader, &r);
    pthread_join(t, NULL);
    printf("reader got %d\n", r);
  }
  printf("result %d\n", mine->result); // BUG: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct job')
  // BUG-NEXT: at {{.*}}det_thread.c:[[@LINE-1]]:29 in main
  // BUG-NEXT: it was freed
  // OK: result 42
  if (!free_in_worker)
    free(mine);
  return 0;
}
