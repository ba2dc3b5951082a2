#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/cmd/test-fakehub.sh - self-test of the fake Hub (tests/fakehub.py),
# so that a failure elsewhere is never the fake's fault.
#
# The shell part runs the hubs (start, TLS, SIGTERM, lifetime); the requests
# and their checks run in one Python process, as a Python start per request
# would make this test slow.
. "$HFA_SRC/tests/lib.sh"
FAKEHUB=$HFA_SRC/tests/fakehub.py

# Extra hubs beside the one start_fakehub runs: start_hub DIR ARGS...
# sets HUB_PID and HUB_PORT; every one is killed on exit.
HUB_PIDS=
start_hub() {
    local dir=$1; shift
    mkdir -p "$dir"
    python3 "$FAKEHUB" --state-dir "$dir" --port-file "$dir/port" "$@" \
        >"$dir/server.log" 2>&1 &
    HUB_PID=$!
    HUB_PIDS="$HUB_PIDS $HUB_PID"
    for _ in $(seq 1 100); do [ -s "$dir/port" ] && break; sleep 0.05; done
    [ -s "$dir/port" ] || { cat "$dir/server.log" >&2; fail "hub in $dir did not start"; }
    HUB_PORT=$(cat "$dir/port")
}
_stop_hubs() {
    local pid
    for pid in $HUB_PIDS; do kill "$pid" 2>/dev/null; done
    _hfa_cleanup
}
trap _stop_hubs EXIT

run python3 "$FAKEHUB" make-test-ca "$T/ca"
[ "$RC" = 77 ] && skip "openssl missing"
assert_rc 0
for f in ca.pem server.pem server.key; do [ -s "$T/ca/$f" ] || fail "make-test-ca: no $f"; done

start_fakehub --max-seconds 60
start_hub "$T/tls" --max-seconds 30 --tls-cert "$T/ca/server.pem" --tls-key "$T/ca/server.key"
TLS_PID=$HUB_PID
export TLS_PORT=$HUB_PORT CA=$T/ca/ca.pem
export TOK_WORK TOK_PERSONAL TOK_CI TOK_NONAME TOK_ORG TOK_BAD

cat >"$T/selftest.py" <<'EOF'
import concurrent.futures, http.client, json, os, ssl, time
import urllib.error, urllib.request

E = os.environ
HUB = E["FAKEHUB_DIR"]
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def req(method, path, token=None, form=None, timeout=5, endpoint=None, ca=None):
    """One request; (status, headers, body bytes); redirects not followed."""
    # A TLS context is costly (64 at once in the concurrency check): only for https.
    ctx = ssl.create_default_context(cafile=ca) if endpoint and endpoint.startswith("https:") else None
    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=ctx))
    r = urllib.request.Request((endpoint or E["HF_ENDPOINT"]) + path, method=method,
                               data=form.encode() if form is not None else None)
    if token:
        r.add_header("Authorization", "Bearer " + token)
    try:
        with opener.open(r, timeout=timeout) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def get_json(method, path, token=None, form=None, status=200, **kw):
    got, _, body = req(method, path, token, form, **kw)
    assert got == status, (path, got, body[:300])
    return json.loads(body)


def whoami(token, **kw):
    return get_json("GET", "/api/whoami-v2", token, **kw)


def poll(code):
    return req("POST", "/oauth/token", form=f"grant_type={DEVICE_GRANT}&client_id=cid&device_code={code}")


def refresh(token):
    return req("POST", "/oauth/token", form=f"grant_type=refresh_token&client_id=cid&refresh_token={token}")


def state(name, obj):
    with open(os.path.join(HUB, name), "w") as f:
        json.dump(obj, f)


def last_request():
    with open(os.path.join(HUB, "requests.jsonl")) as f:
        return json.loads(f.readlines()[-1])


def error(resp):
    return resp[0], json.loads(resp[2])["error"]


CREATED = "2024-05-01T10:00:00.000Z"
INVALID = b'{"error": "Invalid credentials in Authorization header"}'

