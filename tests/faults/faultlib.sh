# SPDX-License-Identifier: Apache-2.0
# tests/faults/faultlib.sh - helpers of the fault-injection tests
# (tests/faults/test-*.sh).  Source it after tests/lib.sh and
# tests/cmd/cmdlib.sh.
#
#   need_strace             skips the test when strace cannot trace here
#   traced ARGS... -- CMD   runs CMD under strace ARGS (-f, output
#                           dropped); sets RC/OUT/ERR like `run`
#   plan_steps CMD...       runs CMD once under strace and prints, one a
#                           line, the steps that touch $HF_DIR:
#                             SYSCALL WHEN KIND TARGET
#                           WHEN is the strace inject `when=` that hits
#                           that call; KIND is create-temp, open-lock,
#                           open-read, write, fsync-file, fsync-dir,
#                           rename, unlink; TARGET the file the step is
#                           about (a temporary file's final name)
#                           (PLAN_RC: the exit status of CMD)
#   state_save NAME         copies $HF_DIR to $T/state.NAME
#   state_load NAME         makes $HF_DIR exactly that copy again
#   file_is PATH COPY...    PATH has exactly the bytes of one COPY (a
#                           missing COPY means "PATH is missing")
#   no_token_left DIR TOK...   no file under DIR holds any TOK
#   start_hub2 NAME [ARGS]  another fake Hub (state in $T/NAME): HUB2_DIR,
#                           HUB2_PORT; stopped on exit with EXTRA_PIDS
#   requests_in DIR         how many requests that Hub's state recorded

# shellcheck shell=bash disable=SC2034
# LeakSanitizer cannot run under ptrace: the sanitizer build's leak check
# is off for the traced runs only.
STRACE_ENV="ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0"

need_strace() {
    command -v strace >/dev/null || skip "no strace (make deps installs it)"
    strace -f -qq -o /dev/null -e inject=getppid:error=EPERM -- true 2>/dev/null ||
        skip "strace cannot trace or inject here"
}

traced() {
    local args=()
    while [ "$1" != -- ]; do args+=("$1"); shift; done
    shift
    # Through sh, so that a kill is an exit status of 137 and not a
    # "Killed" job message of this shell.
    run sh -c '"$@"; exit $?' sh \
        env "$STRACE_ENV" timeout 60 strace -f -qq -o /dev/null "${args[@]}" -- "$@"
}

plan_steps() {
    env "$STRACE_ENV" timeout 60 strace -f -qq -y -o "$T/plan.trace" \
        -e trace=openat,write,fsync,fdatasync,rename,renameat,renameat2,unlink,unlinkat \
        -- "$@" >"$T/plan.out" 2>"$T/plan.err" </dev/null
    PLAN_RC=$?
    $PY - "$T/plan.trace" "$HF_DIR" <<'EOF'
import re, sys
trace, hfdir = sys.argv[1], sys.argv[2].rstrip("/")
line_re = re.compile(r"^(\d+) +([a-z0-9_]+)\((.*)$")
counts, main = {}, None
for line in open(trace, encoding="utf-8", errors="replace"):
    m = line_re.match(line)
    if not m or "resumed>" in line:
        continue
    pid, name, rest = m.groups()
    main = main or pid
    if pid != main:          # inject counters are per process/thread
        continue
    counts[name] = counts.get(name, 0) + 1
    paths = re.findall(r'"([^"]*)"|<([^>]*)>', rest)
    paths = [a or b for a, b in paths]
    mine = [p for p in paths if p == hfdir or p.startswith(hfdir + "/")]
    if not mine:
        continue
    p = mine[-1] if name in ("rename", "renameat", "renameat2") else mine[0]
    base = p.rsplit("/", 1)[-1]
    temp = re.match(r"^\.(.+)\.tmp[A-Za-z0-9]{6}$", base)
    target = hfdir + "/" + temp.group(1) if temp else p
    if name == "openat":
        kind = ("create-temp" if temp else "open-lock" if base.endswith(".lock")
                else "open-read" if "O_CREAT" not in rest else "create")
    elif name in ("fsync", "fdatasync"):
        kind = "fsync-dir" if p == hfdir else "fsync-file"
    elif name.startswith("rename"):
        kind = "rename"
    elif name.startswith("unlink"):
        kind = "unlink"
    else:
        kind = name
    print(name, counts[name], kind, target)
EOF
}

state_save() {
    rm -rf "$T/state.$1"
    cp -a "$HF_DIR" "$T/state.$1"
}
state_load() {
    rm -rf "$HF_DIR"
    cp -a "$T/state.$1" "$HF_DIR"
}

file_is() {   # PATH COPY...
    local path=$1 copy; shift
    for copy in "$@"; do
        if [ -e "$copy" ]; then
            [ -f "$path" ] && cmp -s "$path" "$copy" && return 0
        else
            [ -e "$path" ] || return 0
        fi
    done
    return 1
}

no_token_left() {   # DIR TOKEN...
    local dir=$1 tok hits; shift
    for tok in "$@"; do
        hits=$(grep -rlF -- "$tok" "$dir" 2>/dev/null)
        [ -z "$hits" ] || { echo "$hits"; return 1; }
    done
    return 0
}

# ---- more fake Hubs, and other helper processes -------------------------
EXTRA_PIDS=
_fault_cleanup() {
    local pid
    for pid in $EXTRA_PIDS; do kill -KILL "$pid" 2>/dev/null; done
    _hfa_cleanup
}
trap _fault_cleanup EXIT

start_hub2() {
    local name=$1; shift
    HUB2_DIR=$T/$name
    mkdir -p "$HUB2_DIR"
    python3 "$HFA_SRC/tests/fakehub.py" --state-dir "$HUB2_DIR" \
        --port-file "$HUB2_DIR/port" --max-seconds 300 "$@" \
        >"$HUB2_DIR/server.log" 2>&1 &
    EXTRA_PIDS="$EXTRA_PIDS $!"
    for _ in $(seq 1 100); do
        [ -s "$HUB2_DIR/port" ] && break
        sleep 0.05
    done
    [ -s "$HUB2_DIR/port" ] || { cat "$HUB2_DIR/server.log" >&2; fail "fake Hub $name did not start"; }
    HUB2_PORT=$(cat "$HUB2_DIR/port")
}

# The number of requests a fake Hub's state folder recorded.
requests_in() {
    if [ -f "$1/requests.jsonl" ]; then wc -l <"$1/requests.jsonl"; else echo 0; fi
}
