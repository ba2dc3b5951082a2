#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/faults/test-lock-holder.sh - the store's lock held by another
# process, through the command (docs/security.md, "Concurrency": "writers
# take an fcntl lock, wait a bounded time, then fail clearly; a writer
# killed while holding it does not block the next"; tests/unit/test_lock.c
# does the same through the library).
#
#   - another program holds a POSIX fcntl lock (Python's fcntl.lockf, as a
#     program or another NFS client would) on .stored_tokens.lock: with
#     HFAUTH_LOCK_TIMEOUT=1, login, switch, logout --token-name and logout
#     each wait about 1 s, exit 1 naming the lock file and saying nothing
#     changed; no file changes.  HFAUTH_LOCK_TIMEOUT=0 fails at once.
#     Readers (list, token) take no lock and answer at once.
#   - the holder killed with SIGKILL: the next command goes through at once.
#   - hf-auth against hf-auth: a login stalled (by strace) inside its
#     locked section holds off a second writer, which then proceeds after
#     it: both changes are there.  Readers beside a writer stalled between
#     its two files answer at once, without its lock.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"
. "$HFA_SRC/tests/faults/faultlib.sh"
start_fakehub
LOCK=$HF_DIR/.stored_tokens.lock

run "$HF_AUTH" login --token "$TOK_WORK"
assert_rc 0
run "$HF_AUTH" login --token "$TOK_PERSONAL"
assert_rc 0
snap_take "$HF_DIR"

ms_now() { echo $(( $(date +%s%N) / 1000000 )); }

# --- another program holds the lock -----------------------------------------
$PY - "$LOCK" "$T/holder.ready" <<'EOF' &
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.lockf(fd, fcntl.LOCK_EX)          # F_SETLKW on the whole file
open(sys.argv[2], "w").close()
time.sleep(120)
EOF
HOLDER_PID=$!
EXTRA_PIDS="$EXTRA_PIDS $HOLDER_PID"
for _ in $(seq 1 200); do [ -e "$T/holder.ready" ] && break; sleep 0.02; done
[ -e "$T/holder.ready" ] || fail "the lock holder did not start"

# Four writers at once, each its own HFAUTH_LOCK_TIMEOUT=1.
mkdir -p "$T/w"
i=0
for what in "login --token $TOK_CI" "switch work" "logout --token-name work" "logout"; do
    i=$((i + 1))
    (
        start=$(ms_now)
        # shellcheck disable=SC2086
        HFAUTH_LOCK_TIMEOUT=1 "$HF_AUTH" $what >"$T/w/$i.out" 2>"$T/w/$i.err" </dev/null
        echo "$? $(( $(ms_now) - start ))" >"$T/w/$i.rc"
    ) &
    echo "$what" >"$T/w/$i.what"
done
wait_writers() {
    local j
    for j in $(seq 1 200); do
        [ "$(ls "$T"/w/*.rc 2>/dev/null | wc -l)" = "$1" ] && return 0
        sleep 0.05
    done
    fail "the writers did not end"
}
wait_writers 4
for j in 1 2 3 4; do
    what=$(cat "$T/w/$j.what")
    read -r rc ms <"$T/w/$j.rc"
    err=$(cat "$T/w/$j.err")
    [ "$rc" = 1 ] || fail "$what with the lock held: exit $rc, expected 1: $err"
    [ "$ms" -ge 900 ] && [ "$ms" -le 4000 ] ||
        fail "$what with the lock held: gave up after $ms ms (HFAUTH_LOCK_TIMEOUT=1)"
    [ -s "$T/w/$j.out" ] && fail "$what: stdout: $(cat "$T/w/$j.out")"
    case $err in
    *"another process holds the lock on $HF_DIR/stored_tokens ($LOCK); gave up after 1."*"nothing was changed"*) ;;
    *) fail "$what with the lock held: the message does not name the lock: [$err]" ;;
    esac
    case $err in *hf_*) fail "$what: a token in the message: $err" ;; esac
done
grep -q "Nothing was saved." "$T/w/1.err" || fail "login: $(cat "$T/w/1.err")"
snap_check "$HF_DIR"
assert_no_temp_files "$HF_DIR"

# No wait at all with a timeout of 0.
start=$(ms_now)
run env HFAUTH_LOCK_TIMEOUT=0 "$HF_AUTH" switch work
ms=$(( $(ms_now) - start ))
assert_rc 1
assert_err_has "another process holds the lock"
[ "$ms" -lt 800 ] || fail "HFAUTH_LOCK_TIMEOUT=0 waited $ms ms"
snap_check "$HF_DIR"

