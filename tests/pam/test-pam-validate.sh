#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# pam_hfauth validate/refresh/timeout/endpoint/hf_auth/cache/cache_dir: the
# real hf-auth against the fake Hub answering 200, 401, 429, 5xx, late and
# never; the positive cache; what the child process gets.  Runs as any user
# (the child's switch to another user is in test-pam-privdrop.sh).
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/pam/lib-pam.sh"

[ -x "$HF_AUTH_BIN" ] || fail "$HF_AUTH_BIN not built"
start_fakehub
EP=$HF_ENDPOINT
TP=$T/tok/token
CACHE=$T/cache

requests() { [ -f "$FAKEHUB_DIR/requests.jsonl" ] && wc -l <"$FAKEHUB_DIR/requests.jsonl" || echo 0; }
hub_mode() { printf '%s' "$1" >"$FAKEHUB_DIR/mode.json"; }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
validate_service() {
    pam_service validate "hf_auth=$HF_AUTH_BIN" "endpoint=$EP" cache=0 "$@"
}
session() {   # extra pam_app args...
    run_pam -e HF_TOKEN_PATH="$TP" "$@" "$PAM_USER"
    assert_session_ok
}

# ---- 200: kept, exactly one request, with the token in the header only ----
put_file "$TP" "$TOK_WORK\n"
validate_service debug
session
assert_token "$TOK_WORK"
assert_no_message
[ "$(requests)" = 1 ] || fail "expected 1 request, got $(requests)"
grep -q "\"/api/whoami-v2\"" "$FAKEHUB_DIR/requests.jsonl" || fail "no whoami request"
grep -q "Bearer $TOK_WORK" "$FAKEHUB_DIR/requests.jsonl" || fail "token not sent in the header"
assert_clean "$TOK_WORK"
assert_log_has "$(L debug "running $HF_AUTH_BIN whoami as uid $(id -u) (pid ")"
assert_log_has "$(L debug "the Hub accepts the token")"

# ---- 401: dropped, the user is told to log in again ----------------------
put_file "$TP" "$TOK_BAD"
validate_service
session
assert_token ""
assert_refused rejected
assert_message_eq "info: Your Hugging Face token was rejected by the Hub, so HF_TOKEN is not set. Run 'hf-auth login' to log in again."
assert_log_eq "$(L notice "the Hub rejected the token in $TP (401); HF_TOKEN not set")"
assert_clean "$TOK_BAD"
validate_service quiet
session
assert_token ""; assert_no_message
assert_log_eq "$(L notice "the Hub rejected the token in $TP (401); HF_TOKEN not set")"
# a rejection is not cached: the next login asks again
validate_service cache=300 "cache_dir=$CACHE"
n=$(requests); session; session
[ "$(requests)" = $((n + 2)) ] || fail "a 401 was cached"

# ---- 429: the token is kept, and the log and the user are told it is a
# rate limit (not an unreachable Hub) and when to try again -----------------
put_file "$TP" "$TOK_WORK"
validate_service
hub_mode '{"whoami": {"status": 429, "retry_after": "30"}}'
session
assert_token "$TOK_WORK"
assert_message_eq "info: The Hugging Face Hub is rate-limiting requests (try again in 30 s): your token was not checked, HF_TOKEN is set."
assert_log_eq "$(L warning "the Hub is rate-limiting requests (try again in 30 s); token kept unchecked")"
assert_clean "$TOK_WORK"
hub_mode '{"whoami": {"status": 429}}'
session
assert_token "$TOK_WORK"
assert_message_eq "info: The Hugging Face Hub is rate-limiting requests: your token was not checked, HF_TOKEN is set."
assert_log_eq "$(L warning "the Hub is rate-limiting requests; token kept unchecked")"
# quiet: the log line only; and a 429 is not a positive answer to cache
validate_service quiet cache=300 "cache_dir=$CACHE.429"
hub_mode '{"whoami": {"status": 429, "retry_after": "7"}}'
n=$(requests); session; session
assert_token "$TOK_WORK"; assert_no_message
assert_log_eq "$(L warning "the Hub is rate-limiting requests (try again in 7 s); token kept unchecked")"
[ "$(requests)" = $((n + 2)) ] || fail "a 429 was cached"
# The Hub's error text is not what tells a rate limit: a 5xx whose body
# says "rate-limiting" is still a server error.
validate_service
hub_mode '{"whoami": {"status": 503, "body": "error: the Hub is rate-limiting requests; try again in 5 s"}}'
session
assert_token "$TOK_WORK"; assert_no_message
assert_log_eq "$(L warning "could not reach the Hub to check the token (hf-auth whoami exit 4); token kept")"

# ---- 5xx: the Hub could not say; the token is kept ------------------------
for status in 500 502 503; do
    hub_mode "{\"whoami\": {\"status\": $status}}"
    session
    assert_token "$TOK_WORK"
    assert_refused ""
    assert_no_message
    assert_log_eq "$(L warning "could not reach the Hub to check the token (hf-auth whoami exit 4); token kept")"
done
# nobody listening at all
pam_service validate "hf_auth=$HF_AUTH_BIN" endpoint=http://127.0.0.1:9 cache=0
session
assert_token "$TOK_WORK"
assert_log_eq "$(L warning "could not reach the Hub to check the token (hf-auth whoami exit 4); token kept")"

# ---- late answers: within timeout accepted; never: killed at the cap -----
hub_mode '{"whoami": {"delay": 1}}'
validate_service timeout=5000
session
assert_token "$TOK_WORK"; assert_log_empty
hub_mode '{"whoami": {"hang": true}}'
validate_service timeout=1500
t0=$(date +%s%N)
session
took=$(ms_since "$t0")
assert_token "$TOK_WORK"
assert_log_eq "$(L warning "hf-auth whoami did not finish within 1500 ms; killed")"
# Not before the cap (a clock, not the machine's speed, sets that); the log
# line above says it was killed at the cap; the upper bound only catches a
# session that waited for the Hub, which never answers here.
[ "$took" -ge 1400 ] && [ "$took" -lt 20000 ] || fail "hang: session took $took ms for timeout=1500"
hub_mode '{}'

# ---- endpoint= beats HF_ENDPOINT from the PAM environment -----------------
validate_service
session -e HF_ENDPOINT=http://127.0.0.1:9
assert_token "$TOK_WORK"; assert_log_empty
# without endpoint=, HF_ENDPOINT from the PAM environment is used
pam_service validate "hf_auth=$HF_AUTH_BIN" cache=0
n=$(requests)
session -e HF_ENDPOINT="$EP"
assert_token "$TOK_WORK"; assert_log_empty
[ "$(requests)" = $((n + 1)) ] || fail "HF_ENDPOINT from the PAM environment not used"

# ---- a host that ignores SIGCHLD: the kernel reaps the child, its status is
# lost; the session is not delayed and the token is kept (it may be fine)
put_file "$TP" "$TOK_BAD"
validate_service timeout=3000
t0=$(date +%s%N)
session -I
took=$(ms_since "$t0")
assert_token "$TOK_BAD"
assert_log_eq "$(L warning "lost track of hf-auth whoami (the process reaped it, or it would not die)")"
[ "$took" -lt 2500 ] || fail "SIGCHLD ignored: session took $took ms"
put_file "$TP" "$TOK_WORK"

# ---- hf_auth= that cannot run: logged, token kept --------------------------
pam_service validate hf_auth=/nonexistent/hf-auth cache=0
session
assert_token "$TOK_WORK"
assert_log_eq "$(L err "cannot run /nonexistent/hf-auth: No such file or directory")"

# ---- the positive cache ---------------------------------------------------
validate_service cache=300 "cache_dir=$CACHE" debug
n=$(requests)
session
assert_token "$TOK_WORK"
[ "$(requests)" = $((n + 1)) ] || fail "first login did not ask"
assert_log_has "cache entry written"
assert_mode "$CACHE" 700
assert_mode "$CACHE/$(id -u)" 600
grep -q "$TOK_WORK" "$CACHE/$(id -u)" && fail "token in the cache entry"
grep -q "aliceWrite" "$CACHE/$(id -u)" && fail "part of the token in the cache entry"
# second login: no request
session
assert_token "$TOK_WORK"
[ "$(requests)" = $((n + 1)) ] || fail "second login asked the Hub again"
assert_log_has "$(L debug "the Hub accepted this token file recently; not asking again")"
assert_clean "$TOK_WORK"
# the token file changes (same content, new file): asked again
put_file "$TP.new" "$TOK_WORK"; mv "$TP.new" "$TP"
session
[ "$(requests)" = $((n + 2)) ] || fail "a new token file was not checked"
session
[ "$(requests)" = $((n + 2)) ] || fail "not cached after the new file"
# touched in place (mtime): asked again
touch -d '2020-01-01' "$TP"
session
[ "$(requests)" = $((n + 3)) ] || fail "a touched token file was not checked"
# another endpoint or other options do not reuse the entry
pam_service validate "hf_auth=$HF_AUTH_BIN" "endpoint=$EP/" cache=300 "cache_dir=$CACHE"
session
[ "$(requests)" = $((n + 3)) ] || fail "trailing / made another endpoint"
pam_service validate "hf_auth=$HF_AUTH_BIN" "endpoint=http://localhost:$FAKEHUB_PORT" \
    cache=300 "cache_dir=$CACHE"
session
[ "$(requests)" = $((n + 4)) ] || fail "the entry was reused for another endpoint"
# an entry expires
pam_service validate "hf_auth=$HF_AUTH_BIN" "endpoint=$EP" cache=1 "cache_dir=$CACHE"
session
[ "$(requests)" = $((n + 5)) ] || fail "cache=1 first"
sleep 1.1
session
[ "$(requests)" = $((n + 6)) ] || fail "an expired entry was used"
# cache=0: always asks
validate_service "cache_dir=$CACHE"
session; session
[ "$(requests)" = $((n + 8)) ] || fail "cache=0 cached"
# a forged or unsafe entry is never trusted
validate_service cache=300 "cache_dir=$CACHE"
session
m=$(requests)
chmod 0644 "$CACHE/$(id -u)"
session
[ "$(requests)" = $((m + 1)) ] || fail "a 0644 entry was trusted"
assert_log_eq "$(L warning "cache entry $CACHE/$(id -u) is unsafe; ignored")"
# (the new answer replaced it with a 0600 one)
assert_mode "$CACHE/$(id -u)" 600
chmod 0755 "$CACHE"
session
[ "$(requests)" = $((m + 2)) ] || fail "a 0755 cache folder was trusted"
assert_log_eq "$(L warning "cache folder $CACHE is not a 0700 folder of uid $(id -u); not used")
$(L warning "cache folder $CACHE is not a 0700 folder of uid $(id -u); not used")"
assert_mode "$CACHE" 755      # and it was not re-moded
chmod 0700 "$CACHE"
if is_root; then
    session
    chown nobody "$CACHE/$(id -u)"
    m=$(requests)
    session
    [ "$(requests)" = $((m + 1)) ] || fail "an entry owned by another user was trusted"
fi
# a cache folder that cannot be created is only "not cached"
validate_service cache=300 "cache_dir=$T/no/such/dir"
session
assert_token "$TOK_WORK"; assert_log_empty

# ---- refresh: hf-auth token prints the (renewed) token --------------------
pam_service refresh "hf_auth=$HF_AUTH_BIN" "endpoint=$EP" cache=0 debug
session
assert_token "$TOK_WORK"
assert_log_has "$(L debug "running $HF_AUTH_BIN token as uid $(id -u)")"
# an OAuth token that expires within a day is renewed through the Hub
now=$(date +%s)
cat >"$FAKEHUB_DIR/issued.json" <<EOF
{"device": {}, "access": {}, "refresh": {"hf_oauth_refresh_pamtest1": {
  "profile": {"type": "user", "name": "alice", "fullname": "Alice", "orgs": [],
              "displayName": null, "role": "write"},
  "spent": false, "grants": 0, "attempts": 0}}}
EOF
put_file "$TP" "hf_oauth_oldAccess0001"
# (endpoint: the Hub that issued it, as hfauth's browser login records it)
put_file "$(dirname "$TP")/stored_tokens" "[oauth-alice]\nhf_token = hf_oauth_oldAccess0001\nrefresh_token = hf_oauth_refresh_pamtest1\nexpires_at = $((now + 600))\nendpoint = $EP\n\n"
pam_service refresh validate "hf_auth=$HF_AUTH_BIN" "endpoint=$EP" cache=0
n=$(requests)
session
new=$(cat "$TP")
case $new in hf_oauth_*) ;; *) fail "token file not renewed: [$new]";; esac
[ "$new" != hf_oauth_oldAccess0001 ] || fail "token file not renewed"
assert_token "$new"
assert_log_eq "$(L info "token renewed by hf-auth token --check")"
assert_clean "$new"; assert_clean hf_oauth_refresh_pamtest1
# one child did both: the refresh grant, then whoami with the new token
[ "$(requests)" = $((n + 2)) ] || fail "refresh validate: $(( $(requests) - n )) requests"
tail -n 1 "$FAKEHUB_DIR/requests.jsonl" | grep -q "Bearer $new" ||
    fail "the renewed token was not the one validated"
