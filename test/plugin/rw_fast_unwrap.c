// Fast mode means no checks on GR_REF: a conversion to a raw pointer (an
// unannotated parameter, memcpy, a cast, a raw local) is the address,
// unchecked, as a dereference is. GR_WEAK stays checked in both, and
// gr_alive stays exact. In the other modes the same conversions are checked.
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// RUN: %if mode-fast %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=FAST %s %}
// RUN: %if !mode-fast %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=CHECKED %s %}
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct item {
  int v;
};

void consume(struct item *raw);

int convert(struct item *GR_REF r, struct item *GR_WEAK w, struct item *dst) {
  struct item *raw;
  consume(r);
  // FAST: consume(gr_ref_unchecked(r));
  // CHECKED: consume(gr_ref_unwrap(r, GR_SITE({{.*}})));
  memcpy(dst, r, sizeof *dst);
  // FAST: memcpy(dst, gr_ref_unchecked(r), sizeof *dst);
  // CHECKED: memcpy(dst, gr_ref_unwrap(r, GR_SITE({{.*}})), sizeof *dst);
  raw = r;
  // FAST: raw = gr_ref_unchecked(r);
  // CHECKED: raw = gr_ref_to_raw(r);
  consume(w);
  // FAST: consume(gr_ref_unwrap(w, GR_SITE({{.*}})));
  // CHECKED: consume(gr_ref_unwrap(w, GR_SITE({{.*}})));
  consume(raw);
  return gr_alive(w);
  // FAST: return gr_ref_alive(w);
}
