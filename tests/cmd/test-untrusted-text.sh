#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/cmd/test-untrusted-text.sh - no control character from someone
# else's text reaches the terminal (hf-auth(1) and docs/security.md,
# "Untrusted text"): a Hub whose whoami answer holds ESC, BEL, OSC 0 and
# 52, CSI, CR, a C1 CSI as UTF-8 (C2 9B) and as a raw 0x9B byte; a
# stored_tokens with such names; paths and git helpers with them.  Every
# output of login, whoami (text, JSON, quiet), status, list (every
# format), switch, logout and the errors is checked byte by byte
# (tests/clean_text.py), and the '?' that replaces them is asserted.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"
start_fakehub
export TZ=UTC

# Both streams of the last `run` hold no control character (but \n), no
# C1 control and nothing that is not UTF-8.
assert_clean_output() {
    printf '%s' "$OUT" >"$T/out.bin"
    printf '%s' "$ERR" >"$T/err.bin"
    local why
    why=$($PY "$HFA_SRC/tests/clean_text.py" "$T/out.bin" "$T/err.bin") ||
        fail "control characters in the output: $why"
}

# --- a Hub answer full of escapes (valid UTF-8 JSON) -----------------------
TOK_EVIL=hf_evilHubAnswer0000009
hub_tokens "{\"$TOK_EVIL\": {
  \"name\": \"mal\\u001b]0;owned\\u0007lory\\u001b[2J\\r\\u009b31m\",
  \"fullname\": \"\\u001b]52;c;SGVsbG8=\\u0007\",
  \"orgs\": [\"or\\u001b]52;c;SGVsbG8=\\u0007g\", \"\\u009dx\\u009c\"],
  \"role\": \"wr\\u001b[31mite\\u0007\",
  \"displayName\": \"evil-ok\"}}"
USER_SHOWN='mal?]0;owned?lory?[2J??31m'
ROLE_SHOWN='wr?[31mite?'

run "$HF_AUTH" login --token "$TOK_EVIL"
assert_rc 0
assert_clean_output
assert_err_has "Token is valid (permission: $ROLE_SHOWN)."
assert_err_has "Login successful: the active token is now 'evil-ok' (user $USER_SHOWN)."

run "$HF_AUTH" whoami
assert_rc 0
assert_clean_output
assert_out_eq "user: $USER_SHOWN
orgs: or?]52;c;SGVsbG8=?g, ?x?
token: evil-ok ($ROLE_SHOWN)
endpoint: $HF_ENDPOINT
"
for flags in --json "--format json"; do
    # shellcheck disable=SC2086
    run "$HF_AUTH" whoami $flags
    assert_rc 0
    assert_clean_output
    assert_json 'j["user"]' "'$USER_SHOWN'"
    assert_json 'j["orgs"]' "'or?]52;c;SGVsbG8=?g,?x?'"
    assert_json 'j["role"]' "'$ROLE_SHOWN'"
done
run "$HF_AUTH" whoami -q
assert_rc 0
assert_clean_output
assert_out_eq "$USER_SHOWN
"
run "$HF_AUTH" status --check
assert_rc 0
assert_clean_output
assert_out_has "hub check:     accepted (user $USER_SHOWN)
"
run "$HF_AUTH" status --check --json
assert_rc 0
assert_clean_output
assert_json 'j["check"]["user"]' "'$USER_SHOWN'"

# A displayName with a control character, or none with such a user name
# (the name would be oauth-<user>): refused, and the refusal is clean.
for profile in '"name": "eve", "displayName": "ev\u001b]52;c;AAAA\u0007il"' \
    '"name": "ev\u001b[2Je", "displayName": null' \
    '"name": "eve", "displayName": "ev\u009bil"'; do
    hub_tokens "{\"$TOK_EVIL\": {$profile}}"
    snap_take "$HF_DIR"
    run "$HF_AUTH" login --token "$TOK_EVIL"
    assert_rc 1
    assert_clean_output
    assert_err_has "the token name holds a control character"
    assert_err_has "Nothing was saved."
    snap_check "$HF_DIR"
done
hub_tokens '{}'

# --- raw bytes: 0x9B alone and C2 9B, which cJSON passes through ----------
# The fake Hub writes the body as Latin-1: each \u0080..\u00ff of it is
# that one byte on the wire.
raw_whoami() {   # DISPLAYNAME-JSON
    $PY - "$1" >"$FAKEHUB_DIR/.mode.new" <<'EOF'
import json, sys
body = {"type": "user", "name": "r\x9b2Jaw\xc2\x9b31m", "fullname": "R",
        "orgs": [{"name": "o\x9b" + "0;t\x07"}],
        "auth": {"type": "access_token",
                 "accessToken": {"displayName": json.loads(sys.argv[1]),
                                 "role": "read\x9b"}}}
print(json.dumps({"whoami": {"status": 200, "encoding": "latin-1",
                             "body": json.dumps(body, ensure_ascii=False)}}))
EOF
    mv "$FAKEHUB_DIR/.mode.new" "$FAKEHUB_DIR/mode.json"
}
raw_whoami '"raw-ok"'
# The premise: the answer does carry the raw byte.
$PY - "$HF_ENDPOINT" <<'EOF' || fail "the fake Hub does not send a raw 0x9B"
import sys, urllib.request
r = urllib.request.Request(sys.argv[1] + "/api/whoami-v2",
                           headers={"Authorization": "Bearer hf_x"})
