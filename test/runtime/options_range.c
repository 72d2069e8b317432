// Every GENREF_OPTIONS value is checked against its option's real range
// (options.inc): an int outside it (exitcode=256 would make a halting
// report exit 0, as the status is taken mod 256), a malformed value, a bool
// that is neither 0/1 nor true/false, an empty string: each stops the
// program before main with status 1, naming the option, the value and the
// range. The range ends are accepted: exitcode=255 and exitcode=0 are the
// status of a halting report; help=1 prints every range.
//
// RUN: %cc %s %rt -o %t
// RUN: env GENREF_OPTIONS=exitcode=256 not %run %t 2>&1 | FileCheck %s --check-prefix=EXIT256
// RUN: sh -c 'GENREF_OPTIONS=exitcode=256 %run %t > /dev/null 2>&1; test $? -eq 1'
// RUN: env GENREF_OPTIONS=exitcode=-1 not %run %t 2>&1 | FileCheck %s --check-prefix=EXITNEG
// RUN: env GENREF_OPTIONS=verbosity=3 not %run %t 2>&1 | FileCheck %s --check-prefix=VERB
// RUN: env GENREF_OPTIONS=verbosity=-2147483648 not %run %t 2>&1 | FileCheck %s --check-prefix=VERBMIN
// RUN: env GENREF_OPTIONS=exitcode=0x10 not %run %t 2>&1 | FileCheck %s --check-prefix=HEX
// RUN: env GENREF_OPTIONS=exitcode= not %run %t 2>&1 | FileCheck %s --check-prefix=EMPTYINT
// RUN: env GENREF_OPTIONS=print_stats=2 not %run %t 2>&1 | FileCheck %s --check-prefix=BOOL2
// RUN: env GENREF_OPTIONS=log_path= not %run %t 2>&1 | FileCheck %s --check-prefix=EMPTYSTR
// RUN: env GENREF_OPTIONS=symbolize=0:exitcode=300:verbosity=9 not %run %t 2>&1 | FileCheck %s --check-prefix=FIRST
// RUN: sh -c 'GENREF_OPTIONS=exitcode=255:print_backtrace=0 %run %t report > /dev/null 2>&1; test $? -eq 255'
// RUN: env GENREF_OPTIONS=exitcode=0:print_backtrace=0 %run %t report 2>&1 | FileCheck %s --check-prefix=EXIT0
// RUN: env GENREF_OPTIONS=exitcode=255:verbosity=2:help=1 %run %t 2>&1 | FileCheck %s --check-prefix=HELP
//
// EXIT256: ==[[#]]==ERROR: genref: bad GENREF_OPTIONS: option 'exitcode' value '256' is out of range: it must be an int from 0 to 255
// EXIT256-NEXT: (set GENREF_OPTIONS=help=1 to list every option)
// EXIT256-NOT: main
// EXITNEG: option 'exitcode' value '-1' is out of range: it must be an int from 0 to 255
// EXITNEG-NOT: main
// VERB: option 'verbosity' value '3' is out of range: it must be an int from 0 to 2
// VERB-NOT: main
// VERBMIN: option 'verbosity' value '-2147483648' is out of range: it must be an int from 0 to 2
// HEX: option 'exitcode' expects an int value, got '0x10'
// HEX-NEXT: valid values of 'exitcode': an int from 0 to 255
// HEX-NOT: main
// EMPTYINT: option 'exitcode' expects an int value, got ''
// EMPTYINT-NEXT: valid values of 'exitcode': an int from 0 to 255
// BOOL2: option 'print_stats' expects a bool value (0, 1, true or false), got '2'
// BOOL2-NEXT: valid values of 'print_stats': 0, 1, true or false
// BOOL2-NOT: main
// EMPTYSTR: option 'log_path' expects a non-empty string value, got ''
// EMPTYSTR-NEXT: valid values of 'log_path': a string of 1 to 4095 characters
// FIRST: option 'exitcode' value '300' is out of range
// FIRST-NOT: verbosity
// FIRST-NOT: main
// EXIT0: ERROR: genref: double-free
// EXIT0: SUMMARY: genref: double-free
// EXIT0-NOT: after the report
// HELP: exitcode int {{.*}} [default 1; an int from 0 to 255]
// HELP: verbosity int {{.*}} [default 0; an int from 0 to 2]
// HELP: main runs
#include "genref/rt.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  printf("main runs\n");
  fflush(stdout);
  if (argc > 1 && !strcmp(argv[1], "report")) {
    void *p = gr_alloc(16);
    gr_free(p, NULL);
    gr_free(p, NULL); /* halts with the configured exitcode */
    printf("after the report\n");
  }
  return 0;
}
