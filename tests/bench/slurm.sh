#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/bench/slurm.sh - what spank_hfauth adds to `srun /bin/true` on a
# private one-node cluster (tests/slurm/lib-slurm.sh), part of `make
# bench`; root only (it starts munged, slurmctld and slurmd).
#
#   tests/bench/slurm.sh [RUNS]     (default 30; RUNS x 3 sruns of each)
#
# Three plugstack.conf contents, which Slurm re-reads at every srun and
# step launch, take turns srun by srun on the same cluster:
#   none        empty plugstack.conf: Slurm without the plugin
#   plugin      the plugin; the job has no HF_TOKEN, so the step reads the
#               active token file (the plugin's every-job path)
#   hf_token    the plugin and --hf-token=work: the name checked by srun
#               on the "login node" and read from stored_tokens at launch
# The median of each counts.  Prints "measure value unit [baseline]"
# lines; tests/bench/run.sh adds the ratios.
set -eu
HFA_SRC=$(cd "$(dirname "$0")/../.." && pwd)
HFA_BUILD=$(cd "${HFA_BUILD:-$HFA_SRC/build}" && pwd)
export HFA_SRC HFA_BUILD
RUNS=${1:-30}
ROUNDS=3

if [ "$(id -u)" != 0 ]; then
    echo "slurm bench: skipped, needs root to start a cluster" >&2
    exit 0
fi
if [ ! -f "$HFA_BUILD/spank_hfauth.so" ]; then
    echo "slurm bench: $HFA_BUILD/spank_hfauth.so is missing: build it with \`make bench-build\`" >&2
    exit 1
fi

set +eu
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/slurm/lib-slurm.sh"
slurm_start
make_slurm_user
HF=$JOB_HOME/.cache/huggingface
as_job_user -- sh -c "umask 077; mkdir -p '$HF' &&
    printf '%s' '$TOK_PERSONAL' >'$HF/token' &&
    printf '[personal]\nhf_token = %s\n\n[work]\nhf_token = %s\n\n' \
        '$TOK_PERSONAL' '$TOK_WORK' >'$HF/stored_tokens'"

# Check that the plugin does set the token (a benchmark of a no-op is moot,
# and fails).
plugstack "optional $SPANK"
probe=$(as_job_user -- srun printenv HF_TOKEN 2>/dev/null)
if [ "$probe" != "$TOK_PERSONAL" ]; then
    echo "slurm bench: the plugin did not set HF_TOKEN ($probe)" >&2
    exit 1
fi

# The three configurations take turns srun by srun, so that the machine's
# drift spreads over all three; each srun is timed on its own (the user
# switch around it costs the same in every configuration) and the median
# of each configuration counts, which the odd slow srun does not move.
CONFIGS="none plugin hf_token"
line_of() {
    case $1 in none) echo "" ;; *) echo "optional $SPANK" ;; esac
}
args_of() {
    case $1 in hf_token) echo "--hf-token=work" ;; esac
}
us() { local t=${1/./}; echo "${t#0}"; }
echo "slurm benchmark: $((RUNS * ROUNDS)) sruns of each configuration, taking turns, median; node $SLURM_NODE" >&2
for c in $CONFIGS; do : >"$T/times.$c"; done
for _ in $(seq 1 $((RUNS * ROUNDS))); do
    for c in $CONFIGS; do
        plugstack "$(line_of "$c")"
        t0=$EPOCHREALTIME
        # shellcheck disable=SC2046 # no argument or one word
        as_job_user -- srun $(args_of "$c") /bin/true >/dev/null 2>&1 ||
            { echo "slurm bench: srun failed ($c)" >&2; exit 1; }
        t1=$EPOCHREALTIME
        echo $(( $(us "$t1") - $(us "$t0") )) >>"$T/times.$c"
    done
done
assert_no_san_reports
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
best_none=$(median "$T/times.none")
best_plugin=$(median "$T/times.plugin")
best_hf_token=$(median "$T/times.hf_token")

echo "slurm.srun_true.none $best_none us"
echo "slurm.srun_true.plugin $best_plugin us slurm.srun_true.none"
echo "slurm.srun_true.hf_token $best_hf_token us slurm.srun_true.none"
echo "slurm.srun_true.added_by_plugin $((best_plugin - best_none)) us"
echo "slurm.srun_true.added_by_hf_token $((best_hf_token - best_none)) us"
