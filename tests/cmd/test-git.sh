#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/cmd/test-git.sh - --add-to-git-credential and logout with real git
# and its `store` helper (hf-auth(1), login): what lands in
# ~/.git-credentials, the warning without a helper, the token only ever on
# git's stdin (never its argv or environment), and a hanging git or helper
# stopped in bounded time with the token still saved (docs/security.md,
# "Shell hooks and the command").
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"
start_fakehub
REAL_GIT=$(command -v git) || skip "git is not installed"
CREDS=$HOME/.git-credentials
HOSTPORT_RE="127\.0\.0\.1(:|%3[aA])$FAKEHUB_PORT"

# What git itself answers for the Hub's URL (empty when it has nothing).
git_password() {
    printf 'protocol=http\nhost=127.0.0.1:%s\nusername=hf_user\n\n' "$FAKEHUB_PORT" |
        GIT_ASKPASS=/bin/false "$REAL_GIT" credential fill 2>/dev/null | sed -n 's/^password=//p'
}
creds_line_for() {   # TOKEN: ~/.git-credentials has the Hub line with it
    grep -Eqx "http://hf_user:$1@$HOSTPORT_RE" "$CREDS" ||
        fail "no line for the Hub with $1 in $CREDS: [$(cat "$CREDS" 2>/dev/null)]"
}

# --- no credential helper: a warning saying how, and the login stands ------
run "$HF_AUTH" login --token "$TOK_WORK" --add-to-git-credential
assert_rc 0
assert_out_empty
assert_err_has "warning: no git credential helper is configured"
assert_err_has "git config --global credential.helper store"
assert_err_has "Login successful"
assert_err_lacks_token "$TOK_WORK"
assert_file_eq "$HF_DIR/token" "$TOK_WORK"
assert_missing "$CREDS"
run "$HF_AUTH" switch work --add-to-git-credential
assert_rc 0
# login, switch and logout report git in one shape (hfa_git_result).
assert_err_has "warning: no git credential helper is configured, so the token was not given to git"
assert_missing "$CREDS"

# --- the store helper --------------------------------------------------------
"$REAL_GIT" config --global credential.helper store
run "$HF_AUTH" login --token "$TOK_WORK" --add-to-git-credential
assert_rc 0
assert_out_empty
assert_err_has "token saved in git credential helper(s): store"
assert_err_lacks "warning"
assert_err_lacks_token "$TOK_WORK"
creds_line_for "$TOK_WORK"
[ "$(wc -l <"$CREDS")" = 1 ] || fail "more than one line in $CREDS: $(cat "$CREDS")"
[ "$(git_password)" = "$TOK_WORK" ] || fail "git credential fill gives [$(git_password)]"
# Without the option, git is left alone.
run "$HF_AUTH" login --token "$TOK_CI"
assert_rc 0
creds_line_for "$TOK_WORK"

# switch --add-to-git-credential replaces the Hub's credential.
run "$HF_AUTH" switch "ci token" --add-to-git-credential
assert_rc 0
assert_out_empty
assert_err_has "token saved in git credential helper(s): store"
assert_err_lacks_token "$TOK_CI"
creds_line_for "$TOK_CI"
[ "$(wc -l <"$CREDS")" = 1 ] || fail "the old credential was not replaced: $(cat "$CREDS")"
[ "$(git_password)" = "$TOK_CI" ] || fail "git credential fill gives [$(git_password)]"
# --export and git together: stdout still holds only the shell code.
run "$HF_AUTH" switch work --add-to-git-credential --export bash
assert_rc 0
assert_out_eq "export HF_TOKEN='$TOK_WORK'
"
creds_line_for "$TOK_WORK"

