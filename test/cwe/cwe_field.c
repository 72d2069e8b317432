// CWE-416/415 over buffers held by the fields of a heap struct (a char
// string, a wchar_t string, an int64_t array) and a string held by a global
// reference defined in the other unit (Inputs/cwe_field_unit.c): each bad
// variant reported with its kind at its line, the good flow silent, at -O0
// and -O2. In normal mode a free while a field or the global still holds
// the reference is reported as dangling-reference when the destruction
// that freed it ends (docs/modes.md), at the free: before any use when the
// free is in a function of its own (the other unit's msg_drop_body,
// shared_drop); a use or a second free in the freeing function itself
// comes first and is reported as in resilient mode; references held only
// by locals are caught at the use in both modes.
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %plugin_cc -O0 -D_GNU_SOURCE -I%S/Inputs -c %S/Inputs/cwe_field_unit.c -o %t.dir/unit0.o
// RUN: %plugin_cc -O0 -D_GNU_SOURCE -I%S/Inputs %s %t.dir/unit0.o -o %t.dir/p0 %rt
// RUN: %plugin_cc -O2 -D_GNU_SOURCE -I%S/Inputs -c %S/Inputs/cwe_field_unit.c -o %t.dir/unit2.o
// RUN: %plugin_cc -O2 -D_GNU_SOURCE -I%S/Inputs %s %t.dir/unit2.o -o %t.dir/p2 %rt
// RUN: %run %t.dir/p0 good 2>&1 | FileCheck --check-prefix=GOOD %s --implicit-check-not=genref
// RUN: %run %t.dir/p2 good 2>&1 | FileCheck --check-prefix=GOOD %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 field-uaf > %t.dir/field-uaf0.out 2>&1 && FileCheck --check-prefixes=FIELD-UAF %s < %t.dir/field-uaf0.out && FileCheck --check-prefix=NOEND %s < %t.dir/field-uaf0.out %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 field-uaf > %t.dir/field-uaf2.out 2>&1 && FileCheck --check-prefixes=FIELD-UAF %s < %t.dir/field-uaf2.out && FileCheck --check-prefix=NOEND %s < %t.dir/field-uaf2.out %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 field-df > %t.dir/field-df0.out 2>&1 && FileCheck --check-prefixes=UNIT-DF,MSG-DF %S/Inputs/cwe_field_unit.c < %t.dir/field-df0.out && FileCheck --check-prefix=NOEND %s < %t.dir/field-df0.out %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 field-df > %t.dir/field-df2.out 2>&1 && FileCheck --check-prefixes=UNIT-DF,MSG-DF %S/Inputs/cwe_field_unit.c < %t.dir/field-df2.out && FileCheck --check-prefix=NOEND %s < %t.dir/field-df2.out %}
// RUN: %if mode-resilient %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 unit-field-uaf > %t.dir/unit-field-uaf0.out 2>&1 && FileCheck --check-prefixes=UNIT-FIELD-UAF %s < %t.dir/unit-field-uaf0.out && FileCheck --check-prefix=NOEND %s < %t.dir/unit-field-uaf0.out %}
// RUN: %if mode-normal %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 unit-field-uaf > %t.dir/unit-field-uaf0.out 2>&1 && FileCheck --check-prefixes=UNIT-DANGLING,FIELD-DANGLING %S/Inputs/cwe_field_unit.c < %t.dir/unit-field-uaf0.out && FileCheck --check-prefix=NOEND %s < %t.dir/unit-field-uaf0.out %}
// RUN: %if mode-resilient %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 unit-field-uaf > %t.dir/unit-field-uaf2.out 2>&1 && FileCheck --check-prefixes=UNIT-FIELD-UAF %s < %t.dir/unit-field-uaf2.out && FileCheck --check-prefix=NOEND %s < %t.dir/unit-field-uaf2.out %}
// RUN: %if mode-normal %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 unit-field-uaf > %t.dir/unit-field-uaf2.out 2>&1 && FileCheck --check-prefixes=UNIT-DANGLING,FIELD-DANGLING %S/Inputs/cwe_field_unit.c < %t.dir/unit-field-uaf2.out && FileCheck --check-prefix=NOEND %s < %t.dir/unit-field-uaf2.out %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 owner-uaf > %t.dir/owner-uaf0.out 2>&1 && FileCheck --check-prefixes=OWNER-UAF %s < %t.dir/owner-uaf0.out && FileCheck --check-prefix=NOEND %s < %t.dir/owner-uaf0.out %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 owner-uaf > %t.dir/owner-uaf2.out 2>&1 && FileCheck --check-prefixes=OWNER-UAF %s < %t.dir/owner-uaf2.out && FileCheck --check-prefix=NOEND %s < %t.dir/owner-uaf2.out %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 owner-df > %t.dir/owner-df0.out 2>&1 && FileCheck --check-prefixes=OWNER-DF %s < %t.dir/owner-df0.out && FileCheck --check-prefix=NOEND %s < %t.dir/owner-df0.out %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 owner-df > %t.dir/owner-df2.out 2>&1 && FileCheck --check-prefixes=OWNER-DF %s < %t.dir/owner-df2.out && FileCheck --check-prefix=NOEND %s < %t.dir/owner-df2.out %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 wide-uaf > %t.dir/wide-uaf0.out 2>&1 && FileCheck --check-prefixes=WIDE-UAF %s < %t.dir/wide-uaf0.out && FileCheck --check-prefix=NOEND %s < %t.dir/wide-uaf0.out %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 wide-uaf > %t.dir/wide-uaf2.out 2>&1 && FileCheck --check-prefixes=WIDE-UAF %s < %t.dir/wide-uaf2.out && FileCheck --check-prefix=NOEND %s < %t.dir/wide-uaf2.out %}
// RUN: %if mode-resilient %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 extern-uaf > %t.dir/extern-uaf0.out 2>&1 && FileCheck --check-prefixes=EXTERN-UAF %s < %t.dir/extern-uaf0.out && FileCheck --check-prefix=NOEND %s < %t.dir/extern-uaf0.out %}
// RUN: %if mode-normal %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 extern-uaf > %t.dir/extern-uaf0.out 2>&1 && FileCheck --check-prefixes=UNIT-DANGLING,SHARED-DANGLING %S/Inputs/cwe_field_unit.c < %t.dir/extern-uaf0.out && FileCheck --check-prefix=NOEND %s < %t.dir/extern-uaf0.out %}
// RUN: %if mode-resilient %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 extern-uaf > %t.dir/extern-uaf2.out 2>&1 && FileCheck --check-prefixes=EXTERN-UAF %s < %t.dir/extern-uaf2.out && FileCheck --check-prefix=NOEND %s < %t.dir/extern-uaf2.out %}
// RUN: %if mode-normal %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 extern-uaf > %t.dir/extern-uaf2.out 2>&1 && FileCheck --check-prefixes=UNIT-DANGLING,SHARED-DANGLING %S/Inputs/cwe_field_unit.c < %t.dir/extern-uaf2.out && FileCheck --check-prefix=NOEND %s < %t.dir/extern-uaf2.out %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 extern-df > %t.dir/extern-df0.out 2>&1 && FileCheck --check-prefixes=EXTERN-DF %s < %t.dir/extern-df0.out && FileCheck --check-prefix=NOEND %s < %t.dir/extern-df0.out %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 extern-df > %t.dir/extern-df2.out 2>&1 && FileCheck --check-prefixes=EXTERN-DF %s < %t.dir/extern-df2.out && FileCheck --check-prefix=NOEND %s < %t.dir/extern-df2.out %}
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "cwe_field.h"

