// Records saved with fwrite and loaded with fread, as every C program
// with a binary file format does, straight into live objects: a heap
// object, a stack object and an element of a heap array, each used through
// a reference afterwards. The values are the saved ones and nothing is
// reported. The object an fread filled is still an object: a use after
// its free is use-after-free at the line.
// REQUIRES: plugin
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE rec {
  int id;
  double score;
  char tag[8];
};

static struct rec defaults = {100, 0.5, "dflt"};

static struct rec *GR_REF rec_new(int id, double score, const char *tag) {
  struct rec *GR_REF r = malloc(sizeof(struct rec));
  r->id = id;
  r->score = score;
  snprintf(r->tag, sizeof r->tag, "%s", tag);
  return r;
}

static void show(const char *what, struct rec *GR_REF r) {
  printf("%s %d %.2f %s\n", what, r->id, r->score, r->tag);
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IONBF, 0);
  FILE *f = tmpfile();
  if (f == NULL) {
    perror("tmpfile");
    return 3;
  }
  int i;
  // Churn the heap so that objects have different histories.
  for (i = 0; i < 30; i++)
    free(rec_new(i, 0, "tmp"));
  struct rec *GR_REF saved = rec_new(1, 2.25, "heap");
  struct rec local = {2, 4.5, "stack"};
  struct rec *GR_REF lref = &local;
  if (fwrite(&defaults, sizeof defaults, 1, f) != 1 || fwrite(saved, sizeof *saved, 1, f) != 1 ||
      fwrite(lref, sizeof local, 1, f) != 1)
    return 3;
  rewind(f);
  // Load into objects that have lives of their own.
  struct rec *GR_REF target = rec_new(9, 9, "old");
  struct rec loaded;
  struct rec *GR_REF sref = &loaded;
  struct rec *table = malloc(4 * sizeof *table);
  struct rec *GR_REF slot = &table[3];
  if (fread(target, sizeof *target, 1, f) != 1 || fread(&loaded, sizeof loaded, 1, f) != 1 ||
      fread(&table[3], sizeof table[3], 1, f) != 1)
    return 3;
  fclose(f);
  // OK: target 100 0.50 dflt
  show("target", target);
  // OK-NEXT: loaded 1 2.25 heap
  show("loaded", sref);
  // OK-NEXT: slot 2 4.50 stack
  show("slot", slot);
  // OK-NEXT: sources 100 1 2
  printf("sources %d %d %d\n", defaults.id, saved->id, lref->id);
  free(table);
  free(saved);
  free(target);
  if (!strcmp(mode, "uaf"))
    printf("stale %d\n", target->id);
  // UAF: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct rec')
  // UAF-NEXT: at {{.*}}bytes_fread.c:[[@LINE-2]]:{{[0-9]+}} in main
  // UAF: SUMMARY: genref: use-after-free {{.*}}bytes_fread.c:[[@LINE-3]] in main
  // UAF-NOT: stale
  // OK-NEXT: done
  printf("done\n");
  return 0;
}
