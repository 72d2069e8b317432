#!/usr/bin/env bash
# Compiles SOURCE with genref under every -std given, in every mode, with
# -pedantic -Wall -Wextra -Wcast-align -Wconversion -Werror: through
# genref-cc, through a plain clang-19 -fplugin, and genref-rewrite's output
# through gcc and clang-19. Stops at the first build that is not clean,
# naming it. Usage: std_matrix.sh OBJ SRC LAYOUT GCC OUTDIR SOURCE STD...
set -u
obj=$1 src=$2 layout=$3 gcc=$4 out=$5 source=$6
shift 6
flags="-pedantic -Wall -Wextra -Wcast-align -Wconversion -Werror"
mkdir -p "$out"
fail=0
try() { # what, command...
  local what=$1
  shift
  if ! "$@" > "$out/log" 2>&1 || [ -s "$out/log" ]; then
    echo "NOT CLEAN: $what" >&2
    cat "$out/log" >&2
    fail=1
  fi
}
for std in "$@"; do
  for mode in resilient normal fast; do
    try "genref-cc -std=$std --mode=$mode" \
      "$obj/bin/genref-cc" --layout="$layout" --mode="$mode" -std="$std" $flags \
      -c "$source" -o "$out/cc.o"
    try "clang-19 -fplugin -std=$std mode=$mode" \
      clang-19 -fplugin="$obj/lib/genref.so" -fplugin-arg-genref-layout="$layout" \
      -fplugin-arg-genref-mode="$mode" -I"$src/annotations" -std="$std" $flags \
      -c "$source" -o "$out/plugin.o"
    # The plugin must really have rewritten it: calls into the runtime.
    if ! llvm-nm-19 "$out/plugin.o" | grep -q ' U gr_'; then
      echo "NOT REWRITTEN: clang-19 -fplugin -std=$std mode=$mode" >&2
      fail=1
    fi
    try "genref-rewrite -std=$std --mode=$mode" \
      "$obj/bin/genref-rewrite" --layout="$layout" --mode="$mode" "$source" \
      -o "$out/rw.c" -- -I"$src/annotations" -std="$std"
    try "gcc -std=$std on genref-rewrite --mode=$mode" \
      "$gcc" -std="$std" $flags -I"$src/annotations" -I"$src/runtime/include" \
      -c "$out/rw.c" -o "$out/gcc.o"
    try "clang-19 -std=$std on genref-rewrite --mode=$mode" \
      clang-19 -std="$std" $flags -I"$src/annotations" -I"$src/runtime/include" \
      -c "$out/rw.c" -o "$out/clang.o"
  done
done
[ "$fail" -eq 0 ] && echo "all clean"
exit "$fail"
