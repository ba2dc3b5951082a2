#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/interactive/test-refresh.sh - the refresh of an expiring OAuth token
# (hf-auth(1), token; docs/security.md, "Concurrency"): a token whose
# expires_at is less than a day away is renewed before `token`, `whoami` and
# `status --check` use it, under the lock, and both files are updated; a
# rotated refresh token replaces the old one, an unrotated one stays; a
# refusal or an unreachable Hub keeps the old token with a warning; HF_TOKEN
# is never refreshed; eight processes at once spend the refresh token
# exactly once.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"
. "$HFA_SRC/tests/interactive/ilib.sh"
start_fakehub
CLIENT_ID=26be6b09-91c5-47da-9861-d2d2bb7a7e36

# A browser login (no terminal) whose token lives two days: not expiring.
oauth_login() {
    rm -rf "$HF_DIR" "$FAKEHUB_DIR/issued.json"
    hub_oauth '{"interval": 1, "expires_in_token": 172800}'
    run "$HF_AUTH" login
    assert_rc 0
    assert_err_has "Token saved as 'oauth-alice'"
    OLD_TOKEN=$(store_field oauth-alice hf_token)
    OLD_REFRESH=$(store_field oauth-alice refresh_token)
    [ "$(cat "$HF_DIR/token")" = "$OLD_TOKEN" ] || fail "oauth-alice is not active"
}
# Rewrites expires_at of oauth-alice to now + $1 seconds, nothing else.
set_expires() {
    local when=$(($(date +%s) + $1)) before
    before=$(sed '/^expires_at = /d' "$HF_DIR/stored_tokens")
    sed -i "s/^expires_at = .*/expires_at = $when/" "$HF_DIR/stored_tokens"
    [ "$(sed '/^expires_at = /d' "$HF_DIR/stored_tokens")" = "$before" ] &&
        grep -qx "expires_at = $when" "$HF_DIR/stored_tokens" ||
        fail "could not set expires_at"
}
# The refresh requests the Hub got since the last hub_requests_reset, one
# line each: the refresh token presented (and BAD when the form is wrong).
refresh_requests() {
    $PY - "$FAKEHUB_DIR/requests.jsonl" "$CLIENT_ID" <<'EOF'
import json, sys
try:
    lines = open(sys.argv[1]).readlines()
except FileNotFoundError:
    lines = []
for line in lines:
    r = json.loads(line)
    form = r.get("form") or {}
    if r["path"] == "/oauth/token" and form.get("grant_type") == "refresh_token":
        ok = form.get("client_id") == sys.argv[2] and set(form) == {
            "grant_type", "refresh_token", "client_id"}
        print(form.get("refresh_token"), "" if ok else "BAD %r" % form)
EOF
}
# grants/attempts of a refresh token in issued.json: "grants attempts spent"
refresh_counts() {
    $PY - "$FAKEHUB_DIR/issued.json" "$1" <<'EOF'
import json, sys
e = json.load(open(sys.argv[1]))["refresh"][sys.argv[2]]
print(e["grants"], e["attempts"], e["spent"])
EOF
}
# The one refresh token / access token issued after the login's.
newest() {
    $PY - "$FAKEHUB_DIR/issued.json" "$1" "$2" <<'EOF'
import json, sys
keys = [k for k in json.load(open(sys.argv[1]))[sys.argv[2]] if k != sys.argv[3]]
print(keys[0] if len(keys) == 1 else "<%d tokens>" % len(keys))
EOF
}
assert_store_is() {   # token refresh expires-lo expires-hi
    local expires
    expires=$(store_field oauth-alice expires_at)
    [ "$expires" -ge "$3" ] && [ "$expires" -le "$4" ] ||
        fail "expires_at $expires, expected $3..$4"
    assert_file_eq "$HF_DIR/stored_tokens" "[oauth-alice]
hf_token = $1
refresh_token = $2
expires_at = $expires
endpoint = $HF_ENDPOINT

"
    assert_file_eq "$HF_DIR/token" "$1"
    assert_mode "$HF_DIR/stored_tokens" 600
    assert_mode "$HF_DIR/token" 600
    assert_no_temp_files "$HF_DIR"
}

oauth_login

# --- expires_at two days away: no refresh ---------------------------------
hub_requests_reset
snap_take "$HF_DIR"
run "$HF_AUTH" token
assert_rc 0
assert_out_eq "$OLD_TOKEN
"
assert_err_eq ""
[ -z "$(refresh_requests)" ] || fail "refreshed a token two days from expiry"
snap_check "$HF_DIR"

