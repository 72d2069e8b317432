/* lru.c - an LRU cache of heap strings under get/put/delete churn.
 *
 * Entries are `struct entry` objects found through a chained hash map
 * (GR_REF `hnext` links from an array of bucket heads) and kept in a
 * doubly linked recency list (GR_REF `next` towards the least recently
 * used end, GR_REF `prev` back towards the most recent). Each value is a
 * malloc'd string (`char *GR_REF`, snprintf'd and filled byte by byte).
 * A seeded PRNG drives OPS_PER_ENTRY * capacity operations per round over
 * a key space of 4 * capacity keys, half of them aimed at a hot set:
 * 50% get (a hit moves the entry to the front and reads its value), 25%
 * put (replace the value, or insert and evict the least recently used
 * entry when full), 25% get-or-put (a cache-aside lookup; 1 in 16 of them
 * a delete instead). At the end of a round the cache is emptied by
 * evicting everything, and its list order checked.
 *
 *     lru [capacity]          default 100000 entries, 4 rounds
 *
 * The last line is `checksum: <16 hex digits>`, identical for every build.
 * -DINJECT_UAF: in round 1 an evicted entry is read after it was freed.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "genref.h"

#define ROUNDS 4
#define OPS_PER_ENTRY 20

struct entry {
  uint64_t key;
  char *GR_REF value; /* malloc'd, NUL-terminated */
  size_t vlen;
  struct entry *GR_REF hnext; /* the next entry of its hash chain */
  struct entry *GR_REF next;  /* less recently used */
  struct entry *GR_REF prev;  /* more recently used */
};

typedef struct entry *GR_REF entry_ref;

struct lru {
  entry_ref *buckets; /* chain heads */
  unsigned bits;      /* 1 << bits buckets */
  size_t count, capacity;
  entry_ref head; /* most recently used */
  entry_ref tail; /* least recently used */
};

/* ------------------------------------------------------------- helpers */

static uint64_t rng_state;

static uint64_t rng_next(void) {
  uint64_t x = rng_state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  rng_state = x;
  return x * 0x2545F4914F6CDD1DULL;
}

static uint64_t checksum = 0xcbf29ce484222325ULL;

static void mix(uint64_t v) {
  checksum ^= v;
  checksum *= 0x100000001b3ULL;
}

static void *xalloc(void *p) {
  if (p == NULL) {
    fputs("lru: out of memory\n", stderr);
    exit(2);
  }
  return p;
}

static uint64_t hash_key(uint64_t key) {
  key ^= key >> 33;
  key *= 0xff51afd7ed558ccdULL;
  key ^= key >> 33;
  return key;
}

/* A value for key: "<key>:" and then letters, 12-64 bytes. */
static char *GR_REF make_value(uint64_t key, uint64_t r, size_t *lenp) {
  size_t len = 12 + (size_t)((r >> 24) % 53);
  char *GR_REF v = xalloc(malloc(len + 1));
  int n = snprintf(v, len + 1, "%" PRIu64 ":", key);
  for (size_t i = (size_t)n; i < len; i++)
    v[i] = (char)('a' + (key + i) % 26);
  v[len] = '\0';
  *lenp = len;
  return v;
}

static uint64_t hash_value(const char *GR_REF v, size_t n) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)v[i]) * 0x100000001b3ULL;
  return h;
}

/* ----------------------------------------------------------------- lru */

static void lru_init(struct lru *c, size_t capacity) {
  c->bits = 4;
  while (((size_t)1 << c->bits) < capacity)
    c->bits++;
  c->buckets = xalloc(malloc(((size_t)1 << c->bits) * sizeof *c->buckets));
  for (size_t i = 0; i < ((size_t)1 << c->bits); i++)
    c->buckets[i] = NULL;
  c->count = 0;
  c->capacity = capacity;
  c->head = NULL;
  c->tail = NULL;
}

static entry_ref *bucket_of(struct lru *c, uint64_t key) {
  return &c->buckets[hash_key(key) >> (64 - c->bits)];
}

static entry_ref lru_find(struct lru *c, uint64_t key) {
  for (entry_ref e = *bucket_of(c, key); e != NULL; e = e->hnext)
    if (e->key == key)
      return e;
  return NULL;
}

static void list_unlink(struct lru *c, entry_ref e) {
  if (e->prev != NULL)
    e->prev->next = e->next;
  else
    c->head = e->next;
  if (e->next != NULL)
    e->next->prev = e->prev;
  else
    c->tail = e->prev;
  e->prev = NULL;
  e->next = NULL;
}

static void list_push_front(struct lru *c, entry_ref e) {
  e->prev = NULL;
  e->next = c->head;
  if (c->head != NULL)
    c->head->prev = e;
  else
    c->tail = e;
  c->head = e;
}

static void touch(struct lru *c, entry_ref e) {
  if (c->head != e) {
    list_unlink(c, e);
    list_push_front(c, e);
  }
}

