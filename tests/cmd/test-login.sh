#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/cmd/test-login.sh - `hf-auth login` (hf-auth(1), docs/design.md):
# what it writes, byte for byte and mode for mode, what it refuses, the exit
# code of every Hub failure, and that a failure leaves the disk as it was
# and the token out of stderr.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"
start_fakehub
ALL_TOKENS="$TOK_WORK $TOK_PERSONAL $TOK_CI $TOK_NONAME $TOK_ORG $TOK_BAD"
no_token_on_stderr() { local t; for t in $ALL_TOKENS; do assert_err_lacks_token "$t"; done; }

# --- --token on a fresh HOME: folders 0700, files 0600, exact bytes --------
run "$HF_AUTH" login --token "$TOK_WORK"
assert_rc 0
assert_out_empty
assert_err_has "Token is valid (permission: write)."
assert_err_has "Token saved as 'work' in $HF_DIR/stored_tokens."
assert_err_has "Login successful: the active token is now 'work' (user alice)."
assert_err_lacks "warning"
assert_err_lacks "note:"
no_token_on_stderr
assert_file_eq "$HF_DIR/token" "$TOK_WORK"
assert_file_eq "$HF_DIR/stored_tokens" "[work]
hf_token = $TOK_WORK

"
assert_mode "$HF_DIR/token" 600
assert_mode "$HF_DIR/stored_tokens" 600
assert_mode "$HF_DIR" 700
assert_mode "$HOME/.cache" 700
assert_no_temp_files "$HF_DIR"

# --- --token-stdin: CRLF, blanks around, trailing newline are cleaned ------
run_in "  $TOK_CI	"$'\r\n' "$HF_AUTH" login --token-stdin
assert_rc 0
assert_out_empty
assert_err_has "Token is valid (permission: fineGrained)."
assert_err_has "Token saved as 'ci token' in $HF_DIR/stored_tokens."
assert_err_has "the active token is now 'ci token' (user bob)"
no_token_on_stderr
assert_file_eq "$HF_DIR/token" "$TOK_CI"

run_in "$TOK_NONAME"$'\n' "$HF_AUTH" login --token-stdin
assert_rc 0
assert_err_has "Token saved as 'oauth-carol'"
assert_file_eq "$HF_DIR/token" "$TOK_NONAME"

# A token without a final newline; then one with blank lines around it
# (huggingface_hub drops every \r and \n, then strips).
run_in "$TOK_PERSONAL" "$HF_AUTH" login --token-stdin
assert_rc 0
assert_err_has "Token saved as 'personal'"
assert_file_eq "$HF_DIR/token" "$TOK_PERSONAL"
run_in $'\n \r\n'"$TOK_PERSONAL"$'\r\n\n\t\n' "$HF_AUTH" login --token-stdin
assert_rc 0
assert_err_has "Token saved as 'personal'"
assert_file_eq "$HF_DIR/token" "$TOK_PERSONAL"

# Sorted sections, one blank line after each; the active token file holds
# the last one, alone.
STORE4="[ci token]
hf_token = $TOK_CI

[oauth-carol]
hf_token = $TOK_NONAME

[personal]
hf_token = $TOK_PERSONAL

[work]
hf_token = $TOK_WORK

"
assert_file_eq "$HF_DIR/stored_tokens" "$STORE4"
assert_mode "$HF_DIR/stored_tokens" 600
assert_mode "$HF_DIR/token" 600
assert_no_temp_files "$HF_DIR"

# Logging in again with a stored token only makes it active.
run "$HF_AUTH" login --token "$TOK_WORK"
assert_rc 0
assert_file_eq "$HF_DIR/stored_tokens" "$STORE4"
assert_file_eq "$HF_DIR/token" "$TOK_WORK"

# umask 000 still gives 0600 files and 0700 folders (docs/security.md,
# "The store").
run env HF_HOME="$T/umask/hf" bash -c 'umask 000; exec "$0" login --token "$1"' "$HF_AUTH" "$TOK_WORK"
assert_rc 0
assert_mode "$T/umask/hf/token" 600
assert_mode "$T/umask/hf/stored_tokens" 600
assert_mode "$T/umask/hf" 700
assert_mode "$T/umask" 700

# --- refusals: nothing written, nothing asked -------------------------------
# An invalid token (401) on a fresh HOME: no folder, no file.
FRESH=$T/fresh
run env HF_HOME="$FRESH/hf" "$HF_AUTH" login --token "$TOK_BAD"
assert_rc 3
assert_out_empty
assert_err_has "rejected"
assert_err_has "Nothing was saved."
no_token_on_stderr
assert_missing "$FRESH"

