/* events.c - an event bus whose subscribers die all the time.
 *
 * Targets (think: widgets, game entities, connections) subscribe to a few
 * of NTOPICS topics. Each subscription holds a GR_WEAK reference to its
 * target: targets are created and destroyed continually, and destroying one
 * does not touch the bus. Before each delivery the bus asks
 * gr_alive(target); a subscription whose target is gone is unlinked and
 * freed right there (pruned). The live targets are also chained in a doubly
 * linked list (GR_REF prev/next), which an audit walks now and then, and
 * indexed by a table of GR_REF (random picks of the next victim).
 *
 * Each step, chosen by a seeded PRNG: create a target or destroy a random
 * one (births and deaths keep about MAX_LIVE / 2 alive), or publish an
 * event on a random topic. Delivery adds mix(event value ^ subscription
 * tag) to the target's state: a sum, so the result does not depend on
 * delivery order.
 *
 *   events [steps]     (default 3000000)
 *
 * Without genref, gr_alive(p) only means p != NULL, so a dying target must
 * find and clear every subscription that points at it: each target keeps
 * back-pointers to its subscriptions (compiled only without __GENREF__).
 * That bookkeeping is exactly what the generation check replaces.
 *
 * The last line is `checksum: <16 hex digits>`, a hash of the numbers
 * printed before it. rust/ holds the same program in Rust (Rc/Weak, and an
 * index + generation arena): identical output.
 *
 * -DINJECT_UAF: reads a destroyed target through its GR_REF once.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "genref.h"

#define NTOPICS 64
#define MAX_LIVE 4096
#define INITIAL_TARGETS 2048
#define MAX_SUBS 4        /* subscriptions per target: 1..MAX_SUBS */
#define AUDIT_PERIOD 8192 /* steps between walks of the target list */
#define DEFAULT_STEPS 3000000L

/* ------------------------------------------------- PRNG and checksum */

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint32_t rng_next(void) {
  rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(rng_state >> 32);
}
static uint32_t rng_below(uint32_t bound) { return rng_next() % bound; }

/* splitmix64's finalizer */
static uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBull;
  x ^= x >> 31;
  return x;
}

static uint64_t checksum = 14695981039346656037ull;
static void checksum_add(uint64_t x) {
  checksum = (checksum ^ x) * 1099511628211ull;
  checksum ^= checksum >> 32;
}

static void *xalloc(void *p) {
  if (!p) {
    fputs("events: out of memory\n", stderr);
    exit(2);
  }
  return p;
}

/* ------------------------------------------------------------- types */

struct sub;

struct GR_WEAKABLE target {
  uint64_t id;
  uint64_t state;
  uint64_t received;
  uint32_t slot; /* index in live[] */
  struct target *GR_REF prev;
  struct target *GR_REF next;
#ifndef __GENREF__
  struct sub *subs[MAX_SUBS]; /* back-pointers: see the top comment */
  int nsubs;
#endif
};

struct GR_WEAKABLE sub {
  uint64_t tag;
  struct target *GR_WEAK target; /* may die before the subscription */
  struct sub *GR_REF next;
};

typedef struct target *GR_REF target_ref;
typedef struct sub *GR_REF sub_ref;

/* ------------------------------------------------------------- state */

static sub_ref topics[NTOPICS]; /* singly linked, newest first */
static target_ref live[MAX_LIVE];
static uint32_t live_count;
static target_ref first; /* the list of live targets, oldest first */
static target_ref last;

static uint64_t next_id = 1;
static uint64_t created, destroyed, published, delivered;
static uint64_t subscribed, pruned;

/* ------------------------------------------------------ the operations */

static void subscribe(target_ref t, uint32_t topic) {
  sub_ref s = xalloc(malloc(sizeof *s));
  s->tag = mix64(t->id * 131 + topic);
  s->target = t;
  s->next = topics[topic];
  topics[topic] = s;
  subscribed++;
#ifndef __GENREF__
  t->subs[t->nsubs++] = s;
#endif
}

