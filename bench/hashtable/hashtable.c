/* hashtable.c - a chained hash table under insert/lookup/delete churn.
 *
 * Entries are `struct entry` objects chained per bucket through GR_REF
 * `next` references; the table doubles (and relinks every chain) when it
 * holds more entries than buckets. A seeded PRNG drives OPS operations per
 * round over a key space of `keys` keys: 50% lookups, 25% inserts (update
 * when present), 25% deletes; at the end of a round the table is freed.
 *
 * In front of the table sits a small direct-mapped lookup cache of GR_WEAK
 * references: deletes do not touch it, so a cached entry may be gone, and
 * lookups ask gr_alive() before trusting it. (Plain C cannot ask: without
 * genref, a delete also clears the cache slot when it holds the entry.)
 *
 *     hashtable [keys]        default 400000 keys, 4 rounds of 4M ops
 *
 * The last line is `checksum: <16 hex digits>`, identical for every build.
 * -DINJECT_UAF: in round 1 a deleted entry is read through a reference.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "genref.h"

#define ROUNDS 4
#define OPS_PER_KEY 10
#define CACHE_BITS 12
#define CACHE_SIZE (1u << CACHE_BITS)

struct GR_WEAKABLE entry {
  uint64_t key;
  uint64_t value;
  struct entry *GR_REF next;
};

typedef struct entry *GR_REF entry_ref;

/* One bucket: the head of its chain. (A plain `entry_ref *` array is what
 * one would write; the plugin rejected assigning malloc() to it until
 * 909d6f5, BUG 6. Same layout.) */
struct bucket {
  entry_ref head;
};

