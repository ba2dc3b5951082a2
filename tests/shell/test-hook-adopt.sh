#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/shell/test-hook-adopt.sh - a second path to the same secret decides
# as strictly as the first (docs/security.md, "Untrusted text"): in bash,
# zsh and fish the hook takes a token file only when pam_hfauth would
# (regular, not a symbolic link, the user's, not writable by group or
# others, 4096 bytes at most, a token once cleaned: no NUL, no '='), at load
# and when the file changes under a prompt or before a command; and it never
# exports a token the module refused in this session (HFAUTH_REFUSED) until
# hf-switch or hf-login.  Reads are bounded in bytes whatever the content: a
# 200 MB sparse file of zeros (bash's read -N skips NULs and read it whole,
# seconds per prompt) leaves prompts prompt (20 prompts within the 20 s hang
# guard) and is not adopted, through a terminal too.
# shellcheck disable=SC2016,SC2119 # code in single quotes runs in other shells
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/shell/shlib.sh"

store ci "$TOK_CI" personal "$TOK_PERSONAL" work "$TOK_WORK"
activate "$TOK_WORK"
export HF_DIR T

# spoil KIND: the active token file becomes one the module refuses, each
# holding (or pointing to) a good token, so only the check can refuse it.
cat >"$T/spoil" <<EOF
set -eu
f=\$HF_DIR/token
rm -f "\$f"
case \$1 in
group-writable) printf %s $TOK_PERSONAL >"\$f"; chmod 620 "\$f" ;;
world-writable) printf %s $TOK_PERSONAL >"\$f"; chmod 602 "\$f" ;;
symlink) printf %s $TOK_PERSONAL >"\$T/good"; chmod 600 "\$T/good"; ln -s "\$T/good" "\$f" ;;
not-owned) printf %s $TOK_PERSONAL >"\$f"; chmod 600 "\$f"; chown 65534 "\$f" ;;
nul-inside) printf '$TOK_PERSONAL\\0x' >"\$f"; chmod 600 "\$f" ;;
nul-after) printf '$TOK_PERSONAL\\0' >"\$f"; chmod 600 "\$f" ;;
nul-before) printf '\\0$TOK_PERSONAL' >"\$f"; chmod 600 "\$f" ;;
equals) printf 'hf_a=b' >"\$f"; chmod 600 "\$f" ;;
over-4096) { printf %s $TOK_PERSONAL; head -c 4080 /dev/zero | tr '\\0' ' '; } >"\$f"; chmod 600 "\$f" ;;
sparse) truncate -s 200M "\$f"; chmod 600 "\$f" ;;
good) printf %s $TOK_CI >"\$f"; chmod 600 "\$f" ;;
esac
EOF
KINDS="group-writable world-writable symlink nul-inside nul-after nul-before equals over-4096 sparse"
[ "$(id -u)" = 0 ] && KINDS+=" not-owned"
# The check runs only when the file's content changed (a chmod alone is
# seen at the next change): a refused file stays refused at the next
# prompts, and a good file written afterwards is taken.
for sh in bash zsh fish; do
    prompt=_hfa_prompt preexec=_hfa_preexec
    [ $sh = fish ] && prompt=__hfa_prompt preexec='emit fish_preexec'
    for kind in $KINDS; do
        rm -f "$HF_DIR/token"
        activate "$TOK_WORK"
        in_$sh "bash $T/spoil $kind; $prompt; $prompt; echo \$HF_TOKEN
bash $T/spoil good; $prompt; echo \$HF_TOKEN
bash $T/spoil $kind; $preexec; echo \$HF_TOKEN"
        echo "--- $sh $kind"
        assert_out_eq "$TOK_WORK
$TOK_CI
$TOK_CI
"
        assert_err_eq ""
        # At load, with no HF_TOKEN: not exported either.
        rm -f "$HF_DIR/token"
        bash "$T/spoil" "$kind"
        if [ $sh = fish ]; then
            in_fish 'set -q HF_TOKEN; and echo $HF_TOKEN; or echo "<unset>"'
        else
            in_$sh 'echo "${HF_TOKEN-<unset>}"'
        fi
        assert_out_eq "<unset>
"
        assert_err_eq ""
    done
done
rm -f "$HF_DIR/token"

# Bounded in bytes: 20 prompts over a 200 MB sparse file within the hang
# guard, in each shell and in zsh's fallback reader (read -k), whose count
# includes NULs.
truncate -s 200M "$T/sparse"
chmod 600 "$T/sparse"
export HF_TOKEN_PATH=$T/sparse
for sh in bash zsh; do
    HF_TOKEN=$TOK_WORK in_$sh 'for i in {1..20}; do _hfa_prompt; _hfa_preexec; done; echo $HF_TOKEN'
    assert_rc 0
    assert_out_eq "$TOK_WORK
