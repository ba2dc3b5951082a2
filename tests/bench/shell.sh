#!/bin/bash
# tests/bench/shell.sh - the shell hook's costs, part of `make bench`:
#   - `hf-switch NAME` end to end in bash, against the floor of running
#     `hf-auth switch NAME` from the same loop;
#   - the prompt hook with nothing changed, per prompt, in bash, zsh and
#     fish (goal: under 50 us, no process), against calling an empty
#     function in the same shell; and what one process per prompt would
#     cost instead (bash running /bin/true).
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
mkdir -p "$home/.cache/huggingface"
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
ns() { echo $(( ($(us "$2") - $(us "$1")) * 1000 / $3 )); }
empty() { :; }
t0=$EPOCHREALTIME
for ((i = 0; i < $1; i++)); do hf-switch "token $((i % 2 + 1))" 2>/dev/null; done
t1=$EPOCHREALTIME
for ((i = 0; i < $1; i++)); do "$HF_AUTH" switch "token $((i % 2 + 1))" 2>/dev/null; done
t2=$EPOCHREALTIME
for ((i = 0; i < $1; i++)); do /bin/true; done
t3=$EPOCHREALTIME
hook=-1 base=-1
for ((r = 0; r < $3; r++)); do
    a=$EPOCHREALTIME
    for ((i = 0; i < $2; i++)); do _hfa_prompt; done
    b=$EPOCHREALTIME
    for ((i = 0; i < $2; i++)); do empty; done
    c=$EPOCHREALTIME
    d=$(ns "$a" "$b" "$2"); ((hook < 0 || d < hook)) && hook=$d
    d=$(ns "$b" "$c" "$2"); ((base < 0 || d < base)) && base=$d
done
echo "shell.hf-switch_bash.time $(per "$t0" "$t1" "$1") us shell.hf-auth_switch.time"
echo "shell.hf-auth_switch.time $(per "$t1" "$t2" "$1") us"
printf "shell.prompt_hook_bash.time %d.%03d us shell.empty_function_bash.time\n" $((hook / 1000)) $((hook % 1000))
printf "shell.empty_function_bash.time %d.%03d us\n" $((base / 1000)) $((base % 1000))
echo "shell.spawn_true_bash.time $(per "$t2" "$t3" "$1") us"
' - "$rounds" "$prompts" "$prompt_rounds"

# shellcheck disable=SC2016 # the code runs in zsh -c
zsh -f -c '
zmodload zsh/datetime
eval "$("$HF_AUTH" init zsh)"
empty() { : }
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
printf "shell.prompt_hook_zsh.time %.3f us shell.empty_function_zsh.time\n" $(( hook * 1e6 / $1 ))
printf "shell.empty_function_zsh.time %.3f us\n" $(( base * 1e6 / $1 ))
' - "$prompts" "$prompt_rounds"

# shellcheck disable=SC2016 # the code runs in fish -c
fish --no-config -c '
$HF_AUTH init fish | source
function empty; end
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
printf "shell.prompt_hook_fish.time %.3f us shell.empty_function_fish.time\n" (math "$hook / 1000 / $argv[1]")
printf "shell.empty_function_fish.time %.3f us\n" (math "$base / 1000 / $argv[1]")
' "$prompts" "$prompt_rounds"
