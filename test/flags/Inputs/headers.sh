#!/usr/bin/env bash
# Includes genref's headers on their own (not through the plugin) in every
# -std, with and without DEFINE (a layout's macro, or '-'), with clang-19
# and gcc: no diagnostic at all. Usage: headers.sh SRC DEFINE OUTDIR
set -u
src=$1 define=$2 out=$3
mkdir -p "$out"
printf '#include "genref.h"\n#include "genref/rt.h"\n#include "genref/stats.h"\nint main(void) { return 0; }\n' > "$out/headers.c"
d=()
[ "$define" != - ] && d=(-D"$define")
fail=0
for cc in clang-19 gcc; do
  for std in c89 gnu89 c99 c11 c17 c2x; do
    if ! $cc -std=$std "${d[@]}" -pedantic -Wall -Wextra -Wcast-align -Wconversion -Werror \
        -I"$src/annotations" -I"$src/runtime/include" -c "$out/headers.c" -o "$out/h.o" > "$out/log" 2>&1 ||
        [ -s "$out/log" ]; then
      echo "NOT CLEAN: $cc -std=$std ${d[*]}" >&2
      cat "$out/log" >&2
      fail=1
    fi
  done
done
[ "$fail" -eq 0 ] && echo "all clean"
exit "$fail"
