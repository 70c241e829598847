#!/usr/bin/env python3
"""Pacer's reliability suite (issue 9): crashes, bad requests, concurrency, clocks, disks, other users.

Everything is real: the built `pacerd` and `pacer`, real SQLite files, real Unix sockets, real
processes killed with SIGKILL, a real loopback HTTP receiver. Each scenario prints one line
`PASS name: …` or `FAIL name: …` (with the broken invariants underneath), and the run ends with the
line every runner understands, `N passed, N failed`; the exit status is 1 when an invariant broke.

    python3 Tests/Reliability/soak.py --quick  BIN_DIR     # the make test numbers (a few minutes)
    python3 Tests/Reliability/soak.py          BIN_DIR     # the make soak numbers
    python3 Tests/Reliability/soak.py --only crash --cycles 50 --deliveries 400 BIN_DIR
    python3 Tests/Reliability/soak.py --report RELIABILITY.md BIN_DIR   # make soak: replaces the results section

No check waits on a clock for a verdict: every wait is on a condition with a generous deadline, so
a loaded machine makes the suite slower, never red.
"""
import argparse
import errno
import hashlib
import json
import os
import random
import resource
import shutil
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FINDINGS = "/tmp/pacer-soak-findings"  # inputs that crashed a parser, to reproduce them
SUPPORT = os.path.join(HERE, "..", "Support")
# A Standard Webhooks secret: whsec_ and the base64 of "s3cr3t-WEBHOOK-KEY-do-not-leak-7f3a9c".
SECRET = "whsec_czNjcjN0LVdFQkhPT0stS0VZLWRvLW5vdC1sZWFrLTdmM2E5Yw=="
WORDS = ("river stone lantern quiet meadow copper harbor violet signal orbit maple canvas ember "
         "thistle granite willow falcon saffron prism tundra cobalt juniper marble nectar ocean").split()


# ----------------------------------------------------------------------------------------------
# A pacerd on a temporary XDG tree


