#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/bench/slurm.sh - what spank_hfauth adds to `srun /bin/true` on a
# private one-node cluster (tests/slurm/lib-slurm.sh), part of `make
# bench`; root only (it starts munged, slurmctld and slurmd).
#
#   tests/bench/slurm.sh [RUNS]     (default 20 sruns a round, 5 rounds)
#
# Three plugstack.conf contents, which Slurm re-reads at every srun and
# step launch, take turns round after round on the same cluster:
#   none        empty plugstack.conf: Slurm without the plugin
#   plugin      the plugin; the job has no HF_TOKEN, so the step reads the
#               active token file (the plugin's every-job path)
#   hf_token    the plugin and --hf-token=work: the name checked by srun
#               on the "login node" and read from stored_tokens at launch
# The fastest round of each counts (noise only ever adds time).  Prints
# "measure value unit [baseline]" lines; tests/bench/run.sh adds ratios.
set -eu
HFA_SRC=$(cd "$(dirname "$0")/../.." && pwd)
HFA_BUILD=$(cd "${HFA_BUILD:-$HFA_SRC/build}" && pwd)
export HFA_SRC HFA_BUILD
RUNS=${1:-20}
ROUNDS=${BENCH_SLURM_ROUNDS:-5}

if [ "$(id -u)" != 0 ]; then
    echo "slurm bench: skipped, needs root to start a cluster" >&2
    exit 0
fi
[ -f "$HFA_BUILD/spank_hfauth.so" ] ||
    make --no-print-directory -s -C "$HFA_SRC" "$HFA_BUILD/spank_hfauth.so" >&2

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

# Check that the plugin does set the token (a benchmark of a no-op is moot).
plugstack "optional $SPANK"
probe=$(as_job_user -- srun printenv HF_TOKEN 2>/dev/null)
[ "$probe" = "$TOK_PERSONAL" ] || echo "warning: the plugin did not set HF_TOKEN ($probe)" >&2

# One round of one configuration: mean microseconds per srun, timed by a
# bash running as the user (so the user switch is outside the loop).
round() {   # plugstack-line extra-srun-args...
    local line=$1; shift
    plugstack "$line"
    # shellcheck disable=SC2016 # the code runs in bash -c
    as_job_user -- bash -c '
        us() { local t=${1/./}; echo "${t#0}"; }
        n=$1; shift
        t0=$EPOCHREALTIME
        for ((i = 0; i < n; i++)); do
            srun "$@" /bin/true >/dev/null 2>&1 || exit 1
        done
        t1=$EPOCHREALTIME
        echo $(( ($(us "$t1") - $(us "$t0")) / n ))' - "$RUNS" "$@"
}

echo "slurm benchmark: $RUNS sruns a round, best of $ROUNDS rounds, node $SLURM_NODE" >&2
best_none= best_plugin= best_hf_token=
keep_best() {   # var value
    local v=$2
    [ -n "$v" ] || { echo "slurm bench: an srun failed" >&2; exit 1; }
    eval "[ -z \"\$$1\" ] || [ \"$v\" -lt \"\$$1\" ] && $1=$v"
}
for r in $(seq 1 "$ROUNDS"); do
    keep_best best_none "$(round '')"
    keep_best best_plugin "$(round "optional $SPANK")"
    keep_best best_hf_token "$(round "optional $SPANK" --hf-token=work)"
done
assert_no_san_reports

echo "slurm.srun_true.none $best_none us"
echo "slurm.srun_true.plugin $best_plugin us slurm.srun_true.none"
echo "slurm.srun_true.hf_token $best_hf_token us slurm.srun_true.none"
echo "slurm.srun_true.added_by_plugin $((best_plugin - best_none)) us"
echo "slurm.srun_true.added_by_hf_token $((best_hf_token - best_none)) us"
