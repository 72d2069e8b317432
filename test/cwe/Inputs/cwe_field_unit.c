/* The second unit of cwe_field.c: it makes, drops and frees the buffers.
 * Reports at its lines are checked against this file. */
#include <stdlib.h>
#include <string.h>
#include "cwe_field.h"

char *GR_REF cwe_shared_name = NULL;

struct msg *GR_REF msg_new(const char *text) {
  struct msg *GR_REF m = malloc(sizeof *m);
  size_t i;
  m->len = strlen(text);
  m->body = strdup(text);
  m->wide = calloc(m->len + 1, sizeof *m->wide);
  for (i = 0; i < m->len; i++)
    m->wide[i] = (wchar_t)text[i];
  m->stamps = malloc(4 * sizeof *m->stamps);
  for (i = 0; i < 4; i++)
    m->stamps[i] = (int64_t)i * 1000000007;
  return m;
}

// UNIT-DANGLING: ERROR: genref: dangling-reference on address
void msg_drop_body(struct msg *GR_REF m) {
  free(m->body);
  // FIELD-DANGLING-NEXT: at {{.*}}cwe_field_unit.c:[[@LINE-1]]:{{[0-9]+}} in msg_drop_body
  // FIELD-DANGLING: SUMMARY: genref: dangling-reference {{.*}}cwe_field_unit.c:[[@LINE-2]] in msg_drop_body
}

void msg_clear_body(struct msg *GR_REF m) {
  char *GR_REF b = m->body;
  m->body = NULL;
  free(b);
}

// UNIT-DF: ERROR: genref: double-free on address
void msg_free(struct msg *GR_REF m) {
  char *GR_REF b = m->body;
  wchar_t *GR_REF w = m->wide;
  int64_t *GR_REF s = m->stamps;
  m->body = NULL;
  m->wide = NULL;
  m->stamps = NULL;
  free(b);
  // MSG-DF-NEXT: at {{.*}}cwe_field_unit.c:[[@LINE-1]]:{{[0-9]+}} in msg_free
  // MSG-DF: SUMMARY: genref: double-free {{.*}}cwe_field_unit.c:[[@LINE-2]] in msg_free
  free(w);
  free(s);
  free(m);
}

void shared_set(const char *s) { cwe_shared_name = strdup(s); }

void shared_drop(void) {
  free(cwe_shared_name);
  // SHARED-DANGLING-NEXT: at {{.*}}cwe_field_unit.c:[[@LINE-1]]:{{[0-9]+}} in shared_drop
  // SHARED-DANGLING: SUMMARY: genref: dangling-reference {{.*}}cwe_field_unit.c:[[@LINE-2]] in shared_drop
}

void shared_clear(void) {
  char *GR_REF s = cwe_shared_name;
  cwe_shared_name = NULL;
  free(s);
}
