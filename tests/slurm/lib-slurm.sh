# SPDX-License-Identifier: Apache-2.0
# tests/slurm/lib-slurm.sh - a private one-node Slurm cluster for the
# plugin's tests and benchmark; sourced after tests/lib.sh (root only).
#
#   slurm_start            munged, slurmctld and slurmd from the Debian
#                          packages, on free ports, everything under $SD
#   plugstack LINE...      writes the plugstack.conf the cluster reads
#                          (Slurm re-reads it at every srun, sbatch and
#                          step launch: no restart needed between configs)
#   make_slurm_user        a throw-away user whose home is under $SD
#   as_job_user CMD...     runs CMD as that user with a clean environment
#                          (PATH, HOME, USER, SLURM_CONF + any NAME=value
#                          given before the command via JOB_ENV)
#   wait_job ID            until the controller reports job ID finished
#   $SAN_ENV               prefix for an srun inside a batch script (the
#                          sanitizer build's runtime and options)
#   slurm_stop             every daemon stopped by PID, the user deleted,
#                          $SD removed (also run by the exit trap)
#
# What this container needed (Debian 12, Slurm 22.05, no systemd):
#  - munged runs as the munge user (it refuses a key it does not own), on a
#    private socket, key and seed; its key folder is 0700 and the key 0400,
#    and the socket's folder 0755 so that the job user's srun can connect.
#  - everything lives under one 0755 folder in /tmp: the runner's TMPDIR is
#    0700, and the job user must read slurm.conf, reach the munge socket and
#    have a home.
#  - slurmctld and slurmd run in the foreground (-D) as root, backgrounded
#    here so that their PIDs are ours to stop; slurmd is named after
#    NodeName with -N and reached on 127.0.0.1 (NodeAddr).
#  - ProctrackType=proctrack/linuxproc, TaskPlugin=task/none and no job
#    accounting: no cgroup setup, which a container may not allow.
#  - MpiDefault=none: Debian's default would try PMIx (not installed).
#  - a sanitizer build of the plugin: srun, sbatch and slurmd (hence
#    slurmstepd, which inherits its environment) get the ASan runtime in
#    LD_PRELOAD, since a sanitized module cannot be dlopen()ed by a program
#    that was not started with it; reports go to files under $SD/asan (the
#    tests fail when any appears).  Leak checking is off in those
#    processes: Slurm's own programs do not free everything at exit.

SPANK=$HFA_BUILD/spank_hfauth.so
[ -f "$SPANK" ] || fail "$SPANK not built (make all)"

is_root() { [ "$(id -u)" = 0 ]; }
slurm_skip_unless_usable() {
    is_root || skip "needs root to start slurmctld, slurmd and munged (CI runs as root)"
    local c
    for c in munged slurmctld slurmd srun sbatch squeue scontrol useradd setpriv; do
        command -v "$c" >/dev/null || skip "no $c (make deps installs slurm-wlm and munge)"
    done
    id munge >/dev/null 2>&1 || skip "no munge user (package munge)"
}

# True when this build is the sanitizer one (as tests/pam/lib-pam.sh).
is_san_build() {
    nm -D --undefined-only "$SPANK" 2>/dev/null | grep -q ' __asan_'
}

SD=
SLURM_PIDS=
MUNGED_PID=
JOB_USER=
JOB_HOME=
SAN_PRELOAD=
# A prefix for commands run inside a job (a batch script's srun), which do
# not inherit the test's environment: empty unless sanitizer build.
SAN_ENV=

# Two free TCP ports on the loopback (bound, read, released).
_free_ports() {
    python3 -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))'
}

_wait_for() {   # what tries command...: up to 10 s
    local what=$1 _; shift
    for _ in $(seq 1 200); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    _slurm_show_logs
    fail "$what did not come up"
}

