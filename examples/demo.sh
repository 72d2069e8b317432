#!/usr/bin/env bash
# The main demo: a program with a real use-after-free, built twice: once
# correct, once with the bug switched on, so the report can be seen.
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out="$build/examples"
mkdir -p "$out"
cc="clang-19 -std=c11 -O2 -g -I$root/annotations -I$root/runtime/include"
rt="$build/lib/libgenref_rt.a -lpthread"

echo "== runtime demo: the ever-increasing heap (examples/runtime_demo.c)"
$cc "$here/runtime_demo.c" $rt -o "$out/runtime_demo"
$cc -DINJECT_BUG "$here/runtime_demo.c" $rt -o "$out/runtime_demo_bug"
echo "-- correct build:"
"$out/runtime_demo"
echo "-- with the bug (-DINJECT_BUG): genref stops it"
if "$out/runtime_demo_bug"; then
  echo "demo: the bug was NOT caught" >&2
  exit 1
fi
echo "demo: the use-after-free was caught, as expected"
