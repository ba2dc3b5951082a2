#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/interactive/test-login-browser.sh - the browser (device-code, RFC
# 8628) login of `hf-auth login` (hf-auth(1), login): without a terminal
# (stdin /dev/null) and from the terminal menu.  What it prints (the
# complete URL, or the plain one and the code), what it saves (oauth-<user>
# with its refresh token and expiry, active), how it polls (interval,
# slow_down +5 s, 5xx as transient), how it stops (denied, expired, the
# code's own expiry, Ctrl-C, an unreachable device endpoint), and the `list`
# expiry column.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"
. "$HFA_SRC/tests/interactive/ilib.sh"
start_fakehub
URI=$HF_ENDPOINT/oauth/device
CLIENT_ID=26be6b09-91c5-47da-9861-d2d2bb7a7e36
fresh() { rm -rf "$HF_DIR" "$FAKEHUB_DIR/issued.json"; hub_requests_reset; hub_mode '{}'; }

# The device-grant polls in requests.jsonl: "count gap1 gap2 ..." where the
# first gap is from the /oauth/device request to the first poll.
polls() {
    $PY - "$FAKEHUB_DIR/requests.jsonl" "$CLIENT_ID" <<'EOF'
import json, sys
times, bad = [], []
for line in open(sys.argv[1]):
    r = json.loads(line)
    form = r.get("form") or {}
    if r["path"] == "/oauth/device":
        if form != {"client_id": sys.argv[2]}:
            bad.append("device form %r" % form)
        times = [r["time"]]
    elif r["path"] == "/oauth/token":
        if (form.get("grant_type") != "urn:ietf:params:oauth:grant-type:device_code"
                or form.get("client_id") != sys.argv[2] or not form.get("device_code")):
            bad.append("poll form %r" % form)
        times.append(r["time"])
if bad:
    print("BAD", *bad)
else:
    print(len(times) - 1, *["%.2f" % (b - a) for a, b in zip(times, times[1:])])
EOF
}
# Fails unless every gap is within [lo, hi] seconds.
assert_gaps() {
    local lo=$1 hi=$2 gap
    shift 2
    for gap in "$@"; do
        $PY -c "import sys; sys.exit(not ($lo <= $gap <= $hi))" ||
            fail "a poll gap of $gap s, expected between $lo and $hi s (polls: $POLLS)"
    done
}
# Waits (10 s at most) until the login in the background ($pid) polled once.
wait_first_poll() {
    local count
    for _ in $(seq 1 200); do
        count=$(polls)
        [ "${count%% *}" -ge 1 ] 2>/dev/null && return 0
        sleep 0.05
    done
    kill "$pid" 2>/dev/null
    fail "the login did not poll"
}
# The OAuth tokens the fake Hub issued, from issued.json.
issued() {
    $PY - "$FAKEHUB_DIR/issued.json" "$1" <<'EOF'
import json, sys
print(" ".join(sorted(json.load(open(sys.argv[1]))[sys.argv[2]])))
EOF
}
# Checks the stored oauth-alice entry byte for byte: the one access token
# and refresh token the Hub issued, expires_at = the login's time +
# expires_in_token (within the time the login took).
assert_oauth_saved() {   # before-seconds after-seconds lifetime
    local access refresh expires
    access=$(issued access)
    refresh=$(issued refresh)
    [ -n "$access" ] && [ "${access#* }" = "$access" ] || fail "issued access tokens: [$access]"
    [ -n "$refresh" ] && [ "${refresh#* }" = "$refresh" ] || fail "issued refresh tokens: [$refresh]"
    expires=$(store_field oauth-alice expires_at)
    [ "$expires" -ge $(($1 + $3)) ] && [ "$expires" -le $(($2 + $3)) ] ||
        fail "expires_at $expires, expected $(($1 + $3))..$(($2 + $3))"
    assert_file_eq "$HF_DIR/stored_tokens" "[oauth-alice]
hf_token = $access
refresh_token = $refresh
expires_at = $expires
endpoint = $HF_ENDPOINT

"
    assert_file_eq "$HF_DIR/token" "$access"
    assert_mode "$HF_DIR/stored_tokens" 600
    assert_mode "$HF_DIR/token" 600
    OAUTH_ACCESS=$access
}

