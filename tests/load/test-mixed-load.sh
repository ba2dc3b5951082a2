#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/load/test-mixed-load.sh - 64 processes hammering one HF_HOME, each
# with a fixed number of commands, a mix of login --token-stdin, switch,
# logout --token-name and list (every write atomic, every
# read-modify-write under the fcntl lock).  Nothing here depends on the
# machine's speed: each worker runs its commands however long they take;
# a generous bound only catches a hang.
#
# Worker w owns three names, "wNN-n1".."wNN-n3" (tokens the fake Hub
# knows), and is the only one to touch them, so it knows at every moment
# which of them must be stored: a command that exits 0 changed its name; one
# that exits 1 (lock wait over, or a name it knows is absent) changed
# nothing.  Checked while it runs:
#   - every command exits 0, or 1 with a clear reason ("another process
#     holds the lock", "no stored token named"); never a crash, a
#     sanitizer report or any other code;
#   - every `list --format names` shows only well-formed names, and
#     exactly the worker's own names it knows to be stored (a reader sees a
#     whole, current file);
# and at the end:
#   - stored_tokens parses with Python's configparser and holds exactly
#     the names the workers kept, each with its own token and nothing else;
#   - the token file, when there is one, holds one of those tokens;
#   - both files 0600, no temporary file left.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"
start_fakehub
NW=${HFA_LOAD_WORKERS:-64}
OPS=${HFA_LOAD_OPS:-8}         # commands per worker
HANG_GUARD=${HFA_LOAD_HANG_GUARD:-240}   # seconds; tests/run.sh allows 300
K=3
# Long enough for the Hub under load.  The lock wait is the default, 10 s:
# with the kernel's queue no waiter should come near it, even under ASan on
# a busy machine (with a 10 ms poll, a `list` under ASan once waited out
# 3 s); a wait that does run out must still exit 1 having changed nothing,
# and is counted.
export HF_HUB_DOWNLOAD_TIMEOUT=30 HFAUTH_LOCK_TIMEOUT=10

tok() { printf 'hf_loadW%02dN%dToken0000\n' "$1" "$2"; }
name() { printf 'w%02d-n%d\n' "$1" "$2"; }
{
    printf '{'
    sep=
    for w in $(seq 1 "$NW"); do
        for k in $(seq 1 $K); do
            printf '%s"%s": {"name": "loaduser", "displayName": "%s", "role": "read"}' \
                "$sep" "$(tok "$w" "$k")" "$(name "$w" "$k")"
            sep=', '
        done
    done
    printf '}'
} >"$T/tokens.json"
hub_tokens "$(cat "$T/tokens.json")"
L=$T/load
mkdir -p "$L"

# One worker.  Writes $L/wN.state (its names still stored, one a line),
# $L/wN.count (ops and exit codes) and, for anything wrong, $L/wN.bad.
worker() {
    local w=$1 nops=$2 k nm t rc op err present=() ops=0 ok=0 one=0 locked=0
    local out=$L/w$w.out errf=$L/w$w.err bad=$L/w$w.bad want got
    for k in $(seq 1 $K); do present[k]=0; done
    # printf -v: no fork but the commands.
    while [ "$ops" -lt "$nops" ]; do
        k=$((RANDOM % K + 1))
        printf -v nm 'w%02d-n%d' "$w" "$k"
        case $((RANDOM % 10)) in
        0|1|2|3) op=login
            printf -v t 'hf_loadW%02dN%dToken0000' "$w" "$k"
            printf '%s\n' "$t" | "$HF_AUTH" login --token-stdin >"$out" 2>"$errf" ;;
        4|5) op=switch; "$HF_AUTH" switch "$nm" >"$out" 2>"$errf" ;;
        6|7) op=logout; "$HF_AUTH" logout --token-name "$nm" >"$out" 2>"$errf" ;;
        *) op=list; "$HF_AUTH" list --format names >"$out" 2>"$errf" ;;
        esac
        rc=$?
        ops=$((ops + 1))
        err=
        read -r -d '' -N 400 err <"$errf"
        case $rc in
        0)  ok=$((ok + 1))
            case $op in
            login) present[k]=1 ;;
            logout) [ "${present[k]}" = 1 ] ||
                        echo "logout of $nm exited 0 though it was not stored" >>"$bad"
                    present[k]=0 ;;
            switch) [ "${present[k]}" = 1 ] ||
                        echo "switch to $nm exited 0 though it was not stored" >>"$bad" ;;
            list)
                grep -Evx 'w[0-9]{2}-n[1-9]' "$out" >"$out.odd" &&
                    echo "list: odd lines: $(head -c 200 "$out.odd")" >>"$bad"
                want=$(for k2 in $(seq 1 $K); do [ "${present[k2]}" = 1 ] && name "$w" "$k2"; done)
                got=$(grep -x "$(printf 'w%02d' "$w")-n[1-9]" "$out")
                [ "$want" = "$got" ] ||
                    echo "list: saw [${got//$'\n'/ }] of mine, expected [${want//$'\n'/ }]" >>"$bad" ;;
            esac ;;
        1)  one=$((one + 1))
            case $err in
            *"another process holds the lock"*"nothing was changed"*)
                locked=$((locked + 1))
                [ "$op" != list ] || echo "list waited for the lock: $err" >>"$bad" ;;
            *"error: no stored token named '$nm'"*)
                [ "${present[k]}" = 0 ] ||
                    echo "$op $nm: not found, though stored: $err" >>"$bad" ;;
            *) echo "$op $nm: exit 1 without a known reason: $err" >>"$bad" ;;
            esac ;;
        *)  echo "$op $nm: exit $rc: $err" >>"$bad" ;;
        esac
        case $err in *hf_load*) echo "$op $nm: a token on stderr" >>"$bad" ;; esac
    done
    for k in $(seq 1 $K); do [ "${present[k]}" = 1 ] && name "$w" "$k"; done >"$L/w$w.state"
    echo "$ops $ok $one $locked" >"$L/w$w.count"
}

