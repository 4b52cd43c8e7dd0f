"""Reads of API keys."""

import hashlib

from django.db.models import QuerySet

from samson.accounts.models import User

from .models import ApiToken

KEY_PREFIX = "samson_"


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def tokens_for_user(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True)


def token_by_key(key: str) -> ApiToken | None:
    """The live key with this secret, or None (unknown, revoked or its user inactive)."""
    if not key.startswith(KEY_PREFIX):
        return None
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