# endpoint= naming another Hub (a mirror, here one that is not even
# there) changes nothing: the refresh token goes back to its issuer only.
cat >"$FAKEHUB_DIR/issued.json" <<EOF
{"device": {}, "access": {}, "refresh": {"hf_oauth_refresh_pamtest2": {
  "profile": {"type": "user", "name": "alice", "fullname": "Alice", "orgs": [],
              "displayName": null, "role": "write"},
  "spent": false, "grants": 0, "attempts": 0}}}
EOF
put_file "$TP" "hf_oauth_oldAccess0002"
put_file "$(dirname "$TP")/stored_tokens" "[oauth-alice]\nhf_token = hf_oauth_oldAccess0002\nrefresh_token = hf_oauth_refresh_pamtest2\nexpires_at = $((now + 600))\nendpoint = $EP\n\n"
: >"$FAKEHUB_DIR/requests.jsonl"
pam_service refresh "hf_auth=$HF_AUTH_BIN" "endpoint=http://127.0.0.1:1" cache=0
session
new=$(cat "$TP")
case $new in hf_oauth_oldAccess0002|hf_oauth_*) ;; *) fail "token file: [$new]";; esac
[ "$new" != hf_oauth_oldAccess0002 ] || fail "not renewed at the issuer"
assert_token "$new"
grep -q '"hf_oauth_refresh_pamtest2"' "$FAKEHUB_DIR/requests.jsonl" ||
    fail "the issuer got no refresh: $(cat "$FAKEHUB_DIR/requests.jsonl")"