# --- whoami-v2 -------------------------------------------------------------
d = whoami(E["TOK_WORK"])
assert (d["type"], d["name"], d["fullname"]) == ("user", "alice", "Alice Example"), d
assert len(d["id"]) == 24 and int(d["id"], 16) >= 0 and d["avatarUrl"].startswith("https://"), d
assert d["email"] and (d["emailVerified"], d["canPay"], d["periodEnd"], d["isPro"]) == (True, False, None, False), d
assert [o["name"] for o in d["orgs"]] == ["acme", "bigco"], d
assert d["orgs"][0]["type"] == "org" and d["orgs"][0]["roleInOrg"] == "write", d
assert d["auth"] == {"type": "access_token", "accessToken": {
    "displayName": "work", "role": "write", "createdAt": CREATED}}, d
_, headers, _ = req("GET", "/api/whoami-v2", E["TOK_WORK"])
assert headers["Content-Type"] == "application/json; charset=utf-8", headers
d = whoami(E["TOK_PERSONAL"])["auth"]["accessToken"]
assert (d["displayName"], d["role"]) == ("personal", "read"), d
d = whoami(E["TOK_CI"])
assert d["name"] == "bob" and d["orgs"] == [], d
assert d["auth"]["accessToken"]["role"] == "fineGrained", d
assert d["auth"]["accessToken"]["fineGrained"]["canReadGatedRepos"] is True, d
d = whoami(E["TOK_NONAME"])
assert d["name"] == "carol" and "displayName" not in d["auth"]["accessToken"], d
d = whoami(E["TOK_ORG"])
assert (d["type"], d["name"]) == ("org", "acme"), d
for token in (E["TOK_BAD"], None):
    assert req("GET", "/api/whoami-v2", token)[::2] == (401, INVALID)
# A token in the query string is recorded but never accepted.
assert req("GET", "/api/whoami-v2?token=" + E["TOK_WORK"])[0] == 401
d = last_request()
assert d["path"] == "/api/whoami-v2" and d["query"] == "token=" + E["TOK_WORK"], d
assert "authorization" not in d["headers"], d

# --- tokens.json: added and revoked tokens ------------------------------------
state("tokens.json", {"hf_newToken": {"name": "dave", "displayName": "x]\ny"}, E["TOK_WORK"]: None})
d = whoami("hf_newToken")
assert (d["name"], d["fullname"]) == ("dave", "dave"), d
assert d["auth"]["accessToken"] == {"displayName": "x]\ny", "role": "read", "createdAt": CREATED}, d
assert req("GET", "/api/whoami-v2", E["TOK_WORK"])[0] == 401
assert whoami(E["TOK_PERSONAL"])["name"] == "alice"
os.unlink(os.path.join(HUB, "tokens.json"))
whoami(E["TOK_WORK"])

# --- requests.jsonl ------------------------------------------------------------
d = last_request()
assert d["method"] == "GET" and d["headers"]["authorization"] == "Bearer " + E["TOK_WORK"], d
assert d["form"] is None and d["time"] > 0, d
req("POST", "/oauth/device", form="client_id=a%20b&x=1")
d = last_request()
assert (d["method"], d["path"], d["form"]) == ("POST", "/oauth/device", {"client_id": "a b", "x": "1"}), d

# --- mode.json -------------------------------------------------------------------
state("mode.json", {"whoami": {"status": 500}})
assert req("GET", "/api/whoami-v2", E["TOK_WORK"])[::2] == (500, b'{"error": "Internal Server Error"}')
state("mode.json", {"whoami": {"status": 429, "retry_after": 3, "body": "slow down",
                               "headers": {"X-Test": "yes"}}})
status, headers, body = req("GET", "/api/whoami-v2", E["TOK_WORK"])
assert (status, body, headers["Retry-After"], headers["X-Test"]) == (429, b"slow down", "3", "yes")
state("mode.json", {"device": {"status": 503}})     # other endpoints unaffected
whoami(E["TOK_WORK"])

state("mode.json", {"whoami": {"delay": 0.4}})
start = time.monotonic()
whoami(E["TOK_WORK"])
assert time.monotonic() - start >= 0.4, "delay not applied"

state("mode.json", {"whoami": {"hang": True}})
try:
    req("GET", "/api/whoami-v2", E["TOK_WORK"], timeout=0.3)
    raise AssertionError("hang answered")
except TimeoutError:
    pass

