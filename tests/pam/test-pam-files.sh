#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# pam_hfauth: what a token file may be.  Cleaning as huggingface_hub does,
# values that must never reach the environment, and files that must be
# refused from fstat before any read (FIFO, devices, huge, writable by
# others, not the user's, symlinks).  Runs as any user; the wrong-owner case
# needs root to chown.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/pam/lib-pam.sh"

D=$T/files
mkdir -p "$D"
pam_service debug

# session_with PATH: one session reading PATH; the app's own checks must
# pass and the token must be in no log line.
session_with() {
    run_pam -e HF_TOKEN_PATH="$1" "$PAM_USER"
    assert_session_ok
    assert_clean "$TOK_WORK"
    assert_clean aliceWriteToken
}

# ---- cleaned like huggingface_hub: CR, LF anywhere, blanks around ---------
i=0
for content in "$TOK_WORK" "$TOK_WORK\n" "$TOK_WORK\r\n" "  $TOK_WORK \t\n" \
    "\n\n$TOK_WORK\n\n" "hf_alice\nWriteToken0001" "hf_alice\r\nWriteToken0001\r\n" \
    "\v\f$TOK_WORK\x1c\x1f"; do
    i=$((i + 1))
    put_file "$D/ok$i" "$content"
    session_with "$D/ok$i"
    assert_token "$TOK_WORK"
    assert_refused ""
    assert_no_message
    assert_log_eq "$(L debug "token file $D/ok$i")
$(L debug "HF_TOKEN set from $D/ok$i")"
done
# A session that gets HF_TOKEN drops a refusal marker already there.
run_pam -e HF_TOKEN_PATH="$D/ok1" -e HFAUTH_REFUSED=file "$PAM_USER"
assert_session_ok
assert_token "$TOK_WORK"
assert_refused ""
# Any printable character but '=' and blanks is kept as it is.
put_file "$D/punct" 'hf_a-b.c~d!e#f$g%%h&i*j+k/l:m;n<o>p?q@r[s\\t]u^v`w{x|y}z\047\042(x)'
session_with "$D/punct"
assert_token "$(cat "$D/punct")"
# Exactly 4096 bytes is the limit.
printf 'hf_%04093d' 7 >"$D/max"; chmod 0600 "$D/max"
session_with "$D/max"
assert_token "$(cat "$D/max")"

# ---- empty: nothing, quietly (Python truncates before writing) -----------
for content in "" "\n" "\r\n  \t \n"; do
    put_file "$D/empty" "$content"
    session_with "$D/empty"
    assert_token ""
    assert_refused ""
    assert_no_message
    assert_log_eq "$(L debug "token file $D/empty")
$(L debug "token file $D/empty is empty")"
done
# missing file, missing folder, a file where a folder should be
for p in "$D/missing" "$D/nodir/token" "$D/ok1/token"; do
    session_with "$p"
    assert_token ""; assert_refused ""; assert_no_message
    assert_log_eq "$(L debug "token file $p")
$(L debug "no token file $p")$(real_home_note "$p")"
done

# ---- not a token: refused, said, never logged -----------------------------
refused() {   # path reason
    assert_token ""
    assert_refused file
    assert_log_eq "$(L debug "token file $1")
$(L warning "token file $1 $2; HF_TOKEN not set")"
    assert_message_eq "info: Hugging Face token file $1 $2; HF_TOKEN not set."
}
i=0
for content in "hf_alice WriteToken0001" "hf_alice\tWriteToken0001" \
    "hf_alice\033[31mWriteToken0001" "hf_alice\001WriteToken0001" \
    "LD_PRELOAD=/tmp/evil.so" \
    "hf_aliceWriteToken0001=" "HF_TOKEN=hf_aliceWriteToken0001" \
    "hf_alic\303\251WriteToken0001" "hf_alice\177WriteToken0001" \
    "hf_alice\302\205x"; do
    i=$((i + 1))
    put_file "$D/bad$i" "$content"
    session_with "$D/bad$i"
    refused "$D/bad$i" "does not hold a valid token"
