"""Ends a test helper (a loopback receiver) when the test that started it is gone.

The test gives the helper a pipe as stdin and alone holds its write end. When the test stops the
helper's input, ends or dies in any way (even by SIGKILL), the kernel closes that end, the helper
reads end of file and exits. A test that is killed cannot stop its helpers itself, and a helper
that outlives it keeps serving and holds open whatever output it inherited: `make test` once hung
on such receivers (issue 21, item 12).

Not the parent-death signal (prctl PR_SET_PDEATHSIG): Linux sends it when the *thread* that
started the child exits, and the tests run on pool threads that come and go while the test
process lives, so it could kill a helper in the middle of its test. A pipe closes only when every
holder of its write end is gone, that is when the test process is.
"""
import os
import sys
import threading


def exit_at_end_of_input():
    """Exits the process, at once and whatever its other threads do, when stdin reaches its end."""
    def watch():
        while os.read(sys.stdin.fileno(), 4096):
            pass
        os._exit(0)

    threading.Thread(target=watch, name="lifeline", daemon=True).start()
