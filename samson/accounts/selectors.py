"""Reads of invitations and accounts."""

import hashlib

from django.utils import timezone

from .models import Invitation, User


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


def user_by_email(email: str) -> User | None:
    """The one active account with this e-mail address, or None if there is none or several."""
    found = list(User.objects.filter(email__iexact=email.strip(), is_active=True)[:2])
    return found[0] if len(found) == 1 else None
