# SPDX-License-Identifier: Apache-2.0
# tests/pam/lib-pam.sh - sourced by tests/pam/test-*.sh after tests/lib.sh.
#
#   pam_service OPTIONS...   writes the test service: pam_hfauth with these
#                            options, then pam_permit (a normal stack)
#   pam_service_raw TEXT     writes the service file as given
#   run_pam [APP-ARGS] USER  runs tests/pam/pam_app on it; sets RC, OUT,
#                            ERR and LOGTXT (the syslog lines)
#   L LEVEL MESSAGE          one expected log line of the module for $PAM_USER
#   assert_log_eq LINES      the log is exactly these lines
#   assert_token VALUE       the session got HF_TOKEN=VALUE ("" = unset)
#   assert_refused VALUE     the session got HFAUTH_REFUSED=VALUE ("" = unset)
#   assert_clean SECRET      SECRET is in no log line, no message, no stderr
#   make_test_user           (root only) a throw-away user, removed on exit
#
# Everything lives in $T; nothing in /etc is touched (but make_test_user's
# passwd entry, removed by the exit trap).

MODULE=$HFA_BUILD/pam_hfauth.so
PAM_APP=$HFA_BUILD/tests/pam_app
HF_AUTH_BIN=$HFA_BUILD/hf-auth
PAMCONF=$T/pamconf
SYSLOG=$T/syslog
PAM_USER=$(id -un)
mkdir -p "$PAMCONF"
# libpam logs an error when a confdir has no "other" service.
echo 'session required pam_deny.so' >"$PAMCONF/other"

[ -x "$PAM_APP" ] || fail "$PAM_APP not built (make check-build)"
[ -f "$MODULE" ] || fail "$MODULE not built"

is_root() { [ "$(id -u)" = 0 ]; }

# True when this build is the sanitizer one (its module calls into the ASan
# runtime, whether gcc linked libasan or clang left it to the program).
is_san_build() {
    nm -D --undefined-only "$MODULE" 2>/dev/null | grep -q ' __asan_'
}

pam_service() {
    {
        printf 'session required %s' "$MODULE"
        [ $# -gt 0 ] && printf ' %s' "$@"
        printf '\nsession required pam_permit.so\n'
    } >"$PAMCONF/hfauth-test"
}

pam_service_raw() {
    printf '%s\n' "$1" >"$PAMCONF/hfauth-test"
}

run_pam() {
    : >"$SYSLOG"
    chmod 0666 "$SYSLOG"
    run env HFA_SYSLOG_FILE="$SYSLOG" "$PAM_APP" -c "$PAMCONF" "$@"
    LOGTXT=$(cat "$SYSLOG")
}

L() {
    printf '%s pam_hfauth(hfauth-test:session): (user %s) %s' "$1" \
        "${LUSER:-$PAM_USER}" "$2"
}

# Option errors come before the user is known.
LO() {
    printf '%s pam_hfauth(hfauth-test:session): %s' "$1" "$2"
}

# When the token file is missing, the module notes a token at the default
# place of the user's passwd home.  The tests make none there, but the
# account running them may have logged in for real: then the line that
# follows a missing PATH is expected too.  Prints it with a leading
# newline, or nothing.
real_home_note() {   # PATH
    local real
    real=$(getent passwd "$PAM_USER" | cut -d: -f6)/.cache/huggingface/token
    [ "$1" != "$real" ] || return 0
    [ -n "$(find "$real" -maxdepth 0 -type f -user "$(id -u)" -size +0c 2>/dev/null)" ] || return 0
    printf '\n%s' "$(L notice "no token file $1, but there is one at $real: the user logged in where this login does not look")"
}

assert_log_eq() {
    [ "$LOGTXT" = "$1" ] || fail "log: expected
[$1]
got
[$LOGTXT]"
}
assert_log_has() {
    case $LOGTXT in *"$1"*) ;; *) fail "log lacks [$1]; log: [$LOGTXT]";; esac
}
assert_log_empty() {
    [ -z "$LOGTXT" ] || fail "log not empty: [$LOGTXT]"
}

