/* policy.c - the whitelist for unchecked code, checked before main().
 *
 * The plugin puts one record per translation unit in the section
 * "genref_tus": its source path, mode, reference layout and unchecked
 * overrides (docs/modes.md). A policy object, made by the program's owner
 * at link time (genref-cc --allow-unchecked=GLOB, or CMake's
 * genref_allow_unchecked), puts "allow" records in "genref_policy". A
 * translation unit in fast mode, or with GR_UNCHECKED overrides, that no
 * allow record matches stops the program before any user code runs. So do
 * translation units built with different reference layouts.
 *
 * Records are text, so genref-audit can read them from the binary too:
 *   GRTU1\tmode=M\tlayout=L\tunchecked=LIST\tsrc=PATH\n
 *   GRPOL1\tallow=GLOB\n
 */
#include "internal.h"

#include <dlfcn.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

extern const char __start_genref_tus[] __attribute__((weak, visibility("hidden")));
extern const char __stop_genref_tus[] __attribute__((weak, visibility("hidden")));
extern const char __start_genref_policy[] __attribute__((weak, visibility("hidden")));
extern const char __stop_genref_policy[] __attribute__((weak, visibility("hidden")));

typedef struct tu_record {
  const char *mode, *layout, *unchecked, *src;
  int mode_n, layout_n, unchecked_n, src_n;
} tu_record_t;

/* The value of "\tname=" inside [rec, end). */
static bool field(const char *rec, const char *end, const char *name,
                  const char **v, int *n) {
  size_t nl = strlen(name);
  for (const char *p = rec; p + nl + 2 <= end; p++)
    if (*p == '\t' && !strncmp(p + 1, name, nl) && p[nl + 1] == '=') {
      const char *s = p + nl + 2, *e = s;
      while (e < end && *e != '\t' && *e != '\n')
        e++;
      *v = s;
      *n = (int)(e - s);
      return true;
    }
  *v = "";
  *n = 0;
  return false;
}

/* Calls fn for each record starting with `magic` in [start, stop). */
static int each_record(const char *start, const char *stop, const char *magic,
                       void (*fn)(const char *rec, const char *end, void *arg),
                       void *arg) {
  int n = 0;
  size_t ml = strlen(magic);
  for (const char *p = start; p && stop && p + ml < stop; p++) {
    if (memcmp(p, magic, ml))
      continue;
    const char *end = p;
    while (end < stop && *end != '\n' && *end != 0)
      end++;
    fn(p, end, arg);
    n++;
    p = end;
  }
  return n;
}

static void parse_tu(const char *rec, const char *end, tu_record_t *r) {
  field(rec, end, "mode", &r->mode, &r->mode_n);
  field(rec, end, "layout", &r->layout, &r->layout_n);
  field(rec, end, "unchecked", &r->unchecked, &r->unchecked_n);
  field(rec, end, "src", &r->src, &r->src_n);
}

typedef struct check_state {
  int offenders;
  int mixed;
  const char *layout;
  int layout_n;
} check_state_t;

typedef struct allow_query {
  const char *src;
  bool allowed;
} allow_query_t;

/* Shell-glob semantics: '*' never crosses '/'. A relative glob matches a
 * tail of the path that starts after a '/' (the glob src/STAR.c allows
 * /a/src/x.c, not /a/src/sub/x.c). genref-audit uses the same rule. */
static bool glob_match(const char *glob, const char *src) {
  if (glob[0] == '/')
    return !fnmatch(glob, src, FNM_PATHNAME);
  for (const char *s = src; s; s = strchr(s, '/') ? strchr(s, '/') + 1 : NULL)
    if (*s && *s != '/' && !fnmatch(glob, s, FNM_PATHNAME))
      return true;
  return false;
}

static void match_allow(const char *rec, const char *end, void *arg) {
  allow_query_t *q = arg;
  const char *g;
  int n;
  if (!field(rec, end, "allow", &g, &n) || n <= 0 || n >= 1024)
    return;
  char glob[1100];
  memcpy(glob, g, (size_t)n);
  glob[n] = 0;
  if (glob_match(glob, q->src))
    q->allowed = true;
}

/* Allowed by an allow record in [pol, pol_end) (a module's genref_policy). */
static bool allowed_by(const tu_record_t *r, const char *pol, const char *pol_end) {
  char src[4096];
  int n = r->src_n < (int)sizeof src - 1 ? r->src_n : (int)sizeof src - 1;
  memcpy(src, r->src, (size_t)n);
  src[n] = 0;
  allow_query_t q = {src, false};
  each_record(pol, pol_end, "GRPOL1\t", match_allow, &q);
  return q.allowed;
}

