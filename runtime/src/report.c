/* report.c - violation reports, in AddressSanitizer's format:
 *
 *   ==PID==ERROR: genref: <kind> on address 0x... (type 'struct node')
 *       at file.c:12:7 in main
 *       <evidence: expected and found generations, what happened>
 *       #0 0x... in main /path/to/file.c:12:7
 *   SUMMARY: genref: <kind> file.c:12 in main
 *
 * Backtrace frames are symbolized by llvm-symbolizer (option `symbolize`):
 * one child process per report, fed "module offset" lines through a socket
 * pair. Without it a frame reads "#N 0x... in sym+0x.. (module+0x..)" or
 * "#N 0x... (module+0x..)" (dladdr).
 *
 * Reports never allocate from the genref heap, and write with write(2). */
#include "internal.h"

#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <link.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static int log_fd = -1;
pthread_mutex_t _gr_report_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic uint64_t n_reports;

static int out_fd(void) {
  if (log_fd >= 0)
    return log_fd;
  const char *path = _gr_options.log_path;
  if (!path || !strcmp(path, "stderr")) {
    log_fd = 2;
  } else if (!strcmp(path, "stdout")) {
    log_fd = 1;
  } else {
    char full[4200];
    snprintf(full, sizeof full, "%s.%d", path, (int)getpid());
    log_fd = open(full, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log_fd < 0) {
      log_fd = 2;
      _gr_log("==%d==WARNING: genref: cannot open log_path '%s'; using stderr\n",
              (int)getpid(), full);
    }
  }
  return log_fd;
}

void _gr_log_raw(const char *text, size_t len) {
  int fd = out_fd();
  while (len > 0) {
    ssize_t n = write(fd, text, len);
    if (n <= 0)
      return;
    text += n;
    len -= (size_t)n;
  }
}

