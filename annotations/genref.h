/* genref.h - annotations for generational references in C.
 *
 *   struct GR_WEAKABLE node { int value; struct node *GR_REF next; };
 *   struct node *GR_WEAK observer;
 *   if (gr_alive(observer)) ...
 *
 * Without the genref plugin (any compiler, including gcc) every macro here
 * degrades to plain C with the same behaviour: the annotations vanish or
 * become attributes the compiler ignores, and gr_alive(p) is (p) != NULL.
 * With the plugin (clang-19 -fplugin=genref.so, which predefines
 * __GENREF__), the annotations are type tags the plugin reads and rewrites:
 * see docs/annotations.md.
 */
#ifndef GENREF_H
#define GENREF_H

#if defined(__clang__)
/* btf_type_tag sticks to the pointer type it follows, so GR_REF works in
 * fields, locals, parameters, returns, globals, typedefs and casts; it does
 * not change the canonical type, so plain clang compiles the code as C. */
#define GR_REF __attribute__((btf_type_tag("genref_ref")))
#define GR_WEAK __attribute__((btf_type_tag("genref_weak")))
/* Per-declaration and per-struct check overrides (see docs/modes.md). */
#define GR_UNCHECKED __attribute__((annotate("genref_unchecked")))
#define GR_CHECKED __attribute__((annotate("genref_checked")))
#define GR_WEAKABLE __attribute__((annotate("genref_weakable")))
#else
#define GR_REF
#define GR_WEAK
#define GR_UNCHECKED
#define GR_CHECKED
#define GR_WEAKABLE
#endif

#if defined(__GENREF__)
/* Under the plugin gr_alive() is a real function the rewrite replaces by a
 * generation comparison. The declaration only exists so the pre-parse
 * type-checks; it is never defined, so a call the rewrite missed fails to
 * link instead of silently meaning "non-null". */
int __genref_alive(const volatile void *ref);
#define gr_alive(ref) __genref_alive(ref)
#elif defined(__clang__)
/* Plain clang, or the -E stage of a two-stage build (-save-temps, a .i
 * compiled later), where the plugin cannot define __GENREF__: the same
 * call, defined as "non-null", so that a plugin compiling the .i still
 * finds gr_alive() and rewrites it. */
static __inline__ int __genref_alive(const volatile void *ref) { return ref != 0; }
#define gr_alive(ref) __genref_alive(ref)
#else
#define gr_alive(ref) ((ref) != 0)
#endif

/* A unit that includes this header but is compiled without the plugin
 * (plain cc, gcc) says so in the same section the plugin's units record
 * themselves in: linked into a genref program, the runtime stops it
 * before main, naming the unit (its references would be raw pointers to
 * the plugged units, and theirs tagged values to it); genref-audit lists
 * it. A program built entirely without genref never reads the record.
 * Rewritten text (genref-rewrite output) includes genref/rt.h first, so it
 * counts as plugged. */
#if !defined(__GENREF__) && (defined(__GNUC__) || defined(__clang__)) &&           \
    defined(__ELF__) && !defined(GENREF_NO_UNIT_RECORD)
#if defined(__has_attribute)
#if __has_attribute(retain)
#define _GR_RETAIN_RECORD retain, /* kept by --gc-sections too */
#endif
#endif
#ifndef _GR_RETAIN_RECORD
#define _GR_RETAIN_RECORD
#endif
__attribute__((section("genref_tus"), used, _GR_RETAIN_RECORD aligned(1))) static const char
    __gr_unplugged_unit[] = "GRUP1\tsrc=" __BASE_FILE__ "\n";
#endif

/* The program's own allocators (a pool, a bump arena, a free list over
 * memory from malloc or anywhere): GR_MALLOCLIKE_BLOCK(p, size) when an
 * object is handed out, GR_FREELIKE_BLOCK(p) when it is taken back. A
 * reference into the block then carries the block's own generation, and a
 * use after GR_FREELIKE_BLOCK is a use-after-free like one after free().
 * Named after Valgrind's client requests; without the plugin they vanish. */
#if defined(__GENREF__)
/* __SIZE_TYPE__, not <stddef.h>: genref.h includes nothing, so a
 * preprocessed unit (-E, then the plugin) holds no header twice. */
void gr_block_alloc(void *p, __SIZE_TYPE__ size);
void gr_block_free(void *p);
#define GR_MALLOCLIKE_BLOCK(p, size) gr_block_alloc((p), (size))
#define GR_FREELIKE_BLOCK(p) gr_block_free(p)
#else
#define GR_MALLOCLIKE_BLOCK(p, size) ((void)(p), (void)(size))
#define GR_FREELIKE_BLOCK(p) ((void)(p))
#endif

#endif /* GENREF_H */
