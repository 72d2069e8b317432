/* init.c - start-up: options from GENREF_OPTIONS (read once), the arena,
 * the thread-exit hook, statistics at exit. */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

gr_options_t _gr_options = {
#define GR_OPTION(type, name, default_value, min, max, help) .name = default_value,
#include "options.inc"
#undef GR_OPTION
};

/* The one place a bad GENREF_OPTIONS stops the program: before main, with
 * status 1, after saying what was wrong (`what`, one or more lines). */
static GR_NORETURN void options_error(const char *what) {
  char msg[1024];
  int n = snprintf(msg, sizeof msg,
                   "==%d==ERROR: genref: bad GENREF_OPTIONS: %s\n"
                   "(set GENREF_OPTIONS=help=1 to list every option)\n",
                   (int)getpid(), what);
  if (n > (int)sizeof msg - 1)
    n = (int)sizeof msg - 1;
  if (write(2, msg, (size_t)n) < 0) { /* nothing more we can do */ }
  _exit(1);
}

/* Parsers: 0 = accepted, BAD_FORM = not a value of the type, BAD_RANGE = a
 * value of the type outside [min, max] (a string's length). */
enum { VALUE_OK, BAD_FORM, BAD_RANGE };

static int parse_bool(const char *v, size_t n, bool *out, long min, long max) {
  (void)min, (void)max; /* [0, 1]: the two spellings of each */
  if ((n == 1 && v[0] == '1') || (n == 4 && !strncmp(v, "true", 4))) {
    *out = true;
    return VALUE_OK;
  }
  if ((n == 1 && v[0] == '0') || (n == 5 && !strncmp(v, "false", 5))) {
    *out = false;
    return VALUE_OK;
  }
  return BAD_FORM;
}

/* Decimal, optional sign, within int (else it is not an int: BAD_FORM),
 * then within [min, max]. */
static int parse_int(const char *v, size_t n, int *out, long min, long max) {
  char buf[32];
  if (n == 0 || n >= sizeof buf)
    return BAD_FORM;
  memcpy(buf, v, n);
  buf[n] = 0;
  char *end;
  errno = 0;
  long x = strtol(buf, &end, 10);
  if (*end || errno || x < -2147483647L - 1 || x > 2147483647L)
    return BAD_FORM;
  if (x < min || x > max)
    return BAD_RANGE;
  *out = (int)x;
  return VALUE_OK;
}

/* Strings keep pointing into the environment, which outlives us. A
 * log_path is therefore the rest of its item: it ends at ':' too. */
static int parse_str(const char *v, size_t n, gr_str *out, long min, long max) {
  static char store[4][4096];
  static int used;
  if (n == 0)
    return BAD_FORM;
  if ((long)n < min || (long)n > max || n >= sizeof store[0])
    return BAD_RANGE;
  if (used >= 4)
    return BAD_RANGE; /* more string options than the table has */
  memcpy(store[used], v, n);
  store[used][n] = 0;
  *out = store[used++];
  return VALUE_OK;
}

#define parse_bool_t parse_bool
#define parse_int_t parse_int
#define parse_gr_str_t parse_str
#define desc_bool_t "a bool value (0, 1, true or false)"
#define desc_int_t "an int value"
#define desc_gr_str_t "a non-empty string value"

/* The valid range of an option, as messages and help=1 print it. */
static const char *range_bool(char *buf, size_t n, long min, long max) {
  (void)min, (void)max;
  snprintf(buf, n, "0, 1, true or false");
  return buf;
}
static const char *range_int(char *buf, size_t n, long min, long max) {
  snprintf(buf, n, "an int from %ld to %ld", min, max);
  return buf;
}
static const char *range_str(char *buf, size_t n, long min, long max) {
  snprintf(buf, n, "a string of %ld to %ld characters", min, max);
  return buf;
}
#define range_bool_t range_bool
#define range_int_t range_int
#define range_gr_str_t range_str

/* An option's default, and its type's name, as help=1 prints them. */
static const char *default_bool(char *buf, size_t n, bool v) {
  snprintf(buf, n, "%d", v ? 1 : 0);
  return buf;
}
static const char *default_int(char *buf, size_t n, long v) {
  snprintf(buf, n, "%ld", v);
  return buf;
}
static const char *default_str(char *buf, size_t n, const char *v) {
  snprintf(buf, n, "'%s'", v);
  return buf;
}
#define default_bool_t default_bool
#define default_int_t default_int
#define default_gr_str_t default_str
#define name_bool_t "bool"
#define name_int_t "int"
#define name_gr_str_t "string"

/* The value of one item (it ends at ':'), for an error message. */
static const char *item_value(const char *v, size_t n) {
  static char buf[128];
  if (n >= sizeof buf)
    n = sizeof buf - 1;
  memcpy(buf, v, n);
  buf[n] = 0;
  return buf;
}