# ... and with a store in place: both files byte-identical.
snap_take "$HF_DIR"
run "$HF_AUTH" login --token "$TOK_BAD"
assert_rc 3
no_token_on_stderr
snap_check "$HF_DIR"
run_in "$TOK_BAD"$'\n' "$HF_AUTH" login --token-stdin
assert_rc 3
no_token_on_stderr
snap_check "$HF_DIR"

# An organization token: exit 1, and the Hub never sees it.
hub_requests_reset
run "$HF_AUTH" login --token "$TOK_ORG"
assert_rc 1
assert_err_has "organization"
no_token_on_stderr
snap_check "$HF_DIR"
run_in "$TOK_ORG" "$HF_AUTH" login --token-stdin
assert_rc 1
snap_check "$HF_DIR"
[ "$(hub_whoami_count "$TOK_ORG")" = 0 ] || fail "the org token was sent to the Hub"

# --- usage errors: exit 2, nothing read or written --------------------------
run_in "$TOK_PERSONAL" "$HF_AUTH" login --token "$TOK_PERSONAL" --token-stdin
assert_rc 2
assert_out_empty
assert_err_has "--token-stdin"
no_token_on_stderr
snap_check "$HF_DIR"

# An empty standard input.
run_in "" "$HF_AUTH" login --token-stdin
assert_rc 2
assert_err_has "no token on standard input"
run_in $' \r\n\t\n' "$HF_AUTH" login --token-stdin
assert_rc 2
snap_check "$HF_DIR"