static void bad_field_uaf(void) {
  struct msg *GR_REF m = msg_new("field");
  free(m->body);
  printf("%s\n", m->body);
  // FIELD-UAF: ERROR: genref: use-after-free on address
  // FIELD-UAF-NEXT: at {{.*}}cwe_field.c:[[@LINE-2]]:{{[0-9]+}} in bad_field_uaf
  // FIELD-UAF: SUMMARY: genref: use-after-free {{.*}}cwe_field.c:[[@LINE-3]] in bad_field_uaf
}

static void bad_field_df(void) { /* freed here, then by msg_free */
  struct msg *GR_REF m = msg_new("field");
  free(m->body);
  msg_free(m);
}

static void bad_unit_field_uaf(void) { /* dropped by the other unit, used here */
  struct msg *GR_REF m = msg_new("unit");
  msg_drop_body(m);
  printf("%c\n", m->body[0]);
  // UNIT-FIELD-UAF: ERROR: genref: use-after-free on address
  // UNIT-FIELD-UAF-NEXT: at {{.*}}cwe_field.c:[[@LINE-2]]:{{[0-9]+}} in bad_unit_field_uaf
  // UNIT-FIELD-UAF: SUMMARY: genref: use-after-free {{.*}}cwe_field.c:[[@LINE-3]] in bad_unit_field_uaf
}

