#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/interactive/test-login-paste.sh - `hf-auth login` on a terminal
# (hf-auth(1), login; docs/security.md, "Shell hooks and the command"): the
# readline menu (typed choice, arrow keys, Enter for the default), the
# hidden token prompt (bracketed paste, never echoed, not even as stars,
# never in a file but the token files), Ctrl-C / Ctrl-D / SIGTERM / Ctrl-Z
# at each prompt with the terminal's modes restored, the already-logged-in
# shortcut and --force, and the git credential question, asked only when git
# has a helper.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"
. "$HFA_SRC/tests/interactive/ilib.sh"
start_fakehub
hub_oauth '{"interval": 1}'

PASTE_PROMPT='Paste your access token (the input will not be shown): '
STORE_WORK="[work]
hf_token = $TOK_WORK

"
fresh() { rm -rf "$HF_DIR"; }

# --- type 2, paste the token with blanks around it -------------------------
fresh
pty_run "expect > 
send 2\\r
expect $PASTE_PROMPT
waitmodes -ECHO -ICANON
sendpaste   $TOK_WORK  
send \\r
expect Login successful
wait" "$HF_AUTH" login
assert_driver_ok
assert_rc 0
assert_out_empty
assert_modes_restored
assert_ts_has "How do you want to log in?"
assert_ts_has "1) Log in with your browser (default)"
assert_ts_has "2) Paste an access token"
assert_ts_has "the input will not be shown"
assert_ts_has "Token saved as 'work' in $HF_DIR/stored_tokens."
assert_ts_has "Login successful: the active token is now 'work' (user alice)."
assert_ts_no_secret "$TOK_WORK"
assert_ts_quiet_after "$PASTE_PROMPT"
# No git helper is configured: no question about git.
assert_ts_lacks "git credential"
assert_file_eq "$HF_DIR/stored_tokens" "$STORE_WORK"
assert_file_eq "$HF_DIR/token" "$TOK_WORK"
assert_mode "$HF_DIR/token" 600
# Nothing but the token files: no readline history, no stray file.
[ "$(dump_files "$HOME")" = ".cache/huggingface/.stored_tokens.lock
.cache/huggingface/stored_tokens
.cache/huggingface/token" ] || fail "files under HOME: $(dump_files "$HOME")"

# --- the arrow keys: Down shows choice 2, Enter takes it ---------------------
fresh
pty_run "expect > 
send \\e[B
expect 2) Paste an access token
send \\r
expect $PASTE_PROMPT
waitmodes -ECHO
sendpaste $TOK_PERSONAL
send \\r
expect Login successful
wait" "$HF_AUTH" login
assert_ended 0
assert_ts_no_secret "$TOK_PERSONAL"
assert_file_eq "$HF_DIR/token" "$TOK_PERSONAL"
assert_file_eq "$HF_DIR/stored_tokens" "[personal]
hf_token = $TOK_PERSONAL

"

# Down, Down comes back to choice 1 and Up from 1 wraps to 2: Up then Enter
# is the paste prompt too; answered with Ctrl-C (nothing saved).
fresh
pty_run "expect > 
send \\e[A
expect 2) Paste an access token
send \\e[B
expect 1) Log in with your browser
send \\e[B
expect 2) Paste an access token
send \\r
expect $PASTE_PROMPT
waitmodes -ECHO
idle
send \\x03
wait" "$HF_AUTH" login
assert_ended 130
assert_missing "$HF_DIR/token"
assert_missing "$HF_DIR/stored_tokens"

# --- Enter alone takes the default: the browser login ------------------------
fresh
pty_run "expect > 
send \\r
expect To log in, open this address in a browser:
expect Login successful
wait" "$HF_AUTH" login
assert_ended 0
assert_ts_lacks "Paste your access token"
assert_ts_has "Token saved as 'oauth-alice'"
[ "$(store_field oauth-alice hf_token)" = "$(cat "$HF_DIR/token")" ] ||
    fail "the browser login did not make oauth-alice active"

# --- Ctrl-C and Ctrl-D at the menu: nothing written --------------------------
fresh
pty_run "expect > 
idle
send \\x03
wait" "$HF_AUTH" login
assert_driver_ok
assert_rc 130
assert_out_empty
assert_modes_restored
assert_missing "$HF_DIR"

fresh
pty_run "expect > 
send \\x04
wait" "$HF_AUTH" login
assert_ended 1
assert_missing "$HF_DIR"

# The same over an existing store (--force shows the menu): byte-identical.
fresh
run "$HF_AUTH" login --token "$TOK_WORK"
assert_rc 0
snap_take "$HF_DIR"
pty_run "expect > 
idle
send \\x03
wait" "$HF_AUTH" login --force
assert_ended 130
snap_check "$HF_DIR"
pty_run "expect > 
send \\x04
wait" "$HF_AUTH" login --force
assert_ended 1
snap_check "$HF_DIR"

# --- Ctrl-C, Ctrl-D, SIGTERM at the hidden token prompt ----------------------
for how in 'send \x03' 'send \x04' 'signal TERM' 'signal HUP'; do
    case $how in
    *x03*) want=130 ;;
    *x04*) want=1 ;;
    *) want=130 ;;     # prompt.h: SIGTERM, SIGHUP are interruptions, like Ctrl-C
    esac
    pty_run "expect > 
