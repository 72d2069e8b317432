// Readers race with writers of one shared reference field. The compact
// layout's reference is one 64-bit word, stored and loaded whole (as the
// plugin's generated code does: one 8-byte store, one 8-byte load; here
// __atomic_store_n / __atomic_load_n on the word), so a reader always gets
// a reference some writer stored, never the address of one and the
// generation of another.
//
// Two writers each own 4 objects; each step stores a reference to one of
// them into the field, or frees one (the field may still refer to it) and
// allocates a new one in its place. Each object keeps its own identity
// (address, generation), written before any reference to it is published.
// Before a value is stored, the writer adds it to an insert-only set of
// every value ever stored. Two readers load the field and check:
//   - torn: the loaded value is not in the set (never stored as a whole);
//   - wrong object: gr_ref_alive() validated the reference, and while the
//     header still held the reference's generation the object's identity
//     said another (address, generation): the reference was validated
//     against an object it was not made from.
// Both must be 0 in the compact layout (the run also shows that stale
// references were seen and refused: dead > 0). The same program built for
// the fat layout (two 8-byte words, two stores, two loads) reports its
// torn count for information only: a fat field written concurrently can
// tear, which is why the compact layout says a racing reader "reads one
// whole reference".
//
// RUN: %cc -DGENREF_LAYOUT_COMPACT -O2 %s -o %t.compact %obj_root/lib/libgenref_rt_compact.a -lpthread
// RUN: %run %t.compact 4000000 | FileCheck --check-prefix=COMPACT %s
// COMPACT: layout compact: reader loads {{[1-9][0-9]*}}, alive {{[1-9][0-9]*}}, dead {{[1-9][0-9]*}}, torn 0, wrong object 0
// COMPACT: OK
// RUN: %cc -UGENREF_LAYOUT_COMPACT -O2 %s -o %t.fat %obj_root/lib/libgenref_rt.a -lpthread
// RUN: %run %t.fat 4000000 | FileCheck --check-prefix=FAT %s
// FAT: layout fat: reader loads {{[1-9][0-9]*}}, alive {{[0-9]+}}, dead {{[0-9]+}}, torn {{[0-9]+}}, wrong object {{[0-9]+}}
#define _GNU_SOURCE
#include "genref/rt.h"
#include "genref/stats.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WRITERS 2
#define READERS 2
#define OBJS 4

