# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash
# hf-auth hook for bash: `eval "$(hf-auth init bash)"` in ~/.bashrc.
#
# hf-switch, hf-login and hf-logout run hf-auth and leave HF_TOKEN matching
# the active token; and a prompt hook, with a check before each command
# line, that keeps HF_TOKEN in step with the active token file changed by
# another shell.  HF_TOKEN is followed only while the hook owns it
# (README.md, "Other shells follow at their next prompt"), and only to a
# file the PAM module would take.  Completion follows the hook (the same
# code as `hf-auth completion bash`).
# The entry points (functions, prompt hook, load) turn xtrace off first:
# `set -x` must not print a token.  None of them may end or disturb the
# shell: under `set -e` every command that may fail is tested, and the
# prompt hook returns 0 when errexit is on (PROMPT_COMMAND failing would
# end the shell); under `set -u` every variable is set at load.

_hfa_bin='@HF_AUTH@'

# The active token file's path, found as huggingface_hub finds it
# (hf-auth(1), ENVIRONMENT), in _hfa_p; empty (and a failure) where only a
# process could follow Python (`~user` or `$VAR` inside HF_HOME or
# XDG_CACHE_HOME, or a leading `~` or a `$` in HF_TOKEN_PATH: Python and
# hf-auth expand them, the hook does not guess).  _hfa_pkey records what it
# was worked out from.
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

# The token file as the prompt sees it, in REPLY: "+" and what
# `read -d '' -n 4097` gives (the prompt's read: bounded, whatever the
# bytes, since it stops at the first NUL and -n counts characters), "-"
# for no file, "?" for anything else (a FIFO would hang the prompt).
# Fails when the path cannot be worked out.  The path is worked out again
# only when a variable it depends on changed: that was most of a prompt's
# cost.
_hfa_look() {
    [[ "${HF_TOKEN_PATH-}|${HF_HOME-}|${XDG_CACHE_HOME-}|${HOME-}" == "$_hfa_pkey" ]] ||
        _hfa_path || return 1
    [[ $_hfa_p ]] || return 1
    if [[ -f $_hfa_p && -r $_hfa_p ]]; then
        read -r -d '' -n 4097 _hfa_v <"$_hfa_p" || :
        REPLY=+$_hfa_v
    elif [[ -e $_hfa_p || -h $_hfa_p ]]; then
        REPLY='?'
    else
        REPLY=-
    fi
}

