# SPDX-License-Identifier: Apache-2.0
# tests/shell/shlib.sh - helpers shared by the shell hook tests
# (tests/shell/test-*.sh).  Source it after tests/lib.sh.
#
#   in_bash CODE [ARG...]   runs CODE in a bash, zsh or fish that read no rc
#   in_zsh CODE [ARG...]    file and loaded the hook as a user does
#   in_fish CODE [ARG...]   (eval "$(hf-auth init bash)", ...); ARGs are
#                           $1... ($argv in fish); $RC, $OUT, $ERR as `run`;
#                           a shell still running after 20 s is killed
#   store NAME VALUE...     writes $HF_DIR/stored_tokens holding these
#   activate VALUE          writes the active token file $HF_DIR/token
#   pty CMD...              drives an interactive shell through a terminal
#                           with the ptyrun.py script on stdin; fails the
#                           test when the script does not run through
#   BASH_I, ZSH_I, FISH_I   the interactive shells, without rc files
#   PWNED, assert_not_pwned  hostile names and values create $PWNED-*
#                           files if a shell ever runs them
# shellcheck shell=bash disable=SC2016,SC2034 # code for other shells; globals
export HF_AUTH

in_bash() {
    local code=$1
    shift
    run timeout 20 bash --norc --noprofile -c 'eval "$("$HF_AUTH" init bash)"
'"$code" bash "$@"
}
in_zsh() {
    local code=$1
    shift
    run timeout 20 zsh -f -c 'eval "$("$HF_AUTH" init zsh)"
'"$code" zsh "$@"
}
in_fish() {
    local code=$1
    shift
    run timeout 20 fish --no-config -c '"$HF_AUTH" init fish | source
'"$code" "$@"
}

store() {
    mkdir -p "$HF_DIR"
    : >"$HF_DIR/stored_tokens"
    while [ $# -ge 2 ]; do
        printf '[%s]\nhf_token = %s\n\n' "$1" "$2" >>"$HF_DIR/stored_tokens"
        shift 2
    done
}
activate() {
    mkdir -p "$HF_DIR"
    printf '%s' "$1" >"$HF_DIR/token"
}

BASH_I="bash --norc --noprofile -i"
ZSH_I="zsh -f -i"
FISH_I="fish --no-config -i"
pty() {
    python3 "$HFA_SRC/tests/shell/ptyrun.py" "$@" >"$T/.pty" 2>&1 ||
        { cat "$T/.pty" >&2; fail "the interactive shell did not go as scripted"; }
}

PWNED=$T/pwned
assert_not_pwned() {
    ! compgen -G "$PWNED*" >/dev/null || fail "a shell ran a token or a name: $(compgen -G "$PWNED*")"
}
