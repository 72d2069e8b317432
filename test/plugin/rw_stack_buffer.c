// Issue 13 item 7: a local of any type whose address becomes a reference
// (a char buffer passed to a GR_REF parameter, &nums[2] stored in a global
// reference) gets a frame like a weakable local, so a reference that
// outlives the scope is reported when used; a static buffer's references
// are always alive. Locals whose address never reaches a reference get no
// frame.
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// RUN: %if mode-resilient %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s %}
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %if !mode-normal %{ %run %t0 | FileCheck --check-prefix=OK %s %}
// RUN: %if !mode-normal %{ %run %t2 | FileCheck --check-prefix=OK %s %}
// RUN: %if mode-resilient %{ not %run %t0 chars 2>&1 | FileCheck --check-prefixes=UAF,CHARS %s %}
// RUN: %if mode-resilient %{ not %run %t2 chars 2>&1 | FileCheck --check-prefixes=UAF,CHARS %s %}
// RUN: %if mode-resilient %{ not %run %t2 ints 2>&1 | FileCheck --check-prefixes=UAF,INTS %s %}
// Normal mode finds it earlier: the globals still hold references when
// fill()'s scope ends.
// RUN: %if mode-normal %{ not %run %t2 2>&1 | FileCheck --check-prefix=DANGLING %s %}
// DANGLING: ERROR: genref: dangling-reference
#include <stdio.h>
#include <string.h>
#include "genref.h"

static char *GR_REF saved;
static int *GR_REF keep;
static char table[8] = "static";
static char *GR_REF fixed;

static void remember(char *GR_REF s) { saved = s; }

static int fill(void) {
  char buf[16];
  // REWRITE: char buf[16]; gr_stack_frame_t __gr_frame_buf_{{[0-9]+}} __attribute__((cleanup(gr_stack_frame_end))) = gr_stack_frame_place(&buf, sizeof buf, {{[01]}}); __typeof__(buf) *const __gr_obj_buf = gr_stack_object(&__gr_frame_buf_{{[0-9]+}}, &buf);
  int nums[4] = {1, 2, 3, 4};
  int plain[2] = {5, 6};
  // REWRITE: int plain[2] = {5, 6};{{$}}
  strcpy(buf, "stack");
  remember(buf);
  keep = &nums[2];
  fixed = table;
  printf("%s %d %s\n", saved, *keep, fixed);
  return plain[0] + plain[1];
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  // OK: stack 3 static
  // OK-NEXT: 11 static
  int n = fill();
  printf("%d %s\n", n, fixed);
  // UAF: ERROR: genref: use-after-free
  if (!strcmp(mode, "chars"))
    printf("%c\n", saved[0]);
  // CHARS-NEXT: at {{.*}}rw_stack_buffer.c:[[@LINE-1]]:{{[0-9]+}} in main
  if (!strcmp(mode, "ints"))
    printf("%d\n", *keep);
  // INTS-NEXT: at {{.*}}rw_stack_buffer.c:[[@LINE-1]]:{{[0-9]+}} in main
  return 0;
}
