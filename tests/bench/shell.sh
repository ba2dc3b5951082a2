#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/bench/shell.sh - the shell hook's costs, part of `make bench`:
#   - `hf-switch NAME` end to end in bash, against the floor of running
#     `hf-auth switch NAME` from the same loop;
#   - the prompt hook with nothing changed, per prompt, in bash, zsh and
#     fish (goal: under 50 us, no process), against calling an empty
#     function in the same shell, in the three usual states: a token file
#     the hook follows (prompt_hook_SHELL), no token file
#     (prompt_hook_SHELL_no_file), and an HF_TOKEN the user exported
#     (prompt_hook_SHELL_user_token); and, as a floor, a function that only
#     reads the token file and compares it with a variable, as any hook that
#     follows the file without a process must (read_and_compare_SHELL);
#   - the check just before a command line runs (bash's _hfa_preexec,
#     which the DEBUG trap calls once per line; zsh's preexec hook; in fish
#     the fish_prompt handler itself, which fish_preexec runs too, so its
#     figure is the prompt's), with a token file, in the same loops
#     (preexec_hook_SHELL), to be set beside prompt_hook_SHELL; and in
#     bash what the DEBUG trap adds to every other simple command of the
#     line (debug_trap_bash: a loop of `:` with the hook's trap, disarmed,
#     against the same loop without any trap, per command);
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

# One function of a shell against an empty function, with the state's
# HOME and HF_TOKEN: prompt SHELL [FUNCTION].  FUNCTION is the prompt hook
# by default, or "floor": only the read of the token file (the shell's
# cheapest read bounded to 4 KiB) and a comparison with a variable.
# Prints the function's time, then the empty function's.
# shellcheck disable=SC2016 # the code runs in the other shells
prompt() {
    local fn=${2:-}
    case $1 in
    bash) bash --norc --noprofile -c '
eval "$("$HF_AUTH" init bash)"
us() { local t=${1/./}; echo "${t#0}"; }
ns() { echo $(( ($(us "$2") - $(us "$1")) * 1000 / $3 )); }
empty() { :; }
p=$HOME/.cache/huggingface/token seen=
floor() { local v; read -r -N 4097 v <"$p"; [[ $v == "$seen" ]]; }
fn=${3:-_hfa_prompt}
[[ $fn == preexec ]] && _hfa_prompt || $fn
hook=-1 base=-1
for ((r = 0; r < $2; r++)); do
    a=$EPOCHREALTIME
    if [[ $fn == floor ]]; then
        for ((i = 0; i < $1; i++)); do floor; done
    elif [[ $fn == preexec ]]; then
        for ((i = 0; i < $1; i++)); do _hfa_preexec; done
    else
        for ((i = 0; i < $1; i++)); do _hfa_prompt; done
    fi
    b=$EPOCHREALTIME
    for ((i = 0; i < $1; i++)); do empty; done
    c=$EPOCHREALTIME
    d=$(ns "$a" "$b" "$1"); ((hook < 0 || d < hook)) && hook=$d
    d=$(ns "$b" "$c" "$1"); ((base < 0 || d < base)) && base=$d
done
printf "%d.%03d\n%d.%03d\n" $((hook / 1000)) $((hook % 1000)) $((base / 1000)) $((base % 1000))
' - "$prompts" "$prompt_rounds" "$fn" ;;
    zsh) zsh -f -c '
zmodload zsh/datetime zsh/system
eval "$("$HF_AUTH" init zsh)"
empty() { : }
p=$HOME/.cache/huggingface/token seen=
floor() { local v; sysread -s 4097 v <$p; [[ $v == "$seen" ]] }
fn=${3:-_hfa_prompt}
if [[ $fn == preexec ]]; then _hfa_prompt; else $fn; fi
float hook=-1 base=-1 a b c
repeat $2; do
    a=$EPOCHREALTIME
    if [[ $fn == floor ]]; then
        repeat $1 floor
    elif [[ $fn == preexec ]]; then
        repeat $1 _hfa_preexec
    else
        repeat $1 _hfa_prompt
    fi
    b=$EPOCHREALTIME
    repeat $1 empty
    c=$EPOCHREALTIME
    (( hook < 0 || b - a < hook )) && hook=$(( b - a ))
    (( base < 0 || c - b < base )) && base=$(( c - b ))
done
printf "%.3f\n%.3f\n" $(( hook * 1e6 / $1 )) $(( base * 1e6 / $1 ))
' - "$prompts" "$prompt_rounds" "$fn" ;;
    fish) fish --no-config -c '
$HF_AUTH init fish | source
function empty; end
set -g p $HOME/.cache/huggingface/token
set -g seen
begin
    set -l fish_read_limit 4096
    function floor -V fish_read_limit
        read -z -l v <$p
        test "$v" = "$seen"
    end
end
set -l fn __hfa_prompt
test -n "$argv[3]"; and set fn $argv[3]
__hfa_prompt
set -l hook -1
set -l base -1
set -l loop (seq $argv[1])
for r in (seq $argv[2])
    set -l a (date +%s%N)
    if test $fn = floor
        for i in $loop; floor; end
    else if test $fn = preexec
        for i in $loop; __hfa_prompt; end
    else
        for i in $loop; __hfa_prompt; end
    end
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
' "$prompts" "$prompt_rounds" "$fn" ;;
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
    times=$(prompt "$sh" preexec)
    echo "shell.preexec_hook_$sh.time ${times%%$'\n'*} us shell.empty_function_$sh.time"
    times=$(prompt "$sh" floor)
    echo "shell.read_and_compare_$sh.time ${times%%$'\n'*} us shell.empty_function_$sh.time"
    echo "shell.empty_function_$sh.time $base us"
done

# What bash's DEBUG trap, disarmed, adds to each simple command of a line:
# loops of `:` (the loop's own commands fire it too: three per turn) with
# the hook's trap and with none, best of the rounds, per command.
# shellcheck disable=SC2016 # the code runs in bash -i
bash --norc --noprofile -i -c '
eval "$("$HF_AUTH" init bash)"
us() { local t=${1/./}; echo "${t#0}"; }
trap_code=$(trap -p DEBUG)
with=-1 without=-1
for ((r = 0; r < $2; r++)); do
    eval "$trap_code"
    a=$EPOCHREALTIME
    for ((i = 0; i < $1; i++)); do :; done
    b=$EPOCHREALTIME
    trap - DEBUG
    for ((i = 0; i < $1; i++)); do :; done
    c=$EPOCHREALTIME
    d=$(( ($(us "$b") - $(us "$a")) * 1000 / ($1 * 3) )); ((with < 0 || d < with)) && with=$d
    d=$(( ($(us "$c") - $(us "$b")) * 1000 / ($1 * 3) )); ((without < 0 || d < without)) && without=$d
done
d=$((with - without))
printf "shell.debug_trap_bash.time %d.%03d us shell.empty_command_bash.time\n" $((d / 1000)) $((d % 1000))
printf "shell.empty_command_bash.time %d.%03d us\n" $((without / 1000)) $((without % 1000))
' - "$prompts" "$prompt_rounds" 2>/dev/null
