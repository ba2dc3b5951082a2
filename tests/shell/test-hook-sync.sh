#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/shell/test-hook-sync.sh - the prompt hook in bash, zsh and fish
# (docs/design.md, "The shell hooks"): it follows the active token file
# while HF_TOKEN is the hook's (unset or equal to the file when the hook
# loaded, or set by hf-switch...), never once the user set or unset it;
# token file paths resolved as huggingface_hub does; files it must not read;
# PROMPT_COMMAND / precmd / fish_prompt registration; silence; and the real
# thing through a terminal: a switch in one shell reaches another at its
# next prompt.
# shellcheck disable=SC2016 # code in single quotes runs in other shells
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/shell/shlib.sh"

store ci "$TOK_CI" personal "$TOK_PERSONAL" work "$TOK_WORK"
activate "$TOK_WORK"

# Each step: something happens "elsewhere" (hf-auth run as another shell
# would), then a prompt, then HF_TOKEN is printed, or <unset>.
SCENARIO='
show() { printf "%s %s\n" "$1" "${HF_TOKEN-<unset>}"; }
show load
"$HF_AUTH" switch personal 2>/dev/null; PROMPT; show switched
PROMPT; show nothing-changed
"$HF_AUTH" logout --token-name personal 2>/dev/null; PROMPT; show logged-out
"$HF_AUTH" switch work 2>/dev/null; PROMPT; show switched-back
export HF_TOKEN=by-hand; "$HF_AUTH" switch ci 2>/dev/null; PROMPT; show by-hand
"$HF_AUTH" switch work 2>/dev/null; PROMPT; show still-by-hand
export HF_TOKEN=WORK; "$HF_AUTH" switch ci 2>/dev/null; PROMPT; show back-by-hand
hf-switch ci 2>/dev/null; "$HF_AUTH" switch work 2>/dev/null; PROMPT; show taken-back
unset HF_TOKEN; "$HF_AUTH" switch ci 2>/dev/null; PROMPT; show unset-by-hand
"$HF_AUTH" switch work 2>/dev/null; PROMPT; show still-unset
hf-switch ci 2>/dev/null; "$HF_AUTH" logout --token-name ci 2>/dev/null; PROMPT; show hook-unset
export HF_TOKEN=; "$HF_AUTH" switch work 2>/dev/null; PROMPT; show empty-by-hand
'
EXPECTED="load $TOK_WORK
switched $TOK_PERSONAL
nothing-changed $TOK_PERSONAL
logged-out <unset>
switched-back $TOK_WORK
by-hand by-hand
still-by-hand by-hand
back-by-hand $TOK_WORK
taken-back $TOK_WORK
unset-by-hand <unset>
still-unset <unset>
hook-unset <unset>
empty-by-hand 
"
sync_check() {   # SHELL
    echo "--- $1"
    assert_rc 0
    assert_out_eq "$EXPECTED"
    assert_err_eq ""
    store ci "$TOK_CI" personal "$TOK_PERSONAL" work "$TOK_WORK"
    activate "$TOK_WORK"
}
SCENARIO=${SCENARIO//WORK/$TOK_WORK}
in_bash "set -u; ${SCENARIO//PROMPT/_hfa_prompt}"
sync_check bash
in_zsh "setopt nounset; ${SCENARIO//PROMPT/_hfa_prompt}"
sync_check zsh
# zsh's precmd runs under the user's options (no emulate, for speed): the
# same with options that change how words expand and when functions stop.
in_zsh "setopt nounset sh_word_split glob_subst ksh_arrays warn_create_global warn_nested_var err_return; ${SCENARIO//PROMPT/_hfa_prompt}"
sync_check "zsh with the user's options"
# Where zsh/system does not load, the hook reads the file with read -k.
run timeout 20 zsh -f -c 'zmodload() { return 1 }
eval "$("$HF_AUTH" init zsh)"
unfunction zmodload
[[ $_hfa_rd[1] == read ]] || { echo "the hook uses $_hfa_rd" >&2; exit 1 }
'"setopt nounset; ${SCENARIO//PROMPT/_hfa_prompt}"
sync_check "zsh without zsh/system"
fish_scenario=${SCENARIO//PROMPT/__hfa_prompt}
fish_scenario=${fish_scenario//'show() { printf "%s %s\n" "$1" "${HF_TOKEN-<unset>}"; }'/'function show; set -q HF_TOKEN; and echo $argv "$HF_TOKEN"; or echo $argv "<unset>"; end'}
fish_scenario=${fish_scenario//export HF_TOKEN=/set -gx HF_TOKEN }
fish_scenario=${fish_scenario//unset HF_TOKEN/set -e HF_TOKEN}
in_fish "$fish_scenario"
sync_check fish

# When the hook loads, an HF_TOKEN equal to the active token (the PAM
# module exported it) is the hook's: it follows; any other is the user's.
for sh in bash zsh; do
    HF_TOKEN=$TOK_WORK in_$sh '"$HF_AUTH" switch ci 2>/dev/null; _hfa_prompt; echo "$HF_TOKEN"'
    assert_out_eq "$TOK_CI
"
    activate "$TOK_WORK"
    HF_TOKEN=$TOK_PERSONAL in_$sh 'echo "$HF_TOKEN"; "$HF_AUTH" switch ci 2>/dev/null; _hfa_prompt; echo "$HF_TOKEN"'
    assert_out_eq "$TOK_PERSONAL
$TOK_PERSONAL
"
    activate "$TOK_WORK"
done
HF_TOKEN=$TOK_WORK in_fish '$HF_AUTH switch ci 2>/dev/null; __hfa_prompt; echo $HF_TOKEN'
assert_out_eq "$TOK_CI
"
activate "$TOK_WORK"
HF_TOKEN=$TOK_PERSONAL in_fish 'echo $HF_TOKEN; $HF_AUTH switch ci 2>/dev/null; __hfa_prompt; echo $HF_TOKEN'
assert_out_eq "$TOK_PERSONAL
$TOK_PERSONAL
"
activate "$TOK_WORK"
# fish reports every change of HF_TOKEN as it happens: one set by hand is
# the user's even when set back to the hook's value before a prompt saw it.
in_fish "set -gx HF_TOKEN by-hand; set -gx HF_TOKEN $TOK_WORK; \$HF_AUTH switch ci 2>/dev/null; __hfa_prompt; echo \$HF_TOKEN"
assert_out_eq "$TOK_WORK
"
activate "$TOK_WORK"

# Where the token file is (hf-auth(1), ENVIRONMENT), changed here as another
# tool would: the prompt follows it, cleaned as huggingface_hub cleans it.
mkdir -p "$T/tp" "$T/hh" "$T/xdg/huggingface" "$HOME/tilde"
LOCATIONS=(
    "HF_TOKEN_PATH=$T/tp/tok HF_HOME=$T/hh $T/tp/tok"
    "HF_HOME=$T/hh XDG_CACHE_HOME=$T/xdg $T/hh/token"
    "XDG_CACHE_HOME=$T/xdg $T/xdg/huggingface/token"
    "HF_HOME=~/tilde $HOME/tilde/token"
)
for loc in "${LOCATIONS[@]}"; do
    file=${loc##* }
    for sh in bash zsh fish; do
        printf '%s' "$TOK_WORK" >"$file"
        prompt=_hfa_prompt; [ $sh = fish ] && prompt=__hfa_prompt
        # shellcheck disable=SC2086 # NAME=value words
        export ${loc% *}
        in_$sh "echo \$HF_TOKEN; printf ' %s \r\n' $TOK_PERSONAL >$file; $prompt; echo \$HF_TOKEN"
        unset HF_TOKEN_PATH HF_HOME XDG_CACHE_HOME
        assert_out_eq "$TOK_WORK
$TOK_PERSONAL
"
        assert_err_eq ""
    done
done

# The path is cached between prompts; a path variable changed in the shell
# itself moves the hook to the new file at the next prompt, and back.
printf '%s' "$TOK_PERSONAL" >"$T/moved"
for sh in bash zsh fish; do
    activate "$TOK_WORK"
    if [ $sh = fish ]; then
        in_fish "__hfa_prompt; echo \$HF_TOKEN; set -gx HF_TOKEN_PATH $T/moved; __hfa_prompt; echo \$HF_TOKEN; set -e HF_TOKEN_PATH; __hfa_prompt; echo \$HF_TOKEN"
        assert_out_eq "$TOK_WORK
$TOK_PERSONAL
$TOK_WORK
"
        assert_err_eq ""
        # fish forgets the path on its variable events, which any command
        # that changes a variable raises, not only `set`.
        in_fish "__hfa_prompt; echo $T/moved | read -gx HF_TOKEN_PATH; __hfa_prompt; echo \$HF_TOKEN; echo $HF_DIR/token | read -gx HF_TOKEN_PATH; __hfa_prompt; echo \$HF_TOKEN"
        assert_out_eq "$TOK_PERSONAL
$TOK_WORK
"
    else
        in_$sh "_hfa_prompt; echo \$HF_TOKEN; export HF_TOKEN_PATH=$T/moved; _hfa_prompt; echo \$HF_TOKEN; unset HF_TOKEN_PATH; _hfa_prompt; echo \$HF_TOKEN"
        assert_out_eq "$TOK_WORK
$TOK_PERSONAL
$TOK_WORK
"
    fi
    assert_err_eq ""
done

# A `$VAR` or `~user` inside HF_HOME (Python expands them), or a `$` or a
# leading `~` in HF_TOKEN_PATH (Python does not, hf-auth does) leaves the
# hook off: HF_TOKEN is never set from a guessed path, such as these
# literal folders under the current one.
mkdir -p "$T/cwd/\$HOME/dollar" "$T/cwd/~root/x" "$T/cwd/~" "$HOME/dollar"
for f in "$T/cwd/\$HOME/dollar/token" "$T/cwd/~root/x/token" "$T/cwd/~/tp" \
         "$HOME/dollar/token" "$HOME/tp"; do
    printf '%s' "$TOK_CI" >"$f"
done
cd "$T/cwd" || fail "no $T/cwd"
for var in 'HF_HOME=$HOME/dollar' 'HF_HOME=~root/x' 'HF_TOKEN_PATH=~/tp' \
           'HF_TOKEN_PATH=$HOME/dollar/token'; do
    for sh in bash zsh fish; do
        prompt=_hfa_prompt; [ $sh = fish ] && prompt=__hfa_prompt
        export "${var?}"
        in_$sh "echo \"[\$HF_TOKEN]\"; printf %s $TOK_WORK >'$HOME/dollar/token'; printf %s $TOK_WORK >'$HOME/tp'; $prompt; echo \"[\$HF_TOKEN]\""
        unset HF_HOME HF_TOKEN_PATH
        assert_out_eq "[]
[]
"
        assert_err_eq ""
    done
done
cd "$T" || fail "no $T"

# A token with quotes, $(...), backquotes, backslashes and glob characters
# (tokens have no blank) reaches HF_TOKEN as it is, and nothing runs.
export HF_DIR
HOSTILE_TOK="hf_'\"\$(touch\${IFS}$PWNED-s)\`touch\${IFS}$PWNED-t\`\\\\*?[x]"
printf '%s' "$HOSTILE_TOK" >"$T/hostile"
for sh in bash zsh fish; do
    activate "$TOK_WORK"
    prompt=_hfa_prompt; [ $sh = fish ] && prompt=__hfa_prompt
    in_$sh "cp $T/hostile \"\$HF_DIR/token\"; $prompt; printf '%s\n' \"\$HF_TOKEN\""
    assert_out_eq "$HOSTILE_TOK
"
    assert_err_eq ""
    assert_not_pwned
done

# Not a token file: a FIFO (reading it would hang the prompt), a folder,
# over 4 KiB, a blank or non-ASCII character inside.  The hook owned
# HF_TOKEN, and it stays as it was; nothing is printed, the prompt returns.
printf '%s\n' 'rm -rf "$HF_DIR/token"' 'case $1 in' \
    'fifo) mkfifo "$HF_DIR/token" ;;' \
    'dir) mkdir "$HF_DIR/token" ;;' \
    "big) head -c 5000 /dev/zero | tr '\\0' x >\"\$HF_DIR/token\" ;;" \
    "edge) head -c 4097 /dev/zero | tr '\\0' x >\"\$HF_DIR/token\" ;;" \
    "blank) printf 'hf_a b' >\"\$HF_DIR/token\" ;;" \
    "utf8) printf 'hf_caf\\303\\251' >\"\$HF_DIR/token\" ;;" \
    'esac' >"$T/spoil"
for bad in fifo dir big edge blank utf8; do
    for sh in bash zsh fish; do
        rm -rf "$HF_DIR/token"
        activate "$TOK_WORK"
        prompt=_hfa_prompt; [ $sh = fish ] && prompt=__hfa_prompt
        in_$sh "bash $T/spoil $bad; $prompt; echo \$HF_TOKEN"
        assert_out_eq "$TOK_WORK
"
        assert_err_eq ""
    done
done
rm -rf "$HF_DIR/token"
activate "$TOK_WORK"
# The bound is 4096 bytes, as in hf-auth and the PAM module: one byte more
# is refused above ("edge"), a token of 4096 is followed.
long=$(head -c 4096 /dev/zero | tr '\0' x)
for sh in bash zsh fish; do
    activate "$TOK_WORK"
    if [ $sh = fish ]; then
        in_fish "printf %s $long >\$HF_DIR/token; __hfa_prompt; string length -- \$HF_TOKEN"
    else
        in_$sh "printf %s $long >\$HF_DIR/token; _hfa_prompt; echo \${#HF_TOKEN}"
    fi
    assert_out_eq "4096
"
    assert_err_eq ""
done
activate "$TOK_WORK"

# Registration: bash keeps PROMPT_COMMAND, string or array, adds the hook
# once however often the hook loads, and the hook keeps $?.
in_bash 'eval "$("$HF_AUTH" init bash)"; declare -p PROMPT_COMMAND'
assert_out_eq 'declare -- PROMPT_COMMAND="_hfa_prompt"
'
run bash --norc --noprofile -c 'PROMPT_COMMAND="history -a; echo hi"
eval "$("$HF_AUTH" init bash)"; eval "$("$HF_AUTH" init bash)"; declare -p PROMPT_COMMAND'
assert_out_eq 'declare -- PROMPT_COMMAND="_hfa_prompt;history -a; echo hi"
'
run bash --norc --noprofile -c 'PROMPT_COMMAND=("history -a" "echo hi")
eval "$("$HF_AUTH" init bash)"; eval "$("$HF_AUTH" init bash)"; declare -p PROMPT_COMMAND'
assert_out_eq 'declare -a PROMPT_COMMAND=([0]="_hfa_prompt" [1]="history -a" [2]="echo hi")
'
in_bash '(exit 7); _hfa_prompt; echo $?'
assert_out_eq "7
"
# zsh: precmd_functions and preexec_functions once each (compdef waits
# there for compinit).
in_zsh 'eval "$("$HF_AUTH" init zsh)"; print -r -- $precmd_functions / $preexec_functions'
assert_out_eq "_hfa_prompt _hfa_compdef / _hfa_preexec
"
# fish: one handler, for fish_prompt and fish_preexec.
in_fish '$HF_AUTH init fish | source; functions --handlers-type generic | string match -e __hfa'
assert_out_eq "fish_preexec __hfa_prompt
fish_prompt __hfa_prompt
"

# Loading prints nothing, in a login shell or not (scp, rsync, ssh host cmd).
for sh in bash zsh fish; do
    in_$sh 'true'
    assert_rc 0
    assert_out_empty
    assert_err_eq ""
done
run bash --norc -l -c 'eval "$("$HF_AUTH" init bash)"'
assert_out_empty
assert_err_eq ""

# Through terminals: shell B loaded the hook, shell A switches (with
# hf-switch, in its own non-interactive shell); B has the new HF_TOKEN at
# its next prompt, and after a logout in A, none.
A_SWITCH="bash --norc --noprofile -c 'eval \"\$(\"\$HF_AUTH\" init bash)\"; hf-switch personal 2>/dev/null'"
A_LOGOUT="bash --norc --noprofile -c 'eval \"\$(\"\$HF_AUTH\" init bash)\"; hf-logout 2>/dev/null'"
for sh in bash zsh fish; do
    store personal "$TOK_PERSONAL" work "$TOK_WORK"
    activate "$TOK_WORK"
    case $sh in
    bash) shell=$BASH_I; ps1="PS1='R''DY> '"; load='eval "$("$HF_AUTH" init bash)"'
          show='printf "%s\n" "${HF_TOKEN-<unset>}" >>'"$T/b.$sh" ;;
    zsh) shell=$ZSH_I; ps1="PS1='R''DY> '"; load='eval "$("$HF_AUTH" init zsh)"'
         show='printf "%s\n" "${HF_TOKEN-<unset>}" >>'"$T/b.$sh" ;;
    fish) shell=$FISH_I; ps1="function fish_prompt; printf 'R''DY> '; end"
          load='$HF_AUTH init fish | source'
          show='set -q HF_TOKEN; and echo $HF_TOKEN >>'"$T/b.$sh"'; or echo "<unset>" >>'"$T/b.$sh" ;;
    esac
    # shellcheck disable=SC2086 # the shell and its options
    pty $shell <<EOF
>$ps1; $load\r
?RDY> 
>$show\r
?RDY> 
!$A_SWITCH
>\r
?RDY> 
>$show\r
?RDY> 
!$A_LOGOUT
>\r
?RDY> 
>$show\r
?RDY> 
>exit\r
EOF
    assert_file_eq "$T/b.$sh" "$TOK_WORK
$TOK_PERSONAL
<unset>
"
done