# --- no terminal: interval 1, two pending answers, then the token ----------
fresh
hub_oauth '{"interval": 1, "pending": 2}'
before=$(date +%s)
run "$HF_AUTH" login
after=$(date +%s)
assert_rc 0
assert_out_empty
assert_err_has "To log in, open this address in a browser:

    $URI?user_code=ABCD-EFGH

and check that the page shows the code ABCD-EFGH."
assert_err_has "Token saved as 'oauth-alice' in $HF_DIR/stored_tokens."
assert_err_has "Login successful: the active token is now 'oauth-alice' (user alice)."
# Not a terminal: no spinner, no escape sequences, no question about git.
assert_err_lacks "Waiting for you"
assert_err_lacks $'\033'
assert_err_lacks $'\r'
assert_err_lacks "git credential"
assert_oauth_saved "$before" "$after" 28800
assert_err_lacks_token "$OAUTH_ACCESS"
POLLS=$(polls)
# shellcheck disable=SC2086
set -- $POLLS
[ "$1" = 3 ] || fail "expected 3 polls (2 pending, 1 success), got: $POLLS"
shift
assert_gaps 0.9 3.5 "$@"

# `list` has the expiry column for it (local date and time), and none for a
# plain token.
expires=$(store_field oauth-alice expires_at)
day=$(date -d "@$expires" '+%Y-%m-%d %H:%M')
masked="${OAUTH_ACCESS:0:3}****${OAUTH_ACCESS: -4}"
run "$HF_AUTH" list
assert_rc 0
assert_out_eq "$(printf '  %-13s%-13s%s\n' NAME TOKEN EXPIRES
                 printf '* %-13s%-13s%s\n' oauth-alice "$masked" "$day")
"
run "$HF_AUTH" login --token "$TOK_WORK"
assert_rc 0
run "$HF_AUTH" list
assert_rc 0
assert_out_eq "$(printf '  %-13s%-13s%s\n' NAME TOKEN EXPIRES
                 printf '  %-13s%-13s%s\n' oauth-alice "$masked" "$day"
                 printf '* %-13s%s\n' work 'hf_****0001')
"

# --- verification_uri_complete absent: the plain URL and the code ----------
fresh
hub_oauth '{"interval": 1, "omit_complete": true}'
run "$HF_AUTH" login
assert_rc 0
assert_err_has "To log in, open this address in a browser:

    $URI

and enter the code ABCD-EFGH."
assert_err_lacks "user_code="
assert_err_has "Token saved as 'oauth-alice'"

# --- slow_down: the next poll comes 5 s later than the interval ------------
fresh
hub_oauth '{"interval": 1, "slow_down": 1}'
run "$HF_AUTH" login
assert_rc 0
POLLS=$(polls)
# shellcheck disable=SC2086
set -- $POLLS
[ "$1" = 2 ] || fail "expected 2 polls (slow_down, success), got: $POLLS"
assert_gaps 0.9 3.5 "$2"       # the interval before the slow_down
assert_gaps 5.9 9 "$3"         # 1 + 5 s after it

# --- 503 twice: transient, noted once, then the login succeeds -------------
fresh
hub_oauth '{"interval": 1, "transient": 2}'
run "$HF_AUTH" login
assert_rc 0
assert_err_has "Token saved as 'oauth-alice'"
[ "$(printf '%s' "$ERR" | grep -c 'still trying until the code expires')" = 1 ] ||
    fail "the transient failure should be noted exactly once"
POLLS=$(polls)
# shellcheck disable=SC2086
set -- $POLLS
[ "$1" = 3 ] || fail "expected 3 polls (503, 503, success), got: $*"

