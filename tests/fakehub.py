#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""tests/fakehub.py - a fake Hugging Face Hub for the hfauth tests.

    fakehub.py --state-dir DIR --port-file FILE [--port N] [--max-seconds S]
               [--tls-cert CERT --tls-key KEY] [--verbose]
    fakehub.py make-test-ca DIR

Python standard library only.  Listens on 127.0.0.1 only and serves
GET /api/whoami-v2, POST /oauth/device and POST /oauth/token shaped like
https://huggingface.co; anything else is a 404.  It writes the bound port
to FILE (atomically) once listening, and exits on SIGTERM or after
--max-seconds (default 600) so a leaked server never lingers.

Everything a test controls lives in the state directory and is re-read on
every request (no caching):

    tokens.json     {token: profile or null} merged over BUILTIN_TOKENS;
                    null removes a token (a revoked one).  See full_profile().
    mode.json       {"whoami"|"device"|"token": behaviour}: see misbehave().
    oauth.json      the device-code and refresh flows: see OAUTH_DEFAULTS.

and what the hub writes there for the tests to read:

    requests.jsonl  one JSON object per request (method, path, query,
                    headers with Authorization verbatim, form, time).
    issued.json     device codes, OAuth access tokens and refresh tokens
                    (with "grants"/"attempts" counts per refresh token).

