/* strings.c - word frequencies of a generated text: strings and arrays.
 *
 * Each round generates a text of `words` words (syllables from a table,
 * a skewed vocabulary, capitalized sentences, commas, paragraphs) into a
 * growable char buffer, then:
 *
 *  - tokenizes it, walking the text with `const char *GR_REF` references
 *    (p++, p < end, p - start), each word lowercased into its own
 *    malloc'd `char *GR_REF` buffer, held in a growable array of
 *    `struct word` (realloc doubling, indexed with subscripts), word
 *    lengths counted in an `int *GR_REF` histogram;
 *  - counts the words in an open-addressing hash of strings (`struct slot
 *    *GR_REF`, rehash into a new array when half full);
 *  - sorts the words with qsort (strcmp) and checks every run's length
 *    against the hash's count; the run leaders go into a `uint32_t
 *    *GR_REF` index array;
 *  - word-wraps the distinct words (capitalized) into 72-column lines of
 *    an output buffer with memcpy, reverses every line in place with two
 *    references walking towards each other, sorts the index array by
 *    frequency and snprintf's a report line per top word into a `char
 *    *GR_REF` line buffer appended with strlen/memcpy;
 *  - hashes the output bytes, frees everything (the hash's keys, which
 *    point at the words' strings, first).
 *
 *     strings [words]         default 500000 words, 4 rounds
 *
 * The last line is `checksum: <16 hex digits>`, identical for every build.
 * -DINJECT_UAF: in round 1 a freed word's first character is read through
 * its reference.
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "genref.h"

#define ROUNDS 4
#define VOCAB_BITS 16
#define MAX_LEN 32 /* histogram buckets; longer words share the last one */
#define WIDTH 72
#define TOP 64

static const char *const syllables[16] = {
    "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo",
    "ber", "dan", "el", "for", "gan", "hul", "is", "or"};

/* A growable byte buffer. */
struct buf {
  char *GR_REF data;
  size_t len, cap;
};

struct word {
  char *GR_REF s; /* lowercased, NUL-terminated, malloc'd */
  size_t len;
  uint32_t hash;
  uint32_t count; /* run leaders, after sorting: the run's length */
};

struct wordvec {
  struct word *GR_REF a;
  size_t n, cap;
};

struct slot {
  char *GR_REF key; /* a word's string (owned by the wordvec) */
  uint32_t hash;
  uint32_t count;
};

struct counts {
  struct slot *GR_REF slots;
  size_t mask; /* slots - 1 */
  size_t used;
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
    fputs("strings: out of memory\n", stderr);
    exit(2);
  }
  return p;
}

static int is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char to_lower(char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static char to_upper(char c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }

/* ---------------------------------------------------------------- buf */

static void buf_init(struct buf *b, size_t cap) {
  b->data = xalloc(malloc(cap));
  b->len = 0;
  b->cap = cap;
}

static void buf_reserve(struct buf *b, size_t extra) {
  if (b->len + extra <= b->cap)
    return;
  while (b->len + extra > b->cap)
    b->cap *= 2;
  b->data = xalloc(realloc(b->data, b->cap));
}

static void buf_append(struct buf *b, const char *s, size_t n) {
  buf_reserve(b, n);
  memcpy(b->data + b->len, s, n);
  b->len += n;
}

static void buf_putc(struct buf *b, char c) {
  buf_reserve(b, 1);
  b->data[b->len++] = c;
}

static void buf_free(struct buf *b) {
  char *GR_REF data = b->data;
  b->data = NULL; /* nothing in memory refers to freed memory */
  b->len = b->cap = 0;
  free(data);
}

/* ------------------------------------------------------------ the text */

/* Vocabulary word k: its base-16 digits as syllables. Returns the length. */
static size_t vocab_word(unsigned k, char *out) {
  size_t n = 0;
  do {
    const char *s = syllables[k & 15];
    size_t l = strlen(s);
    memcpy(out + n, s, l);
    n += l;
    k >>= 4;
  } while (k != 0);
  return n;
}

static void gen_text(struct buf *text, long words) {
  char w[64];
  long in_sentence = 0, sentence_len = 0, sentences = 0;
  for (long i = 0; i < words; i++) {
    uint64_t r = rng_next();
    /* product of three uniforms: small indices (short words) are frequent */
    uint64_t k2 = ((r & 0xffff) * ((r >> 16) & 0xffff)) >> 16;
    unsigned k = (unsigned)((k2 * ((r >> 48) & 0xffff)) >> 16);
    size_t n = vocab_word(k, w);
    if (in_sentence == 0) {
      sentence_len = 5 + (long)((r >> 32) % 12);
      w[0] = to_upper(w[0]);
    }
    buf_append(text, w, n);
    if (++in_sentence == sentence_len) {
      in_sentence = 0;
      if (++sentences % 7 == 0)
        buf_append(text, ".\n\n", 3);
      else
        buf_append(text, ". ", 2);
    } else if ((r >> 40) % 9 == 0) {
      buf_append(text, ", ", 2);
    } else {
      buf_putc(text, ' ');
    }
  }
}

/* ------------------------------------------------------------ tokenize */

static void wordvec_push(struct wordvec *v, char *GR_REF s, size_t len,
                         uint32_t hash) {
  if (v->n == v->cap) {
    v->cap = v->cap ? 2 * v->cap : 1024;
    v->a = xalloc(realloc(v->a, v->cap * sizeof *v->a));
  }
  v->a[v->n].s = s;
  v->a[v->n].len = len;
  v->a[v->n].hash = hash;
  v->a[v->n].count = 0;
  v->n++;
}

static void tokenize(const struct buf *text, struct wordvec *v,
                     int *GR_REF hist) {
  const char *GR_REF p = text->data;
  const char *GR_REF end = text->data + text->len;
  while (p < end) {
    while (p < end && !is_alpha(*p))
      p++;
    if (p == end)
      break;
    const char *GR_REF start = p;
    while (p < end && is_alpha(*p))
      p++;
    size_t len = (size_t)(p - start);
    char *GR_REF s = xalloc(malloc(len + 1));
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
      s[i] = to_lower(start[i]);
      h = (h ^ (unsigned char)s[i]) * 16777619u;
    }
    s[len] = '\0';
    hist[len < MAX_LEN ? len : MAX_LEN - 1]++;
    wordvec_push(v, s, len, h);
  }
}

