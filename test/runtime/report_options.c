// GENREF_OPTIONS as reports and start-up see them: log_path writes reports
// to PATH.PID (not stderr); halt_on_error=0 reports several violations and
// the program exits 0; print_stats=1 prints statistics at exit; help=1
// lists every option; a bad GENREF_OPTIONS (unknown option, bad bool, bad
// int, an item without '=') stops the program with a clear message and a
// non-zero status before main runs.
//
// RUN: %cc %s %rt -o %t
// RUN: %cc -DGENREF_RECOVER %s %rt -o %t.recover
// RUN: rm -f %t.log.*
// RUN: env GENREF_OPTIONS=log_path=%t.log %run %t logfile %t.log 2>%t.err | FileCheck %s --check-prefix=LOG
// RUN: FileCheck %s --check-prefix=NOERR --allow-empty < %t.err
// RUN: env GENREF_OPTIONS=halt_on_error=0 %run %t.recover several 2>&1 | FileCheck %s --check-prefix=SEVERAL
// Without GENREF_RECOVER a stale dereference halts even then:
// RUN: env GENREF_OPTIONS=halt_on_error=0 not %run %t several 2>&1 | FileCheck %s --check-prefix=NORECOVER
// NORECOVER: ERROR: genref: use-after-free
// NORECOVER: halt_on_error=0 does not resume a stale dereference unless the code was built with -DGENREF_RECOVER
// RUN: env GENREF_OPTIONS=print_stats=1 %run %t stats 2>&1 | FileCheck %s --check-prefix=STATS
// RUN: env GENREF_OPTIONS=help=1 %run %t none 2>&1 | FileCheck %s --check-prefix=HELP
// RUN: env GENREF_OPTIONS=verbosity=1:halt_on_error=1 %run %t none 2>&1 | FileCheck %s --check-prefix=VERBOSE-%if layout-compact %{COMPACT%} %else %{FAT%}
// RUN: env GENREF_OPTIONS=no_such_option=1 not %run %t none 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: env GENREF_OPTIONS=halt_on_error=maybe not %run %t none 2>&1 | FileCheck %s --check-prefix=BADBOOL
// RUN: env GENREF_OPTIONS=exitcode=12x:verbosity=0 not %run %t none 2>&1 | FileCheck %s --check-prefix=BADINT
// RUN: env GENREF_OPTIONS=exitcode=99999999999 not %run %t none 2>&1 | FileCheck %s --check-prefix=BIGINT
// RUN: env GENREF_OPTIONS=print_stats not %run %t none 2>&1 | FileCheck %s --check-prefix=NOEQ
// RUN: env GENREF_OPTIONS==1 not %run %t none 2>&1 | FileCheck %s --check-prefix=NONAME
// RUN: env GENREF_OPTIONS=halt_on_error=1::exitcode=3: %run %t none 2>&1 | FileCheck %s --check-prefix=EMPTYITEMS
//
// LOG: log file {{.*}}.log.[[PID:[0-9]+]]
// LOG-NEXT: ==[[PID]]==ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}}
// LOG: #0 0x{{[0-9a-f]+}} in trigger {{.*}}report_options.c:
// LOG: SUMMARY: genref: use-after-free
// LOG: child status 1
// NOERR-NOT: genref
//
// SEVERAL: ERROR: genref: use-after-free
// SEVERAL: SUMMARY: genref: use-after-free
// SEVERAL: ERROR: genref: double-free
// SEVERAL: SUMMARY: genref: double-free
// SEVERAL: ERROR: genref: invalid-free
// SEVERAL: SUMMARY: genref: invalid-free
// SEVERAL: 3 reports; still running
//
// STATS: main done
// STATS-NEXT: =={{[0-9]+}}== genref heap statistics
// STATS-NEXT: bytes mapped: {{[1-9][0-9]*}} (slabs) + {{[1-9][0-9]*}} (metadata)
// STATS-NEXT: live objects: 3, retired slots: 0, reports: 0
// STATS-NEXT: slot size alignment slabs slots live retired
// STATS-DAG: {{^  }}32 16 1 64 1 0
// STATS-DAG: {{^  }}48 16 1 64 1 0
// STATS-DAG: {{^  }}64 64 1 64 1 0
//
// HELP: genref options (GENREF_OPTIONS=name=value:name=value):
// HELP: halt_on_error bool {{.*}} [default 1; 0, 1, true or false]
// HELP: exitcode
// HELP: abort_on_error
// HELP: log_path string {{.*}} [default 'stderr'; a string of 1 to 4095 characters]
// HELP: print_stats
// HELP: verbosity
// HELP: print_backtrace
// HELP: symbolize
// HELP: help
// HELP: main done
//
// VERBOSE-FAT: genref: runtime ABI {{[0-9]+}}, layout fat, 64-bit generations
// VERBOSE-FAT: main done
// VERBOSE-COMPACT: genref: runtime ABI {{[0-9]+}}, layout compact, 16-bit generations
// VERBOSE-COMPACT: main done
//
// UNKNOWN: ==[[#]]==ERROR: genref: bad GENREF_OPTIONS: unknown option 'no_such_option'
// UNKNOWN-NEXT: (set GENREF_OPTIONS=help=1 to list every option)
// UNKNOWN-NOT: main
// BADBOOL: ERROR: genref: bad GENREF_OPTIONS: option 'halt_on_error' expects a bool value (0, 1, true or false), got 'maybe'
// BADBOOL-NOT: main
// BADINT: ERROR: genref: bad GENREF_OPTIONS: option 'exitcode' expects an int value, got '12x'{{$}}
// BADINT-NOT: main
// BIGINT: ERROR: genref: bad GENREF_OPTIONS: option 'exitcode' expects an int value, got '99999999999'
// NOEQ: ERROR: genref: bad GENREF_OPTIONS: option 'print_stats' has no value (write print_stats=VALUE)
// NOEQ-NOT: main
// NONAME: ERROR: genref: bad GENREF_OPTIONS: malformed item in '=1'
// NONAME-NOT: main
// EMPTYITEMS: main done
#define _GNU_SOURCE
#include "genref/rt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const gr_site_t site = {"app.c", 7, 3, "work", "struct node"};

__attribute__((noinline)) static void trigger(void) {
  void *p = gr_alloc(32);
  gr_ref_t r = gr_ref_from_new(p);
  gr_free(p, NULL);
  gr_ref_check(r, &site);
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  const char *mode = argv[1];
  if (!strcmp(mode, "logfile")) {
    /* The report goes to argv[2].PID of the process that reports. */
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
      trigger();
      _exit(100);
    }
    int status;
    waitpid(pid, &status, 0);
    char path[4200];
    snprintf(path, sizeof path, "%s.%d", argv[2], (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) {
      printf("no log file %s\n", path);
      return 1;
    }
    printf("log file %s\n", path);
    char line[1024];
    while (fgets(line, sizeof line, f))
      fputs(line, stdout);
    fclose(f);
    printf("child status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 0;
  }
  if (!strcmp(mode, "several")) {
    trigger();
    void *p = gr_alloc(64);
    gr_free(p, &site);
    gr_free(p, &site);
    int x;
    gr_free(&x, &site);
    printf("3 reports; still running\n");
    return 0;
  }
  if (!strcmp(mode, "stats")) {
    /* stdout's buffer would be a live object too (malloc is the heap). */
    static char outbuf[BUFSIZ];
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    (void)gr_alloc(32);
    (void)gr_alloc(20);
    gr_free(gr_alloc(30), NULL);
    (void)aligned_alloc(64, 40);
  }
  printf("main done\n");
  return 0;
}