make-test-ca writes DIR/ca.pem, DIR/server.pem and DIR/server.key: a test
CA and a certificate for 127.0.0.1 and localhost signed by it (needs the
openssl command; exits 77 without it).
"""

import argparse
import contextlib
import fcntl
import hashlib
import http
import json
import os
import secrets
import select
import shutil
import signal
import socketserver
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

LISTEN_ADDRESS = "127.0.0.1"
MAX_BODY = 1 << 20            # bytes of request body we accept
HANDSHAKE_TIMEOUT = 10        # seconds for a client to finish a TLS handshake
IDLE_TIMEOUT = 60             # seconds a kept-alive connection may sit idle
CREATED_AT = "2024-05-01T10:00:00.000Z"
USER_CODE = "ABCD-EFGH"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
OAUTH_SCOPE = "openid profile read-repos write-repos manage-repos inference-api"

# Must match the TOK_* constants at the end of tests/lib.sh.
_ALICE = {"name": "alice", "fullname": "Alice Example", "orgs": ["acme", "bigco"]}
BUILTIN_TOKENS = {
    "hf_aliceWriteToken0001": {**_ALICE, "displayName": "work", "role": "write"},
    "hf_aliceReadToken00002": {**_ALICE, "displayName": "personal", "role": "read"},
    "hf_bobFineGrained00003": {"name": "bob", "fullname": "Bob Example",
                               "displayName": "ci token", "role": "fineGrained"},
    "hf_noDisplayName000004": {"name": "carol", "fullname": "Carol Example",
                               "role": "read"},
    "api_org_acmeOrgToken0005": {"name": "acme", "type": "org",
                                 "fullname": "Acme", "role": "write"},
}

# oauth.json keys and their defaults.  The device-token endpoint answers the
# polls of one device code in phases: first `transient` polls get 503, the
# next `slow_down` polls slow_down, the next `pending` polls
# authorization_pending, then `outcome`.  A code older than `expires_in`
# always gets expired_token.  `interval` or `expires_in` set to null are left
# out of the /oauth/device answer (the client must then use its defaults).
OAUTH_DEFAULTS = {
    "interval": 5,
    "expires_in": 900,
    "omit_complete": False,       # leave out verification_uri_complete
    "verification_uri": None,     # another address (null: this hub's)
    "transient": 0,
    "slow_down": 0,
    "pending": 0,
    "outcome": "success",         # or "denied", "expired"
    "user": "alice",              # user name, token from the table, or profile
    "refresh_token": True,        # device grant also gives a refresh token
    "expires_in_token": 28800,    # lifetime of the OAuth access tokens
    "rotate": True,               # refresh gives a new refresh token, spends the old
    "refresh_outcome": "success",  # or "invalid_grant", "status:NNN"
}

ENDPOINTS = {
    ("GET", "/api/whoami-v2"): "whoami",
    ("POST", "/oauth/device"): "device",
    ("POST", "/oauth/token"): "token",
}


class StateError(Exception):
    """A state file the test wrote is not valid JSON."""


def load_state(state_dir, name, default):
    """Returns the parsed DIR/name, or default when missing or empty."""
    path = os.path.join(state_dir, name)
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        return default
    # An empty file is what a test sees mid-`echo ... > file`: treat as absent.
    if not text.strip():
        return default
    try:
        return json.loads(text)
    except ValueError as e:
        raise StateError(f"{path}: {e}") from None


def write_atomic(path, text):
    """Writes path through a temporary file in the same folder and a rename."""
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path) or ".",
                               prefix=".fakehub.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


@contextlib.contextmanager
def issued_store(state_dir):
    """Read-modify-write of issued.json.

    flock on a side file serialises writers in this process (each call opens
    its own file description) and in any other hub sharing the directory;
    readers that only look (whoami) rely on the atomic rename instead.
    Nothing is written when the body raises.
    """
    path = os.path.join(state_dir, "issued.json")
    with open(path + ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        data = read_issued(state_dir)
        yield data
        write_atomic(path, json.dumps(data, indent=1) + "\n")


def read_issued(state_dir):
    data = load_state(state_dir, "issued.json", {})
    for key in ("device", "access", "refresh"):
        data.setdefault(key, {})
    return data


def full_profile(p):
    """Fills the defaults of a token profile from tokens.json or the table."""
    return {"type": "user", "fullname": p.get("name"), "orgs": [],
            "displayName": None, "role": "read", **p}


def token_table(state_dir):
    """Built-in tokens with tokens.json over them; null entries removed."""
    table = {**BUILTIN_TOKENS, **load_state(state_dir, "tokens.json", {})}
    return {t: full_profile(p) for t, p in table.items() if p is not None}


def hub_id(name):
    return hashlib.sha1(name.encode()).hexdigest()[:24]


def avatar_url(name):
    return f"https://cdn-avatars.huggingface.co/v1/production/uploads/{hub_id(name)}/avatar.png"


def whoami_body(p):
    """The whoami-v2 answer for a profile, shaped like the real Hub's."""
    token = {}
    if p["displayName"] is not None:
        token["displayName"] = p["displayName"]
    token["role"] = p["role"]
    token["createdAt"] = CREATED_AT
    if p["role"] == "fineGrained":
        token["fineGrained"] = {
            "canReadGatedRepos": True,
            "global": [],
            "scoped": [{
                "entity": {"_id": hub_id(p["name"]), "type": "user", "name": p["name"]},
                "permissions": ["repo.content.read", "repo.write"],
            }],
        }
    auth = {"type": "access_token", "accessToken": token}
    if p["type"] == "org":
        return {"type": "org", "id": hub_id(p["name"]), "name": p["name"],
                "fullname": p["fullname"], "email": None, "canPay": False,
                "periodEnd": None, "avatarUrl": avatar_url(p["name"]), "auth": auth}
    orgs = [{"type": "org", "id": hub_id(o), "name": o, "fullname": o.capitalize(),
             "email": None, "canPay": False, "periodEnd": None,
             "avatarUrl": avatar_url(o), "roleInOrg": "write", "isEnterprise": False}
            for o in p["orgs"]]
    return {"type": "user", "id": hub_id(p["name"]), "name": p["name"],
            "fullname": p["fullname"], "email": f"{p['name']}@example.com",
            "emailVerified": True, "canPay": False, "periodEnd": None,
            "isPro": False, "avatarUrl": avatar_url(p["name"]), "orgs": orgs,
            "auth": auth}


def oauth_profile(user, table):
    """Whom an OAuth login logs in as: oauth.json "user" resolved against the
    token table.  OAuth tokens have no displayName and the write role."""
    if isinstance(user, dict):
        p = full_profile(user)
    elif user in table:
        p = table[user]
    else:
        p = next((p for p in table.values()
                  if p["name"] == user and p["type"] == "user"),
                 full_profile({"name": user}))
    return {**p, "displayName": None, "role": "write"}


