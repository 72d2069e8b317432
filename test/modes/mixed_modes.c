// Acceptance: one program of three translation units sharing one header
// (Inputs/mixed/orders.h), one per mode. An order is allocated in the
// resilient unit (Inputs/mixed/orders.c), freed in the fast unit
// (Inputs/mixed/ledger_fast.c, whitelisted at link time) and, with
// -DMIXED_BUG, dereferenced stale in this normal unit: the use-after-free
// is reported at this unit's line. Without the bug the program runs to the
// end (exit 0, expected output). Without the whitelist rule the program is
// rejected before main, naming the fast unit only; genref-audit shows the
// three units and their modes.
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_cc --mode=resilient -O2 -g -I%S/Inputs/mixed -c %S/Inputs/mixed/orders.c -o %t.dir/orders.o
// RUN: %genref_cc --mode=fast -O2 -g -I%S/Inputs/mixed -c %S/Inputs/mixed/ledger_fast.c -o %t.dir/ledger_fast.o
// RUN: %genref_cc --mode=normal -O2 -g -I%S/Inputs/mixed -c %s -o %t.dir/main.o
// RUN: %genref_cc --mode=normal -O2 -g -DMIXED_BUG -I%S/Inputs/mixed -c %s -o %t.dir/main_bug.o
// RUN: %genref_cc --allow-unchecked='*/Inputs/mixed/*_fast.c' %t.dir/main.o %t.dir/orders.o %t.dir/ledger_fast.o -o %t.dir/prog
// RUN: %genref_cc --allow-unchecked='*/Inputs/mixed/*_fast.c' %t.dir/main_bug.o %t.dir/orders.o %t.dir/ledger_fast.o -o %t.dir/prog_bug
// RUN: %run %t.dir/prog > %t.dir/out.txt 2>&1
// RUN: FileCheck --check-prefix=OK %s --implicit-check-not=genref < %t.dir/out.txt
// RUN: not %run %t.dir/prog_bug 2>&1 | FileCheck --check-prefix=BUG %s
// Not whitelisted: rejected before main, only the fast unit is named.
// RUN: %genref_cc %t.dir/main.o %t.dir/orders.o %t.dir/ledger_fast.o -o %t.dir/prog_norule
// RUN: not %run %t.dir/prog_norule 2>&1 | FileCheck --check-prefix=REJECT %s --implicit-check-not=orders: --implicit-check-not=total
// RUN: %obj_root/bin/genref-audit %t.dir/prog | FileCheck --check-prefix=AUDIT %s
// The audit lists units in some order: check each unit's line on its own.
// RUN: %obj_root/bin/genref-audit %t.dir/prog | FileCheck --check-prefix=AUDIT-RES %s
// RUN: %obj_root/bin/genref-audit %t.dir/prog | FileCheck --check-prefix=AUDIT-NORMAL %s
// AUDIT: translation units: 3
// AUDIT: policy: 1 allow rule(s)
// AUDIT: verdict: ok
// AUDIT-RES: {{/.*}}/Inputs/mixed/orders.c: mode=resilient layout={{fat|compact}}
// AUDIT-RES: {{/.*}}/Inputs/mixed/ledger_fast.c: mode=fast layout={{fat|compact}} {{.*}}[allowed by '*/Inputs/mixed/*_fast.c']
// AUDIT-NORMAL: {{/.*}}/test/modes/mixed_modes.c: mode=normal layout={{fat|compact}}
// REJECT: ERROR: genref: unchecked code this program's whitelist does not allow
// REJECT-NEXT: {{^ +}}{{/.*}}/Inputs/mixed/ledger_fast.c: compiled in fast mode
// REJECT-NOT: mixed_modes.c
// REJECT: SUMMARY: genref: unchecked-code-not-allowed
#include <stdio.h>
#include "orders.h"

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  for (int i = 1; i <= 4; i++)
    orders_push(order_new(i, i * 10));
  struct order *GR_REF second = orders_head->next;
  // OK: orders: 4 3 2 1 total 100
  printf("orders: %d %d %d %d total %d\n", orders_head->id, second->id,
         second->next->id, second->next->next->id, ledger_total());
  ledger_cancel(3); // frees `second` in the fast unit
  // OK-NEXT: after cancel total 70 alive 0
  printf("after cancel total %d alive %d\n", ledger_total(), gr_alive(second));
#ifdef MIXED_BUG
  printf("stale qty %d\n", second->qty); // BUG: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct order')
  // BUG-NEXT: at {{.*}}mixed_modes.c:[[@LINE-1]]:34 in main
  // BUG-NEXT: the reference was made at generation {{[0-9]+}}; the object is now at generation {{[0-9]+}}: it was freed
  // BUG: SUMMARY: genref: use-after-free {{.*}}mixed_modes.c:[[@LINE-3]] in main
  // BUG-NOT: stale qty
#endif
  second = orders_head->next;
  // OK-NEXT: now second is 2 qty 20
  printf("now second is %d qty %d\n", second->id, second->qty);
  while (orders_head)
    ledger_cancel(orders_head->id);
  // OK-NEXT: all cancelled total 0
  printf("all cancelled total %d\n", ledger_total());
  return 0;
}