# The token file, taken only as the PAM module takes it (pam_hfauth(8)): a
# regular file, not a symbolic link, owned by the user, not writable by
# group or others, at most 4096 bytes, no NUL.  REPLY is "+" and its exact
# content, or "-" for no file; fails for anything else.  No builtin of
# bash itself shows a file's mode: the loadable `stat` builtin (_hfa_mode)
# reports on the descriptor the content is read from, with no process;
# without it the `stat` command does, one process (`exec`: else bash
# forks twice here), only when the file changed, never at an unchanged
# prompt.  IFS= and the length check: the bytes as they are, all of them.
_hfa_file() {
    local v='' m=''
    [[ $_hfa_p ]] || return 1
    if [[ -h $_hfa_p ]]; then
        return 1
    elif [[ -f $_hfa_p && -r $_hfa_p ]]; then
        { _hfa_mode || m=$(exec stat -c '%u %f %s' - 2>/dev/null) || m=
          ! IFS= read -r -d '' -n 4097 v; } <"$_hfa_p" 2>/dev/null || return 1
        [[ $m =~ ^([0-9]+)\ ([0-9a-f]+)\ ([0-9]+)$ ]] || return 1
        # Owner, type regular with no group or other write bit, size = what
        # was read: a NUL would have stopped the read short.
        ((BASH_REMATCH[1] == EUID && (0x${BASH_REMATCH[2]} & 0170022) == 0100000 &&
          BASH_REMATCH[3] == ${#v} && ${#v} <= 4096)) || return 1
        REPLY=+$v
    elif [[ -e $_hfa_p ]]; then
        return 1
    else
        REPLY=-
    fi
}

# The owner, mode and size of the file on standard input, in the caller's
# m as `stat -c '%u %f %s' -` prints them, from the loadable `stat`
# builtin that _hfa_load found or loaded (_hfa_stat); fails without it, or
# when it gives what it should not, and the caller starts the command.
# /dev/stdin: stat(2) through it reports on the open descriptor, the file
# the content is then read from, as the command's fstat does.  The
# builtin is enabled for this one call when it is disabled (as the hook
# leaves its own), then disabled again: `stat` typed by the user stays
# the command.  `builtin`: a function named enable, compgen or stat must
# not run here.
_hfa_mode() {
    local -A st=()
    local ok='' type=0
    [[ $_hfa_stat ]] || return 1
    if builtin compgen -A disabled -X '!stat' stat >/dev/null 2>&1; then
        builtin enable stat 2>/dev/null || return 1
        ! builtin stat -A st /dev/stdin 2>/dev/null || ok=1
        builtin enable -n stat 2>/dev/null || :
    else
        ! builtin stat -A st /dev/stdin 2>/dev/null || ok=1
    fi
    [[ $ok && ${st[uid]-} =~ ^[0-9]+$ && ${st[perms]-} =~ ^[0-7]{1,5}$ &&
       ${st[size]-} =~ ^[0-9]+$ ]] || return 1
    # Its type is a letter, "-" for a regular file: S_IFREG, or none.
    [[ ${st[type]-} != - ]] || type=0100000
    printf -v m '%s %x %s' "${st[uid]}" "$((type | 8#${st[perms]}))" "${st[size]}"
}

# The token in $1 (from _hfa_file) cleaned as huggingface_hub cleans it,
# in REPLY: "+TOKEN", or "-" for none.  Fails for what is no token to the
# PAM module: a blank, control, non-ASCII character or '=' left after
# cleaning.  Only ASCII blanks are stripped (the module strips Unicode
# ones too, so the hook never takes what the module would not).
_hfa_state() {
    local v=${1#[+-]}
    v=${v//[$'\r\n']/}
    v=${v#"${v%%[!$' \t\v\f']*}"}
    v=${v%"${v##*[!$' \t\v\f']}"}
    [[ $v != *[!!-~]* && $v != *=* ]] || return 1
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
# file (the read as _hfa_look does it, and one comparison) or no file, as
# last time.  Anything else is for _hfa_recheck, kept out of this function
# because bash copies a function's whole body at every call.  $? is kept
# for what PROMPT_COMMAND runs next, but under errexit a failed status
# would end the shell.
_hfa_prompt() {
    local rc=$?
    [[ $- != *x* ]] || { local -; set +x; } 2>/dev/null
    if [[ ! $_hfa_own ]]; then
        :
    # _hfa_mark and _hfa_pkey in one comparison (_hfa_key): a token the
    # hook set has no newline, so the two parts cannot be mistaken for each
    # other unless a path variable holds one; and whatever this lets
    # through only reaches _hfa_recheck, which compares them apart.
    elif [[ ${HF_TOKEN+x$HF_TOKEN}$'\n'"${HF_TOKEN_PATH-}|${HF_HOME-}|${XDG_CACHE_HOME-}|${HOME-}" != "$_hfa_key" ]]; then
        _hfa_recheck
    elif [[ -f $_hfa_p && -r $_hfa_p ]]; then
        # A global, not a local: one variable scope less per prompt, and
        # it holds no more than _hfa_seen does.
        read -r -d '' -n 4097 _hfa_v <"$_hfa_p" || :
        [[ +$_hfa_v == "$_hfa_seen" ]] || _hfa_recheck
    elif [[ $_hfa_p && ($_hfa_seen != - || -e $_hfa_p) ]]; then
        _hfa_recheck
    fi
    [[ $- == *e* ]] || return "$rc"
}

# Just before a command line runs (the DEBUG trap, armed once per line by
# PS0; or bash-preexec's preexec_functions): the first command after a
# switch in another shell already has the new token.  Nothing in the shell
# changed since the prompt, so only the file is looked at, as the prompt
# does it; the trap keeps $? itself.
_hfa_preexec() {
    _hfa_armed=
    [[ $- != *x* ]] || { local -; set +x; } 2>/dev/null
    if [[ ! $_hfa_own ]]; then
        :
    elif [[ -f $_hfa_p && -r $_hfa_p ]]; then
        read -r -d '' -n 4097 _hfa_v <"$_hfa_p" || :
        [[ +$_hfa_v == "$_hfa_seen" ]] || _hfa_recheck
    elif [[ $_hfa_p && ($_hfa_seen != - || -e $_hfa_p) ]]; then
        _hfa_recheck
    fi
    return 0
}

# The DEBUG trap when the user had one before the hook: theirs runs after,
# with $? and $_ as they were, and its status is the trap's (extdebug skips
# a command when the trap fails).  This returns the $? it found, so it is
# called as an `if` condition (set -e would end the shell on a failure;
# $? in `else` is the condition's).
_hfa_chain() {
    local rc=$?
    [[ ! $_hfa_armed ]] || _hfa_preexec
    return "$rc"
}

# The prompt's every other case: HF_TOKEN no longer the hook's, a path
# variable changed, the file changed, appeared or went.  A file that is no
# token file to the PAM module leaves HF_TOKEN as it was; an absent or
# empty one means no token.
_hfa_recheck() {
    if [[ ${HF_TOKEN+x}${HF_TOKEN-} != "$_hfa_mark" || ! $_hfa_own ]]; then
        _hfa_own=
    elif _hfa_look && [[ $REPLY != "$_hfa_seen" ]]; then
        local seen=$REPLY
        if [[ $seen == - ]] || _hfa_file; then
            _hfa_state "$REPLY" && [[ $REPLY != "$_hfa_left" ]] && _hfa_set "$REPLY"
        fi
        _hfa_seen=$seen
    fi
    return 0
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
# A switch or a login by the user lifts the PAM module's refusal
# (HFAUTH_REFUSED) in this shell.
hf-switch() {
    local - code
    { set +x; } 2>/dev/null
    if _hfa_wants_help "$@"; then "$_hfa_bin" switch "$@"; return; fi
    code=$(unset HF_TOKEN; "$_hfa_bin" switch --export bash "$@") || return
    [[ $code == "export HF_TOKEN='"*"'" ]] || return 1
    eval "$code"
    unset HFAUTH_REFUSED
    _hfa_set "+$HF_TOKEN"
}

hf-login() {
    local -
    { set +x; } 2>/dev/null
    if _hfa_wants_help "$@"; then "$_hfa_bin" login "$@"; return; fi
    (unset HF_TOKEN; "$_hfa_bin" login "$@") || return
    unset HFAUTH_REFUSED
    _hfa_adopt
}

# While the PAM module's refusal stands, a logout does not export the
# token left active; it lifts the refusal when none is left.
hf-logout() {
    local -
    { set +x; } 2>/dev/null
    if _hfa_wants_help "$@"; then "$_hfa_bin" logout "$@"; return; fi
    (unset HF_TOKEN; "$_hfa_bin" logout "$@") || return
    if [[ ${HFAUTH_REFUSED-} ]]; then
        (unset HF_TOKEN HUGGING_FACE_HUB_TOKEN; "$_hfa_bin" token >/dev/null 2>&1) &&
            return 0
        unset HFAUTH_REFUSED
    fi
    _hfa_adopt
}

# Load time, without xtrace: HF_TOKEN is the hook's when it is unset or
# equals the active token (as the PAM module exports it), else the user's;
# and nobody's while HFAUTH_REFUSED says the PAM module refused the file or
# the Hub rejected the token in this session.
_hfa_load() {
    local - cmd old
    { set +x; } 2>/dev/null
    _hfa_own='' _hfa_left='' _hfa_seen='' _hfa_mark='' _hfa_pkey='' _hfa_p='' _hfa_v=''
    _hfa_key='' _hfa_armed='' _hfa_stat=''
    # The loadable `stat` builtin (Debian's bash-builtins) spares _hfa_file
    # its process: a stat builtin already there (the user's, enabled or
    # not) is used as it is; else the hook loads bash's by its full path
    # (a bare name would be searched in BASH_LOADABLES_PATH, which ends
    # with "." by default: a "stat" in the current directory) and disables
    # it at once, so that `stat` typed by the user stays the command.
    # Loading is a dlopen, no process; where it fails, a process does.
    if builtin compgen -A builtin -X '!stat' stat >/dev/null 2>&1 ||
        { builtin enable -f /usr/lib/bash/stat stat &&
          builtin enable -n stat; } 2>/dev/null; then
        _hfa_stat=1
    fi
    # An HF_TOKEN equal to the file is what the module took: no check.
    if [[ ! ${HFAUTH_REFUSED-} ]] && _hfa_look && local seen=$REPLY &&
        { [[ $seen == - ]] || [[ ${HF_TOKEN+x} ]] || _hfa_file; } &&
        _hfa_state "$REPLY" && [[ ! ${HF_TOKEN+x} || +$HF_TOKEN == "$REPLY" ]]; then
        _hfa_set "$REPLY"
        _hfa_seen=$seen
    fi
    # PROMPT_COMMAND is a string or (bash 5.1+) an array; add the hook once.
    if [[ ${PROMPT_COMMAND+x} && ${PROMPT_COMMAND@a} == *a* ]]; then
        for cmd in "${PROMPT_COMMAND[@]}"; do
            [[ $cmd != _hfa_prompt ]] || break
        done
        [[ $cmd == _hfa_prompt ]] ||
            PROMPT_COMMAND=(_hfa_prompt "${PROMPT_COMMAND[@]}")
    else
        # shellcheck disable=SC2128,SC2178 # the string form
        case ";${PROMPT_COMMAND-};" in
        *";_hfa_prompt;"*) ;;
        *) PROMPT_COMMAND=_hfa_prompt${PROMPT_COMMAND:+";$PROMPT_COMMAND"} ;;
        esac
    fi
    # The check before each command line, in interactive shells: with
    # bash-preexec, one of its preexec_functions; else a DEBUG trap that
    # PS0 arms once per line (its expansion assigns _hfa_armed and prints
    # nothing), so the commands of PROMPT_COMMAND and every command after
    # the first cost one test.  A DEBUG trap already there ($1, found by
    # the caller: a function does not see it) keeps running after the
    # hook's.
    [[ $- == *i* ]] || return 0
    if [[ ${bash_preexec_imported-}${__bp_imported-} ]]; then
        [[ " ${preexec_functions[*]-} " == *" _hfa_preexec "* ]] ||
            preexec_functions+=(_hfa_preexec)
        return 0
    fi
    # shellcheck disable=SC2016 # expanded when PS0 is shown
    case ${PS0-} in
    *_hfa_armed=1*) ;;
    *) PS0='${_hfa_nil[_hfa_armed=1]-}'${PS0-} ;;
    esac
    old=$1
    case $old in
    *_hfa_*) ;;
    '') trap '[[ ! $_hfa_armed ]] || _hfa_preexec "$_"' DEBUG ;;
    *)
        old=${old#trap -- }
        eval "old=${old% DEBUG}"
        # shellcheck disable=SC2064 # the user's trap, as it is now
        trap "if _hfa_chain \"\$_\"; then $old
else $old
fi" DEBUG ;;
    esac
}
# The DEBUG trap as it is, read with one subshell at load, in interactive
# shells only.
_hfa_dbg=
[[ $- != *i* ]] || _hfa_dbg=$(trap -p DEBUG)
_hfa_load "$_hfa_dbg"
unset -f _hfa_load
unset _hfa_dbg
