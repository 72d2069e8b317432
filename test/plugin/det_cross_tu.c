// An object allocated and freed in one translation unit
// (Inputs/cross_tu/registry.c) and dereferenced in another (this file),
// through a reference returned by a function, a global reference defined
// in the other unit, and a reference passed back into the other unit. Each
// unit is compiled on its own with the plugin (-c) and linked; the shared
// header declares the references once for both. The stale access is
// reported in the unit where it happens; without the bug both units agree.
// REQUIRES: plugin
// Not in normal mode: its correct run closes (frees) a session that a
// GR_REF in a global, static or stack object still points at, which normal
// mode reports at the free as a dangling reference, by design
// (docs/modes.md).
// UNSUPPORTED: mode-normal
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %plugin_cc -O2 -c %S/Inputs/cross_tu/registry.c -o %t.dir/registry.o
// RUN: %plugin_cc -O2 -I%S/Inputs/cross_tu -c %s -o %t.dir/main.o
// RUN: %plugin_cc %t.dir/main.o %t.dir/registry.o -o %t.dir/prog %rt
// RUN: %run %t.dir/prog | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t.dir/prog local 2>&1 | FileCheck --check-prefix=LOCAL %s %}
// RUN: %if !mode-fast %{ not %run %t.dir/prog global 2>&1 | FileCheck --check-prefix=GLOBAL %s %}
// RUN: %if !mode-fast %{ not %run %t.dir/prog callee 2>&1 | FileCheck --check-prefix=CALLEE %s %}
// The units mixed: the registry rewritten by genref-rewrite and built by gcc.
// (--out-dir: the shared header is rewritten too, next to the unit.)
// RUN: %genref_rewrite --out-dir=%t.dir/rw %S/Inputs/cross_tu/registry.c -- -I%src_root/annotations
// RUN: grep -q "gr_ref_t session_open" %t.dir/rw/registry.h
// RUN: %gcc -O2 -c %t.dir/rw/registry.c -o %t.dir/registry.gcc.o
// RUN: %plugin_cc %t.dir/main.o %t.dir/registry.gcc.o -o %t.dir/mixed %rt
// RUN: %run %t.dir/mixed | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t.dir/mixed local 2>&1 | FileCheck --check-prefix=LOCAL %s %}
#include <stdio.h>
#include <string.h>
#include "registry.h"

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  struct session *GR_REF s = session_open(7, "alice");
  // OK: open 7 alice 7 alive 1
  printf("open %d %s %d alive %d\n", s->id, last_opened->user, session_id(s), gr_alive(s));
  fflush(stdout);
  if (*mode)
    session_close(s);
  if (!strcmp(mode, "local"))
    printf("%d\n", s->id); // LOCAL: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct session')
  // LOCAL-NEXT: at {{.*}}det_cross_tu.c:[[@LINE-1]]:21 in main
  // LOCAL: SUMMARY: genref: use-after-free {{.*}}det_cross_tu.c:[[@LINE-2]] in main
  if (!strcmp(mode, "global"))
    printf("%s\n", last_opened->user); // GLOBAL: ERROR: genref: use-after-free
  // GLOBAL-NEXT: at {{.*}}det_cross_tu.c:[[@LINE-1]]:31 in main
  if (!strcmp(mode, "callee"))
    printf("%d\n", session_id(s)); // CALLEE: ERROR: genref: use-after-free
  // CALLEE-NEXT: at {{.*}}registry.c:19:52 in session_id
  // CALLEE: #0 {{.*}} in session_id {{.*}}registry.c:19
  // CALLEE: #1 {{.*}} in main {{.*}}det_cross_tu.c:[[@LINE-3]]
  session_close(s);
  // OK: closed alive 0
  printf("closed alive %d\n", gr_alive(last_opened));
  return 0;
}