state("mode.json", {"whoami": {"badjson": True}})
status, _, body = req("GET", "/api/whoami-v2", E["TOK_WORK"])
assert status == 200, status
try:
    json.loads(body)
    raise AssertionError("badjson body parses")
except ValueError:
    pass

state("mode.json", {"whoami": {"truncate": True}})
try:
    req("GET", "/api/whoami-v2", E["TOK_WORK"])
    raise AssertionError("truncated body read whole")
except http.client.IncompleteRead:
    pass

state("mode.json", {"whoami": {"huge": 3000000}})
status, _, body = req("GET", "/api/whoami-v2", E["TOK_WORK"])
assert status == 200 and len(body) == 3000000 and json.loads(body)["name"] == "alice"

state("mode.json", {"whoami": {"nested": 5000}})
assert req("GET", "/api/whoami-v2", E["TOK_WORK"])[::2] == (200, b"[" * 5000 + b"]" * 5000)

state("mode.json", {"whoami": {"redirect": "http://127.0.0.1:9/elsewhere"}})
status, headers, _ = req("GET", "/api/whoami-v2", E["TOK_WORK"])
assert (status, headers["Location"]) == (302, "http://127.0.0.1:9/elsewhere")

state("mode.json", {"whoami": {"missing": ["name", "orgs"]}})
d = whoami(E["TOK_WORK"])
assert "name" not in d and "orgs" not in d and d["auth"]["accessToken"]["role"] == "write", d

with open(os.path.join(HUB, "mode.json"), "w") as f:
    f.write('{"whoami": ')
status, _, body = req("GET", "/api/whoami-v2", E["TOK_WORK"])
assert status == 500 and b"bad state file" in body, (status, body)
os.unlink(os.path.join(HUB, "mode.json"))

assert req("GET", "/api/nothing-here", E["TOK_WORK"])[0] == 404
assert req("GET", "/oauth/token")[0] == 404

# --- device-code flow and refresh -------------------------------------------------
state("oauth.json", {"interval": 1, "expires_in": 30, "pending": 2})
d = get_json("POST", "/oauth/device", form="client_id=26be6b09-91c5-47da-9861-d2d2bb7a7e36")
assert (d["user_code"], d["interval"], d["expires_in"]) == ("ABCD-EFGH", 1, 30), d
assert d["verification_uri"] == E["HF_ENDPOINT"] + "/oauth/device", d
assert d["verification_uri_complete"] == E["HF_ENDPOINT"] + "/oauth/device?user_code=ABCD-EFGH", d
code = d["device_code"]
assert error(req("POST", "/oauth/device", form="x=1")) == (400, "invalid_client")
assert error(req("POST", "/oauth/token", form=f"grant_type={DEVICE_GRANT}&device_code={code}")) \
    == (400, "invalid_client")
assert error(poll(code)) == (400, "authorization_pending")
assert error(poll(code)) == (400, "authorization_pending")
status, _, body = poll(code)
d = json.loads(body)
assert status == 200 and d["access_token"].startswith("hf_oauth_"), d
assert d["refresh_token"].startswith("hf_oauth_refresh_"), d
assert d["token_type"] == "bearer" and d["expires_in"] == 28800 and "openid" in d["scope"], d
access, refresh_token = d["access_token"], d["refresh_token"]
assert error(poll(code)) == (400, "invalid_grant")       # a code gives one login
d = whoami(access)
assert d["name"] == "alice" and d["auth"]["accessToken"] == {"role": "write", "createdAt": CREATED}, d

# Refresh with rotation: a new pair, and the old refresh token is spent.
status, _, body = refresh(refresh_token)
d = json.loads(body)
assert status == 200 and d["access_token"] != access and d["refresh_token"] != refresh_token, d
whoami(d["access_token"])
assert error(refresh(refresh_token)) == (400, "invalid_grant")
with open(os.path.join(HUB, "issued.json")) as f:
    d = json.load(f)["refresh"][refresh_token]
assert (d["spent"], d["grants"], d["attempts"]) == (True, 1, 2), d

# Without rotation the refresh token stays usable and no new one is given.
state("oauth.json", {"rotate": False})
d = get_json("POST", "/oauth/device", form="client_id=cid")
d = json.loads(poll(d["device_code"])[2])
for _ in range(2):
    status, _, body = refresh(d["refresh_token"])
    assert status == 200 and "refresh_token" not in json.loads(body), body