# endpoint= on plain http off the loopback: logged and ignored, like any
# bad option value (the endpoint of the PAM environment is used); no
# token goes there.
put_file "$TP" "$TOK_WORK"
: >"$FAKEHUB_DIR/requests.jsonl"
pam_service validate "hf_auth=$HF_AUTH_BIN" endpoint=http://192.0.2.1 cache=0
session -e HF_ENDPOINT="$EP"
assert_token "$TOK_WORK"
assert_log_eq "$(L err "option endpoint=http://192.0.2.1: the Hub endpoint http://192.0.2.1 is plain http: a token sent there would cross the network unencrypted; use https://, or set HFAUTH_ALLOW_HTTP=1 to allow it; ignored")"
[ "$(requests)" = 1 ] || fail "expected the whoami at $EP: $(cat "$FAKEHUB_DIR/requests.jsonl")"
# a refresh that fails keeps the token it had
put_file "$TP" "$TOK_WORK"
pam_service refresh "hf_auth=$T/fake-hf-auth" cache=0
printf '#!/bin/sh\necho "not a token"\nexit 0\n' >"$T/fake-hf-auth"
chmod 0755 "$T/fake-hf-auth"
session
assert_token "$TOK_WORK"
assert_log_eq "$(L warning "hf-auth token printed no valid token; token kept")"
printf '#!/bin/sh\nexit 1\n' >"$T/fake-hf-auth"
session
assert_token "$TOK_WORK"
assert_log_eq "$(L warning "hf-auth token exited with status 1; token kept")"
printf '#!/bin/sh\nhead -c 100000 /dev/zero | tr "\\\\0" a\n' >"$T/fake-hf-auth"
session
assert_token "$TOK_WORK"
assert_log_eq "$(L warning "hf-auth token printed no valid token; token kept")"
printf '#!/bin/sh\nkill -9 $$\n' >"$T/fake-hf-auth"
session
assert_token "$TOK_WORK"
assert_log_eq "$(L warning "hf-auth token killed by signal 9")"
# refresh and validate together are one child, killed at the one cap
printf '#!/bin/sh\nsleep 5\n' >"$T/fake-hf-auth"
pam_service refresh validate "hf_auth=$T/fake-hf-auth" timeout=700 cache=0
t0=$(date +%s%N)
session
took=$(ms_since "$t0")
assert_token "$TOK_WORK"
assert_log_eq "$(L warning "hf-auth token --check did not finish within 700 ms; killed")"
[ "$took" -lt 2000 ] || fail "refresh+validate took $took ms for timeout=700"

