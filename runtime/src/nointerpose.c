/* nointerpose.c - sanitizer variants: the sanitizer's interceptors own
 * malloc and free, so only the allocations the rewriter sends to gr_alloc
 * are genref objects; references into other memory read as static (never
 * reported, never checked). */
const int _gr_malloc_interposed = 0;
