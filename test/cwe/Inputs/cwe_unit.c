/* The second unit of the test/cwe corpus: sinks the cross-unit flows
 * call. A use after free in cwe_<type>_unit_use is reported here (the
 * tests check this file against the report). Written by gen_corpus.py. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cwe.h"

// UNIT-UAF: ERROR: genref: use-after-free on address

void cwe_char_unit_use(char *GR_REF d) {
  printf("%s %zu %c\n", d, strlen(d), d[1]);
  // CHAR-UNIT-UAF-NEXT: at {{.*}}cwe_unit.c:[[@LINE-1]]:{{[0-9]+}} in cwe_char_unit_use
}

void cwe_char_unit_free(char *GR_REF d) { free(d); }

void cwe_wchar_unit_use(wchar_t *GR_REF d) {
  printf("%ls %zu %lc\n", d, wcslen(d), (wint_t)d[2]);
  // WCHAR-UNIT-UAF-NEXT: at {{.*}}cwe_unit.c:[[@LINE-1]]:{{[0-9]+}} in cwe_wchar_unit_use
}

void cwe_wchar_unit_free(wchar_t *GR_REF d) { free(d); }

void cwe_int_unit_use(int *GR_REF d) {
  printf("%d %d %d %td\n", d[0], d[5], *(d + N - 1), (d + N) - d);
  // INT-UNIT-UAF-NEXT: at {{.*}}cwe_unit.c:[[@LINE-1]]:{{[0-9]+}} in cwe_int_unit_use
}

void cwe_int_unit_free(int *GR_REF d) { free(d); }

void cwe_long_unit_use(long *GR_REF d) {
  printf("%ld %ld\n", d[1], d[N - 1]);
  // LONG-UNIT-UAF-NEXT: at {{.*}}cwe_unit.c:[[@LINE-1]]:{{[0-9]+}} in cwe_long_unit_use
}

void cwe_long_unit_free(long *GR_REF d) { free(d); }

void cwe_int64_unit_use(int64_t *GR_REF d) {
  printf("%" PRId64 " %" PRId64 "\n", d[3], d[N - 1]);
  // INT64-UNIT-UAF-NEXT: at {{.*}}cwe_unit.c:[[@LINE-1]]:{{[0-9]+}} in cwe_int64_unit_use
}

void cwe_int64_unit_free(int64_t *GR_REF d) { free(d); }

void cwe_rec_unit_use(struct rec *GR_REF d) {
  printf("%d %ld %s %ld\n", d[2].id, (d + 3)->val, d[N - 1].tag, d[N - 1].val);
  // REC-UNIT-UAF-NEXT: at {{.*}}cwe_unit.c:[[@LINE-1]]:{{[0-9]+}} in cwe_rec_unit_use
}

void cwe_rec_unit_free(struct rec *GR_REF d) { free(d); }

void cwe_wrec_unit_use(struct wrec *GR_REF d) {
  printf("%d %ld %ld %d\n", d[2].id, d[3].peer->val, (d + N - 1)->peer->val, gr_alive(d[1].peer));
  // WREC-UNIT-UAF-NEXT: at {{.*}}cwe_unit.c:[[@LINE-1]]:{{[0-9]+}} in cwe_wrec_unit_use
}

void cwe_wrec_unit_free(struct wrec *GR_REF d) { free(d); }

// UNIT-UAF: SUMMARY: genref: use-after-free {{.*}}cwe_unit.c:{{[0-9]+}} in cwe_
