#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/cmd/test-logout.sh - `hf-auth logout` (hf-auth(1)): everything, or
# one name (its section only, the active token file only when it held that
# token), unknown names and "nothing to log out", the warning when HF_TOKEN
# still logs the user in, and usage errors.  No Hub is needed.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"

SEC_CI="[ci token]
hf_token = $TOK_CI

"
# A section with the keys an OAuth login leaves, and one unknown key.
SEC_OAUTH="[oauth-carol]
hf_token = $TOK_NONAME
refresh_token = hf_oauth_refresh_abc
expires_at = 4102444800
custom = kept as it is

"
SEC_PERSONAL="[personal]
hf_token = $TOK_PERSONAL

"
SEC_WORK="[work]
hf_token = $TOK_WORK

"
setup() {   # ACTIVE-TOKEN: the four sections, that token active
    rm -rf "$HF_DIR"
    mkdir -p "$HF_DIR"
    chmod 700 "$HF_DIR"
    printf '%s' "$SEC_CI$SEC_OAUTH$SEC_PERSONAL$SEC_WORK" >"$HF_DIR/stored_tokens"
    printf '%s' "$1" >"$HF_DIR/token"
    chmod 600 "$HF_DIR/stored_tokens" "$HF_DIR/token"
}

# --- one name, not the active one: its section goes, nothing else ----------
setup "$TOK_WORK"
run "$HF_AUTH" logout --token-name personal
assert_rc 0
assert_out_empty
assert_err_eq "Logged out of 'personal'.
"
assert_file_eq "$HF_DIR/stored_tokens" "$SEC_CI$SEC_OAUTH$SEC_WORK"
assert_file_eq "$HF_DIR/token" "$TOK_WORK"
assert_mode "$HF_DIR/stored_tokens" 600
assert_no_temp_files "$HF_DIR"

# A name with a space, and the section with extra keys: the others stay.
run "$HF_AUTH" logout --token-name "ci token"
assert_rc 0
assert_err_has "Logged out of 'ci token'."
assert_file_eq "$HF_DIR/stored_tokens" "$SEC_OAUTH$SEC_WORK"
assert_file_eq "$HF_DIR/token" "$TOK_WORK"
run "$HF_AUTH" logout --token-name oauth-carol
assert_rc 0
assert_file_eq "$HF_DIR/stored_tokens" "$SEC_WORK"
assert_file_eq "$HF_DIR/token" "$TOK_WORK"
for t in "$TOK_WORK" "$TOK_CI" "$TOK_NONAME" "$TOK_PERSONAL" hf_oauth_refresh_abc; do
    assert_secret_absent "$t"
done

# --- the active name: the token file goes too -------------------------------
run "$HF_AUTH" logout --token-name work
assert_rc 0
assert_out_empty
assert_err_has "Logged out of 'work'."
assert_missing "$HF_DIR/token"
# What huggingface_hub leaves when the last name goes: an empty file.
assert_file_eq "$HF_DIR/stored_tokens" ""
run "$HF_AUTH" token
assert_rc 1

setup "$TOK_NONAME"
run "$HF_AUTH" logout --token-name oauth-carol
assert_rc 0
assert_missing "$HF_DIR/token"
assert_file_eq "$HF_DIR/stored_tokens" "$SEC_CI$SEC_PERSONAL$SEC_WORK"

# The token file is compared by its cleaned content (as huggingface_hub
# reads it): a CRLF-terminated copy of the token is still that token.
setup "$TOK_CI"
printf '%s\r\n' "$TOK_CI" >"$HF_DIR/token"
run "$HF_AUTH" logout --token-name "ci token"
assert_rc 0
assert_missing "$HF_DIR/token"
assert_file_eq "$HF_DIR/stored_tokens" "$SEC_OAUTH$SEC_PERSONAL$SEC_WORK"

# An active token that is not stored at all is left alone by a name logout.
setup hf_notStoredAnywhere0042
run "$HF_AUTH" logout --token-name work
assert_rc 0
assert_file_eq "$HF_DIR/token" hf_notStoredAnywhere0042
assert_file_eq "$HF_DIR/stored_tokens" "$SEC_CI$SEC_OAUTH$SEC_PERSONAL"

# --- unknown name: exit 1, the name in the message, nothing changed --------
setup "$TOK_WORK"
snap_take "$HF_DIR"
run "$HF_AUTH" logout --token-name "no such token"
assert_rc 1
assert_out_empty
assert_err_has "'no such token'"
assert_err_has "$HF_DIR/stored_tokens"
snap_check "$HF_DIR"
run "$HF_AUTH" logout --token-name WORK
assert_rc 1
snap_check "$HF_DIR"
run "$HF_AUTH" logout --token-name ""
assert_rc 1
snap_check "$HF_DIR"

# --- everything --------------------------------------------------------------
run "$HF_AUTH" logout
assert_rc 0
assert_out_empty
assert_err_eq "Logged out: removed every stored token and the active token.
"
assert_missing "$HF_DIR/token"
assert_missing "$HF_DIR/stored_tokens"
assert_no_temp_files "$HF_DIR"
run "$HF_AUTH" list --format names
assert_rc 0
assert_out_empty

