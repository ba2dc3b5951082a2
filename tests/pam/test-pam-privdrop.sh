#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# pam_hfauth reads as the user and runs hf-auth as the user: a real,
# throw-away user, so the privilege switch itself is exercised (as non-root
# pam_modutil_drop_priv does nothing).  Root only; CI runs as root.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/pam/lib-pam.sh"

is_root || skip "needs root to create a test user (CI runs as root)"
command -v useradd >/dev/null || skip "no useradd"
command -v setpriv >/dev/null || skip "no setpriv (util-linux)"

make_test_user U H
make_test_user U2 H2
LUSER=$U
HF=$H/.cache/huggingface
as_user "$U" mkdir -p "$HF"
as_user "$U" sh -c "umask 077; printf '%s' '$TOK_WORK' >'$HF/token'"
pam_service debug

session() {   # [app args] (user $LUSER)
    run_pam "$@" "$LUSER"
    assert_session_ok
    assert_clean "$TOK_WORK"
}

# ---- the default path, from the user's passwd home ------------------------
find "$H/.cache" -printf "%p %m %u %g %s %T@ %C@\\n" | sort >"$T/home-before"
session
assert_token "$TOK_WORK"
assert_log_eq "$(L debug "token file $HF/token")
$(L debug "HF_TOKEN set from $HF/token")"

# ---- a root-squashed home: root itself cannot read it ---------------------
# Without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH root is an ordinary uid
# for permission checks, as root is "nobody" on a root_squash NFS export.
NOSQUASH="setpriv --bounding-set=-dac_override,-dac_read_search --"
$NOSQUASH cat "$HF/token" >/dev/null 2>&1 && fail "setup: root can still read the 0700 home"
: >"$SYSLOG"
run env HFA_SYSLOG_FILE="$SYSLOG" $NOSQUASH "$PAM_APP" -c "$PAMCONF" "$U"
LOGTXT=$(cat "$SYSLOG")
assert_session_ok
assert_token "$TOK_WORK"
assert_log_eq "$(L debug "token file $HF/token")
$(L debug "HF_TOKEN set from $HF/token")"

# ---- a symlinked folder into a place only root can read -------------------
# Every fstat check would pass (the file is the user's, 0600): only reading
# as the user stops root from following the user's symlink there.
R=$USER_BASE/rootonly
mkdir -m 0700 "$R"
printf '%s' "$TOK_PERSONAL" >"$R/token"
chown "$U:$U" "$R/token"; chmod 0600 "$R/token"
as_user "$U" ln -s "$R" "$H/evil"
session -e HF_HOME="$H/evil"
assert_token ""
assert_clean "$TOK_PERSONAL"
assert_log_eq "$(L debug "token file $H/evil/token")
$(L warning "cannot open token file $H/evil/token: Permission denied; HF_TOKEN not set")"
# ...and the file itself a symlink to /etc/shadow, or named directly
as_user "$U" ln -s /etc/shadow "$H/shadow-link"
session -e HF_TOKEN_PATH="$H/shadow-link"
assert_token ""
assert_log_has "token file $H/shadow-link is a symbolic link; HF_TOKEN not set"
session -e HF_TOKEN_PATH=/etc/shadow
assert_token ""
assert_log_eq "$(L debug "token file /etc/shadow")
$(L warning "cannot open token file /etc/shadow: Permission denied; HF_TOKEN not set")"
grep -q root: "$SYSLOG" && fail "shadow content in the log"

# ---- a folder only a supplementary group can enter -------------------------
make_test_group G
usermod -a -G "$G" "$U"
S=$USER_BASE/shared
mkdir "$S"; chgrp "$G" "$S"; chmod 0750 "$S"
for u in "$U" "$U2"; do
    printf '%s' "$TOK_CI" >"$S/token-$u"; chown "$u:$u" "$S/token-$u"; chmod 0600 "$S/token-$u"
done
session -e HF_TOKEN_PATH="$S/token-$U"
assert_token "$TOK_CI"
LUSER=$U2 session -e HF_TOKEN_PATH="$S/token-$U2"
assert_token ""
assert_log_has "cannot open token file $S/token-$U2: Permission denied"

# ---- more groups than the first group lookup has room for -----------------
# pam/privs.c asks with room for HFP_GROUPS_GUESS (64) groups, then
# once more with the size NSS reported: the user's 71st group must count.
many=
for _ in $(seq 1 70); do make_test_group last_group; many="$many,$last_group"; done
usermod -a -G "${many#,}" "$U" || fail "usermod -a -G (70 groups) $U"
[ "$(id -G "$U" | wc -w)" -gt 64 ] || fail "premise: $U has $(id -G "$U" | wc -w) groups"
S70=$USER_BASE/shared70
mkdir "$S70"; chgrp "$last_group" "$S70"; chmod 0750 "$S70"
printf '%s' "$TOK_WORK" >"$S70/token"; chown "$U:$U" "$S70/token"; chmod 0600 "$S70/token"
session -e HF_TOKEN_PATH="$S70/token"
assert_token "$TOK_WORK"
usermod -G "$G" "$U" || fail "usermod -G $G $U"   # back to one extra group

# ---- files the user does not own ------------------------------------------
# root-owned after a `sudo hf-auth login`: readable, but not the user's
printf '%s' "$TOK_WORK" >"$USER_BASE/rootowned"; chmod 0644 "$USER_BASE/rootowned"
session -e HF_TOKEN_PATH="$USER_BASE/rootowned"
assert_token ""
assert_message_eq "info: Hugging Face token file $USER_BASE/rootowned is not owned by the user; HF_TOKEN not set."
# another user's token, readable by all
as_user "$U2" sh -c "printf '%s' '$TOK_CI' >'$H2/token'; chmod 0644 '$H2/token'"
chmod 0755 "$H2"
session -e HF_TOKEN_PATH="$H2/token"
assert_token ""
assert_log_has "token file $H2/token is not owned by the user"

