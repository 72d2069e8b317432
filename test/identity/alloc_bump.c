// A bump (region) allocator over one big malloc, as parsers and compilers
// use per request: objects of several types and sizes packed one after the
// other, each announced with GR_MALLOCLIKE_BLOCK; arena_reset retires
// every object with GR_FREELIKE_BLOCK (the arena keeps a list of what it
// handed out) and starts over at the beginning of the block. The correct
// program (many resets) is silent; a reference kept across a reset is
// use-after-free at the line, also once a new object sits at its address.
// A GR_WEAK reference to an arena object sees it die at the reset
// (gr_alive, in every mode).
// REQUIRES: plugin
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 uaf 2>&1 | FileCheck --check-prefixes=UAF,UAF-RESET %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 uaf 2>&1 | FileCheck --check-prefixes=UAF,UAF-RESET %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 reused 2>&1 | FileCheck --check-prefixes=UAF,UAF-REUSED %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 reused 2>&1 | FileCheck --check-prefixes=UAF,UAF-REUSED %s %}
// Without the plugin the macros vanish and the program is plain C (where
// gr_alive means non-null).
// RUN: %cc -O2 %s -o %t.plain
// RUN: %run %t.plain | FileCheck --check-prefix=PLAIN %s
// PLAIN: watched after reset 1
// PLAIN: reused 1 next 3 next
// PLAIN: done
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"


struct arena {
  unsigned char *base;
  size_t size, top;
  void *live[256]; // what was handed out since the last reset
  size_t nlive;
};

static int arena_init(struct arena *a, size_t size) {
  a->base = malloc(size);
  a->size = size;
  a->top = 0;
  a->nlive = 0;
  return a->base != NULL;
}

static void *arena_alloc(struct arena *a, size_t size) {
  size_t at = (a->top + 7) & ~(size_t)7;
  if (at + size > a->size || a->nlive == sizeof a->live / sizeof a->live[0])
    return NULL;
  void *p = a->base + at;
  a->top = at + size;
  a->live[a->nlive++] = p;
  GR_MALLOCLIKE_BLOCK(p, size);
  return p;
}

static void arena_reset(struct arena *a) {
  while (a->nlive > 0)
    GR_FREELIKE_BLOCK(a->live[--a->nlive]);
  a->top = 0;
}

static void arena_destroy(struct arena *a) {
  arena_reset(a);
  free(a->base);
}

struct GR_WEAKABLE token {
  int kind;
  int len;
  char text[12];
};

struct GR_WEAKABLE ast {
  int op;
  struct token *GR_WEAK lhs;
  struct token *GR_WEAK rhs;
};

static struct token *GR_REF token_new(struct arena *a, int kind, const char *text) {
  struct token *GR_REF t = arena_alloc(a, sizeof(struct token));
  if (t == NULL)
    exit(3);
  t->kind = kind;
  t->len = (int)strlen(text);
  snprintf(t->text, sizeof t->text, "%s", text);
  return t;
}

static struct ast *GR_REF ast_new(struct arena *a, int op, struct token *GR_REF l,
                                  struct token *GR_REF r) {
  struct ast *GR_REF n = arena_alloc(a, sizeof(struct ast));
  if (n == NULL)
    exit(3);
  n->op = op;
  n->lhs = l;
  n->rhs = r;
  return n;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IONBF, 0);
  struct arena a;
  if (!arena_init(&a, 1 << 16))
    return 3;
  long total = 0;
  int req;
  // One "request" per round: parse, use, reset.
  for (req = 0; req < 200; req++) {
    struct token *GR_REF l = token_new(&a, 1, "x");
    struct token *GR_REF r = token_new(&a, 1, "yy");
    struct ast *GR_REF e = ast_new(&a, '+', l, r);
    total += e->lhs->len + e->rhs->len + (e->op == '+');
    arena_reset(&a);
  }
  struct token *GR_REF kept = token_new(&a, 2, "kept");
  void *kept_memory = (void *)kept;
  struct token *GR_WEAK watcher = kept; // may dangle: asks gr_alive (checked in every mode)
  // OK: total 800 kept 2 4 kept watched 1
  printf("total %ld kept %d %d %s watched %d\n", total, kept->kind, kept->len, kept->text,
         gr_alive(watcher));
  arena_reset(&a);
  // OK-NEXT: watched after reset 0
  printf("watched after reset %d\n", gr_alive(watcher));
  if (!strcmp(mode, "uaf"))
    printf("stale %s\n", kept->text);
  // UAF: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct token')
  // UAF-RESET-NEXT: at {{.*}}alloc_bump.c:[[@LINE-2]]:{{[0-9]+}} in main
  struct token *GR_REF next = token_new(&a, 3, "next"); // the arena starts over: same address
  if (!strcmp(mode, "reused"))
    printf("stale %s\n", kept->text);
  // UAF-REUSED-NEXT: at {{.*}}alloc_bump.c:[[@LINE-1]]:{{[0-9]+}} in main
  // UAF: SUMMARY: genref: use-after-free {{.*}}alloc_bump.c:{{[0-9]+}} in main
  // UAF-NOT: stale
  // OK-NEXT: reused 1 next 3 next
  printf("reused %d next %d %s\n", (void *)next == kept_memory, next->kind, next->text);
  arena_destroy(&a);
  // OK-NEXT: done
  printf("done\n");
  return 0;
}
