#!/usr/bin/env python3
"""A loopback receiver for Pacer's crash tests: a webhook, or the publishing endpoint of a platform.

Records every POST (one JSON line per request: path, Idempotency-Key, signature, body) in the file
given as the first argument, and prints the port it listens on. The first POST is held open (never
answered) so that a test can kill pacerd while the request is in flight; later ones are answered
200 with a URL (and, for Mastodon's shape, an id). GET /api/v2/instance answers as a Mastodon
instance with a 500-character limit. It stops by itself after 120 seconds.
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

log_path = sys.argv[1]
lock = threading.Lock()
count = 0


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        global count
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with lock:
            count += 1
            number = count
            with open(log_path, "a") as log:
                log.write(json.dumps({
                    "path": self.path,
                    "key": self.headers.get("Idempotency-Key"),
                    "signature": self.headers.get("X-Pacer-Signature"),
                    "body": body.decode("utf-8", "replace"),
                }) + "\n")
        if number == 1:
            time.sleep(60)  # held: the test kills pacerd meanwhile
            return
        reply = json.dumps({"id": str(number), "url": "https://hooks.example/received/%d" % number}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def do_GET(self):
        if self.path != "/api/v2/instance":
            self.send_response(404)
            self.end_headers()
            return
        reply = json.dumps({"configuration": {"statuses": {"max_characters": 500, "characters_reserved_per_url": 23}}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *arguments):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
threading.Timer(120, server.shutdown).start()
server.serve_forever()