class Tree:
    """A temporary XDG tree, the pacerd running on it, and ways to talk to it."""

    def __init__(self, bin_dir, tag):
        self.bin_dir = bin_dir
        # Short: a Unix socket path must fit in 108 bytes.
        self.root = tempfile.mkdtemp(prefix="pr-%s-" % tag, dir="/tmp")
        for d in ("config/pacer", "state", "data", "runtime"):
            os.makedirs(os.path.join(self.root, d), exist_ok=True)
        os.chmod(os.path.join(self.root, "runtime"), 0o700)
        env = dict(os.environ)
        for name in ("NOTIFY_SOCKET", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "STATE_DIRECTORY",
                     "INVOCATION_ID", "JOURNAL_STREAM", "CREDENTIALS_DIRECTORY", "LD_PRELOAD"):
            env.pop(name, None)
        env.update({
            "XDG_CONFIG_HOME": self.path("config"), "XDG_STATE_HOME": self.path("state"),
            "XDG_DATA_HOME": self.path("data"), "XDG_RUNTIME_DIR": self.path("runtime"),
            "PACER_LOG_TARGET": "stderr", "TZ": "UTC",
        })
        self.env = env
        self.process = None
        self.log_path = self.path("pacerd.log")
        self.outputs = []  # every CLI stdout/stderr, for the secret scan

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    @property
    def socket_path(self):
        return self.path("runtime/pacer/control.sock")

    @property
    def db_path(self):
        return self.path("state/pacer/pacer.sqlite")

    @property
    def config_path(self):
        return self.path("config/pacer/config.toml")

    @property
    def outbox(self):
        return self.path("data/pacer/outbox")

    def write_config(self, text):
        with open(self.config_path, "w") as f:
            f.write(text)

    def launch(self, extra_env=None, prefix=()):
        env = dict(self.env)
        env.update(extra_env or {})
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(list(prefix) + [os.path.join(self.bin_dir, "pacerd")], env=env,
                                        stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        log.close()
        return self.process

    def start(self, extra_env=None, prefix=(), deadline=60):
        process = self.launch(extra_env, prefix)
        end = time.time() + deadline
        while time.time() < end:
            try:
                if self.request({"v": 1, "op": "status"}, timeout=5).get("ok"):
                    return process
            except (OSError, ValueError):
                pass
            if process.poll() is not None:
                raise RuntimeError("pacerd exited with %s: %s" % (process.returncode, self.log()[-2000:]))
            time.sleep(0.05)
        raise RuntimeError("pacerd did not answer within %d s: %s" % (deadline, self.log()[-2000:]))

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def kill(self):
        if self.alive():
            self.process.send_signal(signal.SIGKILL)
        if self.process is not None:
            self.process.wait()

    def stop(self):
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                return None
        return self.process.returncode if self.process else None

    def log(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def raw(self, data, timeout=30, shutdown=True):
        """Sends bytes on one connection; returns everything the daemon wrote before closing."""
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(timeout)
        try:
            s.connect(self.socket_path)
            try:
                s.sendall(data)
                if shutdown:
                    s.shutdown(socket.SHUT_WR)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the daemon may answer (too_large) and close before reading everything
            chunks = []
            while True:
                try:
                    chunk = s.recv(65536)
                except ConnectionResetError:
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            return b"".join(chunks)
        finally:
            s.close()

    def request(self, obj, timeout=30):
        reply = self.raw((json.dumps(obj) + "\n").encode(), timeout=timeout)
        return json.loads(reply.decode())

    def pacer(self, *args, stdin=None, timeout=120, env=None):
        e = dict(self.env)
        e.update(env or {})
        r = subprocess.run([os.path.join(self.bin_dir, "pacer")] + list(args), env=e, input=stdin,
                           capture_output=True, text=True, timeout=timeout)
        self.outputs.append(r.stdout + r.stderr)
        return r

    def rss_kib(self):
        try:
            with open("/proc/%d/status" % self.process.pid) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            return None

    def cleanup(self):
        self.kill()
        shutil.rmtree(self.root, ignore_errors=True)


def wait_for(description, condition, deadline=120, every=0.1):
    end = time.time() + deadline
    while time.time() < end:
        if condition():
            return True
        time.sleep(every)
    raise TimeoutError("timed out after %s s waiting for %s" % (deadline, description))


def open_ro(path):
    return sqlite3.connect("file:%s?mode=ro" % path, uri=True, timeout=30)


def words(rng, n=8):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def start_receiver(tree, seed):
    log = tree.path("received.jsonl")
    open(log, "w").close()
    # stdin: a pipe only this suite holds, so the receiver exits with the suite even when it is killed.
    p = subprocess.Popen([sys.executable, os.path.join(SUPPORT, "recording-receiver.py"), log, str(seed)],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    port = int(p.stdout.readline().strip())
    return p, port, log


def read_jsonl(path):
    """The complete lines of a JSON-lines file (the receiver may be writing the last one)."""
    out = []
    with open(path) as f:
        for line in f:
            if line.endswith("\n") and line.strip():
                out.append(json.loads(line))
    return out


class Result:
    def __init__(self, name):
        self.name = name
        self.failures = []
        self.facts = []

    def check(self, condition, message):
        if not condition:
            self.failures.append(message)
        return condition

    def fact(self, text):
        self.facts.append(text)


# ----------------------------------------------------------------------------------------------
# 1. Crashes


def scenario_crash(args, rng, result):
    """Deliveries through the outbox and a webhook while pacerd is SIGKILLed at random moments."""
    tree = Tree(args.bin_dir, "crash")
    receiver, port, received_log = start_receiver(tree, args.seed)
    try:
        secret_dir = tree.path("config/pacer/credentials")
        os.makedirs(secret_dir)
        with open(os.path.join(secret_dir, "hook-secret"), "w") as f:
            f.write(SECRET + "\n")
        os.chmod(os.path.join(secret_dir, "hook-secret"), 0o600)
        tree.write_config("""
[[channel]]
name = "outbox"
kind = "outbox"
default = true

[[channel]]
name = "hook"
kind = "webhook"
default = true
url = "http://127.0.0.1:%d/hook"
secret = "hook-secret"
timeout = "20s"
""" % port)
        total_posts = args.deliveries // 2
        pending_texts = ["crash post %d %s" % (i, words(rng)) for i in range(total_posts)]
        acknowledged = {}   # post id -> text
        unacknowledged = []  # texts whose add got no answer (the kill came first)
        published_snapshot = {}  # delivery id -> number of receiver lines when first seen published
        outbox_files = {}  # delivery id -> (inode, mtime_ns, size) once published
        per_batch = max(1, -(-total_posts // max(1, args.cycles)))
        kills = {"startup": 0, "running": 0}
        retry_texts = []

        def add_batch(batch):
            """Adds each text; one cut by the kill counts as unacknowledged and comes back as a new
            text (never the same one: a client that re-sends an unanswered add may queue it twice)."""
            for text in batch:
                try:
                    reply = tree.request({"v": 1, "op": "add", "params": {"text": text, "allow_duplicate": True}}, timeout=20)
                except (OSError, ValueError):
                    reply = {}
                if reply.get("ok"):
                    acknowledged[reply["result"]["id"]] = text
                else:
                    unacknowledged.append(text)
                    retry_texts.append("crash post again %d %s" % (len(unacknowledged), words(rng)))

        def check_dead(label):
            """The invariants, read straight from the store while no pacerd runs."""
            problems = []
            db = open_ro(tree.db_path)
            try:
                integrity = db.execute("PRAGMA integrity_check").fetchall()
                if integrity != [("ok",)]:
                    problems.append("%s: integrity_check %s" % (label, integrity[:3]))
                posts = dict(db.execute("SELECT id, text FROM post").fetchall())
                deliveries = {row[0]: row[1:] for row in db.execute(
                    "SELECT id, post_id, channel, state, url FROM delivery")}
                installation = db.execute("SELECT id FROM installation").fetchone()[0]
                published_attempts = db.execute(
                    "SELECT delivery_id, COUNT(*) FROM attempt WHERE outcome = 'published' GROUP BY delivery_id HAVING COUNT(*) > 1").fetchall()
            finally:
                db.close()
            for pid, text in acknowledged.items():
                if posts.get(pid) != text:
                    problems.append("%s: acknowledged post %d vanished or changed" % (label, pid))
            texts = list(posts.values())
            if len(texts) != len(set(texts)):
                problems.append("%s: a post was stored twice" % label)
            stray = set(texts) - set(acknowledged.values()) - set(unacknowledged)
            if stray:
                problems.append("%s: posts nobody added: %d" % (label, len(stray)))
            by_post = {}
            for did, (pid, channel, state, url) in deliveries.items():
                by_post.setdefault(pid, []).append(channel)
            for pid in posts:
                if sorted(by_post.get(pid, [])) != ["hook", "outbox"]:
                    problems.append("%s: post %d has deliveries %s" % (label, pid, by_post.get(pid)))
            if published_attempts:
                problems.append("%s: deliveries with two published attempts: %s" % (label, published_attempts[:5]))
            # The outbox: a file only for a claimed or published delivery; a published one has its
            # file, and once published the file is never written again.
            files = {}
            if os.path.isdir(tree.outbox):
                for name in os.listdir(tree.outbox):
                    if name.startswith("delivery-") and name.endswith(".txt"):
                        files[int(name[len("delivery-"):-4])] = os.path.join(tree.outbox, name)
                    elif name.startswith("delivery-") and name.endswith(".txt.tmp") and label != "final":
                        pass  # a write cut by the kill; the delivery is claimed, its re-publish replaces it
                    elif not name.startswith("."):
                        problems.append("%s: unexpected outbox file %s" % (label, name))
            for did, path in files.items():
                info = deliveries.get(did)
                if info is None or info[1] != "outbox":
                    problems.append("%s: outbox file for no outbox delivery: %d" % (label, did))
                    continue
                if info[2] not in ("claimed", "published"):
                    problems.append("%s: outbox file for delivery %d in state %s" % (label, did, info[2]))
                with open(path, encoding="utf-8", errors="replace") as f:
                    if posts[info[0]] not in f.read():
                        problems.append("%s: outbox file %d lacks its text" % (label, did))
            for did, (pid, channel, state, url) in deliveries.items():
                if channel == "outbox" and state == "published":
                    if did not in files:
                        problems.append("%s: published outbox delivery %d has no file" % (label, did))
                        continue
                    st = os.stat(files[did])
                    sig = (st.st_ino, st.st_mtime_ns, st.st_size)
                    if outbox_files.setdefault(did, sig) != sig:
                        problems.append("%s: outbox file of published delivery %d was written again" % (label, did))
                if channel == "outbox" and state == "unknown" and did in files:
                    problems.append("%s: outbox delivery %d unknown although its file proves it" % (label, did))
            # The webhook: every request carries its own delivery's key; a delivery the store
            # recorded as published is never requested again.
            requests = read_jsonl(received_log)
            acted = {}
            for index, r in enumerate(requests):
                if not r.get("complete", True):
                    # Cut by the kill before its body was sent: never acted on, never answered.
                    prefix = "pacer-%s-delivery-" % installation
                    if r["acted"] or not (r["key"] or "").startswith(prefix):
                        problems.append("%s: an incomplete request %d was acted on or had key %s" % (label, index, r["key"]))
                        continue
                    did = int(r["key"][len(prefix):])
                    if did in published_snapshot and index >= published_snapshot[did]:
                        problems.append("%s: delivery %d sent again after it was published (a double)" % (label, did))
                    continue
                body = json.loads(r["body"])
                did = body["delivery_id"]
                if r["key"] != "pacer-%s-delivery-%d" % (installation, did) or body["idempotency_key"] != r["key"]:
                    problems.append("%s: request %d has key %s for delivery %d" % (label, index, r["key"], did))
                info = deliveries.get(did)
                if info is None or info[1] != "hook" or posts.get(info[0]) != body["text"]:
                    problems.append("%s: request %d for delivery %d does not match the store" % (label, index, did))
                if did in published_snapshot and index >= published_snapshot[did]:
                    problems.append("%s: delivery %d requested again after it was published (a double)" % (label, did))
                if r["acted"]:
                    acted[did] = acted.get(did, 0) + 1
            for did, (pid, channel, state, url) in deliveries.items():
                if channel == "hook" and state == "published":
                    if acted.get(did, 0) != 1:
                        problems.append("%s: published webhook delivery %d acted on %d times" % (label, did, acted.get(did, 0)))
                    published_snapshot.setdefault(did, len(requests))
            return problems, deliveries, requests

        problems = []
        cycle_rng = random.Random(args.seed + 1)
        for cycle in range(args.cycles):
            pending_texts += retry_texts
            retry_texts.clear()
            batch, pending_texts = pending_texts[:per_batch], pending_texts[per_batch:]
            if cycle % 5 == 4:
                # Killed while starting: recovery itself is interrupted.
                tree.launch()
                time.sleep(cycle_rng.random() * 0.4)
                tree.kill()
                kills["startup"] += 1
                pending_texts = batch + pending_texts
            else:
                tree.start()
                adder = threading.Thread(target=add_batch, args=(batch,))
                adder.start()
                time.sleep(cycle_rng.random() * 1.2)
                tree.kill()
                adder.join()
                kills["running"] += 1
            found, _, _ = check_dead("after kill %d" % (cycle + 1))
            problems.extend(found)
            if len(problems) > 20:
                break
        # The end: start once more, add what is left, let everything go out, stop cleanly.
        tree.start()
        while pending_texts:
            add_batch(pending_texts)
            pending_texts = list(retry_texts)
            retry_texts.clear()

        def drained():
            db = open_ro(tree.db_path)
            try:
                left = db.execute("SELECT COUNT(*) FROM delivery WHERE state IN ('queued', 'claimed')").fetchone()[0]
            finally:
                db.close()
            return left == 0
        try:
            wait_for("every delivery to go out", drained, deadline=120 + args.deliveries * 0.5, every=0.5)
        except TimeoutError as e:
            problems.append(str(e))
        tree.stop()
        found, deliveries, requests = check_dead("final")
        problems.extend(found)
        states = {}
        for did, (pid, channel, state, url) in deliveries.items():
            states[state] = states.get(state, 0) + 1
        n = len(deliveries)
        unknown = ["delivery %d on %s (%s)" % (did, info[1], "outbox file present" if info[1] == "outbox" and os.path.exists(
                        os.path.join(tree.outbox, "delivery-%d.txt" % did)) else "receiver acted" if any(
                        r["acted"] and r["key"].endswith("-delivery-%d" % did) for r in requests) else "no receipt")
                   for did, info in deliveries.items() if info[2] != "published"]
        result.check(states.get("published", 0) == n, "final states %s: every delivery should be published; not: %s" % (states, unknown[:10]))
        result.check(len(acknowledged) == total_posts, "%d posts acknowledged of %d" % (len(acknowledged), total_posts))
        result.check(n >= len(acknowledged) * 2, "deliveries %d < 2 × acknowledged posts %d" % (n, len(acknowledged)))
        acted_keys = {r["key"] for r in requests if r["acted"]}
        hooks = [d for d, info in deliveries.items() if info[1] == "hook"]
        result.check(len(acted_keys) == len(hooks), "receiver acted on %d keys for %d webhook deliveries" % (len(acted_keys), len(hooks)))
        replays = len(requests) - len(acted_keys)
        outbox_count = len([name for name in os.listdir(tree.outbox) if name.endswith(".txt")])
        result.check(outbox_count == n - len(hooks), "outbox files %d for %d outbox deliveries" % (outbox_count, n - len(hooks)))
        leaked = [label for label, text in (("pacerd log", tree.log()),) if SECRET in text]
        result.check(not leaked, "the webhook secret appeared in %s" % leaked)
        for p in problems:
            result.check(False, p)
        result.fact("%d cycles (%d kills while running, %d while starting), %d deliveries (%d posts: %d acknowledged, "
                    "%d whose add was cut by the kill), %d webhook requests of which %d same-key replays, "
                    "%d outbox files; final states %s" % (
                        args.cycles, kills["running"], kills["startup"], n, len(deliveries) // 2, len(acknowledged),
                        len(unacknowledged), len(requests), replays, outbox_count, states))
    finally:
        receiver.kill()
        receiver.wait()
        tree.cleanup()


# ----------------------------------------------------------------------------------------------
# 2. Bad requests and parsers

OPS = ["add", "list", "show", "cancel", "status", "check_store", "hold", "release", "pause", "resume",
       "channels", "plan", "confirm", "retry", "history"]
READ_ONLY = ["list", "status", "channels", "check_store", "plan", "history"]
MUTATING = ["add", "cancel", "hold", "release", "pause", "resume", "confirm", "retry"]
KNOWN_CODES = {"invalid_request", "unsupported_version", "too_large", "invalid_input", "not_found",
               "conflict", "refused", "permission_denied", "internal"}


def weird_value(rng, depth=0):
    choice = rng.randrange(12)
    if choice == 0:
        return None
    if choice == 1:
        return rng.choice([True, False])
    if choice == 2:
        return rng.choice([0, -1, 2 ** 63, -2 ** 63, 2 ** 64 + 7, 1e308, -0.0, 3.5])
    if choice == 3:
        return "".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(rng.randrange(0, 40)))
    if choice == 4:
        return rng.choice(["", "x" * 5000, "+1d", "next blue moon", "\u0000", "\ud7ff", "2026-13-45T99:99Z"])
    if choice == 5 and depth < 3:
        return [weird_value(rng, depth + 1) for _ in range(rng.randrange(0, 5))]
    if choice == 6 and depth < 3:
        return {rng.choice(["id", "text", "channel", "x", ""]): weird_value(rng, depth + 1) for _ in range(rng.randrange(0, 4))}
    return rng.choice(["id", 7, [], {}, "outbox"])


def fuzz_frame(rng, kind):
    """One hostile request. None of them may change state: mutating operations only ever get
    parameters that cannot be valid (wrong types, missing ids, ids that do not exist)."""
    if kind == "random":
        return bytes(rng.randrange(256) for _ in range(rng.randrange(0, 300))) + rng.choice([b"\n", b""])
    if kind == "truncated":
        line = json.dumps({"v": 1, "op": rng.choice(OPS), "params": {"id": rng.randrange(1, 5)}}).encode()
        return line[:rng.randrange(0, len(line))]
    if kind == "invalid_utf8":
        # Each of these is invalid UTF-8 wherever it stands: overlong, a surrogate, beyond U+10FFFF,
        # a lone continuation byte, a sequence cut short before an ASCII quote, bytes never used.
        bad = [b"\xc0\xaf", b"\xed\xa0\x80", b"\xf5\x80\x80\x80", b"\x80", b"\xe2\x82", b"\xff", b"\xfe"]
        head = b'{"v":1,"op":"add","params":{"text":"'
        return head + b"ok".join(rng.choice(bad) for _ in range(rng.randrange(1, 8))) + b'"}}\n'
    if kind == "wrong_types":
        op = rng.choice(OPS + ["", "DROP TABLE post", "list\n"])
        obj = {"v": rng.choice([1, "1", 1.0, None, [1]]), "op": op, "params": weird_value(rng)}
        if op in ("add",) and isinstance(obj["params"], dict):
            obj["params"]["text"] = rng.choice([None, 5, [], {}])  # never a valid add
        if op in ("pause", "resume", "confirm"):
            obj["params"] = rng.choice([5, "x", [1], {"channel": 7}, {"id": "x"}])
        if op in ("cancel", "hold", "release", "retry", "show") and isinstance(obj["params"], dict) and "id" in obj["params"]:
            obj["params"]["id"] = rng.choice([10 ** 6 + rng.randrange(1000), "1", None, -1])
        return (json.dumps(obj) + "\n").encode()
    if kind == "deep":
        n = rng.choice([100, 1000, 10000, 100000])
        opener, closer = rng.choice([("[", "]"), ('{"a":', "}")])
        inner = opener * n + "1" + closer * (n if rng.random() < 0.5 else n // 2)
        return ('{"v":1,"op":"list","params":' + inner + "}\n").encode()[:300000]
    if kind == "version":
        return (json.dumps({"v": rng.choice([0, 2, 99, -1, 2 ** 40]), "op": rng.choice(OPS)}) + "\n").encode()
    if kind == "unknown_op":
        return (json.dumps({"v": 1, "op": "op%d" % rng.randrange(1000), "params": {}}) + "\n").encode()
    if kind == "read_only":
        return (json.dumps({"v": 1, "op": rng.choice(READ_ONLY)}) + "\n").encode()
    if kind == "missing_target":
        return (json.dumps({"v": 1, "op": rng.choice(["cancel", "hold", "release", "retry", "show"]),
                            "params": {"id": 10 ** 6 + rng.randrange(10 ** 6)}}) + "\n").encode()
    if kind == "two_lines":
        return b'{"v":1,"op":"status"}\n{"v":1,"op":"pause"}\n'
    if kind == "nul":
        return b'{"v":1,"op":"li\x00st"}\n'
    raise ValueError(kind)


FUZZ_KINDS = ["random", "truncated", "invalid_utf8", "wrong_types", "deep", "version", "unknown_op",
              "read_only", "missing_target", "two_lines", "nul"]


def state_of(tree):
    """What a request could change, read from the store itself (published posts included): every
    post, every delivery's state, every pause, every attempt."""
    db = open_ro(tree.db_path)
    try:
        return (db.execute("SELECT id, text FROM post ORDER BY id").fetchall(),
                db.execute("SELECT id, post_id, channel, state, held_reason FROM delivery ORDER BY id").fetchall(),
                db.execute("SELECT scope FROM pause ORDER BY scope").fetchall(),
                db.execute("SELECT COUNT(*) FROM attempt").fetchall())
    finally:
        db.close()


def open_idle_connections(tree, count):
    """Opens `count` connections to pacerd's socket that send nothing (as many as connect)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4096)), hard))
    idle = []
    for _ in range(count):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(tree.socket_path)
        except OSError:
            s.close()
            continue
        idle.append(s)
    return idle


def scenario_fuzz_socket(args, rng, result):
    tree = Tree(args.bin_dir, "fuzz")
    try:
        tree.write_config('[[channel]]\nname = "outbox"\nkind = "outbox"\ndefault = true\n')
        tree.start()
        for i in range(3):
            r = tree.request({"v": 1, "op": "add", "params": {"text": "keep %d %s" % (i, words(rng)), "at": "+1d"}})
            result.check(r.get("ok"), "setup add failed: %s" % r)
        before = state_of(tree)
        counts = {"reply_error": 0, "reply_ok": 0, "closed": 0}
        lock = threading.Lock()
        problems = []

        def worker(seed, n):
            wrng = random.Random(seed)
            for _ in range(n):
                kind = wrng.choice(FUZZ_KINDS)
                frame = fuzz_frame(wrng, kind)
                try:
                    reply = tree.raw(frame, timeout=60)
                except OSError as e:
                    with lock:
                        problems.append("%s: %s" % (kind, e))
                    continue
                with lock:
                    if not reply:
                        counts["closed"] += 1
                        if kind not in ("truncated", "random") or frame.endswith(b"\n"):
                            problems.append("%s closed without a reply: %r" % (kind, frame[:80]))
                        continue
                    try:
                        obj = json.loads(reply.decode())
                        if reply.count(b"\n") != 1 or not reply.endswith(b"\n"):
                            raise ValueError("not one line")
                    except ValueError:
                        problems.append("%s: unreadable reply %r" % (kind, reply[:120]))
                        continue
                    if obj.get("ok") is True:
                        counts["reply_ok"] += 1
                        try:
                            op = json.loads(frame.split(b"\n")[0]).get("op")
                        except (ValueError, AttributeError):
                            op = None
                        # Read-only operations ignore parameters they do not take; a mutating one
                        # must never succeed on a malformed request.
                        if op not in READ_ONLY + ["show"]:
                            problems.append("%s was accepted: %r" % (kind, frame[:120]))
                    elif obj.get("ok") is False and obj.get("error", {}).get("code") in KNOWN_CODES and obj["error"].get("message"):
                        counts["reply_error"] += 1
                    else:
                        problems.append("%s: reply without a known error %r" % (kind, reply[:120]))

        # Warm up, then measure memory across the whole run.
        worker(args.seed, 500)
        rss_warm = tree.rss_kib()
        # Oversized frames, a few: every one must be answered too_large.
        for size in (256 * 1024 + 1, 300 * 1024, 4 * 1024 * 1024):
            reply = tree.raw(b"a" * size + b"\n", timeout=60)
            result.check(b"too_large" in reply, "a %d-byte frame got %r" % (size, reply[:100]))
        threads = [threading.Thread(target=worker, args=(args.seed + i + 10, args.fuzz // 4)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        rss_after = tree.rss_kib()

        # Slow loris: one byte a second, never a newline; the daemon closes each one.
        lorises = []
        for _ in range(args.loris):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(tree.socket_path)
            s.setblocking(False)
            lorises.append(s)
        closed = set()

        def loris_done():
            for i, s in enumerate(lorises):
                if i in closed:
                    continue
                try:
                    s.send(b"{")
                    data = s.recv(100)
                    if data == b"":
                        closed.add(i)
                except BlockingIOError:
                    pass
                except OSError:
                    closed.add(i)
            return len(closed) == len(lorises)
        try:
            wait_for("the daemon to close every slow-loris connection", loris_done, deadline=120, every=1.0)
        except TimeoutError as e:
            problems.append("%s (%d of %d closed)" % (e, len(closed), len(lorises)))
        for s in lorises:
            s.close()

        # A thousand idle connections: at most 256 are kept, each closed after its 10 s; the others
        # get a `busy` line and are closed at once.
        idle = open_idle_connections(tree, args.idle)
        result.check(tree.alive(), "pacerd died under %d idle connections" % args.idle)

        def idle_closed():
            for s in list(idle):
                s.setblocking(False)
                try:
                    if s.recv(10) == b"":
                        idle.remove(s)
                        s.close()
                except BlockingIOError:
                    pass
                except OSError:
                    idle.remove(s)
                    s.close()
            return not idle
        try:
            wait_for("the daemon to close the idle connections", idle_closed, deadline=180, every=1.0)
        except TimeoutError as e:
            problems.append("%s (%d still open)" % (e, len(idle)))
        for s in idle:
            s.close()
        served_after = False
        try:
            wait_for("a normal request to be served again", lambda: tree.request({"v": 1, "op": "status"}).get("ok"), deadline=60)
            served_after = True
        except (TimeoutError, OSError, ValueError):
            pass
        result.check(served_after, "a normal request is not served after the idle connections")
        after = state_of(tree)
        result.check(before == after, "state changed: %s → %s" % (before, after))
        result.check(tree.alive(), "pacerd is not running")
        growth = (rss_after or 0) - (rss_warm or 0)
        result.check(rss_warm is not None and rss_after is not None and growth < 64 * 1024,
                     "memory grew from %s KiB to %s KiB over %d requests" % (rss_warm, rss_after, args.fuzz))
        result.check("Fatal error" not in tree.log(), "pacerd logged a fatal error")
        for p in problems[:20]:
            result.check(False, p)
        if len(problems) > 20:
            result.check(False, "… and %d more" % (len(problems) - 20))
        total = sum(counts.values()) + 3
        result.fact("%d hostile requests over %d kinds (+500 warm-up, 3 oversized up to 4 MiB): %d error replies, "
                    "%d read-only answers, %d closed without a line; %d slow-loris and %d idle connections all closed; "
                    "RSS %s → %s KiB; state unchanged" % (
                        total, len(FUZZ_KINDS), counts["reply_error"], counts["reply_ok"], counts["closed"],
                        args.loris, args.idle, rss_warm, rss_after))
        tree.stop()
    finally:
        tree.cleanup()


def mutate_text(rng, text):
    b = bytearray(text.encode())
    for _ in range(rng.randrange(1, 6)):
        op = rng.randrange(6)
        pos = rng.randrange(len(b) + 1)
        if op == 0 and b:
            del b[pos % len(b)]
        elif op == 1:
            b[pos:pos] = bytes([rng.randrange(256)])
        elif op == 2:
            b[pos:pos] = rng.choice([b"=", b"[", b"]", b"\"", b"'''", b"\n", b"[[channel]]\n", b"{", b"\\u", b"\x00",
                                     b"1e999", b"-", b"min_gap = \"", b"\xff\xfe", b"#"])
        elif op == 3 and b:
            start = rng.randrange(len(b))
            b[start:start] = b[start:start + rng.randrange(1, 40)]
        elif op == 4:
            b = b[:pos]
        else:
            b[pos:pos] = rng.choice(WORDS).encode()
    return bytes(b)


CONFIG_SEEDS = [
    """timezone = "Europe/Berlin"
[cadence]
min_gap = "45min"
max_per_day = 4
max_per_week = 12
cross_post_gap = "10min"
[[channel]]
name = "outbox"
kind = "outbox"
default = true
min_gap = "2h"
max_per_day = 2
slots = ["Mon..Fri 09:00", "Tue..Thu 08:30"]
blackout = ["*-12-24..26"]
jitter = "10min"
[[channel]]
name = "hook"
kind = "webhook"
url = "http://127.0.0.1:9/hook"
headers = { X-Route = "blog" }
timeout = "20s"
retry = { attempts = 3, backoff = "1min", max_backoff = "1h" }
""",
    """[[channel]]
name = "script"
kind = "command"
command = ["/bin/echo", "hi"]
timeout = "30s"
max_lateness = "2h"
late = "hold"
""",
]
CALENDAR_SEEDS = ["Mon..Fri 09:00", "*-*-* 00/2:00", "Tue..Thu 08:30", "*-12-24..26", "daily", "weekly", "hourly",
                  "2026-03-29 02:30 Europe/Berlin", "Sat,Sun 10..16:00/30", "*-02-29 12:00", "minutely", "*:0/15",
                  "Mon *-*-* 09:00:00 UTC", "quarterly", "*-*~01 12:00"]
TIMESTAMP_SEEDS = ["2026-12-01 09:00", "tomorrow 09:00", "+2h", "-1d", "2026-12-01T09:00:00+01:00", "@1700000000",
                   "now", "today", "yesterday", "2026-03-29 02:30 Europe/Berlin", "Mon 2026-12-07 10:00 UTC", "…Z"]
POST_FILE_SEEDS = [
    "+++\nchannels = [\"outbox\"]\nat = \"+1d\"\ntitle = \"T\"\ntags = [\"a\", \"b\"]\ndraft = true\n[text]\noutbox = \"short\"\n+++\nBody text\n",
    "+++\ntags = []\n+++\n# Heading\n\nA paragraph with a link https://example.com and @someone #tag\n",
    "Plain text without front matter\n",
    "+++\ndraft = true\ntext = { outbox = \"inline\" }\n+++\n\n\nBody after blank lines\n\n",
]
TIMESPAN_SEEDS = ["90s", "30min", "1h 30min", "1d", "2 fortnights", "1.5h", "1y 2month", "500ms", "7d12h", "infinity"]


def run_bounded(argv, env, timeout=30):
    try:
        r = subprocess.run(argv, env=env, capture_output=True, timeout=timeout)
        return r.returncode, r.stdout, r.stderr
    except subprocess.TimeoutExpired:
        return "timeout", b"", b""


def scenario_fuzz_parsers(args, rng, result):
    tree = Tree(args.bin_dir, "parse")
    try:
        pacerd = os.path.join(args.bin_dir, "pacerd")
        pacer = os.path.join(args.bin_dir, "pacer")
        tally = {}
        problems = []

        def judge(what, rc, err, ok_codes, sample):
            tally.setdefault(what, {})
            tally[what][rc] = tally[what].get(rc, 0) + 1
            if rc == "timeout":
                problems.append("%s hung on %r" % (what, sample[:120]))
            elif rc not in ok_codes:
                os.makedirs(FINDINGS, exist_ok=True)
                kept = os.path.join(FINDINGS, "%s-%d" % (what.split()[-1].lstrip("-"), len(problems)))
                with open(kept, "wb") as f:
                    f.write(sample)
                first = next((l for l in err.splitlines() if l.strip()), b"")[:200]
                problems.append("%s exited %s on %r (kept in %s): %s" % (what, rc, sample[:80], kept, first.decode("utf-8", "replace")))
            elif rc != 0 and not err.strip():
                problems.append("%s failed silently on %r" % (what, sample[:120]))
            elif b"Fatal error" in err or b"Stack dump" in err:
                problems.append("%s crashed on %r" % (what, sample[:120]))

        path = tree.path("fuzz.toml")
        for i in range(args.parser_cases):
            data = mutate_text(rng, rng.choice(CONFIG_SEEDS))
            with open(path, "wb") as f:
                f.write(data)
            rc, out, err = run_bounded([pacerd, "--check-config", path], tree.env)
            judge("pacerd --check-config", rc, err, (0, 78), data)
            if rc == 78 and path.encode() not in err:
                problems.append("config error does not name the file: %r" % err[:200])
        # Post files are parsed by pacerd (`pacer add --file`): each mutated file is checked and, when
        # valid, kept as a draft; pacerd must answer every one and stay up.
        tree.start()
        post_path = tree.path("fuzz.md")
        for i in range(args.parser_cases):
            data = mutate_text(rng, rng.choice(POST_FILE_SEEDS))
            with open(post_path, "wb") as f:
                f.write(data)
            rc, out, err = run_bounded([pacer, "add", "--file", post_path, "--draft", "--allow-duplicate"], tree.env)
            judge("pacer add --file", rc, err, (0, 65, 67), data)
            if not tree.alive():
                problems.append("pacerd died on the post file %r" % data[:120])
                break
        tree.stop()
        for what, seeds in (("calendar", CALENDAR_SEEDS), ("timestamp", TIMESTAMP_SEEDS), ("timespan", TIMESPAN_SEEDS)):
            for i in range(args.parser_cases):
                text = mutate_text(rng, rng.choice(seeds)).decode("utf-8", "replace").replace("\x00", "")
                argv = [pacer, what, "--", text] if rng.random() < 0.5 else [pacer, what, text]
                rc, out, err = run_bounded(argv, tree.env)
                judge("pacer " + what, rc, err, (0, 64, 65), text.encode())
        for p in problems[:20]:
            result.check(False, p)
        if len(problems) > 20:
            result.check(False, "… and %d more" % (len(problems) - 20))
        result.fact("; ".join("%s: %d inputs, exit codes %s" % (w, sum(c.values()), dict(sorted(c.items(), key=str)))
                              for w, c in tally.items()))
    finally:
        tree.cleanup()


# ----------------------------------------------------------------------------------------------
# 3. Concurrency


def scenario_concurrency(args, rng, result):
    tree = Tree(args.bin_dir, "conc")
    try:
        tree.write_config("""timezone = "UTC"
[[channel]]
name = "fast"
kind = "outbox"
default = true

[[channel]]
name = "paced"
kind = "outbox"
path = "%s"
min_gap = "2s"
max_per_day = 40
""" % tree.path("data/paced"))
        tree.start()
        lock = threading.Lock()
        model = {}  # post id -> (last op, reply deliveries)
        texts = {}  # post id -> its text in the last acknowledged reply (edits change it)
        problems = []
        timings = {"requests": 0}

        def client(index):
            crng = random.Random(args.seed * 1000 + index)
            mine = []
            for step in range(args.ops):
                try:
                    choice = crng.random()
                    if not mine or choice < 0.4:
                        channels = crng.choice([["fast"], ["paced"], ["fast", "paced"]])
                        params = {"text": "client %d step %d %s" % (index, step, words(crng)), "channels": channels,
                                  "allow_duplicate": True}
                        if crng.random() < 0.3:
                            params["at"] = "+%ds" % crng.randrange(1, 20)
                        reply = tree.request({"v": 1, "op": "add", "params": params}, timeout=120)
                        if not reply.get("ok"):
                            problems.append("client %d add refused: %s" % (index, reply))
                            continue
                        post = reply["result"]
                        mine.append(post["id"])
                        op = "add"
                    else:
                        op = crng.choice(["cancel", "hold", "release", "show", "move", "edit"])
                        pid = crng.choice(mine)
                        params = {"id": pid}
                        if op == "move":
                            params["position"] = crng.choice(["first", "last"])
                        elif op == "edit":
                            params["source"] = "+++\ntags = [\"edited\"]\n+++\nclient %d edit %d %s\n" % (index, step, words(crng))
                        reply = tree.request({"v": 1, "op": op, "params": params}, timeout=120)
                        if not reply.get("ok"):
                            code = reply.get("error", {}).get("code")
                            if code not in ("conflict", "refused"):
                                problems.append("client %d %s %d: %s" % (index, op, pid, reply))
                            continue
                        post = reply["result"]
                    with lock:
                        timings["requests"] += 1
                        if op != "show":
                            model[post["id"]] = (op, {d["id"]: d["state"] for d in post["deliveries"]})
                            texts[post["id"]] = post["text"]
                except (OSError, ValueError) as e:
                    problems.append("client %d: %s (a deadlock or a dropped connection)" % (index, e))
        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        # Release nothing further; let what is queued go out. Held and cancelled stay.
        def settled():
            posts = tree.request({"v": 1, "op": "list"})["result"]
            return not any(d["state"] in ("queued", "claimed") and d["channel"] == "fast" for p in posts for d in p["deliveries"])
        try:
            wait_for("the fast channel to drain", settled, deadline=300, every=0.5)
        except TimeoutError as e:
            problems.append(str(e))
        final = {}
        for pid in model:
            reply = tree.request({"v": 1, "op": "show", "params": {"id": pid}})
            final[pid] = {d["id"]: d for d in reply["result"]["deliveries"]}
            if reply["result"]["text"] != texts[pid]:
                problems.append("post %d: text %r, but the last acknowledged reply said %r (a lost edit)" % (pid, reply["result"]["text"], texts[pid]))
        lost = 0
        for pid, (op, states) in model.items():
            for did, state in states.items():
                now = final[pid][did]["state"]
                expected = {
                    "cancelled": {"cancelled"}, "held": {"held"}, "published": {"published"},
                    "claimed": {"published"}, "queued": {"queued", "claimed", "published"},
                }.get(state, {state})
                if now not in expected:
                    lost += 1
                    problems.append("post %d delivery %d: last acknowledged %s said %s, now %s" % (pid, did, op, state, now))
                if now == "queued" and final[pid][did]["channel"] == "fast":
                    problems.append("post %d delivery %d still queued on the fast channel" % (pid, did))
        # The paced channel's rules, as published: at least min_gap apart, at most max_per_day a day.
        paced = sorted(d["published_at"] for deliveries in final.values() for d in deliveries.values()
                       if d["channel"] == "paced" and d["state"] == "published")
        db = open_ro(tree.db_path)
        try:
            stamps = sorted(r[0] for r in db.execute(
                "SELECT published_at FROM delivery WHERE channel = 'paced' AND state = 'published'"))
            integrity = db.execute("PRAGMA integrity_check").fetchall()
        finally:
            db.close()
        gaps = [b - a for a, b in zip(stamps, stamps[1:])]
        result.check(all(g >= 2_000_000 for g in gaps), "paced deliveries closer than min_gap 2s: %s" % [g for g in gaps if g < 2_000_000][:5])
        per_day = {}
        for s in stamps:
            per_day[s // 86_400_000_000] = per_day.get(s // 86_400_000_000, 0) + 1
        result.check(all(c <= 40 for c in per_day.values()), "max_per_day 40 exceeded: %s" % per_day)
        plan = tree.request({"v": 1, "op": "plan", "params": {"channel": "paced"}})
        result.check(plan.get("ok"), "plan failed: %s" % plan)
        # The plan for what is still queued keeps the gap, after the last publication too.
        planned = sorted(iso_epoch(e["planned_at"]) for e in plan.get("result", []) if e.get("planned_at") and e["channel"] == "paced")
        if stamps and planned:
            result.check(planned[0] * 1_000_000 >= stamps[-1] + 2_000_000 - 1_000_000,
                         "the plan puts a paced delivery within min_gap of the last publication")
        result.check(all(b - a >= 2 for a, b in zip(planned, planned[1:])), "the plan breaks min_gap: %s" % planned[:10])
        result.check(integrity == [("ok",)], "integrity_check %s" % integrity)
        result.check(tree.alive(), "pacerd died")
        for p in problems[:20]:
            result.check(False, p)
        if len(problems) > 20:
            result.check(False, "… and %d more" % (len(problems) - 20))
        states = {}
        for deliveries in final.values():
            for d in deliveries.values():
                states[d["state"]] = states.get(d["state"], 0) + 1
        result.fact("%d clients × %d operations (add, rm, hold, release, show, move, edit) while publishing: %d acknowledged, "
                    "%d posts, final %s, %d lost updates; %d paced publications, smallest gap %s ms" % (
                        args.clients, args.ops, timings["requests"], len(model), states, lost, len(stamps),
                        min(gaps) // 1000 if gaps else "n/a"))
        tree.stop()
    finally:
        tree.cleanup()


# ----------------------------------------------------------------------------------------------
# Runner

SCENARIOS = [
    ("crash", scenario_crash),
    ("fuzz-socket", scenario_fuzz_socket),
    ("fuzz-parsers", scenario_fuzz_parsers),
    ("concurrency", scenario_concurrency),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bin_dir", help="the directory holding the built pacerd and pacer")
    parser.add_argument("--quick", action="store_true", help="the make test numbers")
    parser.add_argument("--only", action="append", help="run only this scenario (repeatable)")
    parser.add_argument("--seed", type=int, default=int(os.environ.get("PACER_SOAK_SEED", "9")))
    parser.add_argument("--cycles", type=int)
    parser.add_argument("--deliveries", type=int)
    parser.add_argument("--fuzz", type=int)
    parser.add_argument("--loris", type=int)
    parser.add_argument("--idle", type=int)
    parser.add_argument("--parser-cases", type=int)
    parser.add_argument("--clients", type=int)
    parser.add_argument("--ops", type=int)
    parser.add_argument("--clock-posts", type=int)
    parser.add_argument("--report", help="write the results as Markdown to this file")
    args = parser.parse_args()
    shown, skip = [], False
    for a in sys.argv[1:]:
        if skip or a == args.bin_dir or a.startswith("--report"):
            skip = a == "--report"
            continue
        shown.append(a)
    args.command_line = " ".join(["python3 Tests/Reliability/soak.py"] + shown + ["\"$(swift build --show-bin-path)\""])
    args.bin_dir = os.path.abspath(args.bin_dir)
    defaults = ({"cycles": 10, "deliveries": 100, "fuzz": 4000, "loris": 10, "idle": 300, "parser_cases": 60,
                 "clients": 50, "ops": 6, "clock_posts": 3}
                if args.quick else
                {"cycles": 200, "deliveries": 1000, "fuzz": 100000, "loris": 50, "idle": 1000, "parser_cases": 500,
                 "clients": 50, "ops": 40, "clock_posts": 10})
    for k, v in defaults.items():
        if getattr(args, k) is None:
            setattr(args, k, v)
    passed = failed = 0
    lines = []
    for name, function in SCENARIOS + EXTRA_SCENARIOS:
        if args.only and name not in args.only:
            continue
        result = Result(name)
        started = time.time()
        try:
            function(args, random.Random("%s-%d" % (name, args.seed)), result)
        except Exception as e:  # a scenario that cannot run is a failure, never a skip
            result.failures.append("%s: %s" % (type(e).__name__, e))
        elapsed = time.time() - started
        ok = not result.failures
        passed += ok
        failed += not ok
        line = "%s %s (%.0f s): %s" % ("PASS" if ok else "FAIL", name, elapsed, "; ".join(result.facts) or "-")
        print(line, flush=True)
        for f in result.failures:
            print("    " + f, flush=True)
        lines.append((name, ok, elapsed, result))
    print("%d passed, %d failed" % (passed, failed), flush=True)
    if args.report:
        write_report(args, lines, passed, failed)
    sys.exit(1 if failed else 0)


BEGIN = "<!-- soak results: begin (written by Tests/Reliability/soak.py --report) -->"
END = "<!-- soak results: end -->"


def write_report(args, lines, passed, failed):
    """Replaces the results section of the report file (RELIABILITY.md), or writes a new file. With
    --only, only the rows of the scenarios run are replaced, and a line says when they were."""
    try:
        with open(args.report) as f:
            text = f.read()
    except FileNotFoundError:
        text = ""
    old = text[text.index(BEGIN):text.index(END)] if BEGIN in text and END in text else ""
    stamp = "%s on %s (%d CPUs), seed %d, %s: `%s`" % (
        time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), os.uname().nodename, os.cpu_count(), args.seed,
        "quick mode" if args.quick else "full mode", args.command_line)
    rows = {}
    for name, ok, elapsed, result in lines:
        what = "; ".join(result.facts).replace("|", "\\|").replace("\n", " ")
        if result.failures:
            what += " — **broken:** " + " / ".join(result.failures[:5]).replace("|", "\\|").replace("\n", " ")
        rows[name] = "| %s | %s | %.0f s | %s |" % (name, "pass" if ok else "**FAIL**", elapsed, what)
    notes = []
    if args.only and old:
        kept = [l for l in old.splitlines() if l.startswith("| ") and not l.startswith("| scenario") and not l.startswith("|---")]
        merged = []
        for line in kept:
            name = line.split("|")[1].strip()
            merged.append(rows.pop(name, line))
        table = merged + list(rows.values())
        notes = [l for l in old.splitlines() if l.startswith("Measured ") or l.startswith("Re-measured ")]
        notes.append("Re-measured %s: %s" % (", ".join(n for n, _, _, _ in lines), stamp))
        passed = sum(1 for l in table if "| pass |" in l)
        failed = len(table) - passed
    else:
        table = list(rows.values())
        notes = ["Measured " + stamp]
    notes = [n.rstrip() for n in notes]
    out = [BEGIN, ""] + [n + "  " if i < len(notes) - 1 else n for i, n in enumerate(notes)] + [
        "", "| scenario | result | time | what was tried and what happened |", "|---|---|---|---|"] + table + [
        "", "%d passed, %d failed" % (passed, failed), "", END]
    section = "\n".join(out)
    if old:
        text = text[:text.index(BEGIN)] + section + text[text.index(END) + len(END):]
    else:
        text = text + ("\n" if text else "") + section + "\n"
    with open(args.report, "w") as f:
        f.write(text)


# ----------------------------------------------------------------------------------------------
# 4. Clocks (libfaketime: pacerd's wall clock, Dispatch's wall timers and timerfd all see the fake time)


class FakeClock:
    """A libfaketime offset pacerd re-reads from a file, so the test moves pacerd's clock while it runs."""

    def __init__(self, tree, spec="+0"):
        self.path = tree.path("faketime.rc")
        self.set(spec)
        self.env = {"LD_PRELOAD": FAKETIME_LIB, "FAKETIME_TIMESTAMP_FILE": self.path, "FAKETIME_NO_CACHE": "1",
                    "FAKETIME_DONT_RESET": "1"}

    def set(self, spec):
        with open(self.path + ".tmp", "w") as f:
            f.write(spec + "\n")
        os.rename(self.path + ".tmp", self.path)


FAKETIME_LIB = next((p for p in ("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1",
                                  "/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1",
                                  "/usr/lib/faketime/libfaketimeMT.so.1") if os.path.exists(p)), None)


def published_stamps(tree, channel):
    db = open_ro(tree.db_path)
    try:
        return sorted(r[0] for r in db.execute(
            "SELECT published_at FROM delivery WHERE channel = ? AND state = 'published'", (channel,)))
    finally:
        db.close()


def attempts_published(tree):
    db = open_ro(tree.db_path)
    try:
        return db.execute("SELECT delivery_id, COUNT(*) FROM attempt WHERE outcome = 'published' GROUP BY delivery_id").fetchall()
    finally:
        db.close()


def scenario_clocks(args, rng, result):
    if FAKETIME_LIB is None:
        result.check(False, "libfaketime is not installed (apt-get install faketime)")
        return
    tree = Tree(args.bin_dir, "clock")
    try:
        clock = FakeClock(tree, "+0")
        tree.write_config('timezone = "UTC"\n[[channel]]\nname = "out"\nkind = "outbox"\ndefault = true\nmin_gap = "2s"\n')
        tree.start(extra_env=clock.env)
        n = args.clock_posts

        def add(count, at=None):
            ids = []
            for i in range(count):
                params = {"text": "clock %s" % words(rng), "allow_duplicate": True}
                if at:
                    params["at"] = at
                r = tree.request({"v": 1, "op": "add", "params": params})
                result.check(r.get("ok"), "add: %s" % r)
                ids.append(r["result"]["id"])
            return ids

        def files():
            return len([x for x in os.listdir(tree.outbox)]) if os.path.isdir(tree.outbox) else 0

        def published_count():
            shown = [tree.request({"v": 1, "op": "show", "params": {"id": p}})["result"] for p in all_ids]
            return sum(1 for p in shown for d in p["deliveries"] if d["state"] == "published")

        all_ids = add(n, at="+30s")
        # Forward a day: the posts fell due a day ago; they go out once each, min_gap apart.
        clock.set("+86400")
        wait_for("the posts to go out after a jump forward of a day", lambda: published_count() == n, deadline=60 + 10 * n)
        # Back an hour: nothing goes out a second time; two new posts go out (at once, or once the
        # clock passes the last publication again — either keeps the gap), once each.
        clock.set("+82800")
        time.sleep(3)
        result.check(files() == n, "after the jump back an hour: %d outbox files for %d published" % (files(), n))
        all_ids += add(2)
        try:
            wait_for("the posts added after the jump back", lambda: published_count() == n + 2, deadline=30)
            back = "went out on the stepped-back clock"
        except TimeoutError:
            clock.set("+90000")
            wait_for("the posts added after the jump back to go out", lambda: published_count() == n + 2, deadline=60)
            back = "waited for the clock to pass the last publication"
        # A suspend: the process is frozen (SIGSTOP) while the wall clock moves two hours, then thaws.
        suspended = add(n, at="+3s")
        all_ids += suspended
        tree.process.send_signal(signal.SIGSTOP)
        clock.set("+97200")
        time.sleep(4)
        tree.process.send_signal(signal.SIGCONT)
        wait_for("the posts due during the suspend to go out", lambda: published_count() == 2 * n + 2, deadline=60 + 10 * n)
        time.sleep(2)
        stamps = published_stamps(tree, "out")
        gaps = [b - a for a, b in zip(stamps, stamps[1:])]
        result.check(all(g >= 2_000_000 for g in gaps), "a burst: gaps below min_gap 2s: %s" % [g / 1e6 for g in gaps if g < 2_000_000])
        result.check(files() == 2 * n + 2, "%d outbox files for %d posts" % (files(), 2 * n + 2))
        doubles = [r for r in attempts_published(tree) if r[1] != 1]
        result.check(not doubles, "deliveries published twice: %s" % doubles)
        result.check(len(stamps) == 2 * n + 2, "%d published of %d" % (len(stamps), 2 * n + 2))
        result.fact("%d posts: %d due across a +1 d jump, 2 added after a −1 h jump (%s), %d due across a 2 h suspend "
                    "(SIGSTOP + clock move); all published once, smallest gap %.1f s (min_gap 2 s)" % (
                        2 * n + 2, n, back, n, min(gaps) / 1e6 if gaps else 0))
        tree.stop()
    finally:
        tree.cleanup()


def systemd_next_elapses(expression, base, zone, count):
    """The oracle: systemd-analyze calendar's next elapses after `base`, as UTC epoch seconds."""
    import datetime
    r = subprocess.run(["systemd-analyze", "calendar", "--iterations=%d" % count, "--base-time=@%d" % base, expression],
                       env=dict(os.environ, TZ=zone), capture_output=True, text=True)
    out = []
    for line in r.stdout.splitlines():
        line = line.strip()
        if line.startswith("(in UTC):"):
            stamp = line.split(":", 1)[1].strip()  # "Sun 2026-03-29 01:00:00 UTC"
            day, clock_ = stamp.split()[1:3]
            moment = datetime.datetime.strptime(day + " " + clock_, "%Y-%m-%d %H:%M:%S").replace(tzinfo=datetime.timezone.utc)
            out.append(int(moment.timestamp()))
    return out


def iso_epoch(text):
    import datetime
    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def scenario_dst(args, rng, result):
    """Slots in Europe/Berlin across both 2026 DST changes, with pacerd's clock started just before."""
    if FAKETIME_LIB is None:
        result.check(False, "libfaketime is not installed")
        return
    cases = [("2026-03-29 00:59:30", "*-*-* 03:00"),   # spring forward: 02:00 CET → 03:00 CEST
             ("2026-03-29 00:59:30", "*-*-* 02:30"),   # a local time that does not exist that day
             ("2026-10-25 00:29:30", "*-*-* 02:30")]   # fall back: 02:30 happens twice
    facts = []
    for start, slot in cases:
        tree = Tree(args.bin_dir, "dst")
        try:
            tree.write_config('timezone = "Europe/Berlin"\n[[channel]]\nname = "out"\nkind = "outbox"\ndefault = true\n'
                              'max_per_day = 1\nslots = ["%s"]\n' % slot)
            env = {"LD_PRELOAD": FAKETIME_LIB, "FAKETIME": "@" + start, "FAKETIME_DONT_RESET": "1", "TZ": "UTC"}
            tree.start(extra_env=env)
            base = iso_epoch(start.replace(" ", "T") + "Z")
            oracle = systemd_next_elapses(slot, base, "Europe/Berlin", 3)
            first = tree.request({"v": 1, "op": "add", "params": {"text": "dst one %s" % words(rng), "allow_duplicate": True}})["result"]
            second = tree.request({"v": 1, "op": "add", "params": {"text": "dst two %s" % words(rng), "allow_duplicate": True}})["result"]

            def state(pid):
                return tree.request({"v": 1, "op": "show", "params": {"id": pid}})["result"]["deliveries"][0]
            planned_first = state(first["id"])["planned_at"]
            result.check(oracle and planned_first and iso_epoch(planned_first) == oracle[0],
                         "%s at %s: first planned %s, systemd says %s" % (slot, start, planned_first, oracle[:1]))
            published = "not waited for (a day away)"
            if oracle and oracle[0] - base < 300:
                wait_for("the first slot to publish", lambda: state(first["id"])["state"] == "published", deadline=120)
                got_first = published_stamps(tree, "out")[0] / 1e6
                result.check(oracle[0] <= got_first < oracle[0] + 5,
                             "%s at %s: published %.1f, systemd says %s" % (slot, start, got_first, oracle[:1]))
                published = "published %.1f s after it" % (got_first - oracle[0])
            planned_second = state(second["id"])["planned_at"]
            planned_epoch = iso_epoch(planned_second) if planned_second else None
            import datetime
            import zoneinfo
            berlin = zoneinfo.ZoneInfo("Europe/Berlin")
            local_day = lambda t: datetime.datetime.fromtimestamp(t, berlin).date()
            expected = next((o for o in oracle[1:] if local_day(o) != local_day(oracle[0])), None) if oracle else None
            result.check(expected is not None and planned_epoch == expected,
                         "%s at %s: second planned %s, expected systemd's first elapse on a later Berlin day among %s" % (slot, start, planned_second, oracle))
            facts.append("slot %s from %sZ: planned at systemd's elapse %s (%s), the next at %s" % (
                slot, start, time.strftime("%m-%d %H:%MZ", time.gmtime(oracle[0])) if oracle else "?", published, planned_second))
            tree.stop()
        finally:
            tree.cleanup()
    # The same without a fake clock: a slot every 5 s; the post goes out at one.
    tree = Tree(args.bin_dir, "slot")
    try:
        tree.write_config('timezone = "Europe/Berlin"\n[[channel]]\nname = "out"\nkind = "outbox"\ndefault = true\n'
                          'slots = ["*:*:0/5"]\n')
        tree.start()
        post = tree.request({"v": 1, "op": "add", "params": {"text": "real slot %s" % words(rng), "allow_duplicate": True}})["result"]
        shown = lambda: tree.request({"v": 1, "op": "show", "params": {"id": post["id"]}})["result"]["deliveries"][0]
        try:
            wait_for("a post on a 5-second slot to go out", lambda: shown()["state"] == "published", deadline=60)
            stamp = published_stamps(tree, "out")[0] / 1e6
            result.check(stamp % 5 < 2, "published at %.3f, not at a 5-second slot" % stamp)
            facts.append("slot *:*:0/5 on the real clock: published %.2f s after its slot" % (stamp % 5))
        except TimeoutError:
            result.check(False, "a post on a 5-second slot did not go out within 60 s (planned %s)" % shown()["planned_at"])
        tree.stop()
    finally:
        tree.cleanup()
    result.fact("; ".join(facts))


# ----------------------------------------------------------------------------------------------
# 5. Disks and files


def sha(path):
    if os.path.isdir(path):
        return "dir"
    if not os.path.exists(path):
        return None
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def scenario_full_disk(args, rng, result):
    tree = Tree(args.bin_dir, "full")
    mount = tree.path("state")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", mount], capture_output=True, text=True)
    if mounted.returncode != 0:
        result.check(False, "cannot mount a tmpfs (needs root): %s" % mounted.stderr.strip())
        tree.cleanup()
        return
    try:
        tree.write_config('[[channel]]\nname = "outbox"\nkind = "outbox"\ndefault = true\n')
        tree.start()
        kept = []
        for i in range(3):
            r = tree.pacer("add", "kept %d %s" % (i, words(rng)), "--at", "+1d", "--json")
            result.check(r.returncode == 0, "add before the disk filled: %s" % r.stderr)
            kept.append(json.loads(r.stdout)["id"])
        filler = os.path.join(mount, "filler")
        with open(filler, "wb") as f:
            try:
                while True:
                    f.write(b"\0" * 65536)
                    f.flush()
            except OSError as e:
                result.check(e.errno == errno.ENOSPC, "filling: %s" % e)
        failures = []
        for i in range(60):
            r = tree.pacer("add", "big %d %s" % (i, words(rng, 2000)), "--at", "+1d", "--allow-duplicate")
            if r.returncode != 0:
                failures.append(r)
                break
            kept.append(None)
        result.check(failures, "pacer add kept succeeding on a full filesystem")
        if failures:
            r = failures[0]
            result.check(r.returncode == 70, "on a full disk pacer add exited %d (expected 70): %s" % (r.returncode, r.stderr))
            lower = r.stderr.lower()
            result.check("full" in lower or "space" in lower, "the error does not say the disk is full: %r" % r.stderr)
            result.fact("pacer add on a full 2 MiB tmpfs: exit %d, %r" % (r.returncode, r.stderr.strip()[:200]))
        result.check(tree.alive(), "pacerd died when the disk filled")
        status = tree.pacer("status")
        result.check(status.returncode == 0, "pacer status on a full disk: %s" % status.stderr)
        os.unlink(filler)
        r = tree.pacer("add", "after space came back %s" % words(rng), "--at", "+1d")
        result.check(r.returncode == 0, "pacer add after space came back: %s" % r.stderr)
        tree.stop()
        tree.start()
        listed = {p["id"] for p in tree.request({"v": 1, "op": "list"})["result"]}
        result.check(all(k in listed for k in kept if k), "posts acknowledged before the disk filled vanished")
        tree.stop()
        db = open_ro(tree.db_path)
        try:
            integrity = db.execute("PRAGMA integrity_check").fetchall()
        finally:
            db.close()
        result.check(integrity == [("ok",)], "integrity_check after the full disk: %s" % integrity)
    finally:
        tree.kill()
        subprocess.run(["umount", "-l", mount])
        tree.cleanup()


def scenario_bad_store(args, rng, result):
    tree = Tree(args.bin_dir, "store")
    try:
        tree.write_config('[[channel]]\nname = "outbox"\nkind = "outbox"\ndefault = true\n')
        tree.start()
        for i in range(40):
            tree.request({"v": 1, "op": "add", "params": {"text": "stored %d %s" % (i, words(rng, 40)), "at": "+1d", "allow_duplicate": True}})
        tree.stop()
        pristine = tree.path("pristine.sqlite")
        shutil.copyfile(tree.db_path, pristine)
        size = os.path.getsize(pristine)
        page = 4096

        def garbage(path):
            with open(path, "wb") as f:
                f.write(bytes(rng.randrange(256) for _ in range(size)))

        def header(path):
            with open(path, "r+b") as f:
                f.write(b"\0" * 100)

        def truncate(path):
            with open(path, "r+b") as f:
                f.truncate(size // 2 // page * page + 123)

        def foreign(path):
            os.unlink(path)
            db = sqlite3.connect(path)
            db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
            db.execute("INSERT INTO notes (body) VALUES ('somebody else''s data')")
            db.commit()
            db.close()

        def page_rot(path):
            with open(path, "r+b") as f:
                f.seek(size - 2 * page + 8)
                f.write(bytes(rng.randrange(256) for _ in range(page - 16)))

        def newer(path):
            db = sqlite3.connect(path)
            db.execute("INSERT INTO grdb_migrations (identifier) VALUES ('v99 from the future')")
            db.commit()
            db.close()

        def directory(path):
            os.unlink(path)
            os.mkdir(path)

        facts = []
        for name, damage in (("random bytes", garbage), ("zeroed header", header), ("truncated", truncate),
                             ("foreign SQLite file", foreign), ("rotten b-tree page", page_rot),
                             ("newer schema", newer), ("a directory", directory)):
            for suffix in ("", "-wal", "-shm"):
                if os.path.isdir(tree.db_path + suffix):
                    os.rmdir(tree.db_path + suffix)
                elif os.path.exists(tree.db_path + suffix):
                    os.unlink(tree.db_path + suffix)
            shutil.copyfile(pristine, tree.db_path)
            damage(tree.db_path)
            before = sha(tree.db_path)
            p = tree.launch()
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
            if p.poll() is None:
                served = False
                try:
                    served = tree.request({"v": 1, "op": "list"}, timeout=5).get("ok")
                except (OSError, ValueError):
                    pass
                tree.kill()
                result.check(False, "%s: pacerd started on it (serving requests: %s)" % (name, served))
                facts.append("%s: STARTED" % name)
                continue
            lines = [l for l in tree.log().splitlines() if l.startswith("pacerd:")]
            message = lines[-1] if lines else ""
            result.check(p.returncode == 70, "%s: pacerd exited %s (expected 70)" % (name, p.returncode))
            result.check(tree.db_path in message, "%s: the message does not name the file: %r" % (name, message))
            result.check(sha(tree.db_path) == before, "%s: the file was changed" % name)
            result.check(not os.path.exists(tree.db_path + "-wal") or name == "a directory",
                         "%s: a WAL file was created next to it" % name)
            facts.append("%s → exit %s %r" % (name, p.returncode, message[:160]))
        result.fact("; ".join(facts))
    finally:
        tree.cleanup()


def scenario_bad_config(args, rng, result):
    tree = Tree(args.bin_dir, "conf")
    try:
        facts = []
        nobody = 65534

        def attempt(name, prepare, as_nobody=False):
            if os.path.isdir(tree.config_path):
                os.rmdir(tree.config_path)
            elif os.path.exists(tree.config_path):
                os.unlink(tree.config_path)
            prepare()
            before = sha(tree.config_path)
            prefix = ["setpriv", "--reuid=%d" % nobody, "--regid=%d" % nobody, "--clear-groups"] if as_nobody else []
            if as_nobody:
                subprocess.run(["chown", "-R", "%d:%d" % (nobody, nobody), tree.path("state"), tree.path("data"),
                                tree.path("runtime"), tree.path("config")])
                os.chown(tree.config_path, 0, 0)
                os.chmod(tree.root, 0o755)
            started = time.time()
            p = tree.launch(prefix=prefix)
            try:
                p.wait(timeout=120)
            except subprocess.TimeoutExpired:
                tree.kill()
            lines = [l for l in tree.log().splitlines() if l.startswith("pacerd:")]
            message = lines[-1] if lines else ""
            result.check(p.returncode == 78, "config %s: pacerd exited %s (expected 78): %r" % (name, p.returncode, message))
            result.check(tree.config_path in message, "config %s: the message does not name the file: %r" % (name, message))
            result.check(len(message) < 600, "config %s: a %d-character message" % (name, len(message)))
            result.check(sha(tree.config_path) == before, "config %s: the file was changed" % name)
            facts.append("%s → exit %s in %.1f s: %r" % (name, p.returncode, time.time() - started, message[:140]))

        attempt("a directory", lambda: os.mkdir(tree.config_path))
        attempt("empty", lambda: open(tree.config_path, "w").close())

        def unreadable():
            with open(tree.config_path, "w") as f:
                f.write('[[channel]]\nname = "outbox"\nkind = "outbox"\ndefault = true\n')
            os.chmod(tree.config_path, 0o000)
        attempt("unreadable", unreadable, as_nobody=True)
        subprocess.run(["chown", "-R", "0:0", tree.root])

        def huge():
            with open(tree.config_path, "w") as f:
                f.write('[[channel]]\nname = "outbox"\nkind = "outbox"\ndefault = true\n')
                line = "# " + "x" * 1000 + "\n"
                for _ in range(64 * 1024):
                    f.write(line)
                f.write("oops = \n")
        attempt("huge (64 MiB)", huge)

        def huge_line():
            with open(tree.config_path, "w") as f:
                f.write('title = "' + "y" * (32 * 1024 * 1024) + '\n')
        attempt("one 32 MiB line", huge_line)
        result.fact("; ".join(facts))
    finally:
        subprocess.run(["chown", "-R", "0:0", tree.root])
        tree.cleanup()


# ----------------------------------------------------------------------------------------------
# 6. Other users and secrets


def scenario_other_users(args, rng, result):
    tree = Tree(args.bin_dir, "users")
    echo_server = None
    try:
        secret_dir = tree.path("config/pacer/credentials")
        os.makedirs(secret_dir)
        secret_file = os.path.join(secret_dir, "hook-secret")
        with open(secret_file, "w") as f:
            f.write(SECRET + "\n")
        os.chmod(secret_file, 0o600)
        # A receiver that refuses every request and echoes the secret back in its error.
        import http.server

        class Echo(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                body = json.dumps({"error": "bad signature, expected key %s" % SECRET}).encode()
                self.send_response(400)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *a):
                pass
        echo_server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
        threading.Thread(target=echo_server.serve_forever, daemon=True).start()
        config = ('[[channel]]\nname = "hook"\nkind = "webhook"\ndefault = true\nurl = "http://127.0.0.1:%d/h?token=%s"\n'
                  'secret = "hook-secret"\ntimeout = "10s"\n' % (echo_server.server_address[1], "querysecret42"))
        tree.write_config(config)
        tree.start()

        def modes():
            out = {}
            for label, path in (("runtime dir", tree.path("runtime/pacer")), ("socket", tree.socket_path),
                                ("state dir", tree.path("state/pacer")), ("database", tree.db_path)):
                out[label] = oct(stat.S_IMODE(os.stat(path).st_mode))
            return out
        first = modes()
        result.check(first["runtime dir"] == "0o700" and first["socket"] == "0o600" and first["state dir"] == "0o700",
                     "modes at start: %s" % first)
        result.check(int(first["database"], 8) & 0o077 == 0, "the database is readable by others: %s" % first)
        post = tree.pacer("add", "echo me %s" % words(rng), "--json")
        result.check(post.returncode == 0, "add: %s" % post.stderr)
        pid = json.loads(post.stdout)["id"]
        wait_for("the webhook to fail", lambda: json.loads(tree.pacer("show", str(pid), "--json").stdout)["deliveries"][0]["state"] == "failed", deadline=60)
        for command in (("show", str(pid)), ("show", str(pid), "--json"), ("history",), ("history", "--json"), ("status",), ("list",)):
            tree.pacer(*command)
        # Another uid: refused on the socket, logged, state unchanged — even with the modes opened.
        os.chmod(tree.root, 0o755)
        os.chmod(tree.path("runtime"), 0o755)
        os.chmod(tree.path("runtime/pacer"), 0o755)
        os.chmod(tree.socket_path, 0o666)
        before = state_of(tree)
        probe = ("import socket,sys\ns=socket.socket(socket.AF_UNIX)\ns.connect(sys.argv[1])\n"
                 "try:\n    s.sendall(b'{\"v\":1,\"op\":\"add\",\"params\":{\"text\":\"intruder\"}}\\n')\n"
                 "except OSError:\n    pass\n"
                 "print(s.recv(4096).decode())")
        r = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c", probe,
                            tree.socket_path], capture_output=True, text=True, timeout=30)
        result.check("permission_denied" in r.stdout, "another uid got %r %r" % (r.stdout, r.stderr[-200:]))
        result.check("refused a connection from uid 65534" in tree.log(), "the refusal is not logged")
        result.check(state_of(tree) == before, "another uid changed the state")
        os.chmod(tree.path("runtime/pacer"), 0o700)
        os.chmod(tree.socket_path, 0o600)
        # Restart and reload keep the modes.
        tree.process.send_signal(signal.SIGHUP)
        time.sleep(1)
        tree.stop()
        tree.start()
        again = modes()
        result.check(again == first, "modes after restart: %s (were %s)" % (again, first))
        tree.stop()
        # Credential files others can read, symbolic links, other owners: refused at start.
        facts = []
        for name, prepare in (("mode 0644", lambda: os.chmod(secret_file, 0o644)),
                              ("mode 0640", lambda: os.chmod(secret_file, 0o640)),
                              ("mode 0604", lambda: os.chmod(secret_file, 0o604)),
                              ("owned by uid 65534", lambda: os.chown(secret_file, 65534, 65534)),
                              ("a symbolic link", lambda: (os.rename(secret_file, secret_file + ".real"),
                                                           os.symlink(secret_file + ".real", secret_file)))):
            prepare()
            p = tree.launch()
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                tree.kill()
                result.check(False, "credential %s: pacerd started" % name)
                continue
            lines = [l for l in tree.log().splitlines() if l.startswith("pacerd:")]
            message = lines[-1] if lines else ""
            result.check(p.returncode == 78, "credential %s: exit %s" % (name, p.returncode))
            result.check(("refused" in message or "symbolic link" in message) and secret_file in message,
                         "credential %s: %r" % (name, message))
            result.check(SECRET not in tree.log(), "credential %s: the secret is in pacerd's stderr" % name)
            check = tree.pacer("config", "check")
            facts.append("%s → %s (pacer config check: %d)" % (name, p.returncode, check.returncode))
            # Put it back as it was.
            if os.path.islink(secret_file):
                os.unlink(secret_file)
                os.rename(secret_file + ".real", secret_file)
            os.chown(secret_file, 0, 0)
            os.chmod(secret_file, 0o600)
        doctor = tree.pacer("doctor")
        everything = tree.log() + "\n".join(tree.outputs)
        result.check(SECRET not in everything, "the webhook secret appeared in a log or CLI output")
        result.check("querysecret42" not in tree.log(), "the URL's query string appeared in the log")
        result.fact("socket modes %s, kept across SIGHUP and restart; another uid refused and logged; "
                    "credentials refused when %s; the secret, echoed back by the receiver, absent from %d KiB of "
                    "pacerd log and %d CLI outputs" % (first, ", ".join(facts), len(tree.log()) // 1024, len(tree.outputs)))
    finally:
        if echo_server:
            echo_server.shutdown()
        tree.cleanup()


# ----------------------------------------------------------------------------------------------
# 7. Hostile content and slow peers: texts, programs and servers that once froze, cut, forged or
# outlived pacerd


# Each made a backtracking privacy pattern hold the engine's queue for 17 to 31 s.
HOSTILE_TEXTS = [
    ("a local part without a domain", "a" * 40000 + "@"),
    ("a house number and hyphenated capitals", "1 " + "A-" * 4000),
    ("8,000 digits", "7" * 8000),
    ("spaced digit pairs after a trunk zero", "0" + " 12" * 20000),
    ("at signs", "a@" * 50000),
    ("a German run without an ending", "Ab-" * 30000),
]

# A program that writes an escape sequence (set the terminal's title, then red) to stderr and fails.
ESCAPING_PROGRAM = r'''command = ["/bin/sh", "-c", "printf 'boom \\033]0;PWNED\\007\\033[31mred' >&2; exit 1"]'''


def wait_state(tree, post_id, states, deadline):
    """Waits until the post's first delivery is in one of `states`; returns the delivery."""
    seen = {}

    def reached():
        r = tree.pacer("show", str(post_id), "--json")
        if r.returncode != 0:
            return False
        seen["delivery"] = json.loads(r.stdout)["deliveries"][0]
        return seen["delivery"]["state"] in states
    wait_for("post %s to be %s" % (post_id, "/".join(states)), reached, deadline=deadline)
    return seen["delivery"]


def scenario_hostile_content(args, rng, result):
    tree = Tree(args.bin_dir, "host")
    try:
        tree.write_config(
            '[[channel]]\nname = "outbox"\nkind = "outbox"\ndefault = true\n\n'
            '[[channel]]\nname = "quiet"\nkind = "outbox"\nprivacy = "off"\n\n'
            '[[channel]]\nname = "script"\nkind = "command"\n' + ESCAPING_PROGRAM + '\n')
        tree.start()

        # 1. The privacy lint on the shapes that made it backtrack, while another client asks for
        # the status: every status is answered within 10 s (it waited 28 s before).
        stop = threading.Event()
        waits = []

        def ask_status():
            while not stop.is_set():
                started = time.time()
                try:
                    ok = bool(tree.request({"v": 1, "op": "status"}, timeout=60).get("ok"))
                except (OSError, ValueError):
                    ok = False
                waits.append((time.time() - started, ok))
                time.sleep(0.05)
        asker = threading.Thread(target=ask_status, daemon=True)
        asker.start()
        slowest_add = 0.0
        for name, text in HOSTILE_TEXTS:
            for channel in ("outbox", "quiet"):
                started = time.time()
                reply = tree.request({"v": 1, "op": "add", "params": {
                    "text": text, "channels": [channel], "dry_run": True, "allow_duplicate": True}}, timeout=120)
                slowest_add = max(slowest_add, time.time() - started)
                result.check(reply.get("ok") or reply.get("error", {}).get("code") in ("refused", "invalid_input"),
                             "add of %s on %s: %s" % (name, channel, str(reply)[:200]))
        stop.set()
        asker.join()
        slowest_status = max(w for w, _ in waits)
        result.check(all(ok for _, ok in waits), "a status request failed while hostile texts were checked")
        result.check(slowest_status < 10, "a status request waited %.1f s behind the privacy lint" % slowest_status)
        result.fact("privacy lint on %d hostile shapes (up to %d KiB): slowest dry-run add %.2f s, slowest of %d "
                    "concurrent status requests %.2f s" % (len(HOSTILE_TEXTS), max(len(t) for _, t in HOSTILE_TEXTS) // 1024,
                                                           slowest_add, len(waits), slowest_status))

        # 3. Control characters from every way in: refused with the field and position, nothing stored.
        before = state_of(tree)
        nul_file = tree.path("nul.md")
        with open(nul_file, "wb") as f:
            f.write(b"Line one\x00 and the rest\n")
        refusals = [
            ("socket", tree.request({"v": 1, "op": "add", "params": {"text": "Hello\u0000 secret tail"}})),
            ("--file", tree.pacer("add", "--file", nul_file)),
            ("stdin", tree.pacer("add", "-", stdin="Hello\u0000 secret tail")),
            ("argument", tree.pacer("add", "Escape \u001b[31m here")),
            ("--title", tree.pacer("add", "A fine text", "--title", "T\nChannel: forged\nPublished-At: 1999-01-01")),
            ("--tag", tree.pacer("add", "A fine text", "--tag", "a\rb")),
        ]
        for way, answer in refusals:
            if isinstance(answer, dict):
                message = answer.get("error", {}).get("message", "")
                result.check(answer.get("error", {}).get("code") == "invalid_input" and "U+0000 (NUL) at character 6" in message,
                             "a NUL over the socket: %s" % answer)
            else:
                result.check(answer.returncode == 65 and "control character U+" in answer.stderr,
                             "a control character by %s: exit %s, %s" % (way, answer.returncode, answer.stderr.strip()[:200]))
        result.check(state_of(tree) == before, "a refused control character changed the store")
        result.fact("control characters refused from %d ways in (%s), store unchanged" % (len(refusals), ", ".join(w for w, _ in refusals)))

        # 5. A program's answer with escape sequences: shown escaped, never acted on by a terminal.
        post = json.loads(tree.pacer("add", "Say it plainly", "--channel", "script", "--json").stdout)
        wait_state(tree, post["id"], ("failed",), deadline=60)
        leaks = []
        for command in (("history",), ("show", str(post["id"])), ("why", str(post["id"]))):
            # Wide enough that the table does not cut the error before the escaped sequence: how
            # wide "(1 s ago)" or "(now)" makes the first column must not decide the check.
            out = tree.pacer(*command, env={"COLUMNS": "200"})
            if "\x1b" in out.stdout or "\x07" in out.stdout or "\\u{1B}]0;PWNED" not in out.stdout:
                leaks.append("pacer %s: %r" % (" ".join(command), out.stdout[-300:]))
        result.check(not leaks, "control characters from a program reached the terminal: %s" % "; ".join(leaks))
        result.fact("a program's ESC]0;PWNED BEL ESC[31m shown as \\u{1B}]0;PWNED\\u{7}… by history, show and why")
        result.check(tree.alive(), "pacerd died")
        result.check(tree.stop() == 0, "pacerd did not stop with 0")

        # 7. Rules that can never be met: config check says so, pacerd plans at once and says
        # why, and SIGTERM is answered (a re-plan once took 6 s, or kept pacerd at 100 % CPU).
        never = []
        for slots, blackout in ((None, "*-*-* *:*"), ("*-*-* *:*:0/0.000001", "*-*-*"),
                                ("*-*-* *:*:0/0.000001", "*-*-* 00..23:*")):
            config = '[[channel]]\nname = "outbox"\nkind = "outbox"\ndefault = true\n'
            config += ('slots = ["%s"]\n' % slots if slots else "") + 'blackout = ["%s"]\n' % blackout
            tree.write_config(config)
            checked = tree.pacer("config", "check", tree.config_path)
            result.check(checked.returncode == 65 and "no instant in the next year" in checked.stderr,
                         "config check of slots %s, blackout %s: exit %s, %s" % (slots, blackout, checked.returncode, checked.stderr.strip()[:200]))
            tree.start()
            started = time.time()
            added = tree.pacer("add", "Never %s" % words(rng), "--json", timeout=60)
            answered = time.time() - started
            reasons = json.loads(added.stdout)["deliveries"][0]["reasons"] if added.returncode == 0 else []
            result.check(any("no instant in the next year" in r["detail"] for r in reasons),
                         "no 'never' reason for slots %s, blackout %s: %s %s" % (slots, blackout, reasons, added.stderr[:200]))
            started = time.time()
            status = tree.stop()
            stopped = time.time() - started
            result.check(answered < 10 and status == 0 and stopped < 10,
                         "slots %s, blackout %s: add answered in %.1f s, SIGTERM in %.1f s (exit %s)" % (slots, blackout, answered, stopped, status))
            never.append("%.2f s / %.2f s" % (answered, stopped))
        result.fact("3 configurations that can never be met: refused by config check, add answered and SIGTERM obeyed in %s"
                    % ", ".join(never))
    finally:
        tree.cleanup()


class DribblingReceiver:
    """A webhook receiver that answers 200 at once, then its body one byte a second for two minutes."""

    def __init__(self):
        import http.server
        receiver = self
        self.requests = 0

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.requests += 1
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "120")
                self.end_headers()
                try:
                    for _ in range(120):
                        self.wfile.write(b" ")
                        self.wfile.flush()
                        time.sleep(1)
                except OSError:
                    pass

            def log_message(self, *a):
                pass
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.port = self.server.server_address[1]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def process_lines(marker):
    """The command lines of live processes that contain `marker`."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                line = f.read().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if marker in line:
            found.append(line.strip())
    return found


def scenario_slow_peers(args, rng, result):
    tree = Tree(args.bin_dir, "slow")
    receiver = DribblingReceiver()
    idle = []
    try:
        marker = "%d.%03d" % (1000 + rng.randrange(1000), rng.randrange(1000))
        tree.write_config(
            '[[channel]]\nname = "outbox"\nkind = "outbox"\ndefault = true\n\n'
            '[[channel]]\nname = "hook"\nkind = "webhook"\nurl = "http://127.0.0.1:%d/h"\ntimeout = "3s"\n\n'
            '[[channel]]\nname = "script"\nkind = "command"\ntimeout = "3s"\n'
            'command = ["/bin/sh", "-c", "sleep %s & setsid sleep %s & echo https://example.invalid/posted; exit 0"]\n'
            % (receiver.port, marker, marker))
        tree.start()

        # 2. A reply body that never ends: the call ends at the channel's timeout, and a later post
        # on another channel goes out meanwhile.
        hook = json.loads(tree.pacer("add", "Slow body %s" % words(rng), "--channel", "hook", "--json").stdout)
        wait_for("the webhook to be called", lambda: receiver.requests > 0, deadline=60)
        called = time.time()
        after = json.loads(tree.pacer("add", "After the slow one %s" % words(rng), "--channel", "outbox", "--json").stdout)
        delivery = wait_state(tree, hook["id"], ("published", "queued", "unknown", "failed"), deadline=60)
        ended = time.time() - called
        published_after = wait_state(tree, after["id"], ("published",), deadline=60)
        result.check(ended < 30, "a webhook whose body dribbled stayed claimed %.0f s with timeout 3s" % ended)
        result.fact("a 200 whose body dribbled 1 byte/s: the call ended after %.1f s (timeout 3s) as %s; the next post was %s"
                    % (ended, delivery["state"], published_after["state"]))

        # 6. A program that exits at once but leaves children behind, one of them in its own session:
        # published with its URL, and none of its children outlives the call.
        script = json.loads(tree.pacer("add", "Run and leave %s" % words(rng), "--channel", "script", "--json").stdout)
        delivery = wait_state(tree, script["id"], ("published", "unknown", "failed"), deadline=60)
        result.check(delivery["state"] == "published" and delivery.get("url") == "https://example.invalid/posted",
                     "a program that exited 0 at once: %s, url %s" % (delivery["state"], delivery.get("url")))
        try:
            wait_for("the program's children to be gone", lambda: not process_lines("sleep " + marker), deadline=30)
        except TimeoutError:
            result.check(False, "children of a command outlived it: %s" % process_lines("sleep " + marker))
        result.fact("a program that forked sleep and setsid sleep and exited 0: %s with its URL, no child left"
                    % delivery["state"])

        # 2 again: SIGTERM while a body dribbles is answered within the timeout and a margin.
        receiver.requests = 0
        tree.pacer("add", "Slow body again %s" % words(rng), "--channel", "hook")
        wait_for("the webhook to be called again", lambda: receiver.requests > 0, deadline=60)
        started = time.time()
        status = tree.stop()
        stopped = time.time() - started
        result.check(status == 0 and stopped < 20, "SIGTERM during a dribbling body: exit %s after %.1f s" % (status, stopped))
        result.fact("SIGTERM during a dribbling body: exit %s after %.1f s" % (status, stopped))

        # 8. Two thousand idle connections: one more gets `busy` and pacer exits 75; one warning.
        tree.start()
        log_before = len(tree.log())
        idle = open_idle_connections(tree, 2000)
        answer = tree.pacer("status")
        result.check(answer.returncode == 75 and "try again" in answer.stderr,
                     "pacer status with 2000 idle connections: exit %s, %s" % (answer.returncode, answer.stderr.strip()[:200]))
        warnings = tree.log()[log_before:].count("as busy")
        result.check(warnings <= 2, "%d busy warnings in the log for one flood" % warnings)
        for s in idle:
            s.close()
        idle = []
        wait_for("pacer status to answer again", lambda: tree.pacer("status").returncode == 0, deadline=60)
        first_line = answer.stderr.strip().splitlines()[0][:80] if answer.stderr.strip() else "-"
        result.fact("2000 idle connections: pacer status exit %s (%s), %d warning(s) in the log, served again after"
                    % (answer.returncode, first_line, warnings))
        result.check(tree.alive(), "pacerd died")
        result.check(tree.stop() == 0, "pacerd did not stop with 0")
    finally:
        for s in idle:
            s.close()
        receiver.close()
        tree.cleanup()


EXTRA_SCENARIOS = [
    ("clocks", scenario_clocks),
    ("dst", scenario_dst),
    ("full-disk", scenario_full_disk),
    ("bad-store", scenario_bad_store),
    ("bad-config", scenario_bad_config),
    ("other-users", scenario_other_users),
    ("hostile-content", scenario_hostile_content),
    ("slow-peers", scenario_slow_peers),
]

if __name__ == "__main__":
    main()
