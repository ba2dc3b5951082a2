#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/cmd/test-hardening.sh - the shipped binaries (hf-auth,
# libhfauth.so.1, pam_hfauth.so) carry the hardening the Makefile asks for,
# read back from the ELF files with readelf:
#
#   position independent  ELF type DYN; hf-auth also has PIE in DT_FLAGS_1
#   full RELRO            a GNU_RELRO segment and BIND_NOW (-z relro -z now)
#   no executable stack   a GNU_STACK segment with flags RW, not RWE
#   no text relocations   no TEXTREL (every object built -fPIC)
#   stack protector       __stack_chk_fail referenced
#   FORTIFY_SOURCE        at least one __*_chk libc function referenced
#   no RPATH or RUNPATH   nothing steers the loader to another folder
#
# Which symbols each exports is checked elsewhere: tests/cmd/test-install.sh
# (only hfa_* from the library) and tests/pam/test-pam-build.sh (only the
# two pam_sm_* session functions).  The sanitizer build is not hardened
# (no FORTIFY, no -z now), so it is skipped.
. "$HFA_SRC/tests/lib.sh"
case $HFA_BUILD in */asan) skip "the sanitizer build is not hardened";; esac
command -v readelf >/dev/null || skip "no readelf (binutils)"
export LC_ALL=C

# The undefined dynamic symbols of $1, one a line, without @version.
undefined_symbols() {
    readelf --dyn-syms -W "$1" |
        awk '$1 ~ /^[0-9]+:$/ && $7 == "UND" && NF >= 8 {
                 sub(/@.*/, "", $8); print $8 }'
}

# check_binary FILE: everything above but the PIE flag.
check_binary() {
    local f=$1 name=${1##*/} type stack syms
    [ -f "$f" ] || fail "$name not built"

    run readelf -hW "$f"
    assert_rc 0
    type=$(printf '%s' "$OUT" | awk '$1 == "Type:" {print $2}')
    [ "$type" = DYN ] || fail "$name: ELF type '$type', expected DYN"

    # Program headers.  The flags of a segment may hold blanks ("R E"):
    # they are the fields between MemSiz and Align.
    run readelf -lW "$f"
    assert_rc 0
    printf '%s\n' "$OUT" | grep -q '^ *GNU_RELRO ' ||
        fail "$name: no GNU_RELRO segment"
    stack=$(printf '%s\n' "$OUT" | awk '$1 == "GNU_STACK" {
        s = ""; for (i = 7; i < NF; i++) s = s $i; print s }')
    [ -n "$stack" ] || fail "$name: no GNU_STACK segment (executable stack)"
    [ "$stack" = RW ] || fail "$name: stack flags '$stack', expected RW"

    # Dynamic section.
    run readelf -dW "$f"
    assert_rc 0
    printf '%s\n' "$OUT" | grep -Eq '\((FLAGS)\) +.*\bBIND_NOW\b|\((FLAGS_1)\) +Flags:.*\bNOW\b' ||
        fail "$name: not linked with -z now (no BIND_NOW)"
    assert_out_lacks "(RPATH)"
    assert_out_lacks "(RUNPATH)"
    assert_out_lacks "(TEXTREL)"
    printf '%s\n' "$OUT" | grep -Eq '\(FLAGS\) +.*\bTEXTREL\b' &&
        fail "$name: has text relocations"

    syms=$(undefined_symbols "$f")
    [ -n "$syms" ] || fail "$name: no dynamic symbols read"
    printf '%s\n' "$syms" | grep -qx '__stack_chk_fail' ||
        fail "$name: no __stack_chk_fail (built without -fstack-protector)"
    printf '%s\n' "$syms" | grep -v '^__stack_chk' | grep -Eqx '__[a-z0-9_]+_chk' ||
        fail "$name: no __*_chk function (built without _FORTIFY_SOURCE)"
}

check_binary "$HFA_BUILD/hf-auth"
check_binary "$HFA_BUILD/libhfauth.so.1"
check_binary "$HFA_BUILD/pam_hfauth.so"

# hf-auth is a position-independent executable, not a shared object.
run readelf -dW "$HFA_BUILD/hf-auth"
printf '%s\n' "$OUT" | grep -Eq '\(FLAGS_1\) +Flags:.*\bPIE\b' ||
    fail "hf-auth: DT_FLAGS_1 lacks PIE (not linked with -pie)"
for lib in libhfauth.so.1 pam_hfauth.so; do
    run readelf -dW "$HFA_BUILD/$lib"
    printf '%s\n' "$OUT" | grep -Eq '\(FLAGS_1\) +Flags:.*\bPIE\b' &&
        fail "$lib: marked PIE: an executable, not a library"
done
echo ok
