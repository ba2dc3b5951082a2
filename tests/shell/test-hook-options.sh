#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/shell/test-hook-options.sh - nothing in a hook ends or disturbs the
# shell (docs/design.md, "The shell hooks"): bash under set -e, set -u,
# xtrace, an odd or empty IFS; zsh under err_exit, nounset, xtrace, an odd
# IFS and options that change how words expand; fish with fish_trace; each
# with a normal, empty, missing or unreadable token file.  The options are
# set before the hook loads; then prompts, the check before a command, a
# switch in another shell, hf-switch: the shell must go on to its last line,
# print nothing but its own output (and, under xtrace, its trace, with no
# token in it).  Then each shell with all of them at once, typed in a
# terminal, where bash runs the DEBUG trap (extdebug too, which skips a
# command whose trap fails) and PROMPT_COMMAND for real.
# Unreadable needs another user than root: as root the shells run as
# nobody, in a home of nobody's.
# shellcheck disable=SC2016 # code in single quotes runs in other shells
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/shell/shlib.sh"

AS=()
if [ "$(id -u)" = 0 ]; then
    U=$(mktemp -d /tmp/hfa-opts.XXXXXX) || fail "mktemp"
    trap '_hfa_cleanup; rm -rf "$U"' EXIT
    chown 65534:65534 "$U"
    AS=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
    "${AS[@]}" test -x "$HF_AUTH" ||
        skip "$HF_AUTH cannot be run by nobody (a folder on its path is closed)"
    export HOME=$U
    HF_DIR=$HOME/.cache/huggingface
fi
export HF_DIR
as() { "${AS[@]}" "$@"; }
# state NAME: the active token file, as the shells' user writes it.
cat >"$HOME/state" <<EOF
mkdir -p "\$HF_DIR"
printf '[personal]\\nhf_token = $TOK_PERSONAL\\n\\n[work]\\nhf_token = $TOK_WORK\\n\\n' >"\$HF_DIR/stored_tokens"
rm -f "\$HF_DIR/token"
case \$1 in
normal) printf %s $TOK_PERSONAL >"\$HF_DIR/token" ;;
empty) : >"\$HF_DIR/token" ;;
unreadable) printf %s $TOK_PERSONAL >"\$HF_DIR/token"; chmod 000 "\$HF_DIR/token" ;;
esac
EOF
chmod 0755 "$HOME/state"
[ -n "${U:-}" ] && chown 65534:65534 "$HOME/state"

# What each shell runs after the options: prompts, the check before a
# command, another shell switching, hf-switch, prompts again.
BASH_STEPS='_hfa_prompt; _hfa_preexec; _hfa_prompt
"$HF_AUTH" switch work 2>/dev/null; _hfa_preexec; _hfa_prompt
hf-switch personal 2>/dev/null; _hfa_prompt; _hfa_preexec
echo "alive ${#HF_TOKEN}"'
ZSH_STEPS=$BASH_STEPS
FISH_STEPS='__hfa_prompt; emit fish_preexec; __hfa_prompt
$HF_AUTH switch work 2>/dev/null; emit fish_preexec; __hfa_prompt
hf-switch personal 2>/dev/null; __hfa_prompt; emit fish_preexec
set -e fish_trace; echo alive (string length -- $HF_TOKEN)'
BASH_OPTIONS=("set -e" "set -u" "set -x" "IFS=x" "IFS=" "set -euo pipefail; IFS=_")
ZSH_OPTIONS=("setopt err_exit" "setopt nounset" "setopt xtrace" "IFS=_"
             "setopt err_exit err_return nounset ksh_arrays sh_word_split glob_subst warn_create_global")
FISH_OPTIONS=("set fish_trace 1" "set -g IFS _")

# run_case SHELL OPTIONS STATE
run_case() {
    local sh=$1 opts=$2 state=$3
    as "$HOME/state" "$state"
    case $sh in
    bash) run as timeout 20 bash --norc --noprofile -c "$opts
eval \"\$(\"\$HF_AUTH\" init bash)\"
$BASH_STEPS" ;;
    zsh) run as timeout 20 zsh -f -c "$opts
eval \"\$(\"\$HF_AUTH\" init zsh)\"
$ZSH_STEPS" ;;
    fish) run as timeout 20 fish --no-config -c "$opts
\$HF_AUTH init fish | source
$FISH_STEPS" ;;
    esac
    echo "--- $sh [$opts] $state"
    assert_rc 0
    assert_out_eq "alive ${#TOK_PERSONAL}
"
    case $opts in
    *-x* | *xtrace* | *fish_trace*) assert_err_lacks "$TOK_PERSONAL"
                                    assert_err_lacks "$TOK_WORK" ;;
    *) assert_err_eq "" ;;
    esac
}
for state in normal empty missing unreadable; do
    for opts in "${BASH_OPTIONS[@]}"; do run_case bash "$opts" $state; done
    for opts in "${ZSH_OPTIONS[@]}"; do run_case zsh "$opts" $state; done
    for opts in "${FISH_OPTIONS[@]}"; do run_case fish "$opts" $state; done
done

# In terminals, all at once; the file goes through the four states between
# prompts.  Each line prints a marker the shell must reach.
for sh in bash zsh fish; do
    case $sh in
    bash) shell="bash --norc --noprofile -i"
          setup="PS1='R''DY> '; set -euo pipefail; shopt -s extdebug; IFS=_; trap 'echo T''RAP >/dev/null' DEBUG; eval \"\$(\"\$HF_AUTH\" init bash)\"; set -x" ;;
    zsh) shell="zsh -f -i"
         setup="PS1='R''DY> '; setopt err_exit nounset ksh_arrays sh_word_split; IFS=_; eval \"\$(\"\$HF_AUTH\" init zsh)\"; setopt xtrace" ;;
    fish) shell="fish --no-config -i"
          setup="function fish_prompt; printf 'R''DY> '; end; \$HF_AUTH init fish | source; set fish_trace 1" ;;
    esac
    script=">$setup\\r
?RDY> "
    for state in normal empty missing unreadable normal; do
        script+="
!${AS[*]} $HOME/state $state
>\\r
?RDY> 
>echo M''ARK-$state\\r
?MARK-$state\\r
?RDY> "
    done
    script+="
>hf-switch work 2>/dev/null; echo S''WITCHED\\r
?SWITCHED\\r
?RDY> 
>exit\\r"
    as "$HOME/state" normal
    # shellcheck disable=SC2086 # the shell and its options
    pty --timeout 20 "${AS[@]}" $shell <<<"$script"
done
exit 0
