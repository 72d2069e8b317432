/* The program: annotated, holds library objects through references and
 * makes some of its own. */
#include <stdio.h>
#include <stdlib.h>
#include "shapes.h"

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("main started\n");
  struct shape *GR_REF rect = shape_make(0, 3, 4, "rect");
  struct shape *GR_REF mine = malloc(sizeof(struct shape));
  mine->kind = 1;
  mine->w = 6;
  mine->h = 5;
  snprintf(mine->name, sizeof mine->name, "%s", "tri");
  shape_scale(rect, 2);
  printf("%s %.1f %.1f area %.1f\n", shape_name(rect), rect->w, rect->h, shape_area(rect));
  printf("%s area %.1f kind %d\n", shape_name(mine), shape_area(mine), mine->kind);
  shape_destroy(rect);
  free(mine);
  printf("done\n");
  return 0;
}