_slurm_show_logs() {
    local f
    for f in "$SD"/log/*; do
        [ -f "$f" ] || continue
        echo "---- $f" >&2
        tail -n 30 "$f" >&2
    done
}

_start_munged() {
    mkdir -m 0700 "$SD/munge"
    mkdir -m 0755 "$SD/munge-socket"
    head -c 1024 /dev/urandom >"$SD/munge/munge.key"
    chmod 0400 "$SD/munge/munge.key"
    chown -R munge:munge "$SD/munge" "$SD/munge-socket"
    MUNGE_SOCKET=$SD/munge-socket/munge.socket
    setpriv --reuid=munge --regid=munge --init-groups -- \
        munged -F --socket="$MUNGE_SOCKET" \
        --key-file="$SD/munge/munge.key" --pid-file="$SD/munge/munged.pid" \
        --seed-file="$SD/munge/munged.seed" --log-file="$SD/munge/munged.log" \
        >"$SD/log/munged.out" 2>&1 &
    MUNGED_PID=$!
    _wait_for munged test -S "$MUNGE_SOCKET"
}

_write_slurm_conf() {
    local node=$1 ctld_port=$2 slurmd_port=$3
    cat >"$SLURM_CONF" <<EOF
# Written by tests/slurm/lib-slurm.sh for one test run.
ClusterName=hfatest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$MUNGE_SOCKET
CredType=cred/munge
StateSaveLocation=$SD/state
SlurmdSpoolDir=$SD/spool
SlurmctldPidFile=$SD/slurmctld.pid
SlurmdPidFile=$SD/slurmd.pid
SlurmctldLogFile=$SD/log/slurmctld.log
SlurmdLogFile=$SD/log/slurmd.log
SlurmctldDebug=debug
SlurmdDebug=debug
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/builtin
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
SelectType=select/cons_tres
ReturnToService=2
PlugStackConfig=$SD/plugstack.conf
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=hfatest Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
    chmod 0644 "$SLURM_CONF"
}

# The ASan runtime the sanitizer build of the plugin needs first in line.
_san_env() {
    local asan
    is_san_build || return 0
    asan=$(${CC:-cc} -print-file-name=libasan.so)
    [ -f "$asan" ] || fail "sanitizer build but no libasan.so found"
    mkdir -m 1777 "$SD/asan"
    SAN_PRELOAD=$asan
    export ASAN_OPTIONS="detect_leaks=0:abort_on_error=0:exitcode=86:log_path=$SD/asan/asan"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=87:log_path=$SD/asan/ubsan"
    # shellcheck disable=SC2034 # used by the tests
    SAN_ENV="env LD_PRELOAD=$SAN_PRELOAD ASAN_OPTIONS=$ASAN_OPTIONS UBSAN_OPTIONS=$UBSAN_OPTIONS"
}

# Sanitizer reports written by any Slurm process that loaded the plugin.
assert_no_san_reports() {
    local reports
    [ -d "$SD/asan" ] || return 0
    reports=$(find "$SD/asan" -type f)
    # shellcheck disable=SC2086 # file names made by the sanitizers
    [ -z "$reports" ] || fail "sanitizer reports: $(cat $reports | head -c 3000)"
}

slurm_start() {
    local ports node
    slurm_skip_unless_usable
    SD=$(mktemp -d /tmp/hfa-slurm.XXXXXX) || fail "mktemp"
    chmod 0755 "$SD"
    mkdir -m 0700 "$SD/state" "$SD/spool"
    mkdir -m 0755 "$SD/log"
    export SLURM_CONF=$SD/slurm.conf
    : >"$SD/plugstack.conf"
    chmod 0644 "$SD/plugstack.conf"
    _start_munged
    _san_env
    ports=$(_free_ports) || fail "no free ports"
    node=$(hostname -s)
    SLURM_NODE=$node
    # shellcheck disable=SC2086
    _write_slurm_conf "$node" $ports
    env ${SAN_PRELOAD:+LD_PRELOAD=$SAN_PRELOAD} \
        slurmctld -D -i -f "$SLURM_CONF" >"$SD/log/slurmctld.out" 2>&1 &
    SLURM_PIDS="$SLURM_PIDS $!"
    _wait_for slurmctld scontrol ping
    env ${SAN_PRELOAD:+LD_PRELOAD=$SAN_PRELOAD} \
        slurmd -D -N "$node" -f "$SLURM_CONF" >"$SD/log/slurmd.out" 2>&1 &
    SLURM_PIDS="$SLURM_PIDS $!"
    _wait_for "slurmd (node idle)" _node_idle
}

_node_idle() {
    [ "$(sinfo -h -n "$SLURM_NODE" -o %T 2>/dev/null)" = idle ]
}

plugstack() {
    printf '%s\n' "$@" >"$SD/plugstack.conf"
}

# A user with its own group and a home under $SD (traversable by it).
make_slurm_user() {
    JOB_USER=hfas$$
    JOB_HOME=$SD/home/$JOB_USER
    mkdir -m 0755 "$SD/home"
    useradd -M -d "$JOB_HOME" -s /bin/sh -U "$JOB_USER" || fail "useradd $JOB_USER"
    mkdir -m 0700 "$JOB_HOME"
    chown "$JOB_USER:$JOB_USER" "$JOB_HOME"
}

# as_job_user [NAME=value...] -- CMD...: the user's commands with nothing
# of the test's environment but what is named.
as_job_user() {
    local vars=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do vars+=("$1"); shift; done
    [ "${1:-}" = -- ] && shift
    (cd "$JOB_HOME" && setpriv --reuid="$JOB_USER" --regid="$JOB_USER" \
        --init-groups -- env -i PATH=/usr/bin:/bin HOME="$JOB_HOME" \
        USER="$JOB_USER" LOGNAME="$JOB_USER" SLURM_CONF="$SLURM_CONF" \
        ${SAN_PRELOAD:+LD_PRELOAD=$SAN_PRELOAD} \
        ${ASAN_OPTIONS:+ASAN_OPTIONS=$ASAN_OPTIONS} \
        ${UBSAN_OPTIONS:+UBSAN_OPTIONS=$UBSAN_OPTIONS} \
        "${vars[@]}" "$@")
}

# Until job ID has left the queue (done, failed or cancelled): up to 20 s.
wait_job() {
    local id=$1 _ state
    for _ in $(seq 1 400); do
        state=$(squeue -h -j "$id" -o %T 2>/dev/null)
        case $state in
        ''|COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY) return 0 ;;
        esac
        sleep 0.05
    done
    fail "job $id still $state after 20 s"
}

slurm_stop() {
    local pid ids
    if [ -n "$SD" ] && [ -n "$SLURM_PIDS" ]; then
        # No job may outlive the cluster: its slurmstepd is not our child.
        ids=$(squeue -h -o %i 2>/dev/null)
        # shellcheck disable=SC2086
        [ -n "$ids" ] && scancel $ids 2>/dev/null
        for pid in $(seq 1 100); do
            [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break
            sleep 0.05
        done
    fi
    for pid in $SLURM_PIDS $MUNGED_PID; do
        kill "$pid" 2>/dev/null
    done
    for pid in $SLURM_PIDS $MUNGED_PID; do
        wait "$pid" 2>/dev/null
    done
    SLURM_PIDS='' MUNGED_PID=''
    if [ -n "$JOB_USER" ]; then
        userdel -f "$JOB_USER" >/dev/null 2>&1
        JOB_USER=
    fi
    [ -n "$SD" ] && rm -rf "$SD"
    SD=
}

_slurm_cleanup() {
    slurm_stop
    _hfa_cleanup
}
trap _slurm_cleanup EXIT
