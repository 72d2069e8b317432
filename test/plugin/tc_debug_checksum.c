// -g under the plugin: a rewritten unit's line table must not carry a
// DWARF 5 MD5 checksum of the rewritten text (a debugger that verifies
// checksums would reject the user's source on disk). The plugin emits
// DWARF 4 for rewritten units (no checksums; was BUG 8). A unit the plugin
// leaves alone keeps the compiler's DWARF 5 and the same checksum as a plain
// build.
// REQUIRES: plugin
// RUN: %plugin_cc -O0 -c %s -o %t.plugin.o
// RUN: llvm-dwarfdump-19 --debug-line %t.plugin.o | FileCheck --check-prefix=REWRITTEN %s
// REWRITTEN: version: 4
// REWRITTEN-NOT: md5_checksum
// REWRITTEN: name: "{{.*}}tc_debug_checksum.c"
// REWRITTEN-NOT: md5_checksum
// RUN: %plugin_cc -O0 -c %S/rw_unannotated.c -o %t.plain-by-plugin.o
// RUN: %cc -O0 -c %S/rw_unannotated.c -o %t.plain.o
// RUN: llvm-dwarfdump-19 --debug-line %t.plain-by-plugin.o | FileCheck --check-prefix=UNTOUCHED %s
// RUN: llvm-dwarfdump-19 --debug-line %t.plain-by-plugin.o | grep md5_checksum > %t.a.md5
// RUN: llvm-dwarfdump-19 --debug-line %t.plain.o | grep md5_checksum > %t.b.md5
// RUN: diff %t.a.md5 %t.b.md5
// UNTOUCHED: version: 5
// UNTOUCHED: name: "{{.*}}rw_unannotated.c"
// UNTOUCHED-NEXT: dir_index:
// UNTOUCHED-NEXT: md5_checksum:
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

int main(void) {
  struct node *GR_REF p = malloc(sizeof(struct node));
  p->v = 0;
  int v = p->v;
  free(p);
  return v;
}
