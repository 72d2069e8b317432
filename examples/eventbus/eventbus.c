/* eventbus.c - the connection manager of a small server, with an event bus.
 *
 * A simulated server accepts connections, receives data on them, sends
 * keepalive pings and closes connections that hang up or stay idle. Three
 * structures hold pointers to objects that die while the structure lives on:
 *
 *   - the connection list: a doubly linked, intrusive list of `struct conn`
 *     (GR_REF prev/next) plus a slot table (an array of GR_REF);
 *   - the timer queue: a singly linked list of `struct timer`, sorted by
 *     deadline, each timer holding a GR_REF to its connection;
 *   - the event bus: per-topic lists of subscriptions, each holding a
 *     GR_WEAK reference to the sink it delivers to. Sinks die (a connection
 *     closes and its inbox goes with it, the metrics sink is reloaded) while
 *     their subscriptions remain; the bus asks gr_alive() before delivering
 *     and prunes the subscriptions whose target is gone.
 *
 * The whole run is driven by a fixed pseudo-random sequence, so the
 * transcript is the same on every machine; its last line is a checksum of
 * everything printed before it.
 *
 * Build (plain C, any compiler):
 *     cc -std=c11 -Wall -Wextra -I annotations examples/eventbus/eventbus.c
 * Build with genref:
 *     clang-19 -fplugin=build/lib/genref.so -I annotations ... (or genref-cc)
 * -DGENREF_DEMO_BUG switches on a real use-after-free: see README.md.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "genref.h"

#define MAX_CONNS 4
#define IDLE_LIMIT 3        /* ticks without data before a conn is closed */
#define IDLE_PERIOD 3       /* the idle check runs every IDLE_PERIOD ticks */
#define KEEPALIVE_PERIOD 2  /* a ping every KEEPALIVE_PERIOD ticks */
#define RUN_TICKS 33

/* ---------------------------------------------------------------- output */

/* Everything the program prints goes through say(), which also folds it
 * into an FNV-1a hash: the last line of the transcript. */
