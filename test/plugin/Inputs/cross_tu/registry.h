/* Shared by det_cross_tu.c and Inputs/cross_tu/registry.c: a weakable
 * struct and functions taking and returning references across translation
 * units (each unit is rewritten on its own; both agree on gr_ref_t). */
#ifndef REGISTRY_H
#define REGISTRY_H
#include "genref.h"

struct GR_WEAKABLE session {
  int id;
  char user[16];
};

struct session *GR_REF session_open(int id, const char *user);
void session_close(struct session *GR_REF s);
int session_id(struct session *GR_REF s);
extern struct session *GR_REF last_opened;

#endif
