#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/cmd/test-whoami-status.sh - `hf-auth whoami` and `hf-auth status`
# (hf-auth(1)): exact text, the JSON fields, and the exit codes for "not
# logged in" (1), "rejected" (3) and "could not check" (4).
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"
export TZ=UTC     # expiry times are local
start_fakehub
ALL_TOKENS="$TOK_WORK $TOK_PERSONAL $TOK_CI $TOK_NONAME $TOK_BAD"
no_token_shown() { local t; for t in $ALL_TOKENS; do assert_secret_absent "$t"; done; }

# --- not logged in ---------------------------------------------------------
run "$HF_AUTH" whoami
assert_rc 1
assert_out_empty
assert_err_has "not logged in"
run "$HF_AUTH" whoami --format json
assert_rc 1
assert_out_empty

run "$HF_AUTH" status
assert_rc 0
assert_out_eq "token source:  none (not logged in)
HF_HOME:       $HF_DIR (missing)
token file:    $HF_DIR/token (missing)
stored tokens: $HF_DIR/stored_tokens (missing)
active name:   (none)
git helper:    (none configured)
endpoint:      $HF_ENDPOINT
"
assert_missing "$HF_DIR"
run "$HF_AUTH" status --format json
assert_rc 0
assert_json 'j["source"]' "'none'"
assert_json 'j["token_path_mode"]' "'missing'"
assert_json 'j["active_name"]' "None"
assert_json '"check" in j' "False"
run "$HF_AUTH" status --check
assert_rc 1
assert_out_has "hub check:     not logged in"
run "$HF_AUTH" status --check --format json
assert_rc 1
assert_json 'j["check"]["ok"]' "False"
assert_missing "$HF_DIR"

# --- logged in -----------------------------------------------------------
run "$HF_AUTH" login --token "$TOK_WORK"
assert_rc 0
run "$HF_AUTH" login --token "$TOK_CI"
assert_rc 0
run "$HF_AUTH" switch work
assert_rc 0

hub_requests_reset
run "$HF_AUTH" whoami
assert_rc 0
assert_out_eq "user: alice
orgs: acme, bigco
token: work (write)
endpoint: $HF_ENDPOINT
"
assert_err_eq ""
no_token_shown
[ "$(hub_whoami_count "$TOK_WORK")" = 1 ] || fail "whoami did not ask the Hub with the active token"
# The token travels in the Authorization header only, never in the URL.
$PY - "$FAKEHUB_DIR/requests.jsonl" "$TOK_WORK" <<'EOF' || fail "the token is not (only) in the Authorization header"
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    assert sys.argv[2] not in r["path"] + r["query"], r
    assert r["headers"]["authorization"] == "Bearer " + sys.argv[2], r
EOF

# The JSON of `hf auth whoami --format json` (huggingface_hub 1.29:
# out.result("Logged in", user=..., orgs=",".join(...) or None,
# endpoint=ENDPOINT or None when it is the default); token_name and role
# follow.  Two-space indentation, ASCII.
run "$HF_AUTH" whoami --format json
assert_rc 0
assert_out_eq "{
  \"user\": \"alice\",
  \"orgs\": \"acme,bigco\",
  \"endpoint\": \"$HF_ENDPOINT\",
  \"token_name\": \"work\",
  \"role\": \"write\"
}
"
assert_json 'j["user"]' "'alice'"
assert_json 'j["orgs"]' "'acme,bigco'"
assert_json 'j["token_name"]' "'work'"
assert_json 'j["role"]' "'write'"
assert_json 'j["endpoint"]' "'$HF_ENDPOINT'"
no_token_shown
JSON_ALICE=$OUT
run "$HF_AUTH" whoami --json
assert_rc 0
assert_out_eq "$JSON_ALICE"
# What a script written for hf auth reads works on this output: the same
# keys with the same types as Python's (extra keys allowed).
printf '%s' "$OUT" | $PY -c '
import json, sys
j = json.load(sys.stdin)
python = {"user": str, "orgs": (str, type(None)), "endpoint": (str, type(None))}
for key, types in python.items():
    assert isinstance(j[key], types), (key, j[key])
