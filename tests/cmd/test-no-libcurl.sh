#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/cmd/test-no-libcurl.sh - libcurl is loaded at run time, so a
# machine without it still runs every local command; a network command
# says libcurl is missing (HFA_ERR_NO_LIBCURL, exit 1), not that the Hub
# could not be reached (exit 4), and the local ones work as before.
# Root only: libcurl is hidden in a private mount namespace.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"
[ "$(id -u)" = 0 ] || skip "needs root to hide libcurl in a mount namespace"
command -v unshare >/dev/null || skip "no unshare"
curl_lib=$(ldconfig -p | awk '/libcurl\.so\.4 .*x86-64|libcurl\.so\.4 /{print $NF; exit}')
[ -n "$curl_lib" ] || skip "libcurl.so.4 is not installed here"
curl_lib=$(readlink -f "$curl_lib")
unshare -m true 2>/dev/null || skip "mount namespaces are not allowed here"
start_fakehub

without_curl() {   # runs "$@" with libcurl hidden behind an empty file
    unshare -m sh -c 'mount --bind /dev/null "$0" && exec "$@"' \
        "$curl_lib" "$@"
}
mkdir -p "$HF_DIR"
printf '%s' "$TOK_WORK" >"$HF_DIR/token"

run without_curl "$HF_AUTH" whoami
assert_rc 1
assert_err_has "cannot load libcurl (libcurl.so.4): install the libcurl4 package"
assert_err_lacks "could not reach"
assert_secret_absent "$TOK_WORK"
run without_curl "$HF_AUTH" token
assert_rc 0
assert_out_eq "$TOK_WORK
"
# The library itself still works in the usual namespace.
run "$HF_AUTH" whoami
assert_rc 0
echo "test-no-libcurl: all passed"
