#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/faults/test-write-errors.sh - a write of the store failing at each
# step (docs/security.md, "The store": "a full disk or read-only folder
# leaves the originals byte-identical and no temporary file behind").
#
# tests/cmd/test-corrupt-store.sh fills a real tmpfs before the command
# starts, so its first write fails.  Here strace makes exactly one call
# fail, wherever it is in the command: the create of a temporary file
# (EDQUOT), its write (ENOSPC), its fsync (ENOSPC), the rename (EIO), the
# first unlink (EPERM, as for an immutable file) - for the first file
# written and for the second one (login writes stored_tokens, then
# token; logout --token-name rewrites stored_tokens, then removes token).
# For login, switch, logout --token-name (active and not) and logout, each
# failure must give:
#   - exit 1, nothing on stdout, "error: cannot ... PATH: <strerror>" on
#     stderr naming the file, no token in the message, and for login
#     "Nothing was saved.";
#   - stored_tokens and token byte-identical to before, same mode;
#   - no temporary file left;
#   - the same command, run again without the fault on what the failure
#     left, succeeds and gives exactly the state a run without any fault
#     gives.
# A failed fsync of the folder after the rename is best effort by design
# (lib/fileio.c): the command succeeds with the new state.
# Every case runs; the failures are listed together at the end.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"
. "$HFA_SRC/tests/faults/faultlib.sh"
need_strace
start_fakehub
export HFAUTH_LOCK_TIMEOUT=2
ST=$HF_DIR/stored_tokens
TK=$HF_DIR/token
ALL_TOKS="$TOK_WORK $TOK_PERSONAL $TOK_CI"

run "$HF_AUTH" login --token "$TOK_WORK"
assert_rc 0
run "$HF_AUTH" login --token "$TOK_PERSONAL"
assert_rc 0
state_save base

PROBLEMS=
problem() { PROBLEMS="$PROBLEMS
  - $*"; }

strerror() {
    case $1 in
    ENOSPC) echo "No space left on device" ;;
    EDQUOT) echo "Disk quota exceeded" ;;
    EIO) echo "Input/output error" ;;
    EPERM) echo "Operation not permitted" ;;
    esac
}

same_as() {   # STATE: both files exactly as in $T/state.STATE, same modes
    local f
    for f in stored_tokens token; do
        file_is "$HF_DIR/$f" "$T/state.$1/$f" || return 1
        [ ! -e "$HF_DIR/$f" ] ||
            [ "$(stat -c %a "$HF_DIR/$f")" = "$(stat -c %a "$T/state.$1/$f")" ] || return 1
    done
}

cases=0
fail_each_step() {   # LABEL HF-AUTH-ARGS...
    local label=$1 sys when kind target err what unlinks=0 t; shift
    state_load base
    plan_steps "$HF_AUTH" "$@" >"$T/plan" || fail "$label: cannot read the trace"
    [ "$PLAN_RC" = 0 ] || fail "$label: exit $PLAN_RC without a fault: $(cat "$T/plan.err")"
    state_save new
    while read -r sys when kind target; do
        case $kind in
        create-temp) err=EDQUOT ;;
        write|fsync-file) err=ENOSPC ;;
        fsync-dir|rename) err=EIO ;;
        unlink) unlinks=$((unlinks + 1)); [ $unlinks = 1 ] || continue; err=EPERM ;;
        *) continue ;;
        esac
        what="$label: $sys #$when ($kind ${target##*/}) failing with $err"
        cases=$((cases + 1))
        state_load base
        traced -e "inject=$sys:error=$err:when=$when" -- "$HF_AUTH" "$@"
        if [ "$kind" = fsync-dir ]; then
            [ "$RC" = 0 ] || problem "$what: exit $RC, expected 0 (best effort): $ERR"
            same_as new || problem "$what: not the new state"
            continue
        fi
        [ "$RC" = 1 ] || problem "$what: exit $RC, expected 1"
        [ -z "$OUT" ] || problem "$what: stdout [$OUT]"
        case $ERR in
        *"error: cannot "*"$target"*": $(strerror $err)"*) ;;
        *) problem "$what: stderr does not name $target and the error: [$ERR]" ;;
        esac
        [ "$1" != login ] || case $ERR in *"Nothing was saved."*) ;;
            *) problem "$what: no \"Nothing was saved.\": [$ERR]" ;; esac
        for t in $ALL_TOKS; do
            case $ERR in *"$t"*) problem "$what: a token on stderr" ;; esac
        done
        if ! same_as base; then
            problem "$what: the store changed although the command failed (exit $RC) with [$(printf '%s' "$ERR" | tr '\n' ' ')]: stored_tokens $(file_is "$ST" "$T/state.base/stored_tokens" && echo unchanged || echo CHANGED), token $(file_is "$TK" "$T/state.base/token" && echo unchanged || echo CHANGED)"
        fi
        left=$(find "$HF_DIR" -maxdepth 1 -name '.*.tmp*')
        [ -z "$left" ] || problem "$what: temporary file left: $left"
        # Without the fault, the same command, run again on what the
        # failure left, does what it always does.
        run "$HF_AUTH" "$@"
        if [ "$RC" != 0 ] || ! same_as new; then
            problem "$what: then without the fault: exit $RC, $(same_as new && echo "new state" || echo "NOT the new state"): $ERR"
        fi
    done <"$T/plan"
}

fail_each_step "login" login --token "$TOK_CI"
fail_each_step "switch" switch work
fail_each_step "logout of the active name" logout --token-name personal
fail_each_step "logout of another name" logout --token-name work
fail_each_step "logout" logout
[ "$cases" -ge 20 ] || fail "only $cases cases"
echo "$cases injected failures"
[ -z "$PROBLEMS" ] || fail "a failed write is not clean:$PROBLEMS"

echo "test-write-errors: all passed"
