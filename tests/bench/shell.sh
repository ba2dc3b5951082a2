#!/bin/bash
# tests/bench/shell.sh - the shell hook's costs, part of `make bench`:
#   - `hf-switch NAME` end to end in bash, against the floor of running
#     `hf-auth switch NAME` from the same loop;
#   - the prompt hook with nothing changed, per prompt, in bash, zsh and
#     fish (goal: under 50 us, no process), against calling an empty
#     function in the same shell, in the three usual states: a token file
#     the hook follows (prompt_hook_SHELL), no token file
#     (prompt_hook_SHELL_no_file), and an HF_TOKEN the user exported
#     (prompt_hook_SHELL_user_token);
#   - what one process per prompt would cost instead (bash running
#     /bin/true).
# Each shell times its own loops.  The prompt loops run in ROUNDS rounds
# (default 5), hook and empty function taking turns, and the fastest round
# of each counts: on a shared machine, noise only ever adds time.  Lines
# are "measure value unit [baseline]".
set -eu
: "${HFA_SRC:?}" "${HFA_BUILD:?}"
rounds=${BENCH_ROUNDS:-500}
prompts=${BENCH_PROMPTS:-2000}
prompt_rounds=${BENCH_PROMPT_ROUNDS:-5}
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
mkdir -p "$home/.cache/huggingface" "$home/empty/.cache/huggingface"
for i in 1 2 3 4 5; do
    printf '[token %s]\nhf_token = hf_benchmarkToken%020d\n\n' "$i" "$i"
done >"$home/.cache/huggingface/stored_tokens"
printf 'hf_benchmarkToken%020d' 1 >"$home/.cache/huggingface/token"
export HOME=$home HF_AUTH=$HFA_BUILD/hf-auth
unset HF_TOKEN HUGGING_FACE_HUB_TOKEN HF_HOME HF_TOKEN_PATH XDG_CACHE_HOME

# shellcheck disable=SC2016 # the code runs in bash -c
bash --norc --noprofile -c '
eval "$("$HF_AUTH" init bash)"
us() { local t=${1/./}; echo "${t#0}"; }    # EPOCHREALTIME in microseconds
per() { local ns=$(( ($(us "$2") - $(us "$1")) * 1000 / $3 ))
        printf "%d.%03d" $((ns / 1000)) $((ns % 1000)); }
t0=$EPOCHREALTIME
for ((i = 0; i < $1; i++)); do hf-switch "token $((i % 2 + 1))" 2>/dev/null; done
t1=$EPOCHREALTIME
for ((i = 0; i < $1; i++)); do "$HF_AUTH" switch "token $((i % 2 + 1))" 2>/dev/null; done
t2=$EPOCHREALTIME
for ((i = 0; i < $1; i++)); do /bin/true; done
t3=$EPOCHREALTIME
echo "shell.hf-switch_bash.time $(per "$t0" "$t1" "$1") us shell.hf-auth_switch.time"
echo "shell.hf-auth_switch.time $(per "$t1" "$t2" "$1") us"
echo "shell.spawn_true_bash.time $(per "$t2" "$t3" "$1") us"
' - "$rounds"
"$HF_AUTH" switch "token 1" 2>/dev/null

# One shell's prompt hook in one state, against an empty function:
# prompt SHELL SUFFIX, run with the state's HOME and HF_TOKEN.  Prints the
# hook's line, then the empty function's (kept by the caller once a shell).
# shellcheck disable=SC2016 # the code runs in the other shells
prompt() {
    case $1 in
    bash) bash --norc --noprofile -c '
eval "$("$HF_AUTH" init bash)"
us() { local t=${1/./}; echo "${t#0}"; }
ns() { echo $(( ($(us "$2") - $(us "$1")) * 1000 / $3 )); }
empty() { :; }
_hfa_prompt
hook=-1 base=-1
for ((r = 0; r < $2; r++)); do
    a=$EPOCHREALTIME
    for ((i = 0; i < $1; i++)); do _hfa_prompt; done
    b=$EPOCHREALTIME
    for ((i = 0; i < $1; i++)); do empty; done
    c=$EPOCHREALTIME
    d=$(ns "$a" "$b" "$1"); ((hook < 0 || d < hook)) && hook=$d
    d=$(ns "$b" "$c" "$1"); ((base < 0 || d < base)) && base=$d
done
printf "%d.%03d\n%d.%03d\n" $((hook / 1000)) $((hook % 1000)) $((base / 1000)) $((base % 1000))
' - "$prompts" "$prompt_rounds" ;;
    zsh) zsh -f -c '
zmodload zsh/datetime
eval "$("$HF_AUTH" init zsh)"
empty() { : }
_hfa_prompt
float hook=-1 base=-1 a b c
repeat $2; do
    a=$EPOCHREALTIME
    repeat $1 _hfa_prompt
    b=$EPOCHREALTIME
    repeat $1 empty
    c=$EPOCHREALTIME
    (( hook < 0 || b - a < hook )) && hook=$(( b - a ))
    (( base < 0 || c - b < base )) && base=$(( c - b ))
done
printf "%.3f\n%.3f\n" $(( hook * 1e6 / $1 )) $(( base * 1e6 / $1 ))
' - "$prompts" "$prompt_rounds" ;;
    fish) fish --no-config -c '
$HF_AUTH init fish | source
function empty; end
__hfa_prompt
set -l hook -1
set -l base -1
set -l loop (seq $argv[1])
for r in (seq $argv[2])
    set -l a (date +%s%N)
    for i in $loop; __hfa_prompt; end
    set -l b (date +%s%N)
    for i in $loop; empty; end
    set -l c (date +%s%N)
    if test $hook -lt 0 -o (math "$b - $a") -lt $hook
        set hook (math "$b - $a")
    end
    if test $base -lt 0 -o (math "$c - $b") -lt $base
        set base (math "$c - $b")
    end
end
printf "%.3f\n%.3f\n" (math "$hook / 1000 / $argv[1]") (math "$base / 1000 / $argv[1]")
' "$prompts" "$prompt_rounds" ;;
    esac
}

for sh in bash zsh fish; do
    base=
    for state in file no_file user_token; do
        case $state in
        file) times=$(prompt "$sh") ;;
        no_file) times=$(HOME=$home/empty prompt "$sh") ;;
        user_token) times=$(HF_TOKEN=hf_exportedByTheUser prompt "$sh") ;;
        esac
        name=shell.prompt_hook_$sh
        [ "$state" = file ] || name=${name}_$state
        echo "$name.time ${times%%$'\n'*} us shell.empty_function_$sh.time"
        base=${base:-${times##*$'\n'}}
    done
    echo "shell.empty_function_$sh.time $base us"
done