# Logging out of a name that is not active keeps git's credential ...
run "$HF_AUTH" logout --token-name "ci token"
assert_rc 0
assert_err_lacks "Erased"
creds_line_for "$TOK_WORK"
# ... logging out of the active one erases it.
run "$HF_AUTH" logout --token-name work
assert_rc 0
assert_err_has "Erased the Hub credential from git."
[ -z "$(git_password)" ] || fail "git still has a credential for the Hub"
grep -q "hf_user" "$CREDS" && fail "the Hub line is still in $CREDS: $(cat "$CREDS")"

# logout (everything) erases it, and leaves other hosts' credentials alone.
printf 'https://someone:othersecret@example.org\n' >"$CREDS"
run "$HF_AUTH" login --token "$TOK_PERSONAL" --add-to-git-credential
assert_rc 0
creds_line_for "$TOK_PERSONAL"
run "$HF_AUTH" logout
assert_rc 0
assert_err_has "Erased the Hub credential from git."
[ -z "$(git_password)" ] || fail "git still has a credential for the Hub"
assert_file_eq "$CREDS" "https://someone:othersecret@example.org
"

# --- the token only on git's stdin -------------------------------------------
# A git first in PATH that logs its argv, /proc/self/cmdline and environment,
# then runs the real git; and a second helper that logs its own.
mkdir -p "$T/gitbin"
GITLOG=$T/git.log
export GITLOG
cat >"$T/gitbin/git" <<EOF
#!/bin/sh
{ printf 'git argv:'; printf ' [%s]' "\$@"; printf '\n'
  printf 'git cmdline: '; tr '\\0' ' ' </proc/\$\$/cmdline; printf '\n'
  printf 'git environ: '; tr '\\0' ' ' </proc/\$\$/environ; printf '\n'; } >>"\$GITLOG"
exec "$REAL_GIT" "\$@"
EOF
cat >"$T/gitbin/loghelper" <<'EOF'
#!/bin/sh
{ printf 'helper argv:'; printf ' [%s]' "$@"; printf '\n'
  printf 'helper cmdline: '; tr '\0' ' ' </proc/$$/cmdline; printf '\n'
  cat >/dev/null; } >>"$GITLOG"
EOF
chmod +x "$T/gitbin/git" "$T/gitbin/loghelper"
"$REAL_GIT" config --global --add credential.helper "$T/gitbin/loghelper"
export PATH="$T/gitbin:$PATH"
run_in "$TOK_WORK" "$HF_AUTH" login --token-stdin --add-to-git-credential
assert_rc 0
assert_err_has "token saved in git credential helper(s): store, $T/gitbin/loghelper"
creds_line_for "$TOK_WORK"
run "$HF_AUTH" login --token "$TOK_CI" --add-to-git-credential
assert_rc 0
creds_line_for "$TOK_CI"
run "$HF_AUTH" switch work --add-to-git-credential
assert_rc 0
run "$HF_AUTH" logout
assert_rc 0
grep -q '^git argv: \[credential\] \[approve\]$' "$GITLOG" || fail "git credential approve was not run: $(cat "$GITLOG")"
grep -q '^git argv: \[credential\] \[reject\]$' "$GITLOG" || fail "git credential reject was not run: $(cat "$GITLOG")"
grep -q '^helper argv: \[store\]$' "$GITLOG" || fail "the helper was not given the credential: $(cat "$GITLOG")"
grep -q '^helper argv: \[erase\]$' "$GITLOG" || fail "the helper was not asked to erase: $(cat "$GITLOG")"
for t in "$TOK_WORK" "$TOK_CI"; do
    grep -F -- "$t" "$GITLOG" && fail "a token reached git's or a helper's argv or environment"
