#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# pam_hfauth under valgrind: no invalid access, no uninitialised jump, no
# definite leak, on every path of the module (token set, refused file,
# options errors, validate 200/401/hang, refresh, cache hit, real user).
# The sanitizer build runs every PAM test under ASan+UBSan instead, so this
# one is skipped there.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/pam/lib-pam.sh"

is_san_build && skip "sanitizer build: ASan+UBSan cover the module tests"
command -v valgrind >/dev/null || skip "valgrind not installed"

TP=$T/tok/token
put_file "$TP" "$TOK_WORK\n"
start_fakehub
EP=$HF_ENDPOINT

vg() {   # pam_app args...
    : >"$SYSLOG"
    run env HFA_SYSLOG_FILE="$SYSLOG" valgrind -q --error-exitcode=99 \
        --leak-check=full --errors-for-leak-kinds=definite \
        --show-leak-kinds=definite "$PAM_APP" -c "$PAMCONF" "$@"
    LOGTXT=$(cat "$SYSLOG")
    [ "$RC" != 99 ] || fail "valgrind found errors"
    # valgrind 3.19 does not know pidfd_open: it says so, the call fails
    # with ENOSYS and the module polls waitid instead (tested here).
    ERR=$(printf '%s' "$ERR" | grep -v '^--[0-9]*-- ' || true)
    assert_session_ok
}

pam_service debug
vg -e HF_TOKEN_PATH="$TP" "$PAM_USER"
assert_token "$TOK_WORK"
pam_service debug "token_path=$T/%u/x%%" unknown=1 timeout=x
vg "$PAM_USER"
assert_token ""
put_file "$T/bad" "hf_a b"
pam_service
vg -e HF_TOKEN_PATH="$T/bad" "$PAM_USER"
assert_token ""
vg -e HF_TOKEN_PATH="$T" "$PAM_USER"
vg -e HF_TOKEN=kept -e HF_HOME="$T/nowhere" "$PAM_USER"
assert_token kept

pam_service validate refresh debug "hf_auth=$HF_AUTH_BIN" "endpoint=$EP" \
    cache=300 "cache_dir=$T/cache"
vg -e HF_TOKEN_PATH="$TP" "$PAM_USER"      # asks, writes the entry
assert_token "$TOK_WORK"
vg -e HF_TOKEN_PATH="$TP" "$PAM_USER"      # cache hit
assert_token "$TOK_WORK"
assert_log_has "not asking again"
put_file "$TP" "$TOK_BAD"
vg -e HF_TOKEN_PATH="$TP" "$PAM_USER"      # 401
assert_token ""
printf '{"whoami": {"hang": true}}' >"$FAKEHUB_DIR/mode.json"
put_file "$TP" "$TOK_WORK"
pam_service validate "hf_auth=$HF_AUTH_BIN" "endpoint=$EP" cache=0 timeout=800
vg -e HF_TOKEN_PATH="$TP" "$PAM_USER"      # killed at the cap
assert_token "$TOK_WORK"
assert_log_has "killed"

if is_root; then
    make_test_user U H
    as_user "$U" sh -c "mkdir -p '$H/.cache/huggingface'; printf '%s' '$TOK_WORK' >'$H/.cache/huggingface/token'; chmod 600 '$H/.cache/huggingface/token'"
    printf '{}' >"$FAKEHUB_DIR/mode.json"
    pam_service validate "hf_auth=$HF_AUTH_BIN" "endpoint=$EP" cache=0
    LUSER=$U vg "$U"
    assert_token "$TOK_WORK"
fi
echo ok
