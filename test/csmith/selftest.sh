#!/usr/bin/env bash
# test/csmith/selftest.sh - checks that run.sh itself tells passes from
# failures, without a plugin: the second build is replaced by fake
# compilers (GENREF_CSMITH_CC2) that agree, crash, fail, miscompile or hang.
# Prints "N passed, N failed" over its own checks; exit 0 if all hold.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
run="$here/run.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/genref-csmith-selftest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cc=${GENREF_CSMITH_CC:-clang-19}

# Fake second compilers. Each takes the real compiler's arguments.
cat >"$tmp/crash-cc" <<'EOF'
#!/bin/sh
echo "PLEASE submit a bug report to https://example.invalid and include the crash backtrace." >&2
kill -SEGV $$
EOF
cat >"$tmp/error-cc" <<'EOF'
#!/bin/sh
echo "p.c:1:1: error: genref: unsupported construct" >&2
exit 1
EOF
# Compiles correctly, then wraps the program so its checksum line changes.
cat >"$tmp/wrong-cc" <<EOF
#!/bin/sh
out=""; prev=""
for a in "\$@"; do [ "\$prev" = "-o" ] && out=\$a; prev=\$a; done
$cc "\$@" || exit \$?
mv "\$out" "\$out.real"
printf '#!/bin/sh\n"\$0.real" | sed "s/checksum = ./checksum = Z/"\n' >"\$out"
chmod +x "\$out"
EOF
# Compiles correctly, then wraps the program so it never finishes.
cat >"$tmp/hang-cc" <<EOF
#!/bin/sh
out=""; prev=""
for a in "\$@"; do [ "\$prev" = "-o" ] && out=\$a; prev=\$a; done
$cc "\$@" || exit \$?
printf '#!/bin/sh\nexec sleep 60\n' >"\$out"
chmod +x "\$out"
EOF
chmod +x "$tmp"/*-cc

pass=0 fail=0
check() { # name, expected exit, expected summary regex, expected FAIL regex, command...
  local name=$1 want_rc=$2 want_sum=$3 want_fail=$4; shift 4
  local out rc
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" -eq "$want_rc" ] && grep -qE "$want_sum" <<<"$out" &&
     { [ -z "$want_fail" ] || grep -qE "$want_fail" <<<"$out"; }; then
    pass=$((pass + 1)); echo "ok   $name"
  else
    fail=$((fail + 1)); echo "FAIL $name (exit $rc)"; sed 's/^/     | /' <<<"$out"
  fi
}

# Seeds 1-6 all finish quickly with the default options.
S="-n 6 -s 1 -j 2"
check "agreeing compilers pass" 0 '^6 passed, 0 failed, 0 skipped$' '' \
  env GENREF_CSMITH_CC2="$cc -O2" "$run" $S
check "a crashing compiler fails" 1 '^0 passed, 6 failed, 0 skipped$' '^FAIL seed 1: second compile crashed' \
  env GENREF_CSMITH_CC2="$tmp/crash-cc" "$run" $S
check "a rejecting compiler fails" 1 '^0 passed, 6 failed' '^FAIL seed 3: second compile failed \(exit 1\): .*unsupported construct' \
  env GENREF_CSMITH_CC2="$tmp/error-cc" "$run" $S
check "a miscompiling compiler fails" 1 '^0 passed, 6 failed' '^FAIL seed 2: output differs' \
  env GENREF_CSMITH_CC2="$tmp/wrong-cc" "$run" $S --keep "$tmp/kept"
check "failing programs are kept" 0 '' '' \
  test -f "$tmp/kept/seed-4/p.c" -a -x "$tmp/kept/seed-4/repro.sh" -a -f "$tmp/kept/seed-4/second.out"
check "a hanging program fails" 1 '^0 passed, 2 failed' '^FAIL seed 5: second program timed out' \
  env GENREF_CSMITH_CC2="$tmp/hang-cc" "$run" -n 2 -s 5 --timeout 1
# Seed 85 runs for minutes under the default options.
check "a slow plain program is skipped" 0 '^0 passed, 0 failed, 1 skipped$' '' \
  env GENREF_CSMITH_CC2="$cc -O2" "$run" -n 1 -s 85 --timeout 1
check "a missing plugin is a set-up error" 2 'plugin not found' '' \
  env -u GENREF_CSMITH_CC2 "$run" -n 1 --plugin "$tmp/no-such-genref.so"
check "bad arguments are a usage error" 2 'unknown argument' '' \
  "$run" --frobnicate

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
