#!/usr/bin/env bash
# The main demo: examples/eventbus, a small server's event bus annotated
# with GR_WEAKABLE / GR_REF / GR_WEAK, built with the genref plugin twice:
# correct, then with -DGENREF_DEMO_BUG (a keepalive timer outlives its
# connection). The correct build must print the expected transcript; the
# buggy one must be stopped by genref with a use-after-free report.
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
out="$build/examples"
mkdir -p "$out"
cc="$build/bin/genref-cc"

echo "== genref demo: examples/eventbus (see examples/eventbus/README.md)"
"$cc" -O2 -g "$here/eventbus/eventbus.c" -o "$out/eventbus"
"$cc" -O2 -g -DGENREF_DEMO_BUG "$here/eventbus/eventbus.c" -o "$out/eventbus_bug"

echo "-- correct build: the transcript's last lines"
"$out/eventbus" > "$out/eventbus.out"
tail -n 4 "$out/eventbus.out"
if ! cmp -s "$out/eventbus.out" "$here/eventbus/expected.txt"; then
  echo "demo: the correct build's output differs from expected.txt" >&2
  exit 1
fi
echo "-- with -DGENREF_DEMO_BUG: the keepalive timer fires on a closed connection"
if "$out/eventbus_bug" > "$out/eventbus_bug.out"; then
  echo "demo: the use-after-free was NOT caught" >&2
  exit 1
fi
echo "demo: genref stopped the use-after-free (report above); the correct build matched expected.txt"
