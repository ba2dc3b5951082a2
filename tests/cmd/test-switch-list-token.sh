#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/cmd/test-switch-list-token.sh - `hf-auth list`/`ls`, `switch` (with
# --export for bash, zsh, sh and fish, evaluated by the real shells with
# hostile stored values and names), `token` and its precedence, and where
# the environment variables put the files (hf-auth(1), ENVIRONMENT).
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/cmd/cmdlib.sh"
# Expiry times are shown in local time: pin it (other zones below).
export TZ=UTC

# A stored_tokens as huggingface_hub writes it, three tokens, none active.
STORE3="[ci token]
hf_token = $TOK_CI

[personal]
hf_token = $TOK_PERSONAL

[work]
hf_token = $TOK_WORK

"
write_store "$STORE3"

# --- list ------------------------------------------------------------------
run "$HF_AUTH" list
assert_rc 0
assert_out_eq "  NAME      TOKEN
  ci token  hf_****0003
  personal  hf_****0002
  work      hf_****0001
"
assert_err_eq "
Note: no stored token is active. Use \`hf-auth switch NAME\` to pick one.
"

run "$HF_AUTH" switch work
assert_rc 0
assert_out_empty
assert_err_eq "Switched to 'work'.
"
assert_file_eq "$HF_DIR/token" "$TOK_WORK"
assert_mode "$HF_DIR/token" 600
assert_file_eq "$HF_DIR/stored_tokens" "$STORE3"

LIST_WORK="  NAME      TOKEN
  ci token  hf_****0003
  personal  hf_****0002
* work      hf_****0001
"
run "$HF_AUTH" list
assert_rc 0
assert_out_eq "$LIST_WORK"
assert_err_eq ""
for t in "$TOK_WORK" "$TOK_PERSONAL" "$TOK_CI"; do assert_secret_absent "$t"; done
run "$HF_AUTH" ls
assert_rc 0
assert_out_eq "$LIST_WORK"
run "$HF_AUTH" list --format table
assert_rc 0
assert_out_eq "$LIST_WORK"

# The quiet form, under each name hf auth and hf-auth give it.
for flag in "--format names" "--format quiet" -q --quiet; do
    # shellcheck disable=SC2086 # the flag and its value are two words
    run "$HF_AUTH" list $flag
    assert_rc 0
    assert_out_eq "ci token
personal
work
"
    assert_err_eq ""
done
for flag in "--format human" "--format table"; do
    # shellcheck disable=SC2086
    run "$HF_AUTH" ls $flag
    assert_rc 0
    assert_out_eq "$LIST_WORK"
done
run "$HF_AUTH" list --json
assert_rc 0
JSON_WORK=$OUT
run "$HF_AUTH" list --format json
assert_rc 0
assert_out_eq "$JSON_WORK"
# Python's json.dumps(indent=2): two spaces, no tabs, one key a line.
assert_out_eq '[
  {
    "name": "ci token",
    "token": "hf_****0003",
    "active": false,
    "expires_at": null
  },
  {
    "name": "personal",
    "token": "hf_****0002",
    "active": false,
    "expires_at": null
  },
  {
    "name": "work",
    "token": "hf_****0001",
    "active": true,
    "expires_at": null
  }
]
'
assert_json 'len(j)' 3
assert_json '[e["name"] for e in j]' "['ci token', 'personal', 'work']"
assert_json '[e["token"] for e in j]' "['hf_****0003', 'hf_****0002', 'hf_****0001']"
assert_json '[e["active"] for e in j]' "[False, False, True]"
assert_json '[e["expires_at"] for e in j]' "[None, None, None]"
assert_json 'sorted(set(k for e in j for k in e))' "['active', 'expires_at', 'name', 'token']"
for t in "$TOK_WORK" "$TOK_PERSONAL" "$TOK_CI"; do assert_secret_absent "$t"; done

# HF_TOKEN (or the old name) in the environment: as `hf auth list`, the
# '*' is on the token in use, and a note says the token file holds
# another one.
LIST_CI="  NAME      TOKEN
* ci token  hf_****0003
  personal  hf_****0002
  work      hf_****0001
"
NOTE_ENV="
Note: HF_TOKEN is set and is the token in use; the active token file holds another one.
"
run env HF_TOKEN="$TOK_CI" "$HF_AUTH" list
assert_rc 0
assert_out_eq "$LIST_CI"
assert_err_eq "$NOTE_ENV"
run env HF_TOKEN=" $TOK_CI"$'\n' "$HF_AUTH" list
assert_out_eq "$LIST_CI"
run env HF_TOKEN="$TOK_CI" "$HF_AUTH" list --json
assert_json '[e["active"] for e in j]' "[True, False, False]"
run env HUGGING_FACE_HUB_TOKEN="$TOK_CI" "$HF_AUTH" list
assert_rc 0
assert_out_eq "$LIST_CI"
assert_err_eq "
Note: HUGGING_FACE_HUB_TOKEN is set and is the token in use; the active token file holds another one.
"
# The same token as the file (what the PAM module and the hooks export):
# no note, nothing to say.
run env HF_TOKEN="$TOK_WORK" "$HF_AUTH" list
assert_rc 0
assert_out_eq "$LIST_WORK"
assert_err_eq ""
# A token that no entry holds: no '*', and the note about the variable.
run env HF_TOKEN="$TOK_NONAME" "$HF_AUTH" list
assert_rc 0
assert_out_eq "  NAME      TOKEN
  ci token  hf_****0003
  personal  hf_****0002
  work      hf_****0001
"
assert_err_eq "$NOTE_ENV"

run "$HF_AUTH" list --format yaml
assert_rc 2
assert_out_empty
assert_err_has "--format takes table, human, json, quiet or names, not 'yaml'"
# One output option, as hf auth: a second is a usage error.
for pair in "--json -q" "-q --json" "--format json --json" "--json --json" \
    "--quiet --format table"; do
    # shellcheck disable=SC2086
    run "$HF_AUTH" list $pair
    assert_rc 2
    assert_out_empty
    assert_err_has "mutually exclusive"
done
run "$HF_AUTH" list --json -q
assert_err_has "error: '--json' and '--quiet' are mutually exclusive"
run "$HF_AUTH" list extra
assert_rc 2
run "$HF_AUTH" list --bogus
assert_rc 2
assert_err_has "unknown option '--bogus'"

# Empty or absent store: a message, exit 0, nothing on stdout.
mkdir -p "$T/empty/hf"
: >"$T/empty/hf/stored_tokens"
run env HF_HOME="$T/empty/hf" "$HF_AUTH" list
assert_rc 0
assert_out_empty
assert_err_eq "No stored tokens. Log in with \`hf-auth login\`.
"
run env HF_HOME="$T/nothing/hf" "$HF_AUTH" list
assert_rc 0
assert_out_empty
assert_err_has "No stored tokens."
assert_missing "$T/nothing"
run env HF_HOME="$T/nothing/hf" "$HF_AUTH" list --format json
assert_rc 0
assert_json 'j' '[]'
run env HF_HOME="$T/nothing/hf" "$HF_AUTH" list --format names
assert_rc 0
assert_out_empty

# In the file's order, as hf auth lists a file written by hand; the
# active marker follows the token, not the place.
mkdir -p "$T/order/hf"
printf '%s' "[zeta]
hf_token = $TOK_WORK

[alpha]
hf_token = $TOK_PERSONAL

[Mid]
hf_token = $TOK_CI
" >"$T/order/hf/stored_tokens"
printf '%s' "$TOK_PERSONAL" >"$T/order/hf/token"
run env HF_HOME="$T/order/hf" "$HF_AUTH" list
assert_rc 0
assert_out_eq "  NAME   TOKEN
  zeta   hf_****0001
* alpha  hf_****0002
  Mid    hf_****0003
"
run env HF_HOME="$T/order/hf" "$HF_AUTH" list -q
assert_out_eq "zeta
alpha
Mid
"
run env HF_HOME="$T/order/hf" "$HF_AUTH" list --json
assert_json '[e["name"] for e in j]' "['zeta', 'alpha', 'Mid']"

# The expires column: a date, " (expired)" in the past; rows without an
# expiry keep the bare masked token.
mkdir -p "$T/exp/hf"
printf '%s' "[old]
hf_token = hf_oauthOldToken000007
refresh_token = hf_oauth_refresh_x
expires_at = 1000

[long-name-here]
hf_token = $TOK_PERSONAL

[new]
hf_token = hf_oauthNewToken000008
expires_at = 4102444800

" >"$T/exp/hf/stored_tokens"
printf '%s' hf_oauthNewToken000008 >"$T/exp/hf/token"
run env HF_HOME="$T/exp/hf" "$HF_AUTH" list
assert_rc 0
assert_out_eq "  NAME            TOKEN        EXPIRES
  old             hf_****0007  1970-01-01 00:16 (expired)
  long-name-here  hf_****0002
* new             hf_****0008  2100-01-01 00:00
"
# Local time, as hf auth shows it (POSIX zones: no tz database needed).
run env TZ=IST-5:30 HF_HOME="$T/exp/hf" "$HF_AUTH" list
assert_out_has "  old             hf_****0007  1970-01-01 05:46 (expired)
"
assert_out_has "* new             hf_****0008  2100-01-01 05:30
"
run env TZ=EST5 HF_HOME="$T/exp/hf" "$HF_AUTH" list
assert_out_has "* new             hf_****0008  2099-12-31 19:00
"
run env HF_HOME="$T/exp/hf" "$HF_AUTH" list --format json
assert_rc 0
assert_json '[(e["name"], e["expires_at"], e["active"]) for e in j]' \
    "[('old', 1000, False), ('long-name-here', None, False), ('new', 4102444800, True)]"
# On a terminal, how long is left (an OAuth token lives 8 hours: its
# date alone says little).  The seconds of slack absorb a slow start.
now=$(date +%s)
printf '%s' "[soon]
hf_token = hf_oauthNewToken000008
expires_at = $((now + 8 * 3600 + 5 * 60 + 30))

[gone]
hf_token = hf_oauthOldToken000007
expires_at = $((now - 2 * 3600 - 30))

[later]
hf_token = $TOK_PERSONAL
expires_at = $((now + 3 * 86400 + 4 * 3600 + 30))
" >"$T/exp/hf/stored_tokens"
when() { TZ=UTC date -d "@$1" '+%Y-%m-%d %H:%M'; }
script -qec "env HF_HOME='$T/exp/hf' '$HF_AUTH' list" /dev/null >"$T/tty.out" 2>&1 </dev/null ||
    fail "list on a terminal failed: $(cat "$T/tty.out")"
OUT=$(tr -d '\r' <"$T/tty.out")
assert_out_has "* soon   hf_****0008  $(when $((now + 8 * 3600 + 5 * 60 + 30))) (in 8h 5m)"
assert_out_has "  gone   hf_****0007  $(when $((now - 2 * 3600 - 30))) (expired 2h ago)"
assert_out_has "  later  hf_****0002  $(when $((now + 3 * 86400 + 4 * 3600 + 30))) (in 3d 4h)"
# Not on a terminal: no clock in the output, a script's diff stays quiet.
run env HF_HOME="$T/exp/hf" "$HF_AUTH" list
assert_out_lacks "(in "
assert_out_has "  gone   hf_****0007  $(when $((now - 2 * 3600 - 30))) (expired)
"
for t in hf_oauthOldToken000007 hf_oauthNewToken000008 hf_oauth_refresh_x; do assert_secret_absent "$t"; done

# --- switch ----------------------------------------------------------------
run "$HF_AUTH" switch --token-name "ci token"
assert_rc 0
assert_out_empty
assert_err_eq "Switched to 'ci token'.
"
assert_file_eq "$HF_DIR/token" "$TOK_CI"
# The shell code cannot be written: no "Switched" that would make the user
# believe HF_TOKEN followed; the message says what did change.
"$HF_AUTH" switch work --export bash </dev/null >/dev/full 2>"$T/.err"
RC=$? ERR=$(cat "$T/.err"; echo x); ERR=${ERR%x}
assert_rc 1
assert_err_eq "error: could not write the shell code; the active token file now holds 'work', but HF_TOKEN in this shell is unchanged
"
assert_file_eq "$HF_DIR/token" "$TOK_WORK"
assert_file_eq "$HF_DIR/stored_tokens" "$STORE3"

run env HF_TOKEN="$TOK_WORK" "$HF_AUTH" switch personal
assert_rc 0
assert_file_eq "$HF_DIR/token" "$TOK_PERSONAL"
assert_err_has "warning: HF_TOKEN is set"
assert_err_lacks_token "$TOK_WORK"
assert_err_lacks_token "$TOK_PERSONAL"
# HF_TOKEN already holds the token switched to: nothing to warn about.
run env HF_TOKEN="$TOK_CI" "$HF_AUTH" switch "ci token"
assert_rc 0
assert_err_eq "Switched to 'ci token'.
"
run env HUGGING_FACE_HUB_TOKEN="$TOK_PERSONAL" "$HF_AUTH" switch personal --no-add-to-git-credential
assert_rc 0
assert_err_eq "Switched to 'personal'.
"
assert_file_eq "$HF_DIR/token" "$TOK_PERSONAL"

snap_take "$HF_DIR"
run "$HF_AUTH" switch "no such name"
assert_rc 1
assert_out_empty
assert_err_has "no stored token named 'no such name'"
snap_check "$HF_DIR"
run "$HF_AUTH" switch --token-name nope --export bash
assert_rc 1
assert_out_empty
assert_err_has "'nope'"
snap_check "$HF_DIR"
# No name, no terminal: usage error.
run "$HF_AUTH" switch
assert_rc 2
assert_out_empty
assert_err_has "no token name given"
run "$HF_AUTH" switch work extra
assert_rc 2
run "$HF_AUTH" switch work --export tcsh
assert_rc 2
assert_out_empty
assert_err_has "--export takes bash, zsh, sh or fish, not 'tcsh'"
run "$HF_AUTH" switch --token-name
assert_rc 2
snap_check "$HF_DIR"
# A name that only differs in case is another name.
run "$HF_AUTH" switch WORK
assert_rc 1
snap_check "$HF_DIR"
# No store at all.
run env HF_HOME="$T/nothing/hf" "$HF_AUTH" switch work
assert_rc 1
assert_err_has "no stored token named 'work'"
assert_missing "$T/nothing/hf/token"

# --export: exactly one line of shell code on stdout, the message on stderr.
for sh in bash zsh sh; do
    run "$HF_AUTH" switch work --export $sh
    assert_rc 0
    assert_out_eq "export HF_TOKEN='$TOK_WORK'
"
    assert_err_eq "Switched to 'work'.
"
    assert_file_eq "$HF_DIR/token" "$TOK_WORK"
done
run "$HF_AUTH" switch --export fish --token-name "ci token"
assert_rc 0
assert_out_eq "set -gx HF_TOKEN '$TOK_CI'
"
assert_err_eq "Switched to 'ci token'.
"
assert_file_eq "$HF_DIR/token" "$TOK_CI"

# --- hostile stored values -------------------------------------------------
# A command that must never run: any evaluation of a value as code calls it.
mkdir -p "$T/bin"
printf '#!/bin/sh\ntouch "%s/pwned"\n' "$T" >"$T/bin/pwnme"
chmod +x "$T/bin/pwnme"
export PATH="$T/bin:$PATH"
HOSTILE=$T/hostile/hf
mkdir -p "$HOSTILE"
# Values the command accepts: printable ASCII without blanks.
VALUES=(
    "a'b"
    '$(pwnme)'
    '`pwnme`'
    'a\b'
    'x;pwnme'
    '"q"'
    "';pwnme;'"
    "\\'"
    "a\\'b\\\\"
    '(pwnme)'
    '$HOME'
    "'\$(pwnme)'"
    '\'
    "'"
    "''"
    '}{*?~!#%&|<>'
    '\x41\n'
    '-e'
    '${HOME:?}$((1+1))'
    '"$(pwnme)"'
    'hf_\";pwnme;echo\"'
    '|pwnme'
    '&pwnme&'
)
{
    i=0
    for v in "${VALUES[@]}"; do
        printf '[v%02d]\nhf_token = %s\n\n' $i "$v"
        i=$((i + 1))
    done
} >"$HOSTILE/stored_tokens"
# The premise: configparser reads back exactly these values.
$PY - "$HOSTILE/stored_tokens" "${VALUES[@]}" <<'EOF' || fail "configparser does not read the values back"
import configparser, sys
c = configparser.ConfigParser(interpolation=None)
c.read(sys.argv[1], encoding="utf-8")
got = [c[s]["hf_token"] for s in c.sections()]
assert got == sys.argv[2:], (got, sys.argv[2:])
EOF

export HF_HOME=$HOSTILE
i=0
for v in "${VALUES[@]}"; do
    name=$(printf 'v%02d' $i)
    i=$((i + 1))
    for sh in bash zsh sh fish; do
        run "$HF_AUTH" switch "$name" --export $sh
        assert_rc 0
        assert_file_eq "$HOSTILE/token" "$v"
        assert_err_eq "Switched to '$name'.
"
        [ "$(printf '%s' "$OUT" | wc -l)" = 1 ] || fail "export for $sh of [$v] is not one line"
        printf '%s' "$OUT" >"$T/export.$sh"
    done
    case $(head -c 16 "$T/export.bash") in "export HF_TOKEN=") ;; *) fail "bash export: $(cat "$T/export.bash")";; esac
    case $(head -c 16 "$T/export.fish") in "set -gx HF_TOKEN") ;; *) fail "fish export: $(cat "$T/export.fish")";; esac
    # Each shell evaluates what it was given and hands HF_TOKEN to a child.
    got=$(env HF_TOKEN=unset bash -c 'eval "$(cat "$1")" && printenv HF_TOKEN && echo .' _ "$T/export.bash")
    [ "$got" = "$v
." ] || fail "bash: HF_TOKEN=[${got%?.}] for [$v]; code: $(cat "$T/export.bash")"
    got=$(env HF_TOKEN=unset zsh -f -c 'eval "$(cat "$1")" && printenv HF_TOKEN && echo .' _ "$T/export.zsh")
    [ "$got" = "$v
." ] || fail "zsh: HF_TOKEN=[${got%?.}] for [$v]; code: $(cat "$T/export.zsh")"
    got=$(env HF_TOKEN=unset dash -c 'eval "$(cat "$1")" && printenv HF_TOKEN && echo .' _ "$T/export.sh")
    [ "$got" = "$v
." ] || fail "dash: HF_TOKEN=[${got%?.}] for [$v]; code: $(cat "$T/export.sh")"
    got=$(env HF_TOKEN=unset fish --no-config -c 'cat $argv[1] | source; and printenv HF_TOKEN; and echo .' "$T/export.fish")
    [ "$got" = "$v
." ] || fail "fish: HF_TOKEN=[${got%?.}] for [$v]; code: $(cat "$T/export.fish")"
    assert_missing "$T/pwned"
done
# The round trip a shell hook makes: eval "$(hf-auth switch NAME --export SH)".
got=$(bash -c 'eval "$("$0" switch v01 --export bash 2>/dev/null)" && printenv HF_TOKEN' "$HF_AUTH")
[ "$got" = '$(pwnme)' ] || fail "bash round trip: [$got]"
got=$(fish --no-config -c '$argv[1] switch v09 --export fish 2>/dev/null | source; and printenv HF_TOKEN' "$HF_AUTH")
[ "$got" = '(pwnme)' ] || fail "fish round trip: [$got]"
assert_missing "$T/pwned"

# Values the command refuses: blanks, control and non-ASCII characters.
# Exit 1, nothing on stdout, the active token file unchanged.
REFUSED=$T/refused/hf
mkdir -p "$REFUSED"
printf '%s' "$TOK_WORK" >"$REFUSED/token"
printf '%s' "[good]
hf_token = $TOK_WORK

[r0]
hf_token = hf_with space000000001

[r1]
hf_token = hf_with	tab0000000002

[r2]
hf_token = hf_nonAsciiTokén0000003

[r3]
hf_token = hf_firstLine000000004
	hf second Line00000004

[r4]
hf_token = hf_ctrl$(printf '\001')char0000005

[r5]
hf_token = hf_del$(printf '\177')char000000006

[r6]
hf_token = \$(pwnme) ;pwnme

[r7]
hf_token = hf_nbsp$(printf '\302\240')inside0007

[r8]
hf_token =

" >"$REFUSED/stored_tokens"
export HF_HOME=$REFUSED
snap_take "$REFUSED"
# What each value holds that must not be echoed on stderr either.
SECRETS=("with space" "with	tab" "nonAscii" "firstLine" "ctrl" "del" "pwnme" "nbsp" "")
for n in 0 1 2 3 4 5 6 7 8; do
    for sh in bash fish; do
        run "$HF_AUTH" switch "r$n" --export $sh
        assert_rc 1
        assert_out_empty
        assert_err_has "'r$n'"
        assert_err_lacks "Switched"
        [ -z "${SECRETS[$n]}" ] || assert_err_lacks "${SECRETS[$n]}"
        snap_check "$REFUSED"
    done
    run "$HF_AUTH" switch "r$n"
    assert_rc 1
    assert_out_empty
    snap_check "$REFUSED"
done
assert_missing "$T/pwned"
run "$HF_AUTH" token
assert_out_eq "$TOK_WORK
"

# A continuation line: configparser joins it to the value with a line
# break, and huggingface_hub, which writes that value to the token file
# on a switch, drops the break when it reads the token back.  The token
# file gets what Python ends up using.
JOINED=$T/joined/hf
mkdir -p "$JOINED"
printf '[multi]\nhf_token = hf_firstLine000000004\n\thf_secondLine00000004\n\n' >"$JOINED/stored_tokens"
HF_HOME=$JOINED run "$HF_AUTH" switch multi
assert_rc 0
assert_err_eq "Switched to 'multi'.
"
PYTHON_USES=$($PY - "$JOINED/stored_tokens" <<'EOF'
import configparser, sys
c = configparser.ConfigParser(interpolation=None)
c.read(sys.argv[1], encoding="utf-8")
# huggingface_hub's _clean_token on what auth_switch wrote.
print(c.get("multi", "hf_token").replace("\r", "").replace("\n", "").strip())
EOF
)
[ "$PYTHON_USES" = hf_firstLine000000004hf_secondLine00000004 ] ||
    fail "premise: Python uses [$PYTHON_USES]"
assert_file_eq "$JOINED/token" "$PYTHON_USES"
HF_HOME=$JOINED run "$HF_AUTH" list
assert_rc 0
assert_out_eq "  NAME   TOKEN
* multi  hf_****0004
"

# --- hostile names ---------------------------------------------------------
NAMES=(
    "my token"
    "it's"
    'say "hi"'
    '$(pwnme)'
    '`pwnme`'
    "naïve ünïcødé café"
    "a]b"
    "[x]"
    "100%"
    "#hash"
    ";semi"
    "key = value"
    "--export"
    "-n"
    " padded "
    "back\\slash"
)
NAMED=$T/named/hf
mkdir -p "$NAMED"
$PY - "$NAMED/stored_tokens" "${NAMES[@]}" <<'EOF'
import configparser, sys
c = configparser.ConfigParser(interpolation=None)
names = sys.argv[2:]
for name in sorted(names):
    c.add_section(name)
    c.set(name, "hf_token", "hf_nameToken%09d" % names.index(name))
with open(sys.argv[1], "w", encoding="utf-8") as f:
    c.write(f)
EOF
export HF_HOME=$NAMED
cp "$NAMED/stored_tokens" "$T/named.orig"
i=0
for name in "${NAMES[@]}"; do
    tok=$(printf 'hf_nameToken%09d' $i)
    i=$((i + 1))
    run "$HF_AUTH" switch --token-name "$name"
    assert_rc 0
    assert_out_empty
    assert_err_eq "Switched to '$name'.
"
    assert_file_eq "$NAMED/token" "$tok"
    run "$HF_AUTH" switch --token-name "$name" --export sh
    assert_rc 0
    assert_out_eq "export HF_TOKEN='$tok'
"
    # The marker in the table is on that name's line, and only there.
    run "$HF_AUTH" list
    assert_rc 0
    marked=$(printf '%s' "$OUT" | grep '^\* ')
    case $marked in "* $name  "*) ;; *) fail "active after switching to [$name]: [$marked]";; esac
    [ "$(printf '%s\n' "$marked" | wc -l)" = 1 ] || fail "more than one active: $marked"
done
assert_same_file "$T/named.orig" "$NAMED/stored_tokens"
assert_missing "$T/pwned"
# A name alone (not after --token-name) that looks like an option is an
# option; after `--` it is a name.
run "$HF_AUTH" switch -- "-n"
assert_rc 0
assert_file_eq "$NAMED/token" "hf_nameToken000000013"
run "$HF_AUTH" switch "naïve ünïcødé café"
assert_rc 0
assert_file_eq "$NAMED/token" "hf_nameToken000000005"
run "$HF_AUTH" list --format names
assert_rc 0
want=$($PY -c 'import sys; print("\n".join(sorted(sys.argv[1:])))' "${NAMES[@]}")
assert_out_eq "$want
"
# The table pads by characters: every masked token starts in one column.
run "$HF_AUTH" list
assert_rc 0
$PY - "$OUT" <<'EOF' || fail "list table columns do not line up"
import sys
lines = sys.argv[1].splitlines()
cols = {line.index("hf_****") for line in lines[1:]}
assert len(cols) == 1 and lines[0].index("TOKEN") in cols, lines
assert sum(line.startswith("* ") for line in lines) == 1, lines
EOF
unset HF_HOME

# --- token: precedence and cleaning ----------------------------------------
printf '%s' "$TOK_PERSONAL" >"$HF_DIR/token"
run "$HF_AUTH" token
assert_rc 0
assert_out_eq "$TOK_PERSONAL
"
assert_err_eq ""
run env HUGGING_FACE_HUB_TOKEN="$TOK_CI" "$HF_AUTH" token
assert_out_eq "$TOK_CI
"
run env HF_TOKEN="$TOK_WORK" HUGGING_FACE_HUB_TOKEN="$TOK_CI" "$HF_AUTH" token
assert_out_eq "$TOK_WORK
"
run env HF_TOKEN= HUGGING_FACE_HUB_TOKEN="$TOK_CI" "$HF_AUTH" token
assert_rc 0
assert_out_eq "$TOK_CI
"
run env HF_TOKEN= "$HF_AUTH" token
assert_rc 0
assert_out_eq "$TOK_PERSONAL
"
run env HF_TOKEN= HUGGING_FACE_HUB_TOKEN= "$HF_AUTH" token
assert_out_eq "$TOK_PERSONAL
"
# huggingface_hub: `HF_TOKEN or HUGGING_FACE_HUB_TOKEN`, then cleaned: a
# blank HF_TOKEN hides the old name and cleans to nothing: the file.
run env HF_TOKEN="  " HUGGING_FACE_HUB_TOKEN="$TOK_CI" "$HF_AUTH" token
assert_rc 0
assert_out_eq "$TOK_PERSONAL
"
run env HF_TOKEN=" $TOK_WORK"$'\r\n' "$HF_AUTH" token
assert_out_eq "$TOK_WORK
"
printf ' \t%s \r\n\n' "$TOK_CI" >"$HF_DIR/token"
run "$HF_AUTH" token
assert_rc 0
assert_out_eq "$TOK_CI
"
printf '\r\n  \n' >"$HF_DIR/token"
run "$HF_AUTH" token
assert_rc 1
assert_out_empty
assert_err_has "not logged in"
assert_err_has "hf-auth login"
: >"$HF_DIR/token"
run "$HF_AUTH" token
assert_rc 1
rm "$HF_DIR/token"
run "$HF_AUTH" token
assert_rc 1
assert_out_empty
assert_err_has "not logged in"
run "$HF_AUTH" token extra
assert_rc 2
run "$HF_AUTH" token --bogus
assert_rc 2
# hf auth token's output options change nothing: the token alone, for
# $(...) in a script, whichever tool answers.
printf '%s' "$TOK_PERSONAL" >"$HF_DIR/token"
for flags in --json -q --quiet "--format json" "--format quiet" "--format human"; do
    # shellcheck disable=SC2086
    run "$HF_AUTH" token $flags
    assert_rc 0
    assert_out_eq "$TOK_PERSONAL
"
    assert_err_eq ""
done
run "$HF_AUTH" token --json -q
assert_rc 2
assert_out_empty
run "$HF_AUTH" token --format names
assert_rc 2
assert_out_empty
assert_err_has "--format takes table, human, json or quiet, not 'names'"

# --- where the files go ----------------------------------------------------
start_fakehub
rm -rf "$HF_DIR"
login_at() {   # ENV-ASSIGNMENTS...
    run env "$@" "$HF_AUTH" login --token "$TOK_WORK"
    assert_rc 0
}
check_at() {   # DIR (token and stored_tokens there)
    assert_file_eq "$1/token" "$TOK_WORK"
    assert_file_eq "$1/stored_tokens" "[work]
hf_token = $TOK_WORK

"
    assert_mode "$1/token" 600
    assert_missing "$HF_DIR"
}
login_at HF_HOME="$T/p/hfhome"
check_at "$T/p/hfhome"
run env HF_HOME="$T/p/hfhome" "$HF_AUTH" token
assert_out_eq "$TOK_WORK
"
login_at XDG_CACHE_HOME="$T/p/xdg"
check_at "$T/p/xdg/huggingface"
login_at XDG_CACHE_HOME="$T/p/xdg-lost" HF_HOME="$T/p/wins"
check_at "$T/p/wins"
assert_missing "$T/p/xdg-lost"
login_at HF_TOKEN_PATH="$T/p/tp/sub/mytoken" HF_HOME="$T/p/unused"
assert_file_eq "$T/p/tp/sub/mytoken" "$TOK_WORK"
assert_mode "$T/p/tp/sub/mytoken" 600
assert_file_eq "$T/p/tp/sub/stored_tokens" "[work]
hf_token = $TOK_WORK

"
assert_missing "$T/p/unused/token"
assert_missing "$T/p/unused/stored_tokens"
assert_missing "$HF_DIR"
run env HF_TOKEN_PATH="$T/p/tp/sub/mytoken" "$HF_AUTH" list
assert_out_eq "  NAME  TOKEN
* work  hf_****0001
"
login_at HF_HOME="~/tilde"
check_at "$HOME/tilde"
assert_missing "./~"
login_at HF_HOME='$HOME/dollar'
check_at "$HOME/dollar"
login_at HF_HOME='${HOME}/braces'
check_at "$HOME/braces"
login_at HF_TOKEN_PATH='~/tp2/tok'
assert_file_eq "$HOME/tp2/tok" "$TOK_WORK"
assert_file_eq "$HOME/tp2/stored_tokens" "[work]
hf_token = $TOK_WORK

"
# An empty HF_HOME counts as unset: the default place.
run env HF_HOME= "$HF_AUTH" login --token "$TOK_WORK"
assert_rc 0
assert_file_eq "$HF_DIR/token" "$TOK_WORK"

# --- token --check: the Hub asked about the very token printed -------------
# (what pam_hfauth runs for validate and refresh together)
hub_requests_reset
printf '%s' "$TOK_WORK" >"$HF_DIR/token"
run "$HF_AUTH" token --check
assert_rc 0
assert_out_eq "$TOK_WORK
"
assert_err_eq ""
[ "$(hub_whoami_count "$TOK_WORK")" = 1 ] || fail "token --check did not ask the Hub once"
# rejected: nothing printed, exit 3, the token in no message
printf '%s' "$TOK_BAD" >"$HF_DIR/token"
run "$HF_AUTH" token --check
assert_rc 3
assert_out_empty
assert_err_has "hf-auth login"
assert_err_lacks_token "$TOK_BAD"
# the Hub could not say: printed all the same, exit 4
printf '%s' "$TOK_WORK" >"$HF_DIR/token"
for status in 429 503; do
    hub_mode "{\"whoami\": {\"status\": $status}}"
    run "$HF_AUTH" token --check
    assert_rc 4
    assert_out_eq "$TOK_WORK
"
    assert_err_lacks_token "$TOK_WORK"
done
hub_mode '{}'
run env HF_ENDPOINT=http://127.0.0.1:9 "$HF_AUTH" token --check
assert_rc 4
assert_out_eq "$TOK_WORK
"
# the precedence is token's: HF_TOKEN is the token asked about
hub_requests_reset
run env HF_TOKEN="$TOK_CI" "$HF_AUTH" token --check
assert_rc 0
assert_out_eq "$TOK_CI
"
[ "$(hub_whoami_count "$TOK_CI")" = 1 ] || fail "token --check asked about another token"
rm "$HF_DIR/token"
run "$HF_AUTH" token --check
assert_rc 1
assert_out_empty
assert_err_has "not logged in"
run "$HF_AUTH" token --check extra
assert_rc 2

echo "test-switch-list-token: all passed"