/* --------------------------------------------------------- hash counts */

static void counts_init(struct counts *t, size_t n) {
  t->slots = xalloc(malloc(n * sizeof *t->slots));
  for (size_t i = 0; i < n; i++) {
    t->slots[i].key = NULL;
    t->slots[i].hash = 0;
    t->slots[i].count = 0;
  }
  t->mask = n - 1;
  t->used = 0;
}

static void counts_grow(struct counts *t) {
  struct slot *GR_REF old = t->slots;
  size_t old_n = t->mask + 1;
  counts_init(t, 2 * old_n);
  for (size_t i = 0; i < old_n; i++) {
    if (old[i].key == NULL)
      continue;
    size_t j = old[i].hash & t->mask;
    while (t->slots[j].key != NULL)
      j = (j + 1) & t->mask;
    t->slots[j].key = old[i].key;
    t->slots[j].hash = old[i].hash;
    t->slots[j].count = old[i].count;
    old[i].key = NULL; /* moved */
    t->used++;
  }
  free(old);
}

static void counts_add(struct counts *t, char *GR_REF s, uint32_t hash) {
  size_t i = hash & t->mask;
  while (t->slots[i].key != NULL) {
    if (t->slots[i].hash == hash && strcmp(t->slots[i].key, s) == 0) {
      t->slots[i].count++;
      return;
    }
    i = (i + 1) & t->mask;
  }
  t->slots[i].key = s;
  t->slots[i].hash = hash;
  t->slots[i].count = 1;
  if (++t->used * 2 > t->mask + 1)
    counts_grow(t);
}

static uint32_t counts_get(const struct counts *t, const char *s,
                           uint32_t hash) {
  for (size_t i = hash & t->mask; t->slots[i].key != NULL;
       i = (i + 1) & t->mask)
    if (t->slots[i].hash == hash && strcmp(t->slots[i].key, s) == 0)
      return t->slots[i].count;
  return 0;
}

static void counts_free(struct counts *t) {
  for (size_t i = 0; i <= t->mask; i++)
    t->slots[i].key = NULL; /* the strings are the wordvec's */
  struct slot *GR_REF slots = t->slots;
  t->slots = NULL;
  t->used = 0;
  free(slots);
}

/* ------------------------------------------------------------- sorting */

static int cmp_word(const void *a, const void *b) {
  const struct word *x = a, *y = b;
  return strcmp(x->s, y->s);
}

static struct word *GR_REF sorted_words; /* for cmp_freq */

static int cmp_freq(const void *a, const void *b) {
  uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
  if (sorted_words[i].count != sorted_words[j].count)
    return sorted_words[i].count > sorted_words[j].count ? -1 : 1;
  return strcmp(sorted_words[i].s, sorted_words[j].s);
}

/* ---------------------------------------------------------- the output */

/* Reverses every line of b in place. */
static void reverse_lines(struct buf *b) {
  char *GR_REF p = b->data;
  char *GR_REF end = b->data + b->len;
  while (p < end) {
    char *GR_REF q = p;
    while (q < end && *q != '\n')
      q++;
    char *GR_REF next = q;
    while (p < --q) {
      char c = *p;
      *p++ = *q;
      *q = c;
    }
    p = next + 1;
  }
}

