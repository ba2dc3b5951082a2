#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/shell/test-hook-preexec.sh - the first command typed after a switch
# in another shell already sees the new token (docs/design.md,
# "The shell hooks"), in real bash, zsh and fish terminals: shell A
# switches, logs out, switches back while B sits at its prompt; the very
# next line typed in B prints HF_TOKEN.  An HF_TOKEN the user exported is
# never touched.  bash: with the hook's own DEBUG trap; with a DEBUG trap of
# the user's set before the hook (it still runs, with $? and $_ as they
# were); with a bash-preexec-style preexec_functions; with PROMPT_COMMAND
# holding more than the hook; and with extdebug, where a failed trap would
# skip the command.  The line also sees $? and $_ of the line before, as
# without the hook.
# shellcheck disable=SC2016 # code in single quotes runs in other shells
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/shell/shlib.sh"

A_SWITCH="bash --norc --noprofile -c 'eval \"\$(\"\$HF_AUTH\" init bash)\"; hf-switch \$0 2>/dev/null'"
A_LOGOUT="bash --norc --noprofile -c 'eval \"\$(\"\$HF_AUTH\" init bash)\"; hf-logout 2>/dev/null'"
# A bash-preexec stand-in: runs preexec_functions once per command line.
MOCK_BP='bash_preexec_imported=defined preexec_functions=() bp_armed=; PROMPT_COMMAND=bp_armed=1; trap "[[ ! \$bp_armed ]] || { bp_armed=; for f in \"\${preexec_functions[@]}\"; do \"\$f\"; done; }" DEBUG'
# A user's trap that keeps $_ itself, as one must.
USER_TRAP="trap 'r=\$? l=\$_; echo \"trap \$r \$l\" >>$T/trap.log; : \"\$l\"' DEBUG"
LOAD_BASH='eval "$("$HF_AUTH" init bash)"'

# preexec SHELL FILE SETUP...: the scenario typed into SHELL; what B
# printed goes to FILE.
preexec() {
    local sh=$1 out=$2 shell setup show
    shift 2
    store personal "$TOK_PERSONAL" work "$TOK_WORK" ci "$TOK_CI"
    activate "$TOK_WORK"
    case $sh in
    bash) shell=$BASH_I; setup="PS1='R''DY> '; $*"
          show="printf '%s\\n' \"\${HF_TOKEN-<unset>}\" >>$out" ;;
    zsh) shell=$ZSH_I; setup="PS1='R''DY> '; eval \"\$(\"\$HF_AUTH\" init zsh)\""
         show="printf '%s\\n' \"\${HF_TOKEN-<unset>}\" >>$out" ;;
    fish) shell=$FISH_I
          setup="function fish_prompt; printf 'R''DY> '; end; \$HF_AUTH init fish | source"
          show="set -q HF_TOKEN; and echo \$HF_TOKEN >>$out; or echo '<unset>' >>$out" ;;
    esac
    # shellcheck disable=SC2086 # the shell and its options
    pty $shell <<EOF
>$setup\r
?RDY> 
>$show\r
?RDY> 
!$A_SWITCH personal
>$show\r
?RDY> 
!$A_LOGOUT
>$show\r
?RDY> 
!printf '[personal]\nhf_token = %s\n' "$TOK_PERSONAL" >"$HF_DIR/stored_tokens"; printf %s "$TOK_CI" >"$HF_DIR/token"
>$show\r
?RDY> 
>export HF_TOKEN=mine\r
?RDY> 
!$A_SWITCH personal
>$show\r
?RDY> 
>exit\r
EOF
    assert_file_eq "$out" "$TOK_WORK
$TOK_PERSONAL
<unset>
$TOK_CI
mine
"
}

preexec zsh "$T/zsh"
preexec fish "$T/fish"
preexec bash "$T/bash" "$LOAD_BASH"
preexec bash "$T/bash-pc" 'PROMPT_COMMAND=("history -a" ": two"); '"$LOAD_BASH"
preexec bash "$T/bash-extdebug" "shopt -s extdebug; $LOAD_BASH"
preexec bash "$T/bash-bp" "$MOCK_BP; $LOAD_BASH"
preexec bash "$T/bash-trap" "$USER_TRAP; $LOAD_BASH"
[ -s "$T/trap.log" ] || fail "the user's DEBUG trap stopped running"

# $? and $_ reach the next line as without the hook, with the hook's trap
# and with the user's chained after it (which sees them too).
for setup in "$LOAD_BASH" "$USER_TRAP; $LOAD_BASH"; do
    : >"$T/trap.log"
    rm -f "$T/keep"
    store personal "$TOK_PERSONAL" work "$TOK_WORK"
    activate "$TOK_WORK"
    # shellcheck disable=SC2086 # the shell and its options
    pty $BASH_I <<EOF
>PS1='R''DY> '; $setup\r
?RDY> 
>echo last-arg >/dev/null\r
?RDY> 
!$A_SWITCH personal
>echo "\$_" >>$T/keep\r
?RDY> 
>false\r
?RDY> 
!$A_SWITCH work
>echo "rc=\$?" >>$T/keep\r
?RDY> 
>exit\r
EOF
    assert_file_eq "$T/keep" "last-arg
rc=1
"
    case $setup in
    *trap*) grep -qx 'trap 0 last-arg' "$T/trap.log" ||
                fail "the user's trap saw: $(cat "$T/trap.log")"
            grep -qx 'trap 1 false' "$T/trap.log" ||
                fail "the user's trap saw: $(cat "$T/trap.log")" ;;
    esac
done
