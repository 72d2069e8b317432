// Acceptance: a fast unit linked without a whitelist is rejected before
// main and before any user constructor: the report names the unit's source
// path and says how to allow it (genref-cc --allow-unchecked, CMake's
// genref_allow_unchecked, genref-audit). Whitelisted with a matching glob
// (absolute, relative tail, directory wildcard, one of several rules) it
// runs; a non-matching glob still rejects. genref-audit lists the unit,
// mode, layout, whether it is allowed and by which rule, the policy and
// the verdict, exit status 0 (ok) or 1 (rejected). A resilient build of
// the same program needs no rule.
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// No whitelist.
// RUN: %genref_cc --mode=fast -O2 -g %s -o %t.dir/norule
// RUN: not %run %t.dir/norule > %t.dir/norule.out 2>&1
// RUN: FileCheck --check-prefix=REJECT %s --implicit-check-not=constructor --implicit-check-not="main ran" < %t.dir/norule.out
// RUN: not %obj_root/bin/genref-audit %t.dir/norule | FileCheck --check-prefixes=AUDIT,AUDIT-NORULE %s
// Matching globs.
// RUN: %genref_cc --mode=fast --allow-unchecked=%s -O2 -g %s -o %t.dir/abs
// RUN: %run %t.dir/abs 2>&1 | FileCheck --check-prefix=RUNS %s --implicit-check-not=genref
// RUN: %obj_root/bin/genref-audit %t.dir/abs | FileCheck --check-prefixes=AUDIT,AUDIT-ABS %s -DSRC=%s
// RUN: %genref_cc --mode=fast --allow-unchecked='modes/whitelist.c' -O2 -g %s -o %t.dir/tail
// RUN: %run %t.dir/tail 2>&1 | FileCheck --check-prefix=RUNS %s --implicit-check-not=genref
// RUN: %obj_root/bin/genref-audit %t.dir/tail | FileCheck --check-prefixes=AUDIT,AUDIT-TAIL %s
// RUN: %genref_cc --mode=fast --allow-unchecked='src/other.c' --allow-unchecked='test/modes/*.c' -O2 -g %s -o %t.dir/two
// RUN: %run %t.dir/two 2>&1 | FileCheck --check-prefix=RUNS %s --implicit-check-not=genref
// RUN: %obj_root/bin/genref-audit %t.dir/two | FileCheck --check-prefixes=AUDIT,AUDIT-TWO %s
// Non-matching globs: still rejected, by the program and by the audit.
// RUN: %genref_cc --mode=fast --allow-unchecked='*/plugin/*.c' --allow-unchecked='hitelist.c' --allow-unchecked='whitelist.cc' --allow-unchecked='/elsewhere/modes/whitelist.c' -O2 -g %s -o %t.dir/nomatch
// RUN: not %run %t.dir/nomatch > %t.dir/nomatch.out 2>&1
// RUN: FileCheck --check-prefix=REJECT %s --implicit-check-not=constructor --implicit-check-not="main ran" < %t.dir/nomatch.out
// RUN: not %obj_root/bin/genref-audit %t.dir/nomatch | FileCheck --check-prefixes=AUDIT,AUDIT-NOMATCH %s
// Resilient mode: no rule needed.
// RUN: %genref_cc -O2 -g %s -o %t.dir/res
// RUN: %run %t.dir/res 2>&1 | FileCheck --check-prefix=RUNS %s --implicit-check-not=genref
// RUN: %obj_root/bin/genref-audit %t.dir/res | FileCheck --check-prefixes=AUDIT,AUDIT-RES %s
//
// REJECT: =={{[0-9]+}}==ERROR: genref: unchecked code this program's whitelist does not allow
// REJECT-NEXT: {{^    }}{{/.*}}/test/modes/whitelist.c: compiled in fast mode (GR_REF dereferences unchecked)
// REJECT-NEXT: Unchecked code is allowed by the program's owner, at link time:
// REJECT-NEXT: genref-cc --allow-unchecked='GLOB'
// REJECT-NEXT: CMake: genref_allow_unchecked(TARGET 'GLOB')  (cmake/Genref.cmake)
// REJECT-NEXT: genref-audit PROGRAM lists every translation unit and its mode.
// REJECT-NEXT: SUMMARY: genref: unchecked-code-not-allowed
//
// AUDIT: genref-audit: {{.*}}
// AUDIT-NEXT: runtime: layout=[[LAYOUT:fat|compact]]{{$}}
// AUDIT-NEXT: translation units: 1
// AUDIT-NORULE-NEXT: {{^  }}{{/.*}}/test/modes/whitelist.c: mode=fast layout=[[LAYOUT]] [NOT ALLOWED]{{$}}
// AUDIT-NORULE-NEXT: policy: 0 allow rule(s){{$}}
// AUDIT-NORULE-NEXT: verdict: REJECTED at start-up: 1 translation unit(s) with unchecked code not allowed
// AUDIT-ABS-NEXT: {{^  }}[[SRC]]: mode=fast layout=[[LAYOUT]] [allowed by '[[SRC]]']{{$}}
// AUDIT-ABS-NEXT: policy: 1 allow rule(s) '[[SRC]]'{{$}}
// AUDIT-ABS-NEXT: verdict: ok
// AUDIT-TAIL-NEXT: {{^  }}{{/.*}}/test/modes/whitelist.c: mode=fast layout=[[LAYOUT]] [allowed by 'modes/whitelist.c']{{$}}
// AUDIT-TAIL-NEXT: policy: 1 allow rule(s) 'modes/whitelist.c'{{$}}
// AUDIT-TAIL-NEXT: verdict: ok
// AUDIT-TWO-NEXT: {{^  }}{{/.*}}/test/modes/whitelist.c: mode=fast layout=[[LAYOUT]] [allowed by 'test/modes/*.c']{{$}}
// AUDIT-TWO-NEXT: policy: 2 allow rule(s) 'src/other.c' 'test/modes/*.c'{{$}}
// AUDIT-TWO-NEXT: verdict: ok
// AUDIT-NOMATCH-NEXT: {{^  }}{{/.*}}/test/modes/whitelist.c: mode=fast layout=[[LAYOUT]] [NOT ALLOWED]{{$}}
// AUDIT-NOMATCH-NEXT: policy: 4 allow rule(s) '*/plugin/*.c' 'hitelist.c' 'whitelist.cc' '/elsewhere/modes/whitelist.c'{{$}}
// AUDIT-NOMATCH-NEXT: verdict: REJECTED at start-up: 1 translation unit(s) with unchecked code not allowed
// AUDIT-RES-NEXT: {{^  }}{{/.*}}/test/modes/whitelist.c: mode=resilient layout=[[LAYOUT]]{{$}}
// AUDIT-RES-NEXT: policy: 0 allow rule(s){{$}}
// AUDIT-RES-NEXT: verdict: ok
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

__attribute__((constructor)) static void user_constructor(void) {
  printf("user constructor ran\n");
  fflush(stdout);
}

int main(void) {
  struct node *GR_REF p = malloc(sizeof(struct node));
  p->v = 3;
  // RUNS: user constructor ran
  // RUNS-NEXT: main ran 3
  printf("main ran %d\n", p->v);
  free(p);
  return 0;
}