/* A bad value of a known option: say which option, what was given and
 * what it may be. */
static GR_NORETURN void bad_value(const char *name, const char *value, int why,
                                  const char *desc, const char *range) {
  char what[512];
  if (why == BAD_FORM)
    snprintf(what, sizeof what, "option '%s' expects %s, got '%s'\n"
             "    valid values of '%s': %s", name, desc, value, name, range);
  else
    snprintf(what, sizeof what, "option '%s' value '%s' is out of range: "
             "it must be %s", name, value, range);
  options_error(what);
}

void _gr_options_parse(const char *spec) {
  const char *p = spec;
  char what[512], range[128];
  while (p && *p) {
    const char *item_end = strchr(p, ':');
    if (!item_end)
      item_end = p + strlen(p);
    const char *eq = memchr(p, '=', (size_t)(item_end - p));
    char name[64];
    size_t nlen = (size_t)((eq ? eq : item_end) - p);
    if (nlen == 0 || nlen >= sizeof name) {
      if (item_end == p) { /* empty item ("a=1::b=0"): allowed */
        p = *item_end ? item_end + 1 : item_end;
        continue;
      }
      snprintf(what, sizeof what, "malformed item in '%s'", item_value(spec, strlen(spec)));
      options_error(what);
    }
    memcpy(name, p, nlen);
    name[nlen] = 0;
    if (!eq) {
      snprintf(what, sizeof what, "option '%s' has no value (write %s=VALUE)", name, name);
      options_error(what);
    }
    const char *v = eq + 1;
    size_t vlen = (size_t)(item_end - v);
    bool known = false;
#define GR_OPTION(type, oname, default_value, min, max, help)                  \
    if (!strcmp(name, #oname)) {                                               \
      known = true;                                                            \
      int why = parse_##type##_t(v, vlen, &_gr_options.oname, min, max);       \
      if (why != VALUE_OK)                                                     \
        bad_value(name, item_value(v, vlen), why, desc_##type##_t,             \
                  range_##type##_t(range, sizeof range, min, max));            \
    }
#include "options.inc"
#undef GR_OPTION
    if (!known) {
      snprintf(what, sizeof what, "unknown option '%s'", name);
      options_error(what);
    }
    p = *item_end ? item_end + 1 : item_end;
  }
}

static void print_help(void) {
  _gr_log("genref options (GENREF_OPTIONS=name=value:name=value):\n");
#define GR_OPTION(type, name, default_value, min, max, help)                   \
  {                                                                            \
    char range[128], dflt[64];                                                 \
    _gr_log("  %-19s %-6s %s [default %s; %s]\n", #name, name_##type##_t, help, \
            default_##type##_t(dflt, sizeof dflt, default_value),              \
            range_##type##_t(range, sizeof range, min, max));                  \
  }
#include "options.inc"
#undef GR_OPTION
}

static void at_exit(void) {
  _gr_counts_at_exit();
  if (_gr_options.print_stats) {
    fflush(NULL); /* what the program printed comes first, as in reports */
    _gr_print_stats();
  }
}

/* ---- fork: the child must find every heap lock free ----
 * Another thread may hold a lock at the moment of fork(); it does not
 * exist in the child, so the lock would stay taken forever and the
 * child's first allocation hang. Before fork this thread takes every lock
 * (in the nesting order, internal.h), so no other thread is inside a
 * critical section and the heap's shared state is consistent; the parent
 * then releases them, the child makes them new. The child keeps this
 * thread's heap; the other threads' slabs keep their (gone) owners: frees
 * to them go to their xfree lists and they are not reused in the child. */
GR_TLS bool _gr_forking_helper;

static pthread_mutex_t *const fork_locks[] = {
    &_gr_report_lock, &_gr_counts_lock, &_gr_kind_lock, &_gr_heaps_lock,
    &_gr_spare_lock,  &_gr_blocks_lock, &_gr_arena_lock, &_gr_depot_lock,
    &_gr_meta_lock,
};
#define N_FORK_LOCKS (sizeof fork_locks / sizeof fork_locks[0])

static void fork_prepare(void) {
  if (_gr_forking_helper)
    return;
  for (size_t i = 0; i < N_FORK_LOCKS; i++)
    pthread_mutex_lock(fork_locks[i]);
}

static void fork_parent(void) {
  if (_gr_forking_helper)
    return;
  for (size_t i = N_FORK_LOCKS; i-- > 0;)
    pthread_mutex_unlock(fork_locks[i]);
}

static void fork_child(void) {
  if (_gr_forking_helper)
    return;
  for (size_t i = 0; i < N_FORK_LOCKS; i++)
    pthread_mutex_init(fork_locks[i], NULL);
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
/* Before libc has set up `environ` (.preinit_array), the options come from
 * the environment vector the loader passes. */
static const char *preinit_options;

/* malloc is the genref heap, so the loader or libc may start the runtime
 * before libc has set up `environ`: the options are then read again from
 * .preinit_array or the constructor, whichever comes first. */
extern char **environ;
static bool options_read;
/* The thread running init(): an allocation it makes (atexit's, say) must
 * not wait for init to finish. */
static GR_TLS bool in_init;

static void read_options(void) {
  const char *spec = preinit_options ? preinit_options : getenv("GENREF_OPTIONS");
  options_read = preinit_options || environ;
  _gr_options_parse(spec);
  _gr_trace_init();
}

static void init(void) {
  in_init = true;
  _gr_layout_init();
  read_options();
  if (!_gr_arena_init()) {
    _gr_log("==%d==ERROR: genref: cannot reserve the heap's address range\n",
            (int)getpid());
    _exit(1);
  }
  if (_gr_options.help)
    print_help();
  _gr_heap_key_init();
  pthread_atfork(fork_prepare, fork_parent, fork_child);
  atexit(at_exit);
  _gr_install_fault_handler(); /* poisoned raw pointers; released slabs */
#if defined(GENREF_LAYOUT_COMPACT)
  _gr_check_address_width();
#endif
  _gr_check_policy(); /* the whitelist, before any user code runs */
  if (_gr_options.verbosity >= 1)
    _gr_log("genref: runtime ABI %d, layout %s, %d-bit generations, arena at %p, "
            "malloc %s\n",
            GENREF_ABI_VERSION, GENREF_LAYOUT_NAME, GENREF_GEN_BITS,
            (void *)_gr_arena_base,
            _gr_malloc_interposed ? "is the genref heap" : "is the sanitizer's");
  in_init = false;
}

/* Start-up from .preinit_array or the constructor, after an allocation may
 * already have started the runtime: options it could not read yet. */
static void start(void) {
  _gr_ensure_init();
  if (!options_read) {
    read_options();
    if (_gr_options.help)
      print_help();
  }
}

#if defined(GENREF_LAYOUT_COMPACT)
/* The compact layout keeps an address in 48 bits: the heap must lie below
 * 2^47 and so must stacks and statics. Checked once; never a silent miss. */
static int address_probe;
void _gr_check_address_width(void) {
  int local;
  uintptr_t limit = (uintptr_t)1 << 47;
  const char *what = NULL;
  uintptr_t at = 0;
  if (_gr_arena_base + _gr_arena_size > limit)
    what = "the heap", at = _gr_arena_base + _gr_arena_size;
  else if ((uintptr_t)&local >= ((uintptr_t)1 << 47))
    what = "the stack", at = (uintptr_t)&local;
  else if ((uintptr_t)&address_probe >= ((uintptr_t)1 << 47))
    what = "static data", at = (uintptr_t)&address_probe;
  if (what) {
    _gr_log("==%d==ERROR: genref: the compact reference layout needs addresses "
            "below 2^47, but %s reaches %p (a kernel with 5-level paging?)\n"
            "    rebuild with the fat layout (-fplugin-arg-genref-layout=fat)\n"
            "SUMMARY: genref: address-space-too-wide\n",
            (int)getpid(), what, (void *)at);
    _exit(1);
  }
}
#endif

void _gr_ensure_init(void) {
  if (!in_init)
    pthread_once(&init_once, init);
}

/* Options are read, and the whitelist checked, before any user code runs:
 * from .preinit_array in an executable linked with libgenref_preinit.a
 * (genref-cc does), which runs before every constructor of any priority;
 * otherwise from a constructor of the first user priority (shared
 * libraries, where preinit is not allowed). */
__attribute__((constructor(101))) static void ctor(void) { start(); }
/* Start-up from .preinit_array (preinit.c, linked into executables by
 * genref-cc): before libc sets up `environ`, the options come from the
 * environment vector the loader passes. */
void _gr_preinit(char **envp) {
  for (char **e = envp; e && *e; e++)
    if (!strncmp(*e, "GENREF_OPTIONS=", 15))
      preinit_options = *e + 15;
  start();
}

/* The runtime's own layout, for genref-audit (policy.c checks the units
 * against GENREF_LAYOUT_NAME directly). */
__attribute__((section("genref_tus"), used, aligned(1))) static const char
    runtime_record[] = "GRRT1\tlayout=" GENREF_LAYOUT_NAME "\n";

/* Every rewritten translation unit refers to this, so linking one pulls
 * in the runtime's start-up (and a missing runtime is a link error). */
GR_API const char __genref_runtime_anchor = 1;