# Other outcomes, in their phases; fields left out of the device answer.
state("oauth.json", {"transient": 1, "slow_down": 1, "outcome": "denied",
                     "interval": None, "omit_complete": True})
d = get_json("POST", "/oauth/device", form="client_id=cid")
assert "interval" not in d and "verification_uri_complete" not in d and d["expires_in"] == 900, d
code = d["device_code"]
assert error(poll(code)) == (503, "Service Unavailable")
assert error(poll(code)) == (400, "slow_down")
assert error(poll(code)) == (400, "access_denied")
assert error(poll(code)) == (400, "access_denied")
state("oauth.json", {"expires_in": 0, "pending": 5})
code = get_json("POST", "/oauth/device", form="client_id=cid")["device_code"]
time.sleep(0.01)
assert error(poll(code)) == (400, "expired_token")

# A user chosen by name, no refresh token, a short lifetime.
state("oauth.json", {"user": "bob", "refresh_token": False, "expires_in_token": 60})
code = get_json("POST", "/oauth/device", form="client_id=cid")["device_code"]
d = json.loads(poll(code)[2])
assert "refresh_token" not in d and d["expires_in"] == 60, d
d = whoami(d["access_token"])
assert d["name"] == "bob" and d["auth"]["accessToken"]["role"] == "write", d
state("oauth.json", {"expires_in_token": 0})             # an expired OAuth token
code = get_json("POST", "/oauth/device", form="client_id=cid")["device_code"]
assert req("GET", "/api/whoami-v2", json.loads(poll(code)[2])["access_token"])[0] == 401
state("oauth.json", {"refresh_outcome": "status:503"})
assert refresh("x")[0] == 503
os.unlink(os.path.join(HUB, "oauth.json"))

# --- 64 clients at once ----------------------------------------------------------
state("mode.json", {"whoami": {"delay": 0.5}})
start = time.monotonic()
with concurrent.futures.ThreadPoolExecutor(64) as pool:
    statuses = list(pool.map(lambda _: req("GET", "/api/whoami-v2", E["TOK_WORK"], timeout=10)[0],
                             range(64)))
assert statuses == [200] * 64, statuses
assert time.monotonic() - start < 2.5, "64 concurrent requests were not served at once"
os.unlink(os.path.join(HUB, "mode.json"))

# --- TLS ----------------------------------------------------------------------------
for host in ("127.0.0.1", "localhost"):
    endpoint = f"https://{host}:{E['TLS_PORT']}"
    assert whoami(E["TOK_WORK"], endpoint=endpoint, ca=E["CA"])["name"] == "alice"
try:
    req("GET", "/api/whoami-v2", E["TOK_WORK"], endpoint=f"https://127.0.0.1:{E['TLS_PORT']}")
    raise AssertionError("TLS hub accepted without its CA")
except urllib.error.URLError as e:
    assert isinstance(e.reason, ssl.SSLCertVerificationError), e
d = get_json("POST", "/oauth/device", form="client_id=cid",
             endpoint=f"https://127.0.0.1:{E['TLS_PORT']}", ca=E["CA"])
assert d["verification_uri"] == f"https://127.0.0.1:{E['TLS_PORT']}/oauth/device", d
EOF
run python3 "$T/selftest.py"
assert_rc 0

# Nothing on stdout or stderr (no access log) from either hub, but the one
# error about the broken mode.json.
grep -q "^fakehub: $FAKEHUB_DIR/mode.json: " "$FAKEHUB_DIR/server.log" || fail "bad mode.json not reported"
grep -v "^fakehub: $FAKEHUB_DIR/mode.json: " "$FAKEHUB_DIR/server.log" >"$T/main.log"
for log in "$T/main.log" "$T/tls/server.log"; do
    [ -s "$log" ] && fail "$log: $(head -c 500 "$log")"
done

kill -TERM "$TLS_PID"
wait "$TLS_PID" || fail "hub did not exit cleanly on SIGTERM"

start_hub "$T/short" --max-seconds 0.3
wait "$HUB_PID" || fail "hub did not exit cleanly after --max-seconds"
[ -s "$T/short/port" ] || fail "no port file"

echo "fakehub self-test passed"
