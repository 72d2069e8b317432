// An unknown mode is a clear error at every entry point, naming the value
// and the valid ones, with no output file: the plugin argument
// -fplugin-arg-genref-mode=turbo (plain clang and through genref-cc), the
// driver's --mode=turbo (also after a valid --mode), genref-rewrite
// --mode=turbo; modes are case-sensitive. No crash, no fallback to a
// default mode.
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: not %plugin_cc -fplugin-arg-genref-mode=turbo -c %s -o %t.dir/a.o 2>&1 | FileCheck --check-prefix=PLUGIN %s --implicit-check-not="Stack dump" --implicit-check-not=warning:
// RUN: test ! -e %t.dir/a.o
// RUN: not %plugin_cc -fplugin-arg-genref-mode=turbo %s -o %t.dir/a %rt 2>&1 | FileCheck --check-prefix=PLUGIN %s
// RUN: test ! -e %t.dir/a
// RUN: not %genref_cc -fplugin-arg-genref-mode=turbo -c %s -o %t.dir/b.o 2>&1 | FileCheck --check-prefix=PLUGIN %s
// RUN: test ! -e %t.dir/b.o
// RUN: not %genref_cc -fplugin-arg-genref-mode=fast -fplugin-arg-genref-mode=turbo -c %s -o %t.dir/b2.o 2>&1 | FileCheck --check-prefix=PLUGIN %s
// RUN: test ! -e %t.dir/b2.o
// RUN: not %plugin_cc -fplugin-arg-genref-mode=Fast -c %s -o %t.dir/c.o 2>&1 | FileCheck --check-prefix=CASE %s
// RUN: test ! -e %t.dir/c.o
// PLUGIN: error: genref: unknown mode 'turbo' (expected resilient, normal or fast)
// CASE: error: genref: unknown mode 'Fast' (expected resilient, normal or fast)
// RUN: not %genref_cc --mode=turbo %s -o %t.dir/d 2>&1 | FileCheck --check-prefix=DRIVER %s
// RUN: test ! -e %t.dir/d
// RUN: not %genref_cc --mode=turbo -c %s -o %t.dir/d.o 2>&1 | FileCheck --check-prefix=DRIVER %s
// RUN: test ! -e %t.dir/d.o
// RUN: not %genref_cc --mode=fast --mode=turbo %s -o %t.dir/e 2>&1 | FileCheck --check-prefix=DRIVER %s
// RUN: test ! -e %t.dir/e
// DRIVER: genref-cc: unknown mode 'turbo' (expected resilient, normal or fast)
// RUN: not %genref_rewrite --mode=turbo %s -- -I%src_root/annotations > %t.dir/rw.c 2> %t.dir/rw.err
// RUN: FileCheck --check-prefix=REWRITE %s < %t.dir/rw.err
// RUN: count 0 < %t.dir/rw.c
// REWRITE: genref-rewrite: unknown mode 'turbo' (expected resilient, normal or fast)
// The valid spellings build.
// RUN: %plugin_cc -fplugin-arg-genref-mode=normal -c %s -o %t.dir/ok.o
// RUN: %genref_cc --mode=resilient -c %s -o %t.dir/ok2.o
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

int get(struct node *GR_REF n) {
  return n->v;
}
