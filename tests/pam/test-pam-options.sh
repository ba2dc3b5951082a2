#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# pam_hfauth: every option, the paths from the PAM environment, the return
# codes, the user messages and the exact syslog lines.  Runs as any user.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/pam/lib-pam.sh"

TOK=$TOK_WORK
TP=$T/tokens/token
put_file "$TP" "$TOK\n"

# ---- the plain case: HF_TOKEN_PATH from the PAM environment ---------------
pam_service
run_pam -e HF_TOKEN_PATH="$TP" "$PAM_USER"
assert_session_ok
assert_token "$TOK"
assert_no_message
assert_log_empty            # no debug: not a single line

# ---- debug: what it did, never the token ----------------------------------
pam_service debug
run_pam -e HF_TOKEN_PATH="$TP" "$PAM_USER"
assert_session_ok
assert_token "$TOK"
assert_log_eq "$(L debug "token file $TP")
$(L debug "HF_TOKEN set from $TP")"
assert_clean "$TOK"

# ---- return codes ---------------------------------------------------------
# The module always returns PAM_IGNORE (pam_hfauth.c): alone in a stack,
# libpam fails the stack (no module voted), token or not...
pam_service_raw "session optional $MODULE"
run_pam -e HF_TOKEN_PATH="$TP" "$PAM_USER"
assert_rc 0
assert_out_has "open: PAM_PERM_DENIED"
assert_token "$TOK"
run_pam -e HF_TOKEN_PATH="$T/none" "$PAM_USER"
assert_out_has "open: PAM_PERM_DENIED"
assert_token ""
# ...and next to any other module it never decides anything, even when
# `required` and even when the token file is unsafe.
for control in required requisite optional; do
    for path in "$TP" "$T/none" "$T/tokens"; do
        pam_service_raw "session $control $MODULE
session required pam_permit.so"
        run_pam -e HF_TOKEN_PATH="$path" "$PAM_USER"
        assert_session_ok
    done
done
# A module after it still runs, even after a `sufficient` line with a token
# set (PAM_IGNORE does not end the stack): pam_deny's answer is the result.
pam_service_raw "session sufficient $MODULE
session required pam_deny.so"
run_pam -e HF_TOKEN_PATH="$TP" "$PAM_USER"
assert_out_has "open: PAM_SESSION_ERR"
assert_token "$TOK"

# ---- HF_HOME, XDG_CACHE_HOME, HF_TOKEN_PATH from the PAM environment ------
pam_service
put_file "$T/hfhome/token" "hf_fromHfHome\n"
put_file "$T/xdg/huggingface/token" "hf_fromXdg\n"
run_pam -e HF_HOME="$T/hfhome" "$PAM_USER"
assert_session_ok; assert_token hf_fromHfHome
run_pam -e XDG_CACHE_HOME="$T/xdg" "$PAM_USER"
assert_session_ok; assert_token hf_fromXdg
# HF_HOME wins over XDG_CACHE_HOME; HF_TOKEN_PATH over both.
run_pam -e XDG_CACHE_HOME="$T/xdg" -e HF_HOME="$T/hfhome" "$PAM_USER"
assert_token hf_fromHfHome
run_pam -e XDG_CACHE_HOME="$T/xdg" -e HF_HOME="$T/hfhome" \
    -e HF_TOKEN_PATH="$TP" "$PAM_USER"
assert_token "$TOK"
# $VARS in HF_HOME are expanded from the PAM environment (as pam_env leaves
# them for Python to expand).
run_pam -e BASE="$T" -e 'HF_HOME=$BASE/hfhome' "$PAM_USER"
assert_token hf_fromHfHome
# A relative path has no meaning in a login process.
pam_service debug
run_pam -e HF_TOKEN_PATH=relative/token "$PAM_USER"
assert_session_ok; assert_token ""
assert_log_eq "$(L warning "token path relative/token is not absolute; HF_TOKEN not set")"

