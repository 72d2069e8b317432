// CWE-416/415 through the everyday string idioms on char and wchar_t
// references: a hand-written copy loop (*d++ = *s++), sprintf into a buffer,
// strcmp, wcscat, wcsncpy, a realloc'ed buffer whose old reference is freed
// too, a strdup copy freed through an alias. Good: all of them on live
// buffers, silent; bad: each reported with its kind at its line.
// REQUIRES: plugin
// RUN: %plugin_cc -O0 -D_GNU_SOURCE %s -o %t0 %rt
// RUN: %plugin_cc -O2 -D_GNU_SOURCE %s -o %t2 %rt
// RUN: %run %t0 good 2>&1 | FileCheck --check-prefix=GOOD %s --implicit-check-not=genref
// RUN: %run %t2 good 2>&1 | FileCheck --check-prefix=GOOD %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 copyloop 2>&1 | FileCheck --check-prefixes=COPYLOOP,NOEND %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 copyloop 2>&1 | FileCheck --check-prefixes=COPYLOOP,NOEND %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 sprintf 2>&1 | FileCheck --check-prefixes=SPRINTF,NOEND %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 sprintf 2>&1 | FileCheck --check-prefixes=SPRINTF,NOEND %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 strcmp 2>&1 | FileCheck --check-prefixes=STRCMP,NOEND %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 strcmp 2>&1 | FileCheck --check-prefixes=STRCMP,NOEND %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 wcscat 2>&1 | FileCheck --check-prefixes=WCSCAT,NOEND %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 wcscat 2>&1 | FileCheck --check-prefixes=WCSCAT,NOEND %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 wcsncpy 2>&1 | FileCheck --check-prefixes=WCSNCPY,NOEND %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 wcsncpy 2>&1 | FileCheck --check-prefixes=WCSNCPY,NOEND %s %}
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t0 realloc-df 2>&1 | FileCheck --check-prefixes=REALLOC-DF,NOEND %s
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t2 realloc-df 2>&1 | FileCheck --check-prefixes=REALLOC-DF,NOEND %s
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t0 alias-df 2>&1 | FileCheck --check-prefixes=ALIAS-DF,NOEND %s
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t2 alias-df 2>&1 | FileCheck --check-prefixes=ALIAS-DF,NOEND %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "genref.h"

static size_t copy_string(char *GR_REF d, const char *GR_REF s) {
  char *GR_REF start = d;
  // COPYLOOP: ERROR: genref: use-after-free on address {{.*}} (object of type '{{(const )?}}char')
  while ((*d++ = *s++))
    ;
  // COPYLOOP-NEXT: at {{.*}}cwe_string_idioms.c:[[@LINE-2]]:{{[0-9]+}} in copy_string
  // COPYLOOP: SUMMARY: genref: use-after-free {{.*}}cwe_string_idioms.c:[[@LINE-3]] in copy_string
  return (size_t)(d - start - 1);
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "good";
  int good = !strcmp(mode, "good");
  setvbuf(stdout, NULL, _IONBF, 0);
  char *GR_REF src = strdup("hello");
  char *GR_REF dst = malloc(32);
  wchar_t *GR_REF w = calloc(16, sizeof *w);
  wchar_t *GR_REF w2 = calloc(16, sizeof *w2);
  wcscpy(w, L"wide");

  if (!strcmp(mode, "copyloop"))
    free(src);
  size_t n = copy_string(dst, src);
  // GOOD: copy 5 hello
  printf("copy %zu %s\n", n, dst);

  if (!strcmp(mode, "sprintf"))
    free(dst);
  sprintf(dst, "%s-%d", src, 42);
  // SPRINTF: ERROR: genref: use-after-free on address {{.*}} (object of type 'char')
  // SPRINTF-NEXT: at {{.*}}cwe_string_idioms.c:[[@LINE-2]]:{{[0-9]+}} in main
  // SPRINTF: SUMMARY: genref: use-after-free {{.*}}cwe_string_idioms.c:[[@LINE-3]] in main

  if (!strcmp(mode, "strcmp"))
    free(src);
  int c = strcmp(dst, src);
  // STRCMP: ERROR: genref: use-after-free on address {{.*}} (object of type 'char')
  // STRCMP-NEXT: at {{.*}}cwe_string_idioms.c:[[@LINE-2]]:{{[0-9]+}} in main
  // STRCMP: SUMMARY: genref: use-after-free {{.*}}cwe_string_idioms.c:[[@LINE-3]] in main
  // GOOD-NEXT: hello-42 1
  printf("%s %d\n", dst, c > 0);

  if (!strcmp(mode, "wcscat"))
    free(w);
  wcscat(w, L"-str");
  // WCSCAT: ERROR: genref: use-after-free on address {{.*}} (object of type 'wchar_t')
  // WCSCAT-NEXT: at {{.*}}cwe_string_idioms.c:[[@LINE-2]]:{{[0-9]+}} in main
  // WCSCAT: SUMMARY: genref: use-after-free {{.*}}cwe_string_idioms.c:[[@LINE-3]] in main
  if (!strcmp(mode, "wcsncpy"))
    free(w2);
  wcsncpy(w2, w, 16);
  // WCSNCPY: ERROR: genref: use-after-free on address {{.*}} (object of type 'wchar_t')
  // WCSNCPY-NEXT: at {{.*}}cwe_string_idioms.c:[[@LINE-2]]:{{[0-9]+}} in main
  // WCSNCPY: SUMMARY: genref: use-after-free {{.*}}cwe_string_idioms.c:[[@LINE-3]] in main
  // GOOD-NEXT: wide-str 8 0
  printf("%ls %zu %d\n", w2, wcslen(w2), wcscmp(w, w2));

  char *GR_REF old = dst;
  dst = realloc(dst, 256);
  strcat(dst, "-grown");
  if (!good && !strcmp(mode, "realloc-df"))
    free(old);
  // REALLOC-DF: ERROR: genref: double-free on address
  // REALLOC-DF-NEXT: at {{.*}}cwe_string_idioms.c:[[@LINE-2]]:{{[0-9]+}} in main
  // REALLOC-DF: SUMMARY: genref: double-free {{.*}}cwe_string_idioms.c:[[@LINE-3]] in main
  // GOOD-NEXT: hello-42-grown 0
  printf("%s %d\n", dst, gr_alive(old));

  char *GR_REF copy = strdup(dst);
  char *GR_REF alias = copy;
  free(alias);
  if (!strcmp(mode, "alias-df"))
    free(copy);
  // ALIAS-DF: ERROR: genref: double-free on address
  // ALIAS-DF-NEXT: at {{.*}}cwe_string_idioms.c:[[@LINE-2]]:{{[0-9]+}} in main
  // ALIAS-DF: SUMMARY: genref: double-free {{.*}}cwe_string_idioms.c:[[@LINE-3]] in main

  free(src);
  free(dst);
  free(w);
  free(w2);
  // GOOD-NEXT: end good
  printf("end %s\n", mode);
  return 0;
}
// NOEND-NOT: {{^}}end 