static void create_target(void) {
  target_ref t = xalloc(malloc(sizeof *t));
  t->id = next_id++;
  t->state = 0;
  t->received = 0;
#ifndef __GENREF__
  t->nsubs = 0;
#endif
  t->slot = live_count;
  live[live_count++] = t;
  t->prev = last;
  t->next = NULL;
  if (last != NULL)
    last->next = t;
  else
    first = t;
  last = t;
  uint32_t n = 1 + rng_below(MAX_SUBS);
  for (uint32_t i = 0; i < n; i++)
    subscribe(t, rng_below(NTOPICS));
  created++;
}

static uint64_t destroy_target(uint32_t index) {
  target_ref t = live[index];
  uint64_t last_state = t->state;
  live[index] = live[--live_count];
  if (index < live_count)
    live[index]->slot = index;
  live[live_count] = NULL;
  if (t->prev != NULL)
    t->prev->next = t->next;
  else
    first = t->next;
  if (t->next != NULL)
    t->next->prev = t->prev;
  else
    last = t->prev;
#ifndef __GENREF__
  for (int i = 0; i < t->nsubs; i++)
    t->subs[i]->target = NULL;
#endif
  free(t); /* its subscriptions stay on the bus until it notices */
  destroyed++;
#ifdef INJECT_UAF
  /* THE BUG: `t` is used after the free above. */
  if (destroyed == 1000)
    last_state += t->state;
#endif
  return last_state;
}

/* Delivers to every live subscriber of `topic`, pruning dead ones. */
static void publish(uint32_t topic, uint64_t value) {
  sub_ref prev = NULL;
  sub_ref s = topics[topic];
  while (s != NULL) {
    sub_ref next = s->next;
    if (gr_alive(s->target)) {
      target_ref t = s->target;
      t->state += mix64(value ^ s->tag);
      t->received++;
      delivered++;
      prev = s;
    } else {
      if (prev != NULL)
        prev->next = next;
      else
        topics[topic] = next;
      free(s);
      pruned++;
    }
    s = next;
  }
  published++;
}

/* Walks the list of live targets; a sum, so independent of list order. */
static uint64_t audit(void) {
  uint64_t sum = 0;
  for (target_ref t = first; t != NULL; t = t->next)
    sum += mix64(t->state ^ t->id) + t->received;
  return sum;
}

int main(int argc, char **argv) {
  long steps = DEFAULT_STEPS;
  if (argc > 1)
    steps = atol(argv[1]);

  for (int i = 0; i < INITIAL_TARGETS; i++)
    create_target();

  uint64_t audits = 0;
  uint64_t graveyard = 0; /* last states of destroyed targets */
  for (long step = 0; step < steps; step++) {
    uint32_t op = rng_below(16);
    if (op < 6) {
      /* births and deaths pull the population towards MAX_LIVE / 2 */
      if (rng_below(MAX_LIVE) >= live_count)
        create_target();
      else
        graveyard += destroy_target(rng_below(live_count));
    } else {
      uint32_t topic = rng_below(NTOPICS);
      publish(topic, rng_next());
    }
    if (step % AUDIT_PERIOD == AUDIT_PERIOD - 1)
      audits = audits * 31 + audit();
  }

  uint64_t final_audit = audit();
  uint64_t final_live = live_count;
  while (live_count > 0)
    graveyard += destroy_target(live_count - 1);
  for (uint32_t topic = 0; topic < NTOPICS; topic++)
    publish(topic, 0); /* prunes everything: all targets are gone */

  printf("targets: created %" PRIu64 " destroyed %" PRIu64 " live %" PRIu64
         "\n",
         created, destroyed, final_live);
  printf("events: published %" PRIu64 " delivered %" PRIu64 "\n", published,
         delivered);
  printf("subscriptions: made %" PRIu64 " pruned %" PRIu64 "\n", subscribed,
         pruned);
  printf("audit: %016" PRIx64 " final %016" PRIx64 " graveyard %016" PRIx64
         "\n",
         audits, final_audit, graveyard);
  checksum_add(created);
  checksum_add(destroyed);
  checksum_add(final_live);
  checksum_add(published);
  checksum_add(delivered);
  checksum_add(subscribed);
  checksum_add(pruned);
  checksum_add(audits);
  checksum_add(final_audit);
  checksum_add(graveyard);
  printf("checksum: %016" PRIx64 "\n", checksum);
  return 0;
}
