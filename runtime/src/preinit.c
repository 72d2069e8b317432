/* preinit.c - start the runtime from .preinit_array.
 *
 * Entries of .preinit_array run before every constructor, whatever its
 * priority, so the options are read and the whitelist is checked before
 * any user code. Only executables may have the section (a shared library
 * that held it would not link), so this file is its own library,
 * libgenref_preinit.a, which genref-cc links whole into executables only;
 * elsewhere the runtime starts from a constructor of priority 101. */
#include "internal.h"

static void preinit(int argc, char **argv, char **envp) {
  (void)argc, (void)argv;
  _gr_preinit(envp);
}

__attribute__((section(".preinit_array"), used)) static void (*const gr_preinit)(
    int, char **, char **) = preinit;