done
# A NUL byte and bytes that are not UTF-8 are named: Python keeps the NUL
# (and then no stored entry matches) and cannot decode the rest, so the
# file is refused rather than cut at the NUL.
put_file "$D/nul" "hf_alice\000WriteToken0001"
session_with "$D/nul"
refused "$D/nul" "holds a NUL byte"
put_file "$D/latin1" "hf_alic\351WriteToken0001"
session_with "$D/latin1"
refused "$D/latin1" "is not UTF-8"

# Unicode blanks around the token are stripped as Python's str.strip()
# strips them (U+0085, U+00A0, U+3000), and a file of blanks is no token.
put_file "$D/ublank" "\302\205\302\240${TOK_WORK}\343\200\200\n"
session_with "$D/ublank"
assert_token "$TOK_WORK"
put_file "$D/uempty" "\342\200\200\302\240\n"
session_with "$D/uempty"
assert_token ""

# ---- refused from fstat, before any read ----------------------------------
# group- and world-writable
for mode in 0620 0602 0666 0660; do
    put_file "$D/w$mode" "$TOK_WORK"
    chmod "$mode" "$D/w$mode"
    session_with "$D/w$mode"
    refused "$D/w$mode" "is writable by group or others"
done
# readable by others is fine (Python's umask may leave 0644)
put_file "$D/r0644" "$TOK_WORK"; chmod 0644 "$D/r0644"
session_with "$D/r0644"; assert_token "$TOK_WORK"
# a folder
mkdir -p "$D/adir"
session_with "$D/adir"
refused "$D/adir" "is not a regular file"
# more than 4096 bytes, and a 10 GB sparse file (never read: instant)
printf 'hf_%04094d' 7 >"$D/big"; chmod 0600 "$D/big"
session_with "$D/big"
refused "$D/big" "is larger than 4096 bytes"
truncate -s 10G "$D/sparse"; chmod 0600 "$D/sparse"
start=$(date +%s%N)
session_with "$D/sparse"
refused "$D/sparse" "is larger than 4096 bytes"
[ $(( ($(date +%s%N) - start) / 1000000 )) -lt 2000 ] || fail "the sparse file was read"
# a FIFO with no writer: must not block (CVE-2024-22365); the whole run is
# bounded by timeout 10 and must finish in well under a second
mkfifo "$D/fifo"; chmod 0600 "$D/fifo"
start=$(date +%s%N)
: >"$SYSLOG"
run env HFA_SYSLOG_FILE="$SYSLOG" timeout 10 "$PAM_APP" -c "$PAMCONF" \
    -e HF_TOKEN_PATH="$D/fifo" "$PAM_USER"
LOGTXT=$(cat "$SYSLOG")
[ "$RC" != 124 ] || fail "blocked on a FIFO"
assert_session_ok
[ $(( ($(date +%s%N) - start) / 1000000 )) -lt 2000 ] || fail "slow on a FIFO"
refused "$D/fifo" "is not a regular file"
# a FIFO with a writer that never writes: still no read
( exec 3<>"$D/fifo"; sleep 5 ) &
holder=$!
session_with "$D/fifo"
refused "$D/fifo" "is not a regular file"
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
# devices: /dev/zero (endless), /dev/null, /dev/tty, /dev/urandom
for dev in /dev/zero /dev/null /dev/urandom; do
    session_with "$dev"
    refused "$dev" "is not a regular file"
done
session_with /dev/tty     # no controlling terminal here: open fails
assert_token ""
assert_log_has "cannot open token file /dev/tty"

# ---- symlinks: the token file itself must not be one ----------------------
put_file "$D/real" "$TOK_WORK"
ln -s "$D/real" "$D/link-ok"
ln -s /dev/zero "$D/link-zero"
ln -s /etc/shadow "$D/link-shadow"
for l in link-ok link-zero link-shadow; do
    session_with "$D/$l"
    refused "$D/$l" "is a symbolic link"
done
# a symlinked folder on the way is followed (HPC: ~/.cache -> /scratch/...)
ln -s "$D" "$D/dirlink"
session_with "$D/dirlink/real"
assert_token "$TOK_WORK"

# ---- someone else's file --------------------------------------------------
if is_root; then
    put_file "$D/nobodys" "$TOK_WORK"
    chown nobody "$D/nobodys"
    session_with "$D/nobodys"
    refused "$D/nobodys" "is not owned by the user"
else
    echo "note: wrong-owner case needs root (chown); covered in CI"
fi
echo ok
