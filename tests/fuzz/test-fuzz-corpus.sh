#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/fuzz/test-fuzz-corpus.sh - the fuzz corpora as regression tests.
#
#  1. The seeds are what tests/fuzz/make_seeds.py writes (not stale).
#  2. Every file of tests/fuzz/corpus/<target>/ runs once through
#     $HFA_BUILD/fuzz/fuzz_<target> (libFuzzer runs each file given as an
#     argument once): any sanitizer report or failed check fails the test.
#  3. The real-shell check of `switch --export`: every value of
#     corpus/export/ (but those with a NUL, which no environment value can
#     hold) goes through cli_print_export() (export_emit) and the code is
#     run by the real bash, dash, zsh (eval) and fish (source); the
#     HF_TOKEN each shell ends up with, written to a file with printf %s,
#     must be the value byte for byte, and no command must run: the values
#     call `hfa_canary`, a program on PATH that leaves a file behind.
#
# Skipped in the sanitizer (and clang) build passes: the fuzz targets are
# built once, in the plain pass, with ASan and UBSan; and where clang has no
# libFuzzer.
# shellcheck disable=SC2016 # code for the shells under test, quoted for them
. "$HFA_SRC/tests/lib.sh"

case $HFA_BUILD in
*/asan) skip "the fuzz targets are built with ASan+UBSan in the plain pass" ;;
*/clang) skip "the fuzz targets are built in the plain pass" ;;
esac

FUZZ=$HFA_BUILD/fuzz
CORPUS=$HFA_SRC/tests/fuzz/corpus
if [ ! -x "$FUZZ/fuzz_ini" ]; then
    rt=$(clang -print-resource-dir 2>/dev/null)/lib/linux/libclang_rt.fuzzer-$(uname -m).a
    [ -f "$rt" ] || skip "clang with libFuzzer (libclang-rt-14-dev) is not installed"
    fail "the fuzz targets are not built in $FUZZ: make fuzz-build"
fi

# --- 1. seeds ------------------------------------------------------------
python3 "$HFA_SRC/tests/fuzz/make_seeds.py" --check ||
    fail "stale seeds: run tests/fuzz/make_seeds.py"

# --- 2. every corpus through its target ----------------------------------
failures=0
for src in "$HFA_SRC"/tests/fuzz/fuzz_*.c; do
    t=${src##*/fuzz_}; t=${t%.c}
    bin=$FUZZ/fuzz_$t
    files=("$CORPUS/$t"/*)
    [ -e "${files[0]}" ] || fail "no corpus in $CORPUS/$t"
    if [ ! -x "$bin" ]; then
        fail "$bin is not built"
    fi
    if "$bin" -rss_limit_mb=2048 -timeout=10 -artifact_prefix="$T/" "${files[@]}" >"$T/$t.log" 2>&1; then
        echo "ok: fuzz_$t, ${#files[@]} inputs"
        continue
    fi
    # Name every failing input, not only the first.
    echo "FAILED: fuzz_$t"
    for f in "${files[@]}"; do
        if ! "$bin" -rss_limit_mb=2048 -timeout=10 -artifact_prefix="$T/" "$f" >"$T/one.log" 2>&1; then
            echo "  ${f#"$HFA_SRC"/}:"
            grep -a -E '^fuzz_|ERROR: |SUMMARY: |runtime error' "$T/one.log" |
                head -n 4 | sed 's/^/    /'
        fi
    done
    failures=$((failures + 1))
done

# --- 3. the real shells ----------------------------------------------------
CANARY_DIR=$T/canary-bin
CANARY_LOG=$T/canary.log
mkdir -p "$CANARY_DIR"
printf '#!/bin/sh\necho "ran: $0 $*" >> "%s"\n' "$CANARY_LOG" >"$CANARY_DIR/hfa_canary"
chmod 0755 "$CANARY_DIR/hfa_canary"
export PATH="$CANARY_DIR:$PATH"
# The canary works (else "nothing ran" would prove nothing).
bash -c hfa_canary
[ -s "$CANARY_LOG" ] || fail "the canary does not leave its file"
rm -f "$CANARY_LOG"

shells=(bash dash zsh fish)
for sh in "${shells[@]}"; do
    command -v "$sh" >/dev/null || fail "$sh is not installed (make deps)"
done

# shell code-file out-file: runs the code, then writes what HF_TOKEN holds.
run_shell() {
    local t=(timeout 20 env -u HF_TOKEN)
    case $1 in
    bash) "${t[@]}" bash --norc --noprofile -c 'eval "$(cat "$1")" && printf %s "$HF_TOKEN" >"$2"' bash "$2" "$3" ;;
    dash) "${t[@]}" dash -c 'eval "$(cat "$1")" && printf %s "$HF_TOKEN" >"$2"' dash "$2" "$3" ;;
    zsh)  "${t[@]}" zsh -f -c 'eval "$(cat "$1")" && printf %s "$HF_TOKEN" >"$2"' zsh "$2" "$3" ;;
    fish) "${t[@]}" fish --no-config -c 'source $argv[1]; and printf %s "$HF_TOKEN" >$argv[2]' "$2" "$3" ;;
    esac
}

checked=0
shell_failures=0
for f in "$CORPUS"/export/*; do
    name=${f#"$HFA_SRC"/}
    for sh in "${shells[@]}"; do
        emit_as=$sh; [ "$sh" = dash ] && emit_as="sh"
        "$FUZZ/export_emit" "$emit_as" "$f" >"$T/code" 2>"$T/emit.err"
        rc=$?
        [ $rc = 3 ] && continue 2   # a NUL: not a possible value
        [ $rc = 0 ] || fail "export_emit $emit_as $name: exit $rc: $(cat "$T/emit.err")"
        rm -f "$T/out"
        run_shell "$sh" "$T/code" "$T/out" >"$T/sh.out" 2>"$T/sh.err"
        rc=$?
        if [ $rc != 0 ] || [ -s "$T/sh.err" ] || [ -s "$T/sh.out" ] ||
           ! cmp -s "$T/out" "$f"; then
            echo "FAILED: $sh does not get back $name (exit $rc)"
            echo "    code: $(od -An -c "$T/code" | head -n 3 | tr -s ' ')"
            [ -f "$T/out" ] && echo "    got:  $(od -An -c "$T/out" | head -n 3 | tr -s ' ')"
            sed 's/^/    stderr: /' "$T/sh.err" | head -n 3
            shell_failures=$((shell_failures + 1))
        fi
    done
    checked=$((checked + 1))
done
if [ -e "$CANARY_LOG" ]; then
    cat "$CANARY_LOG"
    fail "a shell ran a command hidden in an exported value"
fi
echo "ok: ${#shells[@]} real shells, $checked export values, nothing ran"

[ $failures = 0 ] || fail "$failures fuzz target(s) failed on their corpus"
[ $shell_failures = 0 ] || fail "$shell_failures real-shell check(s) failed"
exit 0