static bool allowed(const tu_record_t *r) {
  return allowed_by(r, __start_genref_policy, __stop_genref_policy);
}

static bool needs_allow(const tu_record_t *r) {
  return (r->mode_n == 4 && !strncmp(r->mode, "fast", 4)) || r->unchecked_n > 0;
}

static void find_offenders(const char *rec, const char *end, void *arg) {
  check_state_t *st = arg;
  tu_record_t r;
  parse_tu(rec, end, &r);
  if (!st->layout) {
    st->layout = r.layout;
    st->layout_n = r.layout_n;
  } else if (r.layout_n != st->layout_n ||
             strncmp(r.layout, st->layout, (size_t)r.layout_n)) {
    st->mixed = 1;
  }
  if (needs_allow(&r) && !allowed(&r)) {
    if (st->offenders++ == 0)
      _gr_log("==%d==ERROR: genref: unchecked code this program's whitelist does "
              "not allow\n", (int)getpid());
    if (r.mode_n == 4 && !strncmp(r.mode, "fast", 4))
      _gr_log("    %.*s: compiled in fast mode (GR_REF dereferences unchecked)\n",
              r.src_n, r.src);
    if (r.unchecked_n > 0)
      _gr_log("    %.*s: GR_UNCHECKED on %.*s\n", r.src_n, r.src, r.unchecked_n,
              r.unchecked);
  }
}

/* Whether a plugged unit's record names the same source (one path may be
 * relative): a unit preprocessed apart (-save-temps, a .i) carries
 * genref.h's unplugged record into the plugin's compile. */
typedef struct same_src { const char *src; int n; bool found; } same_src_t;
static void match_src(const char *rec, const char *end, void *arg) {
  same_src_t *q = arg;
  tu_record_t r;
  parse_tu(rec, end, &r);
  int k = r.src_n < q->n ? r.src_n : q->n;
  if (k > 0 && !strncmp(r.src + r.src_n - k, q->src + q->n - k, (size_t)k) &&
      (k == r.src_n || r.src[r.src_n - k - 1] == '/') &&
      (k == q->n || q->src[q->n - k - 1] == '/'))
    q->found = true;
}

static void list_unplugged(const char *rec, const char *end, void *arg) {
  int *n = arg;
  const char *src;
  int src_n;
  if (!field(rec, end, "src", &src, &src_n))
    src = "?", src_n = 1;
  same_src_t q = {src, src_n, false};
  each_record(__start_genref_tus, __stop_genref_tus, "GRTU1\t", match_src, &q);
  if (q.found)
    return;
  if ((*n)++ == 0)
    _gr_log("==%d==ERROR: genref: translation units compiled without the genref "
            "plugin\n", (int)getpid());
  _gr_log("    %.*s: includes genref.h but was compiled without the genref plugin\n",
          src_n, src);
}

static void list_layouts(const char *rec, const char *end, void *arg) {
  (void)arg;
  tu_record_t r;
  parse_tu(rec, end, &r);
  _gr_log("    %.*s: layout %.*s\n", r.src_n, r.src, r.layout_n, r.layout);
}

static void list_tu(const char *rec, const char *end, void *arg) {
  (void)arg;
  tu_record_t r;
  parse_tu(rec, end, &r);
  _gr_log("genref: translation unit %.*s: mode %.*s, layout %.*s%s%.*s\n", r.src_n,
          r.src, r.mode_n, r.mode, r.layout_n, r.layout,
          r.unchecked_n ? ", unchecked " : "", r.unchecked_n, r.unchecked);
}

/* Called at the end of the runtime's start-up (init.c, a constructor of
 * priority 101): before any user constructor or main. A call, not a
 * constructor of its own, so the static library always links this file. */
