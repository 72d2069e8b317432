// A unit whose text mentions genref's unit record by name
// (__gr_tu_record[], here in this comment) is not taken as already
// rewritten: it gets its record, so in fast mode it is still stopped
// before main without a whitelist rule and genref-audit lists it. Before,
// the name alone suppressed the record: the fast unit escaped both.
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_cc --mode=fast -O2 %s -o %t.dir/norule
// RUN: not %run %t.dir/norule 2>&1 | FileCheck --check-prefix=REJECT %s --implicit-check-not="main ran"
// RUN: not %obj_root/bin/genref-audit %t.dir/norule | FileCheck --check-prefix=AUDIT %s
// RUN: %genref_rewrite --mode=fast %s -- -I%src_root/annotations | FileCheck --check-prefix=RECORD %s
// REJECT: ERROR: genref: unchecked code this program's whitelist does not allow
// REJECT-NEXT: {{.*}}record_name_in_comment.c: compiled in fast mode
// AUDIT: record_name_in_comment.c: mode=fast
// RECORD: static const char __gr_tu_record[] __attribute__((section("genref_tus")
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE node { int v; };
static const char *note = "__gr_tu_record[] in a string, too";

int main(void) {
  struct node *GR_REF p = malloc(sizeof(struct node));
  p->v = 1;
  printf("main ran %d %s\n", p->v, note);
  free(p);
  return 0;
}
