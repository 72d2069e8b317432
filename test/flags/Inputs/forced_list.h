/* An annotated header that test/flags/two_stage.test gives with -include
 * (forced_main.c does not include it). */
#include <stdlib.h>
#include "genref.h"
struct GR_WEAKABLE item {
  int v;
  struct item *GR_REF next;
};
static __inline__ struct item *GR_REF item_new(int v, struct item *GR_REF next) {
  struct item *GR_REF it = malloc(sizeof *it);
  if (!it)
    exit(2);
  it->v = v;
  it->next = next;
  return it;
}
