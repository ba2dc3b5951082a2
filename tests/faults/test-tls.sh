#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/faults/test-tls.sh - HTTPS to a Hub with a private CA
# (docs/security.md, "The network": "HTTPS verified always; a private CA
# only through the CA-bundle variables"; docs/design.md, "The Hub").
#
# The fake Hub serves TLS with a certificate for 127.0.0.1 and localhost
# from a test CA (fakehub.py make-test-ca); a second one serves a
# certificate of another test CA for another name only.
#   - no CA variable: exit 4, the message says the certificate could not be
#     verified and names the variables; no request reached the Hub;
#   - SSL_CERT_FILE, CURL_CA_BUNDLE or REQUESTS_CA_BUNDLE naming the CA:
#     whoami and login work (also as https://localhost);
#   - the right CA but a certificate for another name, a bundle of another
#     CA, a bundle file that does not exist: refused, exit 4;
#   - https_proxy/HTTPS_PROXY at a closed port: exit 4 (honoured for
#     https://); no_proxy bypasses it; http_proxy is not used for https.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"
. "$HFA_SRC/tests/faults/faultlib.sh"
command -v openssl >/dev/null || skip "no openssl command to make a test CA"
CA=$T/ca
python3 "$HFA_SRC/tests/fakehub.py" make-test-ca "$CA" >"$T/ca.log" 2>&1 ||
    fail "make-test-ca: $(cat "$T/ca.log")"
start_fakehub --tls-cert "$CA/server.pem" --tls-key "$CA/server.key"
export HF_ENDPOINT=https://127.0.0.1:$FAKEHUB_PORT
ALL_TOKS="$TOK_WORK $TOK_PERSONAL $TOK_CI"
no_token_shown() {
    local t
    for t in $ALL_TOKS; do assert_secret_absent "$t"; done
}
who_ok() {   # the endpoint
    printf 'user: alice\norgs: acme, bigco\ntoken: work (write)\nendpoint: %s\n' "$1"
}
CERT_MSG="its TLS certificate could not be verified"
CERT_HINT="for a private CA, name its bundle in SSL_CERT_FILE or REQUESTS_CA_BUNDLE"

# --- no CA given: refused, and nothing was sent -------------------------------
hub_requests_reset
run env HF_TOKEN="$TOK_WORK" "$HF_AUTH" whoami
assert_rc 4
assert_out_empty
assert_err_has "error: cannot reach the Hub at $HF_ENDPOINT: $CERT_MSG"
assert_err_has "$CERT_HINT"
no_token_shown
run "$HF_AUTH" login --token "$TOK_WORK"
assert_rc 4
assert_err_has "$CERT_MSG"
assert_err_has "Nothing was saved."
assert_missing "$HF_DIR/token"
[ "$(requests_in "$FAKEHUB_DIR")" = 0 ] ||
    fail "a request went through an unverified connection: $(cat "$FAKEHUB_DIR/requests.jsonl")"

# --- each CA variable -----------------------------------------------------------
for var in SSL_CERT_FILE CURL_CA_BUNDLE REQUESTS_CA_BUNDLE; do
    run env "$var=$CA/ca.pem" HF_TOKEN="$TOK_WORK" "$HF_AUTH" whoami
    [ "$RC" = 0 ] || fail "$var: exit $RC: $ERR"
    assert_out_eq "$(who_ok "$HF_ENDPOINT")
"
    run env "$var=$CA/ca.pem" HF_ENDPOINT="https://localhost:$FAKEHUB_PORT" HF_TOKEN="$TOK_WORK" "$HF_AUTH" whoami
    [ "$RC" = 0 ] || fail "$var, https://localhost: exit $RC: $ERR"
done
run env REQUESTS_CA_BUNDLE="$CA/ca.pem" "$HF_AUTH" login --token "$TOK_WORK"
assert_rc 0
assert_file_eq "$HF_DIR/token" "$TOK_WORK"
run env SSL_CERT_FILE="$CA/ca.pem" "$HF_AUTH" status --check
assert_rc 0
assert_out_has "hub check:     accepted (user alice)"
snap_take "$HF_DIR"

