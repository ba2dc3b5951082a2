#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# End to end: a real sshd on a loopback port, with its own config, host key
# and a test-only PAM service that stacks pam_hfauth; a throw-away user with
# a token file logs in with a key, and `printenv HF_TOKEN` in that session
# prints the token.  Then the same with a FIFO for a token file (the login
# still succeeds, promptly, without HF_TOKEN) and with validate against the
# fake Hub rejecting the token.  Root only (CI runs as root): it adds a user
# and /etc/pam.d/<service>, both removed on exit.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/pam/lib-pam.sh"

[ "$(id -u)" = 0 ] || skip "needs root (CI runs as root)"
SSHD=/usr/sbin/sshd
[ -x "$SSHD" ] || skip "no $SSHD (openssh-server)"
command -v ssh >/dev/null || skip "no ssh client"
getent passwd sshd >/dev/null || skip "no sshd privilege separation user"

# The sanitizer build's module needs the ASan runtime loaded first: preload
# it into sshd (the plain build runs without any of this).
SSHD_ENV=
if is_san_build; then
    asan=$(ldd "$PAM_APP" | awk '/libasan|libclang_rt\.asan/ {print $3; exit}')
    [ -f "$asan" ] || skip "sanitizer build with a static ASan runtime: nothing to preload into sshd (the plain build runs this test)"
    SSHD_ENV="LD_PRELOAD=$asan ASAN_OPTIONS=detect_leaks=0:verify_asan_link_order=0"
fi

make_test_user U H
HF=$H/.cache/huggingface
as_user "$U" sh -c "mkdir -p '$HF' && umask 077 && printf '%s' '$TOK_WORK' >'$HF/token'"

# ---- keys, config, PAM service ---------------------------------------------
# (in USER_BASE, which the user can traverse: sshd reads authorized_keys
# with the user's ids)
K=$USER_BASE/ssh
mkdir -m 0755 "$K"
ssh-keygen -q -t ed25519 -N '' -f "$K/host_key" || fail "ssh-keygen host"
ssh-keygen -q -t ed25519 -N '' -f "$K/id" || fail "ssh-keygen client"
cp "$K/id.pub" "$K/authorized_keys"; chmod 0644 "$K/authorized_keys"

SERVICE=hfauth-test-sshd-$$
PAMFILE=/etc/pam.d/$SERVICE
[ -e "$PAMFILE" ] && fail "$PAMFILE exists"
# sshd names its PAM service after its program name, and re-executes itself
# by absolute path: a symlink with the service's name.
mkdir -p "$T/bin"
ln -s "$SSHD" "$T/bin/$SERVICE"

CREATED_RUN_SSHD=
[ -d /run/sshd ] || { mkdir -m 0755 /run/sshd; CREATED_RUN_SSHD=1; }
SSHD_PID=
_e2e_cleanup() {
    if [ -n "$SSHD_PID" ]; then
        kill "$SSHD_PID" 2>/dev/null
        wait "$SSHD_PID" 2>/dev/null
    fi
    rm -f "$PAMFILE"
    [ -n "$CREATED_RUN_SSHD" ] && rmdir /run/sshd 2>/dev/null
    _pam_cleanup
}
trap _e2e_cleanup EXIT

write_pam() {   # pam_hfauth options...
    cat >"$PAMFILE" <<EOF
# test-only service of tests/pam/test-e2e-sshd.sh; removed when it ends
auth     required pam_deny.so
account  required pam_permit.so
session  required pam_permit.so
session  optional $MODULE $*
password required pam_deny.so
EOF
}
write_pam

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$T/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $PORT
HostKey $K/host_key
PidFile $T/sshd.pid
UsePAM yes
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
AuthenticationMethods publickey
AuthorizedKeysFile $K/authorized_keys
StrictModes no
AllowUsers $U
PermitRootLogin no
UseDNS no
PrintMotd no
PrintLastLog no
MaxStartups 10:30:100
LoginGraceTime 20
EOF
"$T/bin/$SERVICE" -t -f "$T/sshd_config" || fail "sshd -t rejects the config"

env $SSHD_ENV "$T/bin/$SERVICE" -D -e -f "$T/sshd_config" >"$T/sshd.log" 2>&1 &
SSHD_PID=$!
for i in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    kill -0 "$SSHD_PID" 2>/dev/null || { cat "$T/sshd.log" >&2; fail "sshd died"; }
    sleep 0.1
done
(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || { cat "$T/sshd.log" >&2; fail "sshd did not listen"; }

login() {   # remote command
    run timeout 30 ssh -F /dev/null -i "$K/id" -p "$PORT" \
        -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
        -o BatchMode=yes -o IdentitiesOnly=yes -o LogLevel=ERROR \
        -o ConnectTimeout=10 "$U@127.0.0.1" "$@"
}
show_sshd_log() { echo "--- sshd log:" >&2; tail -n 30 "$T/sshd.log" >&2; }

# ---- the token reaches the session ----------------------------------------
login printenv HF_TOKEN
[ "$RC" = 0 ] || show_sshd_log
assert_rc 0
assert_out_eq "$TOK_WORK
"

# ---- a FIFO for a token file: the login goes on, promptly, without it -----
as_user "$U" sh -c "rm -f '$HF/token' && mkfifo -m 0600 '$HF/token'"
t0=$(date +%s%N)
login 'echo in; printenv HF_TOKEN || echo unset'
took=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$RC" = 0 ] || show_sshd_log
assert_rc 0
assert_out_eq "in
unset
"
[ "$took" -lt 10000 ] || fail "login with a FIFO took $took ms"

# ---- validate: a token the Hub rejects is not exported --------------------
[ -x "$HF_AUTH_BIN" ] || fail "$HF_AUTH_BIN not built"
start_fakehub
as_user "$U" sh -c "rm -f '$HF/token' && umask 077 && printf '%s' '$TOK_BAD' >'$HF/token'"
write_pam validate "hf_auth=$HF_AUTH_BIN" "endpoint=$HF_ENDPOINT" cache=0
login 'echo in; printenv HF_TOKEN || echo unset'
assert_rc 0
assert_out_eq "in
unset
"
as_user "$U" sh -c "umask 077 && printf '%s' '$TOK_PERSONAL' >'$HF/token'"
login printenv HF_TOKEN
assert_rc 0
assert_out_eq "$TOK_PERSONAL
"
grep -q "whoami-v2" "$FAKEHUB_DIR/requests.jsonl" || fail "the Hub was not asked"
echo ok
