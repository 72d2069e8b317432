// rw_struct_copy.c's rewritten text (GR_ASSIGN, gr_copy_object,
// gr_fill_object) compiles warning-free with gcc -O2 -Wall -Wextra -Werror
// and behaves as with clang: identities kept, a stale reference to a copied
// object still caught. (Its own file so that the clang and plugin checks of
// rw_struct_copy.c keep running in a layout where this one fails.)
// REQUIRES: plugin
// In the compact layout gcc's -Warray-bounds rejects gr_copy_object's
// windowed memmove for a 24-byte struct (BUG 18).
// XFAIL: layout-compact
// RUN: %genref_rewrite %S/rw_struct_copy.c -- -I%src_root/annotations > %t.rw.c
// RUN: %gcc -O2 %t.rw.c -o %t.gcc %rt
// RUN: %run %t.gcc | FileCheck --check-prefix=OK %S/rw_struct_copy.c
// RUN: not %run %t.gcc stale 2>&1 | FileCheck --check-prefix=STALE %S/rw_struct_copy.c
