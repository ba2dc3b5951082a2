#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/cmd/test-typos.sh - what hf-auth says about a word it did not
# expect (exit 2, bad usage; a usage error never echoes an argument that
# may be a token): the closest commands and options ("Did you mean"), an
# unknown option called an option, exactly one hint line, and a word that
# is not short and plain (a token typed in the wrong place) named by its
# position, never echoed.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"

TOP_HINT='Run `hf-auth --help` for the list of commands.'
hint() { printf 'Run `hf-auth %s --help` for usage.' "$1"; }

# usage_error "ARGS" EXPECTED-STDERR: exit 2, nothing on stdout, exactly
# that on stderr, and no file touched.
usage_error() {
    local args=$1
    # shellcheck disable=SC2086
    run "$HF_AUTH" $args
    [ "$RC" = 2 ] || fail "hf-auth $args: exit $RC, expected 2"
    assert_out_empty
    [ "$ERR" = "$2
" ] || fail "hf-auth $args: stderr
[$ERR]
expected
[$2
]"
    assert_missing "$HF_DIR"
}

# ---- commands: the closest ones, aliases included --------------------------
usage_error "lgoin" "error: unknown command 'lgoin'. Did you mean 'login'?
$TOP_HINT"
usage_error "logni" "error: unknown command 'logni'. Did you mean 'login'?
$TOP_HINT"
usage_error "swich" "error: unknown command 'swich'. Did you mean 'switch'?
$TOP_HINT"
usage_error "statsu" "error: unknown command 'statsu'. Did you mean 'status'?
$TOP_HINT"
usage_error "lst" "error: unknown command 'lst'. Did you mean 'list' or 'ls'?
$TOP_HINT"
usage_error "log" "error: unknown command 'log'. Did you mean 'login' or 'logout'?
$TOP_HINT"
usage_error "who" "error: unknown command 'who'. Did you mean 'whoami'?
$TOP_HINT"
usage_error "tokne" "error: unknown command 'tokne'. Did you mean 'token'?
$TOP_HINT"
usage_error "LOGIN" "error: unknown command 'LOGIN'. Did you mean 'login'?
$TOP_HINT"
usage_error "help lgoin" "error: unknown command 'lgoin'. Did you mean 'login'?
$TOP_HINT"
# Nothing close: no suggestion, still one hint line.
usage_error "frobnicate" "error: unknown command 'frobnicate'
$TOP_HINT"
usage_error "x" "error: unknown command 'x'
$TOP_HINT"
run "$HF_AUTH" ""
assert_rc 2
assert_err_eq "error: unknown command ''
$TOP_HINT
"

# ---- an option before the command is an option --------------------------------
usage_error "--verbose list" "error: unknown option '--verbose'
$TOP_HINT"
usage_error "--versoin" "error: unknown option '--versoin'. Did you mean '--version'?
$TOP_HINT"
usage_error "--hlep" "error: unknown option '--hlep'. Did you mean '--help'?
$TOP_HINT"
usage_error "-x list" "error: unknown option '-x'
$TOP_HINT"

# ---- a command's options: the closest of that command's -------------------------
usage_error "list --fromt" "error: unknown option '--fromt'. Did you mean '--format'?
$(hint list)"
usage_error "ls --fromat json" "error: unknown option '--fromat'. Did you mean '--format'?
$(hint list)"
usage_error "whoami --hepl" "error: unknown option '--hepl'. Did you mean '--help'?
$(hint whoami)"
usage_error "status --chekc" "error: unknown option '--chekc'. Did you mean '--check'?
$(hint status)"
usage_error "switch --token-nmae x" "error: unknown option '--token-nmae'. Did you mean '--token-name'?
$(hint switch)"
usage_error "login --froce" "error: unknown option '--froce'. Did you mean '--force'?
$(hint login)"
usage_error "logout --force" "error: unknown option '--force'
$(hint logout)"
# An ambiguous abbreviation names every option it could be.
usage_error "login --tok" "error: unknown option '--tok'. Did you mean '--token' or '--token-stdin'?
$(hint login)"
# Short options, a value where none is taken, a value missing.
usage_error "list -Z" "error: unknown option '-Z'
$(hint list)"
usage_error "list -Zq" "error: unknown option '-Z'
$(hint list)"
usage_error "list --help=x" "error: option '--help' takes no value
$(hint list)"
usage_error "list --format" "error: option '--format' needs a value
$(hint list)"
usage_error "list --format yaml" "error: --format takes table, human, json, quiet or names, not 'yaml'
$(hint list)"
usage_error "switch --export tcsh x" "error: --export takes bash, zsh, sh or fish, not 'tcsh'
$(hint switch)"
usage_error "logout foo" "error: unexpected argument 'foo'; use --token-name NAME
$(hint logout)"

# ---- a word that may be a token is never echoed ------------------------------------
# The classic: `hf-auth login hf_...` with --token forgotten, in a CI log.
for args in "login $TOK_WORK" "login --force $TOK_WORK" "login $TOK_WORK --force"; do
    pos=$(( $(printf '%s\n' $args | grep -n "^$TOK_WORK\$" | cut -d: -f1) ))
    usage_error "$args" "error: unexpected argument $pos (not shown, in case it is a token); give a token on standard input with --token-stdin
$(hint login)"
    assert_secret_absent "$TOK_WORK"
done
usage_error "$TOK_WORK" "error: unexpected argument 1 (not shown, in case it is a token)
$TOP_HINT"
usage_error "help $TOK_ORG" "error: unexpected argument 2 (not shown, in case it is a token)
$TOP_HINT"
usage_error "whoami $TOK_WORK" "error: unexpected argument 2 (not shown, in case it is a token)
$(hint whoami)"
usage_error "list --format $TOK_WORK" "error: --format takes table, human, json, quiet or names
$(hint list)"
usage_error "switch --export $TOK_WORK x" "error: --export takes bash, zsh, sh or fish
$(hint switch)"
usage_error "logout $TOK_CI" "error: unexpected argument 2 (not shown, in case it is a token); use --token-name NAME
$(hint logout)"
# A value glued to an unknown option is cut off; the option name is shown.
usage_error "login --tokne=$TOK_WORK" "error: unknown option '--tokne'. Did you mean '--token'?
$(hint login)"
assert_secret_absent "$TOK_WORK"
usage_error "--token=$TOK_WORK" "error: unknown option '--token'
$TOP_HINT"
# A long word, or one with other characters than letters, digits and '-',
# is not plain, whatever it is.
long=abcdefghijklmnopqrstuvwxyz0123456
usage_error "$long" "error: unexpected argument 1 (not shown, in case it is a token)
$TOP_HINT"
usage_error "${long%?}" "error: unknown command '${long%?}'
$TOP_HINT"
usage_error "list --$long" "error: unknown option, argument 2 (not shown, in case it is a token)
$(hint list)"
run "$HF_AUTH" "$(printf 'lo\033]52;c;eA==\007gin')"
assert_rc 2
assert_err_eq "error: unexpected argument 1 (not shown, in case it is a token)
$TOP_HINT
"
# An unprintable short option letter is not shown either.
run "$HF_AUTH" list "$(printf -- '-\001')"
assert_rc 2
assert_err_eq "error: unknown option (not shown, in case it is a token)
$(hint list)
"

echo "test-typos: all passed"
