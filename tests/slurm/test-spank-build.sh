#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# spank_hfauth.so as a shared object: it exports only what Slurm's plugin
# loader looks up, needs no library but libc (no libcurl, no cJSON, no
# Slurm library: the SPANK API comes from the process that loads it), and
# every symbol it leaves undefined is either found in what it needs or
# declared by <slurm/spank.h>.  Slurm builds plugins without -z defs, so
# this is the check that a missing symbol fails here, not in a job.
# Runs as any user.
. "$HFA_SRC/tests/lib.sh"

SPANK=$HFA_BUILD/spank_hfauth.so
SPANK_H=/usr/include/slurm/spank.h
SLURMFULL=/usr/lib/$(cc -print-multiarch)/slurm-wlm/libslurmfull.so
[ -f "$SPANK" ] || fail "$SPANK not built (make all)"
[ -f "$SPANK_H" ] || skip "no $SPANK_H (make deps installs libslurm-dev)"
san=; nm -D --undefined-only "$SPANK" | grep -q ' __asan_' && san=1

# ---- the exports: SPANK_PLUGIN()'s symbols and the entry points ---------
exports=$(nm -D --defined-only "$SPANK" | awk '{ print $3 }' | sort)
[ "$exports" = "plugin_name
plugin_type
plugin_version
slurm_spank_exit
slurm_spank_init
slurm_spank_init_post_opt
slurm_spank_task_init
slurm_spank_user_init
spank_plugin_version" ] || fail "exports: $exports"

# ---- what it needs: libc (and the sanitizer runtimes in that build) -----
needed=$(readelf -d "$SPANK" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort)
expected="libc.so.6"
[ -n "$san" ] && expected=$(printf '%s\n' libasan.so.8 libc.so.6 libubsan.so.1 | sort)
[ "$needed" = "$expected" ] || fail "DT_NEEDED: $needed"

# ---- every undefined symbol is resolved by those or is the SPANK API ----
defined=$T/defined
: >"$defined"
for lib in $(ldd "$SPANK" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }'); do
    nm -D --defined-only "$lib" | awk '{ print $3 }' | sed 's/@.*//' >>"$defined"
done
sort -u -o "$defined" "$defined"
unresolved=$(nm -D --undefined-only "$SPANK" | awk '$1 == "U" { print $2 }' |
    sed 's/@.*//' | sort -u | comm -23 - "$defined")
[ -n "$unresolved" ] || fail "no SPANK symbol left undefined: the check below would be vacuous"
for sym in $unresolved; do
    case $sym in
    spank_*|slurm_*) grep -Eq "\\b${sym}[[:space:]]*\\(" "$SPANK_H" ||
        fail "$sym is undefined and not declared by $SPANK_H" ;;
    *) fail "$sym is undefined and not the SPANK API" ;;
    esac
done

# ---- and it loads with RTLD_NOW beside Slurm's own library ---------------
# Not the sanitizer build: a program must start with the ASan runtime to
# load it (the cluster test does that for srun and slurmd).
if [ -z "$san" ] && [ -f "$SLURMFULL" ]; then
    run python3 -c '
import ctypes, os, sys
ctypes.CDLL(sys.argv[1], mode=os.RTLD_GLOBAL)
plugin = ctypes.CDLL(sys.argv[2], mode=os.RTLD_NOW)
def text(name):
    return ctypes.string_at(ctypes.addressof(ctypes.c_char.in_dll(plugin, name))).decode()
print(text("plugin_name"), text("plugin_type"),
      ctypes.c_uint.in_dll(plugin, "spank_plugin_version").value)' "$SLURMFULL" "$SPANK"
    assert_rc 0
    assert_out_eq "hfauth spank 1
"
    # ...and without it, the SPANK API is what is missing.
    run python3 -c 'import ctypes, os, sys; ctypes.CDLL(sys.argv[1], mode=os.RTLD_NOW)' "$SPANK"
    assert_rc 1
    assert_err_has "undefined symbol: s"
fi
echo ok