# The app must have passed all its own checks (ids, fds, signals, umask,
# cwd, no output, no child left, no libcurl) and the stack must have opened.
assert_session_ok() {
    [ "$RC" = 0 ] || fail "pam_app exit $RC (its checks failed)"
    [ -z "$ERR" ] || fail "pam_app stderr not empty"
    case $OUT in
    "open: PAM_SUCCESS
close: PAM_SUCCESS"*) ;;
    *) fail "session did not open and close with PAM_SUCCESS" ;;
    esac
}

assert_token() {
    local last
    last=$(printf '%s' "$OUT" | tail -n 1)
    if [ -z "$1" ]; then
        [ "$last" = "HF_TOKEN unset" ] || fail "expected HF_TOKEN unset, got [$last]"
    else
        [ "$last" = "HF_TOKEN=$1" ] || fail "expected HF_TOKEN=$1, got [$last]"
    fi
}

# The marker the module leaves for the shell hooks when it refused the
# token file (file) or the Hub rejected the token (rejected).
assert_refused() {
    local got
    got=$(printf '%s\n' "$OUT" | sed -n 's/^HFAUTH_REFUSED=//p')
    [ "$got" = "$1" ] || fail "expected HFAUTH_REFUSED=[$1], got [$got]"
}

# What the module told the user: the app's info:/error:/prompt: lines.
user_messages() {
    printf '%s\n' "$OUT" | grep -E '^(info|error|prompt): ' || true
}
assert_no_message() {
    [ -z "$(user_messages)" ] || fail "unexpected user message: $(user_messages)"
}
assert_message_eq() {
    [ "$(user_messages)" = "$1" ] || fail "user message: expected [$1], got [$(user_messages)]"
}

assert_clean() {
    local secret=$1
    case $LOGTXT in *"$secret"*) fail "the token is in a log line";; esac
    case $(user_messages) in *"$secret"*) fail "the token is in a user message";; esac
    case $ERR in *"$secret"*) fail "the token is on stderr";; esac
}

# A file the session user owns, mode 0600, with exactly these bytes.
put_file() {   # path printf-content
    mkdir -p "$(dirname "$1")"
    printf "$2" >"$1"
    chmod 0600 "$1"
}

# ---- a real user (root only) ----------------------------------------------
TEST_USERS=
TEST_GROUPS=
_pam_cleanup() {
    local u g
    for u in $TEST_USERS; do userdel -f "$u" >/dev/null 2>&1; done
    for g in $TEST_GROUPS; do groupdel "$g" >/dev/null 2>&1; done
    [ -n "${USER_BASE:-}" ] && rm -rf "$USER_BASE"
    _hfa_cleanup
}
trap _pam_cleanup EXIT

# make_test_user NAME-VAR HOME-VAR: a user with its own group and a home
# under a folder every user can traverse ($T sits in the runner's private
# 0700 TMPDIR, which a non-root user cannot enter).
make_test_user() {
    local name home
    if [ -z "${USER_BASE:-}" ]; then
        USER_BASE=$(mktemp -d /tmp/hfa-pamuser.XXXXXX) || fail "mktemp"
        chmod 0755 "$USER_BASE"
    fi
    name=hfat$$$(printf '%s' "$TEST_USERS" | wc -w)
    home=$USER_BASE/$name
    useradd -M -d "$home" -s /bin/sh -U "$name" || fail "useradd $name"
    TEST_USERS="$TEST_USERS $name"
    TEST_GROUPS="$TEST_GROUPS $name"
    mkdir -p "$home"
    chown "$name:$name" "$home"
    chmod 0700 "$home"
    eval "$1=\$name; $2=\$home"
}

make_test_group() {   # NAME-VAR
    local g=hfag$$$(printf '%s' "$TEST_GROUPS" | wc -w)
    groupadd "$g" || fail "groupadd $g"
    TEST_GROUPS="$TEST_GROUPS $g"
    eval "$1=\$g"
}

# Runs a command as the test user (for files the user makes).
as_user() {   # user cmd...
    local u=$1; shift
    setpriv --reuid="$u" --regid="$u" --init-groups -- "$@"
}