# Readers take no lock.
start=$(ms_now)
run env HFAUTH_LOCK_TIMEOUT=5 "$HF_AUTH" list --format names
ms=$(( $(ms_now) - start ))
assert_rc 0
assert_out_eq "personal
work
"
run env HFAUTH_LOCK_TIMEOUT=5 "$HF_AUTH" token
assert_rc 0
assert_out_eq "$TOK_PERSONAL
"
ms=$(( ms + $(ms_now) - start ))
[ "$ms" -lt 3000 ] || fail "the readers took $ms ms: did they wait for the lock?"

# --- the holder killed: the next writer goes through at once ---------------
kill -KILL "$HOLDER_PID"
wait "$HOLDER_PID" 2>/dev/null
start=$(ms_now)
run env HFAUTH_LOCK_TIMEOUT=10 "$HF_AUTH" login --token "$TOK_CI"
ms=$(( $(ms_now) - start ))
assert_rc 0
[ "$ms" -lt 3000 ] || fail "login after the holder died took $ms ms"
run "$HF_AUTH" list --format names
assert_out_eq "ci token
personal
work
"

# --- hf-auth against hf-auth -------------------------------------------------
need_strace
# `hf-auth login --token TOKEN` in the background, stalled 1.5 s at its
# Nth rename (strace), inside its locked section: $SLOW is its pid, and
# $T/slow-N.rc, .out and .err what it gave once done.
stall_login() {   # N TOKEN
    (
        env "$STRACE_ENV" timeout 60 strace -f -qq -o /dev/null \
            -e "inject=rename:delay_enter=1500000:when=$1" -- \
            "$HF_AUTH" login --token "$2" >"$T/slow-$1.out" 2>"$T/slow-$1.err" </dev/null
        echo $? >"$T/slow-$1.rc"
    ) &
    SLOW=$!
}
# Runs the command every 20 ms until it succeeds, for 5 s at most.
await() {
    local _
    for _ in $(seq 1 250); do
        "$@" && return 0
        sleep 0.02
    done
    return 1
}
has_temp_file() { [ -n "$(find "$HF_DIR" -maxdepth 1 -name '.*.tmp*')" ]; }
# The stalled login N ended well; then `list` names exactly NAMES.
stalled_login_done() {   # N NAMES
    wait "$SLOW"
    [ "$(cat "$T/slow-$1.rc")" = 0 ] ||
        fail "the stalled login exited $(cat "$T/slow-$1.rc"): $(cat "$T/slow-$1.err")"
    run "$HF_AUTH" list --format names
    assert_out_eq "$2"
}

# A login stalls at its first rename.  Its first write is the staged token
# file (lib/store.c), then stored_tokens.
stall_login 1 "$TOK_NONAME"
await has_temp_file || fail "the stalled login never reached its write"
# A writer with a short timeout gives up; one with a long one waits.
run env HFAUTH_LOCK_TIMEOUT=0.3 "$HF_AUTH" switch work
assert_rc 1
assert_err_has "another process holds the lock on $HF_DIR/stored_tokens ($LOCK)"
start=$(ms_now)
run env HFAUTH_LOCK_TIMEOUT=10 "$HF_AUTH" logout --token-name personal
ms=$(( $(ms_now) - start ))
assert_rc 0
[ "$ms" -ge 300 ] || fail "logout did not wait for the stalled login ($ms ms)"
stalled_login_done 1 "ci token
oauth-carol
work
"
assert_file_eq "$HF_DIR/token" "$TOK_NONAME"
assert_no_temp_files "$HF_DIR"

# --- readers during a live writer's two-file change --------------------------
# A login (a new token, made active) stalls 1.5 s at its second rename, the
# commit of stored_tokens: its staged token file is there and it holds the
# lock.  Readers neither wait for it nor take its staged file for a dead
# writer's: list and token answer at once with the state before the login,
# which then completes.
run "$HF_AUTH" logout --token-name "ci token"
assert_rc 0
stall_login 2 "$TOK_CI"
await test -e "$HF_DIR/.token.pending" || fail "the stalled login never staged its token file"
start=$(ms_now)
run env HFAUTH_LOCK_TIMEOUT=10 "$HF_AUTH" list --format names
assert_rc 0
assert_out_eq "oauth-carol
work
"
run env HFAUTH_LOCK_TIMEOUT=10 "$HF_AUTH" token
assert_rc 0
assert_out_eq "$TOK_NONAME
"
ms=$(( $(ms_now) - start ))
# The staged file still there proves the readers ended while the writer
# held its lock: had they waited for it, the login would have finished
# first.  No time limit: that would measure the machine, not the code.
[ -e "$HF_DIR/.token.pending" ] || fail "the readers waited for the live writer ($ms ms): its change was done when they ended"
stalled_login_done 2 "ci token
oauth-carol
work
"
assert_file_eq "$HF_DIR/token" "$TOK_CI"
assert_no_temp_files "$HF_DIR"

echo "test-lock-holder: all passed"