# --- expiring, but HF_TOKEN / HUGGING_FACE_HUB_TOKEN is the token: never ---
set_expires 3600
snap_take "$HF_DIR"
HF_TOKEN=$TOK_WORK run "$HF_AUTH" token
assert_rc 0
assert_out_eq "$TOK_WORK
"
HUGGING_FACE_HUB_TOKEN=$TOK_PERSONAL run "$HF_AUTH" token
assert_rc 0
assert_out_eq "$TOK_PERSONAL
"
HF_TOKEN=$TOK_WORK run "$HF_AUTH" whoami
assert_rc 0
[ -z "$(refresh_requests)" ] || fail "refreshed although HF_TOKEN is set"
snap_check "$HF_DIR"

# `status` without --check reports and changes nothing; `list` neither.
run "$HF_AUTH" status
assert_rc 0
run "$HF_AUTH" list
assert_rc 0
[ -z "$(refresh_requests)" ] || fail "status/list refreshed the token"
snap_check "$HF_DIR"

# --- the Hub refuses the refresh token: the old token, a warning ----------
hub_oauth '{"expires_in_token": 172800, "refresh_outcome": "invalid_grant"}'
run "$HF_AUTH" token
assert_rc 0
assert_out_eq "$OLD_TOKEN
"
assert_err_has "warning: "
assert_err_has "log in again"
assert_err_lacks_token "$OLD_TOKEN"
assert_err_lacks_token "$OLD_REFRESH"
[ "$(refresh_requests)" = "$OLD_REFRESH " ] ||
    fail "expected one refresh request with the stored refresh token, got [$(refresh_requests)]"
snap_check "$HF_DIR"

# --- the Hub fails (503), or cannot be reached: kept, tried again later ----
hub_requests_reset
hub_oauth '{"expires_in_token": 172800, "refresh_outcome": "status:503"}'
run "$HF_AUTH" token
assert_rc 0
assert_out_eq "$OLD_TOKEN
"
assert_err_has "warning: "
assert_err_has "will be tried again"
[ "$(refresh_requests)" = "$OLD_REFRESH " ] || fail "expected one refresh request"
snap_check "$HF_DIR"

# The Hub that issued the refresh token (the entry's endpoint, where
# alone it goes: tests/cmd/test-refresh-issuer.sh) cannot be reached.
sed -i "s|^endpoint = .*|endpoint = http://127.0.0.1:1|" "$HF_DIR/stored_tokens"
snap_take "$HF_DIR"
run "$HF_AUTH" token
assert_rc 0
assert_out_eq "$OLD_TOKEN
"
assert_err_has "warning: could not refresh the token 'oauth-alice'"
assert_err_has "http://127.0.0.1:1"
assert_err_has "will be tried again"
snap_check "$HF_DIR"
sed -i "s|^endpoint = .*|endpoint = $HF_ENDPOINT|" "$HF_DIR/stored_tokens"
[ "$(refresh_counts "$OLD_REFRESH")" = "0 2 False" ] ||
    fail "refresh token counts (grants attempts spent): $(refresh_counts "$OLD_REFRESH")"

# --- it works: a new token, the rotated refresh token, a new expiry --------
hub_requests_reset
hub_oauth '{"expires_in_token": 100000}'
before=$(date +%s)
run "$HF_AUTH" token
after=$(date +%s)
assert_rc 0
NEW_TOKEN=$(newest access "$OLD_TOKEN")
NEW_REFRESH=$(newest refresh "$OLD_REFRESH")
[ "$NEW_TOKEN" != "$OLD_TOKEN" ] || fail "no new token"
assert_out_eq "$NEW_TOKEN
"
assert_err_eq "Refreshed the OAuth token: it was about to expire.
"
assert_store_is "$NEW_TOKEN" "$NEW_REFRESH" $((before + 100000)) $((after + 100000))
[ "$(refresh_requests)" = "$OLD_REFRESH " ] || fail "expected one refresh request"
[ "$(refresh_counts "$OLD_REFRESH")" = "1 3 True" ] ||
    fail "refresh token counts: $(refresh_counts "$OLD_REFRESH")"
