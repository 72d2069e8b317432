/* report.c - violation reports, in AddressSanitizer's format:
 *
 *   ==PID==ERROR: genref: <kind> on address 0x... (type 'struct node')
 *       at file.c:12:7 in main
 *       <evidence: expected and found generations, what happened>
 *       #0 0x... in main+0x1c (/path/to/prog+0x11fc)
 *   SUMMARY: genref: <kind> file.c:12 in main
 *
 * Reports never allocate from the genref heap, and write with write(2). */
#include "internal.h"

#include <dlfcn.h>
#include <execinfo.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Every runtime function is placed in this section (internal.h), so a
 * backtrace can drop the runtime's own frames. */
extern char __start_genref_text[] __attribute__((weak));
extern char __stop_genref_text[] __attribute__((weak));

static int log_fd = -1;
static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;
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
  }
  return "unknown";
}

static bool in_runtime(void *pc) {
  return __start_genref_text && (char *)pc >= __start_genref_text &&
         (char *)pc < __stop_genref_text;
}

static void print_backtrace(void) {
  void *pcs[64];
  int n = backtrace(pcs, 64), frame = 0;
  for (int i = 0; i < n; i++) {
    if (in_runtime(pcs[i]))
      continue;
    /* Return addresses point after the call; step back into it. */
    uintptr_t pc = (uintptr_t)pcs[i] - (i > 0 ? 1 : 0);
    Dl_info info;
    if (dladdr((void *)pc, &info) && info.dli_fname) {
      uintptr_t mod_off = pc - (uintptr_t)info.dli_fbase;
      if (info.dli_sname)
        _gr_log("    #%d %p in %s+0x%lx (%s+0x%lx)\n", frame, (void *)pc,
                info.dli_sname, (unsigned long)(pc - (uintptr_t)info.dli_saddr),
                info.dli_fname, (unsigned long)mod_off);
      else
        _gr_log("    #%d %p (%s+0x%lx)\n", frame, (void *)pc, info.dli_fname,
                (unsigned long)mod_off);
    } else {
      _gr_log("    #%d %p\n", frame, (void *)pc);
    }
    frame++;
  }
}

static void evidence(gr_violation_t kind, gr_gen_t expected, gr_gen_t found) {
  unsigned long long e = expected, f = found;
  switch (kind) {
  case GR_USE_AFTER_FREE:
    _gr_log("    the reference was made at generation %llu; the object is now at "
            "generation %llu: %s\n",
            e, f,
            (f & 1) ? "it was freed and the memory now holds a newer object"
                    : "it was freed");
    break;
  case GR_DOUBLE_FREE:
    _gr_log("    expected generation %llu (live), found %llu (%s)\n", e, f,
            (f & 1) ? "a newer object" : "freed");
    break;
  case GR_DANGLING_REFERENCE:
    _gr_log("    object generation %llu\n", f);
    break;
  case GR_INVALID_FREE:
    break;
  }
}

static GR_NOINLINE void report_impl(gr_violation_t kind, const void *addr,
                                    gr_gen_t expected, gr_gen_t found,
                                    const gr_site_t *site, const char *detail) {
  _gr_ensure_init();
  fflush(NULL); /* what the program printed so far comes before the report */
  pthread_mutex_lock(&report_lock);
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
  evidence(kind, expected, found);
  if (detail)
    _gr_log("    %s\n", detail);
  if (_gr_options.print_backtrace)
    print_backtrace();
  if (site && site->file)
    _gr_log("SUMMARY: genref: %s %s:%u%s%s\n", kn, site->file, site->line,
            site->func ? " in " : "", site->func ? site->func : "");
  else
    _gr_log("SUMMARY: genref: %s (no source location; see the backtrace)\n", kn);
  pthread_mutex_unlock(&report_lock);
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

GR_COLD void _gr_report_stale(const void *obj, gr_gen_t expected,
                              const gr_site_t *site) {
  report_impl(GR_USE_AFTER_FREE, obj, expected, gr_gen_at(obj), site, NULL);
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
