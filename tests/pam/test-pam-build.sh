#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# pam_hfauth.so as built: exports only the two session entry points, loads
# with RTLD_NOW (every symbol resolved), needs no libcurl, and its man page
# renders without a warning; `make install-pam` puts both where Debian
# expects them.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/pam/lib-pam.sh"

# ---- exported symbols -----------------------------------------------------
run nm -D --defined-only "$MODULE"
assert_rc 0
syms=$(printf '%s' "$OUT" | awk '{print $3}' | sort | tr '\n' ' ')
[ "$syms" = "pam_sm_close_session pam_sm_open_session " ] || fail "exported: [$syms]"

# ---- loads as libpam loads it, and hides its internals --------------------
run "$HFA_BUILD/tests/pam_dlopen" "$MODULE"
assert_rc 0
assert_out_eq "ok
"

# ---- no libcurl in the login process --------------------------------------
run readelf -d "$MODULE"
assert_rc 0
assert_out_lacks "libcurl"
run nm -D --undefined-only "$MODULE"
case $OUT in *curl_*) fail "the module references libcurl symbols";; esac
# (pam_app also checks /proc/self/maps for libcurl after every session, in
# every test, with validate and refresh on.)

# ---- the man page ----------------------------------------------------------
run groff -man -ww -z "$HFA_SRC/pam/pam_hfauth.8"
assert_rc 0
assert_err_eq ""
if command -v man >/dev/null; then
    run env MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -l "$HFA_SRC/pam/pam_hfauth.8"
    assert_rc 0
    assert_err_eq ""
    for section in NAME SYNOPSIS DESCRIPTION OPTIONS "MODULE TYPES PROVIDED" \
        "RETURN VALUES" EXAMPLES FILES "SEE ALSO" AUTHOR; do
        printf '%s\n' "$OUT" | grep -qx "$section" || fail "man page lacks $section"
    done
    # every option of the module is documented
    for opt in debug quiet override token_path= validate refresh timeout= \
        endpoint= hf_auth= cache= cache_dir=; do
        assert_out_has "       $opt"
    done
fi

# ---- install-pam -----------------------------------------------------------
san=
is_san_build && san="SAN=1"
run make -n -C "$HFA_SRC" --no-print-directory install-pam \
    BUILD="$HFA_BUILD" $san DESTDIR=/DEST PAMDIR=/lib/x86_64-linux-gnu/security \
    MANDIR=/usr/share/man
assert_rc 0
assert_out_has "install -m 0644 $HFA_BUILD/pam_hfauth.so /DEST/lib/x86_64-linux-gnu/security/pam_hfauth.so"
assert_out_has "install -m 0644 pam/pam_hfauth.8 /DEST/usr/share/man/man8/pam_hfauth.8"
echo ok