static uint32_t transcript_hash = 2166136261u;

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 1, 2)))
#endif
static void say(const char *fmt, ...) {
  char line[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  for (const char *p = line; *p; p++) {
    transcript_hash ^= (unsigned char)*p;
    transcript_hash *= 16777619u;
  }
  fputs(line, stdout);
}

static void *xalloc(void *p) {
  if (!p) {
    fputs("eventbus: out of memory\n", stderr);
    exit(2);
  }
  return p;
}

/* A small LCG: the same sequence everywhere (rand() is not). */
static uint32_t rng_state = 20240611u;
static uint32_t rng(uint32_t bound) {
  rng_state = rng_state * 1664525u + 1013904223u;
  return (rng_state >> 8) % bound;
}

/* ------------------------------------------------------------ the sinks */

enum topic { TOPIC_DATA, TOPIC_CLOSE, TOPIC_TICK, TOPIC_ADMIN, TOPIC_COUNT };
static const char *const topic_names[TOPIC_COUNT] = {"data", "close", "tick",
                                                     "admin"};

struct event {
  enum topic topic;
  int conn_id;
  long value;
  const char *text;
};

/* Anything that can receive events. Heap-allocated (a connection's inbox,
 * the metrics sink) or on the stack (the audit log in main, the console in
 * admin_broadcast). */
struct GR_WEAKABLE sink {
  char name[24];
  int owner; /* the connection an inbox belongs to; -1 for the others */
  int received;
  long total;
  uint32_t digest;
};

typedef struct sink *GR_REF sink_ref;
typedef struct sink *GR_WEAK sink_weak;
typedef void (*handler_fn)(sink_ref self, const struct event *ev);

/* No memset here: a weakable object's bytes are not all the program's. */
static void sink_init(sink_ref s, const char *name, int owner) {
  snprintf(s->name, sizeof s->name, "%s", name);
  s->owner = owner;
  s->received = 0;
  s->total = 0;
  s->digest = 2166136261u;
}

static sink_ref sink_new(const char *name, int owner) {
  sink_ref s = xalloc(malloc(sizeof *s));
  sink_init(s, name, owner);
  return s;
}

static void metrics_on_event(sink_ref self, const struct event *ev) {
  self->received++;
  self->total += ev->value;
  self->digest = (self->digest ^ (uint32_t)((int)ev->topic * 131 + ev->conn_id)) *
                 16777619u;
}

static void inbox_on_event(sink_ref self, const struct event *ev) {
  if (ev->topic == TOPIC_DATA && ev->conn_id != self->owner)
    return; /* data for somebody else */
  self->received++;
  self->total += ev->value;
}

static void audit_on_event(sink_ref self, const struct event *ev) {
  self->received++;
  if (ev->conn_id >= 0)
    say("  %s: %s conn#%d %s\n", self->name, topic_names[ev->topic],
        ev->conn_id, ev->text ? ev->text : "-");
  else
    say("  %s: %s %s\n", self->name, topic_names[ev->topic],
        ev->text ? ev->text : "-");
}

static void console_on_event(sink_ref self, const struct event *ev) {
  self->received++;
  say("  %s: \"%s\"\n", self->name, ev->text);
}

/* -------------------------------------------------------------- the bus */

struct GR_WEAKABLE subscription {
  int id;
  enum topic topic;
  handler_fn fn;
  sink_weak target; /* may die before the subscription does */
  struct subscription *GR_REF next;
};

struct bus {
  struct subscription *GR_REF head[TOPIC_COUNT];
  int next_id;
  int live;
  long delivered;
  int pruned;
};

static void bus_init(struct bus *bus) {
  for (int t = 0; t < TOPIC_COUNT; t++)
    bus->head[t] = NULL;
  bus->next_id = 1;
  bus->live = 0;
  bus->delivered = 0;
  bus->pruned = 0;
}

/* Appends, so that delivery follows subscription order. */
static int bus_subscribe(struct bus *bus, enum topic topic, sink_ref target,
                         handler_fn fn) {
  struct subscription *GR_REF sub = xalloc(malloc(sizeof *sub));
  sub->id = bus->next_id++;
  sub->topic = topic;
  sub->fn = fn;
  sub->target = target;
  sub->next = NULL;
  if (bus->head[topic] == NULL) {
    bus->head[topic] = sub;
  } else {
    struct subscription *GR_REF tail = bus->head[topic];
    while (tail->next != NULL)
      tail = tail->next;
    tail->next = sub;
  }
  bus->live++;
  return sub->id;
}

/* Unlinks and frees `sub`, whose predecessor is `prev` (NULL: the head). */
static void bus_drop(struct bus *bus, struct subscription *GR_REF prev,
                     struct subscription *GR_REF sub) {
  if (prev)
    prev->next = sub->next;
  else
    bus->head[sub->topic] = sub->next;
  free(sub);
  bus->live--;
}

static int bus_unsubscribe(struct bus *bus, int id) {
  for (int t = 0; t < TOPIC_COUNT; t++) {
    struct subscription *GR_REF prev = NULL;
    for (struct subscription *GR_REF sub = bus->head[t]; sub != NULL;
         sub = sub->next) {
      if (sub->id == id) {
        bus_drop(bus, prev, sub);
        return 1;
      }
      prev = sub;
    }
  }
  return 0;
}

/* Delivers `ev` to every live subscriber of its topic and prunes the
 * subscriptions whose target has died. Returns the number of deliveries. */
static int bus_publish(struct bus *bus, const struct event *ev) {
  struct subscription *GR_REF prev = NULL;
  struct subscription *GR_REF sub = bus->head[ev->topic];
  int n = 0;
  while (sub != NULL) {
    struct subscription *GR_REF next = sub->next;
    if (!gr_alive(sub->target)) {
      say("  bus: pruned sub#%d (%s): its target is gone\n", sub->id,
          topic_names[sub->topic]);
      bus_drop(bus, prev, sub);
      bus->pruned++;
    } else {
      sink_ref target = sub->target; /* alive: checked just above */
      sub->fn(target, ev);
      n++;
      prev = sub;
    }
    sub = next;
  }
  bus->delivered += n;
  return n;
}

/* Prunes every topic without delivering anything. */
static int bus_sweep(struct bus *bus) {
  int before = bus->pruned;
  for (int t = 0; t < TOPIC_COUNT; t++) {
    struct subscription *GR_REF prev = NULL;
    struct subscription *GR_REF sub = bus->head[t];
    while (sub) {
      struct subscription *GR_REF next = sub->next;
      if (gr_alive(sub->target)) {
        prev = sub;
      } else {
        bus_drop(bus, prev, sub);
        bus->pruned++;
      }
      sub = next;
    }
  }
  return bus->pruned - before;
}

static void bus_destroy(struct bus *bus) {
  for (int t = 0; t < TOPIC_COUNT; t++) {
    while (bus->head[t] != NULL)
      bus_drop(bus, NULL, bus->head[t]);
  }
}

#ifndef __GENREF__
/* Plain C has no way to ask whether a pointer's target is still alive
 * (gr_alive(p) is just p != NULL), so without genref a dying sink must be
 * looked up in every list that may point at it: this is the bookkeeping
 * genref makes unnecessary. Under the plugin this is compiled out and the
 * generation check in gr_alive() does the job. */
static void plain_forget_sink(struct bus *bus, struct sink *dying) {
  for (int t = 0; t < TOPIC_COUNT; t++)
    for (struct subscription *sub = bus->head[t]; sub; sub = sub->next)
      if (sub->target == dying)
        sub->target = NULL;
}
#endif

static void sink_free(struct bus *bus, sink_ref s) {
#ifndef __GENREF__
  plain_forget_sink(bus, s);
#else
  (void)bus;
#endif
  free(s);
}

/* ------------------------------------------------------ the connections */

struct GR_WEAKABLE conn {
  int id;
  int slot;
  char peer[24];
  long bytes_in;
  long bytes_out;
  int idle_ticks;
  int pings;
  struct sink *GR_REF inbox;
  struct conn *GR_REF prev;
  struct conn *GR_REF next;
};

typedef struct conn *GR_REF conn_ref;

/* --------------------------------------------------------- the timers */

enum timer_kind { TIMER_IDLE = 1, TIMER_KEEPALIVE = 2 };

/* Closing a connection cancels all of its timers. */
#ifndef GENREF_DEMO_BUG
#define CLOSE_CANCELS (TIMER_IDLE | TIMER_KEEPALIVE)
#else
/* THE BUG: keepalive pings were added after the close path was written,
 * and nobody updated this mask. A closed connection's keepalive timer stays
 * queued, still pointing at the freed connection. */
#define CLOSE_CANCELS (TIMER_IDLE)
#endif

struct GR_WEAKABLE timer {
  long deadline;
  int seq; /* ties on the deadline fire in arming order */
  enum timer_kind kind;
  conn_ref conn;
  struct timer *GR_REF next;
};

struct timerq {
  struct timer *GR_REF head;
  int armed;
  int next_seq;
};

static struct timer *GR_REF timerq_add(struct timerq *q, long deadline,
                                       enum timer_kind kind, conn_ref c) {
  struct timer *GR_REF t = xalloc(malloc(sizeof *t));
  t->deadline = deadline;
  t->seq = q->next_seq++;
  t->kind = kind;
  t->conn = c;
  t->next = NULL;
  struct timer *GR_REF prev = NULL;
  struct timer *GR_REF cur = q->head;
  while (cur != NULL && cur->deadline <= deadline) {
    prev = cur;
    cur = cur->next;
  }
  t->next = cur;
  if (prev != NULL)
    prev->next = t;
  else
    q->head = t;
  q->armed++;
  return t;
}

/* The earliest timer due at `now`, unlinked; NULL if none is due. */
static struct timer *GR_REF timerq_pop_due(struct timerq *q, long now) {
  struct timer *GR_REF t = q->head;
  if (t == NULL || t->deadline > now)
    return NULL;
  q->head = t->next;
  t->next = NULL;
  q->armed--;
  return t;
}

/* Cancels c's timers whose kind is in `mask`; returns how many. */
static int timerq_cancel(struct timerq *q, conn_ref c, int mask) {
  int n = 0;
  struct timer *GR_REF prev = NULL;
  struct timer *GR_REF t = q->head;
  while (t != NULL) {
    struct timer *GR_REF next = t->next;
    if (t->conn == c && ((int)t->kind & mask)) {
      if (prev)
        prev->next = next;
      else
        q->head = next;
      free(t);
      q->armed--;
      n++;
    } else {
      prev = t;
    }
    t = next;
  }
  return n;
}

static void timerq_destroy(struct timerq *q) {
  struct timer *GR_REF t;
  while ((t = q->head) != NULL) {
    q->head = t->next;
    free(t);
  }
  q->armed = 0;
}

/* --------------------------------------------------------- the server */

struct server {
  conn_ref first; /* the connection list, in accept order */
  conn_ref last;
  conn_ref slots[MAX_CONNS]; /* slot table: NULL = free */
  int open, accepted, closed, rejected;
  int next_id;
  long now;
  struct bus bus;
  struct timerq timers;
  sink_ref metrics;
  struct conn *GR_WEAK last_speaker; /* may close at any time */
};

static conn_ref server_accept(struct server *s) {
  int slot = 0;
  while (slot < MAX_CONNS && s->slots[slot] != NULL)
    slot++;
  if (slot == MAX_CONNS) {
    s->rejected++;
    say("t=%ld accept refused: %d connections open\n", s->now, s->open);
    return NULL;
  }
  conn_ref c = xalloc(calloc(1, sizeof *c));
  c->id = s->next_id++;
  c->slot = slot;
  /* one rng() call per statement: argument order is unspecified in C */
  unsigned net = rng(4);
  unsigned host = 1 + rng(250);
  unsigned port = 40000 + rng(20000);
  snprintf(c->peer, sizeof c->peer, "10.0.%u.%u:%u", net, host, port);
  char name[24];
  snprintf(name, sizeof name, "inbox#%d", c->id);
  c->inbox = sink_new(name, c->id);
  bus_subscribe(&s->bus, TOPIC_DATA, c->inbox, inbox_on_event);
  bus_subscribe(&s->bus, TOPIC_ADMIN, c->inbox, inbox_on_event);
  /* link at the tail */
  c->prev = s->last;
  c->next = NULL;
  if (s->last)
    s->last->next = c;
  else
    s->first = c;
  s->last = c;
  s->slots[slot] = c;
  s->open++;
  s->accepted++;
  timerq_add(&s->timers, s->now + IDLE_PERIOD, TIMER_IDLE, c);
  timerq_add(&s->timers, s->now + KEEPALIVE_PERIOD, TIMER_KEEPALIVE, c);
  say("t=%ld accept conn#%d from %s (slot %d, %d open)\n", s->now, c->id,
      c->peer, slot, s->open);
  return c;
}

static void server_close(struct server *s, conn_ref c, const char *why) {
  say("t=%ld close conn#%d (%s): in=%ld out=%ld pings=%d inbox=%d\n", s->now,
      c->id, why, c->bytes_in, c->bytes_out, c->pings, c->inbox->received);
  struct event ev = {TOPIC_CLOSE, c->id, c->bytes_in, why};
  bus_publish(&s->bus, &ev);
  timerq_cancel(&s->timers, c, CLOSE_CANCELS);
  /* unlink */
  if (c->prev)
    c->prev->next = c->next;
  else
    s->first = c->next;
  if (c->next)
    c->next->prev = c->prev;
  else
    s->last = c->prev;
  s->slots[c->slot] = NULL;
  s->open--;
  s->closed++;
  /* The inbox dies with the connection; its two subscriptions stay on the
   * bus until the bus notices. */
  sink_ref inbox = c->inbox;
  c->inbox = NULL; /* let go first: nothing may hold a GR_REF to a freed sink */
  sink_free(&s->bus, inbox);
#ifndef __GENREF__
  if (s->last_speaker == c) /* see plain_forget_sink */
    s->last_speaker = NULL;
#endif
  free(c);
}

static void server_receive(struct server *s, conn_ref c, long len) {
  c->bytes_in += len;
  c->idle_ticks = 0;
  s->last_speaker = c;
  say("t=%ld data conn#%d len=%ld\n", s->now, c->id, len);
  struct event ev = {TOPIC_DATA, c->id, len, "recv"};
  bus_publish(&s->bus, &ev);
}

static void timer_fire(struct server *s, struct timer *GR_REF t) {
  conn_ref c = t->conn;
  switch (t->kind) {
  case TIMER_KEEPALIVE:
    c->pings++;
    c->bytes_out += 8;
    timerq_add(&s->timers, s->now + KEEPALIVE_PERIOD, TIMER_KEEPALIVE, c);
    break;
  case TIMER_IDLE:
    if (c->idle_ticks >= IDLE_LIMIT) {
      free(t); /* popped already: close must not find it */
      server_close(s, c, "idle");
      return;
    }
    timerq_add(&s->timers, s->now + IDLE_PERIOD, TIMER_IDLE, c);
    break;
  }
  free(t);
}

static conn_ref server_pick(struct server *s) {
  return s->slots[rng(MAX_CONNS)]; /* may be NULL: an empty slot */
}

static void server_reload_metrics(struct server *s) {
  say("t=%ld reload metrics: old sink saw %d events (total %ld, digest %08x)\n",
      s->now, s->metrics->received, s->metrics->total,
      (unsigned)s->metrics->digest);
  /* The old sink's subscriptions are left for the bus to prune. */
  sink_ref old = s->metrics;
  s->metrics = sink_new("metrics", -1);
  sink_free(&s->bus, old);
  bus_subscribe(&s->bus, TOPIC_DATA, s->metrics, metrics_on_event);
  bus_subscribe(&s->bus, TOPIC_TICK, s->metrics, metrics_on_event);
}

/* An operator message: a console sink on this function's stack listens
 * for the duration of the call only. */
static void admin_broadcast(struct server *s, const char *text) {
  struct sink console;
  sink_init(&console, "console", -1);
  int id = bus_subscribe(&s->bus, TOPIC_ADMIN, &console, console_on_event);
  struct event ev = {TOPIC_ADMIN, -1, (long)strlen(text), text};
  int n = bus_publish(&s->bus, &ev);
  say("t=%ld admin broadcast delivered to %d, console saw %d\n", s->now, n,
      console.received);
  bus_unsubscribe(&s->bus, id); /* before `console` goes out of scope */
}

static void report_last_speaker(const struct server *s) {
  struct conn *GR_WEAK who = s->last_speaker;
  if (gr_alive(who))
    say("t=%ld last speaker: conn#%d, still connected (in=%ld)\n", s->now,
        who->id, who->bytes_in);
  else
    say("t=%ld last speaker: gone\n", s->now);
}

int main(void) {
  struct server srv;
  srv.first = srv.last = NULL;
  for (int i = 0; i < MAX_CONNS; i++)
    srv.slots[i] = NULL;
  srv.open = srv.accepted = srv.closed = srv.rejected = 0;
  srv.next_id = 1;
  srv.now = 0;
  bus_init(&srv.bus);
  srv.timers.head = NULL;
  srv.timers.armed = 0;
  srv.timers.next_seq = 0;
  srv.last_speaker = NULL;

  /* The audit log lives on main's stack for the whole run. */
  struct sink audit;
  sink_init(&audit, "audit", -1);
  bus_subscribe(&srv.bus, TOPIC_CLOSE, &audit, audit_on_event);
  bus_subscribe(&srv.bus, TOPIC_ADMIN, &audit, audit_on_event);

  srv.metrics = sink_new("metrics", -1);
  bus_subscribe(&srv.bus, TOPIC_DATA, srv.metrics, metrics_on_event);
  bus_subscribe(&srv.bus, TOPIC_TICK, srv.metrics, metrics_on_event);

  for (long now = 0; now < RUN_TICKS; now++) {
    srv.now = now;
    for (conn_ref c = srv.first; c != NULL; c = c->next)
      c->idle_ticks++;

    if (now < 30 && (now % 4 == 0 || rng(3) == 0))
      server_accept(&srv);

    for (int k = 0; k < 3; k++) {
      conn_ref c = server_pick(&srv);
      if (c != NULL && rng(4) != 0)
        server_receive(&srv, c, 1 + (long)rng(1400));
    }

    if (rng(6) == 0) {
      conn_ref c = server_pick(&srv);
      if (c)
        server_close(&srv, c, "hangup");
    }

    struct timer *GR_REF t;
    while ((t = timerq_pop_due(&srv.timers, now)) != NULL)
      timer_fire(&srv, t);

    struct event tick = {TOPIC_TICK, -1, now, NULL};
    bus_publish(&srv.bus, &tick);

    if (now == 14)
      server_reload_metrics(&srv);
    if (now == 21) {
      report_last_speaker(&srv);
      admin_broadcast(&srv, "maintenance at t=30");
    }
    if (now == 29)
      say("t=%ld bus sweep pruned %d\n", now, bus_sweep(&srv.bus));
  }

  report_last_speaker(&srv);
  srv.now = RUN_TICKS;
  while (srv.first != NULL)
    server_close(&srv, srv.first, "shutdown");
  report_last_speaker(&srv);
  say("t=%ld bus sweep pruned %d\n", srv.now, bus_sweep(&srv.bus));

  say("summary: accepted=%d closed=%d refused=%d timers=%d\n", srv.accepted,
      srv.closed, srv.rejected, srv.timers.armed);
  say("summary: bus delivered=%ld pruned=%d live=%d audit=%d\n",
      srv.bus.delivered, srv.bus.pruned, srv.bus.live, audit.received);
  say("summary: metrics received=%d total=%ld digest=%08x\n",
      srv.metrics->received, srv.metrics->total,
      (unsigned)srv.metrics->digest);

  sink_ref metrics = srv.metrics;
  srv.metrics = NULL;
  sink_free(&srv.bus, metrics);
  timerq_destroy(&srv.timers);
  bus_destroy(&srv.bus);
  printf("checksum: %08x\n", (unsigned)transcript_hash);
  return 0;
}