body = urllib.request.urlopen(r).read()
assert b"r\x9b2Jaw\xc2\x9b31m" in body, body
EOF
run "$HF_AUTH" login --token "$TOK_WORK"
assert_rc 0
assert_clean_output
assert_err_has "Token is valid (permission: read?)."
assert_err_has "(user r?2Jaw?31m)"
run "$HF_AUTH" whoami
assert_rc 0
assert_clean_output
assert_out_has "user: r?2Jaw?31m
orgs: o?0;t?
"
run "$HF_AUTH" whoami --json
assert_rc 0
assert_clean_output
assert_json '(j["user"], j["orgs"], j["role"])' "('r?2Jaw?31m', 'o?0;t?', 'read?')"
run "$HF_AUTH" status --check --json
assert_rc 0
assert_clean_output
# A displayName holding a raw byte is no name: refused as a control is.
raw_whoami '"ra\u009bw"'
snap_take "$HF_DIR"
run "$HF_AUTH" login --token "$TOK_PERSONAL"
assert_rc 1
assert_clean_output
assert_err_has "the token name holds a byte that is not UTF-8 (byte 3)"
snap_check "$HF_DIR"
hub_mode '{}'

# --- stored names with escapes, as Python writes them ----------------------
# Any name configparser writes and reads back; the file is UTF-8.
NAMED=$T/named/hf
mkdir -p "$NAMED"
$PY - "$NAMED/stored_tokens" <<'EOF'
import configparser, sys
names = {
    "\x1b]52;c;SGVsbG8=\x07clip": "hf_escName00000000001",
    "cls\x1b[2J\x1b[H": "hf_escName00000000002",
    "csi\u009b31mred": "hf_escName00000000003",
    "rtl\u202eevil": "hf_escName00000000004",
    "tab\there\x7f": "hf_escName00000000005",
    "plain": "hf_escName00000000006",
    # A value is the file's too: the masked token shows its last four.
    "value": "hf_escValue000000\x1b[2J",
    "value-exp": "hf_escValue000000\x9b\x1b]0",
}
c = configparser.ConfigParser(interpolation=None)
for name in sorted(names):
    c.add_section(name)
    c.set(name, "hf_token", names[name])
c.set("value-exp", "expires_at", "4102444800")
with open(sys.argv[1], "w", encoding="utf-8") as f:
    c.write(f)