struct table {
  struct bucket *buckets;
  unsigned bits; /* 1 << bits buckets */
  size_t count;
  struct entry *GR_WEAK cache[CACHE_SIZE];
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
    fputs("hashtable: out of memory\n", stderr);
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

static unsigned cache_slot(uint64_t key) {
  return (unsigned)(key * 0x9E3779B97F4A7C15ULL >> (64 - CACHE_BITS));
}

/* --------------------------------------------------------------- table */

static void table_init(struct table *t, unsigned bits) {
  t->bits = bits;
  t->count = 0;
  t->buckets = xalloc(calloc((size_t)1 << bits, sizeof(struct bucket)));
  for (size_t i = 0; i < ((size_t)1 << bits); i++)
    t->buckets[i].head = NULL;
  for (unsigned i = 0; i < CACHE_SIZE; i++)
    t->cache[i] = NULL;
}

static struct bucket *bucket_of(struct table *t, uint64_t key) {
  return &t->buckets[hash_key(key) >> (64 - t->bits)];
}

static void table_grow(struct table *t) {
  struct bucket *old = t->buckets;
  size_t old_n = (size_t)1 << t->bits;
  t->bits++;
  t->buckets = xalloc(calloc((size_t)1 << t->bits, sizeof(struct bucket)));
  for (size_t i = 0; i < ((size_t)1 << t->bits); i++)
    t->buckets[i].head = NULL;
  for (size_t i = 0; i < old_n; i++) {
    entry_ref e = old[i].head;
    old[i].head = NULL;
    while (e != NULL) {
      entry_ref next = e->next;
      struct bucket *b = bucket_of(t, e->key);
      e->next = b->head;
      b->head = e;
      e = next;
    }
  }
  free(old);
}

static entry_ref table_find(struct table *t, uint64_t key) {
  unsigned slot = cache_slot(key);
  if (gr_alive(t->cache[slot]) && t->cache[slot]->key == key)
    return t->cache[slot];
  for (entry_ref e = bucket_of(t, key)->head; e != NULL; e = e->next)
    if (e->key == key) {
      t->cache[slot] = e;
      return e;
    }
  return NULL;
}

/* Returns 1 when the key was new. */
static int table_put(struct table *t, uint64_t key, uint64_t value) {
  entry_ref e = table_find(t, key);
  if (e != NULL) {
    e->value = value;
    return 0;
  }
  if (t->count >= ((size_t)1 << t->bits))
    table_grow(t);
  struct bucket *b = bucket_of(t, key);
  e = xalloc(malloc(sizeof(struct entry)));
  e->key = key;
  e->value = value;
  e->next = b->head;
  b->head = e;
  t->count++;
  return 1;
}

/* Returns the deleted entry's value + 1, or 0 when the key was absent. */
static uint64_t table_delete(struct table *t, uint64_t key, int inject) {
  struct bucket *b = bucket_of(t, key);
  entry_ref prev = NULL;
  for (entry_ref e = b->head; e != NULL; e = e->next) {
    if (e->key == key) {
      if (prev != NULL)
        prev->next = e->next;
      else
        b->head = e->next;
      uint64_t v = e->value + 1;
#ifndef __GENREF__
      /* Plain C: the cache would dangle. */
      unsigned slot = cache_slot(key);
      if (t->cache[slot] == e)
        t->cache[slot] = NULL;
#endif
      free(e);
      t->count--;
      if (inject) /* -DINJECT_UAF: use after free */
        v += e->value;
      return v;
    }
    prev = e;
  }
  return 0;
}

static void table_free(struct table *t) {
  for (size_t i = 0; i < ((size_t)1 << t->bits); i++) {
    entry_ref e = t->buckets[i].head;
    t->buckets[i].head = NULL; /* nothing in memory refers to a freed entry */
    while (e != NULL) {
      entry_ref next = e->next;
      free(e);
      e = next;
    }
  }
  free(t->buckets);
  t->buckets = NULL;
  t->count = 0;
}

int main(int argc, char **argv) {
  long keys = 400000;
  if (argc > 1) {
    keys = atol(argv[1]);
    if (keys < 16 || keys > 100000000) {
      fprintf(stderr, "usage: hashtable [keys >= 16]\n");
      return 2;
    }
  }
  long ops = keys * OPS_PER_KEY;
  printf("hashtable: %ld keys, %d rounds of %ld operations\n", keys, ROUNDS,
         ops);
  for (int round = 0; round < ROUNDS; round++) {
    rng_state = 0x3C6EF372FE94F82BULL + (uint64_t)round * 15485863;
    struct table t;
    table_init(&t, 4);
    uint64_t hits = 0, misses = 0, found_sum = 0, inserted = 0, updated = 0,
             deleted = 0, absent = 0, deleted_sum = 0;
    for (long i = 0; i < ops; i++) {
      uint64_t r = rng_next();
      uint64_t key = (r >> 16) % (uint64_t)keys;
      unsigned op = (unsigned)(r & 3);
      if (op <= 1) {
        entry_ref e = table_find(&t, key);
        if (e != NULL) {
          hits++;
          found_sum += e->value;
        } else {
          misses++;
        }
      } else if (op == 2) {
        if (table_put(&t, key, r >> 20))
          inserted++;
        else
          updated++;
      } else {
        int inject = 0;
#ifdef INJECT_UAF
        inject = round == 1 && i >= ops / 2; /* the first hit from here */
#endif
        uint64_t v = table_delete(&t, key, inject);
        if (v != 0) {
          deleted++;
          deleted_sum += v;
        } else {
          absent++;
        }
      }
    }
    printf("round %d: %" PRIu64 " hits %" PRIu64 " misses, %" PRIu64
           " inserted %" PRIu64 " updated, %" PRIu64 " deleted %" PRIu64
           " absent, %zu left in %u buckets\n",
           round, hits, misses, inserted, updated, deleted, absent, t.count,
           1u << t.bits);
    mix(hits);
    mix(misses);
    mix(found_sum);
    mix(inserted);
    mix(updated);
    mix(deleted);
    mix(deleted_sum);
    mix((uint64_t)t.count);
    table_free(&t);
  }
  printf("checksum: %016" PRIx64 "\n", checksum);
  return 0;
}