static void bad_owner_uaf(void) { /* the struct itself is gone */
  struct msg *GR_REF m = msg_new("owner");
  msg_free(m);
  printf("%" PRId64 "\n", m->stamps[1]);
  // OWNER-UAF: ERROR: genref: use-after-free on address {{.*}} (object of type 'struct msg')
  // OWNER-UAF-NEXT: at {{.*}}cwe_field.c:[[@LINE-2]]:{{[0-9]+}} in bad_owner_uaf
  // OWNER-UAF: SUMMARY: genref: use-after-free {{.*}}cwe_field.c:[[@LINE-3]] in bad_owner_uaf
}

static void bad_owner_df(void) {
  struct msg *GR_REF m = msg_new("owner");
  msg_free(m);
  free(m);
  // OWNER-DF: ERROR: genref: double-free on address
  // OWNER-DF-NEXT: at {{.*}}cwe_field.c:[[@LINE-2]]:{{[0-9]+}} in bad_owner_df
  // OWNER-DF: SUMMARY: genref: double-free {{.*}}cwe_field.c:[[@LINE-3]] in bad_owner_df
}

static void bad_wide_uaf(void) { /* a copy of a field outlives msg_free */
  struct msg *GR_REF m = msg_new("wide");
  wchar_t *GR_REF w = m->wide;
  msg_free(m);
  printf("%zu\n", wcslen(w));
  // WIDE-UAF: ERROR: genref: use-after-free on address {{.*}} (object of type 'wchar_t')
  // WIDE-UAF-NEXT: at {{.*}}cwe_field.c:[[@LINE-2]]:{{[0-9]+}} in bad_wide_uaf
  // WIDE-UAF: SUMMARY: genref: use-after-free {{.*}}cwe_field.c:[[@LINE-3]] in bad_wide_uaf
}

static void bad_extern_uaf(void) {
  shared_set("shared");
  shared_drop();
  printf("%zu\n", strlen(cwe_shared_name));
  // EXTERN-UAF: ERROR: genref: use-after-free on address {{.*}} (object of type 'char')
  // EXTERN-UAF-NEXT: at {{.*}}cwe_field.c:[[@LINE-2]]:{{[0-9]+}} in bad_extern_uaf
  // EXTERN-UAF: SUMMARY: genref: use-after-free {{.*}}cwe_field.c:[[@LINE-3]] in bad_extern_uaf
}

static void bad_extern_df(void) {
  shared_set("shared");
  shared_drop();
  free(cwe_shared_name);
  // EXTERN-DF: ERROR: genref: double-free on address
  // EXTERN-DF-NEXT: at {{.*}}cwe_field.c:[[@LINE-2]]:{{[0-9]+}} in bad_extern_df
  // EXTERN-DF: SUMMARY: genref: double-free {{.*}}cwe_field.c:[[@LINE-3]] in bad_extern_df
}

static void good(void) {
  struct msg *GR_REF m = msg_new("good");
  printf("%s %zu %ls %zu %" PRId64 "\n", m->body, strlen(m->body), m->wide, wcslen(m->wide),
         m->stamps[3]);
  msg_clear_body(m);
  printf("body %s\n", m->body == NULL ? "cleared" : "kept");
  m->body = strdup("again");
  printf("%s\n", m->body);
  msg_free(m);
  m = msg_new("next"); /* likely the memory of the last one, a new object */
  printf("%s %lc\n", m->body, (wint_t)m->wide[3]);
  msg_free(m);
  shared_set("shared");
  printf("%s %zu\n", cwe_shared_name, strlen(cwe_shared_name));
  shared_clear();
  printf("shared %s\n", cwe_shared_name == NULL ? "cleared" : "kept");
}
// GOOD: good 4 good 4 3000000021
// GOOD-NEXT: body cleared
// GOOD-NEXT: again
// GOOD-NEXT: next t
// GOOD-NEXT: shared 6
// GOOD-NEXT: shared cleared
// GOOD-NEXT: end good

static const struct {
  const char *name;
  void (*run)(void);
} cases[] = {
    {"good", good},
    {"field-uaf", bad_field_uaf},
    {"field-df", bad_field_df},
    {"unit-field-uaf", bad_unit_field_uaf},
    {"owner-uaf", bad_owner_uaf},
    {"owner-df", bad_owner_df},
    {"wide-uaf", bad_wide_uaf},
    {"extern-uaf", bad_extern_uaf},
    {"extern-df", bad_extern_df},
};

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "good";
  size_t i;
  setvbuf(stdout, NULL, _IONBF, 0);
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
    if (!strcmp(mode, cases[i].name)) {
      cases[i].run();
      printf("end %s\n", mode);
      return 0;
    }
  return 2;
}
// NOEND-NOT: {{^}}end 
