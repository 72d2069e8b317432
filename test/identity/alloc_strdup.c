// Strings duplicated from char buffers held inside weakable objects, kept
// in the object (a char * field) and elsewhere, freed with free(): the
// correct program is silent and prints the right strings; freeing a
// duplicate twice is a double free (with a backtrace through the line);
// reading the owner through a reference after free is use-after-free.
// (-D_GNU_SOURCE: strdup and strndup are POSIX, not C11.)
// REQUIRES: plugin
// RUN: %plugin_cc -D_GNU_SOURCE -O0 %s -o %t0 %rt
// RUN: %plugin_cc -D_GNU_SOURCE -O2 %s -o %t2 %rt
// RUN: %run %t0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: not %run %t0 double 2>&1 | FileCheck --check-prefix=DF %s
// RUN: not %run %t2 double 2>&1 | FileCheck --check-prefix=DF %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE user {
  int id;
  char login[16];
  char *display; // owned, strdup'ed
};

static struct user *GR_REF user_new(int id, const char *login) {
  struct user *GR_REF u = malloc(sizeof(struct user));
  u->id = id;
  snprintf(u->login, sizeof u->login, "%s", login);
  u->display = strdup(u->login);
  u->display[0] = (char)(u->display[0] - 'a' + 'A');
  return u;
}

static void user_free(struct user *GR_REF u) {
  free(u->display);
  free(u);
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IONBF, 0);
  int i;
  size_t total = 0;
  for (i = 0; i < 100; i++) {
    struct user *GR_REF t = user_new(i, "temp");
    total += strlen(t->display);
    user_free(t);
  }
  struct user *GR_REF u = user_new(1, "alice");
  char *copy = strdup(u->login);
  char *prefix = strndup(u->login, 3);
  // OK: total 400 alice Alice alice ali
  printf("total %lu %s %s %s %s\n", (unsigned long)total, u->login, u->display, copy, prefix);
  free(prefix);
  if (!strcmp(mode, "double")) {
    free(copy);
    free(copy);
    // DF: ERROR: genref: double-free on address 0x{{[0-9a-f]+}}
    // DF: alloc_strdup.c:[[@LINE-2]]
    // DF: SUMMARY: genref: double-free
    printf("survived\n");
    // DF-NOT: survived
  }
  free(copy);
  user_free(u);
  if (!strcmp(mode, "uaf"))
    printf("stale %s\n", u->login);
  // UAF: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct user')
  // UAF-NEXT: at {{.*}}alloc_strdup.c:[[@LINE-2]]:{{[0-9]+}} in main
  // UAF: SUMMARY: genref: use-after-free {{.*}}alloc_strdup.c:[[@LINE-3]] in main
  // UAF-NOT: stale
  // OK-NEXT: done
  printf("done\n");
  return 0;
}
