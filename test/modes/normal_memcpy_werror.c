// genref's own warnings obey the usual switches: normal mode's memcpy
// warning is an error under -Werror (no object written) and is not shown
// under -w.
// Once a bug (17): custom diagnostics bypassed clang's warning mapping.
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: not %genref_cc --mode=normal -Werror -c %s -o %t.dir/werror.o 2>&1 | FileCheck --check-prefix=WERROR %s
// RUN: test ! -e %t.dir/werror.o
// RUN: %genref_cc --mode=normal -w -c %s -o %t.dir/w.o 2>&1 | count 0
// RUN: %genref_cc --mode=normal -c %s -o %t.dir/plain.o 2>&1 | FileCheck --check-prefix=WARN %s
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

struct pair {
  long tag;
  struct node *GR_REF ref;
};

void copy(struct pair *d, const struct pair *s) {
  memcpy(d, s, sizeof *d);
  // WERROR: normal_memcpy_werror.c:[[@LINE-1]]:3: error: genref: memcpy copies GR_REF references that normal mode cannot count
  // WARN: normal_memcpy_werror.c:[[@LINE-2]]:3: warning: genref: memcpy copies GR_REF references that normal mode cannot count
}
