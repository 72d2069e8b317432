/* fault.c - a fault in a released slab is a use-after-free.
 *
 * A slab whose slots all retired is read-only and empty (os.c): a write
 * through a stale pointer into it faults. This SIGSEGV /
 * SIGBUS handler reports such a fault like any use-after-free; every
 * other fault goes to the handler that was there before (or the default
 * action), unchanged. */
#include "internal.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

static struct sigaction previous_segv, previous_bus;

static void on_fault(int sig, siginfo_t *info, void *uctx) {
  gr_slab_t *s = info ? _gr_slab_of(info->si_addr) : NULL;
  if (s && atomic_load_explicit(&s->released, memory_order_acquire)) {
    gr_site_t site = {0, 0, 0, 0, s->kind->layout->type_name};
    _gr_options.halt_on_error = true; /* cannot resume a faulting access */
    gr_report(GR_USE_AFTER_FREE, info->si_addr, 0, 0, &site,
              "a write into a retired slab (every slot's generation used up, "
              "its memory returned to the OS) faulted");
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
