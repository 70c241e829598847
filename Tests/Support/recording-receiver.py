#!/usr/bin/env python3
"""A loopback webhook receiver for Pacer's reliability suite that keeps its promise to Pacer.

Records every POST as one JSON line in the file given as the first argument (time, path,
Idempotency-Key, webhook-signature, body, and whether the receiver acted on it) and prints its port.
A request whose body was cut short (pacerd killed mid-send) is logged with "complete": false and
neither acted on nor answered.
It honours the webhook contract of docs/channels.md: a repeated Idempotency-Key is answered 2xx
again without acting twice, so "acted" is true once per key. Each answer waits a random 0-300 ms
(seeded by the second argument, default 1), so that a SIGKILL of pacerd lands mid-request as often
as between requests. Runs until killed or until its stdin reaches end of file (lifeline.py: the
suite holds the pipe's write end).

    python3 Tests/Support/recording-receiver.py received.jsonl [SEED] < PIPE
"""
import json
import random
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import lifeline

log_path = sys.argv[1]
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
lock = threading.Lock()
acted = {}  # Idempotency-Key -> the URL it was published at


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def handle(self):
        try:
            super().handle()
        except (ConnectionResetError, BrokenPipeError):
            pass  # pacerd was killed mid-request

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        key = self.headers.get("Idempotency-Key")
        if len(body) < length:
            # The sender died mid-body: a real receiver acts on nothing and cannot answer.
            with lock, open(log_path, "a") as log:
                log.write(json.dumps({"t": time.time(), "path": self.path, "key": key, "acted": False,
                                      "complete": False, "body": body.decode("utf-8", "replace")}) + "\n")
            return
        with lock:
            first = key not in acted
            if first:
                acted[key] = "https://hooks.example/received/%d" % (len(acted) + 1)
            url = acted[key]
            delay = rng.random() * 0.3
            with open(log_path, "a") as log:
                log.write(json.dumps({
                    "t": time.time(),
                    "path": self.path,
                    "key": key,
                    "signature": self.headers.get("webhook-signature"),
                    "acted": first,
                    "body": body.decode("utf-8", "replace"),
                }) + "\n")
                log.flush()
        time.sleep(delay)
        reply = json.dumps({"id": url.rsplit("/", 1)[1], "url": url}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *arguments):
        pass


lifeline.exit_at_end_of_input()
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
