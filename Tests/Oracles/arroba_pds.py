"""A personal data server made of arroba (snarfed's Python PDS) for the Bluesky channel's tests.

Serves XRPC on 127.0.0.1 at an ephemeral port, which it prints as its first line on stdout, until
its standard input closes (so it dies with the test that started it). One repository, DID
did:web:me.example and handle me.example, with a password the test passes as argv[1].

arroba validates each method's input against the lexicons lexrpc ships (a record's $type selects
its lexicon: app.bsky.feed.post, its embeds and its reply refs). The glue here is what arroba 3.1
leaves out, no more:
- com.atproto.repo.uploadBlob: kept in memory, answered with a blob ref whose CID is the bytes'
  CIDv1 (raw, SHA-256), as a PDS answers;
- com.atproto.repo.createRecord over a key that holds a record is refused (arroba would update
  it, as putRecord does), with the reference PDS's answer: 500 InternalServerError;
- a record that refers to a blob that was never uploaded is refused (400 BlobNotFound).
"""
import base64
import hashlib
import logging
import os
import sys
import threading

import flask
from werkzeug.serving import make_server

os.environ["REPO_TOKEN"] = "arroba-access-token"
os.environ["REPO_PASSWORD"] = sys.argv[1]

from arroba import server, xrpc_repo, xrpc_server  # noqa: E402,F401 (registers the methods)
from arroba.repo import Repo  # noqa: E402
from arroba.storage import MemoryStorage  # noqa: E402
from arroba.util import new_key  # noqa: E402
from lexrpc.base import XrpcError  # noqa: E402
from lexrpc.flask_server import init_flask  # noqa: E402

DID = "did:web:me.example"
blobs = {}


def raw_cid(data):
    digest = hashlib.sha256(data).digest()
    return "b" + base64.b32encode(bytes([1, 0x55, 0x12, 0x20]) + digest).decode().lower().rstrip("=")


def blob_links(value):
    if isinstance(value, dict):
        if value.get("$type") == "blob":
            # lexrpc decodes {"$link": ...} into a CID object
            ref = value["ref"]
            yield str(ref["$link"] if isinstance(ref, dict) else ref)
        for inner in value.values():
            yield from blob_links(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from blob_links(inner)


@server.server.method("com.atproto.repo.uploadBlob", override=True)
def upload_blob(input):
    server.authenticate()
    cid = raw_cid(input)
    blobs[cid] = input
    mime_type = flask.request.headers.get("Content-Type", "application/octet-stream")
    return {"blob": {"$type": "blob", "ref": {"$link": cid}, "mimeType": mime_type, "size": len(input)}}


@server.server.method("com.atproto.repo.createRecord", override=True)
def create_record(input):
    repo = server.load_repo(input["repo"])
    if input.get("rkey") and repo.get_record(input["collection"], input["rkey"]) is not None:
        raise XrpcError("Internal Server Error", name="InternalServerError", status=500)
    for link in blob_links(input.get("record")):
        if link not in blobs:
            raise XrpcError("blob %s was never uploaded" % link, name="BlobNotFound")
    return xrpc_repo.create_record(input)


def main():
    logging.basicConfig(level=logging.WARNING)
    server.storage = MemoryStorage()
    Repo.create(server.storage, DID, signing_key=new_key(), handle="me.example")
    app = flask.Flask("arroba-pds")
    init_flask(server.server, app)
    http = make_server("127.0.0.1", 0, app, threaded=True)
    print(http.server_port, flush=True)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    sys.stdin.read()


main()
