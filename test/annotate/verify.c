// --verify runs the plugin's own rules over the result before writing
// anything. Here a GR_REF the user wrote must agree with a dependency's
// plain `struct node **` parameter, which the tool may not edit: the note
// says so, the verification reports the plugin's error, nothing changes.
// Without the conflict, --verify passes and the files are written.
// REQUIRES: plugin
// RUN: rm -rf %t && mkdir -p %t/proj %t/dep && cp %s %t/proj/v.c && cp %S/Inputs/dep2.h %t/dep/dep2.h
// RUN: cd %t/proj && cp v.c orig.c
// RUN: not %genref_annotate --verify v.c -- -std=c11 -I../dep -DCONFLICT 2> report.txt
// RUN: FileCheck --check-prefix=REPORT --input-file=report.txt %s
// RUN: cmp v.c orig.c
// RUN: %genref_annotate --verify v.c -- -std=c11 -I../dep 2> ok.txt
// RUN: FileCheck --check-prefix=OK --input-file=ok.txt %s
// RUN: %plugin_cc -I../dep -c v.c -o v.o
// REPORT: v.c:{{[0-9]+}}:{{[0-9]+}}: the annotation written here is kept, but 'pp' of 'dep_take' at {{.*}}dep2.h:5:{{[0-9]+}} must agree with it and cannot be a reference: its file is outside the project root (--root)
// REPORT: genref-annotate: verify: v.c:{{[0-9]+}}:{{[0-9]+}}: the address of a reference is passed where a plain pointer to a pointer is expected
// REPORT: the result would not compile with the plugin; nothing changed
// OK-NOT: verify:
// OK: 1 file(s) changed
#include <stdlib.h>

#include "dep2.h"
#include "genref.h"

struct node {
  int v;
};

void give(void) {
#ifdef CONFLICT
  struct node *GR_REF mine = malloc(sizeof *mine);
  dep_take(&mine);
#else
  struct node *mine = malloc(sizeof *mine);
  free(mine);
#endif
}
