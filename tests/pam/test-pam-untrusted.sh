#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# pam_hfauth: a path from the PAM environment (HF_TOKEN_PATH, HF_HOME,
# XDG_CACHE_HOME) is the user's text.  A newline in it must not forge a
# second syslog line ("Accepted publickey for root ..."; CVE-2003-0063 and
# its kin), and an ESC, BEL or C1 CSI must reach neither the log nor the
# terminal of the person logging in (pam_info).  Each such character is
# logged and told as '?', on the one line the module meant.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/pam/lib-pam.sh"

pam_service debug
FORGED='Dec  1 12:00:00 host sshd[4242]: Accepted publickey for root from 10.0.0.1'
# A folder whose name carries a newline and a forged line, escapes (OSC 0
# retitles the terminal, OSC 52 writes its clipboard, CSI clears it) and
# a C1 CSI both as UTF-8 and as a raw byte.
EVIL=$T/x$'\n'"$FORGED"$'\e]0;owned\a\e]52;c;SGVsbG8=\a\e[2J\r\xc2\x9b\x9b'
SHOWN="$T/x?$FORGED?]0;owned??]52;c;SGVsbG8=??[2J???"

# Every captured log line and every user message is clean text.
assert_pam_clean() {
    user_messages >"$T/messages"
    local why
    why=$($PY "$HFA_SRC/tests/clean_text.py" "$SYSLOG" "$T/messages") ||
        fail "control characters logged or told: $why"
    # Each log line is one of the module's, whole: none starts elsewhere.
    local other
    other=$(printf '%s\n' "$LOGTXT" | grep -v -E '^[a-z]+ pam_hfauth\(hfauth-test:session\): \(user ') &&
        fail "a log line that is not the module's: [$other]"
}
PY=$(command -v /usr/bin/python3 || command -v python3)

# --- HF_TOKEN_PATH: a token file that holds no token is said and logged ---
put_file "$EVIL/token" 'not a token'
run_pam -e HF_TOKEN_PATH="$EVIL/token" "$PAM_USER"
assert_session_ok
assert_token ""
assert_pam_clean
assert_log_eq "$(L debug "token file $SHOWN/token")
$(L warning "token file $SHOWN/token does not hold a valid token; HF_TOKEN not set")"
assert_message_eq "info: Hugging Face token file $SHOWN/token does not hold a valid token; HF_TOKEN not set."
[ "$(printf '%s\n' "$LOGTXT" | wc -l)" = 2 ] || fail "not two log lines: [$LOGTXT]"

# A good token there: exported, and the debug lines are clean too.
put_file "$EVIL/token" "$TOK_WORK"
run_pam -e HF_TOKEN_PATH="$EVIL/token" "$PAM_USER"
assert_session_ok
assert_token "$TOK_WORK"
assert_pam_clean
assert_clean "$TOK_WORK"
assert_log_eq "$(L debug "token file $SHOWN/token")
$(L debug "HF_TOKEN set from $SHOWN/token")"

# --- HF_HOME and XDG_CACHE_HOME lead to the same paths ---------------------
put_file "$EVIL/token" 'not a token'
run_pam -e HF_HOME="$EVIL" "$PAM_USER"
assert_session_ok
assert_pam_clean
assert_message_eq "info: Hugging Face token file $SHOWN/token does not hold a valid token; HF_TOKEN not set."
put_file "$EVIL/huggingface/token" 'not a token'
run_pam -e XDG_CACHE_HOME="$EVIL" "$PAM_USER"
assert_session_ok
assert_pam_clean
assert_log_has "token file $SHOWN/huggingface/token does not hold a valid token"

# A missing file in such a folder: a debug line, one line.
run_pam -e HF_TOKEN_PATH="$EVIL/missing"$'\n'"$FORGED" "$PAM_USER"
assert_session_ok
assert_token ""
assert_no_message
assert_pam_clean
assert_log_eq "$(L debug "token file $SHOWN/missing?$FORGED")
$(L debug "no token file $SHOWN/missing?$FORGED")"

echo "test-pam-untrusted: all passed"