# --- a poll answered with bad JSON is transient too, as a 5xx ------------
fresh
hub_oauth '{"interval": 1}'
hub_mode '{"token": {"badjson": true}}'
"$HF_AUTH" login </dev/null >"$T/bg.out" 2>"$T/bg.err" &
pid=$!
wait_first_poll     # the first poll got the bad JSON
hub_mode '{}'
wait "$pid"
RC=$? OUT=$(cat "$T/bg.out") ERR=$(cat "$T/bg.err")
assert_rc 0
assert_err_has "Token saved as 'oauth-alice'"
POLLS=$(polls)
# shellcheck disable=SC2086
set -- $POLLS
# (2 unless this shell was too slow to take the bad JSON back in time)
[ "$1" -ge 2 ] || fail "expected a poll after the bad JSON, got: $POLLS"

# --- denied, expired: exit 1, nothing saved --------------------------------
fresh
hub_oauth '{"interval": 1, "outcome": "denied"}'
run "$HF_AUTH" login
assert_rc 1
assert_err_has "error: the browser login was denied"
assert_missing "$HF_DIR/token"
assert_missing "$HF_DIR/stored_tokens"

fresh
hub_oauth '{"interval": 1, "outcome": "expired"}'
run "$HF_AUTH" login
assert_rc 1
assert_err_has "error: the login code expired before it was approved"
assert_missing "$HF_DIR/token"
assert_missing "$HF_DIR/stored_tokens"

# --- the code's own expiry (expires_in 3, never approved): gives up ---------
fresh
hub_oauth '{"interval": 1, "expires_in": 3, "pending": 100}'
start=$(date +%s.%N)
run "$HF_AUTH" login
took=$($PY -c "import time; print('%.1f' % (time.time() - $start))")
assert_rc 1
assert_err_has "the login code expired before it was approved"
assert_missing "$HF_DIR/token"
$PY -c "import sys; sys.exit(not (2.5 <= $took <= 8))" ||
    fail "gave up after $took s, expected about 3 s"

# --- the device endpoint fails: exit 4 --------------------------------------
fresh
hub_mode '{"device": {"status": 500}}'
run "$HF_AUTH" login
assert_rc 4
assert_err_has "HTTP 500"
assert_missing "$HF_DIR"

# --- SIGINT while waiting (no terminal): exit 130, nothing saved ------------
fresh
hub_oauth '{"interval": 1, "pending": 100}'
"$HF_AUTH" login </dev/null >"$T/bg.out" 2>"$T/bg.err" &
pid=$!
wait_first_poll     # it polled once: it is waiting, SIGINT caught
kill -INT "$pid"
wait "$pid"
RC=$? OUT=$(cat "$T/bg.out") ERR=$(cat "$T/bg.err")
assert_rc 130
assert_out_empty
assert_err_has "Login cancelled; nothing was saved."
assert_missing "$HF_DIR"

# --- on a terminal: choice 1, the spinner, success; Ctrl-C while waiting ----
fresh
hub_oauth '{"interval": 1, "pending": 1}'
pty_run "expect > 
send 1\\r
expect Waiting for you to approve the login in the browser
expect Login successful
wait" "$HF_AUTH" login
assert_driver_ok
assert_rc 0
assert_out_empty
assert_modes_restored
assert_ts_has "$URI?user_code=ABCD-EFGH"
# The spinner's line is cleared before the result is shown.
assert_ts_has $'\r\033[KToken is valid'
assert_oauth_saved 0 "$(date +%s)" 28800
assert_ts_no_secret "$OAUTH_ACCESS"

fresh
hub_oauth '{"interval": 1, "pending": 100}'
pty_run "expect > 
send 1\\r
expect Waiting for you to approve
idle
send \\x03
expect Login cancelled; nothing was saved.
wait" "$HF_AUTH" login
assert_ended 130
assert_missing "$HF_DIR"
