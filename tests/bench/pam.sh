#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/bench/pam.sh - what pam_hfauth adds to a session, next to what
# pam_env adds, in the same run (`make bench` calls it; not a timed test).
#
#   tests/bench/pam.sh [CYCLES]     (default 2000 open/close cycles a round)
#
# Three stacks, each in a private service folder (pam_start_confdir):
#   permit      session required pam_permit.so
#   env         pam_permit + pam_env with the system's pam_env.conf and
#               /etc/environment (what a Debian login runs)
#   env-empty   pam_permit + pam_env on empty conffile/envfile
#   hfauth      pam_permit + pam_hfauth with a token present
#   hfauth-none pam_permit + pam_hfauth, the user has no token file
#   floor       pam_permit + pam_floor (tests/bench/pam-floor.c): the least
#               any module can do to read the file as THREATS.md asks (user
#               and group lookups, the ids switched and back, open, read,
#               pam_putenv), with none of pam_hfauth's checks
#   floor-nogroups  the same without the groups, which THREATS forbids
#   floor-lookup    pam_permit + pam_floor stopping after the user lookup
# As root the session user is `nobody`, so the module really switches ids
# to read the token; otherwise it is the current user.  Prints
# "measure value unit [baseline]" lines (tests/bench/run.sh adds the
# ratios): each stack against pam_permit alone, and the cost pam_hfauth
# adds against the cost pam_env adds.  "session" is pam_open_session +
# pam_close_session; "transaction" is pam_start .. pam_end, which also
# reads the stack and loads the modules, as every login does.
set -eu
HFA_SRC=$(cd "$(dirname "$0")/../.." && pwd)
HFA_BUILD=${HFA_BUILD:-$HFA_SRC/build}
CYCLES=${1:-2000}
BENCH=$HFA_BUILD/tests/pam_bench
MODULE=$HFA_BUILD/pam_hfauth.so
FLOOR=$HFA_BUILD/tests/pam_floor.so

if [ ! -x "$BENCH" ] || [ ! -f "$MODULE" ] || [ ! -f "$FLOOR" ]; then
    make --no-print-directory -s -C "$HFA_SRC" "$BENCH" "$MODULE" "$FLOOR" >&2
fi

D=$(mktemp -d "${TMPDIR:-/tmp}/hfa-pambench.XXXXXX")
trap 'rm -rf "$D"' EXIT
chmod 0755 "$D"
mkdir "$D/conf"
echo 'session required pam_deny.so' >"$D/conf/other"
printf 'session required pam_permit.so\n' >"$D/conf/permit"
printf 'session required pam_permit.so\nsession required pam_env.so\n' >"$D/conf/env"
: >"$D/empty.conf"; : >"$D/empty.env"
printf 'session required pam_permit.so\nsession required pam_env.so conffile=%s envfile=%s\n' \
    "$D/empty.conf" "$D/empty.env" >"$D/conf/env-empty"
printf 'session required pam_permit.so\nsession optional %s\n' "$MODULE" >"$D/conf/hfauth"
printf 'session required pam_permit.so\nsession optional %s token_path=%s/none/%%u\n' \
    "$MODULE" "$D" >"$D/conf/hfauth-none"
printf 'session required pam_permit.so\nsession optional %s %s/tok/token\n' \
    "$FLOOR" "$D" >"$D/conf/floor"
printf 'session required pam_permit.so\nsession optional %s %s/tok/token nogroups\n' \
    "$FLOOR" "$D" >"$D/conf/floor-nogroups"
printf 'session required pam_permit.so\nsession optional %s %s/tok/token lookup\n' \
    "$FLOOR" "$D" >"$D/conf/floor-lookup"

if [ "$(id -u)" = 0 ]; then
    user=nobody
else
    user=$(id -un)
fi
mkdir -p "$D/tok"
printf 'hf_benchmarkToken000000000001' >"$D/tok/token"
chmod 0600 "$D/tok/token"
[ "$user" = nobody ] && chown nobody "$D/tok/token"

echo "pam_hfauth benchmark: $CYCLES transactions a round, best of 5 rounds, user $user" >&2
out=$("$BENCH" -c "$D/conf" -n "$CYCLES" -e "HF_TOKEN_PATH=$D/tok/token" \
    "$user" permit env env-empty hfauth hfauth-none floor floor-nogroups floor-lookup)

# Check that the module did set the token (a benchmark of a no-op is moot).
probe=$("$HFA_BUILD/tests/pam_app" -c "$D/conf" -s hfauth \
    -e "HF_TOKEN_PATH=$D/tok/token" "$user" 2>/dev/null | tail -n 1 || true)
[ "$probe" = "HF_TOKEN=hf_benchmarkToken000000000001" ] ||
    echo "warning: the hfauth stack did not set HF_TOKEN ($probe)" >&2

# "measure value unit [baseline]" lines for tests/bench/run.sh, which
# prints the ratio to the baseline: the stacks against pam_permit alone,
# and what pam_hfauth adds against what pam_env adds (goal: below 1).
printf '%s\n' "$out" | awk '
    { v[$1 "." $2] = $3 }
    END {
        split("session transaction", kinds, " ")
        for (k = 1; k <= 2; k++) {
            K = kinds[k]; p = v["permit." K]
            printf "pam.%s.permit %.2f us\n", K, p
            split("env env-empty hfauth hfauth-none floor floor-nogroups floor-lookup", stacks, " ")
            for (i = 1; i <= 7; i++)
                printf "pam.%s.%s %.2f us pam.%s.permit\n", K, stacks[i], v[stacks[i] "." K], K
            printf "pam.%s.added_by_pam_env %.2f us\n", K, v["env." K] - p
            printf "pam.%s.added_by_pam_hfauth %.2f us pam.%s.added_by_pam_env\n", K, v["hfauth." K] - p, K
            printf "pam.%s.added_by_pam_hfauth_no_token %.2f us pam.%s.added_by_pam_env\n", K, v["hfauth-none." K] - p, K
            printf "pam.%s.added_by_floor %.2f us pam.%s.added_by_pam_env\n", K, v["floor." K] - p, K
            printf "pam.%s.added_by_floor_nogroups %.2f us pam.%s.added_by_pam_env\n", K, v["floor-nogroups." K] - p, K
            printf "pam.%s.added_by_user_lookup %.2f us pam.%s.added_by_pam_env\n", K, v["floor-lookup." K] - p, K
            printf "pam.%s.added_by_pam_hfauth_vs_floor %.2f us pam.%s.added_by_floor\n", K, v["hfauth." K] - p, K
        }
    }'
