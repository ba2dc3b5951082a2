# shellcheck shell=bash
# hf-auth hook for bash: `eval "$(hf-auth init bash)"` in ~/.bashrc.
#
# hf-switch, hf-login and hf-logout run hf-auth and leave HF_TOKEN matching
# the active token; completion of token names; and a prompt hook that keeps
# HF_TOKEN in step with the active token file changed by another shell.
# HF_TOKEN is followed only while the hook owns it (README.md, "Other
# shells follow at their next prompt").
# The entry points (functions, prompt hook, load) turn xtrace off first:
# `set -x` must not print a token.

_hfa_bin='@HF_AUTH@'

# The active token file's path, found as huggingface_hub finds it
# (SPEC 1), in _hfa_p; empty (and a failure) where only a process could
# follow Python (`~user` or `$VAR` inside HF_HOME or XDG_CACHE_HOME, or a
# leading `~` or a `$` in HF_TOKEN_PATH: Python and hf-auth expand them,
# the hook does not guess).  _hfa_pkey records what it was worked out from.
_hfa_path() {
    local p=${HF_TOKEN_PATH-}
    _hfa_pkey="${HF_TOKEN_PATH-}|${HF_HOME-}|${XDG_CACHE_HOME-}|${HOME-}"
    _hfa_key=$_hfa_mark$'\n'$_hfa_pkey
    _hfa_p=
    if [[ $p ]]; then
        [[ $p != \~* && $p != *\$* ]] || return 1
    else
        p=${HF_HOME:-${XDG_CACHE_HOME:-\~/.cache}/huggingface}
        case $p in
        *\$*) return 1 ;;
        \~ | \~/*) [[ ${HOME-} ]] || return 1; p=$HOME${p#\~} ;;
        \~*) return 1 ;;
        esac
        p+=/token
    fi
    _hfa_p=$p
}

# Reads the active token file: REPLY is "+CONTENT" (at most 4097
# characters: _hfa_state refuses more than 4096), or "-" when there is no
# file.  Fails for anything but a readable regular file (a FIFO would hang
# the prompt).  The path is worked out again only when a variable it
# depends on changed: that was most of a prompt's cost.
_hfa_file() {
    local v=
    [[ "${HF_TOKEN_PATH-}|${HF_HOME-}|${XDG_CACHE_HOME-}|${HOME-}" == "$_hfa_pkey" ]] ||
        _hfa_path
    [[ $_hfa_p ]] || return 1
    if [[ -f $_hfa_p && -r $_hfa_p ]]; then
        read -r -N 4097 v <"$_hfa_p"
        REPLY=+$v
    elif [[ -e $_hfa_p ]]; then
        return 1
    else
        REPLY=-
    fi
}

# The token in $1 (from _hfa_file) cleaned as huggingface_hub cleans it,
# in REPLY: "+TOKEN", or "-" for none.  Fails for what is no token: a file
# over 4 KiB, a blank, control or non-ASCII character (the PAM module and
# hf-auth refuse those too).
_hfa_state() {
    ((${#1} <= 4097)) || return 1
    local v=${1#[+-]}
    v=${v//[$'\r\n']/}
    v=${v#"${v%%[![:space:]]*}"}
    v=${v%"${v##*[![:space:]]}"}
    [[ $v != *[!!-~]* ]] || return 1
    REPLY=${v:+"+$v"}
    REPLY=${REPLY:--}
}

# Leaves HF_TOKEN as $1 ("+TOKEN" or "-") and takes it over.
_hfa_set() {
    if [[ $1 == +* ]]; then
        export HF_TOKEN="${1#+}"
    else
        unset HF_TOKEN
    fi
    _hfa_left=$1 _hfa_own=1 _hfa_seen='' _hfa_mark=${HF_TOKEN+x}${HF_TOKEN-}
    _hfa_key=$_hfa_mark$'\n'$_hfa_pkey
}

# Before each prompt.  While HF_TOKEN is what the hook left it as, it
# follows the token file; once anything else changed it, it is the user's
# and left alone.  _hfa_seen, the file as last handled, makes a prompt with
# nothing changed builtins only, no process, and as few of them as can be
# (tests/bench/shell.sh), in the three usual states: HF_TOKEN the user's
# (nothing to do); the hook's, with HF_TOKEN still what _hfa_set left
# (_hfa_mark: "x" and the value, or empty for unset) and the path worked
# out last time still the path (_hfa_pkey), and then either a readable
# file (the read as _hfa_file does it, and one comparison) or no file, as
# last time.  Anything else is for _hfa_recheck, kept out of this function
# because bash copies a function's whole body at every call.
_hfa_prompt() {
    local rc=$?
    [[ $- != *x* ]] || { local -; set +x; } 2>/dev/null
    [[ $_hfa_own ]] || return "$rc"
    # _hfa_mark and _hfa_pkey in one comparison (_hfa_key): a token the
    # hook set has no newline, so the two parts cannot be mistaken for each
    # other unless a path variable holds one; and whatever this lets
    # through only reaches _hfa_recheck, which compares them apart.
    if [[ ${HF_TOKEN+x$HF_TOKEN}$'\n'"${HF_TOKEN_PATH-}|${HF_HOME-}|${XDG_CACHE_HOME-}|${HOME-}" != "$_hfa_key" ]]; then
        _hfa_recheck
    elif [[ -f $_hfa_p && -r $_hfa_p ]]; then
        # A global, not a local: one variable scope less per prompt, and
        # it holds no more than _hfa_seen does.
        read -r -N 4097 _hfa_v <"$_hfa_p"
        [[ +$_hfa_v == "$_hfa_seen" ]] || _hfa_recheck
    elif [[ $_hfa_p && ($_hfa_seen != - || -e $_hfa_p) ]]; then
        _hfa_recheck
    fi
    return "$rc"
}

# The prompt's every other case: HF_TOKEN no longer the hook's, a path
# variable changed, the file changed, appeared or went.
_hfa_recheck() {
    if [[ ${HF_TOKEN+x}${HF_TOKEN-} != "$_hfa_mark" || ! $_hfa_own ]]; then
        _hfa_own=
    elif _hfa_file && [[ $REPLY != "$_hfa_seen" ]]; then
        _hfa_follow "$REPLY"
    fi
}

# The token file's content ($1, as _hfa_file gives it) changed: HF_TOKEN
# follows it, if it holds a token.
_hfa_follow() {
    _hfa_state "$1" && [[ $REPLY != "$_hfa_left" ]] && _hfa_set "$REPLY"
    _hfa_seen=$1
}

# After login or logout HF_TOKEN follows the token file, whoever had it.
_hfa_adopt() {
    local tok
    if tok=$(unset HF_TOKEN HUGGING_FACE_HUB_TOKEN; "$_hfa_bin" token 2>/dev/null); then
        _hfa_set "+$tok"
    else
        _hfa_set -
    fi
}

_hfa_wants_help() {
    local a
    for a; do
        [[ $a == -h || $a == --help ]] && return 0
    done
    return 1
}

# hf-auth runs without HF_TOKEN, which these functions are about to set:
# otherwise it would warn that HF_TOKEN overrides the token it switched to.
hf-switch() {
    local - code
    { set +x; } 2>/dev/null
    if _hfa_wants_help "$@"; then "$_hfa_bin" switch "$@"; return; fi
    code=$(unset HF_TOKEN; "$_hfa_bin" switch --export bash "$@") || return
    [[ $code == "export HF_TOKEN='"*"'" ]] || return 1
    eval "$code"
    _hfa_set "+$HF_TOKEN"
}

hf-login() {
    local -
    { set +x; } 2>/dev/null
    if _hfa_wants_help "$@"; then "$_hfa_bin" login "$@"; return; fi
    (unset HF_TOKEN; "$_hfa_bin" login "$@") || return
    _hfa_adopt
}

hf-logout() {
    local -
    { set +x; } 2>/dev/null
    if _hfa_wants_help "$@"; then "$_hfa_bin" logout "$@"; return; fi
    (unset HF_TOKEN; "$_hfa_bin" logout "$@") || return
    _hfa_adopt
}

# The last argument of $1 in REPLY, backslash escapes kept as typed.
_hfa_lastarg() {
    local re='(^|[[:blank:]])((\\.|[^[:blank:]\\])*\\?)$'
    [[ $1 =~ $re ]]
    REPLY=${BASH_REMATCH[2]}
}

# Token names completing $1, in COMPREPLY.  Readline inserts replies as
# they are: quote them with %q, unless the user opened a quote ($2 set),
# which readline closes.  Readline replaces only the text after the last
# COMP_WORDBREAKS character (':', '=' ...), $3: drop what comes before.
_hfa_complete_names() {
    local name q
    local -a names
    mapfile -t names < <("$_hfa_bin" list --format names 2>/dev/null)
    for name in "${names[@]}"; do
        if [[ $2 ]]; then
            [[ $name == "$1"* ]] && COMPREPLY+=("$name")
        else
            printf -v q %q "$name"
            [[ $q == "$1"* ]] && COMPREPLY+=("${q:${#1}-${#3}}")
        fi
    done
}

# Completion for hf-auth and the functions: subcommands, options, option
# values and token names.  COMP_WORDS is split at ':' and '=' too, so the
# arguments come from COMP_LINE, except inside quotes, where it is right.
_hfa_complete() {
    local cur prev sub quoted='' line=${COMP_LINE:0:COMP_POINT} w
    local -a words
    COMPREPLY=()
    if [[ ${COMP_WORDS[COMP_CWORD]} == [\"\']* ]]; then
        quoted=1 cur=$2 prev=${COMP_WORDS[COMP_CWORD-1]}
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
        _hfa_complete_names "$cur" "$quoted" "$2"
        return ;;
    --format)
        words=(table json)
        [[ $sub == @(list|ls|token|whoami) ]] && words+=(quiet) ;;
    --export) words=(bash zsh sh fish) ;;
    --token) return ;;
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
            list | ls | token | whoami)
                words=(--format --json --quiet --help) ;;
            status) words=(--format --json --check --help) ;;
            *) words=(--help) ;;
            esac
        else
            case $sub in
            '') words=(login logout switch list ls token whoami status init) ;;
            switch | hf-switch)
                _hfa_complete_names "$cur" "$quoted" "$2"
                return ;;
            init) words=(bash zsh fish) ;;
            esac
        fi ;;
    esac
    for w in "${words[@]}"; do
        [[ $w == "$cur"* ]] && COMPREPLY+=("$w")
    done
}

complete -F _hfa_complete hf-auth hf-switch hf-login hf-logout

# Load time, without xtrace: HF_TOKEN is the hook's when it is unset or
# equals the active token (as the PAM module exports it), else the user's.
_hfa_load() {
    local -
    { set +x; } 2>/dev/null
    _hfa_own='' _hfa_left='' _hfa_seen='' _hfa_mark='' _hfa_pkey='' _hfa_p='' _hfa_v=''
    _hfa_key=''
    if _hfa_file && _hfa_state "$REPLY" &&
        [[ ! ${HF_TOKEN+x} || +$HF_TOKEN == "$REPLY" ]]; then
        _hfa_set "$REPLY"
    fi
    # PROMPT_COMMAND is a string or (bash 5.1+) an array; add the hook once.
    if [[ ${PROMPT_COMMAND+x} && ${PROMPT_COMMAND@a} == *a* ]]; then
        [[ " ${PROMPT_COMMAND[*]} " == *" _hfa_prompt "* ]] ||
            PROMPT_COMMAND=(_hfa_prompt "${PROMPT_COMMAND[@]}")
    else
        # shellcheck disable=SC2128,SC2178 # the string form
        case ";${PROMPT_COMMAND-};" in
        *";_hfa_prompt;"*) ;;
        *) PROMPT_COMMAND=_hfa_prompt${PROMPT_COMMAND:+";$PROMPT_COMMAND"} ;;
        esac
    fi
}
_hfa_load
unset -f _hfa_load
