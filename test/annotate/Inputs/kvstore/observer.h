/* observer.h - observers watch one item each and hear of its changes. */
#ifndef KV_OBSERVER_H
#define KV_OBSERVER_H

#include "item.h"

struct observer;
typedef void (*notify_fn)(struct observer *self, struct item *it, const char *what);

struct observer {
  const char *name;
  struct item *watched; /* cleared when the item is deleted */
  notify_fn notify;
  int events;
  struct observer *next;
};

struct observer *observer_new(const char *name, notify_fn fn);
void observer_print(struct observer *self, struct item *it, const char *what);

#endif
