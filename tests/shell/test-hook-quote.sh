#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/shell/test-hook-quote.sh - completion is code (docs/security.md,
# "Untrusted text"): stored token names holding quotes, $(...), backquotes
# and ';' are completed with TAB in real bash, zsh and fish terminals, after
# an opened ' or " and with none, for hf-switch, `hf-auth switch` and
# `hf-auth logout --token-name`; each line is then run.  No payload may ever
# run, and each name, hostile or safe, must reach hf-auth exactly (the
# switch makes its token active, the logout removes it).  bash inserts what
# it is given, so it must write each name for the quote the user opened; zsh
# and fish quote for it themselves.
# shellcheck disable=SC2016 # code in single quotes runs in other shells
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/shell/shlib.sh"

# One name per first letter, so that the letter and TAB complete it alone.
NAMES=(
    "safe name"
    "a \"\$(touch $PWNED-a)\" x"
    "b '\$(touch $PWNED-b)' y"
    "c \`touch $PWNED-c\` z"
    "d; touch $PWNED-d"
    "e' ; touch $PWNED-e ; '"
    "f\" ; touch $PWNED-f ; \""
    "g\\\" \$(touch $PWNED-g) \\'"
)
printf '%s\n' "${NAMES[@]}" >"$T/names"
restore() {
    local i args=()
    for i in "${!NAMES[@]}"; do
        args+=("${NAMES[i]}" "hf_quoteToken$i")
    done
    store "${args[@]}"
    activate hf_quoteToken0
}
restore
cp "$HF_DIR/stored_tokens" "$T/stored_tokens.start"
export HF_DIR T
# check.sh switch|logout I: the line made name I active, or removed it;
# then the store is as at the start again.
cat >"$T/check.sh" <<'EOF'
set -u
name=$(sed -n "$(($2 + 1))p" "$T/names")
if [ "$1" = switch ]; then
    got=$(cat "$HF_DIR/token")
    [ "$got" = "hf_quoteToken$2" ] || { echo "switch [$name]: active is [$got]"; exit 1; }
else
    "$HF_AUTH" list --format names | grep -qxF -- "$name" &&
        { echo "logout [$name]: still stored"; exit 1; }
fi
cp "$T/stored_tokens.start" "$HF_DIR/stored_tokens"
printf hf_quoteToken0 >"$HF_DIR/token"
EOF

mkdir -p "$T/bin"
ln -s "$HF_AUTH" "$T/bin/hf-auth"
export PATH=$T/bin:$PATH
letters=(s a b c d e f g)
for sh in bash zsh fish; do
    case $sh in
    bash) shell=$BASH_I; setup="PS1='R''DY> '; eval \"\$(hf-auth init bash)\"" ;;
    zsh) shell=$ZSH_I
         setup="PS1='R''DY> '; eval \"\$(hf-auth init zsh)\"; autoload -Uz compinit; compinit -u -d ~/.zcompdump" ;;
    fish) shell=$FISH_I
          setup="function fish_prompt; printf 'R''DY> '; end; hf-auth init fish | source" ;;
    esac
    script=">$setup\\r
?RDY> "
    for cmd in "hf-switch" "hf-auth switch" "hf-auth logout --token-name"; do
        check=switch
        [[ $cmd == *logout* ]] && check=logout
        for quote in '' "'" '"'; do
            for i in "${!letters[@]}"; do
                # Every name with hf-switch; the quote breakers with the rest.
                [[ $cmd == hf-switch || ${letters[i]} == [safe] ]] || continue
                # E''ND, as typed, is not END, which only the line prints
                # once done (readline may redraw the prompt before).
                script+="
>$cmd $quote${letters[i]}\\t 2>/dev/null; echo E''ND\\r
?END\\r
?RDY> 
!bash $T/check.sh $check $i"
            done
        done
    done
    script+="
>exit\\r"
    # shellcheck disable=SC2086 # the shell and its options
    pty --timeout 20 $shell <<<"$script"
    assert_not_pwned
done
