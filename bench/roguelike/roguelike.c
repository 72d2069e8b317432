/* roguelike.c - a turn-based skirmish on a tile grid, in the spirit of
 * Vale's BenchmarkRL.
 *
 * The level is a W x H array of weakable tiles (one heap allocation with
 * one generation: a reference to a tile is an interior reference into
 * it, docs/design.md). Every unit stands on a tile and
 * holds a GR_REF to it; the tile holds a GR_REF back to its occupant. Each
 * unit also holds a GR_WEAK reference to the unit it is hunting: that unit
 * may be killed by somebody else at any moment and its memory freed, so the
 * hunter asks gr_alive(target) every turn before using it.
 *
 * Each turn every unit, in order of birth (a doubly linked list, GR_REF
 * prev/next):
 *   - with no live target, or one farther than LOSE_DIST, looks for the
 *     nearest unit within SIGHT tiles (row-major scan, first of the nearest);
 *   - next to its target: attacks (damage 1..atk); a unit whose hp drops to
 *     0 dies: it leaves its tile and the list and is freed, while hunters
 *     elsewhere still hold weak references to it;
 *   - otherwise steps towards its target, or wanders if it has none.
 * After the units have acted, new units spawn on random free tiles (up to
 * POPULATION alive). Everything is driven by a seeded PRNG.
 *
 *   roguelike [turns]     (default 5000)
 *
 * Without genref, gr_alive(p) only means p != NULL, so a dying unit must
 * clear every hunter's reference to it: each unit keeps an intrusive list of
 * the units hunting it (compiled only without __GENREF__). That bookkeeping
 * is what the generation check replaces.
 *
 * The last line is `checksum: <16 hex digits>`, a hash of the numbers
 * printed before it. rust/ holds the same program in Rust (Rc/Weak, and an
 * index + generation arena): identical output.
 *
 * -DINJECT_UAF: a unit reads its victim through a GR_REF after killing it.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "genref.h"

#define W 256
#define H 256
#define POPULATION 10000
#define INITIAL_UNITS 8000
#define SPAWN_ATTEMPTS 256 /* per turn */
#define SIGHT 5
#define LOSE_DIST 8
#define MAX_HP 80
#define DEFAULT_TURNS 5000L

/* ------------------------------------------------- PRNG and checksum */

static uint64_t rng_state = 0xD1B54A32D192ED03ull;
static uint32_t rng_next(void) {
  rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(rng_state >> 32);
}
static uint32_t rng_below(uint32_t bound) { return rng_next() % bound; }

static void hash_add(uint64_t *h, uint64_t x) {
  *h = (*h ^ x) * 1099511628211ull;
  *h ^= *h >> 32;
}
#define HASH_INIT 14695981039346656037ull

static void *xalloc(void *p) {
  if (!p) {
    fputs("roguelike: out of memory\n", stderr);
    exit(2);
  }
  return p;
}

/* ------------------------------------------------------------- types */

struct unit;

struct GR_WEAKABLE tile {
  int x, y;
  int wall;
  uint32_t visits; /* footprints: how many times a unit stepped here */
  struct unit *GR_REF occupant; /* NULL: free */
};

struct GR_WEAKABLE unit {
  uint64_t id;
  int hp;
  int atk;
  uint32_t kills;
  struct tile *GR_REF tile;
  struct unit *GR_WEAK target; /* may be killed by somebody else */
  struct unit *GR_REF prev;    /* the list of units, in order of birth */
  struct unit *GR_REF next;
#ifndef __GENREF__
  struct unit *hunters;     /* units whose target is this one */
  struct unit *hunt_next;   /* links in target->hunters */
  struct unit *hunt_prev;
#endif
};

typedef struct tile *GR_REF tile_ref;
typedef struct unit *GR_REF unit_ref;

/* ------------------------------------------------------------- state */

static struct tile *grid; /* W * H tiles, row-major */
static unit_ref first;
static unit_ref last;
static uint32_t unit_count;

static uint64_t next_id = 1;
static uint64_t spawned, killed, attacks, moves, retargets, lost;

static int iabs(int v) { return v < 0 ? -v : v; }
static int imax(int a, int b) { return a > b ? a : b; }
static int imin(int a, int b) { return a < b ? a : b; }
static int isign(int v) { return (v > 0) - (v < 0); }

