#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/shell/test-hook-switch.sh - hf-switch in bash, zsh and fish: HF_TOKEN
# set in the calling shell for hostile token names and values (nothing of
# them ever runs), failures that leave HF_TOKEN and the token file alone
# and return the command's status, --help, no token under xtrace, and the
# picker on a terminal when no name is given.
# shellcheck disable=SC2016,SC1003 # code in single quotes runs in other shells
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/shell/shlib.sh"

# Names and values a shell would run or expand if they reached it as code,
# each value being what `hf-switch NAME` must leave in HF_TOKEN.  hf-auth
# refuses a value with a blank, control or non-ASCII character (tokens never
# have one): ${IFS} stands in for a blank.
P=$PWNED
NAMES=(
    "it's" "\$(touch $P-n1)" "\`touch $P-n2\`" 'back\slash\' 'semi;colon&|'
    'dq"quote' 'café ☕' 'ci token' '*glob?[x]' '${HOME}$HOME' '%s%n!'
)
VALUES=(
    "hf_it's'" "hf_\$(touch\${IFS}$P-v1)" "hf_\`touch\${IFS}$P-v2\`" 'hf_\'\''\\\'
    'hf_a;b&c|d' 'hf_"dq"\"' "hf_'\$'\\x41'" 'hf_<>(){}#~' 'hf_*?[x]'
    'hf_${HOME}$HOME' 'hf_%s%n!'
)
args=()
for i in "${!NAMES[@]}"; do args+=("${NAMES[$i]}" "${VALUES[$i]}"); done
store "${args[@]}"
activate "$TOK_WORK"
expected=$(printf '%s\n' "${VALUES[@]}")$'\n'
last=${VALUES[${#VALUES[@]} - 1]}

check_hostile() {   # SHELL: what the loop printed, and nothing ran
    echo "--- $1"
    assert_rc 0
    assert_out_eq "$expected"
    for v in "${VALUES[@]}"; do assert_err_lacks "$v"; done
    assert_not_pwned
    assert_file_eq "$HF_DIR/token" "$last"
    activate "$TOK_WORK"
}
in_bash 'for n; do hf-switch "$n" || echo "rc=$?"; printf "%s\n" "$HF_TOKEN"; done' "${NAMES[@]}"
check_hostile bash
in_zsh 'for n; do hf-switch "$n" || echo "rc=$?"; printf "%s\n" "$HF_TOKEN"; done' "${NAMES[@]}"
check_hostile zsh
in_fish 'for n in $argv; hf-switch $n; or echo "rc=$status"; printf "%s\n" "$HF_TOKEN"; end' "${NAMES[@]}"
check_hostile fish

# Failures: unknown name (1), no name without a terminal (2), bad option
# (2), a name with a newline (1), stored values with a continuation line
# (configparser joins it, and Python drops the line break: here that
# leaves a blank), a tab, a blank (with a command substitution) or a
# non-ASCII character (1): HF_TOKEN, set by hand or unset, stays as it was,
# the token file too, nothing reaches stdout and nothing runs.
store work "$TOK_WORK" multi "hf_first
  second half" tab "hf_a	b" blank "hf_\$(touch $P-b)" utf8 "hf_café"
activate "$TOK_WORK"
KEEP="keep'me \$(touch $P-k)"
FAILS=(nosuch "" --bogus "bad
name" multi tab blank utf8)
check_failures() {   # SHELL
    echo "--- $1"
    assert_rc 0
    assert_out_eq "1 [$KEEP]
2 [$KEEP]
2 [$KEEP]
1 [$KEEP]
1 [$KEEP]
1 [$KEEP]
1 [$KEEP]
1 [$KEEP]
1 <unset>
"
    assert_file_eq "$HF_DIR/token" "$TOK_WORK"
    assert_not_pwned
}
fail_loop='for n; do
    if [ -n "$n" ]; then hf-switch "$n"; else hf-switch; fi
    echo "$? [$HF_TOKEN]"
done
unset HF_TOKEN; hf-switch nosuch; echo "$? ${HF_TOKEN-<unset>}"'
HF_TOKEN=$KEEP in_bash "$fail_loop" "${FAILS[@]}"
check_failures bash
HF_TOKEN=$KEEP in_zsh "$fail_loop" "${FAILS[@]}"
check_failures zsh
HF_TOKEN=$KEEP in_fish 'for n in $argv
    if test -n "$n"; hf-switch $n; else; hf-switch; end
    echo "$status [$HF_TOKEN]"
end
set -e HF_TOKEN; hf-switch nosuch; echo $status (set -q HF_TOKEN; and echo set; or echo "<unset>")' "${FAILS[@]}"
check_failures fish

# Success over a value set by hand: hf-auth does not see it (no warning that
# HF_TOKEN overrides the switch), and stdout stays empty.
for sh in bash zsh; do
    HF_TOKEN=$KEEP in_$sh 'hf-switch work; echo "$? $HF_TOKEN"'
    assert_out_eq "0 $TOK_WORK
"
    assert_err_lacks warning
done
HF_TOKEN=$KEEP in_fish 'hf-switch work; echo "$status $HF_TOKEN"'
assert_out_eq "0 $TOK_WORK
"
assert_err_lacks warning

# --help shows the command's help and changes nothing.
for sh in bash zsh; do
    HF_TOKEN=$KEEP in_$sh 'hf-switch --help; echo "rc=$? [$HF_TOKEN]"'
    assert_out_has "usage: hf-auth switch"
    assert_out_has "rc=0 [$KEEP]"
done
HF_TOKEN=$KEEP in_fish 'hf-switch --help; echo "rc=$status [$HF_TOKEN]"'
assert_out_has "usage: hf-auth switch"
assert_out_has "rc=0 [$KEEP]"

# xtrace on: the function, its eval and the prompt hook (a prompt that
# follows a change, then one with nothing changed) print no token, and
# xtrace is still on afterwards (and still off when it was off).
store work "$TOK_WORK" personal "$TOK_PERSONAL"
activate "$TOK_PERSONAL"
in_bash 'set -x; hf-switch work; "$HF_AUTH" switch personal 2>/dev/null
_hfa_prompt; _hfa_prompt; case $- in *x*) echo on;; esac; set +x
hf-switch work; case $- in *x*) echo on2;; esac; echo "$HF_TOKEN"'
assert_out_eq "on
$TOK_WORK
"
assert_err_has "hf-switch work"
assert_err_lacks "$TOK_WORK"
assert_err_lacks "$TOK_PERSONAL"
in_zsh 'setopt xtrace; hf-switch work; "$HF_AUTH" switch personal 2>/dev/null
_hfa_prompt; _hfa_prompt; [[ -o xtrace ]] && echo on; unsetopt xtrace
hf-switch work; [[ -o xtrace ]] && echo on2; echo "$HF_TOKEN"'
assert_out_eq "on
$TOK_WORK
"
assert_err_has "hf-switch work"
assert_err_lacks "$TOK_WORK"
assert_err_lacks "$TOK_PERSONAL"
in_fish 'set fish_trace 1; hf-switch work; $HF_AUTH switch personal 2>/dev/null
__hfa_prompt; __hfa_prompt; set -q fish_trace; and echo on; set -e fish_trace
hf-switch work; echo "$HF_TOKEN"'
assert_out_eq "on
$TOK_WORK
"
assert_err_has "hf-switch work"
assert_err_lacks "$TOK_WORK"
assert_err_lacks "$TOK_PERSONAL"

# No name on a terminal: the hf-auth picker, drawn on the terminal while
# the function reads only the code; Enter on an empty line cancels (1),
# HF_TOKEN unchanged.  $? survives the prompt hook.
store "ci token" "$TOK_CI" work "$TOK_WORK"
for sh in bash zsh fish; do
    activate "$TOK_WORK"
    case $sh in
    bash) shell=$BASH_I st='$?'
          setup="PS1='R''DY> '; eval \"\$(\"\$HF_AUTH\" init bash)\"" ;;
    zsh) shell=$ZSH_I st='$?'
         setup="PS1='R''DY> '; eval \"\$(\"\$HF_AUTH\" init zsh)\"" ;;
    fish) shell=$FISH_I st='$status'
          setup="function fish_prompt; printf 'R''DY> '; end; \$HF_AUTH init fish | source" ;;
    esac
    # shellcheck disable=SC2086 # the shell and its options
    pty $shell <<EOF
>$setup\r
?RDY> 
>hf-switch\r
?Token name
>ci\t\r
?RDY> 
>echo $st "\$HF_TOKEN" >>$T/picked.$sh\r
?RDY> 
>hf-switch\r
?Token name
>\r
?RDY> 
>echo $st "\$HF_TOKEN" >>$T/picked.$sh\r
?RDY> 
>exit\r
EOF
    assert_file_eq "$T/picked.$sh" "0 $TOK_CI
1 $TOK_CI
"
    assert_file_eq "$HF_DIR/token" "$TOK_CI"
done
