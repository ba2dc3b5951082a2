#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/shell/test-hook-init.sh - `hf-auth init`: prints the hook file
# and its shell's completion file embedded at build time, `hf-auth
# completion` the completion file alone, with the real path of the running
# hf-auth quoted for each shell (however odd the path); usage errors; a
# failed write.  `make all` writes the completion files to build/completion/.
# `make install-hooks`: the hooks and the profile.d snippet under share/,
# the completions where each shell looks for them; `make uninstall-hooks`
# removes them all; `make install-profile`: the link
# /etc/profile.d/hf-auth.sh to the snippet, which loads the hook in
# interactive bash and zsh only.
# shellcheck disable=SC2016 # code in single quotes runs in other shells
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/shell/shlib.sh"

store work "$TOK_WORK" personal "$TOK_PERSONAL"
activate "$TOK_PERSONAL"
REAL=$(realpath "$HF_AUTH")

completion_file() {   # SHELL
    case $1 in
    zsh) echo "$HFA_SRC/shell/completion/_hf-auth" ;;
    *) echo "$HFA_SRC/shell/completion/hf-auth.$1" ;;
    esac
}
for sh in bash zsh fish; do
    run "$HF_AUTH" init $sh
    assert_rc 0
    assert_err_eq ""
    assert_out_eq "$(cat "$HFA_SRC/shell/hooks/hf-auth.$sh" "$(completion_file $sh)" |
        sed "s|@HF_AUTH@|$REAL|")
"
    run "$HF_AUTH" completion $sh
    assert_rc 0
    assert_err_eq ""
    assert_out_eq "$(sed "s|@HF_AUTH@|$REAL|" "$(completion_file $sh)")
"
done
# make all: the completion files as installed (the default BINDIR).
for f in hf-auth.bash _hf-auth hf-auth.fish; do
    assert_file_eq "$HFA_BUILD/completion/$f" \
        "$(sed "s|@HF_AUTH@|/usr/local/bin/hf-auth|" "$HFA_SRC/shell/completion/$f")
"
done

# Through a symlink the hook names the file itself; in a folder whose name
# holds quotes, a backslash, a blank and a dollar, each shell gets it back
# exactly and the functions run it.
mkdir -p "$T/bin" "$T/it's a \\\"dir\" \$x"
ln -s "$HF_AUTH" "$T/bin/hf-auth"
ODD="$T/it's a \\\"dir\" \$x/hf-auth"
cp "$HF_AUTH" "$ODD"
run "$T/bin/hf-auth" init bash
assert_out_has "_hfa_bin='$REAL'"
assert_out_has "_hfa_comp_bin='$REAL'"
run bash --norc --noprofile -c 'eval "$("$1" init bash)"; printf "%s\n" "$_hfa_bin"
hf-switch work 2>/dev/null; printf "%s\n" "$HF_TOKEN"' - "$ODD"
assert_out_eq "$ODD
$TOK_WORK
"
run zsh -f -c 'eval "$("$1" init zsh)"; printf "%s\n" "$_hfa_bin"
hf-switch personal 2>/dev/null; printf "%s\n" "$HF_TOKEN"' - "$ODD"
assert_out_eq "$ODD
$TOK_PERSONAL
"
run fish --no-config -c '$argv[1] init fish | source; printf "%s\n" "$__hfa_bin"
hf-switch work 2>/dev/null; printf "%s\n" "$HF_TOKEN"' "$ODD"
assert_out_eq "$ODD
$TOK_WORK
"

# Usage.
for cmd in init completion; do
    for args in "" "tcsh" "bash zsh" "--bogus"; do
        # shellcheck disable=SC2086 # the words of $args
        run "$HF_AUTH" $cmd $args
        assert_rc 2
        assert_out_empty
        assert_err_has "bash, zsh or fish"
        assert_err_has "hf-auth $cmd --help"
    done
    run "$HF_AUTH" $cmd tcsh
    assert_err_has "'tcsh'"
    for help in "$cmd --help" "$cmd -h" "help $cmd"; do
        # shellcheck disable=SC2086 # the words of $help
        run "$HF_AUTH" $help
        assert_rc 0
        assert_err_eq ""
        assert_out_has "usage: hf-auth $cmd bash|zsh|fish"
        assert_out_has "eval \"\$(hf-auth $cmd bash)\""
    done
done
run "$HF_AUTH" --help
assert_out_has "  completion  print the completion for bash, zsh or fish"
run bash -c '"$1" init bash >/dev/full' - "$HF_AUTH"
assert_rc 1
assert_err_has "cannot write the hook"
run bash -c '"$1" completion zsh >/dev/full' - "$HF_AUTH"
assert_rc 1
assert_err_has "cannot write the completion"

