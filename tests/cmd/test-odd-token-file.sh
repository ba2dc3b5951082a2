#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/cmd/test-odd-token-file.sh - an active token file with odd bytes
# (docs/design.md, "Layers": one token policy; docs/security.md,
# "Untrusted text"): a NUL byte (Python keeps it, and then no stored entry
# matches), or bytes that are not UTF-8 (Python crashes).
# Every command says so and goes on where it can: the file is never cut
# into a token, never printed, never sent to the Hub, and logging in,
# switching or logging out replaces or removes it.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"
start_fakehub
TF=$HF_DIR/token
STORE=$HF_DIR/stored_tokens

setup() {   # BYTES (printf format) of the token file; stored: work
    rm -rf "$HF_DIR"
    mkdir -p "$HF_DIR"
    printf '[work]\nhf_token = %s\n\n' "$TOK_WORK" >"$STORE"
    # shellcheck disable=SC2059  # the format is the point
    printf "$1" >"$TF"
    chmod 600 "$STORE" "$TF"
}
# Every request of the test is kept in $T/all.jsonl.
requests_reset() {
    cat "$FAKEHUB_DIR/requests.jsonl" >>"$T/all.jsonl" 2>/dev/null
    hub_requests_reset
}
no_hub_request() {
    [ ! -s "$FAKEHUB_DIR/requests.jsonl" ] ||
        fail "the Hub was asked: $(cat "$FAKEHUB_DIR/requests.jsonl")"
}

for kind in nul latin1; do
    case $kind in
    nul)    BYTES="${TOK_WORK}\\0" WHAT="holds a NUL byte" ;;
    latin1) BYTES="hf_caf\\351Token000000001" WHAT="is not UTF-8" ;;
    esac
    PROBLEM="the token file $TF $WHAT; log in again, or switch to a stored token, to replace it"
    setup "$BYTES"
    # Python's view of the premise: it keeps the NUL (no entry matches
    # the active token), or cannot decode the file.
    $PY - "$TF" "$kind" <<'EOF' || fail "premise ($kind)"
import sys
raw = open(sys.argv[1], "rb").read()
try:
    text = raw.decode("utf-8").replace("\r", "").replace("\n", "").strip()
except UnicodeDecodeError:
    assert sys.argv[2] == "latin1"
else:
    assert sys.argv[2] == "nul" and text.endswith("\0"), repr(text)
EOF
    cp "$TF" "$T/token.orig"

    requests_reset
    for cmd in token whoami; do
        run "$HF_AUTH" $cmd
        assert_rc 1
        assert_out_empty
        assert_err_eq "error: $PROBLEM
"
    done
    run "$HF_AUTH" status --check
    assert_rc 1
    assert_out_has "token source:  the token file, which holds no usable token"
    assert_out_has "hub check:     $PROBLEM"
    assert_err_has "warning: $PROBLEM"
    run "$HF_AUTH" status --format json
    assert_rc 0
    assert_json 'j["source"]' "'file'"
    assert_json 'j["token_error"]' "'$PROBLEM'"
    run "$HF_AUTH" list
    assert_rc 0
    assert_out_eq "  NAME  TOKEN
  work  hf_****0001
"
    assert_err_eq "warning: $PROBLEM
"
    no_hub_request
    assert_same_file "$T/token.orig" "$TF"

    # No token and no terminal: not "already logged in"; the browser
    # login replaces the file.
    hub_oauth '{"interval": 1}'
    run "$HF_AUTH" login
    assert_rc 0
    assert_err_has "Token saved as 'oauth-alice'"
    case $(cat "$TF") in hf_oauth_*) ;; *) fail "login left the token file as it was";; esac

    # switch and login --token replace it.
    setup "$BYTES"
    run "$HF_AUTH" switch work
    assert_rc 0
    assert_file_eq "$TF" "$TOK_WORK"
    setup "$BYTES"
    run "$HF_AUTH" login --token "$TOK_PERSONAL"
    assert_rc 0
    assert_file_eq "$TF" "$TOK_PERSONAL"

    # logout of a name leaves a file that is no entry's token; logout of
    # everything removes it.
    setup "$BYTES"
    run "$HF_AUTH" logout --token-name work
    assert_rc 0
    assert_same_file "$T/token.orig" "$TF"
    [ ! -e "$STORE" ] || [ "$(cat "$STORE")" = "" ] || fail "work still stored: $(cat "$STORE")"
    setup "$BYTES"
    run "$HF_AUTH" logout
    assert_rc 0
    assert_missing "$TF"
    assert_missing "$STORE"
done

# Whatever was tried, no Hub request ever carried the bytes as a token.
requests_reset
$PY - "$T/all.jsonl" "$TOK_WORK" <<'EOF' || fail "a token went to the Hub"
import json, sys
lines = open(sys.argv[1]).readlines()
assert any("/oauth/device" in line for line in lines), "no request logged"
for line in lines:
    assert sys.argv[2] not in line, line
EOF
echo "test-odd-token-file: all passed"
