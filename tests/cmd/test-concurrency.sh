#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/cmd/test-concurrency.sh - many hf-auth processes on one store at
# once (docs/design.md, "The store": the fcntl lock; docs/security.md,
# "Concurrency"): 40 simultaneous logins lose no entry and leave no torn or
# temporary file; then a mix of switch, list and logout --token-name, where
# readers never see a torn file.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"
start_fakehub
N=40
# Plenty of time for 40 processes to queue on the lock, even under ASan.
export HFAUTH_LOCK_TIMEOUT=60 HF_HUB_DOWNLOAD_TIMEOUT=30

# 40 tokens the fake Hub knows, named "user 01" .. "user 40".
tok() { printf 'hf_concurrentUserToken%02d' "$1"; }
{
    printf '{'
    for i in $(seq 1 $N); do
        [ "$i" = 1 ] || printf ', '
        printf '"%s": {"name": "user%02d", "displayName": "user %02d", "role": "read"}' "$(tok "$i")" "$i" "$i"
    done
    printf '}'
} >"$T/tokens.json"
hub_tokens "$(cat "$T/tokens.json")"

# All start together: each waits for $T/go, then execs the command.
GO=$T/go
bg() {   # ID CMD ARGS... (stdin, stdout, stderr, exit code in $T/jobs/ID.*)
    local id=$1; shift
    (
        while [ ! -e "$GO" ]; do sleep 0.005; done
        "$@" >"$T/jobs/$id.out" 2>"$T/jobs/$id.err"
        echo $? >"$T/jobs/$id.rc"
    ) &
    PIDS="$PIDS $!"
}
wait_all() {
    local pid
    for pid in $PIDS; do wait "$pid"; done
    PIDS=
}

# --- 40 logins at once ------------------------------------------------------
mkdir -p "$T/jobs"
PIDS=
for i in $(seq 1 $N); do
    printf '%s\n' "$(tok "$i")" >"$T/jobs/in.$i"
    bg "login$i" sh -c 'exec "$0" login --token-stdin <"$1"' "$HF_AUTH" "$T/jobs/in.$i"
done
sleep 0.2
touch "$GO"
wait_all
for i in $(seq 1 $N); do
    rc=$(cat "$T/jobs/login$i.rc")
    [ "$rc" = 0 ] || fail "login $i exited $rc: $(cat "$T/jobs/login$i.err")"
    grep -q "Token saved as 'user $(printf %02d "$i")'" "$T/jobs/login$i.err" ||
        fail "login $i: $(cat "$T/jobs/login$i.err")"
    grep -q hf_concurrent "$T/jobs/login$i.err" && fail "a token on stderr of login $i"
done
$PY - "$HF_DIR/stored_tokens" "$N" <<'EOF' || fail "stored_tokens after $N concurrent logins: $(head -c 600 "$HF_DIR/stored_tokens")"
import configparser, sys
c = configparser.ConfigParser(interpolation=None)
with open(sys.argv[1], encoding="utf-8") as f:
    c.read_file(f)
n = int(sys.argv[2])
names = ["user %02d" % i for i in range(1, n + 1)]
assert c.sections() == names, c.sections()
for i, s in enumerate(names, 1):
    assert dict(c[s]) == {"hf_token": "hf_concurrentUserToken%02d" % i}, (s, dict(c[s]))
EOF
ACTIVE=$(cat "$HF_DIR/token")
case $ACTIVE in hf_concurrentUserToken[0-4][0-9]) ;; *) fail "token file holds [$ACTIVE]";; esac
[ "$(grep -c '^hf_token = ' "$HF_DIR/stored_tokens")" = $N ] || fail "not $N tokens"
assert_mode "$HF_DIR/stored_tokens" 600
assert_mode "$HF_DIR/token" 600
assert_no_temp_files "$HF_DIR"
[ "$(hub_whoami_count hf_concurrentUser)" = $N ] || fail "not $N whoami requests"
# The barrier worked: the 40 logins overlapped (requests within 3 s).
$PY - "$FAKEHUB_DIR/requests.jsonl" <<'EOF' || fail "the logins did not run at the same time"
import json, sys
times = [json.loads(line)["time"] for line in open(sys.argv[1])]
assert max(times) - min(times) < 3, max(times) - min(times)
EOF

# --- switch, list and logout --token-name mixed -----------------------------
# Pin the active token to one no job touches, so the end state is known:
# logouts of 01..10 (never active), switches to 11..20, lists throughout.
run "$HF_AUTH" switch "user 40"
assert_rc 0
rm -f "$GO" "$T"/jobs/*
for i in $(seq 1 10); do
    bg "logout$i" "$HF_AUTH" logout --token-name "user $(printf %02d "$i")"
    bg "switch$i" "$HF_AUTH" switch "user $(printf %02d $((i + 10)))"
done
for i in $(seq 1 6); do
    bg "list$i" "$HF_AUTH" list
    bg "names$i" "$HF_AUTH" list --format names
done
sleep 0.2
touch "$GO"
wait_all
for f in "$T"/jobs/*.rc; do
    id=$(basename "$f" .rc)
    [ "$(cat "$f")" = 0 ] || fail "$id exited $(cat "$f"): $(cat "$T/jobs/$id.err")"
done
# Each reader saw a whole file: between 30 and 40 entries, every line whole.
for i in $(seq 1 6); do
    out=$T/jobs/list$i.out
    [ "$(head -n 1 "$out")" = "  NAME     TOKEN" ] || fail "list $i header: $(head -n 1 "$out")"
    rows=$(($(wc -l <"$out") - 1))
    [ "$rows" -ge 30 ] && [ "$rows" -le 40 ] || fail "list $i saw $rows entries"
    bad=$(tail -n +2 "$out" | grep -Ev '^[* ] user ([0-4][0-9])  hf_\*\*\*\*en\1$') &&
        fail "list $i: torn lines: $bad"
    out=$T/jobs/names$i.out
    rows=$(wc -l <"$out")
    [ "$rows" -ge 30 ] && [ "$rows" -le 40 ] || fail "list --format names $i saw $rows entries"
    bad=$(grep -Evx 'user [0-4][0-9]' "$out") && fail "names $i: torn lines: $bad"
done
$PY - "$HF_DIR/stored_tokens" <<'EOF' || fail "stored_tokens after the mix: $(head -c 600 "$HF_DIR/stored_tokens")"
import configparser, sys
c = configparser.ConfigParser(interpolation=None)
with open(sys.argv[1], encoding="utf-8") as f:
    c.read_file(f)
names = ["user %02d" % i for i in range(11, 41)]
assert c.sections() == names, c.sections()
for s in names:
    assert dict(c[s]) == {"hf_token": "hf_concurrentUserToken" + s[5:]}, (s, dict(c[s]))
EOF
ACTIVE=$(cat "$HF_DIR/token")
case $ACTIVE in hf_concurrentUserToken1[1-9]|hf_concurrentUserToken20) ;;
*) fail "after switching to 11..20 the token file holds [$ACTIVE]" ;; esac
assert_no_temp_files "$HF_DIR"
grep -l hf_concurrent "$T"/jobs/*.err && fail "a token on stderr"

echo "test-concurrency: all passed"
