/* fault.c - faults that are use-after-free.
 *
 * Two kinds of address fault here: the poison mirror of the arena (a
 * stale reference stored into raw storage became such an address,
 * gr_ref_to_raw), and a released slab (every slot retired: read-only and
 * empty, os.c), which a write through a stale pointer hits. This SIGSEGV /
 * SIGBUS handler reports both like any use-after-free, and a compact
 * reference read as a raw pointer (no fault address) as such; every other
 * fault goes to the handler that was there before (or the default
 * action), unchanged. */
#include "internal.h"

#include <signal.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

static struct sigaction previous_segv, previous_bus;

/* x86-64 reports a non-canonical access as a general protection fault with
 * no address. If a register then holds a compact reference (an address of
 * the genref heap with generation bits from bit 47 up), the program read a
 * reference as a raw pointer: `&ref` through `void *` into code that takes
 * `T **`, or a union, or memcpy into a pointer. Found: its object. */
static const void *reference_in_registers(siginfo_t *info, void *uctx, gr_gen_t *gen) {
#if defined(__x86_64__) && defined(REG_RIP)
  if (!info || info->si_code != SI_KERNEL || info->si_addr || !uctx)
    return NULL;
  const greg_t *r = ((ucontext_t *)uctx)->uc_mcontext.gregs;
  static const int regs[] = {REG_RAX, REG_RBX, REG_RCX, REG_RDX, REG_RSI, REG_RDI,
                             REG_RBP, REG_R8,  REG_R9,  REG_R10, REG_R11, REG_R12,
                             REG_R13, REG_R14, REG_R15};
  for (size_t i = 0; i < sizeof regs / sizeof regs[0]; i++) {
    uint64_t v = (uint64_t)r[regs[i]];
    const void *p = (const void *)(uintptr_t)(v & ((UINT64_C(1) << 47) - 1));
    if (v >> 47 && _gr_slab_of(p)) {
      *gen = (gr_gen_t)(v >> 48);
      return p;
    }
  }
#else
  (void)info, (void)uctx, (void)gen;
#endif
  return NULL;
}

GR_TLS uintptr_t _gr_fault_pc;

static void on_fault(int sig, siginfo_t *info, void *uctx) {
  void *stale = info ? _gr_unpoison(info->si_addr) : NULL;
#if defined(__x86_64__) && defined(REG_RIP)
  if (uctx)
    _gr_fault_pc = (uintptr_t)((ucontext_t *)uctx)->uc_mcontext.gregs[REG_RIP];
#endif
  if (stale) {
    _gr_options.halt_on_error = true; /* cannot resume a faulting access */
    gr_report(GR_USE_AFTER_FREE, stale, 0, 0, NULL,
              "the access went through a raw pointer copied from a reference to "
              "an object that was already freed (the faulting frame below is the "
              "access)");
  }
  gr_slab_t *s = info ? _gr_slab_of(info->si_addr) : NULL;
  if (s && atomic_load_explicit(&s->released, memory_order_acquire)) {
    gr_site_t site = {0, 0, 0, 0, 0};
    _gr_options.halt_on_error = true; /* cannot resume a faulting access */
    gr_report(GR_USE_AFTER_FREE, info->si_addr, 0, 0, &site,
              "a write into a retired slab (every slot's generation used up, "
              "its memory returned to the OS) faulted");
  }
  gr_gen_t gen = 0;
  if (sig == SIGSEGV) {
    const void *obj = reference_in_registers(info, uctx, &gen);
    if (obj) {
      _gr_options.halt_on_error = true;
      gr_report(GR_REFERENCE_AS_POINTER, obj, 0, gen, NULL,
                "a reference was read as a raw pointer: convert it with a cast "
                "((T *)ref, checked) or annotate the pointer that holds it "
                "(T *GR_REF *)");
    }
  }
  struct sigaction *prev = sig == SIGBUS ? &previous_bus : &previous_segv;
  if (prev->sa_flags & SA_SIGINFO && prev->sa_sigaction) {
    prev->sa_sigaction(sig, info, uctx);
    return;
  }
  if (prev->sa_handler != SIG_DFL && prev->sa_handler != SIG_IGN && prev->sa_handler) {
    prev->sa_handler(sig);
    return;
  }
  /* Default action: re-raise with the default disposition. */
  signal(sig, SIG_DFL);
  raise(sig);
}

void _gr_install_fault_handler(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, &previous_segv);
  sigaction(SIGBUS, &sa, &previous_bus);
}
