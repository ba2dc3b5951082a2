#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/faults/test-kill-write.sh - hf-auth killed (SIGKILL) at every step
# of its writes (docs/security.md, "The store": "a process killed at any
# step of a write leaves the old or the new file, never a torn or empty
# one"; "Concurrency": "a writer killed while holding it does not block the
# next").
#
# For login (a new entry, made active), switch, logout --token-name of the
# active and of another entry, logout, and the refresh of an expiring
# OAuth token: strace lists every system call that touches the store
# folder; then for each one that changes something (the temporary file's
# create, write and fsync, the rename, the folder's fsync, unlink) the
# command runs again from the same start and is killed by strace at that
# very call.  After each kill:
#   - stored_tokens and token each hold exactly their old or their new
#     bytes (or are missing where the old or new state has none);
#   - a temporary file left behind is a 0600 regular file;
#   - the next commands work at once (the dead writer's lock is gone):
#     list, then a login;
#   - once the next command (list) has run, the token file, when there is
#     one, holds a token stored_tokens holds (else the name cannot be
#     listed, switched to, logged out of or refreshed); after a killed
#     refresh, the next `hf-auth token` gives a token the Hub accepts.
# Finally a store where a killed write left a temporary file, after a
# later login and a full logout, must hold no token anywhere.
# The last two kinds of failure are listed together at the end.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"
. "$HFA_SRC/tests/faults/faultlib.sh"
need_strace
start_fakehub
# A lock left held would make the next command wait and fail: 2 s is
# plenty for a free one, even under ASan.
export HFAUTH_LOCK_TIMEOUT=2
ST=$HF_DIR/stored_tokens
TK=$HF_DIR/token

run "$HF_AUTH" login --token "$TOK_WORK"
assert_rc 0
run "$HF_AUTH" login --token "$TOK_PERSONAL"
assert_rc 0
state_save base

# The token file, when there is one, holds a token stored_tokens holds:
# else it can be neither listed, switched back to, logged out of by name,
# nor refreshed.
coherent() {
    [ ! -e "$TK" ] || grep -qxF "hf_token = $(cat "$TK")" "$ST" 2>/dev/null
}
# After a refresh: each file as before, or as a refresh leaves it (the
# OAuth entry with an access token the Hub issued and a later expiry,
# everything else the same; the token file that access token).
refresh_old_or_new() {   # OLD-STATE-DIR
    $PY - "$1" "$HF_DIR" "$FAKEHUB_DIR/issued.json" <<'EOF'
import configparser, json, os, sys
old, cur, issued = sys.argv[1:4]
access = set(json.load(open(issued))["access"])
def read(d, name):
    p = os.path.join(d, name)
    return open(p, encoding="utf-8").read() if os.path.exists(p) else None
def ini(text):
    c = configparser.ConfigParser(interpolation=None)
    c.read_string(text)
    return {s: dict(c[s]) for s in c.sections()}
ok = True
s_old, s_cur = read(old, "stored_tokens"), read(cur, "stored_tokens")
if s_cur != s_old:
    a, b = ini(s_old), ini(s_cur)
    oa, ob = a.pop("oauth-alice"), b.pop("oauth-alice")
    if not (a == b and ob["hf_token"] in access and ob["hf_token"] != oa["hf_token"]
            and ob["refresh_token"] == oa["refresh_token"]
            and int(ob["expires_at"]) > int(oa["expires_at"]) and set(oa) == set(ob)):
        print("stored_tokens is neither old nor refreshed:", s_cur, file=sys.stderr)
        ok = False
t_old, t_cur = read(old, "token"), read(cur, "token")
if t_cur != t_old and t_cur not in access:
    print("token is neither old nor a refreshed token:", t_cur, file=sys.stderr)
    ok = False
sys.exit(0 if ok else 1)
EOF
}
PROBLEMS=
kills=0
kill_every_step() {   # LABEL BASE-STATE HF-AUTH-ARGS...
    local label=$1 base=$2 sys when kind target temps f mode; shift 2
    state_load "$base"
    plan_steps "$HF_AUTH" "$@" >"$T/plan" || fail "$label: cannot read the trace"
    [ "$PLAN_RC" = 0 ] || fail "$label: exit $PLAN_RC without a fault: $(cat "$T/plan.err")"
    state_save new
    [ -s "$T/plan" ] || fail "$label: no step touched $HF_DIR"
    grep -q ' rename ' "$T/plan" || [ "$label" = logout ] ||
        fail "$label: no rename in the plan: $(cat "$T/plan")"
    while read -r sys when kind target; do
        # Opening the lock, a file to read or the folder changes nothing:
        # a kill there leaves what a kill at the next step leaves.
        case $kind in open-*) continue ;; esac
        state_load "$base"
        traced -e "inject=$sys:signal=SIGKILL:when=$when" -- "$HF_AUTH" "$@"
        [ "$RC" = 137 ] ||
            fail "$label: not killed at $sys #$when ($kind $target): exit $RC (the plan drifted)"
        kills=$((kills + 1))
        if [ "$label" = refresh ]; then
            # Each refresh gets a new access token: "new" is a shape.
            refresh_old_or_new "$T/state.$base" ||
                fail "$label, killed at $sys #$when ($kind ${target##*/}): a file is neither old nor new"
        else
            file_is "$ST" "$T/state.$base/stored_tokens" "$T/state.new/stored_tokens" ||
                fail "$label, killed at $sys #$when ($kind ${target##*/}): stored_tokens is neither old nor new: [$(cat "$ST" 2>&1)]"
            file_is "$TK" "$T/state.$base/token" "$T/state.new/token" ||
                fail "$label, killed at $sys #$when ($kind ${target##*/}): token is neither old nor new: [$(cat "$TK" 2>&1)]"
        fi
        # Two files cannot change at one instant: between the commit of
        # stored_tokens and the staged token file's rename (lib/store.c) the
        # token file may lag.  The promise is that the next hf-auth command,
        # reader or writer, finishes or undoes the change before it looks.
        was="stored_tokens $(file_is "$ST" "$T/state.$base/stored_tokens" && echo old || echo new), token $(file_is "$TK" "$T/state.$base/token" && echo old || echo new)"
        run "$HF_AUTH" list --format names
        [ "$RC" = 0 ] || fail "$label, killed at $sys #$when ($kind): list then exits $RC: $ERR"
        coherent || PROBLEMS="$PROBLEMS
  - $label, killed at $sys #$when ($kind ${target##*/}): after the next command, the token file holds a token stored_tokens does not hold (right after the kill: $was)"
        if [ "$label" = refresh ]; then
            # What the next use gives is a token the Hub accepts.
            run "$HF_AUTH" token
            [ "$RC" = 0 ] || fail "refresh killed at $sys #$when: token then exits $RC: $ERR"
            run env HF_TOKEN="${OUT%$'\n'}" "$HF_AUTH" whoami
            [ "$RC" = 0 ] || fail "refresh killed at $sys #$when: the next token is refused: $ERR"
            coherent || PROBLEMS="$PROBLEMS
  - refresh killed at $sys #$when ($kind ${target##*/}): still after the next \`hf-auth token\`"
        fi
        temps=$(find "$HF_DIR" -maxdepth 1 -name '.*.tmp*')
        for f in $temps; do
            mode=$(stat -c '%F %a' "$f")
            [ "$mode" = "regular file 600" ] || [ "$mode" = "regular empty file 600" ] ||
                fail "$label, killed at $sys #$when: temporary file $f is $mode"
        done
        # The next commands: no wait on the dead writer's lock.
        run "$HF_AUTH" list --format names
        [ "$RC" = 0 ] || fail "$label, killed at $sys #$when ($kind): list then exits $RC: $ERR"
        run "$HF_AUTH" login --token "$TOK_CI"
        [ "$RC" = 0 ] || fail "$label, killed at $sys #$when ($kind): login then exits $RC: $ERR"
        assert_err_has "Token saved as 'ci token'"
    done <"$T/plan"
}

