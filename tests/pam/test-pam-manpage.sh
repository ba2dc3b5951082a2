#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/pam/test-pam-manpage.sh - the documentation's examples, run: what
# the man pages and the README tell an admin or a user to type must work
# with the code as it is, so the two cannot drift apart.
#
# What is taken, and from where (nothing is copied into this test):
#
#  - pam/pam_hfauth.8, section EXAMPLES: every .EX/.EE block is one
#    example.  The roff is read (\e, \-, \(dq... undone, a line ending in
#    a backslash joined to the next), and every line must be a comment, a
#    PAM line ("session optional pam_hfauth.so ...") or a pam_env.conf line
#    ("NAME DEFAULT=value"): anything else fails, so an example cannot
#    slip out of the test.
#  - README.md: every code block (indented or fenced) is read the same
#    way, but only its PAM and pam_env.conf lines are taken.
#
#    Each PAM line is run on its own through real libpam (a private
#    service folder), for a throw-away user: pam_env.so first, reading the
#    pam_env.conf lines of the same block when there are any, then the
#    line (pam_hfauth.so turned into the built module, with hf_auth= and
#    cache_dir= added for the build under test; HF_ENDPOINT, the fake Hub,
#    in the PAM environment), then pam_permit.  No token before; then the
#    user runs `hf-auth login --token-stdin` in the environment that
#    session got; then the session must have HF_TOKEN set to that token,
#    tell the user nothing and log nothing above LOG_INFO.
#
#  - README.md, and shell/hf-auth.1's EXAMPLES, for the commands: every
#    line that starts with `hf-auth login --token-stdin` (or `$ ` and
#    that) in a code block runs in bash, in a fresh HOME, against the fake
#    Hub, with the files it reads (token.txt, work.txt, ~/work-token.txt)
#    and $TOKEN holding the token of user alice named "work"; it must
#    succeed and make that token the current one.  When the block shows
#    the output after a `$ ` line, the output must be exactly that
#    (/home/alice standing for $HOME).
#  - README.md's shell hook lines, `eval "$(hf-auth init bash)"`, the zsh
#    one and `hf-auth init fish | source`, wherever they are (in a table,
#    `\|` is Markdown for `|`): each runs in its shell, which must then
#    have hf-switch, and `hf-switch personal` must set HF_TOKEN.
#
# The command examples run as any user; the PAM ones need root (a user
# with a home of its own): without root the test ends there, skipped.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"
. "$HFA_SRC/tests/pam/lib-pam.sh"

start_fakehub
EP=$HF_ENDPOINT
EX=$T/examples
mkdir -p "$EX"

# ---- the extractor -----------------------------------------------------------
# Writes, for each PAM line, EX/pamN.where, .line and .env (the block's
# pam_env.conf lines); for each command, EX/cmdN.where, .line and, when
# shown, .output; for each hook line, EX/hookN.shell and .line.
$PY - "$HFA_SRC" "$EX" <<'EOF' || fail "the examples could not be read"
import os, re, sys

sys.path.insert(0, os.path.join(sys.argv[1], "tests"))
from docblocks import joined, markdown_blocks, roff_examples

src, out = sys.argv[1], sys.argv[2]
PAM = re.compile(r"^-?(auth|account|password|session)\s+(\[[^\]]*\]|\S+)\s+\S+")
ENV = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\s+(DEFAULT|OVERRIDE)=")
LOGIN = re.compile(r"^(\$ )?hf-auth login --token-stdin\b")
counts = {"pam": 0, "cmd": 0, "hook": 0}

def write(kind, where, **files):
    n = counts[kind] = counts[kind] + 1
    for ext, text in dict(where=where, **files).items():
        with open(os.path.join(out, f"{kind}{n}.{ext}"), "w") as f:
            f.write(text)

def pam_block(where, lines, strict):
    env = [l.strip() for l in lines if ENV.match(l.strip())]
    for l in lines:
        s = l.strip()
        if PAM.match(s):
            write("pam", where, line=s, env="".join(e + "\n" for e in env))
        elif strict and s and not s.startswith("#") and not ENV.match(s):
            sys.exit(f"{where}: a line that is neither PAM nor pam_env.conf: {s}")

