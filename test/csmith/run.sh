#!/usr/bin/env bash
# test/csmith/run.sh - the genref plugin must not change what unannotated C
# means, nor crash on it. For each seed, csmith generates a program; it is
# built twice with clang-19 -O1 (plain, and with -fplugin=genref.so), both
# are run, and their output (csmith's checksum line) must agree.
#
# Usage: test/csmith/run.sh [-n N] [-s FIRST_SEED] [-j JOBS] [--keep DIR]
#                           [--plugin PATH] [--timeout SECONDS]
#                           [--min-compared M]
#   -n N            number of seeds (default 200)
#   -s FIRST_SEED   first seed (default 1): seeds FIRST..FIRST+N-1
#   -j JOBS         parallel jobs (default: number of cores)
#   --keep DIR      copy each failing seed's program, logs and outputs into
#                   DIR/seed-S/ (with a repro.sh)
#   --plugin PATH   the plugin (default $GENREF_PLUGIN, else
#                   <repo>/build/lib/genref.so)
#   --timeout S     run time limit of the plain build, in seconds (default 2;
#                   the plugin build gets 4x that)
#   --min-compared M  fail unless at least M programs were compared (passed
#                   or failed; default 0): a run that skips nearly every
#                   seed has shown nothing
#
# Environment:
#   GENREF_PLUGIN         the plugin, as --plugin
#   GENREF_CSMITH_CC      the compiler (default clang-19); both builds use it
#   GENREF_CSMITH_CC2     a full compiler command for the second build,
#                         replacing "$CC -O1 -fplugin=$GENREF_PLUGIN" (e.g.
#                         GENREF_CSMITH_CC2="clang-19 -O2" tests the harness
#                         itself without a plugin)
#   GENREF_CSMITH_INCLUDE csmith's runtime headers (default: found from
#                         /usr/include/csmith*, /usr/local/include/csmith*)
#   GENREF_CSMITH_OPTS    csmith options (default: see CSMITH_OPTS below)
#
# Verdicts: a seed passes when both builds print the same output and exit
# alike; it is skipped when csmith or the plain build cannot give a
# reference (csmith fails, the plain compile fails, the plain program times
# out or crashes); it fails when the plugin compile crashes, fails or times
# out, or the plugin build's program times out, exits differently or prints
# something else. Output ends with "N passed, N failed, N skipped"; the exit
# status is 1 if anything failed or fewer than --min-compared programs were
# compared, 2 on a usage or set-up error.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

# Small programs that finish fast: fewer functions, shallower blocks,
# simpler expressions, shorter arrays, and no goto (with jumps, about one
# program in seven loops for longer than 2 s; without, about one in a
# hundred). Structs, unions, pointers, bitfields and volatiles stay on: the
# plugin must leave all of them alone.
CSMITH_OPTS_DEFAULT="--max-funcs 5 --max-block-depth 3 --max-expr-complexity 6 --max-array-len-per-dim 6 --no-jumps --concise"

# ------------------------------------------------------------ one seed
# run.sh --one SEED: called in parallel by the driver below, with the
# settings in the environment. Writes WORK/SEED/verdict: "pass",
# "skip REASON" or "fail REASON".
if [ "${1:-}" = "--one" ]; then
  seed=$2
  d="$CS_WORK/$seed"
  mkdir -p "$d"
  exec 2>"$d/worker.err" # e.g. bash's "Segmentation fault" notices
  verdict() { printf '%s\n' "$*" >"$d/verdict"; exit 0; }
  cd "$d" || exit 1
  # shellcheck disable=SC2086
  if ! csmith --seed "$seed" $CS_OPTS -o p.c >csmith.log 2>&1; then
    verdict "skip csmith failed"
  fi
  # shellcheck disable=SC2086
  timeout "$CS_CC_TIMEOUT" $CS_CC1 -w -I"$CS_INC" p.c -o plain >cc1.log 2>&1
  rc=$?
  [ $rc -eq 0 ] || verdict "skip plain compile failed (exit $rc)"
  timeout -k 1 "$CS_TIMEOUT" ./plain >plain.out 2>plain.err
  rc1=$?
  [ $rc1 -eq 124 ] || [ $rc1 -eq 137 ] && verdict "skip plain program timed out (${CS_TIMEOUT}s)"
  [ $rc1 -eq 0 ] || verdict "skip plain program exited $rc1"
  # shellcheck disable=SC2086
  timeout "$CS_CC_TIMEOUT" $CS_CC2 -w -I"$CS_INC" p.c $CS_LINK2 -o second >cc2.log 2>&1
  rc=$?
  if [ $rc -ne 0 ]; then
    if [ $rc -eq 124 ]; then
      verdict "fail second compile timed out (${CS_CC_TIMEOUT}s)"
    elif [ $rc -ge 128 ] || grep -qE 'PLEASE submit a bug report|Stack dump:|clang frontend command failed|crashed|Segmentation fault' cc2.log; then
      verdict "fail second compile crashed (exit $rc): $(grep -m1 -E 'error|Stack dump|PLEASE' cc2.log | cut -c1-160)"
    else
      verdict "fail second compile failed (exit $rc): $(grep -m1 -E 'error' cc2.log | cut -c1-160)"
    fi
  fi
  timeout -k 1 "$CS_TIMEOUT2" ./second >second.out 2>second.err
  rc2=$?
  if [ $rc2 -eq 124 ] || [ $rc2 -eq 137 ]; then
    verdict "fail second program timed out (${CS_TIMEOUT2}s; plain finished)"
  fi
  [ $rc2 -eq $rc1 ] || verdict "fail second program exited $rc2 (plain: $rc1): $(head -c 160 second.err | tr '\n' ' ')"
  if ! cmp -s plain.out second.out; then
    verdict "fail output differs: plain '$(head -c 60 plain.out | tr '\n' ' ')' vs second '$(head -c 60 second.out | tr '\n' ' ')'"
  fi
  verdict "pass"
