#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/cmd/test-corrupt-store.sh - the store when things are wrong
# (docs/design.md and docs/security.md, "The store"):
#   - a stored_tokens configparser would reject stops every command that
#     reads or changes it, with the file and line, and is never rewritten;
#   - a file Python's configparser wrote survives our changes byte for byte
#     as huggingface_hub's writer would produce them, and Python reads ours;
#   - a full disk and a read-only folder (a tiny tmpfs) leave the originals
#     byte-identical and no temporary file behind;
#   - a store left root-owned by `sudo hf-auth login`: a clear error with
#     the fix (run as an unprivileged user with setpriv).
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"
start_fakehub
STORE=$HF_DIR/stored_tokens
MNT=$T/mnt
NB=
_corrupt_cleanup() {
    mountpoint -q "$MNT" 2>/dev/null && umount "$MNT"
    [ -n "$NB" ] && rm -rf "$NB"
    _hfa_cleanup
}
trap _corrupt_cleanup EXIT

# --- files configparser rejects ------------------------------------------
# broken NAME TEXT: writes TEXT as stored_tokens (the active token is
# $TOK_WORK), checks that Python's configparser rejects it, and sets LINE
# to the line Python names.
broken() {
    mkdir -p "$HF_DIR"
    printf '%s' "$2" >"$STORE"
    printf '%s' "$TOK_WORK" >"$HF_DIR/token"
    chmod 600 "$STORE" "$HF_DIR/token"
    LINE=$($PY - "$STORE" <<'EOF'
import configparser, sys
c = configparser.ConfigParser(interpolation=None)
try:
    c.read(sys.argv[1], encoding="utf-8")
except (configparser.MissingSectionHeaderError, configparser.DuplicateSectionError,
        configparser.DuplicateOptionError) as e:
    print(e.lineno)
except configparser.ParsingError as e:
    print(e.errors[0][0])
except UnicodeDecodeError as e:
    # Python cannot even decode it (huggingface_hub then crashes).
    data = open(sys.argv[1], "rb").read()[:e.start]
    print(data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1)
EOF
)
    [ -n "$LINE" ] || fail "premise: Python's configparser accepts the '$1' file"
    cp "$STORE" "$T/store.orig"
    cp "$HF_DIR/token" "$T/token.orig"
}
unchanged() {
    assert_same_file "$T/store.orig" "$STORE"
    assert_same_file "$T/token.orig" "$HF_DIR/token"
    assert_mode "$STORE" 600
    assert_no_temp_files "$HF_DIR"
}
check_refused() {   # CASE-NAME [WHAT-THE-MESSAGE-SAYS]
    local what
    for what in "list" "list --format json" "list --format names" "switch a" \
                "logout --token-name a" "logout" "login --token $TOK_PERSONAL"; do
        # shellcheck disable=SC2086
        run "$HF_AUTH" $what
        [ "$RC" = 1 ] || fail "$1: hf-auth $what: expected exit 1, got $RC"
        assert_out_empty
        assert_err_has "$STORE line $LINE:"
        [ $# -lt 2 ] || assert_err_has "$2"
        assert_err_lacks_token "$TOK_PERSONAL"
        assert_err_lacks_token "$TOK_WORK"
        unchanged
    done
    run_in "$TOK_CI" "$HF_AUTH" login --token-stdin
    assert_rc 1
    assert_err_has "$STORE line $LINE:"
    assert_err_has "Nothing was saved."
    unchanged
    # What does not read stored_tokens still works.
    run "$HF_AUTH" token
    assert_rc 0
    assert_out_eq "$TOK_WORK
"
    unchanged
}
A="[a]
hf_token = hf_aaaaaaaaaaaaaaaaaa01

"
B="[b]
hf_token = hf_bbbbbbbbbbbbbbbbbb02

"
broken "duplicate section" "$A$B$A"
[ "$LINE" = 7 ] || fail "premise: duplicate section line $LINE"
check_refused "duplicate section" "duplicate section [a]"

broken "duplicate key (keys are case-insensitive)" "${A}${B}[c]
hf_token = hf_cccccccccccccccccc03
HF_Token = hf_cccccccccccccccccc04
"
check_refused "duplicate key" "duplicate key 'hf_token' in [c]"

broken "no section header" "hf_token = hf_aaaaaaaaaaaaaaaaaa01
$A"
[ "$LINE" = 1 ] || fail "premise: no section header line $LINE"
check_refused "no section header" "no [section] header"

broken "no section header after comments" "# hand-written
; another comment

token = hf_aaaaaaaaaaaaaaaaaa01
$A"
check_refused "no section header after comments"

broken "a line without =" "${A}${B}[c]
hf_token = hf_cccccccccccccccccc03

just some words
"
check_refused "a line without =" "not a \`key = value\` line"

broken "an empty section header" "${A}[]
other = x
"
check_refused "an empty section header"

# Line numbers count the line breaks Python counts: CRLF and a lone CR.
broken "CRLF" "[a]"$'\r\n'"hf_token = x"$'\r\n\r\n'"[b]"$'\r\n'"[a]"$'\r\n'
check_refused "CRLF"
broken "CR" "[a]"$'\r'"hf_token = x"$'\r'"[a]"$'\r'
check_refused "CR"

# Another writer's torn file (a section header cut short).
broken "torn" "${A}${B}[c"
check_refused "torn"

# Bytes that are not UTF-8: Python cannot decode the file (huggingface_hub
# crashes on it); refused like any file configparser rejects, by line.
broken "not UTF-8" "${A}[b]
hf_token = hf_caf"$'\xe9'"000000000001

"
[ "$LINE" = 5 ] || fail "premise: not UTF-8 line $LINE"
check_refused "not UTF-8" "bytes that are not UTF-8"

# A NUL byte inside a value: configparser reads the file, so do we.  Only
# the entry holding it is refused, when it is used; every other command
# works, and a rewrite keeps the NUL byte where it was.
printf '[a]\nhf_token = x\0y\n\n[b]\nhf_token = %s\n\n' "$TOK_WORK" >"$STORE"
printf '%s' "$TOK_WORK" >"$HF_DIR/token"
$PY - "$STORE" <<'EOF' || fail "premise: configparser reads a NUL in a value"
import configparser, sys
c = configparser.ConfigParser(interpolation=None)
c.read(sys.argv[1], encoding="utf-8")
assert c.get("a", "hf_token") == "x\0y"
EOF
run "$HF_AUTH" list
assert_rc 0
assert_out_eq "  NAME  TOKEN
  a     <invalid>
* b     hf_****0001
"
run "$HF_AUTH" switch a
assert_rc 1
assert_out_empty
assert_err_eq "error: stored token 'a' in $STORE holds a NUL byte; log in again to replace it
"
assert_file_eq "$HF_DIR/token" "$TOK_WORK"
run "$HF_AUTH" login --token "$TOK_PERSONAL"
assert_rc 0
$PY - "$STORE" "$TOK_WORK" "$TOK_PERSONAL" <<'EOF' || fail "the NUL byte did not survive: $(od -c "$STORE" | head)"
import sys
want = ("[a]\nhf_token = x\0y\n\n[b]\nhf_token = %s\n\n"
        "[personal]\nhf_token = %s\n\n" % (sys.argv[2], sys.argv[3]))
assert open(sys.argv[1], "rb").read() == want.encode(), open(sys.argv[1], "rb").read()
EOF
run "$HF_AUTH" logout --token-name a
assert_rc 0
run "$HF_AUTH" list --format names
assert_out_eq "b
personal
"
rm -f "$STORE" "$HF_DIR/token"

# --- a file Python's configparser wrote -----------------------------------
# huggingface_hub writes stored_tokens with a fresh ConfigParser, sections
# added in sorted(names) order, then config.write().  apply.py does the same
# change to a file: "add NAME TOKEN" or "remove NAME" (every other key of
# every section kept, as our writer keeps them).
cat >"$T/apply.py" <<'EOF'
import configparser, sys
path, op, name = sys.argv[1:4]
old = configparser.ConfigParser(interpolation=None)
with open(path, encoding="utf-8") as f:
    old.read_file(f)
entries = {s: dict(old[s]) for s in old.sections()}
if op == "add":
    entries.setdefault(name, {})["hf_token"] = sys.argv[4]
else:
    del entries[name]
new = configparser.ConfigParser(interpolation=None)
for s in sorted(entries):
    new.add_section(s)
    for k, v in entries[s].items():
        new.set(s, k, v)
with open(sys.argv[5] if op == "add" else sys.argv[4], "w", encoding="utf-8") as f:
    new.write(f)
EOF
rm -rf "$HF_DIR"
mkdir -p "$HF_DIR"
$PY - "$STORE" <<'EOF'
import configparser, sys
entries = {
    "my token": {"hf_token": "hf_pyMyToken00000000001"},
    "100% real": {"hf_token": "hf_pyPercent0000000002", "custom": "50%% and %(x)s stay"},
    "café ☕ naïve": {"hf_token": "hf_pyUnicode0000000003", "note": "ünïcödé välüe"},
    "a]b": {"hf_token": "hf_pyBracket0000000004"},
    " padded name ": {"hf_token": "hf_pyPadded00000000005"},
    "oauth-carol": {"hf_token": "hf_oauth_pyOauth00000006", "refresh_token": "hf_oauth_refresh_py",
                    "expires_at": "4102444800", "custom": "first line\nsecond line\n\nfourth line"},
    "Zeta": {"hf_token": "hf_pyZeta0000000000007", "empty": ""},
}
c = configparser.ConfigParser(interpolation=None)
for s in sorted(entries):
    c.add_section(s)
    for k, v in entries[s].items():
        c.set(s, k, v)
with open(sys.argv[1], "w", encoding="utf-8") as f:
    c.write(f)
EOF
chmod 600 "$STORE"
printf '%s' hf_pyUnicode0000000003 >"$HF_DIR/token"
cp "$STORE" "$T/py.orig"
# A read-only command and a switch do not rewrite it.
run "$HF_AUTH" list
assert_rc 0
assert_out_has "* café ☕ naïve"
assert_same_file "$T/py.orig" "$STORE"
run "$HF_AUTH" switch " padded name "
assert_rc 0
assert_file_eq "$HF_DIR/token" hf_pyPadded00000000005
assert_same_file "$T/py.orig" "$STORE"
run "$HF_AUTH" switch "café ☕ naïve"
assert_rc 0

# login of another token: the same bytes huggingface_hub's writer gives.
$PY "$T/apply.py" "$STORE" add work "$TOK_WORK" "$T/py.expected"
run "$HF_AUTH" login --token "$TOK_WORK"
assert_rc 0
cmp "$T/py.expected" "$STORE" >/dev/null ||
    fail "after login: stored_tokens differs from configparser's: $(diff "$T/py.expected" "$STORE")"
assert_file_eq "$HF_DIR/token" "$TOK_WORK"
# logout of another name.
cp "$STORE" "$T/py.before"
$PY "$T/apply.py" "$T/py.before" remove "100% real" "$T/py.expected"
run "$HF_AUTH" logout --token-name "100% real"
assert_rc 0
cmp "$T/py.expected" "$STORE" >/dev/null ||
    fail "after logout: stored_tokens differs from configparser's: $(diff "$T/py.expected" "$STORE")"
assert_file_eq "$HF_DIR/token" "$TOK_WORK"
# Python reads our file and finds every entry, every key, every value.
$PY - "$STORE" "$TOK_WORK" <<'EOF' || fail "Python's configparser does not read back what we wrote"
import configparser, sys
c = configparser.ConfigParser(interpolation=None)
c.read(sys.argv[1], encoding="utf-8")
got = {s: dict(c[s]) for s in c.sections()}
want = {
    "my token": {"hf_token": "hf_pyMyToken00000000001"},
    "café ☕ naïve": {"hf_token": "hf_pyUnicode0000000003", "note": "ünïcödé välüe"},
    "a]b": {"hf_token": "hf_pyBracket0000000004"},
    " padded name ": {"hf_token": "hf_pyPadded00000000005"},
    "oauth-carol": {"hf_token": "hf_oauth_pyOauth00000006", "refresh_token": "hf_oauth_refresh_py",
                    "expires_at": "4102444800", "custom": "first line\nsecond line\n\nfourth line"},
    "Zeta": {"hf_token": "hf_pyZeta0000000000007", "empty": ""},
    "work": {"hf_token": sys.argv[2]},
}
assert got == want, (got, want)
# huggingface_hub's own reader: {name: hf_token}.
assert {s: c[s]["hf_token"] for s in c.sections()} == {s: v["hf_token"] for s, v in want.items()}
EOF

# --- a full disk and a read-only folder -------------------------------------
MOUNT_SKIPPED=
mkdir -p "$MNT"
if ! mount -t tmpfs -o size=16k,mode=0755 tmpfs "$MNT" 2>"$T/mount.err"; then
    MOUNT_SKIPPED="cannot mount a tmpfs here ($(cat "$T/mount.err")): full-disk and read-only cases not run"
else
    export HF_HOME=$MNT/hf
    run "$HF_AUTH" login --token "$TOK_WORK"
    assert_rc 0
    run "$HF_AUTH" login --token "$TOK_CI"
    assert_rc 0
    snap_take "$MNT/hf"
    dd if=/dev/zero of="$MNT/fill" bs=1k count=64 2>/dev/null
    # Whatever pages are left, fill them a byte at a time.
    while printf x >>"$MNT/fill" 2>/dev/null; do :; done
    run "$HF_AUTH" login --token "$TOK_PERSONAL"
    assert_rc 1
    assert_out_empty
    assert_err_has "No space left on device"
    assert_err_has "Nothing was saved."
    assert_err_lacks_token "$TOK_PERSONAL"
    snap_check "$MNT/hf"
    assert_no_temp_files "$MNT/hf"
    run "$HF_AUTH" switch work
    assert_rc 1
    assert_err_has "No space left on device"
    snap_check "$MNT/hf"
    assert_no_temp_files "$MNT/hf"
    run "$HF_AUTH" logout --token-name work
    assert_rc 1
    assert_err_has "No space left on device"
    snap_check "$MNT/hf"
    assert_no_temp_files "$MNT/hf"
    run "$HF_AUTH" list
    assert_rc 0
    assert_out_eq "  NAME      TOKEN
* ci token  hf_****0003
  work      hf_****0001
"
    rm -f "$MNT/fill"

    mount -o remount,ro "$MNT" || fail "cannot remount $MNT read-only"
    for what in "login --token $TOK_PERSONAL" "switch work" "logout --token-name work" "logout"; do
        # shellcheck disable=SC2086
        run "$HF_AUTH" $what
        [ "$RC" = 1 ] || fail "read-only: hf-auth $what: expected exit 1, got $RC"
        assert_out_empty
        assert_err_has "Read-only file system"
        assert_err_lacks_token "$TOK_PERSONAL"
        snap_check "$MNT/hf"
    done
    # Reading needs no write.
    run "$HF_AUTH" list --format names
    assert_rc 0
    assert_out_eq "ci token
work
"
    run "$HF_AUTH" token
    assert_rc 0
    assert_out_eq "$TOK_CI
"
    umount "$MNT"
    unset HF_HOME
fi

# --- a store left root-owned by `sudo hf-auth login` ------------------------
command -v setpriv >/dev/null || fail "setpriv (util-linux) is needed"
NB=$(mktemp -d /tmp/hfa-nobody.XXXXXX)
chmod 755 "$NB"
NBHOME=$NB/home
mkdir "$NBHOME"
chown 65534:65534 "$NBHOME"
NBDIR=$NBHOME/.cache/huggingface
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$NBHOME" "$@"; }
run as_nobody "$HF_AUTH" --version
[ "$RC" = 0 ] || skip "cannot run $HF_AUTH as uid 65534 (is the build folder readable by all?): $ERR"
# As root (sudo keeps HOME with -E): the folders and files become root's.
run env HOME="$NBHOME" "$HF_AUTH" login --token "$TOK_WORK"
assert_rc 0
[ "$(stat -c %u "$NBDIR")" = 0 ] || fail "premise: $NBDIR is not root's"
# The store folder root-owned and 0755 (readable by the user, not writable).
chmod 755 "$NBHOME/.cache" "$NBDIR"
snap_take "$NBDIR"
for what in "login --token $TOK_PERSONAL" "switch work" "logout --token-name work" "logout"; do
    # shellcheck disable=SC2086
    run as_nobody "$HF_AUTH" $what
    [ "$RC" = 1 ] || fail "root-owned 0755: hf-auth $what: expected exit 1, got $RC"
    assert_out_empty
    assert_err_has "sudo chown"
    assert_err_has "$NBDIR"
    assert_err_lacks_token "$TOK_PERSONAL"
    assert_err_lacks_token "$TOK_WORK"
    snap_check "$NBDIR"
done
# The user's folder with root's files in it (`sudo -E` into an existing
# store): the lock file is root's too.
chown -R 65534:65534 "$NBHOME/.cache"
chown 0:0 "$NBDIR/token" "$NBDIR/stored_tokens" "$NBDIR/.stored_tokens.lock"
snap_take "$NBDIR"
run as_nobody "$HF_AUTH" login --token "$TOK_PERSONAL"
assert_rc 1
assert_err_has "sudo chown"
snap_check "$NBDIR"

# The folders as `sudo hf-auth login` really leaves them: created 0700 by
# root.  Every command must still say what happened and how to fix it.
rm -rf "$NBHOME/.cache"
run env HOME="$NBHOME" "$HF_AUTH" login --token "$TOK_WORK"
assert_rc 0
[ "$(stat -c %a "$NBHOME/.cache")" = 700 ] || fail "premise: .cache is not 0700"
snap_take "$NBHOME/.cache"
for what in "login --token $TOK_PERSONAL" "switch work" "logout" "list" "token"; do
    # shellcheck disable=SC2086
    run as_nobody "$HF_AUTH" $what
    [ "$RC" = 1 ] || fail "root-owned 0700: hf-auth $what: expected exit 1, got $RC"
    assert_out_empty
    assert_err_lacks_token "$TOK_WORK"
    case $ERR in
    *"sudo chown"*) ;;
    *) fail "root-owned 0700 store: \`hf-auth $what\` as the user does not give the fix (sudo chown): $ERR" ;;
    esac
    snap_check "$NBHOME/.cache"
done
# And root-owned 0600 files in a readable folder, for the read-only commands.
chmod 755 "$NBHOME/.cache" "$NBDIR"
for what in "list" "token"; do
    # shellcheck disable=SC2086
    run as_nobody "$HF_AUTH" $what
    [ "$RC" = 1 ] || fail "root-owned files: hf-auth $what: expected exit 1, got $RC"
    case $ERR in
    *"sudo chown"*) ;;
    *) fail "root-owned 0600 files: \`hf-auth $what\` as the user does not give the fix (sudo chown): $ERR" ;;
    esac
done

[ -z "$MOUNT_SKIPPED" ] || skip "$MOUNT_SKIPPED"
echo "test-corrupt-store: all passed"
