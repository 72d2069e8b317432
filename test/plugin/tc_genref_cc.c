// The genref-cc driver and mode options: `genref-cc x.c -o x` adds the
// plugin and headers and links the runtime (no %rt); -c does not link (the
// object has undefined gr_* references); --mode=bogus, the plugin's
// -fplugin-arg-genref-mode=bogus (directly and through genref-cc),
// an unknown plugin argument and genref-rewrite --mode=bogus are clear
// errors naming the value and the valid ones, with no output produced.
// --mode=fast rewrites dereferences unchecked, and a fast-mode program that
// is not allowed at link time refuses to run.
// REQUIRES: plugin
// The driver's own mode handling, each mode named explicitly: the mode
// passes (lit --param mode=...) would only override it.
// UNSUPPORTED: mode-normal, mode-fast
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_cc -O2 %s -o %t.dir/prog
// RUN: %run %t.dir/prog | FileCheck --check-prefix=OK %s
// RUN: not %run %t.dir/prog bug 2>&1 | FileCheck --check-prefix=BUG %s
// RUN: %genref_cc --mode=normal -O2 %s -o %t.dir/normal
// RUN: not %run %t.dir/normal bug 2>&1 | FileCheck --check-prefix=BUG %s
// RUN: %genref_cc -c %s -o %t.dir/obj.o
// RUN: llvm-nm-19 %t.dir/obj.o | FileCheck --check-prefix=NM %s
// NM: U gr_alloc
// RUN: not %genref_cc --mode=bogus %s -o %t.dir/bogus 2>&1 | FileCheck --check-prefix=DRVMODE %s
// RUN: test ! -e %t.dir/bogus
// DRVMODE: genref-cc: unknown mode 'bogus' (expected resilient, normal or fast)
// RUN: not %plugin_cc -fplugin-arg-genref-mode=bogus -c %s -o %t.dir/bogus.o 2>&1 | FileCheck --check-prefix=PLUGMODE %s --implicit-check-not="Stack dump"
// RUN: test ! -e %t.dir/bogus.o
// RUN: not %genref_cc -fplugin-arg-genref-mode=bogus -c %s -o %t.dir/bogus.o 2>&1 | FileCheck --check-prefix=PLUGMODE %s
// PLUGMODE: error: genref: unknown mode 'bogus' (expected resilient, normal or fast)
// RUN: not %plugin_cc -fplugin-arg-genref-colour=blue -c %s -o /dev/null 2>&1 | FileCheck --check-prefix=PLUGARG %s
// PLUGARG: error: genref: unknown plugin argument 'colour=blue' (known: mode=, layout=, recover, no-elide, runtime-include=)
// Layouts likewise: fat or compact, at every entry point; an empty value is
// an error too.
// RUN: not %obj_root/bin/genref-cc --layout=bogus -c %s -o %t.dir/bogus_layout.o 2>&1 | FileCheck --check-prefix=DRVLAYOUT %s
// RUN: test ! -e %t.dir/bogus_layout.o
// RUN: not %obj_root/bin/genref-cc --layout= -c %s -o %t.dir/bogus_layout.o 2>&1 | FileCheck --check-prefix=DRVLAYOUTEMPTY %s
// RUN: test ! -e %t.dir/bogus_layout.o
// DRVLAYOUT: genref-cc: unknown layout 'bogus' (expected fat or compact)
// DRVLAYOUTEMPTY: genref-cc: unknown layout '' (expected fat or compact)
// RUN: not %plugin_cc -fplugin-arg-genref-layout=bogus -c %s -o %t.dir/bogus_layout.o 2>&1 | FileCheck --check-prefix=PLUGLAYOUT %s --implicit-check-not="Stack dump"
// RUN: test ! -e %t.dir/bogus_layout.o
// PLUGLAYOUT: error: genref: unknown layout 'bogus' (expected fat or compact)
// RUN: not %obj_root/bin/genref-rewrite --layout=bogus %s -- -I%src_root/annotations 2>&1 | FileCheck --check-prefix=RWLAYOUT %s
// RWLAYOUT: genref-rewrite: unknown layout 'bogus' (expected fat or compact)
// RUN: not %genref_rewrite --mode=bogus %s -- -I%src_root/annotations 2>&1 | FileCheck --check-prefix=RWMODE %s
// RWMODE: genref-rewrite: unknown mode 'bogus' (expected resilient, normal or fast)
// RUN: %genref_rewrite --mode=fast %s -- -I%src_root/annotations | FileCheck --check-prefix=FAST %s
// FAST: printf("v %d\n", ((struct node *)gr_ref_unchecked(p))->v);
// RUN: %genref_cc --mode=fast -O2 %s -o %t.dir/fast
// RUN: not %run %t.dir/fast 2>&1 | FileCheck --check-prefix=FASTEXEC %s
// FASTEXEC: ERROR: genref: unchecked code this program's whitelist does not allow
// FASTEXEC-NOT: v 5
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

int main(int argc, char **argv) {
  struct node *GR_REF p = malloc(sizeof(struct node));
  p->v = 5;
  if (argc > 1 && !strcmp(argv[1], "bug"))
    free(p);
  printf("v %d\n", p->v);
  // OK: v 5
  // BUG: ERROR: genref: use-after-free
  // BUG-NEXT: at {{.*}}tc_genref_cc.c:[[@LINE-3]]:21 in main
  return 0;
}
