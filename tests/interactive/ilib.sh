# SPDX-License-Identifier: Apache-2.0
# tests/interactive/ilib.sh - helpers of the interactive tests
# (tests/interactive/test-*.sh); source it after tests/lib.sh and
# tests/cmd/cmdlib.sh.
#
#   pty_run SCRIPT CMD ARGS...   runs CMD under ptydrive on a new terminal,
#                       following SCRIPT (the steps, one a line; see
#                       ptydrive.c); CMD's stdout goes to $PTY_STDOUT.
#                       Sets RC (CMD's exit status), OUT (CMD's stdout),
#                       ERR (the driver's report and the transcript, for
#                       failure messages) and leaves the raw terminal
#                       output in $PTY_TRANSCRIPT.
#   assert_driver_ok    the script ran to its end (no step failed)
#   assert_modes_restored   the terminal's modes after CMD exited are the
#                       modes it started with
#   assert_ts_has TEXT / assert_ts_lacks TEXT    on the transcript
#   assert_ts_no_secret TOKEN   neither TOKEN nor any 6-character piece of
#                       it is in the transcript
#   assert_ts_quiet_after PROMPT   between PROMPT and the next message the
#                       command drew nothing but line ends and the
#                       bracketed-paste mode switches (no echo, no stars)
#   hub_oauth JSON      writes the fake Hub's oauth.json
#   store_field SECTION KEY   prints a value of stored_tokens
#   dump_files DIR      the files under DIR, one relative path a line
set -u
PTYDRIVE=$HFA_BUILD/tests/ptydrive
[ -x "$PTYDRIVE" ] || fail "$PTYDRIVE not built (make check-build)"
PTY_DIR=$T/pty
mkdir -p "$PTY_DIR"
PTY_SCRIPT=$PTY_DIR/script
PTY_STDOUT=$PTY_DIR/stdout
PTY_TRANSCRIPT=$PTY_DIR/transcript
PTY_REPORT=$PTY_DIR/report
# Per-step and global bounds of one pty_run, in seconds.
PTY_STEP_TIMEOUT=${PTY_STEP_TIMEOUT:-10}
PTY_TIMEOUT=${PTY_TIMEOUT:-40}
export TERM=xterm

# fail() names the line of the caller outside lib.sh; these helpers name
# the test's line themselves.
_ifail() {
    local frame=1
    while [ "${BASH_SOURCE[$frame]##*/}" = ilib.sh ] && [ $frame -lt $((${#BASH_SOURCE[@]} - 1)) ]; do
        frame=$((frame + 1))
    done
    fail "${BASH_SOURCE[$frame]##*/}:${BASH_LINENO[$((frame - 1))]}: $*"
}

# shellcheck disable=SC2034  # RC, OUT, ERR are for the test and fail()
pty_run() {
    local script=$1
    shift
    printf '%s\n' "$script" >"$PTY_SCRIPT"
    rm -f "$PTY_STDOUT" "$PTY_TRANSCRIPT" "$PTY_REPORT"
    "$PTYDRIVE" --timeout "$PTY_TIMEOUT" --step-timeout "$PTY_STEP_TIMEOUT" \
        --stdout "$PTY_STDOUT" --transcript "$PTY_TRANSCRIPT" \
        "$PTY_SCRIPT" -- "$@" 2>"$PTY_REPORT" </dev/null
    RC=$?
    OUT=$(cat "$PTY_STDOUT" 2>/dev/null; echo x); OUT=${OUT%x}
    ERR="$(cat "$PTY_REPORT")
--- transcript (cat -v) ---
$(cat -v "$PTY_TRANSCRIPT" 2>/dev/null | tail -c 1500)"
    return 0
}

assert_driver_ok() {
    grep -q '^ptydrive: exit ' "$PTY_REPORT" ||
        _ifail "the terminal script did not run to its end"
}
assert_modes_restored() {
    grep -qx 'ptydrive: modes restored' "$PTY_REPORT" ||
        _ifail "the terminal's modes were not restored"
}
# The usual end of a terminal script: it ran to its end, the command
# exited RC, and the terminal's modes are as they were.
assert_ended() {   # RC
    assert_driver_ok
    assert_rc "$1"
    assert_modes_restored
}
_ts() { cat "$PTY_TRANSCRIPT" 2>/dev/null; }
assert_ts_has() {
    case $(_ts) in *"$1"*) ;; *) _ifail "the terminal did not show [$1]";; esac
}
assert_ts_lacks() {
    case $(_ts) in *"$1"*) _ifail "the terminal showed [$1]";; esac
}
assert_ts_no_secret() {
    local piece
    piece=$($PY - "$PTY_TRANSCRIPT" "$1" <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
token = sys.argv[2].encode()
for i in range(len(token) - 5):
    if token[i:i + 6] in data:
        print(token[i:i + 6].decode())
        break
EOF
)
    [ -z "$piece" ] || _ifail "the terminal showed [$piece], a piece of the token"
}
assert_ts_quiet_after() {
    local drawn
    drawn=$($PY - "$PTY_TRANSCRIPT" "$1" <<'EOF'
import re, sys
data = open(sys.argv[1], "rb").read()
at = data.find(sys.argv[2].encode())
if at < 0:
    print("<the prompt is not in the transcript>")
    sys.exit()
rest = data[at + len(sys.argv[2]):]
# Up to the next message: a letter after the line ends.
m = re.search(rb"[A-Za-z]", rest.replace(b"\x1b[?2004h", b"").replace(b"\x1b[?2004l", b""))
drawn = rest.replace(b"\x1b[?2004h", b"").replace(b"\x1b[?2004l", b"")
drawn = drawn[:m.start()] if m else drawn
if drawn.strip(b"\r\n"):
    print(repr(drawn))
EOF
)
    [ -z "$drawn" ] || _ifail "after [$1] the terminal showed $drawn"
}

hub_oauth() { _hub_state oauth.json "$1"; }

store_field() {
    $PY - "$HF_DIR/stored_tokens" "$1" "$2" <<'EOF'
import configparser, sys
c = configparser.ConfigParser(interpolation=None)
c.read(sys.argv[1])
print(c.get(sys.argv[2], sys.argv[3], fallback="<none>"))
EOF
}

dump_files() {
    (cd "$1" && find . -type f -printf '%P\n' | LC_ALL=C sort)
}
