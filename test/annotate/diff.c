// --diff prints a unified diff and leaves the file as it was; `patch`
// applies it, giving what an in-place run writes.
// REQUIRES: plugin
// RUN: rm -rf %t && mkdir %t && cp %s %t/d.c && cp %s %t/orig.c && cp %s %t/inplace.c && cd %t
// RUN: %genref_annotate --diff d.c -- -std=c11 > d.diff 2> report.txt
// RUN: cmp d.c orig.c
// RUN: FileCheck --check-prefix=DIFF --input-file=d.diff %s
// RUN: patch -s d.c < d.diff
// RUN: %genref_annotate inplace.c -- -std=c11 2> /dev/null
// RUN: cmp d.c inplace.c
// RUN: %genref_annotate --diff d.c -- -std=c11 > again.diff 2> /dev/null
// RUN: count 0 < again.diff
// A last line without a newline is marked, and patch keeps it so.
// RUN: printf 'struct n { struct n *next; };\nvoid f(struct n *p);' > nonl.c && cp nonl.c nonl.orig
// RUN: %genref_annotate --struct=n --diff nonl.c -- > nonl.diff 2> /dev/null
// RUN: FileCheck --check-prefix=NONL --input-file=nonl.diff %s
// RUN: patch -s nonl.orig < nonl.diff && %genref_annotate --struct=n nonl.c -- 2> /dev/null
// RUN: cmp nonl.c nonl.orig
// NONL: {{^}}+void f(struct n *GR_REF p);
// NONL-NEXT: {{^}}\ No newline at end of file
#include <stdlib.h>

struct cell {
  struct cell *next;
};

struct cell *cons(struct cell *tail) {
  struct cell *c = malloc(sizeof *c);
  c->next = tail;
  return c;
}
// DIFF:      {{^}}--- d.c
// DIFF-NEXT: {{^}}+++ d.c
// DIFF-NEXT: {{^}}@@ -{{[0-9]+}},13 +{{[0-9]+}},14 @@
// DIFF:      {{^}} #include <stdlib.h>
// DIFF-NEXT: {{^}}+#include "genref.h"
// DIFF:      {{^}}-struct cell {
// DIFF-NEXT: {{^}}-  struct cell *next;
// DIFF-NEXT: {{^}}+struct GR_WEAKABLE cell {
// DIFF-NEXT: {{^}}+  struct cell *GR_REF next;
// DIFF-NEXT: {{^}} };
// DIFF:      {{^}}-struct cell *cons(struct cell *tail) {
// DIFF-NEXT: {{^}}-  struct cell *c = malloc(sizeof *c);
// DIFF-NEXT: {{^}}+struct cell *GR_REF cons(struct cell *GR_REF tail) {
// DIFF-NEXT: {{^}}+  struct cell *GR_REF c = malloc(sizeof *c);