kill_every_step "login" base login --token "$TOK_CI"
kill_every_step "switch" base switch work
kill_every_step "logout of the active name" base logout --token-name personal
kill_every_step "logout of another name" base logout --token-name work
kill_every_step "logout" base logout

# The refresh of an expiring OAuth token rewrites both files too (under
# the lock).  A browser login makes one; its expiry is then brought within
# the day, so that `hf-auth token` refreshes it.  The Hub does not rotate
# refresh tokens here, so that every run from the same start may refresh.
hub_oauth '{"interval": 1, "rotate": false}'
state_load base
run "$HF_AUTH" login --force
assert_rc 0
assert_err_has "Token saved as 'oauth-alice'"
sed -i "s/^expires_at = .*/expires_at = $(( $(date +%s) + 3600 ))/" "$ST"
grep -q "^expires_at = " "$ST" || fail "no expires_at in $(cat "$ST")"
state_save oauth
run "$HF_AUTH" token
assert_rc 0
assert_err_has "Refreshed the OAuth token"
kill_every_step "refresh" oauth token

[ "$kills" -ge 30 ] || fail "only $kills kill points"
echo "killed at $kills steps; every file old or new, every next command fine"

# --- what a killed write leaves behind ------------------------------------
# Killed at the rename of stored_tokens, the temporary file holds every
# token.  Later commands (under the same lock) are the only ones that can
# clear it: after a login and `hf-auth logout` (which removes the active
# token file and stored_tokens), no token may remain in the folder.
state_load base
traced -e inject=rename:signal=SIGKILL:when=1 -- "$HF_AUTH" login --token "$TOK_CI"
assert_rc 137
orphans=$(find "$HF_DIR" -maxdepth 1 -name '.*.tmp*' | tr '\n' ' ')
run "$HF_AUTH" login --token "$TOK_CI"
assert_rc 0
run "$HF_AUTH" logout
assert_rc 0
assert_missing "$ST"
assert_missing "$TK"
left=$(no_token_left "$HF_DIR" "$TOK_WORK" "$TOK_PERSONAL" "$TOK_CI") ||
    PROBLEMS="$PROBLEMS
  - after \`hf-auth logout\`, tokens remain in a temporary file a killed write left ($orphans): $left"

[ -z "$PROBLEMS" ] || fail "after a kill:$PROBLEMS"

echo "test-kill-write: all passed"
