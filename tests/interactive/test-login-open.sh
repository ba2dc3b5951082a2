#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/interactive/test-login-open.sh - the browser login on a desktop:
# with a display (DISPLAY or WAYLAND_DISPLAY) and xdg-open on PATH, `hf-auth
# login` on a terminal offers "Press Enter to open <url> in your browser"
# as gh does, and runs xdg-open with the plain verification address as its
# one argument: no shell, its own session, stdin/stdout/stderr on
# /dev/null, no HF_TOKEN, not waited for beyond a bound.  Without a display
# (ssh to a login node), without xdg-open, without a terminal, or with an
# address that is not a plain http(s) URL, nothing changes.  xdg-open is a
# fake here that records what it got.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"
. "$HFA_SRC/tests/interactive/ilib.sh"
start_fakehub
URI=$HF_ENDPOINT/oauth/device
PRESS="Press Enter to open $URI in your browser... "
fresh() { rm -rf "$HF_DIR" "$FAKEHUB_DIR/issued.json" "$RECORD"; hub_oauth '{"interval": 1}'; }

# The fake xdg-open: records its argv, descriptors, session and whether it
# saw a token, then exits with $FAKE_XDG_EXIT, or with FAKE_XDG_HANG set
# stays (as xdg-open may, while the browser it started runs).
BIN=$T/bin
RECORD=$T/xdg-open.record
mkdir -p "$BIN"
cat >"$BIN/xdg-open" <<EOF
#!/bin/sh
out0=\$(readlink /proc/\$\$/fd/0) out1=\$(readlink /proc/\$\$/fd/1) out2=\$(readlink /proc/\$\$/fd/2)
fds=\$(for f in /proc/\$\$/fd/*; do printf '%s>%s ' "\${f##*/}" "\$(readlink "\$f")"; done)
{
    echo "argc=\$#"
    for a in "\$@"; do echo "arg=\$a"; done
    echo "stdin=\$out0"; echo "stdout=\$out1"; echo "stderr=\$out2"
    echo "fds=\$fds"
    echo "session=\$(ps -o sid= -p \$\$ | tr -d ' ') pid=\$\$"
    echo "hf_token=\${HF_TOKEN-unset} hub_token=\${HUGGING_FACE_HUB_TOKEN-unset}"
} >"$RECORD.tmp"
mv "$RECORD.tmp" "$RECORD"
[ -n "\${FAKE_XDG_HANG:-}" ] && exec sleep 30
exit \${FAKE_XDG_EXIT:-0}
EOF
chmod 0755 "$BIN/xdg-open"
DESKTOP_PATH=$BIN:$PATH
record() { cat "$RECORD" 2>/dev/null; }
# Waits (10 s at most) for the fake to have written its record.
wait_record() {
    for _ in $(seq 1 200); do [ -s "$RECORD" ] && return 0; sleep 0.05; done
    fail "xdg-open was not run"
}
OPEN_SCRIPT="expect > 
send 1\\r
expect $PRESS
send \\r
expect Login successful
wait"

# --- a desktop: offered, Enter opens the plain address, the login goes on ---
fresh
pty_run "$OPEN_SCRIPT" env DISPLAY=:99 PATH="$DESKTOP_PATH" "$HF_AUTH" login
assert_ended 0
assert_out_empty
wait_record
R=$(record)
[ "$(printf '%s\n' "$R" | sed -n '1,2p')" = "argc=1
arg=$URI" ] || fail "xdg-open's argv: $R"
printf '%s\n' "$R" | grep -qx 'stdin=/dev/null' || fail "xdg-open's stdin: $R"
printf '%s\n' "$R" | grep -qx 'stdout=/dev/null' || fail "xdg-open's stdout: $R"
printf '%s\n' "$R" | grep -qx 'stderr=/dev/null' || fail "xdg-open's stderr: $R"
# Nothing of hf-auth's (its terminal, a file): 0, 1 and 2 on /dev/null,
# the script that dash keeps open, the pipe of the $(...) that listed them.
left=$(printf '%s\n' "$R" | sed -n 's/^fds=//p' | tr ' ' '\n' |
       grep -v -e '^[012]>/dev/null$' -e "^[0-9]*>$BIN/xdg-open\$" -e '^[0-9]*>pipe:' |
       grep . || true)
[ -z "$left" ] || fail "xdg-open inherited descriptors: $left"
sid=$(printf '%s\n' "$R" | sed -n 's/^session=\([0-9]*\) pid=\([0-9]*\)$/\1 \2/p')
[ -n "$sid" ] && [ "${sid% *}" = "${sid#* }" ] || fail "xdg-open is not in a session of its own: $sid"
# The address shown is the one opened, with the code to type; the user
# code never went to xdg-open's argv.
assert_ts_has "open this address in a browser:"
assert_ts_has "    $URI"
assert_ts_has "and enter the code ABCD-EFGH."
assert_ts_lacks "user_code="
case $R in *ABCD-EFGH*|*user_code*) fail "the user code went to xdg-open: $R";; esac
assert_ts_has "Login successful: the active token is now 'oauth-alice'"
[ "$(store_field oauth-alice hf_token)" != "<none>" ] || fail "nothing saved"

