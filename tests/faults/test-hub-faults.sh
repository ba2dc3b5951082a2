#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/faults/test-hub-faults.sh - the Hub misbehaving, through the command
# (docs/security.md, "The network"; hf-auth(1), EXIT STATUS).  What
# tests/cmd already covers through `login` (429, 5xx, hang, bad JSON,
# truncation, a refused connection) is not repeated; here:
#
#   - slow: an answer later than HF_HUB_DOWNLOAD_TIMEOUT is exit 4 "did not
#     answer within" in about the timeout; one just under it succeeds;
#   - a trickle: headers at once, then the body a byte at a time, above and
#     below libcurl's low-speed limit: exit 4 "did not answer within", long
#     before the body would have ended;
#   - whoami against a truncated, invalid, huge (2 MiB) or deeply nested
#     (100000 levels) answer, 429 with Retry-After, 500, 503: exit 4 with
#     the message each one has, nothing on stdout, no token shown;
#   - a redirect to another port, host or scheme: a second fake Hub is the
#     target, and it receives no request at all (so no Authorization
#     header), for whoami, login and the browser login's /oauth/device;
#   - a token or an endpoint with CR/LF (or a blank) is refused before any
#     request: the Hub's requests.jsonl stays empty;
#   - proxies: http_proxy, HTTP_PROXY, all_proxy, ALL_PROXY at a closed
#     port give exit 4 (the variable is honoured) and the Hub sees nothing;
#     no_proxy/NO_PROXY=127.0.0.1 bypass them; a second fake Hub as the
#     proxy receives the request in proxy form (absolute URL).
# HTTPS, CA bundles and https_proxy: tests/faults/test-tls.sh.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"
. "$HFA_SRC/tests/faults/faultlib.sh"
start_fakehub
run "$HF_AUTH" login --token "$TOK_WORK"
assert_rc 0
snap_take "$HF_DIR"
ALL_TOKS="$TOK_WORK $TOK_PERSONAL $TOK_CI"
no_token_shown() {
    local t
    for t in $ALL_TOKS; do assert_secret_absent "$t"; done
}
ms_now() { echo $(( $(date +%s%N) / 1000000 )); }
WHOAMI_OK="user: alice
orgs: acme, bigco
token: work (write)
endpoint: $HF_ENDPOINT
"

# --- slow -------------------------------------------------------------------
hub_mode '{"whoami": {"delay": 0.8}}'
start=$(ms_now)
run env HF_HUB_DOWNLOAD_TIMEOUT=4 "$HF_AUTH" whoami
ms=$(( $(ms_now) - start ))
assert_rc 0
assert_out_eq "$WHOAMI_OK"
[ "$ms" -ge 700 ] || fail "the delay did not happen ($ms ms)"
run_in "$TOK_PERSONAL" env HF_HUB_DOWNLOAD_TIMEOUT=4 "$HF_AUTH" login --token-stdin
assert_rc 0
assert_err_has "Token saved as 'personal'"
run "$HF_AUTH" switch work
assert_rc 0
snap_take "$HF_DIR"

# --- a trickle ----------------------------------------------------------------
# lib/hub.c bounds a request by a total timeout and a low-speed one (under
# 1 byte/s for the timeout's whole seconds).  The low-speed time is never
# longer than the total and both end in the same error and message, so from
# outside the two cannot be told apart: what is proved here is that a Hub
# that keeps sending cannot hold hf-auth past the timeout, whether it sends
# faster (5 bytes/s) or slower (a byte every 3 s) than the low-speed limit.
# The drip would last minutes (its body is about 1 kB); the bound
# below is only a hang guard.
# First the premise: a quick drip is a good answer.
hub_mode '{"whoami": {"drip": 0.001}}'
run "$HF_AUTH" whoami
assert_rc 0
assert_out_eq "$WHOAMI_OK"
# A late answer (4 s) and both drips: the same error at the timeout.  Not
# before the 1 s timeout (a clock sets that, not the machine's speed); the
# upper bound is only a hang guard.
for mode in '"delay": 4' '"drip": 3' '"drip": 0.2'; do
    hub_mode "{\"whoami\": {$mode}}"
    start=$(ms_now)
    run env HF_HUB_DOWNLOAD_TIMEOUT=1 "$HF_AUTH" whoami
    ms=$(( $(ms_now) - start ))
    assert_rc 4
    assert_out_empty
    assert_err_eq "error: the Hub at $HF_ENDPOINT did not answer within 1.0 s