# ---- override -------------------------------------------------------------
pam_service
run_pam -e HF_TOKEN=hf_setByPamEnv -e HF_TOKEN_PATH="$TP" "$PAM_USER"
assert_session_ok; assert_token hf_setByPamEnv; assert_log_empty
pam_service debug
run_pam -e HF_TOKEN=hf_setByPamEnv -e HF_TOKEN_PATH="$TP" "$PAM_USER"
assert_log_eq "$(L debug "HF_TOKEN already set by an earlier module; kept")"
pam_service override
run_pam -e HF_TOKEN=hf_setByPamEnv -e HF_TOKEN_PATH="$TP" "$PAM_USER"
assert_session_ok; assert_token "$TOK"
# override with nothing to put there leaves the old value.
run_pam -e HF_TOKEN=hf_setByPamEnv -e HF_TOKEN_PATH="$T/none" "$PAM_USER"
assert_token hf_setByPamEnv
# An empty HF_TOKEN counts as unset (Python ignores it too).
pam_service
run_pam -e HF_TOKEN= -e HF_TOKEN_PATH="$TP" "$PAM_USER"
assert_session_ok; assert_token "$TOK"

# ---- token_path=TEMPLATE --------------------------------------------------
HOME_OF_USER=$(getent passwd "$PAM_USER" | cut -d: -f6)
put_file "$T/per-user/$PAM_USER/tok%en" "hf_fromTemplate\n"
pam_service "token_path=$T/per-user/%u/tok%%en"
# the template beats HF_TOKEN_PATH from the PAM environment
run_pam -e HF_TOKEN_PATH="$TP" "$PAM_USER"
assert_session_ok; assert_token hf_fromTemplate; assert_log_empty
pam_service debug "token_path=%h/.cache/hfauth-test-$$/token"
run_pam "$PAM_USER"
assert_session_ok; assert_token ""
assert_log_eq "$(L debug "token file $HOME_OF_USER/.cache/hfauth-test-$$/token")
$(L debug "no token file $HOME_OF_USER/.cache/hfauth-test-$$/token")$(real_home_note "$HOME_OF_USER/.cache/hfauth-test-$$/token")"
assert_missing "$HOME_OF_USER/.cache/hfauth-test-$$"   # nothing created
# bad templates are configuration errors: logged, option ignored (the
# default path applies)
for bad in "token_path=relative/%u" "token_path=$T/%x" "token_path=$T/%"; do
    pam_service "$bad"
    run_pam -e HF_TOKEN_PATH="$TP" "$PAM_USER"
    assert_session_ok; assert_token "$TOK"
    case $bad in
    *relative*) why="must start with / or %h" ;;
    *) why="only %u, %h and %% may follow %" ;;
    esac
    assert_log_eq "$(LO err "option $bad: $why; ignored")"
done

# ---- a missing token file, and a token where hf-auth and Python put it
# by default: one notice (the user logged in where this login does not
# look), whatever the debug option ---------------------------------------
put_file "$T/hfhome2/token" "hf_inHfHome\n"
NOTE="but there is one at $T/hfhome2/token: the user logged in where this login does not look"
pam_service
run_pam -e HF_HOME="$T/hfhome2" -e HF_TOKEN_PATH="$T/none" "$PAM_USER"
assert_session_ok; assert_token ""; assert_no_message
assert_log_eq "$(L notice "no token file $T/none, $NOTE")"
assert_clean hf_inHfHome
pam_service "token_path=$T/per-user/%u/absent"
run_pam -e HF_HOME="$T/hfhome2" "$PAM_USER"
assert_session_ok; assert_token ""
assert_log_eq "$(L notice "no token file $T/per-user/$PAM_USER/absent, $NOTE")"
# A path with a line break or an escape cannot forge a log line.
pam_service
run_pam -e HF_HOME="$T/hfhome2" -e HF_TOKEN_PATH="$T/x"$'\n'"warning fake"$'\033'"[2J/token" "$PAM_USER"
assert_session_ok; assert_token ""
assert_log_eq "$(L notice "no token file $T/x?warning fake?[2J/token, $NOTE")"
# No notice: the file exists but is empty (logged out), or the default
# place holds nothing of use (empty, a symlink, a folder).
put_file "$T/emptytok" ""
run_pam -e HF_HOME="$T/hfhome2" -e HF_TOKEN_PATH="$T/emptytok" "$PAM_USER"
assert_session_ok; assert_token ""; assert_log_empty
for what in empty symlink folder; do
    rm -rf "$T/hfhome3"; mkdir -p "$T/hfhome3"
    case $what in
    empty) put_file "$T/hfhome3/token" "" ;;
    symlink) ln -s "$T/hfhome2/token" "$T/hfhome3/token" ;;
    folder) mkdir "$T/hfhome3/token" ;;
    esac
    run_pam -e HF_HOME="$T/hfhome3" -e HF_TOKEN_PATH="$T/none" "$PAM_USER"
    assert_session_ok; assert_token ""
    assert_log_eq "$(real_home_note "$T/none" | tail -n +2)"
