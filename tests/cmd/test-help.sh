#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/cmd/test-help.sh - help, version and usage errors of the hf-auth
# command (hf-auth(1)): `--help` on every subcommand (stdout, exit 0, its
# options named), `--version`, `help CMD`, and exit 2 for bad usage.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"

# help_of COMMAND OPTION...: COMMAND --help (and -h, and `help COMMAND`)
# prints a usage on stdout naming each OPTION, nothing on stderr, exit 0,
# and touches no file.
help_of() {
    local command=$1 option form
    shift
    for form in "$command --help" "$command -h" "help $command"; do
        # shellcheck disable=SC2086
        run "$HF_AUTH" $form
        [ "$RC" = 0 ] || fail "hf-auth $form: exit $RC"
        [ -z "$ERR" ] || fail "hf-auth $form wrote to stderr: $ERR"
        case $OUT in "usage: hf-auth $command"*) ;; *) fail "hf-auth $form: no usage line";; esac
        for option in "$@"; do
            case $OUT in *"$option"*) ;; *) fail "hf-auth $form does not mention $option";; esac
        done
    done
}
help_of login --token --token-stdin --add-to-git-credential --force
help_of logout --token-name
help_of switch --token-name --add-to-git-credential --export bash zsh sh fish
help_of list --format table json names
help_of token HF_TOKEN HUGGING_FACE_HUB_TOKEN
help_of whoami --format
help_of status --check --format
# `ls` is `list`: the same help.
run "$HF_AUTH" ls --help
assert_rc 0
assert_out_has "usage: hf-auth list"
assert_out_has "alias: ls"
# --help wins over everything else on the line, and does nothing.
run "$HF_AUTH" login --token "$TOK_WORK" --help
assert_rc 0
assert_out_has "usage: hf-auth login"
assert_err_eq ""
run "$HF_AUTH" logout --help
assert_rc 0
assert_missing "$HF_DIR"

# The top level.
run "$HF_AUTH" --version
assert_rc 0
assert_out_eq "hf-auth 0.1.0
"
assert_err_eq ""
run "$HF_AUTH" -V
assert_rc 0
assert_out_eq "hf-auth 0.1.0
"
for form in --help -h help; do
    run "$HF_AUTH" $form
    assert_rc 0
    assert_err_eq ""
    assert_out_has "usage: hf-auth <command> [options]"
    for command in login logout switch "list, ls" token whoami status init; do
        assert_out_has "  $command "
    done
    assert_out_has "Exit status"
done
USAGE=$OUT

# No arguments: usage on stderr, exit 2.
run "$HF_AUTH"
assert_rc 2
assert_out_empty
[ "$ERR" = "$USAGE" ] || fail "no arguments: stderr is not the usage"
run "$HF_AUTH" frobnicate
assert_rc 2
assert_out_empty
assert_err_eq "error: unknown command 'frobnicate'
Run \`hf-auth --help\` for the list of commands.
"
run "$HF_AUTH" --frobnicate
assert_rc 2
assert_err_has "unknown option '--frobnicate'"
run "$HF_AUTH" help frobnicate
assert_rc 2
assert_out_empty
assert_err_has "unknown command 'frobnicate'"
# Commands are case-sensitive.
run "$HF_AUTH" LOGIN
assert_rc 2

# Unknown options and missing values: exit 2, the command's --help named.
for command in login logout switch list ls token whoami status; do
    run "$HF_AUTH" $command --no-such-option
    [ "$RC" = 2 ] || fail "$command --no-such-option: exit $RC"
    assert_out_empty
    assert_err_has "unknown option '--no-such-option'"
    assert_err_has "--help"
    run "$HF_AUTH" $command -Z
    [ "$RC" = 2 ] || fail "$command -Z: exit $RC"
done
for form in "login --token" "logout --token-name" "switch --token-name" \
            "switch --export" "list --format" "whoami --format" "status --format"; do
    # shellcheck disable=SC2086
    run "$HF_AUTH" $form
    [ "$RC" = 2 ] || fail "$form (no value): exit $RC"
    assert_out_empty
    assert_err_has "needs a value"
done
assert_missing "$HF_DIR"

# `init` prints the shell hooks (hf-auth(1), init): its help names the shells.
help_of init bash zsh fish
run "$HF_AUTH" init tcsh
assert_rc 2
assert_out_empty

# The man page renders without a single groff warning, and documents every
# subcommand and every exit status.
warnings=$(groff -man -ww -z "$HFA_SRC/shell/hf-auth.1" 2>&1) || fail "groff failed: $warnings"
[ -z "$warnings" ] || fail "hf-auth.1: $warnings"
page=$(groff -man -Tutf8 "$HFA_SRC/shell/hf-auth.1" 2>/dev/null | sed 's/.\x08//g')
for word in login logout switch list token whoami status init HF_TOKEN_PATH \
            HF_ENDPOINT SSL_CERT_FILE stored_tokens 130; do
    case $page in *"$word"*) ;; *) fail "hf-auth.1 does not mention $word" ;; esac
done

echo "test-help: all passed"
