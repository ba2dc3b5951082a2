#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/bench/run.sh - `make bench`: every benchmark of the project in one
# run, printed as one table of ratios measured side by side on this machine.
# Not a test: nothing here passes or fails on a number.  But a benchmark
# that fails (a missing program, a module that did not do its job) fails
# the whole run, after the table of what did run.
#
# Each tests/bench/*.sh other than this one prints lines
#   "measure value unit [baseline-measure]"
# and this script prints them with the ratio to their baseline.
set -eu
HFA_SRC=$(cd "$(dirname "$0")/../.." && pwd)
HFA_BUILD=$(cd "${HFA_BUILD:-$HFA_SRC/build}" && pwd)
export HFA_SRC HFA_BUILD
results=$(mktemp)
trap 'rm -f "$results"' EXIT
failed=

for bench in "$HFA_SRC"/tests/bench/*.sh; do
    [ "$(basename "$bench")" = run.sh ] && continue
    if ! bash "$bench" >>"$results"; then
        echo "bench: $(basename "$bench") failed" >&2
        failed="$failed $(basename "$bench")"
    fi
done

echo "hfauth benchmarks on $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%d)"
printf '%-44s %12s %-6s %s\n' measure value unit "ratio to baseline"
awk '
    { value[$1] = $2; unit[$1] = $3; base[$1] = $4; order[n++] = $1 }
    END {
        for (i = 0; i < n; i++) {
            m = order[i]; ratio = ""
            if (base[m] != "" && value[base[m]] > 0)
                ratio = sprintf("%.2fx %s", value[m] / value[base[m]], base[m])
            printf "%-44s %12s %-6s %s\n", m, value[m], unit[m], ratio
        }
    }' "$results"
if [ -n "$failed" ]; then
    echo "bench: FAILED:$failed" >&2
    exit 1
fi