done
export PATH=${PATH#"$T/gitbin:"}
"$REAL_GIT" config --global --unset-all credential.helper
"$REAL_GIT" config --global credential.helper store

# --- no git at all: a warning, the login stands --------------------------------
run env PATH=/nonexistent "$HF_AUTH" login --token "$TOK_PERSONAL" --add-to-git-credential
assert_rc 0
assert_err_has "warning:"
assert_err_has "git"
assert_file_eq "$HF_DIR/token" "$TOK_PERSONAL"

# --- git or a helper that hangs: stopped after HF_HUB_DOWNLOAD_TIMEOUT -----
# git_hangs WHEN: a git in PATH that records its pid, then sleeps 60 s when
# its first argument is WHEN (or always for "all").
mkdir -p "$T/hangbin"
cat >"$T/hangbin/git" <<EOF
#!/bin/sh
echo \$\$ >>"$T/hang.pids"
case "\$HANG_ON:\$1" in all:*|"\$HANG_ON:\$HANG_ON") exec sleep 60 ;; esac
exec "$REAL_GIT" "\$@"
EOF
chmod +x "$T/hangbin/git"
export HF_HUB_DOWNLOAD_TIMEOUT=1
timed() {   # runs `run ARGS...` and sets SECS to the whole seconds taken
    local start=$SECONDS
    run "$@"
    SECS=$((SECONDS - start))
}
# A killed process may stay a zombie for a moment until it is reaped (its
# parent died too): dead or zombie within 2 s counts as stopped.
running() {
    local state
    state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1) || return 1
    [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}
no_sleepers_left() {
    local pid
    for pid in $(cat "$T/hang.pids" 2>/dev/null); do
        for _ in $(seq 1 100); do running "$pid" || break; sleep 0.02; done
        running "$pid" && { kill "$pid"; fail "git (pid $pid) still runs after the command ended"; }
    done
    rm -f "$T/hang.pids"
}
for when in all credential; do
    rm -rf "$HF_DIR"
    timed env PATH="$T/hangbin:$PATH" HANG_ON=$when "$HF_AUTH" login --token "$TOK_CI" --add-to-git-credential
    assert_rc 0
    [ "$SECS" -le 4 ] || fail "login with a hanging git ($when) took ${SECS}s"
    assert_err_has "warning: git"
    assert_err_has "did not finish within 1.0 s"
    assert_err_has "Login successful"
    assert_err_lacks_token "$TOK_CI"
    assert_file_eq "$HF_DIR/token" "$TOK_CI"
    assert_file_eq "$HF_DIR/stored_tokens" "[ci token]
hf_token = $TOK_CI

"
    no_sleepers_left
done
timed env PATH="$T/hangbin:$PATH" HANG_ON=credential "$HF_AUTH" switch "ci token" --add-to-git-credential
assert_rc 0
[ "$SECS" -le 4 ] || fail "switch with a hanging git took ${SECS}s"
assert_err_has "warning: git credential did not finish within 1.0 s and was stopped"
assert_file_eq "$HF_DIR/token" "$TOK_CI"
no_sleepers_left
timed env PATH="$T/hangbin:$PATH" HANG_ON=credential "$HF_AUTH" logout
assert_rc 0
[ "$SECS" -le 4 ] || fail "logout with a hanging git took ${SECS}s"
assert_err_has "warning: could not erase the Hub credential from git"
assert_missing "$HF_DIR/token"
assert_missing "$HF_DIR/stored_tokens"
no_sleepers_left

# A credential helper that hangs (git's child): the whole group is stopped.
cat >"$T/hangbin/hanghelper" <<EOF
#!/bin/sh
echo \$\$ >>"$T/hang.pids"
exec sleep 60
EOF
chmod +x "$T/hangbin/hanghelper"
"$REAL_GIT" config --global credential.helper "$T/hangbin/hanghelper"
timed "$HF_AUTH" login --token "$TOK_WORK" --add-to-git-credential
assert_rc 0
[ "$SECS" -le 4 ] || fail "login with a hanging helper took ${SECS}s"
assert_err_has "did not finish within 1.0 s"
assert_file_eq "$HF_DIR/token" "$TOK_WORK"
[ -s "$T/hang.pids" ] || fail "the hanging helper never ran"
no_sleepers_left

echo "test-git: all passed"
