"""People for the tests that need a particular role in a particular organisation."""

from __future__ import annotations

from samson.accounts.models import Membership, Organisation, User


def member(email: str, organisation: Organisation, role: str) -> User:
    """A new user `email` (password "x") with `role` in `organisation`."""
    user = User.objects.create_user(username=email, email=email, password="x")
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user