assert list(j)[:3] == ["user", "orgs", "endpoint"], list(j)
' || fail "whoami --json is not what hf auth whoami --format json gives"
# The quiet form: the user name alone (hf auth: the first value).
for flag in -q --quiet "--format quiet"; do
    # shellcheck disable=SC2086
    run "$HF_AUTH" whoami $flag
    assert_rc 0
    assert_out_eq "alice
"
    assert_err_eq ""
done
run "$HF_AUTH" whoami --format human
assert_rc 0
assert_out_has "user: alice
"
run "$HF_AUTH" whoami -q --json
assert_rc 2
assert_out_empty
assert_err_has "mutually exclusive"
run "$HF_AUTH" whoami --json --bogus
assert_rc 2
assert_out_empty

# A trailing slash on HF_ENDPOINT is dropped.
run env HF_ENDPOINT="$HF_ENDPOINT/" "$HF_AUTH" whoami
assert_rc 0
assert_out_has "endpoint: $HF_ENDPOINT
"
assert_out_lacks "$HF_ENDPOINT/"

# HF_TOKEN wins over the file; a fine-grained token of a user with no orgs.
run env HF_TOKEN="$TOK_CI" "$HF_AUTH" whoami
assert_rc 0
assert_out_eq "user: bob
orgs:
token: ci token (fineGrained)
endpoint: $HF_ENDPOINT
"
run env HUGGING_FACE_HUB_TOKEN="$TOK_NONAME" "$HF_AUTH" whoami --format json
assert_rc 0
assert_json 'j["user"]' "'carol'"
assert_json 'j["orgs"]' "None"
assert_json 'j["token_name"]' "None"
assert_json 'j["role"]' "'read'"

run "$HF_AUTH" whoami --format names
assert_rc 2
run "$HF_AUTH" whoami extra
assert_rc 2
run "$HF_AUTH" whoami --help
assert_rc 0
assert_out_has "usage: hf-auth whoami"
assert_out_has "--format"

# --- rejected: 401 -> 3 ----------------------------------------------------
run env HF_TOKEN="$TOK_BAD" "$HF_AUTH" whoami
assert_rc 3
assert_out_empty
assert_err_has "rejected"
assert_err_has "hf-auth login"
no_token_shown
# The stored token revoked on the Hub.
hub_tokens "{\"$TOK_WORK\": null}"
run "$HF_AUTH" whoami
assert_rc 3
assert_err_has "rejected"
no_token_shown
run "$HF_AUTH" status --check
assert_rc 3
assert_out_has "hub check:     the Hub rejected the token"
no_token_shown
run "$HF_AUTH" status --check --format json
assert_rc 3
assert_json 'j["check"]["ok"]' "False"
assert_json '"rejected" in j["check"]["error"]' "True"
hub_tokens '{}'
# A token file holding a token the Hub does not know.
printf '%s\n' "$TOK_BAD" >"$T/badtok"
run env HF_TOKEN_PATH="$T/badtok" "$HF_AUTH" whoami
assert_rc 3
no_token_shown

# --- could not check: 4 ----------------------------------------------------
export HF_HUB_DOWNLOAD_TIMEOUT=1
run env HF_ENDPOINT=http://127.0.0.1:1 "$HF_AUTH" whoami
assert_rc 4
assert_out_empty
assert_err_has "cannot reach the Hub at http://127.0.0.1:1"
no_token_shown
run env HF_ENDPOINT=http://127.0.0.1:1 "$HF_AUTH" status --check
assert_rc 4
assert_out_has "hub check:     cannot reach the Hub"
for mode in '{"status": 429}' '{"status": 502}' '{"status": 403}' '{"hang": true}' '{"badjson": true}'; do
    hub_mode "{\"whoami\": $mode}"
    run "$HF_AUTH" whoami
    assert_rc 4
    assert_out_empty
    no_token_shown
    run "$HF_AUTH" status --check --format json
    assert_rc 4
    assert_json 'j["check"]["ok"]' "False"
    no_token_shown