send 2\\r
expect $PASTE_PROMPT
waitmodes -ECHO
idle
$how
wait" "$HF_AUTH" login --force
    assert_driver_ok
    [ "$RC" = "$want" ] || fail "$how at the token prompt: exit $RC, expected $want"
    assert_modes_restored
    snap_check "$HF_DIR"
done

# Ctrl-D after a partly typed token deletes nothing but a character and does
# not end the prompt; Ctrl-C then leaves it, nothing written or shown.
pty_run "expect > 
send 2\\r
expect $PASTE_PROMPT
waitmodes -ECHO
send hf_partial
send \\x04
sleep 200
idle
send \\x03
wait" "$HF_AUTH" login --force
assert_ended 130
assert_ts_no_secret "hf_partial"
snap_check "$HF_DIR"

# --- the menu's arrow keys belong to the menu: at the token prompt they do
# not put anything into the (hidden) token ---------------------------------
fresh
pty_run "expect > 
send 2\\r
expect $PASTE_PROMPT
waitmodes -ECHO
send \\e[A\\e[B\\eOA
sendpaste $TOK_WORK
send \\r
expect Login successful
wait" "$HF_AUTH" login
assert_driver_ok
assert_rc 0
assert_file_eq "$HF_DIR/token" "$TOK_WORK"

# --- Ctrl-Z at the token prompt: stopped with the terminal as it was; after
# SIGCONT the prompt still takes the token ------------------------------------
fresh
pty_run "expect > 
send 2\\r
expect $PASTE_PROMPT
waitmodes -ECHO
idle
send \\x1a
stopped
modes initial
signal CONT
waitmodes -ECHO -ICANON
sendpaste $TOK_WORK
send \\r
expect Login successful
wait" "$HF_AUTH" login
assert_ended 0
assert_ts_no_secret "$TOK_WORK"
assert_file_eq "$HF_DIR/stored_tokens" "$STORE_WORK"
assert_file_eq "$HF_DIR/token" "$TOK_WORK"

# Ctrl-Z at the menu, then SIGCONT: the menu still answers.
fresh
pty_run "expect > 
idle
send \\x1a
stopped
modes initial
signal CONT
waitmodes -ECHO -ICANON
send 2\\r
expect $PASTE_PROMPT
waitmodes -ECHO
sendpaste $TOK_WORK
send \\r
expect Login successful
wait" "$HF_AUTH" login
assert_ended 0
assert_file_eq "$HF_DIR/token" "$TOK_WORK"

# --- a token the Hub rejects: exit 3, nothing saved --------------------------
snap_take "$HF_DIR"
pty_run "expect > 
send 2\\r
expect $PASTE_PROMPT
waitmodes -ECHO
sendpaste $TOK_BAD
send \\r
wait" "$HF_AUTH" login --force
assert_ended 3
assert_ts_has "Nothing was saved."
assert_ts_no_secret "$TOK_BAD"
snap_check "$HF_DIR"

# An empty answer: exit 1, nothing saved.
pty_run "expect > 
send 2\\r
expect $PASTE_PROMPT
waitmodes -ECHO
send   \\r
wait" "$HF_AUTH" login --force
assert_ended 1
assert_ts_has "no token entered; nothing was saved"
snap_check "$HF_DIR"

# --- already logged in: said so, exit 0, no menu; --force shows it -----------
pty_run "expect already logged in
wait" "$HF_AUTH" login
assert_ended 0
assert_ts_has "You are already logged in ($HF_DIR/token)."
assert_ts_lacks "How do you want to log in?"
snap_check "$HF_DIR"

# --- git: the question only when a credential helper is configured ----------
# (Every login above ran without one and never asked.)
git config --global credential.helper store
pty_run "expect > 
send 2\\r
expect $PASTE_PROMPT
waitmodes -ECHO
sendpaste $TOK_PERSONAL
send \\r
expect for the Hub? [y/N] 
send maybe\\r
expect for the Hub? [y/N] 
send \\r
wait" "$HF_AUTH" login --force
assert_ended 0
assert_missing "$HOME/.git-credentials"
assert_file_eq "$HF_DIR/token" "$TOK_PERSONAL"

pty_run "expect > 
send 2\\r
expect $PASTE_PROMPT
waitmodes -ECHO
sendpaste $TOK_WORK
send \\r
expect Save the token as a git credential for the Hub? [y/N] 
send y\\r
expect Token saved in git's credential helper.
wait" "$HF_AUTH" login --force
assert_ended 0
assert_ts_no_secret "$TOK_WORK"
assert_file_eq "$HOME/.git-credentials" "http://hf_user:$TOK_WORK@127.0.0.1%3a$FAKEHUB_PORT
"
assert_file_eq "$HF_DIR/token" "$TOK_WORK"

# Ctrl-C at the git question: the login itself is done; exit 130.
pty_run "expect > 
send 2\\r
expect $PASTE_PROMPT
waitmodes -ECHO
sendpaste $TOK_PERSONAL
send \\r
expect [y/N] 
idle
send \\x03
wait" "$HF_AUTH" login --force
assert_ended 130
assert_file_eq "$HF_DIR/token" "$TOK_PERSONAL"

# The token is in no file under HOME but the token files and the git
# credentials; no readline history anywhere.
found=$(grep -rlF -e "$TOK_WORK" -e "$TOK_PERSONAL" "$HOME" | sed "s|^$HOME/||" | LC_ALL=C sort)
[ "$found" = ".cache/huggingface/stored_tokens
.cache/huggingface/token
.git-credentials" ] || fail "files holding a token: $found"
[ -z "$(find "$HOME" -iname '*hist*')" ] || fail "a history file: $(find "$HOME" -iname '*hist*')"
git config --global --unset credential.helper

# (Under strace, LeakSanitizer cannot run: it is switched off there.)
# --- the prompt that promises hidden input is only shown once the terminal
# no longer echoes: a paste that follows it at once must not be echoed by
# the terminal itself.  Checked on the system calls: the last terminal-mode
# change before the prompt is written must have ECHO off. ----------------
if strace -o /dev/null true 2>/dev/null; then
    fresh
    pty_run "expect > 
send 2\\r
expect $PASTE_PROMPT
waitmodes -ECHO
send \\x04
wait" env ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" strace -f -qq -o "$PTY_DIR/strace" -e trace=ioctl,write -e signal=none \
        "$HF_AUTH" login
    assert_driver_ok
    assert_rc 1
    order=$($PY - "$PTY_DIR/strace" <<'EOF'
import re, sys
last = "no terminal-mode change"
for line in open(sys.argv[1], errors="replace"):
    if "TCSETS" in line:
        m = re.search(r"c_lflag=([A-Z0-9|]+)", line)
        flags = m.group(1).split("|") if m else []
        last = "ECHO on" if "ECHO" in flags else "ECHO off"
    elif re.search(r'write\(\d+, "Paste your access token', line):
        print(last)
        break
else:
    print("the prompt was not written")
EOF
)
    [ "$order" = "ECHO off" ] ||
        fail "the hidden-input prompt was written while the terminal echoed (last mode change before it: $order)"
else
    echo "strace cannot run here: the echo-ordering check is skipped"
fi

# --- a Ctrl-C that comes while the prompt is still being drawn is not lost:
# strace holds each write for 0.15 s, so the Ctrl-C typed as soon as the
# terminal leaves echo mode arrives before the prompt starts to wait for
# keys.  It must still end the prompt (exit 130), not wait for a keypress. --
if strace -o /dev/null true 2>/dev/null; then
    fresh
    PTY_STEP_TIMEOUT=6 pty_run "expect > 
send 2\\r
expect $PASTE_PROMPT
waitmodes -ECHO
send \\x03
wait" env ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" strace -f -qq -o /dev/null -e trace=write -e inject=write:delay_exit=150000 \
        "$HF_AUTH" login
    grep -q '^ptydrive: exit ' "$PTY_REPORT" ||
        fail "Ctrl-C typed while the hidden prompt was starting was lost: the prompt still waits"
    assert_rc 130
    assert_modes_restored
    assert_missing "$HF_DIR/token"
fi
