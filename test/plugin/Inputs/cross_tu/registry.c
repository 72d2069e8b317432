/* The translation unit that allocates and frees (see det_cross_tu.c). */
#include <stdlib.h>
#include <string.h>
#include "registry.h"

struct session *GR_REF last_opened = NULL;

struct session *GR_REF session_open(int id, const char *user) {
  struct session *s = malloc(sizeof *s);
  s->id = id;
  strncpy(s->user, user, sizeof s->user - 1);
  s->user[sizeof s->user - 1] = 0;
  last_opened = s;
  return s;
}

void session_close(struct session *GR_REF s) { free(s); }

int session_id(struct session *GR_REF s) { return s->id; }
