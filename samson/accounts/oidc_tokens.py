"""ID tokens: verified against the provider's keys, and kept sealed in the session for log-out.

allauth's openid_connect provider skips the signature of an ID token that came from the token
endpoint (OpenID Connect Core 3.1.3.7 allows that over TLS), and its key look-up takes the
algorithm from the token's own header. SAMSON verifies every ID token here instead, with the
algorithm fixed by the provider's key and limited to the asymmetric algorithms the provider
announces, so that neither an unsigned ("none") nor an HMAC-signed token made with the public
key can pass.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

import jwt
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

# Signature algorithms an ID token may use: asymmetric only. An HMAC ("HS256") token would be
# keyed with the client secret, and "none" is no signature at all.
ASYMMETRIC_ALGORITHMS = frozenset(
    {
        "RS256",
        "RS384",
        "RS512",
        "PS256",
        "PS384",
        "PS512",
        "ES256",
        "ES384",
        "ES512",
        "EdDSA",
        "Ed25519",
    }
)
# Seconds of clock difference allowed between SAMSON and the provider for exp, iat and nbf.
LEEWAY = 60


class IDTokenError(ValueError):
    """The ID token is not one the provider issued to this client, unchanged and in time."""


def _key(jwks: Mapping[str, Any], kid: object, alg: str) -> Any:
    """The provider's signing key with this `kid` that fits `alg` (any key, if no kid)."""
    keys = jwks.get("keys")
    if not isinstance(keys, list):
        raise IDTokenError("the provider's JWKS has no keys")
    for data in keys:
        if not isinstance(data, dict) or data.get("use", "sig") != "sig":
            continue
        if kid is not None and data.get("kid") != kid:
            continue
        if data.get("alg", alg) != alg:
            continue
        try:
            return jwt.PyJWK(data, algorithm=alg).key
        except jwt.PyJWTError:
            continue  # a key of another type (RSA for an EC token, say): not this one
    raise IDTokenError(f"no key of the provider fits kid {kid!r} and alg {alg!r}")


def verify_id_token(
    token: str,
    *,
    jwks: Mapping[str, Any],
    issuer: str,
    client_id: str,
    algorithms: Iterable[str] | None,
) -> dict[str, Any]:
    """The claims of `token` once its signature, iss, aud, azp, exp and iat are checked.

    `jwks` is the provider's key set (from the discovery document's jwks_uri), `algorithms`
    its id_token_signing_alg_values_supported (None: RS256, the default of OpenID Connect
    Discovery 1.0). Raises IDTokenError for any token that fails (OpenID Connect Core 3.1.3.7).
    """
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise IDTokenError("the ID token is not a JWT") from error
    alg = header.get("alg")
    permitted = ASYMMETRIC_ALGORITHMS & set(algorithms or ["RS256"])
    if not isinstance(alg, str) or alg not in permitted:
        raise IDTokenError(f"the ID token's algorithm {alg!r} is not accepted")
    key = _key(jwks, header.get("kid"), alg)
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key=key,
            algorithms=[alg],
            audience=client_id,
            issuer=issuer,
            leeway=LEEWAY,
            options={"require": ["iss", "sub", "aud", "exp", "iat"]},
        )
    except jwt.PyJWTError as error:
        raise IDTokenError(f"the ID token is not valid: {error}") from error
    audience = claims["aud"]
    # With several audiences, the token must say it was issued to us (Core 3.1.3.7, 4 and 5).
    if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != client_id:
        raise IDTokenError("the ID token has several audiences and another azp")
    if "azp" in claims and claims["azp"] != client_id:
        raise IDTokenError("the ID token's azp is another client")
    return claims


def _fernet() -> Fernet:
    # A key of its own, derived from SECRET_KEY, so that the sealed token is useless to anyone
    # who has a copy of the database (or of a backup) but not the site's secret.
    digest = hashlib.sha256(b"samson.accounts.oidc_tokens:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(id_token: str) -> str:
    """`id_token` encrypted for the session: an ID-porten ID token holds the national identity
    number (`pid`), which SAMSON never stores readably."""
    return _fernet().encrypt(id_token.encode()).decode()


def unseal(sealed: str) -> str | None:
    """The ID token sealed by seal(), or None if it cannot be opened (say, a new SECRET_KEY)."""
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except (InvalidToken, ValueError):
        return None
