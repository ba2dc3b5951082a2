# SPDX-License-Identifier: Apache-2.0
# tests/lib.sh - sourced by every shell test (tests/*/test-*.sh).
#
#   . "$HFA_SRC/tests/lib.sh"      sets up a private HOME, a clean
#                                  environment and cleanup on exit
#   start_fakehub                  the fake Hub on 127.0.0.1, HF_ENDPOINT set
#   run CMD ARGS...                runs it; $RC, $OUT (stdout), $ERR (stderr)
#   run_in INPUT CMD ARGS...       the same with INPUT on stdin
#   assert_* ...                   fail the test with a message
#
# Tests run with `set -u`; a failed assertion exits 1 naming the line.
set -u
: "${HFA_SRC:?run through tests/run.sh or set HFA_SRC}"
: "${HFA_BUILD:=$HFA_SRC/build}"
HF_AUTH=$HFA_BUILD/hf-auth

T=$(mktemp -d "${TMPDIR:-/tmp}/hfa.XXXXXX")
chmod 0755 "$T"
export HOME=$T/home
mkdir -p "$HOME"
unset HF_TOKEN HUGGING_FACE_HUB_TOKEN HF_HOME XDG_CACHE_HOME HF_TOKEN_PATH \
      HF_ENDPOINT HF_HUB_DOWNLOAD_TIMEOUT SSL_CERT_FILE CURL_CA_BUNDLE \
      REQUESTS_CA_BUNDLE http_proxy https_proxy HTTP_PROXY HTTPS_PROXY \
      ALL_PROXY all_proxy GIT_DIR
export GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0 LC_ALL=C.UTF-8
export HF_HUB_DOWNLOAD_TIMEOUT=5
HF_DIR=$HOME/.cache/huggingface
FAKEHUB_PID=

_hfa_cleanup() {
    [ -n "$FAKEHUB_PID" ] && kill "$FAKEHUB_PID" 2>/dev/null && wait "$FAKEHUB_PID" 2>/dev/null
    chmod -R u+rwX "$T" 2>/dev/null
    rm -rf "$T"
}
trap _hfa_cleanup EXIT

fail() {
    # Name the test's line, not the assert_* helper's in this file.
    local frame=1
    while [ "${BASH_SOURCE[$frame]##*/}" = lib.sh ] && [ $frame -lt ${#BASH_SOURCE[@]} ]; do
        frame=$((frame + 1))
    done
    echo "FAILED at ${BASH_SOURCE[$frame]##*/}:${BASH_LINENO[$((frame - 1))]}: $*" >&2
    if [ -n "${OUT+x}" ]; then
        echo "  exit: ${RC:-}" >&2
        echo "  stdout: $(printf '%s' "$OUT" | head -c 2000)" >&2
        echo "  stderr: $(printf '%s' "$ERR" | head -c 2000)" >&2
    fi
    exit 1
}
skip() { echo "skipped: $*"; exit 77; }

# Starts the fake Hub (tests/fakehub.py) with its state in $FAKEHUB_DIR.
start_fakehub() {
    FAKEHUB_DIR=$T/hub
    mkdir -p "$FAKEHUB_DIR"
    python3 "$HFA_SRC/tests/fakehub.py" --state-dir "$FAKEHUB_DIR" \
        --port-file "$FAKEHUB_DIR/port" "$@" >"$FAKEHUB_DIR/server.log" 2>&1 &
    FAKEHUB_PID=$!
    local i
    for i in $(seq 1 100); do
        [ -s "$FAKEHUB_DIR/port" ] && break
        sleep 0.05
    done
    [ -s "$FAKEHUB_DIR/port" ] || { cat "$FAKEHUB_DIR/server.log" >&2; fail "fake Hub did not start"; }
    FAKEHUB_PORT=$(cat "$FAKEHUB_DIR/port")
    export HF_ENDPOINT=http://127.0.0.1:$FAKEHUB_PORT
    export FAKEHUB_DIR FAKEHUB_PORT
}

_run_capture() {
    "$@" >"$T/.out" 2>"$T/.err"
    RC=$?
    OUT=$(cat "$T/.out"; echo x); OUT=${OUT%x}
    ERR=$(cat "$T/.err"; echo x); ERR=${ERR%x}
    return 0
}
run() {
    _run_capture "$@" </dev/null
}
run_in() {
    local input=$1; shift
    _run_capture "$@" < <(printf '%s' "$input")
}

assert_rc() { [ "$RC" = "$1" ] || fail "expected exit $1, got $RC"; }
assert_out_eq() { [ "$OUT" = "$1" ] || fail "stdout: expected [$1]"; }
assert_err_eq() { [ "$ERR" = "$1" ] || fail "stderr: expected [$1]"; }
assert_out_has() { case $OUT in *"$1"*) ;; *) fail "stdout lacks [$1]";; esac; }
assert_err_has() { case $ERR in *"$1"*) ;; *) fail "stderr lacks [$1]";; esac; }
assert_out_lacks() { case $OUT in *"$1"*) fail "stdout has [$1]";; esac; }
assert_err_lacks() { case $ERR in *"$1"*) fail "stderr has [$1]";; esac; }
assert_out_empty() { [ -z "$OUT" ] || fail "stdout not empty"; }
assert_file_eq() {   # path expected-content (exact bytes)
    [ -f "$1" ] || fail "$1 missing"
    [ "$(cat "$1"; echo x)" = "$2x" ] || fail "$1: expected [$2], got [$(cat "$1")]"
}
assert_missing() { [ ! -e "$1" ] || fail "$1 exists"; }
assert_mode() { local m; m=$(stat -c %a "$1") || fail "no $1"; [ "$m" = "$2" ] || fail "$1 mode $m, expected $2"; }
assert_same_file() { cmp -s "$1" "$2" || fail "$1 differs from $2"; }
# No temporary file left beside the store.
assert_no_temp_files() {
    local d=$1 left
    left=$(find "$d" -maxdepth 1 -name '.*tmp*' -o -maxdepth 1 -name '*.tmp*' 2>/dev/null)
    [ -z "$left" ] || fail "temporary files left: $left"
}

# Tokens the fake Hub knows (tests/fakehub.py).
TOK_WORK=hf_aliceWriteToken0001
TOK_PERSONAL=hf_aliceReadToken00002
TOK_CI=hf_bobFineGrained00003
TOK_NONAME=hf_noDisplayName000004
TOK_ORG=api_org_acmeOrgToken0005
TOK_BAD=hf_thisTokenIsNotKnown9
