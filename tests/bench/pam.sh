#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/bench/pam.sh - what pam_hfauth adds to a login, next to what
# pam_env and a yardstick module add, in the same run (`make bench` calls
# it; not a timed test).
#
#   tests/bench/pam.sh [CYCLES [ROUNDS]]   (default 100 iterations a round,
#                                          75 rounds, in each mode)
#
# The session user is a throw-away user made for the run (root only: the
# modules must really switch ids; removed at exit), with a home holding
# both per-user files: ~/.pam_environment (one variable) and the token file
# at its default place, ~/.cache/huggingface/token.  The stacks, each in a
# private service folder (pam_start_confdir):
#   permit      session required pam_permit.so: the baseline
#   env-user    pam_permit + pam_env user_readenv=1: the fair peer, with the
#               same job (look the user up, become the user with
#               pam_modutil_drop_priv, read one per-user file into the
#               environment (here HF_TOKEN); also the system's pam_env.conf and
#               /etc/environment, as it is configured for sshd)
#   env-user-none  the same for a user without the file (pam_env then only
#               stats the path, as root, and drops nothing)
#   env         pam_permit + pam_env, system files only
#   hfauth      pam_permit + pam_hfauth with a token present
#   hfauth-none pam_permit + pam_hfauth, the user has no token file
#   floor       pam_permit + pam_floor (tests/bench/pam-floor.c): the least
#               any module can do to read the file as docs/security.md asks
#               (user and group lookups, the ids switched and back, open,
#               read, pam_putenv), with none of pam_hfauth's checks
#   floor-nogroups  the same without the groups, which docs/security.md
#               forbids
#   floor-lookup    pam_permit + pam_floor stopping after the user lookup
#
# Two measures (tests/bench/pam-bench.c): "session" is pam_open_session +
# pam_close_session, the modules' own work; "cycle" is pam_start ..
# pam_end, which also reads the stack and loads and unloads the modules,
# as sshd does for every connection.  Loading binds each symbol a module
# imports by searching every library of the process in turn, so pam_bench
# runs with sshd's libraries loaded first, in sshd's order (LD_PRELOAD,
# from ldd /usr/sbin/sshd; BENCH_PAM_SCOPE=plain: pam_bench's own two).  Figures are medians over interleaved
# rounds, and "added" ones medians of the difference to pam_permit within
# each round.  Prints "measure value unit [baseline]" lines
# (tests/bench/run.sh adds the ratios); the goals: added_by_pam_hfauth at
# most 1x added_by_pam_env_user, and at most 1.25x added_by_floor.
set -eu
HFA_SRC=$(cd "$(dirname "$0")/../.." && pwd)
# Absolute: libpam takes a relative module path as one under its own folder.
HFA_BUILD=$(cd "${HFA_BUILD:-$HFA_SRC/build}" && pwd)
# Short rounds, many of them: the stacks a difference is taken between run
# milliseconds apart, and a busy minute spoils few rounds.
CYCLES=${1:-100}
ROUNDS=${2:-75}
BENCH=$HFA_BUILD/bench/pam_bench
FLOOR=$HFA_BUILD/bench/pam_floor.so
MODULE=$HFA_BUILD/pam_hfauth.so
APP=$HFA_BUILD/tests/pam_app

for f in "$BENCH" "$FLOOR" "$MODULE" "$APP"; do
    if [ ! -e "$f" ]; then
        echo "pam.sh: $f is missing: build it with \`make bench-build\`" >&2
        exit 1
    fi
done

if [ "$(id -u)" != 0 ]; then
    echo "pam.sh: skipped: needs root (a throw-away user whose ids the modules switch to)" >&2
    exit 0
fi

D=$(mktemp -d "${TMPDIR:-/tmp}/hfa-pambench.XXXXXX")
user=hfab$$
cleanup() {
    userdel -f "$user" >/dev/null 2>&1 || true
    rm -rf "$D"
}
trap cleanup EXIT
chmod 0755 "$D"
home=$D/home
useradd -M -d "$home" -s /bin/sh -U "$user" || exit 1
mkdir -p "$home/.cache/huggingface" "$D/conf"
printf 'hf_benchmarkToken000000000001' >"$home/.cache/huggingface/token"
printf 'HF_TOKEN DEFAULT=hf_fromPamEnvironment000000001\n' >"$home/.pam_environment"
chmod 0600 "$home/.cache/huggingface/token" "$home/.pam_environment"
chown -R "$user:$user" "$home"
chmod 0700 "$home"

