"""Writes of API keys."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from samson.accounts.models import User

from .models import ApiToken
from .selectors import KEY_PREFIX, token_hash

# How stale `last_used_at` may get before a request writes it again.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@transaction.atomic
def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Make a key for `user`; returns it with the secret, which is not stored anywhere."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=key[: len(KEY_PREFIX) + 4], key_hash=token_hash(key)
    )
    return token, key


@transaction.atomic
def token_revoke(*, token: ApiToken) -> None:
    """Revoke the key for good; requests with it are refused from now on."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def token_used(*, token: ApiToken) -> None:
    """Note that the key was used, at most once a minute so reads do not all become writes."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
