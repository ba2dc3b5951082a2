#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# spank_hfauth on a real one-node Slurm cluster (tests/slurm/lib-slurm.sh):
# srun, sbatch and salloc as a throw-away user, the token set at launch,
# the name checked at submission, and no token where the controller or the
# daemons keep anything.  One cluster for every scenario; plugstack.conf
# is rewritten between them (Slurm re-reads it at each command and launch).
# The README's Slurm lines (plugstack lines, sbatch --hf-token) run here
# as written.
# Root only; CI runs as root.
. "$HFA_SRC/tests/lib.sh"
. "$HFA_SRC/tests/slurm/lib-slurm.sh"

slurm_skip_unless_usable
slurm_start
make_slurm_user
U=$JOB_USER
H=$JOB_HOME
HF=$H/.cache/huggingface
TOK_HAND=hf_setByHandInTheShell07

# The user's store as huggingface_hub writes it: the active token file (no
# newline) and stored_tokens, 0600 in a 0700 folder.
write_user_store() {
    as_job_user -- sh -c "umask 077; mkdir -p '$HF' &&
        printf '%s' '$TOK_PERSONAL' >'$HF/token' &&
        printf '[personal]\nhf_token = %s\n\n[work]\nhf_token = %s\n\n' \
            '$TOK_PERSONAL' '$TOK_WORK' >'$HF/stored_tokens'"
}
write_user_store

# A file of the user, mode and content given (as the user, so owned by it).
user_file() {   # path mode content
    as_job_user -- sh -c "mkdir -p \"\$(dirname '$1')\" && printf '%s' '$3' >'$1' && chmod $2 '$1'"
}

# run_job [VAR=value...] -- srun/sbatch args...: as the user; RC/OUT/ERR.
# Slurm's own notes on a job that waited a moment for the node (the one
# before it still completing) are dropped from ERR.
run_job() {
    run as_job_user "$@"
    ERR=$(printf '%s' "$ERR" | grep -Ev '^(srun|salloc): job [0-9]+ (queued and waiting for resources|has been allocated resources)$'; echo x)
    ERR=${ERR%x}
}

# The one line the job printed for `printenv HF_TOKEN` ("" when unset).
assert_job_token() {
    if [ -z "$1" ]; then
        { [ "$RC" = 1 ] && [ -z "$OUT" ]; } || fail "expected no HF_TOKEN in the job"
    else
        assert_rc 0
        assert_out_eq "$1
"
    fi
}

jobs_known() { squeue -h -t all -o %i | sort; }

