/* Shared by cwe_field.c and Inputs/cwe_field_unit.c: buffers of several
 * types held by the fields of a heap struct, and a string held by a global
 * reference that the other unit defines. */
#ifndef CWE_FIELD_H
#define CWE_FIELD_H
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>
#include "genref.h"

struct GR_WEAKABLE msg {
  size_t len;
  char *GR_REF body;
  wchar_t *GR_REF wide;
  int64_t *GR_REF stamps;
};

extern char *GR_REF cwe_shared_name;

struct msg *GR_REF msg_new(const char *text);
void msg_drop_body(struct msg *GR_REF m);  /* frees m->body, leaves it set */
void msg_clear_body(struct msg *GR_REF m); /* unlinks m->body, then frees it */
void msg_free(struct msg *GR_REF m);       /* unlinks and frees every buffer, then m */
void shared_set(const char *s);
void shared_drop(void);  /* frees cwe_shared_name, leaves it set */
void shared_clear(void); /* unlinks cwe_shared_name, then frees it */
#endif
