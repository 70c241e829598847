"""Verifies webhook requests with the standardwebhooks library, as a receiver would.

stdin:  {"checks": [{"secret": "whsec_...", "headers": {"name": "value", ...}, "body": "<body text>"}, ...]}
stdout: {"results": [null or "<why Webhook(secret).verify(body, headers) refused it>", ...]}

verify() refuses a missing header, a signature that matches neither body, id nor timestamp under
the secret, and a timestamp more than five minutes from now (a replay).
"""
import json
import sys

from standardwebhooks import Webhook

request = json.load(sys.stdin)
results = []
for check in request["checks"]:
    try:
        Webhook(check["secret"]).verify(check["body"].encode("utf-8"), check["headers"])
        results.append(None)
    except Exception as error:
        results.append("%s: %s" % (type(error).__name__, error))
json.dump({"results": results}, sys.stdout)
