#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/shell/test-hook-completion.sh - completion without the hook, in
# real bash, zsh and fish terminals: the completion files as `make
# install-hooks` puts them, found where each shell looks (bash-completion's
# completions/ folder through XDG_DATA_DIRS, loaded at the first TAB; a
# zsh $fpath folder, autoloaded by compinit; fish's vendor_completions.d
# through XDG_DATA_DIRS), and `hf-auth completion SHELL` loaded as its
# help says.  `hf-auth sw<TAB>` completes to switch, `hf-auth switch
# <TAB><TAB>` lists the stored names, `hf-auth switch p<TAB>` completes
# the name, and the line switches.  No hook function is defined.
# shellcheck disable=SC2016 # code in single quotes runs in other shells
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/shell/shlib.sh"
[ -r /usr/share/bash-completion/bash_completion ] ||
    skip "bash-completion is not installed (make deps)"

REAL=$(realpath "$HF_AUTH")
unset MAKEFLAGS MAKELEVEL MFLAGS
run make -s -C "$HFA_SRC" install-hooks PREFIX="$T/root" SYSCONFDIR="$T/root/etc" \
    BINDIR="$(dirname "$REAL")"
assert_rc 0
mkdir -p "$T/bin"
ln -s "$HF_AUTH" "$T/bin/hf-auth"
export PATH=$T/bin:$PATH

for how in installed printed; do
    for sh in bash zsh fish; do
        store personal "$TOK_PERSONAL" work "$TOK_WORK"
        activate "$TOK_WORK"
        case $sh/$how in
        bash/installed) shell=$BASH_I
            setup="PS1='R''DY> '; export XDG_DATA_DIRS=$T/root/share; . /usr/share/bash-completion/bash_completion" ;;
        bash/printed) shell=$BASH_I
            setup="PS1='R''DY> '; eval \"\$(hf-auth completion bash)\"" ;;
        zsh/installed) shell=$ZSH_I
            setup="PS1='R''DY> '; fpath=($T/root/share/zsh/vendor-completions \$fpath); autoload -Uz compinit; compinit -u -d ~/.zcompdump" ;;
        zsh/printed) shell=$ZSH_I
            setup="PS1='R''DY> '; autoload -Uz compinit; compinit -u -d ~/.zcompdump; eval \"\$(hf-auth completion zsh)\"" ;;
        # --no-config leaves fish without a completion path: a config-less
        # home instead.
        fish/installed) shell="env XDG_DATA_DIRS=$T/root/share XDG_CONFIG_HOME=$T/cfg fish -i"
            setup="function fish_prompt; printf 'R''DY> '; end" ;;
        fish/printed) shell=$FISH_I
            setup="function fish_prompt; printf 'R''DY> '; end; hf-auth completion fish | source" ;;
        esac
        # bash lists the candidates at the second TAB on the same word.
        list_tabs='\t'
        [ $sh = bash ] && list_tabs='\t\t'
        # shellcheck disable=SC2086 # the shell and its options
        pty $shell <<EOF
>$setup\r
?RDY> 
>hf-auth sw\t$list_tabs
?personal(.|\n)*work
>\x15\r
?RDY> 
>hf-auth sw\tp\t 2>/dev/null; echo E''ND\r
?END\r
?RDY> 
>type hf-switch >/dev/null 2>&1 || echo no-h''ook\r
?no-hook\r
?RDY> 
>exit\r
EOF
        echo "--- $sh $how"
        assert_file_eq "$HF_DIR/token" "$TOK_PERSONAL"
    done
done
