// Messages passed through a pipe with write() and read() straight into
// live objects (a heap object and a stack object), as event loops and
// worker pipes do; the objects are used through references afterwards:
// the values are the sent ones and nothing is reported. Freed after the
// read, the heap object is still caught: use-after-free at the line.
// (-D_GNU_SOURCE: pipe() and read() are POSIX.)
// REQUIRES: plugin
// RUN: %plugin_cc -D_GNU_SOURCE -O0 %s -o %t0 %rt
// RUN: %plugin_cc -D_GNU_SOURCE -O2 %s -o %t2 %rt
// RUN: %run %t0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "genref.h"

struct GR_WEAKABLE msg {
  int kind;
  unsigned seq;
  char body[24];
};

static int send_msg(int fd, int kind, unsigned seq, const char *body) {
  struct msg m;
  memset(&m, 0, sizeof m);
  m.kind = kind;
  m.seq = seq;
  snprintf(m.body, sizeof m.body, "%s", body);
  return write(fd, &m, sizeof m) == (ssize_t)sizeof m ? 0 : -1;
}

// Reads one whole message into *out, however the pipe splits it.
static int recv_msg(int fd, void *out, size_t size) {
  size_t got = 0;
  while (got < size) {
    ssize_t n = read(fd, (char *)out + got, size - got);
    if (n <= 0)
      return -1;
    got += (size_t)n;
  }
  return 0;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IONBF, 0);
  int fds[2];
  if (pipe(fds) != 0) {
    perror("pipe");
    return 3;
  }
  int i;
  for (i = 0; i < 20; i++)
    free(malloc(sizeof(struct msg)));
  struct msg *GR_REF inbox = malloc(sizeof(struct msg));
  inbox->kind = -1;
  struct msg onstack;
  struct msg *GR_REF sref = &onstack;
  if (send_msg(fds[1], 1, 10, "hello") || send_msg(fds[1], 2, 11, "world"))
    return 3;
  // The whole object in one read(), as most code does it.
  if (read(fds[0], inbox, sizeof *inbox) != (ssize_t)sizeof *inbox)
    return 3;
  if (recv_msg(fds[0], &onstack, sizeof onstack))
    return 3;
  // OK: inbox 1 10 hello
  printf("inbox %d %u %s\n", inbox->kind, inbox->seq, inbox->body);
  // OK-NEXT: stack 2 11 world
  printf("stack %d %u %s\n", sref->kind, sref->seq, sref->body);
  close(fds[0]);
  close(fds[1]);
  free(inbox);
  if (!strcmp(mode, "uaf"))
    printf("stale %d\n", inbox->kind);
  // UAF: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct msg')
  // UAF-NEXT: at {{.*}}bytes_read_pipe.c:[[@LINE-2]]:{{[0-9]+}} in main
  // UAF: SUMMARY: genref: use-after-free {{.*}}bytes_read_pipe.c:[[@LINE-3]] in main
  // UAF-NOT: stale
  // OK-NEXT: done
  printf("done\n");
  return 0;
}
