# SPDX-License-Identifier: Apache-2.0
# hf-auth hook for fish: `hf-auth init fish | source` in
# ~/.config/fish/config.fish.
#
# hf-switch, hf-login and hf-logout run hf-auth and leave HF_TOKEN matching
# the active token; completion of token names; and a fish_prompt handler
# that keeps HF_TOKEN in step with the active token file changed by another
# shell.  HF_TOKEN is followed only while the hook owns it (README.md,
# "Other shells follow at their next prompt").  Each function that handles
# a token hides fish_trace with a local (locals do not reach the functions
# it calls): tracing must not print a token.

set -g __hfa_bin '@HF_AUTH@'
set -g __hfa_left
set -g __hfa_mark
set -e __hfa_own
set -g __hfa_seen
set -g __hfa_pkey
set -g __hfa_p

# The active token file's path, found as huggingface_hub finds it
# (hf-auth(1), ENVIRONMENT), in __hfa_p; empty (and a failure) where only a
# process could follow Python (`~user` or `$VAR` inside HF_HOME or
# XDG_CACHE_HOME, or a leading `~` or a `$` in HF_TOKEN_PATH: Python and
# hf-auth expand them, the hook does not guess).  __hfa_pkey records what it
# was worked out from, so a prompt works it out again only when one of those
# variables changed.
function __hfa_path
    set -g __hfa_pkey "$HF_TOKEN_PATH|$HF_HOME|$XDG_CACHE_HOME|$HOME"
    set -g __hfa_p
    set -l p "$HF_TOKEN_PATH"
    if test -n "$p"
        string match -q -r '^~|\$' -- $p; and return 1
    else
        set p "$HF_HOME"
        if test -z "$p"
            set p "$XDG_CACHE_HOME"
            test -n "$p"; or set p '~/.cache'
            set p "$p/huggingface"
        end
        switch $p
            case '*$*'
                return 1
            case '~' '~/*'
                test -n "$HOME"; or return 1
                set p "$HOME"(string sub -s 2 -- $p)
            case '~*'
                return 1
        end
        set p "$p/token"
    end
    set -g __hfa_p $p
end

