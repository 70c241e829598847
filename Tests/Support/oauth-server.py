#!/usr/bin/env python3
"""A loopback authorization server and platform for the tests of `pacer auth`, and the browser.

Usage: oauth-server.py LOG [MODE] < PIPE   serve; print the port, exit at the end of stdin
                                           (lifeline.py) or after 120 seconds
       oauth-server.py browse URL          be the browser: GET URL, follow the redirects (to
                                           pacer's loopback listener) and print the last status
                                           and page

It is, at once, the OAuth 2.0 authorization server of X and LinkedIn (GET /authorize, POST
/2/oauth2/token and /oauth/v2/accessToken), a Mastodon instance (POST /api/v1/apps, GET
/oauth/authorize, POST /oauth/token) and a Bluesky PDS (POST com.atproto.server.createSession),
with their whoami calls (GET /2/users/me, /v2/userinfo, /api/v1/accounts/verify_credentials).
Every request is logged to LOG as a JSON line (method, path, query, form or JSON body, headers).

The authorization endpoints play the person who allows access: they redirect at once to the
redirect_uri with a code and the request's state. The token endpoints check what a real server
checks: the code was issued here to this client for this redirect_uri, and the PKCE code_verifier
hashes (S256) to that authorization's code_challenge; a confidential client's secret must be
right (HTTP Basic, or client_secret in the form); otherwise 400 invalid_grant / 401
invalid_client. Whoami calls need a token issued here.

MODE: ok (default); deny (the person refuses: error=access_denied); wrong-state (the redirect
carries another state); whoami-fails (the whoami calls answer 401).
The Bluesky account is ada.test with app password abcd-efgh-ijkl-mnop.
"""
import base64
import hashlib
import json
import secrets
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

CLIENT_ID = "pacer-test-client"
CLIENT_SECRET = "pacer-test-secret"
BLUESKY = {"identifier": "ada.test", "password": "abcd-efgh-ijkl-mnop"}

lock = threading.Lock()
authorizations = {}  # code -> the authorization request's parameters
apps = {}  # Mastodon client_id -> client_secret
tokens = set()


def browse(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            print(response.status, response.read().decode())
    except urllib.error.HTTPError as error:
        print(error.code, error.read().decode())


class Handler(BaseHTTPRequestHandler):
    def reply(self, status, document, headers=()):
        body = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_request_line(self, fields):
        entry = {"method": self.command, "path": urlsplit(self.path).path, "query": parse_qs(urlsplit(self.path).query),
                 "authorization": self.headers.get("Authorization", ""), **fields}
        with lock, open(log_path, "a") as log:
            log.write(json.dumps(entry) + "\n")

    def do_GET(self):
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        self.log_request_line({})
        if parts.path in ("/authorize", "/oauth/authorize"):
            return self.authorize(query)
        token = self.headers.get("Authorization", "").removeprefix("Bearer ")
        with lock:
            known = token in tokens
        if parts.path in ("/2/users/me", "/v2/userinfo", "/api/v1/accounts/verify_credentials"):
            if mode == "whoami-fails" or not known:
                return self.reply(401, {"error": "The access token is invalid"})
            if parts.path == "/2/users/me":
                return self.reply(200, {"data": {"id": "42", "name": "Ada", "username": "ada"}})
            if parts.path == "/v2/userinfo":
                return self.reply(200, {"sub": "ada-sub", "name": "Ada Lovelace"})
            return self.reply(200, {"id": "42", "acct": "ada"})
        self.reply(404, {"error": "not found"})

    def authorize(self, query):
        if query.get("response_type") != "code" or query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            return self.reply(400, {"error": "invalid_request", "error_description": "response_type=code and S256 PKCE required"})
        client = query.get("client_id")
        if client != CLIENT_ID and client not in apps:
            return self.reply(400, {"error": "invalid_client"})
        state = query.get("state", "")
        if mode == "deny":
            fields = {"error": "access_denied", "error_description": "The user denied the request", "state": state}
        else:
            code = secrets.token_urlsafe(16)
            with lock:
                authorizations[code] = query
            fields = {"code": code, "state": state + "-forged" if mode == "wrong-state" else state}
        self.send_response(302)
        self.send_header("Location", query["redirect_uri"] + "?" + urlencode(fields))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length).decode()
        path = urlsplit(self.path).path
        if self.headers.get("Content-Type", "").startswith("application/json"):
            body = json.loads(raw or "{}")
            self.log_request_line({"json": {key: ("<password>" if key == "password" else value) for key, value in body.items()}})
        else:
            body = {key: values[0] for key, values in parse_qs(raw).items()}
            self.log_request_line({"form": body})
        if path == "/api/v1/apps":
            client_id, client_secret = "mastodon-" + secrets.token_hex(4), secrets.token_hex(8)
            with lock:
                apps[client_id] = client_secret
            return self.reply(200, {"client_id": client_id, "client_secret": client_secret, "redirect_uri": body.get("redirect_uris")})
        if path in ("/2/oauth2/token", "/oauth/v2/accessToken", "/oauth/token"):
            return self.token(body)
        if path == "/xrpc/com.atproto.server.createSession":
            if body.get("identifier") != BLUESKY["identifier"] or body.get("password") != BLUESKY["password"]:
                return self.reply(401, {"error": "AuthenticationRequired", "message": "Invalid identifier or password"})
            return self.reply(200, {"did": "did:plc:ada", "handle": "ada.test", "accessJwt": "a", "refreshJwt": "r"})
        self.reply(404, {"error": "not found"})

    def token(self, form):
        with lock:
            authorization = authorizations.pop(form.get("code"), None)
        if form.get("grant_type") != "authorization_code" or authorization is None:
            return self.reply(400, {"error": "invalid_grant", "error_description": "unknown or used code"})
        if form.get("redirect_uri") != authorization["redirect_uri"] or form.get("client_id") != authorization["client_id"]:
            return self.reply(400, {"error": "invalid_grant", "error_description": "redirect_uri or client_id differs"})
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if not 43 <= len(verifier) <= 128 or challenge != authorization["code_challenge"]:
            return self.reply(400, {"error": "invalid_grant", "error_description": "PKCE verification failed"})
        basic = self.headers.get("Authorization", "")
        if basic and basic != "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode():
            return self.reply(401, {"error": "invalid_client"})
        client_id = form["client_id"]
        expected_secret = apps.get(client_id, CLIENT_SECRET)
        if "client_secret" in form and form["client_secret"] != expected_secret:
            return self.reply(401, {"error": "invalid_client"})
        if client_id in apps and "client_secret" not in form:
            return self.reply(401, {"error": "invalid_client", "error_description": "Mastodon apps are confidential"})
        token = "access-" + secrets.token_hex(8)
        with lock:
            tokens.add(token)
        self.reply(200, {"access_token": token, "token_type": "bearer", "expires_in": 7200,
                         "refresh_token": "refresh-" + secrets.token_hex(8), "scope": authorization.get("scope", "")})

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    if sys.argv[1] == "browse":
        browse(sys.argv[2])
        sys.exit(0)
    import lifeline

    log_path = sys.argv[1]
    mode = sys.argv[2] if len(sys.argv) > 2 else "ok"
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    lifeline.exit_at_end_of_input()
    threading.Timer(120, lambda: __import__("os")._exit(0)).start()
    server.serve_forever()
