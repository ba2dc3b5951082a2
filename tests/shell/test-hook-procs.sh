#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/shell/test-hook-procs.sh - the prompt hook starts no process when
# nothing changed: strace counts process creations (clone, fork, vfork,
# execve) of an interactive bash and zsh over 20 prompts, between two
# marker files the shell opens; it must be zero, while the token file was
# read at each prompt (the hook did run) and /bin/true, run after the
# window, is seen (the count can see a process).
# Then bash follows two switches made elsewhere, one adopted at the empty
# line's prompt, the other just before the next command line: with the
# loadable stat builtin (bash-builtins), no process either, and `stat`
# still the command afterwards; with the hook's copy of its path made to
# miss, one process (the stat command) per changed file.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/shell/shlib.sh"
command -v strace >/dev/null || skip "strace is not installed (make deps)"

store work "$TOK_WORK"
activate "$TOK_WORK"
: >"$T/mark-start"
: >"$T/mark-end"
: >"$T/mark2-start"
: >"$T/mark2-end"
prompts=$(for _ in $(seq 20); do printf '>\\r\n?RDY> \n'; done)
lines=$(for _ in $(seq 10); do printf '>: a; : b; : c\\r\n?RDY> \n'; done)

for sh in bash zsh; do
    shell=$BASH_I
    [ $sh = zsh ] && shell=$ZSH_I
    more=
    [ $sh = bash ] && more="PROMPT_COMMAND=(': one' ': two'); "
    # shellcheck disable=SC2086 # the shell and its options
    pty strace -f -qq -o "$T/strace.$sh" \
        -e trace=clone,clone3,fork,vfork,execve,execveat,openat $shell <<EOF
>PS1='R''DY> '; ${more}eval "\$("\$HF_AUTH" init $sh)"\r
?RDY> 
>: <$T/mark-start\r
?RDY> 
$prompts
>: <$T/mark-end\r
?RDY> 
>: <$T/mark2-start\r
?RDY> 
$lines
>: <$T/mark2-end\r
?RDY> 
>/bin/true\r
?RDY> 
>exit\r
EOF
    counts=$(awk -v start="\"$T/mark-start\"" -v end="\"$T/mark-end\"" \
                 -v token="\"$HF_DIR/token\"" '
        index($0, start) { window = 1; next }
        index($0, end) { window = 0; after = 1; next }
        window && /(clone|clone3|fork|vfork|execve|execveat)\(/ { procs++ }
        window && index($0, token) { reads++ }
        after && /execve\(/ { later++ }
        END { print procs + 0, reads + 0, later + 0 }' "$T/strace.$sh")
    read -r procs reads later <<<"$counts"
    [ "$procs" = 0 ] || fail "$sh started $procs processes in 20 prompts: $(
        awk -v s="\"$T/mark-start\"" 'index($0, s) { w = 1 } w && /(clone|fork|execve)/' "$T/strace.$sh" | head -n 5)"
    [ "$reads" -ge 20 ] || fail "$sh read the token file $reads times in 20 prompts"
    [ "$later" -ge 1 ] || fail "strace saw no execve of /bin/true in $sh"
    counts=$(awk -v start="\"$T/mark2-start\"" -v end="\"$T/mark2-end\"" \
                 -v token="\"$HF_DIR/token\"" '
        index($0, start) { window = 1; next }
        index($0, end) { window = 0; next }
        window && /(clone|clone3|fork|vfork|execve|execveat)\(/ { procs++ }
        window && index($0, token) { reads++ }
        END { print procs + 0, reads + 0 }' "$T/strace.$sh")
    read -r procs reads <<<"$counts"
    [ "$procs" = 0 ] || fail "$sh started $procs processes in 10 command lines"
    # The prompt after the start marker; the 10 lines, each checked before
    # it runs and at the prompt after it; the end marker's line, checked
    # before it opens the marker.
    [ "$reads" = 22 ] || fail "$sh read the token file $reads times for 10 lines (22 expected)"
done

# switched NAME HOOK-CODE: one bash that loads the hook with HOOK-CODE,
# then two switches made elsewhere inside the window, each seen by the
# line after it; prints the process creations (clone, fork, vfork) and the
# execve calls in the window.
switched() {
    local name=$1 load=$2
    : >"$T/switch-start"
    : >"$T/switch-end"
    activate "$TOK_WORK"
    # shellcheck disable=SC2086 # the shell and its options
    pty strace -f -qq -o "$T/strace.$name" \
        -e trace=clone,clone3,fork,vfork,execve,execveat,openat $BASH_I <<EOF
>PS1='R''DY> '; $load\r
?RDY> 
>: <$T/switch-start\r
?RDY> 
!printf %s $TOK_PERSONAL >$HF_DIR/token
>\r
?RDY> 
>echo "T1=\$HF_TOKEN"\r
?T1=$TOK_PERSONAL\r
?RDY> 
!printf %s $TOK_CI >$HF_DIR/token
>echo "T2=\$HF_TOKEN" <$T/switch-end\r
?T2=$TOK_CI\r
?RDY> 
>type -t stat; echo E''ND\r
?file\r\nEND\r
?RDY> 
>exit\r
EOF
    awk -v start="\"$T/switch-start\"" -v end="\"$T/switch-end\"" '
        index($0, start) { window = 1; next }
        index($0, end) { window = 0; next }
        window && /(clone|clone3|fork|vfork)\(/ { procs++ }
        window && /(execve|execveat)\(/ { execs++ }
        END { print procs + 0, execs + 0 }' "$T/strace.$name"
}
[ -f /usr/lib/bash/stat ] ||
    skip "bash-builtins is not installed (make deps): no proof that bash follows a switch with no process"
# shellcheck disable=SC2016 # expanded by the shell under test
counts=$(switched builtin 'eval "$("$HF_AUTH" init bash)"')
[ "$counts" = "0 0" ] ||
    fail "bash with the stat builtin: $counts (clones, execs) for two switches, 0 0 expected"
"$HF_AUTH" init bash | grep -q 'enable -f /usr/lib/bash/stat stat' ||
    fail "the bash hook no longer loads /usr/lib/bash/stat: the fallback below would prove nothing"
# shellcheck disable=SC2016 # expanded by the shell under test
counts=$(switched command 'eval "$("$HF_AUTH" init bash | sed "s|/usr/lib/bash/stat|/nonexistent/stat|")"')
[ "$counts" = "2 2" ] ||
    fail "bash without the stat builtin: $counts (clones, execs) for two switches, 2 2 expected"
