/* main.c - drives the store; -DINJECT_UAF reads an item after deleting it. */
#include "store.h"

#include <stdio.h>

int main(void) {
  struct store *s = kv_open(3);
  struct observer *o = observer_new("watch-b", observer_print);
  kv_put(s, "a", 1);
  kv_put(s, "b", 2);
  kv_watch(s, o, "b");
  kv_put(s, "b", 20);
  kv_put(s, "c", 3);
  struct item *a = kv_get(s, "a"); /* a is now the most recent */
  printf("a=%ld\n", a->value);
  kv_put(s, "d", 4); /* evicts b, the oldest */
  printf("evicted=%s\n", kv_last_evicted_key_holder ? "still held" : "cleared");
  printf("b=%s\n", kv_get(s, "b") ? "present" : "gone");
  kv_del(s, "a");
#ifdef INJECT_UAF
  printf("a after delete=%ld\n", a->value);
#endif
  int n = 0;
  for (struct item *it = s->lru.head; it; it = it->next)
    n++;
  printf("items=%d observer events=%d\n", n, o->events);
  kv_close(s);
  return 0;
}