# Not expiring any more: the next call does not refresh.
hub_requests_reset
run "$HF_AUTH" token
assert_rc 0
assert_out_eq "$NEW_TOKEN
"
[ -z "$(refresh_requests)" ] || fail "refreshed again"

# --- no rotation: the refresh token stays ---------------------------------
OLD_TOKEN=$NEW_TOKEN OLD_REFRESH=$NEW_REFRESH
set_expires 3600
hub_requests_reset
hub_oauth '{"expires_in_token": 100000, "rotate": false}'
before=$(date +%s)
run "$HF_AUTH" token
after=$(date +%s)
assert_rc 0
NEW_TOKEN=$(tail -c +1 "$HF_DIR/token")
[ "$NEW_TOKEN" != "$OLD_TOKEN" ] || fail "no new token"
assert_out_eq "$NEW_TOKEN
"
assert_store_is "$NEW_TOKEN" "$OLD_REFRESH" $((before + 100000)) $((after + 100000))
[ "$(refresh_requests)" = "$OLD_REFRESH " ] || fail "expected one refresh request"

# --- whoami and status --check refresh too, and then use the new token -----
for cmd in whoami "status --check"; do
    OLD_TOKEN=$(cat "$HF_DIR/token")
    set_expires 3600
    hub_requests_reset
    # shellcheck disable=SC2086
    run "$HF_AUTH" $cmd
    assert_rc 0
    assert_err_has "Refreshed the OAuth token"
    NEW_TOKEN=$(cat "$HF_DIR/token")
    [ "$NEW_TOKEN" != "$OLD_TOKEN" ] || fail "$cmd did not refresh"
    [ "$(store_field oauth-alice hf_token)" = "$NEW_TOKEN" ] || fail "$cmd: store not updated"
    [ "$(refresh_requests)" = "$OLD_REFRESH " ] || fail "$cmd: expected one refresh request"
    [ "$(hub_whoami_count "$NEW_TOKEN")" = 1 ] || fail "$cmd did not ask the Hub with the new token"
    [ "$(hub_whoami_count "$OLD_TOKEN")" = 0 ] || fail "$cmd asked the Hub with the old token"
done

# --- list: the expiry column says when it has passed ------------------------
set_expires -100000
expires=$(store_field oauth-alice expires_at)
hub_requests_reset
run "$HF_AUTH" list
assert_rc 0
assert_out_has "$(date -d "@$expires" '+%Y-%m-%d %H:%M') (expired)"
[ -z "$(refresh_requests)" ] || fail "list refreshed the token"

# --- eight at once: the refresh token is spent exactly once ----------------
# The Hub takes a second to answer the refresh, so all eight have seen the
# token expiring before the first one has renewed it: the lock and the
# re-read under it must make the other seven take the first one's result.
oauth_login
set_expires 3600
hub_oauth '{"expires_in_token": 100000}'
hub_mode '{"token": {"delay": 1}}'
hub_requests_reset
pids=
for i in 1 2 3 4 5 6 7 8; do
    "$HF_AUTH" token </dev/null >"$T/par.$i.out" 2>"$T/par.$i.err" &
    pids="$pids $!"
done
i=0
for pid in $pids; do
    i=$((i + 1))
    wait "$pid" || fail "process $i: exit $? ($(cat "$T/par.$i.err"))"
done
hub_mode '{}'
NEW_TOKEN=$(cat "$HF_DIR/token")
[ "$NEW_TOKEN" != "$OLD_TOKEN" ] || fail "no refresh happened"
for i in 1 2 3 4 5 6 7 8; do
    [ "$(cat "$T/par.$i.out")" = "$NEW_TOKEN" ] ||
        fail "process $i printed [$(cat "$T/par.$i.out")], not the new token; stderr: $(cat "$T/par.$i.err")"
done
[ "$(refresh_counts "$OLD_REFRESH")" = "1 1 True" ] ||
    fail "the refresh token was presented more than once (grants attempts spent: $(refresh_counts "$OLD_REFRESH"))"
[ "$(refresh_requests | wc -l)" = 1 ] || fail "refresh requests: $(refresh_requests)"
NEW_REFRESH=$(newest refresh "$OLD_REFRESH")
[ "$(store_field oauth-alice refresh_token)" = "$NEW_REFRESH" ] ||
    fail "the store does not hold the rotated refresh token"
[ "$(store_field oauth-alice hf_token)" = "$NEW_TOKEN" ] || fail "store and token file differ"
assert_no_temp_files "$HF_DIR"
