#!/usr/bin/env python3
"""A loopback receiver for Pacer's crash tests: a webhook, the publishing endpoint of a platform,
or a Bluesky PDS.

Usage: holding-receiver.py LOG [MODE] < PIPE. It prints the port it listens on, and exits when its
stdin reaches end of file (lifeline.py: the test holds the pipe's write end) or after 120 seconds.

Without MODE it records every POST (one JSON line per request: path, Idempotency-Key, signature,
body) in LOG. The first POST is held open (never answered) so that a test can kill pacerd while the
request is in flight; later ones are answered 200 with a URL (and, for Mastodon's shape, an id).
GET /api/v2/instance answers as a Mastodon instance with a 500-character limit, or N characters
with MODE `mastodon-limit=N`. With MODE `hold-status=N` the N-th POST to /api/v1/statuses is the
one held (a thread's N-th part), every other POST is answered. A POST to /api/v1/statuses makes its status before anything else
(the held first one too, as Mastodon saves a status before it answers), and the account's
statuses are read back as Mastodon serves them: GET /api/v1/accounts/verify_credentials answers
the account (id 1), GET /api/v1/accounts/1/statuses its statuses, newest first, text as HTML.

MODE `bluesky-stored` or `bluesky-lost` models a PDS (one account, did:plc:pacertest) and records
every XRPC call (method, path without query, rkey, outcome):
- POST com.atproto.server.createSession and refreshSession answer tokens;
- GET com.atproto.identity.resolveHandle resolves `*.test` handles to did:plc:<first label>;
- POST com.atproto.repo.createRecord: the FIRST one is held open. With `bluesky-stored` the record
  is committed before the connection hangs (outcome `held+stored`), like a PDS that stored the
  record but whose reply never arrived; with `bluesky-lost` it is not (outcome `held`). Later
  creates store the record (`stored`), except over an existing rkey, which the reference PDS
  answers with 500 InternalServerError (`exists`);
- GET com.atproto.repo.getRecord finds a stored record, else 400 RecordNotFound.
Every other path is 404. Requests whose bearer token is not the session's are refused with 401.
"""
import datetime
import html
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import lifeline

log_path = sys.argv[1]
mode = sys.argv[2] if len(sys.argv) > 2 else "post"
instance_limit = 500
held_status = None  # with hold-status=N: hold the N-th status instead of the first POST
if mode.startswith("mastodon-limit="):
    instance_limit = int(mode.split("=", 1)[1])
    mode = "post"
if mode.startswith("hold-status="):
    held_status = int(mode.split("=", 1)[1])
    mode = "post"
lock = threading.Lock()
count = 0

DID = "did:plc:pacertest"
HANDLE = "ada.test"
COLLECTION = "app.bsky.feed.post"
records = {}  # rkey -> record, the PDS's repository
session = {"access": "access-jwt-1", "refresh": "refresh-jwt-1"}
creates = 0
statuses = []  # the Mastodon account's statuses, oldest first


def append_log(entry):
    with open(log_path, "a") as log:
        log.write(json.dumps(entry) + "\n")