static int distance(unit_ref a, unit_ref b) {
  tile_ref ta = a->tile;
  tile_ref tb = b->tile;
  return imax(iabs(ta->x - tb->x), iabs(ta->y - tb->y));
}

/* ------------------------------------------------------------- targets */

#ifndef __GENREF__
static void hunt_unlink(struct unit *u) {
  struct unit *t = u->target;
  if (u->hunt_prev)
    u->hunt_prev->hunt_next = u->hunt_next;
  else
    t->hunters = u->hunt_next;
  if (u->hunt_next)
    u->hunt_next->hunt_prev = u->hunt_prev;
}
#endif

static void set_target(unit_ref u, unit_ref t) {
#ifndef __GENREF__
  if (u->target != NULL)
    hunt_unlink(u);
  u->hunt_prev = NULL;
  u->hunt_next = NULL;
  if (t != NULL) {
    u->hunt_next = t->hunters;
    if (t->hunters)
      t->hunters->hunt_prev = u;
    t->hunters = u;
  }
#endif
  u->target = t;
}

/* The nearest other unit within SIGHT; the first in row-major order among
 * the nearest. NULL if there is none. */
static unit_ref find_nearest(unit_ref u) {
  tile_ref here = u->tile;
  int x = here->x, y = here->y;
  unit_ref best = NULL;
  int best_d = SIGHT + 1;
  for (int yy = imax(0, y - SIGHT); yy <= imin(H - 1, y + SIGHT); yy++) {
    for (int xx = imax(0, x - SIGHT); xx <= imin(W - 1, x + SIGHT); xx++) {
      struct tile *t = &grid[yy * W + xx];
      if (t->occupant == NULL || (xx == x && yy == y))
        continue;
      int d = imax(iabs(xx - x), iabs(yy - y));
      if (d < best_d) {
        best_d = d;
        best = t->occupant;
      }
    }
  }
  return best;
}

/* ------------------------------------------------------- birth and death */

static void spawn(struct tile *where) {
  unit_ref u = xalloc(malloc(sizeof *u));
  u->id = next_id++;
  u->hp = 30 + (int)rng_below(30);
  u->atk = 2 + (int)rng_below(4);
  u->kills = 0;
  u->tile = where;
  u->target = NULL;
#ifndef __GENREF__
  u->hunters = NULL;
  u->hunt_next = NULL;
  u->hunt_prev = NULL;
#endif
  where->occupant = u;
  u->prev = last;
  u->next = NULL;
  if (last != NULL)
    last->next = u;
  else
    first = u;
  last = u;
  unit_count++;
  spawned++;
}

/* Up to `attempts` random tiles; a unit on each free one, while fewer than
 * `limit` are alive. */
static void spawn_some(int attempts, uint32_t limit) {
  for (int a = 0; a < attempts && unit_count < limit; a++) {
    struct tile *t = &grid[rng_below(W * H)];
    if (!t->wall && t->occupant == NULL)
      spawn(t);
  }
}

/* Leaves the tile and the list and frees the unit. Hunters elsewhere keep
 * their (weak) references to it. */
static void destroy(unit_ref u) {
  u->tile->occupant = NULL;
  if (u->prev != NULL)
    u->prev->next = u->next;
  else
    first = u->next;
  if (u->next != NULL)
    u->next->prev = u->prev;
  else
    last = u->prev;
#ifndef __GENREF__
  set_target(u, NULL);
  for (struct unit *h = u->hunters; h != NULL; h = h->hunt_next)
    h->target = NULL;
#endif
  free(u);
  unit_count--;
}

/* ------------------------------------------------------------- actions */

static int try_move(unit_ref u, int dx, int dy) {
  tile_ref from = u->tile;
  int nx = from->x + dx, ny = from->y + dy;
  if (nx < 0 || nx >= W || ny < 0 || ny >= H)
    return 0;
  struct tile *to = &grid[ny * W + nx];
  if (to->wall || to->occupant != NULL)
    return 0;
  from->occupant = NULL;
  to->occupant = u;
  to->visits++;
  u->tile = to;
  moves++;
  return 1;
}