# Two lines with text are never joined into one token (the cleaning above
# would): a usage error that shows neither line, and no request.
hub_requests_reset
run_in $'hf_a\nhf_b\n' "$HF_AUTH" login --token-stdin
assert_rc 2
assert_out_empty
assert_err_eq "error: standard input holds 2 lines; give one token on one line (nothing was saved)
Run \`hf-auth login --help\` for usage.
"
run_in "${TOK_PERSONAL:0:8}"$'\r\n'"${TOK_PERSONAL:8}"$'\n\n' "$HF_AUTH" login --token-stdin
assert_rc 2
assert_err_has "standard input holds 2 lines"
assert_err_lacks "${TOK_PERSONAL:0:8}"
assert_err_lacks "${TOK_PERSONAL:8}"
run_in "$TOK_PERSONAL"$'\n'"$TOK_CI"$'\n'"$TOK_WORK" "$HF_AUTH" login --token-stdin
assert_rc 2
assert_err_has "standard input holds 3 lines"
no_token_on_stderr
run_in "$TOK_PERSONAL"$'\r'"$TOK_CI" "$HF_AUTH" login --token-stdin
assert_rc 2
assert_err_has "standard input holds 2 lines"
no_token_on_stderr
[ ! -s "$FAKEHUB_DIR/requests.jsonl" ] || fail "a refused input reached the Hub"
snap_check "$HF_DIR"

run "$HF_AUTH" login --no-such-option
assert_rc 2
assert_out_empty
assert_err_has "unknown option '--no-such-option'"
assert_err_has "hf-auth login --help"
run "$HF_AUTH" login --token
assert_rc 2
assert_err_has "needs a value"
run "$HF_AUTH" login --token "$TOK_WORK" extra-argument
assert_rc 2
assert_err_has "unexpected argument 'extra-argument'"
no_token_on_stderr
snap_check "$HF_DIR"

run "$HF_AUTH" login --help
assert_rc 0
assert_out_has "usage: hf-auth login"
assert_out_has "--token-stdin"
assert_out_has "--add-to-git-credential"
assert_out_has "--force"
[ -z "$ERR" ] || fail "login --help wrote to stderr"

# --- the Hub failing: exit 4, distinct messages, nothing changed ------------
hub_fail() {   # MODE-JSON EXPECTED-STDERR-PART [once]
    hub_mode "{\"whoami\": $1}"
    run "$HF_AUTH" login --token "$TOK_PERSONAL"
    assert_rc 4
    assert_out_empty
    assert_err_has "$2"
    assert_err_has "Nothing was saved."
    no_token_on_stderr
    snap_check "$HF_DIR"
    [ $# -gt 2 ] && return 0    # the slow ones: --token only
    run_in "$TOK_PERSONAL"$'\n' "$HF_AUTH" login --token-stdin
    assert_rc 4
    no_token_on_stderr
    snap_check "$HF_DIR"
}
hub_fail '{"status": 429}' "429"
hub_fail '{"status": 429, "retry_after": "7"}' "try again in 7 s"
hub_fail '{"status": 500}' "HTTP 500"
hub_fail '{"status": 503}' "HTTP 503"
hub_fail '{"badjson": true}' "unexpected answer"
hub_fail '{"truncate": true}' "unexpected answer"
hub_fail '{"nested": 100000}' "unexpected answer"
export HF_HUB_DOWNLOAD_TIMEOUT=1
hub_fail '{"hang": true}' "did not answer within 1.0 s" once
hub_fail '{"delay": 3}' "did not answer within 1.0 s" once
hub_mode '{}'
# A 401 after the timeouts: the exit code tells "rejected" from "no answer".
run "$HF_AUTH" login --token "$TOK_BAD"
assert_rc 3
snap_check "$HF_DIR"

# Connection refused.
run env HF_ENDPOINT=http://127.0.0.1:1 "$HF_AUTH" login --token "$TOK_PERSONAL"
assert_rc 4
assert_err_has "cannot reach the Hub at http://127.0.0.1:1"
no_token_on_stderr
snap_check "$HF_DIR"
export HF_HUB_DOWNLOAD_TIMEOUT=5

# --- HF_TOKEN set while logging in: saved, with a warning -------------------
run env HF_TOKEN="$TOK_CI" "$HF_AUTH" login --token "$TOK_PERSONAL"
assert_rc 0
assert_err_has "warning: HF_TOKEN is set"
assert_file_eq "$HF_DIR/token" "$TOK_PERSONAL"
no_token_on_stderr
run env HUGGING_FACE_HUB_TOKEN="$TOK_CI" "$HF_AUTH" login --token "$TOK_WORK"
assert_rc 0
assert_err_has "warning: HUGGING_FACE_HUB_TOKEN is set"
assert_file_eq "$HF_DIR/token" "$TOK_WORK"
no_token_on_stderr

# --- a shared, group-writable HF_HOME keeps its mode, with a note -----------
SHARED=$T/shared
mkdir -m 2775 "$SHARED"
chmod 2775 "$SHARED"    # whatever the umask did
run env HF_HOME="$SHARED" "$HF_AUTH" login --token "$TOK_WORK"
assert_rc 0
assert_mode "$SHARED" 2775
assert_mode "$SHARED/token" 600
assert_mode "$SHARED/stored_tokens" 600
assert_err_has "note: other users can enter $SHARED (mode 2775)"
assert_err_has "HF_TOKEN_PATH"
no_token_on_stderr
# A private folder gets no such note (checked above for $HF_DIR, 0700).

# --- the --token value is wiped from argv while the command runs ------------
hub_mode '{"whoami": {"delay": 1.5}}'
hub_requests_reset
"$HF_AUTH" login --token "$TOK_PERSONAL" >"$T/bg.out" 2>"$T/bg.err" </dev/null &
BG=$!
for _ in $(seq 1 100); do
    [ -s "$FAKEHUB_DIR/requests.jsonl" ] && break
    sleep 0.02
done
[ -s "$FAKEHUB_DIR/requests.jsonl" ] || fail "login made no request"
CMDLINE=$(tr '\0' ' ' </proc/$BG/cmdline)
wait $BG
BGRC=$?
hub_mode '{}'
[ "$BGRC" = 0 ] || fail "background login exit $BGRC: $(cat "$T/bg.err")"
case $CMDLINE in
*"$TOK_PERSONAL"*) fail "the token is still in /proc/PID/cmdline while login waits for the Hub: $CMDLINE" ;;
*login*--token*) ;;
*) fail "unexpected command line read: $CMDLINE" ;;
esac

# Every request of this test: a token only ever in the Authorization header.
$PY - "$FAKEHUB_DIR/requests.jsonl" $ALL_TOKENS <<'EOF' || fail "a token went elsewhere than the Authorization header"
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    headers = {k: v for k, v in r["headers"].items() if k != "authorization"}
    for t in sys.argv[2:]:
        assert t not in r["path"] + r["query"] + json.dumps(headers) + json.dumps(r["form"]), r
EOF

# --- no token and no terminal, already logged in: nothing to do ---------------
# (hf-auth(1), login.)  `hf auth login < /dev/null` says so and exits 0: a
# script must not sit in a browser login for the code's 15 minutes.  With
# HF_TOKEN too.  No request, nothing changed.
hub_requests_reset
snap_take "$HF_DIR"
run "$HF_AUTH" login
assert_rc 0
assert_out_empty
assert_err_eq "You are already logged in ($HF_DIR/token). Use \`hf-auth login --force\` to log in again, or \`hf-auth switch\`.
"
HF_TOKEN=$TOK_CI run "$HF_AUTH" login
assert_rc 0
assert_err_eq "You are already logged in through HF_TOKEN. Use \`hf-auth login --force\` to log in anyway.
"
[ ! -s "$FAKEHUB_DIR/requests.jsonl" ] || fail "login asked the Hub: $(cat "$FAKEHUB_DIR/requests.jsonl")"
snap_check "$HF_DIR"

# --- no token and no terminal: the browser (device-code) login ---------------
# (hf-auth(1), login.)  stdin is /dev/null: the address and code go to
# stderr, nothing is read, and the OAuth token is saved as oauth-<user> with
# its refresh token and expiry.  With a token already active, as `hf auth
# login`: it says so and asks nothing, unless --force (--no-force undoes
# it).
hub_oauth '{"interval": 1, "outcome": "denied"}'
snap_take "$HF_DIR"
hub_requests_reset
for flags in "" "--no-force" "--force --no-force"; do
    # shellcheck disable=SC2086 # the flags are words
    run "$HF_AUTH" login $flags
    assert_rc 0
    assert_out_empty
    assert_err_eq "You are already logged in ($HF_DIR/token). Use \`hf-auth login --force\` to log in again, or \`hf-auth switch\`.