#define REQUIRE(c)                                                             \
  do {                                                                         \
    if (!(c)) {                                                                \
      fprintf(stderr, "%s:%d: REQUIRE failed: %s\n", __FILE__, __LINE__, #c);  \
      abort();                                                                 \
    }                                                                          \
  } while (0)

struct obj {
  uint64_t id_addr, id_gen;
};

/* ---- the shared field, accessed as the generated code would ---- */
static gr_ref_t field; /* null: all zero in both layouts */

#if defined(GENREF_LAYOUT_COMPACT)
static void field_store(gr_ref_t r) { __atomic_store_n(&field.w, r.w, __ATOMIC_RELEASE); }
static gr_ref_t field_load(void) {
  gr_ref_t r;
  r.w = __atomic_load_n(&field.w, __ATOMIC_ACQUIRE);
  return r;
}
#else
/* Two words: two stores, two loads (the generated code's struct copy). */
static void field_store(gr_ref_t r) {
  __atomic_store_n(&field.ptr, r.ptr, __ATOMIC_RELEASE);
  __atomic_store_n(&field.gen, r.gen, __ATOMIC_RELEASE);
}
static gr_ref_t field_load(void) {
  gr_ref_t r;
  r.ptr = __atomic_load_n(&field.ptr, __ATOMIC_ACQUIRE);
  r.gen = __atomic_load_n(&field.gen, __ATOMIC_ACQUIRE);
  return r;
}
#endif

/* ---- every value ever stored: an insert-only lock-free set ---- */
#define SET_BITS 22
#define SET_SIZE ((size_t)1 << SET_BITS)
static uint64_t *stored;

/* Exact for references into the heap's arena (at most 1 TiB: addresses
 * differ in their low 40 bits) with generations below 2^24; never 0 (a
 * reference's generation is odd). */
static uint64_t key_of(gr_ref_t r) {
  uint64_t a = (uint64_t)(uintptr_t)gr_ref_ptr(r), g = gr_ref_gen(r);
  REQUIRE(g < ((uint64_t)1 << 24));
  return (a & (((uint64_t)1 << 40) - 1)) | g << 40;
}
static size_t slot_of(uint64_t k) {
  return (size_t)((k * UINT64_C(0x9E3779B97F4A7C15)) >> (64 - SET_BITS));
}
static void set_add(uint64_t k) {
  for (size_t i = slot_of(k), n = 0;; i = (i + 1) & (SET_SIZE - 1), n++) {
    REQUIRE(n < SET_SIZE / 2);
    uint64_t cur = __atomic_load_n(&stored[i], __ATOMIC_ACQUIRE);
    if (cur == k)
      return;
    if (cur == 0 && __atomic_compare_exchange_n(&stored[i], &cur, k, 0,
                                                __ATOMIC_RELEASE, __ATOMIC_ACQUIRE))
      return;
    if (cur == k)
      return;
  }
}
static int set_has(uint64_t k) {
  for (size_t i = slot_of(k);; i = (i + 1) & (SET_SIZE - 1)) {
    uint64_t cur = __atomic_load_n(&stored[i], __ATOMIC_ACQUIRE);
    if (cur == k)
      return 1;
    if (cur == 0)
      return 0;
  }
}

static struct obj *new_obj(void) {
  struct obj *o = gr_alloc(sizeof *o);
  REQUIRE(o);
  __atomic_store_n(&o->id_addr, (uint64_t)(uintptr_t)o, __ATOMIC_RELAXED);
  __atomic_store_n(&o->id_gen, _gr_hdr_peek(o), __ATOMIC_RELAXED);
  return o;
}

static long steps;
static int writers_done;

static void *writer(void *arg) {
  uint64_t seed = 0x243F6A8885A308D3ull * (uint64_t)(uintptr_t)arg + 1;
  struct obj *own[OBJS];
  for (int i = 0; i < OBJS; i++)
    own[i] = new_obj();
  for (long s = 0; s < steps; s++) {
    seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
    int i = (int)(seed % OBJS);
    if ((seed >> 32) % 8 == 0) {
      gr_free(own[i], NULL); /* the field may still refer to it */
      own[i] = new_obj();
    } else {
      gr_ref_t r = gr_ref_from_new(own[i]);
      set_add(key_of(r));
      field_store(r);
    }
  }
  for (int i = 0; i < OBJS; i++)
    gr_free(own[i], NULL);
  return NULL;
}

struct counts {
  long loads, alive, dead, torn, wrong;
};

static void *reader(void *arg) {
  struct counts *c = arg;
  while (!__atomic_load_n(&writers_done, __ATOMIC_ACQUIRE)) {
    gr_ref_t r = field_load();
    if (gr_ref_is_null(r))
      continue;
    c->loads++;
    if (!set_has(key_of(r)))
      c->torn++;
    if (!gr_ref_alive(r)) {
      c->dead++;
      continue;
    }
    struct obj *o = gr_ref_ptr(r);
    uint64_t addr = __atomic_load_n(&o->id_addr, __ATOMIC_ACQUIRE);
    uint64_t gen = __atomic_load_n(&o->id_gen, __ATOMIC_ACQUIRE);
    if (_gr_hdr_peek(o) != gr_ref_gen(r)) { /* freed meanwhile: the identity may be the next one's */
      c->dead++;
      continue;
    }
    c->alive++;
    if (addr != (uint64_t)(uintptr_t)o || gen != gr_ref_gen(r))
      c->wrong++;
  }
  return NULL;
}

int main(int argc, char **argv) {
  steps = argc > 1 ? atol(argv[1]) : 4000000;
  stored = calloc(SET_SIZE, sizeof *stored);
  REQUIRE(stored);
  pthread_t w[WRITERS], r[READERS];
  struct counts c[READERS];
  memset(c, 0, sizeof c);
  for (int i = 0; i < READERS; i++)
    REQUIRE(pthread_create(&r[i], NULL, reader, &c[i]) == 0);
  for (long i = 0; i < WRITERS; i++)
    REQUIRE(pthread_create(&w[i], NULL, writer, (void *)(i + 1)) == 0);
  for (int i = 0; i < WRITERS; i++)
    pthread_join(w[i], NULL);
  __atomic_store_n(&writers_done, 1, __ATOMIC_RELEASE);
  struct counts t = {0};
  for (int i = 0; i < READERS; i++) {
    pthread_join(r[i], NULL);
    t.loads += c[i].loads, t.alive += c[i].alive, t.dead += c[i].dead;
    t.torn += c[i].torn, t.wrong += c[i].wrong;
  }
  printf("layout %s: reader loads %ld, alive %ld, dead %ld, torn %ld, wrong object %ld\n",
         GENREF_LAYOUT_NAME, t.loads, t.alive, t.dead, t.torn, t.wrong);
#if defined(GENREF_LAYOUT_COMPACT)
  REQUIRE(t.torn == 0 && t.wrong == 0);
#endif
  printf("OK\n");
  return 0;
}
