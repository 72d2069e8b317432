/* json.c - a JSON document: generate, parse into a tree, query, edit,
 * print, parse the print again, free.
 *
 * Each round generates the text of a JSON array of `records` objects
 * (ids, names, flags, scores, tag arrays, nested positions, optional
 * "tmp" members, random nested values; escapes in strings, random
 * whitespace) into a growable char buffer, then:
 *
 *  - parses it (recursive descent over a `const char *GR_REF` cursor) into
 *    a tree of `struct node`: objects and arrays hold their children in a
 *    list (`GR_REF first`, `last`, `next`), every node has a `GR_WEAK`
 *    parent, keys and string values are malloc'd `char *GR_REF` buffers;
 *  - walks it (counts per kind, sums, string bytes, each string's depth
 *    through its parent chain) and queries each record by key ("id",
 *    "pos"."x", "tags");
 *  - edits it: doubles every record's "score", removes every "tmp" member
 *    at any depth (unlink, free the subtree);
 *  - prints it compactly into a buffer (snprintf'd numbers, escaped
 *    strings), parses that print again and prints the new tree: the two
 *    prints must be identical;
 *  - frees both trees top-down (a node before its children and strings, so
 *    that nothing in memory refers to a freed object).
 *
 *     json [records]          default 30000 records, 4 rounds
 *
 * The last line is `checksum: <16 hex digits>`, identical for every build.
 * -DINJECT_UAF: in round 1 a removed member is read after it was freed.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "genref.h"

#define ROUNDS 4

enum kind { J_NULL, J_FALSE, J_TRUE, J_NUM, J_STR, J_ARR, J_OBJ, J_KINDS };

struct node {
  enum kind kind;
  long num;                   /* J_NUM */
  char *GR_REF str;           /* J_STR: the unescaped bytes, NUL-terminated */
  size_t len;                 /* J_STR: the length of str */
  char *GR_REF key;           /* a member of an object: its key */
  struct node *GR_REF first;  /* J_ARR, J_OBJ: the children, in order */
  struct node *GR_REF last;
  struct node *GR_REF next;   /* the next sibling */
  struct node *GR_WEAK parent;
  size_t count;               /* J_ARR, J_OBJ: how many children */
};

typedef struct node *GR_REF node_ref;

struct buf {
  char *GR_REF data;
  size_t len, cap;
};

struct parser {
  const char *GR_REF p;
};

static const char *const syllables[16] = {
    "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo",
    "ber", "dan", "el", "for", "gan", "hul", "is", "or"};

static const char *const keys[12] = {
    "a", "b", "value", "list", "meta", "tmp",
    "label", "n", "items", "ok", "ref", "data"};

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
    fputs("json: out of memory\n", stderr);
    exit(2);
  }
  return p;
}

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

static void buf_puts(struct buf *b, const char *s) { buf_append(b, s, strlen(s)); }

static void buf_putc(struct buf *b, char c) {
  buf_reserve(b, 1);
  b->data[b->len++] = c;
}

static void buf_num(struct buf *b, long v) {
  buf_reserve(b, 24);
  b->len += (size_t)snprintf(b->data + b->len, 24, "%ld", v);
}

static void buf_free(struct buf *b) {
  char *GR_REF data = b->data;
  b->data = NULL; /* nothing in memory refers to freed memory */
  b->len = b->cap = 0;
  free(data);
}

/* ------------------------------------------------------- the generator */

static void gen_ws(struct buf *b) {
  if ((rng_next() & 3) == 0)
    buf_putc(b, ' ');
}

/* A string of 1-4 words; now and then an escape. */
static void gen_string(struct buf *b) {
  uint64_t r = rng_next();
  int words = 1 + (int)(r & 3);
  buf_putc(b, '"');
  for (int w = 0; w < words; w++) {
    if (w > 0)
      buf_putc(b, ' ');
    for (int s = 0; s < 1 + (int)((r >> (8 + 2 * w)) & 3); s++)
      buf_puts(b, syllables[(r >> (16 + 4 * w + s)) & 15]);
  }
  switch ((r >> 40) % 16) {
  case 0: buf_puts(b, "\\\"q\\\""); break;
  case 1: buf_puts(b, "\\\\"); break;
  case 2: buf_puts(b, "\\n"); break;
  case 3: buf_puts(b, "\\t"); break;
  default: break;
  }
  buf_putc(b, '"');
}

