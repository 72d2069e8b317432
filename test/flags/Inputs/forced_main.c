/* Uses forced_list.h without including it: built with -include. `bug`
 * reads through a freed item. */
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv) {
  struct item *GR_REF a = item_new(1, NULL);
  struct item *GR_REF b = item_new(2, a);
  struct item *GR_WEAK w = a;
  printf("%d %d alive %d\n", b->v, b->next->v, gr_alive(w) ? 1 : 0);
  b->next = NULL;
  free(a);
  printf("alive %d\n", gr_alive(w) ? 1 : 0);
  if (argc > 1 && strcmp(argv[1], "bug") == 0)
    printf("stale %d\n", w->v);
  free(b);
  return 0;
}
