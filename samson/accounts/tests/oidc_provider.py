"""A small but real OpenID Connect provider for the tests, served on 127.0.0.1 in a thread.

It serves discovery, JWKS, authorize, token and userinfo like ID-porten does: authorisation-code
flow only, PKCE with S256 required (the token endpoint checks the code_verifier), ID tokens
signed with RS256, and the national identity number in the `pid` claim of both the ID token
and userinfo. The "person" who logs in, and the `acr` of their log-in, are set by the test.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

Environ = dict[str, Any]
StartResponse = Callable[..., Any]


@dataclass
class Grant:
    claims: dict[str, Any]
    redirect_uri: str
    code_challenge: str
    nonce: str | None


@dataclass
class OIDCTestProvider:
    client_id: str = "samson-test"
    client_secret: str = "test-secret-not-real"
    # The person logging in: the claims of their ID token and userinfo.
    person: dict[str, Any] = field(default_factory=dict)
    # The acr issued; None issues the level the client asked for in acr_values.
    acr: str | None = None
    issuer: str = ""
    # For attacks: a userinfo `sub` other than the ID token's, a discovery document naming
    # another issuer.
    userinfo_sub: str | None = None
    discovery_issuer: str | None = None
    # What the provider saw, for the tests to assert on.
    authorize_requests: list[dict[str, str]] = field(default_factory=list)
    verified_code_verifiers: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    _grants: dict[str, Grant] = field(default_factory=dict)
    _access: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(8)

    # -- WSGI --------------------------------------------------------------------------------

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        path = environ["PATH_INFO"]
        routes = {
            "/.well-known/openid-configuration": self.discovery,
            "/jwks": self.jwks,
            "/authorize": self.authorize,
            "/token": self.token,
            "/userinfo": self.userinfo,
        }
        handler = routes.get(path)
        if handler is None:
            return self._json(start_response, {"error": "not_found"}, "404 Not Found")
        return handler(environ, start_response)

    @staticmethod
    def _json(
        start_response: StartResponse, body: dict[str, Any], status: str = "200 OK"
    ) -> Iterable[bytes]:
        data = json.dumps(body).encode()
        start_response(
            status, [("Content-Type", "application/json"), ("Cache-Control", "no-store")]
        )
        return [data]

    def _error(self, start_response: StartResponse, message: str) -> Iterable[bytes]:
        self.errors.append(message)
        return self._json(
            start_response,
            {"error": "invalid_request", "error_description": message},
            "400 Bad Request",
        )

    def discovery(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        return self._json(
            start_response,
            {
                "issuer": self.discovery_issuer or self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "userinfo_endpoint": f"{self.issuer}/userinfo",
                "jwks_uri": f"{self.issuer}/jwks",
                "response_types_supported": ["code"],
                "grant_types_supported": ["authorization_code"],
                "subject_types_supported": ["pairwise"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": [
                    "client_secret_post",
                    "client_secret_basic",
                ],
                "acr_values_supported": ["idporten-loa-substantial", "idporten-loa-high"],
                "scopes_supported": ["openid", "profile", "email"],
            },
        )

    def jwks(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        public = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        public.update({"kid": self.kid, "use": "sig", "alg": "RS256"})
        return self._json(start_response, {"keys": [public]})

    def authorize(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        self.authorize_requests.append(query)
        if query.get("response_type") != "code":
            return self._error(start_response, "response_type must be code")
        if query.get("client_id") != self.client_id:
            return self._error(start_response, "unknown client_id")
        if "openid" not in query.get("scope", "").split():
            return self._error(start_response, "scope must include openid")
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            return self._error(start_response, "PKCE with S256 is required")
        if not query.get("state") or not query.get("redirect_uri"):
            return self._error(start_response, "state and redirect_uri are required")
        acr = self.acr or query.get("acr_values", "idporten-loa-substantial").split()[0]
        code = secrets.token_urlsafe(24)
        self._grants[code] = Grant(
            claims={**self.person, "acr": acr, "amr": ["TestID"]},
            redirect_uri=query["redirect_uri"],
            code_challenge=query["code_challenge"],
            nonce=query.get("nonce"),
        )
        target = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
        start_response("302 Found", [("Location", target)])
        return [b""]

    def _client_authenticated(self, environ: Environ, form: dict[str, str]) -> bool:
        header = environ.get("HTTP_AUTHORIZATION", "")
        if header.startswith("Basic "):
            client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
        else:
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        return client_id == self.client_id and secret == self.client_secret

    def token(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if environ["REQUEST_METHOD"] != "POST":
            return self._error(start_response, "token requests are POST")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length).decode()
        form = {k: v[0] for k, v in parse_qs(body).items()}
        if not self._client_authenticated(environ, form):
            return self._error(start_response, "client authentication failed")
        grant = self._grants.pop(form.get("code", ""), None)
        if form.get("grant_type") != "authorization_code" or grant is None:
            return self._error(start_response, "unknown or used code")
        if form.get("redirect_uri") != grant.redirect_uri:
            return self._error(start_response, "redirect_uri differs from the authorize request")
        verifier = form.get("code_verifier", "")
        digest = hashlib.sha256(verifier.encode("ascii")).digest()
        challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        if not verifier or challenge != grant.code_challenge:
            return self._error(start_response, "PKCE code_verifier does not match code_challenge")
        self.verified_code_verifiers.append(verifier)
        now = int(time.time())
        id_claims = {
            **grant.claims,
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 120,
            "auth_time": now,
        }
        if grant.nonce:
            id_claims["nonce"] = grant.nonce
        id_token = jwt.encode(id_claims, self.key, algorithm="RS256", headers={"kid": self.kid})
        access_token = secrets.token_urlsafe(32)
        self._access[access_token] = grant.claims
        return self._json(
            start_response,
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": 120,
                "id_token": id_token,
                "scope": "openid profile",
            },
        )

    def userinfo(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        header = environ.get("HTTP_AUTHORIZATION", "")
        claims = self._access.get(header.removeprefix("Bearer "))
        if claims is None:
            return self._json(start_response, {"error": "invalid_token"}, "401 Unauthorized")
        # Like ID-porten: userinfo has the subject and the national identity number.
        keys = {"sub", "pid", "email", "email_verified", "name"}
        answer = {k: v for k, v in claims.items() if k in keys}
        if self.userinfo_sub is not None:
            answer["sub"] = self.userinfo_sub
        return self._json(start_response, answer)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _ThreadedServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def serve(provider: OIDCTestProvider) -> tuple[WSGIServer, threading.Thread]:
    """Start `provider` on a free port of 127.0.0.1 and set its issuer to that address."""
    server = make_server(
        "127.0.0.1", 0, provider, server_class=_ThreadedServer, handler_class=_QuietHandler
    )
    provider.issuer = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread
