"""Personal links of invitees, and the key that ties a finished answer back to its invitee's
status without the database holding any link between the two.

    link token   = HMAC(site secret, invitee's random salt)   in the e-mail, never stored
    answer token = HMAC(site secret, link token)             the response's own private link
    answer key   = SHA-256(prefix, answer token)             stored on the invitee

The database stores the link token's SHA-256 (to look a link up), the response stores its own
token's SHA-256, and the invitee the answer key: three hashes of unstored values that cannot be
matched with each other. Only the site's secret together with an invitee's salt leads to the
answer, and the salt is deleted with the contact list (docs/fieldwork.md).
"""

import base64
import hashlib
import secrets

from django.utils.crypto import salted_hmac


def _urlsafe(digest: bytes) -> str:
    return base64.urlsafe_b64encode(digest[:24]).decode()  # 32 characters


def salt_new() -> str:
    return secrets.token_hex(16)


def link_token(salt: str) -> str:
    """The token of an invitee's personal link."""
    return _urlsafe(salted_hmac("samson.fieldwork.link", salt, algorithm="sha256").digest())


def answer_token(link: str) -> str:
    """The private token of the response an invitee's link starts and resumes."""
    return _urlsafe(salted_hmac("samson.fieldwork.answer", link, algorithm="sha256").digest())


def answer_key(answer: str) -> str:
    """What the invitee keeps to learn that its answer was finished (receivers.py)."""
    return hashlib.sha256(f"samson.fieldwork.finished:{answer}".encode()).hexdigest()


def link_possible(token: str) -> bool:
    """Whether a URL part can be a link token at all (nothing else reaches the database)."""
    return len(token) == 32 and all(c.isalnum() or c in "-_" for c in token) and token.isascii()
