"""Validates an OAuth 2.0 refresh-token request as an authorization server does, with oauthlib's
own RefreshTokenGrant (RFC 6749 section 6): the form body, the grant type, the client's
authentication (HTTP Basic for a confidential client, client_id in the body for a public one).

stdin:  {"uri", "method", "headers": {name: value}, "body", "client_id", "client_secret" (or null),
         "refresh_token"}: the request Pacer sent and what the server issued.
stdout: {"valid": bool, "error": "..." or null, "grant_type", "refresh_token", "client_id"}
"""
import base64
import json
import sys
from urllib.parse import unquote_plus

from oauthlib.common import Request
from oauthlib.oauth2 import RequestValidator
from oauthlib.oauth2.rfc6749 import errors
from oauthlib.oauth2.rfc6749.grant_types import RefreshTokenGrant


class Client:
    def __init__(self, client_id):
        self.client_id = client_id


class Validator(RequestValidator):
    def __init__(self, issued):
        self.issued = issued

    def client_authentication_required(self, request, *args, **kwargs):
        return self.issued.get("client_secret") is not None

    def authenticate_client(self, request, *args, **kwargs):
        header = request.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return False
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        user, password = unquote_plus(user), unquote_plus(password)
        if (user, password) != (self.issued["client_id"], self.issued.get("client_secret")):
            return False
        request.client = Client(user)
        request.client_id = user
        return True

    def authenticate_client_id(self, client_id, request, *args, **kwargs):
        if client_id != self.issued["client_id"]:
            return False
        request.client = Client(client_id)
        return True

    def validate_grant_type(self, client_id, grant_type, client, request, *args, **kwargs):
        return grant_type == "refresh_token"

    def validate_refresh_token(self, refresh_token, client, request, *args, **kwargs):
        return refresh_token == self.issued["refresh_token"]

    def get_original_scopes(self, refresh_token, request, *args, **kwargs):
        return ["tweet.read", "tweet.write", "users.read", "offline.access"]


def main():
    given = json.load(sys.stdin)
    request = Request(given["uri"], http_method=given["method"], body=given["body"], headers=given["headers"])
    answer = {"valid": True, "error": None}
    try:
        RefreshTokenGrant(Validator(given)).validate_token_request(request)
    except errors.OAuth2Error as error:
        answer = {"valid": False, "error": f"{error.error}: {error.description}"}
    answer.update(grant_type=request.grant_type, refresh_token=request.refresh_token, client_id=request.client_id)
    json.dump(answer, sys.stdout)


main()
