#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/deb/test-packages.sh - the Debian packages end to end, as root:
#
#   make deb     builds them once (into $T, Debian's build flags, no
#                -Werror, no tests), and lintian finds no error or warning
#   apt-get      installs them together; nothing is switched on: no
#                pam_hfauth line in /etc/pam.d, no /etc/profile.d link
#   pam-auth-update --enable hfauth, then `su -l` to a new user with a
#                token file: the session has it in HF_TOKEN
#   the files    /usr/bin/hf-auth runs, the man pages are found, a program
#                built with `pkg-config hfauth` runs, the module runs
#                /usr/bin/hf-auth, the completion files (when this tree's
#                make install writes them)
#   apt-get purge   leaves no pam_hfauth line, none of the packages' files,
#                and /etc/pam.d/common-* and pam-auth-update's state
#                (/var/lib/pam/) byte for byte as they were
#
# The machine is left as found: the user removed, the packages purged and
# /etc/pam.d/common-* and /var/lib/pam/ compared with (and, should they
# differ, put back from) a copy taken first.  Skipped unless root, and when any of the
# packages or their files are already there (someone's real install).
# Run once: on the plain build only.
. "$HFA_SRC/tests/lib.sh"
case $HFA_BUILD in */asan) skip "the packages are built and checked once, on the plain build";; esac
[ "$(id -u)" = 0 ] || skip "needs root: installs and purges the packages with apt-get"
for tool in dpkg-buildpackage dh lintian fakeroot apt-get pam-auth-update useradd su man pkg-config; do
    command -v "$tool" >/dev/null || fail "$tool is missing (make deps installs it)"
done
unset MAKEFLAGS MAKELEVEL MFLAGS DEB_BUILD_OPTIONS DEB_BUILD_PROFILES
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
MA=$(dpkg-architecture -qDEB_HOST_MULTIARCH)

PKGS=(hf-auth libpam-hfauth libhfauth1 libhfauth-dev)
WITH_SLURM=
if [ -f "$HFA_SRC/slurm/slurm.mk" ]; then
    WITH_SLURM=1
    PKGS+=(slurm-spank-hfauth)
fi
for p in "${PKGS[@]}"; do
    case $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) in
    *" installed"|*config-files*) skip "$p is already installed here: not touching it" ;;
    esac
done
for f in /usr/bin/hf-auth "/usr/lib/$MA/security/pam_hfauth.so" "/usr/lib/$MA/libhfauth.so.1" \
         /usr/include/hfauth.h /usr/share/pam-configs/hfauth /etc/profile.d/hf-auth.sh \
         "/usr/lib/$MA/slurm-wlm/spank_hfauth.so"; do
    [ ! -e "$f" ] || skip "$f is already there (an install by hand?): not touching it"
done

