// fork() while other threads are inside the heap: the child must find
// every heap lock free (fork handlers, init.c). Three threads keep the
// heap's locks busy: one allocates and frees huge objects of many chunk
// counts (kind and spare lists, new kinds and slabs: the kind, spare,
// arena and metadata locks) and hands small objects to a second, which
// frees them (cross-thread frees); a third starts and ends short-lived
// threads (thread heaps and their abandonment). Meanwhile main forks
// repeatedly; each child allocates and frees small, huge and layout
// objects (and 64-byte aligned ones: another kind), starts a thread that
// does the same, and exits 0. A child that
// hangs is killed by its alarm (and the whole test by `timeout`), so a
// hang fails the test instead of hanging the run.
//
// RUN: %cc -O1 %s %rt -o %t
// RUN: timeout 300 %run %t 200 | FileCheck %s
// CHECK: forks: 200, children exited 0: 200
#define _GNU_SOURCE
#include "Inputs/rtest.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/wait.h>
#include <unistd.h>

static atomic_int stop;
static _Atomic(void *) mailbox[64];

static void *huge_hammer(void *arg) {
  (void)arg;
  uint64_t seed = 42;
  void *held[4] = {0};
  for (uint64_t i = 0; !atomic_load(&stop); i++) {
    /* Huge objects: every allocation takes the kind and spare locks; a
     * new chunk count makes a kind (metadata) and a slab (arena). */
    size_t chunks = 3 + rt_rand(&seed) % 40;
    int k = (int)(i % 4);
    if (held[k])
      gr_free(held[k], NULL);
    held[k] = gr_alloc(chunks * 65536);
    /* Small objects for the other thread to free. */
    void *p = gr_alloc(16 + rt_rand(&seed) % 2000);
    void *old = atomic_exchange(&mailbox[i % 64], p);
    if (old)
      gr_free(old, NULL);
  }
  for (int k = 0; k < 4; k++)
    gr_free(held[k], NULL);
  return NULL;
}

static void *remote_freer(void *arg) {
  (void)arg;
  uint64_t i = 0;
  while (!atomic_load(&stop)) {
    void *p = atomic_exchange(&mailbox[i++ % 64], NULL);
    if (p)
      gr_free(p, NULL); /* a free into another thread's slab */
  }
  return NULL;
}

static void *short_lived(void *arg) {
  void *p[8];
  for (int i = 0; i < 8; i++)
    p[i] = gr_alloc(32 + 512 * (size_t)i);
  for (int i = 0; i < 8; i++)
    gr_free(p[i], NULL);
  return arg;
}

static void *churner(void *arg) {
  (void)arg;
  while (!atomic_load(&stop)) {
    pthread_t t;
    if (pthread_create(&t, NULL, short_lived, NULL) == 0)
      pthread_join(t, NULL);
  }
  return NULL;
}

/* What a child does: allocate and free through every path, then exit 0. */
static void child_work(void) {
  alarm(10); /* a hang ends the child with SIGALRM */
  void *p[64];
  for (int round = 0; round < 4; round++) {
    for (int i = 0; i < 64; i++)
      p[i] = i % 8 == 7 ? gr_alloc(200 * 1024 + (size_t)i * 65536)
             : i % 8 == 6 ? aligned_alloc(64, 48)
                          : gr_alloc(16 + (size_t)i * 100);
    for (int i = 0; i < 64; i++) {
      REQUIRE(p[i] && gr_heap_owns(p[i]));
      gr_free(p[i], NULL);
    }
  }
  pthread_t t;
  REQUIRE(pthread_create(&t, NULL, short_lived, NULL) == 0);
  REQUIRE(pthread_join(t, NULL) == 0);
  exit(0);
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 200;
  pthread_t th[3];
  REQUIRE(pthread_create(&th[0], NULL, huge_hammer, NULL) == 0);
  REQUIRE(pthread_create(&th[1], NULL, remote_freer, NULL) == 0);
  REQUIRE(pthread_create(&th[2], NULL, churner, NULL) == 0);
  int ok = 0;
  for (int i = 0; i < n; i++) {
    usleep(1000);
    fflush(stdout);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0)
      child_work();
    int status;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
      ok++;
    else
      printf("child %d: %s %d\n", i, WIFSIGNALED(status) ? "killed by signal" : "exit status",
             WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
  }
  atomic_store(&stop, 1);
  for (int i = 0; i < 3; i++)
    pthread_join(th[i], NULL);
  printf("forks: %d, children exited 0: %d\n", n, ok);
  return 0;
}
