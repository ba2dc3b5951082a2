# SPDX-License-Identifier: Apache-2.0
# tests/cmd/cmdlib.sh - helpers shared by the hf-auth command tests
# (tests/cmd/test-*.sh).  Source it after tests/lib.sh.
#
#   hub_mode JSON          writes the fake Hub's mode.json ({} resets it)
#   hub_tokens JSON        writes the fake Hub's tokens.json
#   hub_oauth JSON         writes the fake Hub's oauth.json
#   hub_requests_reset     empties requests.jsonl
#   hub_whoami_count TOK   how many whoami requests carried TOK
#   snap_take DIR          records every file under DIR (bytes and modes)
#   snap_check DIR         fails unless DIR is as snap_take saw it
#   assert_secret_absent TOKEN   TOKEN is in neither $OUT nor $ERR...
#   assert_err_lacks_token TOKEN ...or only not in $ERR
#   json_field EXPR        evaluates a Python expression on `j`, the JSON
#                          object in $OUT, and prints its repr
#   write_store TEXT       writes $HF_DIR/stored_tokens (printf %s)

# Python for the checks: the system's, when there is one (a pyenv shim in
# front of it costs 100 ms a start).
PY=$(command -v /usr/bin/python3 || command -v python3)

# mode.json / tokens.json are re-read by the fake Hub on every request;
# written through a rename so the Hub never sees half a file.
_hub_state() {
    printf '%s' "$2" >"$FAKEHUB_DIR/.$1.new" && mv "$FAKEHUB_DIR/.$1.new" "$FAKEHUB_DIR/$1"
}
hub_mode() { _hub_state mode.json "$1"; }
hub_tokens() { _hub_state tokens.json "$1"; }
hub_oauth() { _hub_state oauth.json "$1"; }
hub_requests_reset() { : >"$FAKEHUB_DIR/requests.jsonl"; }
hub_whoami_count() {
    $PY - "$FAKEHUB_DIR/requests.jsonl" "$1" <<'EOF'
import json, sys
n = 0
try:
    with open(sys.argv[1]) as f:
        for line in f:
            r = json.loads(line)
            if r["path"] == "/api/whoami-v2" and sys.argv[2] in json.dumps(r):
                n += 1
except FileNotFoundError:
    pass
print(n)
EOF
}

# Snapshots: a listing (relative path, type, mode, size) plus a copy of the
# bytes.  The lock files (.stored_tokens.lock, and stored_tokens.lock, the
# one a refresh shares with huggingface_hub) are left out: they are
# empty, and taking a lock may create them; everything else must be
# untouched.
SNAP=$T/.snap
_snap_list() {
    (cd "$1" 2>/dev/null && find . -mindepth 1 ! -name .stored_tokens.lock \
        ! -name stored_tokens.lock -printf '%P %y %m %s\n' | LC_ALL=C sort)
}
snap_take() {
    rm -rf "$SNAP"
    mkdir -p "$SNAP"
    if [ -d "$1" ]; then
        _snap_list "$1" >"$SNAP/.listing"
        cp -a "$1" "$SNAP/copy"
    else
        : >"$SNAP/.missing"
    fi
}
snap_check() {
    if [ -e "$SNAP/.missing" ]; then
        [ ! -e "$1" ] || fail "$1 was created: $(ls -la "$1")"
        return 0
    fi
    [ -d "$1" ] || fail "$1 disappeared"
    local now
    now=$(_snap_list "$1")
    [ "$now" = "$(cat "$SNAP/.listing")" ] ||
        fail "files under $1 changed: before [$(cat "$SNAP/.listing")] after [$now]"
    diff -r -x .stored_tokens.lock -x stored_tokens.lock "$SNAP/copy" "$1" >/dev/null ||
        fail "file contents under $1 changed: $(diff -r -x .stored_tokens.lock -x stored_tokens.lock "$SNAP/copy" "$1" | head -c 600)"
}

assert_err_lacks_token() {
    case $ERR in *"$1"*) fail "the token $1 appears on stderr";; esac
}
assert_secret_absent() {
    case $OUT in *"$1"*) fail "the token $1 appears on stdout";; esac
    assert_err_lacks_token "$1"
}

json_field() {
    printf '%s' "$OUT" | $PY -c 'import json, sys; j = json.load(sys.stdin); print(repr(eval(sys.argv[1])))' "$1" ||
        fail "stdout is not the JSON expected (evaluating $1)"
}
assert_json() {   # EXPR EXPECTED-REPR
    local got
    got=$(json_field "$1") || exit 1
    [ "$got" = "$2" ] || fail "JSON $1: expected $2, got $got"
}

write_store() {
    mkdir -p "$HF_DIR"
    printf '%s' "$1" >"$HF_DIR/stored_tokens"
}