back = configparser.ConfigParser(interpolation=None)
back.read(sys.argv[1], encoding="utf-8")
assert back.sections() == sorted(names), back.sections()
EOF
printf '%s' hf_escName00000000003 >"$NAMED/token"
export HF_HOME=$NAMED
run "$HF_AUTH" list
assert_rc 0
assert_clean_output
assert_out_eq "  NAME                  TOKEN        EXPIRES
  ?]52;c;SGVsbG8=?clip  hf_****0001
  cls?[2J?[H            hf_****0002
* csi?31mred            hf_****0003
  plain                 hf_****0006
  rtl?evil              hf_****0004
  tab?here?             hf_****0005
  value                 <invalid>
  value-exp             <invalid>    2100-01-01 00:00
"
for flags in -q --json "--format names"; do
    # shellcheck disable=SC2086
    run "$HF_AUTH" list $flags
    assert_rc 0
    assert_clean_output
    assert_out_has "cls?[2J?[H"
done
run "$HF_AUTH" list --json
assert_json '[e["name"] for e in j][:3]' "['?]52;c;SGVsbG8=?clip', 'cls?[2J?[H', 'csi?31mred']"
# A value with escapes cannot be a token: it is never shown, masked or not.
assert_json '[e["token"] for e in j][-2:]' "['<invalid>', '<invalid>']"
run "$HF_AUTH" status
assert_rc 0
assert_clean_output
assert_out_has "active name:   csi?31mred
"
# switch by the real name: the file changes, the message is clean.
run "$HF_AUTH" switch $'cls\e[2J\e[H'
assert_rc 0
assert_clean_output
assert_err_eq "Switched to 'cls?[2J?[H'.
"
assert_file_eq "$NAMED/token" hf_escName00000000002
run "$HF_AUTH" switch --token-name $'\e]52;c;SGVsbG8=\aclip' --export bash
assert_rc 0
assert_clean_output
assert_out_eq "export HF_TOKEN='hf_escName00000000001'
"
# Errors quoting a name given on the command line.
for args in "switch" "logout --token-name"; do
    # shellcheck disable=SC2086
    run "$HF_AUTH" $args $'no\e]0;pwned\a\nsuch\x9b'
    assert_rc 1
    assert_clean_output
    assert_err_has "'no?]0;pwned??such?'"
done
run "$HF_AUTH" switch --export $'\e[2Jbash'
assert_rc 2
assert_clean_output
# A value that is not a plain word is not echoed at all (it could be a
# token); plain ones are, filtered or not.
assert_err_has "error: --export takes bash, zsh, sh or fish
"
assert_err_lacks "2J"
run "$HF_AUTH" list --format $'\e]52;c;AAAA\a'
assert_rc 2
assert_clean_output
run "$HF_AUTH" $'\e]0;pwned\a'
assert_rc 2
assert_clean_output
assert_err_has "unexpected argument 1 (not shown, in case it is a token)"
run "$HF_AUTH" logout --token-name $'csi\u009b31mred'
assert_rc 0
assert_clean_output
assert_err_has "Logged out of 'csi?31mred'."

# A stored_tokens configparser would refuse: the message names the line
# and quotes the section, filtered (here raw 0x9B and ESC in a name).
printf '[dup\x9b\x1b[2J]\nhf_token = hf_a\n[dup\x9b\x1b[2J]\nhf_token = hf_b\n' >"$NAMED/stored_tokens"
for cmd in list "list --json" status "switch plain" "logout --token-name plain"; do
    # shellcheck disable=SC2086
    run "$HF_AUTH" $cmd
    assert_clean_output
done
run "$HF_AUTH" list
assert_rc 1
assert_err_has "$NAMED/stored_tokens line"
printf '[dup\xe2\x80\xae\x1b]0;t\x07]\nhf_token = hf_a\n[dup\xe2\x80\xae\x1b]0;t\x07]\nhf_token = hf_b\n' >"$NAMED/stored_tokens"
run "$HF_AUTH" list
assert_rc 1
assert_clean_output
assert_err_has "[dup??]0;t?]"
unset HF_HOME

# --- a path with a newline and escapes (HF_TOKEN_PATH) ---------------------
EVIL_DIR="$T/p"$'\e]0;pwned\a\nDec  1 sshd[1]: Accepted\x9b'
EVIL_SHOWN="$T/p?]0;pwned??Dec  1 sshd[1]: Accepted?"
hub_tokens '{}'
run env HF_TOKEN_PATH="$EVIL_DIR/token" "$HF_AUTH" token
assert_rc 1
assert_clean_output
assert_err_has "no token in $EVIL_SHOWN/token"
run env HF_TOKEN_PATH="$EVIL_DIR/token" "$HF_AUTH" login --token "$TOK_WORK"
assert_rc 0
assert_clean_output
assert_err_has "Token saved as 'work' in $EVIL_SHOWN/stored_tokens."
assert_file_eq "$EVIL_DIR/token" "$TOK_WORK"
for cmd in status "status --json" list whoami "logout --token-name nope"; do
    # shellcheck disable=SC2086
    run env HF_TOKEN_PATH="$EVIL_DIR/token" "$HF_AUTH" $cmd
    assert_clean_output
done
run env HF_TOKEN_PATH="$EVIL_DIR/token" "$HF_AUTH" status
assert_out_has "token file:    $EVIL_SHOWN/token (0600)
"
run env HF_TOKEN_PATH="$EVIL_DIR/token" "$HF_AUTH" status --json
assert_json 'j["token_path"]' "'$EVIL_SHOWN/token'"
# A folder others can enter: the note quotes the path, filtered.
mkdir -p "$T/shared"$'\e[2J'
chmod 0755 "$T/shared"$'\e[2J'
run env HF_TOKEN_PATH="$T/shared"$'\e[2J/token' "$HF_AUTH" login --token "$TOK_WORK"
assert_rc 0
assert_clean_output
assert_err_has "note: other users can enter $T/shared?[2J (mode 0755)"

# --- git helpers with escapes ----------------------------------------------
git config --global credential.helper $'!true \e]0;pwned\a\x9b'
run "$HF_AUTH" status
assert_rc 0
assert_clean_output
assert_out_has "git helper:    !true ?]0;pwned??
"
run "$HF_AUTH" status --json
assert_clean_output
assert_json 'j["git_helpers"]' "['!true ?]0;pwned??']"
run "$HF_AUTH" login --token "$TOK_WORK" --add-to-git-credential
assert_rc 0
assert_clean_output
assert_err_has "token saved in git credential helper(s): !true ?]0;pwned??"
git config --global --unset credential.helper

# --- a refresh warning quotes the entry's name -----------------------------
REFRESHED=$T/refresh/hf
mkdir -p "$REFRESHED"
printf '[oauth\x1b]0;t\x07\xc2\x9b]\nhf_token = hf_oauthExpiring00000001\nrefresh_token = hf_oauth_refresh_x\nexpires_at = %s\nendpoint = %s\n\n' \
    "$(($(date +%s) + 600))" "$HF_ENDPOINT" >"$REFRESHED/stored_tokens"
printf '%s' hf_oauthExpiring00000001 >"$REFRESHED/token"
hub_oauth '{"refresh_outcome": "status:503"}'
run env HF_HOME="$REFRESHED" "$HF_AUTH" token
assert_rc 0
assert_clean_output
assert_out_eq "hf_oauthExpiring00000001
"
assert_err_has "could not refresh the token 'oauth?]0;t??'"

echo "test-untrusted-text: all passed"
