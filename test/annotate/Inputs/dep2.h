/* A dependency's header that takes a plain struct node **. */
#ifndef DEP2_H
#define DEP2_H
struct node;
void dep_take(struct node **pp);
#endif