stack() {   # NAME LINE: pam_permit, then LINE
    printf 'session required pam_permit.so\n%s\n' "$2" >"$D/conf/$1"
}
echo 'session required pam_deny.so' >"$D/conf/other"
printf 'session required pam_permit.so\n' >"$D/conf/permit"
stack env-user "session required pam_env.so user_readenv=1"
stack env-user-none "session required pam_env.so user_readenv=1 user_envfile=.none"
stack env "session required pam_env.so"
stack hfauth "session optional $MODULE"
stack hfauth-none "session optional $MODULE token_path=%h/.none"
token=$home/.cache/huggingface/token
stack floor "session optional $FLOOR $token"
stack floor-nogroups "session optional $FLOOR $token nogroups"
stack floor-lookup "session optional $FLOOR $token lookup"
stacks="env-user env-user-none env hfauth hfauth-none floor floor-nogroups floor-lookup"

# The modules must do their job: a benchmark of a module that does
# nothing would be moot.
probe() {   # STACK EXPECTED-LAST-LINE
    local got
    got=$("$APP" -c "$D/conf" -s "$1" "$user" 2>/dev/null | tail -n 1 || true)
    if [ "$got" != "$2" ]; then
        echo "pam.sh: the $1 stack did not set $2 (got: $got)" >&2
        exit 1
    fi
}
probe hfauth HF_TOKEN=hf_benchmarkToken000000000001
probe floor HF_TOKEN=hf_benchmarkToken000000000001
probe env-user HF_TOKEN=hf_fromPamEnvironment000000001

scope=''
libs="pam_bench's libraries"
if [ "${BENCH_PAM_SCOPE:-sshd}" = sshd ] && [ -x /usr/sbin/sshd ]; then
    scope=$(ldd /usr/sbin/sshd | awk '$3 ~ /^\// { print $3 }' | paste -sd: -)
    libs="sshd's libraries"
fi
echo "pam benchmark: $CYCLES iterations a round, $ROUNDS interleaved rounds, medians, user $user, $libs" >&2
out=
for mode in session cycle; do
    # shellcheck disable=SC2086 # the stack names are words
    out+=$(LD_PRELOAD=$scope "$BENCH" -m "$mode" -c "$D/conf" -n "$CYCLES" \
        -r "$ROUNDS" "$user" permit $stacks)$'\n'
done

# pam_bench prints "SERVICE MODE MEDIAN BEST ADDED"; run.sh wants
# "measure value unit [baseline]".
printf '%s\n' "$out" | awk -v stacks="$stacks" '
    { med[$1 "." $2] = $3; add[$1 "." $2] = $5 }
    function added(name, stack, K, base) {
        printf "pam.%s.added_by_%s %.2f us%s\n", K, name, add[stack "." K],
            base == "" ? "" : " pam." K ".added_by_" base
    }
    END {
        n = split(stacks, s, " ")
        split("session cycle", kinds, " ")
        for (k = 1; k <= 2; k++) {
            K = kinds[k]
            printf "pam.%s.permit %.2f us\n", K, med["permit." K]
            for (i = 1; i <= n; i++)
                printf "pam.%s.%s %.2f us pam.%s.permit\n", K, s[i],
                    med[s[i] "." K], K
            added("pam_env_user", "env-user", K, "")
            added("pam_env_user_no_file", "env-user-none", K, "pam_env_user")
            added("pam_env", "env", K, "pam_env_user")
            added("pam_hfauth", "hfauth", K, "pam_env_user")
            added("pam_hfauth_no_token", "hfauth-none", K, "pam_env_user_no_file")
            added("floor", "floor", K, "pam_env_user")
            added("floor_nogroups", "floor-nogroups", K, "pam_env_user")
            added("user_lookup", "floor-lookup", K, "pam_env_user")
            printf "pam.%s.added_by_pam_hfauth_vs_floor %.2f us pam.%s.added_by_floor\n",
                K, add["hfauth." K], K
        }
    }'