"
    [ "$ms" -ge 900 ] && [ "$ms" -lt 20000 ] || fail "$mode: whoami gave up after $ms ms with a 1 s timeout"
    no_token_shown
done
hub_mode '{}'

# --- bad answers to whoami ---------------------------------------------------
bad() {   # MODE-JSON EXPECTED-STDERR
    hub_mode "{\"whoami\": $1}"
    run "$HF_AUTH" whoami
    [ "$RC" = 4 ] || fail "whoami against $1: exit $RC, expected 4"
    assert_out_empty
    assert_err_eq "error: $2
"
    no_token_shown
    snap_check "$HF_DIR"
}
bad '{"truncate": true}' "unexpected answer from the Hub at $HF_ENDPOINT: the connection closed mid-answer"
bad '{"badjson": true}' "unexpected answer from the Hub at $HF_ENDPOINT: whoami-v2 did not return a JSON object"
bad '{"huge": 2097152}' "unexpected answer from the Hub at $HF_ENDPOINT: larger than 1048576 bytes"
bad '{"nested": 100000}' "unexpected answer from the Hub at $HF_ENDPOINT: whoami-v2 did not return a JSON object"
bad '{"status": 429, "retry_after": "37"}' "the Hub is rate-limiting requests (429 Too Many Requests); try again in 37 s"
bad '{"status": 500}' "the Hub at $HF_ENDPOINT could not check the token (HTTP 500)"
bad '{"status": 503}' "the Hub at $HF_ENDPOINT could not check the token (HTTP 503)"
hub_mode '{}'

# --- redirects: the token never follows ---------------------------------------
start_hub2 target
TARGET=http://127.0.0.1:$HUB2_PORT
REDIRECT_MSG="unexpected answer from the Hub at $HF_ENDPOINT: a redirect (HTTP 302), which hfauth does not follow so that the token goes nowhere else; check HF_ENDPOINT"
for to in "$TARGET/api/whoami-v2" "http://localhost:$HUB2_PORT/api/whoami-v2" \
          "https://127.0.0.1:$HUB2_PORT/api/whoami-v2" "$TARGET/elsewhere?x=1"; do
    hub_mode "{\"whoami\": {\"redirect\": \"$to\"}}"
    run "$HF_AUTH" whoami
    assert_rc 4
    assert_out_empty
    assert_err_eq "error: $REDIRECT_MSG
"
    run "$HF_AUTH" login --token "$TOK_CI"
    assert_rc 4
    assert_err_has "$REDIRECT_MSG"
    assert_err_has "Nothing was saved."
    snap_check "$HF_DIR"
    run "$HF_AUTH" status --check
    assert_rc 4
    no_token_shown
    [ "$(requests_in "$HUB2_DIR")" = 0 ] ||
        fail "redirect to $to: the target got a request: $(cat "$HUB2_DIR/requests.jsonl")"
done
# The browser login: its POST is not re-sent to the target either.
hub_mode "{\"device\": {\"redirect\": \"$TARGET/oauth/device\"}}"
run "$HF_AUTH" login --force
assert_rc 4
assert_err_has "redirect (HTTP 302)"
snap_check "$HF_DIR"
[ "$(requests_in "$HUB2_DIR")" = 0 ] ||
    fail "device redirect: the target got a request: $(cat "$HUB2_DIR/requests.jsonl")"
hub_mode '{}'

# --- CR/LF and blanks: refused before any request --------------------------------
hub_requests_reset
for ep in "$HF_ENDPOINT"$'\r\nX-Injected: 1' "$HF_ENDPOINT"$'\n' "$HF_ENDPOINT/a b" \
          "$HF_ENDPOINT"$'\r'; do
    run env HF_ENDPOINT="$ep" "$HF_AUTH" whoami
    assert_rc 1
    assert_out_empty
    assert_err_eq "error: the Hub endpoint holds a blank or control character (HF_ENDPOINT)
"
    run env HF_ENDPOINT="$ep" "$HF_AUTH" login --token "$TOK_CI"
    assert_rc 1
    assert_err_has "the Hub endpoint holds a blank or control character"
    snap_check "$HF_DIR"
