#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/bench/store.sh - how reading stored_tokens scales, part of `make
# bench`, on stores of 100 to 20,000 entries (the last near the 1 MiB
# cap) as huggingface_hub writes them:
#   - the time per entry of hfa_auth_list(), in one process
#     (tests/bench/store-scale.c), compared with the one at 100 entries:
#     flat when reading is linear in the file's size (it grew with the
#     number of entries while every section header looked through all the
#     earlier ones);
#   - `hf-auth list --format names`, which shell completion runs at every
#     Tab, as a whole command, compared with the same on an empty store
#     (the cost of starting the process), interleaved.
# Lines are "measure value unit [baseline]".
set -eu
: "${HFA_SRC:?}" "${HFA_BUILD:?}"
rounds=${BENCH_STORE_ROUNDS:-100}
sizes=${BENCH_STORE_SIZES:-"100 1000 5000 20000"}
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

mkdir "$root/scale"
# shellcheck disable=SC2086  # the sizes are words
"$HFA_BUILD/bench/store-scale" "$root/scale" $sizes |
while read -r n ns; do
    echo "store.auth_list.per_entry.${n}_entries $ns ns store.auth_list.per_entry.100_entries"
done

# A store of N entries, one active.
make_home() {   # DIR N
    mkdir -p "$1/.cache/huggingface"
    awk -v n="$2" 'BEGIN {
        for (i = 1; i <= n; i++)
            printf "[t%05d]\nhf_token = hf_%020d\n\n", i, i
    }' >"$1/.cache/huggingface/stored_tokens"
    printf 'hf_%020d' 1 >"$1/.cache/huggingface/token"
}
make_home "$root/empty" 0
args=(-- empty /usr/bin/env HOME="$root/empty" "$HFA_BUILD/hf-auth" list --format names)
for n in $sizes; do
    make_home "$root/n$n" "$n"
    args+=(-- "n$n" /usr/bin/env HOME="$root/n$n" "$HFA_BUILD/hf-auth" list --format names)
done
env -u HF_TOKEN -u HF_HOME -u HF_TOKEN_PATH -u XDG_CACHE_HOME \
    "$HFA_BUILD/bench/spawn" "$rounds" "${args[@]}" |
while read -r name mean_us _; do
    case $name in
    empty) echo "store.list_names_command.empty_store.time $mean_us us" ;;
    *) echo "store.list_names_command.${name#n}_entries.time $mean_us us store.list_names_command.empty_store.time" ;;
    esac
done