done
# A 429 is a rate limit, not an unreachable Hub, and says when to come
# back: the seconds of Retry-After, or its HTTP date turned into seconds.
RATE="the Hub is rate-limiting requests (429 Too Many Requests)"
hub_mode '{"whoami": {"status": 429, "retry_after": "30"}}'
run "$HF_AUTH" whoami
assert_rc 4
assert_out_empty
assert_err_eq "error: $RATE; try again in 30 s
"
run "$HF_AUTH" status --check
assert_rc 4
assert_out_has "hub check:     $RATE; try again in 30 s
"
hub_mode "{\"whoami\": {\"status\": 429, \"retry_after\": \"$(date -u -d '+1 hour' '+%a, %d %b %Y %H:%M:%S GMT')\"}}"
run "$HF_AUTH" whoami
assert_rc 4
case $ERR in
"error: $RATE; try again in 3"[56][0-9][0-9]" s"$'\n') ;;
*) fail "Retry-After as a date: [$ERR]" ;;
esac
hub_mode '{"whoami": {"status": 429}}'
run "$HF_AUTH" whoami
assert_rc 4
assert_err_eq "error: $RATE; try again later
"
hub_mode '{}'
export HF_HUB_DOWNLOAD_TIMEOUT=5

# --- status, logged in ------------------------------------------------------
run "$HF_AUTH" status
assert_rc 0
assert_out_eq "token source:  the token file
HF_HOME:       $HF_DIR (0700)
token file:    $HF_DIR/token (0600)
stored tokens: $HF_DIR/stored_tokens (0600)
active name:   work
git helper:    (none configured)
endpoint:      $HF_ENDPOINT
"
assert_err_eq ""
no_token_shown
run "$HF_AUTH" status --check
assert_rc 0
assert_out_has "hub check:     accepted (user alice)
"
run "$HF_AUTH" status --format json
assert_rc 0
assert_json 'j["source"]' "'file'"
assert_json 'j["hf_home"]' "'$HF_DIR'"
assert_json 'j["token_path"]' "'$HF_DIR/token'"
assert_json 'j["token_path_mode"]' "'0600'"
assert_json 'j["stored_tokens_path"]' "'$HF_DIR/stored_tokens'"
assert_json 'j["stored_tokens_mode"]' "'0600'"
assert_json 'j["active_name"]' "'work'"
assert_json 'j["expires_at"]' "None"
assert_json 'j["git_helpers"]' "[]"
assert_json 'j["endpoint"]' "'$HF_ENDPOINT'"
no_token_shown
run "$HF_AUTH" status --check --format json
assert_rc 0
assert_json 'j["check"]' "{'ok': True, 'user': 'alice'}"

# The environment as source; the override warned about in the text form;
# the name shown is the token in use's, as list marks it.
run env HF_TOKEN="$TOK_CI" "$HF_AUTH" status --check
assert_rc 0
assert_out_has "token source:  the HF_TOKEN environment variable
"
assert_out_has "active name:   ci token
"
assert_out_has "hub check:     accepted (user bob)"
assert_err_has "warning: HF_TOKEN is set"
no_token_shown
# HF_TOKEN holding the file's own token (the PAM module, the hooks): no
# warning.
run env HF_TOKEN="$TOK_WORK" "$HF_AUTH" status
assert_rc 0
assert_out_has "token source:  the HF_TOKEN environment variable
"
assert_out_has "active name:   work
"
assert_err_eq ""
run env HF_TOKEN="$TOK_CI" "$HF_AUTH" status --json
assert_rc 0
assert_json 'j["source"]' "'HF_TOKEN'"
assert_json 'j["active_name"]' "'ci token'"
run "$HF_AUTH" status --json --format json
assert_rc 2
run "$HF_AUTH" status -q
assert_rc 2
run "$HF_AUTH" status --quiet
assert_rc 2
assert_err_has "unknown option '--quiet'"
run env HUGGING_FACE_HUB_TOKEN="$TOK_CI" "$HF_AUTH" status --format json
assert_rc 0
assert_json 'j["source"]' "'HUGGING_FACE_HUB_TOKEN'"
assert_err_eq ""
run env HF_TOKEN= "$HF_AUTH" status --format json
assert_json 'j["source"]' "'file'"

