/* A "template" header: included once per T, each time with another struct. */
static int GETTER(struct T *GR_REF p) { return p->v; }