static const int dir_x[8] = {-1, 0, 1, -1, 1, -1, 0, 1};
static const int dir_y[8] = {-1, -1, -1, 0, 0, 1, 1, 1};

static void act(unit_ref u) {
  if (gr_alive(u->target) && distance(u, u->target) > LOSE_DIST) {
    set_target(u, NULL);
    lost++;
  }
  if (!gr_alive(u->target)) {
    unit_ref t = find_nearest(u);
    set_target(u, t);
    if (t != NULL)
      retargets++;
  }
  if (!gr_alive(u->target)) {
    uint32_t d = rng_below(8);
    try_move(u, dir_x[d], dir_y[d]);
    return;
  }
  unit_ref t = u->target; /* alive: checked just above */
  if (distance(u, t) <= 1) {
    t->hp -= 1 + (int)rng_below((uint32_t)u->atk);
    attacks++;
    if (t->hp <= 0) {
      destroy(t);
      killed++;
      u->kills++;
      u->hp = imin(MAX_HP, u->hp + 3);
#ifdef INJECT_UAF
      /* THE BUG: `t` was freed by destroy() above. */
      if (killed == 100)
        u->hp += t->hp;
#endif
    }
    return;
  }
  tile_ref a = u->tile;
  tile_ref b = t->tile;
  int dx = isign(b->x - a->x), dy = isign(b->y - a->y);
  if (try_move(u, dx, dy))
    return;
  if (dx != 0 && dy != 0 && !try_move(u, dx, 0)) /* blocked diagonally */
    try_move(u, 0, dy);
}

int main(int argc, char **argv) {
  long turns = DEFAULT_TURNS;
  if (argc > 1)
    turns = atol(argv[1]);

  grid = xalloc(malloc((size_t)W * H * sizeof(struct tile)));
  for (int i = 0; i < W * H; i++) {
    grid[i].x = i % W;
    grid[i].y = i / W;
    grid[i].wall = rng_below(8) == 0;
    grid[i].visits = 0;
    grid[i].occupant = NULL;
  }
  while (unit_count < INITIAL_UNITS)
    spawn_some(1, INITIAL_UNITS);

  for (long turn = 0; turn < turns; turn++) {
    unit_ref u = first;
    while (u != NULL) {
      act(u);
      u = u->next; /* after act: the unit it killed may have been next */
    }
    spawn_some(SPAWN_ATTEMPTS, POPULATION);
  }

  uint64_t state = HASH_INIT;
  for (unit_ref u = first; u != NULL; u = u->next) {
    hash_add(&state, u->id);
    hash_add(&state, (uint64_t)u->hp);
    hash_add(&state, u->kills);
    hash_add(&state, (uint64_t)u->tile->x);
    hash_add(&state, (uint64_t)u->tile->y);
    struct unit *GR_WEAK t = u->target;
    hash_add(&state, gr_alive(t) ? t->id : 0);
  }
  uint64_t tiles = HASH_INIT;
  for (int i = 0; i < W * H; i++)
    hash_add(&tiles, grid[i].visits);

  uint64_t alive = unit_count;
  printf("roguelike: %dx%d, %ld turns\n", W, H, turns);
  printf("units: alive %" PRIu64 " spawned %" PRIu64 " killed %" PRIu64 "\n",
         alive, spawned, killed);
  printf("actions: attacks %" PRIu64 " moves %" PRIu64 " retargets %" PRIu64
         " lost %" PRIu64 "\n",
         attacks, moves, retargets, lost);
  printf("state: %016" PRIx64 " tiles %016" PRIx64 "\n", state, tiles);
  uint64_t checksum = HASH_INIT;
  hash_add(&checksum, (uint64_t)turns);
  hash_add(&checksum, alive);
  hash_add(&checksum, spawned);
  hash_add(&checksum, killed);
  hash_add(&checksum, attacks);
  hash_add(&checksum, moves);
  hash_add(&checksum, retargets);
  hash_add(&checksum, lost);
  hash_add(&checksum, state);
  hash_add(&checksum, tiles);

  while (first != NULL)
    destroy(first);
  free(grid);
  printf("checksum: %016" PRIx64 "\n", checksum);
  return 0;
}