def cmd_block(where, lines):
    for i, l in enumerate(lines):
        if not LOGIN.match(l):
            continue
        shown = []
        if l.startswith("$ "):
            for o in lines[i + 1:]:
                if o.startswith("$ "):
                    break
                shown.append(o)
        files = dict(line=l[2:] if l.startswith("$ ") else l)
        if any(s.strip() for s in shown):
            files["output"] = "".join(s + "\n" for s in shown)
        write("cmd", where, **files)

man8 = os.path.join(src, "pam/pam_hfauth.8")
for n, block in enumerate(roff_examples(man8, "pam_hfauth.8"), 1):
    pam_block(f"pam_hfauth.8 EXAMPLES block {n}", block, strict=True)
man8_pam = counts["pam"]
man1 = os.path.join(src, "shell/hf-auth.1")
for n, block in enumerate(roff_examples(man1, "hf-auth.1"), 1):
    cmd_block(f"hf-auth.1 EXAMPLES block {n}", block)

readme = os.path.join(src, "README.md")
text, blocks = markdown_blocks(readme)
for first, block in blocks:
    block = joined(block)
    pam_block(f"README.md line {first}", block, strict=False)
    cmd_block(f"README.md line {first}", block)
HOOK = re.compile(r'eval "\$\(hf-auth init (bash|zsh)\)"|hf-auth init (fish) \\?\| source')
for number, line in enumerate(text, 1):
    for m in HOOK.finditer(line):
        write("hook", f"README.md line {number}",
              shell=m.group(1) or m.group(2), line=m.group(0).replace("\\|", "|"))

with open(os.path.join(out, "counts"), "w") as f:
    f.write(f"{man8_pam} {counts['pam']} {counts['cmd']} {counts['hook']}\n")
EOF
read -r MAN8_PAM ALL_PAM CMDS HOOKS <"$EX/counts"
# The man page has three PAM examples, and the README at least one PAM
# line, two logins and the three hook lines: fewer means the extraction
# broke, not that the documentation got shorter.
[ "$MAN8_PAM" -ge 3 ] || fail "only $MAN8_PAM PAM lines found in pam_hfauth.8"
[ "$ALL_PAM" -gt "$MAN8_PAM" ] || fail "no PAM line found in README.md"
[ "$CMDS" -ge 3 ] || fail "only $CMDS login examples found"
[ "$HOOKS" -ge 3 ] || fail "only $HOOKS shell hook lines found"

# ---- the commands: login examples ---------------------------------------------
FIX=$T/fixture
BIN_PATH=$HFA_BUILD:$PATH
for f in "$EX"/cmd*.line; do
    base=${f%.line}
    where=$(cat "$base.where") line=$(cat "$f")
    rm -rf "$HOME" "$FIX"
    mkdir -p "$HOME" "$FIX"
    for name in "$FIX/token.txt" "$FIX/work.txt" "$HOME/work-token.txt"; do
        printf '%s\n' "$TOK_WORK" >"$name"
    done
    run env -C "$FIX" PATH="$BIN_PATH" TOKEN="$TOK_WORK" bash -c "$line"
    [ "$RC" = 0 ] || fail "$where: [$line] exit $RC"
    if [ -f "$base.output" ]; then
        got=$(printf '%s%s' "$ERR" "$OUT")
        want=$(sed "s|/home/alice|$HOME|g" "$base.output")
        [ "$got" = "$want" ] || fail "$where: [$line] printed
[$got]
where the documentation shows
[$want]"
    fi
    run "$HF_AUTH" token
    [ "$OUT" = "$TOK_WORK
" ] || fail "$where: [$line] did not log in with the token"
done

# ---- the commands: the shell hook lines ---------------------------------------
rm -rf "$HOME"; mkdir -p "$HOME"
run_in "$TOK_PERSONAL" "$HF_AUTH" login --token-stdin
run_in "$TOK_WORK" "$HF_AUTH" login --token-stdin
assert_rc 0
for f in "$EX"/hook*.line; do
    base=${f%.line}
    where=$(cat "$base.where") line=$(cat "$f") shell=$(cat "$base.shell")
    case $shell in
    bash) shell_cmd=(bash --norc --noprofile -c) ;;
    zsh) shell_cmd=(zsh -f -c) ;;
    fish) shell_cmd=(fish --no-config -c) ;;
    esac
    command -v "$shell" >/dev/null || fail "$shell is not installed (make deps)"
    if [ "$shell" = fish ]; then
        check='functions -q hf-switch; or exit 9; hf-switch personal >/dev/null 2>&1; or exit 8; printf %s "$HF_TOKEN"'
    else
        check='[ "$(type -w hf-switch 2>/dev/null || type -t hf-switch)" != "" ] || exit 9; hf-switch personal >/dev/null 2>&1 || exit 8; printf %s "$HF_TOKEN"'
    fi
    run env PATH="$BIN_PATH" "${shell_cmd[@]}" "$line
