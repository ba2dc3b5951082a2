#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/load/test-pam-threads.sh - PAM sessions opened in parallel by many
# threads of one process, each for a different user (docs/security.md,
# "The PAM module": it reads user files with the user's uid, gid and
# groups).
#
# Six throw-away users (one of them in 14 groups); each one's token file
# sits in a folder that only that user's own extra group may enter
# (root:GROUP 0750, the user a supplementary member), so reading it needs
# exactly that user's groups in the reading thread.  tests/load/pam_threads runs 24 threads for 2 s, each
# opening and closing sessions for its user in a loop (a fresh handle each
# time), and checks that every session got exactly its own user's token and
# that every thread's fs ids and groups are root's again afterwards.
#
# glibc's setgroups()/initgroups() change the groups of every thread of the
# process; a module that drops privileges with them (as
# pam_modutil_drop_priv does) makes one thread read with another user's
# groups: sessions without HF_TOKEN, and a process left with a user's
# groups.  Root only (creates users); CI runs as root.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/pam/lib-pam.sh"

is_root || skip "needs root to create test users (CI runs as root)"
command -v useradd >/dev/null || skip "no useradd"
command -v setpriv >/dev/null || skip "no setpriv (util-linux)"
APP=$HFA_BUILD/tests/pam_threads
[ -x "$APP" ] || fail "$APP not built (make check-build)"

NUSERS=6
THREADS=24
MS=2000
TOKDIR=
SPECS=
for i in $(seq 1 $NUSERS); do
    make_test_user U H
    if [ "$i" = $NUSERS ]; then
        # The last user is in 12 more groups, before its own: the group
        # that opens its folder comes last of many.
        extra=
        for _ in $(seq 1 12); do make_test_group X; extra="$extra,$X"; done
        usermod -a -G "${extra#,}" "$U" || fail "usermod -a -G (12 groups) $U"
        MANY_U=$U
    fi
    make_test_group G
    usermod -a -G "$G" "$U" || fail "usermod -a -G $G $U"
    [ -n "$TOKDIR" ] || { TOKDIR=$USER_BASE/tok; mkdir -m 0755 "$TOKDIR"; }
    D=$TOKDIR/$U
    mkdir "$D"
    chown "root:$G" "$D"
    chmod 0750 "$D"
    tok=$(printf 'hf_threadUser%02dToken%s' "$i" "$(printf '%06d' "$i")")
    printf '%s' "$tok" >"$D/token"
    chown "$U:$U" "$D/token"
    chmod 0600 "$D/token"
    SPECS="$SPECS $U=$tok"
    LAST_U=$U LAST_D=$D
done
pam_service "token_path=$TOKDIR/%u/token"

[ "$(id -G "$MANY_U" | wc -w)" = 14 ] || fail "premise: $MANY_U is in $(id -G "$MANY_U" | wc -w) groups"
# Premise: the folder opens only with the user's supplementary group.
setpriv --reuid="$LAST_U" --regid="$LAST_U" --init-groups -- cat "$LAST_D/token" >/dev/null 2>&1 ||
    fail "premise: $LAST_U cannot read its own token with its groups"
setpriv --reuid="$LAST_U" --regid="$LAST_U" --clear-groups -- cat "$LAST_D/token" >/dev/null 2>&1 &&
    fail "premise: $LAST_U reads its token without its supplementary group"

# One thread: the setup works (every session gets its token).
: >"$SYSLOG"; chmod 0666 "$SYSLOG"
# shellcheck disable=SC2086
run env HFA_SYSLOG_FILE="$SYSLOG" timeout 60 "$APP" -c "$PAMCONF" -t 1 -d 300 $SPECS
[ "$RC" = 0 ] || fail "one thread: exit $RC; log: $(head -c 1500 "$SYSLOG")"
assert_out_has " missing 0 wrong 0 others_token 0 open_failed 0 creds_changed 0"
[ -s "$SYSLOG" ] && fail "one thread: log lines: $(head -c 1500 "$SYSLOG")"

# Many threads at once.
: >"$SYSLOG"
start=$(date +%s%N)
# shellcheck disable=SC2086
run env HFA_SYSLOG_FILE="$SYSLOG" timeout 120 "$APP" -c "$PAMCONF" -t $THREADS -d $MS $SPECS
took=$(( ($(date +%s%N) - start) / 1000000 ))
echo "pam_threads: $OUT(${took} ms)"
[ "$RC" = 0 ] || fail "$THREADS threads: exit $RC
first log lines: $(head -n 8 "$SYSLOG")"
assert_out_has " missing 0 wrong 0 others_token 0 open_failed 0 creds_changed 0"
cycles=$(printf '%s' "$OUT" | sed -n 's/.* cycles \([0-9]*\) .*/\1/p')
[ -n "$cycles" ] && [ "$cycles" -ge $THREADS ] || fail "only $cycles cycles"
[ -s "$SYSLOG" ] && fail "$THREADS threads: log lines: $(head -n 8 "$SYSLOG")"
[ "$took" -lt 60000 ] || fail "took ${took} ms"

echo "test-pam-threads: all passed"
