/* C11 with <stddef.h> and <malloc.h> (offsetof, max_align_t, size_t
 * offsets), built two-stage: the .i holds its own <stddef.h>, which the
 * runtime header put before it must not declare again. The size_t offsets
 * keep -Wconversion -Wsign-conversion quiet, a literal made a reference
 * -Wwrite-strings and -Wcast-qual, a reference's address as an integer
 * -Wbad-function-cast. `bug` reads a freed buffer. */
#include <malloc.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE buf {
  size_t len;
  char *GR_REF data;
};

static size_t count_char(struct buf *GR_REF b, char c) {
  char *GR_REF p = b->data;
  char *GR_REF end = b->data + b->len;
  size_t n = 0;
  size_t i;
  for (; p < end; p++)
    n += *p == c;
  for (i = 0; i < b->len; i++)
    n += b->data[i] == c;
  return n;
}

static const char *show(struct buf *GR_REF b) { return b->data ? b->data : ""; }

int main(int argc, char **argv) {
  struct buf *GR_REF b = malloc(sizeof *b);
  max_align_t m;
  int bug = argc > 1 && strcmp(argv[1], "bug") == 0;
  if (!b)
    return 1;
  b->len = 11;
  b->data = malloc(b->len);
  if (!b->data)
    return 1;
  memcpy(b->data, "hello world", b->len);
  memset(&m, 0, sizeof m);
  printf("count %zu offset %zu align %d\n", count_char(b, 'o'), offsetof(struct buf, data),
         (int)(_Alignof(max_align_t) >= 8));
  printf("show %.5s even %d\n", show(b), (int)(((uintptr_t)b->data & 1) == 0));
  free(b->data);
  if (bug)
    printf("%c\n", *b->data);
  b->data = NULL;
  free(b);
  return 0;
}
