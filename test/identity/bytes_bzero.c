// bzero (BSD, still common in network code) clearing live objects: a heap
// object, a stack object, an element of a heap array, and a stack array of
// them. Used through references afterwards, every field reads 0 and nothing
// is reported; the cleared heap object is still caught after its free.
// (-D_GNU_SOURCE: bzero is declared in <strings.h> under POSIX/BSD.)
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
#include <strings.h>
#include "genref.h"

struct GR_WEAKABLE peer {
  int fd;
  unsigned short port;
  char host[16];
};

static void peer_fill(struct peer *GR_REF p, int fd) {
  p->fd = fd;
  p->port = (unsigned short)(8000 + fd);
  snprintf(p->host, sizeof p->host, "h%d", fd);
}

static int is_clear(struct peer *GR_REF p) { return p->fd == 0 && p->port == 0 && p->host[0] == 0; }

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IONBF, 0);
  struct peer *GR_REF h = malloc(sizeof(struct peer));
  struct peer s;
  struct peer *GR_REF sref = &s;
  struct peer *arr = malloc(3 * sizeof *arr);
  struct peer *GR_REF elem = &arr[1];
  struct peer many[4];
  struct peer *GR_REF last = &many[3];
  peer_fill(h, 1);
  peer_fill(sref, 2);
  peer_fill(elem, 3);
  peer_fill(last, 4);
  // OK: before h1 h2 h3 h4
  printf("before %s %s %s %s\n", h->host, sref->host, elem->host, last->host);
  bzero(h, sizeof *h);
  bzero(&s, sizeof s);
  bzero(arr, 3 * sizeof *arr);
  bzero(many, sizeof many);
  // OK-NEXT: cleared 1 1 1 1
  printf("cleared %d %d %d %d\n", is_clear(h), is_clear(sref), is_clear(elem), is_clear(last));
  peer_fill(h, 5);
  // OK-NEXT: refilled h5 8005
  printf("refilled %s %u\n", h->host, h->port);
  free(arr);
  free(h);
  if (!strcmp(mode, "uaf"))
    printf("stale %d\n", h->fd);
  // UAF: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct peer')
  // UAF-NEXT: at {{.*}}bytes_bzero.c:[[@LINE-2]]:{{[0-9]+}} in main
  // UAF: SUMMARY: genref: use-after-free {{.*}}bytes_bzero.c:[[@LINE-3]] in main
  // UAF-NOT: stale
  // OK-NEXT: done
  printf("done\n");
  return 0;
}
