#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/faults/test-refresh-lock.sh - the refresh holds huggingface_hub's
# lock too (docs/design.md, "The store"; docs/security.md, "Concurrency"):
# Python renews an OAuth token under flock on stored_tokens.lock beside
# stored_tokens (the filelock package), hf-auth under its fcntl lock on
# .stored_tokens.lock; a refresh in hf-auth takes Python's lock first, then
# its own, so the two tools never spend one refresh token twice.  Python is
# emulated with fcntl.flock, as filelock does it.
#
#   - Python holds its lock: `hf-auth token` waits, and at the lock
#     timeout gives up clearly, keeping the token; released while hf-auth
#     waits, hf-auth goes on and refreshes after it.
#   - hf-auth refreshes (the fake Hub slow to answer): Python's flock
#     cannot be had meanwhile, and once had, the store is already renewed.
#   - Our own lock held elsewhere: the refresh gives up and lets Python's
#     lock go.
#   - The lock file is created as filelock creates it (0644, whatever the
#     umask); an existing one is never re-moded.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"
. "$HFA_SRC/tests/faults/faultlib.sh"
start_fakehub
STORE=$HF_DIR/stored_tokens
PYLOCK=$HF_DIR/stored_tokens.lock

store_token() {
    $PY - "$STORE" <<'EOF'
import configparser, sys
c = configparser.ConfigParser(interpolation=None)
c.read(sys.argv[1], encoding="utf-8")
print(c.get("oauth-alice", "hf_token"))
EOF
}
refreshes() {
    grep -c '"grant_type": "refresh_token"' "$FAKEHUB_DIR/requests.jsonl" 2>/dev/null || true
}
expire_soon() {
    sed -i "s/^expires_at = .*/expires_at = $(($(date +%s) + 3600))/" "$STORE"
}

# Python's side: takes filelock's lock on $1 (created 0644 when missing,
# as filelock does) and touches $2 when it has it; then, unless $3 is
# "-", waits for the PID written in the file $3 to have the lock file
# open, and touches $4; then waits for $5 to appear, writes the time into
# $6 and lets go.  (A hang guard of 60 s on every wait.)
cat >"$T/pyholder.py" <<'EOF'
import fcntl, os, sys, time
lock, ready, pid_file, seen, release, released = sys.argv[1:7]
flags = os.O_RDWR | os.O_TRUNC | (0 if os.path.exists(lock) else os.O_CREAT)
fd = os.open(lock, flags, 0o644)
fcntl.flock(fd, fcntl.LOCK_EX)
open(ready, "w").close()
deadline = time.monotonic() + 60
def opened_by(pid):
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except FileNotFoundError:
        return False
    for name in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{name}") == lock:
                return True
        except OSError:
            pass
    return False
if pid_file != "-":
    while not os.path.exists(pid_file) and time.monotonic() < deadline:
        time.sleep(0.01)
    pid = open(pid_file).read().strip()
    while not opened_by(pid) and time.monotonic() < deadline:
        time.sleep(0.01)
    open(seen, "w").close()
while not os.path.exists(release) and time.monotonic() < deadline:
    time.sleep(0.01)
with open(released, "w") as f:
    f.write(repr(time.time()))
fcntl.flock(fd, fcntl.LOCK_UN)
os.close(fd)
EOF
py_hold() {   # PID-FILE|-: starts the holder; returns once it has the lock
    rm -f "$T/py.ready" "$T/py.seen" "$T/py.release" "$T/py.released"
    $PY "$T/pyholder.py" "$PYLOCK" "$T/py.ready" "$1" "$T/py.seen" \
        "$T/py.release" "$T/py.released" &
    PYHOLDER=$!
    EXTRA_PIDS="$EXTRA_PIDS $PYHOLDER"
    for _ in $(seq 1 500); do [ -e "$T/py.ready" ] && break; sleep 0.01; done
    [ -e "$T/py.ready" ] || fail "Python's lock holder did not start"
}
py_release() {
    touch "$T/py.release"
    wait "$PYHOLDER" || fail "Python's lock holder failed"
}
# Can Python take its lock right now, without waiting?
py_try() {
    $PY - "$PYLOCK" <<'EOF'
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
try:
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
except BlockingIOError:
    print("busy")
else:
    print("free")
EOF
}

# A browser login gives an OAuth token; it expires within the day.
hub_oauth '{"interval": 1, "expires_in_token": 172800}'
run "$HF_AUTH" login
assert_rc 0
expire_soon
OLD=$(cat "$HF_DIR/token")

# --- the lock file: created as filelock creates it, never re-moded ----------
[ ! -e "$PYLOCK" ] || fail "a login created $PYLOCK"
hub_requests_reset
(umask 077 && "$HF_AUTH" token >"$T/out" 2>"$T/err" </dev/null) || fail "token: $(cat "$T/err")"
[ "$(refreshes)" = 1 ] || fail "no refresh"
assert_mode "$PYLOCK" 644
[ ! -s "$PYLOCK" ] || fail "$PYLOCK is not empty"
chmod 600 "$PYLOCK"
expire_soon
run "$HF_AUTH" token
assert_rc 0
assert_err_has "Refreshed the OAuth token"
assert_mode "$PYLOCK" 600
chmod 644 "$PYLOCK"

