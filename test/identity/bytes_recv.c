// A request/response over a socketpair, send() and recv() of whole structs
// into live objects (heap and stack), as RPC code does; used through
// references afterwards: the values are the sent ones and nothing is
// reported. Freed after the recv, the heap object is still caught:
// use-after-free at the line.
// (-D_GNU_SOURCE: socketpair and friends are POSIX.)
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
#include <sys/socket.h>
#include <unistd.h>
#include "genref.h"

struct GR_WEAKABLE request {
  unsigned id;
  int op;
  long arg;
};

struct GR_WEAKABLE response {
  unsigned id;
  long result;
  char status[8];
};

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IONBF, 0);
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
    perror("socketpair");
    return 3;
  }
  int i;
  for (i = 0; i < 20; i++) {
    free(malloc(sizeof(struct request)));
    free(malloc(sizeof(struct response)));
  }
  // Client side: a request on the stack.
  struct request out = {7, 2, 21};
  if (send(sv[0], &out, sizeof out, 0) != (ssize_t)sizeof out)
    return 3;
  // Server side: receive into a heap object, answer from a heap object.
  struct request *GR_REF req = malloc(sizeof(struct request));
  req->id = 0;
  if (recv(sv[1], req, sizeof *req, MSG_WAITALL) != (ssize_t)sizeof *req)
    return 3;
  struct response *GR_REF resp = malloc(sizeof(struct response));
  resp->id = req->id;
  resp->result = req->op == 2 ? req->arg * 2 : -1;
  strcpy(resp->status, "ok");
  if (send(sv[1], resp, sizeof *resp, 0) != (ssize_t)sizeof *resp)
    return 3;
  // Client side again: the answer into a stack object.
  struct response in;
  struct response *GR_REF iref = &in;
  if (recv(sv[0], &in, sizeof in, MSG_WAITALL) != (ssize_t)sizeof in)
    return 3;
  // OK: request 7 op 2 arg 21
  printf("request %u op %d arg %ld\n", req->id, req->op, req->arg);
  // OK-NEXT: response 7 42 ok
  printf("response %u %ld %s\n", iref->id, iref->result, iref->status);
  close(sv[0]);
  close(sv[1]);
  free(resp);
  free(req);
  if (!strcmp(mode, "uaf"))
    printf("stale %u\n", req->id);
  // UAF: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct request')
  // UAF-NEXT: at {{.*}}bytes_recv.c:[[@LINE-2]]:{{[0-9]+}} in main
  // UAF: SUMMARY: genref: use-after-free {{.*}}bytes_recv.c:[[@LINE-3]] in main
  // UAF-NOT: stale
  // OK-NEXT: done
  printf("done\n");
  return 0;
}
