/* The normal-mode unit of mixed_outparam.c: it stores through references
 * into its callers' objects. */
#include <stdlib.h>
#include "objs.h"

void make(obj_ref *GR_REF out, int v) {
  *out = calloc(1, sizeof(struct obj));
  (*out)->v = v;
}

void destroy(obj_ref o) { free(o); }
