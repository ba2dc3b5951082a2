# SPDX-License-Identifier: Apache-2.0
# hf-auth hook for zsh: `eval "$(hf-auth init zsh)"` in ~/.zshrc.
#
# hf-switch, hf-login and hf-logout run hf-auth and leave HF_TOKEN matching
# the active token; and precmd and preexec hooks that keep HF_TOKEN in step
# with the active token file changed by another shell.  HF_TOKEN is
# followed only while the hook owns it (README.md, "Other shells follow at
# their next prompt"), and only to a file the PAM module would take.
# Completion follows the hook (the same code as `hf-auth completion zsh`).
# The entry points (functions, load, and the hooks' _hfa_recheck) start
# with `emulate -L zsh`, so the user's options do not apply, and turn
# xtrace off: `set -x` must not print a token.  The hooks' unchanged case
# is written to mean the same under any options, err_exit and nounset
# included (see _hfa_prompt).

typeset -g _hfa_bin='@HF_AUTH@' _hfa_own= _hfa_left= _hfa_seen= _hfa_mark= _hfa_pkey= _hfa_p=

# How the token file is read: one read() of at most 4097 bytes with
# sysread (zsh/system, shipped with zsh), else `read -k`, which reads a
# byte at a time (half a prompt's cost).  Both count NUL bytes like any
# other: the read is bounded whatever the file holds.
typeset -ga _hfa_rd
if zmodload -F zsh/system b:sysread 2>/dev/null; then
    _hfa_rd=(sysread -s 4097)
else
    _hfa_rd=(read -r -u 0 -k 4097)
fi

# The helpers below run inside the functions, under their emulate.