# --- what must be refused ---------------------------------------------------------
# Another test CA and a certificate for another name only.
O=$T/other
mkdir -p "$O"
printf 'basicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature\nextendedKeyUsage = serverAuth\nsubjectAltName = DNS:not-this-host.invalid\n' >"$O/ext"
EC="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
# shellcheck disable=SC2086
{ openssl req -x509 $EC -keyout "$O/ca.key" -out "$O/ca.pem" -days 30 \
      -subj "/CN=hfauth other test CA" -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign" &&
  openssl req -new $EC -keyout "$O/server.key" -out "$O/server.csr" -subj "/CN=not-this-host.invalid" &&
  openssl x509 -req -in "$O/server.csr" -CA "$O/ca.pem" -CAkey "$O/ca.key" \
      -set_serial 4242 -days 30 -extfile "$O/ext" -out "$O/server.pem"; } >"$O/log" 2>&1 ||
    fail "openssl: $(cat "$O/log")"
start_hub2 wronghost --tls-cert "$O/server.pem" --tls-key "$O/server.key"
WRONG=https://127.0.0.1:$HUB2_PORT
refused() {   # WHAT ENV...
    local what=$1; shift
    run env "$@" "$HF_AUTH" whoami
    [ "$RC" = 4 ] || fail "$what: exit $RC, expected 4: $ERR"
    assert_out_empty
    assert_err_has "$CERT_MSG"
    no_token_shown
    run env "$@" "$HF_AUTH" login --token "$TOK_CI"
    [ "$RC" = 4 ] || fail "$what: login exit $RC, expected 4"
    snap_check "$HF_DIR"
}
refused "a certificate for another name" HF_ENDPOINT="$WRONG" SSL_CERT_FILE="$O/ca.pem"
[ "$(requests_in "$HUB2_DIR")" = 0 ] || fail "the host with the wrong name got a request"
refused "the bundle of another CA" SSL_CERT_FILE="$O/ca.pem"
refused "the bundle of another CA (REQUESTS_CA_BUNDLE)" REQUESTS_CA_BUNDLE="$O/ca.pem"
# The first variable set wins, as in the library (SSL_CERT_FILE first).
refused "SSL_CERT_FILE of another CA before a right REQUESTS_CA_BUNDLE" \
    SSL_CERT_FILE="$O/ca.pem" REQUESTS_CA_BUNDLE="$CA/ca.pem"
run env SSL_CERT_FILE="$T/no-such-bundle.pem" "$HF_AUTH" whoami
assert_rc 4
assert_out_empty
assert_err_has "error: cannot reach the Hub at $HF_ENDPOINT: "
assert_err_has "$T/no-such-bundle.pem"
no_token_shown

# --- proxies for https:// ------------------------------------------------------------
export SSL_CERT_FILE=$CA/ca.pem
for var in https_proxy HTTPS_PROXY; do
    hub_requests_reset
    run env "$var=http://127.0.0.1:1" "$HF_AUTH" whoami
    [ "$RC" = 4 ] || fail "$var at a closed port: exit $RC, expected 4 (is it honoured?)"
    assert_err_has "error: cannot reach the Hub at $HF_ENDPOINT: "
    assert_err_has "127.0.0.1 port 1 "
    [ "$(requests_in "$FAKEHUB_DIR")" = 0 ] || fail "$var: the Hub was reached directly"
    run env "$var=http://127.0.0.1:1" no_proxy=127.0.0.1 "$HF_AUTH" whoami
    [ "$RC" = 0 ] || fail "no_proxy does not bypass $var: exit $RC: $ERR"
done
run env http_proxy=http://127.0.0.1:1 "$HF_AUTH" whoami
assert_rc 0
assert_out_eq "$(who_ok "$HF_ENDPOINT")
"
snap_check "$HF_DIR"

echo "test-tls: all passed"
