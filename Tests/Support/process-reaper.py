#!/usr/bin/env python3
"""Kills the processes a test run started once the test process is gone, even when it was killed.

Usage: process-reaper.py, with a pipe as stdin whose write end only the test process holds. The
test writes `+PGID` when it starts a process (as the leader of its own process group) and `-PGID`
once it has stopped and reaped it. At end of file (the test process exited or was killed, so the
kernel closed the pipe) every group still listed is killed with SIGKILL, grandchildren included,
and the reaper exits. It ignores SIGINT, SIGTERM and SIGHUP: it must outlive the test process to
do its work, and exits only at end of file.
"""
import os
import signal
import sys

for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(number, signal.SIG_IGN)

groups = set()
for line in sys.stdin:
    line = line.strip()
    if line.startswith("+"):
        groups.add(int(line[1:]))
    elif line.startswith("-"):
        groups.discard(int(line[1:]))
for group in groups:
    try:
        os.killpg(group, signal.SIGKILL)
    except ProcessLookupError:
        pass
