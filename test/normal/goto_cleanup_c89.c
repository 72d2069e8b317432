/* The `goto out` error path: a handler allocates a connection, two
 * buffers owned by it and a request pointing at all three; every failure
 * jumps to a label that frees what was made so far, in reverse order, one
 * jump leaving a block with a stack struct holding two references (its
 * scope guard ends at the goto). K&R definitions, -std=c89 -pedantic.
 * genref was right before this test.
 * Control "live": a global keeps the request past the cleanup: reported at
 * the free, naming the global.
 */
/*
 * REQUIRES: plugin, mode-normal
 * RUN: rm -rf %t.dir && mkdir -p %t.dir
 * RUN: %genref_cc -std=c89 -pedantic -Wall -Wextra -Werror -Wno-deprecated-non-prototype -O0 -g %s -o %t.dir/o0
 * RUN: %genref_cc -std=c89 -pedantic -Wall -Wextra -Werror -Wno-deprecated-non-prototype -O2 -g %s -o %t.dir/o2
 * RUN: %run %t.dir/o0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
 * RUN: %run %t.dir/o2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
 * RUN: not %run %t.dir/o0 live 2>&1 | FileCheck --check-prefix=LIVE %s
 * RUN: not %run %t.dir/o2 live 2>&1 | FileCheck --check-prefix=LIVE %s
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE conn {
  int fd;
};

struct GR_WEAKABLE buf {
  struct conn *GR_REF owner;
  long size;
};

struct GR_WEAKABLE req {
  struct conn *GR_REF conn;
  struct buf *GR_REF in;
  struct buf *GR_REF out;
};

struct edge {
  struct buf *GR_REF from;
  struct buf *GR_REF to;
};

static struct req *GR_REF last_req;

static long handle(fail, keep) int fail; int keep;
{
  struct conn *c = NULL;
  struct buf *in = NULL, *out = NULL;
  struct req *r = NULL;
  long rc = -1;
  c = (struct conn *)malloc(sizeof *c);
  if (!c)
    goto out;
  c->fd = 3;
  in = (struct buf *)malloc(sizeof *in);
  if (!in)
    goto out_conn;
  in->owner = c;
  in->size = 10;
  out = (struct buf *)malloc(sizeof *out);
  if (!out)
    goto out_in;
  out->owner = c;
  out->size = 20;
  {
    struct edge e;
    e.from = in;
    e.to = out;
    if (fail == 1)
      goto out_out; /* leaves the block: e's references go */
    rc = e.from->size + e.to->size;
  }
  r = (struct req *)malloc(sizeof *r);
  if (!r)
    goto out_out;
  r->conn = c;
  r->in = in;
  r->out = out;
  if (keep)
    last_req = r;
  rc += r->conn->fd;
  if (fail == 2)
    goto out_req;
  rc += 100;
out_req:
  free(r);
out_out:
  free(out);
out_in:
  free(in);
out_conn:
  free(c);
out:
  return rc;
}

int main(argc, argv) int argc; char **argv;
{
  int keep = argc > 1 && !strcmp(argv[1], "live");
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("%ld %ld %ld\n", handle(0, 0), handle(1, 0), handle(2, 0));
  printf("%ld\n", handle(0, keep));
  /* OK: 133 -1 33
     OK-NEXT: 133
     LIVE: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}}
     LIVE: one is held by global 'last_req' (declared at goto_cleanup_c89.c:{{[0-9]+}})
     LIVE: in main {{.*}}goto_cleanup_c89.c:[[@LINE-5]]
   */
  return 0;
}