# The active token file's path, found as huggingface_hub finds it
# (hf-auth(1), ENVIRONMENT), in _hfa_p; empty (and a failure) where only a
# process could follow Python (`~user` or `$VAR` inside HF_HOME or
# XDG_CACHE_HOME, or a leading `~` or a `$` in HF_TOKEN_PATH: Python and
# hf-auth expand them, the hook does not guess).  _hfa_pkey records what it
# was worked out from.
_hfa_path() {
    local p=${HF_TOKEN_PATH-}
    _hfa_pkey="${HF_TOKEN_PATH-}|${HF_HOME-}|${XDG_CACHE_HOME-}|${HOME-}"
    _hfa_p=
    if [[ -n $p ]]; then
        [[ $p != \~* && $p != *\$* ]] || return 1
    else
        p=${HF_HOME:-${XDG_CACHE_HOME:-\~/.cache}/huggingface}
        case $p in
        (*\$*) return 1 ;;
        (\~ | \~/*) [[ -n ${HOME-} ]] || return 1; p=$HOME${p#\~} ;;
        (\~*) return 1 ;;
        esac
        p+=/token
    fi
    _hfa_p=$p
}

# The token file, taken only as the PAM module takes it (pam_hfauth(8)):
# REPLY is "+" and its content, or "-" when there is no file; fails for
# anything but a regular file (not a symbolic link: the glob qualifiers
# look at the link itself), owned by the user, not writable by group or
# others, of 4 KiB at most (a FIFO would hang the prompt).  The path is
# worked out again only when a variable it depends on changed: that was
# most of a prompt's cost.
_hfa_file() {
    local v=
    local -a ok
    [[ "${HF_TOKEN_PATH-}|${HF_HOME-}|${XDG_CACHE_HOME-}|${HOME-}" == "$_hfa_pkey" ]] ||
        _hfa_path
    [[ -n $_hfa_p ]] || return 1
    ok=(${~${(b)_hfa_p}}(N.UL-4097^IW))
    if (( $#ok )) && [[ -r $_hfa_p ]]; then
        "${_hfa_rd[@]}" v 2>/dev/null <$_hfa_p
        (( $#v <= 4096 )) || return 1
        REPLY=+$v
    elif [[ -e $_hfa_p || -h $_hfa_p ]]; then
        return 1
    else
        REPLY=-
    fi
}

# The token in $1 (from _hfa_file) cleaned as huggingface_hub cleans it,
# in REPLY: "+TOKEN", or "-" for none.  Fails for what is no token to the
# PAM module: a blank, control (NUL too), non-ASCII character or '=' left
# after cleaning.  Only ASCII blanks are stripped (the module strips
# Unicode ones too, so the hook never takes what the module would not).
_hfa_state() {
    setopt local_options extended_glob
    local v=${1#[+-]}
    v=${${${v//[$'\r\n']/}##[$' \t\v\f']#}%%[$' \t\v\f']#}
    [[ $v != *[^!-~]* && $v != *=* ]] || return 1
    REPLY=${v:+"+$v"}
    REPLY=${REPLY:--}
}

# Leaves HF_TOKEN as $1 ("+TOKEN" or "-") and takes it over.
_hfa_set() {
    if [[ $1 == +* ]]; then
        export HF_TOKEN=${1#+}
    else
        unset HF_TOKEN
    fi
    _hfa_left=$1 _hfa_own=1 _hfa_seen= _hfa_mark=${HF_TOKEN+x}${HF_TOKEN-}
}

# precmd.  While HF_TOKEN is what the hook left it as, it follows the
# token file; once anything else changed it, it is the user's and left
# alone.  _hfa_seen, the file as last read, makes a prompt with nothing
# changed builtins only, no process, and as few of them as can be
# (tests/bench/shell.sh), in the three usual states: HF_TOKEN the user's
# (nothing to do); the hook's, with HF_TOKEN still what _hfa_set left
# (_hfa_mark: "x" and the value, or empty for unset) and the path worked
# out last time still the path (_hfa_pkey), and then either a readable
# file (one bounded read and one comparison) or no file, as last time.  It
# runs under the user's options (emulate costs as much as the rest of
# it), so every expansion is quoted or inside [[ ]], it sets nothing but a
# local, and a read that fails (sysread's 5 at the end of an empty file)
# is tested, or err_exit would end the shell; anything else is for
# _hfa_recheck, under emulate.
_hfa_prompt() {
    setopt local_options no_xtrace
    local v
    [[ -n $_hfa_own ]] || return 0
    if [[ ${HF_TOKEN+x}${HF_TOKEN-} != "$_hfa_mark" ||
            "${HF_TOKEN_PATH-}|${HF_HOME-}|${XDG_CACHE_HOME-}|${HOME-}" != "$_hfa_pkey" ]]; then
        _hfa_recheck
    elif [[ -f $_hfa_p && -r $_hfa_p ]]; then
        "${_hfa_rd[@]}" v <"$_hfa_p" || :
        [[ +$v == "$_hfa_seen" ]] || _hfa_recheck
    elif [[ -n $_hfa_p && ($_hfa_seen != - || -e $_hfa_p) ]]; then
        _hfa_recheck
    fi
    return 0
}

# preexec: just before a command line runs, so that the first command
# after a switch in another shell already has the new token.  Nothing in
# the shell changed since precmd, so only the file is looked at, as
# precmd does it, under the same rules.
_hfa_preexec() {
    setopt local_options no_xtrace
    local v
    [[ -n $_hfa_own ]] || return 0
    if [[ -f $_hfa_p && -r $_hfa_p ]]; then
        "${_hfa_rd[@]}" v <"$_hfa_p" || :
        [[ +$v == "$_hfa_seen" ]] || _hfa_recheck
    elif [[ -n $_hfa_p && ($_hfa_seen != - || -e $_hfa_p) ]]; then
        _hfa_recheck
    fi
    return 0
}

# The prompt's every other case: HF_TOKEN no longer the hook's, a path
# variable changed, the file changed, appeared or went.  A file that is no
# token file to the PAM module leaves HF_TOKEN as it was (and is not read
# again until it changes); an absent or empty one means no token.
_hfa_recheck() {
    emulate -L zsh -o no_xtrace
    local seen=
    if [[ ${HF_TOKEN+x}${HF_TOKEN-} != "$_hfa_mark" || -z $_hfa_own ]]; then
        _hfa_own=
    elif _hfa_file; then
        if [[ $REPLY != "$_hfa_seen" ]]; then
            seen=$REPLY
            _hfa_state $REPLY && [[ $REPLY != "$_hfa_left" ]] && _hfa_set $REPLY
            _hfa_seen=$seen
        fi
    elif [[ -f $_hfa_p && -r $_hfa_p ]]; then
        # Refused: remember it as precmd reads it, so that it is looked at
        # again only when it changes.
        "${_hfa_rd[@]}" seen 2>/dev/null <$_hfa_p
        _hfa_seen=+$seen
    else
        _hfa_seen='?'
    fi
    return 0
}

# After login or logout HF_TOKEN follows the token file, whoever had it.
_hfa_adopt() {
    emulate -L zsh -o no_xtrace
    local tok
    if tok=$(unset HF_TOKEN HUGGING_FACE_HUB_TOKEN; $_hfa_bin token 2>/dev/null); then
        _hfa_set +$tok
    else
        _hfa_set -
    fi
}

# hf-auth runs without HF_TOKEN, which these functions are about to set:
# otherwise it would warn that HF_TOKEN overrides the token it switched to.
# A switch or a login by the user lifts the PAM module's refusal
# (HFAUTH_REFUSED) in this shell.
hf-switch() {
    emulate -L zsh -o no_xtrace
    local code
    if (( ${@[(I)(-h|--help)]} )); then $_hfa_bin switch "$@"; return; fi
    code=$(unset HF_TOKEN; $_hfa_bin switch --export zsh "$@") || return
    [[ $code == "export HF_TOKEN='"*"'" ]] || return 1
    eval $code
    unset HFAUTH_REFUSED
    _hfa_set +$HF_TOKEN
}

hf-login() {
    emulate -L zsh -o no_xtrace
    if (( ${@[(I)(-h|--help)]} )); then $_hfa_bin login "$@"; return; fi
    (unset HF_TOKEN; $_hfa_bin login "$@") || return
    unset HFAUTH_REFUSED
    _hfa_adopt
}

# While the PAM module's refusal stands, a logout does not export the
# token left active; it lifts the refusal when none is left.
hf-logout() {
    emulate -L zsh -o no_xtrace
    if (( ${@[(I)(-h|--help)]} )); then $_hfa_bin logout "$@"; return; fi
    (unset HF_TOKEN; $_hfa_bin logout "$@") || return
    if [[ -n ${HFAUTH_REFUSED-} ]]; then
        (unset HF_TOKEN HUGGING_FACE_HUB_TOKEN; $_hfa_bin token >/dev/null 2>&1) &&
            return 0
        unset HFAUTH_REFUSED
    fi
    _hfa_adopt
}

# Load time, without xtrace: HF_TOKEN is the hook's when it is unset or
# equals the active token (as the PAM module exports it), else the user's;
# and nobody's while HFAUTH_REFUSED says the PAM module refused the file or
# the Hub rejected the token in this session.
() {
    emulate -L zsh -o no_xtrace
    if [[ -z ${HFAUTH_REFUSED-} ]] && _hfa_file && local seen=$REPLY &&
        _hfa_state $REPLY && [[ -z ${HF_TOKEN+x} || +$HF_TOKEN == $REPLY ]]; then
        _hfa_set $REPLY
        _hfa_seen=$seen
    fi
    autoload -Uz add-zsh-hook
    add-zsh-hook precmd _hfa_prompt
    add-zsh-hook preexec _hfa_preexec
}
