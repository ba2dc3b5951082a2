#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/shell/test-hook-login.sh - hf-login and hf-logout in bash, zsh and
# fish against the fake Hub: HF_TOKEN matches the active token after each
# success (over a value set by hand too), and stays as it was after a
# failure, which returns the command's status; --help changes nothing.
# shellcheck disable=SC2016,SC2119 # code in single quotes runs in other shells
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/shell/shlib.sh"
start_fakehub

printf '%s\n' "$TOK_PERSONAL" >"$T/personal"
STEPS='hf-login --token "$1"; s login $?
hf-login --token "$2"; s rejected $?
hf-login --token-stdin <"$3"; s stdin $?
hf-logout --token-name work; s logout-other $?
hf-logout --token-name nosuch; s logout-unknown $?
export HF_TOKEN=mine; hf-logout --token-name personal; s logout-active $?
export HF_TOKEN=by-hand; hf-login --help >/dev/null; s help $?
hf-login --token "$4"; s login-over $?
unset HF_TOKEN; hf-logout; s logout-all $?'
EXPECTED="login 0 $TOK_WORK
rejected 3 $TOK_WORK
stdin 0 $TOK_PERSONAL
logout-other 0 $TOK_PERSONAL
logout-unknown 1 $TOK_PERSONAL
logout-active 0 <unset>
help 0 by-hand
login-over 0 $TOK_CI
logout-all 0 <unset>
"
check() {   # SHELL
    echo "--- $1"
    assert_rc 0
    assert_out_eq "$EXPECTED"
    assert_missing "$HF_DIR/token"
    assert_missing "$HF_DIR/stored_tokens"
}
ARGS=("$TOK_WORK" "$TOK_BAD" "$T/personal" "$TOK_CI")

in_bash 's() { echo "$1 $2 ${HF_TOKEN-<unset>}"; }
'"$STEPS" "${ARGS[@]}"
check bash
in_zsh 's() { echo "$1 $2 ${HF_TOKEN-<unset>}"; }
'"$STEPS" "${ARGS[@]}"
check zsh
fish_steps=${STEPS//'$?'/'$status'}
for i in 1 2 3 4; do fish_steps=${fish_steps//\"\$$i\"/\$argv[$i]}; done
fish_steps=${fish_steps//export HF_TOKEN=/set -gx HF_TOKEN }
fish_steps=${fish_steps//unset HF_TOKEN/set -e HF_TOKEN}
in_fish 'function s; set -q HF_TOKEN; and echo $argv $HF_TOKEN; or echo $argv "<unset>"; end
'"$fish_steps" "${ARGS[@]}"
check fish
