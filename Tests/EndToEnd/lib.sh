# shellcheck shell=bash
# Helpers for Pacer's end-to-end suite: a real systemd-journald and a real `systemd --user` manager
# on a machine where systemd is not PID 1 (containers, CI), as ../../../shared/SYSTEMD-IN-CI.md
# describes; assertions that count passes and failures.
#
# The user manager runs as root (UID 0), with HOME, the XDG directories and XDG_RUNTIME_DIR all in
# a fresh temporary tree. Root because it needs no account to be created or removed (nothing on
# the machine changes but a cgroup directory, and /run/systemd/system when absent), it works on a
# new CI machine as it comes, and the manager's private socket, the unit and pacer's files still
# live only in the temporary tree. What a second uid would add — the daemon refusing other users
# (SO_PEERCRED) and socket permissions — the integration tests check.
#
# Everything started here is recorded and stopped by pid in e2e_cleanup; /run/systemd/system
# and /run/systemd/journal are removed only if this run created them. Requires root.

E2E_PASSED=0
E2E_FAILED=0
E2E_STARTED_PIDS=()        # processes this run started, stopped in reverse order
E2E_CREATED_PATHS=()       # directories this run created outside its temporary tree
E2E_ROOT=""                # the temporary tree
E2E_MANAGER_PID=""
E2E_CGROUP_UNIFIED=/sys/fs/cgroup/unified/user.slice/user-0.slice/user@0.service
E2E_CGROUP_NAMED=/sys/fs/cgroup/systemd/user.slice/user-0.slice/user@0.service

e2e_log() { printf '[e2e] %s\n' "$*" >&2; }