static void gen_value(struct buf *b, int depth) {
  uint64_t r = rng_next();
  unsigned what = (unsigned)(r & 7);
  if (depth == 0 && what >= 6)
    what = 3;
  switch (what) {
  case 0: buf_puts(b, "null"); break;
  case 1: buf_puts(b, "true"); break;
  case 2: buf_puts(b, "false"); break;
  case 3:
  case 4: buf_num(b, (long)((r >> 8) % 2000001) - 1000000); break;
  case 5: gen_string(b); break;
  case 6: {
    int n = (int)((r >> 8) % 5);
    buf_putc(b, '[');
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        buf_putc(b, ',');
        gen_ws(b);
      }
      gen_value(b, depth - 1);
    }
    buf_putc(b, ']');
    break;
  }
  default: {
    int n = (int)((r >> 8) % 5);
    buf_putc(b, '{');
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        buf_putc(b, ',');
        gen_ws(b);
      }
      buf_putc(b, '"');
      buf_puts(b, keys[(r >> (12 + 4 * i)) % 12]);
      buf_puts(b, "\":");
      gen_ws(b);
      gen_value(b, depth - 1);
    }
    buf_putc(b, '}');
    break;
  }
  }
}

static void gen_record(struct buf *b, long id) {
  uint64_t r = rng_next();
  buf_puts(b, "{\"id\": ");
  buf_num(b, id);
  buf_puts(b, ", \"name\": ");
  gen_string(b);
  buf_puts(b, (r & 1) ? ", \"active\": true" : ", \"active\": false");
  buf_puts(b, ", \"score\": ");
  buf_num(b, (long)((r >> 1) % 100000));
  buf_puts(b, ", \"tags\": [");
  for (int i = 0; i < (int)((r >> 20) % 6); i++) {
    if (i > 0)
      buf_puts(b, ", ");
    gen_string(b);
  }
  buf_puts(b, "], \"pos\": {\"x\": ");
  buf_num(b, (long)((r >> 24) % 1000) - 500);
  buf_puts(b, ", \"y\": ");
  buf_num(b, (long)((r >> 34) % 1000) - 500);
  buf_putc(b, '}');
  if ((r >> 44) & 1) {
    buf_puts(b, ", \"tmp\": ");
    gen_value(b, 2);
  }
  buf_puts(b, ", \"extra\": ");
  gen_value(b, 3);
  buf_putc(b, '}');
}

static void gen_document(struct buf *b, long records) {
  buf_puts(b, "[\n");
  for (long i = 0; i < records; i++) {
    if (i > 0)
      buf_puts(b, ",\n");
    gen_record(b, i);
  }
  buf_puts(b, "\n]\n");
}

/* ---------------------------------------------------------- the parser */

static void parse_error(struct parser *ps, const char *what) {
  fprintf(stderr, "json: parse error: %s at '%.20s'\n", what, ps->p);
  exit(1);
}

static void skip_ws(struct parser *ps) {
  while (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\t' ||
         *ps->p == '\r')
    ps->p++;
}

static void expect(struct parser *ps, char c) {
  skip_ws(ps);
  if (*ps->p != c)
    parse_error(ps, "unexpected character");
  ps->p++;
}

/* *ps->p is the opening quote. */
static char *GR_REF parse_string(struct parser *ps, size_t *lenp) {
  ps->p++;
  size_t n = 0;
  for (const char *GR_REF q = ps->p; *q != '"'; q++, n++) {
    if (*q == '\0')
      parse_error(ps, "unterminated string");
    if (*q == '\\')
      q++;
  }
  char *GR_REF s = xalloc(malloc(n + 1));
  for (size_t i = 0; i < n; i++) {
    char c = *ps->p++;
    if (c == '\\') {
      c = *ps->p++;
      if (c == 'n')
        c = '\n';
      else if (c == 't')
        c = '\t';
    }
    s[i] = c;
  }
  s[n] = '\0';
  ps->p++; /* the closing quote */
  *lenp = n;
  return s;
}

static node_ref new_node(enum kind kind, struct node *GR_WEAK parent) {
  node_ref n = xalloc(malloc(sizeof *n));
  n->kind = kind;
  n->num = 0;
  n->str = NULL;
  n->len = 0;
  n->key = NULL;
  n->first = NULL;
  n->last = NULL;
  n->next = NULL;
  n->parent = parent;
  n->count = 0;
  return n;
}

static void append_child(node_ref parent, node_ref child) {
  if (parent->last != NULL)
    parent->last->next = child;
  else
    parent->first = child;
  parent->last = child;
  parent->count++;
}

static int match_word(struct parser *ps, const char *w) {
  size_t n = strlen(w);
  if (strncmp(ps->p, w, n) != 0)
    return 0;
  ps->p += n;
  return 1;
}