static uint64_t hash_bytes(const char *GR_REF p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)p[i]) * 0x100000001b3ULL;
  return h;
}

int main(int argc, char **argv) {
  long words = 500000;
  if (argc > 1) {
    words = atol(argv[1]);
    if (words < 16 || words > 100000000) {
      fprintf(stderr, "usage: strings [words >= 16]\n");
      return 2;
    }
  }
  printf("strings: %ld words, %d rounds\n", words, ROUNDS);
  for (int round = 0; round < ROUNDS; round++) {
    rng_state = 0x9E3779B97F4A7C15ULL + (uint64_t)round * 104729;

    struct buf text;
    buf_init(&text, 4096);
    gen_text(&text, words);

    struct wordvec v = {NULL, 0, 0};
    int *GR_REF hist = xalloc(calloc(MAX_LEN, sizeof *hist));
    tokenize(&text, &v, hist);

    struct counts t;
    counts_init(&t, 1024);
    for (size_t i = 0; i < v.n; i++)
      counts_add(&t, v.a[i].s, v.a[i].hash);

    qsort(v.a, v.n, sizeof *v.a, cmp_word);

    /* Runs of equal words: each must be as long as the hash counted. */
    uint32_t *GR_REF uniq = xalloc(malloc(t.used * sizeof *uniq));
    size_t nuniq = 0;
    uint64_t mismatches = 0;
    for (size_t i = 0; i < v.n;) {
      size_t j = i + 1;
      while (j < v.n && v.a[j].hash == v.a[i].hash &&
             strcmp(v.a[j].s, v.a[i].s) == 0)
        j++;
      v.a[i].count = (uint32_t)(j - i);
      if (counts_get(&t, v.a[i].s, v.a[i].hash) != v.a[i].count)
        mismatches++;
      uniq[nuniq++] = (uint32_t)i;
      i = j;
    }

    /* The distinct words, capitalized, wrapped at WIDTH columns. */
    struct buf out;
    buf_init(&out, 4096);
    size_t col = 0;
    for (size_t u = 0; u < nuniq; u++) {
      const struct word *GR_REF w = &v.a[uniq[u]];
      if (col > 0 && col + 1 + w->len > WIDTH) {
        buf_putc(&out, '\n');
        col = 0;
      } else if (col > 0) {
        buf_putc(&out, ' ');
        col++;
      }
      buf_reserve(&out, w->len);
      memcpy(out.data + out.len, w->s, w->len);
      out.data[out.len] = to_upper(out.data[out.len]);
      out.len += w->len;
      col += w->len;
    }
    buf_putc(&out, '\n');
    reverse_lines(&out);

    /* The most frequent words, one report line each. */
    sorted_words = v.a;
    qsort(uniq, nuniq, sizeof *uniq, cmp_freq);
    sorted_words = NULL;
    char *GR_REF line = xalloc(malloc(128));
    for (size_t u = 0; u < nuniq && u < TOP; u++) {
      const struct word *GR_REF w = &v.a[uniq[u]];
      snprintf(line, 128, "%3zu %-24s %6" PRIu32 " %2zu\n", u + 1, w->s,
               w->count, w->len);
      buf_append(&out, line, strlen(line));
    }
    free(line);

    uint64_t out_hash = hash_bytes(out.data, out.len);
    printf("round %d: %zu bytes of text, %zu words, %zu distinct, "
           "most frequent '%s' x%" PRIu32 ", %zu bytes out, %" PRIu64
           " mismatches\n",
           round, text.len, v.n, nuniq, v.a[uniq[0]].s, v.a[uniq[0]].count,
           out.len, mismatches);
    mix(text.len);
    mix(v.n);
    mix(nuniq);
    mix(mismatches);
    mix(out_hash);
    for (int i = 0; i < MAX_LEN; i++)
      mix((uint64_t)hist[i]);

    counts_free(&t);
    int inject = 0;
#ifdef INJECT_UAF
    inject = round == 1;
#endif
    uint64_t freed = 0;
    for (size_t i = 0; i < v.n; i++) {
      char *GR_REF s = v.a[i].s;
      v.a[i].s = NULL;
      free(s);
      if (inject && i == v.n / 2) /* -DINJECT_UAF: use after free */
        freed += (unsigned char)s[0];
      freed++;
    }
    mix(freed);
    struct word *GR_REF a = v.a;
    v.a = NULL;
    free(a);
    free(uniq);
    free(hist);
    buf_free(&out);
    buf_free(&text);
  }
  printf("checksum: %016" PRIx64 "\n", checksum);
  return 0;
}