void _gr_log(const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n > 0)
    _gr_log_raw(buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static const char *kind_name(gr_violation_t kind) {
  switch (kind) {
  case GR_USE_AFTER_FREE: return "use-after-free";
  case GR_DOUBLE_FREE: return "double-free";
  case GR_INVALID_FREE: return "invalid-free";
  case GR_DANGLING_REFERENCE: return "dangling-reference";
  case GR_REFERENCE_AS_POINTER: return "reference-used-as-pointer";
  case GR_HEAP_BUFFER_OVERFLOW: return "heap-buffer-overflow";
  }
  return "unknown";
}

static bool in_runtime(void *pc) { return _gr_in_runtime((uintptr_t)pc); }

/* ---- backtraces ---- */

#define MAX_FRAMES 64
/* The current stack, and up to four recorded ones (trace.c). */
#define MAX_REPORT_FRAMES (MAX_FRAMES + 4 * GR_DEPOT_MAX_FRAMES)

typedef struct frame {
  uintptr_t pc;       /* printed: the call instruction (return address - 1) */
  uintptr_t off;      /* pc - module base, as printed */
  uintptr_t sym_off;  /* pc - load bias: the address llvm-symbolizer wants */
  const char *module; /* NULL: no module known */
  const char *sname;  /* dladdr's symbol (exported ones only) */
  uintptr_t saddr;
} frame_t;

static char exe_path[4096];

/* The main program's link_map names it "": use /proc/self/exe instead. */
static const char *module_path(const char *dli_fname, const struct link_map *lm) {
  if (lm && lm->l_name && lm->l_name[0])
    return lm->l_name;
  if (!exe_path[0]) {
    ssize_t n = readlink("/proc/self/exe", exe_path, sizeof exe_path - 1);
    if (n > 0)
      exe_path[n] = 0;
    else if (dli_fname)
      snprintf(exe_path, sizeof exe_path, "%s", dli_fname);
  }
  return exe_path[0] ? exe_path : dli_fname;
}

static char symbolizer_path[4096];
static int symbolizer_searched;

static bool executable(const char *dir, size_t dlen, const char *name) {
  if (dlen + strlen(name) + 2 > sizeof symbolizer_path)
    return false;
  memcpy(symbolizer_path, dir, dlen);
  symbolizer_path[dlen] = '/';
  strcpy(symbolizer_path + dlen + 1, name);
  return access(symbolizer_path, X_OK) == 0;
}

/* llvm-symbolizer-19, then llvm-symbolizer, on PATH, then in LLVM 19's bin
 * directory. NULL when there is none. Searched once. */
static const char *find_symbolizer(void) {
  if (symbolizer_searched)
    return symbolizer_path[0] ? symbolizer_path : NULL;
  symbolizer_searched = 1;
  static const char *const names[] = {"llvm-symbolizer-19", "llvm-symbolizer"};
  const char *path = getenv("PATH");
  for (int i = 0; i < 2; i++) {
    for (const char *d = path; d && *d;) {
      const char *e = strchr(d, ':');
      size_t n = e ? (size_t)(e - d) : strlen(d);
      if (n && executable(d, n, names[i]))
        return symbolizer_path;
      d = e ? e + 1 : NULL;
    }
    static const char llvm_bin[] = "/usr/lib/llvm-19/bin";
    if (executable(llvm_bin, sizeof llvm_bin - 1, names[i]))
      return symbolizer_path;
  }
  symbolizer_path[0] = 0;
  return NULL;
}

/* Symbolizer output for one report (static: reports hold _gr_report_lock and
 * must not use the heap). */
static char sym_in[65536], sym_out[131072];

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Runs the symbolizer over every frame with a module. Returns the bytes of
 * output in sym_out (0 on any failure: the caller falls back to dladdr). */
static size_t run_symbolizer(const frame_t *f, int n) {
  const char *tool = find_symbolizer();
  if (!tool)
    return 0;
  size_t in_len = 0;
  for (int i = 0; i < n; i++) {
    int w = snprintf(sym_in + in_len, sizeof sym_in - in_len, "\"%s\" 0x%lx\n",
                     f[i].module ? f[i].module : "", (unsigned long)f[i].sym_off);
    if (w < 0 || (size_t)w >= sizeof sym_in - in_len)
      return 0;
    in_len += (size_t)w;
  }
  /* A socket pair, not pipes: send(MSG_NOSIGNAL) cannot raise SIGPIPE in
   * the program if the tool dies early. Everything the child needs is
   * prepared before fork; it only dup2()s, open()s and exec()s. */
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    return 0;
  char *const argv[] = {(char *)tool, "--functions=linkage", "--demangle",
                        "--inlines", NULL};
  _gr_forking_helper = true; /* this thread may hold heap locks */
  pid_t pid = fork();
  _gr_forking_helper = false;
  if (pid < 0) {
    close(sv[0]);
    close(sv[1]);
    return 0;
  }
  if (pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    if (dup2(sv[1], 0) < 0 || dup2(sv[1], 1) < 0 || null < 0 || dup2(null, 2) < 0)
      _exit(127);
    execve(tool, argv, environ);
    _exit(127);
  }
  close(sv[1]);
  size_t sent = 0, got = 0;
  bool ok = true;
  long long deadline = now_ms() + 10000;
  for (;;) {
    struct pollfd pfd = {sv[0], POLLIN | (sent < in_len ? POLLOUT : 0), 0};
    long long left = deadline - now_ms();
    int ready = left > 0 ? poll(&pfd, 1, (int)left) : 0;
    if (ready < 0 && errno == EINTR)
      continue;
    if (ready <= 0) {
      ok = false; /* hung: give up on it */
      break;
    }
    if (sent < in_len && (pfd.revents & POLLOUT)) {
      ssize_t w = send(sv[0], sym_in + sent, in_len - sent, MSG_NOSIGNAL);
      if (w < 0 && errno != EINTR && errno != EAGAIN) {
        ok = false;
        break;
      }
      if (w > 0 && (sent += (size_t)w) == in_len)
        shutdown(sv[0], SHUT_WR); /* end of input: the tool finishes */
    }
    if (pfd.revents & (POLLIN | POLLHUP | POLLERR)) {
      if (got == sizeof sym_out - 1) {
        ok = false; /* more output than we can use */
        break;
      }
      ssize_t r = read(sv[0], sym_out + got, sizeof sym_out - 1 - got);
      if (r == 0)
        break;
      if (r < 0 && errno != EINTR && errno != EAGAIN) {
        ok = false;
        break;
      }
      if (r > 0)
        got += (size_t)r;
    }
  }
  close(sv[0]);
  if (!ok)
    kill(pid, SIGKILL);
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!ok || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return 0;
  sym_out[got] = 0;
  return got;
}

/* The next line of the symbolizer's output (NUL-terminated in place);
 * NULL at the end. */
static char *next_line(char **cur) {
  char *s = *cur;
  if (!s || !*s)
    return NULL;
  char *e = strchr(s, '\n');
  if (e) {
    *e = 0;
    *cur = e + 1;
  } else {
    *cur = s + strlen(s);
  }
  return s;
}

/* An inlined call of genref/rt.h or genref/ref.h (gr_ref_check, ...):
 * the runtime's own frame, left out like the genref_text ones. */
static bool from_genref_header(const char *loc) {
  /* Whole names: the path may hold another /genref/ (a checkout named
   * genref: .../genref/runtime/include/genref/rt.h). */
  return strstr(loc, "/genref/rt.h:") || strstr(loc, "/genref/ref.h:");
}

static void print_frame_dladdr(int num, const frame_t *f) {
  if (f->module && f->sname)
    _gr_log("    #%d %p in %s+0x%lx (%s+0x%lx)\n", num, (void *)f->pc, f->sname,
            (unsigned long)(f->pc - f->saddr), f->module, (unsigned long)f->off);
  else if (f->module)
    _gr_log("    #%d %p (%s+0x%lx)\n", num, (void *)f->pc, f->module,
            (unsigned long)f->off);
  else
    _gr_log("    #%d %p\n", num, (void *)f->pc);
}

/* Module, offsets and dladdr's symbol of the frame at pc. */
static void frame_fill(frame_t *f, uintptr_t pc) {
  memset(f, 0, sizeof *f);
  f->pc = pc;
  Dl_info info;
  struct link_map *lm = NULL;
  if (dladdr1((void *)f->pc, &info, (void **)&lm, RTLD_DL_LINKMAP) &&
      info.dli_fname) {
    f->module = module_path(info.dli_fname, lm);
    f->off = f->pc - (uintptr_t)info.dli_fbase;
    f->sym_off = f->pc - (lm ? (uintptr_t)lm->l_addr : (uintptr_t)info.dli_fbase);
    f->sname = info.dli_sname;
    f->saddr = (uintptr_t)info.dli_saddr;
  }
}

/* One report's stacks: the current one first, then the object's recorded
 * ones, each under its heading, all symbolized by one symbolizer run.
 * Static: a report holds _gr_report_lock and uses no heap. */
typedef struct stack_group {
  int first, n;
  char heading[160];  /* "freed by thread T1 here:"; "" for the current stack */
  bool missing;      /* recorded, but no stack was kept */
} stack_group_t;

static frame_t rframes[MAX_REPORT_FRAMES];
static int nrframes;
static stack_group_t groups[5];
static int ngroups;

/* The current stack (backtrace()), without the runtime's frames. */
static void collect_current(void) {
  void *pcs[MAX_FRAMES];
  stack_group_t *g = &groups[ngroups++];
  memset(g, 0, sizeof *g);
  g->first = nrframes;
  int n = backtrace(pcs, MAX_FRAMES);
  /* Frames before the first runtime frame belong to backtrace() itself
   * (a sanitizer's interceptor, say): drop them too. */
  bool seen_runtime = !__start_genref_text;
  /* Reporting a fault: the frames above the faulting one are the signal
   * handler's (the runtime's, and libc's trampoline). */
  bool seen_fault = !_gr_fault_pc;
  for (int i = 0; i < n; i++)
    seen_fault |= (uintptr_t)pcs[i] == _gr_fault_pc;
  if (!seen_fault)
    _gr_fault_pc = 0;
  seen_fault = !_gr_fault_pc;
  for (int i = 0; i < n; i++) {
    seen_fault |= (uintptr_t)pcs[i] == _gr_fault_pc;
    if (in_runtime(pcs[i])) {
      seen_runtime = true;
      continue;
    }
    if (!seen_runtime || (_gr_fault_pc && !seen_fault))
      continue;
    /* Return addresses point after the call; step back into it. The
     * instruction a fault interrupted is exact. */
    frame_fill(&rframes[nrframes++],
               (uintptr_t)pcs[i] - (i > 0 && (uintptr_t)pcs[i] != _gr_fault_pc ? 1 : 0));
  }
  g->n = nrframes - g->first;
}

/* A recorded stack (depot id) under a heading such as "freed by". */
static void collect_recorded(const char *what, uint32_t id) {
  if (ngroups == (int)(sizeof groups / sizeof groups[0]))
    return;
  stack_group_t *g = &groups[ngroups++];
  memset(g, 0, sizeof *g);
  g->first = nrframes;
  const uintptr_t *pcs;
  uint32_t tid = 0;
  uint32_t n = _gr_depot_get(id, &pcs, &tid);
  if (!n) {
    g->missing = true;
    snprintf(g->heading, sizeof g->heading, "%s:", what);
    return;
  }
  snprintf(g->heading, sizeof g->heading, "%s by thread T%u here:", what, tid);
  for (uint32_t i = 0; i < n && nrframes < MAX_REPORT_FRAMES; i++)
    frame_fill(&rframes[nrframes++], pcs[i] - 1); /* return addresses */
  g->n = nrframes - g->first;
}

/* Prints group gi, advancing *out through the symbolizer's output. */
static void print_group(int gi, char **out) {
  const stack_group_t *g = &groups[gi];
  if (g->heading[0])
    _gr_log("%s\n", g->heading);
  if (g->missing)
    _gr_log("    <stack not recorded>\n");
  int num = 0;
  for (int i = g->first; i < g->first + g->n; i++) {
    const frame_t *f = &rframes[i];
    /* This frame's block: (function, file:line:col) pairs, innermost
     * inlined call first, then an empty line. */
    bool printed = false, header = false;
    for (char *fn; (fn = next_line(out)) && *fn;) {
      char *loc = next_line(out);
      if (!loc || !*loc)
        break;
      if (from_genref_header(loc)) {
        header = true;
        continue;
      }
      if (!strcmp(fn, "??"))
        continue;
      if (!strncmp(loc, "??", 2))
        _gr_log("    #%d %p in %s (%s+0x%lx)\n", num++, (void *)f->pc, fn,
                f->module ? f->module : "?", (unsigned long)f->off);
      else
        _gr_log("    #%d %p in %s %s\n", num++, (void *)f->pc, fn, loc);
      printed = true;
    }
    /* A frame that is all genref header (its operations are calls at
     * -O0, rt.h's GR_INLINE): the runtime's own, left out. */
    if (!printed && !header)
      print_frame_dladdr(num++, f);
  }
}

static char *symbolized(void) {
  if (_gr_options.symbolize && run_symbolizer(rframes, nrframes) > 0)
    return sym_out;
  return NULL;
}

static void print_backtrace(void) {
  nrframes = ngroups = 0;
  collect_current();
  char *out = symbolized();
  print_group(0, &out);
}

static void evidence(gr_violation_t kind, const void *addr, gr_gen_t expected,
                     gr_gen_t found) {
  unsigned long long e = expected, f = found;
  gr_slab_t *s = _gr_slab_of(addr);
  if (s && atomic_load_explicit(&s->released, memory_order_acquire)) {
    _gr_log("    the object's slab retired (every slot's generation used up) and "
            "its memory was returned to the OS\n");
    return;
  }
  switch (kind) {
  case GR_USE_AFTER_FREE:
    if (!expected) /* no reference to compare with (a poisoned raw pointer) */
      break;
    _gr_log("    the reference was made at generation %llu; the object is now at "
            "generation %llu: %s\n",
            e, f,
            (f & 1) ? "it was freed and the memory now holds a newer object"
                    : "it was freed");
    break;
  case GR_DOUBLE_FREE:
    if (expected) /* the reference's, or the freed object's own */
      _gr_log("    expected generation %llu (live), found %llu (%s)\n", e, f,
              (f & 1) ? "a newer object" : "freed");
    else /* a raw pointer that carries no generation */
      _gr_log("    found generation %llu (%s)\n", f, (f & 1) ? "a newer object" : "freed");
    break;
  case GR_DANGLING_REFERENCE:
    _gr_log("    object generation %llu\n", f);
    break;
  case GR_REFERENCE_AS_POINTER:
    _gr_log("    the faulting access used a compact reference to this object "
            "(generation %llu) as a raw pointer: its generation bits make the "
            "address non-canonical\n",
            f);
    break;
  case GR_INVALID_FREE:
  case GR_HEAP_BUFFER_OVERFLOW:
    break;
  }
}

/* ---- the object: where the address is, its generation, its stacks ---- */

static char object_line[320];

/* The heap object the report is about: the one holding addr, or, for an
 * address on a header or in a slab's gap, the one that ends there (a
 * reference one past its end). Its generation: the reference's
 * (`expected`) when the report has one, else the slot's latest object.
 * The header says how many events the slot saw since that generation,
 * and so which of the slot's recorded stacks are the object's
 * (trace.c keeps two allocations and two frees). */
typedef struct want {
  const char *what; /* "freed", "previously allocated", ... */
  uint32_t id;
} want_t;
static char reused_note[128];

/* Read before the report's own backtrace: backtrace() may allocate on its
 * first call (libgcc's unwinder is loaded then), which can hand the
 * object's slot out again. */
static void describe_object(const void *addr, gr_gen_t expected, bool stacks,
                            want_t *want) {
  object_line[0] = reused_note[0] = 0;
  gr_slab_t *s = _gr_slab_of(addr);
  if (!s)
    return;
  gr_loc_t l;
  _gr_locate(addr, expected, &l);
  if (l.block)
    return; /* a program allocator's block: the evidence says what it is */
  if (_gr_stack_copy_life(l.base, expected))
    return; /* a stack object's copy: no heap object of the program's */
  uintptr_t a = (uintptr_t)addr;
  uint32_t idx = _gr_slot_holding(s, addr);
  bool after = false;
  if (idx == UINT32_MAX || a < _gr_slot_addr(s, idx) + GR_HDR_SIZE) {
    /* A header, or the slab's tail: the object that ends there. */
    if (idx == UINT32_MAX && a >= s->start)
      idx = s->capacity - 1;
    else if (idx == UINT32_MAX || idx == 0)
      return;
    else
      idx--;
    after = true;
  }
  uintptr_t base = _gr_slot_addr(s, idx) + GR_HDR_SIZE;
  uint64_t size = s->slot_size - GR_HDR_SIZE;
  bool released = atomic_load_explicit(&s->released, memory_order_acquire);
  /* A released slab reads as zeros: every slot retired at the last even
   * value below the limit (I4). */
  gr_gen_t f = released ? (GR_HEAP_GEN_MAX - 1) & ~(gr_gen_t)1 : _gr_gen_of((void *)base);
  if (f == 0)
    return; /* never allocated: the evidence says so */
  gr_gen_t o = (expected & 1) && expected <= f ? expected : (f & 1) ? f : f - 1;
  gr_gen_t d = f - o; /* events since object o was allocated */
  char state[128];
  if (d == 0)
    snprintf(state, sizeof state, "live");
  else if (released)
    snprintf(state, sizeof state, "freed; its slab has since retired");
  else if (d == 1)
    snprintf(state, sizeof state, "freed");
  else if (f & 1)
    snprintf(state, sizeof state, "freed; the memory now holds a newer object, generation %llu",
             (unsigned long long)f);
  else
    snprintf(state, sizeof state, "freed; the memory has held a newer object since (now generation %llu)",
             (unsigned long long)f);
  uint64_t off = after ? a - (base + size) : a - base;
  snprintf(object_line, sizeof object_line,
           "%p is located %llu bytes %s the %llu-byte heap object [%p,%p) of generation %llu (%s)",
           addr, (unsigned long long)off, after ? "after" : "inside of",
           (unsigned long long)size, (void *)base, (void *)(base + size),
           (unsigned long long)o, state);
  uint32_t ids[4]; /* alloc, free, prev_alloc, prev_free */
  if (!stacks || !_gr_trace_depth || !_gr_trace_get(s, idx, ids))
    return;
  switch (d) {
  case 0:
    *want++ = (want_t){"allocated", ids[0]};
    break;
  case 1:
    *want++ = (want_t){"freed", ids[1]};
    *want++ = (want_t){"previously allocated", ids[0]};
    break;
  case 2: /* freed, then the slot handed out again */
    *want++ = (want_t){"freed", ids[1]};
    *want++ = (want_t){"previously allocated", ids[2]};
    break;
  case 3: /* ... and that newer object freed too */
    *want++ = (want_t){"freed", ids[3]};
    *want++ = (want_t){"previously allocated", ids[2]};
    break;
  default:
    snprintf(reused_note, sizeof reused_note,
             "(the slot has been reused %llu times since: the object's own stacks are no "
             "longer kept)", (unsigned long long)(d / 2));
    break;
  }
}

/* The current stack, the object's line and the object's stacks, as ASan
 * prints them; one symbolizer run for all. */
static void print_stacks(const void *addr, gr_gen_t expected) {
  nrframes = ngroups = 0;
  bool bt = _gr_options.print_backtrace;
  want_t want[3] = {{NULL, 0}, {NULL, 0}, {NULL, 0}};
  describe_object(addr, expected, bt, want);
  if (bt)
    collect_current();
  for (want_t *w = want; w->what; w++)
    collect_recorded(w->what, w->id);
  if (reused_note[0]) {
    stack_group_t *g = &groups[ngroups++];
    memset(g, 0, sizeof *g);
    g->first = nrframes;
    snprintf(g->heading, sizeof g->heading, "%s", reused_note);
  }
  char *out = nrframes ? symbolized() : NULL;
  if (bt)
    print_group(0, &out);
  int first = bt ? 1 : 0;
  if (object_line[0])
    _gr_log("\n%s\n", object_line);
  else if (ngroups > first)
    _gr_log("\n");
  for (int i = first; i < ngroups; i++) {
    if (i > first)
      _gr_log("\n");
    print_group(i, &out);
  }
  if (object_line[0] || ngroups > first)
    _gr_log("\n"); /* then SUMMARY, as ASan sets it apart */
}

static GR_NOINLINE void report_impl(gr_violation_t kind, const void *addr,
                                    gr_gen_t expected, gr_gen_t found,
                                    const gr_site_t *site, const char *detail) {
  _gr_ensure_init();
  fflush(NULL); /* what the program printed so far comes before the report */
  pthread_mutex_lock(&_gr_report_lock);
  atomic_fetch_add_explicit(&n_reports, 1, memory_order_relaxed);
  int pid = (int)getpid();
  const char *kn = kind_name(kind);
  if (site && site->type)
    _gr_log("==%d==ERROR: genref: %s on address %p (object of type '%s')\n", pid,
            kn, addr, site->type);
  else
    _gr_log("==%d==ERROR: genref: %s on address %p\n", pid, kn, addr);
  if (site && site->file) {
    if (site->func)
      _gr_log("    at %s:%u:%u in %s\n", site->file, site->line, site->column,
              site->func);
    else
      _gr_log("    at %s:%u:%u\n", site->file, site->line, site->column);
  }
  evidence(kind, addr, expected, found);
  if (detail)
    _gr_log("    %s\n", detail);
  print_stacks(addr, expected);
  if (site && site->file)
    _gr_log("SUMMARY: genref: %s %s:%u%s%s\n", kn, site->file, site->line,
            site->func ? " in " : "", site->func ? site->func : "");
  else
    _gr_log("SUMMARY: genref: %s (no source location; see the backtrace)\n", kn);
  pthread_mutex_unlock(&_gr_report_lock);
  if (_gr_options.halt_on_error) {
    if (_gr_options.abort_on_error)
      abort();
    _exit(_gr_options.exitcode);
  }
}

GR_COLD void gr_report(gr_violation_t kind, const void *addr,
                       gr_gen_t expected, gr_gen_t found,
                       const gr_site_t *site, const char *detail) {
  report_impl(kind, addr, expected, found, site, detail);
}

/* A failed check: what the reference points at now decides the words. */
static void report_check(const void *obj, gr_gen_t expected, const gr_site_t *site) {
  gr_loc_t l;
  _gr_locate(obj, expected, &l);
  const char *detail = NULL;
  gr_gen_t found = l.gen & GR_GEN_MAX;
  gr_violation_t kind = GR_USE_AFTER_FREE;
  char buf[160];
  switch (l.where) {
  case GR_AT_HEADER:
  case GR_AT_GAP:
    detail = "the address lies outside every heap object (past the end of the "
             "object the reference was made to)";
    kind = GR_HEAP_BUFFER_OVERFLOW;
    break;
  case GR_AT_STATIC:
    detail = "the stack object the reference was made to went out of scope";
    found = 0;
    break;
  case GR_AT_STACK:
    detail = "the stack object the reference was made to went out of scope; "
             "another object now lives at this address";
    break;
  case GR_AT_HEAP:
    if (!l.block && _gr_stack_copy_life(l.base, expected)) {
      /* A compact layout's stack object lives in a heap copy (object.c). */
      detail = (l.gen & 1) ? "the stack object the reference was made to went out of "
                             "scope; another object now lives at this address"
                           : "the stack object the reference was made to went out of scope";
      break;
    }
    if (l.base != (uintptr_t)obj) {
      snprintf(buf, sizeof buf, "the address is %llu bytes into the %s at %p",
               (unsigned long long)((uintptr_t)obj - l.base),
               l.block ? "allocator block" : "heap object", (void *)l.base);
      detail = buf;
    }
    break;
  }
  report_impl(kind, obj, expected, found, site, detail);
}

GR_COLD void _gr_report_stale_recover(const void *obj, gr_gen_t expected,
                                      const gr_site_t *site) {
  report_check(obj, expected, site);
}

GR_COLD void _gr_report_stale(const void *obj, gr_gen_t expected,
                              const gr_site_t *site) {
  report_check(obj, expected, site);
  /* halt_on_error=0, but this dereference cannot continue safely. */
  _gr_log("==%d==genref: halt_on_error=0 does not resume a stale dereference "
          "unless the code was built with -DGENREF_RECOVER "
          "(-fplugin-arg-genref-recover)\n", (int)getpid());
  fflush(NULL);
  _exit(_gr_options.exitcode ? _gr_options.exitcode : 1);
}

GR_COLD void _gr_report_corruption(const void *addr, const char *what) {
  _gr_log("==%d==ERROR: genref: heap-corruption at %p: %s\n", (int)getpid(),
          addr, what);
  print_backtrace();
  _gr_log("SUMMARY: genref: heap-corruption\n");
  abort();
}

uint64_t _gr_report_count(void) {
  return atomic_load_explicit(&n_reports, memory_order_relaxed);
}