# --- what is put back whatever happens ------------------------------------
# The files pam-auth-update writes: the stacks and its record of profiles.
# pam_state [ROOT]: those files' paths under ROOT (default /), one a line.
pam_state() { (cd "${1:-/}" && ls -d etc/pam.d/common-* var/lib/pam/*); }
SAVED=$T/pam-before
mkdir -p "$SAVED"
for f in $(pam_state); do
    mkdir -p "$SAVED/${f%/*}"
    cp -a "/$f" "$SAVED/$f"
done
# same_as_saved FILE: byte for byte the copy taken first.
same_as_saved() { cmp -s "$SAVED/$1" "/$1"; }
# pam-auth-update also keeps the chosen profiles in debconf (in no set order).
debconf-show libpam-runtime | sort >"$SAVED/debconf"
TEST_USER=
INSTALLED=

restore_machine() {
    local f
    [ -n "$INSTALLED" ] && apt-get purge -y -q -o DPkg::Lock::Timeout=120 "${PKGS[@]}" >"$T/purge-trap.log" 2>&1
    INSTALLED=
    [ -n "$TEST_USER" ] && { userdel -r -f "$TEST_USER" >/dev/null 2>&1; rm -rf "$USER_BASE"; }
    TEST_USER=
    for f in $(pam_state "$SAVED"); do
        same_as_saved "$f" || cp -a "$SAVED/$f" "/$f"
    done
}
trap 'restore_machine; _hfa_cleanup' EXIT

# --- build -----------------------------------------------------------------
DEB=$T/deb
make -C "$HFA_SRC" deb DEB_DIR="$DEB" >"$T/build.log" 2>&1 ||
    { tail -n 40 "$T/build.log"; fail "make deb failed"; }
# Debian's flags and no -Werror (-Werror=format-security is dpkg's own).
grep -q -- '-D_FORTIFY_SOURCE=2 .* -c -o obj-.*/obj/lib/token.o' "$T/build.log" ||
    fail "the library was not built with dpkg-buildflags' CPPFLAGS"
grep -- ' -c -o obj-' "$T/build.log" | grep -Eq -- '-Werror( |$)|_FORTIFY_SOURCE=3' &&
    fail "a package build compiled with -Werror or its own _FORTIFY_SOURCE"
grep -q 'DHFA_HF_AUTH_PATH=.*/usr/bin/hf-auth' "$T/build.log" ||
    fail "the module's hf_auth= default is not /usr/bin/hf-auth"
debs=$(for f in "$DEB"/*.deb; do f=${f##*/}; echo "${f%%_*}"; done | sort | tr '\n' ' ')
[ "$debs" = "$(printf '%s\n' "${PKGS[@]}" | sort | tr '\n' ' ')" ] || fail "built: $debs"

run lintian "$DEB"/*.changes
printf '%s\n' "$OUT" | grep -E '^[EW]: ' && fail "lintian: errors or warnings (above)"
[ "$RC" = 0 ] || fail "lintian exit $RC: $ERR"

# --- install -----------------------------------------------------------------
INSTALLED=1
apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=120 \
    "$DEB"/*.deb >"$T/install.log" 2>&1 || { cat "$T/install.log"; fail "apt-get install failed"; }
for f in /etc/pam.d/common-*; do
    grep -q pam_hfauth "$f" && fail "installing the packages put pam_hfauth in $f"
done
assert_missing /etc/profile.d/hf-auth.sh

run /usr/bin/hf-auth --version
assert_rc 0
assert_out_eq "hf-auth 0.1.0
"
mans=(hf-auth pam_hfauth)
[ -n "$WITH_SLURM" ] && mans+=(spank_hfauth)
run man -w "${mans[@]}"
assert_rc 0
[ "$(printf '%s' "$OUT" | wc -l)" = "${#mans[@]}" ] || fail "man -w: $OUT"
grep -qa '/usr/bin/hf-auth' "/usr/lib/$MA/security/pam_hfauth.so" ||
    fail "the installed module does not default to /usr/bin/hf-auth"
for f in hf-auth.bash hf-auth.zsh hf-auth.fish profile.sh; do
    [ -f "/usr/share/hf-auth/$f" ] || fail "no /usr/share/hf-auth/$f"
done
grep -q "'/usr/bin/hf-auth'" /usr/share/hf-auth/hf-auth.bash || fail "the bash hook does not run /usr/bin/hf-auth"
if [ -d "$HFA_SRC/build/completion" ] || grep -q 'bash-completion' "$HFA_SRC/shell/"*.mk; then
    for f in /usr/share/bash-completion/completions/hf-auth \
             /usr/share/zsh/vendor-completions/_hf-auth \
             /usr/share/fish/vendor_completions.d/hf-auth.fish; do
        [ -f "$f" ] || fail "no completion file $f"
    done
else
    echo "note: this tree's make install writes no completion files: not checked"
fi
[ -n "$WITH_SLURM" ] && { [ -f "/usr/lib/$MA/slurm-wlm/spank_hfauth.so" ] || fail "no SPANK plugin"; }

# A program built with pkg-config, run with no help to find the library.
cat >"$T/consumer.c" <<'C'
#include <hfauth.h>
#include <stdio.h>
int main(void)
{
    char *env[] = {"HF_HOME=/srv/hf", NULL};
    hfa_ctx *ctx;
    hfa_error err;
    if (hfa_ctx_new_for_user(&ctx, "/home/alice", env, &err) != HFA_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    puts(hfa_ctx_token_path(ctx));
    hfa_ctx_free(ctx);
    return 0;
}
C
# shellcheck disable=SC2046 # pkg-config's flags are words
cc -std=c11 -Wall -Werror $(pkg-config --cflags hfauth) -o "$T/consumer" \
    "$T/consumer.c" $(pkg-config --libs hfauth) || fail "pkg-config consumer does not build"
run "$T/consumer"
assert_rc 0
assert_out_eq "/srv/hf/token
"

# --- the PAM profile, and a login ----------------------------------------------
pam-auth-update --enable hfauth >"$T/pam-auth-update.log" 2>&1 ||
    { cat "$T/pam-auth-update.log"; fail "pam-auth-update --enable hfauth failed"; }
grep -Eq '^session[[:space:]]+optional[[:space:]]+pam_hfauth\.so' /etc/pam.d/common-session ||
    fail "pam-auth-update --enable hfauth did not add the module to common-session (a locally modified file?)"
grep -q pam_hfauth /etc/pam.d/common-session-noninteractive &&
    fail "the module is in common-session-noninteractive"

USER_BASE=$(mktemp -d /tmp/hfa-debuser.XXXXXX)
chmod 0755 "$USER_BASE"
TEST_USER=hfad$$
home=$USER_BASE/$TEST_USER
useradd -M -d "$home" -s /bin/sh -U "$TEST_USER" || { TEST_USER=; fail "useradd"; }
mkdir -p "$home/.cache/huggingface"
printf '%s' "$TOK_WORK" >"$home/.cache/huggingface/token"
chmod 0600 "$home/.cache/huggingface/token"
chown -R "$TEST_USER:" "$home"
chmod 0700 "$home"
# shellcheck disable=SC2016 # expanded by the user's login shell
run timeout 60 su -l "$TEST_USER" -c 'printf "%s|" "$HF_TOKEN"; hf-auth token'
assert_rc 0
assert_out_eq "$TOK_WORK|$TOK_WORK
"

# --- purge -------------------------------------------------------------------
owned=$(dpkg -L "${PKGS[@]}" | sort -u | while read -r f; do [ -d "$f" ] || echo "$f"; done)
[ -n "$owned" ] || fail "dpkg -L listed nothing"
apt-get purge -y -q -o DPkg::Lock::Timeout=120 "${PKGS[@]}" >"$T/purge.log" 2>&1 ||
    { cat "$T/purge.log"; fail "apt-get purge failed"; }
INSTALLED=
for f in /etc/pam.d/common-*; do
    grep -q pam_hfauth "$f" && fail "purge left pam_hfauth in $f"
done
left=$(printf '%s\n' "$owned" | while read -r f; do [ ! -e "$f" ] && [ ! -L "$f" ] || echo "$f"; done)
[ -z "$left" ] || fail "purge left: $left"
for f in $(pam_state "$SAVED"); do
    same_as_saved "$f" || fail "/$f is not as it was before the test"
done
[ "$(pam_state)" = "$(pam_state "$SAVED")" ] ||
    fail "files came or went: $(pam_state | tr '\n' ' ')"
debconf-show libpam-runtime | sort | cmp -s - "$SAVED/debconf" ||
    fail "pam-auth-update's debconf answers changed: $(debconf-show libpam-runtime)"
restore_machine
id "hfad$$" >/dev/null 2>&1 && fail "the test user is still there"
echo ok