void _gr_check_policy(void) {
  /* A unit that includes genref.h but was not rewritten sees the plugged
   * units' references as raw pointers: never a silent crash. */
  int unplugged = 0;
  each_record(__start_genref_tus, __stop_genref_tus, "GRUP1\t", list_unplugged,
              &unplugged);
  if (unplugged) {
    _gr_log("  Build them with the plugin (genref-cc, or clang-19 -fplugin=genref.so),\n"
            "  like the program's other units. A unit that only includes genref.h and\n"
            "  shares no annotated type with them may define GENREF_NO_UNIT_RECORD.\n"
            "SUMMARY: genref: unplugged-unit\n");
    _exit(1);
  }
  /* Every unit must use the runtime's own reference layout. */
  check_state_t st = {0, 0, GENREF_LAYOUT_NAME, (int)strlen(GENREF_LAYOUT_NAME)};
  each_record(__start_genref_tus, __stop_genref_tus, "GRTU1\t", find_offenders, &st);
  if (_gr_options.verbosity >= 1)
    each_record(__start_genref_tus, __stop_genref_tus, "GRTU1\t", list_tu, NULL);
  if (st.offenders) {
    _gr_log("  Unchecked code is allowed by the program's owner, at link time:\n"
            "    genref-cc --allow-unchecked='GLOB' ...     (GLOB matches the source "
            "path, e.g. 'src/hot.c' or 'src/hot/*.c')\n"
            "    CMake: genref_allow_unchecked(TARGET 'GLOB')  (cmake/Genref.cmake)\n"
            "  genref-audit PROGRAM lists every translation unit and its mode.\n"
            "SUMMARY: genref: unchecked-code-not-allowed\n");
  }
  if (st.mixed) {
    _gr_log("==%d==ERROR: genref: translation units built with different "
            "reference layouts\n    the runtime: layout %s\n", (int)getpid(),
            GENREF_LAYOUT_NAME);
    each_record(__start_genref_tus, __stop_genref_tus, "GRTU1\t", list_layouts, NULL);
    _gr_log("  Build every translation unit with the same "
            "-fplugin-arg-genref-layout= (genref-cc --layout=).\n"
            "SUMMARY: genref: mixed-layouts\n");
  }
  if (st.offenders || st.mixed)
    _exit(1);
}

/* Each unit's constructor (the plugin writes one after the unit's record)
 * calls this, so units are checked however the program was linked: the
 * program's own units were checked at start-up (their records are in this
 * module's section), a shared library's units are checked here, as the
 * library loads, before its other constructors run. A unit must use the
 * runtime's reference layout, and an unchecked one must be allowed by the
 * program's policy or the library's own (genref-cc -shared
 * --allow-unchecked). The records are kept by the linker however it
 * collects garbage: they are `retain`ed and referenced from the
 * constructor. */
GR_API void gr_unit_loaded(const char *rec, const char *pol, const char *pol_end) {
  _gr_ensure_init();
  if (!rec || (rec >= __start_genref_tus && rec < __stop_genref_tus))
    return;
  const char *end = rec;
  while (*end && *end != '\n')
    end++;
  tu_record_t r;
  parse_tu(rec, end, &r);
  Dl_info info;
  const char *lib = dladdr(rec, &info) && info.dli_fname ? info.dli_fname : "a shared object";
  bool mixed = r.layout_n != (int)strlen(GENREF_LAYOUT_NAME) ||
               strncmp(r.layout, GENREF_LAYOUT_NAME, (size_t)r.layout_n);
  bool offends = needs_allow(&r) && !allowed(&r) && !allowed_by(&r, pol, pol_end);
  if (mixed)
    _gr_log("==%d==ERROR: genref: translation units built with different reference "
            "layouts\n    the runtime: layout %s\n    %.*s (in %s): layout %.*s\n"
            "  Build every translation unit with the same -fplugin-arg-genref-layout= "
            "(genref-cc --layout=).\nSUMMARY: genref: mixed-layouts\n",
            (int)getpid(), GENREF_LAYOUT_NAME, r.src_n, r.src, lib, r.layout_n, r.layout);
  if (offends)
    _gr_log("==%d==ERROR: genref: unchecked code this program's whitelist does not "
            "allow\n    %.*s (in %s): %s%.*s\n"
            "  Unchecked code is allowed by the program's owner, at link time:\n"
            "    genref-cc --allow-unchecked='GLOB' ... when linking the program "
            "(GLOB matches the source path)\n"
            "  genref-audit %s lists the library's units and modes.\n"
            "SUMMARY: genref: unchecked-code-not-allowed\n",
            (int)getpid(), r.src_n, r.src, lib,
            r.unchecked_n ? "GR_UNCHECKED on " : "compiled in fast mode",
            r.unchecked_n, r.unchecked, lib);
  if (mixed || offends)
    _exit(1);
}
