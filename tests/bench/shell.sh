#!/bin/bash
# tests/bench/shell.sh - the shell hook's costs, part of `make bench`:
#   - `hf-switch NAME` end to end in bash, against the floor of running
#     `hf-auth switch NAME` from the same loop;
#   - the prompt hook with nothing changed, per prompt, in bash, zsh and
#     fish (goal: under 50 us, no process), against calling an empty
#     function in the same shell; and what one process per prompt would
#     cost instead (bash running /bin/true).
# Each shell times its own loop; lines are "measure value unit [baseline]".
set -eu
: "${HFA_SRC:?}" "${HFA_BUILD:?}"
rounds=${BENCH_ROUNDS:-500}
prompts=${BENCH_PROMPTS:-10000}
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
empty() { :; }
t0=$EPOCHREALTIME
for ((i = 0; i < $1; i++)); do hf-switch "token $((i % 2 + 1))" 2>/dev/null; done
t1=$EPOCHREALTIME
for ((i = 0; i < $1; i++)); do "$HF_AUTH" switch "token $((i % 2 + 1))" 2>/dev/null; done
t2=$EPOCHREALTIME
for ((i = 0; i < $2; i++)); do _hfa_prompt; done
t3=$EPOCHREALTIME
for ((i = 0; i < $2; i++)); do empty; done
t4=$EPOCHREALTIME
for ((i = 0; i < $1; i++)); do /bin/true; done
t5=$EPOCHREALTIME
echo "shell.hf-switch_bash.time $(per "$t0" "$t1" "$1") us shell.hf-auth_switch.time"
echo "shell.hf-auth_switch.time $(per "$t1" "$t2" "$1") us"
echo "shell.prompt_hook_bash.time $(per "$t2" "$t3" "$2") us shell.empty_function_bash.time"
echo "shell.empty_function_bash.time $(per "$t3" "$t4" "$2") us"
echo "shell.spawn_true_bash.time $(per "$t4" "$t5" "$1") us"
' - "$rounds" "$prompts"

# shellcheck disable=SC2016 # the code runs in zsh -c
zsh -f -c '
zmodload zsh/datetime
eval "$("$HF_AUTH" init zsh)"
empty() { : }
t0=$EPOCHREALTIME
repeat $1 _hfa_prompt
t1=$EPOCHREALTIME
repeat $1 empty
t2=$EPOCHREALTIME
printf "shell.prompt_hook_zsh.time %.3f us shell.empty_function_zsh.time\n" $(( (t1 - t0) * 1e6 / $1 ))
printf "shell.empty_function_zsh.time %.3f us\n" $(( (t2 - t1) * 1e6 / $1 ))
' - "$prompts"

# shellcheck disable=SC2016 # the code runs in fish -c
fish --no-config -c '
$HF_AUTH init fish | source
function empty; end
set -l t0 (date +%s%N)
for i in (seq $argv[1]); __hfa_prompt; end
set -l t1 (date +%s%N)
for i in (seq $argv[1]); empty; end
set -l t2 (date +%s%N)
printf "shell.prompt_hook_fish.time %.3f us shell.empty_function_fish.time\n" (math "($t1 - $t0) / 1000 / $argv[1]")
printf "shell.empty_function_fish.time %.3f us\n" (math "($t2 - $t1) / 1000 / $argv[1]")
' "$prompts"
