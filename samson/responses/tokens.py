"""Private resume tokens: shown once in the respondent's link, stored only as a hash."""

import hashlib
import secrets


def token_new() -> str:
    """An unguessable URL-safe token (192 bits)."""
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
