#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/cmd/test-plain-http.sh - no token over plain http off the loopback
# (docs/design.md, "The Hub"; docs/security.md, "Untrusted text":
# credentials go where they came from, CVE-2018-1000007 and CVE-2020-5260
# being that mistake in curl and git).
# An http:// endpoint that is not 127.0.0.0/8, ::1 or localhost is refused
# with a message before any connection is attempted (strace shows no
# connect()), for every command that would send or fetch a token: whoami,
# login with a token or through the browser, status --check, the refresh
# (to the entry's recorded Hub) and git's credential helper.
# HFAUTH_ALLOW_HTTP=1 lets it through: shown through a proxy on the
# loopback, so that no packet leaves the machine.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"
start_fakehub
HUB=$HF_ENDPOINT
FAR=http://192.0.2.1
STORE=$HF_DIR/stored_tokens
refused() {   # ENDPOINT: the message for it
    echo "error: the Hub endpoint $1 is plain http: a token sent there would cross the network unencrypted; use https://, or set HFAUTH_ALLOW_HTTP=1 to allow it"
}

# strace, when this machine lets us use it, shows that no connection was
# even tried; without it the message and the fake Hub's silence must do.
STRACE=
if strace -f -o /dev/null true 2>/dev/null; then
    STRACE=strace
else
    echo "note: strace cannot trace here; checking messages only"
fi
traced() {   # CMD...: run under strace when there is one
    if [ -n "$STRACE" ]; then
        # LeakSanitizer cannot run under ptrace (the sanitizer build).
        run env ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" \
            strace -f -qq -e trace=connect -o "$T/trace" "$@"
    else
        : >"$T/trace"
        run "$@"
    fi
}
no_inet_connect() {
    ! grep -q 'AF_INET' "$T/trace" ||
        fail "a connection was attempted: $(grep AF_INET "$T/trace")"
}

mkdir -p "$HF_DIR"
printf '[work]\nhf_token = %s\n\n' "$TOK_WORK" >"$STORE"
printf '%s' "$TOK_WORK" >"$HF_DIR/token"
chmod 600 "$STORE" "$HF_DIR/token"
hub_requests_reset

# --- refused, before any connection --------------------------------------
for endpoint in "$FAR" "$FAR:8080/" "http://127.0.0.1@192.0.2.1" \
                "http://192.0.2.1/127.0.0.1" "http://localhost.example" \
                "http://127.0.0.1.example" "http://[::2]:80"; do
    HF_ENDPOINT=$endpoint traced "$HF_AUTH" whoami
    assert_rc 1
    assert_out_empty
    assert_err_eq "$(refused "${endpoint%/}")
"
    no_inet_connect
done
# Only "1" allows it.
HF_ENDPOINT=$FAR HFAUTH_ALLOW_HTTP=yes traced "$HF_AUTH" whoami
assert_rc 1
assert_err_eq "$(refused "$FAR")
"
export HF_ENDPOINT=$FAR
for cmd in "login --token $TOK_PERSONAL" "login --force" "status --check"; do
    # shellcheck disable=SC2086
    traced "$HF_AUTH" $cmd
    assert_rc 1
    case $cmd in
    status*) assert_out_has "hub check:     $(refused "$FAR" | sed 's/^error: //')" ;;
    *) assert_err_has "$(refused "$FAR")" ;;
    esac
    assert_err_lacks "$TOK_PERSONAL"
    no_inet_connect
done
[ "$(cat "$HF_DIR/token")" = "$TOK_WORK" ] || fail "the token file changed"

# The refresh token goes to the Hub that issued it: a plain-http one is
# refused too, and the token in hand is used.
unset HF_ENDPOINT
printf '[oauth-alice]\nhf_token = hf_oauth_access0000001\nrefresh_token = hf_oauth_refresh_000001\nexpires_at = %s\nendpoint = %s\n\n' \
    "$(($(date +%s) + 600))" "$FAR" >"$STORE"
printf 'hf_oauth_access0000001' >"$HF_DIR/token"
snap_take "$HF_DIR"
traced "$HF_AUTH" token
assert_rc 0
assert_out_eq "hf_oauth_access0000001
"
assert_err_eq "warning: $(refused "$FAR" | sed 's/^error: //')
"
no_inet_connect
snap_check "$HF_DIR"

# git would send an approved credential to the endpoint's URL.
git config --global credential.helper "store --file $T/creds"
printf '[work]\nhf_token = %s\n\n' "$TOK_WORK" >"$STORE"
HF_ENDPOINT=$FAR run "$HF_AUTH" switch work --add-to-git-credential
assert_rc 0
assert_err_has "warning: $(refused "$FAR" | sed 's/^error: //')"
[ ! -s "$T/creds" ] || fail "git got the token: $(cat "$T/creds")"
git config --global --unset credential.helper
[ ! -s "$FAKEHUB_DIR/requests.jsonl" ] || fail "the Hub was asked: $(cat "$FAKEHUB_DIR/requests.jsonl")"

# --- the loopback is fine --------------------------------------------------
PORT=${HUB##*:}
for endpoint in "http://127.0.0.1:$PORT" "http://localhost:$PORT/" \
                "http://LOCALHOST:$PORT"; do
    HF_ENDPOINT=$endpoint run "$HF_AUTH" whoami
    assert_rc 0
    assert_out_has "alice"
done
# Not refused by the rule: nothing listens there, so the Hub cannot be
# reached (exit 4), which is another message.
for endpoint in "http://127.8.9.10:$PORT" "http://[::1]:$PORT"; do
    HF_ENDPOINT=$endpoint run "$HF_AUTH" whoami
    assert_rc 4
    assert_err_has "cannot reach the Hub at $endpoint"
done

# --- HFAUTH_ALLOW_HTTP=1 ------------------------------------------------------
# Through the fake Hub as an http proxy: the request names 192.0.2.1, the
# connection goes to the loopback.
hub_requests_reset
HF_ENDPOINT=$FAR HFAUTH_ALLOW_HTTP=1 http_proxy=$HUB traced "$HF_AUTH" whoami
assert_rc 0
assert_out_has "alice"
if [ -n "$STRACE" ]; then
    grep -q 'inet_addr("127.0.0.1")' "$T/trace" || fail "no connection to the proxy: $(cat "$T/trace")"
    ! grep -q '192.0.2.1' "$T/trace" || fail "connected to $FAR"
fi
$PY - "$FAKEHUB_DIR/requests.jsonl" <<'EOF' || fail "the proxied request: $(cat "$FAKEHUB_DIR/requests.jsonl")"
import json, sys
(r,) = [json.loads(line) for line in open(sys.argv[1])]
assert r["path"] == "/api/whoami-v2" and r["headers"]["host"] == "192.0.2.1", r
EOF
echo "test-plain-http: all passed"
