#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/bench/commands.sh - `hf-auth token` and `hf-auth list` against `cat`
# of the token file (the floor for "print a small file"), interleaved in
# one run, with the peak RSS of each process.  Part of `make bench`.
set -euo pipefail
: "${HFA_SRC:?}" "${HFA_BUILD:?}"
rounds=${BENCH_ROUNDS:-500}
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
hf_dir=$home/.cache/huggingface
mkdir -p "$hf_dir"
# A realistic store: a few tokens, one active.
for i in 1 2 3 4 5; do
    printf '[token %s]\nhf_token = hf_benchmarkToken%020d\n\n' "$i" "$i"
done >"$hf_dir/stored_tokens"
printf 'hf_benchmarkToken%020d' 3 >"$hf_dir/token"
HOME=$home env -u HF_TOKEN -u HF_HOME -u HF_TOKEN_PATH -u XDG_CACHE_HOME \
    "$HFA_BUILD/bench/spawn" "$rounds" \
    -- cat /bin/cat "$hf_dir/token" \
    -- token "$HFA_BUILD/hf-auth" token \
    -- list "$HFA_BUILD/hf-auth" list |
while read -r name mean_us rss_kib; do
    case $name in
    cat) echo "cmd.cat_token_file.time $mean_us us"
         echo "cmd.cat_token_file.peak_rss $rss_kib KiB" ;;
    *)   echo "cmd.hf-auth_$name.time $mean_us us cmd.cat_token_file.time"
         echo "cmd.hf-auth_$name.peak_rss $rss_kib KiB cmd.cat_token_file.peak_rss" ;;
    esac
done