done
# The file looked for is $HF_HOME/token itself: nothing else to point at
# (but ~/.cache/huggingface/token, which the tests leave alone).
rm -rf "$T/hfhome3"; mkdir -p "$T/hfhome3"
pam_service debug
run_pam -e HF_HOME="$T/hfhome3" "$PAM_USER"
assert_session_ok; assert_token ""
assert_log_eq "$(L debug "token file $T/hfhome3/token")
$(L debug "no token file $T/hfhome3/token")$(real_home_note "$T/hfhome3/token")"

# ---- unknown options and bad values: logged at LOG_ERR, ignored -----------
pam_service tokenpath=/x debug=yes timeout=abc timeout=0 timeout=60001 \
    cache=-1 cache= hf_auth=hf-auth cache_dir=run/hfauth \
    endpoint=ftp://x validate=1 token_path
run_pam -e HF_TOKEN_PATH="$TP" "$PAM_USER"
assert_session_ok; assert_token "$TOK"
assert_log_eq "$(LO err "unknown option tokenpath=/x; ignored")
$(LO err "option debug=yes: takes no value; ignored")
$(LO err "option timeout=abc: not a whole number from 1 to 60000; ignored")
$(LO err "option timeout=0: not a whole number from 1 to 60000; ignored")
$(LO err "option timeout=60001: not a whole number from 1 to 60000; ignored")
$(LO err "option cache=-1: not a whole number from 0 to 604800; ignored")
$(LO err "option cache=: needs a value; ignored")
$(LO err "option hf_auth=hf-auth: must be an absolute path; ignored")
$(LO err "option cache_dir=run/hfauth: must be an absolute path; ignored")
$(LO err "option endpoint=ftp://x: must start with https:// or http://; ignored")
$(LO err "option validate=1: takes no value; ignored")
$(LO err "option token_path: needs a value; ignored")"

# ---- minimum_uid=N: users below uid N are skipped, no file looked at ------
MY_UID=$(id -u)
# A token file the module would refuse loudly (a warning, a user message)
# if it so much as opened it.
put_file "$T/loud/token" "$TOK"
chmod 0666 "$T/loud/token"
pam_service debug "minimum_uid=$((MY_UID + 1))"
run_pam -e HF_TOKEN_PATH="$T/loud/token" "$PAM_USER"
assert_session_ok; assert_token ""; assert_no_message
assert_log_eq "$(L debug "uid $MY_UID is below minimum_uid=$((MY_UID + 1)); skipped")"
# Not a line without debug; an HF_TOKEN already there stays, even with
# override.
pam_service "minimum_uid=$((MY_UID + 1))" override
run_pam -e HF_TOKEN_PATH="$T/loud/token" "$PAM_USER"
assert_session_ok; assert_token ""; assert_no_message; assert_log_empty
run_pam -e HF_TOKEN=hf_setByPamEnv -e HF_TOKEN_PATH="$TP" "$PAM_USER"
assert_session_ok; assert_token hf_setByPamEnv; assert_log_empty
# The uid itself and above: the user's token, as without the option.
pam_service "minimum_uid=$MY_UID"
run_pam -e HF_TOKEN_PATH="$TP" "$PAM_USER"
assert_session_ok; assert_token "$TOK"; assert_log_empty
pam_service minimum_uid=0
run_pam -e HF_TOKEN_PATH="$TP" "$PAM_USER"
assert_session_ok; assert_token "$TOK"; assert_log_empty
# Bad values: logged, ignored (0: nobody skipped).
pam_service minimum_uid=-1 minimum_uid=abc minimum_uid=1000x minimum_uid=2147483648 \
    minimum_uid= minimum_uid minimumuid=1000
