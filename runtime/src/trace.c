/* trace.c - who allocated and who freed each slot (option
 * malloc_context_size): the stacks reports print as "freed by thread T
 * here" and "previously allocated by thread T here".
 *
 * Out of band, never in the object (its bytes are the program's, I10):
 * each slab gets, on its first recorded event, an array of
 * gr_slot_trace_t, one per slot (metadata memory), holding depot ids
 * (stackdepot.c) of the slot's last two allocations and last two frees.
 * Two of each, because a slot is reused: a stale reference's object may
 * be the one before the slot's current occupant (the header tells how
 * far back, report.c), and its stacks are then the "previous" ones.
 *
 * Every allocation and free writes its slot's record while recording is
 * on (an id of 0 when no stack could be taken), so the header's value
 * always says which event each id belongs to. A free writes before the
 * slot goes on a free list, an allocation before the object is returned:
 * the slot is the writer's alone then, as its header is.
 *
 * The unwinder follows frame pointers (fast: a load pair per frame; a
 * DWARF unwinder costs microseconds per stack): the runtime is built with
 * frame pointers, so its own frames are walked to the first frame of the
 * program, whose return address is always right; beyond it the chain is
 * only as good as the program's frame pointers (-fno-omit-frame-pointer),
 * and it is followed only while it stays on this thread's stack, moving
 * up, so a garbage frame pointer ends the stack instead of faulting. */
#include "internal.h"

#include <sys/syscall.h>
#include <unistd.h>

uint32_t _gr_trace_depth;

/* Thread numbers: T0 is the main thread, T1.. the others in the order they
 * first record an event (the runtime sees no thread creation; a thread
 * that never allocates or frees gets no number). */
static _Atomic uint32_t next_tid = 1;
static GR_TLS uint32_t tl_tid;       /* number + 1; 0: not yet known */
static GR_TLS uintptr_t tl_stack_hi; /* 0: not yet known */

extern void *__libc_stack_end; /* glibc: the main thread's initial stack pointer */

/* Frames further than this below the stack's top are not this thread's
 * stack (a coroutine's, an alternate signal stack): only the program's
 * first frame is recorded there. */
#define GR_STACK_SPAN ((uintptr_t)1 << 30)

static bool is_main_thread(void) { return syscall(SYS_gettid) == getpid(); }

uint32_t _gr_thread_number(void) {
  if (GR_UNLIKELY(!tl_tid))
    tl_tid = is_main_thread()
                 ? 1
                 : atomic_fetch_add_explicit(&next_tid, 1, memory_order_relaxed) + 1;
  return tl_tid - 1;
}

/* The end of this thread's stack: the main thread's starts at
 * __libc_stack_end; glibc puts every other thread's descriptor, which
 * pthread_self() is, at the top of its stack (its own or a user-given
 * one). */
static uintptr_t stack_hi(void) {
  if (GR_UNLIKELY(!tl_stack_hi))
    tl_stack_hi = is_main_thread() ? (uintptr_t)__libc_stack_end
                                   : (uintptr_t)pthread_self();
  return tl_stack_hi;
}

/* The program's frames above the runtime's, innermost first: return
 * addresses, at most `max`. Sanitizers are kept off the walk: it reads the
 * caller frames' saved words, which their instrumentation has no need to
 * see. */
__attribute__((no_sanitize("address", "thread"), always_inline)) static inline uint32_t
unwind(uintptr_t *pcs, uint32_t max) {
  uintptr_t fp = (uintptr_t)__builtin_frame_address(0);
  uintptr_t hi = stack_hi();
  bool on_stack = fp < hi && hi - fp <= GR_STACK_SPAN;
  uint32_t n = 0;
  bool program = false;
  while (n < max) {
    const uintptr_t *f = (const uintptr_t *)fp;
    uintptr_t next = f[0], pc = f[1];
    if (!pc)
      break;
    if (program || !_gr_in_runtime(pc)) {
      program = true;
      pcs[n++] = pc;
    }
    /* Up the stack, 16-aligned in the x86-64 ABI (8 suffices for the
     * load), and on this thread's stack; a runtime frame's link is always
     * good (the runtime has frame pointers). */
    if (next <= fp || (next & 7))
      break;
    if (program && (!on_stack || next + 2 * sizeof(uintptr_t) > hi))
      break;
    fp = next;
  }
  return n;
}

static inline __attribute__((always_inline)) uint32_t capture(void) {
  uintptr_t pcs[GR_DEPOT_MAX_FRAMES];
  uint32_t n = unwind(pcs, _gr_trace_depth);
  return n ? _gr_depot_put(pcs, n, _gr_thread_number()) : 0;
}

/* The slab's records, made on its first event (metadata memory, zeroed:
 * id 0 is "no stack"). A race to make them loses one array to the other. */
static gr_slot_trace_t *traces_of(gr_slab_t *s) {
  gr_slot_trace_t *t = atomic_load_explicit(&s->traces, memory_order_acquire);
  if (GR_LIKELY(t != NULL))
    return t;
  gr_slot_trace_t *n = _gr_meta_alloc(s->capacity * sizeof *n);
  if (!n)
    return NULL;
  gr_slot_trace_t *expected = NULL;
  if (!atomic_compare_exchange_strong_explicit(&s->traces, &expected, n,
                                               memory_order_acq_rel,
                                               memory_order_acquire))
    return expected; /* another thread's; n stays unused metadata */
  return n;
}

/* Relaxed atomics: a report on another thread may read a record while
 * its slot's owner writes it (a racing double free); it then prints a
 * stack of either event, never a torn id. */
static inline void shift_in(_Atomic uint32_t *cur, _Atomic uint32_t *prev, uint32_t id) {
  atomic_store_explicit(prev, atomic_load_explicit(cur, memory_order_relaxed),
                        memory_order_relaxed);
  atomic_store_explicit(cur, id, memory_order_relaxed);
}

GR_NOINLINE void _gr_trace_alloc(gr_slab_t *s, const void *obj) {
  uint32_t idx = _gr_slot_index(s, obj);
  gr_slot_trace_t *t = idx != UINT32_MAX ? traces_of(s) : NULL;
  if (t)
    shift_in(&t[idx].alloc, &t[idx].prev_alloc, capture());
}

GR_NOINLINE void _gr_trace_free(gr_slab_t *s, uint32_t idx) {
  gr_slot_trace_t *t = traces_of(s);
  if (t)
    shift_in(&t[idx].free, &t[idx].prev_free, capture());
}

bool _gr_trace_get(const gr_slab_t *s, uint32_t idx, uint32_t ids[4]) {
  gr_slot_trace_t *t = atomic_load_explicit(&((gr_slab_t *)s)->traces, memory_order_acquire);
  if (!t || idx >= s->capacity)
    return false;
  ids[0] = atomic_load_explicit(&t[idx].alloc, memory_order_relaxed);
  ids[1] = atomic_load_explicit(&t[idx].free, memory_order_relaxed);
  ids[2] = atomic_load_explicit(&t[idx].prev_alloc, memory_order_relaxed);
  ids[3] = atomic_load_explicit(&t[idx].prev_free, memory_order_relaxed);
  return true;
}

void _gr_trace_init(void) {
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
  /* ASan owns malloc here and reports its objects itself, with its own
   * stacks; genref's objects are the rewritten allocations only. */
  return;
#endif
#endif
  _gr_trace_depth = (uint32_t)_gr_options.malloc_context_size;
}
