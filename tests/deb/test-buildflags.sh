#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/deb/test-buildflags.sh - the library builds with Debian's build
# flags in the environment, as a developer would try it:
#
#   eval "$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --export=sh)"
#   make
#
# with -Werror still on: the caller's _FORTIFY_SOURCE, stack protector and
# relro/now are used and the Makefile's own are not added again (a second
# _FORTIFY_SOURCE definition is an error under -Werror).  Without caller
# flags, the Makefile's own hardening is there.  Only the library's
# objects are compiled, into $T; on the plain build only.
. "$HFA_SRC/tests/lib.sh"
case $HFA_BUILD in */asan) skip "checked once, on the plain build";; esac
command -v dpkg-buildflags >/dev/null || fail "dpkg-buildflags is missing (make deps installs dpkg-dev)"
unset MAKEFLAGS MAKELEVEL MFLAGS CFLAGS CPPFLAGS LDFLAGS DEB_BUILD_OPTIONS

# build_lib DIR [ENV...]: make the shared library into DIR, the commands in
# DIR.log, one a line (make echoes a recipe's continued lines as they are).
build_lib() {
    local dir=$1; shift
    env "$@" make -C "$HFA_SRC" BUILD="$dir" "$dir/libhfauth.so.1" >"$dir.raw" 2>&1 ||
        { tail -n 20 "$dir.raw"; fail "make with $* failed"; }
    join_lines "$dir.raw" >"$dir.log"
}
join_lines() { sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$1"; }

eval "$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --export=sh)"
{ [ -n "${CPPFLAGS-}" ] && [ -n "${CFLAGS-}" ] && [ -n "${LDFLAGS-}" ]; } ||
    fail "dpkg-buildflags exported no CPPFLAGS, CFLAGS or LDFLAGS"
build_lib "$T/deb" CPPFLAGS="$CPPFLAGS" CFLAGS="$CFLAGS" LDFLAGS="$LDFLAGS"
compile=$(grep -- ' -c -o .*/obj/lib/token.o' "$T/deb.log")
case $compile in *" -Werror "*) ;; *) fail "a developer build without -Werror: $compile" ;; esac
case $compile in *_FORTIFY_SOURCE=2*) ;; *) fail "the caller's _FORTIFY_SOURCE=2 is not used" ;; esac
case $compile in *_FORTIFY_SOURCE=3*) fail "_FORTIFY_SOURCE given twice: $compile" ;; esac
[ "$(printf '%s' "$compile" | grep -o 'fstack-protector-strong' | wc -l)" = 1 ] ||
    fail "-fstack-protector-strong not exactly once: $compile"
link=$(grep -- '-shared -Wl,-soname' "$T/deb.log")
[ "$(printf '%s' "$link" | grep -o 'z,now' | wc -l)" = 1 ] || fail "-z now not exactly once: $link"
nm -D "$T/deb/libhfauth.so.1" | grep -Eq ' U __[a-z0-9_]+_chk' ||
    fail "no _FORTIFY_SOURCE in the library built with Debian's flags"

# WERROR= leaves -Werror out (package builds), and no flags at all gives
# the Makefile's own hardening.
unset CFLAGS CPPFLAGS LDFLAGS
mkdir -p "$T/plain"
make -C "$HFA_SRC" BUILD="$T/plain" WERROR= -n "$T/plain/libhfauth.so.1" >"$T/plain.raw" 2>&1 ||
    fail "make -n WERROR= failed"
join_lines "$T/plain.raw" >"$T/plain.log"
grep -- ' -c -o ' "$T/plain.log" | grep -q -- '-Werror' && fail "WERROR= still compiles with -Werror"
compile=$(grep -- ' -c -o .*/obj/lib/token.o' "$T/plain.log")
case $compile in *"-D_FORTIFY_SOURCE=3 "*"-fstack-protector-strong"*) ;;
    *) fail "no flags given, yet not the Makefile's hardening: $compile" ;; esac
grep -- '-shared -Wl,-soname' "$T/plain.log" | grep -q -- '-Wl,-z,relro -Wl,-z,now' ||
    fail "no flags given, yet not linked with relro and now"
echo ok