# Nothing to log out: exit 1.
run "$HF_AUTH" logout
assert_rc 1
assert_out_empty
assert_err_has "not logged in"
run "$HF_AUTH" logout --token-name work
assert_rc 1
assert_err_has "'work'"
run env HF_HOME="$T/never/hf" "$HF_AUTH" logout
assert_rc 1
assert_err_has "not logged in"
# An empty store and an empty token file are "nothing" too.
: >"$HF_DIR/stored_tokens"
printf '\n' >"$HF_DIR/token"
run "$HF_AUTH" logout
assert_rc 1
assert_err_has "not logged in"

# Only a token file (an older huggingface_hub wrote no stored_tokens).
rm -f "$HF_DIR/stored_tokens"
printf '%s' "$TOK_WORK" >"$HF_DIR/token"
run "$HF_AUTH" logout
assert_rc 0
assert_missing "$HF_DIR/token"
# Only a stored_tokens, no active token.
printf '%s' "$SEC_WORK" >"$HF_DIR/stored_tokens"
run "$HF_AUTH" logout
assert_rc 0
assert_missing "$HF_DIR/stored_tokens"

# HF_TOKEN_PATH: the files beside it go, the default place is not touched.
setup "$TOK_WORK"
mkdir -p "$T/tp"
printf '%s' "$TOK_CI" >"$T/tp/tok"
printf '%s' "$SEC_CI" >"$T/tp/stored_tokens"
snap_take "$HF_DIR"
run env HF_TOKEN_PATH="$T/tp/tok" "$HF_AUTH" logout
assert_rc 0
assert_missing "$T/tp/tok"
assert_missing "$T/tp/stored_tokens"
snap_check "$HF_DIR"

# --- HF_TOKEN still set: logged out, with a warning -------------------------
setup "$TOK_WORK"
run env HF_TOKEN="$TOK_PERSONAL" "$HF_AUTH" logout
assert_rc 0
assert_missing "$HF_DIR/token"
assert_err_has "warning: HF_TOKEN is still set"
assert_err_lacks_token "$TOK_PERSONAL"
setup "$TOK_WORK"
run env HUGGING_FACE_HUB_TOKEN="$TOK_PERSONAL" "$HF_AUTH" logout --token-name personal
assert_rc 0
assert_err_has "warning: HUGGING_FACE_HUB_TOKEN is still set"
assert_err_lacks_token "$TOK_PERSONAL"
# An empty HF_TOKEN logs no one in: no warning.
setup "$TOK_WORK"
run env HF_TOKEN= "$HF_AUTH" logout
assert_rc 0
assert_err_lacks "warning"

# --- a token in [DEFAULT] ------------------------------------------------------
# configparser gives [DEFAULT]'s keys to every section: a token there is
# every section's that has none of its own.  Logging out of it leaves it
# nowhere in the file; the sections that had it only from [DEFAULT] go
# with it (Python would find them without an hf_token and drop every
# entry); [DEFAULT]'s other keys and the other tokens stay, and Python
# reads the result as huggingface_hub's get_stored_tokens() does.
rm -rf "$HF_DIR"
mkdir -p "$HF_DIR"
printf '[DEFAULT]\nhf_token = %s\nnote = kept\n\n[personal]\nhf_token = %s\n\n[spare]\n\n[work]\n\n' \
    "$TOK_WORK" "$TOK_PERSONAL" >"$HF_DIR/stored_tokens"
printf '%s' "$TOK_WORK" >"$HF_DIR/token"
$PY - "$HF_DIR/stored_tokens" "$TOK_WORK" <<'EOF' || fail "premise: [DEFAULT]'s token is work's"
import configparser, sys
c = configparser.ConfigParser(interpolation=None)
c.read(sys.argv[1], encoding="utf-8")
assert c.get("work", "hf_token") == c.get("spare", "hf_token") == sys.argv[2]
EOF
run "$HF_AUTH" logout --token-name work
assert_rc 0
assert_err_eq "Logged out of 'work'.
"
assert_file_eq "$HF_DIR/stored_tokens" "[DEFAULT]
note = kept

[personal]
hf_token = $TOK_PERSONAL

"
assert_missing "$HF_DIR/token"
$PY - "$HF_DIR/stored_tokens" "$TOK_PERSONAL" <<'EOF' || fail "Python's view after the logout"
import configparser, sys
c = configparser.ConfigParser(interpolation=None)
c.read(sys.argv[1], encoding="utf-8")
# huggingface_hub's get_stored_tokens(): one hf_token per section.
assert {s: c.get(s, "hf_token") for s in c.sections()} == {"personal": sys.argv[2]}
EOF

# --- help and usage errors: exit 2, nothing changed --------------------------
run "$HF_AUTH" logout --help
assert_rc 0
assert_out_has "usage: hf-auth logout"
assert_out_has "--token-name"
assert_err_eq ""
run "$HF_AUTH" logout -h
assert_rc 0
assert_out_has "usage: hf-auth logout"
setup "$TOK_WORK"
snap_take "$HF_DIR"
run "$HF_AUTH" logout work
assert_rc 2
assert_out_empty
assert_err_has "unexpected argument 'work'"
assert_err_has "hf-auth logout --help"
snap_check "$HF_DIR"
run "$HF_AUTH" logout --bogus
assert_rc 2
assert_err_has "unknown option '--bogus'"
run "$HF_AUTH" logout --token-name
assert_rc 2
assert_err_has "needs a value"
run "$HF_AUTH" logout --token-name work --token-name
assert_rc 2
snap_check "$HF_DIR"

echo "test-logout: all passed"