done
INJ=$'\r\nX-Injected: 1'
run "$HF_AUTH" login --token "$TOK_CI$INJ"
assert_rc 1
assert_err_has "the token holds a blank, control, non-ASCII or '=' character"
assert_err_has "Nothing was saved."
run env HF_TOKEN="$TOK_CI$INJ" "$HF_AUTH" whoami
assert_rc 1
assert_err_has "the token holds a blank, control, non-ASCII or '=' character"
# A token file is cleaned as Python cleans it (every CR and LF dropped):
# what is left has a blank, so it is refused too.
printf '%s' "$TOK_CI$INJ" >"$T/crlf-token"
run env HF_TOKEN_PATH="$T/crlf-token" "$HF_AUTH" whoami
assert_rc 1
assert_err_has "the token file $T/crlf-token does not hold a valid token"
[ "$(requests_in "$FAKEHUB_DIR")" = 0 ] ||
    fail "a request was made: $(cat "$FAKEHUB_DIR/requests.jsonl")"
snap_check "$HF_DIR"
# Without a blank, what is left after the cleaning is one (unknown) token:
# asked as such (401: exit 3), and no header of its own reaches the Hub.
run env HUGGING_FACE_HUB_TOKEN="$TOK_CI"$'\r\nX-Injected:1\r\n' "$HF_AUTH" whoami
assert_rc 3
$PY - "$FAKEHUB_DIR/requests.jsonl" "$TOK_CI" <<'EOF' || fail "the CR/LF reached the request: $(cat "$FAKEHUB_DIR/requests.jsonl")"
import json, sys
reqs = [json.loads(l) for l in open(sys.argv[1])]
assert len(reqs) == 1, reqs
h = reqs[0]["headers"]
assert "x-injected" not in h, h
assert h["authorization"] == "Bearer " + sys.argv[2] + "X-Injected:1", h
EOF

# --- proxies (an http:// endpoint) ---------------------------------------------
for var in http_proxy HTTP_PROXY all_proxy ALL_PROXY; do
    hub_requests_reset
    run env "$var=http://127.0.0.1:1" "$HF_AUTH" whoami
    [ "$RC" = 4 ] || fail "$var at a closed port: exit $RC, expected 4 (is it honoured?)"
    assert_out_empty
    assert_err_has "error: cannot reach the Hub at $HF_ENDPOINT: "
    assert_err_has "127.0.0.1 port 1 "
    [ "$(requests_in "$FAKEHUB_DIR")" = 0 ] || fail "$var: the Hub was reached directly"
done
for var in no_proxy NO_PROXY; do
    run env http_proxy=http://127.0.0.1:1 "$var=127.0.0.1" "$HF_AUTH" whoami
    [ "$RC" = 0 ] || fail "$var=127.0.0.1 does not bypass the proxy: exit $RC: $ERR"
    assert_out_eq "$WHOAMI_OK"
done
run env http_proxy=http://127.0.0.1:1 no_proxy='*' "$HF_AUTH" whoami
assert_rc 0
# https_proxy is for https:// only (as in Python's requests).
run env https_proxy=http://127.0.0.1:1 "$HF_AUTH" whoami
assert_rc 0
# A working proxy: the second fake Hub gets the request in proxy form and
# answers it; the Hub itself sees nothing.
hub_requests_reset
: >"$HUB2_DIR/requests.jsonl"
run env http_proxy="http://127.0.0.1:$HUB2_PORT" "$HF_AUTH" whoami
assert_rc 0
assert_out_eq "$WHOAMI_OK"
[ "$(requests_in "$FAKEHUB_DIR")" = 0 ] || fail "the Hub was reached around the proxy"
$PY - "$HUB2_DIR/requests.jsonl" "$HF_ENDPOINT" "$TOK_WORK" <<'EOF' || fail "the proxy did not get the request: $(cat "$HUB2_DIR/requests.jsonl")"
import json, sys
reqs = [json.loads(l) for l in open(sys.argv[1])]
assert len(reqs) == 1, reqs
r = reqs[0]
assert r["path"] == "/api/whoami-v2", r
assert r["headers"]["host"] == sys.argv[2].split("//", 1)[1], r
assert r["headers"]["authorization"] == "Bearer " + sys.argv[3], r
EOF
snap_check "$HF_DIR"

echo "test-hub-faults: all passed"
