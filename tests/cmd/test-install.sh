# SPDX-License-Identifier: Apache-2.0
# make install into a private prefix, then the library used as a consumer
# would use it: pkg-config, the public header, the shared library; and only
# the hfa_ API exported by it.  `make install` writes no PAM module and no
# /etc/profile.d/ link and no Slurm plugin (install-pam, install-profile and
# install-slurm do), works as a normal user into PREFIX=~/.local, and `make
# uninstall` (with uninstall-pam, uninstall-profile and uninstall-slurm)
# removes every file they wrote.
. "$HFA_SRC/tests/lib.sh"
case $HFA_BUILD in */asan) skip "install is checked on the plain build";; esac
unset MAKEFLAGS MAKELEVEL MFLAGS
prefix=$T/prefix
make -s -C "$HFA_SRC" install BUILD="$HFA_BUILD" PREFIX="$prefix" \
    PAMDIR="$prefix/pam" SYSCONFDIR="$prefix/etc" >"$T/install.log" 2>&1 ||
    { cat "$T/install.log"; fail "make install failed"; }
for f in bin/hf-auth lib/libhfauth.so.1 lib/libhfauth.a include/hfauth.h \
         lib/pkgconfig/hfauth.pc share/man/man1/hf-auth.1 \
         share/hf-auth/hf-auth.bash share/hf-auth/hf-auth.zsh \
         share/hf-auth/hf-auth.fish share/hf-auth/profile.sh; do
    [ -f "$prefix/$f" ] || fail "not installed: $f"
done
# Nothing that changes every user's login.
assert_missing "$prefix/pam"
assert_missing "$prefix/etc"
assert_missing "$prefix/share/man/man8/pam_hfauth.8"
assert_missing "$prefix/share/man/man8/spank_hfauth.8"
[ "$(readlink "$prefix/lib/libhfauth.so")" = libhfauth.so.1 ] || fail "no libhfauth.so link"
soname=$(objdump -p "$prefix/lib/libhfauth.so.1" | awk '/SONAME/ {print $2}')
[ "$soname" = libhfauth.so.1 ] || fail "soname is '$soname'"

# Nothing but the public API is exported.
others=$(nm -D --defined-only "$prefix/lib/libhfauth.so.1" | awk '{print $3}' |
         grep -v -e '^hfa_' -e '^HFAUTH_1$' || true)
[ -z "$others" ] || fail "exported beyond hfa_: $others"