start=${EPOCHREALTIME/./}
PIDS=
for w in $(seq 1 "$NW"); do
    worker "$w" "$OPS" &
    PIDS="$PIDS $!"
done
# The hang guard: stops the workers if they have not all finished by then.
(
    sleep "$HANG_GUARD" & sleeper=$!
    trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
    wait "$sleeper"
    : >"$L/hung"
    # Each worker is stopped, then the command it waits for (by parent
    # pid) and the worker are killed.
    for pid in $PIDS; do
        kill -STOP "$pid" 2>/dev/null
        pkill -KILL -P "$pid" 2>/dev/null
        kill -KILL "$pid" 2>/dev/null
    done
) &
guard=$!
for pid in $PIDS; do wait "$pid"; done
kill "$guard" 2>/dev/null; wait "$guard" 2>/dev/null
took=$(( (${EPOCHREALTIME/./} - start) / 1000 ))
[ ! -e "$L/hung" ] || fail "the workers had not finished after ${HANG_GUARD} s: a hang"

ops=0 ok=0 one=0 locked=0
for w in $(seq 1 "$NW"); do
    [ -f "$L/w$w.count" ] || fail "worker $w did not finish"
    read -r a b c d <"$L/w$w.count"
    ops=$((ops + a)) ok=$((ok + b)) one=$((one + c)) locked=$((locked + d))
done
echo "load: $NW workers, ${took} ms, $ops commands: $ok exit 0, $one exit 1 ($locked lock waits ran out)"
bad=$(cat "$L"/w*.bad 2>/dev/null | head -n 20)
[ -z "$bad" ] || fail "wrong during the load:
$bad"
[ "$ops" = $((NW * OPS)) ] || fail "$ops commands ran, not $((NW * OPS))"
# Logins and lists succeed unless a lock wait ran out (10 s): a run where
# almost nothing succeeded would prove nothing.
[ "$ok" -ge $((NW)) ] || fail "only $ok commands succeeded"

# --- the store at the end ------------------------------------------------------
cat "$L"/w*.state | LC_ALL=C sort >"$T/expected"
$PY - "$HF_DIR/stored_tokens" "$T/expected" "$HF_DIR/token" <<'EOF' || fail "the store after the load: $(head -c 800 "$HF_DIR/stored_tokens")"
import configparser, os, re, sys
store, expected_file, token_file = sys.argv[1:4]
expected = [l.strip() for l in open(expected_file) if l.strip()]
c = configparser.ConfigParser(interpolation=None)
if os.path.exists(store):
    with open(store, encoding="utf-8") as f:
        c.read_file(f)
got = sorted(c.sections())
assert got == sorted(expected), ("sections", sorted(set(got) ^ set(expected)))
tokens = set()
for s in got:
    m = re.fullmatch(r"w(\d\d)-n(\d)", s)
    want = "hf_loadW%sN%sToken0000" % m.groups()
    assert dict(c[s]) == {"hf_token": want}, (s, dict(c[s]))
    tokens.add(want)
if os.path.exists(token_file):
    active = open(token_file).read()
    assert active in tokens, ("the token file holds a token not stored", active)
EOF
for f in "$HF_DIR/stored_tokens" "$HF_DIR/token"; do
    [ ! -e "$f" ] || assert_mode "$f" 600
done
assert_no_temp_files "$HF_DIR"
run "$HF_AUTH" list --format names
assert_rc 0
printf '%s' "$OUT" | cmp -s - "$T/expected" ||
    fail "list at the end: [$OUT], expected [$(cat "$T/expected")]"

echo "test-mixed-load: all passed"