# Submits with sbatch (extra args), waits for the end; the output file's
# content in $JOBOUT.
batch() {   # [VAR=value...] -- sbatch args...
    local vars=() id
    while [ $# -gt 0 ] && [ "$1" != -- ]; do vars+=("$1"); shift; done
    shift
    rm -f "$H/job.out"
    run_job "${vars[@]}" -- sbatch --parsable -o "$H/job.out" "$@"
    assert_rc 0
    id=${OUT%%;*}; id=${id%$'\n'}
    wait_job "$id"
    JOBOUT=$(cat "$H/job.out" 2>/dev/null; echo x); JOBOUT=${JOBOUT%x}
}

plugstack "optional $SPANK debug"

# ---- the option is offered by srun, sbatch and salloc ----------------------
for cmd in srun sbatch salloc; do
    run_job -- "$cmd" --help
    assert_out_has "--hf-token=NAME         Give the job the stored Hugging Face token NAME in"
done

# ---- no --hf-token, no HF_TOKEN in the job: the active token --------------
snapshot() { stat -c '%s %Y %a %U' "$HF/token" "$HF/stored_tokens"; cat "$HF/token" "$HF/stored_tokens"; }
before=$(snapshot)
run_job -- srun --export=NONE /usr/bin/printenv HF_TOKEN
assert_job_token "$TOK_PERSONAL"
assert_err_lacks "$TOK_PERSONAL"

# ---- --hf-token=work: that token, the active one left alone ---------------
run_job -- srun --hf-token=work printenv HF_TOKEN
assert_job_token "$TOK_WORK"
assert_err_eq "srun: spank_hfauth: --hf-token=work: stored in $HF/stored_tokens
"
[ "$(snapshot)" = "$before" ] || fail "the token files changed"
# ...over an HF_TOKEN the job brings from the shell, too
run_job HF_TOKEN="$TOK_HAND" -- srun --hf-token=work printenv HF_TOKEN
assert_job_token "$TOK_WORK"
# ...and without --hf-token that HF_TOKEN is the job's own: kept
run_job HF_TOKEN="$TOK_HAND" -- srun printenv HF_TOKEN
assert_job_token "$TOK_HAND"

# ---- an unknown name: nothing submitted, nothing runs ---------------------
known=$(jobs_known)
run_job -- srun --hf-token=nosuch touch "$H/ran"
assert_rc 255
assert_err_eq "srun: error: spank_hfauth: no stored Hugging Face token named 'nosuch' in $HF/stored_tokens (see hf-auth list); nothing submitted
srun: error: Invalid --hf-token argument: nosuch
"
run_job -- sbatch --hf-token=nosuch --wrap "touch '$H/ran'"
assert_rc 255
assert_err_eq "sbatch: error: spank_hfauth: no stored Hugging Face token named 'nosuch' in $HF/stored_tokens (see hf-auth list); nothing submitted
sbatch: error: Invalid --hf-token argument: nosuch
"
run_job -- salloc --hf-token=nosuch true
assert_rc 255
assert_err_has "no stored Hugging Face token named 'nosuch'"
[ "$(jobs_known)" = "$known" ] || fail "a job was submitted: $(jobs_known)"
assert_missing "$H/ran"
# A name with a control character is not echoed as it is.
run_job -- srun "--hf-token=$(printf 'a\033]52;c;x\007b')" true
assert_rc 255
assert_err_has "spank_hfauth: --hf-token=a?]52;c;x?b: the token name holds a control character"

# ---- sbatch --export=NONE --hf-token=work ---------------------------------
# The option reaches the batch step even though --export=NONE drops the
# variable Slurm normally sends it in (see slurm/launch.c), and each srun
# inside the script inherits it.
batch -- --export=NONE --hf-token=work --wrap "/usr/bin/printenv HF_TOKEN; $SAN_ENV srun --export=ALL /usr/bin/printenv HF_TOKEN"
[ "$JOBOUT" = "$TOK_WORK
srun: spank_hfauth: --hf-token=work: stored in $HF/stored_tokens
$TOK_WORK
" ] || fail "batch output: [$JOBOUT]"

# ---- #SBATCH --hf-token=NAME in the script works as the option --------------
as_job_user -- sh -c "printf '#!/bin/sh\n#SBATCH --hf-token=work\nprintenv HF_TOKEN\n' >'$H/job.sh'"
batch -- "$H/job.sh"
[ "$JOBOUT" = "$TOK_WORK
" ] || fail "#SBATCH --hf-token output: [$JOBOUT]"
as_job_user -- sh -c "printf '#!/bin/sh\n#SBATCH --hf-token=nosuch\ntouch ran\n' >'$H/job.sh'"
known=$(jobs_known)
run_job -- sbatch "$H/job.sh"
assert_rc 255
assert_err_has "sbatch: error: spank_hfauth: no stored Hugging Face token named 'nosuch'"
[ "$(jobs_known)" = "$known" ] || fail "a job was submitted: $(jobs_known)"

# ---- salloc --hf-token=work: the steps of the allocation get it -----------
run_job -- salloc --hf-token=work srun printenv HF_TOKEN
assert_job_token "$TOK_WORK"

# ---- a token file the job must not get ------------------------------------
R=$SD/rootonly
mkdir -m 0755 "$R"
printf '%s' "$TOK_CI" >"$R/token"; chmod 0600 "$R/token"
printf '%s' "$TOK_NONAME" >"$R/public"; chmod 0644 "$R/public"
# only root can read it
run_job HF_TOKEN_PATH="$R/token" -- srun printenv HF_TOKEN
assert_job_token ""
assert_err_has "slurmstepd-$SLURM_NODE: error: spank_hfauth: (user $U) cannot open token file $R/token: Permission denied; HF_TOKEN not set
"
# everyone can read it, but it is not the user's
run_job HF_TOKEN_PATH="$R/public" -- srun printenv HF_TOKEN
assert_job_token ""
assert_err_has "spank_hfauth: (user $U) token file $R/public is not owned by the user; HF_TOKEN not set
"
# a symlink of the user's to either
as_job_user -- ln -s "$R/public" "$H/link"
run_job HF_TOKEN_PATH="$H/link" -- srun printenv HF_TOKEN
assert_job_token ""
assert_err_has "spank_hfauth: (user $U) token file $H/link is a symbolic link; HF_TOKEN not set
"
# the user's own file, but group-writable
user_file "$H/gw/token" 0620 "$TOK_CI"
run_job HF_TOKEN_PATH="$H/gw/token" -- srun printenv HF_TOKEN
assert_job_token ""
assert_err_has "spank_hfauth: (user $U) token file $H/gw/token is writable by group or others; HF_TOKEN not set
"
# ...and through --hf-token, a group-writable stored_tokens
user_file "$H/gw/stored_tokens" 0664 "[ci]
hf_token = $TOK_CI
"
run_job HF_TOKEN_PATH="$H/gw/token" -- srun --hf-token=ci true
assert_rc 255
assert_err_eq "srun: error: spank_hfauth: --hf-token=ci: stored tokens file $H/gw/stored_tokens is writable by group or others; nothing submitted
srun: error: Invalid --hf-token argument: ci
"
for secret in "$TOK_CI" "$TOK_NONAME"; do
    case $OUT$ERR in *"$secret"*) fail "a refused token reached the user" ;; esac
done

# ---- HF_HOME from the job's environment -----------------------------------
user_file "$H/other-home/token" 0600 "$TOK_CI"
run_job HF_HOME="$H/other-home" -- srun printenv HF_TOKEN
assert_job_token "$TOK_CI"

# ---- a job without --hf-token never fails because of the plugin -----------
run_job HF_TOKEN_PATH="$H/gw/token" -- srun true
assert_rc 0
run_job HF_HOME=relative/path -- srun true
assert_rc 0

# ---- the named token gone by launch time: the task does not run -----------
run_job -- sbatch --parsable --hold -o "$H/gone.out" --hf-token=work --wrap "echo ran; printenv HF_TOKEN"
assert_rc 0
id=${OUT%$'\n'}
as_job_user -- sh -c "printf '[personal]\nhf_token = %s\n\n' '$TOK_PERSONAL' >'$HF/stored_tokens'"
as_job_user -- scontrol release "$id"
wait_job "$id"
[ "$(cat "$H/gone.out")" = "slurmstepd-$SLURM_NODE: error: spank_hfauth: (user $U) no stored Hugging Face token named 'work' in $HF/stored_tokens
spank_hfauth: the task does not run without the Hugging Face token 'work' it asked for" ] ||
    fail "output of the job whose token is gone: [$(cat "$H/gone.out")]"
[ "$(scontrol show job "$id" | grep -o 'ExitCode=[0-9:]*')" = "ExitCode=1:0" ] ||
    fail "job $id: $(scontrol show job "$id" | grep -o 'JobState=[A-Z]* .*ExitCode=[0-9:]*')"
write_user_store

# ---- options: override, token_path=, a typo --------------------------------
plugstack "optional $SPANK override"
run_job HF_TOKEN="$TOK_HAND" -- srun printenv HF_TOKEN
assert_job_token "$TOK_PERSONAL"
user_file "$H/alt/token" 0600 "$TOK_CI"
plugstack "optional $SPANK token_path=%h/alt/token"
run_job -- srun --export=NONE /usr/bin/printenv HF_TOKEN
assert_job_token "$TOK_CI"
plugstack "optional $SPANK debgu"
run_job -- srun --export=NONE /usr/bin/printenv HF_TOKEN
assert_job_token "$TOK_PERSONAL"
assert_err_has "spank_hfauth: unknown option debgu; ignored"

# ---- strip: the controller never stores the shell's token ----------------
plugstack "optional $SPANK strip debug"
run_job HF_TOKEN="$TOK_PERSONAL" -- sbatch --parsable --hold -o "$H/strip.out" --wrap 'printenv HF_TOKEN'
assert_rc 0
id=${OUT%$'\n'}
assert_err_eq "sbatch: spank_hfauth: HF_TOKEN not sent with the job
"
env_file=$SD/state/hash.${id: -1}/job.$id/environment
[ -f "$env_file" ] || fail "no saved environment for job $id"
grep -qa HF_TOKEN "$env_file" && fail "strip: HF_TOKEN is in the job's saved environment"
grep -rqa "$TOK_PERSONAL" "$SD/state" && fail "strip: the token is in the controller's state"
as_job_user -- scontrol release "$id"
wait_job "$id"
assert_file_eq "$H/strip.out" "$TOK_PERSONAL
"
# A token set by hand is not the active one: the user is told.
batch HF_TOKEN="$TOK_HAND" HUGGING_FACE_HUB_TOKEN="$TOK_HAND" -- --wrap 'printenv HF_TOKEN HUGGING_FACE_HUB_TOKEN'
assert_err_has "sbatch: spank_hfauth: HF_TOKEN is not sent with the job (a token stays on the login node); the job gets your active token instead. To choose one, use --hf-token=NAME"
[ "$JOBOUT" = "$TOK_PERSONAL
" ] || fail "strip batch output: [$JOBOUT]"
# With --hf-token, the named token all the same.
batch HF_TOKEN="$TOK_PERSONAL" -- --hf-token=work --wrap 'printenv HF_TOKEN'
[ "$JOBOUT" = "$TOK_WORK
" ] || fail "strip --hf-token batch output: [$JOBOUT]"

# ---- the README's Slurm lines, run as written ------------------------------
# Every plugstack line (`optional|required spank_hfauth.so ...`) and every
# sbatch/srun/salloc line with --hf-token in a code block of README.md is
# run here, so that the documentation cannot drift from the plugin: each
# plugstack line must give a job the active token, each job line the token
# it names (stored for the user under that name first).  A line the
# extractor finds but cannot run fails the test.
PY=$(command -v /usr/bin/python3 || command -v python3)
doc_lines=$("$PY" - "$HFA_SRC/README.md" <<'PYEOF'
import re, shlex, sys
for raw in open(sys.argv[1], encoding="utf-8"):
    if not raw.startswith("    "):
        continue
    line = raw.strip()
    for m in re.finditer(r"\b(optional|required)\s+spank_hfauth\.so([^'\"#\n]*)", line):
        print("plugstack\t" + (m.group(1) + " SPANK" + m.group(2)).strip())
    code = line.split("  #")[0].strip()
    if re.match(r"^(sbatch|srun|salloc)\s", code) and "--hf-token" in code:
        print("job\t" + code)
PYEOF
)
[ -n "$doc_lines" ] || fail "no Slurm line found in README.md"
n_plug=0 n_job=0
while IFS=$'\t' read -r kind line; do
    case $kind in
    plugstack)
        plugstack "${line/SPANK/$SPANK}"
        run_job -- srun --export=NONE /usr/bin/printenv HF_TOKEN
        assert_job_token "$TOK_PERSONAL"
        assert_err_lacks "unknown option"
        n_plug=$((n_plug + 1)) ;;
    job)
        read -r -a words <<<"$line"
        [ "${words[0]}" = sbatch ] || fail "README line not run by this test: $line"
        name='' args=()
        for w in "${words[@]:1}"; do
            case $w in
            --hf-token=*) name=${w#--hf-token=}; args+=("$w") ;;
            job.sh) args+=("$H/job.sh") ;;
            *) fail "README line not run by this test: $line" ;;
            esac
        done
        [ -n "$name" ] || fail "README line without a token name: $line"
        as_job_user -- sh -c "printf '\n[%s]\nhf_token = %s\n' '$name' '$TOK_CI' >>'$HF/stored_tokens' &&
            printf '#!/bin/sh\nprintenv HF_TOKEN\n' >'$H/job.sh' && chmod 0700 '$H/job.sh'"
        batch -- "${args[@]}"
        [ "$JOBOUT" = "$TOK_CI
" ] || fail "README line [$line]: the job printed [$JOBOUT]"
        write_user_store
        n_job=$((n_job + 1)) ;;
    esac
done <<<"$doc_lines"
[ "$n_plug" -ge 1 ] && [ "$n_job" -ge 1 ] ||
    fail "README: $n_plug plugstack and $n_job job lines (expected both)"
echo "README: $n_plug plugstack lines and $n_job job lines run"
plugstack "optional $SPANK strip debug"

# ---- no token anywhere the daemons keep things (debug was on) -------------
for secret in "$TOK_PERSONAL" "$TOK_WORK" "$TOK_CI" "$TOK_HAND" "$TOK_NONAME"; do
    where=$(grep -rla "$secret" "$SD/state" "$SD/log" "$SD/spool" "$SD/munge" 2>/dev/null)
    [ -z "$where" ] || fail "a token is in $where"
done
grep -q 'spank_hfauth: (user '"$U"') HF_TOKEN set from' "$SD/log/slurmd.log" ||
    fail "no debug line in slurmd.log"

# ---- without strip, sbatch's --export=ALL stores the shell's token --------
# The measurement behind the strip option, and proof that the check above
# sees a token when there is one: sbatch's default --export=ALL copies the
# shell's HF_TOKEN into the job's environment, which slurmctld saves under
# StateSaveLocation (and keeps after the job ends, until MinJobAge).  Last,
# since the token then stays there.
plugstack "optional $SPANK debug"
run_job HF_TOKEN="$TOK_HAND" -- sbatch --parsable --hold --wrap true
assert_rc 0
id=${OUT%$'\n'}
grep -rlaq "$TOK_HAND" "$SD/state/hash.${id: -1}/job.$id/environment" ||
    fail "without strip the shell's token should be in the job's saved environment"
scancel "$id"
wait_job "$id"

assert_no_san_reports
echo "ok"
