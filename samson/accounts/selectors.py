"""Reads of invitations."""

import hashlib

from django.utils import timezone

from .models import Invitation


def invitation_token_hash(token: str) -> str:
    """Invitation tokens are stored only as this SHA-256 hash."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invitation_by_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation", "project", "invited_by")
        .filter(token_hash=invitation_token_hash(token))
        .first()
    )


def invitation_problem(invitation: Invitation) -> str | None:
    """Why the invitation cannot be used ("used" or "expired"), or None if it can."""
    if invitation.accepted_at is not None:
        return "used"
    if invitation.expires_at <= timezone.now():
        return "expired"
    return None
