// Annotated code built entirely without the plugin and without the
// runtime (plain clang, and gcc) is plain C: the same annotated program as
// unplugged_stop.c, every unit unplugged, runs and prints the right output.
// (Passes on main; issue 11 item 7 must keep it passing.)
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %cc -O0 -I%S/Inputs/shapes %S/Inputs/shapes/main.c %S/Inputs/shapes/shapes.c -o %t.dir/clang0
// RUN: %cc -O2 -I%S/Inputs/shapes %S/Inputs/shapes/main.c %S/Inputs/shapes/shapes.c -o %t.dir/clang2
// RUN: %gcc -O2 -I%S/Inputs/shapes %S/Inputs/shapes/main.c %S/Inputs/shapes/shapes.c -o %t.dir/gcc2
// RUN: %run %t.dir/clang0 2>&1 | FileCheck %s --implicit-check-not=genref
// RUN: %run %t.dir/clang2 2>&1 | FileCheck %s --implicit-check-not=genref
// RUN: %run %t.dir/gcc2 2>&1 | FileCheck %s --implicit-check-not=genref
// CHECK: main started
// CHECK-NEXT: rect 6.0 8.0 area 48.0
// CHECK-NEXT: tri area 15.0 kind 1
// CHECK-NEXT: done
