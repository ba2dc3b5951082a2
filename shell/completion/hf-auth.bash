# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash
# hf-auth completion for bash: subcommands, options, option values and
# stored token names for hf-auth and the hook's hf-switch, hf-login and
# hf-logout.  `hf-auth completion bash` prints it, bash-completion loads
# the installed copy, and `hf-auth init bash` prints it after the hook.
#
# Completion is code: readline inserts a reply exactly as given, and bash
# runs the line.  A token name may hold any character but a control
# character (quotes, `$(...)`, backquotes, `;`...), so every name is
# written for where it goes: escaped with %q, or for the quote the user
# opened (README.md, "The functions").

_hfa_comp_bin='@HF_AUTH@'

# The last argument of $1 in REPLY, backslash escapes kept as typed.
_hfa_lastarg() {
    local re='(^|[[:blank:]])((\\.|[^[:blank:]\\])*\\?)$'
    [[ $1 =~ $re ]]
    REPLY=${BASH_REMATCH[2]}
}

# $1 written for the inside of the quote $2 opened, in REPLY; fails when
# it cannot be.  Inside '...' nothing is special but ' itself, which ends
# the quote: it becomes '\'' (end, an escaped quote, start again), and
# readline's closing ' ends the last piece.  Inside "..." $, `, " and \
# take a backslash; ! starts a history expansion that no escape stops
# without leaving the backslash in the word, so a name with ! is dropped
# while history expansion is on.  Readline closes the quote after a reply,
# unless the reply ends with the quote character: then the reply closes
# it itself.
_hfa_quote_for() {
    local s=$1
    if [[ $2 == "'" ]]; then
        REPLY=${s//\'/\'\\\'\'}
    else
        [[ $s != *!* || $- != *H* ]] || return 1
        s=${s//\\/\\\\}
        s=${s//\$/\\\$}
        s=${s//\`/\\\`}
        REPLY=${s//\"/\\\"}
    fi
    [[ $REPLY != *"$2" ]] || REPLY+=$2
}

# Token names completing $1, in COMPREPLY.  Unquoted ($2 empty), each is
# escaped with %q, and readline replaces only the text after the last
# COMP_WORDBREAKS character (':', '=' ...), $3: what comes before is
# dropped from the reply.  Inside a quote the user opened ($2: ' or "),
# each is written for that quote (_hfa_quote_for), or left out.
_hfa_complete_names() {
    local name
    local -a names
    mapfile -t names < <("$_hfa_comp_bin" list --format names 2>/dev/null)
    for name in "${names[@]}"; do
        if [[ $2 ]]; then
            _hfa_quote_for "$name" "$2" || continue
            [[ $REPLY == "$1"* ]] && COMPREPLY+=("$REPLY")
        else
            printf -v REPLY %q "$name"
            [[ $REPLY == "$1"* ]] && COMPREPLY+=("${REPLY:${#1}-${#3}}")
        fi
    done
}

# Completion for hf-auth and the functions: subcommands, options, option
# values and token names.  COMP_WORDS is split at ':' and '=' too, so the
# arguments come from COMP_LINE, except inside quotes, where it is right.
_hfa_complete() {
    local cur prev sub quote='' line=${COMP_LINE:0:COMP_POINT} w
    local -a words
    COMPREPLY=()
    if [[ ${COMP_WORDS[COMP_CWORD]} == [\"\']* ]]; then
        quote=${COMP_WORDS[COMP_CWORD]:0:1} cur=$2
        prev=${COMP_WORDS[COMP_CWORD-1]}
    else
        _hfa_lastarg "$line"
        cur=$REPLY line=${line%"$REPLY"}
        _hfa_lastarg "${line%"${line##*[![:blank:]]}"}"
        prev=$REPLY
    fi
    case ${1##*/} in
    hf-switch) sub=hf-switch ;;
    hf-login) sub=login ;;
    hf-logout) sub=logout ;;
    *) ((COMP_CWORD > 1)) && sub=${COMP_WORDS[1]} ;;
    esac
    case $prev in
    --token-name)
        _hfa_complete_names "$cur" "$quote" "$2"
        return 0 ;;
    --format)
        words=(table json)
        [[ $sub == @(list|ls|token|whoami) ]] && words+=(quiet) ;;
    --export) words=(bash zsh sh fish) ;;
    --token) return 0 ;;
    *)
        if [[ $cur == -* ]]; then
            case $sub in
            '') words=(--help --version) ;;
            login) words=(--token --token-stdin --add-to-git-credential
                          --no-add-to-git-credential --force --no-force
                          --help) ;;
            logout) words=(--token-name --help) ;;
            switch) words=(--token-name --add-to-git-credential
                           --no-add-to-git-credential --export --help) ;;
            hf-switch) words=(--token-name --add-to-git-credential
                              --no-add-to-git-credential --help) ;;
            list | ls | whoami)
                words=(--format --json --quiet --help) ;;
            token) words=(--check --format --json --quiet --help) ;;
            status) words=(--format --json --check --help) ;;
            *) words=(--help) ;;
            esac
        else
            case $sub in
            '') words=(login logout switch list ls token whoami status init
                       completion) ;;
            switch | hf-switch)
                _hfa_complete_names "$cur" "$quote" "$2"
                return 0 ;;
            init | completion) ((COMP_CWORD == 2)) && words=(bash zsh fish) ;;
            esac
        fi ;;
    esac
    for w in "${words[@]}"; do
        [[ $w == "$cur"* ]] && COMPREPLY+=("$w")
    done
    return 0
}

complete -F _hfa_complete hf-auth hf-switch hf-login hf-logout
