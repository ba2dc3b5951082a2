#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/cmd/test-refresh-issuer.sh - a refresh token goes only to the Hub
# that issued it (docs/design.md, "The Hub"; docs/security.md,
# "Untrusted text": credentials go where they came from).  Two fake Hubs
# share one state (so each knows the tokens the other issued) and are told
# apart by the port in the Host header: the issuer, where the browser login
# happened, and a mirror that HF_ENDPOINT names afterwards.  `token`,
# `whoami` and `status --check` renew an expiring OAuth token at the issuer
# and use the new token; the mirror never sees a refresh token.  An entry
# that does not say who issued it (huggingface_hub's own, or an older
# hfauth's) is refreshed only when the endpoint in use is the default Hub,
# else used as it is, and once expired the user is told to log in again.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"
start_fakehub
ISSUER=$HF_ENDPOINT
MIRROR_PID=
_issuer_cleanup() {
    [ -n "$MIRROR_PID" ] && kill "$MIRROR_PID" 2>/dev/null && wait "$MIRROR_PID" 2>/dev/null
    _hfa_cleanup
}
trap _issuer_cleanup EXIT
python3 "$HFA_SRC/tests/fakehub.py" --state-dir "$FAKEHUB_DIR" \
    --port-file "$FAKEHUB_DIR/port2" >"$FAKEHUB_DIR/mirror.log" 2>&1 &
MIRROR_PID=$!
for _ in $(seq 1 100); do
    [ -s "$FAKEHUB_DIR/port2" ] && break
    sleep 0.05
done
[ -s "$FAKEHUB_DIR/port2" ] || fail "the mirror did not start: $(cat "$FAKEHUB_DIR/mirror.log")"
MIRROR=http://127.0.0.1:$(cat "$FAKEHUB_DIR/port2")
STORE=$HF_DIR/stored_tokens

# What each Hub was asked since the last reset, one line a
# request: "issuer|mirror METHOD PATH [the refresh token presented]".
asked() {
    $PY - "$FAKEHUB_DIR/requests.jsonl" "${ISSUER#http://}" "${MIRROR#http://}" <<'EOF'
import json, sys
try:
    lines = open(sys.argv[1]).readlines()
except FileNotFoundError:
    lines = []
for line in lines:
    r = json.loads(line)
    host = r["headers"].get("host")
    who = {sys.argv[2]: "issuer", sys.argv[3]: "mirror"}.get(host, host)
    form = r.get("form") or {}
    print(who, r["method"], r["path"], form.get("refresh_token", ""))
EOF
}
# Every request of the test is also kept in $T/all.jsonl.
reset() {
    cat "$FAKEHUB_DIR/requests.jsonl" >>"$T/all.jsonl" 2>/dev/null
    hub_requests_reset
}
set_expires() {   # seconds from now
    sed -i "s/^expires_at = .*/expires_at = $(($(date +%s) + $1))/" "$STORE"
}
store_value() {   # KEY of oauth-alice
    $PY - "$STORE" "$1" <<'EOF'
import configparser, sys
c = configparser.ConfigParser(interpolation=None)
c.read(sys.argv[1], encoding="utf-8")
print(c.get("oauth-alice", sys.argv[2], fallback=""))
EOF
}

# A browser login at the issuer records it as the entry's endpoint.
hub_oauth '{"interval": 1, "expires_in_token": 172800}'
run "$HF_AUTH" login
assert_rc 0
[ "$(store_value endpoint)" = "$ISSUER" ] || fail "endpoint recorded: [$(store_value endpoint)]"

# --- HF_ENDPOINT is a mirror: the refresh still goes to the issuer -----------
export HF_ENDPOINT=$MIRROR
for cmd in token whoami "status --check"; do
    OLD=$(cat "$HF_DIR/token")
    REFRESH=$(store_value refresh_token)
    set_expires 3600
    reset
    # shellcheck disable=SC2086
    run "$HF_AUTH" $cmd
    assert_rc 0
    assert_err_has "Refreshed the OAuth token"
    NEW=$(cat "$HF_DIR/token")
    [ "$NEW" != "$OLD" ] || fail "$cmd: not refreshed"
    [ "$(store_value hf_token)" = "$NEW" ] || fail "$cmd: store and token file differ"
    [ "$(store_value endpoint)" = "$ISSUER" ] || fail "$cmd: endpoint now [$(store_value endpoint)]"
    case $cmd in
    token)
        assert_out_eq "$NEW
"
        [ "$(asked)" = "issuer POST /oauth/token $REFRESH" ] || fail "$cmd asked: [$(asked)]" ;;
    *)
        # The new token is then used where HF_ENDPOINT says.
        [ "$(asked)" = "issuer POST /oauth/token $REFRESH
mirror GET /api/whoami-v2 " ] || fail "$cmd asked: [$(asked)]"
        [ "$(hub_whoami_count "$NEW")" = 1 ] || fail "$cmd did not use the new token" ;;
    esac
done

# --- an entry that does not say who issued it ---------------------------------
# As huggingface_hub writes it: no endpoint key.  With a mirror in use, its
# refresh token goes nowhere: the token is used as it is...
sed -i '/^endpoint = /d' "$STORE"
OLD=$(cat "$HF_DIR/token")
set_expires 3600
reset
snap_take "$HF_DIR"
for cmd in token whoami; do
    run "$HF_AUTH" $cmd
    assert_rc 0
    assert_err_lacks "Refreshed"
    assert_err_lacks "warning"
done
[ "$(asked)" = "mirror GET /api/whoami-v2 " ] || fail "asked: [$(asked)]"
snap_check "$HF_DIR"
# ...and once it has expired, the user is told to log in again.
set_expires -60
snap_take "$HF_DIR"
run "$HF_AUTH" token
assert_rc 0
assert_out_eq "$OLD
"
assert_err_eq "warning: the OAuth token 'oauth-alice' has expired and was not refreshed: its refresh token goes only to the Hub that issued it, which is not recorded, and the endpoint in use is $MIRROR; log in again with \`hf-auth login\`
"
snap_check "$HF_DIR"

# With the default Hub in use, the same entry is refreshed there.  The
# default Hub is not reachable from a test: a proxy on the loopback (the
# mirror, which refuses CONNECT) shows where the request went, and no
# packet leaves the machine.
unset HF_ENDPOINT
set_expires 3600
reset
https_proxy=$MIRROR HF_HUB_DOWNLOAD_TIMEOUT=5 run "$HF_AUTH" token
assert_rc 0
assert_out_eq "$OLD
"
assert_err_has "warning: could not refresh the token 'oauth-alice' (cannot reach the Hub at https://huggingface.co:"
[ -z "$(asked)" ] || fail "asked: [$(asked)]"

# Nothing the mirror ever received was a refresh token; the issuer got
# each one that was spent.
reset
$PY - "$T/all.jsonl" "${MIRROR#http://}" <<'EOF' || fail "the mirror got a refresh token"
import json, sys
refreshes = 0
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["headers"].get("host") == sys.argv[2]:
        assert "hf_oauth_refresh_" not in line and r["path"] != "/oauth/token", line
    else:
        refreshes += (r.get("form") or {}).get("grant_type") == "refresh_token"
assert refreshes == 3, refreshes
EOF
echo "test-refresh-issuer: all passed"