static node_ref parse_value(struct parser *ps, struct node *GR_WEAK parent) {
  skip_ws(ps);
  char c = *ps->p;
  if (c == '{' || c == '[') {
    int obj = c == '{';
    char close = obj ? '}' : ']';
    node_ref n = new_node(obj ? J_OBJ : J_ARR, parent);
    ps->p++;
    skip_ws(ps);
    if (*ps->p == close) {
      ps->p++;
      return n;
    }
    for (;;) {
      char *GR_REF key = NULL;
      if (obj) {
        size_t klen;
        skip_ws(ps);
        if (*ps->p != '"')
          parse_error(ps, "expected a key");
        key = parse_string(ps, &klen);
        expect(ps, ':');
      }
      node_ref child = parse_value(ps, n);
      child->key = key;
      append_child(n, child);
      skip_ws(ps);
      if (*ps->p == ',') {
        ps->p++;
        continue;
      }
      expect(ps, close);
      return n;
    }
  }
  if (c == '"') {
    node_ref n = new_node(J_STR, parent);
    n->str = parse_string(ps, &n->len);
    return n;
  }
  if (c == '-' || (c >= '0' && c <= '9')) {
    node_ref n = new_node(J_NUM, parent);
    int neg = c == '-';
    if (neg)
      ps->p++;
    long v = 0;
    while (*ps->p >= '0' && *ps->p <= '9')
      v = v * 10 + (*ps->p++ - '0');
    n->num = neg ? -v : v;
    return n;
  }
  if (match_word(ps, "null"))
    return new_node(J_NULL, parent);
  if (match_word(ps, "true"))
    return new_node(J_TRUE, parent);
  if (match_word(ps, "false"))
    return new_node(J_FALSE, parent);
  parse_error(ps, "unexpected value");
  return NULL;
}

static node_ref parse_document(const struct buf *text) {
  struct parser ps = {text->data};
  node_ref root = parse_value(&ps, NULL);
  skip_ws(&ps);
  if (*ps.p != '\0')
    parse_error(&ps, "trailing text");
  return root;
}

/* ----------------------------------------------------- walk and query */

struct stats {
  uint64_t kinds[J_KINDS];
  uint64_t num_sum, str_bytes, key_bytes, depth_sum;
  int max_depth;
};

static void walk(node_ref n, int depth, struct stats *st) {
  st->kinds[n->kind]++;
  if (depth > st->max_depth)
    st->max_depth = depth;
  if (n->key != NULL)
    st->key_bytes += strlen(n->key);
  switch (n->kind) {
  case J_NUM:
    st->num_sum += (uint64_t)n->num;
    break;
  case J_STR: {
    st->str_bytes += n->len;
    for (struct node *GR_WEAK p = n->parent; gr_alive(p); p = p->parent)
      st->depth_sum++;
    break;
  }
  case J_ARR:
  case J_OBJ:
    for (node_ref c = n->first; c != NULL; c = c->next)
      walk(c, depth + 1, st);
    break;
  default:
    break;
  }
}

static node_ref member(node_ref obj, const char *key) {
  if (obj == NULL || obj->kind != J_OBJ)
    return NULL;
  for (node_ref c = obj->first; c != NULL; c = c->next)
    if (strcmp(c->key, key) == 0)
      return c;
  return NULL;
}

static long num_of(node_ref n) { return n != NULL && n->kind == J_NUM ? n->num : 0; }

/* ---------------------------------------------------------------- free */

/* Frees n (already unlinked) and its subtree, top-down: the node first
 * (its references go with it), then its strings and children. */
static void node_free(node_ref n) {
  node_ref child = n->first;
  char *GR_REF key = n->key;
  char *GR_REF str = n->str;
  free(n);
  free(key);
  free(str);
  while (child != NULL) {
    node_ref next = child->next;
    node_free(child);
    child = next;
  }
}

/* Removes every member named key below n; returns how many. */
static long remove_members(node_ref n, const char *key, int inject) {
  long removed = 0;
  node_ref prev = NULL;
  node_ref c = n->first;
  while (c != NULL) {
    node_ref next = c->next;
    if (n->kind == J_OBJ && strcmp(c->key, key) == 0) {
      if (prev != NULL)
        prev->next = next;
      else
        n->first = next;
      if (n->last == c)
        n->last = prev;
      n->count--;
      c->next = NULL;
      node_free(c);
      if (inject) /* -DINJECT_UAF: use after free */
        removed += c->kind;
      removed++;
    } else {
      removed += remove_members(c, key, inject);
      prev = c;
    }
    c = next;
  }
  return removed;
}

/* --------------------------------------------------------------- print */