# The token file as the prompt reads it: __hfa_reply is "STATUS+CONTENT",
# with the status of `read -z` (0: read, 1: empty file, 122: more than
# 4096 bytes, as fish_read_limit bounds it; it stops at the first NUL, so
# the read is bounded whatever the bytes), or "-" when there is no file,
# "?" for anything else (a FIFO would hang the prompt).  Fails where
# __hfa_path does.  It and the event handlers are defined in a block whose
# locals they inherit (-V): hidden fish_trace and the read limit, without
# a `set` per call.
begin
    set -l fish_trace
    set -l fish_read_limit 4096

    function __hfa_look -V fish_trace -V fish_read_limit
        test "$HF_TOKEN_PATH|$HF_HOME|$XDG_CACHE_HOME|$HOME" = "$__hfa_pkey"
        or __hfa_path
        test -n "$__hfa_p"; or return 1
        if path is -rf -- $__hfa_p
            read -z -l v 2>/dev/null <$__hfa_p
            set -g __hfa_reply "$status+$v"
        else if test -e $__hfa_p; or path is -t link -- $__hfa_p
            set -g __hfa_reply '?'
        else
            set -g __hfa_reply -
        end
        return 0    # `set` keeps the status of the test before it
    end

    # The token file, taken only as the PAM module takes it
    # (pam_hfauth(8)): a regular file, not a symbolic link, owned by the
    # user, not writable by group or others, at most 4096 bytes, no NUL.
    # __hfa_reply is "+" and its content, or "-" for no file; fails for
    # anything else.  No builtin shows a file's mode, so `stat` does (and
    # the uid of a process of the user, its own /proc/self): one process,
    # only when the file changed, never at an unchanged prompt.  A NUL stops
    # `read -z` short of the size.
    function __hfa_file -V fish_trace -V fish_read_limit
        test -n "$__hfa_p"; or return 1
        path is -t link -- $__hfa_p; and return 1
        if not path is -rf -- $__hfa_p
            test -e $__hfa_p; and return 1
            set -g __hfa_reply -
            return 0
        end
        set -l st (command stat -c '%u %f %s' -- $__hfa_p /proc/self/ 2>/dev/null)
        set -l file (string split ' ' -- "$st[1]")
        set -l me (string split ' ' -- "$st[2]")
        test (count $file) -eq 3 -a (count $me) -eq 3; or return 1
        string match -qr '^[0-9a-f]+$' -- $file[2]; or return 1
        test "$file[1]" = "$me[1]"; or return 1
        test (math "bitand(0x$file[2], 61458)") -eq 32768; or return 1   # 0170022, 0100000
        read -z -l v <$__hfa_p
        contains -- $status 0 1; or return 1
        test (string length -- "$v") -eq $file[3] -a $file[3] -le 4096; or return 1
        set -g __hfa_reply "+$v"
        return 0
    end

    # Whenever HF_TOKEN changes, in any way (set, read, for, erase...),
    # fish calls this: a value other than what __hfa_set left (__hfa_mark)
    # makes it the user's for good, even if it is set back later, and the
    # prompt need not compare it.  The hook owns HF_TOKEN while __hfa_own
    # exists (`set -q` is the cheapest test fish has).  __hfa_set's own
    # change comes here before it records the new mark, so it drops
    # ownership first, then takes it back: harmless.
    function __hfa_token_changed --on-variable HF_TOKEN -V fish_trace
        set -q HF_TOKEN
        test "$status+$HF_TOKEN" = "$__hfa_mark"; or set -e __hfa_own
    end

    # Before each prompt, and just before each command line runs (so the
    # first command after a switch in another shell already has the new
    # token).  While HF_TOKEN is what the hook left it as, it follows the
    # token file; once anything else changed it, it is the user's and left
    # alone.  __hfa_seen, the file as last read, makes a prompt with
    # nothing changed builtins only, no process.  Each fish command costs
    # microseconds, and each variable it expands about two more
    # (tests/bench/shell.sh), so the three usual states take few of them:
    # HF_TOKEN the user's (no __hfa_own, see __hfa_token_changed): nothing
    # to do; the hook's, and the path worked out last time (__hfa_pathvars
    # forgets it when a variable it comes from changes) is either a
    # readable regular file (`path is`, one command for both checks; then
    # the read, as __hfa_look does it, and one comparison) or no file, as
    # last time.  Anything else is for __hfa_recheck, which compares
    # HF_TOKEN itself before doing anything.
    function __hfa_prompt --on-event fish_prompt --on-event fish_preexec -V fish_trace -V fish_read_limit
        set -q __hfa_own; or return
        if path is -rf -- $__hfa_p
            read -z -l v <$__hfa_p
            and test "0+$v" = "$__hfa_seen"
            or __hfa_recheck
        else if test -z "$__hfa_pkey" -o "$__hfa_seen" != - -a -n "$__hfa_p" -o -e "$__hfa_p"
            __hfa_recheck
        end
    end
end

# The token file's path is worked out again at the next prompt when a
# variable it comes from changes, in any scope and by any command (set,
# read, for, an inline NAME=value): fish calls this then.  Cheaper than
# comparing the four variables at every prompt.
function __hfa_pathvars --on-variable HF_TOKEN_PATH --on-variable HF_HOME --on-variable XDG_CACHE_HOME --on-variable HOME
    set -g __hfa_pkey
    set -g __hfa_p
end

# The prompt's every other case: HF_TOKEN no longer the hook's, a path
# variable changed, the file changed, appeared or went.  A file that is no
# token file to the PAM module leaves HF_TOKEN as it was (and is not
# looked at again until it changes); an absent or empty one means no
# token.
function __hfa_recheck
    set -l fish_trace
    set -q HF_TOKEN
    if not test "$status+$HF_TOKEN" = "$__hfa_mark"
        set -e __hfa_own
    else if __hfa_look; and test "$__hfa_reply" != "$__hfa_seen"
        set -l seen $__hfa_reply
        if test "$seen" = -; or __hfa_file
            if __hfa_state $__hfa_reply; and test "$__hfa_reply" != "$__hfa_left"
                __hfa_set $__hfa_reply
            end
        end
        set -g __hfa_seen $seen
    end
end

# The token in $argv[1] (from __hfa_file) cleaned as huggingface_hub
# cleans it, in __hfa_reply: "+TOKEN", or "-" for none.  Fails for what is
# no token to the PAM module: a blank, control, non-ASCII character or '='
# left after cleaning.  Only ASCII blanks are stripped (the module strips
# Unicode ones too, so the hook never takes what the module would not).
# Only a changed file gets here, so an unchanged prompt pays for none of
# it.
function __hfa_state
    set -l fish_trace
    string match -qr '^(-$|\+)' -- "$argv[1]"; or return 1
    set -l v (string replace -ar '^(-|\+)|[\r\n]' '' -- "$argv[1]" | string trim -c ' \t\v\f')
    string match -qr '[^!-~]|=' -- "$v"; and return 1
    if test -n "$v"
        set -g __hfa_reply "+$v"
    else
        set -g __hfa_reply -
    end
    return 0