/* Unlinks e from its chain and the list, then frees it and its value. */
static void lru_remove(struct lru *c, entry_ref e) {
  entry_ref *link = bucket_of(c, e->key);
  while (*link != e)
    link = &(*link)->hnext;
  *link = e->hnext;
  list_unlink(c, e);
  c->count--;
  char *GR_REF value = e->value;
  free(e); /* first: the references it holds go with it */
  free(value);
}

/* Evicts the least recently used entry; returns its key. */
static uint64_t lru_evict(struct lru *c, int inject) {
  entry_ref e = c->tail;
  uint64_t key = e->key;
  lru_remove(c, e);
  if (inject) /* -DINJECT_UAF: use after free */
    key += e->vlen;
  return key;
}

/* Looks key up; a hit becomes the most recently used. */
static entry_ref lru_get(struct lru *c, uint64_t key) {
  entry_ref e = lru_find(c, key);
  if (e != NULL)
    touch(c, e);
  return e;
}

/* Returns 1 when the key was new (and then evicts when full). */
static int lru_put(struct lru *c, uint64_t key, uint64_t r, uint64_t *evicted,
                   int inject) {
  size_t len;
  char *GR_REF v = make_value(key, r, &len);
  entry_ref e = lru_find(c, key);
  if (e != NULL) {
    char *GR_REF old = e->value;
    e->value = v;
    e->vlen = len;
    free(old);
    touch(c, e);
    return 0;
  }
  if (c->count == c->capacity)
    *evicted += lru_evict(c, inject);
  e = xalloc(malloc(sizeof *e));
  entry_ref *b = bucket_of(c, key);
  e->key = key;
  e->value = v;
  e->vlen = len;
  e->hnext = *b;
  e->next = NULL;
  e->prev = NULL;
  *b = e;
  list_push_front(c, e);
  c->count++;
  return 1;
}

static void lru_free(struct lru *c) {
  while (c->count > 0)
    lru_evict(c, 0);
  free(c->buckets);
  c->buckets = NULL;
}

int main(int argc, char **argv) {
  long capacity = 100000;
  if (argc > 1) {
    capacity = atol(argv[1]);
    if (capacity < 16 || capacity > 100000000) {
      fprintf(stderr, "usage: lru [capacity >= 16]\n");
      return 2;
    }
  }
  long ops = capacity * OPS_PER_ENTRY;
  uint64_t keyspace = 4 * (uint64_t)capacity, hot = (uint64_t)capacity / 2;
  printf("lru: capacity %ld, %d rounds of %ld operations\n", capacity, ROUNDS,
         ops);
  for (int round = 0; round < ROUNDS; round++) {
    rng_state = 0xBB67AE8584CAA73BULL + (uint64_t)round * 65537;
    struct lru c;
    lru_init(&c, (size_t)capacity);
    uint64_t hits = 0, misses = 0, inserted = 0, updated = 0, deleted = 0,
             evicted = 0, value_sum = 0;
    int inject = 0;
    for (long i = 0; i < ops; i++) {
      uint64_t r = rng_next();
      uint64_t key = (r >> 16) % keyspace;
      if (r & 8)
        key %= hot;
#ifdef INJECT_UAF
      inject = round == 1 && i >= ops / 2; /* the next eviction from here */
#endif
      unsigned op = (unsigned)(r & 3);
      if (op <= 1) {
        entry_ref e = lru_get(&c, key);
        if (e != NULL) {
          hits++;
          value_sum += hash_value(e->value, e->vlen);
        } else {
          misses++;
        }
      } else if (op == 2) {
        if (lru_put(&c, key, r, &evicted, inject))
          inserted++;
        else
          updated++;
      } else if (((r >> 4) & 15) == 0) {
        entry_ref e = lru_find(&c, key);
        if (e != NULL) {
          lru_remove(&c, e);
          deleted++;
        }
      } else {
        entry_ref e = lru_get(&c, key);
        if (e != NULL) {
          hits++;
          value_sum += (unsigned char)e->value[0] + e->vlen;
        } else {
          misses++;
          lru_put(&c, key, r, &evicted, inject);
          inserted++;
        }
      }
    }
    /* The recency order, most recent first. */
    uint64_t order = 0, n = 0;
    for (entry_ref e = c.head; e != NULL; e = e->next)
      order = order * 31 + e->key + (uint64_t)e->value[e->vlen - 1] * ++n;
    printf("round %d: %" PRIu64 " hits %" PRIu64 " misses, %" PRIu64
           " inserted %" PRIu64 " updated %" PRIu64 " deleted, %zu cached\n",
           round, hits, misses, inserted, updated, deleted, c.count);
    mix(hits);
    mix(misses);
    mix(inserted);
    mix(updated);
    mix(deleted);
    mix(evicted);
    mix(value_sum);
    mix(order);
    mix((uint64_t)c.count);
    lru_free(&c);
  }
  printf("checksum: %016" PRIx64 "\n", checksum);
  return 0;
}