$check"
    [ "$RC" = 0 ] || fail "$where: [$line] in $shell: exit $RC (9: no hf-switch, 8: it failed)"
    [ "$OUT" = "$TOK_PERSONAL" ] || fail "$where: [$line] in $shell: HF_TOKEN is not the token switched to"
done
run_in "" "$HF_AUTH" logout

# ---- the PAM lines --------------------------------------------------------------
is_root || skip "the PAM examples need root for a test user (CI runs as root); the $CMDS command and $HOOKS hook examples passed"
command -v useradd >/dev/null || skip "no useradd"
command -v setpriv >/dev/null || skip "no setpriv (util-linux)"
PAM_ENV=$(find /lib /usr/lib -path '*/security/pam_env.so' 2>/dev/null | head -n 1)
[ -n "$PAM_ENV" ] || fail "pam_env.so not found (libpam-modules)"

make_test_user U H
LUSER=$U

# session [pam_app args]: one session of the example's stack for $U.
session() {
    run_pam -E -e HF_ENDPOINT="$EP" "$@" "$U"
    assert_session_ok
}

for f in "$EX"/pam*.line; do
    base=${f%.line}
    where=$(cat "$base.where") line=$(cat "$f")
    # A home as new; the cache of positive answers as new.
    rm -rf "$H" "$T/cache"
    mkdir -p "$H"; chown "$U:$U" "$H"; chmod 0700 "$H"
    {
        if [ -s "$base.env" ]; then
            cp "$base.env" "$T/pam_env.conf"
            echo "session required $PAM_ENV readenv=0 user_readenv=0 conffile=$T/pam_env.conf"
        fi
        printf '%s hf_auth=%s cache_dir=%s\n' \
            "$(printf '%s' "$line" | sed "s|pam_hfauth\\.so|$MODULE|")" \
            "$HF_AUTH_BIN" "$T/cache"
        echo "session required pam_permit.so"
    } >"$PAMCONF/hfauth-test"
    grep -q "$MODULE" "$PAMCONF/hfauth-test" || fail "$where: [$line] does not name pam_hfauth.so"

    # Before any login: no token, and the environment the session gets.
    session
    assert_token ""
    session_env=()
    while IFS= read -r var; do
        session_env+=("$var")
    done < <(printf '%s\n' "$OUT" | sed -n 's/^env: //p' | grep -E '^(HF_HOME|HF_TOKEN_PATH|XDG_CACHE_HOME)=')
    # Each variable of the example's pam_env.conf is in it.
    for name in $(cut -d' ' -f1 "$base.env"); do
        printf '%s\n' "$OUT" | grep -q "^env: $name=" ||
            fail "$where: pam_env did not set $name: $OUT"
    done

    # The user logs in as the documentation says, in that environment.
    run_in "$TOK_WORK" setpriv --reuid="$U" --regid="$U" --init-groups -- \
        env -i HOME="$H" USER="$U" PATH=/usr/bin:/bin HF_ENDPOINT="$EP" \
        ${session_env[@]+"${session_env[@]}"} "$HF_AUTH_BIN" login --token-stdin
    [ "$RC" = 0 ] || fail "$where: hf-auth login in the session's environment (${session_env[*]}) failed: $ERR"

    # The next session has the token, quietly.
    session
    [ "$(printf '%s' "$OUT" | tail -n 1)" = "HF_TOKEN=$TOK_WORK" ] ||
        fail "$where: [$line] with ${session_env[*]:-no variables from pam_env}: after \`hf-auth login\` the session has no HF_TOKEN (log: $LOGTXT)"
    assert_no_message
    printf '%s\n' "$LOGTXT" | grep -Ev '^$|^(debug|info) ' &&
        fail "$where: [$line] logged more than debug lines"
    assert_clean "$TOK_WORK"
done

echo "test-pam-manpage: $ALL_PAM PAM lines ($MAN8_PAM from pam_hfauth.8), $CMDS logins and $HOOKS hook lines of the documentation work"
