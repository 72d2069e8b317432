// An empty mode value is an unknown mode at every entry point: the plugin
// and genref-rewrite reject it; so must genref-cc --mode= (a script's
// --mode=$UNSET must not silently build in the default mode).
// (Guards BUG 12, fixed in a9b1e54: genref-cc --mode= built in resilient
// mode.)
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: not %plugin_cc -fplugin-arg-genref-mode= -c %s -o %t.dir/a.o 2>&1 | FileCheck --check-prefix=PLUGIN %s
// RUN: not %genref_rewrite --mode= %s -- -I%src_root/annotations 2>&1 | FileCheck --check-prefix=REWRITE %s
// RUN: not %genref_cc --mode= %s -o %t.dir/d 2>&1 | FileCheck --check-prefix=DRIVER %s
// RUN: test ! -e %t.dir/d
// PLUGIN: error: genref: unknown mode '' (expected resilient, normal or fast)
// REWRITE: genref-rewrite: unknown mode '' (expected resilient, normal or fast)
// DRIVER: genref-cc: unknown mode '' (expected resilient, normal or fast)
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

int get(struct node *GR_REF n) {
  return n->v;
}
