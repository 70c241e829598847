#!/usr/bin/env python3
"""Runs a command under a real pseudo-terminal, as a person at a terminal does, and types into it.

Usage: pty-editor.py WAIT_FOR KEYS_JSON COMMAND [ARGUMENT...]

The command is the session leader of a new pseudo-terminal and in its foreground process group,
as a shell runs it. Once WAIT_FOR has appeared on the screen, each string of the JSON list
KEYS_JSON is typed, 0.4 s apart (an editor draws between keys). Prints what the terminal showed
and exits with the command's status; if it has not ended 30 s after the last key (an editor
stopped by SIGTTOU, say), it is killed and the status is 124.
"""
import fcntl
import json
import os
import pty
import select
import signal
import struct
import sys
import termios
import time

wait_for, keys, command = sys.argv[1].encode(), json.loads(sys.argv[2]), sys.argv[3:]
pid, master = pty.fork()
if pid == 0:
    os.execvp(command[0], command)
fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
screen = b""


def read_for(seconds):
    """Reads what the terminal shows for `seconds`; False once the command has closed it."""
    global screen
    end = time.time() + seconds
    while time.time() < end:
        ready, _, _ = select.select([master], [], [], max(0.0, end - time.time()))
        if not ready:
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:
            return False
        if not chunk:
            return False
        screen += chunk
    return True


deadline = time.time() + 20
while wait_for not in screen and time.time() < deadline and read_for(0.1):
    pass
for key in keys:
    os.write(master, key.encode())
    read_for(0.4)
status = None
deadline = time.time() + 30
while time.time() < deadline:
    done, raw = os.waitpid(pid, os.WNOHANG)
    if done:
        status = os.waitstatus_to_exitcode(raw)
        break
    read_for(0.1)
if status is None:
    os.killpg(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    status = 124
read_for(0.2)
sys.stdout.write(screen.decode("utf-8", "replace"))
sys.exit(status if status >= 0 else 128 - status)