class Handler(BaseHTTPRequestHandler):
    def reply(self, status, document):
        body = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        if mode != "post":
            return self.pds("POST")
        global count
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with lock:
            count += 1
            number = count
            append_log({
                "path": self.path,
                "key": self.headers.get("Idempotency-Key"),
                "signature": self.headers.get("webhook-signature"),
                "body": body.decode("utf-8", "replace"),
            })
            hold = number == 1 and held_status is None
            if self.path == "/api/v1/statuses":
                text = json.loads(body).get("status", "")
                hold = hold or len(statuses) + 1 == held_status
                statuses.append({
                    "id": str(number),
                    "created_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                    "url": "https://hooks.example/received/%d" % number,
                    "content": "".join("<p>%s</p>" % html.escape(part).replace("\n", "<br />") for part in text.split("\n\n")),
                })
        if hold:
            time.sleep(60)  # held: the test kills pacerd meanwhile
            return
        self.reply(200, {"id": str(number), "url": "https://hooks.example/received/%d" % number})

    def do_GET(self):
        if mode != "post":
            return self.pds("GET")
        if self.path == "/api/v1/accounts/verify_credentials":
            return self.reply(200, {"id": "1", "username": "pacer", "acct": "pacer"})
        if urlsplit(self.path).path == "/api/v1/accounts/1/statuses":
            with lock:
                return self.reply(200, list(reversed(statuses)))
        if self.path != "/api/v2/instance":
            self.send_response(404)
            self.end_headers()
            return
        self.reply(200, {"configuration": {"statuses": {"max_characters": instance_limit, "characters_reserved_per_url": 23}}})

    def pds(self, method):
        global creates
        url = urlsplit(self.path)
        query = {name: values[0] for name, values in parse_qs(url.query).items()}
        body = self.rfile.read(int(self.headers.get("Content-Length", "0"))) if method == "POST" else b""
        document = json.loads(body) if body else {}
        bearer = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
        entry = {"method": method, "path": url.path}
        hold = False
        with lock:
            if url.path == "/xrpc/com.atproto.server.createSession" and method == "POST":
                status, answer = 200, self.login()
            elif url.path == "/xrpc/com.atproto.server.refreshSession" and method == "POST":
                if bearer != session["refresh"]:
                    status, answer = 400, {"error": "ExpiredToken", "message": "Token has expired"}
                else:
                    status, answer = 200, self.login()
            elif url.path == "/xrpc/com.atproto.identity.resolveHandle" and method == "GET":
                handle = query.get("handle", "")
                if handle.endswith(".test"):
                    status, answer = 200, {"did": "did:plc:" + handle.split(".")[0]}
                else:
                    status, answer = 400, {"error": "InvalidRequest", "message": "Unable to resolve handle"}
            elif url.path == "/xrpc/com.atproto.repo.createRecord" and method == "POST":
                rkey = document.get("rkey", "")
                entry["rkey"] = rkey
                creates += 1
                if bearer != session["access"]:
                    status, answer = 401, {"error": "InvalidToken", "message": "Token could not be verified"}
                    entry["outcome"] = "refused"
                elif document.get("repo") != DID or document.get("collection") != COLLECTION:
                    status, answer = 400, {"error": "InvalidRequest", "message": "Could not find repo or collection"}
                    entry["outcome"] = "refused"
                elif rkey in records:
                    status, answer = 500, {"error": "InternalServerError", "message": "Internal Server Error"}
                    entry["outcome"] = "exists"
                elif creates == 1:
                    hold = True
                    if mode == "bluesky-stored":
                        records[rkey] = document.get("record")
                        entry["outcome"] = "held+stored"
                    else:
                        entry["outcome"] = "held"
                else:
                    records[rkey] = document.get("record")
                    status, answer = 200, {"uri": "at://%s/%s/%s" % (DID, COLLECTION, rkey), "cid": "bafyreipacer%d" % creates}
                    entry["outcome"] = "stored"
            elif url.path == "/xrpc/com.atproto.repo.getRecord" and method == "GET":
                rkey = query.get("rkey", "")
                entry["rkey"] = rkey
                uri = "at://%s/%s/%s" % (query.get("repo"), query.get("collection"), rkey)
                if query.get("repo") == DID and query.get("collection") == COLLECTION and rkey in records:
                    status, answer = 200, {"uri": uri, "cid": "bafyreipacer", "value": records[rkey]}
                    entry["outcome"] = "found"
                else:
                    status, answer = 400, {"error": "RecordNotFound", "message": "Could not locate record: " + uri}
                    entry["outcome"] = "not found"
            else:
                status, answer = 404, {"error": "MethodNotImplemented", "message": "Method Not Implemented"}
            append_log(entry)
        if hold:
            time.sleep(60)  # held: the test kills pacerd meanwhile
            return
        self.reply(status, answer)

    def login(self):
        number = int(session["access"].rsplit("-", 1)[1]) + 1
        session["access"] = "access-jwt-%d" % number
        session["refresh"] = "refresh-jwt-%d" % number
        return {"did": DID, "handle": HANDLE, "accessJwt": session["access"], "refreshJwt": session["refresh"]}

    def log_message(self, *arguments):
        pass


lifeline.exit_at_end_of_input()
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
threading.Timer(120, server.shutdown).start()
server.serve_forever()
