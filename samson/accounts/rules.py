"""Predicates about a person that every app's permission rules build on.

The rules of each area (`projects.rules`, `barometer.rules`) combine these with their own
predicates; only this module decides who is an administrator.
"""

from django.contrib.auth.models import AnonymousUser

from .models import User

AnyUser = User | AnonymousUser


def is_admin(user: AnyUser) -> bool:
    """An active superuser: sees and may change everything."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)
