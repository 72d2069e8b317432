// Whitelist globs are shell globs on the source path: `*` does not cross a
// `/`. 'test/*.c' names the files directly in a test/ directory, not this
// file in test/modes/; 'modes/*.c' and 'test/*/*.c' do name it. The
// program and genref-audit agree.
// (Guards BUG 11, fixed in a9b1e54: `*` matched `/`.)
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_cc --mode=fast --allow-unchecked='modes/*.c' -O2 %s -o %t.dir/dir
// RUN: %run %t.dir/dir | FileCheck --check-prefix=RUNS %s
// RUN: %genref_cc --mode=fast --allow-unchecked='test/*/*.c' -O2 %s -o %t.dir/twolevels
// RUN: %run %t.dir/twolevels | FileCheck --check-prefix=RUNS %s
// RUN: %genref_cc --mode=fast --allow-unchecked='test/*.c' -O2 %s -o %t.dir/parent
// RUN: not %run %t.dir/parent 2>&1 | FileCheck --check-prefix=REJECT %s
// RUN: not %obj_root/bin/genref-audit %t.dir/parent | FileCheck --check-prefix=AUDIT %s
// RUN: %genref_cc --mode=fast --allow-unchecked='%src_root/test/*.c' --allow-unchecked='%src_root/*' -O2 %s -o %t.dir/abs
// RUN: not %run %t.dir/abs 2>&1 | FileCheck --check-prefix=REJECT %s
// RUNS: main ran
// REJECT: ERROR: genref: unchecked code this program's whitelist does not allow
// REJECT-NEXT: whitelist_glob_dirs.c: compiled in fast mode
// AUDIT: whitelist_glob_dirs.c: mode=fast layout={{fat|compact}} [NOT ALLOWED]
// AUDIT: verdict: REJECTED
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

int main(void) {
  struct node *GR_REF p = malloc(sizeof(struct node));
  p->v = 1;
  printf("main ran %d\n", p->v);
  free(p);
  return 0;
}
