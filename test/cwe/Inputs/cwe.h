/* Shared by the test/cwe corpus and its second unit (Inputs/cwe_unit.c):
 * the struct types and the helpers the cross-unit flows call.
 * Written by test/cwe/gen_corpus.py. */
#ifndef CWE_H
#define CWE_H
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>
#include "genref.h"

#define N 16

struct rec { /* not GR_WEAKABLE: plain C */
  int id;
  long val;
  char tag[8];
};

struct GR_WEAKABLE wrec {
  int id;
  long val;
  struct wrec *GR_WEAK peer;
};

void cwe_char_unit_use(char *GR_REF d);
void cwe_char_unit_free(char *GR_REF d);
void cwe_wchar_unit_use(wchar_t *GR_REF d);
void cwe_wchar_unit_free(wchar_t *GR_REF d);
void cwe_int_unit_use(int *GR_REF d);
void cwe_int_unit_free(int *GR_REF d);
void cwe_long_unit_use(long *GR_REF d);
void cwe_long_unit_free(long *GR_REF d);
void cwe_int64_unit_use(int64_t *GR_REF d);
void cwe_int64_unit_free(int64_t *GR_REF d);
void cwe_rec_unit_use(struct rec *GR_REF d);
void cwe_rec_unit_free(struct rec *GR_REF d);
void cwe_wrec_unit_use(struct wrec *GR_REF d);
void cwe_wrec_unit_free(struct wrec *GR_REF d);

#endif
