/* Included twice under one guard: the same meaning both times. */
#ifndef GUARDED_H
#define GUARDED_H
struct GR_WEAKABLE guarded { int v; };
static int guarded_v(struct guarded *GR_REF p) { return p->v; }
#endif
int guarded_after_guard;
