// A library that allocates through a table of function pointers set to
// malloc/free (as cJSON's hooks do). The plugin never sees a malloc of a
// weakable type: the call is spelled hooks.allocate(size). Objects made
// that way must be exactly as protected as malloc(sizeof *p) ones: the
// correct program (churning objects, so that memory is reused) is silent;
// a use through a reference after hooks.deallocate is use-after-free at the
// line of the use, also once another object took the memory; deallocating
// twice is a double free.
// REQUIRES: plugin
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 uaf 2>&1 | FileCheck --check-prefixes=UAF,UAF-FREED %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 uaf 2>&1 | FileCheck --check-prefixes=UAF,UAF-FREED %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 reused 2>&1 | FileCheck --check-prefixes=UAF,UAF-REUSED %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 reused 2>&1 | FileCheck --check-prefixes=UAF,UAF-REUSED %s %}
// RUN: not %run %t0 double 2>&1 | FileCheck --check-prefix=DF %s
// RUN: not %run %t2 double 2>&1 | FileCheck --check-prefix=DF %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct hooks {
  void *(*allocate)(size_t size);
  void (*deallocate)(void *pointer);
};

static struct hooks global_hooks = {malloc, free};

struct GR_WEAKABLE item {
  int type;
  double number;
  char name[24];
};

static struct item *GR_REF item_new(int type, double number, const char *name) {
  struct item *GR_REF it = global_hooks.allocate(sizeof(struct item));
  if (it == NULL)
    return NULL;
  it->type = type;
  it->number = number;
  strncpy(it->name, name, sizeof it->name - 1);
  it->name[sizeof it->name - 1] = '\0';
  return it;
}

static void item_delete(struct item *GR_REF it) { global_hooks.deallocate(it); }

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IONBF, 0);
  double total = 0;
  int i;
  // Churn: each object's memory is the previous one's.
  for (i = 0; i < 200; i++) {
    struct item *GR_REF it = item_new(i % 3, i * 0.5, "churn");
    total += it->number + it->type;
    item_delete(it);
  }
  // OK: churn total 10149
  printf("churn total %.0f\n", total);
  struct item *GR_REF a = item_new(1, 2.5, "alpha");
  struct item *GR_REF b = item_new(2, 4.0, "beta");
  void *a_memory = (void *)a;
  // OK-NEXT: alpha 1 2.5 beta 2 4.0
  printf("%s %d %.1f %s %d %.1f\n", a->name, a->type, a->number, b->name, b->type, b->number);
  if (!strcmp(mode, "double")) {
    void *raw = global_hooks.allocate(sizeof(struct item));
    struct item *GR_REF r = raw;
    r->type = 9;
    printf("raw %d\n", r->type);
    global_hooks.deallocate(raw);
    global_hooks.deallocate(raw);
    // DF: ERROR: genref: double-free on address 0x{{[0-9a-f]+}}
    // DF: alloc_hook.c:[[@LINE-2]]
    // DF: SUMMARY: genref: double-free
    printf("survived\n");
    // DF-NOT: survived
  }
  item_delete(a);
  if (!strcmp(mode, "uaf"))
    printf("stale %d\n", a->type);
  // UAF: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct item')
  // UAF-FREED-NEXT: at {{.*}}alloc_hook.c:[[@LINE-2]]:{{[0-9]+}} in main
  struct item *GR_REF c = item_new(3, 8.0, "gamma");
  // Keep allocating until an object takes a's memory (or give up: the
  // stale use below must be reported either way).
  struct item *held[64];
  int n = 0;
  while ((void *)c != a_memory && n < 64) {
    held[n++] = c;
    c = item_new(3, 8.0, "gamma");
  }
  if (!strcmp(mode, "reused"))
    printf("stale %d\n", a->type);
  // UAF-REUSED-NEXT: at {{.*}}alloc_hook.c:[[@LINE-1]]:{{[0-9]+}} in main
  // UAF: SUMMARY: genref: use-after-free {{.*}}alloc_hook.c:{{[0-9]+}} in main
  // UAF-NOT: stale
  // OK-NEXT: beta 2 gamma 3 8.0
  printf("%s %d %s %d %.1f\n", b->name, b->type, c->name, c->type, c->number);
  while (n > 0)
    item_delete(held[--n]);
  item_delete(c);
  item_delete(b);
  // OK-NEXT: done
  printf("done\n");
  return 0;
}