# make install-hooks, into a staging folder...
unset MAKEFLAGS MAKELEVEL MFLAGS
run make -s -C "$HFA_SRC" install-hooks DESTDIR="$T/stage" PREFIX=/opt/hf
assert_rc 0
for sh in bash zsh fish; do
    assert_mode "$T/stage/opt/hf/share/hf-auth/hf-auth.$sh" 644
    assert_file_eq "$T/stage/opt/hf/share/hf-auth/hf-auth.$sh" \
        "$(cat "$HFA_SRC/shell/hooks/hf-auth.$sh" "$(completion_file $sh)" |
            sed "s|@HF_AUTH@|/opt/hf/bin/hf-auth|")
"
done
for f in bash-completion/completions/hf-auth:bash zsh/vendor-completions/_hf-auth:zsh \
         fish/vendor_completions.d/hf-auth.fish:fish; do
    assert_mode "$T/stage/opt/hf/share/${f%:*}" 644
    assert_file_eq "$T/stage/opt/hf/share/${f%:*}" \
        "$(sed "s|@HF_AUTH@|/opt/hf/bin/hf-auth|" "$(completion_file "${f#*:}")")
"
done
run make -s -C "$HFA_SRC" uninstall-hooks DESTDIR="$T/stage" PREFIX=/opt/hf
assert_rc 0
left=$(find "$T/stage" -type f)
[ -z "$left" ] || fail "uninstall-hooks left: $left"
run make -s -C "$HFA_SRC" install-hooks DESTDIR="$T/stage" PREFIX=/opt/hf
assert_rc 0
assert_mode "$T/stage/opt/hf/share/hf-auth/profile.sh" 644
assert_file_eq "$T/stage/opt/hf/share/hf-auth/profile.sh" \
    "$(sed "s|@HOOK_DIR@|/opt/hf/share/hf-auth|g" "$HFA_SRC/shell/hooks/profile.sh")
"
# installing the hooks turns nothing on for every user...
assert_missing "$T/stage/etc"
# ...install-profile does, with a link to the snippet.
run make -s -C "$HFA_SRC" install-profile DESTDIR="$T/stage" PREFIX=/opt/hf
assert_rc 0
[ "$(readlink "$T/stage/etc/profile.d/hf-auth.sh")" = /opt/hf/share/hf-auth/profile.sh ] ||
    fail "profile.d link: '$(readlink "$T/stage/etc/profile.d/hf-auth.sh")'"
run make -s -C "$HFA_SRC" uninstall-profile DESTDIR="$T/stage" PREFIX=/opt/hf
assert_rc 0
assert_missing "$T/stage/etc/profile.d/hf-auth.sh"
run make -s -C "$HFA_SRC" install-hooks DESTDIR="$T/stage" "PREFIX=/opt/it's"
assert_rc 2
assert_err_has "BINDIR or DATADIR holds '"

# ...and for real under $T/root, hf-auth being this build's: the snippet
# loads the hook in interactive bash and zsh (not in POSIX mode), and does
# nothing elsewhere, silently.
run make -s -C "$HFA_SRC" install-profile PREFIX="$T/root" SYSCONFDIR="$T/root/etc" \
    BINDIR="$(dirname "$REAL")"
assert_rc 0
SNIPPET=$T/root/etc/profile.d/hf-auth.sh
run bash --norc --noprofile -i -c '. "$1"; type -t hf-switch; hf-switch work; echo "$HF_TOKEN"' - "$SNIPPET"
assert_out_eq "function
$TOK_WORK
"
assert_err_lacks "_hfa"
run zsh -f -i -c '. "$1"; whence -w hf-switch; hf-switch personal; echo "$HF_TOKEN"' - "$SNIPPET"
assert_out_eq "hf-switch: function
$TOK_PERSONAL
"
run fish --no-config -c "source '$T/root/share/hf-auth/hf-auth.fish'; hf-switch work; echo \$HF_TOKEN"
assert_out_eq "$TOK_WORK
"
for sh in "bash --norc --noprofile" "bash --norc --noprofile -l" "bash --norc --noprofile --posix -i" \
          "zsh -f" "dash" "dash -i"; do
    # shellcheck disable=SC2086 # the shell and its options
    run $sh -c '. "$1"; command -v hf-switch || echo none' - "$SNIPPET"
    assert_rc 0
    assert_out_eq "none
"
    assert_err_lacks "hf"
done