# ---- a FIFO the user made: no blocking, as the user too -------------------
as_user "$U" mkfifo -m 0600 "$H/fifo"
t0=$(date +%s%N)
: >"$SYSLOG"
run env HFA_SYSLOG_FILE="$SYSLOG" timeout 10 "$PAM_APP" -c "$PAMCONF" \
    -e HF_TOKEN_PATH="$H/fifo" "$U"
LOGTXT=$(cat "$SYSLOG")
assert_session_ok
[ $(( ($(date +%s%N) - t0) / 1000000 )) -lt 2000 ] || fail "blocked on the user's FIFO"
assert_log_has "token file $H/fifo is not a regular file"

# nothing in the token folder was created, changed or re-owned
find "$H/.cache" -printf "%p %m %u %g %s %T@ %C@\\n" | sort >"$T/home-after"
diff "$T/home-before" "$T/home-after" >/dev/null || fail "the home changed:
$(diff "$T/home-before" "$T/home-after")"

# ---- no token where this login looks, one where hf-auth put it ----------
# One notice, for the admin: the user logged in under other variables
# (HF_TOKEN_PATH, token_path=) than this login has.
NOTE="but there is one at $HF/token: the user logged in where this login does not look"
session -e HF_TOKEN_PATH="$H/elsewhere/token"
assert_token ""; assert_no_message
assert_log_eq "$(L debug "token file $H/elsewhere/token")
$(L debug "no token file $H/elsewhere/token")
$(L notice "no token file $H/elsewhere/token, $NOTE")"
pam_service "token_path=%h/.hf_token"
session
assert_token ""
assert_log_eq "$(L notice "no token file $H/.hf_token, $NOTE")"
# It is looked for as the user: in a folder the user cannot search (root
# could), there is nothing to point at.
chmod 0 "$HF"
session -e HF_TOKEN_PATH="$H/elsewhere/token"
assert_token ""
assert_log_empty
chmod 0700 "$HF"
pam_service debug

# ---- the one error: root's fs uid cannot be restored after the read --------
# (pam_app -R makes setfsuid(0) fail.)  The module says so at LOG_CRIT and
# returns PAM_SYSTEM_ERR; the app's own check sees the changed fs uid.
# (the log file where the user can reach it: the process is left as them)
pam_service
LOG2=$USER_BASE/syslog-regain
: >"$LOG2"; chmod 0666 "$LOG2"
run env HFA_SYSLOG_FILE="$LOG2" "$PAM_APP" -R -c "$PAMCONF" "$U"
LOGTXT=$(cat "$LOG2")
assert_rc 3
assert_out_has "open: PAM_SYSTEM_ERR"
assert_token ""
assert_err_has "pam_app: uid changed by pam_open_session"
assert_log_has "$(L crit "cannot restore the login process's own ids after reading $HF/token")"
assert_clean "$TOK_WORK"

# ---- validate runs hf-auth as the user, for good ---------------------------
OUTD=$USER_BASE/childout
mkdir "$OUTD"; chown "$U:$U" "$OUTD"
cat >"$USER_BASE/fake-hf-auth" <<EOF
#!/bin/sh
{ grep -E '^(Uid|Gid|Groups):' /proc/self/status; echo "home=\$HOME"; } >"$OUTD/ids"
exit 0
EOF
chmod 0755 "$USER_BASE/fake-hf-auth"
pam_service validate "hf_auth=$USER_BASE/fake-hf-auth" cache=0
session
assert_token "$TOK_WORK"
uid=$(id -u "$U"); gid=$(id -g "$U"); gg=$(getent group "$G" | cut -d: -f3)
ids=$(cat "$OUTD/ids")
printf '%s\n' "$ids" | grep -qP "^Uid:\t$uid\t$uid\t$uid\t$uid$" || fail "child uids: $ids"
printf '%s\n' "$ids" | grep -qP "^Gid:\t$gid\t$gid\t$gid\t$gid$" || fail "child gids: $ids"
groups_line=$(printf '%s\n' "$ids" | sed -n 's/^Groups:\t*//p' | tr ' ' '\n' | grep . | sort -n | tr '\n' ' ')
want_groups=$(printf '%s\n' "$gid" "$gg" | sort -n | tr '\n' ' ')
[ "$groups_line" = "$want_groups" ] || fail "child groups [$groups_line], want [$want_groups]"
printf '%s\n' "$ids" | grep -qx "home=$H" || fail "child HOME"

# the real hf-auth against the fake Hub, as the user, root-squashed too
[ -x "$HF_AUTH_BIN" ] || fail "$HF_AUTH_BIN not built"
start_fakehub
pam_service validate refresh "hf_auth=$HF_AUTH_BIN" "endpoint=$HF_ENDPOINT" cache=0
: >"$SYSLOG"
run env HFA_SYSLOG_FILE="$SYSLOG" $NOSQUASH "$PAM_APP" -c "$PAMCONF" "$U"
LOGTXT=$(cat "$SYSLOG")
assert_session_ok
assert_token "$TOK_WORK"
assert_log_empty
as_user "$U" sh -c "printf '%s' '$TOK_BAD' >'$HF/token'"
session
assert_token ""
assert_log_eq "$(L notice "the Hub rejected the token in $HF/token (401); HF_TOKEN not set")"
echo ok
