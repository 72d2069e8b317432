// Packed weakable structs compiled without a word and then aborted in
// malloc with heap corruption (a misaligned 8-byte header, in arrays or at
// an odd offset). Packing a weakable struct, or a struct holding one
// inline, is now an error at the declaration with the way out; a packed
// struct that only points at weakable objects, and a packed plain struct
// held inside a weakable one, are fine.
// REQUIRES: plugin
// RUN: not %plugin_cc -fno-caret-diagnostics -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: not %genref_rewrite %s -- -I%src_root/annotations -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not=error:
#include "genref.h"

struct GR_WEAKABLE __attribute__((packed)) wire {
  char tag;
  int len;
};
// CHECK: diag_packed.c:[[@LINE-4]]:44: error: genref: a GR_WEAKABLE struct cannot be packed
// CHECK-NEXT: note: remove the packing (packed attribute or #pragma pack) from the weakable struct

#pragma pack(push, 1)
struct GR_WEAKABLE pragma_packed {
  char tag;
  int len;
};
// CHECK: diag_packed.c:[[@LINE-4]]:20: error: genref: a GR_WEAKABLE struct cannot be packed
#pragma pack(pop)

struct GR_WEAKABLE node {
  int v;
};
struct __attribute__((packed)) frame {
  char kind;
  struct node inline_node;
  // CHECK: diag_packed.c:[[@LINE-1]]:15: error: genref: a weakable object inside a packed struct ('inline_node')
  // CHECK-NEXT: note: its generation header would be misaligned: hold a pointer to it (T *GR_REF) instead, or do not pack the enclosing struct
  struct node *GR_REF ok_pointer;
};

struct __attribute__((packed)) plain_packed {
  char a;
  int b;
};
struct GR_WEAKABLE holds_packed {
  struct plain_packed p;
};
