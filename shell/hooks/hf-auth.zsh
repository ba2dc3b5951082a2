# hf-auth hook for zsh: `eval "$(hf-auth init zsh)"` in ~/.zshrc.
#
# hf-switch, hf-login and hf-logout run hf-auth and leave HF_TOKEN matching
# the active token; completion of token names; and a precmd hook that keeps
# HF_TOKEN in step with the active token file changed by another shell.
# HF_TOKEN is followed only while the hook owns it (README.md, "Other
# shells follow at their next prompt").
# The entry points (functions, load, and precmd's _hfa_recheck) start with
# `emulate -L zsh`, so the user's options do not apply, and turn xtrace
# off: `set -x` must not print a token.  precmd's unchanged case is written
# to mean the same under any options (see _hfa_prompt).

typeset -g _hfa_bin='@HF_AUTH@' _hfa_own= _hfa_left= _hfa_seen= _hfa_mark= _hfa_pkey= _hfa_p=

# How the token file is read: one read() of at most 4097 bytes with
# sysread (zsh/system, shipped with zsh), else `read -k`, which reads a
# byte at a time (half a prompt's cost).
typeset -ga _hfa_rd
if zmodload -F zsh/system b:sysread 2>/dev/null; then
    _hfa_rd=(sysread -s 4097)
else
    _hfa_rd=(read -r -u 0 -k 4097)
fi

# The helpers below run inside the functions, under their emulate.

# The active token file's path, found as huggingface_hub finds it
# (SPEC 1), in _hfa_p; empty (and a failure) where only a process could
# follow Python (`~user` or `$VAR` inside HF_HOME or XDG_CACHE_HOME, or a
# leading `~` or a `$` in HF_TOKEN_PATH: Python and hf-auth expand them,
# the hook does not guess).  _hfa_pkey records what it was worked out from.
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

# Reads the active token file: REPLY is "+CONTENT", or "-" when there is
# no file.  Fails for anything but a readable regular file of 4 KiB at most
# (a FIFO would hang the prompt).  The path is worked out again only when
# a variable it depends on changed: that was most of a prompt's cost.
_hfa_file() {
    local v=
    [[ "${HF_TOKEN_PATH-}|${HF_HOME-}|${XDG_CACHE_HOME-}|${HOME-}" == "$_hfa_pkey" ]] ||
        _hfa_path
    [[ -n $_hfa_p ]] || return 1
    if [[ -f $_hfa_p && -r $_hfa_p ]]; then
        "${_hfa_rd[@]}" v 2>/dev/null <$_hfa_p
        REPLY=+$v
    elif [[ -e $_hfa_p ]]; then
        return 1
    else
        REPLY=-
    fi
}

