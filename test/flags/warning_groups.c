// genref's warnings are in -W groups: -Wgenref-<name>, all of them in
// -Wgenref, with clang's spellings and meanings (-Wno-X, -WX, -Werror=X,
// -Wno-error=X, -w, -Werror), shown as [-Wgenref-<name>] like clang's own.
// Normal mode's warning about memcpy of references is uncounted-copy.
// REQUIRES: plugin
// RUN: rm -rf %t && mkdir -p %t
// RUN: %obj_root/bin/genref-cc --layout=%layout --mode=normal -c %s -o %t/a.o 2>&1 | FileCheck --check-prefix=WARN %s
// WARN: warning_groups.c:{{[0-9]+}}:3: warning: genref: memcpy copies GR_REF references that normal mode cannot count [-Wgenref-uncounted-copy]
// RUN: not %obj_root/bin/genref-cc --layout=%layout --mode=normal -Werror -c %s -o %t/b.o 2>&1 | FileCheck --check-prefix=ERR %s
// RUN: not %obj_root/bin/genref-cc --layout=%layout --mode=normal -Werror=genref-uncounted-copy -c %s -o %t/b.o 2>&1 | FileCheck --check-prefix=ERR %s
// RUN: not %obj_root/bin/genref-cc --layout=%layout --mode=normal -Wno-genref -Werror=genref -c %s -o %t/b.o 2>&1 | FileCheck --check-prefix=ERR %s
// ERR: warning_groups.c:{{[0-9]+}}:3: error: genref: memcpy copies GR_REF references that normal mode cannot count [-Werror,-Wgenref-uncounted-copy]
// Silenced, or kept a warning under -Werror: the build succeeds.
// RUN: %obj_root/bin/genref-cc --layout=%layout --mode=normal -Werror -Wno-genref-uncounted-copy -c %s -o %t/c.o 2>&1 | count 0
// RUN: %obj_root/bin/genref-cc --layout=%layout --mode=normal -Werror -Wno-genref -c %s -o %t/d.o 2>&1 | count 0
// RUN: %obj_root/bin/genref-cc --layout=%layout --mode=normal -Werror=genref-uncounted-copy -w -c %s -o %t/e.o 2>&1 | count 0
// RUN: %obj_root/bin/genref-cc --layout=%layout --mode=normal -Werror -Wgenref-uncounted-copy -Wno-genref -c %s -o %t/f.o 2>&1 | count 0
// RUN: %obj_root/bin/genref-cc --layout=%layout --mode=normal -Werror -Wno-error=genref-uncounted-copy -c %s -o %t/g.o 2>&1 | FileCheck --check-prefix=WARN %s
// RUN: %obj_root/bin/genref-cc --layout=%layout --mode=normal -Werror=genref -Wno-error=genref-uncounted-copy -c %s -o %t/h.o 2>&1 | FileCheck --check-prefix=WARN %s
// RUN: %obj_root/bin/genref-cc --layout=%layout --mode=normal -Wno-genref -Wgenref-uncounted-copy -c %s -o %t/i.o 2>&1 | FileCheck --check-prefix=WARN %s
// RUN: llvm-nm-19 %t/c.o | FileCheck --check-prefix=NM %s
// NM: t __gr_tu_loaded
// Without the option names, as clang's -fno-diagnostics-show-option.
// RUN: %obj_root/bin/genref-cc --layout=%layout --mode=normal -fno-diagnostics-show-option -c %s -o %t/j.o 2>&1 | FileCheck --check-prefix=NONAME %s
// NONAME: warning: genref: memcpy copies GR_REF references that normal mode cannot count{{$}}
// A plain clang-19 -fplugin reads the same -W options (clang itself calls
// them unknown: -Wno-unknown-warning-option), or takes them as plugin
// arguments.
// RUN: %plugin_cc -fplugin-arg-genref-mode=normal -Wno-unknown-warning-option -Wno-genref-uncounted-copy -c %s -o %t/k.o 2>&1 | count 0
// RUN: %plugin_cc -fplugin-arg-genref-mode=normal -fplugin-arg-genref-Wno-genref-uncounted-copy -c %s -o %t/l.o 2>&1 | count 0
// RUN: not %plugin_cc -fplugin-arg-genref-mode=normal -c %s -o %t/m.o 2>&1 | FileCheck --check-prefix=ERR %s
// An unknown genref group is reported as clang reports an unknown -W.
// RUN: %obj_root/bin/genref-cc --layout=%layout --mode=normal -Wno-genref-uncounted-copies -c %s -o %t/n.o 2>&1 | FileCheck --check-prefix=UNKNOWN %s
// UNKNOWN: warning: unknown warning option '-Wno-genref-uncounted-copies'
// genref-rewrite takes them among the compile arguments.
// RUN: not %obj_root/bin/genref-rewrite --layout=%layout --mode=normal %s -o %t/rw.c -- -I%src_root/annotations -Werror 2>&1 | FileCheck --check-prefix=ERR %s
// RUN: %obj_root/bin/genref-rewrite --layout=%layout --mode=normal %s -o %t/rw.c -- -I%src_root/annotations -Werror -Wno-genref-uncounted-copy 2>&1 | count 0
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
  struct node *GR_REF next;
};

void copy(struct node *a, const struct node *b) {
  memcpy(a, b, sizeof *a);
}
