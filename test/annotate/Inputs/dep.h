/* A dependency's header: read, never edited. */
#ifndef DEP_H
#define DEP_H
struct conn;
static inline int dep_use(struct conn *c) { return c != 0; }
#endif
