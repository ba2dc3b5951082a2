#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/cmd/test-core-dumps.sh - no core dump can hold a token: hf-auth
# sets RLIMIT_CORE to 0 and clears the dumpable flag at start
# (shell/main.c), checked on a running `hf-auth login --token-stdin` that
# has read its token and waits for a Hub that never answers.
#
#   - /proc/PID/limits: "Max core file size" 0, soft and hard;
#   - not dumpable: the kernel shows the flag to others only through the
#     owner of the files in /proc/PID (not the folder itself): root for a
#     process that is not dumpable, the process's own uid otherwise.  So hf-auth runs as uid 65534 (setpriv),
#     and a plain `sleep` as the same uid shows the owner a dumpable
#     process gets.  The sanitizer build keeps the flag (LeakSanitizer
#     ptrace()s its own process at exit), so there only the limit is
#     checked.
# Root only (to run as another user); skipped otherwise.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"
[ "$(id -u)" = 0 ] || skip "needs root, to run hf-auth as another user"
command -v setpriv >/dev/null || fail "setpriv (util-linux) is needed"
NB_UID=65534
NBHOME=$T/nobody
mkdir -p "$NBHOME"
chown "$NB_UID:$NB_UID" "$NBHOME"
as_nobody() { setpriv --reuid=$NB_UID --regid=$NB_UID --clear-groups env HOME="$NBHOME" "$@"; }
run as_nobody "$HF_AUTH" --version
[ "$RC" = 0 ] || skip "cannot run $HF_AUTH as uid $NB_UID (is the build folder readable by all?): $ERR"

BG=
SLEEPER=
_core_cleanup() {
    [ -n "$BG" ] && kill "$BG" 2>/dev/null && wait "$BG" 2>/dev/null
    [ -n "$SLEEPER" ] && kill "$SLEEPER" 2>/dev/null && wait "$SLEEPER" 2>/dev/null
    _hfa_cleanup
}
trap _core_cleanup EXIT

start_fakehub
hub_mode '{"whoami": {"hang": true}}'
hub_requests_reset

# The token comes from a root-only file through the shell's redirection:
# hf-auth gets an open descriptor, never the token in argv.
printf '%s\n' "$TOK_WORK" >"$T/token-in"
chmod 600 "$T/token-in"
# It starts with core dumps allowed (soft and hard limit unlimited), so
# only hf-auth itself can bring the limit to 0.
(
    ulimit -c unlimited || exit 99
    exec setpriv --reuid=$NB_UID --regid=$NB_UID --clear-groups \
        env HOME="$NBHOME" HF_HUB_DOWNLOAD_TIMEOUT=60 "$HF_AUTH" login --token-stdin
) <"$T/token-in" >"$T/bg.out" 2>"$T/bg.err" &
BG=$!
# The whoami request means the token has been read: it is in memory now.
for _ in $(seq 1 250); do
    [ -s "$FAKEHUB_DIR/requests.jsonl" ] && break
    sleep 0.02
done
[ -s "$FAKEHUB_DIR/requests.jsonl" ] || fail "login made no request: $(cat "$T/bg.err")"
[ "$(readlink "/proc/$BG/exe")" = "$(readlink -f "$HF_AUTH")" ] ||
    fail "premise: PID $BG is $(readlink "/proc/$BG/exe"), not hf-auth"
uid=$(awk '$1 == "Uid:" {print $2}' "/proc/$BG/status")
[ "$uid" = "$NB_UID" ] || fail "premise: hf-auth runs as uid $uid, not $NB_UID"

# --- RLIMIT_CORE is 0, soft and hard ---------------------------------------
grep -Eq '^Max core file size +0 +0 +bytes *$' "/proc/$BG/limits" ||
    fail "hf-auth may dump core: $(grep '^Max core file size' "/proc/$BG/limits")"

# --- not dumpable -------------------------------------------------------------
case $HFA_BUILD in
*/asan) echo "note: the sanitizer build keeps the dumpable flag; only the limit is checked" ;;
*)
    # The premise: a dumpable process of that uid owns its /proc folder.
    setpriv --reuid=$NB_UID --regid=$NB_UID --clear-groups sleep 60 &
    SLEEPER=$!
    for _ in $(seq 1 250); do
        [ "$(readlink "/proc/$SLEEPER/exe")" = "$(readlink -f "$(command -v sleep)")" ] && break
        sleep 0.02
    done
    owner=$(stat -c %u:%g "/proc/$SLEEPER/status")
    [ "$owner" = "$NB_UID:$NB_UID" ] ||
        fail "premise: a dumpable process of uid $NB_UID has /proc/PID/status owned by $owner"
    kill "$SLEEPER"
    wait "$SLEEPER" 2>/dev/null
    SLEEPER=
    owner=$(stat -c %u:%g "/proc/$BG/status")
    [ "$owner" = 0:0 ] || fail "hf-auth is dumpable: /proc/$BG/status is owned by $owner, not 0:0"
    ;;
esac

kill "$BG"
wait "$BG" 2>/dev/null
BG=
exit 0
