// In the compact layout a reference is one 64-bit word: storing a reference
// into a struct field is a single 8-byte store (no memcpy, no second
// store), loading one is a single 8-byte load, and a reference argument is
// one i64. So a reader racing a writer of the field sees one whole
// reference or the other. The fat layout, for comparison (informative),
// stores the pointer and the generation separately: two 8-byte stores.
// REQUIRES: plugin
// RUN: clang-19 -fplugin=%plugin_so -fplugin-arg-genref-layout=compact -std=c11 -Wall -Wextra -Werror -I%src_root/annotations -O2 -S -emit-llvm %s -o - | FileCheck --check-prefix=COMPACT %s
// RUN: clang-19 -fplugin=%plugin_so -fplugin-arg-genref-layout=fat -std=c11 -Wall -Wextra -Werror -I%src_root/annotations -O2 -S -emit-llvm %s -o - | FileCheck --check-prefix=FAT %s
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};
struct holder {
  long tag;
  struct node *GR_REF ref;
};
struct GR_WEAKABLE wholder {
  int n;
  struct node *GR_REF ref;
  struct node *GR_WEAK back;
};

// COMPACT-LABEL: define {{.*}}void @set(ptr {{.*}}%0, i64 {{.*}}%1)
// COMPACT-NOT: memcpy
// COMPACT: store i64 %1, ptr %{{[0-9]+}}, align 8
// COMPACT-NOT: store
// COMPACT-NOT: memcpy
// COMPACT: ret void
// COMPACT-NEXT: }
// FAT-LABEL: define {{.*}}void @set(ptr {{.*}}%0, ptr {{.*}}%1, i64 {{.*}}%2)
// FAT: store ptr %1, ptr %{{[0-9]+}}, align 8
// FAT: store i64 %2, ptr %{{[0-9]+}}, align 8
// FAT: ret void
void set(struct holder *h, struct node *GR_REF r) { h->ref = r; }

// A field of a weakable struct reached through a reference: one checked
// access, then one 8-byte store each for the GR_REF and the GR_WEAK field.
// (The optimizer may copy the stores into the paths of a reference to an
// object's start, an interior one and one to static memory: each copy is
// still one 8-byte store, never a memcpy or a narrower store.)
// COMPACT-LABEL: define {{.*}}void @set_in_object(i64 {{.*}}%0, i64 {{.*}}%1)
// COMPACT-NOT: memcpy
// COMPACT: store i64 %1, ptr %{{[0-9]+}}, align 8
// COMPACT-NOT: memcpy
// COMPACT-NOT: store i{{(8|16|32)}}
// COMPACT: store i64 %1, ptr %{{[0-9]+}}, align 8
// COMPACT-NOT: store i{{(8|16|32)}}
// COMPACT-NOT: memcpy
// COMPACT: ret void
void set_in_object(struct wholder *GR_REF w, struct node *GR_REF r) {
  w->ref = r;
  w->back = r;
}

// COMPACT-LABEL: define {{.*}}i64 @get(ptr {{.*}}%0)
// COMPACT: load i64, ptr %{{[0-9]+}}, align 8
// COMPACT-NOT: load
// COMPACT-NOT: memcpy
// COMPACT: ret i64
struct node *GR_REF get(const struct holder *h) { return h->ref; }