# pass NAME / fail NAME [DETAIL…]: record one result.
pass() { E2E_PASSED=$((E2E_PASSED + 1)); printf 'ok   %s\n' "$1"; }
fail() {
    E2E_FAILED=$((E2E_FAILED + 1)); printf 'FAIL %s\n' "$1"
    shift; [ $# -eq 0 ] || printf '     %s\n' "$@"
}

# check NAME COMMAND…: pass if COMMAND succeeds, fail (with its output) otherwise.
check() {
    local name=$1 output; shift
    if output=$("$@" 2>&1); then pass "$name"; else fail "$name" "\$ $*" "$output"; fi
}

# check_eq NAME EXPECTED ACTUAL
check_eq() {
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected: $2" "actual:   $3"; fi
}

# check_match NAME EXTENDED-REGEX ACTUAL
check_match() {
    if [[ $3 =~ $2 ]]; then pass "$1"; else fail "$1" "expected to match: $2" "actual: $3"; fi
}

# poll SECONDS COMMAND…: run COMMAND every 0.2 s until it succeeds or SECONDS pass.
poll() {
    local deadline=$((SECONDS + $1)); shift
    until "$@" >/dev/null 2>&1; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.2
    done
}

# e2e_summary: print "N passed, N failed"; succeed only without failures.
e2e_summary() {
    printf '%d passed, %d failed\n' "$E2E_PASSED" "$E2E_FAILED"
    [ "$E2E_FAILED" -eq 0 ] && [ "$E2E_PASSED" -gt 0 ]
}

# e2e_make_tree: a temporary HOME with the XDG directories inside; exports them.
e2e_make_tree() {
    E2E_ROOT=$(mktemp -d /tmp/pacer-e2e.XXXXXX)
    export HOME=$E2E_ROOT/home
    export XDG_CONFIG_HOME=$HOME/.config XDG_DATA_HOME=$HOME/.local/share XDG_STATE_HOME=$HOME/.local/state
    export XDG_CACHE_HOME=$HOME/.cache XDG_RUNTIME_DIR=$E2E_ROOT/runtime
    mkdir -p "$XDG_CONFIG_HOME/systemd/user" "$XDG_DATA_HOME" "$XDG_STATE_HOME" "$XDG_CACHE_HOME" "$HOME/.local/bin"
    install -d -m 0700 "$XDG_RUNTIME_DIR"
    unset DBUS_SESSION_BUS_ADDRESS NOTIFY_SOCKET LISTEN_PID LISTEN_FDS INVOCATION_ID JOURNAL_STREAM
}

# e2e_mkdir_recorded DIR: create DIR (and parents), recording the topmost directory created.
e2e_mkdir_recorded() {
    local dir=$1 top=""
    while [ ! -e "$dir" ]; do top=$dir; dir=$(dirname "$dir"); done
    [ -z "$top" ] && return 0
    mkdir -p "$1" && E2E_CREATED_PATHS+=("$top")
}

# e2e_journal_reachable: journald accepts entries on its native socket.
e2e_journal_reachable() {
    [ -S /run/systemd/journal/socket ] &&
        python3 -c 'import socket; s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.connect("/run/systemd/journal/socket")' 2>/dev/null
}

# e2e_start_journald: start systemd-journald unless one already answers.
e2e_start_journald() {
    if e2e_journal_reachable; then e2e_log "journald already running"; return 0; fi
    e2e_mkdir_recorded /run/systemd/journal
    setsid /lib/systemd/systemd-journald </dev/null >"$E2E_ROOT/journald.log" 2>&1 &
    E2E_STARTED_PIDS+=($!)
    poll 10 e2e_journal_reachable || { e2e_log "journald did not start: $(cat "$E2E_ROOT/journald.log")"; return 1; }
    e2e_log "started systemd-journald (pid ${E2E_STARTED_PIDS[-1]})"
}

# e2e_start_user_manager: start `systemd --user` for UID 0 on the temporary tree and wait until
# it answers. Needs e2e_make_tree first.
e2e_start_user_manager() {
    e2e_mkdir_recorded /run/systemd/system
    e2e_mkdir_recorded "$E2E_CGROUP_UNIFIED"
    e2e_mkdir_recorded "$E2E_CGROUP_NAMED"
    # The manager must start inside its delegated cgroups: the shell moves itself there, then
    # execs the manager (same pid).
    setsid bash -c '
        echo $$ > "$1/cgroup.procs" && echo $$ > "$2/cgroup.procs" || exit 1
        exec /lib/systemd/systemd --user
    ' e2e-user-manager "$E2E_CGROUP_UNIFIED" "$E2E_CGROUP_NAMED" </dev/null >"$E2E_ROOT/manager.log" 2>&1 &
    E2E_MANAGER_PID=$!
    E2E_STARTED_PIDS+=("$E2E_MANAGER_PID")
    if ! poll 20 e2e_manager_running; then
        e2e_log "user manager did not start: $(systemctl --user is-system-running 2>&1)"
        cat "$E2E_ROOT/manager.log" >&2
        return 1
    fi
    e2e_log "started systemd --user (pid $E2E_MANAGER_PID)"
}

e2e_manager_running() {
    kill -0 "$E2E_MANAGER_PID" 2>/dev/null || return 2
    [ "$(systemctl --user is-system-running 2>/dev/null)" = running ]
}

# e2e_stop_pid PID: SIGTERM, wait up to 10 s, then SIGKILL.
e2e_stop_pid() {
    local pid=$1 i
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null
    for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
    e2e_log "pid $pid ignored SIGTERM; killing it"
    kill -KILL "$pid" 2>/dev/null
}

# e2e_cleanup: stop what this run started, newest first; remove what it created. Idempotent.
e2e_cleanup() {
    local i pid dir
    for ((i = ${#E2E_STARTED_PIDS[@]} - 1; i >= 0; i--)); do
        e2e_stop_pid "${E2E_STARTED_PIDS[i]}"
        # The manager's cgroup holds only processes it started for this run: stop any left over.
        if [ "${E2E_STARTED_PIDS[i]}" = "$E2E_MANAGER_PID" ] && [ -d "$E2E_CGROUP_UNIFIED" ]; then
            for pid in $(find "$E2E_CGROUP_UNIFIED" -name cgroup.procs -exec cat {} + 2>/dev/null); do
                e2e_stop_pid "$pid"
            done
        fi
    done
    E2E_STARTED_PIDS=()
    for ((i = ${#E2E_CREATED_PATHS[@]} - 1; i >= 0; i--)); do
        dir=${E2E_CREATED_PATHS[i]}
        case $dir in
            /sys/fs/cgroup/*) find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null ;;
            *) rm -rf "$dir" ;;
        esac
    done
    E2E_CREATED_PATHS=()
    [ -n "$E2E_ROOT" ] && rm -rf "$E2E_ROOT"
    E2E_ROOT=""
}
