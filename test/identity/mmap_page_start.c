// References to the first byte of memory the program mapped itself, with
// an inaccessible page right before it (what a guard page, or simply the
// end of the previous mapping, looks like). Such memory is not genref's
// heap: an unannounced buffer reads as static memory, a block announced
// with GR_MALLOCLIKE_BLOCK is checked. Either way a reference to its start
// is interior, and a check must never read the word before the address
// (the header a reference to a heap object's start has there): that word
// is on the inaccessible page, and reading it would crash a correct
// program. The good run is silent; a reference kept after the block is
// retired is use-after-free at its line.
// REQUIRES: plugin
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// Plain C, the same source:
// RUN: %cc -O2 %s -o %t.plain
// RUN: %run %t.plain | FileCheck --check-prefix=OK %s
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "genref.h"

struct GR_WEAKABLE msg {
  int len;
  char text[28];
};

/* Two pages: the first inaccessible, the second the buffer. */
static char *map_after_guard(void) {
  long page = sysconf(_SC_PAGESIZE);
  char *m = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED || mprotect(m, (size_t)page, PROT_NONE) != 0) {
    perror("mmap");
    _exit(2);
  }
  return m + page;
}

static int sum(const char *GR_REF s, int n) {
  int t = 0;
  for (int i = 0; i < n; i++)
    t += s[i];
  return t;
}

int main(int argc, char **argv) {
  int uaf = argc > 1 && strcmp(argv[1], "uaf") == 0;
  /* Unannounced memory: static to genref, always alive. */
  char *GR_REF raw = map_after_guard();
  raw[0] = 3;
  raw[1] = 4;
  int a = sum(raw, 2);
  /* A block at the start of the mapping, as a pool over mmap makes. */
  char *pool = map_after_guard();
  GR_MALLOCLIKE_BLOCK(pool, sizeof(struct msg));
  struct msg *GR_REF m = (struct msg *)pool;
  m->len = 5;
  memcpy(m->text, "hello", 6);
  printf("sum %d msg %d %s\n", a, m->len, m->text);
  // OK: sum 7 msg 5 hello
  if (uaf) {
    GR_FREELIKE_BLOCK(pool);
    printf("%d\n", m->len);
    // UAF: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}}
    // UAF-NEXT: at {{.*}}mmap_page_start.c:[[@LINE-2]]:{{[0-9]+}} in main
  }
  return 0;
}