# Modes as they are, an expiry, a git helper.
chmod 644 "$HF_DIR/token"
printf '[work]\nhf_token = %s\nexpires_at = 4102444800\n\n' "$TOK_WORK" >"$HF_DIR/stored_tokens"
chmod 640 "$HF_DIR/stored_tokens"
git config --global credential.helper store
run "$HF_AUTH" status
assert_rc 0
assert_out_eq "token source:  the token file
HF_HOME:       $HF_DIR (0700)
token file:    $HF_DIR/token (0644)
stored tokens: $HF_DIR/stored_tokens (0640)
active name:   work
expires:       2100-01-01 00:00
git helper:    store
endpoint:      $HF_ENDPOINT
"
run "$HF_AUTH" status --format json
assert_json '(j["token_path_mode"], j["stored_tokens_mode"], j["expires_at"], j["git_helpers"])' \
    "('0644', '0640', 4102444800, ['store'])"
printf '[work]\nhf_token = %s\nexpires_at = 1000\n\n' "$TOK_WORK" >"$HF_DIR/stored_tokens"
run "$HF_AUTH" status
assert_out_has "expires:       1970-01-01 00:16 (expired)
"
run env TZ=IST-5:30 "$HF_AUTH" status
assert_out_has "expires:       1970-01-01 05:46 (expired)
"

# expires_at is the user's to write: a year gmtime cannot represent, or
# the most negative int64, must print "?" or "(expired)", never crash.
for huge in 99999999999999999 -9223372036854775808; do
    printf '[work]\nhf_token = %s\nexpires_at = %s\n\n' "$TOK_WORK" "$huge" >"$HF_DIR/stored_tokens"
    printf '%s' "$TOK_WORK" >"$HF_DIR/token"
    run "$HF_AUTH" status
    assert_rc 0
    assert_out_has "expires:       "
    run "$HF_AUTH" list
    assert_rc 0
    run "$HF_AUTH" token
    assert_rc 0
    assert_out_eq "$TOK_WORK
"
done

# --- a token where hf-auth puts it by default, none where this session
# looks: status says so, once, with the paths' control characters shown
# as '?' ------------------------------------------------------------------
printf '%s' "$TOK_WORK" >"$HF_DIR/token"
WHERE="you logged in where this session does not look; check HF_TOKEN_PATH and HF_HOME"
run env HF_TOKEN_PATH="$T/elsewhere/token" "$HF_AUTH" status
assert_rc 0
assert_out_has "token source:  none (not logged in)"
assert_err_eq "note: no token at $T/elsewhere/token, but one exists at $HF_DIR/token: $WHERE
"
# HF_HOME moved (say by pam_env on another machine): ~/.cache/huggingface
# is the other default place.
mkdir -m 0700 -p "$T/moved"
run env HF_HOME="$T/moved" "$HF_AUTH" status
assert_rc 0
assert_err_eq "note: no token at $T/moved/token, but one exists at $HF_DIR/token: $WHERE
"
run env HF_HOME="$T/moved" HF_TOKEN_PATH="$T/a"$'\n\033'"]0;x/token" "$HF_AUTH" status
assert_rc 0
assert_err_eq "note: no token at $T/a??]0;x/token, but one exists at $HF_DIR/token: $WHERE
"
# Nothing to say: the token file exists (even empty: logged out), or the
# default place has nothing of use (empty, a link, a folder).
mkdir -m 0700 "$T/private"
: >"$T/private/emptytok"
run env HF_TOKEN_PATH="$T/private/emptytok" "$HF_AUTH" status
assert_rc 0
assert_err_eq ""
for what in empty link folder; do
    rm -rf "$HF_DIR/token"
    case $what in
    empty) : >"$HF_DIR/token" ;;
    link) printf '%s' "$TOK_WORK" >"$T/target"; ln -s "$T/target" "$HF_DIR/token" ;;
    folder) mkdir "$HF_DIR/token" ;;
    esac
    run env HF_TOKEN_PATH="$T/elsewhere/token" "$HF_AUTH" status
    assert_rc 0
    assert_err_eq ""
done
rm -rf "$HF_DIR/token"

run "$HF_AUTH" status --format xml
assert_rc 2
run "$HF_AUTH" status extra
assert_rc 2
run "$HF_AUTH" status --bogus
assert_rc 2
run "$HF_AUTH" status --help
assert_rc 0
assert_out_has "--check"

echo "test-whoami-status: all passed"