# ---- refresh and validate together: one hf-auth child, not two ------------
# A wrapper logs each run, then is the real hf-auth.
RUNS=$T/runs
printf '#!/bin/sh\necho "$*" >>"%s"\nexec "%s" "$@"\n' "$RUNS" "$HF_AUTH_BIN" \
    >"$T/count-hf-auth"
chmod 0755 "$T/count-hf-auth"
runs_of() {   # OPTIONS...: the hf-auth runs of one session
    : >"$RUNS"; chmod 0666 "$RUNS"
    pam_service "$@" "hf_auth=$T/count-hf-auth" "endpoint=$EP"
    session
    RUNS_SEEN=$(cat "$RUNS")
}
put_file "$TP" "$TOK_WORK"
rm -f "$(dirname "$TP")/stored_tokens"
runs_of refresh validate cache=0
[ "$RUNS_SEEN" = "token --check" ] || fail "refresh validate ran: [$RUNS_SEEN]"
assert_token "$TOK_WORK"; assert_log_empty
runs_of validate cache=0
[ "$RUNS_SEEN" = "whoami" ] || fail "validate ran: [$RUNS_SEEN]"
runs_of refresh cache=0
[ "$RUNS_SEEN" = "token" ] || fail "refresh ran: [$RUNS_SEEN]"
# the one child's positive answer is cached: the next login runs none
runs_of refresh validate cache=300 "cache_dir=$CACHE.both"
[ "$RUNS_SEEN" = "token --check" ] || fail "first login ran: [$RUNS_SEEN]"
runs_of refresh validate cache=300 "cache_dir=$CACHE.both"
[ -z "$RUNS_SEEN" ] || fail "a cached answer ran: [$RUNS_SEEN]"
# 401: dropped, not cached
put_file "$TP" "$TOK_BAD"
runs_of refresh validate cache=300 "cache_dir=$CACHE.both"
[ "$RUNS_SEEN" = "token --check" ] || fail "401 ran: [$RUNS_SEEN]"
assert_token ""
assert_message_eq "info: Your Hugging Face token was rejected by the Hub, so HF_TOKEN is not set. Run 'hf-auth login' to log in again."
assert_log_eq "$(L notice "the Hub rejected the token in $TP (401); HF_TOKEN not set")"
assert_clean "$TOK_BAD"
runs_of refresh validate cache=300 "cache_dir=$CACHE.both"
[ "$RUNS_SEEN" = "token --check" ] || fail "a 401 was cached"
# 429, 5xx, nobody listening: kept, not cached; a 429 told as such
put_file "$TP" "$TOK_WORK"
hub_mode '{"whoami": {"status": 429, "retry_after": "30"}}'
runs_of refresh validate cache=300 "cache_dir=$CACHE.429"
[ "$RUNS_SEEN" = "token --check" ] || fail "429 ran: [$RUNS_SEEN]"
assert_token "$TOK_WORK"
assert_message_eq "info: The Hugging Face Hub is rate-limiting requests (try again in 30 s): your token was not checked, HF_TOKEN is set."
assert_log_eq "$(L warning "the Hub is rate-limiting requests (try again in 30 s); token kept unchecked")"
hub_mode '{"whoami": {"status": 503}}'
runs_of refresh validate cache=300 "cache_dir=$CACHE.429"
[ "$RUNS_SEEN" = "token --check" ] || fail "503 ran: [$RUNS_SEEN]"
assert_token "$TOK_WORK"; assert_no_message
assert_log_eq "$(L warning "could not reach the Hub to check the token (hf-auth token --check exit 4); token kept")"
hub_mode '{}'
runs_of refresh validate cache=300 "cache_dir=$CACHE.429"
[ "$RUNS_SEEN" = "token --check" ] || fail "a 429 was cached"
pam_service refresh validate "hf_auth=$HF_AUTH_BIN" endpoint=http://127.0.0.1:9 cache=0
session
assert_token "$TOK_WORK"
assert_log_eq "$(L warning "could not reach the Hub to check the token (hf-auth token --check exit 4); token kept")"
# accepted, but what it printed is not a token: ours is kept, unchecked
pam_service refresh validate "hf_auth=$T/fake-hf-auth" cache=300 "cache_dir=$CACHE.bad"
printf '#!/bin/sh\necho "not a token"\nexit 0\n' >"$T/fake-hf-auth"
session
assert_token "$TOK_WORK"
assert_log_eq "$(L warning "hf-auth token --check printed no valid token; token kept")"
[ ! -e "$CACHE.bad/$(id -u)" ] || fail "an answer about no token was cached"
# rejected: whatever it printed is not used
printf '#!/bin/sh\necho %s\nexit 3\n' "$TOK_WORK" >"$T/fake-hf-auth"
session
assert_token ""
# messages ahead of the token (the pipe has both): the last line is it
pam_service refresh validate "hf_auth=$T/fake-hf-auth" cache=0
printf '#!/bin/sh\necho "Refreshed the OAuth token: it was about to expire." >&2\necho %s\nexit 0\n' \
    "$TOK_PERSONAL" >"$T/fake-hf-auth"