def issue_tokens(iss, profile, cfg, with_refresh):
    """Creates an OAuth access token (and a refresh token) in issued.json;
    returns the /oauth/token success body."""
    now = time.time()
    access = "hf_oauth_" + secrets.token_hex(16)
    iss["access"][access] = {"profile": profile,
                             "expires_at": now + cfg["expires_in_token"]}
    body = {"access_token": access, "token_type": "bearer",
            "expires_in": cfg["expires_in_token"], "scope": OAUTH_SCOPE}
    if with_refresh:
        refresh = "hf_oauth_refresh_" + secrets.token_hex(16)
        iss["refresh"][refresh] = {"profile": profile, "spent": False,
                                   "grants": 0, "attempts": 0}
        body["refresh_token"] = refresh
    return body


def error_body(status):
    """The Hub's JSON error for a status it chose not to explain."""
    try:
        return {"error": http.HTTPStatus(status).phrase}
    except ValueError:      # a status Python has no name for, e.g. 599
        return {"error": f"Error {status}"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"   # keep-alive, like the real Hub
    server_version = "fakehub"
    timeout = IDLE_TIMEOUT

    def setup(self):
        # The handshake runs here, in the request's thread, so a client that
        # never finishes it cannot stall the accept loop.
        if isinstance(self.request, ssl.SSLSocket):
            self.request.settimeout(HANDSHAKE_TIMEOUT)
            self.request.do_handshake()
        super().setup()

    def log_message(self, fmt, *args):
        if self.server.verbose:
            super().log_message(fmt, *args)

    def do_GET(self):
        self.dispatch()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    # --- plumbing --------------------------------------------------------

    @property
    def state_dir(self):
        return self.server.state_dir

    def send(self, status, body, headers=None, length=None):
        """Answers with bytes body; headers (and mode.json "headers") may
        override the defaults; length overrides Content-Length."""
        merged = {}
        for name, value in [("Content-Type", "application/json; charset=utf-8"),
                            ("Content-Length", len(body) if length is None else length),
                            *(headers or {}).items(), *self.extra_headers.items()]:
            merged[name.lower()] = (name, str(value))
        self.send_response(status)
        for name, value in merged.values():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def send_json(self, status, obj, headers=None):
        self.send(status, json.dumps(obj).encode(), headers)

    def read_form(self):
        """Reads the body; returns it parsed when it is a form, else None."""
        length = int(self.headers.get("Content-Length") or 0)
        if not 0 <= length <= MAX_BODY:
            raise ValueError(f"Content-Length {length}")
        body = self.rfile.read(length)
        ctype = self.headers.get("Content-Type", "")
        if not ctype.lower().startswith("application/x-www-form-urlencoded"):
            return None
        return dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))

    def record(self, url, form):
        entry = {"method": self.command, "path": url.path, "query": url.query,
                 "headers": {}, "form": form, "time": time.time()}
        for name, value in self.headers.items():
            name = name.lower()
            old = entry["headers"].get(name)
            entry["headers"][name] = value if old is None else f"{old}, {value}"
        line = (json.dumps(entry) + "\n").encode()
        with self.server.log_lock:
            fd = os.open(os.path.join(self.state_dir, "requests.jsonl"),
                         os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line)
            finally:
                os.close(fd)

    def base_url(self):
        scheme = "https" if self.server.tls else "http"
        host = self.headers.get("Host") or f"{LISTEN_ADDRESS}:{self.server.server_port}"
        return f"{scheme}://{host}"

    def dispatch(self):
        self.extra_headers = {}
        url = urlsplit(self.path)
        if "Transfer-Encoding" in self.headers:
            # Clients send small forms with a Content-Length; anything else
            # is a client bug worth seeing, and the body cannot be skipped.
            self.record(url, None)
            self.close_connection = True
            return self.send_json(411, error_body(411))
        try:
            form = self.read_form()
        except ValueError:
            self.record(url, None)
            self.close_connection = True
            return self.send_json(400, {"error": "Bad Content-Length"})
        self.record(url, form)
        endpoint = ENDPOINTS.get((self.command, url.path))
        if endpoint is None:
            return self.send_json(404, error_body(404))
        try:
            behaviour = load_state(self.state_dir, "mode.json", {}).get(endpoint) or {}
            self.extra_headers = behaviour.get("headers", {})
            if not self.misbehave(behaviour):
                getattr(self, "answer_" + endpoint)(form or {}, behaviour)
        except StateError as e:
            print(f"fakehub: {e}", file=sys.stderr)
            self.send_json(500, {"error": f"fakehub: bad state file: {e}"})

    # --- mode.json ---------------------------------------------------------

    def misbehave(self, b):
        """Acts out a mode.json behaviour; True when that answered.

        In this order: "delay" (seconds, then go on), "hang", "redirect"
        (302 to the URL), "status" (with "body", "retry_after", and
        "encoding": the body's, default utf-8; "latin-1" turns each
        "\u0080".."\u00ff" into that one raw byte), "badjson",
        "truncate", "huge" (bytes), "nested" (depth), "drip" (seconds
        between bytes: alice's whoami answer, headers at once, then its body
        one byte at a time).  "headers" are added to any answer; "missing"
        (whoami only) is applied by answer_whoami.
        """
        if "delay" in b:
            time.sleep(float(b["delay"]))
        if b.get("hang"):
            self.hang()
        elif "redirect" in b:
            self.send(302, b"", {"Location": b["redirect"]})
        elif "status" in b:
            status = int(b["status"])
            headers = {}
            if "retry_after" in b:
                headers["Retry-After"] = b["retry_after"]
            body = (b["body"].encode(b.get("encoding", "utf-8")) if "body" in b
                    else json.dumps(error_body(status)).encode())
            self.send(status, body, headers)
        elif b.get("badjson"):
            self.send(200, b'{"type": "user", "name": "alice", "orgs": [{')
        elif b.get("truncate"):
            alice = full_profile(BUILTIN_TOKENS["hf_aliceWriteToken0001"])
            body = json.dumps(whoami_body(alice)).encode()
            self.send(200, body[:len(body) // 2], length=len(body))
            self.close_connection = True
        elif "huge" in b:
            self.send_huge(int(b["huge"]))
        elif "nested" in b:
            depth = int(b["nested"])
            self.send(200, b"[" * depth + b"]" * depth)
        elif "drip" in b:
            self.drip(float(b["drip"]))
        else:
            return False
        return True

    def hang(self):
        """Never answers: waits for the client to go away (its socket turns
        readable at EOF) or for the hub's lifetime to end, then drops it."""
        self.close_connection = True
        while time.monotonic() < self.server.deadline:
            readable, _, _ = select.select([self.connection], [], [], 0.2)
            if readable:
                return

    def drip(self, interval):
        """A valid whoami answer whose body trickles: the headers at once,
        then one byte every interval seconds.  Stops when the client goes
        away (its socket turns readable at EOF), at the body's end, or when
        the hub's lifetime ends, whichever comes first."""
        alice = full_profile(BUILTIN_TOKENS["hf_aliceWriteToken0001"])
        body = json.dumps(whoami_body(alice)).encode()
        self.send(200, b"", length=len(body))
        self.close_connection = True
        for i in range(len(body)):
            if time.monotonic() >= self.server.deadline:
                return
            self.wfile.write(body[i:i + 1])
            readable, _, _ = select.select([self.connection], [], [], interval)
            if readable:
                return

    def send_huge(self, size):
        """A valid JSON object of exactly size bytes (when size allows),
        streamed so a client that gives up early costs nothing."""
        head, tail = b'{"type": "user", "name": "alice", "padding": "', b'"}'
        pad = max(0, size - len(head) - len(tail))
        self.send(200, head, length=len(head) + pad + len(tail))
        chunk = b"x" * 65536
        while pad > 0:
            self.wfile.write(chunk[:pad])
            pad -= len(chunk)
        self.wfile.write(tail)

    # --- endpoints ---------------------------------------------------------

    def bearer_profile(self):
        """The profile of the Authorization: Bearer token, or None.  A token
        in the query string is never accepted (only recorded)."""
        scheme, _, token = self.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return None
        table = token_table(self.state_dir)
        if token in table:
            return table[token]
        issued = read_issued(self.state_dir)["access"].get(token)
        if issued and issued["expires_at"] > time.time():
            return issued["profile"]
        return None

    def answer_whoami(self, form, b):
        profile = self.bearer_profile()
        if profile is None:
            return self.send_json(401, {"error": "Invalid credentials in Authorization header"})
        body = whoami_body(profile)
        for name in b.get("missing", []):
            body.pop(name, None)
        self.send_json(200, body)

    def answer_device(self, form, b):
        if not form.get("client_id"):
            return self.send_json(400, {"error": "invalid_client"})
        cfg = {**OAUTH_DEFAULTS, **load_state(self.state_dir, "oauth.json", {})}
        code = secrets.token_urlsafe(32)
        lifetime = cfg["expires_in"] if cfg["expires_in"] is not None else 900
        with issued_store(self.state_dir) as iss:
            iss["device"][code] = {"state": "pending", "polls": 0,
                                   "expires_at": time.time() + lifetime}
        base = self.base_url()
        body = {"device_code": code, "user_code": USER_CODE,
                "verification_uri": cfg["verification_uri"] or base + "/oauth/device",
                "verification_uri_complete": f"{base}/oauth/device?user_code={USER_CODE}",
                "expires_in": cfg["expires_in"], "interval": cfg["interval"]}
        if cfg["omit_complete"]:
            del body["verification_uri_complete"]
        self.send_json(200, {k: v for k, v in body.items() if v is not None})

    def answer_token(self, form, b):
        if not form.get("client_id"):
            return self.send_json(400, {"error": "invalid_client"})
        cfg = {**OAUTH_DEFAULTS, **load_state(self.state_dir, "oauth.json", {})}
        grant = form.get("grant_type")
        if grant == DEVICE_GRANT:
            status, body = self.device_grant(form, cfg)
        elif grant == "refresh_token":
            status, body = self.refresh_grant(form, cfg)
        else:
            status, body = 400, {"error": "unsupported_grant_type"}
        self.send_json(status, body)

    def device_grant(self, form, cfg):
        """One poll of a device code: (status, body)."""
        final_errors = {"denied": "access_denied", "expired": "expired_token",
                        "used": "invalid_grant"}
        table = token_table(self.state_dir)
        with issued_store(self.state_dir) as iss:
            dev = iss["device"].get(form.get("device_code"))
            if dev is None:
                return 400, {"error": "invalid_grant",
                             "error_description": "unknown device code"}
            if dev["state"] == "pending" and time.time() > dev["expires_at"]:
                dev["state"] = "expired"
            if dev["state"] != "pending":
                return 400, {"error": final_errors[dev["state"]]}
            dev["polls"] += 1
            n = dev["polls"]
            for count, status, body in [
                    (cfg["transient"], 503, error_body(503)),
                    (cfg["slow_down"], 400, {"error": "slow_down"}),
                    (cfg["pending"], 400, {"error": "authorization_pending"})]:
                if n <= count:
                    return status, body
                n -= count
            if cfg["outcome"] in ("denied", "expired"):
                dev["state"] = cfg["outcome"]
                return 400, {"error": final_errors[dev["state"]]}
            dev["state"] = "used"
            profile = oauth_profile(cfg["user"], table)
            return 200, issue_tokens(iss, profile, cfg, cfg["refresh_token"])

    def refresh_grant(self, form, cfg):
        """A refresh_token grant: (status, body).  Counts "attempts" and
        successful "grants" on the refresh token in issued.json."""
        with issued_store(self.state_dir) as iss:
            entry = iss["refresh"].get(form.get("refresh_token"))
            if entry is not None:
                entry["attempts"] += 1
            outcome = cfg["refresh_outcome"]
            if outcome.startswith("status:"):
                status = int(outcome.split(":", 1)[1])
                return status, error_body(status)
            if entry is None or entry["spent"] or outcome == "invalid_grant":
                return 400, {"error": "invalid_grant",
                             "error_description": "refresh token unknown, spent or revoked"}
            entry["grants"] += 1
            entry["spent"] = cfg["rotate"]
            return 200, issue_tokens(iss, entry["profile"], cfg, cfg["rotate"])


class Hub(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False      # hung handlers must not hold up the exit
    request_queue_size = 128

    def __init__(self, port, state_dir, deadline, tls_context, verbose):
        self.state_dir = state_dir
        self.deadline = deadline
        self.tls = tls_context is not None
        self.verbose = verbose
        self.log_lock = threading.Lock()
        super().__init__((LISTEN_ADDRESS, port), Handler)
        if tls_context is not None:
            self.socket = tls_context.wrap_socket(
                self.socket, server_side=True, do_handshake_on_connect=False)

    def server_bind(self):
        # HTTPServer.server_bind would look up our FQDN, which can stall on
        # a machine without DNS; we know our name.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request, client_address):
        # A client that went away or refused our certificate is part of the
        # tests; anything else is a bug here, worth a traceback on stderr.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


def make_test_ca(argv):
    """make-test-ca DIR: ca.pem, server.pem, server.key via openssl(1)."""
    if len(argv) != 1:
        print("usage: fakehub.py make-test-ca DIR", file=sys.stderr)
        return 2
    if shutil.which("openssl") is None:
        print("fakehub: the openssl command is needed for make-test-ca", file=sys.stderr)
        return 77
    out = argv[0]
    os.makedirs(out, exist_ok=True)

    def p(name):
        return os.path.join(out, name)

    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    with open(p("server.ext"), "w") as f:
        f.write("basicConstraints = critical, CA:FALSE\n"
                "keyUsage = critical, digitalSignature\n"
                "extendedKeyUsage = serverAuth\n"
                "subjectAltName = IP:127.0.0.1, DNS:localhost\n")
    steps = [
        ["req", "-x509", *ec, "-keyout", p("ca.key"), "-out", p("ca.pem"),
         "-days", "30", "-subj", "/CN=hfauth test CA",
         "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
        ["req", "-new", *ec, "-keyout", p("server.key"), "-out", p("server.csr"),
         "-subj", "/CN=localhost"],
        ["x509", "-req", "-in", p("server.csr"), "-CA", p("ca.pem"),
         "-CAkey", p("ca.key"), "-set_serial", str(secrets.randbits(63)),
         "-days", "30", "-extfile", p("server.ext"), "-out", p("server.pem")],
    ]
    try:
        for args in steps:
            run = subprocess.run(["openssl", *args], capture_output=True, text=True)
            if run.returncode != 0:
                print(f"fakehub: openssl {args[0]} failed:\n{run.stderr}", file=sys.stderr)
                return 1
    finally:
        for name in ("ca.key", "server.csr", "server.ext"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(p(name))
    return 0


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="fakehub.py",
                                 description="A fake Hugging Face Hub for tests.")
    ap.add_argument("--state-dir", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--max-seconds", type=float, default=600)
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    ap.add_argument("--verbose", action="store_true", help="access log on stderr")
    args = ap.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        ap.error("--tls-cert and --tls-key go together")
    return args


def main(argv):
    if argv[:1] == ["make-test-ca"]:
        return make_test_ca(argv[1:])
    args = parse_args(argv)
    tls_context = None
    if args.tls_cert:
        tls_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls_context.load_cert_chain(args.tls_cert, args.tls_key)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    hub = Hub(args.port, args.state_dir, time.monotonic() + args.max_seconds,
              tls_context, args.verbose)
    threading.Thread(target=hub.serve_forever, kwargs={"poll_interval": 0.1},
                     daemon=True).start()
    write_atomic(args.port_file, f"{hub.server_port}\n")
    if not stop.wait(args.max_seconds):
        print(f"fakehub: --max-seconds {args.max_seconds:g} reached, exiting", file=sys.stderr)
    hub.shutdown()
    hub.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
