#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/interactive/test-switch-picker.sh - `hf-auth switch` with no name on
# a terminal (hf-auth(1), switch): the readline picker lists the stored
# names with the active one marked, Tab completes names (blanks included), a
# number picks too; with --export only the shell code reaches stdout while
# the picker is drawn on the terminal; Enter on an empty line, Ctrl-D and
# Ctrl-C change nothing and leave the terminal as it was.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"
. "$HFA_SRC/tests/interactive/ilib.sh"
start_fakehub

for tok in "$TOK_PERSONAL" "$TOK_CI" "$TOK_WORK"; do
    run "$HF_AUTH" login --token "$tok"
    assert_rc 0
done
STORE=$(cat "$HF_DIR/stored_tokens")
LIST="Stored tokens ('*' is the active one):
  1) ci token
  2) personal
* 3) work
Token name or number (Tab completes; Enter on an empty line cancels):"
LIST=${LIST//$'\n'/$'\r\n'}    # as the terminal shows it
assert_store_unchanged() {
    [ "$(cat "$HF_DIR/stored_tokens")" = "$STORE" ] || fail "stored_tokens changed"
}

# --- Tab completes a unique prefix; Enter switches; only code on stdout -----
pty_run "expect > 
send pe\\t
expect personal
send \\r
expect Switched to 'personal'.
wait" "$HF_AUTH" switch --export bash
assert_ended 0
assert_out_eq "export HF_TOKEN='$TOK_PERSONAL'
"
assert_ts_has "$LIST"
assert_ts_no_secret "$TOK_PERSONAL"
assert_file_eq "$HF_DIR/token" "$TOK_PERSONAL"
assert_store_unchanged

# --- a number; the active mark follows the switch ---------------------------
pty_run "expect * 2) personal
expect > 
send 3\\r
expect Switched to 'work'.
wait" "$HF_AUTH" switch --export bash
assert_ended 0
assert_out_eq "export HF_TOKEN='$TOK_WORK'
"
assert_file_eq "$HF_DIR/token" "$TOK_WORK"

# --- a name with a blank completes whole; fish code ------------------------
pty_run "expect > 
send ci\\t
expect ci token
send \\r
expect Switched to 'ci token'.
wait" "$HF_AUTH" switch --export fish
assert_ended 0
assert_out_eq "set -gx HF_TOKEN '$TOK_CI'
"
assert_file_eq "$HF_DIR/token" "$TOK_CI"

# --- an unknown name asks again; without --export nothing on stdout --------
pty_run "expect > 
send nope\\r
expect No stored token 'nope'; type a name or a number from the list.
expect > 
send work\\r
expect Switched to 'work'.
wait" "$HF_AUTH" switch
assert_ended 0
assert_out_empty
assert_file_eq "$HF_DIR/token" "$TOK_WORK"
assert_store_unchanged

# --- Enter on an empty line, Ctrl-D, Ctrl-C: nothing changes ----------------
snap_take "$HF_DIR"
for how in '\r' '\x04' '\x03'; do
    case $how in
    '\r') want=1 ;;
    '\x04') want=1 ;;
    *) want=130 ;;
    esac
    pty_run "expect > 
idle
send $how
wait" "$HF_AUTH" switch --export bash
    assert_driver_ok
    [ "$RC" = "$want" ] || fail "'$how' in the picker: exit $RC, expected $want"
    assert_modes_restored
    assert_out_empty
    snap_check "$HF_DIR"
done
pty_run "expect > 
send   \\r
expect No token chosen; nothing changed.
wait" "$HF_AUTH" switch --export bash
assert_driver_ok
assert_rc 1
assert_out_empty
snap_check "$HF_DIR"

# --- Ctrl-Z in the picker, then SIGCONT: the picker still works -------------
pty_run "expect > 
idle
send \\x1a
stopped
modes initial
signal CONT
waitmodes -ECHO -ICANON
send 2\\r
expect Switched to 'personal'.
wait" "$HF_AUTH" switch --export bash
assert_ended 0
assert_out_eq "export HF_TOKEN='$TOK_PERSONAL'
"
assert_file_eq "$HF_DIR/token" "$TOK_PERSONAL"

# --- names with escapes: shown filtered, never offered by Tab ---------------
# (a stored_tokens as Python writes it; the escapes must not reach the
# terminal, where readline's own sequences are the only ones.)
ESC_HF=$T/esc/hf
mkdir -p "$ESC_HF"
$PY - "$ESC_HF/stored_tokens" <<'EOF'
import configparser, sys
names = {"\x1b]52;c;SGVsbG8=\x07clip": "hf_escName00000000001",
         "cls\x1b[2J\x1b[H": "hf_escName00000000002",
         "csi\u009b31mred": "hf_escName00000000003",
         "plain": "hf_escName00000000004"}
c = configparser.ConfigParser(interpolation=None)
for name in sorted(names):
    c.add_section(name)
    c.set(name, "hf_token", names[name])
with open(sys.argv[1], "w", encoding="utf-8") as f:
    c.write(f)
EOF
printf '%s' hf_escName00000000003 >"$ESC_HF/token"
# No bell for a completion that finds nothing: a BEL here would be
# readline's, not the names'.
printf 'set bell-style none\n' >"$T/inputrc"
pty_run "expect > 
send cs\\t
idle
send \\r
expect No stored token 'cs'; type a name or a number from the list.
expect > 
send 2\\r
expect Switched to 'cls?[2J?[H'.
wait" env HF_HOME="$ESC_HF" INPUTRC="$T/inputrc" "$HF_AUTH" switch --export bash
assert_ended 0
assert_out_eq "export HF_TOKEN='hf_escName00000000002'
"
ESC_LIST="Stored tokens ('*' is the active one):
  1) ?]52;c;SGVsbG8=?clip
  2) cls?[2J?[H
* 3) csi?31mred
  4) plain"
assert_ts_has "${ESC_LIST//$'\n'/$'\r\n'}"
why=$($PY "$HFA_SRC/tests/clean_text.py" --terminal "$PTY_TRANSCRIPT") ||
    fail "escapes from the names reached the terminal: $why"
# Tab offered no name with a control: "cs" stayed "cs" (csi... holds a
# C1 CSI), which names nothing.
assert_file_eq "$ESC_HF/token" hf_escName00000000002

# No terminal and no name: a usage error, not a prompt.
run "$HF_AUTH" switch --export bash
assert_rc 2
assert_out_empty