fi

# ------------------------------------------------------------- driver
usage() { sed -n '6,22p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
n=200
first=1
jobs=$(nproc 2>/dev/null || echo 2)
keep=""
plugin=${GENREF_PLUGIN:-$root/build/lib/genref.so}
timeout_s=2
min_compared=0
while [ $# -gt 0 ]; do
  case "$1" in
    -n) n=${2:?}; shift 2 ;;
    -s) first=${2:?}; shift 2 ;;
    -j) jobs=${2:?}; shift 2 ;;
    --keep) keep=${2:?}; shift 2 ;;
    --plugin) plugin=${2:?}; shift 2 ;;
    --timeout) timeout_s=${2:?}; shift 2 ;;
    --min-compared) min_compared=${2:?}; shift 2 ;;
    -h|--help) usage ;;
    *) echo "run.sh: unknown argument '$1'" >&2; usage ;;
  esac
done
for v in "$n" "$first" "$jobs" "$min_compared"; do
  [[ "$v" =~ ^[0-9]+$ ]] || { echo "run.sh: not a number: '$v'" >&2; exit 2; }
done
[ "$jobs" -ge 1 ] || jobs=1

command -v csmith >/dev/null || { echo "run.sh: csmith not found (apt-get install csmith)" >&2; exit 2; }
cc=${GENREF_CSMITH_CC:-clang-19}
command -v "${cc%% *}" >/dev/null || { echo "run.sh: compiler '$cc' not found" >&2; exit 2; }

inc=${GENREF_CSMITH_INCLUDE:-}
if [ -z "$inc" ]; then
  for dir in /usr/include/csmith /usr/include/csmith-* /usr/local/include/csmith /usr/local/include/csmith-*; do
    if [ -f "$dir/csmith.h" ]; then inc=$dir; break; fi
  done
fi
if [ -z "$inc" ] || [ ! -f "$inc/csmith.h" ]; then
  echo "run.sh: csmith.h not found (apt-get install libcsmith-dev, or set GENREF_CSMITH_INCLUDE)" >&2
  exit 2
fi

link2=""
if [ -n "${GENREF_CSMITH_CC2:-}" ]; then
  cc2=$GENREF_CSMITH_CC2
  what="second build: $cc2"
else
  if [ ! -f "$plugin" ]; then
    echo "run.sh: plugin not found: $plugin (build it, or set GENREF_PLUGIN / --plugin, or GENREF_CSMITH_CC2)" >&2
    exit 2
  fi
  plugin=$(cd "$(dirname "$plugin")" && pwd)/$(basename "$plugin")
  cc2="$cc -O1 -fplugin=$plugin"
  # Link the runtime beside the plugin, in case the plugin's output needs
  # it even for unannotated code (a static archive adds nothing otherwise).
  if [ -f "$(dirname "$plugin")/libgenref_rt.a" ]; then
    link2="$(dirname "$plugin")/libgenref_rt.a -lpthread"
  fi
  what="second build: $cc2"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/genref-csmith.XXXXXX")
trap 'rm -rf "$work"' EXIT
export CS_WORK=$work CS_INC=$inc CS_OPTS=${GENREF_CSMITH_OPTS:-$CSMITH_OPTS_DEFAULT}
export CS_CC1="$cc -O1" CS_CC2=$cc2 CS_LINK2=$link2
export CS_TIMEOUT=$timeout_s CS_TIMEOUT2=$((timeout_s * 4)) CS_CC_TIMEOUT=120

last=$((first + n - 1))
echo "csmith: seeds $first..$last, $jobs jobs; plain build: $CS_CC1; $what"
if [ "$n" -gt 0 ]; then
  seq "$first" "$last" | xargs -P "$jobs" -I{} "$here/run.sh" --one {}
fi

passed=0 failed=0 skipped=0
for seed in $(seq "$first" "$last"); do
  v=$(cat "$work/$seed/verdict" 2>/dev/null || echo "fail harness error: no verdict")
  case "$v" in
    pass) passed=$((passed + 1)) ;;
    skip*) skipped=$((skipped + 1))
      [ -n "${GENREF_CSMITH_VERBOSE:-}" ] && echo "seed $seed: ${v#skip }" ;;
    *) failed=$((failed + 1))
      echo "FAIL seed $seed: ${v#fail }"
      if [ -n "$keep" ]; then
        k="$keep/seed-$seed"
        mkdir -p "$k" && cp -r "$work/$seed/." "$k/"
        rm -f "$k/plain" "$k/second"
        cat >"$k/repro.sh" <<EOF
#!/bin/sh
# seed $seed: ${v#fail }
cd "\$(dirname "\$0")"
csmith --seed $seed $CS_OPTS -o p.c
$CS_CC1 -w -I$inc p.c -o plain && ./plain > plain.out
$cc2 -w -I$inc p.c $link2 -o second && ./second > second.out
cmp plain.out second.out
EOF
        chmod +x "$k/repro.sh"
      fi ;;
  esac
done
[ -n "$keep" ] && [ "$failed" -gt 0 ] && echo "failing programs kept in $keep"
compared=$((passed + failed))
if [ "$compared" -lt "$min_compared" ]; then
  echo "FAIL: only $compared programs compared, at least $min_compared required ($skipped skipped)"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$compared" -ge "$min_compared" ]