"
done
HF_TOKEN=$TOK_WORK in_fish 'for i in (seq 20); __hfa_prompt; emit fish_preexec; end; echo $HF_TOKEN'
assert_rc 0
assert_out_eq "$TOK_WORK
"
printf hf_x >"$T/x"
chmod 600 "$T/x"
HF_TOKEN_PATH=$T/x run timeout 20 zsh -f -c 'zmodload() { return 1 }
eval "$("$HF_AUTH" init zsh)"
unfunction zmodload
[[ $_hfa_rd[1] == read ]] || exit 1
echo $HF_TOKEN; export HF_TOKEN_PATH=$T/sparse
repeat 20 _hfa_prompt; echo $HF_TOKEN'
assert_rc 0
assert_out_eq "hf_x
hf_x
"
# Typed in terminals: the prompts come back, HF_TOKEN unchanged.
for sh in bash zsh fish; do
    case $sh in
    bash) shell=$BASH_I; setup="PS1='R''DY> '; eval \"\$(\"\$HF_AUTH\" init bash)\"" ;;
    zsh) shell=$ZSH_I; setup="PS1='R''DY> '; eval \"\$(\"\$HF_AUTH\" init zsh)\"" ;;
    fish) shell=$FISH_I; setup="function fish_prompt; printf 'R''DY> '; end; \$HF_AUTH init fish | source" ;;
    esac
    # shellcheck disable=SC2086 # the shell and its options
    HF_TOKEN=$TOK_WORK pty --timeout 20 $shell <<EOF
>$setup\r
?RDY> 
>\r
?RDY> 
>\r
?RDY> 
>printf '%s\n' "\$HF_TOKEN" >$T/sparse.$sh\r
?RDY> 
>exit\r
EOF
    assert_file_eq "$T/sparse.$sh" "$TOK_WORK
"
done
unset HF_TOKEN_PATH

# HFAUTH_REFUSED: the module refused the file or the Hub rejected the
# token.  The hook does not export the file's token at load or when it
# changes, until hf-switch or hf-login (which lift the marker); hf-logout
# lifts it only when no token is left active.
start_fakehub
STEPS='s load
"$HF_AUTH" switch personal 2>/dev/null; PROMPT; s elsewhere
hf-logout --token-name ci 2>/dev/null; s logout-other
hf-switch work 2>/dev/null; s hf-switch
"$HF_AUTH" switch personal 2>/dev/null; PROMPT; s followed'
EXPECTED="load <unset> file
elsewhere <unset> file
logout-other <unset> file
hf-switch $TOK_WORK <unset>
followed $TOK_PERSONAL <unset>
"
LOGIN_STEPS='s load
hf-login --token "$1" 2>/dev/null; s hf-login
PROMPT; s prompt'
LOGIN_EXPECTED="load <unset> rejected
hf-login $TOK_CI <unset>
prompt $TOK_CI <unset>
"
LOGOUT_STEPS='s load
hf-logout 2>/dev/null; s logout-all
"$HF_AUTH" login --token "$1" 2>/dev/null; PROMPT; s followed'
LOGOUT_EXPECTED="load <unset> file
logout-all <unset> <unset>
followed $TOK_CI <unset>
"
refused_check() {   # SHELL STEPS EXPECTED MARKER
    local sh=$1 steps=$2 show
    store ci "$TOK_CI" personal "$TOK_PERSONAL" work "$TOK_WORK"
    activate "$TOK_WORK"
    if [ "$sh" = fish ]; then
        steps=${steps//PROMPT/__hfa_prompt}
        steps=${steps//\"\$1\"/\$argv[1]}
        show='function s; set -q HF_TOKEN; and set -l t $HF_TOKEN; or set -l t "<unset>"
set -q HFAUTH_REFUSED; and set -l m $HFAUTH_REFUSED; or set -l m "<unset>"; echo $argv $t $m; end'
    else
        steps=${steps//PROMPT/_hfa_prompt}
        show='s() { echo "$1 ${HF_TOKEN-<unset>} ${HFAUTH_REFUSED-<unset>}"; }'
    fi
    HFAUTH_REFUSED=$4 in_"$sh" "$show
$steps" "$TOK_CI"
    echo "--- $sh refused $4"
    assert_rc 0
    assert_out_eq "$3"
    assert_err_eq ""
}
for sh in bash zsh fish; do
    refused_check $sh "$STEPS" "$EXPECTED" file
    refused_check $sh "$LOGIN_STEPS" "$LOGIN_EXPECTED" rejected
    refused_check $sh "$LOGOUT_STEPS" "$LOGOUT_EXPECTED" file
done