run_pam -e HF_TOKEN_PATH="$TP" "$PAM_USER"
assert_session_ok; assert_token "$TOK"
assert_log_eq "$(LO err "option minimum_uid=-1: not a whole number from 0 to 2147483647; ignored")
$(LO err "option minimum_uid=abc: not a whole number from 0 to 2147483647; ignored")
$(LO err "option minimum_uid=1000x: not a whole number from 0 to 2147483647; ignored")
$(LO err "option minimum_uid=2147483648: not a whole number from 0 to 2147483647; ignored")
$(LO err "option minimum_uid=: needs a value; ignored")
$(LO err "option minimum_uid: needs a value; ignored")
$(LO err "unknown option minimumuid=1000; ignored")"

# ---- quiet and PAM_SILENT: no message to the user -------------------------
put_file "$T/gw/token" "$TOK"
chmod 0620 "$T/gw/token"
pam_service
run_pam -e HF_TOKEN_PATH="$T/gw/token" "$PAM_USER"
assert_session_ok; assert_token ""
assert_message_eq "info: Hugging Face token file $T/gw/token is writable by group or others; HF_TOKEN not set."
assert_log_eq "$(L warning "token file $T/gw/token is writable by group or others; HF_TOKEN not set")"
pam_service quiet
run_pam -e HF_TOKEN_PATH="$T/gw/token" "$PAM_USER"
assert_session_ok; assert_token ""; assert_no_message
assert_log_eq "$(L warning "token file $T/gw/token is writable by group or others; HF_TOKEN not set")"
pam_service
run_pam -S -e HF_TOKEN_PATH="$T/gw/token" "$PAM_USER"
assert_session_ok; assert_token ""; assert_no_message

# ---- a user the password database does not know ---------------------------
pam_service
run_pam -e HF_TOKEN_PATH="$TP" "no-such-user-$$"
assert_token ""
LOGTXT=$(printf '%s\n' "$LOGTXT" | grep pam_hfauth)
assert_log_eq "$(LUSER=no-such-user-$$ L err "user not found in the password database")"
# a user name with a control character cannot forge a second log line
run_pam -e HF_TOKEN_PATH="$TP" "$(printf 'evil\nnotice fake line')"
LOGTXT=$(printf '%s\n' "$LOGTXT" | grep pam_hfauth)
assert_log_eq "$(LUSER='evil?notice fake line' L err "user not found in the password database")"

# ---- the default path forks nothing and opens no network socket -----------
# pam_app -N kills itself (SIGSYS) on any fork, clone, exec or inet socket.
saved_asan_options=${ASAN_OPTIONS-}
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0   # LSan clones
put_file "$T/bad-token" "hf_a b"
for path in "$TP" "$T/none" "$T/bad-token"; do
    pam_service debug
    run_pam -N -e HF_TOKEN_PATH="$path" "$PAM_USER"
    assert_session_ok
done
# (the filter works: validate must fork, and is killed)
pam_service validate "hf_auth=$HFA_BUILD/hf-auth" cache=0
run_pam -N -e HF_TOKEN_PATH="$TP" "$PAM_USER"
[ "$RC" = $((128 + 31)) ] || fail "the seccomp filter did not stop a fork (exit $RC)"
if [ -n "$saved_asan_options" ]; then export ASAN_OPTIONS=$saved_asan_options; else unset ASAN_OPTIONS; fi

# ---- close_session alone, and many cycles on one handle -------------------
pam_service
run_pam -n 5 -e HF_TOKEN_PATH="$TP" "$PAM_USER"
assert_session_ok; assert_token "$TOK"
[ "$(printf '%s\n' "$OUT" | grep -c '^open: PAM_SUCCESS$')" = 5 ] || fail "5 cycles"
echo "ok"
