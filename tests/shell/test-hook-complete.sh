#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/shell/test-hook-complete.sh - completion in bash, zsh and fish: the
# exact candidates for subcommands, options, option values and stored
# token names (hostile ones quoted, never run); the options offered are
# the ones `hf-auth SUBCOMMAND --help` documents; and, typed with TAB in
# real terminals, names with blanks, quotes, ':' and '=' complete to what
# hf-switch and `hf-auth switch` then use.  zsh registers with compdef
# whether compinit runs before or after the hook.
# shellcheck disable=SC2016 # code in single quotes runs in other shells
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/shell/shlib.sh"

HOSTILE="it's \$(touch $PWNED-c)"
store "ci token" "$TOK_CI" "$HOSTILE" hf_hostileValue personal "$TOK_PERSONAL" \
    work "$TOK_WORK" "x:y=z" hf_colonValue
activate "$TOK_WORK"
NAMES="ci token|$HOSTILE|personal|work|x:y=z"
# bash inserts what it is given: names come quoted with printf %q.
BASH_NAMES="ci\\ token|$(printf %q "$HOSTILE")|personal|work|x:y=z"

# Each case: a command line, the cursor at its end, and the candidates,
# sorted, joined with |; N stands for the names.
CASES=(
    "hf-auth =completion|init|list|login|logout|ls|status|switch|token|whoami"
    "hf-auth s=status|switch"
    "hf-auth -=--help|--version"
    "hf-auth switch =N"
    "hf-auth switch p=personal"
    "hf-auth switch -=--add-to-git-credential|--export|--help|--no-add-to-git-credential|--token-name"
    "hf-auth switch --export =bash|fish|sh|zsh"
    "hf-auth logout --token-name =N"
    "hf-auth logout -=--help|--token-name"
    "hf-auth login --t=--token|--token-stdin"
    "hf-auth login --token ="
    "hf-auth list --format =json|quiet|table"
    "hf-auth whoami --format =json|quiet|table"
    "hf-auth status --format =json|table"
    "hf-auth status -=--check|--format|--help|--json"
    "hf-auth init =bash|fish|zsh"
    "hf-auth completion =bash|fish|zsh"
    "hf-auth init bash ="
    "hf-switch =N"
    "hf-switch -=--add-to-git-credential|--help|--no-add-to-git-credential|--token-name"
    "hf-login -=--add-to-git-credential|--force|--help|--no-add-to-git-credential|--no-force|--token|--token-stdin"
    "hf-logout --token-name w=work"
)
lines=() expected_bash='' expected=''
for c in "${CASES[@]}"; do
    line=${c%%=*} want=${c#*=}
    lines+=("$line")
    expected_bash+="$line|${want/#N/$BASH_NAMES}"$'\n'
    expected+="$line|${want/#N/$NAMES}"$'\n'
done

# bash: COMP_* set as readline sets them for these lines (no quotes or
# word-break characters in them; those are typed in a terminal below).
in_bash 'for line; do
    COMP_LINE=$line COMP_POINT=${#line}
    read -ra COMP_WORDS <<<"$line"
    [[ $line == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    _hfa_complete "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    echo "$line|$(printf "%s\n" "${COMPREPLY[@]}" | sort | paste -sd "|")"
done' "${lines[@]}"
assert_out_eq "$expected_bash"
assert_err_eq ""
assert_not_pwned

# zsh: _hfa_complete with words, CURRENT and PREFIX as compsys sets them,
# and a compadd that filters by PREFIX as the builtin does.
in_zsh 'compadd() { [[ $1 == -- ]] && shift; reply+=(${(M)@:#${(b)PREFIX}*}) }
for line; do
    words=(${(z)line}); [[ $line == *" " ]] && words+=("")
    CURRENT=$#words PREFIX=$words[-1] reply=()
    _hfa_complete
    reply=(${(o)reply}); print -r -- "$line|${(j:|:)reply}"
done' "${lines[@]}"
assert_out_eq "$expected"
assert_err_eq ""

# fish: its own completion engine, as TAB runs it.
in_fish 'for line in $argv
    set -l got (complete -C $line | string replace -r "\t.*" "" | sort | string join "|")
    echo "$line|$got"
end' "${lines[@]}"
assert_out_eq "$expected"
assert_err_eq ""
assert_not_pwned

# The options and --format values offered are those the help documents.
help_opts=() help_fmts=()
for sub in login logout switch list ls token whoami status init completion; do
    run "$HF_AUTH" "$sub" --help
    assert_rc 0
    opts=$( (grep -oE -- '--[a-z][a-z-]*' <<<"$OUT"; echo --help) | sort -u | paste -sd '|')
    help_opts+=("hf-auth $sub -|$opts")
    fmts=$(grep -oE -- '--format [a-z|]+' <<<"$OUT" | head -n 1 | cut -d' ' -f2 | tr '|' '\n' | sort | paste -sd '|')
    [ -n "$fmts" ] && help_fmts+=("hf-auth $sub --format |$fmts")
done
[ ${#help_fmts[@]} = 5 ] || fail "list, ls, token, whoami and status document --format: ${help_fmts[*]}"
for c in "${help_opts[@]}" "${help_fmts[@]}"; do
    line=${c%%|*}
    in_fish 'set -l got (complete -C $argv[1] | string replace -r "\t.*" "" | sort | string join "|"); echo "$got"' "$line"
    assert_out_eq "${c#*|}
"
done
in_bash 'for line; do
    COMP_LINE=$line COMP_POINT=${#line}
    read -ra COMP_WORDS <<<"$line"
    [[ $line == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    _hfa_complete "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    printf "%s\n" "${COMPREPLY[@]}" | sort | paste -sd "|"
done' "${help_opts[@]%%|*}" "${help_fmts[@]%%|*}"
want=$(for c in "${help_opts[@]}" "${help_fmts[@]}"; do echo "${c#*|}"; done)
assert_out_eq "$want
"

# zsh registers with compdef when compinit ran before the hook; after it,
# at the next prompt (typed below).
run zsh -f -c 'autoload -Uz compinit; compinit -u -d "$HOME/.zcompdump"
eval "$("$HF_AUTH" init zsh)"; print -r -- $_comps[hf-switch] $_comps[hf-auth] $precmd_functions'
assert_out_eq "_hfa_complete _hfa_complete _hfa_prompt
"

# Typed in terminals: TAB inserts names quoted as each shell needs, and the
# functions and hf-auth get the name.  hf-auth is on PATH as users have it.
mkdir -p "$T/bin"
ln -s "$HF_AUTH" "$T/bin/hf-auth"
export PATH=$T/bin:$PATH
for sh in bash zsh fish; do
    activate "$TOK_WORK"
    case $sh in
    bash) shell=$BASH_I; setup="PS1='R''DY> '; eval \"\$(hf-auth init bash)\""
          show='printf "%s\n" "$HF_TOKEN" >>'"$T/c.$sh" ;;
    zsh) shell=$ZSH_I
         setup="PS1='R''DY> '; eval \"\$(hf-auth init zsh)\"; autoload -Uz compinit; compinit -u -d ~/.zcompdump"
         show='printf "%s\n" "$HF_TOKEN" >>'"$T/c.$sh" ;;
    fish) shell=$FISH_I
          setup="function fish_prompt; printf 'R''DY> '; end; hf-auth init fish | source"
          show='printf "%s\n" "$HF_TOKEN" >>'"$T/c.$sh" ;;
    esac
    quoted=
    [ $sh = bash ] && quoted=">hf-switch 'ci t\\t\\r
?RDY> 
>$show\\r
?RDY> "
    # shellcheck disable=SC2086 # the shell and its options
    pty $shell <<EOF
>$setup\r
?RDY> 
>hf-switch ci\t\r
?RDY> 
>$show\r
?RDY> 
>hf-switch it\t\r
?RDY> 
>$show\r
?RDY> 
>hf-switch x:\t\r
?RDY> 
>$show\r
?RDY> 
$quoted
>hf-auth sw\t--tok\tpe\t 2>/dev/null\r
?RDY> 
>$show\r
?RDY> 
>exit\r
EOF
    want="$TOK_CI
hf_hostileValue
hf_colonValue
"
    [ $sh = bash ] && want+="$TOK_CI
"
    assert_file_eq "$T/c.$sh" "$want$TOK_PERSONAL
"
    assert_file_eq "$HF_DIR/token" "$TOK_PERSONAL"
    assert_not_pwned
done