"
done
run env HF_TOKEN="$TOK_CI" "$HF_AUTH" login
assert_rc 0
assert_err_has "You are already logged in through HF_TOKEN."
[ ! -s "$FAKEHUB_DIR/requests.jsonl" ] || fail "an already logged-in login asked the Hub"
snap_check "$HF_DIR"
run "$HF_AUTH" login --force
assert_rc 1
assert_out_empty
assert_err_has "$HF_ENDPOINT/oauth/device"
assert_err_has "ABCD-EFGH"
snap_check "$HF_DIR"
hub_oauth '{"interval": 1}'
run "$HF_AUTH" login --no-force --force
assert_rc 0
assert_out_empty
assert_err_has "$HF_ENDPOINT/oauth/device"
assert_err_has "ABCD-EFGH"
assert_err_has "Token saved as 'oauth-alice'"
OAUTH_TOKEN=$(cat "$HF_DIR/token")
case $OAUTH_TOKEN in hf_oauth_*) ;; *) fail "token file after the browser login: [$OAUTH_TOKEN]";; esac
assert_err_lacks_token "$OAUTH_TOKEN"
assert_err_lacks "hf_oauth_refresh_"
assert_mode "$HF_DIR/token" 600
$PY - "$HF_DIR/stored_tokens" "$OAUTH_TOKEN" "$HF_ENDPOINT" <<'EOF' || fail "the browser login's entry: $(cat "$HF_DIR/stored_tokens")"
import configparser, sys, time
c = configparser.ConfigParser(interpolation=None)
c.read(sys.argv[1], encoding="utf-8")
e = c["oauth-alice"]
assert e["hf_token"] == sys.argv[2]
assert e["refresh_token"].startswith("hf_oauth_refresh_")
assert abs(int(e["expires_at"]) - (time.time() + 28800)) < 120, e["expires_at"]
assert e["endpoint"] == sys.argv[3], e["endpoint"]
assert {"ci token", "oauth-carol", "personal", "work"} <= set(c.sections())
EOF

# --- long token names --------------------------------------------------------
# huggingface_hub saves a name of any length: one of 300 bytes is saved,
# round-trips through configparser, and is listed; only a name over 4 KiB
# (a cap that bounds memory) is refused, and nothing is saved then.
LONG=$(printf 'n%.0s' $(seq 1 300))
HUGE=$(printf 'n%.0s' $(seq 1 5000))
hub_tokens "{\"hf_longName0000000000001\": {\"name\": \"alice\", \"displayName\": \"$LONG\"},
             \"hf_hugeName0000000000001\": {\"name\": \"alice\", \"displayName\": \"$HUGE\"}}"
run "$HF_AUTH" login --token hf_longName0000000000001
assert_rc 0
assert_err_has "Token saved as '$LONG'"
$PY - "$HF_DIR/stored_tokens" "$LONG" <<'EOF' || fail "Python does not read the long name back"
import configparser, sys
c = configparser.ConfigParser(interpolation=None)
c.read(sys.argv[1], encoding="utf-8")
assert c.get(sys.argv[2], "hf_token") == "hf_longName0000000000001"
EOF
run "$HF_AUTH" list --format names
assert_out_has "$LONG
"
snap_take "$HF_DIR"
run "$HF_AUTH" login --token hf_hugeName0000000000001
assert_rc 1
assert_err_has "the token name is too long (5000 bytes; at most 4096)"
snap_check "$HF_DIR"

echo "test-login: all passed"
