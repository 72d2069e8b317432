// The report format (AddressSanitizer's): the ERROR line with the kind, the
// address and the type, the `at file:line:col in func` line of a gr_site_t,
// the generations, symbolized backtrace frames (runtime frames left out),
// the SUMMARY line, and the exit status (exitcode=, abort_on_error=). A
// report without a site names no type: kinds are (size class, alignment),
// shared by every type of the size.
//
// RUN: %cc %s %rt -o %t
// RUN: %cc -DGENREF_RECOVER %s %rt -o %t.recover
// RUN: not %run %t uaf 2>&1 | FileCheck %s --check-prefix=UAF
// RUN: not %run %t reused 2>&1 | FileCheck %s --check-prefix=REUSED
// RUN: not %run %t nosite 2>&1 | FileCheck %s --check-prefix=NOSITE
// RUN: not %run %t make 2>&1 | FileCheck %s --check-prefix=MAKE
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t uaf 2>&1 | FileCheck %s --check-prefix=RAW
// RUN: env GENREF_OPTIONS=print_backtrace=0 not %run %t uaf 2>&1 | FileCheck %s --check-prefix=NOBT
// RUN: %run %t fork uaf | FileCheck %s --check-prefix=EXIT1
// RUN: env GENREF_OPTIONS=exitcode=42 %run %t fork uaf | FileCheck %s --check-prefix=EXIT42
// RUN: env GENREF_OPTIONS=exitcode=0 %run %t fork uaf | FileCheck %s --check-prefix=EXIT0
// RUN: env GENREF_OPTIONS=abort_on_error=1 %run %t fork uaf | FileCheck %s --check-prefix=ABORT
// RUN: env GENREF_OPTIONS=halt_on_error=0 %run %t.recover uaf 2>&1 | FileCheck %s --check-prefix=CONT
//
// UAF: ==[[PID:[0-9]+]]==ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct node')
// UAF-NEXT: {{^    }}at list.c:42:7 in walk
// UAF-NEXT: the reference was made at generation 1; the object is now at generation 2: it was freed
// UAF-NEXT: {{^    }}#0 0x{{[0-9a-f]+}} in deref {{.*}}report_format.c:{{[0-9]+}}:{{[0-9]+}}
// UAF-NEXT: {{^    }}#1 0x{{[0-9a-f]+}} in run {{.*}}report_format.c:{{[0-9]+}}:{{[0-9]+}}
// UAF-NEXT: {{^    }}#2 0x{{[0-9a-f]+}} in main {{.*}}report_format.c:{{[0-9]+}}:{{[0-9]+}}
// UAF-NOT: genref/ref.h
// UAF: SUMMARY: genref: use-after-free list.c:42 in walk
// UAF-NOT: not reached
//
// REUSED: ERROR: genref: use-after-free on address
// REUSED: the reference was made at generation 1; the object is now at generation 3: it was freed and the memory now holds a newer object
// REUSED: SUMMARY: genref: use-after-free list.c:42 in walk
//
// NOSITE: ==[[#]]==ERROR: genref: double-free on address 0x{{[0-9a-f]+}}{{$}}
// NOSITE-NEXT: expected generation 1 (live), found 2 (freed)
// NOSITE-NEXT: the object was already freed
// NOSITE-NEXT: #0 0x{{[0-9a-f]+}} in run {{.*}}report_format.c:
// NOSITE: SUMMARY: genref: double-free (no source location; see the backtrace)
//
// MAKE: ERROR: genref: use-after-free on address
// MAKE: the reference was made at generation 1; the object is now at generation 2: it was freed
// MAKE-NEXT: a raw pointer into a freed heap object became a reference
// MAKE-NEXT: #0 0x{{[0-9a-f]+}} in run {{.*}}report_format.c:
//
// RAW: ERROR: genref: use-after-free
// RAW: #0 0x{{[0-9a-f]+}} ({{.*}}report_format.c.tmp+0x{{[0-9a-f]+}})
// RAW: SUMMARY: genref: use-after-free list.c:42 in walk
//
// NOBT: ERROR: genref: use-after-free
// NOBT-NOT: #0
// NOBT: SUMMARY
//
// EXIT1: child exited with status 1
// EXIT42: child exited with status 42
// EXIT0: child exited with status 0
// ABORT: child killed by signal 6
//
// CONT: ERROR: genref: use-after-free
// CONT: SUMMARY: genref: use-after-free
// CONT: not reached
#define _GNU_SOURCE
#include "genref/rt.h"

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const gr_site_t walk_site = {"list.c", 42, 7, "walk", "struct node"};

__attribute__((noinline)) static void *deref(gr_ref_t r) {
  return gr_ref_check(r, &walk_site);
}

static void run(const char *mode) {
  if (!strcmp(mode, "uaf")) {
    void *p = gr_alloc(32);
    gr_ref_t r = gr_ref_from_new(p);
    gr_free(p, NULL);
    deref(r);
  } else if (!strcmp(mode, "reused")) {
    void *p = gr_alloc(32);
    gr_ref_t r = gr_ref_from_new(p);
    gr_free(p, NULL);
    while (gr_alloc(32) != p) /* the slot reused, in either layout's order */
      ;
    deref(r);
  } else if (!strcmp(mode, "nosite")) {
    void *p = gr_alloc(32);
    gr_free(p, NULL);
    gr_free(p, NULL);
  } else if (!strcmp(mode, "make")) {
    void *p = gr_alloc(32);
    gr_free(p, NULL);
    (void)gr_ref_make(p, &walk_site);
  }
}

int main(int argc, char **argv) {
  if (argc == 3 && !strcmp(argv[1], "fork")) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
      close(2); /* the report itself is checked above */
      run(argv[2]);
      _exit(100);
    }
    int status;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status))
      printf("child exited with status %d\n", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
      printf("child killed by signal %d\n", WTERMSIG(status));
    return 0;
  }
  run(argv[1]);
  printf("not reached\n");
  return 0;
}