end

# Leaves HF_TOKEN as $argv[1] ("+TOKEN" or "-") and takes it over.
function __hfa_set
    set -l fish_trace
    if string match -q '+*' -- $argv[1]
        set -gx HF_TOKEN (string sub -s 2 -- $argv[1])
        set -g __hfa_mark "0+$HF_TOKEN"
    else
        set -eg HF_TOKEN
        set -g __hfa_mark 1+
    end
    set -g __hfa_left $argv[1]
    set -g __hfa_own
    set -g __hfa_seen
    return 0    # not the status of `set -e` on an unset HF_TOKEN
end

# After login or logout HF_TOKEN follows the token file, whoever had it.
function __hfa_adopt
    set -l fish_trace
    if set -l tok (set -lu HF_TOKEN; set -lu HUGGING_FACE_HUB_TOKEN
            $__hfa_bin token 2>/dev/null)
        __hfa_set "+$tok"
    else
        __hfa_set -
    end
end

# Runs hf-auth without HF_TOKEN (a local unexported HF_TOKEN hides it from
# the command), which the functions below are about to set: otherwise it
# would warn that HF_TOKEN overrides the token it switched to.  Its own
# hidden fish_trace: fish turns tracing on or off for everyone when a
# function with a local fish_trace returns, as seen from where it returns
# to, and __hfa_token_changed returns here (from the `set -lu`).
function __hfa_run
    set -l fish_trace
    set -lu HF_TOKEN
    $__hfa_bin $argv
end

# The code comes through a pipe: the stderr of a command substitution would
# ignore a redirection of the function call (hf-switch NAME 2>/dev/null).
# A switch or a login by the user lifts the PAM module's refusal
# (HFAUTH_REFUSED) in this shell.
function hf-switch --description 'Switch the active Hugging Face token and HF_TOKEN'
    set -l fish_trace
    if contains -- --help $argv; or contains -- -h $argv
        $__hfa_bin switch $argv
        return
    end
    __hfa_run switch --export fish $argv | read -l code
    set -l rc $pipestatus[1]
    test $rc -eq 0; or return $rc
    string match -q "set -gx HF_TOKEN '*'" -- "$code"; or return 1
    eval $code
    set -eg HFAUTH_REFUSED
    __hfa_set "+$HF_TOKEN"
end

function hf-login --wraps 'hf-auth login' --description 'Log in to Hugging Face and set HF_TOKEN'
    set -l fish_trace
    if contains -- --help $argv; or contains -- -h $argv
        $__hfa_bin login $argv
        return
    end
    __hfa_run login $argv; or return
    set -eg HFAUTH_REFUSED
    __hfa_adopt
end

# While the PAM module's refusal stands, a logout does not export the
# token left active; it lifts the refusal when none is left.
function hf-logout --wraps 'hf-auth logout' --description 'Log out of Hugging Face and update HF_TOKEN'
    set -l fish_trace
    if contains -- --help $argv; or contains -- -h $argv
        $__hfa_bin logout $argv
        return
    end
    __hfa_run logout $argv; or return
    if test -n "$HFAUTH_REFUSED"
        __hfa_run token >/dev/null 2>&1; and return 0
        set -eg HFAUTH_REFUSED
    end
    __hfa_adopt
end

# Load time: HF_TOKEN is the hook's when it is unset or equals the active
# token (as the PAM module exports it: then it needs no check), else the
# user's; and nobody's while HFAUTH_REFUSED says the PAM module refused the
# file or the Hub rejected the token in this session.
function __hfa_load
    set -l fish_trace
    test -z "$HFAUTH_REFUSED"; or return 0
    __hfa_look; or return 0
    set -l seen $__hfa_reply
    if test "$seen" != -; and not set -q HF_TOKEN
        __hfa_file; or return 0
    else if test "$seen" != -
        set -g __hfa_reply (string replace -r '^[01]\+' + -- $seen)
    end
    __hfa_state $__hfa_reply; or return 0
    if not set -q HF_TOKEN; or test "+$HF_TOKEN" = "$__hfa_reply"
        __hfa_set $__hfa_reply
        set -g __hfa_seen $seen
    end
end
__hfa_load
functions -e __hfa_load