cat >"$T/consumer.c" <<'C'
#include <hfauth.h>
#include <stdio.h>
#include <string.h>
int main(void)
{
    char *env[] = {"HF_HOME=/srv/hf/$USER", "USER=alice", NULL};
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
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
# cJSON is the library's business: not in the consumer's flags, only in
# what a static link needs.  (pkg-config ends its line with a blank.)
pc_flags() { pkg-config "$@" hfauth | sed 's/ *$//'; }
[ "$(pc_flags --cflags)" = "-I$prefix/include" ] || fail "cflags: $(pc_flags --cflags)"
[ "$(pc_flags --libs)" = "-L$prefix/lib -lhfauth" ] || fail "libs: $(pc_flags --libs)"
[ "$(pc_flags --static --libs)" = "-L$prefix/lib -lhfauth -lcjson -ldl" ] ||
    fail "static libs: $(pc_flags --static --libs)"
cc -std=c11 -Wall -Werror $(pkg-config --cflags hfauth) -o "$T/consumer" \
    "$T/consumer.c" $(pkg-config --libs hfauth) || fail "consumer does not build"
out=$(LD_LIBRARY_PATH=$prefix/lib "$T/consumer") || fail "consumer failed"
[ "$out" = /srv/hf/alice/token ] || fail "consumer printed '$out'"
# The installed command runs and finds no libhfauth.so at run time: it
# carries the library inside.
out=$("$prefix/bin/hf-auth" --version) || fail "installed hf-auth fails"
[ "$out" = "hf-auth 0.1.0" ] || fail "version '$out'"

# files_under DIR: every file and link under DIR (folders may stay).
files_under() { find "$1" ! -type d | sort; }

# make uninstall takes back every file make install wrote.
run make -s -C "$HFA_SRC" uninstall BUILD="$HFA_BUILD" PREFIX="$prefix" \
    PAMDIR="$prefix/pam" SYSCONFDIR="$prefix/etc"
assert_rc 0
left=$(files_under "$prefix")
[ -z "$left" ] || fail "left after make uninstall: $left"
assert_missing "$prefix/share/hf-auth"

# The four steps into a DESTDIR, then their four undoings: an empty tree.
dest=$T/dest
run make -s -C "$HFA_SRC" install install-pam install-profile install-slurm \
    BUILD="$HFA_BUILD" DESTDIR="$dest" PREFIX=/usr \
    PAMDIR=/usr/lib/x86_64-linux-gnu/security \
    SLURM_PLUGIN_DIR=/usr/lib/x86_64-linux-gnu/slurm-wlm
assert_rc 0
for f in usr/lib/x86_64-linux-gnu/security/pam_hfauth.so \
         usr/share/man/man8/pam_hfauth.8 usr/share/hf-auth/profile.sh \
         usr/lib/x86_64-linux-gnu/slurm-wlm/spank_hfauth.so \
         usr/share/man/man8/spank_hfauth.8; do
    [ -f "$dest/$f" ] || fail "not installed: $f"
done
[ "$(readlink "$dest/etc/profile.d/hf-auth.sh")" = /usr/share/hf-auth/profile.sh ] ||
    fail "profile.d link: '$(readlink "$dest/etc/profile.d/hf-auth.sh")'"
grep -qx 'prefix=/usr' "$dest/usr/lib/pkgconfig/hfauth.pc" || fail "hfauth.pc: prefix"
run make -s -C "$HFA_SRC" uninstall uninstall-pam uninstall-profile \
    uninstall-slurm BUILD="$HFA_BUILD" DESTDIR="$dest" PREFIX=/usr \
    PAMDIR=/usr/lib/x86_64-linux-gnu/security \
    SLURM_PLUGIN_DIR=/usr/lib/x86_64-linux-gnu/slurm-wlm
assert_rc 0
left=$(files_under "$dest")
[ -z "$left" ] || fail "left after the uninstalls: $left"

# A normal user installs into ~/.local: only there, and nothing for PAM
# or /etc (they could not write there: the install would fail).
[ "$(id -u)" = 0 ] || { echo "ok (not root: the install as a normal user is not run)"; exit 0; }
command -v setpriv >/dev/null || fail "setpriv (util-linux) is needed"
NB=$(mktemp -d /tmp/hfa-install.XXXXXX)
trap '_hfa_cleanup; rm -rf "$NB"' EXIT
chmod 0755 "$NB"
mkdir "$NB/home"
chown 65534:65534 "$NB/home"
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$NB/home" "$@"; }
run as_nobody test -r "$HFA_BUILD/hf-auth"
[ "$RC" = 0 ] || skip "uid 65534 cannot read $HFA_BUILD (is the build folder readable by all?)"
run as_nobody make -s -C "$HFA_SRC" install BUILD="$HFA_BUILD" PREFIX="$NB/home/.local"
assert_rc 0
for f in bin/hf-auth lib/libhfauth.so.1 share/hf-auth/profile.sh; do
    [ -f "$NB/home/.local/$f" ] || fail "not installed as a user: $f"
    [ "$(stat -c %u "$NB/home/.local/$f")" = 65534 ] || fail "$f: not the user's"
done
[ -z "$(find "$NB/home/.local" -name 'pam_hfauth*')" ] || fail "a PAM file in ~/.local"
run as_nobody "$NB/home/.local/bin/hf-auth" --version
assert_out_eq "hf-auth 0.1.0
"
run as_nobody make -s -C "$HFA_SRC" uninstall BUILD="$HFA_BUILD" PREFIX="$NB/home/.local"
assert_rc 0
left=$(files_under "$NB/home")
[ -z "$left" ] || fail "left after make uninstall as a user: $left"
echo ok