session
assert_token "$TOK_PERSONAL"
assert_log_eq "$(L info "token renewed by hf-auth token --check")"

# ---- what the child gets: a clean environment, no inherited descriptor,
# its own session, stdin from /dev/null, cwd /, umask 077 ------------------
CHILD_OUT=$T/child.txt
cat >"$T/fake-hf-auth" <<EOF
#!/bin/sh
out=$CHILD_OUT
stdout=\$(readlink /proc/\$\$/fd/1)
{
echo "args=\$*"
echo "uid=\$(id -u) gid=\$(id -g)"
echo "cwd=\$(pwd)"
echo "umask=\$(umask)"
echo "stdin=\$(readlink /proc/\$\$/fd/0)"
echo "stdout=\$stdout"
echo "stderr=\$(readlink /proc/\$\$/fd/2)"
echo "session=\$(ps -o sid= -p \$\$ | tr -d ' ') pid=\$\$"
echo "fds:"; for f in /proc/\$\$/fd/*; do readlink "\$f"; done
echo "env:"; env | sort
} >"\$out"
exit 0
EOF
chmod 0755 "$T/fake-hf-auth"
: >"$T/leaked-fd"
pam_service validate "hf_auth=$T/fake-hf-auth" endpoint=https://hub.example cache=0 timeout=4000
run env LEAKME=1 HFA_SYSLOG_FILE="$SYSLOG" "$PAM_APP" -c "$PAMCONF" -F "$T/leaked-fd" \
    -e HF_TOKEN_PATH="$TP" -e https_proxy=http://proxy.example:3128 \
    -e HFAUTH_ALLOW_HTTP=1 \
    -e SSH_AUTH_SOCK=/tmp/agent -e SECRET_PAM_VAR=x -e XDG_CACHE_HOME=/xdg "$PAM_USER"
assert_session_ok
assert_token "$TOK_WORK"
C=$(cat "$CHILD_OUT")
home=$(getent passwd "$PAM_USER" | cut -d: -f6)
expect_env="HFAUTH_ALLOW_HTTP=1
HF_ENDPOINT=https://hub.example
HF_HOME=/xdg/huggingface
HF_HUB_DOWNLOAD_TIMEOUT=4
HF_TOKEN=$TOK_WORK
HF_TOKEN_PATH=$TP
HOME=$home
LOGNAME=$PAM_USER
PATH=/usr/bin:/bin
PWD=/
USER=$PAM_USER
XDG_CACHE_HOME=/xdg
https_proxy=http://proxy.example:3128"
got_env=$(printf '%s\n' "$C" | sed -n '/^env:$/,$p' | tail -n +2)
[ "$got_env" = "$expect_env" ] || fail "child environment:
$got_env"
printf '%s\n' "$C" | grep -qx "args=whoami" || fail "child args"
printf '%s\n' "$C" | grep -qx "cwd=/" || fail "child cwd"
printf '%s\n' "$C" | grep -qx "umask=0077" || fail "child umask"
printf '%s\n' "$C" | grep -qx "stdin=/dev/null" || fail "child stdin"
# whoami's stderr goes to the parent with its stdout (a 429 is told apart
# by its error line); the token command's, which prints the token, does not.
stdout_pipe=$(printf '%s\n' "$C" | sed -n 's/^stdout=//p')
case $stdout_pipe in pipe:*) ;; *) fail "child stdout: $stdout_pipe";; esac
printf '%s\n' "$C" | grep -qxF "stderr=$stdout_pipe" || fail "child stderr"
sid=$(printf '%s\n' "$C" | sed -n 's/^session=\([0-9]*\) pid=\([0-9]*\)$/\1 \2/p')
[ -n "$sid" ] && [ "${sid% *}" = "${sid#* }" ] || fail "child is not a session leader: $sid"
fds=$(printf '%s\n' "$C" | sed -n '/^fds:$/,/^env:$/p' | grep -v -e '^fds:$' -e '^env:$')
case $fds in *leaked-fd*) fail "the child inherited the host's descriptor";; esac
case $fds in *syslog*|*token*) fail "the child inherited a descriptor: $fds";; esac
# refresh: no HF_TOKEN in its environment (it must read the store)
pam_service refresh "hf_auth=$T/fake-hf-auth" cache=0
session
grep -q '^HF_TOKEN=' "$CHILD_OUT" && fail "refresh child got HF_TOKEN"
grep -qx 'args=token' "$CHILD_OUT" || fail "refresh child args"
grep -qx 'stderr=/dev/null' "$CHILD_OUT" || fail "refresh child stderr"
# refresh and validate: the same, as one run
pam_service refresh validate "hf_auth=$T/fake-hf-auth" cache=0
session
grep -q '^HF_TOKEN=' "$CHILD_OUT" && fail "refresh validate child got HF_TOKEN"
grep -qx 'args=token --check' "$CHILD_OUT" || fail "refresh validate child args"
# its messages come back with the token, as whoami's do (a 429 is told
# apart by its error line; the token is the last line)
C=$(cat "$CHILD_OUT")
stdout_pipe=$(printf '%s\n' "$C" | sed -n 's/^stdout=//p')
case $stdout_pipe in pipe:*) ;; *) fail "refresh validate child stdout: $stdout_pipe";; esac
printf '%s\n' "$C" | grep -qxF "stderr=$stdout_pipe" || fail "refresh validate child stderr"
echo ok
