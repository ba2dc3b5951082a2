# make install into a private prefix, then the library used as a consumer
# would use it: pkg-config, the public header, the shared library; and only
# the hfa_ API exported by it.
. "$HFA_SRC/tests/lib.sh"
case $HFA_BUILD in */asan) skip "install is checked on the plain build";; esac
prefix=$T/prefix
make -s -C "$HFA_SRC" install BUILD="$HFA_BUILD" PREFIX="$prefix" \
    PAMDIR="$prefix/pam" SYSCONFDIR="$prefix/etc" >"$T/install.log" 2>&1 ||
    { cat "$T/install.log"; fail "make install failed"; }
for f in bin/hf-auth lib/libhfauth.so.1 lib/libhfauth.a include/hfauth.h \
         lib/pkgconfig/hfauth.pc share/man/man1/hf-auth.1; do
    [ -f "$prefix/$f" ] || fail "not installed: $f"
done
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
cc -std=c11 -Wall -Werror $(pkg-config --cflags hfauth) -o "$T/consumer" \
    "$T/consumer.c" $(pkg-config --libs hfauth) || fail "consumer does not build"
out=$(LD_LIBRARY_PATH=$prefix/lib "$T/consumer") || fail "consumer failed"
[ "$out" = /srv/hf/alice/token ] || fail "consumer printed '$out'"
# The installed command runs and finds no libhfauth.so at run time: it
# carries the library inside.
out=$("$prefix/bin/hf-auth" --version) || fail "installed hf-auth fails"
[ "$out" = "hf-auth 0.1.0" ] || fail "version '$out'"