# WAYLAND_DISPLAY alone is a desktop too; a token in the environment
# (login --force over HF_TOKEN) does not reach the browser.
fresh
pty_run "$OPEN_SCRIPT" env WAYLAND_DISPLAY=wayland-0 HF_TOKEN="$TOK_PERSONAL" \
    HUGGING_FACE_HUB_TOKEN="$TOK_CI" PATH="$DESKTOP_PATH" "$HF_AUTH" login --force
assert_ended 0
wait_record
printf '%s\n' "$(record)" | grep -qx 'hf_token=unset hub_token=unset' ||
    fail "a token reached xdg-open's environment: $(record)"

# --- xdg-open fails: said, and the login still works -----------------------
fresh
pty_run "$OPEN_SCRIPT" env DISPLAY=:99 FAKE_XDG_EXIT=3 PATH="$DESKTOP_PATH" "$HF_AUTH" login
assert_ended 0
assert_ts_has "warning: xdg-open could not open a browser (exit status 3); open the address above yourself"

# --- xdg-open stays (it is running the browser): not waited for ------------
# The login polls on and ends; the fake is left running (its own session,
# so the end of hf-auth does not take it down), and stopped here.
trap '[ -s "$RECORD" ] && kill "$(sed -n "s/^session=[0-9]* pid=//p" "$RECORD")" 2>/dev/null; _hfa_cleanup' EXIT
fresh
pty_run "$OPEN_SCRIPT" env DISPLAY=:99 FAKE_XDG_HANG=1 PATH="$DESKTOP_PATH" "$HF_AUTH" login
wait_record
hung=$(sed -n 's/^session=[0-9]* pid=\([0-9]*\)$/\1/p' "$RECORD")
alive=no
[ -n "$hung" ] && kill "$hung" 2>/dev/null && alive=yes
assert_ended 0
assert_ts_lacks "warning:"
[ "$alive" = yes ] || fail "the hanging xdg-open was not running after the login"

# --- Ctrl-C and Ctrl-D at the offer: cancelled, nothing run, nothing saved --
for key in '\x03 130' '\x04 1'; do
    fresh
    pty_run "expect > 
send 1\\r
expect $PRESS
send ${key% *}
expect Login cancelled; nothing was saved.
wait" env DISPLAY=:99 PATH="$DESKTOP_PATH" "$HF_AUTH" login
    assert_ended "${key#* }"
    assert_missing "$HF_DIR"
    assert_missing "$RECORD"
done

# --- no offer: no display, no xdg-open, an address not to hand over, no
# terminal.  The usual message with the complete address, and xdg-open
# never runs. ---------------------------------------------------------------
PLAIN_SCRIPT="expect > 
send 1\\r
expect Login successful
wait"
fresh
pty_run "$PLAIN_SCRIPT" env -u DISPLAY -u WAYLAND_DISPLAY PATH="$DESKTOP_PATH" "$HF_AUTH" login
assert_ended 0
assert_ts_lacks "Press Enter"
assert_ts_has "$URI?user_code=ABCD-EFGH"
assert_missing "$RECORD"
# an empty DISPLAY is no display
fresh
pty_run "$PLAIN_SCRIPT" env DISPLAY= PATH="$DESKTOP_PATH" "$HF_AUTH" login
assert_ended 0
assert_ts_lacks "Press Enter"
assert_missing "$RECORD"
# xdg-open only in a relative PATH entry, or nowhere
fresh
(cd "$T" && pty_run "$PLAIN_SCRIPT" env DISPLAY=:99 PATH="bin:$PATH" "$HF_AUTH" login)
assert_missing "$RECORD"
fresh
pty_run "$PLAIN_SCRIPT" env DISPLAY=:99 "$HF_AUTH" login
assert_ended 0
assert_ts_lacks "Press Enter"
# The Hub's address is untrusted: not http(s), or with characters a URL
# does not need, it is shown but never handed to xdg-open.
for uri in "file:///etc/passwd" "/usr/share/applications/x.desktop" \
           "https://hub.example/\$(id)" "https://hub.example/a'b" \
           "https://hub.example/a b"; do
    fresh
    hub_oauth "{\"interval\": 1, \"verification_uri\": \"$uri\"}"
    pty_run "$PLAIN_SCRIPT" env DISPLAY=:99 PATH="$DESKTOP_PATH" "$HF_AUTH" login
    assert_ended 0
    assert_ts_lacks "Press Enter"
    assert_missing "$RECORD"
done
# No terminal: the browser login prints and polls, as before.
fresh
run env DISPLAY=:99 PATH="$DESKTOP_PATH" "$HF_AUTH" login
assert_rc 0
assert_err_lacks "Press Enter"
assert_err_has "$URI?user_code=ABCD-EFGH"
assert_missing "$RECORD"

echo "test-login-open: all passed"
