"""ID-token verification (oidc_tokens.verify_id_token) against the forgeries an attacker on an
unprotected connection, or another client of the same provider, could try."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import RSAAlgorithm

from samson.accounts.oidc_tokens import IDTokenError, seal, unseal, verify_id_token

ISSUER = "https://idporten.example"
CLIENT = "samson"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
JWK = {**json.loads(RSAAlgorithm.to_jwk(KEY.public_key())), "kid": "k1", "use": "sig"}
JWKS = {"keys": [JWK]}


def _claims(**changes: Any) -> dict[str, Any]:
    # Tokens are made when the module is collected; a day outlasts any run of the suite.
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": CLIENT, "sub": "s-1", "iat": now, "exp": now + 86_400}
    claims.update(changes)
    return {key: value for key, value in claims.items() if value is not None}


def _token(claims: dict[str, Any] | None = None, key: Any = KEY, **header: Any) -> str:
    headers = {key: value for key, value in {"kid": "k1", **header}.items() if value is not None}
    algorithm = headers.pop("alg", "RS256")
    return jwt.encode(claims or _claims(), key, algorithm=algorithm, headers=headers)


def _verify(token: str, algorithms: list[str] | None = None) -> dict[str, Any]:
    return verify_id_token(token, jwks=JWKS, issuer=ISSUER, client_id=CLIENT, algorithms=algorithms)


def test_a_token_signed_by_the_provider_for_us_passes() -> None:
    assert _verify(_token())["sub"] == "s-1"
    assert _verify(_token(_claims(aud=[CLIENT, "api"], azp=CLIENT)))["sub"] == "s-1"


def test_a_token_without_kid_is_checked_against_the_keys() -> None:
    assert _verify(_token(kid=None))["sub"] == "s-1"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _hmac_with_public_key() -> str:
    """The classic algorithm confusion: HS256 keyed with the provider's public key (by hand,
    as PyJWT refuses to make one)."""
    signing_input = _b64(b'{"alg":"HS256","kid":"k1"}') + "." + _b64(json.dumps(_claims()).encode())
    signature = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


public_pem = KEY.public_key().public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
)


@pytest.mark.parametrize(
    ("token", "message"),
    [
        (jwt.encode(_claims(), "", algorithm="none"), "algorithm 'none' is not accepted"),
        # The classic confusion: HMAC keyed with the provider's public key.
        (_hmac_with_public_key(), "algorithm 'HS256' is not accepted"),
        (
            _token(key=rsa.generate_private_key(public_exponent=65537, key_size=2048)),
            "Signature verification failed",
        ),
        (_token(kid="other"), "no key of the provider fits kid 'other'"),
        (
            _token(key=ec.generate_private_key(ec.SECP256R1()), alg="ES256"),
            "no key of the provider fits kid 'k1' and alg 'ES256'",
        ),
        (_token(_claims(iss="https://evil.example")), "Invalid issuer"),
        (_token(_claims(aud="another-client")), "Audience doesn't match"),
        (_token(_claims(exp=int(time.time()) - 120)), "Signature has expired"),
        (_token(_claims(exp=None)), 'Token is missing the "exp" claim'),
        (_token(_claims(sub=None)), 'Token is missing the "sub" claim'),
        (_token(_claims(aud=[CLIENT, "api"])), "several audiences and another azp"),
        (_token(_claims(azp="another-client")), "azp is another client"),
        ("not.a.jwt", "not a JWT"),
    ],
    ids=[
        "none",
        "hs256-public-key",
        "other-key",
        "unknown-kid",
        "ec-for-rsa-key",
        "issuer",
        "audience",
        "expired",
        "no-exp",
        "no-sub",
        "aud-without-azp",
        "azp",
        "garbage",
    ],
)
def test_forged_or_misdirected_tokens_fail(token: str, message: str) -> None:
    with pytest.raises(IDTokenError, match=message):
        _verify(token, algorithms=["RS256", "ES256"])


def test_only_the_algorithms_the_provider_announces_are_accepted() -> None:
    with pytest.raises(IDTokenError, match="algorithm 'RS256' is not accepted"):
        _verify(_token(), algorithms=["ES256"])
    with pytest.raises(IDTokenError, match="algorithm 'HS256' is not accepted"):
        _verify(_token(key="s" * 32, alg="HS256"), algorithms=["HS256", "RS256"])


def test_sealed_token_opens_only_unchanged(settings: Any) -> None:
    sealed = seal("header.payload.signature")
    assert "payload" not in sealed
    assert unseal(sealed) == "header.payload.signature"
    assert unseal(sealed[:-6] + "AAAAAA") is None
    settings.SECRET_KEY = "another-secret-key-" * 3
    assert unseal(sealed) is None
