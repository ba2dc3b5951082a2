#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/run.sh - runs the tests named on the command line (or every test
# under tests/ when none is named) against each build in HFA_BUILDS (default:
# HFA_BUILD, else build/), and prints one line per test and one closing
# "N passed, N failed, N skipped" line.
#
# A test is an executable: exit 0 passes, 77 skips, anything else fails.
# Each gets HFA_SRC (the source tree), HFA_BUILD (the build under test, so
# the same tests run against build/ and the sanitizer build) and a private
# TMPDIR.  Its output is kept in $HFA_BUILD/test-logs/ and shown on failure.
# Unit tests named as build/tests/unit_X are taken from each build.
set -u
HFA_SRC=$(cd "$(dirname "$0")/.." && pwd)
export HFA_SRC
builds=${HFA_BUILDS:-${HFA_BUILD:-build}}
# Sanitizer builds: fail on any report, and keep LSan's leak check.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1:exitcode=86}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=87}

passed=0 failed=0 skipped=0 failed_names=
for build in $builds; do
HFA_BUILD=$(cd "$HFA_SRC" && cd "$build" && pwd) || { echo "no build $build"; exit 1; }
export HFA_BUILD
logs=$HFA_BUILD/test-logs
mkdir -p "$logs"
label=; [ "$build" = "${builds%% *}" ] || label="[${build##*/}] "
if [ $# -eq 0 ]; then
    tests=$(ls "$HFA_BUILD"/tests/unit_* 2>/dev/null; ls "$HFA_SRC"/tests/*/test-*.sh 2>/dev/null)
else
    tests=$(for t in "$@"; do case $t in */tests/unit_*) echo "$HFA_BUILD/tests/${t##*/}";; *) echo "$t";; esac; done)
fi
for t in $tests; do
    rel=${t#"$HFA_BUILD"/}; rel=${rel#"$HFA_SRC"/}; name=$label$rel
    log=$logs/$(basename "$t").log
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/hfa-test.XXXXXX")
    start=$(date +%s)
    if [ "${t%.sh}" != "$t" ]; then
        TMPDIR=$tmp timeout 300 bash "$t" >"$log" 2>&1 </dev/null
    else
        TMPDIR=$tmp timeout 300 "$t" >"$log" 2>&1 </dev/null
    fi
    rc=$?
    secs=$(( $(date +%s) - start ))
    rm -rf "$tmp"
    case $rc in
    0)  passed=$((passed + 1)); echo "PASS  $name (${secs}s)" ;;
    77) skipped=$((skipped + 1)); echo "SKIP  $name: $(tail -n 1 "$log")" ;;
    *)  failed=$((failed + 1)); failed_names="$failed_names $name"
        echo "FAIL  $name (exit $rc, ${secs}s)"; sed 's/^/    | /' "$log" | tail -n 40 ;;
    esac
done
done
echo
[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
