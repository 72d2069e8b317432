// The annotated library unit (Inputs/shapes/shapes.c, which includes
// genref.h through shapes.h) built with plain clang, linked with a
// plugin-built main and the runtime: the program is stopped before main
// (nothing of main's output), exits non-zero, and the report names the
// unplugged unit's source file and says it was compiled without the genref
// plugin; genref-audit names the unit too and exits 1. With every unit
// plugged, the same program runs correctly and the audit says ok.
// (Issue 11 also allows the other way out, the unplugged unit working
// unchecked because the layouts agree; this test asks for the stop.)
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %cc -O2 -c %S/Inputs/shapes/shapes.c -o %t.dir/shapes_unplugged.o
// RUN: %plugin_cc -O2 -c %S/Inputs/shapes/shapes.c -o %t.dir/shapes_plugged.o
// RUN: %plugin_cc -O2 -I%S/Inputs/shapes -c %S/Inputs/shapes/main.c -o %t.dir/main.o
// RUN: %plugin_cc %t.dir/main.o %t.dir/shapes_unplugged.o -o %t.dir/mixed %rt
// RUN: not %run %t.dir/mixed > %t.dir/mixed.out 2>&1
// RUN: FileCheck --check-prefix=STOP --input-file=%t.dir/mixed.out %s
// genref-audit says which unit it is, and that the program would not start.
// RUN: not genref-audit %t.dir/mixed > %t.dir/audit.out 2>&1
// RUN: FileCheck --check-prefix=AUDIT --input-file=%t.dir/audit.out %s
// RUN: %plugin_cc %t.dir/main.o %t.dir/shapes_plugged.o -o %t.dir/plugged %rt
// RUN: %run %t.dir/plugged 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: genref-audit %t.dir/plugged | FileCheck --check-prefix=AUDIT-OK %s
// STOP-NOT: main started
// STOP: ERROR: genref:
// STOP-NOT: main started
// STOP: shapes.c{{.*}}compiled without the genref plugin
// STOP-NOT: main started
// AUDIT: shapes.c{{.*}}compiled without the genref plugin
// AUDIT-NOT: verdict: ok
// AUDIT-OK-DAG: main.c: mode=
// AUDIT-OK-DAG: shapes.c: mode=
// AUDIT-OK: verdict: ok
// OK: main started
// OK-NEXT: rect 6.0 8.0 area 48.0
// OK-NEXT: tri area 15.0 kind 1
// OK-NEXT: done