static void print_string(struct buf *b, const char *GR_REF s, size_t n) {
  buf_reserve(b, 2 * n + 2);
  b->data[b->len++] = '"';
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '"' || c == '\\') {
      b->data[b->len++] = '\\';
    } else if (c == '\n') {
      b->data[b->len++] = '\\';
      c = 'n';
    } else if (c == '\t') {
      b->data[b->len++] = '\\';
      c = 't';
    }
    b->data[b->len++] = c;
  }
  b->data[b->len++] = '"';
}

static void print_value(struct buf *b, node_ref n) {
  switch (n->kind) {
  case J_NULL: buf_append(b, "null", 4); break;
  case J_FALSE: buf_append(b, "false", 5); break;
  case J_TRUE: buf_append(b, "true", 4); break;
  case J_NUM: buf_num(b, n->num); break;
  case J_STR: print_string(b, n->str, n->len); break;
  case J_ARR:
  case J_OBJ:
    buf_putc(b, n->kind == J_OBJ ? '{' : '[');
    for (node_ref c = n->first; c != NULL; c = c->next) {
      if (c != n->first)
        buf_putc(b, ',');
      if (n->kind == J_OBJ) {
        print_string(b, c->key, strlen(c->key));
        buf_putc(b, ':');
      }
      print_value(b, c);
    }
    buf_putc(b, n->kind == J_OBJ ? '}' : ']');
    break;
  default:
    break;
  }
}

static uint64_t hash_bytes(const char *GR_REF p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)p[i]) * 0x100000001b3ULL;
  return h;
}

int main(int argc, char **argv) {
  long records = 30000;
  if (argc > 1) {
    records = atol(argv[1]);
    if (records < 1 || records > 100000000) {
      fprintf(stderr, "usage: json [records >= 1]\n");
      return 2;
    }
  }
  printf("json: %ld records, %d rounds\n", records, ROUNDS);
  for (int round = 0; round < ROUNDS; round++) {
    rng_state = 0x6A09E667F3BCC908ULL + (uint64_t)round * 7919;
    struct buf text;
    buf_init(&text, 4096);
    gen_document(&text, records);
    buf_putc(&text, '\0');

    node_ref root = parse_document(&text);

    struct stats st;
    memset(&st, 0, sizeof st);
    walk(root, 0, &st);

    /* Query each record; double its score. */
    uint64_t q = 0, tags = 0;
    for (node_ref rec = root->first; rec != NULL; rec = rec->next) {
      long id = num_of(member(rec, "id"));
      long x = num_of(member(member(rec, "pos"), "x"));
      q += (uint64_t)(id * 31 + x);
      node_ref t = member(rec, "tags");
      if (t != NULL)
        tags += t->count;
      node_ref score = member(rec, "score");
      if (score != NULL && score->kind == J_NUM)
        score->num *= 2;
    }

    int inject = 0;
#ifdef INJECT_UAF
    inject = round == 1;
#endif
    long removed = remove_members(root, "tmp", inject);

    struct buf out;
    buf_init(&out, 4096);
    print_value(&out, root);
    buf_putc(&out, '\0');
    node_ref again = parse_document(&out);
    struct buf out2;
    buf_init(&out2, 4096);
    print_value(&out2, again);
    buf_putc(&out2, '\0');
    int same = out.len == out2.len && memcmp(out.data, out2.data, out.len) == 0;

    printf("round %d: %zu bytes in, %zu records, %" PRIu64 " nodes (%" PRIu64
           " strings, %" PRIu64 " numbers), depth %d, %ld removed, %zu bytes "
           "out, reprint %s\n",
           round, text.len - 1, root->count,
           st.kinds[J_NULL] + st.kinds[J_FALSE] + st.kinds[J_TRUE] +
               st.kinds[J_NUM] + st.kinds[J_STR] + st.kinds[J_ARR] +
               st.kinds[J_OBJ],
           st.kinds[J_STR], st.kinds[J_NUM], st.max_depth, removed,
           out.len - 1, same ? "identical" : "DIFFERS");
    for (int k = 0; k < J_KINDS; k++)
      mix(st.kinds[k]);
    mix(st.num_sum);
    mix(st.str_bytes);
    mix(st.key_bytes);
    mix(st.depth_sum);
    mix((uint64_t)st.max_depth);
    mix(q);
    mix(tags);
    mix((uint64_t)removed);
    mix((uint64_t)same);
    mix(hash_bytes(out.data, out.len));

    node_free(again);
    node_free(root);
    buf_free(&out2);
    buf_free(&out);
    buf_free(&text);
  }
  printf("checksum: %016" PRIx64 "\n", checksum);
  return 0;
}