# --- Python holds its lock: hf-auth waits, then gives up clearly ----------------
expire_soon
OLD=$(cat "$HF_DIR/token")
snap_take "$HF_DIR"
hub_requests_reset
py_hold -
HFAUTH_LOCK_TIMEOUT=1 run "$HF_AUTH" token
assert_rc 0
assert_out_eq "$OLD
"
case $ERR in
"warning: another process holds the refresh lock $PYLOCK (huggingface_hub or hf-auth renewing the token); gave up after "[1-9].[0-9]" s"$'\n') ;;
*) fail "not the lock timeout's message" ;;
esac
[ "$(refreshes)" = 0 ] || fail "refreshed under Python's lock"
snap_check "$HF_DIR"
py_release

# ...and when Python lets go while hf-auth waits, hf-auth refreshes then.
rm -f "$T/bg.pid"
py_hold "$T/bg.pid"
"$HF_AUTH" token >"$T/bg.out" 2>"$T/bg.err" </dev/null &
BG=$!
echo "$BG" >"$T/bg.pid"
for _ in $(seq 1 6000); do [ -e "$T/py.seen" ] && break; sleep 0.01; done
[ -e "$T/py.seen" ] || fail "hf-auth never opened $PYLOCK"
[ "$(refreshes)" = 0 ] || fail "hf-auth refreshed while Python held its lock"
py_release
wait "$BG" || fail "token exit $? ($(cat "$T/bg.err"))"
NEW=$(cat "$HF_DIR/token")
[ "$NEW" != "$OLD" ] || fail "not refreshed after Python let go"
[ "$(cat "$T/bg.out")" = "$NEW" ] || fail "printed [$(cat "$T/bg.out")]"
$PY - "$FAKEHUB_DIR/requests.jsonl" "$T/py.released" <<'EOF' || fail "the refresh came before Python let go"
import json, sys
released = float(open(sys.argv[2]).read())
(r,) = [json.loads(l) for l in open(sys.argv[1])
        if '"grant_type": "refresh_token"' in l]
assert r["time"] >= released, (r["time"], released)
EOF

# --- hf-auth refreshes: Python waits ----------------------------------------
expire_soon
OLD=$(cat "$HF_DIR/token")
hub_requests_reset
hub_mode '{"token": {"delay": 4}}'
HF_HUB_DOWNLOAD_TIMEOUT=30 "$HF_AUTH" token >"$T/bg.out" 2>"$T/bg.err" </dev/null &
BG=$!
EXTRA_PIDS="$EXTRA_PIDS $BG"
$PY - "$FAKEHUB_DIR/requests.jsonl" "$PYLOCK" "$STORE" "$OLD" <<'EOF' || fail "Python's lock was not held during the refresh"
import configparser, fcntl, json, os, signal, sys, time
requests, lock, store, old = sys.argv[1:5]
deadline = time.monotonic() + 60
def refresh_seen():
    try:
        return '"grant_type": "refresh_token"' in open(requests).read()
    except FileNotFoundError:
        return False
while not refresh_seen():
    assert time.monotonic() < deadline, "no refresh request"
    time.sleep(0.01)
# The Hub is answering slowly: hf-auth is inside its refresh.
fd = os.open(lock, os.O_RDWR)
try:
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
except BlockingIOError:
    pass
else:
    raise AssertionError("Python took its lock in the middle of hf-auth's refresh")
signal.alarm(60)
fcntl.flock(fd, fcntl.LOCK_EX)          # waits, as filelock would
c = configparser.ConfigParser(interpolation=None)
c.read(store, encoding="utf-8")
assert c.get("oauth-alice", "hf_token") != old, "the store was not renewed yet"
EOF
wait "$BG" || fail "token exit $? ($(cat "$T/bg.err"))"
hub_mode '{}'
[ "$(cat "$HF_DIR/token")" != "$OLD" ] || fail "not refreshed"
[ "$(store_token)" = "$(cat "$HF_DIR/token")" ] || fail "store and token file differ"

# --- our own lock held elsewhere: give up, and let Python's go -----------------
expire_soon
OLD=$(cat "$HF_DIR/token")
$PY - "$HF_DIR/.stored_tokens.lock" "$T/fcntl.ready" <<'EOF' &
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.lockf(fd, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
time.sleep(60)
EOF
FCNTL_HOLDER=$!
EXTRA_PIDS="$EXTRA_PIDS $FCNTL_HOLDER"
for _ in $(seq 1 500); do [ -e "$T/fcntl.ready" ] && break; sleep 0.01; done
[ -e "$T/fcntl.ready" ] || fail "the fcntl holder did not start"
hub_requests_reset
HFAUTH_LOCK_TIMEOUT=1 run "$HF_AUTH" token
assert_rc 0
assert_out_eq "$OLD
"
assert_err_has "warning: another process holds the lock on $STORE ($HF_DIR/.stored_tokens.lock)"
[ "$(refreshes)" = 0 ] || fail "refreshed without our lock"
[ "$(py_try)" = free ] || fail "hf-auth kept Python's lock after giving up"
kill "$FCNTL_HOLDER"
echo "test-refresh-lock: all passed"