# The token in $1 (from _hfa_file) cleaned as huggingface_hub cleans it,
# in REPLY: "+TOKEN", or "-" for none.  Fails for what is no token: a
# blank, control or non-ASCII character (the PAM module and hf-auth refuse
# those too).
_hfa_state() {
    setopt local_options extended_glob
    (( $#1 <= 4097 )) || return 1
    local v=${1#[+-]}
    v=${${${v//[$'\r\n']/}##[[:space:]]#}%%[[:space:]]#}
    [[ $v != *[^!-~]* ]] || return 1
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
# alone.  _hfa_seen, the file as last handled, makes a prompt with nothing
# changed builtins only, no process, and as few of them as can be
# (tests/bench/shell.sh), in the three usual states: HF_TOKEN the user's
# (nothing to do); the hook's, with HF_TOKEN still what _hfa_set left
# (_hfa_mark: "x" and the value, or empty for unset) and the path worked
# out last time still the path (_hfa_pkey), and then either a readable
# file (the read as _hfa_file does it, and one comparison) or no file, as
# last time.  It runs under the user's options (emulate costs as much as
# the rest of it), so every expansion is quoted or inside [[ ]], and it
# sets nothing but a local; anything else is for _hfa_recheck, under
# emulate.
_hfa_prompt() {
    setopt local_options no_xtrace
    local v
    [[ -n $_hfa_own ]] || return 0
    if [[ ${HF_TOKEN+x}${HF_TOKEN-} != "$_hfa_mark" ||
            "${HF_TOKEN_PATH-}|${HF_HOME-}|${XDG_CACHE_HOME-}|${HOME-}" != "$_hfa_pkey" ]]; then
        _hfa_recheck
    elif [[ -f $_hfa_p && -r $_hfa_p ]]; then
        "${_hfa_rd[@]}" v <"$_hfa_p"
        [[ +$v == "$_hfa_seen" ]] || _hfa_recheck
    elif [[ -n $_hfa_p && ($_hfa_seen != - || -e $_hfa_p) ]]; then
        _hfa_recheck
    fi
    return 0
}

# The prompt's every other case: HF_TOKEN no longer the hook's, a path
# variable changed, the file changed, appeared or went.
_hfa_recheck() {
    emulate -L zsh -o no_xtrace
    if [[ ${HF_TOKEN+x}${HF_TOKEN-} != "$_hfa_mark" || -z $_hfa_own ]]; then
        _hfa_own=
    elif _hfa_file && [[ $REPLY != "$_hfa_seen" ]]; then
        _hfa_follow $REPLY
    fi
}

# The token file's content ($1, as _hfa_file gives it) changed: HF_TOKEN
# follows it, if it holds a token.
_hfa_follow() {
    _hfa_state $1 && [[ $REPLY != "$_hfa_left" ]] && _hfa_set $REPLY
    _hfa_seen=$1
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
hf-switch() {
    emulate -L zsh -o no_xtrace
    local code
    if (( ${@[(I)(-h|--help)]} )); then $_hfa_bin switch "$@"; return; fi
    code=$(unset HF_TOKEN; $_hfa_bin switch --export zsh "$@") || return
    [[ $code == "export HF_TOKEN='"*"'" ]] || return 1
    eval $code
    _hfa_set +$HF_TOKEN
}

hf-login() {
    emulate -L zsh -o no_xtrace
    if (( ${@[(I)(-h|--help)]} )); then $_hfa_bin login "$@"; return; fi
    (unset HF_TOKEN; $_hfa_bin login "$@") || return
    _hfa_adopt
}

hf-logout() {
    emulate -L zsh -o no_xtrace
    if (( ${@[(I)(-h|--help)]} )); then $_hfa_bin logout "$@"; return; fi
    (unset HF_TOKEN; $_hfa_bin logout "$@") || return
    _hfa_adopt
}

# Completion (compsys) for hf-auth and the functions: subcommands, options,
# option values and token names.  compadd quotes what it inserts.
_hfa_complete() {
    emulate -L zsh
    local sub prev=${words[CURRENT-1]}
    local -a opts
    case ${words[1]:t} in
    (hf-switch) sub=hf-switch ;;
    (hf-login) sub=login ;;
    (hf-logout) sub=logout ;;
    (*) (( CURRENT > 2 )) && sub=${words[2]} ;;
    esac
    case $prev in
    (--token-name) _hfa_complete_names; return ;;
    (--format)
        opts=(table json)
        [[ $sub == (list|ls|token|whoami) ]] && opts+=(quiet)
        compadd -- $opts
        return ;;
    (--export) compadd -- bash zsh sh fish; return ;;
    (--token) return 1 ;;
    esac
    if [[ $PREFIX == -* ]]; then
        case $sub in
        ('') opts=(--help --version) ;;
        (login) opts=(--token --token-stdin --add-to-git-credential
                      --no-add-to-git-credential --force --no-force --help) ;;
        (logout) opts=(--token-name --help) ;;
        (switch) opts=(--token-name --add-to-git-credential
                       --no-add-to-git-credential --export --help) ;;
        (hf-switch) opts=(--token-name --add-to-git-credential
                          --no-add-to-git-credential --help) ;;
        (list|ls|token|whoami) opts=(--format --json --quiet --help) ;;
        (status) opts=(--format --json --check --help) ;;
        (*) opts=(--help) ;;
        esac
    else
        case $sub in
        ('') opts=(login logout switch list ls token whoami status init) ;;
        (switch|hf-switch) _hfa_complete_names; return ;;
        (init) opts=(bash zsh fish) ;;
        esac
    fi
    compadd -- $opts
}

_hfa_complete_names() {
    local -a names
    names=(${(f)"$($_hfa_bin list --format names 2>/dev/null)"})
    compadd -- $names
}

# compdef exists once compinit has run, which ~/.zshrc may do after this
# hook: register now, or at the first prompt after compinit.
_hfa_compdef() {
    (( $+functions[compdef] )) || return 0
    compdef _hfa_complete hf-auth hf-switch hf-login hf-logout
    add-zsh-hook -d precmd _hfa_compdef
}

# Load time, without xtrace: HF_TOKEN is the hook's when it is unset or
# equals the active token (as the PAM module exports it), else the user's.
() {
    emulate -L zsh -o no_xtrace
    if _hfa_file && _hfa_state $REPLY &&
        [[ -z ${HF_TOKEN+x} || +$HF_TOKEN == $REPLY ]]; then
        _hfa_set $REPLY
    fi
    autoload -Uz add-zsh-hook
    add-zsh-hook precmd _hfa_prompt
    add-zsh-hook precmd _hfa_compdef
    _hfa_compdef
}
