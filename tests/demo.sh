#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/demo.sh - `make demo`: hf-auth end to end against the bundled fake
# Hub on 127.0.0.1, in a throw-away HOME, showing each command as a user
# would type it.  Nothing outside a temporary folder is touched.
set -eu
HFA_SRC=$(cd "$(dirname "$0")/.." && pwd)
HFA_BUILD=${HFA_BUILD:-$HFA_SRC/build}
export HFA_SRC HFA_BUILD
. "$HFA_SRC/tests/lib.sh"
start_fakehub
export PATH=$HFA_BUILD:$PATH
git config --global credential.helper store

show() {
    printf '\n\033[1m$ %s\033[0m\n' "$*"
    eval "$@" 2>&1 || echo "(exit $?)"
}

echo "Fake Hub on $HF_ENDPOINT; HOME=$HOME"
show "echo $TOK_WORK | hf-auth login --token-stdin --add-to-git-credential"
show "echo $TOK_PERSONAL | hf-auth login --token-stdin"
show "echo $TOK_BAD | hf-auth login --token-stdin"
show "hf-auth list"
show "hf-auth whoami"
show "hf-auth switch work"
show "hf-auth token"
show 'eval "$(hf-auth switch --export bash personal)"; echo "HF_TOKEN is now ${HF_TOKEN:0:3}****${HF_TOKEN: -4}"; unset HF_TOKEN'
show "bash --norc -c 'eval \"\$(hf-auth init bash)\"; hf-switch work; echo \"HF_TOKEN in this shell: \${HF_TOKEN:0:3}****\${HF_TOKEN: -4}\"'"
echo '{"interval": 1, "pending": 1}' >"$FAKEHUB_DIR/oauth.json"
echo; echo "(The fake Hub approves the browser login by itself after one poll.)"
show "hf-auth login < /dev/null    # no token, no terminal: the browser login"
show "hf-auth list"
show "hf-auth switch work"
show "hf-auth status"
show "cat ~/.cache/huggingface/stored_tokens"
show "hf-auth logout --token-name personal"
show "hf-auth list"
show "hf-auth logout"
echo
echo "Demo done: every file it wrote was under $T and is now removed."
