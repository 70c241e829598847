#!/usr/bin/env bash
# Runs one phase of `make test` (test-swift, test-e2e, test-reliability) under a time limit, so that
# a phase that stalls fails with a message naming it instead of hanging `make test` for ever.
#
#   Tests/Support/run-phase.sh NAME SECONDS COMMAND [ARGUMENT…]
#
# COMMAND runs in a session and process group of its own, under coreutils' timeout: at the limit
# the group gets SIGTERM, and SIGKILL 30 s later if it is still there. When the phase ends, in
# time or not, any process it left behind in its session (e.g. one that moved to a process group
# of its own) is named and killed, so that none can keep `make test`'s output open. SIGINT,
# SIGTERM and SIGHUP to this script are passed on to the phase's group. Exits with COMMAND's status,
# or non-zero with "make test: phase NAME did not finish within …; killed" on stderr.
set -u
name=$1 limit=$2
shift 2

# In a script, a background job is not a group leader: setsid makes it the leader of a new session
# and process group without forking, so $! is the session's and the group's id.
setsid timeout --kill-after=30s "${limit}s" "$@" &
phase=$!
trap 'kill -TERM -- -"$phase" 2>/dev/null' INT TERM HUP
started=$SECONDS
wait "$phase"
status=$?
# A trapped signal ends `wait` early: wait again until the phase itself has ended.
while kill -0 "$phase" 2>/dev/null; do
    wait "$phase"
    status=$?
done

# What is still in the session gets 2 s to end by itself (e.g. a test process's reaper, at work once
# the test process has exited).
for _ in $(seq 20); do
    left=$(ps -o pid=,stat=,args= --sid "$phase" | awk '$2 !~ /^Z/')
    [ -z "$left" ] && break
    sleep 0.1
done
if [ -n "$left" ]; then
    printf 'make test: phase %s left these processes behind; killed:\n%s\n' "$name" "$left" >&2
    kill -KILL $(awk '{ print $1 }' <<<"$left") 2>/dev/null
fi
if [ "$status" -ne 0 ] && [ $((SECONDS - started)) -ge "$limit" ]; then
    if [ $((limit % 60)) -eq 0 ]; then within="$((limit / 60)) min"; else within="$limit s"; fi
    echo "make test: phase $name did not finish within $within; killed" >&2
    exit 124
fi
exit "$status"
