"""Private resume tokens: shown once in the respondent's link, stored only as a hash."""

import base64
import hashlib
import secrets

from django.utils.crypto import salted_hmac


def token_new() -> str:
    """An unguessable URL-safe token (192 bits)."""
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_for_start(start_key: str, round_id: int, party_id: int) -> str:
    """The token of the response a participant's start form makes.

    Derived with the site's secret from the form's one-time key, the round and the chosen
    party: sending the same form again (a double click, a retry after a lost reply) reaches the
    same response instead of making a second, empty one, and nobody can choose a token."""
    mac = salted_hmac(
        "samson.responses.start", f"{start_key}:{round_id}:{party_id}", algorithm="sha256"
    )
    return base64.urlsafe_b64encode(mac.digest()[:24]).decode()  # 32 characters, as token_new()
